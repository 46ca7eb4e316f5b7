-- The benchmarks measure the same work on every side: at a thousandth of
-- their size, each workload's ocamlrt result digest (bench/bench.lua) must
-- equal native OCaml's (bench/bench.ml), and the plain-Lua floor must run.
-- No timing is looked at.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")

local dir = "build/bench-spec"
local interpreters = { lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" }
local env = "BENCH_SCALE=0.001 BENCH_RUNS=1 "

local run = helper.run

local workloads = {
  "marshal_out_ints", "marshal_in_ints", "marshal_out_records", "marshal_in_records", "marshal_out_string",
  "marshal_in_string", "hash_tuples", "compare_lists", "sprintf_int", "sprintf_float", "read_lines",
  "write_strings", "lex", "hashtbl_add", "hashtbl_find", "map_add",
}

-- Where a side cannot do the same work, and why.
local differs = {
  -- One number type: the records' integral scores (0., 1., ...) are ints.
  marshal_out_records = not math.type,
}

describe("bench workloads", function()
  setup(function()
    local out, ok = run("mkdir -p " .. dir .. "/data && cp bench/bench.ml bench/bench_lexer.mll " .. dir
      .. " && cd " .. dir .. " && ocamllex -q bench_lexer.mll"
      .. " && ocamlfind ocamlopt bench_lexer.ml bench.ml -o bench.exe && " .. env .. "./bench.exe prepare data")
    assert(ok, out)
  end)

  local lua = string.format("%sLUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/%s/?.so;;' %s bench/bench.lua",
    env, ocamlrt.interpreter, interpreters[ocamlrt.interpreter])

  for _, w in ipairs(workloads) do
    it(w .. ": ocamlrt does native OCaml's work, and the floor runs", function()
      local native = run(env .. dir .. "/bench.exe run " .. w .. " " .. dir .. "/data")
      local expected = native:match("^ok (%S+)")
      assert(expected, native)
      local got = run(lua .. " " .. w .. " " .. dir .. "/data ocamlrt")
      if got:match("^not yet") then pending("the ocamlrt functions " .. w .. " uses are not in this build yet") end
      local check = got:match("^ok (%S+)")
      assert(check, got)
      if not differs[w] then assert.are.equal(expected, check) end
      local floor = run(lua .. " " .. w .. " " .. dir .. "/data floor")
      assert.truthy(floor:match("^ok %- ") or floor:match("^n/a"), floor)
    end)
  end
end)

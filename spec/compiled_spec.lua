-- ocamlrt.compiled: a program laid out as lua_of_ocaml lays out its output
-- (global runtime fragments pasted before the code that calls them) runs on
-- ocamlrt's primitives, and keeps the fragments ocamlrt does not replace.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local compiled = ocamlrt.compiled

local program = [[
local _OCAML_GLOBALS = {}
function caml_register_global(n, v, name)
  _OCAML_GLOBALS[n + 1] = v
  if name then _OCAML_GLOBALS[name] = v end
  return v
end
caml_fragment_state = { calls = 0 }
function caml_string_compare(a, b) return "fragment" end
function caml_create_bytes(n) return "fragment" end
function caml_prog_succ(x) caml_fragment_state.calls = caml_fragment_state.calls + 1; return x + 1 end
function __caml_init__()
  local Failure = { 248, "Failure", -3 }
  caml_register_global(2, Failure, "Failure")
  out = { caml_string_compare("b", "a"), caml_prog_succ(1), caml_prog_succ(2) }
  bytes_length = #caml_create_bytes(3)
  local ok, e = pcall(caml_failwith, "boom")
  failure = { ok, e[2] == Failure, e[3] }
end
__caml_init__()
]]

describe("ocamlrt.compiled", function()
  it("runs a program's calls on ocamlrt's primitives, not the pasted fragments", function()
    local run, env = compiled.load(program, "=prog")
    assert.is_function(run)
    run()
    assert.are.same({ 1, 2, 3 }, env.out)
    assert.are.equal(3, env.bytes_length)
    assert.are.equal(2, env.caml_fragment_state.calls)
    assert.are.same({ false, true, "boom" }, env.failure)
  end)

  it("keeps the program's globals out of _G and ocamlrt's primitives unchanged", function()
    local run = compiled.load(program, "=prog")
    run()
    assert.is_nil(rawget(_G, "__caml_init__"))
    assert.is_nil(rawget(_G, "caml_prog_succ"))
    assert.are.equal(-1, ocamlrt.primitives.caml_string_compare("a", "b"))
  end)

  it("falls back to the given base for other globals", function()
    local run, env = compiled.load("seen = marker", "=prog", { marker = "from base" })
    run()
    assert.are.equal("from base", env.seen)
  end)

  it("lists the caml_* names the program's code uses that ocamlrt does not provide", function()
    -- caml_fragment_state is used by a fragment only, never by __caml_init__.
    assert.are.same({ "caml_prog_succ" }, compiled.missing(program))
    assert.are.same({ "caml_x" }, compiled.missing("caml_x(caml_compare(1, 2))"))
  end)

  it("defines the inf and nan the compiler writes for infinity and nan", function()
    local run, env = compiled.load("big, missing = inf, nan", "=prog")
    run()
    assert.are.equal(math.huge, env.big)
    assert.are_not.equal(env.missing, env.missing)
  end)

  it("loads files and reports load errors as load does", function()
    local dir = helper.tmpdir()
    local path = dir .. "/prog.lua"
    local f = assert(io.open(path, "w"))
    f:write("answer = caml_string_compare('x', 'x')")
    f:close()
    local run, env = compiled.loadfile(path)
    run()
    assert.are.equal(0, env.answer)
    local none, err = compiled.loadfile(dir .. "/missing.lua")
    assert.is_nil(none)
    assert.truthy(err:find("missing.lua", 1, true))
    local bad, msg = compiled.load("function (", "=bad")
    assert.is_nil(bad)
    assert.is_string(msg)
    helper.rmtree(dir)
  end)
end)

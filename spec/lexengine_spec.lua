-- The ocamllex automaton written in Lua for LuaJIT (lua/ocamlrt/lexengine.lua)
-- against the native one, run by run: the tables of the oracle's lexers
-- (spec/oracle/lexparse.ml) and damaged copies of them, lexbufs with random
-- fields (positions past the buffer, resumed states, wrong types), both
-- engines. Each pair of runs must give the same result or exception and
-- leave the same lexbuf and lex_mem. The oracle's own token streams run
-- through whichever engine is in use in spec/lexing_parsing_spec.lua.

local helper = require("support.helper")
local lexing = require("ocamlrt.lexing")
local lexengine = require("ocamlrt.lexengine")
local native = require("ocamlrt.core").native

local oracle = helper.oracle_chunk("lexparse")

-- What a run gave: its result or exception, then the lexbuf's fields and lex_mem.
local function outcome(run, tables, state, lb, mem)
  local ok, r = pcall(run, tables, state, lb, mem)
  local fields = {}
  for i = 6, 10 do fields[#fields + 1] = helper.show(lb[i]) end
  return table.concat({ tostring(ok), helper.show(r), table.concat(fields, " "), helper.show(mem) }, " | ")
end

local function copy(t)
  if type(t) ~= "table" then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

local function random_tables(real)
  local t = copy(real)
  local roll = math.random(12)
  if roll == 1 then
    t[math.random(2, 12)] = ({ 5, {}, false })[math.random(3)]
  elseif roll <= 4 then
    -- A table cut short, or one entry rewritten.
    local i = math.random(2, 12)
    local s = t[i]
    if math.random(2) == 1 then
      t[i] = s:sub(1, math.random(0, #s))
    elseif #s >= 2 then
      local at = math.random(0, math.floor(#s / 2) - 1) * 2
      local u = math.random(-300, 300) % 65536 -- little-endian 16 bits
      t[i] = s:sub(1, at) .. string.char(u % 256, math.floor(u / 256)) .. s:sub(at + 3)
    end
  end
  return t
end

local function random_int(n)
  local roll = math.random(20)
  if roll == 1 then return ({ "3", 1.5, true, 0 / 0, 2 ^ 70 })[math.random(5)] end
  if roll == 2 then return -math.random(5) end
  return math.random(0, n)
end

local function random_lexbuf(text)
  local lb = lexing.from_string(text, math.random(4) > 1)
  local n = #text
  lb[4] = math.random(6) == 1 and random_int(n + 3) or n
  lb[6], lb[7], lb[8] = random_int(n), random_int(n), random_int(n)
  lb[9] = math.random(3) == 1 and random_int(8) or -1
  lb[10] = ({ 0, 1, true, false, "no" })[math.random(math.random(10) == 1 and 5 or 4)]
  if math.random(40) == 1 then lb[3] = ({ "a string buffer", 7, {} })[math.random(3)] end
  if math.random(40) == 1 then lb[13] = 3 end
  if math.random(40) == 1 then lb[5] = "x" end
  return lb
end

local function random_mem()
  local mem = { 0 }
  for i = 2, math.random(0, 8) + 1 do mem[i] = math.random(4) == 1 and random_int(20) or -1 end
  return mem
end

local inputs = { "", "a", "{\"k\": [1, 2.5e3, true]}", "x = 1\n  y\t\"s\" (* c *)", "@@@", "123abc\n\n" }

describe("The Lua automaton for LuaJIT", function()
  if lexengine.run == lexengine.native_run then
    it("is not used here: this interpreter runs the native automaton", function()
      assert.is_nil(rawget(_G, "jit"))
    end)
    return
  end

  it("gives the native automaton's results, exceptions and lexbufs", function()
    math.randomseed(17)
    local real = { lexing.tables(oracle.json_lexer), lexing.tables(oracle.lines_lexer) }
    local runs, raised = 0, 0
    for _ = 1, 20000 do
      local tables = random_tables(real[math.random(#real)])
      local text = inputs[math.random(#inputs)]
      local lb = random_lexbuf(text)
      local state = math.random(10) == 1 and random_int(40) or math.random(-12, 12)
      local mem = math.random(2) == 1 and random_mem() or nil
      local lb2, mem2 = copy(lb), copy(mem)
      local want = outcome(lexengine.native_run, tables, state, lb, mem)
      local got = outcome(lexengine.run, tables, state, lb2, mem2)
      if want ~= got then
        error(string.format("state %s on %q:\n  native %s\n  lua    %s", tostring(state), text, want, got), 0)
      end
      runs = runs + 1
      if want:find("^false") then raised = raised + 1 end
    end
    -- Both kinds of outcome were exercised.
    assert.is_true(raised > 1000 and runs - raised > 1000)
  end)

  it("gives the native automaton's tokens on long random texts, from every position", function()
    -- Texts long enough for every path of the old engine's fast moves
    -- (tokens of any length, ends of buffer, damaged tables), run from
    -- each position a token would start at and from random ones.
    math.randomseed(29)
    local real = { lexing.tables(oracle.json_lexer), lexing.tables(oracle.lines_lexer) }
    local pieces = { " ", "\n", "\t", "x", "abc_12", "42", "2.5e3", "-", "\"", "\\", "true", "{", "]", ",", ":", "@" }
    local runs = 0
    for _ = 1, 300 do
      local parts = {}
      for i = 1, math.random(0, 40) do
        parts[i] = math.random(8) == 1 and string.char(math.random(0, 255)) or pieces[math.random(#pieces)]
      end
      local text = table.concat(parts)
      local tables = math.random(4) == 1 and random_tables(real[math.random(#real)]) or real[math.random(#real)]
      local curr = 0
      for _ = 1, #text + 2 do
        local lb = lexing.from_string(text)
        lb[7] = math.random(5) == 1 and math.random(0, #text) or curr
        lb[10] = math.random(6) == 1
        local state = math.random(8) == 1 and math.random(-4, 4) or 0
        if state < 0 then lb[6], lb[8], lb[9] = lb[7], lb[7], math.random(-1, 3) end
        local lb2 = copy(lb)
        local want = outcome(lexengine.native_run, tables, state, lb, nil)
        local got = outcome(lexengine.run, tables, state, lb2, nil)
        if want ~= got then
          error(string.format("state %d at %d on %q:\n  native %s\n  lua    %s", state, lb2[7], text, want, got), 0)
        end
        runs = runs + 1
        if lb[7] > curr and want:find("^true") then curr = lb[7] else curr = curr + 1 end
        if curr > #text then break end
      end
    end
    assert.is_true(runs > 3000)
  end)

  it("reads a bytes buffer through the FFI and a string buffer too", function()
    local tables = lexing.tables(oracle.lines_lexer)
    for _, buffer in ipairs({ native.caml_bytes_of_string("abc def"), "abc def" }) do
      local lb = lexing.from_string("")
      lb[3], lb[4] = buffer, 7
      assert.equal(lexengine.native_run(tables, 0, copy(lb)), lexengine.run(tables, 0, lb))
    end
  end)
end)

-- Lexing 10 MB with the JSON-like lexer of spec/oracle/lexparse/ (tables
-- from the oracle, actions in Lua building OCaml-shaped tokens), from a
-- string and from a function. Run from the repository root after `make
-- build oracles`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;spec/?.lua;;' LUA_CPATH='build/lua54/?.so;;' lua5.4 bench/lexing.lua
-- The native OCaml figure for the same lexer and input is printed by
-- spec/oracle/lexparse.ml's `bench` mode.

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local lexing = ocamlrt.lexing

local oracle = helper.oracle_chunk("lexparse")
local tables = lexing.tables(oracle.json_lexer)
local new_scan, sub_lexeme, mem = lexing.new_scan, lexing.sub_lexeme, lexing.mem
local start_pos, curr_pos = lexing.start_pos, lexing.curr_pos
local EOF = 0

local function token(lb)
  while true do
    local action = new_scan(tables, 0, lb, 10)
    local start, curr = start_pos(lb), curr_pos(lb)
    if action == 1 then lexing.new_line(lb)
    elseif action == 2 then return { 0, sub_lexeme(lb, start + 1, curr - 1) }
    elseif action == 3 then return { 4, lexing.sub_lexeme_char(lb, start + 1), sub_lexeme(lb, start + 2, curr) }
    elseif action == 4 then
      return { 1, sub_lexeme(lb, start, mem(lb, 0)), lexing.sub_lexeme_opt(lb, mem(lb, 4), mem(lb, 3)),
               lexing.sub_lexeme_opt(lb, mem(lb, 2), mem(lb, 1)) }
    elseif action == 5 then return { 2, sub_lexeme(lb, start, curr) }
    elseif action == 6 then return { 3, lexing.sub_lexeme_char(lb, start) }
    elseif action == 7 then return EOF
    elseif action == 8 then return { 5, lexing.sub_lexeme_char(lb, start) }
    end
  end
end

local unit = '{"key": 123.45e6, "word": [true, false, "str"], "n": -7}\n'
local input = string.rep(unit, math.ceil(10000000 / #unit))

local function run(name, lb)
  local t0, n = os.clock(), 0
  while token(lb) ~= EOF do n = n + 1 end
  print(string.format("%s %s: %d tokens in %.3f s", ocamlrt.interpreter, name, n, os.clock() - t0))
end

run("from_string", lexing.from_string(input))
local at = 0
run("from_function", lexing.from_function(function(buf, n)
  local k = math.min(n, #input - at)
  ocamlrt.bytes.blit(input, at, buf, 0, k)
  at = at + k
  return k
end))

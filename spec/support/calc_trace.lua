-- Parses the oracle's trace input with the parser trace on; the trace goes
-- to stderr, which lexing_parsing_spec.lua compares with OCaml's.
-- Run from the repository root as `<lua> spec/support/calc_trace.lua`.
local helper = require("support.helper")
local lexparse = require("support.lexparse")
local parsing = require("ocamlrt").parsing

local calc = lexparse.calc(helper.oracle_chunk("lexparse"))
local lexing = require("ocamlrt").lexing
parsing.set_trace(true)
pcall(parsing.yyparse, calc.tables, 1, calc.token,
  lexing.from_string("1 + x;\n2 * (3 - ;\nlet y = 4 / 0;\n7 7;\n-2;\n1 +"))
parsing.set_trace(false)

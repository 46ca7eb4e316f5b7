-- Lexing and Parsing against OCaml: the oracle (spec/oracle/lexparse.ml)
-- prints the tables ocamllex and ocamlyacc generated for the grammars in
-- spec/oracle/lexparse/ and, for 1200 randomised inputs, every token,
-- position, buffer state, parse result and error; the Lua actions in
-- spec/support/lexparse.lua must give the same events.

local helper = require("support.helper")
local lexparse = require("support.lexparse")
local ocamlrt = require("ocamlrt")
local lexing, parsing = ocamlrt.lexing, ocamlrt.parsing
local unpack = table.unpack or unpack

local oracle = helper.oracle_chunk("lexparse")

local function check_cases(cases, run)
  for i, case in ipairs(cases) do
    local got = run(case.input, case.chunk)
    local want = case.events
    for j = 1, math.max(#got, #want) do
      if got[j] ~= want[j] then
        error(string.format("case %d (chunk %d) event %d:\n  want %s\n  got  %s",
          i, case.chunk, j, tostring(want[j]), tostring(got[j])), 0)
      end
    end
  end
end

describe("Lexing engines on ocamllex tables", function()
  for _, way in ipairs({ "lexing.scan", "caml_lex_engine in the generated loop" }) do
    local scan = way ~= "lexing.scan" and lexparse.generated_scan or nil

    it("the new engine (as bindings) gives OCaml's tokens, positions and buffers: " .. way, function()
      local token = lexparse.json_lexer(lexing.tables(oracle.json_lexer), scan)
      check_cases(oracle.json, function(input, chunk) return lexparse.lex_all(token, input, chunk) end)
    end)

    it("the old engine with several entry points tracks lines as OCaml does: " .. way, function()
      local token = lexparse.lines_lexer(lexing.tables(oracle.lines_lexer), scan)
      check_cases(oracle.lines, function(input, chunk) return lexparse.lex_all(token, input, chunk) end)
    end)
  end

  it("covers refills, growth, errors, channels and long inputs", function()
    local grown, failed, refilled, channel = false, false, false, false
    for _, case in ipairs(oracle.json) do
      if case.chunk == -1 and #case.input > 10000 then channel = true end
      for _, e in ipairs(case.events) do
        if e:find("size=2048", 1, true) then grown = true end
        if case.chunk > 0 and e:find("abs=[1-9]") then refilled = true end
      end
    end
    for _, case in ipairs(oracle.lines) do
      if case.events[#case.events]:find("^Failure lexing: empty token") then failed = true end
    end
    assert.is_true(grown and failed and refilled and channel)
  end)

  it("reads the tables and entry points of the .ml files ocamllex wrote", function()
    for _, name in ipairs({ "json_lexer", "lines_lexer", "calc_lexer" }) do
      local tables, entries = lexing.from_ocamllex(lexparse.generated(name))
      assert.equal(helper.show(lexing.tables(oracle[name])), helper.show(tables))
      assert.is_table(entries.token)
    end
    local json = lexparse.entries("json_lexer")
    assert.is_true(json.token.mem_size > 0)
    assert.is_nil(lexparse.entries("lines_lexer").comment.mem_size)
  end)

  it("decodes OCaml string literals as OCaml does", function()
    for _, case in ipairs(oracle.string_literals) do
      local s, after = lexing.ocaml_string_literal(case.text .. " tail", 1)
      assert.equal(case.value, s)
      assert.equal(#case.text + 1, after)
    end
  end)

  it("raises Failure on an empty token and writes the lexbuf back", function()
    local tables = lexing.tables(oracle.lines_lexer)
    local lb = lexing.from_string("ab @")
    assert.equal(3, lexing.scan(tables, 0, lb))
    assert.equal(0, lexing.scan(tables, 0, lb))
    helper.assert_raises("Failure", "lexing: empty token", lexing.scan, tables, 0, lb)
    assert.equal(3, lb[lexing.field.lex_curr_pos])
  end)

  it("rejects tables and lexbufs that do not fit, without crashing", function()
    local tables = lexing.tables(oracle.lines_lexer)
    local broken = lexing.tables({ lex_base = "\1\0", lex_backtrk = "", lex_default = "",
                                   lex_trans = "", lex_check = "" })
    helper.assert_raises("Invalid_argument", nil, lexing.scan, broken, 0, lexing.from_string("a"))
    helper.assert_raises("Invalid_argument", nil, lexing.scan, tables, 5000, lexing.from_string("a"))
    local lb = lexing.from_string("abc")
    lb[lexing.field.lex_buffer_len] = 10 -- claims more than the buffer holds
    lb[lexing.field.lex_curr_pos] = 3
    helper.assert_raises("Invalid_argument", nil, lexing.scan, tables, 0, lb)
    helper.assert_raises("Invalid_argument", nil, ocamlrt.primitives.caml_lex_engine, tables, 0, {})
    -- The EOF flag is read only when a run reaches the end of the buffer, as
    -- OCaml's engine reads it: a bad one fails there, the lexbuf left as it was.
    local clean, no_flag = lexing.from_string("ab "), lexing.from_string("ab ")
    no_flag[lexing.field.lex_eof_reached] = "no"
    assert.equal(lexing.scan(tables, 0, clean), lexing.scan(tables, 0, no_flag))
    helper.assert_raises("Invalid_argument", "Lexing.engine: lexbuf field lex_eof_reached is not a bool",
      lexing.scan, tables, 0, no_flag)
    assert.equal(clean[lexing.field.lex_curr_pos], no_flag[lexing.field.lex_curr_pos])
    local json = lexing.tables(oracle.json_lexer)
    helper.assert_raises("Invalid_argument", nil, lexing.new_scan, json, 0, lexing.from_string("1.5e3"), 1)
  end)

  it("lets what the refill function raises through unchanged", function()
    local tables = lexing.tables(oracle.lines_lexer)
    local raised = { "not an OCaml exception" }
    local lb = lexing.from_reader(function() error(raised) end)
    local ok, e = pcall(lexing.scan, tables, 0, lb)
    assert.is_false(ok)
    assert.equal(raised, e)
  end)

  it("keeps positions off with with_positions = false", function()
    local token = lexparse.lines_lexer(lexing.tables(oracle.lines_lexer))
    local lb = lexing.from_string("a\nb", false)
    assert.equal("WORD <a>", token(lb))
    assert.equal(-1, lexing.lexeme_start(lb))
    assert.is_false(lexing.with_positions(lb))
    assert.equal(1, lb[lexing.field.lex_curr_pos])
  end)

  it("reads from a function returning strings", function()
    local token = lexparse.lines_lexer(lexing.tables(oracle.lines_lexer))
    local parts = { "hel", "lo wor", "ld 42" }
    local lb = lexing.from_reader(function() return table.remove(parts, 1) end)
    local seen = {}
    repeat seen[#seen + 1] = token(lb) until seen[#seen] == "EOF"
    assert.same({ "WORD <hello>", "WORD <world>", "NUM 42", "EOF" }, seen)
  end)
end)

describe("Parsing engine on ocamlyacc tables", function()
  local calc = lexparse.calc(oracle)

  it("gives OCaml's results, positions, error calls and Parse_errors", function()
    check_cases(oracle.calc, calc.parse)
  end)

  it("covers recovery, action errors, unrecoverable errors and stack growth", function()
    local recovered, parse_error, action_error = false, false, false
    for _, case in ipairs(oracle.calc) do
      for _, e in ipairs(case.events) do
        if e:find("^result error at") then recovered = true end
        if e:find("^Parse_error") then parse_error = true end
      end
      if case.input:find("/ 0;") then action_error = true end
    end
    assert.is_true(recovered and parse_error and action_error)
  end)

  it("reads the tables and entry points of the .ml file ocamlyacc wrote", function()
    local actions = calc.tables[2]
    local tables, entries = parsing.from_ocamlyacc(lexparse.generated("calc_parser"), { unpack(actions, 2) })
    assert.equal(helper.show(calc.tables), helper.show(tables))
    assert.equal(1, entries.main)
  end)

  it("has grown its stacks on the oracle's deeply nested inputs", function()
    assert.is_true(parsing.env[6] >= 400)
  end)

  it("lets what an action raises through, and parses again afterwards", function()
    local failing = {}
    for i, f in ipairs({ unpack(calc.tables[2], 2) }) do failing[i] = f end
    local raised = { "from an action" }
    failing[8] = function() error(raised) end -- expr: INT
    local tables = { unpack(calc.tables) }
    tables[2] = { 0, unpack(failing) }
    local ok, e = pcall(parsing.yyparse, tables, 1, calc.token, lexing.from_string("1;"))
    assert.is_false(ok)
    assert.equal(raised, e)
    check_cases({ oracle.calc[1], oracle.calc[2] }, calc.parse)
  end)

  it("prints the trace OCaml prints", function()
    local lua = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]
    local p = assert(io.popen(lua .. " spec/support/calc_trace.lua 2>&1"))
    local got = p:read("*a")
    p:close()
    local want = helper.oracle("lexparse", "trace")
    assert.is_true(#want > 1000)
    assert.equal(want, got)
  end)

  it("answers set_trace with the previous setting", function()
    assert.is_false(parsing.set_trace(false))
    assert.is_false(parsing.set_trace(true))
    assert.is_true(parsing.set_trace(false))
  end)

  it("rejects a malformed env without crashing", function()
    local env = { 0, { 0 }, { 0 }, { 0 }, { 0 }, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
    helper.assert_raises("Invalid_argument", nil, ocamlrt.primitives.caml_parse_engine, calc.tables, env, 4, 0)
    helper.assert_raises("Invalid_argument", nil, ocamlrt.primitives.caml_parse_engine, calc.tables, {}, 0, 0)
  end)
end)

describe("Engines on garbage", function()
  -- Random tables, lexbufs and parser envs: each call must return an
  -- integer or raise an OCaml exception, never crash or read out of bounds.
  local exn = ocamlrt.exn
  local prim = ocamlrt.primitives
  math.randomseed(20240613)

  local function random_string(max)
    local t = {}
    for i = 1, math.random(0, max) do t[i] = string.char(math.random(0, 255)) end
    return table.concat(t)
  end

  local function int_array(n, lo, hi)
    local a = { 0 }
    for i = 1, n do a[i + 1] = math.random(lo, hi) end
    return a
  end

  local function survives(f, ...)
    local ok, r = pcall(f, ...)
    if ok then return type(r) == "number" end
    return exn.constructor_of(r) ~= nil
  end

  it("the lexing engines", function()
    local real = lexing.tables(oracle.json_lexer)
    for _ = 1, 3000 do
      local tables = { 0 }
      for i = 2, 12 do
        tables[i] = math.random(3) == 1 and real[i] or random_string(80)
      end
      local lb = lexing.from_string(random_string(20))
      for i = 4, 9 do
        if math.random(3) == 1 then lb[i] = math.random(-3, 30) end
      end
      lb[11] = int_array(math.random(0, 4), -2, 30)
      local state = math.random(-40, 40)
      assert.is_true(survives(prim.caml_lex_engine, tables, state, lb))
      assert.is_true(survives(prim.caml_new_lex_engine, tables, state, lb))
    end
  end)

  it("the parse engine", function()
    local calc = lexparse.calc(oracle)
    for _ = 1, 3000 do
      local tables = { unpack(calc.tables) }
      for i = 5, 14 do
        if i ~= 12 and math.random(4) == 1 then tables[i] = random_string(60) end
      end
      if math.random(4) == 1 then tables[12] = math.random(-5, 300) end
      local n = math.random(0, 6)
      local env = { 0, int_array(n, -3, 30), int_array(n, 0, 3), int_array(n, 0, 0), int_array(n, 0, 0) }
      for i = 6, 17 do env[i] = math.random(-3, 8) end
      local cmd = math.random(0, 6)
      local arg = ({ 0, 5, calc.tokens.INT(1), { 7, 1 } })[math.random(4)]
      assert.is_true(survives(prim.caml_parse_engine, tables, env, cmd, arg))
    end
  end)
end)

describe("Engines on fields of any type", function()
  -- Every field the engines read, replaced by a value of another type: an
  -- OCaml exception naming the primitive, never a crash, and never a Rust
  -- panic (it would print on stderr and come back as an internal error).
  local exn = ocamlrt.exn
  local prim = ocamlrt.primitives
  local tointeger = math.tointeger or function(x) return x end
  local big = tointeger(2 ^ 31)
  local function wrong_values()
    return { true, 1.5, big, big + 7, -1, -big, 0, "s", {}, { 0 }, { 0, "x" }, print,
             ocamlrt.bytes.create(3), tointeger(2 ^ 53) }
  end
  math.randomseed(20261201)

  local function survives(f, ...)
    local ok, r = pcall(f, ...)
    if ok then return type(r) == "number" end
    assert(exn.constructor_of(r), "not an OCaml exception: " .. tostring(r))
    local text = exn.to_string(r)
    assert(not text:find("internal error", 1, true), text)
    return true
  end

  local function mutate(t, from, to)
    local copy = { unpack(t, 1, to) }
    local w = wrong_values()
    for _ = 1, math.random(1, 3) do
      local i = math.random(from, to)
      if math.random(5) == 1 then copy[i] = nil else copy[i] = w[math.random(#w)] end
    end
    return copy
  end

  it("the parse engine", function()
    local calc = lexparse.calc(oracle)
    local tokens = { 0, 5, big, big + 3, -1, tointeger(2 ^ 40), { 0, 1 }, { 7, 1 }, calc.tokens.INT(1) }
    for _ = 1, 4000 do
      local tables = mutate(calc.tables, 2, 17)
      local n = math.random(0, 4)
      local env = { 0, { 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0 },
                    5, 0, -1, 0, 0, 0, 0, 0, 0, n, 0, 0 }
      if math.random(2) == 1 then env = mutate(env, 2, 17) end
      local arg = tokens[math.random(#tokens)]
      assert.is_true(survives(prim.caml_parse_engine, tables, env, math.random(0, 5), arg))
    end
  end)

  it("the lexing engines", function()
    local real = lexing.tables(oracle.json_lexer)
    local w = wrong_values()
    for _ = 1, 4000 do
      local tables = math.random(3) == 1 and w[math.random(#w)] or mutate(real, 2, 12)
      local lb = lexing.from_string("[1, 2.5]")
      if math.random(4) > 1 then lb = mutate(lb, 2, 14) end
      if math.random(8) == 1 then lb = w[math.random(#w)] end
      local state = ({ 0, 1, -1, big, -big })[math.random(5)]
      assert.is_true(survives(prim.caml_lex_engine, tables, state, lb))
      assert.is_true(survives(prim.caml_new_lex_engine, tables, state, lb))
      assert.is_true(survives(lexing.scan, tables, state, lb))
      assert.is_true(survives(lexing.new_scan, tables, state, lb, math.random(-1, 3)))
    end
  end)

  it("in a child process: the inputs that crashed, no output on stderr", function()
    local lua = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]
    local dir = helper.tmpdir()
    local script = dir .. "/hostile.lua"
    helper.write_file(script, [[
      local ocamlrt = require("ocamlrt")
      local prim, exn = ocamlrt.primitives, ocamlrt.exn
      local big = (math.tointeger or function(x) return x end)(2 ^ 31 + 5)
      local function env()
        return { 0, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
      end
      local function tables(tc, tb)
        return { 0, 0, tc, tb, "", "", "", "", "", "", "", 0, "", "", 0, "", "" }
      end
      local calls = {
        { prim.caml_parse_engine, tables(5, { 0, 1 }), env(), 1, 3 },
        { prim.caml_parse_engine, tables({ 0, 1 }, "x"), env(), 1, { 0, 1 } },
        { prim.caml_parse_engine, tables({ 0, 1 }, { 0, 1 }), env(), 1, big },
        { prim.caml_parse_engine, tables({ 0, 1 }, { 0, 1 }), env(), 1, { 0, 1 } },
        { prim.caml_new_lex_engine, { 0, "", "", "", "", "", "", "", "", "", "", "" }, 0, "lexbuf" },
        { ocamlrt.lexing.scan, ocamlrt.lexing.tables({ lex_base = "\0\0", lex_backtrk = "\0\0",
            lex_default = "\0\0", lex_trans = "\0\0", lex_check = "\0\0" }), 0,
          { 0, 7, ocamlrt.bytes.create(0), 0, 0, 0, 0, 0, 0, 0, { 0 }, 0, 0 } },
      }
      for i, c in ipairs(calls) do
        local ok, e = pcall(c[1], (table.unpack or unpack)(c, 2))
        assert(not ok and exn.is(e, "Invalid_argument"), i .. ": " .. tostring(e))
      end
      io.write("ok\n")
    ]])
    local out = helper.run("ulimit -v 1000000; timeout 60 " .. lua .. " " .. helper.quote(script))
    helper.rmtree(dir)
    assert.equal("ok\n", out)
  end)
end)

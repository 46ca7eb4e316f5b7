--- The lexers and the parser of spec/oracle/lexparse/ with their actions
-- written in Lua, as a Lua user writes them from ocamllex's and ocamlyacc's
-- generated code (`lex_mem` slots, rule numbers and `peek_val` depths are
-- those of the generated .ml files; entry states and `lex_mem` sizes come
-- from `lexing.from_ocamllex`). Each function turns an input into the event
-- strings spec/oracle/lexparse.ml prints.

local ocamlrt = require("ocamlrt")
local lexing, parsing, exn = ocamlrt.lexing, ocamlrt.parsing, ocamlrt.exn

local M = {}

local fmt = string.format
local sub_lexeme, lexeme, new_line = lexing.sub_lexeme, lexing.lexeme, lexing.new_line

local function pos(p)
  return fmt("%s@%d:%d:%d", p[2], p[3], p[4], p[5])
end

local function where(lb)
  return fmt("%s-%s [%d-%d] abs=%d start=%d curr=%d len=%d size=%d",
    pos(lexing.lexeme_start_p(lb)), pos(lexing.lexeme_end_p(lb)),
    lexing.lexeme_start(lb), lexing.lexeme_end(lb),
    lb[5], lb[6], lb[7], lb[4], ocamlrt.bytes.length(lb[3]))
end

local function failure(lb, msg)
  return fmt("Failure %s at abs=%d start=%d curr=%d", msg, lb[5], lb[6], lb[7])
end

-- A channel reading `input` from a file, which is removed at once.
local function channel_over(input)
  local name = os.tmpname()
  local f = assert(io.open(name, "wb"))
  f:write(input)
  f:close()
  local ic = ocamlrt.io.open_in_bin(name)
  os.remove(name)
  return ic
end

--- A lexbuf over `input`: from the string when `chunk` is 0, from a channel
--- over a file when it is -1, else from a function giving at most `chunk`
--- bytes per call (the oracle's reader).
function M.lexbuf_of(input, chunk)
  if chunk == 0 then return lexing.from_string(input) end
  if chunk == -1 then return lexing.from_channel(channel_over(input)) end
  local at = 0
  return lexing.from_function(function(buf, n)
    local k = math.min(n, chunk, #input - at)
    ocamlrt.bytes.blit(input, at, buf, 0, k)
    at = at + k
    return k
  end)
end

local function opt(o)
  if o == 0 then return "-" end
  return "<" .. o[2] .. ">"
end

--- The loop ocamllex generates around `Lexing.engine` / `new_engine` (the
--- `caml_lex_engine` primitives), written out in Lua as compiled code runs
--- it; `lexing.scan` / `new_scan` do the same in one native call.
function M.generated_scan(tbl, state, lb, mem_size)
  local engine = lexing.engine
  if mem_size then
    local mem = { 0 }
    for i = 1, mem_size do mem[i + 1] = -1 end
    lb[lexing.field.lex_mem] = mem
    engine = lexing.new_engine
  end
  local result = engine(tbl, state, lb)
  while result < 0 do
    lb[lexing.field.refill_buff](lb)
    result = engine(tbl, result, lb)
  end
  return result
end

local function native_scan(tbl, state, lb, mem_size)
  if mem_size then return lexing.new_scan(tbl, state, lb, mem_size) end
  return lexing.scan(tbl, state, lb)
end

--- The text of the .ml file ocamllex or ocamlyacc made from
--- spec/oracle/lexparse/NAME.mll or .mly (`make oracles` keeps it).
function M.generated(name)
  local f = assert(io.open("build/oracle/lexparse.d/" .. name .. ".ml", "rb"))
  local source = f:read("*a")
  f:close()
  return source
end

--- The entry points of the lexer `name` (json_lexer, lines_lexer, calc_lexer).
function M.entries(name)
  local _, entries = lexing.from_ocamllex(M.generated(name))
  return entries
end

--- json_lexer.mll: the new engine (`as` bindings). `scan` is
--- `M.generated_scan` or (by default) the native one.
function M.json_lexer(tables, scan)
  scan = scan or native_scan
  local entry = M.entries("json_lexer").token
  local function token(lb)
    local action = scan(tables, entry.state, lb, entry.mem_size)
    local start, curr = lexing.start_pos(lb), lexing.curr_pos(lb)
    if action == 0 then return token(lb)
    elseif action == 1 then new_line(lb); return token(lb)
    elseif action == 2 then return "STRING <" .. sub_lexeme(lb, start + 1, curr - 1) .. ">"
    elseif action == 3 then
      return fmt("ESCAPED %d <%s>", lexing.sub_lexeme_char(lb, start + 1), sub_lexeme(lb, start + 2, curr))
    elseif action == 4 then
      local ip = sub_lexeme(lb, start, lexing.mem(lb, 0))
      local fp = lexing.sub_lexeme_opt(lb, lexing.mem(lb, 4), lexing.mem(lb, 3))
      local ex = lexing.sub_lexeme_opt(lb, lexing.mem(lb, 2), lexing.mem(lb, 1))
      return fmt("NUMBER <%s> %s %s", ip, opt(fp), opt(ex))
    elseif action == 5 then return "WORD <" .. sub_lexeme(lb, start, curr) .. ">"
    elseif action == 6 then return fmt("PUNCT %d", lexing.sub_lexeme_char(lb, start))
    elseif action == 7 then return "EOF"
    else return fmt("BAD %d", lexing.sub_lexeme_char(lb, start))
    end
  end
  return token
end

--- lines_lexer.mll: the old engine, three entry points.
function M.lines_lexer(tables, scan)
  scan = scan or native_scan
  local entries = M.entries("lines_lexer")
  local TOKEN, COMMENT, STRING = entries.token.state, entries.comment.state, entries.string.state
  local function comment(depth, lb)
    local action = scan(tables, COMMENT, lb)
    if action == 0 then return comment(depth + 1, lb)
    elseif action == 1 then
      if depth > 1 then return comment(depth - 1, lb) end
      return
    elseif action == 2 then new_line(lb); return comment(depth, lb)
    elseif action == 3 then exn.failwith("unterminated comment")
    else return comment(depth, lb)
    end
  end
  local function str(b, lb)
    local action = scan(tables, STRING, lb)
    if action == 0 then return
    elseif action == 1 then b[#b + 1] = "\n"
    elseif action == 2 then new_line(lb); b[#b + 1] = "\n"
    elseif action == 3 then b[#b + 1] = lexeme(lb)
    else exn.failwith("unterminated string")
    end
    return str(b, lb)
  end
  local function token(lb)
    local action = scan(tables, TOKEN, lb)
    if action == 0 then return token(lb)
    elseif action == 1 then new_line(lb); return "NEWLINE"
    elseif action == 2 then comment(1, lb); return token(lb)
    elseif action == 3 then return "WORD <" .. lexeme(lb) .. ">"
    elseif action == 4 then return fmt("NUM %d", tonumber(lexeme(lb)))
    elseif action == 5 then
      local b = {}
      str(b, lb)
      return "STR <" .. table.concat(b) .. ">"
    else return "EOF"
    end
  end
  return token
end

--- Runs a lexer returning token texts over an input, as the oracle's lex_all.
function M.lex_all(token, input, chunk)
  local lb = M.lexbuf_of(input, chunk)
  if chunk % 5 == 3 then lexing.set_filename(lb, "in.txt") end
  local events = {}
  local ok, e = pcall(function()
    repeat
      local t = token(lb)
      events[#events + 1] = t .. " " .. where(lb)
    until t == "EOF"
  end)
  if not ok then
    assert(exn.is(e, "Failure"), "unexpected error: " .. exn.to_string(e))
    events[#events + 1] = failure(lb, e[3])
  end
  return events
end

--- calc_lexer.mll over the tokens of calc_parser.mly.
function M.calc_lexer(tables, tokens)
  local constant = { [6] = tokens.PLUS, [7] = tokens.MINUS, [8] = tokens.TIMES, [9] = tokens.DIV,
    [10] = tokens.LPAREN, [11] = tokens.RPAREN, [12] = tokens.SEMI, [13] = tokens.EQ, [14] = tokens.EOF,
    [4] = tokens.LET }
  local start = M.entries("calc_lexer").token.state
  local function token(lb)
    local action = lexing.scan(tables, start, lb)
    if action <= 2 then
      if action == 1 then new_line(lb) end
      return token(lb)
    elseif action == 3 then return tokens.INT(tonumber(lexeme(lb)))
    elseif action == 5 then return tokens.IDENT(lexeme(lb))
    end
    return constant[action]
  end
  return token
end

local function cpos(p)
  return fmt("%d:%d:%d", p[3], p[5] - p[4], p[5])
end

local function span()
  return cpos(parsing.symbol_start_pos()) .. "-" .. cpos(parsing.symbol_end_pos())
end

local function norm(x) return x % 10007 end

--- calc_parser.mly's actions, by rule number (rule 0 first).
local function calc_actions()
  local peek = parsing.peek_val
  local function binary(op)
    return function(env) return norm(op(peek(env, 2), peek(env, 0))) end
  end
  return {
    function() exn.failwith("parser") end,
    function(env) -- main: stmts EOF
      local l, r = peek(env, 1), 0
      while l ~= 0 do r, l = { 0, l[2], r }, l[3] end
      return r
    end,
    function() return 0 end,
    function(env) return { 0, peek(env, 0), peek(env, 1) } end,
    function(env)
      return fmt("value %d at %s, expr ends %s", peek(env, 1), span(), cpos(parsing.rhs_end_pos(1)))
    end,
    function(env)
      return fmt("let %s = %d at %s, name %d-%d", peek(env, 3), peek(env, 1), span(),
        parsing.rhs_start(2), parsing.rhs_end(2))
    end,
    function()
      return fmt("error at %s, symbol %d-%d", span(), parsing.symbol_start(), parsing.symbol_end())
    end,
    function(env) return norm(peek(env, 0)) end,
    function(env) return #peek(env, 0) end,
    function(env) return peek(env, 1) end,
    binary(function(a, b) return a + b end),
    binary(function(a, b) return a - b end),
    binary(function(a, b) return a * b end),
    function(env)
      local a, b = peek(env, 2), peek(env, 0)
      if b == 0 then error(parsing.Parse_error, 0) end
      return math.floor(a / b)
    end,
    function(env) return norm(-peek(env, 0)) end,
    parsing.yyexit,
  }
end

--- The calculator: `parse(input, chunk)` returns the oracle's events.
function M.calc(oracle_tables)
  local errors = {}
  local fields = {}
  for k, v in pairs(oracle_tables.calc_parser) do fields[k] = v end
  fields.actions = calc_actions()
  fields.error_function = function(msg) errors[#errors + 1] = "error_function " .. msg end
  local tables = parsing.tables(fields)
  local tokens = parsing.tokens(tables)
  local token = M.calc_lexer(lexing.tables(oracle_tables.calc_lexer), tokens)
  local calc = { tables = tables, tokens = tokens, token = token }
  function calc.parse(input, chunk)
    errors = {}
    local lb = M.lexbuf_of(input, chunk)
    local ok, r = pcall(parsing.yyparse, tables, 1, token, lb)
    local events = errors
    if ok then
      while r ~= 0 do
        events[#events + 1] = "result " .. r[2]
        r = r[3]
      end
    elseif r == parsing.Parse_error then
      events[#events + 1] = fmt("Parse_error at %s lookahead_eof=%s", where(lb),
        tostring(parsing.is_current_lookahead(tokens.EOF)))
    else
      assert(exn.is(r, "Failure"), "unexpected error: " .. exn.to_string(r))
      events[#events + 1] = failure(lb, r[3])
    end
    return events
  end
  return calc
end

return M

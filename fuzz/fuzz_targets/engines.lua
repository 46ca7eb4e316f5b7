-- The engines target's chunk (engines.rs): ocamllex tables, lexbufs,
-- ocamlyacc tables and parser envs made from the input, every field
-- sometimes of a wrong type, driven as the generated code drives them: the
-- lexing engines token after token, the parse engine through a driver that
-- answers its requests (tokens, stack growth, actions, errors).
local input = ...
local byte, call, odd, short = input.byte, input.call, input.odd, input.short

-- `v`, or one time in 16 a value of a wrong type.
local function maybe(v)
  if byte() < 16 then return odd(byte()) end
  return v
end

local function shorts(n)
  local t = {}
  for i = 1, n do t[i] = string.pack("<i2", short()) end
  return table.concat(t)
end

local function small_int()
  return maybe(byte() % 40 - 4)
end

local function int_array(n)
  local a = { 0 }
  for i = 2, n + 1 do a[i] = small_int() end
  return a
end

-- As lua/ocamlrt/lexengine.lua's native run hands a lexbuf's fields to
-- `_lex_run` (or with lex_mem to `_new_lex_run`, the new engine) and stores
-- back what it returns; read raw, as a damaged lexbuf may be any value.
local function lex_run(tables, state, lb, with_mem)
  local f = type(lb) == "table" and lb or { 0, 0, lb }
  local function get(i) return rawget(f, i) end
  local ok, r, start, curr, last, last_action = call(with_mem and "_new_lex_run" or "_lex_run", tables, state,
    get(3), get(4), get(7), get(10), get(13), get(5), lb, with_mem and (get(11) or false) or nil)
  if ok then
    for i, v in ipairs({ start, curr, last, last_action }) do rawset(f, i + 5, v) end
  end
  return ok, r
end

local function lexing()
  local tables = { 0 }
  for i = 2, 11 do tables[i] = maybe(shorts(byte() % 40)) end
  tables[12] = maybe(input.bytes(byte() % 24))
  local _, buf = call("caml_bytes_of_string", input.bytes(byte() % 32))
  local pos = { 0, "", 1, 0, 0 }
  local lb = { 0, maybe(function() end), maybe(buf), small_int(), small_int(), small_int(), small_int(),
               small_int(), small_int(), maybe(byte() % 2), maybe(int_array(byte() % 6)), pos, maybe(pos) }
  if byte() < 8 then lb = odd(byte()) end
  if byte() < 8 then tables = odd(byte()) end
  local state = 0
  for _ = 1, byte() % 8 + 1 do
    local ok, r = lex_run(tables, state, lb, byte() % 2 == 0)
    if not ok then break end
    state = byte() < 128 and r or (byte() % 12 - 4)
  end
end

local function token()
  local k = byte() % 4
  if k == 0 then return byte() % 12 - 1 end
  if k == 1 then return { byte() % 6, maybe(byte()) } end
  if k == 2 then return odd(byte()) end
  return math.tointeger(({ 2 ^ 31, 2 ^ 40, -2 ^ 31 })[byte() % 3 + 1])
end

local function grow(env)
  local size = env[6]
  if type(size) ~= "number" or size > 1000 then return false end
  env[6] = size * 2
  for i = 2, 5 do
    local stack = env[i]
    if type(stack) == "table" and not getmetatable(stack) then
      for j = #stack + 1, size * 2 + 1 do stack[j] = 0 end
    end
  end
  return true
end

local function parsing()
  local tables = { 0, 0, int_array(byte() % 12), int_array(byte() % 8) }
  for i = 5, 11 do tables[i] = maybe(shorts(byte() % 40)) end
  tables[12] = small_int()
  tables[13] = maybe(shorts(byte() % 40))
  tables[14] = maybe(shorts(byte() % 40))
  tables[15] = 0
  tables[16] = maybe("EOF\0INT\0PLUS\0")
  tables[17] = maybe("NUM\0")
  for i = 3, 4 do tables[i] = maybe(tables[i]) end
  local size = byte() % 6
  local function stack() return maybe(int_array(size)) end
  local env = { 0, stack(), stack(), stack(), stack(), maybe(size), small_int(), -1, 0, 0, 0,
                small_int(), small_int(), small_int(), small_int(), small_int(), small_int() }
  if byte() == 255 then call("caml_set_parser_trace", 1) end
  local cmd, arg = byte() % 7, token()
  for _ = 1, 64 do
    local ok, answer = call("caml_parse_engine", tables, env, cmd, arg)
    if not ok or not input.more() then break end
    arg = 0
    if answer == 0 then
      cmd, arg = 1, token()
    elseif answer == 2 or answer == 3 then
      if not grow(env) then break end
      cmd = answer
    elseif answer == 4 then
      cmd, arg = 4, maybe(byte())
    elseif answer == 5 then
      cmd = 5
    else
      break
    end
    if byte() < 8 then cmd = byte() % 7 end
  end
  call("caml_set_parser_trace", 0)
end

while input.more() do
  if byte() % 2 == 0 then lexing() else parsing() end
end

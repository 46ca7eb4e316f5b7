--- OCaml `bytes` for Lua: fixed-length mutable byte buffers (native userdata).
-- Characters are integers 0..255, offsets are 0-based, as in OCaml. Every
-- function that only reads also accepts a Lua string.

local native = require("ocamlrt.core").native

local bytes = {}

--- New bytes of `n` bytes, all `fill` (a char code, default 0).
---@param n integer
---@param fill? integer
---@return userdata
function bytes.create(n, fill)
  local b = native.caml_create_bytes(n)
  if fill and fill ~= 0 then
    native.caml_fill_bytes(b, 0, n, fill)
  end
  return b
end

bytes.make = bytes.create
--- A new bytes holding a copy of the string `s`.
bytes.of_string = native.caml_bytes_of_string
--- The contents of `b` as a Lua string.
bytes.to_string = native.caml_string_of_bytes
--- The char code at 0-based `i`; `Invalid_argument "index out of bounds"` past the end.
bytes.get = native.caml_bytes_get
--- Stores the char code `c` at `i`.
bytes.set = native.caml_bytes_set
--- The length in bytes (also `#b`).
bytes.length = native.caml_ml_bytes_length
--- `blit(src, src_ofs, dst, dst_ofs, len)`; `src` may be a string.
bytes.blit = native.caml_blit_bytes
--- `fill(b, ofs, len, c)`.
bytes.fill = native.caml_fill_bytes
--- A new bytes with `len` bytes of `b` from `ofs`.
bytes.sub = native.caml_bytes_sub
--- `sub_string(b, ofs, len)`: the same range as a Lua string.
bytes.sub_string = native.caml_string_sub
--- The concatenation of two bytes (or strings) as new bytes.
bytes.cat = native.caml_bytes_concat
--- -1, 0 or 1 in OCaml's order (byte-wise, then length).
bytes.compare = native.caml_bytes_compare

--- Whether `a` and `b` hold the same bytes (a Lua boolean).
function bytes.equal(a, b)
  return native.caml_bytes_equal(a, b) == 1
end

-- OCaml's caml_{string,bytes}_{get,set}{16,32,64}: `width` bytes at `i`,
-- little-endian (the host order ocamlrt reports, Sys.big_endian false),
-- read as an int (16 bits, unsigned) or a plain int32 / int64 (signed).
local number = require("ocamlrt.number")
local number_of, bytes_of = number.of_bytes, number.bytes_of

local function check_range(s, i, width)
  if i < 0 or i + width > #s then
    require("ocamlrt.exn").invalid_argument("index out of bounds")
  end
end

local function getter(width)
  return function(s, i)
    check_range(s, i, width)
    local b = {}
    for k = 1, width do b[k] = native.caml_string_unsafe_get(s, i + k - 1) end
    if width == 2 then return b[1] + 256 * b[2] end
    return number_of(b, width)
  end
end

local function setter(width)
  return function(s, i, v)
    check_range(s, i, width)
    local b = bytes_of(v, width)
    for k = 1, width do native.caml_bytes_unsafe_set(s, i + k - 1, b[k]) end
    return 0
  end
end

do
  local provided = {}
  for _, width in ipairs({ 2, 4, 8 }) do
    local bits = tostring(8 * width)
    provided["caml_string_get" .. bits] = getter(width)
    provided["caml_bytes_get" .. bits] = getter(width)
    provided["caml_bytes_set" .. bits] = setter(width)
  end
  require("ocamlrt.core").provide(provided)
end

-- On LuaJIT a C call ends the trace it is made from, and compiled code
-- calls the string primitives below all the time (lengths, `^`, `s.[i]`,
-- string equality and order). For two Lua strings they are answered in Lua, which
-- LuaJIT compiles: its strings are interned, so `==` compares their bytes,
-- and `<` orders them byte-wise, then by length, as OCaml does (lj_str_cmp).
-- A concatenation stays within the short results native primitives leave
-- to their guard (state.rs: at most 1 KiB), whose memory error is Lua's
-- own. Bytes and anything else go to the native primitive, which checks
-- them. (On Lua 5.x the native call is the cheaper one.)
if rawget(_G, "jit") then
  local type = type
  local SHORT_RESULT = 1024
  local function both_strings(a, b) return type(a) == "string" and type(b) == "string" end
  local provided = {}
  local native_length, native_concat = native.caml_ml_string_length, native.caml_string_concat
  provided.caml_ml_string_length = function(s)
    if type(s) == "string" then return #s end
    return native_length(s)
  end
  provided.caml_string_concat = function(a, b)
    if both_strings(a, b) and #a + #b <= SHORT_RESULT then return a .. b end
    return native_concat(a, b)
  end
  -- name = the test on two different strings a and b, given whether a < b.
  local order_tests = {
    equal = { 1, false, false }, notequal = { 0, true, true }, lessthan = { 0, true, false },
    lessequal = { 1, true, false }, greaterthan = { 0, false, true }, greaterequal = { 1, false, true },
  }
  for name, test in pairs(order_tests) do
    local native_test = native["caml_string_" .. name]
    local if_same, if_less, if_greater = test[1], test[2] and 1 or 0, test[3] and 1 or 0
    provided["caml_string_" .. name] = function(a, b)
      if not both_strings(a, b) then return native_test(a, b) end
      if a == b then return if_same end
      if a < b then return if_less end
      return if_greater
    end
  end
  -- A char of a string at an int index within it; anything else (bytes, an
  -- index out of bounds, which raises) goes native.
  local byte = string.byte
  for _, name in ipairs({ "caml_string_get", "caml_string_unsafe_get" }) do
    local native_get = native[name]
    provided[name] = function(s, i)
      if type(s) == "string" and type(i) == "number" and i >= 0 and i < #s and i % 1 == 0 then
        return byte(s, i + 1)
      end
      return native_get(s, i)
    end
  end
  local native_compare = native.caml_string_compare
  provided.caml_string_compare = function(a, b)
    if not both_strings(a, b) then return native_compare(a, b) end
    if a == b then return 0 end
    return a < b and -1 or 1
  end
  require("ocamlrt.core").provide(provided)
end

return bytes

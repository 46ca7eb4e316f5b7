--- Int32, Int64 and Nativeint arithmetic for compiled code, where their
-- values are plain Lua numbers (docs/VALUES.md): `caml_int64_add` ...
-- `caml_int64_shift_right_unsigned`, the conversions, `caml_*_compare`,
-- `caml_int64_bits_of_float` and the rest, for the three kinds. On Lua 5.4
-- int64 values are 64-bit integers and wrap as OCaml's do; on LuaJIT and
-- Lua 5.1 they are doubles, exact within 2^53. Int32 results are wrapped to
-- 32 bits everywhere.

local core = require("ocamlrt.core")
local number = require("ocamlrt.number")

local boxed = {}

local floor = math.floor
-- Lua 5.1 / LuaJIT only, where bits_of runs (Lua 5.3+ uses string.pack).
local frexp = rawget(math, "frexp")
local integer = number.integer
local TWO32, TWO63, TWO64 = 2 ^ 32, 2 ^ 63, 2 ^ 64

--- A number wrapped to 32 bits, signed (an integer on Lua 5.4).
local function wrap32(n) return integer(number.wrap32(integer(n))) end

-- Truncation toward zero of a float.
local function trunc(x)
  if x >= 0 then return floor(x) end
  return -floor(-x)
end

-- The 64-bit operations: Lua 5.4's integer operators wrap as OCaml's int64
-- does; with doubles only, results are brought back into the signed 64-bit
-- range (exact within 2^53).
local ops = core.has_integers and assert(load([[
  local integer = ...
  local function shr(a, s)
    if a >= 0 then return a >> s end
    return ~((~a) >> s)
  end
  return {
    add = function(a, b) return integer(a) + integer(b) end,
    sub = function(a, b) return integer(a) - integer(b) end,
    mul = function(a, b) return integer(a) * integer(b) end,
    neg = function(a) return -integer(a) end,
    logand = function(a, b) return integer(a) & integer(b) end,
    logor = function(a, b) return integer(a) | integer(b) end,
    logxor = function(a, b) return integer(a) ~ integer(b) end,
    shift_left = function(a, s) return integer(a) << s end,
    shift_right = function(a, s) return shr(integer(a), s) end,
    shift_right_unsigned = function(a, s) return integer(a) >> s end,
    to_int = function(a) return shr(integer(a) << 1, 1) end,
  }
]], "=ocamlrt/boxed.lua (ops)"))(integer)

if not ops then
  local function wrap64(n)
    if n >= -TWO63 and n < TWO63 then return n end
    n = n % TWO64
    if n >= TWO63 then return n - TWO64 end
    return n
  end
  ops = {
    add = function(a, b) return wrap64(a + b) end,
    sub = function(a, b) return wrap64(a - b) end,
    mul = function(a, b) return wrap64(a * b) end,
    neg = function(a) return wrap64(-a) end,
    logand = number.int_and,
    logor = number.int_or,
    logxor = number.int_xor,
    shift_left = function(a, s) return wrap64(a * 2 ^ s) end,
    shift_right = function(a, s) return floor(a / 2 ^ s) end,
    shift_right_unsigned = function(a, s) return wrap64(floor((a % TWO64) / 2 ^ s)) end,
    to_int = function(a)
      local r = a % TWO63
      if r >= TWO63 / 2 then return r - TWO63 end
      return r
    end,
  }
end

--- `Int64.of_float`: truncated; a NaN or a value outside the range gives
--- `Int64.min_int`, as the x86-64 conversion OCaml uses does.
local function int64_of_float(x)
  if not (x > -TWO63 - 1025 and x < TWO63) then return integer(-TWO63) end
  return integer(trunc(x))
end

local function compare(a, b)
  if a < b then return -1 end
  if a > b then return 1 end
  return 0
end

-- IEEE bits of `x` as an unsigned number, for a format of `ebits` exponent
-- bits and `mbits` fraction bits, rounding to nearest even (Lua 5.1 and
-- LuaJIT; Lua 5.3+ uses string.pack).
local function bits_of(x, ebits, mbits)
  local bias = 2 ^ (ebits - 1) - 1
  local sign = (x < 0 or (x == 0 and 1 / x < 0)) and 2 ^ (ebits + mbits) or 0
  local emax = 2 ^ ebits - 1
  if x ~= x then return emax * 2 ^ mbits + 2 ^ (mbits - 1) end
  x = math.abs(x)
  if x == math.huge then return sign + emax * 2 ^ mbits end
  if x == 0 then return sign end
  local m, e = frexp(x)               -- x = m * 2^e, 0.5 <= m < 1
  e = e - 1                            -- x = (2m) * 2^e, 1 <= 2m < 2
  local biased = e + bias
  local frac
  if biased <= 0 then                  -- subnormal
    frac = x / 2 ^ (1 - bias - mbits)
    biased = 0
  else
    frac = (2 * m - 1) * 2 ^ mbits
  end
  local r = floor(frac) ---@type number
  local rest = frac - r
  if rest > 0.5 or (rest == 0.5 and r % 2 == 1) then r = r + 1 end
  if r >= 2 ^ mbits and biased > 0 then r, biased = 0, biased + 1 end
  if biased == 0 and r >= 2 ^ mbits then r, biased = r - 2 ^ mbits, 1 end
  if biased >= emax then return sign + emax * 2 ^ mbits end
  return sign + biased * 2 ^ mbits + r
end

-- The float whose IEEE bits are the unsigned number `n`.
local function float_of(n, ebits, mbits)
  local sign = 1
  if n >= 2 ^ (ebits + mbits) then sign, n = -1, n - 2 ^ (ebits + mbits) end
  local biased, frac = floor(n / 2 ^ mbits), n % 2 ^ mbits
  local bias = 2 ^ (ebits - 1) - 1
  if biased == 2 ^ ebits - 1 then
    if frac == 0 then return sign * math.huge end
    return 0 / 0
  end
  if biased == 0 then return sign * frac * 2 ^ (1 - bias - mbits) end
  return sign * (1 + frac / 2 ^ mbits) * 2 ^ (biased - bias)
end

local pack, unpack = rawget(string, "pack"), rawget(string, "unpack") -- Lua 5.3+
boxed.int64_bits_of_float = pack and function(x) return (unpack("<i8", pack("<d", x))) end
  or function(x)
    local n = bits_of(x, 11, 52)
    if n >= TWO63 then return n - TWO64 end
    return n
  end
boxed.int64_float_of_bits = pack and function(n) return (unpack("<d", pack("<i8", integer(n)))) end
  or function(n) return float_of(n % TWO64, 11, 52) end
boxed.int32_bits_of_float = pack and function(x) return (unpack("<i4", pack("<f", x))) end
  or function(x) return wrap32(bits_of(x, 8, 23)) end
boxed.int32_float_of_bits = pack and function(n) return (unpack("<f", pack("<i4", wrap32(n)))) end
  or function(n) return float_of(n % TWO32, 8, 23) end

-- Int32 multiplication, low 32 bits exact with doubles too: a * b mod 2^32
-- as (high half of a * b mod 2^16) * 2^16 + low half of a * b.
local function mul32(a, b)
  if core.has_integers then return wrap32(integer(a) * integer(b)) end
  a, b = a % TWO32, b % TWO32
  local ah, al = floor(a / 65536), a % 65536
  return wrap32((ah * b % 65536) * 65536 + al * b)
end

boxed.int32 = {
  add = function(a, b) return wrap32(a + b) end,
  sub = function(a, b) return wrap32(a - b) end,
  mul = mul32,
  neg = function(a) return wrap32(-a) end,
  ["and"] = function(a, b) return wrap32(number.int_and(a, b)) end,
  ["or"] = function(a, b) return wrap32(number.int_or(a, b)) end,
  xor = function(a, b) return wrap32(number.int_xor(a, b)) end,
  shift_left = function(a, s) return wrap32(integer(a) * 2 ^ s) end,
  shift_right = function(a, s) return integer(floor(a / 2 ^ s)) end,
  shift_right_unsigned = function(a, s) return wrap32(floor((a % TWO32) / 2 ^ s)) end,
  of_int = wrap32,
  to_int = integer,
  of_float = function(x) return wrap32(trunc(x)) end,
  to_float = function(a) return a * 1.0 end,
  compare = compare,
  div = number.int32_div,
  mod = number.int32_mod,
}

boxed.int64 = {
  add = ops.add,
  sub = ops.sub,
  mul = ops.mul,
  neg = ops.neg,
  ["and"] = ops.logand,
  ["or"] = ops.logor,
  xor = ops.logxor,
  shift_left = ops.shift_left,
  shift_right = ops.shift_right,
  shift_right_unsigned = ops.shift_right_unsigned,
  of_int = integer,
  to_int = ops.to_int,
  of_int32 = integer,
  to_int32 = wrap32,
  of_nativeint = integer,
  to_nativeint = integer,
  of_float = int64_of_float,
  to_float = function(a) return a * 1.0 end,
  compare = compare,
  div = number.int64_div,
  mod = number.int64_mod,
}

do
  local provided = {}
  for name, fn in pairs(boxed.int32) do provided["caml_int32_" .. name] = fn end
  for name, fn in pairs(boxed.int64) do
    provided["caml_int64_" .. name] = fn
    provided["caml_nativeint_" .. name] = fn
  end
  provided.caml_nativeint_of_int32 = integer
  provided.caml_nativeint_to_int32 = wrap32
  provided.caml_int64_bits_of_float = boxed.int64_bits_of_float
  provided.caml_int64_float_of_bits = boxed.int64_float_of_bits
  provided.caml_int32_bits_of_float = boxed.int32_bits_of_float
  provided.caml_int32_float_of_bits = boxed.int32_float_of_bits
  core.provide(provided)
end

return boxed

--- Float and int operations compiled code calls as primitives: float
-- comparisons and arithmetic (`caml_eq_float` ... `caml_div_float`),
-- `caml_float_of_int`, `caml_classify_float`, the bitwise `caml_int_and`,
-- `caml_int_or`, `caml_int_xor`, and `caml_unsigned` (the operand of an
-- unsigned comparison). Compiled code writes an integral float constant as
-- a Lua integer (`3.0` is `3`), so the float operations take any number
-- and return floats.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")

local number = {}

-- A Lua number as a float (on Lua 5.4; one number type elsewhere). Keeps
-- the sign of -0.0, which `x + 0.0` would not.
local function float(x) return x * 1.0 end

local function bool(b)
  if b then return 1 end
  return 0
end

number.eq = function(a, b) return bool(a == b) end
number.neq = function(a, b) return bool(a ~= b) end
number.lt = function(a, b) return bool(a < b) end
number.le = function(a, b) return bool(a <= b) end
number.gt = function(a, b) return bool(a > b) end
number.ge = function(a, b) return bool(a >= b) end
number.add = function(a, b) return float(a) + b end
number.sub = function(a, b) return float(a) - b end
number.mul = function(a, b) return float(a) * b end
number.div = function(a, b) return float(a) / b end
number.neg = function(a) return -float(a) end
number.abs = function(a) return math.abs(float(a)) end

--- `caml_float_of_int(n)`.
number.float_of_int = float

-- OCaml's classify_float results: FP_normal .. FP_nan.
local FP_NORMAL, FP_SUBNORMAL, FP_ZERO, FP_INFINITE, FP_NAN = 0, 1, 2, 3, 4
local MIN_NORMAL = 2.2250738585072014e-308

--- `caml_classify_float(x)`.
function number.classify(x)
  if x ~= x then return FP_NAN end
  local a = math.abs(x)
  if a == math.huge then return FP_INFINITE end
  if a == 0 then return FP_ZERO end
  if a < MIN_NORMAL then return FP_SUBNORMAL end
  return FP_NORMAL
end

-- 2^62: an OCaml int plus 2^63, done in two steps so that Lua 5.4's
-- integers do not overflow.
local HALF_SHIFT = 4611686018427387904

--- `caml_unsigned(n)`: `n` mapped so that `<` on the results is OCaml's
--- unsigned comparison of the 63-bit ints (negatives above every
--- non-negative, in their order).
function number.unsigned(n)
  if n < 0 then return (n + HALF_SHIFT) + HALF_SHIFT end
  return n
end

-- The bitwise operations: Lua 5.3+ has operators (written through `load`
-- so that this file still parses on 5.1); LuaJIT's `bit` works on 32 bits,
-- and plain 5.1 has nothing, so there both halves of a 53-bit int are done
-- separately, the low one as unsigned 32 bits, the high one signed.
local bitops = _VERSION ~= "Lua 5.1" and load([[
  return function(a, b) return a & b end,
         function(a, b) return a | b end,
         function(a, b) return a ~ b end
]], "=ocamlrt/number.lua (bitops)")

local TWO32 = 4294967296

local function bit32_ops()
  local ok, bit = pcall(require, "bit")
  if ok and bit then return bit.band, bit.bor, bit.bxor end
  -- Plain Lua 5.1: one bit at a time over two 32-bit numbers.
  local function op(combine)
    return function(a, b)
      a, b = a % TWO32, b % TWO32
      local r, p = 0, 1 ---@type number, number
      for _ = 1, 32 do
        local x, y = a % 2, b % 2
        r = r + combine(x, y) * p
        a, b, p = (a - x) / 2, (b - y) / 2, p * 2
      end
      return r
    end
  end
  return op(function(x, y) return x * y end),
    op(function(x, y) return (x + y > 0) and 1 or 0 end),
    op(function(x, y) return (x + y) % 2 end)
end

local function split_ops(band32, bor32, bxor32)
  local function lift(op32)
    return function(a, b)
      local ah, bh = math.floor(a / TWO32), math.floor(b / TWO32)
      local lo = op32(a - ah * TWO32, b - bh * TWO32) % TWO32
      local hi = op32(ah % TWO32, bh % TWO32) % TWO32
      if hi >= TWO32 / 2 then hi = hi - TWO32 end
      return hi * TWO32 + lo
    end
  end
  return lift(band32), lift(bor32), lift(bxor32)
end

if bitops then
  number.int_and, number.int_or, number.int_xor = bitops()
else
  number.int_and, number.int_or, number.int_xor = split_ops(bit32_ops())
end

--- `caml_frexp_float(x)`: `(m, e)` with `x = m * 2^e`, `0.5 <= |m| < 1`
--- (`(x, 0)` for zero, infinities and NaN).
function number.frexp(x)
  x = float(x)
  if x == 0 or x ~= x or x == math.huge or x == -math.huge then return { 0, x, 0 } end
  local a, e = math.abs(x), 0
  if a < MIN_NORMAL then a, e = a * 2 ^ 64, -64 end
  local k = math.floor(math.log(a) / math.log(2)) + 1
  local m = a / 2 ^ (k - 1) / 2
  while m >= 1 do m, k = m / 2, k + 1 end
  while m < 0.5 do m, k = m * 2, k - 1 end
  if x < 0 then m = -m end
  return { 0, m, e + k }
end

-- The sign of `x` on a zero: -0.0 for a negative `x` or -0.0.
local function signed_zero(x)
  if x < 0 or 1 / x < 0 then return -0.0 end
  return 0.0
end

--- `caml_modf_float(x)`: `(fractional part, integral part)`, both with the
--- sign of `x`.
function number.modf(x)
  x = float(x)
  if x ~= x then return { 0, x, x } end
  if x == math.huge or x == -math.huge then return { 0, signed_zero(x), x } end
  local frac = math.fmod(x, 1.0)
  local int = x - frac
  if int == 0 then int = signed_zero(x) end
  return { 0, frac, int }
end

-- Floor division and the 64-bit bit operations where Lua has them.
local ops64 = _VERSION ~= "Lua 5.1" and load([[
  return function(a, b) return a // b end
]], "=ocamlrt/number.lua (ops64)")
local floor_div = ops64 and ops64() or function(a, b) return math.floor(a / b) end
number.floor_div = floor_div

local TWO32_HALF, TWO64 = 2147483648, 18446744073709551616.0

--- A plain int32 value wrapped to its 32 bits, signed.
function number.wrap32(n)
  n = n % TWO32
  if n >= TWO32_HALF then return n - TWO32 end
  return n
end

-- A plain boxed integer as a Lua 5.4 integer: compiled code writes
-- Int64.min_int as `-9223372036854775808`, which Lua reads as a float.
local tointeger = rawget(math, "tointeger") -- Lua 5.3+
local integer = tointeger and function(n) return tointeger(n) or n end
  or function(n) return n end
number.integer = integer

--- Truncated division of plain boxed integers (int32 wraps to 32 bits);
--- `Division_by_zero` for a zero divisor; `min_int / -1` is `min_int`.
local function divider(wrap, remainder)
  return function(a, b)
    a, b = integer(a), integer(b)
    if b == 0 then exn.raise_zero_divide() end
    if b == -1 then
      if remainder then return 0 end
      return wrap(-a)
    end
    local q = floor_div(a, b)
    if q < 0 and q * b ~= a then q = q + 1 end
    if remainder then return wrap(a - q * b) end
    return wrap(q)
  end
end

local function wrap64(n)
  if core.has_integers then return n end -- Lua 5.4 integers wrap by themselves
  if n >= TWO64 / 2 then return n - TWO64 end
  return n
end

number.int64_div = divider(wrap64, false)
number.int64_mod = divider(wrap64, true)
number.int32_div = divider(number.wrap32, false)
number.int32_mod = divider(number.wrap32, true)

-- The bytes of a plain integer, low first (two's complement).
local function bytes_of(n, count)
  n = integer(n)
  local out = {}
  for i = 1, count do
    local r = n % 256
    out[i] = r
    n = floor_div(n - r, 256)
  end
  return out
end
number.bytes_of = bytes_of

--- The signed integer of `count` bytes, low first.
local function of_bytes(b, count)
  local n = 0
  for i = count, 1, -1 do n = n * 256 + b[i] end
  if b[count] >= 128 then
    if count == 8 then return wrap64(n) end
    return n - 2 ^ (8 * count)
  end
  return n
end
number.of_bytes = of_bytes

local function reversed(t)
  local out = {}
  for i = #t, 1, -1 do out[#out + 1] = t[i] end
  return out
end

--- `caml_bswap16(n)`: the two low bytes of `n` swapped.
function number.bswap16(n)
  local b = bytes_of(n, 2)
  return b[1] * 256 + b[2]
end

--- `caml_int32_bswap(n)`, `caml_int64_bswap(n)`: the bytes in reverse order.
function number.int32_bswap(n) return number.wrap32(of_bytes(reversed(bytes_of(n, 4)), 4)) end
function number.int64_bswap(n) return of_bytes(reversed(bytes_of(n, 8)), 8) end

core.provide({
  caml_frexp_float = number.frexp,
  caml_modf_float = number.modf,
  caml_int64_div = number.int64_div,
  caml_int64_mod = number.int64_mod,
  caml_nativeint_div = number.int64_div,
  caml_nativeint_mod = number.int64_mod,
  caml_int32_div = number.int32_div,
  caml_int32_mod = number.int32_mod,
  caml_bswap16 = number.bswap16,
  caml_int32_bswap = number.int32_bswap,
  caml_int64_bswap = number.int64_bswap,
  caml_nativeint_bswap = number.int64_bswap,
  caml_eq_float = number.eq,
  caml_neq_float = number.neq,
  caml_lt_float = number.lt,
  caml_le_float = number.le,
  caml_gt_float = number.gt,
  caml_ge_float = number.ge,
  caml_add_float = number.add,
  caml_sub_float = number.sub,
  caml_mul_float = number.mul,
  caml_div_float = number.div,
  caml_neg_float = number.neg,
  caml_abs_float = number.abs,
  caml_float_of_int = number.float_of_int,
  caml_classify_float = number.classify,
  caml_unsigned = number.unsigned,
  caml_int_and = number.int_and,
  caml_int_or = number.int_or,
  caml_int_xor = number.int_xor,
})

return number

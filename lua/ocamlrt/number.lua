--- Float and int operations compiled code calls as primitives: float
-- comparisons and arithmetic (`caml_eq_float` ... `caml_div_float`),
-- `caml_float_of_int`, `caml_classify_float`, the bitwise `caml_int_and`,
-- `caml_int_or`, `caml_int_xor`, and `caml_unsigned` (the operand of an
-- unsigned comparison). Compiled code writes an integral float constant as
-- a Lua integer (`3.0` is `3`), so the float operations take any number
-- and return floats.

local core = require("ocamlrt.core")

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
]])

local TWO32 = 4294967296

local function bit32_ops()
  local ok, bit = pcall(require, "bit")
  if ok and bit then return bit.band, bit.bor, bit.bxor end
  -- Plain Lua 5.1: one bit at a time over two 32-bit numbers.
  local function op(combine)
    return function(a, b)
      a, b = a % TWO32, b % TWO32
      local r, p = 0, 1
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

core.provide({
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

--- Building and reading OCaml values from plain Lua (docs/VALUES.md).
-- Nobody should have to write `{0, 1, {0, 2, 0}}` by hand: `value.list{1, 2}`
-- builds it. Everything here follows the value contract exactly, so what it
-- builds goes straight into marshal, compare, hash and the rest.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local args = require("ocamlrt.args")

local value = {}

--- OCaml's boxed float `{253, x}` (Double_tag): an explicit float, on
--- Lua 5.1/LuaJIT the only way to say that an integral number is a float.
---@class ocamlrt.boxed_float
---@field [1] integer always 253
---@field [2] number the float

local unpack = table.unpack or rawget(_G, "unpack") -- 5.1 / LuaJIT: the global
local has_integers = core.has_integers
-- Lua 5.3+ only (nil on 5.1 and LuaJIT, where has_integers is false).
local math_type, tointeger = rawget(math, "type"), rawget(math, "tointeger")

--- `()`, `[]`, `None`, `false`: all the immediate 0.
value.unit = 0
value.none = 0
value.empty_list = 0

--- An OCaml bool (0 or 1) from a Lua boolean.
---@param b boolean
---@return integer
function value.bool(b)
  return b and 1 or 0
end

--- A Lua boolean from an OCaml bool.
---@param v integer
---@return boolean
function value.to_bool(v)
  return v ~= 0
end

--- OCaml's boxed float `{253, x}` (Double_tag): a float on every
--- interpreter. Marshal, compare, hash and Printf take it as the float `x`.
---@param x number
---@return ocamlrt.boxed_float
function value.boxed_float(x)
  if type(x) ~= "number" then args.fail("value.boxed_float", 1, "a number", x) end
  return { 253, x }
end

--- Whether `v` is a boxed float `{253, x}`.
---@param v any
---@return boolean
function value.is_boxed_float(v)
  return type(v) == "table" and v[1] == 253 and type(v[2]) == "number" and v[3] == nil
end

-- Whether the primitives read the number `x` as an int on 5.1/LuaJIT
-- (docs/VALUES.md): integral, not -0.0, within OCaml's int range.
local function reads_as_int(x)
  return x % 1 == 0 and x >= -2 ^ 62 and x < 2 ^ 62 and not (x == 0 and 1 / x < 0)
end

--- `x` (a number or a boxed float) as an OCaml float, in the cheapest form
--- every primitive reads as a float: on Lua 5.3+ the float subtype (`3`
--- becomes `3.0`); on 5.1/LuaJIT the number itself unless it would read as
--- an int (`3.0` there is the int `3`), then the boxed float `{253, x}`.
---@param x number|ocamlrt.boxed_float
---@return number|ocamlrt.boxed_float
function value.float(x)
  if type(x) == "table" then return value.float(value.to_float(x)) end
  if type(x) ~= "number" then args.fail("value.float", 1, "a number or a boxed float", x) end
  if has_integers then return x * 1.0 end -- not `+ 0.0`: -0.0 + 0.0 is 0.0
  if reads_as_int(x) then return { 253, x } end
  return x
end

--- The Lua number of an OCaml float: a number as it is, a boxed float's `x`.
---@param v number|ocamlrt.boxed_float
---@return number
function value.to_float(v)
  if type(v) == "number" then return v end
  if not value.is_boxed_float(v) then args.fail("value.to_float", 1, "a float", v) end
  return v[2]
end

--- A block with tag `tag` and the given fields: a record, a tuple, a
--- constructor with arguments.
---@param tag integer
---@return table
function value.block(tag, ...)
  if type(tag) ~= "number" or tag % 1 ~= 0 then args.fail("value.block", 1, "an integer", tag) end
  local n = select("#", ...)
  local b = { tag, ... }
  for i = 2, n + 1 do
    if b[i] == nil then exn.invalid_argument("value.block: field " .. (i - 2) .. " is nil") end
  end
  return b
end

--- A tuple `(a, b, ...)`, also a record `{a; b; ...}` (both are tag 0).
function value.tuple(...)
  return value.block(0, ...)
end

value.record = value.tuple

--- `Some x`.
function value.some(x)
  return { 0, x }
end

--- `Some x` for a non-nil `x`, `None` for nil.
function value.option(x)
  if x == nil then return 0 end
  return { 0, x }
end

--- The Lua value inside an option, or nil for `None`.
function value.to_option(v)
  if v == 0 then return nil end
  return v[2]
end

--- A constructor of a variant: constant constructors are numbered from 0
--- (`variant(2)`), those with arguments separately, as block tags from 0
--- (`variant(1, x, y)` is the second constructor with arguments).
---@param index integer
function value.variant(index, ...)
  if type(index) ~= "number" or index % 1 ~= 0 then args.fail("value.variant", 1, "an integer", index) end
  if select("#", ...) == 0 then return index end
  return value.block(index, ...)
end

--- An OCaml list from a Lua array (1-based, no holes).
---@param t any[]
---@param n? integer how many elements (default #t)
---@return table|integer
function value.list(t, n)
  local l = 0 ---@type table|integer
  for i = args.elements("value.list", t, n, 1), 1, -1 do
    l = { 0, t[i], l }
  end
  return l
end

--- A Lua array from an OCaml list.
function value.to_list(l)
  local t, n = {}, 0
  while l ~= 0 do
    if type(l) ~= "table" then args.fail("value.to_list", 1, "an OCaml list", l) end
    n = n + 1
    t[n] = l[2]
    l = l[3]
  end
  return t
end

--- An OCaml array from a Lua array.
function value.array(t, n)
  n = args.elements("value.array", t, n, 1)
  local a = { 0 }
  for i = 1, n do a[i + 1] = t[i] end
  return a
end

--- A Lua array from an OCaml array (or the fields of any block).
function value.to_array(a)
  local n = #a
  -- unpack's results live on the Lua stack: only for blocks that fit.
  if n <= 4096 then return { unpack(a, 2, n) } end
  local t = {}
  for i = 2, n do
    local x = a[i]
    if x == nil then exn.invalid_argument("value.to_array: argument 1 has no field " .. (i - 2)) end
    t[i - 1] = x
  end
  return t
end

--- An OCaml float array `{254, x0, ...}`: every element a float (the
--- array's tag says so, so an element is always a plain number, even a
--- boxed float given here).
function value.float_array(t, n)
  n = args.elements("value.float_array", t, n, 1)
  local a = { 254 } ---@type number[]
  for i = 1, n do
    local x = t[i]
    if type(x) ~= "number" and not value.is_boxed_float(x) then
      exn.invalid_argument("value.float_array: element " .. i .. " of argument 1 is not a float")
    end
    a[i + 1] = value.to_float(x) * 1.0
  end
  return a
end

-- Custom blocks for boxed integers. Where Lua has 64-bit integers the value
-- is one; on 5.1/LuaJIT an int64/nativeint travels as 8 bytes, big-endian.
local function custom(id, v)
  return { 255, v, caml_custom = id }
end

local function be8_of_number(n)
  if n ~= n or n % 1 ~= 0 or n >= 2^63 or n < -2^63 then
    exn.invalid_argument("value.int64: " .. tostring(n) .. " is not an integer an int64 can hold")
  end
  local m, bytes = math.abs(n), {}
  for i = 8, 1, -1 do
    bytes[i] = m % 256
    m = (m - bytes[i]) / 256
  end
  if n < 0 then -- two's complement, byte by byte: no double holds 2^64 - 1
    local carry = 1
    for i = 8, 1, -1 do
      local b = 255 - bytes[i] + carry
      bytes[i], carry = b % 256, b >= 256 and 1 or 0
    end
  end
  return string.char(unpack(bytes))
end

local function number_of_be8(s)
  local negative, n = s:byte(1) >= 128, 0
  for i = 1, 8 do
    local b = s:byte(i)
    n = n * 256 + (negative and 255 - b or b)
  end
  if negative then return -n - 1 end -- exact within 2^53
  return n
end

--- An `int32` from an integer in -2^31 .. 2^31-1.
function value.int32(n)
  if n % 1 ~= 0 or n < -2^31 or n >= 2^31 then
    exn.invalid_argument("value.int32: " .. tostring(n) .. " is out of range")
  end
  return custom("_i", n)
end

local function wide(id)
  return function(n)
    if has_integers and math_type(n) == "integer" then return custom(id, n) end
    if type(n) == "string" and #n == 8 then return custom(id, n) end
    if has_integers then
      local i = tointeger(n)
      if i then return custom(id, i) end
    end
    return custom(id, has_integers and n or be8_of_number(n))
  end
end

--- An `int64` from an integer (on 5.1/LuaJIT: a number, exact within 2^53,
--- or its 8-byte big-endian string).
value.int64 = wide("_j")
--- A `nativeint` (64-bit), as `int64`.
value.nativeint = wide("_n")

--- The Lua number inside an int32/int64/nativeint block (on 5.1/LuaJIT a
--- number, exact within 2^53).
function value.to_integer(v)
  local x = v[2]
  if type(x) == "string" then return number_of_be8(x) end
  return x
end

--- Whether `v` is a block (a table whose `[1]` is a tag).
function value.is_block(v)
  return type(v) == "table" and type(v[1]) == "number"
end

--- The tag and size of a block.
function value.tag(v) return v[1] end
function value.size(v) return #v - 1 end

--- Field `i` (0-based) of a block, as OCaml's `Obj.field`.
function value.field(v, i) return v[i + 2] end

args.kind("option", "an OCaml option (0 or a block)", 'v == 0 or type(v) == "table"')
args.kind("boxed_integer", "an integer or an 8-byte string", 'type(v) == "number" or type(v) == "string" and #v == 8')

args.check(value, "value", {
  float = "number", to_option = "option", list = "array int?", array = "array int?", to_array = "block",
  float_array = "array int?",
  int32 = "number", int64 = "boxed_integer", nativeint = "boxed_integer", to_integer = "block",
  tag = "block", size = "block", field = "block int",
})

return value

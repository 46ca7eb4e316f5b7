--- `caml_compare` and `caml_hash` as plain Lua, for LuaJIT only.
-- LuaJIT compiles a plain Lua loop over tables into machine code, while a
-- call into the native walk aborts the trace and then pays the C API for
-- every field (docs/benchmarks.md, "Profiles"). These walks handle the
-- common shapes themselves: ints, strings and ordinary blocks (tags 0-245).
-- For anything else (floats, bytes, closures, custom blocks, special tags,
-- malformed values, very deep values) they start over in the native
-- primitive, which has OCaml's answer or OCaml's exception; both walks
-- are pure, so starting over is safe. The oracle specs check both paths
-- against native OCaml.

local bit = require("bit")

local band, bxor, lshift, rshift, rol, tobit = bit.band, bit.bxor, bit.lshift, bit.rshift, bit.rol, bit.tobit
local type, rawequal, sbyte = type, rawequal, string.byte

local jitwalk = {}

-- OCaml's 63-bit ints as the contract has them here: integral numbers,
-- not -0.0, from -2^62 (min_int) to below 2^62 (value.rs's
-- int_of_integral; max_int rounds up to 2^62, which is a float).
local INT_LIMIT = 2 ^ 62

local function is_int(x)
  return x % 1 == 0 and x >= -INT_LIMIT and x < INT_LIMIT and (x ~= 0 or 1 / x > 0)
end

-- The tag of an ordinary block (0-245), or nil.
local function plain_tag(t)
  local tag = t[1]
  if type(tag) == "number" and tag >= 0 and tag <= 245 and tag % 1 == 0 then return tag end
  return nil
end

-- Items kept before handing over to the native walk (which has OCaml's
-- limit and its Out_of_memory).
local MAX_PENDING = 100000

-- OCaml's compare of two ints or two strings; nil for anything else (and
-- for 0 against -0.0, which the native walk decides).
local function compare_leaves(a, b)
  local ta = type(a)
  if ta == "number" then
    if type(b) ~= "number" then return nil end
    if a ~= b then
      if not (is_int(a) and is_int(b)) then return nil end
      return a < b and -1 or 1
    end
    if a == 0 and 1 / a ~= 1 / b then return nil end
    return 0
  elseif ta == "string" then
    if type(b) ~= "string" then return nil end
    if a == b then return 0 end
    -- LuaJIT orders strings byte-wise, then by length (lj_str_cmp), as OCaml does.
    return a < b and -1 or 1
  end
  return nil
end

-- Two ordinary blocks by tag, then by size: -1 or 1 when that decides,
-- else 0 and their last index; nil when either is not an ordinary block.
local function compare_headers(a, b)
  local ga, gb = plain_tag(a), plain_tag(b)
  if not (ga and gb) then return nil end
  if ga ~= gb then return ga < gb and -1 or 1 end
  local last, lastb = #a, #b
  if last ~= lastb then return last < lastb and -1 or 1 end
  return 0, last
end

--- OCaml's `compare a b` for ints, strings and ordinary blocks; nil when
--- the value needs the native walk. Fields 1.. of a block still to compare
--- wait on a stack of (a, b, next index, last index) while field 0 goes first.
local function walk_compare(a, b)
  local stack, n = nil, 0 ---@type any[]?, integer
  while true do
    local ta, tb = type(a), type(b) ---@type string?, string
    if ta == "table" then
      if tb == "table" then
        if not rawequal(a, b) then
          local r, last = compare_headers(a, b)
          if r ~= 0 then return r end
          if last >= 2 then
            if last >= 3 then
              n = n + 1
              if n > MAX_PENDING then return nil end
              stack = stack or {}
              local at = 4 * n
              stack[at - 3], stack[at - 2], stack[at - 1], stack[at] = a, b, 3, last
            end
            a, b = a[2], b[2]
            ta = nil -- descended: compare the new pair
          end
        end
      elseif tb == "number" then
        if not (is_int(b) and plain_tag(a)) then return nil end
        return 1
      else
        return nil
      end
    elseif ta == "number" and tb == "table" then
      if not (is_int(a) and plain_tag(b)) then return nil end
      return -1 -- an int is below every block
    else
      local r = compare_leaves(a, b)
      if r ~= 0 then return r end
    end
    if ta ~= nil then -- the pair was equal: next pending fields
      if n == 0 or not stack then return 0 end -- (stack is set once n > 0)
      local at = 4 * n
      local i = stack[at - 1]
      a, b = stack[at - 3][i], stack[at - 2][i]
      if i == stack[at] then n = n - 1 else stack[at - 1] = i + 1 end
    end
  end
end

-- compare of two ordinary blocks of at most three fields, each an int or
-- a string (tuples, small records, keys), with no loop: a loop here gets
-- a trace of its own, which a caller's loop cannot take in (LuaJIT gives
-- up a root trace that meets an inner loop, and the walk's loop, whose
-- variables change type, ran in the interpreter). nil for anything else.
local function compare_small_blocks(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return nil end
  if rawequal(a, b) then return 0 end
  local r, last = compare_headers(a, b)
  if r ~= 0 then return r end
  if last > 4 then return nil end
  if last < 2 then return 0 end
  r = compare_leaves(a[2], b[2])
  if r ~= 0 or last == 2 then return r end
  r = compare_leaves(a[3], b[3])
  if r ~= 0 or last == 3 then return r end
  return (compare_leaves(a[4], b[4]))
end

--- `caml_compare` with the plain Lua walks first.
---@param native_compare fun(a: any, b: any): integer
---@return fun(a: any, b: any): integer
function jitwalk.compare(native_compare)
  return function(a, b)
    local r = compare_leaves(a, b) or compare_small_blocks(a, b) or walk_compare(a, b)
    if r then return r end
    return native_compare(a, b)
  end
end

-- MurmurHash3 on 32-bit words as hash.rs (and OCaml's hash.c) computes it,
-- with LuaJIT's bit operations (signed 32-bit results). Results are
-- returned in parentheses: a tail call counts against LuaJIT's unroll
-- limit, and a trace with a few dozen of them is given up.

-- a * c modulo 2^32, for an `a` below 2^32 in magnitude and a constant
-- `c` below 2^32, by c's 16-bit halves: no product exceeds a double's 53
-- bits, and the halves of a constant fold when LuaJIT compiles the call
-- (it spent a third less time on tuples than splitting `a` did).
local function mul32(a, c)
  local lo = c % 65536
  return (tobit(a * lo + lshift(tobit(a * ((c - lo) / 65536)), 16)))
end

local function mix(h, d)
  d = mul32(rol(mul32(d, 0xcc9e2d51), 15), 0x1b873593)
  h = rol(bxor(h, d), 13)
  return (tobit(h * 5 + 0xe6546b64))
end

local function final_mix(h)
  h = mul32(bxor(h, rshift(h, 16)), 0x85ebca6b)
  h = mul32(bxor(h, rshift(h, 13)), 0xc2b2ae35)
  return (bxor(h, rshift(h, 16)))
end

-- The little-endian 32-bit word at `i`.
local function word(s, i)
  local b0, b1, b2, b3 = sbyte(s, i, i + 3)
  return b0 + b1 * 256 + b2 * 65536 + b3 * 16777216
end

-- Strings of up to 16 bytes are mixed without a loop: LuaJIT then keeps
-- the caller's loop in one trace.
local function mix_string(h, s)
  local len = #s
  local i = 1
  if len <= 16 then
    if len >= 4 then
      h, i = mix(h, word(s, 1)), 5
      if len >= 8 then
        h, i = mix(h, word(s, 5)), 9
        if len >= 12 then
          h, i = mix(h, word(s, 9)), 13
          if len == 16 then h, i = mix(h, word(s, 13)), 17 end
        end
      end
    end
  else
    while i + 3 <= len do
      h = mix(h, word(s, i))
      i = i + 4
    end
  end
  local rest = len - i + 1
  if rest > 0 then
    local w = sbyte(s, i)
    if rest > 1 then w = w + sbyte(s, i + 1) * 256 end
    if rest > 2 then w = w + sbyte(s, i + 2) * 65536 end
    h = mix(h, w)
  end
  return (bxor(h, len))
end

-- The ints hashed here: 2n+1 must be a 32-bit value (then mix_intnat is
-- one mix of it); larger ones go to the native walk.
local SMALL = 2 ^ 30

-- An int or a string, mixed as hash.rs's visit does; nil for anything else.
local function mix_leaf(h, x)
  local t = type(x)
  if t == "number" then
    if x % 1 == 0 and x >= -SMALL and x < SMALL and (x ~= 0 or 1 / x > 0) then return (mix(h, 2 * x + 1)) end
  elseif t == "string" then
    return (mix_string(h, x))
  end
  return nil
end

-- The breadth-first walk of hash.rs over at most `size` queued values,
-- with a fresh queue.
local function walk_queue(h, num, size, v)
  local queue, rd, wr = { v }, 0, 1
  while rd < wr and num > 0 do
    rd = rd + 1
    local x = queue[rd]
    if type(x) == "table" then
      local tag = plain_tag(x)
      if not tag then return nil end
      local fields = #x - 1
      h = mix(h, tobit(fields * 1024 + tag))
      for i = 2, fields + 1 do
        if wr >= size then break end
        wr = wr + 1
        queue[wr] = x[i]
      end
    else
      h = mix_leaf(h, x)
      if not h then return nil end
      num = num - 1
    end
  end
  return h
end

-- Field `i` of a block of leaves, when `num` meaningful values are still
-- wanted: the new hash and count, or nil when the field is not a leaf.
local function mix_field(h, num, v, i)
  if num <= 0 then return h, num end
  h = mix_leaf(h, v[i])
  return h, num - 1
end

--- OCaml's `caml_hash(count, limit, seed, v)` when every value met is an
--- int below 2^30, a string or an ordinary block; nil otherwise. A leaf,
--- or a block of at most 4 leaves (a tuple, a small record), is mixed
--- without a loop or a queue (breadth-first, that is the block and then
--- its fields in order), so that LuaJIT keeps the caller's loop in one trace.
local function walk_hash(count, limit, seed, v)
  if type(count) ~= "number" or type(limit) ~= "number" or type(seed) ~= "number"
    or count % 1 ~= 0 or limit % 1 ~= 0 or seed % 1 ~= 0 or seed < -SMALL * 2 or seed >= SMALL * 2 then
    return nil
  end
  local h = tobit(seed) ---@type integer?
  if count <= 0 then return (band(final_mix(h), 0x3fffffff)) end
  local size = (limit >= 0 and limit <= 256) and limit or 256
  if type(v) ~= "table" then
    h = mix_leaf(h, v)
  else
    local tag = plain_tag(v)
    if not tag then return nil end
    local fields = #v - 1
    local queued = fields < size - 1 and fields or size - 1
    if queued > 4 then
      h = walk_queue(h, count, size, v)
    else
      local num = count
      h = mix(h, tobit(fields * 1024 + tag))
      if queued >= 1 and h then h, num = mix_field(h, num, v, 2) end
      if queued >= 2 and h then h, num = mix_field(h, num, v, 3) end
      if queued >= 3 and h then h, num = mix_field(h, num, v, 4) end
      if queued >= 4 and h then h = mix_field(h, num, v, 5) end
      if not h then h = walk_queue(tobit(seed), count, size, v) end
    end
  end
  if not h then return nil end
  return (band(final_mix(h), 0x3fffffff))
end

--- `caml_hash` with the plain Lua walk first.
---@param native_hash fun(count: integer, limit: integer, seed: integer, v: any): integer
---@return fun(count: integer, limit: integer, seed: integer, v: any): integer
function jitwalk.hash(native_hash)
  return function(count, limit, seed, v)
    local r = walk_hash(count, limit, seed, v)
    if r then return r end
    return native_hash(count, limit, seed, v)
  end
end

return jitwalk

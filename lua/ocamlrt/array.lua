--- Arrays for compiled code: `{0, e0, ...}`, float arrays `{254, x0, ...}`,
-- the empty array `{0}` (docs/VALUES.md). The primitives of OCaml's
-- array.c that compiled code calls: creation, bounds checks, unsafe get and
-- set, sub, append, concat, blit and fill.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")

local array = {}

local DOUBLE_ARRAY_TAG = 254

-- Arrays are made at their exact size where LuaJIT can: `caml_check_bound`
-- takes `#a` on every access.
local new_array = core.new_array

-- Past this many elements a Lua table cannot grow (Lua 5.4's limit, and
-- far beyond LuaJIT's memory): OCaml's Out_of_memory, before any work.
local MAX_LENGTH = 2 ^ 31 - 2

-- Whether `x` is surely a float: Lua 5.4 says so; with one number type
-- only a number that is not integral is.
local math_type = rawget(math, "type") -- Lua 5.3+
local function is_float(x)
  if core.has_integers then return math_type(x) == "float" end
  return type(x) == "number" and x % 1 ~= 0
end

local function check_length(n, who)
  if type(n) ~= "number" or n < 0 or n % 1 ~= 0 then exn.invalid_argument(who) end
  if n > MAX_LENGTH then exn.raise(exn.constructor("Out_of_memory")) end
end

--- `caml_make_vect(n, x)`: `Array.make n x`; a float array when `x` is
--- surely a float (Lua 5.4 tells; elsewhere a non-integral number).
function array.make(n, x)
  check_length(n, "Array.make")
  local a = new_array(n, (n > 0 and is_float(x)) and DOUBLE_ARRAY_TAG or 0)
  for i = 2, n + 1 do a[i] = x end
  return a
end

--- `caml_floatarray_create(n)`: a float array of `n` zeros.
function array.floatarray_create(n)
  check_length(n, "Float.Array.create")
  if n == 0 then return { 0 } end
  local a = new_array(n, DOUBLE_ARRAY_TAG) ---@type number[]
  for i = 2, n + 1 do a[i] = 0.0 end
  return a
end

--- `caml_array_bound_error()`: raises `Invalid_argument "index out of bounds"`.
function array.bound_error()
  exn.invalid_argument("index out of bounds")
end

--- `caml_check_bound(a, i)`: `a` when `i` is an index of it, else the bound error.
function array.check_bound(a, i)
  if i < 0 or i >= #a - 1 then array.bound_error() end
  return a
end

--- `caml_array_unsafe_get(a, i)`.
function array.unsafe_get(a, i)
  return a[i + 2]
end

--- `caml_array_unsafe_set(a, i, x)`.
function array.unsafe_set(a, i, x)
  a[i + 2] = x
  return 0
end

-- Elements `ofs .. ofs + len - 1` of each `(a, ofs, len)` source into a new
-- array: a float array when a source is one (array.c's caml_array_gather),
-- the empty array `{0}` when nothing is taken.
local function gather(sources)
  local total = 0
  for _, src in ipairs(sources) do total = total + src[3] end
  local out, n, float = new_array(total, 0), 1, false
  for _, src in ipairs(sources) do
    local a, ofs, len = src[1], src[2], src[3]
    float = float or a[1] == DOUBLE_ARRAY_TAG
    for i = ofs + 2, ofs + len + 1 do
      n = n + 1
      out[n] = a[i]
    end
  end
  if float and n > 1 then out[1] = DOUBLE_ARRAY_TAG end
  return out
end

--- `caml_array_sub(a, ofs, len)`.
function array.sub(a, ofs, len)
  if ofs < 0 or len < 0 or ofs + len > #a - 1 then exn.invalid_argument("Array.sub") end
  return gather({ { a, ofs, len } })
end

--- `caml_array_append(a, b)`.
function array.append(a, b)
  return gather({ { a, 0, #a - 1 }, { b, 0, #b - 1 } })
end

--- `caml_array_concat(l)`: the arrays of the OCaml list `l` end to end.
function array.concat(l)
  local sources = {}
  while type(l) == "table" do
    local a = l[2]
    sources[#sources + 1] = { a, 0, #a - 1 }
    l = l[3]
  end
  return gather(sources)
end

--- `caml_array_blit(src, sofs, dst, dofs, len)`; the ranges may overlap.
function array.blit(src, sofs, dst, dofs, len)
  if src == dst and sofs < dofs then
    for i = len - 1, 0, -1 do dst[dofs + i + 2] = src[sofs + i + 2] end
  else
    for i = 0, len - 1 do dst[dofs + i + 2] = src[sofs + i + 2] end
  end
  return 0
end

--- `caml_array_fill(a, ofs, len, x)`.
function array.fill(a, ofs, len, x)
  for i = ofs + 2, ofs + len + 1 do a[i] = x end
  return 0
end

core.provide({
  caml_make_vect = array.make,
  caml_array_make = array.make,
  caml_floatarray_create = array.floatarray_create,
  caml_make_float_vect = array.floatarray_create,
  caml_array_bound_error = array.bound_error,
  caml_check_bound = array.check_bound,
  caml_check_bound_gen = array.check_bound,
  caml_check_bound_float = array.check_bound,
  caml_array_unsafe_get = array.unsafe_get,
  caml_array_unsafe_set = array.unsafe_set,
  caml_floatarray_unsafe_get = array.unsafe_get,
  caml_floatarray_unsafe_set = array.unsafe_set,
  caml_array_get = function(a, i) return array.check_bound(a, i)[i + 2] end,
  caml_array_set = function(a, i, x) array.check_bound(a, i)[i + 2] = x return 0 end,
  caml_array_sub = array.sub,
  caml_array_append = array.append,
  caml_array_concat = array.concat,
  caml_array_blit = array.blit,
  caml_floatarray_blit = array.blit,
  caml_array_fill = array.fill,
})

return array

--- Obj, Lazy and recursive definitions: the block surgery compiled code
-- asks of the runtime (`caml_obj_dup`, `caml_obj_make_forward`,
-- `caml_lazy_make_forward`, `caml_alloc_dummy`, `caml_update_dummy`,
-- `caml_fresh_oo_id`). Blocks are `{tag, field0, ...}` (docs/VALUES.md).

local core = require("ocamlrt.core")
local bytes = require("ocamlrt.bytes")
local closure = require("ocamlrt.closure")

local obj = {}

local FORWARD_TAG = 250

--- `Obj.dup v`: a shallow copy of a block (every key, the metatable too);
--- a copy of bytes; any other value as it is.
function obj.dup(v)
  local t = type(v)
  if t == "table" then
    local copy = {}
    for k, x in pairs(v) do copy[k] = x end
    return setmetatable(copy, getmetatable(v))
  elseif t == "userdata" then
    return bytes.sub(v, 0, #v)
  end
  return v
end

--- `caml_obj_make_forward(b, v)`: turns the (lazy) block `b` into a
--- forward block to `v`, as CamlinternalLazy does once a value is computed.
function obj.make_forward(b, v)
  for i = #b, 3, -1 do b[i] = nil end
  b[1], b[2] = FORWARD_TAG, v
  return 0
end

--- `caml_lazy_make_forward(v)`: a new forward block to `v` (`Lazy.from_val`).
function obj.lazy_make_forward(v)
  return { FORWARD_TAG, v }
end

--- `caml_alloc_dummy(n)`: a placeholder block of `n` fields for a `let rec`
--- value, filled in later by `caml_update_dummy`.
function obj.alloc_dummy(n)
  local b = { 0 }
  for i = 2, n + 1 do b[i] = 0 end
  return b
end

--- `caml_alloc_dummy_function(n, arity)`: the placeholder for a recursive
--- closure; `caml_update_dummy` makes it callable.
function obj.alloc_dummy_function(n)
  return obj.alloc_dummy(n)
end

--- `caml_update_dummy(dummy, v)`: makes the placeholder `dummy` a copy of
--- `v` (a block, or a closure, which `dummy` then runs), so that the values
--- that captured `dummy` see the finished definition.
function obj.update_dummy(dummy, v)
  for k in pairs(dummy) do dummy[k] = nil end
  if type(v) == "function" then
    dummy.l, dummy[1] = 1, v
    setmetatable(dummy, closure.metatable)
    return 0
  end
  for k, x in pairs(v) do dummy[k] = x end
  setmetatable(dummy, getmetatable(v))
  return 0
end

local last_oo_id = 0

--- `caml_fresh_oo_id()`: a new positive id for an object or an exception.
function obj.fresh_oo_id()
  last_oo_id = last_oo_id + 1
  return last_oo_id
end

--- `caml_set_oo_id(o)`: gives the new object `o` its id (field 1).
function obj.set_oo_id(o)
  o[3] = obj.fresh_oo_id()
  return o
end

--- `caml_obj_block(tag, n)`: a new block of `n` fields, all 0 (0.0 for a
--- float array).
function obj.block(tag, n)
  local fill = tag == 254 and 0.0 or 0
  local b = { tag }
  for i = 2, n + 1 do b[i] = fill end
  return b
end

--- `caml_get_public_method(o, label)`: the method of object `o` for the
--- method label (a hash), or 0. An object's field 0 is its method table:
--- field 0 the number of methods n, then (method, label) pairs from field 2,
--- sorted by label; found by binary search as obj.c does.
function obj.get_public_method(o, label)
  local meths = o[2]
  local lo, hi = 3, meths[2] * 2 + 1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if mid % 2 == 0 then mid = mid + 1 end
    if label < meths[mid + 2] then hi = mid - 2 else lo = mid end
  end
  if meths[lo + 2] == label then return meths[lo + 1] end
  return 0
end

local last_cache_id = 0

core.provide({
  caml_set_oo_id = obj.set_oo_id,
  caml_obj_block = obj.block,
  caml_get_public_method = obj.get_public_method,
  -- A send site's cache only speeds the lookup up; the lookup is the same.
  caml_get_cached_method = obj.get_public_method,
  caml_oo_cache_id = function()
    last_cache_id = last_cache_id + 1
    return last_cache_id
  end,
  caml_obj_dup = obj.dup,
  caml_obj_make_forward = obj.make_forward,
  caml_lazy_make_forward = obj.lazy_make_forward,
  caml_alloc_dummy = obj.alloc_dummy,
  caml_alloc_dummy_function = obj.alloc_dummy_function,
  caml_update_dummy = obj.update_dummy,
  caml_fresh_oo_id = obj.fresh_oo_id,
})

return obj

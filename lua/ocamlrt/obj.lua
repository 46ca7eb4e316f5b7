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

core.provide({
  caml_obj_dup = obj.dup,
  caml_obj_make_forward = obj.make_forward,
  caml_lazy_make_forward = obj.lazy_make_forward,
  caml_alloc_dummy = obj.alloc_dummy,
  caml_alloc_dummy_function = obj.alloc_dummy_function,
  caml_update_dummy = obj.update_dummy,
  caml_fresh_oo_id = obj.fresh_oo_id,
})

return obj

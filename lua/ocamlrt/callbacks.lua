--- Shared pieces of the data-structure modules (buffer, queue, stack,
-- hashtbl, map, set, stream): how a Lua callback's answer reads as an OCaml
-- bool, Lazy.force on OCaml lazy blocks, and the default comparison and hash
-- (`caml_compare`, `caml_hash`) looked up when first needed.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")

local callbacks = {}

--- Whether a callback's result means true: Lua `false`, `nil` and OCaml's
--- false (`0`) are false, anything else is true.
---@param x any
---@return boolean
function callbacks.truthy(x)
  return x ~= nil and x ~= false and x ~= 0
end

--- The `caml_*` primitive `name`, or a clear error when this build has none.
---@param name string
---@return function
function callbacks.primitive(name)
  local fn = core.primitives[name]
  if not fn then
    error("ocamlrt: " .. name .. " is not available in this build; pass your own function", 3)
  end
  return fn
end
local primitive = callbacks.primitive

--- OCaml's polymorphic `compare` (`caml_compare`): a negative, zero or
--- positive integer.
function callbacks.compare(a, b)
  local compare = primitive("caml_compare")
  callbacks.compare = compare
  return compare(a, b)
end

--- `Hashtbl.seeded_hash seed x`: `caml_hash(10, 100, seed, x)`.
function callbacks.seeded_hash(seed, x)
  local hash = primitive("caml_hash")
  callbacks.seeded_hash = function(s, v) return hash(10, 100, s, v) end
  return hash(10, 100, seed, x)
end

local LAZY_TAG, FORWARD_TAG = 246, 250

--- `Lazy.force` on an OCaml lazy value `{246, closure}` (a forced one is
--- `{250, v}`, anything else is already a value), as CamlinternalLazy does:
--- the block becomes a forward block; forcing it again while it is being
--- forced raises `CamlinternalLazy.Undefined`; an exception is re-raised by
--- every later force.
function callbacks.force(lz)
  if type(lz) ~= "table" then return lz end
  local tag = lz[1]
  if tag == FORWARD_TAG then return lz[2] end
  if tag ~= LAZY_TAG then return lz end
  local closure = lz[2]
  lz[2] = function() exn.raise(exn.constructor("CamlinternalLazy.Undefined")) end
  local ok, v = pcall(closure, 0)
  if not ok then
    lz[2] = function() error(v, 0) end
    error(v, 0)
  end
  lz[1], lz[2] = FORWARD_TAG, v
  return v
end

--- A lazy block whose value is `fn()` (OCaml's `lazy (fn ())`).
function callbacks.lazy(fn)
  return { LAZY_TAG, fn }
end

--- OCaml's `Sys.max_string_length` for this build's bytes.
--- (2^57 - 9 on 64-bit OCaml: the hex literal is that integer on 5.4 and the
--- nearest double, 2^57, on 5.1.)
---@type integer
callbacks.max_string_length = core.interpreter == "luajit" and 0x7fffff00 or 0x1FFFFFFFFFFFFF7

return callbacks

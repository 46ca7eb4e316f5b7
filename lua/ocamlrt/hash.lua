--- OCaml's generic hash (`Hashtbl.hash` and friends) for Lua
-- (docs/compare_hash.md). Values follow the value contract
-- (docs/VALUES.md); results equal native 64-bit OCaml's.

local core = require("ocamlrt.core")
local native = core.native
local caml_hash = native.caml_hash

-- On LuaJIT a plain Lua walk comes first (ocamlrt.jitwalk), also for
-- generated code, which calls `caml_hash` from the primitives table.
if core.interpreter == "luajit" then
  caml_hash = require("ocamlrt.jitwalk").hash(caml_hash)
  core.provide({ caml_hash = caml_hash })
end

local hash = {}

--- `Hashtbl.hash v`: a non-negative integer below 2^30.
---@param v any
---@return integer
function hash.hash(v)
  return caml_hash(10, 100, 0, v)
end

--- `Hashtbl.seeded_hash seed v`.
---@param seed integer
---@param v any
---@return integer
function hash.seeded_hash(seed, v)
  return caml_hash(10, 100, seed, v)
end

--- `Hashtbl.hash_param meaningful total v`: at most `meaningful` numbers,
--- strings and the like, among at most `total` values looked at.
---@param meaningful integer
---@param total integer
---@param v any
---@return integer
function hash.hash_param(meaningful, total, v)
  return caml_hash(meaningful, total, 0, v)
end

--- `Hashtbl.seeded_hash_param meaningful total seed v` (the primitive itself).
---@type fun(meaningful: integer, total: integer, seed: integer, v: any): integer
hash.seeded_hash_param = caml_hash

--- OCaml 5's `String.seeded_hash seed s` (`String.hash s` is seed 0).
---@type fun(seed: integer, s: string|userdata): integer
hash.string_hash = native.caml_string_hash

return hash

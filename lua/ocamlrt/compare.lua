--- OCaml's polymorphic comparison for Lua (docs/compare_hash.md).
-- Values follow the value contract (docs/VALUES.md). `compare` orders as
-- OCaml's `compare` (-1, 0 or 1; `nan` equal to itself and below every
-- other float); the tests follow OCaml's `=`, `<>`, `<`, `<=`, `>`, `>=`
-- (every test with a `nan` is false, except `<>`) and return Lua booleans.
-- Closures raise `Invalid_argument "compare: functional value"`.

local core = require("ocamlrt.core")
local native = core.native

local compare = {}

-- On LuaJIT a plain Lua walk comes first (ocamlrt.jitwalk), also for
-- generated code, which calls `caml_compare` from the primitives table.
local caml_compare = native.caml_compare
if core.interpreter == "luajit" then
  caml_compare = require("ocamlrt.jitwalk").compare(caml_compare)
  core.provide({ caml_compare = caml_compare })
end

--- -1, 0 or 1 as OCaml's `compare a b`.
---@type fun(a: any, b: any): integer
compare.compare = caml_compare

local function test(primitive)
  return function(a, b)
    return primitive(a, b) == 1
  end
end

--- OCaml's `a = b` (structural equality) as a Lua boolean.
---@type fun(a: any, b: any): boolean
compare.equal = test(native.caml_equal)
--- OCaml's `a <> b` as a Lua boolean.
---@type fun(a: any, b: any): boolean
compare.notequal = test(native.caml_notequal)
--- OCaml's `a < b` as a Lua boolean.
---@type fun(a: any, b: any): boolean
compare.lessthan = test(native.caml_lessthan)
--- OCaml's `a <= b` as a Lua boolean.
---@type fun(a: any, b: any): boolean
compare.lessequal = test(native.caml_lessequal)
--- OCaml's `a > b` as a Lua boolean.
---@type fun(a: any, b: any): boolean
compare.greaterthan = test(native.caml_greaterthan)
--- OCaml's `a >= b` as a Lua boolean.
---@type fun(a: any, b: any): boolean
compare.greaterequal = test(native.caml_greaterequal)

--- `Int.compare`: -1, 0 or 1.
---@type fun(a: integer, b: integer): integer
compare.int_compare = native.caml_int_compare
--- `Float.compare`: -1, 0 or 1, `nan` equal to itself and below the rest.
---@type fun(a: number, b: number): integer
compare.float_compare = native.caml_float_compare
--- `String.compare` (strings or bytes): byte-wise, then by length.
---@type fun(a: string|userdata, b: string|userdata): integer
compare.string_compare = native.caml_string_compare

--- OCaml's `min a b`: `if a <= b then a else b` (so `min nan 1.` is `1.`).
---@param a any
---@param b any
---@return any
function compare.min(a, b)
  if native.caml_lessequal(a, b) == 1 then return a end
  return b
end

--- OCaml's `max a b`: `if a >= b then a else b`.
---@param a any
---@param b any
---@return any
function compare.max(a, b)
  if native.caml_greaterequal(a, b) == 1 then return a end
  return b
end

return compare

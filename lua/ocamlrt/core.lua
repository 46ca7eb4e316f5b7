--- The native half of ocamlrt and the table of `caml_*` primitives.
-- Every shim requires this module; it loads `ocamlrt.so` once.
-- The native module is found on `package.cpath` under the name `ocamlrt`
-- (the Lua searcher finds `lua/ocamlrt/init.lua` first for `require "ocamlrt"`,
-- so the shared object is opened by path with `package.loadlib`).

local core = {}

local function load_native()
  local tried = {}
  for template in package.cpath:gmatch("[^;]+") do
    local path = (template:gsub("%?", "ocamlrt"))
    local f = io.open(path, "rb")
    if f then
      f:close()
      local open, err = package.loadlib(path, "luaopen_ocamlrt")
      if open then
        return open()
      end
      tried[#tried + 1] = path .. ": " .. tostring(err)
    else
      tried[#tried + 1] = path .. ": not found"
    end
  end
  error("ocamlrt: cannot load the native module ocamlrt.so from package.cpath\n  "
    .. table.concat(tried, "\n  "), 2)
end

--- The native primitives, a flat table keyed by OCaml runtime name.
---@type ocamlrt.native
core.native = load_native()

--- Which build was loaded: "lua54", "luajit" or "lua51".
core.interpreter = core.native._interpreter

--- Whether Lua tells integers from floats (Lua 5.3+).
core.has_integers = rawget(math, "type") ~= nil

-- LuaJIT's `table.new(narray, nhash)` (slots 0 .. narray), or nil.
local has_table_new, table_new = pcall(require, "table.new")
local exact_table = has_table_new and table_new --[[@as fun(narray: integer, nhash: integer): table]] or nil

--- A new OCaml array (or block) of `n` fields, not yet set, with `tag` in
--- slot 1. On LuaJIT it is made at its exact size with `table.new`: `#` is
--- then constant time, where an array grown one slot at a time has the
--- next power of 2 as its array part and `#` searches for the border on
--- every call. (Only below 2^27 slots, LuaJIT's largest array part, where
--- `table.new` fails; a table grown beyond it goes on in its hash part.)
---@param n integer
---@param tag integer
---@return table
function core.new_array(n, tag)
  local a = exact_table and n < 2 ^ 26 and exact_table(n + 1, 0) or {}
  a[1] = tag
  return a
end

-- The native module's `caml_*` functions (core.provide adds the rest).
---@param native ocamlrt.native
---@return ocamlrt.primitives
local function caml_functions(native)
  local t = {}
  ---@cast t ocamlrt.primitives
  for name, fn in pairs(native --[[@as table<string, function>]]) do
    if name:sub(1, 5) == "caml_" then t[name] = fn end
  end
  return t
end

--- Every `caml_*` primitive, native or written in Lua, by runtime name.
core.primitives = caml_functions(core.native)

--- Adds primitives written in Lua to the `caml_*` table.
---@param fns table<string, function>
function core.provide(fns)
  for name, fn in pairs(fns) do
    core.primitives[name] = fn
  end
end

return core

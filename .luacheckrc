-- Lua 5.1 through 5.4 and LuaJIT: allow each version's globals.
std = "max"
max_line_length = 120
files["spec/"] = { std = "+busted" }
-- A LuaLS/EmmyLua definition file: declarations with empty bodies, never run.
files["lua/ocamlrt/native.d.lua"] = { unused_args = false, ignore = { "241" } }

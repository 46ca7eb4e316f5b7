--- ocamlrt: the I/O half of OCaml's runtime for Lua, in native code.
-- `require "ocamlrt"` gives one table grouped by OCaml module; the
-- runtime's `caml_*` primitives are in `ocamlrt.primitives`, and
-- `ocamlrt.install_globals()` puts them in `_G` for generated code.

local core = require("ocamlrt.core")

local ocamlrt = {
  --- Which native build is loaded: "lua54", "luajit" or "lua51".
  interpreter = core.interpreter,
  --- Every `caml_*` primitive by runtime name.
  primitives = core.primitives,
}

-- The modules, each named after the OCaml module it serves.
local modules = {
  "exn",
  "bytes",
  "value",
  "io",
  "printf",
  "scanf",
  "compare",
  "hash",
  "lexing",
  "parsing",
  "sys",
  "filename",
  "digest",
  "marshal",
  "buffer",
  "queue",
  "stack",
  "hashtbl",
  "map",
  "set",
  "stream",
  "closure",
  "obj",
  "array",
  "number",
  "boxed",
  "compiled",
}
for _, name in ipairs(modules) do
  ocamlrt[name] = require("ocamlrt." .. name)
end

--- Installs every `caml_*` primitive as a global (or into `env`), replacing
--- any definition of the same name, as generated code expects. Returns how
--- many were installed. Without this call nothing is put in `_G`.
---@param env? table
---@return integer
function ocamlrt.install_globals(env)
  env = env or _G
  local n = 0
  for name, fn in pairs(core.primitives) do
    env[name] = fn
    n = n + 1
  end
  return n
end

return ocamlrt

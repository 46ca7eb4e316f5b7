--- ocamlrt: the I/O half of OCaml's runtime for Lua, in native code.
-- `require "ocamlrt"` gives one table grouped by OCaml module; the
-- runtime's `caml_*` primitives are in `ocamlrt.primitives`, and
-- `ocamlrt.install_globals()` puts them in `_G` for generated code.

local core = require("ocamlrt.core")

-- The modules, each named after the OCaml module it serves, written out
-- (not a loop) so that editors and type checkers know every field.
local ocamlrt = {
  --- Which native build is loaded: "lua54", "luajit" or "lua51".
  interpreter = core.interpreter,
  --- Every `caml_*` primitive by runtime name.
  primitives = core.primitives,
  exn = require("ocamlrt.exn"),
  bytes = require("ocamlrt.bytes"),
  value = require("ocamlrt.value"),
  io = require("ocamlrt.io"),
  printf = require("ocamlrt.printf"),
  scanf = require("ocamlrt.scanf"),
  compare = require("ocamlrt.compare"),
  hash = require("ocamlrt.hash"),
  lexing = require("ocamlrt.lexing"),
  parsing = require("ocamlrt.parsing"),
  sys = require("ocamlrt.sys"),
  filename = require("ocamlrt.filename"),
  digest = require("ocamlrt.digest"),
  marshal = require("ocamlrt.marshal"),
  buffer = require("ocamlrt.buffer"),
  queue = require("ocamlrt.queue"),
  stack = require("ocamlrt.stack"),
  hashtbl = require("ocamlrt.hashtbl"),
  map = require("ocamlrt.map"),
  set = require("ocamlrt.set"),
  stream = require("ocamlrt.stream"),
  closure = require("ocamlrt.closure"),
  obj = require("ocamlrt.obj"),
  array = require("ocamlrt.array"),
  number = require("ocamlrt.number"),
  boxed = require("ocamlrt.boxed"),
  compiled = require("ocamlrt.compiled"),
}

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

rockspec_format = "3.0"
package = "ocamlrt"
version = "scm-1"
source = {
  url = "git+https://github.com/ocamlrt/ocamlrt.git",
}
description = {
  summary = "The I/O half of OCaml's runtime for Lua, in native code",
  detailed = [[
Channels, Marshal, Printf/Scanf, compare and Hashtbl.hash, the ocamllex and
ocamlyacc engines, Sys, Filename, Digest and OCaml's data structures for Lua
5.4, LuaJIT and Lua 5.1, exact to the bit against native OCaml. Built from
Rust with cargo.]],
  license = "MIT",
}
dependencies = {
  "lua >= 5.1, < 5.5",
}
-- `luarocks test [busted arguments]`: the busted suite under the targeted
-- interpreter (scripts/luarocks-test.lua builds the module for it first).
test = {
  type = "command",
  script = "scripts/luarocks-test.lua",
}
build = {
  type = "make",
  build_target = "rock-build",
  install_target = "rock-install",
  build_variables = {
    LUA = "$(LUA)",
    CFLAGS = "$(CFLAGS)",
  },
  install_variables = {
    LIBDIR = "$(LIBDIR)",
    LUADIR = "$(LUADIR)",
  },
  -- `ocamlrt-run prog.lua ARGS`: runs a lua_of_ocaml program on ocamlrt.
  install = {
    bin = { ["ocamlrt-run"] = "bin/ocamlrt-run" },
  },
}

-- LuaRocks configuration for building ocamlrt for LuaJIT (Debian's luajit and
-- libluajit-5.1-dev): LuaRocks treats LuaJIT as Lua 5.1 and would otherwise
-- pick lua5.1 as the interpreter. Use with
--   LUAROCKS_CONFIG=rockspec/luajit-config.lua luarocks --lua-version 5.1 --tree TREE make rockspec/ocamlrt-scm-1.rockspec
-- and a tree of its own (5.1 and LuaJIT both install into lib/lua/5.1).
lua_interpreter = "luajit"
variables = {
  LUA_DIR = "/usr",
  LUA_BINDIR = "/usr/bin",
  LUA_INCDIR = "/usr/include/luajit-2.1",
}

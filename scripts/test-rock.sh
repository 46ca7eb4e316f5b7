#!/bin/sh
# Builds and installs ocamlrt with luarocks for Lua 5.4 into a temporary tree,
# requires it from there, then packs a binary rock of it and installs that
# rock offline into a second tree.
set -eu
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
rockspec=rockspec/ocamlrt-scm-1.rockspec

check() { # check TREE: require the installed module from TREE alone
  LUA_PATH="$1/share/lua/5.4/?.lua;$1/share/lua/5.4/?/init.lua" \
  LUA_CPATH="$1/lib/lua/5.4/?.so" \
    lua5.4 -e 'local o = require "ocamlrt"; assert(o.interpreter == "lua54"); print("installed ocamlrt loads: " .. o.interpreter)'
}

luarocks --lua-version 5.4 --tree "$tree/make" make "$rockspec" >/dev/null
check "$tree/make"

# A binary rock of the installed package. (LuaRocks 3.8's
# `make --pack-binary-rock` packs an empty rock for build type make: it
# passes the --tree paths as LIBDIR/LUADIR while packing a temporary tree.)
(cd "$tree" && luarocks --lua-version 5.4 --tree "$tree/make" pack ocamlrt scm-1 >/dev/null)
rock=$(ls "$tree"/ocamlrt-scm-1.*.rock)
luarocks --lua-version 5.4 --tree "$tree/rock" install --deps-mode=none "$rock" >/dev/null
check "$tree/rock"

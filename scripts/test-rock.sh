#!/bin/sh
# Builds and installs ocamlrt with luarocks into temporary trees, for Lua 5.4,
# Lua 5.1 and LuaJIT, requires it from each and runs `luarocks test` for each;
# then packs a binary rock of the 5.4 install and installs that rock offline
# into another tree.
set -eu
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
rockspec=rockspec/ocamlrt-scm-1.rockspec

check() { # check INTERPRETER VERSION TREE BUILD: require the module from TREE alone
  LUA_PATH="$3/share/lua/$2/?.lua;$3/share/lua/$2/?/init.lua" \
  LUA_CPATH="$3/lib/lua/$2/?.so" \
    "$1" -e "local o = require 'ocamlrt'; assert(o.interpreter == '$4', o.interpreter)
             print('luarocks-installed ocamlrt loads in $1: ' .. o.interpreter)"
}

# A program in the layout of lua_of_ocaml's output, for the installed
# ocamlrt-run: it prints its first argument and exits with status 5.
prog="$tree/prog.lua"
cat > "$prog" <<'EOF'
function __caml_init__()
  local out = caml_ml_open_descriptor_out(1)
  local s = "argv " .. caml_sys_argv(0)[3] .. "\n"
  caml_ml_output(out, s, 0, #s)
  caml_sys_exit(5)
end
__caml_init__()
EOF
check_run() { # check_run TREE: the tree's ocamlrt-run runs the program
  status=0
  out=$(env -u LUA_PATH -u LUA_CPATH "$1/bin/ocamlrt-run" "$prog" hello) || status=$?
  if [ "$out" != "argv hello" ] || [ "$status" != 5 ]; then
    echo "ocamlrt-run from $1: printed '$out', status $status" >&2
    exit 1
  fi
  echo "luarocks-installed ocamlrt-run runs a program: $1"
}

luarocks --lua-version 5.4 --tree "$tree/lua54" make "$rockspec" >/dev/null
check lua5.4 5.4 "$tree/lua54" lua54
# The editors' types sit next to the shims (README: Editors and type checking).
test -f "$tree/lua54/share/lua/5.4/ocamlrt/native.d.lua"
check_run "$tree/lua54"
luarocks --lua-version 5.1 --tree "$tree/lua51" make "$rockspec" >/dev/null
check lua5.1 5.1 "$tree/lua51" lua51
check_run "$tree/lua51"
LUAROCKS_CONFIG=rockspec/luajit-config.lua \
  luarocks --lua-version 5.1 --tree "$tree/luajit" make "$rockspec" >/dev/null
check luajit 5.1 "$tree/luajit" luajit
check_run "$tree/luajit"

# `luarocks test` (the rockspec's test section) under each target, offline:
# busted with the interpreter LuaRocks names, on two quick specs (make
# test-lua runs the whole suite under each interpreter).
rock_test() { # rock_test BUILD LUAROCKS-ARGS...: checks the interpreter and that busted passed
  build=$1
  shift
  out=$("$@" test "$rockspec" spec/value_spec.lua spec/native_types_spec.lua 2>&1) || { echo "$out"; exit 1; }
  echo "$out" | grep -q "against build/$build/ocamlrt.so" || { echo "$out"; exit 1; }
  echo "$out" | grep -q " 0 failures / 0 errors" || { echo "$out"; exit 1; }
  echo "luarocks test runs busted for $build: $(echo "$out" | grep successes)"
}
rock_test lua54 luarocks --lua-version 5.4 --tree "$tree/lua54"
rock_test lua51 luarocks --lua-version 5.1 --tree "$tree/lua51"
rock_test luajit env LUAROCKS_CONFIG=rockspec/luajit-config.lua luarocks --lua-version 5.1 --tree "$tree/luajit"

# A binary rock of the installed package. (LuaRocks 3.8's
# `make --pack-binary-rock` packs an empty rock for build type make: it
# passes the --tree paths as LIBDIR/LUADIR while packing a temporary tree.)
(cd "$tree" && luarocks --lua-version 5.4 --tree "$tree/lua54" pack ocamlrt scm-1 >/dev/null)
rock=$(ls "$tree"/ocamlrt-scm-1.*.rock)
luarocks --lua-version 5.4 --tree "$tree/rock" install --deps-mode=none "$rock" >/dev/null
check lua5.4 5.4 "$tree/rock" lua54

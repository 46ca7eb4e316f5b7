#!/bin/sh
# Installs, from Debian's packages, whatever the build and tests need and the
# machine lacks. Nothing is assumed present but Rust (cargo) and make.
# `scripts/deps.sh lint` also builds emmylua_check (make lint type-checks the
# LuaLS annotations with it) when it is missing: cargo builds it once, about
# ten minutes on two cores, into ~/.cargo/bin.
set -eu

if [ "${1:-}" = lint ] && ! command -v emmylua_check >/dev/null 2>&1 \
    && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/emmylua_check" ]; then
  echo "scripts/deps.sh: building emmylua_check with cargo (first run only, about ten minutes)"
  cargo install emmylua_check --locked
fi

need=""
want() { # want COMMAND PACKAGE...: the packages, not the command's name
  cmd=$1
  shift
  command -v "$cmd" >/dev/null 2>&1 || need="$need $*"
}
want_file() { # want_file PATH PACKAGE
  [ -e "$1" ] || need="$need $2"
}

want lua5.4 lua5.4
want lua5.1 lua5.1
want luajit luajit
want_file /usr/include/lua5.4/lua.h liblua5.4-dev
want_file /usr/include/lua5.1/lua.h liblua5.1-0-dev
want_file /usr/include/luajit-2.1/lua.h libluajit-5.1-dev
want luarocks luarocks
want busted lua-busted
want luacheck lua-check
want ocamlfind ocaml-findlib
want ocamlopt ocaml-nox
want pkg-config pkg-config
want zstd zstd   # the marshal oracle makes OCaml 5 compressed data with it
want python3 python3   # the BLAKE2 oracle is Python's hashlib.blake2b

[ -z "$need" ] && exit 0
echo "scripts/deps.sh: installing:$need"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $need >/dev/null

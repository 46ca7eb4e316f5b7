#!/bin/sh
# Type-checks the LuaLS/EmmyLua annotations with emmylua_check (`make lint`;
# `scripts/deps.sh lint` builds the checker when it is missing):
#  1. the shims, lua/, as Lua 5.4 (the checker's default) and as LuaJIT (so
#     that the names of one version are guarded in the other): no error and
#     no warning;
#  2. every ```lua block of README.md and docs/*.md, in a temporary workspace
#     that uses lua/ as a library, as a user's workspace would: no error and
#     no warning;
#  3. that workspace with a wrong call to a primitive: the checker must
#     report it (lua/ocamlrt/native.d.lua types the caml_* primitives).
set -eu
check=$(command -v emmylua_check || echo "${CARGO_HOME:-$HOME/.cargo}/bin/emmylua_check")

ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT

"$check" --warnings-as-errors lua
echo '{ "runtime": { "version": "LuaJIT" } }' > "$ws/luajit.json"
"$check" --config "$ws/luajit.json" --warnings-as-errors lua
rm "$ws/luajit.json"
lua5.4 scripts/doc_examples.lua "$ws" >/dev/null
cat > "$ws/.emmyrc.json" <<JSON
{
  "runtime": { "version": "Lua5.4" },
  "workspace": { "library": ["$(pwd)/lua"] }
}
JSON
"$check" --warnings-as-errors "$ws"

cat > "$ws/wrong_call.lua" <<'LUA'
local primitives = require("ocamlrt").primitives
return primitives.caml_create_bytes("ten")
LUA
if out=$("$check" --warnings-as-errors "$ws" 2>&1); then
  echo "scripts/typecheck.sh: emmylua_check accepted caml_create_bytes(\"ten\")"
  exit 1
fi
case $out in
  *wrong_call.lua*param-type-mismatch*) echo "emmylua_check: the shims and the docs' examples check clean; a wrong primitive call is caught" ;;
  *) echo "$out"; exit 1 ;;
esac

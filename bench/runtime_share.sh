#!/bin/sh
# How much of a compiled program's time ocamlrt itself takes: for each
# compiled-program workload of `make bench LOO=...` (run that first, it
# builds build/bench/compiled.lua and the data), `perf record` with DWARF
# call graphs under lua5.4 and LuaJIT, then the share of samples that have
# ocamlrt.so on their stack (its own code and the Lua C API calls it makes).
# The rest is the generated code and the interpreter running it: the floor
# any runtime of that program has. Prints one line per workload and
# interpreter. Usage: sh bench/runtime_share.sh [ITEMS] (default 20000).
set -eu
items=${1:-20000}
bench=build/bench
[ -f $bench/compiled.lua ] || { echo "runtime_share: run make bench LOO=... first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for w in marshal_records hashtbl_strings printf_lines read_lines sort_tuples; do
  for i in lua54:lua5.4 luajit:luajit; do
    build=${i%%:*}
    lua=${i##*:}
    env OCAMLRUNPARAM=R LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH="build/$build/?.so;;" \
      perf record -q -F 2000 --call-graph dwarf,16384 -o "$tmp/perf.data" \
      "$lua" -l ocamlrt.run $bench/compiled.lua run "$w" $bench/data "$items" 1 >/dev/null 2>&1
    share=$(perf report -i "$tmp/perf.data" --children --sort dso --stdio 2>/dev/null |
      awk '/ocamlrt\.so/ { print $1; exit }')
    echo "$w $lua ocamlrt ${share:-0%}"
  done
done

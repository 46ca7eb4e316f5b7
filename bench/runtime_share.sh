#!/bin/sh
# How much of a compiled program's time ocamlrt itself takes: for each
# compiled-program workload of `make bench LOO=...` (run that first, it
# builds build/bench/compiled.lua and the data), under lua5.4 and LuaJIT:
# - native: from `perf record` with DWARF call graphs, the share of samples
#   that have ocamlrt.so on their stack (its own code and the Lua C API
#   calls it makes), split in two: "own", and "alloc", the samples inside
#   a Lua API call that allocates (lua_pushlstring, lua_newuserdata, ...).
#   Those make the results (strings, bytes, blocks), which any runtime
#   must make, and carry what allocating costs in the interpreter: the
#   collector's steps, run at whichever allocation comes when its debt is
#   due (they collect the program's garbage as much as ocamlrt's), and the
#   fresh memory a growing heap takes;
# - Lua: the share of ocamlrt's own Lua code (the shims the program calls:
#   caml_check_bound, caml_to_bool, jitwalk, ...), from bench/profile.lua's
#   VM samples on lua5.4 (a share of the time left outside native code) and
#   from LuaJIT's own profiler (jit.p, a share of all the time);
# - total: native own and Lua together; "with alloc" adds the alloc share.
# The rest is the generated code and the interpreter running it: the floor
# any runtime of that program has. Prints one line per workload and
# interpreter. Usage: sh bench/runtime_share.sh [ITEMS] (default 100000,
# the sizes of the compiled-program table).
set -eu
items=${1:-100000}
bench=build/bench
[ -f $bench/compiled.lua ] || { echo "runtime_share: run make bench LOO=... first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Under its own name, so that jit.p's file names tell the program from
# ocamlrt's compiled.lua.
cp $bench/compiled.lua "$tmp/program.lua"
shims=$(cd lua/ocamlrt && ls ./*.lua | sed 's|^\./||' | tr '\n' ' ')
# Reads `perf script -F ip,sym,dso` (call chains leaf first, samples
# separated by blank lines); prints the shares of all samples that have
# ocamlrt.so on the stack outside and inside an allocating Lua API call.
split='
BEGIN {
  n = split("lua_pushlstring lua_pushstring lua_newuserdatauv lua_newuserdata lua_createtable " \
    "lua_pushfstring lua_pushvfstring lua_concat lua_pushcclosure luaL_pushresult luaL_prepbuffsize " \
    "luaL_buffinitsize", names, " ")
  for (k = 1; k <= n; k++) allocating[names[k]] = 1
}
function end_sample() {
  if (frames) { total++; if (where == "own") own++; else if (where == "alloc") alloc++ }
  frames = 0; where = ""; in_alloc = 0
}
NF == 0 { end_sample(); next }
{
  frames++
  if (where != "") next
  if ($2 in allocating) in_alloc = 1
  if (index($0, "ocamlrt.so")) where = in_alloc ? "alloc" : "own"
}
END { end_sample(); printf "%.1f %.1f\n", 100 * own / (total + (total == 0)), 100 * alloc / (total + (total == 0)) }'
# run BUILD COMMAND...: COMMAND with ocamlrt's build for BUILD.
run() {
  cpath="build/$1/?.so;;"
  shift
  env OCAMLRUNPARAM=R LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH="$cpath" "$@"
}
for w in marshal_records hashtbl_strings printf_lines read_lines sort_tuples; do
  for i in lua54:lua5.4 luajit:luajit; do
    build=${i%%:*}
    lua=${i##*:}
    run "$build" perf record -q -F 2000 --call-graph dwarf,16384 -o "$tmp/perf.data" \
      "$lua" -l ocamlrt.run "$tmp/program.lua" run "$w" $bench/data "$items" 1 >/dev/null 2>&1
    set -- $(perf script -i "$tmp/perf.data" -F ip,sym,dso 2>/dev/null | awk "$split")
    native=$1
    alloc=$2
    if [ "$lua" = luajit ]; then
      run "$build" "$lua" -jp=Fm0,"$tmp/jp.txt" -l ocamlrt.run "$tmp/program.lua" run "$w" $bench/data "$items" 1 \
        >/dev/null 2>&1
      shim=$(awk -v shims="$shims" 'BEGIN { n = split(shims, s, " "); for (k = 1; k <= n; k++) is[s[k]] = 1 }
        { split($2, f, ":"); if (f[1] in is) { sub("%", "", $1); sum += $1 } } END { print sum + 0 }' "$tmp/jp.txt")
      total=$(awk -v a="$native" -v b="$shim" 'BEGIN { printf "%.1f", a + b }')
      all=$(awk -v a="$total" -v b="$alloc" 'BEGIN { printf "%.1f", a + b }')
    else
      shim=$(run "$build" "$lua" bench/profile.lua "$tmp/program.lua" run "$w" $bench/data "$items" 1 2>&1 >/dev/null |
        awk '/ocamlrt.s Lua code:/ { sub("%", "", $4); print $4 }')
      shim=${shim:-0}
      # Lua's samples share the time outside native code.
      total=$(awk -v a="$native" -v c="$alloc" -v b="$shim" 'BEGIN { printf "%.1f", a + (100 - a - c) * b / 100 }')
      all=$(awk -v a="$total" -v b="$alloc" 'BEGIN { printf "%.1f", a + b }')
    fi
    echo "$w $lua ocamlrt native own ${native}% alloc ${alloc}% Lua ${shim}% total ${total}% (with alloc ${all}%)"
  done
done

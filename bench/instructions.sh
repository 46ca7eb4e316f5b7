#!/bin/sh
# Instructions per run of a `make bench` workload under lua5.4, for ocamlrt
# and its floors, counted by valgrind (callgrind): deterministic where this
# machine's timings move by up to 50 %. Each side runs twice, once timing
# one run and once two (BENCH_RUNS), and the difference is one run's work:
# the set-up (reading the inputs, building the values) cancels out. The
# full collection before each run is left out (callgrind does not count
# inside lua_gc), as the clock leaves it out. Prints one line per side and
# the ratio of ocamlrt to each floor.
#
#   sh bench/instructions.sh WORKLOAD [SCALE]   (SCALE: BENCH_SCALE, 0.1)
#
# Expects `make bench`'s builds (build/lua54/ocamlrt.so, build/bench/bench.exe,
# the C API floor). Inputs at that scale go to build/bench/data-SCALE.
set -eu
workload=$1
scale=${2:-0.1}
data=build/bench/data-$scale
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$data/stamp" ]; then
  mkdir -p "$data"
  BENCH_SCALE=$scale build/bench/bench.exe prepare "$data"
  echo "scale=$scale" >"$data/stamp"
fi
# count SIDE RUNS: the instructions of a process timing RUNS runs.
count() {
  env BENCH_SCALE="$scale" BENCH_RUNS="$2" BENCH_MAX_SECONDS=100000 LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
    LUA_CPATH='build/lua54/?.so;build/bench/capi/lua54/?.so;;' \
    valgrind --tool=callgrind --toggle-collect='lua_gc' --collect-atstart=yes \
    --callgrind-out-file="$tmp/$1.$2" lua5.4 bench/bench.lua "$workload" "$data" "$1" >"$tmp/$1.$2.out" 2>"$tmp/$1.$2.err"
  head -n 1 "$tmp/$1.$2.out" | grep -q '^ok' || return 0
  callgrind_annotate "$tmp/$1.$2" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}
ours=""
for side in ocamlrt floor capi; do
  # The two processes at once: the counts do not depend on timing.
  count $side 1 >"$tmp/one" &
  count $side 2 >"$tmp/two"
  wait
  one=$(cat "$tmp/one")
  two=$(cat "$tmp/two")
  if [ -z "$one" ] || [ -z "$two" ]; then
    echo "$workload $side: n/a"
    continue
  fi
  run=$((two - one))
  echo "$workload $side: $run instructions a run"
  if [ $side = ocamlrt ]; then
    ours=$run
  elif [ -n "$ours" ]; then
    name=$([ $side = capi ] && echo "C API" || echo "Lua")
    awk -v a="$ours" -v b="$run" -v s="$name" 'BEGIN { printf "  ocamlrt / the %s floor: %.2fx\n", s, a / b }'
  fi
done

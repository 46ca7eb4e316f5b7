#!/bin/sh
# What `make bench` needs beyond scripts/deps.sh, from Debian's packages:
# js_of_ocaml (the peer the benchmarks compare with) and node to run it.
set -eu

need=""
want() { # want COMMAND PACKAGE: install PACKAGE when COMMAND is missing
  command -v "$1" >/dev/null 2>&1 || need="$need $2"
}

want js_of_ocaml js-of-ocaml
want node nodejs
want timeout coreutils

[ -z "$need" ] && exit 0
echo "scripts/bench-deps.sh: installing:$need"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $need >/dev/null

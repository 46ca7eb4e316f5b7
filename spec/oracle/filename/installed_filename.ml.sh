#!/bin/sh
# Prints the module Installed_filename: the installed OCaml's own
# stdlib/filename.ml, taken at build time (never copied into this
# repository), reshaped so that its Win32 and Cygwin flavours, which
# Stdlib.Filename does not expose on Unix, can be used side by side:
#   - everything before `module Sysdeps =` as it is (generic_quote,
#     generic_basename, generic_dirname, SYSDEPS, Unix, Win32, Cygwin);
#   - `module Generic (Sysdeps : SYSDEPS) = struct`, then the file's own
#     functions from `include Sysdeps` up to its temporary-file part
#     (`external open_desc`), then `end`.
# Fails, naming the file, when it is missing or not shaped like that.
set -eu

src="$(ocamlfind ocamlc -where)/filename.ml"
if [ ! -r "$src" ]; then
  echo "spec/oracle/filename: cannot read $src; the Filename oracle takes OCaml's Win32 and Cygwin flavours from the installed stdlib source (Debian package ocaml-nox)" >&2
  exit 1
fi

awk -v src="$src" '
  function fail(why) {
    printf "spec/oracle/filename: %s has an unexpected shape: %s\n", src, why > "/dev/stderr"
    failed = 1
    exit 1
  }
  # Each marker must be seen exactly once, in this order.
  function marker(i) {
    if (seen < i - 1) fail("no line starting \"" want[seen + 1] "\" before \"" want[i] "\"")
    if (seen >= i) fail("line \"" want[i] "\" out of order or repeated")
    seen = i
  }
  BEGIN {
    n = split("module type SYSDEPS = sig|module Unix : SYSDEPS = struct|module Win32 : SYSDEPS = struct|module Cygwin : SYSDEPS = struct|module Sysdeps =|include Sysdeps|external open_desc", want, "|")
    part = "head"
  }
  {
    for (i = 1; i <= n; i++)
      if (index($0, want[i]) == 1) marker(i)
  }
  part == "head" && index($0, "module Sysdeps =") == 1 { part = "sysdeps" }
  part == "sysdeps" && $0 == "include Sysdeps" {
    part = "generic"
    print "module Generic (Sysdeps : SYSDEPS) = struct"
  }
  part == "generic" && index($0, "external open_desc") == 1 { part = "tail"; print "end" }
  part == "head" || part == "generic" { print }
  END {
    if (failed) exit 1
    if (seen != n) fail("no line starting \"" want[seen + 1] "\"")
  }
' "$src"

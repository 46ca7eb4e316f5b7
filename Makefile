# ocamlrt: one native build per interpreter, the Lua shims, the OCaml oracle.
# `make demo` and `make test` do all set-up themselves (scripts/deps.sh).

INTERPRETERS := lua54 luajit lua51
LUA_lua54 := lua5.4
LUA_luajit := luajit
LUA_lua51 := lua5.1
LIB_lua54 := lua5.4
LIB_luajit := luajit-5.1
LIB_lua51 := lua5.1

CARGO ?= cargo
LUA_PATH_SPEC := lua/?.lua;lua/?/init.lua;spec/?.lua;;
ORACLES := $(patsubst spec/oracle/%.ml,build/oracle/%,$(wildcard spec/oracle/*.ml)) \
  $(patsubst spec/oracle/%.py,build/oracle/%,$(wildcard spec/oracle/*.py))

.PHONY: all deps build oracles test test-lua test-rust lint test-rock demo bench bench-deps apidoc compiled-check clean FORCE
all: build

deps:
	@sh scripts/deps.sh

build: deps $(foreach i,$(INTERPRETERS),build/$(i)/ocamlrt.so)

# cargo decides what is stale; one target dir per interpreter keeps the
# three builds from throwing each other away. The module is replaced by a
# rename, and only when it changed: a process that has it loaded keeps its
# copy (cp would rewrite the mapped file under it and crash that process).
build/%/ocamlrt.so: FORCE
	$(CARGO) build --quiet --release --features $* --target-dir target/$*
	@mkdir -p $(@D)
	@cmp -s target/$*/release/libocamlrt.so $@ || \
	  { cp target/$*/release/libocamlrt.so $@.tmp && mv -f $@.tmp $@; }

# Each spec/oracle/NAME.ml is a native OCaml program printing expected
# results; it is compiled in its own folder so that no build product lands
# in spec/. An optional folder spec/oracle/NAME/ holds modules linked before
# it: its .mly and .mll files go through ocamlyacc and ocamllex first (their
# .mli dropped, so that the oracle can reach the generated tables), and each
# generator X.ml.sh is run to write X.ml (e.g. a module taken from the
# installed OCaml's sources); a failing generator fails the build.
oracles: deps $(ORACLES)
.SECONDEXPANSION:
build/oracle/%: spec/oracle/%.ml $$(wildcard spec/oracle/$$*/*)
	@mkdir -p build/oracle/$*.d
	@cp $< build/oracle/$*.d/$*.ml
	@if [ -d spec/oracle/$* ]; then cp spec/oracle/$*/* build/oracle/$*.d/; fi
	cd build/oracle/$*.d && if [ ! -d ../../../spec/oracle/$* ]; then files=$*.ml; else \
	  for f in *.ml.sh; do [ ! -e "$$f" ] || { sh $$f > $${f%.sh}.tmp && mv $${f%.sh}.tmp $${f%.sh}; } || exit 1; done \
	  && for f in *.mly; do [ ! -e "$$f" ] || { ocamlyacc $$f && rm -f $${f%.mly}.mli; }; done \
	  && for f in *.mll; do [ ! -e "$$f" ] || ocamllex -q $$f; done && files=$$(ocamldep -sort *.ml); fi \
	  && ocamlfind ocamlopt -package str,unix -linkpkg $$files -o ../$*

# Each spec/oracle/NAME.py is a reference used in place (e.g. Python's
# hashlib), run by python3 as build/oracle/NAME.
build/oracle/%: spec/oracle/%.py
	@python3 -c 'import hashlib' || { echo "$@: python3 with hashlib is needed (Debian package python3)" >&2; exit 1; }
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

test: build oracles test-lua test-rust lint test-rock
	@echo "make test: all passed"

# busted under every interpreter against the build for it.
test-lua: build oracles
	@for i in $(INTERPRETERS); do \
	  echo "== busted ($$i)"; \
	  case $$i in lua54) lua=lua5.4;; luajit) lua=luajit;; lua51) lua=lua5.1;; esac; \
	  LUA_PATH='$(LUA_PATH_SPEC)' LUA_CPATH="build/$$i/?.so;;" OCAMLRT_BUILD=$$i \
	    $$lua /usr/bin/busted spec || exit 1; \
	done

# Rust unit tests run a real Lua 5.4 state, so they link the interpreter.
test-rust: deps
	RUSTFLAGS="-C link-arg=-l$(LIB_lua54)" $(CARGO) test --quiet --features lua54 --target-dir target/test-lua54

# emmylua_check type-checks the LuaLS annotations (scripts/typecheck.sh);
# `scripts/deps.sh lint` builds it with cargo the first time.
lint: deps
	@sh scripts/deps.sh lint
	$(CARGO) fmt --check
	@for i in $(INTERPRETERS); do \
	  $(CARGO) clippy --quiet --features $$i --target-dir target/clippy-$$i -- -D warnings || exit 1; \
	done
	luacheck --quiet lua spec bench scripts demo bin/ocamlrt-run
	sh scripts/typecheck.sh

# Installs with luarocks into temporary trees (5.4, 5.1, LuaJIT) and requires it from there.
test-rock: build
	sh scripts/test-rock.sh

# Used by the rockspec: builds for the interpreter luarocks names in $(LUA).
ROCK_FEATURE = $(shell $(LUA) -e 'print(jit and "luajit" or (_VERSION == "Lua 5.4" and "lua54" or "lua51"))')
rock-build:
	$(CARGO) build --quiet --release --features $(ROCK_FEATURE) --target-dir target/$(ROCK_FEATURE)
	@mkdir -p build/rock
	cp target/$(ROCK_FEATURE)/release/libocamlrt.so build/rock/ocamlrt.so
rock-install:
	mkdir -p $(LIBDIR) $(LUADIR)/ocamlrt
	cp build/rock/ocamlrt.so $(LIBDIR)/ocamlrt.so
	cp lua/ocamlrt/*.lua $(LUADIR)/ocamlrt/

# docs/API.md from the LuaLS annotations (spec/apidoc_spec.lua checks it).
apidoc:
	lua5.4 scripts/apidoc.lua > docs/API.md

# `make demo`: native OCaml and Lua exchange typed values over a pipe
# (demo/inventory.ml starts demo/inventory.lua with ocamlrt, under lua5.4
# and then under LuaJIT).
DEMO_INTERPRETERS := lua54 luajit
demo: deps $(foreach i,$(DEMO_INTERPRETERS),build/$(i)/ocamlrt.so) build/demo/inventory
	@for i in $(DEMO_INTERPRETERS); do \
	  echo "== make demo: the Lua side under $$i"; \
	  case $$i in lua54) lua=lua5.4;; luajit) lua=luajit;; lua51) lua=lua5.1;; esac; \
	  LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH="build/$$i/?.so;;" DEMO_LUA="$$lua demo/inventory.lua" \
	    build/demo/inventory || exit 1; \
	done

build/demo/inventory: demo/inventory.ml
	@mkdir -p build/demo/src
	cp demo/inventory.ml build/demo/src/
	cd build/demo/src && ocamlfind ocamlopt -package unix -linkpkg inventory.ml -o ../inventory

# `make bench` (not part of `make test`): ocamlrt under lua5.4 and LuaJIT
# against native OCaml, js_of_ocaml on node and plain Lua; writes
# bench/results/ and the table in docs/benchmarks.md. BENCH_SCALE=0.1
# BENCH_RUNS=1 BENCH_ROUNDS=1 make bench gives a quick trial run. With
# LOO=/path/to/lua_of_ocaml it adds the compiled-program workloads of
# bench/compiled.ml (ocamlrt against the compiler's own runtime and native).
BENCH := build/bench
bench: deps bench-deps build/lua54/ocamlrt.so build/luajit/ocamlrt.so $(BENCH)/bench.exe $(BENCH)/bench.js \
  $(BENCH)/capi/lua54/capi_floor.so $(BENCH)/capi/luajit/capi_floor.so \
  $(if $(LOO),$(BENCH)/compiled.exe $(BENCH)/compiled.lua $(BENCH)/compiled.js)
	LOO="$(LOO)" OCAMLRT="$(OCAMLRT)" lua5.4 bench/run.lua

# The C API floor (bench/capi_floor.c) for each interpreter's headers.
LUA_INCDIR_lua54 := /usr/include/lua5.4
LUA_INCDIR_luajit := /usr/include/luajit-2.1
$(BENCH)/capi/%/capi_floor.so: bench/capi_floor.c
	@mkdir -p $(@D)
	$(CC) -O2 -shared -fPIC -Wall -I$(LUA_INCDIR_$*) $< -o $@

bench-deps:
	@sh scripts/bench-deps.sh

# The same OCaml source, native and through bytecode to JavaScript.
$(BENCH)/bench.exe: bench/bench.ml bench/bench_lexer.mll | deps bench-deps
	@mkdir -p $(BENCH)/src
	cp bench/bench.ml bench/bench_lexer.mll $(BENCH)/src/
	cd $(BENCH)/src && ocamllex -q bench_lexer.mll && \
	  ocamlfind ocamlopt bench_lexer.ml bench.ml -o ../bench.exe
$(BENCH)/bench.js: $(BENCH)/bench.exe
	cd $(BENCH)/src && ocamlfind ocamlc bench_lexer.ml bench.ml -o ../bench.byte && \
	  js_of_ocaml --quiet ../bench.byte -o ../bench.js

$(BENCH)/compiled.exe: bench/compiled.ml | deps
	@mkdir -p $(BENCH)/compiled-src
	cp bench/compiled.ml $(BENCH)/compiled-src/
	cd $(BENCH)/compiled-src && ocamlfind ocamlopt compiled.ml -o ../compiled.exe
$(BENCH)/compiled.byte: bench/compiled.ml | deps
	@mkdir -p $(BENCH)/compiled-src
	cp bench/compiled.ml $(BENCH)/compiled-src/
	cd $(BENCH)/compiled-src && ocamlfind ocamlc -g compiled.ml -o ../compiled.byte
$(BENCH)/compiled.lua: $(BENCH)/compiled.byte $(LOO)
	$(LOO) compile $(BENCH)/compiled.byte -o $@ 2> $(BENCH)/compiled-loo.log
$(BENCH)/compiled.js: $(BENCH)/compiled.byte | bench-deps
	js_of_ocaml --quiet $(BENCH)/compiled.byte -o $@

# `make compiled-check LOO=/path/to/lua_of_ocaml` (not part of `make test`):
# each program of spec/compiled/ built with ocamlopt and, through ocamlc -g,
# with the given lua_of_ocaml, run on ocamlrt under lua5.4 and LuaJIT and
# compared with the native run; prints a table (build/compiled/results.md).
# Without LOO it says so and succeeds. OCAMLRT=DIR: the ocamlrt checkout
# (lua/, build/) to run the programs on, this one by default.
LOO ?=
OCAMLRT ?=
compiled-check:
	@if [ -z "$(LOO)" ]; then \
	  echo "make compiled-check: skipped, LOO is not set (make compiled-check LOO=/path/to/lua_of_ocaml)"; \
	else \
	  $(MAKE) --no-print-directory deps build/lua54/ocamlrt.so build/luajit/ocamlrt.so && \
	  LOO="$(LOO)" OCAMLRT="$(OCAMLRT)" lua5.4 scripts/compiled_check.lua $(PROGRAMS); \
	fi

clean:
	rm -rf build target

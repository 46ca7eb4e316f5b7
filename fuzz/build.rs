//! ocamlrt is a Lua module: it leaves the `lua_*` symbols to the
//! interpreter. The targets that create a Lua state (encode, engines) are
//! programs, so they link the interpreter library, as `make test-rust` does.

fn main() {
    println!("cargo:rustc-link-lib=lua5.4");
    println!("cargo:rerun-if-changed=build.rs");
}

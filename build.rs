//! Checks that the build names exactly one interpreter: the three builds
//! differ in ABI (a 5.4 module does not load in 5.1), so a build for none or
//! for two would produce a module that cannot work.

fn main() {
    let chosen: Vec<&str> = ["LUA54", "LUAJIT", "LUA51"]
        .into_iter()
        .filter(|f| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some())
        .collect();
    if chosen.len() != 1 {
        panic!(
            "ocamlrt: build with exactly one of --features lua54, luajit or lua51 (got {:?}); `make build` builds all three",
            chosen
        );
    }
    println!("cargo:rerun-if-changed=build.rs");
}

//! The ocamllex and ocamlyacc engines (`_lex_run`, old and new, and
//! `caml_parse_engine`) on tables,
//! lexbufs and parser envs built in a real Lua 5.4 state from the input
//! (fuzz_targets/engines.lua says how): every call returns or raises an
//! OCaml exception, never reads out of bounds, never crashes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "lua_state.rs"]
mod lua_state;

fuzz_target!(|data: &[u8]| {
    lua_state::run(include_str!("engines.lua"), c"=engines.lua", data);
});

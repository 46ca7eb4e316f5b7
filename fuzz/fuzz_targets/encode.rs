//! Marshal's encoder, compare and hash on values built in a real Lua 5.4
//! state from the input (fuzz_targets/encode.lua says how), malformed,
//! shared and cyclic ones included: every call returns or raises an OCaml
//! exception; what marshal writes reads back and marshals again the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "lua_state.rs"]
mod lua_state;

fuzz_target!(|data: &[u8]| {
    lua_state::run(include_str!("encode.lua"), c"=encode.lua", data);
});

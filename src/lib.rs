//! ocamlrt: the I/O half of OCaml's runtime for Lua, in native code.
//!
//! One module per runtime concern, as OCaml's own runtime has one C file per
//! concern. `luaopen_ocamlrt` returns a flat table of the native primitives
//! under their OCaml runtime names; the Lua shims in `lua/ocamlrt/` group
//! them by OCaml module and add what is best written in Lua.

pub mod blake2;
pub mod bytes;
pub mod channel;
pub mod compare;
pub mod digest;
pub mod exn;
pub mod format;
pub mod hash;
pub mod hashtbl;
pub mod lexing;
pub mod limits;
pub mod marshal;
pub mod of_string;
pub mod parsing;
pub mod state;
pub mod sys;
pub mod value;

#[cfg(test)]
mod testing;

use std::ffi::{c_int, CString};

use mlua::ffi::{self, lua_State};

use state::Primitives;

/// Every runtime module's primitives.
const MODULES: &[Primitives] = &[
    exn::PRIMITIVES,
    bytes::PRIMITIVES,
    value::PRIMITIVES,
    channel::PRIMITIVES,
    format::PRIMITIVES,
    of_string::PRIMITIVES,
    compare::PRIMITIVES,
    hash::PRIMITIVES,
    hashtbl::PRIMITIVES,
    limits::PRIMITIVES,
    parsing::PRIMITIVES,
    sys::PRIMITIVES,
    digest::PRIMITIVES,
    marshal::PRIMITIVES,
];

/// The interpreter this build is for, as the cargo feature names it.
#[cfg(feature = "lua54")]
const INTERPRETER: &std::ffi::CStr = c"lua54";
#[cfg(feature = "luajit")]
const INTERPRETER: &std::ffi::CStr = c"luajit";
#[cfg(feature = "lua51")]
const INTERPRETER: &std::ffi::CStr = c"lua51";

/// The entry point Lua's `require` (or `package.loadlib`) calls.
///
/// # Safety
/// Called by Lua with a valid state.
#[no_mangle]
pub unsafe extern "C-unwind" fn luaopen_ocamlrt(l: *mut lua_State) -> c_int {
    ffi::luaL_checkstack(l, 8, c"ocamlrt".as_ptr());
    state::init(l);
    exn::init(l);
    bytes::init(l);
    channel::init(l);
    digest::init(l);
    let count: usize = MODULES.iter().map(|m| m.len()).sum();
    ffi::lua_createtable(l, 0, count as c_int + 2);
    for (name, f) in MODULES.iter().flat_map(|m| m.iter()) {
        let cname = CString::new(*name).expect("primitive names have no NUL");
        ffi::lua_pushcfunction(l, *f);
        ffi::lua_setfield(l, -2, cname.as_ptr());
    }
    lexing::push_lex_runs(l);
    ffi::lua_setfield(l, -3, c"_new_lex_run".as_ptr());
    ffi::lua_setfield(l, -2, c"_lex_run".as_ptr());
    ffi::lua_pushstring(l, INTERPRETER.as_ptr());
    ffi::lua_setfield(l, -2, c"_interpreter".as_ptr());
    1
}

//! What the targets that drive primitives from Lua share: one Lua 5.4 state
//! per process with ocamlrt's primitives in the global `native`, in which
//! each input runs `prelude.lua` then the target's chunk (both compiled
//! once), followed by a full collection, so that no input sees another's
//! values (creating a state and compiling the chunks per input cost more
//! than most inputs).
//!
//! The chunk returns normally when every call behaved; it raises (and the
//! target panics, which libFuzzer reports) when a primitive raised anything
//! but an OCaml exception, reported an internal error (a caught Rust panic),
//! or broke a property the chunk checks. A segfault, an out-of-bounds
//! access (AddressSanitizer), a timeout or runaway memory is a crash too.

use std::cell::Cell;
use std::ffi::CStr;

use mlua::ffi;

const PRELUDE: &str = include_str!("prelude.lua");

thread_local! {
    static STATE: Cell<*mut ffi::lua_State> = const { Cell::new(std::ptr::null_mut()) };
}

unsafe fn load(l: *mut ffi::lua_State, chunk: &str, name: &CStr, global: &CStr) {
    let status = ffi::luaL_loadbufferx(l, chunk.as_ptr().cast(), chunk.len(), name.as_ptr(), c"t".as_ptr());
    assert_eq!(status, 0, "the fuzz chunk {name:?} does not compile");
    ffi::lua_setglobal(l, global.as_ptr());
}

unsafe fn state(chunk: &str, name: &CStr) -> *mut ffi::lua_State {
    let mut l = STATE.get();
    if l.is_null() {
        l = ffi::luaL_newstate();
        ffi::luaL_openlibs(l);
        ocamlrt::luaopen_ocamlrt(l);
        ffi::lua_setglobal(l, c"native".as_ptr());
        load(l, PRELUDE, c"=prelude.lua", c"fuzz_prelude");
        load(l, chunk, name, c"fuzz_target");
        STATE.set(l);
    }
    l
}

/// Runs the target chunk `chunk` on `data`; panics with the chunk's error.
pub fn run(chunk: &str, name: &CStr, data: &[u8]) {
    unsafe {
        let l = state(chunk, name);
        ffi::lua_getglobal(l, c"fuzz_target".as_ptr());
        ffi::lua_getglobal(l, c"fuzz_prelude".as_ptr());
        ffi::lua_pushlstring(l, data.as_ptr().cast(), data.len());
        // The prelude returns the input reader the target chunk takes.
        let mut status = ffi::lua_pcall(l, 1, 1, 0);
        if status == 0 {
            status = ffi::lua_pcall(l, 1, 0, 0);
        }
        if status != 0 {
            let p = ffi::luaL_tolstring(l, -1, std::ptr::null_mut());
            panic!("{}", CStr::from_ptr(p).to_string_lossy());
        }
        ffi::lua_settop(l, 0);
        ffi::lua_gc(l, ffi::LUA_GCCOLLECT, 0);
    }
}

//! Rust unit tests run real Lua code against the native module: a fresh
//! Lua 5.4 state with the standard libraries and the primitives in the
//! global `native` (the tests link liblua5.4, see the Makefile).

use std::ffi::{c_int, CStr, CString};

use mlua::ffi;

/// Runs `code` (a chunk returning one value) in a fresh state and returns the
/// result as text; a raised error comes back as `Err(text)`.
pub fn run(code: &str) -> Result<String, String> {
    run_with(&[], code)
}

/// Like [`run`], with extra C functions installed as globals first.
pub fn run_with(globals: &[(&str, ffi::lua_CFunction)], code: &str) -> Result<String, String> {
    unsafe {
        let l = ffi::luaL_newstate();
        ffi::luaL_openlibs(l);
        crate::luaopen_ocamlrt(l);
        ffi::lua_setglobal(l, c"native".as_ptr());
        for (name, f) in globals {
            let cname = CString::new(*name).expect("test names have no NUL");
            ffi::lua_pushcfunction(l, *f);
            ffi::lua_setglobal(l, cname.as_ptr());
        }
        let src = CString::new(code).expect("test code has no NUL");
        let status = ffi::luaL_loadstring(l, src.as_ptr());
        let status: c_int = if status == 0 {
            ffi::lua_pcall(l, 0, 1, 0)
        } else {
            status
        };
        // Errors are exception tables: show constructor name and argument.
        let text = if status != 0 && ffi::lua_type(l, -1) == ffi::LUA_TTABLE {
            ffi::lua_getglobal(l, c"tostring".as_ptr());
            ffi::lua_rawgeti(l, -2, 2);
            if ffi::lua_type(l, -1) == ffi::LUA_TTABLE {
                ffi::lua_rawgeti(l, -1, 2);
                ffi::lua_rawgeti(l, -4, 3);
                ffi::lua_concat(l, 2);
                ffi::lua_remove(l, -2);
            }
            ffi::lua_remove(l, -2);
            to_text(l)
        } else {
            ffi::luaL_tolstring(l, -1, std::ptr::null_mut());
            to_text(l)
        };
        ffi::lua_close(l);
        if status == 0 {
            Ok(text)
        } else {
            Err(text)
        }
    }
}

unsafe fn to_text(l: *mut ffi::lua_State) -> String {
    let p = ffi::lua_tolstring(l, -1, std::ptr::null_mut());
    if p.is_null() {
        return "?".into();
    }
    CStr::from_ptr(p).to_string_lossy().into_owned()
}

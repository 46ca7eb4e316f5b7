//! The raw Lua state as the primitives see it, and the guard every exported
//! C function runs inside.
//!
//! Primitives are plain `lua_CFunction`s on the raw C API (TOOLCHAIN.md: the
//! safe mlua API is 5-30x slower for table traffic). A primitive body returns
//! `Result<c_int, Raise>`; the guard turns `Err` into the OCaml exception value
//! and calls `lua_error` from a frame that owns nothing, after every Rust value
//! of the body has been dropped, and turns a panic into `Failure`.

use std::ffi::{c_int, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use mlua::ffi::{self, lua_State};

use crate::exn::Raise;

/// The outcome of a primitive body: how many results it left on the stack.
pub type Ret = Result<c_int, Raise>;

/// A Lua state handed to a primitive, with the primitive's name for messages.
#[derive(Clone, Copy)]
pub struct State {
    pub l: *mut lua_State,
    pub name: &'static str,
}

/// Runs `body` as the primitive `name`; used by [`crate::primitive!`].
///
/// Returns the result count widened to 64 bits: LuaJIT 2.1's VM reads the
/// whole of `rax` after a C function returns, and an `int` return leaves
/// the upper half undefined (it crashed on values read out of a `Result`).
///
/// # Safety
/// `l` is the state Lua called the C function with.
#[inline(always)]
pub unsafe fn guard(l: *mut lua_State, name: &'static str, body: fn(State) -> Ret) -> i64 {
    let outcome = catch_unwind(AssertUnwindSafe(|| body(State { l, name })));
    match outcome {
        Ok(Ok(n)) => return i64::from(n),
        Ok(Err(raise)) => crate::exn::push_raise(l, raise),
        Err(payload) => crate::exn::push_panic(l, name, payload),
    }
    // Nothing in this frame needs dropping: the error value is on the stack.
    ffi::lua_error(l)
}

/// Declares a `lua_CFunction` that runs a `fn(State) -> Ret` under the guard.
#[macro_export]
macro_rules! primitive {
    ($name:literal, $body:path) => {{
        unsafe extern "C-unwind" fn cfn(l: *mut mlua::ffi::lua_State) -> std::ffi::c_int {
            // black_box keeps the widened count whole up to the return (see guard).
            std::hint::black_box($crate::state::guard(l, $name, $body)) as std::ffi::c_int
        }
        ($name, cfn as mlua::ffi::lua_CFunction)
    }};
}

/// A list of `(name, function)` pairs a runtime module contributes.
pub type Primitives = &'static [(&'static str, ffi::lua_CFunction)];

/// How an OCaml-facing argument looked, for error messages.
pub fn type_name(s: State, idx: c_int) -> &'static str {
    unsafe {
        let t = ffi::lua_type(s.l, idx);
        match t {
            ffi::LUA_TNONE => "no value",
            ffi::LUA_TUSERDATA if crate::bytes::is_bytes(s.l, idx) => "bytes",
            _ => CStr::from_ptr(ffi::lua_typename(s.l, t)).to_str().unwrap_or("?"),
        }
    }
}

impl State {
    /// Fails with `Invalid_argument` naming the primitive and what was wrong.
    pub fn bad_arg<T>(self, idx: c_int, expected: &str) -> Result<T, Raise> {
        Err(Raise::invalid_argument(format!(
            "{}: argument {} must be {}, got {}",
            self.name,
            idx,
            expected,
            type_name(self, idx)
        )))
    }

    pub fn top(self) -> c_int {
        unsafe { ffi::lua_gettop(self.l) }
    }

    /// Makes room for `n` more stack slots or fails with `Out_of_memory`-like
    /// `Failure` (deep values are walked with explicit stacks, never this one).
    pub fn reserve(self, n: c_int) -> Result<(), Raise> {
        if unsafe { ffi::lua_checkstack(self.l, n) } == 0 {
            return Err(Raise::failwith(format!("{}: Lua stack exhausted", self.name)));
        }
        Ok(())
    }

    /// An integer argument: a Lua integer, or on 5.1/LuaJIT an integral
    /// number. An integral float is accepted as an index or length.
    pub fn int(self, idx: c_int) -> Result<i64, Raise> {
        unsafe {
            if ffi::lua_type(self.l, idx) == ffi::LUA_TNUMBER {
                let mut ok = 0;
                let n = ffi::lua_tointegerx(self.l, idx, &mut ok);
                if ok != 0 {
                    return Ok(n);
                }
            }
        }
        self.bad_arg(idx, "an integer")
    }

    /// An integer argument that is a valid size or position (0 ..= max).
    pub fn usize(self, idx: c_int) -> Result<usize, Raise> {
        let n = self.int(idx)?;
        usize::try_from(n).map_err(|_| Raise::invalid_argument(format!("{}: negative argument", self.name)))
    }

    /// A float argument: a number or OCaml's boxed float `{253, x}`.
    pub fn float(self, idx: c_int) -> Result<f64, Raise> {
        unsafe {
            if ffi::lua_type(self.l, idx) == ffi::LUA_TNUMBER {
                return Ok(ffi::lua_tonumber(self.l, idx));
            }
            if let Some(x) = crate::value::boxed_float(self.l, idx) {
                return Ok(x);
            }
        }
        self.bad_arg(idx, "a number")
    }

    /// An OCaml string argument: a Lua string or bytes (never a number).
    pub fn str<'a>(self, idx: c_int) -> Result<&'a [u8], Raise> {
        match unsafe { string_or_bytes(self.l, idx) } {
            Some(s) => Ok(s),
            None => self.bad_arg(idx, "a string or bytes"),
        }
    }

    /// A mutable bytes argument.
    pub fn bytes_mut<'a>(self, idx: c_int) -> Result<&'a mut [u8], Raise> {
        match unsafe { crate::bytes::to_bytes(self.l, idx) } {
            Some(b) => Ok(b),
            None => self.bad_arg(idx, "bytes"),
        }
    }

    pub fn push_int(self, n: i64) {
        unsafe { ffi::lua_pushinteger(self.l, n) }
    }

    pub fn push_float(self, x: f64) {
        unsafe { ffi::lua_pushnumber(self.l, x) }
    }

    /// Pushes an OCaml bool as the contract has it: 0 or 1.
    pub fn push_bool(self, b: bool) {
        self.push_int(b as i64)
    }

    pub fn push_str(self, s: &[u8]) {
        unsafe {
            ffi::lua_pushlstring(self.l, s.as_ptr().cast(), s.len());
        }
    }
}

/// The bytes of a Lua string or of an ocamlrt bytes at `idx`; `None` for
/// anything else (numbers are not coerced).
///
/// # Safety
/// The slice lives as long as the value stays reachable on the stack.
pub unsafe fn string_or_bytes<'a>(l: *mut lua_State, idx: c_int) -> Option<&'a [u8]> {
    match ffi::lua_type(l, idx) {
        ffi::LUA_TSTRING => {
            let mut len = 0usize;
            let p = ffi::lua_tolstring(l, idx, &mut len);
            Some(std::slice::from_raw_parts(p.cast(), len))
        }
        ffi::LUA_TUSERDATA => crate::bytes::to_bytes(l, idx).map(|b| &*b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::run_with;

    fn panics(_: State) -> Ret {
        panic!("deliberate")
    }

    #[test]
    fn a_panic_becomes_failure_not_an_unwind_into_lua() {
        let f = crate::primitive!("test_panics", panics);
        let got = run_with(&[f], "return test_panics()").unwrap_err();
        assert_eq!(got, "Failuretest_panics: internal error: deliberate");
    }

    #[test]
    fn wrong_argument_types_name_the_primitive() {
        let got = run_with(&[], "return native.caml_create_bytes('3')").unwrap_err();
        assert_eq!(
            got,
            "Invalid_argumentcaml_create_bytes: argument 1 must be an integer, got string"
        );
    }
}

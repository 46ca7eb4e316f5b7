//! The raw Lua state as the primitives see it, and the guard every exported
//! C function runs inside.
//!
//! Primitives are plain `lua_CFunction`s on the raw C API (TOOLCHAIN.md: the
//! safe mlua API is 5-30x slower for table traffic). A primitive body returns
//! `Result<c_int, Raise>`; the guard turns `Err` into the OCaml exception value
//! and calls `lua_error` from a frame that owns nothing, after every Rust value
//! of the body has been dropped, and turns a panic into `Failure`.
//!
//! # The boundary rule
//!
//! A Lua API call that can raise (anything that allocates: `lua_createtable`,
//! `lua_newuserdata`, `lua_pushlstring`, a `lua_rawseti` that grows a table;
//! stack growth: `lua_checkstack`; metamethods: `lua_getfield`,
//! `lua_setfield`, `lua_gettable` on a table a user can reach) never runs
//! directly in a primitive body. A body runs inside `catch_unwind`, which
//! aborts the process on LuaJIT's errors (C++-style unwinds), and on Lua
//! 5.x an error longjmps over the body and leaks what it owns. So:
//!
//! - tables are read and written with the raw accessors (`lua_rawgeti`,
//!   `lua_rawget`), never through metamethods;
//! - a call that can raise runs inside [`State::protect`]: a `lua_pcall` of a
//!   small C function, outside any `catch_unwind`, whose frames own nothing
//!   (what it works on is borrowed from the body, which drops it). A failure
//!   comes back as OCaml's exception: `Out_of_memory` for a memory error or
//!   a table too large for the interpreter, `Stack_overflow` for a stack
//!   overflow, and any other error (a metamethod's) re-raised as it was;
//! - a short string or bytes result (at most [`SHORT_RESULT`] bytes) is
//!   copied into the guard's frame and pushed by the guard after the body
//!   has returned and dropped everything ([`State::return_str`]): the push
//!   can raise, but no frame owns anything then, as when the guard raises;
//! - work that allocates per value (Marshal reading and writing) runs its
//!   whole loop in one protected call, so a value costs no extra call;
//! - stack room is reserved with [`State::reserve`] (protected where
//!   `lua_checkstack` can raise: 5.1 and LuaJIT), so primitives that only
//!   read pay nothing when they need no more than `LUA_MINSTACK` slots;
//! - the guard builds the exception value itself in a protected call, and
//!   falls back to `Out_of_memory` (which needs no allocation) if that fails.

use std::ffi::{c_int, c_void, CStr};
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
    /// The guard's slot for a short result (see [`Pending`]); null outside a
    /// guard, where results are pushed protected.
    pending: *mut Pending,
}

/// The longest string or bytes a primitive leaves to its guard to push.
pub const SHORT_RESULT: usize = 1024;

#[derive(Clone, Copy, PartialEq)]
enum PendingKind {
    Nothing,
    Str,
    Bytes,
    ZeroBytes,
}

/// A primitive's one result, a short string or bytes, copied into the
/// guard's frame. The guard pushes it after the body has returned, when no
/// Rust frame owns anything, so the allocation needs no protected call
/// (which costs about as much again as the push). A memory error there is
/// the interpreter's own, as for any small Lua allocation; results longer
/// than [`SHORT_RESULT`] are pushed protected and fail with `Out_of_memory`.
pub struct Pending {
    kind: PendingKind,
    len: usize,
    buf: [std::mem::MaybeUninit<u8>; SHORT_RESULT],
}

impl Pending {
    fn new() -> Pending {
        Pending {
            kind: PendingKind::Nothing,
            len: 0,
            buf: [std::mem::MaybeUninit::uninit(); SHORT_RESULT],
        }
    }

    /// Pushes the result over the whole frame, unprotected: the caller's
    /// frame owns nothing and `lua_settop(l, 0)` leaves `LUA_MINSTACK` slots.
    ///
    /// # Safety
    /// `l` is the state of the primitive whose guard holds `self`.
    unsafe fn push(&self, l: *mut lua_State) {
        ffi::lua_settop(l, 0);
        let src = self.buf.as_ptr().cast::<u8>();
        match self.kind {
            PendingKind::Str => {
                ffi::lua_pushlstring(l, src.cast(), self.len);
            }
            PendingKind::Bytes | PendingKind::ZeroBytes => {
                let p = ffi::lua_newuserdata(l, self.len).cast::<u8>();
                if self.kind == PendingKind::Bytes {
                    std::ptr::copy_nonoverlapping(src, p, self.len);
                } else {
                    std::ptr::write_bytes(p, 0, self.len);
                }
                crate::bytes::set_metatable(l);
            }
            PendingKind::Nothing => {}
        }
    }
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
    let mut pending = Pending::new();
    let s = State {
        l,
        name,
        pending: &mut pending,
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| body(s)));
    let raise = match outcome {
        Ok(Ok(_)) if pending.kind != PendingKind::Nothing => {
            // Nothing in this frame needs dropping if the allocation raises.
            pending.push(l);
            return 1;
        }
        Ok(Ok(n)) => return i64::from(n),
        Ok(Err(raise)) => raise,
        Err(payload) => crate::exn::panic_raise(name, payload),
    };
    push_raise_protected(State::new(l, name), raise);
    // Nothing in this frame needs dropping: the error value is on the stack.
    ffi::lua_error(l)
}

/// Pushes the exception value of `raise` (dropping `raise`); building it
/// allocates, so it runs protected, and `Out_of_memory` stands in when even
/// that fails.
#[cold]
fn push_raise_protected(s: State, raise: Raise) {
    if let Raise::OnStack = raise {
        return;
    }
    unsafe { ffi::lua_settop(s.l, 0) };
    let pushed = s.protect(1, |l| {
        unsafe { crate::exn::push_raise(l, &raise) };
        1
    });
    drop(raise);
    if pushed.is_err() {
        unsafe {
            ffi::lua_settop(s.l, 0);
            crate::exn::push_out_of_memory(s.l);
        }
    }
}

/// Registry key of the protected-call trampoline on 5.1 and LuaJIT, where
/// pushing a C function allocates a closure (5.4 pushes a light C function).
#[cfg(not(feature = "lua54"))]
static TRAMPOLINE_KEY: u8 = 0;

/// Registry key holding the string "caml_custom".
static CAML_CUSTOM_KEY: u8 = 0;

/// Makes what [`State::protect`] needs; called once when the module loads.
///
/// # Safety
/// `l` is a valid state with a free stack slot.
pub unsafe fn init(l: *mut lua_State) {
    // Kept alive for good, so that pushing it to read a custom block's
    // identifier finds it and allocates nothing.
    ffi::lua_pushstring(l, c"caml_custom".as_ptr());
    ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, std::ptr::addr_of!(CAML_CUSTOM_KEY).cast());
    #[cfg(not(feature = "lua54"))]
    {
        ffi::lua_pushcfunction(l, trampoline);
        ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, std::ptr::addr_of!(TRAMPOLINE_KEY).cast());
    }
    let _ = l;
}

/// A body's work run by [`State::protect`], and whether it panicked.
struct Step<'a> {
    run: &'a mut dyn FnMut(*mut lua_State) -> c_int,
    panicked: bool,
}

/// The C function `protect` calls: runs the step whose address is its first
/// argument, with the other arguments. Its frame owns nothing, so a Lua
/// error may leave it any way.
unsafe extern "C-unwind" fn trampoline(l: *mut lua_State) -> c_int {
    let step = &mut *ffi::lua_touserdata(l, 1).cast::<Step>();
    ffi::lua_remove(l, 1);
    // Returned as `primitive!` returns its count (see `c_result`).
    c_result(i64::from(run_step(step, l)))
}

/// Lua 5.x: a Lua error longjmps over this `catch_unwind` untouched, and a
/// panic must not unwind through `lua_pcall`'s C frames.
#[cfg(not(feature = "luajit"))]
fn run_step(step: &mut Step, l: *mut lua_State) -> c_int {
    match catch_unwind(AssertUnwindSafe(|| (step.run)(l))) {
        Ok(n) => n,
        Err(_) => {
            step.panicked = true;
            0
        }
    }
}

/// LuaJIT: its errors unwind through here, and a `catch_unwind` would abort
/// the process on them. A panic unwinds into LuaJIT's `lua_pcall`, which
/// catches foreign exceptions (as the error "C++ exception").
#[cfg(feature = "luajit")]
fn run_step(step: &mut Step, l: *mut lua_State) -> c_int {
    (step.run)(l)
}

/// Pushes the trampoline without allocating.
unsafe fn push_trampoline(l: *mut lua_State) {
    #[cfg(feature = "lua54")]
    ffi::lua_pushcfunction(l, trampoline);
    #[cfg(not(feature = "lua54"))]
    ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, std::ptr::addr_of!(TRAMPOLINE_KEY).cast());
}

/// The OCaml exception for the error a protected call left on the stack
/// (popped unless it is re-raised as it is).
unsafe fn error_raise(l: *mut lua_State, status: c_int) -> Raise {
    let known = match status {
        ffi::LUA_ERRMEM => Some(Raise::out_of_memory()),
        ffi::LUA_ERRERR => Some(Raise::stack_overflow()),
        _ if ffi::lua_type(l, -1) == ffi::LUA_TSTRING => {
            let msg = string_or_bytes(l, -1).unwrap_or_default();
            if msg.ends_with(b"stack overflow") {
                Some(Raise::stack_overflow())
            } else if [&b"table overflow"[..], b"not enough memory", b"block too big"]
                .iter()
                .any(|m| msg.ends_with(m))
            {
                Some(Raise::out_of_memory())
            } else {
                None
            }
        }
        _ => None,
    };
    match known {
        Some(raise) => {
            ffi::lua_settop(l, -2);
            raise
        }
        None => Raise::OnStack,
    }
}

/// Declares a `lua_CFunction` that runs a `fn(State) -> Ret` under the guard.
#[macro_export]
macro_rules! primitive {
    ($name:literal, $body:path) => {{
        unsafe extern "C-unwind" fn cfn(l: *mut mlua::ffi::lua_State) -> std::ffi::c_int {
            $crate::state::c_result($crate::state::guard(l, $name, $body))
        }
        ($name, cfn as mlua::ffi::lua_CFunction)
    }};
}

/// The result count a C function returns. LuaJIT reads all of `rax` (see
/// [`guard`]): there `black_box` keeps the widened count whole up to the
/// return; the other interpreters read the `int`.
#[inline(always)]
pub fn c_result(n: i64) -> c_int {
    #[cfg(feature = "luajit")]
    let n = std::hint::black_box(n);
    n as c_int
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
    /// The state of a caller that is not a guarded primitive: its results
    /// are pushed protected.
    pub fn new(l: *mut lua_State, name: &'static str) -> State {
        State {
            l,
            name,
            pending: std::ptr::null_mut(),
        }
    }

    /// Ends the primitive with the string `parts` make, joined, as its one
    /// result: the body's last act (`return s.return_str(...)`), with
    /// nothing else it pushed counted. Short results go to the guard (see
    /// [`Pending`]); longer ones are pushed here, protected.
    pub fn return_str(self, parts: &[&[u8]]) -> Ret {
        if self.leave_pending(PendingKind::Str, parts) {
            return Ok(1);
        }
        let mut joined = Vec::new();
        joined
            .try_reserve_exact(parts.iter().map(|p| p.len()).sum())
            .map_err(|_| Raise::out_of_memory())?;
        parts.iter().for_each(|p| joined.extend_from_slice(p));
        self.push_str(&joined)?;
        Ok(1)
    }

    /// [`State::return_str`] for new bytes holding `parts`, joined.
    pub fn return_bytes(self, parts: &[&[u8]]) -> Ret {
        if self.leave_pending(PendingKind::Bytes, parts) {
            return Ok(1);
        }
        let len = parts.iter().map(|p| p.len()).sum();
        let mut b = crate::bytes::push_new_bytes(self, len)?;
        for p in parts {
            let (head, rest) = b.split_at_mut(p.len());
            head.copy_from_slice(p);
            b = rest;
        }
        Ok(1)
    }

    /// [`State::return_str`] for new zero-filled bytes of `len`
    /// (`len <= bytes::MAX_LENGTH`).
    pub fn return_zero_bytes(self, len: usize) -> Ret {
        if self.pending_slot(PendingKind::ZeroBytes, len).is_none() {
            crate::bytes::push_new_bytes(self, len)?;
        }
        Ok(1)
    }

    /// The guard's slot, set to a result of `kind` and `len` bytes, when
    /// there is one and they fit.
    fn pending_slot<'a>(self, kind: PendingKind, len: usize) -> Option<&'a mut Pending> {
        if len > SHORT_RESULT || self.pending.is_null() {
            return None;
        }
        // The guard's frame outlives the body, the only user of the slot.
        let pending = unsafe { &mut *self.pending };
        pending.kind = kind;
        pending.len = len;
        Some(pending)
    }

    /// Copies `parts` into the guard's slot when they fit and there is one.
    fn leave_pending(self, kind: PendingKind, parts: &[&[u8]]) -> bool {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let Some(pending) = self.pending_slot(kind, len) else {
            return false;
        };
        let mut at = 0;
        for p in parts {
            let dst = pending.buf[at..at + p.len()].as_mut_ptr().cast::<u8>();
            unsafe { std::ptr::copy_nonoverlapping(p.as_ptr(), dst, p.len()) };
            at += p.len();
        }
        true
    }

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

    /// Runs `run` in a protected call (see the boundary rule above): `run`
    /// gets the state with an empty frame of its own, may make any Lua call,
    /// and returns how many values it left; `nresults` of them end up on
    /// this frame's stack. What `run` works on must be owned outside it.
    /// Needs two free stack slots.
    pub fn protect(self, nresults: c_int, run: impl FnMut(*mut lua_State) -> c_int) -> Result<(), Raise> {
        self.protect_with(0, nresults, run)
    }

    /// [`State::protect`] with the `nargs` values on top of the stack moved
    /// to `run`'s frame (at 1..=nargs): a protected frame cannot see this
    /// one's slots.
    pub fn protect_with(
        self,
        nargs: c_int,
        nresults: c_int,
        mut run: impl FnMut(*mut lua_State) -> c_int,
    ) -> Result<(), Raise> {
        let mut step = Step {
            run: &mut run,
            panicked: false,
        };
        let status = unsafe {
            push_trampoline(self.l);
            ffi::lua_insert(self.l, -1 - nargs);
            ffi::lua_pushlightuserdata(self.l, std::ptr::addr_of_mut!(step).cast::<c_void>());
            ffi::lua_insert(self.l, -1 - nargs);
            ffi::lua_pcall(self.l, nargs + 1, nresults, 0)
        };
        if step.panicked {
            unsafe { ffi::lua_settop(self.l, -1 - nresults) };
            return Err(Raise::failwith(format!("{}: internal error", self.name)));
        }
        if status != 0 {
            return Err(unsafe { error_raise(self.l, status) });
        }
        Ok(())
    }

    /// Pushes the one value `push` makes (any Lua call allowed: it runs in
    /// a protected call), or fails with its error as [`State::protect`] does.
    pub fn push_made(self, mut push: impl FnMut(*mut lua_State)) -> Result<(), Raise> {
        self.protect(1, |l| {
            push(l);
            1
        })
    }

    /// Makes room for `n` more stack slots, or `Stack_overflow` (deep values
    /// are walked with explicit stacks, never this one).
    pub fn reserve(self, n: c_int) -> Result<(), Raise> {
        // 5.1 and LuaJIT raise when the stack cannot grow: grow it in a
        // protected call first (a little more, as that frame sits higher),
        // then this frame's `lua_checkstack` has nothing left to grow.
        #[cfg(not(feature = "lua54"))]
        {
            let mut grown = 0;
            self.protect(0, |l| {
                grown = unsafe { ffi::lua_checkstack(l, n.saturating_add(4)) };
                0
            })?;
            if grown == 0 {
                return Err(Raise::stack_overflow());
            }
        }
        if unsafe { ffi::lua_checkstack(self.l, n) } == 0 {
            return Err(Raise::stack_overflow());
        }
        Ok(())
    }

    /// An integer argument: a Lua integer, or on 5.1/LuaJIT an integral
    /// number. An integral float is accepted as an index or length.
    /// Inlined with the usual case (a 5.3+ integer) first: per-value
    /// primitives such as `caml_hash` read several on every call.
    #[inline]
    pub fn int(self, idx: c_int) -> Result<i64, Raise> {
        #[cfg(feature = "lua54")]
        if unsafe { ffi::lua_isinteger(self.l, idx) } != 0 {
            return Ok(unsafe { ffi::lua_tointeger(self.l, idx) });
        }
        self.number_int(idx)
    }

    /// [`State::int`] for any number (out of the callers' way: it is not
    /// the usual case on 5.4).
    #[cfg_attr(feature = "lua54", cold)]
    fn number_int(self, idx: c_int) -> Result<i64, Raise> {
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

    /// Pushes a string (protected: it allocates), or `Out_of_memory`.
    pub fn push_str(self, s: &[u8]) -> Result<(), Raise> {
        self.protect(1, |l| {
            unsafe { ffi::lua_pushlstring(l, s.as_ptr().cast(), s.len()) };
            1
        })
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

    fn table_too_large(s: State) -> Ret {
        s.push_made(|l| unsafe { ffi::lua_createtable(l, c_int::MAX, 0) })?;
        Ok(1)
    }

    fn step_panics(s: State) -> Ret {
        s.protect(0, |_| panic!("deliberate"))?;
        Ok(0)
    }

    fn step_raises(s: State) -> Ret {
        let owned = vec![1u8; 16];
        s.protect(0, |l| unsafe {
            ffi::lua_pushstring(l, c"from a metamethod".as_ptr());
            ffi::lua_error(l)
        })?;
        drop(owned);
        Ok(0)
    }

    #[test]
    fn a_failed_allocation_in_a_protected_call_is_out_of_memory() {
        let f = crate::primitive!("test_big", table_too_large);
        assert_eq!(run_with(&[f], "return test_big()").unwrap_err(), "Out_of_memory");
    }

    #[test]
    fn a_panic_in_a_protected_call_is_failure() {
        let f = crate::primitive!("test_step_panics", step_panics);
        assert_eq!(
            run_with(&[f], "return test_step_panics()").unwrap_err(),
            "Failuretest_step_panics: internal error"
        );
    }

    #[test]
    fn another_error_in_a_protected_call_is_raised_as_it_was() {
        let f = crate::primitive!("test_step_raises", step_raises);
        assert_eq!(
            run_with(&[f], "return test_step_raises()").unwrap_err(),
            "from a metamethod"
        );
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

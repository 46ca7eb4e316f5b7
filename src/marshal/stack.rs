//! The tables a walk is inside of (being filled while reading, being read
//! while writing), held without recursion and without growing the Lua
//! stack without bound: the innermost `WINDOW` tables sit on the Lua stack;
//! when the window is full they move to a scratch table indexed by depth,
//! and come back a half window at a time as the walk climbs out.

use std::ffi::c_int;

use mlua::ffi::{self, lua_State};

/// Lua stack slots used for tables (5.1 and LuaJIT allow about 8000 in a C call).
const WINDOW: usize = 1024;

/// Lua stack slots a [`TableStack`] may use beyond its base.
pub const SLOTS: c_int = WINDOW as c_int + 8;

pub struct TableStack<F> {
    frames: Vec<F>,
    /// How many of the outermost frames have their table in the scratch table.
    spilled: usize,
    /// Stack slot of the scratch table (nil until the first spill); the
    /// window starts just above it.
    base: c_int,
}

impl<F> TableStack<F> {
    /// An empty stack, not yet on the Lua stack: made by the caller of the
    /// protected call that walks (which then owns the frames), placed there.
    pub fn unplaced() -> TableStack<F> {
        TableStack {
            frames: Vec::new(),
            spilled: 0,
            base: 0,
        }
    }

    /// Reserves the scratch slot on top of the stack.
    ///
    /// # Safety
    /// [`SLOTS`] stack slots are free.
    pub unsafe fn place(&mut self, l: *mut lua_State) {
        ffi::lua_pushnil(l);
        self.base = ffi::lua_gettop(l);
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    fn window(&self) -> usize {
        self.frames.len() - self.spilled
    }

    /// The innermost frame and the stack index of its table. The caller
    /// must have called [`TableStack::ensure_loaded`] since the last pop.
    #[inline(always)]
    pub fn top(&mut self) -> (&mut F, c_int) {
        let idx = self.base + self.window() as c_int;
        (self.frames.last_mut().expect("top of an empty TableStack"), idx)
    }

    /// Makes the table on top of the Lua stack the innermost frame;
    /// `Out_of_memory` when the frames cannot grow.
    ///
    /// # Safety
    /// The Lua stack holds exactly the window, then the table; this may
    /// raise a Lua error (it runs in a protected call).
    #[inline(always)]
    pub unsafe fn push(&mut self, l: *mut lua_State, frame: F) -> Result<(), crate::exn::Raise> {
        if self.window() == WINDOW {
            self.spill(l);
        }
        self.frames
            .try_reserve(1)
            .map_err(|_| crate::exn::Raise::out_of_memory())?;
        self.frames.push(frame);
        Ok(())
    }

    /// Moves the whole window to the scratch table, keeping the new table
    /// (on top) as the only one on the Lua stack.
    #[cold]
    unsafe fn spill(&mut self, l: *mut lua_State) {
        if ffi::lua_type(l, self.base) != ffi::LUA_TTABLE {
            ffi::lua_createtable(l, 0, 0);
            ffi::lua_replace(l, self.base);
        }
        ffi::lua_insert(l, self.base + 1);
        for j in (0..WINDOW).rev() {
            ffi::lua_rawseti(l, self.base, (self.spilled + j + 1) as ffi::lua_Integer);
        }
        self.spilled += WINDOW;
    }

    /// Drops the innermost frame; its table must be on top of the stack.
    ///
    /// # Safety
    /// As for [`TableStack::push`].
    #[inline(always)]
    pub unsafe fn pop(&mut self, l: *mut lua_State) {
        ffi::lua_settop(l, -2);
        self.frames.pop();
    }

    /// Drops the innermost frame, whose table slot the value on top of the
    /// stack takes over (the value then sits where the walk expects a new
    /// item: just above the window).
    ///
    /// # Safety
    /// The stack holds the window, then one value.
    #[inline(always)]
    pub unsafe fn pop_under(&mut self, l: *mut lua_State) {
        ffi::lua_replace(l, -2);
        self.frames.pop();
    }

    /// Brings spilled tables back when the window has run empty.
    ///
    /// # Safety
    /// Nothing is on the stack above the (empty) window.
    #[inline(always)]
    pub unsafe fn ensure_loaded(&mut self, l: *mut lua_State) {
        if self.window() == 0 && self.spilled > 0 {
            self.reload(l);
        }
    }

    #[cold]
    unsafe fn reload(&mut self, l: *mut lua_State) {
        let n = self.spilled.min(WINDOW / 2);
        for k in self.spilled - n..self.spilled {
            ffi::lua_rawgeti(l, self.base, (k + 1) as ffi::lua_Integer);
        }
        self.spilled -= n;
    }
}

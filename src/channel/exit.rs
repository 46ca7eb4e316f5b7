//! Output channels still open: OCaml's `caml_all_opened_channels`, for
//! `out_channels_list` and for flushing when the program ends.
//!
//! Two lists, because there are two ends:
//! - per Lua state, a weak table `seq -> channel` in the registry. When the
//!   state closes, a sentinel userdata's `__gc` flushes them all in opening
//!   order (OCaml's `flush_all`) before their own finalizers run: a fresh
//!   sentinel is made after each new output channel, and both 5.1/LuaJIT
//!   (reverse creation order) and 5.4 (reverse marking order) run the newest
//!   finalizer first.
//! - per process, the descriptor channels, flushed by an `atexit` handler
//!   when the process exits without closing the state (`os.exit(n)`). Only
//!   descriptors: a custom backend needs its Lua state, which may be midway
//!   through a call then.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, Once};

use mlua::ffi::{self, lua_State};

use super::{registry_key, to_channel, Backend, Channel, Direction, RegistryKey};
use crate::primitive;
use crate::state::{Ret, State};

static SEQ: AtomicI64 = AtomicI64::new(1);

/// A channel's place in opening order.
pub fn next_seq() -> i64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// The process-wide descriptor channels, oldest first.
struct Open(Vec<*mut Channel>);
// The pointers are only followed at exit or under the lock, on channels
// whose finalizer removes them first.
unsafe impl Send for Open {}
static OPEN: Mutex<Open> = Mutex::new(Open(Vec::new()));

fn open_list() -> std::sync::MutexGuard<'static, Open> {
    OPEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Creates this state's list and the sentinel metatable; registers the
/// process exit handler once.
///
/// # Safety
/// `l` is a valid state with a few free stack slots.
pub unsafe fn init(l: *mut lua_State) {
    ffi::lua_createtable(l, 0, 4);
    ffi::lua_createtable(l, 0, 1);
    ffi::lua_pushstring(l, c"v".as_ptr());
    ffi::lua_setfield(l, -2, c"__mode".as_ptr());
    ffi::lua_setmetatable(l, -2);
    ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::OpenList));

    ffi::lua_createtable(l, 0, 2);
    let (_, gc) = primitive!("ocamlrt.channel.sentinel", sentinel_gc);
    ffi::lua_pushcfunction(l, gc);
    ffi::lua_setfield(l, -2, c"__gc".as_ptr());
    ffi::lua_pushboolean(l, 0);
    ffi::lua_setfield(l, -2, c"__metatable".as_ptr());
    ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::SentinelMetatable));

    static AT_EXIT: Once = Once::new();
    AT_EXIT.call_once(|| {
        libc::atexit(flush_process);
    });
}

/// Lists the new output channel on top of the stack.
///
/// # Safety
/// The channel userdata of `ch` is on top of the stack; 3 slots are free.
pub unsafe fn remember(l: *mut lua_State, ch: &mut Channel) {
    ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::OpenList));
    ffi::lua_pushvalue(l, -2);
    ffi::lua_rawseti(l, -2, ch.seq as ffi::lua_Integer);
    ffi::lua_pop(l, 1);
    if matches!(ch.backend, Backend::Fd(_)) {
        open_list().0.push(ch as *mut Channel);
    }
    // A new sentinel, so that its finalizer runs before this channel's.
    ffi::lua_newuserdata(l, 1);
    ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::SentinelMetatable));
    ffi::lua_setmetatable(l, -2);
    ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::Sentinel));
}

/// Takes a closed or collected channel off the process list.
pub fn forget(ch: &Channel) {
    if matches!(ch.backend, Backend::Fd(_)) {
        let p = ch as *const Channel;
        open_list().0.retain(|&q| !std::ptr::eq(q, p));
    }
}

/// The `atexit` handler: flushes every open descriptor channel, oldest
/// first, ignoring errors as `flush_all` does.
extern "C" fn flush_process() {
    let _ = std::panic::catch_unwind(|| {
        let list = open_list();
        for &p in &list.0 {
            let ch = unsafe { &mut *p };
            if !ch.closed && !ch.finalized && !ch.busy && ch.direction == Direction::Out {
                let _ = ch.flush(std::ptr::null_mut());
            }
        }
    });
}

/// Calls `each` on this state's open output channels in opening order,
/// with the channel on top of the stack.
///
/// # Safety
/// `l` is a valid state with 4 free slots; `each` leaves the stack balanced
/// or above the channel (it is reset after each call).
unsafe fn for_each_open(l: *mut lua_State, mut each: impl FnMut(*mut Channel)) {
    ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::OpenList));
    let table = ffi::lua_gettop(l);
    let mut seqs = Vec::new();
    ffi::lua_pushnil(l);
    while ffi::lua_next(l, table) != 0 {
        seqs.push(ffi::lua_tointeger(l, -2));
        ffi::lua_pop(l, 1);
    }
    seqs.sort_unstable();
    for seq in seqs {
        ffi::lua_rawgeti(l, table, seq);
        let p = to_channel(l, -1);
        if !p.is_null() && !(*p).closed && !(*p).finalized {
            each(p);
        }
        ffi::lua_settop(l, table);
    }
    ffi::lua_pop(l, 1);
}

/// `__gc` of the sentinel: when it is the current one (the state is
/// closing), flush every output channel of the state in opening order.
fn sentinel_gc(s: State) -> Ret {
    unsafe {
        ffi::lua_rawgetp(s.l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::Sentinel));
        let current = ffi::lua_rawequal(s.l, -1, 1) != 0;
        ffi::lua_settop(s.l, 1);
        if current && ffi::lua_checkstack(s.l, 8) != 0 {
            for_each_open(s.l, |p| {
                let ch = &mut *p;
                if !ch.busy && ch.direction == Direction::Out {
                    let _ = ch.flush(s.l);
                }
                // The state is closing: its channels leave the exit list
                // now, whatever becomes of their own finalizers.
                forget(ch);
            });
        }
    }
    Ok(0)
}

/// `caml_ml_out_channels_list`: the open output channels as an OCaml list,
/// oldest first, as OCaml builds it.
pub fn out_channels_list(s: State) -> Ret {
    s.reserve(8)?;
    // Collect the channels in a scratch table, then build the list from the
    // newest, prepending; all of it allocates, so in a protected call. The
    // scratch table is made large enough first: `for_each_open` owns a Vec.
    s.push_made(|l| unsafe {
        ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, registry_key(RegistryKey::OpenList));
        let mut open = 0;
        ffi::lua_pushnil(l);
        while ffi::lua_next(l, -2) != 0 {
            open += 1;
            ffi::lua_settop(l, -2);
        }
        ffi::lua_settop(l, -2);
        ffi::lua_createtable(l, open, 0);
        let scratch = ffi::lua_gettop(l);
        let mut n: ffi::lua_Integer = 0;
        for_each_open(l, |p| {
            if (*p).direction == Direction::Out {
                n += 1;
                ffi::lua_pushvalue(l, -1);
                ffi::lua_rawseti(l, scratch, n);
            }
        });
        ffi::lua_pushinteger(l, 0);
        for i in (1..=n).rev() {
            crate::value::push_block(l, 0, 2);
            ffi::lua_rawgeti(l, scratch, i);
            crate::value::set_field(l, -2, 0);
            ffi::lua_pushvalue(l, -2);
            crate::value::set_field(l, -2, 1);
            ffi::lua_remove(l, -2);
        }
    })?;
    Ok(1)
}

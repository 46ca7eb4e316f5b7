//! The generic Hashtbl's lookup of an int or string key in one native call,
//! and the bucket of any key for `add` and `replace` (lua/ocamlrt/hashtbl.lua
//! keeps the table itself, in OCaml's layout).
//!
//! On Lua 5.4 a lookup written in Lua pays a native call for `caml_hash`
//! and one for every `type`/`math.type` test of the table, the key and each
//! stored key; here it is one call. Only what this path can decide alone is
//! decided: an int key (within OCaml's range) or a string key, against
//! stored keys that are ints, floats or strings; anything else (another
//! key, a stored block or bytes, a malformed table) returns nothing and the
//! Lua path decides, with its checks and OCaml's exceptions. LuaJIT keeps the
//! Lua path, which it compiles (a native call would end its trace).

#[cfg(feature = "lua54")]
mod lookup {
    use std::ffi::c_int;

    use mlua::ffi;

    use crate::exn::Raise;
    use crate::hash::{hash_int, hash_value};
    use crate::state::{Ret, State};

    /// OCaml's int range on 64 bits.
    const MIN_INT: i64 = -(1 << 62);
    const MAX_INT: i64 = (1 << 62) - 1;

    /// Stored keys looked at before giving up (a malformed, cyclic chain is
    /// left to the Lua path rather than looping here).
    const MAX_CHAIN: usize = 1 << 24;

    /// Stack slots of the table's fields (the size in slot 3) and of the
    /// walk (arguments 1 and 2 are the table and key).
    const DATA: c_int = 4;
    const SEED: c_int = 5;
    const CELL: c_int = 6;
    const STORED: c_int = 7;

    /// The sought key, as this path compares it.
    #[derive(Clone, Copy)]
    enum Key {
        Int(i64),
        Str,
    }

    /// Whether the stored key in slot STORED (of Lua type `t`) equals `key`
    /// (`compare` is 0); `None` when this path cannot tell.
    unsafe fn same(l: *mut ffi::lua_State, key: Key, t: c_int) -> Option<bool> {
        match (key, t) {
            (Key::Int(n), ffi::LUA_TNUMBER) => {
                // A float of the same value is left to caml_compare.
                (ffi::lua_isinteger(l, STORED) != 0).then(|| ffi::lua_tointeger(l, STORED) == n)
            }
            // An int against a string, a string against a number: an
            // immediate against a block, or blocks of different tags.
            (Key::Int(_), ffi::LUA_TSTRING) | (Key::Str, ffi::LUA_TNUMBER) => Some(false),
            (Key::Str, ffi::LUA_TSTRING) => Some(ffi::lua_rawequal(l, 2, STORED) != 0),
            _ => None,
        }
    }

    /// The key argument when this path handles it.
    unsafe fn key_of(l: *mut ffi::lua_State) -> Option<Key> {
        match ffi::lua_type(l, 2) {
            ffi::LUA_TNUMBER if ffi::lua_isinteger(l, 2) != 0 => {
                let n = ffi::lua_tointeger(l, 2);
                (MIN_INT..=MAX_INT).contains(&n).then_some(Key::Int(n))
            }
            ffi::LUA_TSTRING => Some(Key::Str),
            _ => None,
        }
    }

    /// The bucket of the key (argument 2, `key` when key_of handles it) in
    /// the generic table `h` (argument 1), when `h` is one: its Lua index in
    /// the bucket array, left in slot DATA, and the bucket count. The key's
    /// `caml_hash(10, 100, seed, key)` modulo the bucket count, as
    /// hashtbl.lua computes it; `None` (the Lua path decides, with its
    /// checks) when `h` is not a table with a number size, a bucket table
    /// and an integer seed.
    unsafe fn bucket(s: State, key: Option<Key>) -> Result<Option<(i64, i64)>, Raise> {
        let l = s.l;
        if ffi::lua_type(l, 1) != ffi::LUA_TTABLE {
            return Ok(None);
        }
        ffi::lua_settop(l, 2);
        // The size field is not used, but the Lua path rejects a table without it.
        if ffi::lua_rawgeti(l, 1, 2) != ffi::LUA_TNUMBER
            || ffi::lua_rawgeti(l, 1, 3) != ffi::LUA_TTABLE
            || ffi::lua_rawgeti(l, 1, 4) != ffi::LUA_TNUMBER
            || ffi::lua_isinteger(l, SEED) == 0
        {
            return Ok(None);
        }
        let seed = ffi::lua_tointeger(l, SEED);
        let buckets = ffi::lua_rawlen(l, DATA) as i64 - 1;
        if buckets <= 0 {
            return Ok(None);
        }
        let hash = match key {
            Some(Key::Int(n)) => hash_int(seed, n),
            // Errors name caml_hash, as the Lua path's would.
            _ => hash_value(State::new(l, "caml_hash"), 10, 100, seed, 2)?,
        };
        Ok(Some((i64::from(hash) % buckets + 2, buckets)))
    }

    /// `_hashtbl_bucket(h, key)`: the Lua index of `key`'s bucket in the
    /// generic table `h`'s bucket array and the bucket count, or nothing
    /// when the Lua path decides (see `bucket`). Any key: its hash raises
    /// what caml_hash raises.
    pub fn index(s: State) -> Ret {
        let Some((i, buckets)) = (unsafe { bucket(s, key_of(s.l))? }) else {
            return Ok(0);
        };
        s.push_int(i);
        s.push_int(buckets);
        Ok(2)
    }

    /// `_hashtbl_find(h, key)`: `true, data` for the latest binding of
    /// `key` in the generic table `h`, `false` when it has none, nothing
    /// when this path cannot tell.
    pub fn find(s: State) -> Ret {
        let l = s.l;
        unsafe {
            let Some(key) = key_of(l) else { return Ok(0) };
            let Some((i, _)) = bucket(s, Some(key))? else {
                return Ok(0);
            };
            let mut t = ffi::lua_rawgeti(l, DATA, i);
            for _ in 0..MAX_CHAIN {
                if t != ffi::LUA_TTABLE {
                    // Empty (0) ends the bucket.
                    let empty =
                        t == ffi::LUA_TNUMBER && ffi::lua_isinteger(l, CELL) != 0 && ffi::lua_tointeger(l, CELL) == 0;
                    if !empty {
                        return Ok(0);
                    }
                    ffi::lua_pushboolean(l, 0);
                    return Ok(1);
                }
                let stored = ffi::lua_rawgeti(l, CELL, 2);
                let Some(equal) = same(l, key, stored) else {
                    return Ok(0);
                };
                ffi::lua_settop(l, CELL);
                if equal {
                    ffi::lua_pushboolean(l, 1);
                    ffi::lua_rawgeti(l, CELL, 3);
                    return Ok(2);
                }
                t = ffi::lua_rawgeti(l, CELL, 4);
                ffi::lua_replace(l, CELL);
            }
            Ok(0)
        }
    }
}

#[cfg(feature = "lua54")]
pub const PRIMITIVES: crate::state::Primitives = &[
    crate::primitive!("_hashtbl_find", lookup::find),
    crate::primitive!("_hashtbl_bucket", lookup::index),
];

/// Only Lua 5.4 has the native lookup (see the module's documentation).
#[cfg(not(feature = "lua54"))]
pub const PRIMITIVES: crate::state::Primitives = &[];

//! OCaml exceptions: the one place that builds exception values and raises
//! them into Lua.
//!
//! Constructors live in a registry table (`REGISTRY_KEY`), name to
//! constructor block `{248, name, id}`. The predefined ones are made at load
//! time with OCaml's ids; `caml_register_global` (lua/ocamlrt/exn.lua)
//! replaces them with a compiled program's own tables, so that the program's
//! handlers, which compare constructors with `==`, catch what we raise.

use std::any::Any;
use std::ffi::{c_int, CString};

use mlua::ffi::{self, lua_State};

use crate::primitive;
use crate::state::{Primitives, Ret, State};

/// Registry field holding the name -> constructor table.
pub const REGISTRY_KEY: &std::ffi::CStr = c"ocamlrt.exceptions";
/// Registry field holding the metatable that prints raised exception values.
pub const METATABLE_KEY: &std::ffi::CStr = c"ocamlrt.exception_mt";

/// OCaml's predefined exceptions, in the order of their ids -1, -2, ...
pub const PREDEFINED: [&str; 12] = [
    "Out_of_memory",
    "Sys_error",
    "Failure",
    "Invalid_argument",
    "End_of_file",
    "Division_by_zero",
    "Not_found",
    "Match_failure",
    "Stack_overflow",
    "Sys_blocked_io",
    "Assert_failure",
    "Undefined_recursive_module",
];

/// An OCaml exception a primitive raises.
#[derive(Debug)]
pub enum Raise {
    /// The constructor registered under `name`, with a string argument or none.
    Exn { name: &'static str, arg: Option<Vec<u8>> },
    /// The value on top of the Lua stack: an error caught from a Lua callback,
    /// re-raised as it was.
    OnStack,
}

impl Raise {
    pub fn failwith(msg: impl Into<Vec<u8>>) -> Raise {
        Raise::Exn {
            name: "Failure",
            arg: Some(msg.into()),
        }
    }
    pub fn invalid_argument(msg: impl Into<Vec<u8>>) -> Raise {
        Raise::Exn {
            name: "Invalid_argument",
            arg: Some(msg.into()),
        }
    }
    pub fn sys_error(msg: impl Into<Vec<u8>>) -> Raise {
        Raise::Exn {
            name: "Sys_error",
            arg: Some(msg.into()),
        }
    }
    pub fn end_of_file() -> Raise {
        Raise::Exn {
            name: "End_of_file",
            arg: None,
        }
    }
    pub fn not_found() -> Raise {
        Raise::Exn {
            name: "Not_found",
            arg: None,
        }
    }
    pub fn division_by_zero() -> Raise {
        Raise::Exn {
            name: "Division_by_zero",
            arg: None,
        }
    }
    pub fn out_of_memory() -> Raise {
        Raise::Exn {
            name: "Out_of_memory",
            arg: None,
        }
    }
    pub fn stack_overflow() -> Raise {
        Raise::Exn {
            name: "Stack_overflow",
            arg: None,
        }
    }
    /// `Invalid_argument "index out of bounds"`, as OCaml's bounds checks say.
    pub fn index_out_of_bounds() -> Raise {
        Raise::invalid_argument("index out of bounds")
    }
}

/// Creates the predefined constructors and the registry table; called once
/// when the module loads.
///
/// # Safety
/// `l` is a valid state with room for a few stack slots.
pub unsafe fn init(l: *mut lua_State) {
    ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, REGISTRY_KEY.as_ptr());
    let exists = ffi::lua_type(l, -1) == ffi::LUA_TTABLE;
    ffi::lua_pop(l, 1);
    if exists {
        return; // a second `require` in the same state keeps the program's constructors
    }
    ffi::lua_createtable(l, 0, PREDEFINED.len() as c_int);
    for (i, name) in PREDEFINED.iter().enumerate() {
        push_constructor(l, name.as_bytes(), -(i as i64) - 1);
        let cname = CString::new(*name).expect("exception names have no NUL");
        ffi::lua_setfield(l, -2, cname.as_ptr());
    }
    ffi::lua_setfield(l, ffi::LUA_REGISTRYINDEX, REGISTRY_KEY.as_ptr());
}

/// Pushes a fresh constructor block `{248, name, id}`.
unsafe fn push_constructor(l: *mut lua_State, name: &[u8], id: i64) {
    ffi::lua_createtable(l, 3, 0);
    ffi::lua_pushinteger(l, 248);
    ffi::lua_rawseti(l, -2, 1);
    ffi::lua_pushlstring(l, name.as_ptr().cast(), name.len());
    ffi::lua_rawseti(l, -2, 2);
    ffi::lua_pushinteger(l, id);
    ffi::lua_rawseti(l, -2, 3);
}

/// Pushes the constructor registered under `name`, creating it (with a fresh
/// positive id, as OCaml numbers exceptions defined at run time) when no
/// program registered one. Raw accesses only: a program can reach the table
/// (`_exceptions()`) and give it metamethods.
///
/// # Safety
/// `l` is a valid state with a few free stack slots; this allocates, so it
/// runs where a Lua error may leave it (init, or [`State::protect`]).
pub unsafe fn push_named_constructor(l: *mut lua_State, name: &str) {
    ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, REGISTRY_KEY.as_ptr());
    if ffi::lua_type(l, -1) != ffi::LUA_TTABLE {
        ffi::lua_settop(l, -2);
        ffi::lua_createtable(l, 0, 1);
    }
    ffi::lua_pushlstring(l, name.as_ptr().cast(), name.len());
    if ffi::lua_rawget(l, -2) == ffi::LUA_TNIL {
        ffi::lua_pop(l, 1);
        let id = count_entries(l) + 1;
        push_constructor(l, name.as_bytes(), id);
        set_exception_metatable(l);
        ffi::lua_pushlstring(l, name.as_ptr().cast(), name.len());
        ffi::lua_pushvalue(l, -2);
        ffi::lua_rawset(l, -4);
    }
    ffi::lua_remove(l, -2);
}

/// Pushes `Out_of_memory` without allocating: its name is a key of the
/// registered table, so the string exists already. For when building any
/// other exception value failed.
///
/// # Safety
/// `l` is a valid state with two free stack slots.
pub unsafe fn push_out_of_memory(l: *mut lua_State) {
    ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, REGISTRY_KEY.as_ptr());
    if ffi::lua_type(l, -1) == ffi::LUA_TTABLE {
        ffi::lua_pushstring(l, c"Out_of_memory".as_ptr());
        ffi::lua_rawget(l, -2);
        ffi::lua_remove(l, -2);
    }
}

/// How many constructors the table on top of the stack holds.
unsafe fn count_entries(l: *mut lua_State) -> i64 {
    let mut n = 0;
    ffi::lua_pushnil(l);
    while ffi::lua_next(l, -2) != 0 {
        n += 1;
        ffi::lua_pop(l, 1);
    }
    n
}

/// Gives a raised value the metatable that prints it as OCaml does.
unsafe fn set_exception_metatable(l: *mut lua_State) {
    ffi::lua_pushstring(l, METATABLE_KEY.as_ptr());
    if ffi::lua_rawget(l, ffi::LUA_REGISTRYINDEX) == ffi::LUA_TTABLE && ffi::lua_getmetatable(l, -2) == 0 {
        ffi::lua_setmetatable(l, -2);
    } else {
        ffi::lua_pop(l, 1);
    }
}

/// Pushes the exception value for `raise`.
///
/// # Safety
/// `l` is a valid state with 4 free stack slots; this allocates (see
/// [`push_named_constructor`]).
pub unsafe fn push_raise(l: *mut lua_State, raise: &Raise) {
    match raise {
        Raise::OnStack => {}
        Raise::Exn { name, arg: None } => push_named_constructor(l, name),
        Raise::Exn { name, arg: Some(msg) } => {
            ffi::lua_createtable(l, 3, 0);
            ffi::lua_pushinteger(l, 0);
            ffi::lua_rawseti(l, -2, 1);
            push_named_constructor(l, name);
            ffi::lua_rawseti(l, -2, 2);
            ffi::lua_pushlstring(l, msg.as_ptr().cast(), msg.len());
            ffi::lua_rawseti(l, -2, 3);
            set_exception_metatable(l);
        }
    }
}

/// `Failure` for a Rust panic, which must never unwind into Lua.
pub fn panic_raise(name: &str, payload: Box<dyn Any + Send>) -> Raise {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    drop(payload);
    Raise::failwith(format!("{name}: internal error: {what}"))
}

/// `_exceptions()`: the name -> constructor table, for lua/ocamlrt/exn.lua.
fn exceptions(s: State) -> Ret {
    unsafe { ffi::lua_getfield(s.l, ffi::LUA_REGISTRYINDEX, REGISTRY_KEY.as_ptr()) };
    Ok(1)
}

/// `_constructor(name)`: the constructor ocamlrt raises for `name`.
fn constructor(s: State) -> Ret {
    let name = String::from_utf8_lossy(s.str(1)?).into_owned();
    s.protect(1, |l| {
        unsafe { push_named_constructor(l, &name) };
        1
    })?;
    Ok(1)
}

/// `_set_exception_metatable(mt)`: the metatable raised values get.
fn set_metatable(s: State) -> Ret {
    unsafe {
        ffi::lua_settop(s.l, 1);
        ffi::lua_setfield(s.l, ffi::LUA_REGISTRYINDEX, METATABLE_KEY.as_ptr());
    }
    Ok(0)
}

pub const PRIMITIVES: Primitives = &[
    primitive!("_exceptions", exceptions),
    primitive!("_constructor", constructor),
    primitive!("_set_exception_metatable", set_metatable),
];

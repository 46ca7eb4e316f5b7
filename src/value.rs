//! The value contract (docs/VALUES.md): the one place that reads Lua values
//! as OCaml values and builds OCaml values as Lua values.
//!
//! A block is a table `{tag, field0, ...}`: tag at `[1]`, field i at
//! `[i + 2]`, size `#b - 1`. Custom blocks (int32/int64/nativeint) are
//! `{255, value, caml_custom = "_i" | "_j" | "_n"}`. OCaml's boxed float
//! `{253, x}` is a float, as a plain number is. A closure is a Lua
//! function or a table whose `[1]` is a function. Everything else is invalid
//! and is rejected, never guessed.

use std::ffi::c_int;

use mlua::ffi::{self, lua_State};

use crate::exn::Raise;
use crate::primitive;
use crate::state::{type_name, Primitives, Ret, State};

/// OCaml's tags with a meaning of their own.
pub mod tag {
    pub const FORWARD: u8 = 250;
    pub const INFIX: u8 = 249;
    pub const OBJECT: u8 = 248;
    pub const CLOSURE: u8 = 247;
    pub const LAZY: u8 = 246;
    pub const ABSTRACT: u8 = 251;
    pub const STRING: u8 = 252;
    pub const DOUBLE: u8 = 253;
    pub const DOUBLE_ARRAY: u8 = 254;
    pub const CUSTOM: u8 = 255;
}

/// The range of OCaml's 63-bit `int`.
pub const MIN_INT: i64 = -(1 << 62);
pub const MAX_INT: i64 = (1 << 62) - 1;

/// The largest 0-based field index the raw accessors take on every
/// interpreter: Lua 5.1 and LuaJIT index tables with a C `int`, and a larger
/// index would stop in mlua's conversion (a panic), not in Lua.
pub const MAX_FIELD: usize = c_int::MAX as usize - 2;

/// `n` as a field index when it is one ([`MAX_FIELD`] at most).
pub fn field_index(n: i64) -> Option<usize> {
    usize::try_from(n).ok().filter(|&i| i <= MAX_FIELD)
}

/// The boxed integers, as custom blocks carry them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Custom {
    Int32(i32),
    Int64(i64),
    Nativeint(i64),
}

impl Custom {
    /// OCaml's identifier of the custom operations (`caml_custom` field).
    pub fn ident(self) -> &'static str {
        match self {
            Custom::Int32(_) => "_i",
            Custom::Int64(_) => "_j",
            Custom::Nativeint(_) => "_n",
        }
    }
}

/// What a Lua value is, read as an OCaml value.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// An immediate: int, char, bool, unit, constant constructor.
    Int(i64),
    /// A float (unboxed, as the contract keeps it).
    Float(f64),
    /// An immutable string (a Lua string: no identity).
    String(&'a [u8]),
    /// A mutable bytes userdata (it has identity).
    Bytes(&'a [u8]),
    /// A table block; read its fields with [`push_field`].
    Block { tag: u8, size: usize },
    /// An int32 / int64 / nativeint custom block.
    Custom(Custom),
    /// A Lua function or a compiled closure table.
    Closure,
}

/// Reads the value at `idx` (which must be an absolute or negative index
/// that stays valid) as an OCaml value. Leaves the stack as it was.
pub fn classify<'a>(s: State, idx: c_int) -> Result<Value<'a>, Raise> {
    classify_typed(s, idx, unsafe { ffi::lua_type(s.l, idx) })
}

/// [`classify`] for a value whose Lua type `t` is already known (what
/// `lua_rawgeti` returned): one API call less per value on hot walks.
#[inline]
pub fn classify_typed<'a>(s: State, idx: c_int, t: c_int) -> Result<Value<'a>, Raise> {
    let l = s.l;
    unsafe {
        match t {
            ffi::LUA_TNUMBER => Ok(number(s, idx)?),
            ffi::LUA_TSTRING => {
                let mut len = 0usize;
                let p = ffi::lua_tolstring(l, idx, &mut len);
                Ok(Value::String(std::slice::from_raw_parts(p.cast(), len)))
            }
            ffi::LUA_TTABLE => table(s, idx),
            ffi::LUA_TFUNCTION => Ok(Value::Closure),
            ffi::LUA_TUSERDATA => match crate::bytes::to_bytes(l, idx) {
                Some(b) => Ok(Value::Bytes(b)),
                None => invalid(s, idx, "a userdata that is not ocamlrt bytes"),
            },
            _ => invalid(s, idx, type_name(s, idx)),
        }
    }
}

fn invalid<T>(s: State, _idx: c_int, what: &str) -> Result<T, Raise> {
    Err(Raise::invalid_argument(format!(
        "{}: not an OCaml value: {}",
        s.name, what
    )))
}

/// Lua 5.3+: the integer subtype is an int, the float subtype a float.
#[cfg(feature = "lua54")]
unsafe fn number<'a>(s: State, idx: c_int) -> Result<Value<'a>, Raise> {
    if ffi::lua_isinteger(s.l, idx) != 0 {
        let n = ffi::lua_tointeger(s.l, idx);
        if !(MIN_INT..=MAX_INT).contains(&n) {
            return Err(Raise::invalid_argument(format!(
                "{}: integer {} is outside OCaml's 63-bit int range",
                s.name, n
            )));
        }
        return Ok(Value::Int(n));
    }
    Ok(Value::Float(ffi::lua_tonumber(s.l, idx)))
}

/// Lua 5.1 / LuaJIT: an integral number within OCaml's int range is an int
/// (the two cannot be told apart); any other number is a float.
#[cfg(not(feature = "lua54"))]
unsafe fn number<'a>(s: State, idx: c_int) -> Result<Value<'a>, Raise> {
    let x = ffi::lua_tonumber(s.l, idx);
    Ok(match int_of_integral(x) {
        Some(n) => Value::Int(n),
        None => Value::Float(x),
    })
}

/// `x` as an OCaml int when it is integral, not -0.0, and in range.
#[cfg(not(feature = "lua54"))]
pub fn int_of_integral(x: f64) -> Option<i64> {
    // MAX_INT is not a double (it rounds up to 2^62); -MIN_INT = 2^62 is.
    let in_range = x >= MIN_INT as f64 && x < -(MIN_INT as f64);
    (in_range && x.fract() == 0.0 && !(x == 0.0 && x.is_sign_negative())).then_some(x as i64)
}

unsafe fn table<'a>(s: State, idx: c_int) -> Result<Value<'a>, Raise> {
    let l = s.l;
    let t = ffi::lua_rawgeti(l, idx, 1);
    if t == ffi::LUA_TFUNCTION {
        ffi::lua_pop(l, 1);
        return Ok(Value::Closure);
    }
    let mut ok = 0;
    let tag = if t == ffi::LUA_TNUMBER {
        ffi::lua_tointegerx(l, -1, &mut ok)
    } else {
        -1
    };
    ffi::lua_pop(l, 1);
    if ok == 0 || !(0..=255).contains(&tag) {
        let what = if t == ffi::LUA_TNIL {
            "a table with no tag at [1]"
        } else {
            "a table whose [1] is not a tag (0..255)"
        };
        return invalid(s, idx, what);
    }
    let size = ffi::lua_rawlen(l, idx) - 1;
    if tag as u8 == tag::CUSTOM {
        return custom(s, idx).map(Value::Custom);
    }
    if tag as u8 == tag::DOUBLE {
        return match boxed_float_fields(l, idx, size) {
            Some(x) => Ok(Value::Float(x)),
            None => invalid(s, idx, "a tag-253 table that is not a boxed float {253, x}"),
        };
    }
    Ok(Value::Block { tag: tag as u8, size })
}

/// The float of the boxed float `{253, x}` at `idx`, or `None` when the
/// value there is not one (Lua 5.1/LuaJIT users' explicit float: there an
/// integral number is an int).
///
/// # Safety
/// One stack slot is free.
pub unsafe fn boxed_float(l: *mut lua_State, idx: c_int) -> Option<f64> {
    if ffi::lua_type(l, idx) != ffi::LUA_TTABLE {
        return None;
    }
    let mut ok = 0;
    ffi::lua_rawgeti(l, idx, 1);
    let tag = ffi::lua_tointegerx(l, -1, &mut ok);
    ffi::lua_pop(l, 1);
    if ok == 0 || tag != tag::DOUBLE as ffi::lua_Integer {
        return None;
    }
    boxed_float_fields(l, idx, ffi::lua_rawlen(l, idx) - 1)
}

/// The field of a tag-253 table of `size` fields when it is one number.
unsafe fn boxed_float_fields(l: *mut lua_State, idx: c_int, size: usize) -> Option<f64> {
    if size != 1 {
        return None;
    }
    let t = ffi::lua_rawgeti(l, idx, 2);
    let x = ffi::lua_tonumber(l, -1);
    ffi::lua_pop(l, 1);
    (t == ffi::LUA_TNUMBER).then_some(x)
}

/// Reads `{255, value, caml_custom = id}`.
unsafe fn custom(s: State, idx: c_int) -> Result<Custom, Raise> {
    let l = s.l;
    // Raw access: a metamethod could raise inside a primitive.
    let idx = ffi::lua_absindex(l, idx);
    ffi::lua_pushstring(l, c"caml_custom".as_ptr());
    ffi::lua_rawget(l, idx);
    let ident = crate::state::string_or_bytes(l, -1).map(<[u8]>::to_vec);
    ffi::lua_pop(l, 1);
    ffi::lua_rawgeti(l, idx, 2);
    let v = custom_payload(s, ident.as_deref());
    ffi::lua_pop(l, 1);
    match v {
        Some(c) => Ok(c),
        None => invalid(
            s,
            idx,
            "a tag-255 table that is not an int32/int64/nativeint custom block",
        ),
    }
}

/// The boxed integer on top of the stack, for the custom identifier `ident`.
unsafe fn custom_payload(s: State, ident: Option<&[u8]>) -> Option<Custom> {
    let l = s.l;
    let int = || {
        let mut ok = 0;
        let n = ffi::lua_tointegerx(l, -1, &mut ok);
        (ffi::lua_type(l, -1) == ffi::LUA_TNUMBER && ok != 0).then_some(n)
    };
    // Where Lua has no 64-bit integers, int64/nativeint travel as 8 bytes, big-endian.
    let wide = || match crate::state::string_or_bytes(l, -1) {
        Some(b) if b.len() == 8 && ffi::lua_type(l, -1) == ffi::LUA_TSTRING => {
            Some(i64::from_be_bytes(b.try_into().ok()?))
        }
        _ if cfg!(feature = "lua54") => int(),
        _ => None,
    };
    match ident? {
        b"_i" => int().and_then(|n| i32::try_from(n).ok()).map(Custom::Int32),
        b"_j" => wide().map(Custom::Int64),
        b"_n" => wide().map(Custom::Nativeint),
        _ => None,
    }
}

/// Pushes field 0 of the table at `idx` and returns it as a tag when it is
/// one of an ordinary block (0 to Lazy_tag), as [`classify_typed`] reads it.
///
/// # Safety
/// `idx` is a table; one stack slot is free.
#[inline(always)]
pub unsafe fn ordinary_tag(l: *mut ffi::lua_State, idx: c_int) -> Option<ffi::lua_Integer> {
    if ffi::lua_rawgeti(l, idx, 1) != ffi::LUA_TNUMBER {
        return None;
    }
    let mut ok = 0;
    let tag = ffi::lua_tointegerx(l, -1, &mut ok);
    (ok != 0 && (0..=tag::LAZY as ffi::lua_Integer).contains(&tag)).then_some(tag)
}

/// Pushes field `i` (0-based) of the block at `idx`; returns its Lua type.
///
/// # Safety
/// `idx` is a block table; one stack slot is free.
#[inline(always)]
pub unsafe fn push_field(l: *mut lua_State, idx: c_int, i: usize) -> c_int {
    ffi::lua_rawgeti(l, idx, i as ffi::lua_Integer + 2)
}

/// Field `i` (0-based) of the block at `idx` as an int, or `None` when it is
/// not one (on 5.1/LuaJIT: not an integral number). Leaves the stack as it was.
///
/// # Safety
/// `idx` is a block table (absolute or negative index below the top); one stack slot is free.
#[inline(always)]
pub unsafe fn int_field(l: *mut lua_State, idx: c_int, i: usize) -> Option<i64> {
    let mut ok = 0;
    let n = if ffi::lua_rawgeti(l, idx, i as ffi::lua_Integer + 2) == ffi::LUA_TNUMBER {
        ffi::lua_tointegerx(l, -1, &mut ok)
    } else {
        0
    };
    ffi::lua_pop(l, 1);
    (ok != 0).then_some(n)
}

/// Stores the int `n` into field `i` (0-based) of the block at `idx` (any
/// index, negative ones included: the stack is as it was when called).
///
/// # Safety
/// `idx` is a block table; one stack slot is free.
#[inline(always)]
pub unsafe fn set_int_field(l: *mut lua_State, idx: c_int, i: usize, n: i64) {
    let idx = if idx < 0 && idx > ffi::LUA_REGISTRYINDEX {
        ffi::lua_gettop(l) + idx + 1
    } else {
        idx
    };
    ffi::lua_pushinteger(l, n);
    ffi::lua_rawseti(l, idx, i as ffi::lua_Integer + 2);
}

/// Pops the top value into field `i` (0-based) of the block at `idx`.
///
/// # Safety
/// `idx` is a block table below the value on top.
#[inline(always)]
pub unsafe fn set_field(l: *mut lua_State, idx: c_int, i: usize) {
    ffi::lua_rawseti(l, idx, i as ffi::lua_Integer + 2)
}

/// Pushes a new block of `size` fields with tag `tag`; its fields must then
/// all be set with [`set_field`] (the contract forbids nil fields).
///
/// # Safety
/// Two stack slots are free.
#[inline(always)]
pub unsafe fn push_block(l: *mut lua_State, tag: u8, size: usize) {
    ffi::lua_createtable(l, c_int::try_from(size + 1).unwrap_or(c_int::MAX), 0);
    ffi::lua_pushinteger(l, tag as ffi::lua_Integer);
    ffi::lua_rawseti(l, -2, 1);
}

/// Pushes an OCaml int.
///
/// # Safety
/// One stack slot is free.
#[inline(always)]
pub unsafe fn push_int(l: *mut lua_State, n: i64) {
    ffi::lua_pushinteger(l, n);
}

/// Pushes an OCaml float: on 5.3+ always the float subtype, even when integral.
///
/// # Safety
/// One stack slot is free.
#[inline(always)]
pub unsafe fn push_float(l: *mut lua_State, x: f64) {
    ffi::lua_pushnumber(l, x);
}

/// Pushes OCaml's boxed float `{253, x}`.
///
/// # Safety
/// Two stack slots are free.
pub unsafe fn push_boxed_float(l: *mut lua_State, x: f64) {
    push_block(l, tag::DOUBLE, 1);
    ffi::lua_pushnumber(l, x);
    ffi::lua_rawseti(l, -2, 2);
}

/// Pushes a custom block `{255, value, caml_custom = id}`.
///
/// # Safety
/// Three stack slots are free.
pub unsafe fn push_custom(l: *mut lua_State, c: Custom) {
    ffi::lua_createtable(l, 2, 1);
    ffi::lua_pushinteger(l, tag::CUSTOM as ffi::lua_Integer);
    ffi::lua_rawseti(l, -2, 1);
    match c {
        Custom::Int32(n) => ffi::lua_pushinteger(l, n as ffi::lua_Integer),
        Custom::Int64(n) | Custom::Nativeint(n) => push_wide(l, n),
    }
    ffi::lua_rawseti(l, -2, 2);
    let ident = c.ident();
    ffi::lua_pushlstring(l, ident.as_ptr().cast(), ident.len());
    ffi::lua_setfield(l, -2, c"caml_custom".as_ptr());
}

#[cfg(feature = "lua54")]
unsafe fn push_wide(l: *mut lua_State, n: i64) {
    ffi::lua_pushinteger(l, n);
}

#[cfg(not(feature = "lua54"))]
unsafe fn push_wide(l: *mut lua_State, n: i64) {
    let b = n.to_be_bytes();
    ffi::lua_pushlstring(l, b.as_ptr().cast(), b.len());
}

/// OCaml's `Obj.tag` of the value the Lua value stands for: 1000 for an
/// int, the String/Double/Custom/Closure tags for strings, floats, boxed
/// integers and functions, the block's tag otherwise.
fn obj_tag(s: State) -> Ret {
    let tag = match classify(s, 1)? {
        Value::Int(_) => 1000,
        Value::Float(_) => tag::DOUBLE as i64,
        Value::String(_) | Value::Bytes(_) => tag::STRING as i64,
        Value::Block { tag, .. } => tag as i64,
        Value::Custom(_) => tag::CUSTOM as i64,
        Value::Closure => tag::CLOSURE as i64,
    };
    s.push_int(tag);
    Ok(1)
}

pub const PRIMITIVES: Primitives = &[primitive!("caml_obj_tag", obj_tag)];

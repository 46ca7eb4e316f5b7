//! OCaml `bytes`: fixed-length mutable buffers as full userdata, and the
//! string/bytes primitives under their OCaml runtime names.
//!
//! The userdata's memory is the byte array itself, so its length is
//! `lua_rawlen` and no header is needed. Every primitive that reads accepts a
//! Lua string or bytes alike.

use std::cmp::Ordering;
use std::ffi::c_int;

use mlua::ffi::{self, lua_State};

use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};

/// The metatable's `__name` and `__metatable`.
const METATABLE_NAME: &std::ffi::CStr = c"ocamlrt.bytes";

/// The address of this static is the registry key of the metatable that
/// marks a userdata as bytes (a light userdata key: no string to hash on
/// every check).
static METATABLE_KEY: u8 = 0;

/// Pushes the bytes metatable (or nil before `init`).
unsafe fn push_metatable(l: *mut lua_State) -> c_int {
    ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, std::ptr::from_ref(&METATABLE_KEY).cast())
}

/// The largest bytes this build can allocate (LuaJIT caps userdata below 2 GiB).
#[cfg(feature = "luajit")]
pub const MAX_LENGTH: usize = 0x7fff_ff00;
/// The largest bytes this build can allocate (OCaml's Sys.max_string_length).
#[cfg(not(feature = "luajit"))]
pub const MAX_LENGTH: usize = (1 << 57) - 9;

/// Whether the value at `idx` is an ocamlrt bytes.
///
/// # Safety
/// `l` is a valid state.
pub unsafe fn is_bytes(l: *mut lua_State, idx: c_int) -> bool {
    if ffi::lua_type(l, idx) != ffi::LUA_TUSERDATA || ffi::lua_getmetatable(l, idx) == 0 {
        return false;
    }
    push_metatable(l);
    let same = ffi::lua_rawequal(l, -1, -2) != 0;
    ffi::lua_pop(l, 2);
    same
}

/// The contents of the bytes at `idx`, or `None` if it is not bytes.
///
/// # Safety
/// The slice is valid while the userdata stays reachable; callers must not
/// hold two slices of the same bytes at once (see `blit`).
pub unsafe fn to_bytes<'a>(l: *mut lua_State, idx: c_int) -> Option<&'a mut [u8]> {
    if !is_bytes(l, idx) {
        return None;
    }
    let len = ffi::lua_rawlen(l, idx);
    let p = ffi::lua_touserdata(l, idx).cast::<u8>();
    Some(std::slice::from_raw_parts_mut(p, len))
}

/// Pushes new zero-filled bytes of `len` (`len <= MAX_LENGTH`), or fails
/// with `Out_of_memory`: the allocation runs protected (see state.rs).
pub fn push_new_bytes<'a>(s: State, len: usize) -> Result<&'a mut [u8], Raise> {
    let mut p = std::ptr::null_mut::<u8>();
    s.protect(1, |l| unsafe {
        p = ffi::lua_newuserdata(l, len).cast::<u8>();
        set_metatable(l);
        1
    })?;
    unsafe {
        std::ptr::write_bytes(p, 0, len);
        Ok(std::slice::from_raw_parts_mut(p, len))
    }
}

/// Makes the userdata on top of the stack a bytes; raises nothing (the
/// metatable has no `__gc`).
///
/// # Safety
/// `l` is a valid state with a userdata on top and a free stack slot.
pub unsafe fn set_metatable(l: *mut lua_State) {
    push_metatable(l);
    ffi::lua_setmetatable(l, -2);
}

/// Creates the bytes metatable; called once when the module loads.
///
/// # Safety
/// `l` is a valid state.
pub unsafe fn init(l: *mut lua_State) {
    if push_metatable(l) == ffi::LUA_TTABLE {
        ffi::lua_pop(l, 1);
        return;
    }
    ffi::lua_pop(l, 1);
    ffi::lua_createtable(l, 0, 4);
    ffi::lua_pushstring(l, METATABLE_NAME.as_ptr());
    ffi::lua_setfield(l, -2, c"__name".as_ptr());
    // Neither readable nor replaceable from Lua (`getmetatable` gives this).
    ffi::lua_pushstring(l, METATABLE_NAME.as_ptr());
    ffi::lua_setfield(l, -2, c"__metatable".as_ptr());
    let (_, len) = primitive!("caml_ml_bytes_length", length);
    ffi::lua_pushcfunction(l, len);
    ffi::lua_setfield(l, -2, c"__len".as_ptr());
    ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, std::ptr::from_ref(&METATABLE_KEY).cast());
}

/// Checks that `ofs, len` is a valid range of a sequence of `size`.
fn range(s: State, ofs_idx: c_int, size: usize, what: &str) -> Result<(usize, usize), Raise> {
    let (ofs, len) = (s.int(ofs_idx)?, s.int(ofs_idx + 1)?);
    if ofs < 0 || len < 0 || (ofs as u64).saturating_add(len as u64) > size as u64 {
        return Err(Raise::invalid_argument(what));
    }
    Ok((ofs as usize, len as usize))
}

fn index(s: State, idx: c_int, size: usize) -> Result<usize, Raise> {
    match usize::try_from(s.int(idx)?) {
        Ok(i) if i < size => Ok(i),
        _ => Err(Raise::index_out_of_bounds()),
    }
}

fn create(s: State) -> Ret {
    let len = s.int(1)?;
    if len < 0 || len as u64 > MAX_LENGTH as u64 {
        return Err(Raise::invalid_argument("Bytes.create"));
    }
    s.return_zero_bytes(len as usize)
}

/// `caml_string_get`, `caml_bytes_get` and their unsafe forms: the byte at i.
/// The unsafe forms are checked too: an unchecked read here could crash Lua.
fn get(s: State) -> Ret {
    let b = s.str(1)?;
    let i = index(s, 2, b.len())?;
    s.push_int(b[i] as i64);
    Ok(1)
}

fn set(s: State) -> Ret {
    let b = s.bytes_mut(1)?;
    let i = index(s, 2, b.len())?;
    b[i] = s.int(3)? as u8; // OCaml stores a char: the low 8 bits
    s.push_int(0);
    Ok(1)
}

fn length(s: State) -> Ret {
    let n = s.str(1)?.len();
    s.push_int(n as i64);
    Ok(1)
}

/// Copies `len` bytes from argument 1 at `ofs1` to argument 3 at `ofs2`; the
/// two may be the same bytes, so the copy goes through raw pointers.
fn blit_with(s: State, what: &str) -> Ret {
    let src = s.str(1)?;
    let (src_ptr, src_len) = (src.as_ptr(), src.len());
    let (ofs1, len) = (s.int(2)?, s.int(5)?);
    let dst = s.bytes_mut(3)?;
    let (dst_ptr, dst_len) = (dst.as_mut_ptr(), dst.len());
    let ofs2 = s.int(4)?;
    let fits = |ofs: i64, size: usize| ofs >= 0 && len >= 0 && (ofs as u64).saturating_add(len as u64) <= size as u64;
    if !fits(ofs1, src_len) || !fits(ofs2, dst_len) {
        return Err(Raise::invalid_argument(what));
    }
    unsafe { std::ptr::copy(src_ptr.add(ofs1 as usize), dst_ptr.add(ofs2 as usize), len as usize) };
    s.push_int(0);
    Ok(1)
}

fn blit_bytes(s: State) -> Ret {
    blit_with(s, "Bytes.blit")
}

fn blit_string(s: State) -> Ret {
    blit_with(s, "String.blit / Bytes.blit_string")
}

fn fill(s: State) -> Ret {
    let b = s.bytes_mut(1)?;
    let (ofs, len) = range(s, 2, b.len(), "String.fill / Bytes.fill")?;
    let c = s.int(4)? as u8;
    b[ofs..ofs + len].fill(c);
    s.push_int(0);
    Ok(1)
}

fn bytes_of_string(s: State) -> Ret {
    s.return_bytes(&[s.str(1)?])
}

fn string_of_bytes(s: State) -> Ret {
    s.return_str(&[s.str(1)?])
}

fn sub_range<'a>(s: State) -> Result<&'a [u8], Raise> {
    let src = s.str(1)?;
    let (ofs, len) = range(s, 2, src.len(), "String.sub / Bytes.sub")?;
    Ok(&src[ofs..ofs + len])
}

fn string_sub(s: State) -> Ret {
    s.return_str(&[sub_range(s)?])
}

fn bytes_sub(s: State) -> Ret {
    s.return_bytes(&[sub_range(s)?])
}

fn string_concat(s: State) -> Ret {
    s.return_str(&[s.str(1)?, s.str(2)?])
}

fn bytes_concat(s: State) -> Ret {
    s.return_bytes(&[s.str(1)?, s.str(2)?])
}

/// OCaml's string order: byte-wise, then the shorter first.
fn order(s: State) -> Result<Ordering, Raise> {
    Ok(s.str(1)?.cmp(s.str(2)?))
}

fn compare(s: State) -> Ret {
    s.push_int(order(s)? as i64);
    Ok(1)
}

macro_rules! order_test {
    ($fname:ident, $test:expr) => {
        fn $fname(s: State) -> Ret {
            let test: fn(Ordering) -> bool = $test;
            s.push_bool(test(order(s)?));
            Ok(1)
        }
    };
}
order_test!(equal, |o| o == Ordering::Equal);
order_test!(notequal, |o| o != Ordering::Equal);
order_test!(lessthan, |o| o == Ordering::Less);
order_test!(lessequal, |o| o != Ordering::Greater);
order_test!(greaterthan, |o| o == Ordering::Greater);
order_test!(greaterequal, |o| o != Ordering::Less);

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_create_bytes", create),
    primitive!("caml_bytes_get", get),
    primitive!("caml_bytes_unsafe_get", get),
    primitive!("caml_string_get", get),
    primitive!("caml_string_unsafe_get", get),
    primitive!("caml_bytes_set", set),
    primitive!("caml_bytes_unsafe_set", set),
    primitive!("caml_ml_bytes_length", length),
    primitive!("caml_ml_string_length", length),
    primitive!("caml_blit_bytes", blit_bytes),
    primitive!("caml_blit_string", blit_string),
    primitive!("caml_fill_bytes", fill),
    primitive!("caml_bytes_of_string", bytes_of_string),
    primitive!("caml_string_of_bytes", string_of_bytes),
    primitive!("caml_bytes_to_string", string_of_bytes),
    primitive!("caml_string_sub", string_sub),
    primitive!("caml_bytes_sub", bytes_sub),
    primitive!("caml_string_concat", string_concat),
    primitive!("caml_bytes_concat", bytes_concat),
    primitive!("caml_string_compare", compare),
    primitive!("caml_bytes_compare", compare),
    primitive!("caml_string_equal", equal),
    primitive!("caml_bytes_equal", equal),
    primitive!("caml_string_notequal", notequal),
    primitive!("caml_bytes_notequal", notequal),
    primitive!("caml_string_lessthan", lessthan),
    primitive!("caml_bytes_lessthan", lessthan),
    primitive!("caml_string_lessequal", lessequal),
    primitive!("caml_bytes_lessequal", lessequal),
    primitive!("caml_string_greaterthan", greaterthan),
    primitive!("caml_bytes_greaterthan", greaterthan),
    primitive!("caml_string_greaterequal", greaterequal),
    primitive!("caml_bytes_greaterequal", greaterequal),
];

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn blit_within_one_bytes_moves_like_memmove() {
        let code = r#"
            local b = native.caml_bytes_of_string("abcdef")
            native.caml_blit_bytes(b, 0, b, 2, 4)
            return native.caml_string_of_bytes(b)"#;
        assert_eq!(run(code).unwrap(), "ababcd");
    }

    #[test]
    fn out_of_range_raises_invalid_argument() {
        let code = r#"return native.caml_bytes_get(native.caml_create_bytes(2), 2)"#;
        assert_eq!(run(code).unwrap_err(), "Invalid_argumentindex out of bounds");
        let code = r#"return native.caml_create_bytes(-1)"#;
        assert_eq!(run(code).unwrap_err(), "Invalid_argumentBytes.create");
    }

    #[test]
    fn strings_order_bytewise_then_by_length() {
        assert_eq!(run(r#"return native.caml_string_compare("ab", "abc")"#).unwrap(), "-1");
        assert_eq!(run(r#"return native.caml_string_compare("\255", "abc")"#).unwrap(), "1");
        assert_eq!(
            run(r#"return native.caml_bytes_equal(native.caml_bytes_of_string("x"), "x")"#).unwrap(),
            "1"
        );
    }
}

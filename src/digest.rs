//! OCaml's Digest primitives: MD5 (`caml_md5_*`, runtime/md5.c, through the
//! md-5 crate) and BLAKE2b (`caml_blake2_*`, OCaml 5.2's runtime/blake2.c,
//! see `blake2.rs`). A BLAKE2 context is a userdata holding the state inline.

use std::ffi::c_int;

use md5::{Digest as _, Md5};
use mlua::ffi::{self, lua_State};

use crate::blake2::Blake2;
use crate::channel;
use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};

/// Registry field holding the metatable of BLAKE2 contexts.
const METATABLE_KEY: &std::ffi::CStr = c"ocamlrt.blake2";
/// How much of a channel is hashed per read, as OCaml's digest loops do.
const CHUNK: usize = 4096;

/// The hasher behind a digest: what a file or channel is fed into.
trait Hasher {
    fn feed(&mut self, data: &[u8]);
    fn result(self) -> Vec<u8>;
}

impl Hasher for Md5 {
    fn feed(&mut self, data: &[u8]) {
        self.update(data);
    }
    fn result(self) -> Vec<u8> {
        self.finalize().to_vec()
    }
}

/// A BLAKE2 context with the digest length it finishes with.
struct Blake2Hasher(Blake2, usize);

impl Hasher for Blake2Hasher {
    fn feed(&mut self, data: &[u8]) {
        self.0.update(data);
    }
    fn result(mut self) -> Vec<u8> {
        self.0.finish(self.1)
    }
}

/// `ofs, len` of the arguments at `idx, idx + 1` as a valid range of `data`;
/// OCaml's Digest.substring check and message.
fn sub(s: State, data: &[u8], idx: c_int) -> Result<(usize, usize), Raise> {
    let (ofs, len) = (s.int(idx)?, s.int(idx + 1)?);
    if ofs < 0 || len < 0 || ofs > data.len() as i64 - len {
        return Err(Raise::invalid_argument("Digest.substring"));
    }
    Ok((ofs as usize, len as usize))
}

/// A BLAKE2 digest length argument: 1 to 64 bytes, as Digest.BLAKE2 checks.
fn hash_len(s: State, idx: c_int) -> Result<usize, Raise> {
    match s.int(idx)? {
        n @ 1..=64 => Ok(n as usize),
        _ => Err(Raise::invalid_argument("Digest.BLAKE2: wrong hash size")),
    }
}

/// `caml_md5_string(s, ofs, len)`: the MD5 of `s[ofs .. ofs+len)`.
fn md5_string(s: State) -> Ret {
    let data = s.str(1)?;
    let (ofs, len) = sub(s, data, 2)?;
    s.return_str(&[&Md5::digest(&data[ofs..ofs + len])])
}

/// The BLAKE2 context at `idx`.
fn context<'a>(s: State, idx: c_int) -> Result<&'a mut Blake2, Raise> {
    unsafe {
        let l = s.l;
        if ffi::lua_type(l, idx) == ffi::LUA_TUSERDATA && ffi::lua_getmetatable(l, idx) != 0 {
            ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, METATABLE_KEY.as_ptr());
            let same = ffi::lua_rawequal(l, -1, -2) != 0;
            ffi::lua_pop(l, 2);
            if same {
                return Ok(&mut *ffi::lua_touserdata(l, idx).cast::<Blake2>());
            }
        }
    }
    s.bad_arg(idx, "a BLAKE2 context")
}

/// `caml_blake2_create(hashlen, key)`: a fresh context.
fn blake2_create(s: State) -> Ret {
    let len = hash_len(s, 1)?;
    let key = s.str(2)?;
    s.push_made(|l| unsafe {
        let p = ffi::lua_newuserdata(l, std::mem::size_of::<Blake2>()).cast::<Blake2>();
        p.write(Blake2::new(len, key));
        ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, METATABLE_KEY.as_ptr());
        ffi::lua_setmetatable(l, -2);
    })?;
    Ok(1)
}

/// `caml_blake2_update(ctx, buf, ofs, len)`.
fn blake2_update(s: State) -> Ret {
    let ctx = context(s, 1)?;
    let data = s.str(2)?;
    let (ofs, len) = sub(s, data, 3)?;
    ctx.update(&data[ofs..ofs + len]);
    s.push_int(0);
    Ok(1)
}

/// `caml_blake2_final(ctx, hashlen)`: the digest so far.
fn blake2_final(s: State) -> Ret {
    let ctx = context(s, 1)?;
    let len = hash_len(s, 2)?;
    s.return_str(&[&ctx.finish(len)])
}

/// `caml_blake2_string(hashlen, key, buf, ofs, len)`.
fn blake2_string(s: State) -> Ret {
    let len = hash_len(s, 1)?;
    let key = s.str(2)?;
    let data = s.str(3)?;
    let (ofs, n) = sub(s, data, 4)?;
    s.return_str(&[&crate::blake2::digest(len, key, &data[ofs..ofs + n])])
}

/// Feeds `toread` bytes of the channel at `idx` to `hasher` (all of it up
/// to end of input when `toread` is negative), 4096 bytes at a time, as
/// `caml_md5_channel` and OCaml 5.2's `Digest.BLAKE2.channel` do;
/// `End_of_file` when the input ends first.
fn hash_channel<H: Hasher>(s: State, idx: c_int, toread: i64, mut hasher: H) -> Result<Vec<u8>, Raise> {
    let ch = channel::channel_arg(s, idx)?;
    let mut buf = [0u8; CHUNK];
    if toread < 0 {
        loop {
            match ch.read_into(s.l, &mut buf)? {
                0 => break,
                n => hasher.feed(&buf[..n]),
            }
        }
    } else {
        let mut left = toread as u64;
        while left > 0 {
            let want = CHUNK.min(left as usize);
            match ch.read_into(s.l, &mut buf[..want])? {
                0 => return Err(Raise::end_of_file()),
                n => {
                    hasher.feed(&buf[..n]);
                    left -= n as u64;
                }
            }
        }
    }
    Ok(hasher.result())
}

/// `caml_md5_chan(chan, len)`: the MD5 of `len` bytes of the channel (all
/// that is left when `len` is negative).
fn md5_chan(s: State) -> Ret {
    let toread = s.int(2)?;
    let d = hash_channel(s, 1, toread, Md5::new())?;
    s.return_str(&[&d])
}

/// `_blake2_chan(hashlen, chan, len)`: Digest.BLAKE*.channel.
fn blake2_chan(s: State) -> Ret {
    let len = hash_len(s, 1)?;
    let toread = s.int(3)?;
    let d = hash_channel(s, 2, toread, Blake2Hasher(Blake2::new(len, b""), len))?;
    s.return_str(&[&d])
}

/// Creates the BLAKE2 context metatable; called once when the module loads.
///
/// # Safety
/// `l` is a valid state.
pub unsafe fn init(l: *mut lua_State) {
    if ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, METATABLE_KEY.as_ptr()) == ffi::LUA_TTABLE {
        ffi::lua_pop(l, 1);
        return;
    }
    ffi::lua_pop(l, 1);
    ffi::lua_createtable(l, 0, 2);
    ffi::lua_pushstring(l, METATABLE_KEY.as_ptr());
    ffi::lua_setfield(l, -2, c"__name".as_ptr());
    ffi::lua_pushstring(l, METATABLE_KEY.as_ptr());
    ffi::lua_setfield(l, -2, c"__metatable".as_ptr());
    ffi::lua_setfield(l, ffi::LUA_REGISTRYINDEX, METATABLE_KEY.as_ptr());
}

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_md5_string", md5_string),
    primitive!("caml_blake2_create", blake2_create),
    primitive!("caml_blake2_update", blake2_update),
    primitive!("caml_blake2_final", blake2_final),
    primitive!("caml_blake2_string", blake2_string),
    primitive!("caml_md5_chan", md5_chan),
    primitive!("_blake2_chan", blake2_chan),
];

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn md5_of_a_substring() {
        let r = run(r#"return (native.caml_md5_string("xabcx", 1, 3):gsub(".", function(c)
            return string.format("%02x", c:byte()) end))"#);
        assert_eq!(r, Ok("900150983cd24fb0d6963f7d28e17f72".into()));
        assert_eq!(
            run(r#"return native.caml_md5_string("abc", 1, 3)"#),
            Err("Invalid_argumentDigest.substring".into())
        );
    }

    #[test]
    fn a_blake2_context_is_checked() {
        assert_eq!(
            run(r#"return native.caml_blake2_final({}, 16)"#),
            Err("Invalid_argumentcaml_blake2_final: argument 1 must be a BLAKE2 context, got table".into())
        );
        let same = run(r#"local c = native.caml_blake2_create(32, "k")
            native.caml_blake2_update(c, "message", 0, 7)
            return native.caml_blake2_final(c, 32) == native.caml_blake2_string(32, "k", "message", 0, 7)"#);
        assert_eq!(same, Ok("true".into()));
    }
}

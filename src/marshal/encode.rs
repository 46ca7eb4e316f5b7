//! Writing marshaled data (runtime/extern.c) from Lua values, byte for byte
//! as native 64-bit OCaml writes the same value.
//!
//! Objects are numbered as OCaml numbers them: every block of size > 0,
//! string, float, float array and custom block counts. Only tables and bytes
//! have identity in Lua, so only they are looked up for sharing; a string or
//! a float is counted and written out each time it appears (as OCaml does
//! for values that are not physically shared).

use std::collections::HashMap;
use std::ffi::c_int;
use std::hash::{BuildHasherDefault, Hasher};

use mlua::ffi;

use super::format::*;
use super::stack::{TableStack, SLOTS};
use crate::exn::Raise;
use crate::state::State;
use crate::value::{self, tag, Custom, Value};

/// The `Marshal.extern_flags` given.
#[derive(Debug, Default, Clone, Copy)]
pub struct Flags {
    pub no_sharing: bool,
    pub closures: bool,
    pub compat_32: bool,
    pub compression: bool,
}

/// Hashes a table's address: one multiply, enough for pointers.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // Tables made one after another sit at nearby addresses, and a walk
        // meets them in about that order: keeping the address order in the
        // bucket index (low bits) turns cache misses into neighbours. The
        // top 7 bits, hashbrown's tag, get the low address bits to tell
        // entries of one group apart.
        let k = (n as u64) >> 4;
        self.0 = k ^ (k << 57);
    }
}

type Positions = HashMap<usize, u64, BuildHasherDefault<AddressHasher>>;

/// The output being written and OCaml's counters.
pub struct Encoder {
    /// Header room (20 bytes) then the data.
    out: Vec<u8>,
    objects: u64,
    size_32: u64,
    size_64: u64,
    flags: Flags,
    positions: Positions,
}

fn fail(msg: &str) -> Raise {
    Raise::failwith(format!("output_value: {msg}"))
}

impl Encoder {
    pub fn new(flags: Flags) -> Encoder {
        Encoder {
            out: vec![0; HEADER_SIZE],
            objects: 0,
            size_32: 0,
            size_64: 0,
            flags,
            positions: Positions::default(),
        }
    }

    #[inline(always)]
    fn code_n<const N: usize>(&mut self, code: u8, bytes: [u8; N]) {
        self.out.push(code);
        self.out.extend_from_slice(&bytes);
    }

    #[inline(always)]
    pub fn int(&mut self, n: i64) -> Result<(), Raise> {
        if (0..0x40).contains(&n) {
            self.out.push(PREFIX_SMALL_INT + n as u8);
        } else if (-(1 << 7)..(1 << 7)).contains(&n) {
            self.code_n(CODE_INT8, [n as u8]);
        } else if (-(1 << 15)..(1 << 15)).contains(&n) {
            self.code_n(CODE_INT16, (n as i16).to_be_bytes());
        } else if (-(1 << 30)..(1 << 30)).contains(&n) {
            self.code_n(CODE_INT32, (n as i32).to_be_bytes());
        } else {
            if self.flags.compat_32 {
                return Err(fail("integer cannot be read back on 32-bit platform"));
            }
            self.code_n(CODE_INT64, n.to_be_bytes());
        }
        Ok(())
    }

    /// The number of the object at `address` if it was written already;
    /// otherwise it takes the next number (the caller then writes it and
    /// calls [`Encoder::count`]). One hash lookup either way.
    #[inline(always)]
    fn claim(&mut self, address: usize) -> Option<u64> {
        if self.flags.no_sharing {
            return None;
        }
        match self.positions.entry(address) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(self.objects);
                None
            }
        }
    }

    fn shared(&mut self, pos: u64) {
        // OCaml 5's compressed format numbers objects absolutely.
        let d = if self.flags.compression {
            pos
        } else {
            self.objects - pos
        };
        if d < 0x100 {
            self.code_n(CODE_SHARED8, [d as u8]);
        } else if d < 0x10000 {
            self.code_n(CODE_SHARED16, (d as u16).to_be_bytes());
        } else if d < 1 << 32 {
            self.code_n(CODE_SHARED32, (d as u32).to_be_bytes());
        } else {
            self.code_n(CODE_SHARED64, d.to_be_bytes());
        }
    }

    /// Counts a new object of the given sizes (OCaml counts every object,
    /// shared or not, unless `No_sharing`).
    #[inline(always)]
    fn count(&mut self, words_32: u64, words_64: u64) {
        self.size_32 += words_32;
        self.size_64 += words_64;
        if !self.flags.no_sharing {
            self.objects += 1;
        }
    }

    #[inline(always)]
    fn header(&mut self, size: usize, tag: u8) -> Result<(), Raise> {
        if tag < 16 && size < 8 {
            self.out.push(PREFIX_SMALL_BLOCK + tag + ((size as u8) << 4));
            return Ok(());
        }
        if size > 0x3F_FFFF && self.flags.compat_32 {
            return Err(fail("array cannot be read back on 32-bit platform"));
        }
        let hd = ((size as u64) << 10) | tag as u64;
        if hd < 1 << 32 {
            self.code_n(CODE_BLOCK32, (hd as u32).to_be_bytes());
        } else {
            self.code_n(CODE_BLOCK64, hd.to_be_bytes());
        }
        Ok(())
    }

    /// Makes room for `n` more bytes: fallible, and never beyond the limit
    /// (`Out_of_memory`, as OCaml's `extern_out_of_memory`).
    #[inline(always)]
    fn room(&mut self, n: usize) -> Result<(), Raise> {
        if self.out.capacity() - self.out.len() < n {
            self.grow(n)?;
        }
        Ok(())
    }

    #[cold]
    fn grow(&mut self, n: usize) -> Result<(), Raise> {
        let len = self.out.len();
        let max = usize::try_from(crate::limits::marshal_max())
            .unwrap_or(usize::MAX)
            .saturating_add(HEADER_SIZE + ROOM);
        if len.saturating_add(n) > max {
            return Err(Raise::out_of_memory());
        }
        // Doubling, but never past the limit: the checks between values then
        // see every byte written.
        let want = n.max(len).min(max - len);
        self.out.try_reserve_exact(want).map_err(|_| Raise::out_of_memory())
    }

    fn string(&mut self, s: &[u8]) -> Result<(), Raise> {
        let len = s.len();
        self.room(len.saturating_add(ROOM))?;
        if len < 0x20 {
            self.out.push(PREFIX_SMALL_STRING + len as u8);
        } else if len < 0x100 {
            self.code_n(CODE_STRING8, [len as u8]);
        } else {
            if len > 0xFF_FFFB && self.flags.compat_32 {
                return Err(fail("string cannot be read back on 32-bit platform"));
            }
            match u32::try_from(len) {
                Ok(n) => self.code_n(CODE_STRING32, n.to_be_bytes()),
                Err(_) => self.code_n(CODE_STRING64, (len as u64).to_be_bytes()),
            }
        }
        self.out.extend_from_slice(s);
        let len = len as u64;
        self.count(1 + (len + 4) / 4, 1 + (len + 8) / 8);
        Ok(())
    }

    fn double(&mut self, x: f64) {
        self.code_n(CODE_DOUBLE_LITTLE, x.to_le_bytes());
        self.count(3, 2);
    }

    fn double_array_header(&mut self, n: usize) -> Result<(), Raise> {
        if n < 0x100 {
            self.code_n(CODE_DOUBLE_ARRAY8_LITTLE, [n as u8]);
        } else {
            if n > 0x1F_FFFF && self.flags.compat_32 {
                return Err(fail("float array cannot be read back on 32-bit platform"));
            }
            match u32::try_from(n) {
                Ok(m) => self.code_n(CODE_DOUBLE_ARRAY32_LITTLE, m.to_be_bytes()),
                Err(_) => self.code_n(CODE_DOUBLE_ARRAY64_LITTLE, (n as u64).to_be_bytes()),
            }
        }
        Ok(())
    }

    /// int32, int64 and nativeint, with their fixed-length custom codes.
    fn custom(&mut self, c: Custom) {
        self.out.push(CODE_CUSTOM_FIXED);
        self.out.extend_from_slice(c.ident().as_bytes());
        self.out.push(0);
        let (words_32, words_64) = match c {
            Custom::Int32(n) => {
                self.out.extend_from_slice(&n.to_be_bytes());
                (1, 1)
            }
            Custom::Int64(n) => {
                self.out.extend_from_slice(&n.to_be_bytes());
                (2, 1)
            }
            Custom::Nativeint(n) => {
                match i32::try_from(n) {
                    Ok(m) => {
                        self.out.push(1);
                        self.out.extend_from_slice(&m.to_be_bytes());
                    }
                    Err(_) => {
                        self.out.push(2);
                        self.out.extend_from_slice(&n.to_be_bytes());
                    }
                }
                (1, 1)
            }
        };
        self.count(2 + words_32, 2 + words_64);
    }

    /// The complete marshaled bytes: header, then data (compressed if asked).
    pub fn finish(mut self) -> Result<Vec<u8>, Raise> {
        let data_len = (self.out.len() - HEADER_SIZE) as u64;
        if self.flags.compression {
            return Ok(self.compressed(data_len));
        }
        let big = data_len >= 1 << 32 || self.size_32 >= 1 << 32 || self.size_64 >= 1 << 32;
        if big {
            if self.flags.compat_32 {
                return Err(fail("object too big to be read back on 32-bit platform"));
            }
            let mut h = Vec::with_capacity(32);
            h.extend_from_slice(&MAGIC_BIG.to_be_bytes());
            h.extend_from_slice(&[0; 4]);
            for n in [data_len, self.objects, self.size_64] {
                h.extend_from_slice(&n.to_be_bytes());
            }
            self.out.splice(0..HEADER_SIZE, h);
            return Ok(self.out);
        }
        let mut at = 0;
        for n in [MAGIC_SMALL as u64, data_len, self.objects, self.size_32, self.size_64] {
            self.out[at..at + 4].copy_from_slice(&(n as u32).to_be_bytes());
            at += 4;
        }
        Ok(self.out)
    }

    fn compressed(self, uncompressed_len: u64) -> Vec<u8> {
        let body = super::compress::deflate(&self.out[HEADER_SIZE..]);
        let mut out = Vec::with_capacity(body.len() + 55);
        out.extend_from_slice(&MAGIC_COMPRESSED.to_be_bytes());
        out.push(0);
        for n in [
            body.len() as u64,
            uncompressed_len,
            self.objects,
            self.size_32,
            self.size_64,
        ] {
            write_vlq(&mut out, n);
        }
        out[4] = out.len() as u8;
        out.extend_from_slice(&body);
        out
    }
}

/// Bytes any one value but a string or float array writes at most (made
/// room for before each value).
const ROOM: usize = 64;

/// A table whose fields are being written: next Lua index, last index.
struct Frame {
    next: ffi::lua_Integer,
    last: ffi::lua_Integer,
}

/// Marshals the value at stack index `idx`. The walk runs in one protected
/// call (see state.rs), the output and frames owned out here.
pub fn write_value(s: State, idx: c_int, flags: Flags) -> Result<Vec<u8>, Raise> {
    let mut enc = Encoder::new(flags);
    let mut stack: TableStack<Frame> = TableStack::unplaced();
    let mut walked = Ok(());
    unsafe { ffi::lua_pushvalue(s.l, idx) };
    s.protect_with(1, 0, |l| {
        walked = unsafe { walk_from(State::new(l, s.name), &mut enc, &mut stack) };
        0
    })?;
    walked?;
    enc.finish()
}

/// The body of [`write_value`]'s protected call: the value is at 1.
unsafe fn walk_from(s: State, enc: &mut Encoder, stack: &mut TableStack<Frame>) -> Result<(), Raise> {
    if ffi::lua_checkstack(s.l, SLOTS + 8) == 0 {
        return Err(Raise::stack_overflow());
    }
    stack.place(s.l);
    ffi::lua_pushvalue(s.l, 1);
    walk(s, enc, stack)
}

unsafe fn walk(s: State, enc: &mut Encoder, stack: &mut TableStack<Frame>) -> Result<(), Raise> {
    let l = s.l;
    loop {
        enc.room(ROOM)?;
        if let Some(size) = write_top(s, enc)? {
            stack.push(
                l,
                Frame {
                    next: 2,
                    last: size as ffi::lua_Integer + 1,
                },
            )?;
        }
        if stack.is_empty() {
            return Ok(());
        }
        stack.ensure_loaded(l);
        let (frame, table) = stack.top();
        ffi::lua_rawgeti(l, table, frame.next);
        frame.next += 1;
        if frame.next > frame.last {
            stack.pop_under(l);
        }
    }
}

/// Writes the value on top of the stack. A block with fields stays on the
/// stack and its size is returned; anything else is popped.
#[inline(always)]
unsafe fn write_top(s: State, enc: &mut Encoder) -> Result<Option<usize>, Raise> {
    let l = s.l;
    let fields = match fast_path(l, enc)? {
        Some(done) => done,
        None => write_general(s, enc)?,
    };
    if fields.is_none() {
        ffi::lua_settop(l, -2);
    }
    Ok(fields)
}

/// The common cases with the fewest API calls: ints (on 5.3+) and ordinary
/// blocks. `None` when the value needs [`write_general`].
#[inline(always)]
unsafe fn fast_path(l: *mut ffi::lua_State, enc: &mut Encoder) -> Result<Option<Option<usize>>, Raise> {
    match ffi::lua_type(l, -1) {
        #[cfg(feature = "lua54")]
        ffi::LUA_TNUMBER if ffi::lua_isinteger(l, -1) != 0 => {
            let n = ffi::lua_tointeger(l, -1);
            if !(value::MIN_INT..=value::MAX_INT).contains(&n) {
                return Ok(None); // the general path words the error
            }
            enc.int(n)?;
            Ok(Some(None))
        }
        #[cfg(feature = "lua54")]
        ffi::LUA_TNUMBER => {
            enc.double(ffi::lua_tonumber(l, -1));
            Ok(Some(None))
        }
        ffi::LUA_TSTRING => {
            let mut len = 0usize;
            let p = ffi::lua_tolstring(l, -1, &mut len);
            enc.string(std::slice::from_raw_parts(p.cast(), len))?;
            Ok(Some(None))
        }
        ffi::LUA_TTABLE => {
            let mut ok = 0;
            let t = ffi::lua_rawgeti(l, -1, 1);
            let tag = ffi::lua_tointegerx(l, -1, &mut ok);
            ffi::lua_settop(l, -2);
            let ordinary = t == ffi::LUA_TNUMBER && ok != 0 && (0..tag::FORWARD as i64).contains(&tag);
            if !ordinary {
                return Ok(None);
            }
            let size = ffi::lua_rawlen(l, -1) - 1;
            write_block(l, enc, tag as u8, size).map(Some)
        }
        _ => Ok(None),
    }
}

/// A block with a tag of no special meaning to Marshal: atom, shared
/// reference, or header with its fields to follow.
#[inline(always)]
unsafe fn write_block(l: *mut ffi::lua_State, enc: &mut Encoder, tag: u8, size: usize) -> Result<Option<usize>, Raise> {
    if size == 0 {
        enc.header(0, tag)?;
        return Ok(None);
    }
    if let Some(pos) = enc.claim(ffi::lua_topointer(l, -1) as usize) {
        enc.shared(pos);
        return Ok(None);
    }
    enc.header(size, tag)?;
    enc.count(1 + size as u64, 1 + size as u64);
    Ok(Some(size))
}

/// Every other value, read through the value contract's `classify`.
unsafe fn write_general(s: State, enc: &mut Encoder) -> Result<Option<usize>, Raise> {
    let l = s.l;
    let v = loop {
        let v = value::classify(s, ffi::lua_gettop(l))?;
        match v {
            Value::Block {
                tag: tag::FORWARD,
                size,
            } if size > 0 && forward_is_skipped(s)? => {
                value::push_field(l, -1, 0);
                ffi::lua_replace(l, -2);
            }
            _ => break v,
        }
    };
    let address = ffi::lua_topointer(l, -1) as usize;
    match v {
        Value::Int(n) => enc.int(n)?,
        // A boxed float `{253, x}` is a heap block with identity, as in OCaml.
        Value::Float(x) if ffi::lua_type(l, -1) == ffi::LUA_TTABLE => match enc.claim(address) {
            Some(pos) => enc.shared(pos),
            None => enc.double(x),
        },
        Value::Float(x) => enc.double(x),
        Value::String(b) => enc.string(b)?,
        Value::Bytes(b) => match enc.claim(address) {
            Some(pos) => enc.shared(pos),
            None => enc.string(b)?,
        },
        Value::Custom(c) => match enc.claim(address) {
            Some(pos) => enc.shared(pos),
            None => enc.custom(c),
        },
        Value::Closure => return Err(Raise::invalid_argument("output_value: functional value")),
        Value::Block {
            tag: ABSTRACT_TAG,
            size,
        } if size > 0 => return Err(Raise::invalid_argument("output_value: abstract value (Abstract)")),
        Value::Block {
            tag: tag::DOUBLE_ARRAY,
            size,
        } if size > 0 => match enc.claim(address) {
            Some(pos) => enc.shared(pos),
            None => write_floats(s, enc, size)?,
        },
        Value::Block { tag, size } => return write_block(l, enc, tag, size),
    }
    Ok(None)
}

const ABSTRACT_TAG: u8 = 251;

/// Whether the Forward block on top is short-circuited to its field, as
/// OCaml does unless the field is a float, a lazy or another forward.
unsafe fn forward_is_skipped(s: State) -> Result<bool, Raise> {
    let l = s.l;
    value::push_field(l, -1, 0);
    let kept = match value::classify(s, ffi::lua_gettop(l)) {
        Ok(Value::Float(_)) => true,
        Ok(Value::Block { tag, .. }) => tag == tag::FORWARD || tag == tag::LAZY,
        _ => false,
    };
    ffi::lua_settop(l, -2);
    Ok(!kept)
}

unsafe fn write_floats(s: State, enc: &mut Encoder, n: usize) -> Result<(), Raise> {
    let l = s.l;
    enc.double_array_header(n)?;
    // `n` is the table's border, which a few integer keys make as large as
    // they like: room is made as the fields turn out to be there.
    for i in 0..n {
        enc.room(8)?;
        if value::push_field(l, -1, i) != ffi::LUA_TNUMBER {
            return Err(Raise::invalid_argument(format!(
                "{}: float array field {} is not a number",
                s.name, i
            )));
        }
        let x = ffi::lua_tonumber(l, -1);
        ffi::lua_settop(l, -2);
        enc.out.extend_from_slice(&x.to_le_bytes());
    }
    enc.count(1 + 2 * n as u64, 1 + n as u64);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An encoder that wrote the int 1 and claims 2^32 words of 64-bit size.
    fn oversized(flags: Flags) -> Encoder {
        let mut enc = Encoder::new(flags);
        enc.int(1).unwrap();
        enc.objects = 3;
        enc.size_64 = 1 << 32;
        enc
    }

    #[test]
    fn sizes_past_32_bits_take_the_big_header() {
        let out = oversized(Flags::default()).finish().unwrap();
        assert_eq!(out.len(), 33);
        let h = parse_header(&out).unwrap();
        assert_eq!((h.len, h.data_len, h.num_objects, h.size_64), (32, 1, 3, 1 << 32));
        assert_eq!(out[32], PREFIX_SMALL_INT + 1);
    }

    #[test]
    fn compat_32_refuses_the_big_header() {
        let flags = Flags {
            compat_32: true,
            ..Flags::default()
        };
        assert!(oversized(flags).finish().is_err());
    }

    #[test]
    fn ints_take_ocamls_narrowest_code() {
        let mut enc = Encoder::new(Flags::default());
        for n in [63, 64, -129, 1 << 30, -(1 << 30)] {
            enc.int(n).unwrap();
        }
        let expected: &[u8] = &[
            0x7f, 0x00, 0x40, 0x01, 0xff, 0x7f, 0x03, 0, 0, 0, 0, 0x40, 0, 0, 0, 0x02, 0xc0, 0, 0, 0,
        ];
        assert_eq!(&enc.out[HEADER_SIZE..], expected);
    }
}

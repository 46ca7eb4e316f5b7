//! OCaml's generic hash (`Hashtbl.hash` and friends), as 4.13's
//! `runtime/hash.c` computes it on 64-bit machines: MurmurHash3-style mixing
//! over a breadth-first walk of at most 256 values, counting only the
//! "meaningful" ones (numbers, strings, customs, object ids).
//!
//! The walk reads the value through the contract (docs/VALUES.md) as the
//! OCaml value it stands for: a Lua float is a boxed `Double_tag` block, a
//! string or bytes a `String_tag` block, `{254, ...}` a float array. The
//! queue lives in Lua stack slots (reserved as it grows), so a queued table
//! stays anchored and no Lua value is ever held outside Lua. The walk makes
//! as few C API calls per value as it can: the value hashed is read in its
//! own slot, the type `lua_rawgeti` returns is kept, a block's tag is left
//! on the stack rather than popped, and a tuple's ints and strings are
//! mixed as they are read (`block_walk`).

use std::ffi::c_int;
use std::mem::MaybeUninit;

use mlua::ffi;

use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use crate::value::{self, classify_typed, tag, Custom, Value};

/// Largest breadth-first queue, as `HASH_QUEUE_SIZE`.
const QUEUE_SIZE: usize = 256;

/// Stack slots reserved at a time as the walk grows: the first ones fit in
/// the LUA_MINSTACK slots every call has, and reserving costs a protected
/// call on 5.1 and LuaJIT.
const RESERVE_STEP: usize = 32;
/// Forward links followed in one step before giving up on a value (PR#6361).
const MAX_FORWARD_DEREFERENCE: usize = 1000;

/// One MurmurHash3 round: mixes the 32-bit word `d` into `h`.
#[inline(always)]
pub fn mix_u32(h: u32, d: u32) -> u32 {
    let d = d.wrapping_mul(0xcc9e_2d51).rotate_left(15).wrapping_mul(0x1b87_3593);
    let h = (h ^ d).rotate_left(13);
    h.wrapping_mul(5).wrapping_add(0xe654_6b64)
}

/// The final avalanche of MurmurHash3.
#[inline(always)]
pub fn final_mix(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Mixes a native 64-bit integer so that values in [-2^31, 2^31) mix as
/// their 32-bit selves (`caml_hash_mix_intnat`).
#[inline(always)]
pub fn mix_intnat(h: u32, d: i64) -> u32 {
    mix_u32(h, ((d >> 32) ^ (d >> 63) ^ d) as u32)
}

/// `caml_hash(count, limit, seed, n)` of the OCaml int `n` (count >= 1):
/// one mix of its tagged value.
#[inline]
pub fn hash_int(seed: i64, n: i64) -> u32 {
    final_mix(mix_intnat(seed as u32, n.wrapping_mul(2).wrapping_add(1))) & 0x3fff_ffff
}

/// Mixes the low then the high half of a 64-bit integer.
#[inline(always)]
pub fn mix_int64(h: u32, d: i64) -> u32 {
    mix_u32(mix_u32(h, d as u32), (d >> 32) as u32)
}

/// Mixes a double with every NaN alike and -0.0 as +0.0.
#[inline(always)]
pub fn mix_double(h: u32, x: f64) -> u32 {
    let bits = x.to_bits();
    let (mut hi, mut lo) = ((bits >> 32) as u32, bits as u32);
    if hi & 0x7ff0_0000 == 0x7ff0_0000 && (lo | (hi & 0xf_ffff)) != 0 {
        hi = 0x7ff0_0000;
        lo = 1;
    } else if hi == 0x8000_0000 && lo == 0 {
        hi = 0;
    }
    mix_u32(mix_u32(h, lo), hi)
}

/// Mixes a string by little-endian 32-bit words, then its length.
#[inline]
pub fn mix_string(mut h: u32, s: &[u8]) -> u32 {
    let mut words = s.chunks_exact(4);
    for w in &mut words {
        h = mix_u32(h, u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
    }
    // The last 1 to 3 bytes, little-endian.
    let last = match *words.remainder() {
        [a] => a as u32,
        [a, b] => u16::from_le_bytes([a, b]) as u32,
        [a, b, c] => u16::from_le_bytes([a, b]) as u32 | (c as u32) << 16,
        _ => return h ^ s.len() as u32,
    };
    mix_u32(h, last) ^ s.len() as u32
}

/// The custom operations' hash of a boxed integer (low 32 bits kept).
fn custom_hash(c: Custom) -> u32 {
    match c {
        Custom::Int32(n) => n as u32,
        Custom::Int64(n) => ((n >> 32) as u32) ^ (n as u32),
        Custom::Nativeint(n) => ((n >> 32) ^ (n >> 63) ^ n) as u32,
    }
}

/// `h` with a number, string or custom block mixed in; `None` for a block
/// or a closure, which the walk handles.
#[inline(always)]
fn mix_leaf(h: u32, v: Value) -> Option<u32> {
    Some(match v {
        Value::Int(n) => mix_intnat(h, n.wrapping_mul(2).wrapping_add(1)),
        Value::Float(x) => mix_double(h, x),
        Value::String(b) | Value::Bytes(b) => mix_string(h, b),
        Value::Custom(c) => mix_u32(h, custom_hash(c)),
        Value::Block { .. } | Value::Closure => return None,
    })
}

/// The header word OCaml mixes for a structured block: size and tag, white.
fn header(tag: u8, size: usize) -> u32 {
    (((size as u64) << 10) | tag as u64) as u32
}

/// The walk's state: the rolling hash, the meaningful values still to see,
/// and the queue. Queued values sit in Lua stack slots: entry 0 is the value
/// hashed, in its caller's slot; the others are pushed by the walk, which
/// also leaves the tag it read of each block below that block's fields
/// (popping it would cost a call per block), hence a slot per entry.
struct Walk {
    s: State,
    h: u32,
    num: i64,
    size: usize,
    /// Stack slots the walk pushed, and how many more fit without growing
    /// the stack.
    top: c_int,
    room: c_int,
    /// Slot and Lua type of entries `0..wr`, each written (by `new` or
    /// `queue`) as `wr` passes it; the rest is left uninitialised, as most
    /// walks see a few entries of 257.
    slots: [MaybeUninit<c_int>; QUEUE_SIZE + 1],
    types: [MaybeUninit<u8>; QUEUE_SIZE + 1],
    wr: usize,
}

/// Stack slots the walk keeps free for the temporaries of a visit
/// (classifying a value pushes at most two at a time).
const SPARE: c_int = 3;

/// Slots the walk assumes free when it starts: the first ones of the
/// LUA_MINSTACK slots every C call has (its caller may use a few).
const INITIAL_ROOM: c_int = 8;

impl Walk {
    /// A walk whose queue holds the value at `idx` (of Lua type `t`) alone,
    /// with `top` the stack's top and `h`, `num` the hash so far.
    fn new(s: State, h: u32, num: i64, size: usize, idx: c_int, t: c_int, top: c_int) -> Walk {
        let mut w = Walk {
            s,
            h,
            num,
            size,
            top,
            room: INITIAL_ROOM,
            slots: [const { MaybeUninit::uninit() }; QUEUE_SIZE + 1],
            types: [const { MaybeUninit::uninit() }; QUEUE_SIZE + 1],
            wr: 1,
        };
        w.slots[0].write(idx);
        w.types[0].write(t as u8);
        w
    }

    /// Visits the queue in order from entry `rd` while meaningful values
    /// are still wanted.
    fn run(&mut self, mut rd: usize) -> Result<u32, Raise> {
        while rd < self.wr && self.num > 0 {
            // Every entry below `wr` is written (`new`, `queue`).
            let (slot, t) = unsafe { (self.slots[rd].assume_init(), self.types[rd].assume_init() as c_int) };
            rd += 1;
            if t == ffi::LUA_TTABLE {
                self.table(slot)?;
            } else if let Some(h) = plain_leaf(self.s.l, slot, t, self.h) {
                self.meaningful(h);
            } else {
                self.visit_value(slot, t)?;
            }
        }
        Ok(final_mix(self.h) & 0x3fff_ffff)
    }

    /// Makes room for `n` more pushes plus the spare ones.
    #[inline(always)]
    fn make_room(&mut self, n: c_int) -> Result<(), Raise> {
        if self.room < n + SPARE {
            // In steps: reserving is a protected call on 5.1 and LuaJIT.
            let want = (n + SPARE).max(RESERVE_STEP as c_int);
            self.s.reserve(want)?;
            self.room = want;
        }
        Ok(())
    }

    /// Records a push of the walk's own.
    #[inline(always)]
    fn pushed(&mut self) -> c_int {
        self.top += 1;
        self.room -= 1;
        self.top
    }

    /// Visits the table at `slot`: an ordinary block by its tag (left on
    /// the stack), anything else by its classification.
    #[inline(always)]
    fn table(&mut self, slot: c_int) -> Result<(), Raise> {
        self.make_room(1)?;
        let tag = unsafe { value::ordinary_tag(self.s.l, slot) };
        self.pushed();
        match tag {
            Some(tag) => {
                let size = unsafe { ffi::lua_rawlen(self.s.l, slot) } - 1;
                self.h = mix_u32(self.h, header(tag as u8, size));
                self.enqueue_fields(slot, 0, size)
            }
            None => self.visit_value(slot, ffi::LUA_TTABLE),
        }
    }

    /// Queues fields `from..size` of the block at `slot` while the queue
    /// has room.
    fn enqueue_fields(&mut self, slot: c_int, from: usize, size: usize) -> Result<(), Raise> {
        let n = (size - from).min(self.size.saturating_sub(self.wr));
        self.make_room(n as c_int)?;
        for i in from..from + n {
            let t = unsafe { value::push_field(self.s.l, slot, i) };
            let at = self.pushed();
            self.queue(at, t);
        }
        Ok(())
    }

    #[inline(always)]
    fn queue(&mut self, slot: c_int, t: c_int) {
        self.slots[self.wr].write(slot);
        self.types[self.wr].write(t as u8);
        self.wr += 1;
    }

    /// Mixes the value in slot `slot` (of Lua type `t`) as the value
    /// contract classifies it.
    fn visit_value(&mut self, mut slot: c_int, mut t: c_int) -> Result<(), Raise> {
        let mut forwards = 0;
        loop {
            let v = classify_typed(self.s, slot, t)?;
            if let Some(h) = mix_leaf(self.h, v) {
                self.meaningful(h);
                return Ok(());
            }
            match v {
                // Leaves were mixed above. Native OCaml mixes code addresses
                // for closures, which nothing can reproduce; closures
                // contribute nothing, as abstract blocks.
                Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Bytes(_) | Value::Custom(_) => {}
                Value::Closure => {}
                Value::Block { tag, size } => match tag {
                    tag::FORWARD => {
                        if forwards == MAX_FORWARD_DEREFERENCE {
                            return Ok(()); // give up on this value, as OCaml does
                        }
                        forwards += 1;
                        self.make_room(1)?;
                        t = unsafe { value::push_field(self.s.l, slot, 0) };
                        // The first step leaves the queued slot (perhaps the
                        // caller's) as it was; the next ones reuse the
                        // walk's new top slot.
                        if forwards == 1 {
                            slot = self.pushed();
                        } else {
                            unsafe { ffi::lua_replace(self.s.l, slot) };
                        }
                        continue;
                    }
                    tag::DOUBLE_ARRAY => self.float_array(slot, size)?,
                    tag::OBJECT => {
                        let oid = object_id(self.s, slot)?;
                        self.meaningful(mix_intnat(self.h, oid));
                    }
                    tag::ABSTRACT | tag::CLOSURE | tag::INFIX => {}
                    tag::STRING | tag::DOUBLE => return Err(not_a_value(self.s, tag)),
                    _ => {
                        self.h = mix_u32(self.h, header(tag, size));
                        self.enqueue_fields(slot, 0, size)?;
                    }
                },
            }
            return Ok(());
        }
    }

    #[inline(always)]
    fn meaningful(&mut self, h: u32) {
        self.h = h;
        self.num -= 1;
    }

    fn float_array(&mut self, slot: c_int, size: usize) -> Result<(), Raise> {
        for i in 0..size {
            let x = float_field(self.s, slot, i)?;
            self.meaningful(mix_double(self.h, x));
            if self.num <= 0 {
                break;
            }
        }
        Ok(())
    }
}

/// `Invalid_argument` for a table whose tag only OCaml's own strings and
/// floats carry (the contract has Lua strings and numbers for those).
pub fn not_a_value(s: State, tag: u8) -> Raise {
    Raise::invalid_argument(format!("{}: not an OCaml value: a table with tag {}", s.name, tag))
}

/// Element `i` of the float array at `slot`.
pub fn float_field(s: State, slot: c_int, i: usize) -> Result<f64, Raise> {
    unsafe {
        let t = value::push_field(s.l, slot, i);
        let x = ffi::lua_tonumber(s.l, -1);
        ffi::lua_pop(s.l, 1);
        if t != ffi::LUA_TNUMBER {
            return Err(Raise::invalid_argument(format!(
                "{}: not an OCaml value: a float array element that is not a number",
                s.name
            )));
        }
        Ok(x)
    }
}

/// The id of the object (or exception constructor) at `slot`: its field 1.
pub fn object_id(s: State, slot: c_int) -> Result<i64, Raise> {
    let t = unsafe { value::push_field(s.l, slot, 1) };
    let id = classify_typed(s, -1, t);
    unsafe { ffi::lua_pop(s.l, 1) };
    match id? {
        Value::Int(n) => Ok(n),
        _ => Err(Raise::invalid_argument(format!(
            "{}: not an OCaml value: an object (tag 248) whose field 1 is not an int id",
            s.name
        ))),
    }
}

/// `h` with the value in `slot` (of Lua type `t`) mixed in when it is a
/// string or (5.3+) an int, read with the fewest API calls; `None` for
/// anything else, which the value contract's classification handles.
#[inline(always)]
fn plain_leaf(l: *mut ffi::lua_State, slot: c_int, t: c_int, h: u32) -> Option<u32> {
    match t {
        ffi::LUA_TSTRING => {
            let mut len = 0usize;
            let b = unsafe {
                let p = ffi::lua_tolstring(l, slot, &mut len);
                std::slice::from_raw_parts(p.cast::<u8>(), len)
            };
            Some(mix_string(h, b))
        }
        #[cfg(feature = "lua54")]
        ffi::LUA_TNUMBER if unsafe { ffi::lua_isinteger(l, slot) } != 0 => {
            let n = unsafe { ffi::lua_tointeger(l, slot) };
            // Out of range: the classification raises.
            (value::MIN_INT..=value::MAX_INT)
                .contains(&n)
                .then(|| mix_intnat(h, n.wrapping_mul(2).wrapping_add(1)))
        }
        _ => None,
    }
}

/// Fields of the value hashed that [`block_walk`] mixes as it reads them,
/// at most: with its tag they fit in the walk's initial room.
const PLAIN_FIELDS: usize = INITIAL_ROOM as usize - SPARE as usize - 1;

/// The walk of the table at `idx` (`count` > 0). When it is an ordinary
/// block (a tuple, a record), the breadth-first order visits its fields
/// right after it: its leading fields that are strings or ints are mixed
/// as they are read, with the hash in registers and no queue; the walk
/// ([`resume_walk`], out of line so that this path keeps its registers)
/// takes over at the first other field (or after [`PLAIN_FIELDS`]).
#[inline(always)]
fn block_walk(s: State, count: i64, size: usize, seed: u32, idx: c_int) -> Result<u32, Raise> {
    let l = s.l;
    let Some(tag) = (unsafe { value::ordinary_tag(l, idx) }) else {
        unsafe { ffi::lua_pop(l, 1) };
        return other_walk(&s, seed, count, size, idx, ffi::LUA_TTABLE);
    };
    let fields = unsafe { ffi::lua_rawlen(l, idx) } - 1;
    let h = mix_u32(seed, header(tag as u8, fields));
    // The queue has room for `size - 1` fields after the block, and each
    // field mixed here is a meaningful value, of which `count` are wanted.
    // Usually every field fits (one test each, not the general bounds).
    let (plain, whole) = if fields <= PLAIN_FIELDS && fields < size && fields as u64 <= count as u64 {
        (fields, true)
    } else {
        let queued = fields.min(size.saturating_sub(1));
        let plain = queued.min(PLAIN_FIELDS).min(count as u64 as usize);
        (plain, plain == queued || plain as i64 == count)
    };
    match mix_plain_fields(l, idx, h, plain) {
        Ok(h) if whole => Ok(final_mix(h) & 0x3fff_ffff),
        Ok(h) => resume_walk(&s, size, idx, Stop::new(h, count, fields, plain, None)),
        Err((h, i, t)) => resume_walk(&s, size, idx, Stop::new(h, count, fields, i, Some(t))),
    }
}

/// `h` with fields `0..n` of the block at `idx` mixed in, each pushed, when
/// they are all strings or ints; else the hash so far, the first other
/// field and its Lua type.
#[inline(always)]
fn mix_plain_fields(l: *mut ffi::lua_State, idx: c_int, mut h: u32, n: usize) -> Result<u32, (u32, usize, c_int)> {
    for i in 0..n {
        let t = unsafe { value::push_field(l, idx, i) };
        h = plain_leaf(l, -1, t, h).ok_or((h, i, t))?;
    }
    Ok(h)
}

/// Where [`block_walk`] stopped mixing the root block's fields.
struct Stop {
    h: u32,
    num: i64,
    fields: usize,
    /// The first field not mixed, and its Lua type when it is pushed.
    next: usize,
    pending: Option<c_int>,
}

impl Stop {
    #[inline(always)]
    fn new(h: u32, count: i64, fields: usize, next: usize, pending: Option<c_int>) -> Stop {
        Stop {
            h,
            num: count - next as i64,
            fields,
            next,
            pending,
        }
    }
}

/// The walk on from where [`block_walk`] stopped, with what it pushed (the
/// tag, the fields it read) still on the stack.
#[inline(never)]
fn resume_walk(s: &State, size: usize, idx: c_int, stop: Stop) -> Result<u32, Raise> {
    let (s, i) = (*s, stop.next);
    let at = s.top();
    let mut w = Walk::new(s, stop.h, stop.num, size, idx, ffi::LUA_TTABLE, at);
    w.room -= (1 + i + stop.pending.is_some() as usize) as c_int;
    // Entries 0..=i are visited (placeholders keep every entry below `wr`
    // written); field i is queued when it was read.
    for _ in 0..i {
        w.queue(0, ffi::LUA_TNONE);
    }
    let mut next = i;
    if let Some(t) = stop.pending {
        w.queue(at, t);
        next += 1;
    }
    w.enqueue_fields(idx, next, stop.fields)?;
    w.run(1 + i)
}

/// The queue's size for `limit`, as `caml_hash` bounds it.
fn queue_size(limit: i64) -> usize {
    if !(0..=QUEUE_SIZE as i64).contains(&limit) {
        QUEUE_SIZE
    } else {
        limit as usize
    }
}

/// OCaml's `caml_hash(count, limit, seed, v)` for the value at `idx` (an
/// absolute index), of Lua type `t`; the walk leaves what it pushed on the
/// stack. Inlined into the primitives, the walks of anything but a block
/// out of line.
#[inline(always)]
fn walk(s: State, count: i64, limit: i64, seed: i64, idx: c_int, t: c_int) -> Result<u32, Raise> {
    let h = seed as u32; // Int_val: the low 32 bits
    if count <= 0 {
        return Ok(final_mix(h) & 0x3fff_ffff);
    }
    match t {
        ffi::LUA_TTABLE => block_walk(s, count, queue_size(limit), h, idx),
        // A number or a string is the whole walk: no queue, no stack.
        ffi::LUA_TNUMBER | ffi::LUA_TSTRING => {
            let h = mix_leaf(h, classify_typed(s, idx, t)?).unwrap_or(h);
            Ok(final_mix(h) & 0x3fff_ffff)
        }
        _ => other_walk(&s, h, count, queue_size(limit), idx, t),
    }
}

/// The walk of anything but a number, a string or an ordinary block. The
/// out-of-line walks take the state by reference: passed by value, it was
/// copied on the hot path too.
#[inline(never)]
fn other_walk(s: &State, h: u32, count: i64, size: usize, idx: c_int, t: c_int) -> Result<u32, Raise> {
    Walk::new(*s, h, count, size, idx, t, s.top()).run(0)
}

/// OCaml's `caml_hash(count, limit, seed, v)` for the value at `idx` (an
/// absolute index); the stack is left as it was.
pub fn hash_value(s: State, count: i64, limit: i64, seed: i64, idx: c_int) -> Result<u32, Raise> {
    let top = s.top();
    let t = unsafe { ffi::lua_type(s.l, idx) };
    let h = walk(s, count, limit, seed, idx, t);
    unsafe { ffi::lua_settop(s.l, top) };
    h
}

/// `caml_hash(count, limit, seed, v)`: `Hashtbl.seeded_hash_param`. What
/// the walk pushes goes with the call.
fn hash(s: State) -> Ret {
    let (count, limit, seed) = (s.int(1)?, s.int(2)?, s.int(3)?);
    let t = unsafe { ffi::lua_type(s.l, 4) };
    if t == ffi::LUA_TNONE {
        return s.bad_arg(4, "a value");
    }
    let h = walk(s, count, limit, seed, 4, t)?;
    s.push_int(h as i64);
    Ok(1)
}

/// A 32-bit hash state argument: any integer, its low 32 bits.
fn state_arg(s: State, idx: c_int) -> Result<u32, Raise> {
    Ok(s.int(idx)? as u32)
}

/// Pushes a 32-bit hash state as the signed integer js_of_ocaml returns.
fn push_state(s: State, h: u32) -> Ret {
    s.push_int(h as i32 as i64);
    Ok(1)
}

/// `caml_hash_mix_int(h, d)`: mixes the low 32 bits of `d`.
fn hash_mix_int(s: State) -> Ret {
    push_state(s, mix_u32(state_arg(s, 1)?, state_arg(s, 2)?))
}

/// `caml_hash_mix_float(h, x)`: mixes a double, NaNs and zeros normalised.
fn hash_mix_float(s: State) -> Ret {
    push_state(s, mix_double(state_arg(s, 1)?, s.float(2)?))
}

/// `caml_hash_mix_int64(h, v)`: `v` an int64 (custom block, or on Lua 5.4 a
/// plain integer as compiled code emits int64 constants).
fn hash_mix_int64(s: State) -> Ret {
    let h = state_arg(s, 1)?;
    let d = match value::classify(s, 2)? {
        Value::Int(n) => n,
        Value::Custom(Custom::Int64(n) | Custom::Nativeint(n)) => n,
        Value::Custom(Custom::Int32(n)) => n as i64,
        _ => return s.bad_arg(2, "an int64"),
    };
    push_state(s, mix_int64(h, d))
}

/// `caml_hash_mix_string(h, s)`: mixes the bytes of a string or bytes.
fn hash_mix_string(s: State) -> Ret {
    push_state(s, mix_string(state_arg(s, 1)?, s.str(2)?))
}

/// `caml_hash_mix_final(h)`: the final avalanche, not yet folded to 30 bits.
fn hash_mix_final(s: State) -> Ret {
    push_state(s, final_mix(state_arg(s, 1)?))
}

/// `caml_string_hash(seed, s)`: OCaml 5's `String.seeded_hash`.
fn string_hash(s: State) -> Ret {
    let h = mix_string(state_arg(s, 1)?, s.str(2)?);
    s.push_int((final_mix(h) & 0x3fff_ffff) as i64);
    Ok(1)
}

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_hash", hash),
    primitive!("caml_hash_mix_int", hash_mix_int),
    primitive!("caml_hash_mix_float", hash_mix_float),
    primitive!("caml_hash_mix_int64", hash_mix_int64),
    primitive!("caml_hash_mix_string", hash_mix_string),
    primitive!("caml_hash_mix_final", hash_mix_final),
    primitive!("caml_string_hash", string_hash),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::run;

    #[test]
    fn murmur_round_matches_hand_checked_steps() {
        // The pieces' own identities; whole hashes are checked by the oracle.
        assert_eq!(final_mix(0), 0);
        assert_eq!(mix_intnat(7, 5), mix_u32(7, 5));
        assert_eq!(mix_intnat(7, -1), mix_u32(7, u32::MAX));
        assert_eq!(mix_double(3, -0.0), mix_double(3, 0.0));
        assert_eq!(mix_double(3, f64::NAN), mix_double(3, -f64::NAN));
    }

    #[test]
    fn hello_hashes_as_native_ocaml() {
        // TOOLCHAIN.md: `Hashtbl.hash "hello"` is 840920576 on this machine.
        assert_eq!(
            run(r#"return native.caml_hash(10, 100, 0, "hello")"#).unwrap(),
            "840920576"
        );
        assert_eq!(
            run(r#"return native.caml_string_hash(0, "hello")"#).unwrap(),
            "840920576"
        );
    }

    #[test]
    fn bad_input_raises() {
        let err = run(r#"return native.caml_hash(10, 100, 0, {252, "x"})"#).unwrap_err();
        assert!(err.starts_with("Invalid_argument"), "{err}");
        let err = run(r#"return native.caml_hash(10, 100, 0, {0, {}})"#).unwrap_err();
        assert!(err.starts_with("Invalid_argument"), "{err}");
    }
}

//! Building Lua values from validated marshaled data, on the raw API.
//!
//! The stream is pre-order, so every new value goes into the next free field
//! of the innermost unfinished block. A block whose last field is being set
//! is finished at once, so a list needs one table on the stack, not one per
//! cell. Objects that later shared references name are kept in a table by
//! number; no other object costs an extra call.

use std::ffi::c_int;

use mlua::ffi::{self, lua_State};

use super::decode::{Item, Plan, Reader};
use super::format::Header;
use super::stack::{TableStack, SLOTS};
use crate::exn::Raise;
use crate::state::State;
use crate::value::{self, tag};

/// Registry field holding the last object id given out (OCaml's
/// `caml_fresh_oo_id` counter, for objects read back).
const OO_ID_KEY: &std::ffi::CStr = c"ocamlrt.oo_last_id";

/// A block being filled: next field's Lua index, its last index, its tag.
struct Frame {
    next: ffi::lua_Integer,
    last: ffi::lua_Integer,
    tag: u8,
}

/// Pushes the value `data` holds (validated by [`super::decode::validate`]
/// into `plan`); every float as OCaml's boxed float `{253, x}` when
/// `boxed_floats` (so that Lua 5.1/LuaJIT keep an integral float a float).
/// Every table is made in one protected call (see state.rs): a value too
/// large for the interpreter or its memory is `Out_of_memory`, a full stack
/// `Stack_overflow`; the frames are owned out here.
pub fn push_value(s: State, data: &[u8], header: &Header, plan: &Plan, boxed_floats: bool) -> Result<(), Raise> {
    let mut stack: TableStack<Frame> = TableStack::unplaced();
    let mut built = Ok(());
    s.protect(1, |l| {
        built = unsafe { build(l, data, header, plan, boxed_floats, &mut stack) };
        1
    })?;
    if built.is_err() {
        unsafe { ffi::lua_settop(s.l, -2) };
    }
    built
}

/// The body of [`push_value`]'s protected call: leaves the value on top.
///
/// # Safety
/// `l` is a valid state, in a protected call.
unsafe fn build(
    l: *mut lua_State,
    data: &[u8],
    header: &Header,
    plan: &Plan,
    boxed_floats: bool,
    stack: &mut TableStack<Frame>,
) -> Result<(), Raise> {
    if ffi::lua_checkstack(l, SLOTS + 8) == 0 {
        return Err(Raise::stack_overflow());
    }
    let result = ffi::lua_gettop(l) + 1;
    ffi::lua_pushnil(l);
    let objects = result + 1;
    if plan.any_shared {
        ffi::lua_createtable(l, 0, 0);
    } else {
        ffi::lua_pushnil(l);
    }
    stack.place(l);
    let mut reader = Reader::new(data, header);
    let mut fresh_ids = FreshIds::default();
    loop {
        stack.ensure_loaded(l);
        let new_frame = push_next(l, &mut reader, plan, objects, boxed_floats)?;
        if stack.is_empty() {
            // The root: kept in the result slot, filled in place if a block.
            ffi::lua_pushvalue(l, -1);
            ffi::lua_replace(l, result);
            match new_frame {
                Some(f) => stack.push(l, f)?,
                None => break,
            }
            continue;
        }
        place_in_parent(l, stack, new_frame, &mut fresh_ids)?;
        if stack.is_empty() {
            break;
        }
    }
    fresh_ids.store(l);
    ffi::lua_settop(l, result);
    Ok(())
}

/// Pushes the next item's value, keeping it in the objects table if a
/// shared reference will name it; a block with fields comes with its frame.
#[inline(always)]
unsafe fn push_next(
    l: *mut lua_State,
    reader: &mut Reader,
    plan: &Plan,
    objects: c_int,
    boxed_floats: bool,
) -> Result<Option<Frame>, Raise> {
    let number = reader.objects;
    let item = reader.item().map_err(|b| Raise::failwith(b.message()))?;
    let fields = push_item(l, item, objects, boxed_floats);
    if plan.is_target(number) && reader.objects > number {
        ffi::lua_pushvalue(l, -1);
        ffi::lua_rawseti(l, objects, number as ffi::lua_Integer + 1);
    }
    Ok(fields.map(|(tag, size)| Frame {
        next: 2,
        last: size as ffi::lua_Integer + 1,
        tag,
    }))
}

/// Sets the value on top into the next field of the innermost block. A
/// finished block leaves the stack at once (a list needs one table on the
/// stack, not one per cell); a new block becomes the innermost.
#[inline(always)]
unsafe fn place_in_parent(
    l: *mut lua_State,
    stack: &mut TableStack<Frame>,
    new_frame: Option<Frame>,
    ids: &mut FreshIds,
) -> Result<(), Raise> {
    let (frame, parent) = stack.top();
    let slot = frame.next;
    frame.next += 1;
    let finished = frame.next > frame.last;
    if frame.tag == tag::OBJECT && slot == 3 {
        ids.refresh(l);
    }
    match new_frame {
        Some(f) => {
            ffi::lua_pushvalue(l, -1);
            ffi::lua_rawseti(l, parent, slot);
            if finished {
                stack.pop_under(l);
            }
            stack.push(l, f)?;
        }
        None => {
            ffi::lua_rawseti(l, parent, slot);
            if finished {
                stack.pop(l);
            }
        }
    }
    Ok(())
}

/// Pushes the Lua value of `item`; for a block with fields, returns its tag
/// and size (its fields are then set by the caller's loop).
#[inline(always)]
unsafe fn push_item(l: *mut lua_State, item: Item, objects: c_int, boxed_floats: bool) -> Option<(u8, usize)> {
    match item {
        Item::Int(n) => value::push_int(l, n),
        Item::Block { tag, size } => {
            value::push_block(l, tag, size);
            if size > 0 {
                return Some((tag, size));
            }
        }
        Item::String(s) => {
            ffi::lua_pushlstring(l, s.as_ptr().cast(), s.len());
        }
        Item::Float(x) if boxed_floats => value::push_boxed_float(l, x),
        Item::Float(x) => value::push_float(l, x),
        Item::Floats { raw, big } => push_floats(l, raw, big),
        Item::Custom(c) => value::push_custom(l, c),
        Item::Shared(n) => {
            ffi::lua_rawgeti(l, objects, n as ffi::lua_Integer + 1);
        }
    }
    None
}

unsafe fn push_floats(l: *mut lua_State, raw: &[u8], big: bool) {
    let n = raw.len() / 8;
    value::push_block(l, tag::DOUBLE_ARRAY, n);
    for (i, chunk) in raw.chunks_exact(8).enumerate() {
        let b: [u8; 8] = chunk.try_into().unwrap_or_default();
        let x = if big {
            f64::from_be_bytes(b)
        } else {
            f64::from_le_bytes(b)
        };
        value::push_float(l, x);
        value::set_field(l, -2, i);
    }
}

/// OCaml gives every object read back a fresh id (field 1), except the
/// predefined exceptions' negative ids (intern.c, `OFreshOID`).
#[derive(Default)]
struct FreshIds {
    last: Option<ffi::lua_Integer>,
}

impl FreshIds {
    /// Replaces the id on top of the stack with a fresh one if it is a
    /// non-negative integer.
    unsafe fn refresh(&mut self, l: *mut lua_State) {
        let mut ok = 0;
        let old = ffi::lua_tointegerx(l, -1, &mut ok);
        if ffi::lua_type(l, -1) != ffi::LUA_TNUMBER || ok == 0 || old < 0 {
            return;
        }
        let last = match self.last {
            Some(n) => n,
            None => {
                ffi::lua_getfield(l, ffi::LUA_REGISTRYINDEX, OO_ID_KEY.as_ptr());
                let n = ffi::lua_tointegerx(l, -1, &mut ok);
                ffi::lua_settop(l, -2);
                n
            }
        };
        ffi::lua_settop(l, -2);
        ffi::lua_pushinteger(l, last);
        self.last = Some(last + 1);
    }

    unsafe fn store(&self, l: *mut lua_State) {
        if let Some(n) = self.last {
            ffi::lua_pushinteger(l, n);
            ffi::lua_setfield(l, ffi::LUA_REGISTRYINDEX, OO_ID_KEY.as_ptr());
        }
    }
}

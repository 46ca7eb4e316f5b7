//! OCaml's polymorphic comparison, as 4.13's `runtime/compare.c` does it:
//! immediates before blocks, then tags, then sizes, then fields left to
//! right; strings byte-wise then by length; floats with OCaml's NaN rules;
//! boxed integers by their custom compare; objects by id.
//!
//! The walk reads both values through the contract (docs/VALUES.md) as the
//! OCaml values they stand for: a Lua float is a boxed `Double_tag` block, a
//! string or bytes a `String_tag` block, a closure a `Closure_tag` block.
//!
//! No recursion: like compare.c, fields 1.. of a block still to compare are
//! kept on an explicit stack of items (same depth limit, same
//! `Out_of_memory` when it overflows) while field 0 is compared first. An
//! item's two tables sit in Lua stack slots for the first `WINDOW` items and
//! in a scratch Lua table beyond, so the Lua stack never grows with depth; a
//! list keeps at most one item.

use std::ffi::c_int;

use mlua::ffi;

use crate::exn::Raise;
use crate::hash::{float_field, not_a_value, object_id};
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use crate::value::{self, classify_typed, ordinary_tag, tag, Custom, Value};

/// Items whose tables stay on the Lua stack; deeper ones go to the scratch table.
const WINDOW: usize = 64;

/// Pending items whose stack slots are reserved at a time.
const RESERVE_STEP: usize = 4;
/// compare.c's stack holds at most 2^19 entries, its first one unused.
const MAX_PENDING: usize = (1 << 19) - 1;

/// The outcome of comparing two values; `Unordered` only when not total (NaN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Less,
    Equal,
    Greater,
    Unordered,
}

fn order_of<T: PartialOrd>(a: T, b: T) -> Order {
    if a < b {
        Order::Less
    } else if a > b {
        Order::Greater
    } else {
        Order::Equal
    }
}

/// Fields `next ..` of a pair of blocks, `left` of them, still to compare.
#[derive(Clone, Copy, Default)]
struct Item {
    next: usize,
    left: usize,
}

/// Items kept inline before the stack allocates: small values (map keys)
/// are compared without touching the allocator.
const INLINE_ITEMS: usize = 8;

/// The explicit stack of items: the first ones inline, the rest in a `Vec`.
#[derive(Default)]
struct Items {
    head: [Item; INLINE_ITEMS],
    rest: Vec<Item>,
    len: usize,
}

impl Items {
    #[inline(always)]
    fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    fn push(&mut self, item: Item) {
        if self.len < INLINE_ITEMS {
            self.head[self.len] = item;
        } else {
            self.rest.push(item);
        }
        self.len += 1;
    }

    #[inline(always)]
    fn pop(&mut self) {
        self.len -= 1;
        if self.len >= INLINE_ITEMS {
            self.rest.pop();
        }
    }

    /// The top item; the stack is not empty.
    #[inline(always)]
    fn top(&mut self) -> &mut Item {
        if self.len <= INLINE_ITEMS {
            &mut self.head[self.len - 1]
        } else {
            let last = self.rest.len() - 1;
            &mut self.rest[last]
        }
    }
}

/// What one step of the walk decided about the current pair.
enum Step {
    /// The pair is equal: go on with the next pending fields.
    Same,
    /// The pair decides the comparison.
    Differ(Order),
    /// The current pair was replaced in place; these are the new Lua types.
    Again(c_int, c_int),
}

struct Walk {
    s: State,
    total: bool,
    /// Stack slot holding the scratch table (nil until the first spill).
    scratch: c_int,
    /// Stack slot of item 0's tables; the current pair sits above the items.
    base: c_int,
    items: Items,
}

impl Walk {
    /// Where the current pair lives for the present depth.
    #[inline(always)]
    fn pair_slot(&self) -> c_int {
        self.base + 2 * self.items.len().min(WINDOW) as c_int
    }

    fn run(&mut self, mut ta: c_int, mut tb: c_int) -> Result<Order, Raise> {
        loop {
            let a = self.pair_slot();
            match self.step(a, ta, tb)? {
                Step::Differ(o) => return Ok(o),
                Step::Again(x, y) => (ta, tb) = (x, y),
                Step::Same => {
                    unsafe { ffi::lua_settop(self.s.l, a - 1) };
                    match self.next_item() {
                        Some((x, y)) => (ta, tb) = (x, y),
                        None => return Ok(Order::Equal),
                    }
                }
            }
        }
    }

    /// Compares the pair at slots `a`, `a + 1` (Lua types `ta`, `tb`).
    #[inline(always)]
    fn step(&mut self, a: c_int, ta: c_int, tb: c_int) -> Result<Step, Raise> {
        let (s, b) = (self.s, a + 1);
        // compare.c's `v1 == v2 && total`: shared sub-values are equal at once.
        if self.total && ta == tb && has_identity(ta) && unsafe { ffi::lua_rawequal(s.l, a, b) } != 0 {
            return Ok(Step::Same);
        }
        // Two numbers meet only when OCaml's types agree, so they compare
        // numerically whatever their Lua subtypes: compiled code writes the
        // float 3.0 as the integer 3, and int64 values as plain integers.
        if ta == ffi::LUA_TNUMBER && tb == ffi::LUA_TNUMBER {
            return Ok(self.numbers(a, b).map_or(Step::Same, Step::Differ));
        }
        if ta == ffi::LUA_TTABLE && tb == ffi::LUA_TTABLE {
            if let Some(step) = self.ordinary_blocks(a)? {
                return Ok(step);
            }
        }
        let v1 = classify_typed(s, a, ta)?;
        let v2 = classify_typed(s, b, tb)?;
        reject_foreign(s, v1)?;
        reject_foreign(s, v2)?;
        Ok(match (v1, v2) {
            (Value::Int(x), Value::Int(y)) => match order_of(x, y) {
                Order::Equal => Step::Same,
                o => Step::Differ(o),
            },
            // A plain number against a boxed float {253, x}: both are floats
            // in OCaml's types, as for two numbers above.
            (Value::Int(x), Value::Float(y)) => self.floats(x as f64, y).map_or(Step::Same, Step::Differ),
            (Value::Float(x), Value::Int(y)) => self.floats(x, y as f64).map_or(Step::Same, Step::Differ),
            // int32/int64/nativeint have no compare_ext: an int is below them.
            (Value::Int(_), Value::Block { tag: tag::FORWARD, .. }) => Step::Again(ta, follow(s, b)),
            (Value::Int(_), _) => Step::Differ(Order::Less),
            (Value::Block { tag: tag::FORWARD, .. }, Value::Int(_)) => Step::Again(follow(s, a), tb),
            (_, Value::Int(_)) => Step::Differ(Order::Greater),
            _ => self.blocks(a, (v1, ta), (v2, tb))?,
        })
    }

    /// Two tables that are ordinary blocks (tags 0 to Lazy_tag): tags, sizes
    /// and then fields, with the fewest API calls (the walk's common case).
    /// `None`, the stack as it was, when either is anything else: then
    /// [`classify_typed`] and [`Walk::blocks`] decide as for any value.
    #[inline(always)]
    fn ordinary_blocks(&mut self, a: c_int) -> Result<Option<Step>, Raise> {
        let l = self.s.l;
        // Field 0 first (nil for an empty block), then the tags above it:
        // field 0 is then where the walk wants it, with no stack moves.
        let firsts = unsafe { (value::push_field(l, a, 0), value::push_field(l, a + 1, 0)) };
        let tags = unsafe {
            let t1 = ordinary_tag(l, a);
            t1.zip(ordinary_tag(l, a + 1))
        };
        let Some((t1, t2)) = tags else {
            unsafe { ffi::lua_settop(l, a + 1) };
            return Ok(None);
        };
        if t1 != t2 {
            return Ok(Some(Step::Differ(order_of(t1, t2))));
        }
        let (sz1, sz2) = unsafe { (ffi::lua_rawlen(l, a) - 1, ffi::lua_rawlen(l, a + 1) - 1) };
        if sz1 != sz2 {
            return Ok(Some(Step::Differ(order_of(sz1, sz2))));
        }
        self.descend_from_first(a, sz1, firsts).map(Some)
    }

    /// Two blocks (in the OCaml sense: floats and strings are blocks too).
    fn blocks(&mut self, a: c_int, (v1, ta): (Value, c_int), (v2, tb): (Value, c_int)) -> Result<Step, Raise> {
        let (s, b) = (self.s, a + 1);
        let (t1, t2) = (tag_of(v1), tag_of(v2));
        if t1 != t2 {
            if t1 == tag::FORWARD {
                return Ok(Step::Again(follow(s, a), tb));
            }
            if t2 == tag::FORWARD {
                return Ok(Step::Again(ta, follow(s, b)));
            }
            // An infix pointer is a closure (#9521); other mixes order by tag.
            let (n1, n2) = (closure_if_infix(t1), closure_if_infix(t2));
            if n1 != n2 {
                return Ok(Step::Differ(order_of(n1, n2)));
            }
        }
        match (v1, v2) {
            (Value::Float(x), Value::Float(y)) => return Ok(self.floats(x, y).map_or(Step::Same, Step::Differ)),
            (Value::String(x) | Value::Bytes(x), Value::String(y) | Value::Bytes(y)) => {
                return Ok(match x.cmp(y) {
                    std::cmp::Ordering::Equal => Step::Same,
                    o => Step::Differ(order_of(o, std::cmp::Ordering::Equal)),
                });
            }
            (Value::Custom(x), Value::Custom(y)) => return Ok(custom_order(x, y).map_or(Step::Same, Step::Differ)),
            _ => {}
        }
        let (sz1, sz2) = (block_size(v1), block_size(v2));
        match t1 {
            tag::FORWARD => {
                let (x, y) = (follow(s, a), follow(s, b));
                Ok(Step::Again(x, y))
            }
            tag::ABSTRACT => Err(Raise::invalid_argument("compare: abstract value")),
            tag::CLOSURE | tag::INFIX => Err(Raise::invalid_argument("compare: functional value")),
            tag::OBJECT => Ok(match order_of(object_id(s, a)?, object_id(s, b)?) {
                Order::Equal => Step::Same,
                o => Step::Differ(o),
            }),
            _ if sz1 != sz2 => Ok(Step::Differ(order_of(sz1, sz2))),
            tag::DOUBLE_ARRAY => self.float_arrays(a, sz1),
            _ => self.descend(a, sz1, 0),
        }
    }

    /// Two floats: `None` when equal (both NaN counts as equal when total).
    #[inline(always)]
    fn floats(&self, x: f64, y: f64) -> Option<Order> {
        if x < y {
            Some(Order::Less)
        } else if x > y {
            Some(Order::Greater)
        } else if x != y {
            if !self.total {
                Some(Order::Unordered)
            } else if !x.is_nan() {
                Some(Order::Greater) // NaN is below every other float
            } else if !y.is_nan() {
                Some(Order::Less)
            } else {
                None
            }
        } else {
            None
        }
    }

    /// Two Lua numbers: integers (Lua 5.4 subtype) as integers, anything
    /// else as floats with OCaml's NaN rules. `None` when equal.
    #[inline(always)]
    fn numbers(&self, a: c_int, b: c_int) -> Option<Order> {
        let l = self.s.l;
        #[cfg(feature = "lua54")]
        unsafe {
            if ffi::lua_isinteger(l, a) != 0 && ffi::lua_isinteger(l, b) != 0 {
                let (x, y) = (ffi::lua_tointeger(l, a), ffi::lua_tointeger(l, b));
                return (x != y).then(|| order_of(x, y));
            }
        }
        let (x, y) = unsafe { (ffi::lua_tonumber(l, a), ffi::lua_tonumber(l, b)) };
        self.floats(x, y)
    }

    fn float_arrays(&self, a: c_int, size: usize) -> Result<Step, Raise> {
        for i in 0..size {
            let (x, y) = (float_field(self.s, a, i)?, float_field(self.s, a + 1, i)?);
            if let Some(o) = self.floats(x, y) {
                return Ok(Step::Differ(o));
            }
        }
        Ok(Step::Same)
    }

    /// [`Walk::descend`] for two blocks of `size` fields whose fields 0
    /// (Lua types `firsts`) sit at `a + 2`, `a + 3`, two more values above.
    #[inline(always)]
    fn descend_from_first(&mut self, a: c_int, size: usize, firsts: (c_int, c_int)) -> Result<Step, Raise> {
        let l = self.s.l;
        if size == 0 {
            return Ok(Step::Same);
        }
        self.check_depth(size)?;
        let equal = unsafe { equal_leaves(l, a + 2, firsts) };
        if size == 1 {
            if equal {
                return Ok(Step::Same);
            }
            unsafe { move_pair(l, a + 2, a) };
            return Ok(Step::Again(firsts.0, firsts.1));
        }
        if !equal {
            unsafe { ffi::lua_settop(l, a + 3) };
            return self.pending(a, 1, size, firsts);
        }
        if size == 2 {
            return Ok(last_field(l, a, 1)); // a list cell's tail
        }
        unsafe { ffi::lua_settop(l, a + 1) };
        self.descend(a, size, 1)
    }

    /// Goes on with fields `first..size` of two structured blocks of `size`
    /// fields (the stack top at `a + 1`, or above it when field `first` is
    /// the last): leading fields that are equal leaves are passed at once
    /// (as compare.c's walk would pass them, one item step each); the first
    /// other field becomes the current pair, the fields after it an item.
    fn descend(&mut self, a: c_int, size: usize, first: usize) -> Result<Step, Raise> {
        let l = self.s.l;
        if size == 0 {
            return Ok(Step::Same);
        }
        self.check_depth(size)?;
        let mut i = first;
        loop {
            if i + 1 == size {
                return Ok(last_field(l, a, i));
            }
            let types = unsafe { (value::push_field(l, a, i), value::push_field(l, a + 1, i)) };
            if !unsafe { equal_leaves(l, -2, types) } {
                return self.pending(a, i + 1, size, types);
            }
            i += 1;
            if i + 1 < size {
                // Only a last field may land above a passed pair.
                unsafe { ffi::lua_settop(l, a + 1) };
            }
        }
    }

    /// compare.c gives up with Out_of_memory when its stack overflows, as
    /// it does on a block of more than one field at the last level.
    #[inline(always)]
    fn check_depth(&self, size: usize) -> Result<(), Raise> {
        if size > 1 && self.items.len() >= MAX_PENDING {
            return Err(Raise::out_of_memory());
        }
        Ok(())
    }

    /// Makes fields `next..size` of the blocks at `a`, `a + 1` an item, the
    /// pair at `a + 2`, `a + 3` (Lua types `types`, the top of the stack)
    /// the current one.
    fn pending(&mut self, a: c_int, next: usize, size: usize, types: (c_int, c_int)) -> Result<Step, Raise> {
        let depth = self.items.len();
        // Pending items keep their pair on the stack up to WINDOW deep. The
        // LUA_MINSTACK slots every call has hold the first few; the rest is
        // reserved a few pairs at a time (a protected call on 5.1 and LuaJIT).
        if depth > 0 && depth < WINDOW && depth.is_multiple_of(RESERVE_STEP) {
            self.s.reserve(2 * RESERVE_STEP as c_int + 8)?;
        }
        if depth >= WINDOW {
            self.spill(depth - WINDOW, a)?;
            replace_pair(self.s.l, a);
        }
        self.items.push(Item {
            next,
            left: size - next,
        });
        Ok(Step::Again(types.0, types.1))
    }

    /// Stores the tables at `a`, `a + 1` as spilled item `k`; in a protected
    /// call, as the scratch table grows (see state.rs).
    fn spill(&mut self, k: usize, a: c_int) -> Result<(), Raise> {
        let l = self.s.l;
        unsafe {
            ffi::lua_pushvalue(l, self.scratch);
            ffi::lua_pushvalue(l, a);
            ffi::lua_pushvalue(l, a + 1);
        }
        self.s.protect_with(3, 1, |l| unsafe {
            if ffi::lua_type(l, 1) != ffi::LUA_TTABLE {
                ffi::lua_createtable(l, 64, 0);
                ffi::lua_replace(l, 1);
            }
            ffi::lua_rawseti(l, 1, 2 * k as ffi::lua_Integer + 2);
            ffi::lua_rawseti(l, 1, 2 * k as ffi::lua_Integer + 1);
            1
        })?;
        unsafe { ffi::lua_replace(l, self.scratch) };
        Ok(())
    }

    /// Pushes the next pair of pending fields as the current pair, if any.
    fn next_item(&mut self) -> Option<(c_int, c_int)> {
        let l = self.s.l;
        let k = self.items.len().checked_sub(1)?; // the top item's index
        let tables = if k < WINDOW {
            self.base + 2 * k as c_int
        } else {
            unsafe {
                ffi::lua_rawgeti(l, self.scratch, 2 * (k - WINDOW) as ffi::lua_Integer + 1);
                ffi::lua_rawgeti(l, self.scratch, 2 * (k - WINDOW) as ffi::lua_Integer + 2);
            }
            self.pair_slot()
        };
        let item = self.items.top();
        let types = unsafe {
            (
                value::push_field(l, tables, item.next),
                value::push_field(l, tables + 1, item.next),
            )
        };
        item.next += 1;
        item.left -= 1;
        if item.left == 0 {
            self.items.pop();
            replace_pair(l, tables);
        } else if k >= WINDOW {
            replace_pair(l, tables);
        }
        Some(types)
    }
}

/// Whether values of Lua type `t` have identity (`==` is physical equality).
#[inline(always)]
fn has_identity(t: c_int) -> bool {
    matches!(t, ffi::LUA_TTABLE | ffi::LUA_TFUNCTION | ffi::LUA_TUSERDATA)
}

/// Goes on with field `i`, the last, of the blocks at `a`, `a + 1` (the
/// stack top anywhere above them): it needs no item and takes the pair's
/// place (a list's tail, without growing anything).
#[inline(always)]
fn last_field(l: *mut ffi::lua_State, a: c_int, i: usize) -> Step {
    let types = unsafe { (value::push_field(l, a, i), value::push_field(l, a + 1, i)) };
    if unsafe { equal_leaves(l, -2, types) } {
        return Step::Same;
    }
    replace_pair(l, a);
    Step::Again(types.0, types.1)
}

/// Whether the values at `at`, `at + 1` (`-2` for the top two), of Lua
/// types `types`, are equal leaves whatever the comparison: two numbers
/// with the same integer value (equal as floats too), or two equal strings.
///
/// # Safety
/// `at` and `at + 1` are valid stack indices.
#[inline(always)]
unsafe fn equal_leaves(l: *mut ffi::lua_State, at: c_int, types: (c_int, c_int)) -> bool {
    match types {
        (ffi::LUA_TNUMBER, ffi::LUA_TNUMBER) => {
            let (mut ok1, mut ok2) = (0, 0);
            let x = ffi::lua_tointegerx(l, at, &mut ok1);
            let y = ffi::lua_tointegerx(l, at + 1, &mut ok2);
            ok1 != 0 && ok2 != 0 && x == y
        }
        (ffi::LUA_TSTRING, ffi::LUA_TSTRING) => ffi::lua_rawequal(l, at, at + 1) != 0,
        _ => false,
    }
}

/// Moves the values at `from`, `from + 1` to `to`, `to + 1` and drops
/// everything above `to + 1`.
///
/// # Safety
/// `to` < `from` are absolute indices of the stack.
#[inline(always)]
unsafe fn move_pair(l: *mut ffi::lua_State, from: c_int, to: c_int) {
    #[cfg(feature = "lua54")]
    {
        ffi::lua_copy(l, from, to);
        ffi::lua_copy(l, from + 1, to + 1);
    }
    // (mlua's lua_copy for 5.1 checks the stack, which may raise)
    #[cfg(not(feature = "lua54"))]
    {
        ffi::lua_pushvalue(l, from);
        ffi::lua_replace(l, to);
        ffi::lua_pushvalue(l, from + 1);
        ffi::lua_replace(l, to + 1);
    }
    ffi::lua_settop(l, to + 1);
}

/// Tables with the tags of OCaml's own strings and floats are not values
/// of the contract (which has Lua strings and numbers for those).
#[inline(always)]
fn reject_foreign(s: State, v: Value) -> Result<(), Raise> {
    match v {
        Value::Block { tag, .. } if tag == tag::STRING || tag == tag::DOUBLE => Err(not_a_value(s, tag)),
        _ => Ok(()),
    }
}

/// The OCaml tag of a boxed value.
fn tag_of(v: Value) -> u8 {
    match v {
        Value::Float(_) => tag::DOUBLE,
        Value::String(_) | Value::Bytes(_) => tag::STRING,
        Value::Custom(_) => tag::CUSTOM,
        Value::Closure => tag::CLOSURE,
        Value::Block { tag, .. } => tag,
        Value::Int(_) => unreachable!("immediates are compared before tags"),
    }
}

fn closure_if_infix(t: u8) -> u8 {
    if t == tag::INFIX {
        tag::CLOSURE
    } else {
        t
    }
}

fn block_size(v: Value) -> usize {
    match v {
        Value::Block { size, .. } => size,
        _ => 1,
    }
}

/// The custom compare of boxed integers; different kinds order by their
/// identifiers ("_i" < "_j" < "_n"), as compare.c's hardening does.
fn custom_order(x: Custom, y: Custom) -> Option<Order> {
    let o = match (x, y) {
        (Custom::Int32(m), Custom::Int32(n)) => order_of(m, n),
        (Custom::Int64(m), Custom::Int64(n)) | (Custom::Nativeint(m), Custom::Nativeint(n)) => order_of(m, n),
        _ => order_of(x.ident(), y.ident()),
    };
    (o != Order::Equal).then_some(o)
}

/// Replaces the value at `slot` by the one it forwards to; returns its type.
fn follow(s: State, slot: c_int) -> c_int {
    unsafe {
        let t = value::push_field(s.l, slot, 0);
        ffi::lua_replace(s.l, slot);
        t
    }
}

/// Moves the two values on top of the stack down to `slot`, `slot + 1`,
/// dropping everything from `slot + 2` up (the two values sit there).
#[inline(always)]
fn replace_pair(l: *mut ffi::lua_State, slot: c_int) {
    unsafe {
        #[cfg(feature = "lua54")]
        {
            ffi::lua_copy(l, -2, slot);
            ffi::lua_copy(l, -1, slot + 1);
            ffi::lua_settop(l, slot + 1);
        }
        #[cfg(not(feature = "lua54"))]
        {
            ffi::lua_replace(l, slot + 1);
            ffi::lua_replace(l, slot);
            ffi::lua_settop(l, slot + 1);
        }
    }
}

/// Two ints or two strings (the keys of most maps and tables) need no walk
/// and no stack: their order, before any set-up. `None` for anything else.
#[inline(always)]
fn compare_leaves(s: State) -> Result<Option<Order>, Raise> {
    let (ta, tb) = unsafe { (ffi::lua_type(s.l, 1), ffi::lua_type(s.l, 2)) };
    if ta != tb || !(ta == ffi::LUA_TNUMBER || ta == ffi::LUA_TSTRING) {
        return Ok(None);
    }
    if ta == ffi::LUA_TNUMBER {
        return Ok(number_order(s));
    }
    Ok(match (classify_typed(s, 1, ta)?, classify_typed(s, 2, tb)?) {
        (Value::String(x), Value::String(y)) => Some(order_of(x, y)),
        _ => None,
    })
}

/// Arguments 1 and 2, two Lua numbers, compared numerically as the walk
/// does (any integer, int64 values of compiled code included); `None`
/// when NaN is involved, which the walk orders by `total`.
#[inline(always)]
fn number_order(s: State) -> Option<Order> {
    let l = s.l;
    #[cfg(feature = "lua54")]
    unsafe {
        if ffi::lua_isinteger(l, 1) != 0 && ffi::lua_isinteger(l, 2) != 0 {
            return Some(order_of(ffi::lua_tointeger(l, 1), ffi::lua_tointeger(l, 2)));
        }
    }
    let (x, y) = unsafe { (ffi::lua_tonumber(l, 1), ffi::lua_tonumber(l, 2)) };
    if x.is_nan() || y.is_nan() {
        return None;
    }
    Some(order_of(x, y))
}

/// Compares arguments 1 and 2; `total` as `compare`, not total as `=`, `<`...
pub fn compare_args(s: State, total: bool) -> Result<Order, Raise> {
    if s.top() < 2 {
        return s.bad_arg(2, "a value");
    }
    if let Some(o) = compare_leaves(s)? {
        return Ok(o);
    }
    let l = s.l;
    let top = s.top();
    let (ta, tb) = unsafe {
        ffi::lua_pushnil(l);
        ffi::lua_pushvalue(l, 1);
        ffi::lua_pushvalue(l, 2);
        (ffi::lua_type(l, 1), ffi::lua_type(l, 2))
    };
    let mut walk = Walk {
        s,
        total,
        scratch: top + 1,
        base: top + 2,
        items: Items::default(),
    };
    let outcome = walk.run(ta, tb);
    unsafe { ffi::lua_settop(l, top) };
    outcome
}

fn compare(s: State) -> Ret {
    let o = compare_args(s, true)?;
    s.push_int(match o {
        Order::Less => -1,
        Order::Equal => 0,
        Order::Greater | Order::Unordered => 1,
    });
    Ok(1)
}

macro_rules! order_test {
    ($fname:ident, $pattern:pat) => {
        fn $fname(s: State) -> Ret {
            let o = compare_args(s, false)?;
            s.push_bool(matches!(o, $pattern));
            Ok(1)
        }
    };
}
order_test!(equal, Order::Equal);
order_test!(notequal, Order::Less | Order::Greater | Order::Unordered);
order_test!(lessthan, Order::Less);
order_test!(lessequal, Order::Less | Order::Equal);
order_test!(greaterthan, Order::Greater);
order_test!(greaterequal, Order::Greater | Order::Equal);

/// `caml_int_compare(a, b)`: -1, 0 or 1.
fn int_compare(s: State) -> Ret {
    let (a, b) = (s.int(1)?, s.int(2)?);
    s.push_int(a.cmp(&b) as i64);
    Ok(1)
}

/// `caml_float_compare(a, b)`: -1, 0 or 1, with `nan = nan` and nan below
/// every other float (floats.c's `caml_float_compare_unboxed`).
fn float_compare(s: State) -> Ret {
    let (f, g) = (s.float(1)?, s.float(2)?);
    let r = (f > g) as i64 - (f < g) as i64 + (!f.is_nan()) as i64 - (!g.is_nan()) as i64;
    s.push_int(r);
    Ok(1)
}

/// `caml_string_compare` and `caml_bytes_compare` live in crate::bytes.
pub const PRIMITIVES: Primitives = &[
    primitive!("caml_compare", compare),
    primitive!("caml_equal", equal),
    primitive!("caml_notequal", notequal),
    primitive!("caml_lessthan", lessthan),
    primitive!("caml_lessequal", lessequal),
    primitive!("caml_greaterthan", greaterthan),
    primitive!("caml_greaterequal", greaterequal),
    primitive!("caml_int_compare", int_compare),
    primitive!("caml_float_compare", float_compare),
];

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn immediates_come_before_blocks_and_floats() {
        assert_eq!(run("return native.caml_compare({0}, 5)").unwrap(), "1");
        assert_eq!(run(r#"return native.caml_compare(2.5, "a")"#).unwrap(), "1");
    }

    #[test]
    fn two_numbers_compare_numerically_whatever_their_subtypes() {
        assert_eq!(run("return native.caml_compare(2.5, 3)").unwrap(), "-1");
        assert_eq!(run("return native.caml_equal(1.0, 1)").unwrap(), "1");
        assert_eq!(run("return native.caml_compare(0/0, 3)").unwrap(), "-1");
        assert_eq!(run("return native.caml_compare(math.maxinteger, 0)").unwrap(), "1");
    }

    #[test]
    fn a_boxed_float_meets_a_plain_number_as_a_float() {
        assert_eq!(run("return native.caml_compare({253, 3.0}, 3)").unwrap(), "0");
        assert_eq!(run("return native.caml_compare(3, {253, 2.5})").unwrap(), "1");
        assert_eq!(run("return native.caml_equal({0, {253, 1.0}}, {0, 1})").unwrap(), "1");
    }

    #[test]
    fn nan_is_equal_to_itself_only_for_compare() {
        assert_eq!(run("return native.caml_compare(0/0, 0/0)").unwrap(), "0");
        assert_eq!(run("return native.caml_equal(0/0, 0/0)").unwrap(), "0");
        assert_eq!(run("return native.caml_compare(0/0, -math.huge)").unwrap(), "-1");
        assert_eq!(run("return native.caml_float_compare(0/0, -math.huge)").unwrap(), "-1");
    }

    #[test]
    fn closures_raise_unless_physically_equal_under_compare() {
        let err = run("return native.caml_equal(print, print)").unwrap_err();
        assert_eq!(err, "Invalid_argumentcompare: functional value");
        assert_eq!(run("return native.caml_compare({0, print}, {0, print})").unwrap(), "0");
        let err = run("return native.caml_compare({0, print}, {0, function() end})").unwrap_err();
        assert_eq!(err, "Invalid_argumentcompare: functional value");
    }

    #[test]
    fn deep_left_nesting_spills_to_the_scratch_table() {
        let code = r#"
            local a, b = 0, 0
            for i = 1, 1000 do a = {0, a, i}; b = {0, b, i} end
            local eq = native.caml_compare(a, b)
            b[3] = 2000
            return eq .. native.caml_compare(a, b)"#;
        assert_eq!(run(code).unwrap(), "0-1");
    }
}

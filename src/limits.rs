//! Limits on what input may make ocamlrt allocate outside Lua's heap, which
//! a user can set. Beyond a limit, or when the allocation fails, the
//! primitive raises `Out_of_memory`, as OCaml does when `malloc` fails.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};

/// The default limit on marshaled data: 1 GiB.
pub const DEFAULT_MARSHAL_MAX: u64 = 1 << 30;

/// Largest marshaled data (bytes, header excluded) written by `Marshal.to_*`
/// and `output_value`, read from a channel, or inflated from OCaml 5's
/// compressed format. One value for the process.
static MARSHAL_MAX: AtomicU64 = AtomicU64::new(DEFAULT_MARSHAL_MAX);

pub fn marshal_max() -> u64 {
    MARSHAL_MAX.load(Ordering::Relaxed)
}

/// `_marshal_limit(n)`: sets the limit when `n` is given (an int >= 0);
/// returns the limit before the call.
fn marshal_limit(s: State) -> Ret {
    let before = marshal_max();
    if s.top() >= 1 {
        let n = u64::try_from(s.int(1)?).map_err(|_| Raise::invalid_argument(format!("{}: negative limit", s.name)))?;
        MARSHAL_MAX.store(n, Ordering::Relaxed);
    }
    s.push_int(before.min(i64::MAX as u64) as i64);
    Ok(1)
}

pub const PRIMITIVES: Primitives = &[primitive!("_marshal_limit", marshal_limit)];

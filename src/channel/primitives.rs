//! The channel primitives under OCaml's runtime names (`caml_ml_*`,
//! `caml_sys_open`, ...), with OCaml's signatures, and the `_io_*` helpers
//! behind `ocamlrt.io` (lua/ocamlrt/io.lua).

use std::ffi::{c_int, CStr};

use mlua::ffi;

use super::backend::{self, Backend};
use super::{channel_arg, exit, push_channel, to_channel, Channel, Direction};
use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use crate::value::{self, Custom, Value};

fn unit(s: State) -> Ret {
    s.push_int(0);
    Ok(1)
}

/// An OCaml bool argument (0 / 1), or a Lua boolean for Lua callers.
fn bool_arg(s: State, idx: c_int) -> Result<bool, Raise> {
    if unsafe { ffi::lua_type(s.l, idx) } == ffi::LUA_TBOOLEAN {
        return Ok(unsafe { ffi::lua_toboolean(s.l, idx) } != 0);
    }
    Ok(s.int(idx)? != 0)
}

/// A position argument of the `_64` primitives: an int64 custom block, or
/// a plain integer (what compiled code passes for an int64 constant).
fn int64_arg(s: State, idx: c_int) -> Result<i64, Raise> {
    match value::classify(s, idx)? {
        Value::Int(n) => Ok(n),
        Value::Custom(Custom::Int64(n)) => Ok(n),
        _ => s.bad_arg(idx, "an int64"),
    }
}

fn push_int64(s: State, n: i64) -> Ret {
    s.push_made(|l| unsafe { value::push_custom(l, Custom::Int64(n)) })?;
    Ok(1)
}

/// A position as an OCaml int: EOVERFLOW past `max_int`, as io.c checks.
fn push_position(s: State, pos: i64) -> Ret {
    if pos > value::MAX_INT {
        return Err(backend::sys_error(libc::EOVERFLOW, None));
    }
    s.push_int(pos);
    Ok(1)
}

/// `ofs, len` at `idx` as a range of `size`, or `Invalid_argument what`.
fn range(s: State, idx: c_int, size: usize, what: &str) -> Result<(usize, usize), Raise> {
    let (ofs, len) = (s.int(idx)?, s.int(idx + 1)?);
    if ofs < 0 || len < 0 || (ofs as u64).saturating_add(len as u64) > size as u64 {
        return Err(Raise::invalid_argument(what));
    }
    Ok((ofs as usize, len as usize))
}

// ---- opening and closing ----

/// OCaml's `open_flag` constructors, in order, as `open(2)` flags.
const OPEN_FLAGS: [c_int; 9] = [
    libc::O_RDONLY,
    libc::O_WRONLY,
    libc::O_APPEND | libc::O_WRONLY,
    libc::O_CREAT,
    libc::O_TRUNC,
    libc::O_EXCL,
    0, // Open_binary: no such distinction on Unix
    0, // Open_text
    libc::O_NONBLOCK,
];

/// Reads an OCaml list of `open_flag` (`caml_convert_flag_list`).
fn open_flags(s: State, idx: c_int) -> Result<c_int, Raise> {
    let l = s.l;
    s.reserve(3)?;
    let mut flags = 0;
    unsafe {
        ffi::lua_pushvalue(l, idx);
        // A cyclic list would never end: OCaml loops too, we refuse.
        for _ in 0..1_000_000 {
            match ffi::lua_type(l, -1) {
                ffi::LUA_TNUMBER if ffi::lua_tointeger(l, -1) == 0 => {
                    ffi::lua_pop(l, 1);
                    return Ok(flags);
                }
                ffi::LUA_TTABLE => {
                    value::push_field(l, -1, 0);
                    let mut ok = 0;
                    let f = ffi::lua_tointegerx(l, -1, &mut ok);
                    ffi::lua_pop(l, 1);
                    match usize::try_from(f).ok().and_then(|i| OPEN_FLAGS.get(i)) {
                        Some(bits) if ok != 0 => flags |= bits,
                        _ => break,
                    }
                    value::push_field(l, -1, 1);
                    ffi::lua_remove(l, -2);
                }
                _ => break,
            }
        }
        ffi::lua_pop(l, 1);
    }
    s.bad_arg(idx, "a list of open flags")
}

/// `open(2)` with OCaml's flags (always close-on-exec) or its `Sys_error`.
fn open_descriptor(s: State) -> Result<c_int, Raise> {
    let path = s.str(1)?;
    let flags = open_flags(s, 2)? | libc::O_CLOEXEC;
    let perm = s.int(3)? as c_int;
    let Ok(cpath) = std::ffi::CString::new(path) else {
        return Err(backend::sys_error(libc::ENOENT, Some(path)));
    };
    let fd = unsafe { libc::open(cpath.as_ptr(), flags, perm as libc::c_uint) };
    if fd == -1 {
        return Err(backend::sys_error(backend::errno(), Some(path)));
    }
    Ok(fd)
}

/// `caml_sys_open(path, flags, perm)`: the descriptor.
fn sys_open(s: State) -> Ret {
    let fd = open_descriptor(s)?;
    s.push_int(fd as i64);
    Ok(1)
}

/// `caml_sys_close(fd)`: errors are ignored, as in OCaml.
fn sys_close(s: State) -> Ret {
    let fd = s.int(1)?;
    unsafe { libc::close(fd as c_int) };
    unit(s)
}

fn open_fd(s: State, direction: Direction) -> Ret {
    let fd = c_int::try_from(s.int(1)?).map_err(|_| backend::bad_descriptor())?;
    push_channel(s, Backend::Fd(fd), direction)?;
    Ok(1)
}

fn open_descriptor_in(s: State) -> Ret {
    open_fd(s, Direction::In)
}

fn open_descriptor_out(s: State) -> Ret {
    open_fd(s, Direction::Out)
}

fn close_channel(s: State) -> Ret {
    channel_arg(s, 1)?.close(s.l)?;
    unit(s)
}

fn set_channel_name(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    let name = s.str(2)?;
    ch.name = (!name.is_empty()).then(|| name.to_vec());
    unit(s)
}

fn channel_descriptor(s: State) -> Ret {
    let fd = channel_arg(s, 1)?.descriptor()?;
    s.push_int(fd as i64);
    Ok(1)
}

// ---- output ----

/// `caml_ml_flush`: a closed channel is left alone (libraries flush at exit
/// channels that may be closed).
fn flush(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    if !ch.closed {
        ch.flush(s.l)?;
    }
    unit(s)
}

/// A char argument: an int (its low 8 bits, as OCaml stores a char), or a
/// one-byte string for Lua callers.
fn char_arg(s: State, idx: c_int) -> Result<u8, Raise> {
    if unsafe { ffi::lua_type(s.l, idx) } == ffi::LUA_TSTRING {
        if let [c] = s.str(idx)? {
            return Ok(*c);
        }
        return s.bad_arg(idx, "a char");
    }
    Ok(s.int(idx)? as u8)
}

fn output_char(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    ch.write_byte(s.l, char_arg(s, 2)?)?;
    unit(s)
}

fn output_range(s: State, what: &str) -> Ret {
    let ch = channel_arg(s, 1)?;
    let data = s.str(2)?;
    let (ofs, len) = range(s, 3, data.len(), what)?;
    ch.write_all(s.l, &data[ofs..ofs + len])?;
    unit(s)
}

/// `caml_ml_output(ch, string, ofs, len)`.
fn output(s: State) -> Ret {
    output_range(s, "output_substring")
}

/// `caml_ml_output_bytes(ch, bytes, ofs, len)`.
fn output_bytes(s: State) -> Ret {
    output_range(s, "output")
}

fn output_int(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    ch.write_int32(s.l, s.int(2)? as u32)?;
    unit(s)
}

/// `_io_output_string(ch, s)`: all of a string or bytes; no result (the
/// hot path of writing from Lua).
fn output_string(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    ch.write_all(s.l, s.str(2)?)?;
    Ok(0)
}

fn seek_out_with(s: State, dest: i64) -> Ret {
    channel_arg(s, 1)?.seek_out(s.l, dest)?;
    unit(s)
}

fn seek_out(s: State) -> Ret {
    seek_out_with(s, s.int(2)?)
}

fn seek_out_64(s: State) -> Ret {
    seek_out_with(s, int64_arg(s, 2)?)
}

fn pos_out(s: State) -> Ret {
    push_position(s, channel_arg(s, 1)?.pos_out())
}

fn pos_out_64(s: State) -> Ret {
    push_int64(s, channel_arg(s, 1)?.pos_out())
}

// ---- input ----

fn input_char(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    match ch.read_byte(s.l)? {
        Some(c) => s.push_int(c as i64),
        None => return Err(Raise::end_of_file()),
    }
    Ok(1)
}

/// `caml_ml_input_int`: 4 bytes big-endian, sign-extended.
fn input_int(s: State) -> Ret {
    let w = channel_arg(s, 1)?.read_int32(s.l)?;
    s.push_int(w as i32 as i64);
    Ok(1)
}

/// `caml_ml_input(ch, bytes, ofs, len)`: how many bytes it read.
fn input(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    let buf = s.bytes_mut(2)?;
    let (ofs, len) = range(s, 3, buf.len(), "input")?;
    let n = ch.read_into(s.l, &mut buf[ofs..ofs + len])?;
    s.push_int(n as i64);
    Ok(1)
}

fn input_scan_line(s: State) -> Ret {
    let n = channel_arg(s, 1)?.scan_line(s.l)?;
    s.push_int(n);
    Ok(1)
}

/// `_io_input_line(ch)`: Stdlib's `input_line`, in one call.
fn input_line(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    ch.input_line(s.l, |line| s.return_str(&[line]))?
}

/// `_io_input_all(ch)`: the rest of the input as a string.
fn input_all(s: State) -> Ret {
    let data = channel_arg(s, 1)?.read_all(s.l)?;
    s.return_str(&[&data])
}

/// `_io_really_input_string(ch, len)`: `Invalid_argument "Bytes.create"`
/// for an impossible length, as Stdlib's `really_input_string` gives it.
fn really_input_string(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    let len = s.int(2)?;
    if len < 0 || len as u64 > crate::bytes::MAX_LENGTH as u64 {
        return Err(Raise::invalid_argument("Bytes.create"));
    }
    let data = ch.read_exactly(s.l, len as usize)?;
    s.return_str(&[&data])
}

fn seek_in_with(s: State, dest: i64) -> Ret {
    channel_arg(s, 1)?.seek_in(s.l, dest)?;
    unit(s)
}

fn seek_in(s: State) -> Ret {
    seek_in_with(s, s.int(2)?)
}

fn seek_in_64(s: State) -> Ret {
    seek_in_with(s, int64_arg(s, 2)?)
}

fn pos_in(s: State) -> Ret {
    push_position(s, channel_arg(s, 1)?.pos_in())
}

fn pos_in_64(s: State) -> Ret {
    push_int64(s, channel_arg(s, 1)?.pos_in())
}

// ---- both ----

fn channel_size(s: State) -> Ret {
    let size = channel_arg(s, 1)?.size(s.l)?;
    push_position(s, size)
}

fn channel_size_64(s: State) -> Ret {
    let size = channel_arg(s, 1)?.size(s.l)?;
    push_int64(s, size)
}

/// `caml_ml_set_binary_mode`: Unix has no text mode; nothing changes.
fn set_binary_mode(s: State) -> Ret {
    channel_arg(s, 1)?;
    bool_arg(s, 2)?;
    unit(s)
}

fn is_binary_mode(s: State) -> Ret {
    channel_arg(s, 1)?;
    s.push_bool(true);
    Ok(1)
}

fn set_buffered(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    ch.set_buffered(s.l, bool_arg(s, 2)?)?;
    unit(s)
}

fn is_buffered(s: State) -> Ret {
    let b = channel_arg(s, 1)?.is_buffered();
    s.push_bool(b);
    Ok(1)
}

// ---- ocamlrt.io: channels that own their backend ----

fn direction_arg(s: State, idx: c_int) -> Result<Direction, Raise> {
    Ok(if bool_arg(s, idx)? {
        Direction::Out
    } else {
        Direction::In
    })
}

/// Marks the new channel on top as owner of its backend, named `name`.
fn owned(ch: &mut Channel, name: Option<&[u8]>) -> Ret {
    ch.owns_backend = true;
    ch.name = name.filter(|n| !n.is_empty()).map(<[u8]>::to_vec);
    Ok(1)
}

/// `_io_open(path, flags, perm, is_out)`: Stdlib's `open_in_gen` /
/// `open_out_gen`, with the descriptor closed when the channel is collected.
fn io_open(s: State) -> Ret {
    let direction = direction_arg(s, 4)?;
    let fd = open_descriptor(s)?;
    let ch = push_channel(s, Backend::Fd(fd), direction).inspect_err(|_| unsafe {
        libc::close(fd);
    })?;
    owned(ch, Some(s.str(1)?))
}

/// `_io_open_string(s)`: an input channel reading the string `s`.
fn io_open_string(s: State) -> Ret {
    let src = s.str(1)?;
    let mut data = Vec::new();
    data.try_reserve_exact(src.len()).map_err(|_| Raise::out_of_memory())?;
    data.extend_from_slice(src);
    let ch = push_channel(s, Backend::memory(data), Direction::In)?;
    owned(ch, None)
}

/// `_io_open_buffer()`: an output channel into memory.
fn io_open_buffer(s: State) -> Ret {
    let ch = push_channel(s, Backend::memory(Vec::new()), Direction::Out)?;
    owned(ch, None)
}

/// `_io_contents(ch)`: what a memory output channel holds.
fn io_contents(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    let data = ch.memory_contents(s.l)?;
    s.return_str(&[data])
}

/// `_io_open_custom(functions, is_out, name)`: a channel over Lua functions,
/// `functions` a table `{read, write, seek, close, size}` (nil for absent).
fn io_open_custom(s: State) -> Ret {
    let direction = direction_arg(s, 2)?;
    let name = if s.top() >= 3 && unsafe { ffi::lua_type(s.l, 3) } != ffi::LUA_TNIL {
        Some(s.str(3)?)
    } else {
        None
    };
    if unsafe { ffi::lua_type(s.l, 1) } != ffi::LUA_TTABLE {
        return s.bad_arg(1, "a table of backend functions");
    }
    let mut functions = ffi::LUA_NOREF;
    unsafe { ffi::lua_pushvalue(s.l, 1) };
    s.protect_with(1, 0, |l| {
        functions = unsafe { ffi::luaL_ref(l, ffi::LUA_REGISTRYINDEX) };
        0
    })?;
    let ch = push_channel(s, Backend::Custom { functions }, direction).inspect_err(|_| unsafe {
        ffi::luaL_unref(s.l, ffi::LUA_REGISTRYINDEX, functions);
    })?;
    owned(ch, name)
}

/// `_io_close(ch)`: Stdlib's `close_out` / `close_in`: an output channel is
/// flushed first (and stays open if that fails).
fn io_close(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    if ch.direction == Direction::Out && !ch.closed {
        ch.flush(s.l)?;
    }
    ch.close(s.l)?;
    unit(s)
}

/// `_io_is_out(ch)`: whether it is an output channel (a Lua boolean).
fn io_is_out(s: State) -> Ret {
    let out = channel_arg(s, 1)?.direction == Direction::Out;
    unsafe { ffi::lua_pushboolean(s.l, out as c_int) };
    Ok(1)
}

/// `_io_name(ch)`: the channel's name, or nil.
fn io_name(s: State) -> Ret {
    match channel_arg(s, 1)?.name.as_deref() {
        Some(n) => s.push_str(n)?,
        None => unsafe { ffi::lua_pushnil(s.l) },
    }
    Ok(1)
}

// ---- metamethods ----

/// `__gc`: flush, close what the channel owns, free its buffers.
fn gc(s: State) -> Ret {
    let p = unsafe { to_channel(s.l, 1) };
    if !p.is_null() {
        unsafe { (*p).finalize(s.l) };
    }
    Ok(0)
}

/// `__tostring`: `ocamlrt.channel (out, "name")`.
fn tostring(s: State) -> Ret {
    let ch = channel_arg(s, 1)?;
    let dir = if ch.direction == Direction::Out { "out" } else { "in" };
    let what = match (&ch.name, &ch.backend) {
        (Some(n), _) => format!("{:?}", String::from_utf8_lossy(n)),
        (None, Backend::Fd(fd)) => format!("fd {fd}"),
        (None, Backend::Memory { .. }) => "memory".to_string(),
        (None, Backend::Custom { .. }) => "custom".to_string(),
    };
    let closed = if ch.closed { ", closed" } else { "" };
    s.return_str(&[format!("ocamlrt.channel ({dir}, {what}{closed})").as_bytes()])
}

pub(super) const METAMETHODS: &[(&CStr, ffi::lua_CFunction)] = &[
    (c"__gc", primitive!("ocamlrt.channel.__gc", gc).1),
    (c"__close", primitive!("ocamlrt.channel.__close", io_close).1),
    (c"__tostring", primitive!("ocamlrt.channel.__tostring", tostring).1),
];

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_sys_open", sys_open),
    primitive!("caml_sys_close", sys_close),
    primitive!("caml_ml_open_descriptor_in", open_descriptor_in),
    primitive!("caml_ml_open_descriptor_out", open_descriptor_out),
    primitive!("caml_ml_close_channel", close_channel),
    primitive!("caml_ml_set_channel_name", set_channel_name),
    primitive!("caml_channel_descriptor", channel_descriptor),
    primitive!("caml_ml_out_channels_list", exit::out_channels_list),
    primitive!("caml_ml_flush", flush),
    primitive!("caml_ml_output_char", output_char),
    primitive!("caml_ml_output", output),
    primitive!("caml_ml_output_bytes", output_bytes),
    primitive!("caml_ml_output_int", output_int),
    primitive!("caml_ml_seek_out", seek_out),
    primitive!("caml_ml_seek_out_64", seek_out_64),
    primitive!("caml_ml_pos_out", pos_out),
    primitive!("caml_ml_pos_out_64", pos_out_64),
    primitive!("caml_ml_input_char", input_char),
    primitive!("caml_ml_input_int", input_int),
    primitive!("caml_ml_input", input),
    primitive!("caml_ml_input_scan_line", input_scan_line),
    primitive!("caml_ml_seek_in", seek_in),
    primitive!("caml_ml_seek_in_64", seek_in_64),
    primitive!("caml_ml_pos_in", pos_in),
    primitive!("caml_ml_pos_in_64", pos_in_64),
    primitive!("caml_ml_channel_size", channel_size),
    primitive!("caml_ml_channel_size_64", channel_size_64),
    primitive!("caml_ml_set_binary_mode", set_binary_mode),
    primitive!("caml_ml_is_binary_mode", is_binary_mode),
    primitive!("caml_ml_set_buffered", set_buffered),
    primitive!("caml_ml_is_buffered", is_buffered),
    primitive!("_io_open", io_open),
    primitive!("_io_open_string", io_open_string),
    primitive!("_io_open_buffer", io_open_buffer),
    primitive!("_io_open_custom", io_open_custom),
    primitive!("_io_contents", io_contents),
    primitive!("_io_close", io_close),
    primitive!("_io_is_out", io_is_out),
    primitive!("_io_name", io_name),
    primitive!("_io_input_line", input_line),
    primitive!("_io_input_all", input_all),
    primitive!("_io_really_input_string", really_input_string),
    primitive!("_io_output_string", output_string),
];

//! Where a channel's bytes go: a file descriptor (io.c's `caml_read_fd` /
//! `caml_write_fd` and `lseek`), a buffer in memory, or Lua functions.
//!
//! Every operation reports errors as OCaml does: `Sys_error` with the
//! system's message (`strerror`), `Sys_blocked_io` for EAGAIN.

use std::ffi::{c_int, CStr};

use mlua::ffi::{self, lua_State};

use crate::exn::Raise;

/// Where a channel reads from or writes to.
pub enum Backend {
    /// A file descriptor.
    Fd(c_int),
    /// Bytes in memory with a position, as a file would have them: reads
    /// stop at the end, writes past the end extend it (a gap reads as zeros).
    Memory { data: Vec<u8>, pos: u64 },
    /// Lua functions, by registry reference to `{read, write, seek, close,
    /// size}` (any may be nil); see docs/channels.md for their contract.
    Custom { functions: c_int },
}

/// Slots of the custom backend's function table.
const READ: i64 = 1;
const WRITE: i64 = 2;
const SEEK: i64 = 3;
const CLOSE: i64 = 4;
const SIZE: i64 = 5;

/// The text `strerror` gives for `errno`, as OCaml's `caml_sys_error` uses.
pub fn error_message(errno: c_int) -> Vec<u8> {
    let mut buf = [0 as std::ffi::c_char; 256];
    let ok = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) } == 0;
    if !ok {
        return format!("Unknown error {errno}").into_bytes();
    }
    unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec()
}

/// `Sys_error` for `errno`, with `prefix: ` when OCaml names the file.
pub fn sys_error(errno: c_int, prefix: Option<&[u8]>) -> Raise {
    let mut msg = Vec::new();
    if let Some(p) = prefix {
        msg.extend_from_slice(p);
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(&error_message(errno));
    Raise::sys_error(msg)
}

/// `caml_sys_io_error`: a would-block is `Sys_blocked_io`.
fn io_error(errno: c_int) -> Raise {
    if errno == libc::EAGAIN || errno == libc::EWOULDBLOCK {
        return Raise::Exn {
            name: "Sys_blocked_io",
            arg: None,
        };
    }
    sys_error(errno, None)
}

/// What any transfer on a closed channel raises.
pub fn bad_descriptor() -> Raise {
    sys_error(libc::EBADF, None)
}

/// What seeking or sizing a backend that cannot raises (as on a pipe).
fn illegal_seek() -> Raise {
    sys_error(libc::ESPIPE, None)
}

pub fn errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

impl Backend {
    /// A memory backend holding `data`, positioned at its start.
    pub fn memory(data: Vec<u8>) -> Backend {
        Backend::Memory { data, pos: 0 }
    }

    /// The position a new channel starts at: `lseek(fd, 0, SEEK_CUR)` (so -1
    /// on a pipe, as in OCaml), 0 for the others.
    pub fn initial_offset(&self) -> i64 {
        match self {
            Backend::Fd(fd) => unsafe { libc::lseek(*fd, 0, libc::SEEK_CUR) },
            _ => 0,
        }
    }

    /// Reads at most `buf.len()` bytes; 0 at end of input.
    pub(super) fn read(&mut self, l: *mut lua_State, buf: &mut [u8]) -> Result<usize, Raise> {
        match self {
            Backend::Fd(fd) => loop {
                let r = unsafe { libc::read(*fd, buf.as_mut_ptr().cast(), buf.len()) };
                if r >= 0 {
                    return Ok(r as usize);
                }
                let e = errno();
                if e != libc::EINTR {
                    return Err(io_error(e));
                }
            },
            Backend::Memory { data, pos } => {
                let start = (*pos).min(data.len() as u64) as usize;
                let n = buf.len().min(data.len() - start);
                buf[..n].copy_from_slice(&data[start..start + n]);
                *pos += n as u64;
                Ok(n)
            }
            Backend::Custom { functions } => unsafe { custom_read(l, *functions, buf) },
        }
    }

    /// Writes some of `buf` (at least one byte); returns how much.
    pub(super) fn write(&mut self, l: *mut lua_State, buf: &[u8]) -> Result<usize, Raise> {
        match self {
            Backend::Fd(fd) => {
                let mut n = buf.len();
                loop {
                    let r = unsafe { libc::write(*fd, buf.as_ptr().cast(), n) };
                    if r > 0 {
                        return Ok(r as usize);
                    }
                    // write(2) never takes 0 of a non-empty buffer; if it did,
                    // retrying would loop forever.
                    let e = if r == 0 { libc::EIO } else { errno() };
                    match e {
                        libc::EINTR => {}
                        // A write of at most PIPE_BUF bytes to a full
                        // non-blocking pipe is all or nothing: try one byte.
                        libc::EAGAIN if n > 1 => n = 1,
                        _ => return Err(io_error(e)),
                    }
                }
            }
            Backend::Memory { data, pos } => {
                memory_write(data, *pos, buf)?;
                *pos += buf.len() as u64;
                Ok(buf.len())
            }
            Backend::Custom { functions } => unsafe { custom_write(l, *functions, buf) },
        }
    }

    /// Moves to the absolute position `dest`.
    pub(super) fn seek(&mut self, l: *mut lua_State, dest: i64) -> Result<(), Raise> {
        match self {
            Backend::Fd(fd) => {
                if unsafe { libc::lseek(*fd, dest, libc::SEEK_SET) } != dest {
                    return Err(sys_error(errno(), None));
                }
                Ok(())
            }
            Backend::Memory { pos, .. } => {
                *pos = u64::try_from(dest).map_err(|_| sys_error(libc::EINVAL, None))?;
                Ok(())
            }
            Backend::Custom { functions } => unsafe {
                if !call(l, *functions, SEEK, Arg::Int(dest))? {
                    return Err(illegal_seek());
                }
                ffi::lua_pop(l, 1);
                Ok(())
            },
        }
    }

    /// The total size, leaving the position at `here` (`caml_channel_size`).
    pub(super) fn size(&mut self, l: *mut lua_State, here: i64) -> Result<i64, Raise> {
        match self {
            Backend::Fd(fd) => unsafe {
                let end = libc::lseek(*fd, 0, libc::SEEK_END);
                if end == -1 || libc::lseek(*fd, here, libc::SEEK_SET) != here {
                    return Err(sys_error(errno(), None));
                }
                Ok(end)
            },
            Backend::Memory { data, .. } => Ok(data.len() as i64),
            Backend::Custom { functions } => unsafe {
                if !call(l, *functions, SIZE, Arg::None)? {
                    return Err(illegal_seek());
                }
                let mut ok = 0;
                let n = ffi::lua_tointegerx(l, -1, &mut ok);
                ffi::lua_pop(l, 1);
                if ok == 0 || n < 0 {
                    return Err(Raise::failwith(
                        "ocamlrt: a custom backend's size() must return an integer >= 0",
                    ));
                }
                Ok(n)
            },
        }
    }

    /// Closes the descriptor or calls the backend's `close`.
    pub(super) fn close(&mut self, l: *mut lua_State) -> Result<(), Raise> {
        match self {
            Backend::Fd(fd) => {
                if unsafe { libc::close(*fd) } == -1 {
                    return Err(sys_error(errno(), None));
                }
                Ok(())
            }
            Backend::Memory { .. } => Ok(()),
            Backend::Custom { functions } => unsafe {
                if call(l, *functions, CLOSE, Arg::None)? {
                    ffi::lua_pop(l, 1);
                }
                Ok(())
            },
        }
    }

    /// Frees what the backend holds (on collection).
    pub(super) fn release(&mut self, l: *mut lua_State) {
        match self {
            Backend::Fd(_) => {}
            Backend::Memory { data, .. } => *data = Vec::new(),
            Backend::Custom { functions } => {
                unsafe { ffi::luaL_unref(l, ffi::LUA_REGISTRYINDEX, *functions) };
                *functions = ffi::LUA_NOREF;
            }
        }
    }
}

/// Writes `buf` at `pos`, growing `data` (never beyond what can be
/// allocated: `Out_of_memory` instead of an abort).
fn memory_write(data: &mut Vec<u8>, pos: u64, buf: &[u8]) -> Result<(), Raise> {
    let end = pos.checked_add(buf.len() as u64).ok_or_else(Raise::out_of_memory)?;
    let end = usize::try_from(end).map_err(|_| Raise::out_of_memory())?;
    if end > crate::bytes::MAX_LENGTH {
        return Err(Raise::out_of_memory());
    }
    if end > data.len() {
        data.try_reserve(end - data.len()).map_err(|_| Raise::out_of_memory())?;
        data.resize(end, 0);
    }
    let pos = pos as usize;
    data[pos..end].copy_from_slice(buf);
    Ok(())
}

/// The argument of a custom backend call.
enum Arg<'a> {
    None,
    Int(i64),
    Str(&'a [u8]),
}

/// Calls function `slot` of the custom backend with `arg` through
/// `lua_pcall`, leaving its one result on the stack; false (nothing pushed)
/// when the backend has no such function.
unsafe fn call(l: *mut lua_State, functions: c_int, slot: i64, arg: Arg) -> Result<bool, Raise> {
    if l.is_null() {
        return Err(Raise::failwith("ocamlrt: custom backend used without a Lua state"));
    }
    // Stack room and the string argument go through protected calls (see
    // state.rs): the callers may own buffers.
    let s = crate::state::State::new(l, "ocamlrt custom backend");
    s.reserve(4)?;
    ffi::lua_rawgeti(l, ffi::LUA_REGISTRYINDEX, functions as ffi::lua_Integer);
    if ffi::lua_type(l, -1) != ffi::LUA_TTABLE {
        ffi::lua_pop(l, 1);
        return Err(bad_descriptor());
    }
    let t = ffi::lua_rawgeti(l, -1, slot);
    ffi::lua_remove(l, -2);
    if t == ffi::LUA_TNIL {
        ffi::lua_pop(l, 1);
        return Ok(false);
    }
    let nargs = match arg {
        Arg::None => 0,
        Arg::Int(n) => {
            ffi::lua_pushinteger(l, n);
            1
        }
        Arg::Str(bytes) => {
            if let Err(e) = s.push_str(bytes) {
                // The function goes; an error value to re-raise stays on top.
                ffi::lua_remove(l, if matches!(e, Raise::OnStack) { -2 } else { -1 });
                return Err(e);
            }
            1
        }
    };
    if ffi::lua_pcall(l, nargs, 1, 0) != 0 {
        return Err(Raise::OnStack);
    }
    Ok(true)
}

/// `read(n)` returns a string (or bytes) of 1..n bytes, or nil / "" at the end.
unsafe fn custom_read(l: *mut lua_State, functions: c_int, buf: &mut [u8]) -> Result<usize, Raise> {
    if !call(l, functions, READ, Arg::Int(buf.len() as i64))? {
        return Err(bad_descriptor());
    }
    let got = match ffi::lua_type(l, -1) {
        ffi::LUA_TNIL => Some(&[][..]),
        _ => crate::state::string_or_bytes(l, -1),
    };
    let r = match got {
        Some(s) if s.len() <= buf.len() => {
            buf[..s.len()].copy_from_slice(s);
            Ok(s.len())
        }
        Some(_) => Err(Raise::failwith(format!(
            "ocamlrt: a custom backend's read({}) returned more bytes than asked",
            buf.len()
        ))),
        None => Err(Raise::failwith(
            "ocamlrt: a custom backend's read must return a string or nil",
        )),
    };
    ffi::lua_pop(l, 1);
    r
}

/// `write(s)` returns how many bytes it took (1..#s), or nil for all of them.
unsafe fn custom_write(l: *mut lua_State, functions: c_int, buf: &[u8]) -> Result<usize, Raise> {
    if !call(l, functions, WRITE, Arg::Str(buf))? {
        return Err(bad_descriptor());
    }
    let r = if ffi::lua_type(l, -1) == ffi::LUA_TNIL {
        Ok(buf.len())
    } else {
        let mut ok = 0;
        let n = ffi::lua_tointegerx(l, -1, &mut ok);
        if ok != 0 && n >= 1 && n as u64 <= buf.len() as u64 {
            Ok(n as usize)
        } else {
            Err(Raise::failwith(
                "ocamlrt: a custom backend's write(s) must return nil or a count in 1..#s",
            ))
        }
    };
    ffi::lua_pop(l, 1);
    r
}

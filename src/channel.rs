//! OCaml channels: buffered input/output over file descriptors, memory and
//! Lua-defined backends, with the exact semantics of OCaml 4.13's
//! `runtime/io.c` (buffer size, partial reads, positions, seeks, errors).
//!
//! # Rust API for other runtime modules
//!
//! Marshal, Printf, Digest, Lexing and Buffer reach channels through this API
//! (never through the channel's fields):
//!
//! ```ignore
//! let ch: &mut Channel = channel::channel_arg(s, 1)?;  // argument 1 must be a channel
//! ch.write_all(s.l, b"bytes")?;        // caml_really_putblock (+ flush when unbuffered)
//! ch.flush(s.l)?;                      // caml_flush
//! let n = ch.read_into(s.l, &mut buf)?;  // caml_getblock: partial, 0 at end of input
//! ch.really_read(s.l, &mut buf)?;      // all of buf, or End_of_file
//! let b: Option<u8> = ch.read_byte(s.l)?;  // None at end of input
//! let ch = channel::push_channel(s, Backend::memory(data), Direction::In)?;
//! ```
//!
//! `l` is the calling `lua_State`: custom backends call their Lua functions on
//! it (only through `lua_pcall`; an error they raise comes back as
//! `Err(Raise::OnStack)`). The channel must stay on the Lua stack while its
//! `&mut Channel` is used, as it does when it is an argument of the primitive.
//!
//! # Lifetime
//!
//! A channel is a full userdata holding the channel and its buffer, so
//! that Lua's collector counts the buffer (closing a memory channel also
//! frees what it holds). Collection (`__gc`) flushes pending output,
//! then closes what the channel owns (descriptors opened by `ocamlrt.io`,
//! custom backends); channels made by `caml_ml_open_descriptor_*` never close
//! their descriptor, as in OCaml. When the Lua state closes, every open output
//! channel of that state is flushed in opening order first, as OCaml's
//! `flush_all`; descriptor channels are also flushed by an `atexit` handler
//! when the process exits without closing the state (see `exit.rs`).

mod backend;
mod exit;
mod primitives;

use std::ffi::c_int;

use mlua::ffi::{self, lua_State};

pub use backend::Backend;
pub use primitives::PRIMITIVES;

use crate::exn::Raise;
use crate::state::State;

/// OCaml's `IO_BUFFER_SIZE`: every channel has a buffer of this many bytes.
pub const IO_BUFFER_SIZE: usize = 65536;

/// Bytes of a channel's userdata: the channel, then its buffer.
const USERDATA_SIZE: usize = std::mem::size_of::<Channel>() + IO_BUFFER_SIZE;

/// A channel's buffer: the bytes after the channel in its own userdata.
struct Buffer {
    ptr: *mut u8,
    len: usize,
}

impl std::ops::Deref for Buffer {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl std::ops::DerefMut for Buffer {
    fn deref_mut(&mut self) -> &mut [u8] {
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

/// Largest transfer of one `putblock` / `getblock`, as io.c caps it (`INT_MAX`).
const MAX_BLOCK: usize = i32::MAX as usize;

/// Whether a channel reads or writes (an OCaml `in_channel` or `out_channel`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    In,
    Out,
}

/// One OCaml channel: io.c's `struct channel`, with indices for pointers.
///
/// Input: `buf[curr..max]` is read but not consumed. Output: `buf[..curr]` is
/// written but not flushed. After a close `curr = max = IO_BUFFER_SIZE`, so the
/// next transfer reaches the backend and fails with "Bad file descriptor",
/// exactly as io.c arranges it.
pub struct Channel {
    /// This channel's address mixed with a per-process secret: how
    /// `channel_arg` tells a channel userdata from any other cheaply.
    cookie: usize,
    backend: Backend,
    buf: Buffer,
    curr: usize,
    max: usize,
    /// The backend position of `buf[max]` (input) or of `buf[0]` (output);
    /// -1 + n for a pipe, as `lseek` reports -1 there.
    offset: i64,
    direction: Direction,
    closed: bool,
    unbuffered: bool,
    /// Close the backend on collection (channels opened by `ocamlrt.io`).
    owns_backend: bool,
    /// A backend function of this channel is running (re-entry is refused).
    busy: bool,
    /// `__gc` has run: the buffers are gone and nothing works any more.
    finalized: bool,
    /// Opening order, for `out_channels_list` and flushing at exit.
    seq: i64,
    name: Option<Vec<u8>>,
}

/// Registry keys are the addresses of these bytes (lightuserdata: no string
/// hashing on the hot path). One array, so that the addresses are distinct:
/// separate equal statics were merged by the optimizer.
static REGISTRY_KEYS: [u8; 4] = *b"chan";

/// Which byte of `REGISTRY_KEYS` keys what.
#[derive(Clone, Copy)]
pub(crate) enum RegistryKey {
    Metatable = 0,
    OpenList = 1,
    Sentinel = 2,
    SentinelMetatable = 3,
}

/// The lightuserdata key of a registry entry of this module.
pub(crate) fn registry_key(k: RegistryKey) -> *const std::ffi::c_void {
    std::ptr::addr_of!(REGISTRY_KEYS[k as usize]).cast()
}

impl Channel {
    fn new(backend: Backend, direction: Direction, offset: i64, buf: Buffer) -> Channel {
        Channel {
            cookie: 0,
            backend,
            buf,
            curr: 0,
            max: 0,
            offset,
            direction,
            closed: false,
            unbuffered: false,
            owns_backend: false,
            busy: false,
            finalized: false,
            seq: 0,
            name: None,
        }
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The name given with `set_channel_name` (the file name for `open_in`).
    pub fn name(&self) -> Option<&[u8]> {
        self.name.as_deref()
    }

    // ---- backend access: every transfer goes through these three ----

    /// Reads into `buf[from..to]` from the backend; EINTR is retried there.
    fn fill(&mut self, l: *mut lua_State, from: usize, to: usize) -> Result<usize, Raise> {
        if self.closed {
            return Err(backend::bad_descriptor());
        }
        self.busy = true;
        let r = self.backend.read(l, &mut self.buf[from..to]);
        self.busy = false;
        r
    }

    fn backend_write(&mut self, l: *mut lua_State, len: usize) -> Result<usize, Raise> {
        if self.closed {
            return Err(backend::bad_descriptor());
        }
        self.busy = true;
        let r = self.backend.write(l, &self.buf[..len]);
        self.busy = false;
        r
    }

    fn backend_seek(&mut self, l: *mut lua_State, dest: i64) -> Result<(), Raise> {
        if self.closed {
            return Err(backend::bad_descriptor());
        }
        self.busy = true;
        let r = self.backend.seek(l, dest);
        self.busy = false;
        r
    }

    // ---- output (io.c: caml_flush_partial, caml_putblock, ...) ----

    fn check_output(&self) -> Result<(), Raise> {
        if self.direction == Direction::In && !self.closed {
            return Err(Raise::invalid_argument("ocamlrt: output to an input channel"));
        }
        Ok(())
    }

    /// Writes what the backend takes of the buffer; true when it is empty.
    fn flush_partial(&mut self, l: *mut lua_State) -> Result<bool, Raise> {
        let towrite = self.curr;
        if towrite > 0 {
            let written = self.backend_write(l, towrite)?;
            self.offset += written as i64;
            self.buf.copy_within(written..towrite, 0);
            self.curr -= written;
        }
        Ok(self.curr == 0)
    }

    /// `caml_flush`: writes the whole buffer (a closed channel: EBADF unless
    /// the buffer is empty; `caml_ml_flush` itself skips closed channels).
    pub fn flush(&mut self, l: *mut lua_State) -> Result<(), Raise> {
        self.check_output()?;
        while !self.flush_partial(l)? {}
        Ok(())
    }

    fn flush_if_unbuffered(&mut self, l: *mut lua_State) -> Result<(), Raise> {
        if self.unbuffered {
            self.flush(l)?;
        }
        Ok(())
    }

    fn putch(&mut self, l: *mut lua_State, c: u8) -> Result<(), Raise> {
        if self.curr >= self.buf.len() {
            self.flush_partial(l)?;
        }
        self.buf[self.curr] = c;
        self.curr += 1;
        Ok(())
    }

    /// `caml_putblock`: buffers what fits, flushing a full buffer; returns
    /// how much of `p` it took.
    fn putblock(&mut self, l: *mut lua_State, p: &[u8]) -> Result<usize, Raise> {
        let n = p.len().min(MAX_BLOCK);
        let free = self.buf.len() - self.curr;
        if n < free {
            self.buf[self.curr..self.curr + n].copy_from_slice(&p[..n]);
            self.curr += n;
            Ok(n)
        } else {
            self.buf[self.curr..].copy_from_slice(&p[..free]);
            self.curr = self.buf.len();
            self.flush_partial(l)?;
            Ok(free)
        }
    }

    fn put_all(&mut self, l: *mut lua_State, mut p: &[u8]) -> Result<(), Raise> {
        while !p.is_empty() {
            let n = self.putblock(l, p)?;
            p = &p[n..];
        }
        Ok(())
    }

    /// Writes all of `p` (`caml_ml_output_bytes`): buffered, and flushed at
    /// once when the channel is unbuffered.
    pub fn write_all(&mut self, l: *mut lua_State, p: &[u8]) -> Result<(), Raise> {
        self.check_output()?;
        let end = self.curr + p.len();
        if end < self.buf.len() && !self.unbuffered {
            // What putblock does when the data fits, without its loop.
            self.buf[self.curr..end].copy_from_slice(p);
            self.curr = end;
            return Ok(());
        }
        self.put_all(l, p)?;
        self.flush_if_unbuffered(l)
    }

    /// `caml_ml_output_char`.
    pub fn write_byte(&mut self, l: *mut lua_State, c: u8) -> Result<(), Raise> {
        self.check_output()?;
        self.putch(l, c)?;
        self.flush_if_unbuffered(l)
    }

    /// `caml_ml_output_int`: 4 bytes, big-endian.
    pub fn write_int32(&mut self, l: *mut lua_State, w: u32) -> Result<(), Raise> {
        self.check_output()?;
        for b in w.to_be_bytes() {
            self.putch(l, b)?;
        }
        self.flush_if_unbuffered(l)
    }

    /// `caml_seek_out`.
    pub fn seek_out(&mut self, l: *mut lua_State, dest: i64) -> Result<(), Raise> {
        self.flush(l)?;
        self.backend_seek(l, dest)?;
        self.offset = dest;
        Ok(())
    }

    /// `caml_pos_out`: includes what sits in the buffer.
    pub fn pos_out(&self) -> i64 {
        self.offset + self.curr as i64
    }

    // ---- input (io.c: caml_refill, caml_getblock, ...) ----

    fn check_input(&self) -> Result<(), Raise> {
        if self.direction == Direction::Out && !self.closed {
            return Err(Raise::invalid_argument("ocamlrt: input from an output channel"));
        }
        Ok(())
    }

    /// `caml_refill`: a new buffer's worth, returning its first byte; `None`
    /// at end of input.
    fn refill(&mut self, l: *mut lua_State) -> Result<Option<u8>, Raise> {
        let end = self.buf.len();
        let n = self.fill(l, 0, end)?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as i64;
        self.max = n;
        self.curr = 1;
        Ok(Some(self.buf[0]))
    }

    /// `caml_getch` (`input_char`): `None` at end of input.
    pub fn read_byte(&mut self, l: *mut lua_State) -> Result<Option<u8>, Raise> {
        self.check_input()?;
        if self.curr < self.max {
            let c = self.buf[self.curr];
            self.curr += 1;
            return Ok(Some(c));
        }
        self.refill(l)
    }

    /// `caml_getword` (`input_binary_int`): End_of_file when short.
    pub fn read_int32(&mut self, l: *mut lua_State) -> Result<u32, Raise> {
        let mut w = 0u32;
        for _ in 0..4 {
            let b = self.read_byte(l)?.ok_or_else(Raise::end_of_file)?;
            w = (w << 8) | b as u32;
        }
        Ok(w)
    }

    /// `caml_getblock`: what the buffer holds, or one read's worth when it is
    /// empty; 0 only at end of input (or for an empty `p`).
    pub fn read_into(&mut self, l: *mut lua_State, p: &mut [u8]) -> Result<usize, Raise> {
        self.check_input()?;
        let n = p.len().min(MAX_BLOCK);
        let avail = self.max - self.curr;
        if n <= avail || avail > 0 {
            let n = n.min(avail);
            p[..n].copy_from_slice(&self.buf[self.curr..self.curr + n]);
            self.curr += n;
            return Ok(n);
        }
        let end = self.buf.len();
        let nread = self.fill(l, 0, end)?;
        self.offset += nread as i64;
        self.max = nread;
        let n = n.min(nread);
        p[..n].copy_from_slice(&self.buf[..n]);
        self.curr = n;
        Ok(n)
    }

    /// All of `p`, or `End_of_file` (what was read stays consumed, as in
    /// OCaml's `really_input`).
    pub fn really_read(&mut self, l: *mut lua_State, p: &mut [u8]) -> Result<(), Raise> {
        let mut done = 0;
        while done < p.len() {
            let r = self.read_into(l, &mut p[done..])?;
            if r == 0 {
                return Err(Raise::end_of_file());
            }
            done += r;
        }
        Ok(())
    }

    /// `caml_seek_in`: within the buffer when the data is there.
    pub fn seek_in(&mut self, l: *mut lua_State, dest: i64) -> Result<(), Raise> {
        self.check_input()?;
        let in_buffer = self.offset - self.max as i64;
        if dest >= in_buffer && dest <= self.offset {
            self.curr = (self.max as i64 - (self.offset - dest)) as usize;
            return Ok(());
        }
        self.backend_seek(l, dest)?;
        self.offset = dest;
        self.curr = 0;
        self.max = 0;
        Ok(())
    }

    /// `caml_pos_in`: excludes what sits unread in the buffer.
    pub fn pos_in(&self) -> i64 {
        self.offset - (self.max as i64 - self.curr as i64)
    }

    /// `caml_input_scan_line`: the length of the next line, newline included,
    /// or minus the bytes available when the buffer is full or the input
    /// ends without a newline (0 at end of input).
    pub fn scan_line(&mut self, l: *mut lua_State) -> Result<i64, Raise> {
        self.check_input()?;
        let mut p = self.curr;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[p..self.max]) {
                return Ok((p + i + 1 - self.curr) as i64);
            }
            p = self.max;
            if self.curr > 0 {
                // Make room by moving the unread part to the front.
                let n = self.curr;
                self.buf.copy_within(self.curr..self.max, 0);
                self.curr = 0;
                self.max -= n;
                p -= n;
            }
            let end = self.buf.len();
            if self.max >= end {
                return Ok(-((self.max - self.curr) as i64));
            }
            let n = self.fill(l, self.max, end)?;
            if n == 0 {
                return Ok(-((self.max - self.curr) as i64));
            }
            self.offset += n as i64;
            self.max += n;
        }
    }

    /// Consumes `n` buffered bytes (`n` as `scan_line` found them).
    fn take_buffered(&mut self, n: usize) -> &[u8] {
        let start = self.curr;
        self.curr += n;
        &self.buf[start..start + n]
    }

    /// Stdlib's `input_line`: the next line without its newline; the last
    /// line may lack one; `End_of_file` when nothing is left. `push` receives
    /// the line (borrowed from the buffer when it fits there).
    pub fn input_line<T>(&mut self, l: *mut lua_State, push: impl FnOnce(&[u8]) -> T) -> Result<T, Raise> {
        let mut acc: Vec<u8> = Vec::new();
        loop {
            let n = self.scan_line(l)?;
            if n == 0 {
                if acc.is_empty() {
                    return Err(Raise::end_of_file());
                }
                return Ok(push(&acc));
            }
            if n > 0 {
                let line = self.take_buffered(n as usize);
                let line = &line[..line.len() - 1];
                if acc.is_empty() {
                    return Ok(push(line));
                }
                acc.extend_from_slice(line);
                return Ok(push(&acc));
            }
            let chunk = self.take_buffered((-n) as usize);
            acc.extend_from_slice(chunk);
        }
    }

    /// Everything up to the end of input (4.14's `In_channel.input_all`).
    pub fn read_all(&mut self, l: *mut lua_State) -> Result<Vec<u8>, Raise> {
        self.check_input()?;
        let mut out = self.take_buffered(self.max - self.curr).to_vec();
        loop {
            let end = self.buf.len();
            let n = self.fill(l, 0, end)?;
            self.offset += n as i64;
            self.curr = n;
            self.max = n;
            if n == 0 {
                return Ok(out);
            }
            out.extend_from_slice(&self.buf[..n]);
        }
    }

    /// `len` bytes or `End_of_file`; the result grows as data arrives, so a
    /// huge `len` on a short input allocates no more than the input holds.
    pub fn read_exactly(&mut self, l: *mut lua_State, len: usize) -> Result<Vec<u8>, Raise> {
        let mut out = Vec::with_capacity(len.min(IO_BUFFER_SIZE));
        let mut chunk = vec![0u8; len.min(IO_BUFFER_SIZE)];
        while out.len() < len {
            let want = (len - out.len()).min(chunk.len());
            let r = self.read_into(l, &mut chunk[..want])?;
            if r == 0 {
                return Err(Raise::end_of_file());
            }
            out.extend_from_slice(&chunk[..r]);
        }
        Ok(out)
    }

    // ---- both directions ----

    /// `caml_channel_size`: the backend's size; the position is kept.
    pub fn size(&mut self, l: *mut lua_State) -> Result<i64, Raise> {
        if self.closed {
            return Err(backend::bad_descriptor());
        }
        self.busy = true;
        let r = self.backend.size(l, self.offset);
        self.busy = false;
        r
    }

    /// `caml_ml_close_channel`: discards the buffer (Stdlib's `close_out`
    /// flushes first); closing twice is allowed.
    pub fn close(&mut self, l: *mut lua_State) -> Result<(), Raise> {
        let end = self.buf.len();
        self.curr = end;
        self.max = end;
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        exit::forget(self);
        self.busy = true;
        let r = self.backend.close(l);
        self.busy = false;
        // What a memory input holds goes now, not when Lua collects (an
        // output's contents stay readable after closing).
        if self.direction == Direction::In && matches!(self.backend, Backend::Memory { .. }) {
            self.backend.release(l);
        }
        r
    }

    /// `caml_ml_set_buffered`: unbuffering flushes at once.
    pub fn set_buffered(&mut self, l: *mut lua_State, buffered: bool) -> Result<(), Raise> {
        self.unbuffered = !buffered;
        if !buffered && !self.closed && self.direction == Direction::Out {
            self.flush(l)?;
        }
        Ok(())
    }

    pub fn is_buffered(&self) -> bool {
        !self.unbuffered
    }

    /// The file descriptor, as `caml_channel_descriptor` gives it.
    pub fn descriptor(&self) -> Result<c_int, Raise> {
        match self.backend {
            Backend::Fd(fd) if !self.closed => Ok(fd),
            _ => Err(backend::bad_descriptor()),
        }
    }

    /// What a memory output channel holds (its buffer flushed first).
    pub fn memory_contents(&mut self, l: *mut lua_State) -> Result<&[u8], Raise> {
        if self.direction == Direction::Out && !self.closed {
            self.flush(l)?;
        }
        match &self.backend {
            Backend::Memory { data, .. } if self.direction == Direction::Out => Ok(data),
            _ => Err(Raise::invalid_argument(
                "ocamlrt.io.contents: not a memory output channel",
            )),
        }
    }

    /// What `__gc` does: flush pending output (errors are dropped, as in
    /// `flush_all`), close an owned backend, free the buffers.
    fn finalize(&mut self, l: *mut lua_State) {
        if self.finalized {
            return;
        }
        if self.direction == Direction::Out && !self.closed && self.curr > 0 {
            let _ = self.flush(l);
        }
        if self.owns_backend && !self.closed {
            let _ = self.close(l);
        }
        exit::forget(self);
        self.backend.release(l);
        self.closed = true;
        self.finalized = true;
        self.buf.len = 0;
        self.name = None;
        self.curr = 0;
        self.max = 0;
    }
}

/// The channel at `idx`; `Invalid_argument` for anything else, `Sys_error
/// "Bad file descriptor"` for a collected one, `Failure` when its own custom
/// backend is using it.
pub fn channel_arg<'a>(s: State, idx: c_int) -> Result<&'a mut Channel, Raise> {
    let p = unsafe { to_channel(s.l, idx) };
    if p.is_null() {
        return s.bad_arg(idx, "a channel");
    }
    // Check the flags through the raw pointer before making a reference: a
    // busy channel already has one, held by the backend call below us.
    unsafe {
        if (*p).busy {
            return Err(Raise::failwith("ocamlrt: a channel was used by its own custom backend"));
        }
        if (*p).finalized {
            return Err(backend::bad_descriptor());
        }
        Ok(&mut *p)
    }
}

/// The channel userdata at `idx`, or null.
///
/// # Safety
/// `l` is a valid state with two free stack slots.
unsafe fn to_channel(l: *mut lua_State, idx: c_int) -> *mut Channel {
    // Two API calls instead of a metatable comparison's six: every channel
    // call pays this. `lua_touserdata` is null for anything but userdata,
    // and `lua_rawlen` is 0 for a light userdata. A full userdata of a
    // channel's size whose cookie matches is a channel: forging one needs
    // the secret, which never leaves Rust.
    let p = ffi::lua_touserdata(l, idx).cast::<Channel>();
    if p.is_null() || ffi::lua_rawlen(l, idx) != USERDATA_SIZE {
        return std::ptr::null_mut();
    }
    if std::ptr::addr_of!((*p).cookie).read() == cookie_of(p) {
        p
    } else {
        std::ptr::null_mut()
    }
}

/// The cookie a channel at `p` carries.
fn cookie_of(p: *const Channel) -> usize {
    static SECRET: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let secret = *SECRET.get_or_init(|| {
        let mut bytes = [0u8; std::mem::size_of::<usize>()];
        let got = unsafe { libc::getrandom(bytes.as_mut_ptr().cast(), bytes.len(), 0) };
        if got != bytes.len() as isize {
            // No entropy source: the clock and an address still differ per run.
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            return (t.as_nanos() as usize) ^ (std::ptr::addr_of!(REGISTRY_KEYS) as usize).rotate_left(17);
        }
        usize::from_ne_bytes(bytes)
    });
    (p as usize) ^ secret
}

fn metatable_key() -> *const std::ffi::c_void {
    registry_key(RegistryKey::Metatable)
}

/// Pushes a new channel over `backend`; its position starts at the
/// backend's current one. Output channels join the list `flush_all` and the
/// exit flush walk. The userdata is made in a protected call (see state.rs):
/// `Out_of_memory` when it cannot be, the backend then dropped unclosed.
pub fn push_channel<'a>(s: State, backend: Backend, direction: Direction) -> Result<&'a mut Channel, Raise> {
    let offset = backend.initial_offset();
    let mut backend = Some(backend);
    let mut made = std::ptr::null_mut::<Channel>();
    s.protect(1, |l| unsafe {
        let p = ffi::lua_newuserdata(l, USERDATA_SIZE).cast::<Channel>();
        let Some(backend) = backend.take() else { return 1 };
        let ptr = p.cast::<u8>().add(std::mem::size_of::<Channel>());
        std::ptr::write_bytes(ptr, 0, IO_BUFFER_SIZE);
        let buf = Buffer {
            ptr,
            len: IO_BUFFER_SIZE,
        };
        p.write(Channel::new(backend, direction, offset, buf));
        (*p).cookie = cookie_of(p);
        (*p).seq = exit::next_seq();
        made = p;
        // From here the channel's `__gc` frees what it holds.
        ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, metatable_key());
        ffi::lua_setmetatable(l, -2);
        if direction == Direction::Out {
            exit::remember(l, &mut *p);
        }
        1
    })?;
    Ok(unsafe { &mut *made })
}

/// Creates the channel metatable and the per-state list of output
/// channels; called once when the module loads.
///
/// # Safety
/// `l` is a valid state with a few free stack slots.
pub unsafe fn init(l: *mut lua_State) {
    if ffi::lua_rawgetp(l, ffi::LUA_REGISTRYINDEX, metatable_key()) == ffi::LUA_TTABLE {
        ffi::lua_pop(l, 1);
        return;
    }
    ffi::lua_pop(l, 1);
    ffi::lua_createtable(l, 0, 5);
    ffi::lua_pushstring(l, c"ocamlrt.channel".as_ptr());
    ffi::lua_setfield(l, -2, c"__name".as_ptr());
    // Out of Lua's reach: a `__gc` set to nil would leave the exit flush
    // with a freed channel.
    ffi::lua_pushstring(l, c"ocamlrt.channel".as_ptr());
    ffi::lua_setfield(l, -2, c"__metatable".as_ptr());
    for (name, f) in primitives::METAMETHODS {
        ffi::lua_pushcfunction(l, *f);
        ffi::lua_setfield(l, -2, name.as_ptr());
    }
    ffi::lua_rawsetp(l, ffi::LUA_REGISTRYINDEX, metatable_key());
    exit::init(l);
}

#[cfg(test)]
mod tests;

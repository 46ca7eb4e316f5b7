//! OCaml's system primitives (runtime/sys.c of OCaml 4.13): files and
//! directories, environment, commands, time, random seed. Errors are
//! `Sys_error` with OCaml's text: the argument, `": "`, then the C library's
//! `strerror` message (`"x: No such file or directory"`), or the bare message
//! where OCaml passes no argument (rename, getcwd, reads).
//!
//! The constant primitives, argv and exit (which flushes the channels
//! first) are in lua/ocamlrt/sys.lua.

use std::ffi::{c_int, CStr, CString};
use std::fs::File;

use mlua::ffi;

use crate::channel;
use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use crate::value;

/// The C library's message for `errno` `code`, as OCaml's `strerror` gives it.
pub fn errno_text(code: c_int) -> Vec<u8> {
    let mut buf = [0u8; 256];
    let rc = unsafe { libc::strerror_r(code, buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {code}").into_bytes();
    }
    CStr::from_bytes_until_nul(&buf).map_or_else(|_| Vec::new(), |s| s.to_bytes().to_vec())
}

/// `Sys_error` for `errno` `code`, prefixed with `arg` as `caml_sys_error` does.
pub fn sys_error(arg: Option<&[u8]>, code: c_int) -> Raise {
    let text = errno_text(code);
    match arg {
        None => Raise::sys_error(text),
        Some(a) => Raise::sys_error([a, b": ", &text].concat()),
    }
}

/// `Sys_error` for the current `errno`.
pub fn last_error(arg: Option<&[u8]>) -> Raise {
    sys_error(arg, errno())
}

fn errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `name` as a C path; a name holding a NUL fails as OCaml's
/// `caml_sys_check_path` does: ENOENT, "name: No such file or directory".
pub fn c_path(name: &[u8]) -> Result<CString, Raise> {
    CString::new(name).map_err(|_| sys_error(Some(name), libc::ENOENT))
}

/// `stat(name)`'s mode, or `None` with errno set.
fn file_mode(p: &CStr) -> Option<libc::mode_t> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    if unsafe { libc::stat(p.as_ptr(), st.as_mut_ptr()) } == 0 {
        Some(unsafe { st.assume_init() }.st_mode)
    } else {
        None
    }
}

/// `caml_sys_file_exists(name)`: 1 if `stat` succeeds (0 for a name with NUL).
fn file_exists(s: State) -> Ret {
    let exists = match CString::new(s.str(1)?) {
        Ok(p) => file_mode(&p).is_some(),
        Err(_) => false,
    };
    s.push_bool(exists);
    Ok(1)
}

/// Whether `name`'s file type is `kind`, or `Sys_error` if it cannot be stat'ed.
fn has_type(s: State, kind: libc::mode_t) -> Ret {
    let name = s.str(1)?;
    let mode = file_mode(&c_path(name)?).ok_or_else(|| last_error(Some(name)))?;
    s.push_bool(mode & libc::S_IFMT == kind);
    Ok(1)
}

fn is_directory(s: State) -> Ret {
    has_type(s, libc::S_IFDIR)
}

fn is_regular_file(s: State) -> Ret {
    has_type(s, libc::S_IFREG)
}

/// Runs a path call that returns 0 on success, raising `Sys_error "name: ..."`.
fn path_call(s: State, call: impl FnOnce(&CStr) -> c_int) -> Ret {
    let name = s.str(1)?;
    if call(&c_path(name)?) != 0 {
        return Err(last_error(Some(name)));
    }
    s.push_int(0);
    Ok(1)
}

fn remove(s: State) -> Ret {
    path_call(s, |p| unsafe { libc::unlink(p.as_ptr()) })
}

fn chdir(s: State) -> Ret {
    path_call(s, |p| unsafe { libc::chdir(p.as_ptr()) })
}

fn rmdir(s: State) -> Ret {
    path_call(s, |p| unsafe { libc::rmdir(p.as_ptr()) })
}

/// `caml_sys_mkdir(path, perm)`.
fn mkdir(s: State) -> Ret {
    let perm = s.int(2)? as libc::mode_t;
    path_call(s, |p| unsafe { libc::mkdir(p.as_ptr(), perm) })
}

/// `caml_sys_rename(old, new)`: the error names neither file, as in OCaml.
fn rename(s: State) -> Ret {
    let old = c_path(s.str(1)?)?;
    let new = c_path(s.str(2)?)?;
    if unsafe { libc::rename(old.as_ptr(), new.as_ptr()) } != 0 {
        return Err(last_error(None));
    }
    s.push_int(0);
    Ok(1)
}

/// `caml_sys_getcwd()`, with OCaml's 4096-byte buffer (ERANGE past it).
fn getcwd(s: State) -> Ret {
    let mut buf = [0u8; 4096];
    if unsafe { libc::getcwd(buf.as_mut_ptr().cast(), buf.len()) }.is_null() {
        return Err(last_error(None));
    }
    let cwd = CStr::from_bytes_until_nul(&buf).map_or(&b""[..], |c| c.to_bytes());
    s.return_str(&[cwd])
}

/// The entries of directory `p` but "." and "..", in `readdir` order.
fn list_directory(p: &CStr) -> Option<Vec<Vec<u8>>> {
    let dir = unsafe { libc::opendir(p.as_ptr()) };
    if dir.is_null() {
        return None;
    }
    let mut names = Vec::new();
    loop {
        let entry = unsafe { libc::readdir(dir) };
        if entry.is_null() {
            break;
        }
        let name = unsafe { CStr::from_ptr((*entry).d_name.as_ptr()) }.to_bytes();
        if name != b"." && name != b".." {
            names.push(name.to_vec());
        }
    }
    unsafe { libc::closedir(dir) };
    Some(names)
}

/// `caml_sys_read_directory(path)`: a string array `{0, name, ...}`.
fn read_directory(s: State) -> Ret {
    let path = s.str(1)?;
    let names = list_directory(&c_path(path)?).ok_or_else(|| last_error(Some(path)))?;
    s.push_made(|l| unsafe {
        value::push_block(l, 0, names.len());
        for (i, name) in names.iter().enumerate() {
            ffi::lua_pushlstring(l, name.as_ptr().cast(), name.len());
            value::set_field(l, -2, i);
        }
    })?;
    Ok(1)
}

/// `caml_sys_getenv(name)`: the value, or `Not_found` when unset (or when the
/// name holds a NUL).
fn getenv(s: State) -> Ret {
    let name = CString::new(s.str(1)?).map_err(|_| Raise::not_found())?;
    let v = unsafe { libc::getenv(name.as_ptr()) };
    if v.is_null() {
        return Err(Raise::not_found());
    }
    s.return_str(&[unsafe { CStr::from_ptr(v) }.to_bytes()])
}

/// `caml_sys_system_command(cmd)`: the shell's exit code, 255 when killed by
/// a signal; a command holding a NUL fails with EINVAL.
fn system_command(s: State) -> Ret {
    let cmd = s.str(1)?;
    let c = CString::new(cmd).map_err(|_| sys_error(Some(cmd), libc::EINVAL))?;
    let status = unsafe { libc::system(c.as_ptr()) };
    if status == -1 {
        return Err(last_error(Some(cmd)));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        255
    };
    s.push_int(code as i64);
    Ok(1)
}

/// User plus system processor time of `who`, in seconds.
fn rusage_seconds(who: c_int) -> f64 {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    unsafe { libc::getrusage(who, ru.as_mut_ptr()) };
    let ru = unsafe { ru.assume_init() };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// `caml_sys_time()`: processor time used by the process.
fn time(s: State) -> Ret {
    s.push_float(rusage_seconds(libc::RUSAGE_SELF));
    Ok(1)
}

/// `caml_sys_time_include_children(b)`: adds terminated children's time when
/// `b` is true (1).
fn time_include_children(s: State) -> Ret {
    let mut t = rusage_seconds(libc::RUSAGE_SELF);
    if s.int(1)? != 0 {
        t += rusage_seconds(libc::RUSAGE_CHILDREN);
    }
    s.push_float(t);
    Ok(1)
}

/// The seed words `caml_sys_random_seed` gathers: 12 bytes of /dev/urandom,
/// last byte first, or, failing that, time of day and process ids.
fn seed_words() -> Vec<i64> {
    let mut words = Vec::with_capacity(16);
    let mut buf = [0u8; 12];
    if let Ok(mut f) = File::open("/dev/urandom") {
        let n = std::io::Read::read(&mut f, &mut buf).unwrap_or(0);
        words.extend(buf[..n].iter().rev().map(|&b| b as i64));
    }
    if words.len() < 12 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        words.push(now.subsec_micros() as i64);
        words.push(now.as_secs() as i64);
        words.push(std::process::id() as i64);
        words.push(unsafe { libc::getppid() } as i64);
    }
    words
}

/// `caml_sys_random_seed()`: an int array.
fn random_seed(s: State) -> Ret {
    let words = seed_words();
    s.push_made(|l| unsafe {
        value::push_block(l, 0, words.len());
        for (i, w) in words.iter().enumerate() {
            value::push_int(l, *w);
            value::set_field(l, -2, i);
        }
    })?;
    Ok(1)
}

/// `caml_sys_isatty(chan)`: whether the channel's descriptor is a terminal;
/// false for a closed channel (OCaml's descriptor is -1 then) and for one
/// with no descriptor (memory, custom). A descriptor number is accepted too.
fn isatty(s: State) -> Ret {
    let fd = if unsafe { ffi::lua_type(s.l, 1) } == ffi::LUA_TNUMBER {
        c_int::try_from(s.int(1)?).unwrap_or(-1)
    } else {
        channel::channel_arg(s, 1)?.descriptor().unwrap_or(-1)
    };
    s.push_bool(unsafe { libc::isatty(fd) } == 1);
    Ok(1)
}

/// `_sys_create_exclusive(name, perm)`: creates `name` if it does not exist
/// (O_WRONLY|O_CREAT|O_EXCL, as Filename.temp_file opens it) and closes it.
fn create_exclusive(s: State) -> Ret {
    let name = s.str(1)?;
    let perm = s.int(2)? as libc::c_uint;
    let p = c_path(name)?;
    let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC;
    let fd = unsafe { libc::open(p.as_ptr(), flags, perm) };
    if fd == -1 {
        return Err(last_error(Some(name)));
    }
    unsafe { libc::close(fd) };
    s.push_int(0);
    Ok(1)
}

/// State of the generator behind temporary file names (xorshift64*), seeded
/// from `seed_words` on first use, as OCaml's Filename seeds its own.
static TEMP_NAME_STATE: std::sync::Mutex<u64> = std::sync::Mutex::new(0);

/// `_filename_random_bits()`: 24 random bits for a temporary file name.
fn random_bits(s: State) -> Ret {
    let mut state = TEMP_NAME_STATE.lock().unwrap_or_else(|e| e.into_inner());
    if *state == 0 {
        *state = seed_words().iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &w| {
            (h ^ w as u64).wrapping_mul(0x100_0000_01B3).rotate_left(29)
        }) | 1;
    }
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    let bits = state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40;
    s.push_int(bits as i64);
    Ok(1)
}

/// `_sys_errno_text(code)`: the C library's message for an errno value.
fn errno_message(s: State) -> Ret {
    let code = s.int(1)?;
    let code = c_int::try_from(code).map_err(|_| Raise::invalid_argument("errno out of range"))?;
    s.return_str(&[&errno_text(code)])
}

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_sys_file_exists", file_exists),
    primitive!("caml_sys_is_directory", is_directory),
    primitive!("caml_sys_is_regular_file", is_regular_file),
    primitive!("caml_sys_remove", remove),
    primitive!("caml_sys_rename", rename),
    primitive!("caml_sys_chdir", chdir),
    primitive!("caml_sys_mkdir", mkdir),
    primitive!("caml_sys_rmdir", rmdir),
    primitive!("caml_sys_getcwd", getcwd),
    primitive!("caml_sys_read_directory", read_directory),
    primitive!("caml_sys_getenv", getenv),
    primitive!("caml_sys_unsafe_getenv", getenv),
    primitive!("caml_sys_system_command", system_command),
    primitive!("caml_sys_time", time),
    primitive!("caml_sys_time_include_children", time_include_children),
    primitive!("caml_sys_random_seed", random_seed),
    primitive!("caml_sys_isatty", isatty),
    primitive!("_sys_create_exclusive", create_exclusive),
    primitive!("_sys_errno_text", errno_message),
    primitive!("_filename_random_bits", random_bits),
];

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn messages_are_strerror_after_the_name() {
        assert_eq!(
            run(r#"return native.caml_sys_remove("/nonexistent/x")"#),
            Err("Sys_error/nonexistent/x: No such file or directory".into())
        );
        assert_eq!(
            run(r#"return native.caml_sys_rename("/nonexistent/a", "/nonexistent/b")"#),
            Err("Sys_errorNo such file or directory".into())
        );
    }

    #[test]
    fn a_nul_in_a_path_is_enoent_or_false() {
        // The text helper stops at a NUL, so the messages are compared in Lua.
        let enoent = run(r#"local ok, e = pcall(native.caml_sys_is_directory, "a\0b")
            return e[3] == "a\0b: No such file or directory""#);
        assert_eq!(enoent, Ok("true".into()));
        let einval = run(r#"local ok, e = pcall(native.caml_sys_system_command, "a\0b")
            return e[3] == "a\0b: Invalid argument""#);
        assert_eq!(einval, Ok("true".into()));
        assert_eq!(run(r#"return native.caml_sys_file_exists("/\0")"#), Ok("0".into()));
    }

    #[test]
    fn getenv_raises_not_found() {
        let r = run(r#"local ok, e = pcall(native.caml_sys_getenv, "OCAMLRT_SURELY_UNSET") return e[2]"#);
        assert_eq!(r, Ok("Not_found".into()));
    }

    #[test]
    fn arguments_are_checked() {
        let r = run(r#"return native.caml_sys_mkdir("/tmp/x", "a")"#);
        assert_eq!(
            r,
            Err("Invalid_argumentcaml_sys_mkdir: argument 2 must be an integer, got string".into())
        );
    }
}

//! Marshal: OCaml's `output_value` / `input_value` (runtime/extern.c,
//! runtime/intern.c), byte-compatible with native 64-bit OCaml, including
//! the zstd-compressed format of OCaml 5.1+.

pub mod build;
pub mod compress;
pub mod decode;
pub mod encode;
pub mod format;
mod stack;

use std::ffi::c_int;

use mlua::ffi;

use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use encode::Flags;

/// Longest flag list read (a list of four distinct flags is all there is;
/// repeats are allowed, a cycle is not).
const MAX_FLAGS: usize = 4096;

/// Reads the OCaml list of `Marshal.extern_flags` at `idx` (`0` is `[]`).
fn flags(s: State, idx: c_int) -> Result<Flags, Raise> {
    let l = s.l;
    let mut flags = Flags::default();
    s.reserve(4)?;
    unsafe {
        ffi::lua_pushvalue(l, idx);
        for _ in 0..MAX_FLAGS {
            if ffi::lua_type(l, -1) != ffi::LUA_TTABLE {
                let end = ffi::lua_type(l, -1) == ffi::LUA_TNUMBER && ffi::lua_tonumber(l, -1) == 0.0;
                ffi::lua_settop(l, -2);
                return if end {
                    Ok(flags)
                } else {
                    s.bad_arg(idx, "a list of Marshal flags")
                };
            }
            ffi::lua_rawgeti(l, -1, 2);
            let mut ok = 0;
            let flag = ffi::lua_tointegerx(l, -1, &mut ok);
            ffi::lua_settop(l, -2);
            match flag {
                format::FLAG_NO_SHARING => flags.no_sharing = true,
                format::FLAG_CLOSURES => flags.closures = true,
                format::FLAG_COMPAT_32 => flags.compat_32 = true,
                format::FLAG_COMPRESSION => flags.compression = true,
                _ => {
                    ffi::lua_settop(l, -2);
                    return s.bad_arg(idx, "a list of Marshal flags");
                }
            }
            ffi::lua_rawgeti(l, -1, 3);
            ffi::lua_replace(l, -2);
        }
        ffi::lua_settop(l, -2);
    }
    s.bad_arg(idx, "a list of Marshal flags")
}

/// `caml_output_value_to_string(v, flags)`.
fn to_string(s: State) -> Ret {
    let out = encode::write_value(s, 1, flags(s, 2)?)?;
    s.return_str(&[&out])
}

/// `caml_output_value_to_bytes(v, flags)`.
fn to_bytes(s: State) -> Ret {
    let out = encode::write_value(s, 1, flags(s, 2)?)?;
    s.return_bytes(&[&out])
}

/// `caml_output_value_to_buffer(buf, ofs, len, v, flags)`: the length
/// written. As in OCaml, no compression into a caller's buffer.
fn to_buffer(s: State) -> Ret {
    let (ofs, len) = (s.int(2)?, s.int(3)?);
    let mut flags = flags(s, 5)?;
    flags.compression = false;
    let buf_len = s.bytes_mut(1)?.len() as i64;
    if ofs < 0 || len < 0 || ofs > buf_len - len {
        return Err(Raise::invalid_argument("Marshal.to_buffer: substring out of bounds"));
    }
    let out = encode::write_value(s, 4, flags)?;
    if out.len() as i64 > len {
        return Err(Raise::failwith("Marshal.to_buffer: buffer overflow"));
    }
    // Read the buffer again: the walk may have run Lua (it never does, but
    // the slice must not outlive a call that could move it).
    let buf = s.bytes_mut(1)?;
    buf[ofs as usize..ofs as usize + out.len()].copy_from_slice(&out);
    s.push_int(out.len() as i64);
    Ok(1)
}

/// Reads the value marshaled in `input` and pushes it (every float boxed
/// as `{253, x}` when `boxed_floats`).
pub fn push_input(s: State, input: &[u8], fun_name: &str, boxed_floats: bool) -> Ret {
    if let Ok(header) = format::parse_header(input) {
        if header.compressed && header.uncompressed_len > crate::limits::marshal_max() {
            return Err(Raise::out_of_memory());
        }
    }
    let checked = decode::check(input, fun_name).map_err(|m| {
        if m.ends_with(compress::OUT_OF_MEMORY) {
            Raise::out_of_memory()
        } else {
            Raise::failwith(m)
        }
    })?;
    build::push_value(s, &checked.data, &checked.header, &checked.plan, boxed_floats)?;
    Ok(1)
}

/// ocamlrt's optional last argument to the readers: `true` returns every
/// float as OCaml's boxed float `{253, x}` (docs/marshal.md).
fn boxed_floats_arg(s: State, idx: c_int) -> bool {
    unsafe { ffi::lua_type(s.l, idx) == ffi::LUA_TBOOLEAN && ffi::lua_toboolean(s.l, idx) != 0 }
}

/// `caml_input_value_from_string(s, ofs[, boxed_floats])` and `caml_input_value_from_bytes`.
fn from_string(s: State) -> Ret {
    let buf = s.str(1)?;
    let ofs = s.int(2)?;
    let input = usize::try_from(ofs)
        .ok()
        .and_then(|o| buf.get(o..))
        .ok_or_else(|| Raise::failwith("input_val_from_string: bad length"))?;
    push_input(s, input, "input_val_from_string", boxed_floats_arg(s, 3))
}

/// `caml_marshal_data_size(buf, ofs)`: the bytes after OCaml 4.13's 20-byte
/// `Marshal.header_size` (so a longer header counts its extra bytes here).
fn data_size(s: State) -> Ret {
    let buf = s.str(1)?;
    let ofs = s.int(2)?;
    let at = usize::try_from(ofs).ok().and_then(|o| buf.get(o..)).unwrap_or_default();
    let bad = |what: &str| Raise::failwith(format!("Marshal.data_size: {what}"));
    let header = format::parse_header(at).map_err(|e| match e {
        format::HeaderError::Short => Raise::invalid_argument("Marshal.data_size"),
        format::HeaderError::BadObject => bad("bad object"),
        format::HeaderError::TooLarge => bad("object too large to be read back on this platform"),
    })?;
    let size = (header.len as i64 - format::HEADER_SIZE as i64).saturating_add(header.data_len as i64);
    s.push_int(size);
    Ok(1)
}

/// `caml_output_value(chan, v, flags)`: header and data in one write.
fn output_value(s: State) -> Ret {
    let flags = flags(s, 3)?;
    let out = encode::write_value(s, 2, flags)?;
    crate::channel::channel_arg(s, 1)?.write_all(s.l, &out)?;
    s.push_int(0);
    Ok(1)
}

/// Reads into `buf` until it is full or the input ends (`caml_really_getblock`);
/// returns how much was read.
fn read_full(ch: &mut crate::channel::Channel, s: State, buf: &mut [u8]) -> Result<usize, Raise> {
    let mut done = 0;
    while done < buf.len() {
        match ch.read_into(s.l, &mut buf[done..])? {
            0 => break,
            n => done += n,
        }
    }
    Ok(done)
}

fn truncated() -> Raise {
    Raise::failwith("input_value: truncated object")
}

/// `caml_input_value(chan[, boxed_floats])`: one value, as OCaml 5 reads it (the first five
/// bytes say how long the header is, so short compressed headers work in a
/// stream). The data is read in pieces as it arrives: a header that claims
/// more than the channel holds fails as truncated without that allocation.
fn input_value(s: State) -> Ret {
    let ch = crate::channel::channel_arg(s, 1)?;
    let mut input = vec![0u8; 5];
    match read_full(ch, s, &mut input)? {
        0 => return Err(Raise::end_of_file()),
        5 => {}
        _ => return Err(truncated()),
    }
    let header_len = match format::header_len(&input) {
        Ok(n) if n > 5 => n,
        Ok(_) | Err(format::HeaderError::Short) => return Err(Raise::failwith("input_value: bad object")),
        Err(_) => format::HEADER_SIZE,
    };
    input.resize(header_len, 0);
    if read_full(ch, s, &mut input[5..])? < header_len - 5 {
        return Err(truncated());
    }
    let header = decode::check_header(&input, "input_value").map_err(Raise::failwith)?;
    // The data is read in pieces as it arrives, so a claim the input does
    // not back fails as truncated; a stream that keeps delivering stops at
    // the limit with `Out_of_memory`, as OCaml's allocation would fail.
    const PIECE: u64 = 1 << 20;
    let max = crate::limits::marshal_max();
    let mut left = header.data_len;
    while left > 0 {
        let at = input.len();
        let n = left.min(PIECE) as usize;
        if (at - header_len + n) as u64 > max {
            return Err(Raise::out_of_memory());
        }
        input.try_reserve(n).map_err(|_| Raise::out_of_memory())?;
        input.resize(at + n, 0);
        if read_full(ch, s, &mut input[at..])? < n {
            return Err(truncated());
        }
        left -= n as u64;
    }
    push_input(s, &input, "input_value", boxed_floats_arg(s, 2))
}

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_output_value", output_value),
    primitive!("caml_input_value", input_value),
    primitive!("caml_input_value_to_outside_heap", input_value),
    primitive!("caml_output_value_to_string", to_string),
    primitive!("caml_output_value_to_bytes", to_bytes),
    primitive!("caml_output_value_to_buffer", to_buffer),
    primitive!("caml_input_value_from_string", from_string),
    primitive!("caml_input_value_from_bytes", from_string),
    primitive!("caml_marshal_data_size", data_size),
];

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn writes_what_ocaml_writes_for_a_list() {
        let code = r#"
            local s = native.caml_output_value_to_string({0, 1, {0, 2, {0, 3, 0}}}, 0)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))"#;
        assert_eq!(
            run(code).unwrap(),
            "8495a6be00000007000000030000000900000009a041a042a04340"
        );
    }

    #[test]
    fn a_cycle_comes_back_as_one_table() {
        let code = r#"
            local t = {0, 5, 0}
            t[3] = t
            local back = native.caml_input_value_from_string(native.caml_output_value_to_string(t, 0), 0)
            return tostring(back[3] == back and back[2] == 5)"#;
        assert_eq!(run(code).unwrap(), "true");
    }

    #[test]
    fn a_boxed_float_is_written_as_the_float_and_shared_as_a_block() {
        let code = r#"
            local out = function(v) return native.caml_output_value_to_string(v, 0) end
            local x = {253, 3}
            return tostring(out({0, {253, 3}, {253, 3}}) == out({0, 3.0, 3.0})) .. " "
                .. tostring(#out({0, x, x}) < #out({0, 3.0, 3.0}))"#;
        assert_eq!(run(code).unwrap(), "true true");
    }

    #[test]
    fn the_readers_box_every_float_on_request() {
        let code = r#"
            local s = native.caml_output_value_to_string({0, 2.5, {254, 1.0}, 7}, 0)
            local plain = native.caml_input_value_from_string(s, 0)
            local boxed = native.caml_input_value_from_string(s, 0, true)
            return table.concat({type(plain[2]), boxed[2][1], boxed[2][2], #boxed[2], boxed[3][2], boxed[4]}, " ")"#;
        assert_eq!(run(code).unwrap(), "number 253 2.5 2 1.0 7");
    }

    #[test]
    fn a_tag_253_table_that_is_not_one_float_is_refused() {
        let code = r#"return native.caml_output_value_to_string({253, 1, 2}, 0)"#;
        assert_eq!(
            run(code).unwrap_err(),
            "Invalid_argumentcaml_output_value_to_string: not an OCaml value: a tag-253 table that is not a boxed float {253, x}"
        );
    }

    #[test]
    fn functions_cannot_be_marshaled() {
        let code = r#"return native.caml_output_value_to_string({0, print}, 0)"#;
        assert_eq!(run(code).unwrap_err(), "Invalid_argumentoutput_value: functional value");
    }
}

//! OCaml's number formatting primitives (runtime/ints.c, runtime/floats.c):
//! `caml_format_int`, `caml_int32_format`, `caml_int64_format`,
//! `caml_nativeint_format`, `caml_format_float`, `caml_hexstring_of_float`.
//!
//! OCaml hands these formats to C's `printf`; here the C semantics are
//! written out (flags `- + space # 0`, width, precision) so the output is the
//! same byte for byte on every platform. Decimal digits of floats come from
//! Rust's formatter, which is correctly rounded (round-half-even on the exact
//! binary value, as glibc does); the layout rules (`%g`'s choice of style,
//! exponent width, padding) are C's.

use mlua::ffi;

use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use crate::value::{self, Custom, Value};

/// One C conversion specification: `%[flags][width][.precision][l|n|L]conv`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spec {
    pub minus: bool,
    pub plus: bool,
    pub space: bool,
    pub hash: bool,
    pub zero: bool,
    pub width: usize,
    pub prec: Option<usize>,
    pub conv: u8,
}

/// The widest field or precision a format may ask for: a bound on what one
/// call allocates (C would try and fail somewhere near 2^31 as well).
pub const MAX_FIELD: usize = 1 << 28;

/// Parses a format holding exactly one conversion whose letter is one of
/// `convs`, with an optional `l`, `n` or `L` size letter before it.
pub fn parse_spec(fmt: &[u8], convs: &[u8], who: &str) -> Result<Spec, Raise> {
    let bad = || Raise::invalid_argument(format!("{who}: bad format {:?}", String::from_utf8_lossy(fmt)));
    let mut spec = Spec::default();
    let mut i = 1;
    if fmt.first() != Some(&b'%') {
        return Err(bad());
    }
    while let Some(&c) = fmt.get(i) {
        match c {
            b'-' => spec.minus = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.hash = true,
            b'0' => spec.zero = true,
            _ => break,
        }
        i += 1;
    }
    let (width, next) = parse_number(fmt, i).ok_or_else(bad)?;
    spec.width = width;
    i = next;
    if fmt.get(i) == Some(&b'.') {
        let (prec, next) = parse_number(fmt, i + 1).ok_or_else(bad)?;
        spec.prec = Some(prec);
        i = next;
    }
    if i + 2 == fmt.len() && matches!(fmt[i], b'l' | b'n' | b'L') {
        i += 1;
    }
    if i + 1 != fmt.len() || !convs.contains(&fmt[i]) {
        return Err(bad());
    }
    spec.conv = fmt[i];
    Ok(spec)
}

/// Reads a decimal number (possibly empty, meaning 0) at `i`.
fn parse_number(fmt: &[u8], mut i: usize) -> Option<(usize, usize)> {
    let mut n: usize = 0;
    while let Some(d) = fmt.get(i).filter(|c| c.is_ascii_digit()) {
        n = n.checked_mul(10)?.checked_add((d - b'0') as usize)?;
        if n > MAX_FIELD {
            return None;
        }
        i += 1;
    }
    Some((n, i))
}

/// Lays out `sign`, `prefix` (`0x`) and `body` in a field of `spec.width`:
/// left-justified with `-`, zero-filled after the prefix with `0` (when
/// `zero_ok`), right-justified with spaces otherwise.
fn pad_field(spec: &Spec, sign: &[u8], prefix: &[u8], body: &[u8], zero_ok: bool) -> Vec<u8> {
    let len = sign.len() + prefix.len() + body.len();
    let fill = spec.width.saturating_sub(len);
    let mut out = Vec::with_capacity(len + fill);
    if spec.minus {
        out.extend_from_slice(sign);
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(len + fill, b' ');
    } else if spec.zero && zero_ok {
        out.extend_from_slice(sign);
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(fill, b' ');
        out.extend_from_slice(sign);
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
    out
}

/// The sign a signed conversion shows for a value (`neg` = sign bit set).
fn sign_of(spec: &Spec, neg: bool) -> &'static [u8] {
    if neg {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    }
}

/// Formats an integer as C's `printf` does for `spec` (`d i u x X o`):
/// `neg` and `magnitude` for signed conversions, `magnitude` alone (the
/// value seen as unsigned) for the others.
pub fn format_integer(spec: &Spec, neg: bool, magnitude: u64) -> Vec<u8> {
    let (radix, upper) = match spec.conv {
        b'x' => (16, false),
        b'X' => (16, true),
        b'o' => (8, false),
        _ => (10, false),
    };
    let mut digits = to_radix(magnitude, radix, upper);
    if spec.prec == Some(0) && magnitude == 0 {
        digits.clear();
    }
    if let Some(p) = spec.prec {
        if digits.len() < p {
            let mut padded = vec![b'0'; p - digits.len()];
            padded.extend_from_slice(&digits);
            digits = padded;
        }
    }
    if spec.hash && spec.conv == b'o' && digits.first() != Some(&b'0') {
        digits.insert(0, b'0');
    }
    let prefix: &[u8] = match spec.conv {
        b'x' if spec.hash && magnitude != 0 => b"0x",
        b'X' if spec.hash && magnitude != 0 => b"0X",
        _ => b"",
    };
    let sign = if matches!(spec.conv, b'd' | b'i') {
        sign_of(spec, neg)
    } else {
        b""
    };
    pad_field(spec, sign, prefix, &digits, spec.prec.is_none())
}

fn to_radix(mut n: u64, radix: u64, upper: bool) -> Vec<u8> {
    let table: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = table[(n % radix) as usize];
        n /= radix;
        if n == 0 {
            break;
        }
    }
    buf[i..].to_vec()
}

/// An integer as the conversion reads it: signed (`d`, `i`) or as the
/// unsigned number of `bits` bits with the same bit pattern.
fn format_bits(spec: &Spec, n: i64, bits: u32) -> Vec<u8> {
    if matches!(spec.conv, b'd' | b'i') {
        format_integer(spec, n < 0, n.unsigned_abs())
    } else {
        let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
        format_integer(spec, false, n as u64 & mask)
    }
}

const INT_CONVS: &[u8] = b"diuxXo";
/// OCaml's runtime copies formats into a 32-byte buffer with the size letter
/// added (`l` on 64-bit Unix; none for int32).
const FORMAT_BUFFER_SIZE: usize = 32;

fn int_spec(fmt: &[u8], suffix_len: usize) -> Result<Spec, Raise> {
    if fmt.len() + suffix_len + 1 >= FORMAT_BUFFER_SIZE {
        return Err(Raise::invalid_argument("format_int: format too long"));
    }
    parse_spec(fmt, INT_CONVS, "format_int")
}

/// Reads an OCaml int argument (63 bits; never truncated). An integral Lua
/// float in range is taken too, for Lua callers computing with `/`.
fn ocaml_int(s: State, idx: i32) -> Result<i64, Raise> {
    match value::classify(s, idx)? {
        Value::Int(n) => Ok(n),
        // -(MIN_INT) = 2^62 is exact as a double; MAX_INT is not.
        Value::Float(x) if x.fract() == 0.0 && x >= value::MIN_INT as f64 && x < -(value::MIN_INT as f64) => {
            Ok(x as i64)
        }
        _ => s.bad_arg(idx, "an OCaml int"),
    }
}

/// Reads a boxed integer argument of the given kind: its custom block, or a
/// plain Lua number, which is how compiled code holds int32 / int64 /
/// nativeint values (docs/VALUES.md). A plain int32 is read modulo 2^32, as
/// the compiler leaves int32 sums unwrapped; a plain integral float beyond
/// the 64-bit range (`Int64.max_int` read by LuaJIT as 2^63) saturates.
pub fn boxed_int(s: State, idx: i32, kind: Custom) -> Result<i64, Raise> {
    if unsafe { ffi::lua_type(s.l, idx) } == ffi::LUA_TNUMBER {
        let n = plain_integer(s, idx)?;
        return Ok(match kind {
            Custom::Int32(_) => n as i32 as i64,
            _ => n,
        });
    }
    match value::classify(s, idx)? {
        Value::Custom(c) => match (c, kind) {
            (Custom::Int32(n), Custom::Int32(_)) => Ok(n as i64),
            (Custom::Int64(n), Custom::Int64(_)) | (Custom::Nativeint(n), Custom::Nativeint(_)) => Ok(n),
            _ => s.bad_arg(idx, "a boxed integer of the right kind"),
        },
        _ => s.bad_arg(idx, "a boxed integer"),
    }
}

/// A Lua number that holds an integer: a Lua 5.4 integer as it is, an
/// integral float converted (saturating at the 64-bit bounds).
fn plain_integer(s: State, idx: i32) -> Result<i64, Raise> {
    #[cfg(feature = "lua54")]
    if unsafe { ffi::lua_isinteger(s.l, idx) } != 0 {
        return s.int(idx);
    }
    let x = s.float(idx)?;
    if x.fract() == 0.0 {
        Ok(x as i64)
    } else {
        s.bad_arg(idx, "an integral number")
    }
}

/// `caml_format_int(fmt, n)`: `%u %x %o` see the 63-bit int as unsigned.
fn format_int(s: State) -> Ret {
    let fmt = s.str(1)?;
    if fmt == b"%d" {
        return return_decimal(s, ocaml_int(s, 2)?);
    }
    let spec = int_spec(fmt, 1)?;
    let n = ocaml_int(s, 2)?;
    s.return_str(&[&format_bits(&spec, n, 63)])
}

/// Ends a primitive with the decimal text of `n` (`%d`, the commonest format).
fn return_decimal(s: State, n: i64) -> Ret {
    let mut buf = [0u8; DECIMAL_MAX];
    let start = write_decimal(&mut buf, n);
    s.return_str(&[&buf[start..]])
}

fn int32_format(s: State) -> Ret {
    let spec = int_spec(s.str(1)?, 0)?;
    let n = boxed_int(s, 2, Custom::Int32(0))?;
    s.return_str(&[&format_bits(&spec, n, 32)])
}

/// `caml_format_int_special(n)`: `caml_format_int("%d", n)`, which
/// js_of_ocaml's specialisation pass emits for `string_of_int` and `%d`.
fn format_int_special(s: State) -> Ret {
    return_decimal(s, ocaml_int(s, 1)?)
}

fn int64_format(s: State) -> Ret {
    let spec = int_spec(s.str(1)?, 1)?;
    let n = boxed_int(s, 2, Custom::Int64(0))?;
    s.return_str(&[&format_bits(&spec, n, 64)])
}

fn nativeint_format(s: State) -> Ret {
    let spec = int_spec(s.str(1)?, 1)?;
    let n = boxed_int(s, 2, Custom::Nativeint(0))?;
    s.return_str(&[&format_bits(&spec, n, 64)])
}

// ---------------------------------------------------------------- floats

/// Beyond this many digits after the point, every double's expansion is
/// zeros (2^-1074 has 1074 decimals; a mantissa has at most 767
/// significant digits), and Rust's formatter caps precision at 65535.
const EXACT_DIGITS: usize = 1100;

/// `x` (finite, >= 0) with `prec` digits after the point, correctly rounded.
fn fixed_digits(x: f64, prec: usize) -> Vec<u8> {
    let mut out = format!("{:.*}", prec.min(EXACT_DIGITS), x).into_bytes();
    out.resize(out.len() + prec.saturating_sub(EXACT_DIGITS), b'0');
    out
}

/// `x` (finite, >= 0) as `d.ddd` with `prec` digits after the point and its
/// decimal exponent, correctly rounded.
fn exp_digits(x: f64, prec: usize) -> (Vec<u8>, i32) {
    let s = format!("{:.*e}", prec.min(EXACT_DIGITS), x);
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mut out = mantissa.as_bytes().to_vec();
    out.resize(out.len() + prec.saturating_sub(EXACT_DIGITS), b'0');
    (out, exp.parse().unwrap_or(0))
}

/// Appends C's exponent: `e`, a sign, at least two digits.
fn push_exponent(out: &mut Vec<u8>, e: u8, exp: i32) {
    out.push(e);
    out.push(if exp < 0 { b'-' } else { b'+' });
    let digits = exp.unsigned_abs().to_string();
    if digits.len() < 2 {
        out.push(b'0');
    }
    out.extend_from_slice(digits.as_bytes());
}

/// `%g`: drops trailing zeros of the fraction, and the point if nothing follows.
fn strip_fraction_zeros(digits: &mut Vec<u8>) {
    if digits.contains(&b'.') {
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.last() == Some(&b'.') {
            digits.pop();
        }
    }
}

/// The body of a finite, non-negative `x` for `%f %e %g` (any case).
fn decimal_body(spec: &Spec, x: f64) -> Vec<u8> {
    let prec = spec.prec.unwrap_or(6);
    let upper = spec.conv.is_ascii_uppercase();
    let e = if upper { b'E' } else { b'e' };
    let mut body = match spec.conv.to_ascii_lowercase() {
        b'f' => fixed_digits(x, prec),
        b'e' => {
            let (mut m, exp) = exp_digits(x, prec);
            push_exponent(&mut m, e, exp);
            m
        }
        _ => {
            // C: P significant digits; style e when the exponent X (after
            // rounding to P digits) is < -4 or >= P, else style f.
            let p = prec.max(1);
            let (mut m, exp) = exp_digits(x, p - 1);
            if spec.hash && exp as i64 == p as i64 && x.trunc().to_string().len() == p {
                // glibc picks the style before rounding: x < 10^P, rounded
                // up to 10^P, keeps the f style's zero fraction digits.
                let mut m = b"1.".to_vec();
                push_exponent(&mut m, e, exp);
                return m;
            }
            if exp < -4 || exp as i64 >= p as i64 {
                if !spec.hash {
                    strip_fraction_zeros(&mut m);
                }
                push_exponent(&mut m, e, exp);
                m
            } else {
                let mut f = fixed_digits(x, (p as i64 - 1 - exp as i64) as usize);
                if !spec.hash {
                    strip_fraction_zeros(&mut f);
                }
                f
            }
        }
    };
    if spec.hash && !body.contains(&b'.') {
        let at = body.iter().position(|&c| c == e).unwrap_or(body.len());
        body.insert(at, b'.');
    }
    body
}

/// C's `%a`: hexadecimal mantissa `h.hhh` and binary exponent, as glibc
/// prints it (subnormals as `0x0.hhhp-1022`, no renormalisation after
/// rounding).
fn hex_body(spec: &Spec, x: f64) -> (Vec<u8>, Vec<u8>) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (lead, exp) = match (biased, frac) {
        (0, 0) => (0u64, 0),
        (0, _) => (0, -1022),
        _ => (1, biased - 1023),
    };
    let upper = spec.conv == b'A';
    let table: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut m = (lead << 52) | frac;
    let ndigits = match spec.prec {
        Some(p) if p < 13 => {
            m = round_hex(m, p);
            p
        }
        Some(p) => p,
        None => 13 - (frac.trailing_zeros().min(52) / 4) as usize,
    };
    let ndigits = if spec.prec.is_none() && frac == 0 { 0 } else { ndigits };
    let mut body = vec![table[(m >> 52) as usize]];
    if ndigits > 0 || spec.hash {
        body.push(b'.');
    }
    for k in 0..ndigits.min(13) {
        body.push(table[((m >> (48 - 4 * k)) & 0xf) as usize]);
    }
    body.resize(body.len() + ndigits.saturating_sub(13), b'0');
    body.push(if upper { b'P' } else { b'p' });
    body.extend_from_slice(format!("{exp:+}").as_bytes());
    (if upper { b"0X".to_vec() } else { b"0x".to_vec() }, body)
}

/// Rounds a 53-bit mantissa to `p` hex digits after the first one, ties to
/// even (may carry into the leading digit).
fn round_hex(m: u64, p: usize) -> u64 {
    let shift = 52 - 4 * p as u32;
    let unit = 1u64 << shift;
    let half = unit >> 1;
    let rest = m & (unit - 1);
    let kept = m & !(unit - 1);
    if rest > half || (rest == half && kept & unit != 0) {
        kept + unit
    } else {
        kept
    }
}

/// Formats `x` as C's `printf` does for `spec` (`f F e E g G a A`).
pub fn format_c_float(spec: &Spec, x: f64) -> Vec<u8> {
    let sign = sign_of(spec, x.is_sign_negative());
    if !x.is_finite() {
        let word: &[u8] = match (x.is_nan(), spec.conv.is_ascii_uppercase()) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        return pad_field(spec, sign, b"", word, false);
    }
    if spec.conv.eq_ignore_ascii_case(&b'a') {
        let (prefix, body) = hex_body(spec, x.abs());
        return pad_field(spec, sign, &prefix, &body, true);
    }
    pad_field(spec, sign, b"", &decimal_body(spec, x.abs()), true)
}

const FLOAT_CONVS: &[u8] = b"fFeEgGaA";

/// `caml_format_float(fmt, x)`.
fn format_float(s: State) -> Ret {
    let spec = parse_spec(s.str(1)?, FLOAT_CONVS, "format_float")?;
    let x = s.float(2)?;
    s.return_str(&[&format_c_float(&spec, x)])
}

/// OCaml's `%h`: `caml_hexstring_of_float(x, prec, style)` where `prec < 0`
/// means as many digits as needed and `style` is the char `'+'`, `' '` or
/// `'-'` (sign shown for positive numbers).
pub fn hexstring_of_float(x: f64, prec: i64, style: u8) -> Vec<u8> {
    let bits = x.to_bits();
    let mut out = Vec::with_capacity(24);
    if bits >> 63 != 0 {
        out.push(b'-');
    } else if style == b'+' || style == b' ' {
        out.push(style);
    }
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mut m = bits & ((1 << 52) - 1);
    if biased == 0x7ff {
        out.extend_from_slice(if m == 0 { b"infinity" } else { b"nan" });
        return out;
    }
    out.extend_from_slice(b"0x");
    let exp = match biased {
        0 if m != 0 => -1022,
        0 => 0,
        _ => {
            m |= 1 << 52;
            biased - 1023
        }
    };
    if (0..13).contains(&prec) {
        m = round_hex(m, prec as usize);
    }
    out.push(hex_digit(m >> 52));
    m = (m << 4) & ((1 << 56) - 1);
    let more = |m: u64, left: i64| if prec >= 0 { left > 0 } else { m != 0 };
    let mut left = prec;
    if more(m, left) {
        out.push(b'.');
        while more(m, left) {
            out.push(hex_digit(m >> 52));
            m = (m << 4) & ((1 << 56) - 1);
            left -= 1;
        }
    }
    out.extend_from_slice(format!("p{exp:+}").as_bytes());
    out
}

fn hex_digit(d: u64) -> u8 {
    b"0123456789abcdef"[(d & 0xf) as usize]
}

fn hexstring_of_float_prim(s: State) -> Ret {
    let x = s.float(1)?;
    let prec = s.int(2)?;
    if prec > MAX_FIELD as i64 {
        return Err(Raise::invalid_argument("hexstring_of_float: precision too large"));
    }
    let style = s.int(3)?;
    s.return_str(&[&hexstring_of_float(x, prec, style as u8)])
}

/// `_printf_decimal(n)`, printf's `%d` of one int: the decimal text of `n`
/// when it is the only argument and an OCaml int (on Lua 5.4 the integer
/// subtype, in the 63-bit range), else nothing, and printf's general path
/// decides. A raw C function, for speed: no guard and no protected call, as
/// nothing in it can fail before `lua_pushlstring`, and its frame owns
/// nothing when that raises.
unsafe extern "C-unwind" fn printf_decimal(l: *mut ffi::lua_State) -> std::ffi::c_int {
    let Some(n) = sole_int_arg(l) else {
        return 0;
    };
    let mut buf = [0u8; DECIMAL_MAX];
    let start = write_decimal(&mut buf, n);
    let digits = &buf[start..];
    ffi::lua_pushlstring(l, digits.as_ptr().cast(), digits.len());
    1
}

/// The one argument as an OCaml int, if there is one argument and it is.
#[inline(always)]
unsafe fn sole_int_arg(l: *mut ffi::lua_State) -> Option<i64> {
    if ffi::lua_gettop(l) != 1 {
        return None;
    }
    #[cfg(feature = "lua54")]
    {
        let n = (ffi::lua_isinteger(l, 1) != 0).then(|| ffi::lua_tointeger(l, 1))?;
        (value::MIN_INT..=value::MAX_INT).contains(&n).then_some(n)
    }
    #[cfg(not(feature = "lua54"))]
    {
        if ffi::lua_type(l, 1) != ffi::LUA_TNUMBER {
            return None;
        }
        value::int_of_integral(ffi::lua_tonumber(l, 1))
    }
}

/// The longest decimal text of an `i64`: a sign and 19 digits.
const DECIMAL_MAX: usize = 20;

/// Writes `n` in decimal at the end of `buf`; returns where it starts.
fn write_decimal(buf: &mut [u8; DECIMAL_MAX], n: i64) -> usize {
    let mut m = n.unsigned_abs();
    let mut i = DECIMAL_MAX;
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    i
}

pub const PRIMITIVES: Primitives = &[
    ("_printf_decimal", printf_decimal),
    primitive!("caml_format_int", format_int),
    primitive!("caml_format_int_special", format_int_special),
    primitive!("caml_int32_format", int32_format),
    primitive!("caml_int64_format", int64_format),
    primitive!("caml_nativeint_format", nativeint_format),
    primitive!("caml_format_float", format_float),
    primitive!("caml_hexstring_of_float", hexstring_of_float_prim),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fmt: &str, x: f64) -> String {
        let spec = parse_spec(fmt.as_bytes(), FLOAT_CONVS, "t").unwrap();
        String::from_utf8(format_c_float(&spec, x)).unwrap()
    }

    #[test]
    fn decimals_are_rust_s_display() {
        for n in [
            0,
            7,
            -7,
            10,
            1_000_000,
            i64::MAX,
            i64::MIN,
            value::MIN_INT,
            value::MAX_INT,
        ] {
            let mut buf = [0u8; DECIMAL_MAX];
            let start = write_decimal(&mut buf, n);
            assert_eq!(&buf[start..], n.to_string().as_bytes());
        }
    }

    #[test]
    fn floats_follow_c_layout() {
        assert_eq!(f("%g", 100000.0), "100000");
        assert_eq!(f("%g", 1000000.0), "1e+06");
        assert_eq!(f("%.3e", 0.0), "0.000e+00");
        assert_eq!(f("%#.0f", 2.0), "2.");
        assert_eq!(f("%08.2f", -1.5), "-0001.50");
        assert_eq!(f("%05f", f64::INFINITY), "  inf");
        assert_eq!(f("%a", 1.0), "0x1p+0");
        // glibc's style choice before rounding (checked against C)
        assert_eq!(f("%#g", 999999.5), "1.e+06");
        assert_eq!(f("%#.2g", 99.99), "1.e+02");
        assert_eq!(f("%#.3g", 99.99), "100.");
        assert_eq!(f("%#g", 0.000099999999), "0.000100000");
        assert_eq!(f("%#g", 9999999.0), "1.00000e+07");
    }

    #[test]
    fn ints_follow_c_layout() {
        let spec = parse_spec(b"%#08x", INT_CONVS, "t").unwrap();
        assert_eq!(format_bits(&spec, 255, 63), b"0x0000ff");
        let spec = parse_spec(b"%.0d", INT_CONVS, "t").unwrap();
        assert_eq!(format_bits(&spec, 0, 63), b"");
        let spec = parse_spec(b"%u", INT_CONVS, "t").unwrap();
        assert_eq!(format_bits(&spec, -1, 63), b"9223372036854775807");
    }
}

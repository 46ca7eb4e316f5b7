//! OCaml's `*_of_string` primitives (runtime/ints.c, runtime/floats.c):
//! `caml_int_of_string`, `caml_int32_of_string`, `caml_int64_of_string`,
//! `caml_nativeint_of_string`, `caml_float_of_string`.
//!
//! Integers: optional sign, optional `0x 0o 0b 0u` prefix, digits with `_`
//! allowed after the first one; signed decimal must fit the signed range,
//! prefixed forms the unsigned range (and wrap). Floats: `_` removed
//! anywhere, then C's `strtod` syntax for the whole string, except that a
//! (signed) `0x` form goes through OCaml's own hex parser.

use crate::exn::Raise;
use crate::primitive;
use crate::state::{Primitives, Ret, State};
use crate::value::{self, Custom};

/// Parses an OCaml integer literal of `nbits` bits (63 for int), returning
/// it sign-extended from `nbits`, or `None` for OCaml's `Failure`.
pub fn parse_int(s: &[u8], nbits: u32) -> Option<i64> {
    let mut p = 0;
    let negative = match s.first() {
        Some(b'-') => {
            p = 1;
            true
        }
        Some(b'+') => {
            p = 1;
            false
        }
        _ => false,
    };
    let (base, signed) = match (s.get(p), s.get(p + 1)) {
        (Some(b'0'), Some(b'x' | b'X')) => (16, false),
        (Some(b'0'), Some(b'o' | b'O')) => (8, false),
        (Some(b'0'), Some(b'b' | b'B')) => (2, false),
        (Some(b'0'), Some(b'u' | b'U')) => (10, false),
        _ => (10, true),
    };
    if base != 10 || !signed {
        p += 2;
    }
    let digit = |c: u8| (c as char).to_digit(16).filter(|&d| d < base).map(u64::from);
    let mut res = digit(*s.get(p)?)?;
    for &c in &s[p + 1..] {
        if c == b'_' {
            continue;
        }
        res = res.checked_mul(base as u64)?.checked_add(digit(c)?)?;
    }
    if signed {
        let limit = 1u64 << (nbits - 1);
        if res > limit || (res == limit && !negative) {
            return None;
        }
    } else if nbits < 64 && res >= 1u64 << nbits {
        return None;
    }
    let n = if negative { res.wrapping_neg() } else { res };
    let unused = 64 - nbits;
    Some(((n << unused) as i64) >> unused)
}

/// Parses an OCaml float literal as `caml_float_of_string` does.
pub fn parse_float(s: &[u8]) -> Option<f64> {
    let buf: Vec<u8> = s.iter().copied().filter(|&c| c != b'_').collect();
    let (negative, rest) = split_sign(&buf);
    if rest.len() >= 2 && rest[0] == b'0' && (rest[1] | 0x20) == b'x' {
        let x = parse_hex(&rest[2..], true)?;
        return Some(if negative { -x } else { x });
    }
    strtod(&buf)
}

fn split_sign(s: &[u8]) -> (bool, &[u8]) {
    match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// C's `strtod` on the whole of `s` (C locale): leading white space, sign,
/// decimal or hex number, `inf`, `infinity`, `nan`, `nan(chars)`.
fn strtod(s: &[u8]) -> Option<f64> {
    let start = s.iter().position(|c| !b" \t\n\x0b\x0c\r".contains(c))?;
    let (negative, body) = split_sign(&s[start..]);
    let lower = body.to_ascii_lowercase();
    let x = if lower.starts_with(b"nan") {
        parse_nan(&body[3..])?
    } else if lower.len() >= 2 && lower[0] == b'0' && lower[1] == b'x' {
        parse_hex(&body[2..], false)?
    } else if lower == b"inf" || lower == b"infinity" {
        f64::INFINITY
    } else if is_decimal(body) {
        std::str::from_utf8(body).ok()?.parse::<f64>().ok()?
    } else {
        return None;
    };
    Some(if negative { -x } else { x })
}

/// Digits with at most one point (at least one digit), then an optional
/// exponent `e[+-]digits`.
fn is_decimal(s: &[u8]) -> bool {
    let mantissa_end = s.iter().position(|&c| c | 0x20 == b'e').unwrap_or(s.len());
    let mantissa = &s[..mantissa_end];
    let digits = mantissa.iter().filter(|c| c.is_ascii_digit()).count();
    let points = mantissa.iter().filter(|&&c| c == b'.').count();
    if digits == 0 || points > 1 || digits + points != mantissa.len() {
        return false;
    }
    match s.get(mantissa_end + 1..) {
        None => true,
        Some(exp) => {
            let (_, exp) = split_sign(exp);
            !exp.is_empty() && exp.iter().all(u8::is_ascii_digit)
        }
    }
}

/// glibc's `nan(chars)`: the chars, read as an unsigned number (base
/// prefixes as `strtoull` with base 0), become the payload.
fn parse_nan(rest: &[u8]) -> Option<f64> {
    const QUIET: u64 = 0x7ff8_0000_0000_0000;
    if rest.is_empty() {
        return Some(f64::from_bits(QUIET));
    }
    let inner = rest.strip_prefix(b"(")?.strip_suffix(b")")?;
    if !inner.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return None;
    }
    let payload = payload_number(inner).unwrap_or(0);
    Some(f64::from_bits(QUIET | (payload & ((1 << 51) - 1))))
}

fn payload_number(s: &[u8]) -> Option<u64> {
    let (radix, digits) = match s {
        [b'0', x, rest @ ..] if x | 0x20 == b'x' => (16, rest),
        [b'0', rest @ ..] if !rest.is_empty() => (8, rest),
        _ => (10, s),
    };
    u64::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()
}

/// OCaml's hexadecimal float parser (what follows `0x`): hex digits with at
/// most one point, then `p` and a decimal exponent. Keeps 60 significant
/// bits (the rest rounded to odd), converts, then scales by 2^exp, as
/// runtime/floats.c does (including its rounding).
fn parse_hex(s: &[u8], lenient_exponent: bool) -> Option<f64> {
    let mut m: u64 = 0;
    let (mut n_bits, mut m_bits, mut x_bits) = (0i64, 0, 0i64);
    let mut point: Option<i64> = None;
    let mut exp: i64 = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        match c {
            b'.' if point.is_none() => point = Some(n_bits),
            b'p' | b'P' => match hex_exponent(&s[i..], lenient_exponent)? {
                Exponent::Value(e) => {
                    exp = e;
                    break;
                }
                // OCaml answers 0 or infinity at once for exponents beyond int.
                Exponent::TooSmall => return Some(0.0),
                Exponent::TooLarge => return Some(if m == 0 { 0.0 } else { f64::INFINITY }),
            },
            _ => {
                let d = (c as char).to_digit(16)? as u64;
                n_bits += 4;
                if d == 0 && m == 0 {
                    continue;
                }
                if m_bits < 60 {
                    m = (m << 4) + d;
                    m_bits += 4;
                } else {
                    m |= (d != 0) as u64;
                    x_bits += 4;
                }
            }
        }
    }
    if n_bits == 0 {
        return None;
    }
    let adj = x_bits + point.map_or(0, |p| p - n_bits);
    let exp = (exp + adj).clamp(i32::MIN as i64, i32::MAX as i64);
    let f = m as i64 as f64;
    Some(if exp == 0 {
        f
    } else {
        scale_by_power_of_two(f, exp as i32)
    })
}

enum Exponent {
    Value(i64),
    TooSmall,
    TooLarge,
}

/// The exponent after `p`: C's `strtol` (which skips white space) over the
/// rest when `lenient`, plain `[+-]digits` otherwise.
fn hex_exponent(s: &[u8], lenient: bool) -> Option<Exponent> {
    let s = if lenient {
        let start = s
            .iter()
            .position(|c| !b" \t\n\x0b\x0c\r".contains(c))
            .unwrap_or(s.len());
        &s[start..]
    } else {
        s
    };
    let (negative, digits) = split_sign(s);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits
        .iter()
        .fold(0i64, |acc, d| acc.saturating_mul(10).saturating_add((d - b'0') as i64));
    let e = if negative { -magnitude } else { magnitude };
    Some(if e <= i32::MIN as i64 {
        Exponent::TooSmall
    } else if e >= i32::MAX as i64 {
        Exponent::TooLarge
    } else {
        Exponent::Value(e)
    })
}

/// C's `ldexp`: `x * 2^n` rounded once, however far into the subnormal
/// range or beyond the largest double the result lies.
pub fn scale_by_power_of_two(mut x: f64, mut n: i32) -> f64 {
    let p2 = |k: i32| f64::from_bits(((0x3ff + k) as u64) << 52);
    if n > 1023 {
        x *= p2(1023);
        n -= 1023;
        if n > 1023 {
            x *= p2(1023);
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        // Stop 53 short of the subnormal range so that only the last
        // multiplication rounds.
        x *= p2(-1022 + 53);
        n += 1022 - 53;
        if n < -1022 {
            x *= p2(-1022 + 53);
            n = (n + 1022 - 53).max(-1022);
        }
    }
    x * p2(n)
}

fn int_of_string(s: State) -> Ret {
    let n = parse_int(s.str(1)?, 63).ok_or_else(|| Raise::failwith("int_of_string"))?;
    s.push_int(n);
    Ok(1)
}

/// Parses argument 1 and pushes the boxed integer `box_it` makes of it.
fn boxed_of_string(s: State, nbits: u32, msg: &str, box_it: fn(i64) -> Custom) -> Ret {
    let n = parse_int(s.str(1)?, nbits).ok_or_else(|| Raise::failwith(msg))?;
    s.push_made(|l| unsafe { value::push_custom(l, box_it(n)) })?;
    Ok(1)
}

fn int32_of_string(s: State) -> Ret {
    boxed_of_string(s, 32, "Int32.of_string", |n| Custom::Int32(n as i32))
}

fn int64_of_string(s: State) -> Ret {
    boxed_of_string(s, 64, "Int64.of_string", Custom::Int64)
}

fn nativeint_of_string(s: State) -> Ret {
    boxed_of_string(s, 64, "Nativeint.of_string", Custom::Nativeint)
}

fn float_of_string(s: State) -> Ret {
    let x = parse_float(s.str(1)?).ok_or_else(|| Raise::failwith("float_of_string"))?;
    s.push_float(x);
    Ok(1)
}

pub const PRIMITIVES: Primitives = &[
    primitive!("caml_int_of_string", int_of_string),
    primitive!("caml_int32_of_string", int32_of_string),
    primitive!("caml_int64_of_string", int64_of_string),
    primitive!("caml_nativeint_of_string", nativeint_of_string),
    primitive!("caml_float_of_string", float_of_string),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_wrap_like_ocaml() {
        assert_eq!(parse_int(b"0x7fffffffffffffff", 63), Some(-1));
        assert_eq!(parse_int(b"4611686018427387904", 63), None);
        assert_eq!(parse_int(b"-4611686018427387904", 63), Some(-(1 << 62)));
        assert_eq!(parse_int(b"1_000", 63), Some(1000));
        assert_eq!(parse_int(b"_1", 63), None);
        assert_eq!(parse_int(b"0xFFFFFFFF", 32), Some(-1));
        assert_eq!(parse_int(b"-0u18446744073709551615", 64), Some(1));
    }

    #[test]
    fn floats_follow_strtod_and_hex() {
        assert_eq!(parse_float(b"1_0.5"), Some(10.5));
        assert_eq!(parse_float(b"0x1p-1074"), Some(f64::from_bits(1)));
        assert_eq!(parse_float(b" 1e3"), Some(1000.0));
        assert_eq!(parse_float(b"1e"), None);
        assert_eq!(parse_float(b"_"), None);
        assert!(parse_float(b"-nan").unwrap().is_sign_negative());
    }
}

//! OCaml's marshal format (runtime/caml/intext.h): magic numbers, codes and
//! the three header layouts, shared by the reader and the writer.

pub const MAGIC_SMALL: u32 = 0x8495_A6BE;
pub const MAGIC_BIG: u32 = 0x8495_A6BF;
/// OCaml 5.1+: zstd-compressed data, variable-length header.
pub const MAGIC_COMPRESSED: u32 = 0x8495_A6BD;

/// The header size OCaml 4.13's `Marshal.header_size` reports.
pub const HEADER_SIZE: usize = 20;

pub const PREFIX_SMALL_BLOCK: u8 = 0x80;
pub const PREFIX_SMALL_INT: u8 = 0x40;
pub const PREFIX_SMALL_STRING: u8 = 0x20;
pub const CODE_INT8: u8 = 0x0;
pub const CODE_INT16: u8 = 0x1;
pub const CODE_INT32: u8 = 0x2;
pub const CODE_INT64: u8 = 0x3;
pub const CODE_SHARED8: u8 = 0x4;
pub const CODE_SHARED16: u8 = 0x5;
pub const CODE_SHARED32: u8 = 0x6;
pub const CODE_SHARED64: u8 = 0x14;
pub const CODE_BLOCK32: u8 = 0x8;
pub const CODE_BLOCK64: u8 = 0x13;
pub const CODE_STRING8: u8 = 0x9;
pub const CODE_STRING32: u8 = 0xA;
pub const CODE_STRING64: u8 = 0x15;
pub const CODE_DOUBLE_BIG: u8 = 0xB;
pub const CODE_DOUBLE_LITTLE: u8 = 0xC;
pub const CODE_DOUBLE_ARRAY8_BIG: u8 = 0xD;
pub const CODE_DOUBLE_ARRAY8_LITTLE: u8 = 0xE;
pub const CODE_DOUBLE_ARRAY32_BIG: u8 = 0xF;
pub const CODE_DOUBLE_ARRAY32_LITTLE: u8 = 0x7;
pub const CODE_DOUBLE_ARRAY64_BIG: u8 = 0x16;
pub const CODE_DOUBLE_ARRAY64_LITTLE: u8 = 0x17;
pub const CODE_CODEPOINTER: u8 = 0x10;
pub const CODE_INFIXPOINTER: u8 = 0x11;
pub const CODE_CUSTOM: u8 = 0x12;
pub const CODE_CUSTOM_LEN: u8 = 0x18;
pub const CODE_CUSTOM_FIXED: u8 = 0x19;

/// The flags of `Marshal.extern_flags`, as constant constructors.
pub const FLAG_NO_SHARING: i64 = 0;
pub const FLAG_CLOSURES: i64 = 1;
pub const FLAG_COMPAT_32: i64 = 2;
pub const FLAG_COMPRESSION: i64 = 3;

/// What a marshal header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Bytes of header before the data.
    pub len: usize,
    /// Bytes of data after the header (compressed size when compressed).
    pub data_len: u64,
    /// Bytes of marshaled data once decompressed.
    pub uncompressed_len: u64,
    pub num_objects: u64,
    pub size_32: u64,
    pub size_64: u64,
    pub compressed: bool,
}

/// Why a header could not be read; the caller words the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// Fewer bytes than the header needs.
    Short,
    /// Not a marshal magic number, or a malformed compressed header.
    BadObject,
    /// A compressed header whose numbers do not fit in 64 bits.
    TooLarge,
}

fn be32(b: &[u8], at: usize) -> u64 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as u64
}

fn be64(b: &[u8], at: usize) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_be_bytes(a)
}

/// The magic number at the start of `b`, if there are 4 bytes.
pub fn magic(b: &[u8]) -> Option<u32> {
    (b.len() >= 4).then(|| be32(b, 0) as u32)
}

/// How many header bytes `b` needs, from its first 5 bytes (as
/// `caml_input_val` decides how much more to read from a channel).
pub fn header_len(b: &[u8]) -> Result<usize, HeaderError> {
    match magic(b) {
        Some(MAGIC_SMALL) => Ok(20),
        Some(MAGIC_BIG) => Ok(32),
        Some(MAGIC_COMPRESSED) if b.len() >= 5 => Ok((b[4] & 0x3F) as usize),
        Some(MAGIC_COMPRESSED) | None => Err(HeaderError::Short),
        Some(_) => Err(HeaderError::BadObject),
    }
}

/// Parses the header at the start of `b`.
pub fn parse_header(b: &[u8]) -> Result<Header, HeaderError> {
    let len = header_len(b)?;
    if b.len() < len {
        return Err(HeaderError::Short);
    }
    match magic(b) {
        Some(MAGIC_SMALL) => Ok(Header {
            len,
            data_len: be32(b, 4),
            uncompressed_len: be32(b, 4),
            num_objects: be32(b, 8),
            size_32: be32(b, 12),
            size_64: be32(b, 16),
            compressed: false,
        }),
        Some(MAGIC_BIG) => Ok(Header {
            len,
            data_len: be64(b, 8),
            uncompressed_len: be64(b, 8),
            num_objects: be64(b, 16),
            size_32: 0,
            size_64: be64(b, 24),
            compressed: false,
        }),
        _ => parse_compressed(&b[..len]),
    }
}

/// The compressed header: 5 VLQ numbers that must end exactly where the
/// header's declared length does.
fn parse_compressed(b: &[u8]) -> Result<Header, HeaderError> {
    let mut pos = 5;
    let mut numbers = [0u64; 5];
    let mut overflow = false;
    for n in numbers.iter_mut() {
        let (value, used, over) = read_vlq(&b[pos.min(b.len())..]).ok_or(HeaderError::BadObject)?;
        *n = value;
        overflow |= over;
        pos += used;
    }
    if pos != b.len() {
        return Err(HeaderError::BadObject);
    }
    if overflow {
        return Err(HeaderError::TooLarge);
    }
    let [data_len, uncompressed_len, num_objects, size_32, size_64] = numbers;
    Ok(Header {
        len: b.len(),
        data_len,
        uncompressed_len,
        num_objects,
        size_32,
        size_64,
        compressed: true,
    })
}

/// One VLQ number (high bit set on every byte but the last): its value,
/// bytes used and whether it overflowed 64 bits; `None` if it runs off `b`.
pub fn read_vlq(b: &[u8]) -> Option<(u64, usize, bool)> {
    let mut n: u64 = 0;
    let mut overflow = false;
    for (i, &c) in b.iter().enumerate() {
        overflow |= n >> 57 != 0;
        n = (n << 7) | (c & 0x7F) as u64;
        if c & 0x80 == 0 {
            return Some((n, i + 1, overflow));
        }
    }
    None
}

/// Appends `n` in VLQ form.
pub fn write_vlq(out: &mut Vec<u8>, n: u64) {
    let digits = (1..10).take_while(|d| n >> (7 * d) != 0).count() + 1;
    for d in (0..digits).rev() {
        let more = if d > 0 { 0x80 } else { 0 };
        out.push(more | ((n >> (7 * d)) & 0x7F) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlq_round_trips_and_matches_ocaml_layout() {
        for n in [0u64, 1, 127, 128, 300, 1 << 32, u64::MAX] {
            let mut v = Vec::new();
            write_vlq(&mut v, n);
            assert_eq!(read_vlq(&v), Some((n, v.len(), false)));
        }
        let mut v = Vec::new();
        write_vlq(&mut v, 300);
        assert_eq!(v, [0x82, 0x2C]);
    }

    #[test]
    fn vlq_overflow_is_reported() {
        let b = [0xFF; 10].iter().copied().chain([0x7F]).collect::<Vec<u8>>();
        assert!(read_vlq(&b).unwrap().2);
    }
}

//! OCaml 5.1+'s compressed marshal format: the data after the header is one
//! zstd stream (runtime/zstd.c). libzstd itself (through the `zstd` crate)
//! does the work, at its default level, as OCaml's runtime calls it.

use std::io::{Read, Write};

/// What [`inflate`] says when the output cannot be allocated.
pub const OUT_OF_MEMORY: &str = "out of memory";

/// Inflates `data`, which must give exactly `expected` bytes. The output
/// grows only as the stream produces it, never from the header's claim,
/// and fallibly ([`OUT_OF_MEMORY`] instead of an abort).
pub fn inflate(data: &[u8], expected: u64) -> Result<Vec<u8>, &'static str> {
    const CHUNK: usize = 1 << 20;
    let decoder = zstd::stream::read::Decoder::with_buffer(data).map_err(|_| "decompression error")?;
    let mut out = Vec::new();
    let mut limited = decoder.take(expected.saturating_add(1));
    loop {
        let at = out.len();
        // Never more than the stream may still give (a small value costs
        // no large buffer).
        let room = (expected.saturating_add(1) - at as u64).min(CHUNK as u64) as usize;
        if room == 0 {
            break;
        }
        out.try_reserve(room).map_err(|_| OUT_OF_MEMORY)?;
        out.resize(at + room, 0);
        let n = read_some(&mut limited, &mut out[at..])?;
        out.truncate(at + n);
        if n == 0 {
            break;
        }
    }
    if out.len() as u64 != expected {
        return Err("decompression error");
    }
    Ok(out)
}

/// Fills as much of `buf` as the stream gives; 0 at its end.
fn read_some(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, &'static str> {
    let mut done = 0;
    while done < buf.len() {
        match r.read(&mut buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err("decompression error"),
        }
    }
    Ok(done)
}

/// Compresses `data` as one zstd stream at the default level.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::with_capacity(data.len() / 2 + 64), 0)
        .expect("creating a zstd context only fails on exhausted memory");
    encoder.write_all(data).expect("writing to a Vec does not fail");
    encoder.finish().expect("writing to a Vec does not fail")
}

//! OCaml 5.1+'s compressed marshal format: the data after the header is one
//! zstd stream (runtime/zstd.c). libzstd itself (through the `zstd` crate)
//! does the work, at its default level, as OCaml's runtime calls it.

use std::io::{Read, Write};

/// Inflates `data`, which must give exactly `expected` bytes. The output
/// grows only as the stream produces it, never from the header's claim.
pub fn inflate(data: &[u8], expected: u64) -> Result<Vec<u8>, &'static str> {
    let decoder = zstd::stream::read::Decoder::with_buffer(data).map_err(|_| "decompression error")?;
    let mut out = Vec::new();
    let mut limited = decoder.take(expected.saturating_add(1));
    limited.read_to_end(&mut out).map_err(|_| "decompression error")?;
    if out.len() as u64 != expected {
        return Err("decompression error");
    }
    Ok(out)
}

/// Compresses `data` as one zstd stream at the default level.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::with_capacity(data.len() / 2 + 64), 0)
        .expect("creating a zstd context only fails on exhausted memory");
    encoder.write_all(data).expect("writing to a Vec does not fail");
    encoder.finish().expect("writing to a Vec does not fail")
}

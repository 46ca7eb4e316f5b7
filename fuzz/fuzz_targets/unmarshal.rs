//! Runs Marshal's decoder (header, decompression, validation of the whole
//! stream) on arbitrary bytes: it must return Ok or Err, never panic, never
//! read out of bounds, never allocate from a header's claims.
//!
//! The first byte picks how the rest is used, so that most inputs get past
//! the magic number: 0 as it is, 1 behind a correct small header (the
//! second byte gives the object count), 2 zstd-compressed behind a correct
//! OCaml 5 header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocamlrt::marshal::{compress, decode, format};

fn small_header(body: &[u8], objects: u32) -> Vec<u8> {
    let mut v = Vec::with_capacity(body.len() + 20);
    for n in [format::MAGIC_SMALL, body.len() as u32, objects, 0, 0] {
        v.extend_from_slice(&n.to_be_bytes());
    }
    v.extend_from_slice(body);
    v
}

fn compressed(body: &[u8], objects: u64) -> Vec<u8> {
    let z = compress::deflate(body);
    let mut v = format::MAGIC_COMPRESSED.to_be_bytes().to_vec();
    v.push(0);
    for n in [z.len() as u64, body.len() as u64, objects, 0, 0] {
        format::write_vlq(&mut v, n);
    }
    v[4] = v.len() as u8;
    v.extend_from_slice(&z);
    v
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = match (mode % 3, rest.split_first()) {
        (1, Some((&objects, body))) => small_header(body, objects as u32 * 4),
        (2, Some((&objects, body))) => compressed(body, objects as u64 * 4),
        _ => rest.to_vec(),
    };
    if let Ok(checked) = decode::check(&input, "input_value") {
        // What validated must read through again without error, as the
        // Lua builder relies on.
        let mut reader = decode::Reader::new(&checked.data, &checked.header);
        for _ in 0..checked.plan.items {
            reader.item().expect("a validated stream reads again");
        }
    }
});

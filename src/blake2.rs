//! BLAKE2b as OCaml 5.2's runtime/blake2.c computes it, written here rather
//! than taken from the `blake2` crate because OCaml's variant has two
//! behaviours a standard implementation refuses: a key longer than 64 bytes
//! is cut to 64 bytes while its full length still goes into the parameter
//! block, and `final` may be called again on the same context (it compresses
//! the buffered block once more). Digests must match OCaml's on every input.

/// BLAKE2b's block size in bytes.
const BLOCK: usize = 128;
/// The longest digest and the longest key BLAKE2b takes.
pub const MAX_HASH: usize = 64;

const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The message word permutation of each round (rounds 10 and 11 reuse 0 and 1).
const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// A BLAKE2b hashing context. Plain data, so it can live inside a Lua userdata.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct Blake2 {
    h: [u64; 8],
    /// Bytes compressed so far, as a 128-bit counter (low, high).
    len: [u64; 2],
    buffer: [u8; BLOCK],
    /// How much of `buffer` holds data not yet compressed.
    buffered: usize,
}

/// The mixing function G.
#[inline(always)]
fn mix(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize, x: u64, y: u64) {
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
    v[d] = (v[d] ^ v[a]).rotate_right(32);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(24);
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
    v[d] = (v[d] ^ v[a]).rotate_right(16);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(63);
}

impl Blake2 {
    /// A context for `hash_len`-byte digests keyed with `key` (empty: unkeyed).
    pub fn new(hash_len: usize, key: &[u8]) -> Blake2 {
        let mut h = IV;
        // OCaml puts the key's full length in the parameter block, even past 64.
        h[0] ^= 0x0101_0000 | ((key.len() as u64) << 8) | hash_len as u64;
        let mut ctx = Blake2 {
            h,
            len: [0, 0],
            buffer: [0; BLOCK],
            buffered: 0,
        };
        if !key.is_empty() {
            let used = key.len().min(MAX_HASH);
            ctx.buffer[..used].copy_from_slice(&key[..used]);
            ctx.buffered = BLOCK;
        }
        ctx
    }

    fn compress(&mut self, block: &[u8; BLOCK], counted: usize, last: bool) {
        let (low, carry) = self.len[0].overflowing_add(counted as u64);
        self.len[0] = low;
        self.len[1] = self.len[1].wrapping_add(carry as u64);
        let mut m = [0u64; 16];
        for (word, bytes) in m.iter_mut().zip(block.chunks_exact(8)) {
            *word = u64::from_le_bytes(bytes.try_into().expect("8-byte chunk"));
        }
        let mut v = [0u64; 16];
        v[..8].copy_from_slice(&self.h);
        v[8..].copy_from_slice(&IV);
        v[12] ^= self.len[0];
        v[13] ^= self.len[1];
        if last {
            v[14] = !v[14];
        }
        for round in 0..12 {
            let s = &SIGMA[round % 10];
            mix(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for i in 0..8 {
            self.h[i] ^= v[i] ^ v[i + 8];
        }
    }

    /// Adds `data` to the message. A full last block stays buffered, since
    /// the final block is compressed differently.
    pub fn update(&mut self, mut data: &[u8]) {
        if self.buffered > 0 {
            let room = BLOCK - self.buffered;
            if data.len() <= room {
                self.buffer[self.buffered..self.buffered + data.len()].copy_from_slice(data);
                self.buffered += data.len();
                return;
            }
            self.buffer[self.buffered..].copy_from_slice(&data[..room]);
            let block = self.buffer;
            self.compress(&block, BLOCK, false);
            data = &data[room..];
        }
        while data.len() > BLOCK {
            let (block, rest) = data.split_at(BLOCK);
            self.compress(block.try_into().expect("one block"), BLOCK, false);
            data = rest;
        }
        self.buffer[..data.len()].copy_from_slice(data);
        self.buffered = data.len();
    }

    /// The first `hash_len` bytes of the digest (at most 64). Like OCaml's,
    /// it compresses the buffered block as the last one each time it is called.
    pub fn finish(&mut self, hash_len: usize) -> Vec<u8> {
        self.buffer[self.buffered..].fill(0);
        let block = self.buffer;
        self.compress(&block, self.buffered, true);
        (0..hash_len.min(MAX_HASH))
            .map(|i| (self.h[i / 8] >> (8 * (i % 8))) as u8)
            .collect()
    }
}

/// The digest of `data` in one go.
pub fn digest(hash_len: usize, key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut ctx = Blake2::new(hash_len, key);
    ctx.update(data);
    ctx.finish(hash_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(d: &[u8]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// RFC 7693, appendix A: BLAKE2b-512("abc").
    #[test]
    fn rfc7693_abc() {
        assert_eq!(
            hex(&digest(64, b"", b"abc")),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
             7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        );
    }

    /// RFC 7693, appendix E: the self-test hashing every combination of
    /// digest length {20, 32, 48, 64} and input length {0, 3, 128, 129, 255,
    /// 1024}, unkeyed and keyed, into one BLAKE2b-256 digest.
    #[test]
    fn rfc7693_selftest() {
        fn selftest_seq(len: usize, seed: u32) -> Vec<u8> {
            let mut a = 0xDEAD4BADu32.wrapping_mul(seed);
            let mut b = 1u32;
            (0..len)
                .map(|_| {
                    let t = a.wrapping_add(b);
                    a = b;
                    b = t;
                    (t >> 24) as u8
                })
                .collect()
        }
        let mut all = Blake2::new(32, b"");
        for outlen in [20, 32, 48, 64] {
            for inlen in [0, 3, 128, 129, 255, 1024] {
                let input = selftest_seq(inlen, inlen as u32);
                all.update(&digest(outlen, b"", &input));
                let key = selftest_seq(outlen, outlen as u32);
                all.update(&digest(outlen, &key, &input));
            }
        }
        assert_eq!(
            hex(&all.finish(32)),
            "c23a7800d98123bd10f506c61e29da5603d763b8bbad2e737f5e765a7bccd475"
        );
    }

    /// Feeding the message in pieces gives the digest of the whole.
    #[test]
    fn chunked_updates() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        for cut in [0, 1, 127, 128, 129, 256, 999, 1000] {
            let mut ctx = Blake2::new(48, b"key");
            ctx.update(&data[..cut]);
            ctx.update(&data[cut..]);
            assert_eq!(ctx.finish(48), digest(48, b"key", &data));
        }
    }
}

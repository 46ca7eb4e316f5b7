#!/usr/bin/env python3
"""Oracle for BLAKE2b (spec/digest_spec.lua): random cases hashed by
Python's hashlib.blake2b, an implementation independent of OCaml's and of
ocamlrt's. hashlib takes keys of 0 to 64 bytes and digests of 1 to 64
bytes, the range where OCaml 5.2's BLAKE2 is plain BLAKE2b; keys longer
than 64 bytes (an OCaml quirk) are out of its reach and not generated.

Usage: blake2 COUNT SEED
One line per case, tab-separated, fields in hex: digest length, key,
message, the sizes of the pieces the spec feeds it in (comma-separated),
and the digest.
"""

import hashlib
import random
import sys


def pieces(rng, n):
    """Piece sizes adding up to n."""
    sizes = []
    while n > 0:
        k = rng.randint(1, n)
        sizes.append(k)
        n -= k
    return sizes


def message_length(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return rng.randrange(3)
    if kind == 1:
        return rng.randrange(100, 300)
    return rng.randrange(1200)


def case(rng):
    digest_size = rng.randint(1, 64)
    key = rng.randbytes(0 if rng.randrange(4) == 0 else rng.randint(1, 64))
    msg = rng.randbytes(message_length(rng))
    sizes = [len(msg)] if rng.randrange(2) == 0 else pieces(rng, len(msg))
    digest = hashlib.blake2b(msg, key=key, digest_size=digest_size).digest()
    fields = [str(digest_size).encode(), key, msg, ",".join(map(str, sizes)).encode(), digest]
    return "\t".join(f.hex() for f in fields)


def main():
    count, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for _ in range(count):
        print(case(rng))


main()

-- Digest: MD5 against OCaml 4.13 (random strings and files from
-- spec/oracle/digest.ml); BLAKE2b against the published test vectors and
-- against Python's hashlib.blake2b (spec/oracle/blake2.py) on random cases.
-- Two behaviours of OCaml 5.2's runtime/blake2.c have no independent
-- reference here (no OCaml 5 on this machine, and standard BLAKE2b refuses
-- them): keys longer than 64 bytes and a second final on one context. The
-- former is checked only for the properties that file gives it; the latter
-- is not checked.

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local digest = ocamlrt.digest
local exn = ocamlrt.exn
local prims = ocamlrt.primitives
local io = ocamlrt.io

local unhex = helper.unhex
local function fields(line) return helper.fields(line, unhex) end

-- Fails naming the case; plain comparisons keep thousands of cases fast.
local function check(want, got, what, input)
  if want ~= got then
    error(string.format("%s(%q): got %q, OCaml %q", what, input, got, want), 2)
  end
end

local function show(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return "=" .. r end
  return "!" .. exn.to_string(r)
end

describe("Digest (MD5)", function()
  it("agrees with OCaml on 2000 random strings", function()
    local n = 0
    for line in helper.oracle("digest", "strings", 2000, 4242):gmatch("[^\n]+") do
      local f = fields(line)
      local s, ofs, len, s2 = f[1], tonumber(f[2]), tonumber(f[3]), f[11]
      check(f[4], digest.to_hex(digest.string(s)), "string", s)
      check(f[4], digest.to_hex(digest.bytes(ocamlrt.bytes.of_string(s))), "bytes", s)
      check(f[5], show(function() return digest.to_hex(digest.substring(s, ofs, len)) end), "substring", s)
      check(f[7], show(digest.from_hex, f[6]), "from_hex", f[6])
      check(f[7], show(digest.of_hex, f[6]), "of_hex", f[6])
      check(f[8], show(digest.to_hex, f[6]:sub(1, 16)), "to_hex", f[6])
      check(f[9], tostring(digest.compare(s, s2)), "compare", s)
      check(f[10], tostring(digest.equal(s, s2)), "equal", s)
      n = n + 1
    end
    assert.are.equal(2000, n)
  end)

  it("agrees with OCaml on files OCaml wrote, and on its errors", function()
    local dir = helper.tmpdir()
    local ok, out = pcall(helper.oracle, "digest", "files", dir, 20, 99)
    local n = 0
    if ok then
      for line in out:gmatch("[^\n]+") do
        local f = fields(line)
        if #f == 2 then
          check(f[2], show(function() return digest.to_hex(digest.file(f[1])) end), "file", f[1])
        else
          local path = dir .. "/" .. f[1]
          check(f[2], digest.to_hex(digest.file(path)), "file", path)
          local ic = io.open_in_bin(path)
          check(f[4], show(function() return digest.to_hex(digest.channel(ic, tonumber(f[3]))) end), "channel", path)
          check(f[5], tostring(io.pos_in(ic)), "pos_in", path)
          check(f[6], show(function() return digest.to_hex(digest.channel(ic, -1)) end), "channel", path)
          check(f[7], tostring(io.pos_in(ic)), "pos_in", path)
          io.close_in(ic)
        end
        n = n + 1
      end
    end
    helper.rmtree(dir)
    assert(ok, out)
    assert.are.equal(23, n)
  end)

  it("writes and reads digests on channels", function()
    local oc = io.open_out_buffer()
    digest.output(oc, digest.string("a"))
    digest.BLAKE256.output(oc, digest.BLAKE256.string("b"))
    local ic = io.open_in_string(io.contents(oc))
    assert.are.equal(digest.string("a"), digest.input(ic))
    assert.are.equal(digest.BLAKE256.string("b"), digest.BLAKE256.input(ic))
    helper.assert_raises("End_of_file", nil, digest.input, ic)
  end)

  it("caml_md5_string checks its range", function()
    helper.assert_raises("Invalid_argument", "Digest.substring", prims.caml_md5_string, "abc", 2, 2)
    helper.assert_raises("Invalid_argument", "Digest.substring", prims.caml_md5_string, "abc", -1, 1)
    assert.are.equal(digest.string("b"), prims.caml_md5_string("abc", 1, 1))
  end)
end)

-- The official BLAKE2b known-answer test (testvectors/blake2b-kat.txt of
-- the BLAKE2 reference repository): key 00 01 .. 3f, input 00 01 .. (n-1).
-- Entries 0, 1, 2 and 255 checked against the published file; every entry
-- here also agrees with Python's hashlib (the reference code).
local KAT = {
  [0] = "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
    .. "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568",
  [1] = "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4"
    .. "187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd",
  [2] = "da2cfbe2d8409a0f38026113884f84b50156371ae304c4430173d08a99d9fb1b"
    .. "983164a3770706d537f49e0c916d9f32b95cc37a95b99d857436f0232c88a965",
  [63] = "bd965bf31e87d70327536f2a341cebc4768eca275fa05ef98f7f1b71a0351298"
    .. "de006fba73fe6733ed01d75801b4a928e54231b38e38c562b2e33ea1284992fa",
  [64] = "65676d800617972fbd87e4b9514e1c67402b7a331096d3bfac22f1abb95374ab"
    .. "c942f16e9ab0ead33b87c91968a6e509e119ff07787b3ef483e1dcdccf6e3022",
  [65] = "939fa189699c5d2c81ddd1ffc1fa207c970b6a3685bb29ce1d3e99d42f2f7442"
    .. "da53e95a72907314f4588399a3ff5b0a92beb3f6be2694f9f86ecf2952d5b41c",
  [127] = "76d2d819c92bce55fa8e092ab1bf9b9eab237a25267986cacf2b8ee14d214d73"
    .. "0dc9a5aa2d7b596e86a1fd8fa0804c77402d2fcd45083688b218b1cdfa0dcbcb",
  [128] = "72065ee4dd91c2d8509fa1fc28a37c7fc9fa7d5b3f8ad3d0d7a25626b57b1b44"
    .. "788d4caf806290425f9890a3a2a35a905ab4b37acfd0da6e4517b2525c9651e4",
  [129] = "64475dfe7600d7171bea0b394e27c9b00d8e74dd1e416a79473682ad3dfdbb70"
    .. "6631558055cfc8a40e07bd015a4540dcdea15883cbbf31412df1de1cd4152b91",
  [254] = "d444bfa2362a96df213d070e33fa841f51334e4e76866b8139e8af3bb3398be2"
    .. "dfaddcbc56b9146de9f68118dc5829e74b0c28d7711907b121f9161cb92b69a9",
  [255] = "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
    .. "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461",
}

local function counting(n)
  local t = {}
  for i = 0, n - 1 do t[#t + 1] = string.char(i) end
  return table.concat(t)
end

-- RFC 7693 appendix E's generator for its self-test inputs and keys.
local function selftest_seq(len, seed)
  local a, b, out = (0xDEAD4BAD * seed) % 2 ^ 32, 1, {}
  for i = 1, len do
    local t = (a + b) % 2 ^ 32
    a, b = b, t
    out[i] = string.char(math.floor(t / 2 ^ 24))
  end
  return table.concat(out)
end

describe("Digest.BLAKE2", function()
  it("gives RFC 7693's BLAKE2b-512 of \"abc\" (appendix A)", function()
    assert.are.equal("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
      .. "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
      digest.BLAKE512.to_hex(digest.BLAKE512.string("abc")))
  end)

  it("passes RFC 7693's self-test: 4 digest lengths x 6 inputs, unkeyed and keyed (appendix E)", function()
    local all = digest.blake2(32).create()
    for _, outlen in ipairs({ 20, 32, 48, 64 }) do
      local m = digest.blake2(outlen)
      for _, inlen in ipairs({ 0, 3, 128, 129, 255, 1024 }) do
        local input = selftest_seq(inlen, inlen)
        all:update(m.string(input))
        all:update(m.keyed(selftest_seq(outlen, outlen), input))
      end
    end
    assert.are.equal("c23a7800d98123bd10f506c61e29da5603d763b8bbad2e737f5e765a7bccd475",
      digest.BLAKE256.to_hex(all:final()))
  end)

  it("matches the official keyed known-answer vectors", function()
    local key = counting(64)
    for n, want in pairs(KAT) do
      assert.are.equal(want, digest.BLAKE512.to_hex(digest.BLAKE512.keyed(key, counting(n))), "entry " .. n)
      local ctx = digest.BLAKE512.create(key)
      ctx:update(counting(n), 0, math.floor(n / 3))
      ctx:update(counting(n), math.floor(n / 3), n - math.floor(n / 3))
      assert.are.equal(want, digest.BLAKE512.to_hex(ctx:final()), "entry " .. n .. " in two parts")
    end
  end)

  it("BLAKE128 and BLAKE256 set the digest length, they do not truncate", function()
    local d128, d512 = digest.BLAKE128.string("abc"), digest.BLAKE512.string("abc")
    assert.are.equal(16, #d128)
    assert.are.equal(32, #digest.BLAKE256.string("abc"))
    assert.are_not.equal(d512:sub(1, 16), d128)
  end)

  it("checks hash sizes, ranges and hex as OCaml 5.2 does", function()
    helper.assert_raises("Invalid_argument", "Digest.BLAKE2: wrong hash size", digest.blake2, 0)
    helper.assert_raises("Invalid_argument", "Digest.BLAKE2: wrong hash size", digest.blake2, 65)
    helper.assert_raises("Invalid_argument", "Digest.BLAKE2: wrong hash size",
      prims.caml_blake2_string, 65, "", "", 0, 0)
    helper.assert_raises("Invalid_argument", "Digest.substring", digest.BLAKE256.substring, "abc", 1, 3)
    helper.assert_raises("Invalid_argument", "Digest.to_hex", digest.BLAKE256.to_hex, "short")
    helper.assert_raises("Invalid_argument", "Digest.of_hex", digest.BLAKE128.of_hex, "00")
    helper.assert_raises("Invalid_argument", "Digest.of_hex", digest.BLAKE128.of_hex, ("g"):rep(32))
    local d = digest.BLAKE128.string("x")
    assert.are.equal(d, digest.BLAKE128.of_hex(digest.BLAKE128.to_hex(d):upper()))
    helper.assert_raises("Invalid_argument", nil, prims.caml_blake2_update, {}, "", 0, 0)
  end)

  it("agrees with hashlib.blake2b on 3000 random cases: digest lengths 1..64, keys 0..64 bytes, pieces", function()
    local n = 0
    for line in helper.oracle("blake2", 3000, 5252):gmatch("[^\n]+") do
      local f = fields(line)
      local hash_len, key, msg = tonumber(f[1]), f[2], f[3]
      check(f[5], prims.caml_blake2_string(hash_len, key, msg, 0, #msg), "caml_blake2_string", msg)
      local ctx, pos = prims.caml_blake2_create(hash_len, key), 0
      for size in f[4]:gmatch("%d+") do
        prims.caml_blake2_update(ctx, msg, pos, tonumber(size))
        pos = pos + tonumber(size)
      end
      check(f[5], prims.caml_blake2_final(ctx, hash_len), "caml_blake2_final", msg)
      n = n + 1
    end
    assert.are.equal(3000, n)
  end)

  it("hashes channels as OCaml 5.2's BLAKE2.channel: k bytes, the rest, End_of_file", function()
    local data = selftest_seq(10000, 3)
    local ic = io.open_in_string(data)
    assert.are.equal(digest.BLAKE512.string(data:sub(1, 4100)), digest.BLAKE512.channel(ic, 4100))
    assert.are.equal(4100, io.pos_in(ic))
    assert.are.equal(digest.BLAKE512.string(data:sub(4101)), digest.BLAKE512.channel(ic, -1))
    helper.assert_raises("End_of_file", nil, digest.BLAKE128.channel, io.open_in_string("abc"), 4)
  end)

  it("hashes files, and keys longer than 64 bytes as OCaml 5.2's blake2.c describes", function()
    local dir = helper.tmpdir()
    local path = dir .. "/data"
    local f = assert(_G.io.open(path, "wb"))
    f:write(selftest_seq(10000, 7))
    f:close()
    local file_digest = digest.BLAKE256.file(path)
    helper.rmtree(dir)
    assert.are.equal(digest.BLAKE256.string(selftest_seq(10000, 7)), file_digest)
    -- Only 64 key bytes are used, but the key's length enters the parameter
    -- block: a 65-byte key differs from its first 64 bytes.
    local key = counting(65)
    assert.are.equal(64, #digest.BLAKE512.keyed(key, "m"))
    assert.are_not.equal(digest.BLAKE512.keyed(key:sub(1, 64), "m"), digest.BLAKE512.keyed(key, "m"))
    assert.are.equal(digest.BLAKE512.keyed(key, "m"), digest.BLAKE512.keyed(key:sub(1, 64) .. "z", "m"))
  end)
end)

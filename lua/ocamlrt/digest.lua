--- OCaml's Digest for Lua: MD5 (OCaml 4.13's Digest, the default) and
-- BLAKE2b (OCaml 5.2's Digest.BLAKE128/256/512 and Digest.BLAKE2 functor).
-- Digests are Lua strings of raw bytes; every function that takes a string
-- also takes bytes. Offsets are 0-based, as in OCaml.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local native = core.native
local io = require("ocamlrt.io")

local digest = {}

-- Hex digits of a raw string, lowercase.
local function hex_of_string(d)
  return (d:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

---@type table<integer, integer>
local hex_value = {}
for i = 0, 9 do hex_value[48 + i] = i end
for i = 0, 5 do hex_value[65 + i], hex_value[97 + i] = 10 + i, 10 + i end

-- The raw string of hex digits `s`; `Invalid_argument msg` on a non-digit.
local function string_of_hex(s, msg)
  local out = {}
  for i = 1, #s - 1, 2 do
    local hi, lo = hex_value[s:byte(i)], hex_value[s:byte(i + 1)]
    if not hi or not lo then exn.invalid_argument(msg) end
    out[#out + 1] = string.char(hi * 16 + lo)
  end
  return table.concat(out)
end

-- A Lua string for a string or bytes argument.
local function as_string(s)
  if type(s) == "string" then return s end
  return native.caml_string_of_bytes(s)
end

-- OCaml's String.compare: -1, 0 or 1 by byte order.
local function compare(a, b)
  if a == b then return 0 end
  return a < b and -1 or 1
end

-- Digests `path` as Digest.file: opens it as open_in_bin, hashes it all
-- with `channel`, closes it whatever happens.
local function hash_file(channel, path)
  local ic = io.open_in_bin(path)
  local ok, d = pcall(channel, ic, -1)
  io.close_in(ic)
  if not ok then error(d, 0) end
  return d
end

-- What both families share: comparisons, hex, channels.
local function common(m, hash_length, from_hex_msg)
  m.hash_length = hash_length
  --- -1, 0 or 1, as String.compare.
  m.compare = compare
  --- Whether two digests are equal (a Lua boolean).
  function m.equal(a, b) return a == b end
  --- The digest as lowercase hex; `Invalid_argument "Digest.to_hex"` for a
  --- string of the wrong length.
  function m.to_hex(d)
    d = as_string(d)
    if #d ~= hash_length then exn.invalid_argument("Digest.to_hex") end
    return hex_of_string(d)
  end
  --- The digest written in hex (either case); OCaml's `Invalid_argument`
  --- for a wrong length or a non-hex character.
  function m.of_hex(s)
    s = as_string(s)
    if #s ~= 2 * hash_length then exn.invalid_argument(from_hex_msg) end
    return string_of_hex(s, from_hex_msg)
  end
  --- Writes the digest to the out channel `oc`.
  function m.output(oc, d) io.output_string(oc, d) end
  --- Reads a digest (`hash_length` bytes) from the in channel `ic`.
  function m.input(ic) return io.really_input_string(ic, hash_length) end
  --- The digest of the whole file `path`; OCaml's `Sys_error` when it cannot be read.
  function m.file(path) return hash_file(m.channel, path) end
  return m
end

-- MD5 ----------------------------------------------------------------------

local md5 = {}
common(md5, 16, "Digest.from_hex")

--- The MD5 of a string (or bytes).
function md5.string(s) return native.caml_md5_string(s, 0, #s) end
md5.bytes = md5.string
--- The MD5 of `len` bytes of `s` from `ofs`; `Invalid_argument "Digest.substring"` out of range.
function md5.substring(s, ofs, len) return native.caml_md5_string(s, ofs, len) end
md5.subbytes = md5.substring

--- `from_hex` as OCaml 4.13 names it (also `of_hex`).
md5.from_hex = md5.of_hex

--- `channel(ic, len)`: the MD5 of the next `len` bytes of the in channel
--- `ic` (`End_of_file` if it has fewer), or of all that is left when `len`
--- is negative.
md5.channel = native.caml_md5_chan

-- BLAKE2 -------------------------------------------------------------------

--- A Digest.BLAKE2 module for `hash_length`-byte digests (1 to 64), as
--- OCaml 5.2's functor; `Invalid_argument "Digest.BLAKE2: wrong hash size"`
--- otherwise.
---@param hash_length integer
---@return table
function digest.blake2(hash_length)
  if hash_length < 1 or hash_length > 64 then exn.invalid_argument("Digest.BLAKE2: wrong hash size") end
  local m = common({}, hash_length, "Digest.of_hex")
  function m.string(s) return native.caml_blake2_string(hash_length, "", s, 0, #s) end
  m.bytes = m.string
  function m.substring(s, ofs, len) return native.caml_blake2_string(hash_length, "", s, ofs, len) end
  m.subbytes = m.substring
  --- A keyed digest (BLAKE2's MAC mode): `key` of up to 64 bytes.
  function m.keyed(key, s) return native.caml_blake2_string(hash_length, key, s, 0, #s) end
  --- An incremental context: `ctx:update(s)`, then `ctx:final()`.
  function m.create(key)
    local ctx = native.caml_blake2_create(hash_length, key or "")
    return {
      update = function(_, s, ofs, len)
        native.caml_blake2_update(ctx, s, ofs or 0, len or #s - (ofs or 0))
      end,
      final = function() return native.caml_blake2_final(ctx, hash_length) end,
    }
  end
  --- `channel(ic, len)`: as MD5's, with this digest.
  function m.channel(ic, len) return native._blake2_chan(hash_length, ic, len) end
  return m
end

digest.BLAKE128 = digest.blake2(16)
digest.BLAKE256 = digest.blake2(32)
digest.BLAKE512 = digest.blake2(64)
digest.MD5 = md5

-- The default Digest is MD5, as in OCaml.
for k, v in pairs(md5) do rawset(digest, k, v) end

return digest

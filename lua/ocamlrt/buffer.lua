--- OCaml's Buffer for Lua, in the record layout of stdlib/buffer.ml (4.13):
-- `{0, buffer, position, length, initial_buffer}` where `buffer` and
-- `initial_buffer` are ocamlrt bytes. Growth doubles as OCaml's `resize`
-- does, so a buffer marshals exactly as native OCaml's (apart from the bytes
-- past `position`, which OCaml leaves uninitialised and ocamlrt zero-fills).
-- Characters are integers 0..255; offsets are 0-based.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local callbacks = require("ocamlrt.callbacks")
local args = require("ocamlrt.args")
local native = core.native

local create_bytes = native.caml_create_bytes
local blit_bytes = native.caml_blit_bytes
local blit_string = native.caml_blit_string
local bytes_set = native.caml_bytes_unsafe_set
local bytes_get = native.caml_bytes_unsafe_get
local string_sub = native.caml_string_sub
local bytes_sub = native.caml_bytes_sub
local bytes_length = native.caml_ml_bytes_length
local bytes_of_string = native.caml_bytes_of_string
local max_length = callbacks.max_string_length
local invalid_arg = exn.invalid_argument
local floor = math.floor

-- Field positions of the record (Lua index = OCaml field + 2).
local BUFFER, POSITION, LENGTH, INITIAL = 2, 3, 4, 5

-- The storage, made writable: a buffer unmarshalled from OCaml's data holds
-- Lua strings (marshalled data does not tell bytes from strings), turned
-- into bytes at the first write. Nothing reads the initial storage's
-- contents, so it may stay a string until `reset` brings it back.
local function writable(b)
  local s = b[BUFFER]
  if type(s) == "string" then
    s = bytes_of_string(s)
    b[BUFFER] = s
  end
  return s
end

local buffer = {}

--- `Buffer.create n`: an empty buffer with initial storage of `n` bytes
--- (clamped to 1 .. Sys.max_string_length).
---@param n integer
---@return table
function buffer.create(n)
  if n < 1 then n = 1 end
  if n > max_length then n = max_length end
  local s = create_bytes(n)
  return { 0, s, 0, n, s }
end

--- `Buffer.contents b` as a Lua string.
---@param b table
---@return string
function buffer.contents(b)
  return string_sub(b[BUFFER], 0, b[POSITION])
end

--- `Buffer.to_bytes b`: a fresh bytes copy of the contents.
function buffer.to_bytes(b)
  return bytes_sub(b[BUFFER], 0, b[POSITION])
end

--- `Buffer.sub b ofs len` as a Lua string.
function buffer.sub(b, ofs, len)
  if ofs < 0 or len < 0 or ofs > b[POSITION] - len then invalid_arg("Buffer.sub") end
  return string_sub(b[BUFFER], ofs, len)
end

--- `Buffer.blit src srcoff dst dstoff len` into the bytes `dst`.
function buffer.blit(src, srcoff, dst, dstoff, len)
  if len < 0 or srcoff < 0 or srcoff > src[POSITION] - len
    or dstoff < 0 or dstoff > bytes_length(dst) - len then
    invalid_arg("Buffer.blit")
  end
  blit_bytes(src[BUFFER], srcoff, dst, dstoff, len)
end

--- `Buffer.nth b ofs`: the char code at `ofs`.
function buffer.nth(b, ofs)
  if ofs < 0 or ofs >= b[POSITION] then invalid_arg("Buffer.nth") end
  return bytes_get(b[BUFFER], ofs)
end

--- `Buffer.length b`: the number of bytes held.
function buffer.length(b)
  return b[POSITION]
end

--- `Buffer.clear b`: empties the buffer, keeping its storage.
function buffer.clear(b)
  b[POSITION] = 0
end

--- `Buffer.reset b`: empties the buffer and returns to the initial storage.
function buffer.reset(b)
  b[POSITION] = 0
  b[BUFFER] = b[INITIAL]
  b[LENGTH] = #b[BUFFER]
end

-- OCaml's resize: double until `more` bytes fit after `position`.
local function resize(b, more)
  local pos = b[POSITION]
  local new_len = b[LENGTH]
  while pos + more > new_len do new_len = 2 * new_len end
  if new_len > max_length then
    if pos + more <= max_length then
      new_len = max_length
    else
      exn.failwith("Buffer.add: cannot grow buffer")
    end
  end
  local new_buffer = create_bytes(new_len)
  blit_bytes(b[BUFFER], 0, new_buffer, 0, pos)
  b[BUFFER] = new_buffer
  b[LENGTH] = new_len
end

--- `Buffer.add_char b c` with `c` a char code 0..255.
function buffer.add_char(b, c)
  local pos = b[POSITION]
  if pos >= b[LENGTH] then resize(b, 1) end
  local s = b[BUFFER]
  if type(s) == "string" then s = writable(b) end
  bytes_set(s, pos, c)
  b[POSITION] = pos + 1
end

-- Appends the given byte values (a UTF encoding of one character).
local function add_codes(b, n, c1, c2, c3, c4)
  local pos = b[POSITION]
  if pos + n > b[LENGTH] then resize(b, n) end
  local s = writable(b)
  bytes_set(s, pos, c1)
  bytes_set(s, pos + 1, c2)
  if n > 2 then bytes_set(s, pos + 2, c3) end
  if n > 3 then bytes_set(s, pos + 3, c4) end
  b[POSITION] = pos + n
end

-- OCaml's `%X` of an int: negative ones as their 63-bit two's complement.
local function int_hex(n)
  if n >= 0 then return string.format("%X", n) end
  local m = -n - 1
  return string.format("%X%08X", 0x7FFFFFFF - floor(m / 2 ^ 32), 0xFFFFFFFF - m % 2 ^ 32)
end

-- A Uchar.t's integer, checked as Uchar.of_int checks it.
local function scalar_value(u)
  if type(u) ~= "number" or u % 1 ~= 0 then
    invalid_arg(tostring(u) .. " is not an Unicode scalar value")
  end
  if u < 0 or u > 0x10FFFF or (u >= 0xD800 and u <= 0xDFFF) then
    invalid_arg(int_hex(u) .. " is not an Unicode scalar value")
  end
  return u
end

--- `Buffer.add_utf_8_uchar b u`: appends the UTF-8 encoding of the Unicode
--- scalar value `u` (`Invalid_argument` as `Uchar.of_int` for any other int).
function buffer.add_utf_8_uchar(b, u)
  u = scalar_value(u)
  if u <= 0x7F then
    buffer.add_char(b, u)
  elseif u <= 0x7FF then
    add_codes(b, 2, 0xC0 + floor(u / 64), 0x80 + u % 64)
  elseif u <= 0xFFFF then
    add_codes(b, 3, 0xE0 + floor(u / 4096), 0x80 + floor(u / 64) % 64, 0x80 + u % 64)
  else
    add_codes(b, 4, 0xF0 + floor(u / 262144), 0x80 + floor(u / 4096) % 64,
      0x80 + floor(u / 64) % 64, 0x80 + u % 64)
  end
end

-- UTF-16 code units of a scalar value: one, or a surrogate pair.
local function utf16_units(u)
  if u <= 0xFFFF then return u end
  local v = u - 0x10000
  return 0xD800 + floor(v / 1024), 0xDC00 + v % 1024
end

--- `Buffer.add_utf_16be_uchar b u`.
function buffer.add_utf_16be_uchar(b, u)
  local hi, lo = utf16_units(scalar_value(u))
  if lo then
    add_codes(b, 4, floor(hi / 256), hi % 256, floor(lo / 256), lo % 256)
  else
    add_codes(b, 2, floor(hi / 256), hi % 256)
  end
end

--- `Buffer.add_utf_16le_uchar b u`.
function buffer.add_utf_16le_uchar(b, u)
  local hi, lo = utf16_units(scalar_value(u))
  if lo then
    add_codes(b, 4, hi % 256, floor(hi / 256), lo % 256, floor(lo / 256))
  else
    add_codes(b, 2, hi % 256, floor(hi / 256))
  end
end

--- `Buffer.add_substring b s ofs len` (`s` a string or bytes).
function buffer.add_substring(b, s, ofs, len)
  if ofs < 0 or len < 0 or ofs > #s - len then invalid_arg("Buffer.add_substring/add_subbytes") end
  local new_position = b[POSITION] + len
  if new_position > b[LENGTH] then resize(b, len) end
  blit_string(s, ofs, writable(b), b[POSITION], len)
  b[POSITION] = new_position
end

--- `Buffer.add_subbytes b s ofs len`.
buffer.add_subbytes = buffer.add_substring

--- `Buffer.add_string b s` (`s` a string or bytes).
function buffer.add_string(b, s)
  local len = #s
  local new_position = b[POSITION] + len
  if new_position > b[LENGTH] then resize(b, len) end
  blit_string(s, 0, writable(b), b[POSITION], len)
  b[POSITION] = new_position
end

--- `Buffer.add_bytes b s`.
buffer.add_bytes = buffer.add_string

--- `Buffer.add_buffer b bs`: appends the contents of `bs`.
function buffer.add_buffer(b, bs)
  buffer.add_substring(b, bs[BUFFER], 0, bs[POSITION])
end

--- `Buffer.truncate b len`: keeps the first `len` bytes.
function buffer.truncate(b, len)
  if len < 0 or len > b[POSITION] then invalid_arg("Buffer.truncate") end
  b[POSITION] = len
end

local input = native.caml_ml_input

-- Reads up to `len` bytes from `ic` into `buf` at `ofs`, stopping early
-- only at end of input; returns how many were read.
local function really_input_up_to(ic, buf, ofs, len)
  local already_read = 0
  while len > 0 do
    local r = input(ic, buf, ofs, len)
    if r == 0 then break end
    already_read, ofs, len = already_read + r, ofs + r, len - r
  end
  return already_read
end

--- `Buffer.add_channel b ic n`: appends `n` bytes read from the in-channel
--- `ic`; on `End_of_file` the bytes that could be read stay added, as in
--- OCaml.
function buffer.add_channel(b, ic, len)
  if len < 0 or len > max_length then invalid_arg("Buffer.add_channel") end
  if b[POSITION] + len > b[LENGTH] then resize(b, len) end
  local n = really_input_up_to(ic, writable(b), b[POSITION], len)
  b[POSITION] = b[POSITION] + n
  if n < len then exn.raise_end_of_file() end
end

--- `Buffer.output_buffer oc b`: writes the contents of `b` to the out-channel `oc`.
function buffer.output_buffer(oc, b)
  native.caml_ml_output_bytes(oc, b[BUFFER], 0, b[POSITION])
end

--- Iterates over the char codes of `b` as `Buffer.to_seqi` does, reading
--- `position` at each step: `for i, c in buffer.chars(b) do ... end` (i 0-based).
function buffer.chars(b)
  local i = -1
  return function()
    i = i + 1
    if i >= b[POSITION] then return nil end
    return i, bytes_get(b[BUFFER], i)
  end
end

-- v[POSITION] and v[LENGTH] numbers, v[BUFFER] a string or bytes.
args.kind("buffer", "a Buffer.t", 'type(v) == "table" and type(v[3]) == "number" and type(v[4]) == "number"'
  .. ' and (type(v[2]) == "string" or type(v[2]) == "userdata")')

args.check(buffer, "Buffer", {
  create = "int", contents = "buffer", to_bytes = "buffer", sub = "buffer int int",
  blit = "buffer int _ int int", nth = "buffer int", length = "buffer", clear = "buffer", reset = "buffer",
  add_char = "buffer _", add_utf_8_uchar = "buffer _", add_utf_16be_uchar = "buffer _",
  add_utf_16le_uchar = "buffer _", add_substring = "buffer string int int",
  add_subbytes = "buffer string int int", add_string = "buffer string", add_bytes = "buffer string",
  add_buffer = "buffer buffer", truncate = "buffer int", add_channel = "buffer _ int",
  output_buffer = "_ buffer", chars = "buffer",
})

return buffer

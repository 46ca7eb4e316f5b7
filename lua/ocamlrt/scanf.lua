--- OCaml's Scanf for Lua: `sscanf`, `bscanf`, `fscanf`, `scanf` (and the
-- `k` variants) with OCaml format strings and OCaml's scanning rules
-- (stdlib/scanf.ml): one character of look-ahead kept in the scanning
-- buffer, a space in the format matching any amount of white space, width
-- limits, `%s@c` stoppers, `Scan_failure` with OCaml's messages and
-- `End_of_file` when the input runs out.
--
-- Results are OCaml values as the value contract has them: ints, floats,
-- strings, chars as integers, bools as 0/1, int32/int64/nativeint as custom
-- blocks. They are passed to the continuation `k` when one is given, or
-- returned.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local cif = require("ocamlrt.camlinternalformat")

local native = core.native
local int_of_string = native.caml_int_of_string
local float_of_string = native.caml_float_of_string
local boxed_of_string = {
  l = native.caml_int32_of_string,
  L = native.caml_int64_of_string,
  n = native.caml_nativeint_of_string,
}

local schar, sbyte, concat = string.char, string.byte, table.concat
---@type fun(list: integer[], i?: integer, j?: integer): integer...
local unpack = table.unpack or rawget(_G, "unpack")

local scanf = {}

local MAX = math.huge
local SCAN_FAILURE = "Stdlib.Scanf.Scan_failure"

---@param msg string
---@return never
local function bad_input(msg)
  return exn.raise(exn.constructor(SCAN_FAILURE), msg)
end

local function quote_char(c)
  return "'" .. cif.char_escaped(c) .. "'"
end

local function bad_input_escape(c)
  bad_input("illegal escape character " .. quote_char(c))
end

local function bad_token_length(what)
  bad_input("scanning of " .. what .. " failed: the specified length was too short for token")
end

local function bad_end_of_input(what)
  bad_input("scanning of " .. what .. " failed: premature end of file occurred before end of token")
end

local function bad_float()
  bad_input("no dot or exponent part found in float token")
end

local function bad_hex_float()
  bad_input("not a valid float in hexadecimal notation")
end

local function character_mismatch(c, ci)
  bad_input("looking for " .. quote_char(c) .. ", found " .. quote_char(ci))
end

-- ------------------------------------------------------------------
-- Scanning buffers (OCaml's Scanf.Scanning.in_channel)

local Scanning = {}
scanf.Scanning = Scanning

-- A scanning buffer: the look-ahead byte `cur` (valid or not), the
-- counters, the token being built, and where bytes come from: the string
-- `src` read at `pos`, or the function `get_next` (nil at end of input).
---@class ocamlrt.scanf.buffer
---@field eof boolean
---@field cur integer
---@field valid boolean
---@field char_count integer
---@field line_count integer
---@field token_count integer
---@field get_next? fun(): integer?
---@field src? string
---@field pos integer
---@field tok integer[]
---@field ntok integer
---@field name string

---@param name string
---@param next? fun(): integer?
---@param src? string
---@return ocamlrt.scanf.buffer
local function create(name, next, src)
  return {
    eof = false, cur = 0, valid = false,
    char_count = 0, line_count = 0, token_count = 0,
    get_next = next, src = src, pos = 0, tok = {}, ntok = 0, name = name,
  }
end

-- Reads the next byte into the look-ahead; at end of input sets `eof`.
---@param ib ocamlrt.scanf.buffer
---@return integer
local function next_char(ib)
  local c ---@type integer?
  local src = ib.src
  if src then
    c = sbyte(src, ib.pos + 1) --[[@as integer?]] -- nothing past the end
    if c then ib.pos = ib.pos + 1 end
  else
    c = (ib.get_next --[[@as fun(): integer?]])()
  end
  if c then
    ib.cur, ib.valid = c, true
    ib.char_count = ib.char_count + 1
    if c == 10 then ib.line_count = ib.line_count + 1 end
    return c
  end
  ib.cur, ib.valid, ib.eof = 0, false, true
  return 0
end

---@param ib ocamlrt.scanf.buffer
---@return integer
local function peek_char(ib)
  if ib.valid then return ib.cur end
  return next_char(ib)
end

---@param ib ocamlrt.scanf.buffer
---@return integer
local function checked_peek_char(ib)
  local c = peek_char(ib)
  if ib.eof then exn.raise_end_of_file() end
  return c
end

local function end_of_input(ib)
  peek_char(ib)
  return ib.eof
end

local function char_count(ib)
  if ib.valid then return ib.char_count - 1 end
  return ib.char_count
end

local function invalidate(ib)
  ib.valid = false
end

-- The token's bytes are kept as numbers and made a string in chunks (one
-- string.char call per chunk, within every interpreter's argument limit).
local CHUNK = 4000

---@param ib ocamlrt.scanf.buffer
---@return string
local function token(ib)
  local tok, n = ib.tok, ib.ntok
  local s
  if n <= CHUNK then
    s = schar(unpack(tok, 1, n))
  else
    local parts = {}
    for first = 1, n, CHUNK do
      parts[#parts + 1] = schar(unpack(tok, first, math.min(n, first + CHUNK - 1)))
    end
    s = concat(parts)
  end
  ib.ntok = 0
  ib.token_count = ib.token_count + 1
  return s
end

local function store_char(width, ib, c)
  local n = ib.ntok + 1
  ib.tok[n] = c
  ib.ntok = n
  ib.valid = false
  return width - 1
end

local function ignore_char(width, ib)
  ib.valid = false
  return width - 1
end

--- A scanning buffer reading the string `s`.
---@param s string
---@return table
function Scanning.from_string(s)
  if type(s) == "userdata" then s = native.caml_string_of_bytes(s) end
  if type(s) ~= "string" then
    exn.invalid_argument("Scanf: the input must be a string or bytes, got " .. type(s))
  end
  return create("unnamed character string", nil, s)
end

--- A scanning buffer reading the bytes `f()` returns (a byte 0..255 or a
--- 1-char string; nil or End_of_file at end of input).
---@param f fun(): (integer|string|nil)
---@return table
function Scanning.from_function(f)
  return create("unnamed function", function()
    local ok, c = pcall(f)
    if not ok then
      if exn.is(c, "End_of_file") then return nil end
      error(c, 0)
    end
    if type(c) == "string" then return sbyte(c) end
    return c
  end)
end

-- Reads a Lua file in blocks of 1024 bytes, as OCaml's from_ic does.
local function file_reader(file)
  local block, i = "", 0
  return function()
    if i >= #block then
      block = file:read(1024)
      if not block or block == "" then
        block, i = "", 0
        return nil
      end
      i = 0
    end
    i = i + 1
    return sbyte(block, i)
  end
end

-- Reads an ocamlrt channel byte by byte (the channel buffers).
local function channel_reader(chan)
  local input_char = native.caml_ml_input_char
  return function()
    local ok, c = pcall(input_char, chan)
    if ok then return c end
    if exn.is(c, "End_of_file") then return nil end
    error(c, 0)
  end
end

--- A scanning buffer reading `chan`: an ocamlrt in_channel (ocamlrt.io) or
--- a Lua file (io.open(...), io.stdin).
---@param chan any
---@return table
function Scanning.from_channel(chan)
  if io.type(chan) then
    return create("unnamed Stdlib input channel", file_reader(chan))
  end
  return create("unnamed Stdlib input channel", channel_reader(chan))
end

--- Whether the buffer is at end of input (reading one byte to know).
---@param ib table
---@return boolean
function Scanning.end_of_input(ib)
  return end_of_input(ib)
end

-- The buffer on standard input (ocamlrt.io.stdin), shared by every
-- `scanf` call.
local stdin_buffer ---@type table?

--- The scanning buffer on standard input.
---@return table
function Scanning.stdin()
  if not stdin_buffer then
    stdin_buffer = Scanning.from_channel(require("ocamlrt.io").stdin)
    stdin_buffer.name = "-"
  end
  return stdin_buffer
end

-- ------------------------------------------------------------------
-- Scanners (each a transcription of its namesake in stdlib/scanf.ml)

local function is_space(c)
  return c == 32 or c == 9 or c == 10 or c == 13
end

local function skip_whites(ib)
  while true do
    local c = peek_char(ib)
    if ib.eof or not is_space(c) then return end
    invalidate(ib)
  end
end

local function check_this_char(ib, c)
  local ci = checked_peek_char(ib)
  if ci == c then invalidate(ib) else character_mismatch(c, ci) end
end

local function check_newline(ib)
  local ci = checked_peek_char(ib)
  if ci == 10 then
    invalidate(ib)
  elseif ci == 13 then
    invalidate(ib)
    check_this_char(ib, 10)
  else
    character_mismatch(10, ci)
  end
end

local function check_char(ib, c)
  if c == 32 then skip_whites(ib)
  elseif c == 10 then check_newline(ib)
  else check_this_char(ib, c) end
end

local function check_string(ib, s)
  for k = 1, #s do check_char(ib, sbyte(s, k)) end
end

local function is_digit(c) return c >= 48 and c <= 57 end
local function is_binary(c) return c == 48 or c == 49 end
local function is_octal(c) return c >= 48 and c <= 55 end
local function is_hex(c) return is_digit(c) or (c >= 65 and c <= 70) or (c >= 97 and c <= 102) end

-- The hot loop of number scanning, with peek_char and store_char written
-- in place.
local function scan_digit_star(digitp, width, ib)
  local tok, n = ib.tok, ib.ntok
  while width ~= 0 do
    local c
    if ib.valid then c = ib.cur else c = next_char(ib) end
    if ib.eof then break end
    if digitp(c) then
      n = n + 1
      tok[n] = c
    elseif c ~= 95 then
      break
    end
    ib.valid = false
    width = width - 1
  end
  ib.ntok = n
  return width
end

local function scan_decimal_digit_star(width, ib)
  return scan_digit_star(is_digit, width, ib)
end

local function scan_decimal_digit_plus(width, ib)
  if width == 0 then bad_token_length("decimal digits") end
  local c = checked_peek_char(ib)
  if not is_digit(c) then
    bad_input("character " .. quote_char(c) .. " is not a decimal digit")
  end
  return scan_decimal_digit_star(store_char(width, ib, c), ib)
end

local function scan_digit_plus(basis, digitp)
  return function(width, ib)
    if width == 0 then bad_token_length("digits") end
    local c = checked_peek_char(ib)
    if not digitp(c) then
      bad_input("character " .. quote_char(c) .. " is not a valid " .. basis .. " digit")
    end
    return scan_digit_star(digitp, store_char(width, ib, c), ib)
  end
end

local scan_binary_int = scan_digit_plus("binary", is_binary)
local scan_octal_int = scan_digit_plus("octal", is_octal)
local scan_hexadecimal_int = scan_digit_plus("hexadecimal", is_hex)

local function scan_sign(width, ib)
  local c = checked_peek_char(ib)
  if c == 43 or c == 45 then return store_char(width, ib, c) end
  return width
end

local function scan_optionally_signed_decimal_int(width, ib)
  return scan_decimal_digit_plus(scan_sign(width, ib), ib)
end

local function scan_unsigned_int(width, ib)
  local c = checked_peek_char(ib)
  if c ~= 48 then return scan_decimal_digit_plus(width, ib) end
  width = store_char(width, ib, c)
  if width == 0 then return width end
  c = peek_char(ib) ---@type integer
  if ib.eof then return width end
  if c == 120 or c == 88 then return scan_hexadecimal_int(store_char(width, ib, c), ib) end
  if c == 111 then return scan_octal_int(store_char(width, ib, c), ib) end
  if c == 98 then return scan_binary_int(store_char(width, ib, c), ib) end
  return scan_decimal_digit_star(width, ib)
end

local function scan_optionally_signed_int(width, ib)
  return scan_unsigned_int(scan_sign(width, ib), ib)
end

-- Per integer conversion letter: the scanner and the prefix the token gets
-- before OCaml's of_string.
---@type table<string, {[1]: function, [2]: string}?>
local int_scanners = {
  d = { scan_optionally_signed_decimal_int, "" },
  i = { scan_optionally_signed_int, "" },
  u = { scan_decimal_digit_plus, "0u" },
  o = { scan_octal_int, "0o" },
  x = { scan_hexadecimal_int, "0x" },
  X = { scan_hexadecimal_int, "0x" },
}

local function scan_fractional_part(width, ib)
  if width == 0 then return width end
  local c = peek_char(ib)
  if ib.eof or not is_digit(c) then return width end
  return scan_decimal_digit_star(store_char(width, ib, c), ib)
end

local function scan_exponent_part(width, ib)
  if width == 0 then return width end
  local c = peek_char(ib)
  if ib.eof or (c ~= 101 and c ~= 69) then return width end
  return scan_optionally_signed_decimal_int(store_char(width, ib, c), ib)
end

local function scan_float(width, precision, ib)
  width = scan_decimal_digit_star(scan_sign(width, ib), ib)
  if width == 0 then return width end
  local c = peek_char(ib)
  if ib.eof then return width end
  if c == 46 then
    width = store_char(width, ib, c)
    precision = math.min(width, precision)
    width = width - (precision - scan_fractional_part(precision, ib))
  end
  return scan_exponent_part(width, ib)
end

local function check_case_insensitive_string(width, ib, fail, str)
  for k = 1, #str do
    local c = peek_char(ib)
    if schar(c):lower() ~= str:sub(k, k) then fail() end
    if width == 0 then fail() end
    width = store_char(width, ib, c)
  end
  return width
end

local function at_end(width, ib)
  return width == 0 or end_of_input(ib)
end

-- The fraction after a hex point: at most `precision` digits.
local function scan_hex_fraction(width, precision, ib)
  width = store_char(width, ib, 46)
  if at_end(width, ib) then return width end
  local c = peek_char(ib)
  if c == 112 or c == 80 then return width end
  precision = math.min(width, precision)
  return width - (precision - scan_hexadecimal_int(precision, ib))
end

local function scan_hex_exponent(width, ib, fail)
  if at_end(width, ib) then return width end
  local c = peek_char(ib)
  if c ~= 112 and c ~= 80 then return width end
  width = store_char(width, ib, c)
  if at_end(width, ib) then fail() end
  return scan_optionally_signed_decimal_int(width, ib)
end

local function scan_hex_float(width, precision, ib)
  if at_end(width, ib) then bad_hex_float() end
  width = scan_sign(width, ib)
  if at_end(width, ib) then bad_hex_float() end
  local c = peek_char(ib)
  if c == 48 then
    width = store_char(width, ib, c)
    if at_end(width, ib) then bad_hex_float() end
    width = check_case_insensitive_string(width, ib, bad_hex_float, "x")
    if at_end(width, ib) then return width end
    c = peek_char(ib) ---@type integer
    if c ~= 46 and c ~= 112 and c ~= 80 then width = scan_hexadecimal_int(width, ib) end
    if at_end(width, ib) then return width end
    if peek_char(ib) == 46 then width = scan_hex_fraction(width, precision, ib) end
    return scan_hex_exponent(width, ib, bad_hex_float)
  elseif c == 110 or c == 78 then
    width = store_char(width, ib, c)
    if at_end(width, ib) then bad_hex_float() end
    return check_case_insensitive_string(width, ib, bad_hex_float, "an")
  elseif c == 105 or c == 73 then
    width = store_char(width, ib, c)
    if at_end(width, ib) then bad_hex_float() end
    return check_case_insensitive_string(width, ib, bad_hex_float, "nfinity")
  end
  bad_hex_float()
end

local function scan_caml_float_rest(width, precision, ib)
  if at_end(width, ib) then bad_float() end
  width = scan_decimal_digit_star(width, ib)
  if at_end(width, ib) then bad_float() end
  local c = peek_char(ib)
  if c == 46 then
    width = store_char(width, ib, c)
    precision = math.min(width, precision)
    local left = scan_fractional_part(precision, ib)
    return scan_exponent_part(width - (precision - left), ib)
  elseif c == 101 or c == 69 then
    return scan_exponent_part(width, ib)
  end
  bad_float()
end

local function scan_caml_float(width, precision, ib)
  if at_end(width, ib) then bad_float() end
  width = scan_sign(width, ib)
  if at_end(width, ib) then bad_float() end
  local c = peek_char(ib)
  if c == 48 then
    width = store_char(width, ib, c)
    if at_end(width, ib) then bad_float() end
    c = peek_char(ib) ---@type integer
    if c ~= 120 and c ~= 88 then return scan_caml_float_rest(width, precision, ib) end
    width = store_char(width, ib, c)
    if at_end(width, ib) then bad_float() end
    width = scan_hexadecimal_int(width, ib)
    if at_end(width, ib) then bad_float() end
    c = peek_char(ib) ---@type integer
    if c == 46 then
      width = scan_hex_fraction(width, precision, ib)
    elseif c ~= 112 and c ~= 80 then
      bad_float()
    end
    return scan_hex_exponent(width, ib, bad_hex_float)
  elseif is_digit(c) then
    width = store_char(width, ib, c)
    if at_end(width, ib) then bad_float() end
    return scan_caml_float_rest(width, precision, ib)
  end
  bad_float()
end

-- %s: up to white space, or up to the stopper `stp` (consumed).
local function scan_string(stp, width, ib)
  local tok, n = ib.tok, ib.ntok
  while width ~= 0 do
    local c
    if ib.valid then c = ib.cur else c = next_char(ib) end
    if ib.eof then break end
    if stp then
      if c == stp then
        ib.valid = false
        break
      end
    elseif c == 32 or c == 9 or c == 10 or c == 13 then
      break
    end
    n = n + 1
    tok[n] = c
    ib.valid = false
    width = width - 1
  end
  ib.ntok = n
  return width
end

---@type table<integer, integer>
local backslash_chars = { [110] = 10, [114] = 13, [98] = 8, [116] = 9, [92] = 92, [39] = 39, [34] = 34 }

local function check_next_char(what, width, ib)
  if width == 0 then bad_token_length(what) end
  local c = peek_char(ib)
  if ib.eof then bad_end_of_input(what) end
  return c
end

local function escape_digit(ib, digitp)
  local c = next_char(ib)
  if not digitp(c) then bad_input_escape(c) end
  return c
end

local function hex_value(c)
  if c >= 97 then return c - 87 end
  if c >= 65 then return c - 55 end
  return c - 48
end

local function scan_backslash_char(what, width, ib)
  local c = check_next_char(what, width, ib)
  local escaped = backslash_chars[c] ---@type integer?
  if escaped then return store_char(width, ib, escaped) end
  if is_digit(c) then
    local c1 = escape_digit(ib, is_digit)
    local c2 = escape_digit(ib, is_digit)
    local code = 100 * (c - 48) + 10 * (c1 - 48) + (c2 - 48)
    if code > 255 then
      bad_input("bad character decimal encoding \\" .. schar(c, c1, c2))
    end
    return store_char(width - 2, ib, code)
  elseif c == 120 then
    local c1 = escape_digit(ib, is_hex)
    local c2 = escape_digit(ib, is_hex)
    return store_char(width - 2, ib, 16 * hex_value(c1) + hex_value(c2))
  end
  bad_input_escape(c)
end

local function scan_caml_char(width, ib)
  local c = checked_peek_char(ib)
  if c ~= 39 then character_mismatch(39, c) end
  width = ignore_char(width, ib)
  c = check_next_char("a Char", width, ib)
  if c == 92 then
    width = scan_backslash_char("a Char", ignore_char(width, ib), ib)
  else
    width = store_char(width, ib, c)
  end
  c = check_next_char("a Char", width, ib)
  if c ~= 39 then character_mismatch(39, c) end
  return ignore_char(width, ib)
end

local function scan_caml_string(width, ib)
  local what = "a String"
  local c = checked_peek_char(ib)
  if c ~= 34 then character_mismatch(34, c) end
  width = ignore_char(width, ib)
  while true do
    c = check_next_char(what, width, ib) ---@type integer
    if c == 34 then return ignore_char(width, ib) end
    if c ~= 92 then
      width = store_char(width, ib, c)
    else
      width = ignore_char(width, ib)
      c = check_next_char(what, width, ib) ---@type integer
      local skip_spaces = false
      if c == 13 then
        width = ignore_char(width, ib)
        if check_next_char(what, width, ib) == 10 then
          width, skip_spaces = ignore_char(width, ib), true
        else
          width = store_char(width, ib, 13)
        end
      elseif c == 10 then
        width, skip_spaces = ignore_char(width, ib), true
      else
        width = scan_backslash_char(what, width, ib)
      end
      while skip_spaces and check_next_char(what, width, ib) == 32 do
        width = ignore_char(width, ib)
      end
    end
  end
end

local function scan_bool(ib)
  local c = checked_peek_char(ib)
  local m
  if c == 116 then m = 4
  elseif c == 102 then m = 5
  else bad_input("the character " .. quote_char(c) .. " cannot start a boolean") end
  return scan_string(nil, m, ib)
end

local function scan_chars_in_char_set(set, stp, width, ib)
  local stop = stp or -1
  while width > 0 do
    local c = peek_char(ib)
    if ib.eof or not set[c] or c == stop then break end
    store_char(MAX, ib, c)
    width = width - 1
  end
  if stp and not ib.eof then
    local ci = peek_char(ib)
    if ci == stp then invalidate(ib) else character_mismatch(stp, ci) end
  end
end

-- ------------------------------------------------------------------
-- Formats

local function invalid_conversion(what)
  exn.invalid_argument('scanf: bad conversion "' .. what .. '"')
end

-- The (width, precision) OCaml's pad_prec_scanf passes to a scanner.
local function width_and_precision(padty, width, prec)
  if padty == "left" then invalid_conversion("%-") end
  if width == "*" or prec == "*" then invalid_conversion("%*") end
  return width or MAX, prec or MAX
end

local function token_int(spec, ib)
  local scanner = assert(int_scanners[spec.symb]) -- an int conversion
  local tok = scanner[2] .. token(ib)
  if tok:sub(1, 1) == "+" then tok = tok:sub(2) end
  if spec.size then return boxed_of_string[spec.size](tok) end
  return int_of_string(tok)
end

local function token_bool(ib)
  local s = token(ib)
  if s == "true" then return 1 end
  if s == "false" then return 0 end
  bad_input("invalid boolean '" .. s .. "'")
end

local counters = {
  l = function(ib) return ib.line_count end,
  n = char_count,
  L = function(ib) return ib.token_count end,
  N = function(ib) return ib.token_count end,
}

-- Scans one conversion; returns its value. `stp` is the stopper a
-- following `@c` gives %s and %[...].
local function scan_conversion(ib, spec, stp)
  local symb = spec.symb
  if spec.counter then return counters[spec.counter](ib) end
  if symb == "c" then
    if spec.padprec == 0 then return checked_peek_char(ib) end
    store_char(0, ib, checked_peek_char(ib))
    return sbyte(token(ib))
  elseif symb == "C" then
    scan_caml_char(0, ib)
    return sbyte(token(ib))
  elseif symb == "s" then
    local width = width_and_precision(spec.padprec_ty, spec.padprec, nil)
    scan_string(stp, width, ib)
    return token(ib)
  elseif symb == "S" then
    local width = width_and_precision(spec.padprec_ty, spec.padprec, nil)
    scan_caml_string(width, ib)
    return token(ib)
  elseif symb == "B" or symb == "b" then
    width_and_precision(spec.padprec_ty, spec.padprec, nil)
    scan_bool(ib)
    return token_bool(ib)
  elseif int_scanners[symb] then
    local padty = spec.padty
    if spec.prec ~= nil and padty == "zeros" then padty = "right" end
    local width = width_and_precision(padty, spec.width, spec.prec)
    int_scanners[symb][1](width, ib)
    return token_int(spec, ib)
  elseif symb:match("^[feEgGFhH]$") then
    local width, prec = width_and_precision(spec.padty, spec.width, spec.prec)
    if symb == "F" then scan_caml_float(width, prec, ib)
    elseif symb == "h" or symb == "H" then scan_hex_float(width, prec, ib)
    else scan_float(width, prec, ib) end
    return float_of_string(token(ib))
  elseif spec.set then
    local width = spec.padty and spec.width or MAX
    scan_chars_in_char_set(spec.set, stp, width, ib)
    return token(ib)
  elseif symb == "!" then
    if not end_of_input(ib) then bad_input("end of input not found") end
    return nil
  end
  invalid_conversion("%" .. symb)
end

-- The `@c` right after %s or %[...]: its char ends the token.
local function stopper(item)
  if type(item) == "table" and item.at then return sbyte(item.at) end
  return nil
end

-- Scans the whole format, collecting the values in order.
local function make_scanf(ib, items, results)
  local n, k = 0, 1
  while k <= #items do
    local item = items[k]
    if type(item) == "string" then
      check_string(ib, item)
    elseif item.at then
      check_char(ib, 64)
      check_char(ib, sbyte(item.at))
    else
      local stp
      if item.symb == "s" or item.set then
        stp = stopper(items[k + 1])
        if stp then k = k + 1 end
      end
      local v = scan_conversion(ib, item, stp)
      if v ~= nil and not item.ign then
        n = n + 1
        results[n] = v
      end
    end
    k = k + 1
  end
  return n
end

-- Parsed formats by format string, dropped when the cache grows past a
-- bound so that formats built on the fly cannot exhaust memory.
local parsed, parsed_count = {}, 0
local CACHE_LIMIT = 4096

local function parse(fmt)
  local items = parsed[fmt]
  if not items then
    items = cif.parse(fmt)
    if parsed_count >= CACHE_LIMIT then parsed, parsed_count = {}, 0 end
    parsed[fmt] = items
    parsed_count = parsed_count + 1
  end
  return items
end

-- OCaml's scanf_bad_input: a Scan_failure or Failure becomes a located
-- Scan_failure; anything else goes through.
local function scanf_bad_input(ib, e)
  local msg = e[3]
  bad_input("scanf: bad input at char number " .. char_count(ib) .. ": " .. msg)
end

--- `kscanf(ib, ef, fmt, k)`: scans `ib` with `fmt`; on a Scan_failure,
--- Failure or End_of_file calls `ef(ib, exn)` instead of `k`. Without `k`
--- the values are returned.
---@param ib table
---@param ef fun(ib: table, e: any): any
---@param fmt string
---@param k? function
function scanf.kscanf(ib, ef, fmt, k)
  local items = parse(fmt)
  ib.ntok = 0
  local results = {}
  local ok, n = pcall(make_scanf, ib, items, results)
  if not ok then
    local e = n ---@type any
    if exn.is(e, SCAN_FAILURE) or exn.is(e, "Failure") or exn.is(e, "End_of_file") then
      return ef(ib, e)
    elseif exn.is(e, "Invalid_argument") then
      exn.invalid_argument(e[3] .. ' in format "' .. cif.escaped(fmt) .. '"')
    end
    error(e, 0)
  end
  if k then return k(unpack(results, 1, n)) end
  return unpack(results, 1, n)
end

local function default_ef(ib, e)
  if exn.is(e, "End_of_file") then error(e, 0) end
  return scanf_bad_input(ib, e)
end

--- `bscanf(ib, fmt, k)`: scans the scanning buffer `ib`.
---@param ib table
---@param fmt string
---@param k? function
function scanf.bscanf(ib, fmt, k)
  return scanf.kscanf(ib, default_ef, fmt, k)
end

--- `sscanf(s, fmt, k)`: scans the string `s`.
---@param s string
---@param fmt string
---@param k? function
function scanf.sscanf(s, fmt, k)
  return scanf.kscanf(Scanning.from_string(s), default_ef, fmt, k)
end

--- `ksscanf(s, ef, fmt, k)`.
---@param s string
---@param ef fun(ib: table, e: any): any
---@param fmt string
---@param k? function
function scanf.ksscanf(s, ef, fmt, k)
  return scanf.kscanf(Scanning.from_string(s), ef, fmt, k)
end

-- One scanning buffer per Lua file, as OCaml's memo_from_channel keeps.
local channel_buffers = setmetatable({}, { __mode = "k" }) ---@type table<userdata, ocamlrt.scanf.buffer>

--- `fscanf(chan, fmt, k)`: scans an ocamlrt in_channel or a Lua file;
--- successive calls on the same channel share one scanning buffer (and its
--- look-ahead character), as OCaml's fscanf does.
---@param file any
---@param fmt string
---@param k? function
function scanf.fscanf(file, fmt, k)
  local ib = channel_buffers[file]
  if not ib then
    ib = Scanning.from_channel(file)
    channel_buffers[file] = ib
  end
  return scanf.kscanf(ib, default_ef, fmt, k)
end

--- `scanf(fmt, k)`: scans standard input (Scanning.stdin).
---@param fmt string
---@param k? function
function scanf.scanf(fmt, k)
  return scanf.kscanf(Scanning.stdin(), default_ef, fmt, k)
end

--- OCaml's Scanf.unescaped: the string an OCaml string literal's contents
--- (without the quotes) denote.
---@param s string
---@return string
function scanf.unescaped(s)
  return (scanf.sscanf('"' .. s .. '"', "%S%!"))
end

return scanf

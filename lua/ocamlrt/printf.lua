--- OCaml's Printf for Lua: `sprintf`, `printf`, `eprintf`, `fprintf`,
-- `bprintf`, `ksprintf` with OCaml format strings, the arguments following
-- the format as in OCaml (`printf.sprintf("%d-%s", 3, "x")`).
--
-- Output is byte-identical to OCaml's Printf: the layout rules of
-- stdlib/camlinternalFormat.ml (padding, `%F`, `%#d` grouping, `%S`
-- escaping) in Lua, the number conversions by the native primitives. A
-- parsed format is cached, so a call costs a table lookup plus the
-- conversions.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local cif = require("ocamlrt.camlinternalformat")

local native = core.native
local format_int = native.caml_format_int
local format_float = native.caml_format_float
local hexstring_of_float = native.caml_hexstring_of_float
local boxed_format = {
  l = native.caml_int32_format,
  L = native.caml_int64_format,
  n = native.caml_nativeint_format,
}

local concat, srep, ssub, sbyte, schar = table.concat, string.rep, string.sub, string.byte, string.char
local type, select, abs = type, select, math.abs

local printf = {}

-- OCaml's fix_padding: `width` < 0 (from `*`) means left-justified.
---@param padty? string
---@param width integer
---@param s string
---@return string
local function fix_padding(padty, width, s)
  local len = #s
  if width < 0 then width, padty = -width, "left" end
  if width <= len then return s end
  if padty == "left" then return s .. srep(" ", width - len) end
  if padty ~= "zeros" then return srep(" ", width - len) .. s end
  local c = ssub(s, 1, 1)
  if c == "+" or c == "-" or c == " " then
    return c .. srep("0", width - len) .. ssub(s, 2)
  end
  local x = ssub(s, 2, 2)
  if len > 1 and c == "0" and (x == "x" or x == "X") then
    return ssub(s, 1, 2) .. srep("0", width - len) .. ssub(s, 3)
  end
  return srep("0", width - len) .. s
end

-- OCaml's fix_int_precision: zeros up to `prec` digits, after any sign or
-- 0x prefix.
local function fix_int_precision(prec, s)
  prec = abs(prec)
  local len = #s
  local c = ssub(s, 1, 1)
  if (c == "+" or c == "-" or c == " ") then
    if prec + 1 > len then return c .. srep("0", prec + 1 - len) .. ssub(s, 2) end
    return s
  end
  local x = ssub(s, 2, 2)
  if c == "0" and len > 1 and (x == "x" or x == "X") then
    if prec + 2 > len then return ssub(s, 1, 2) .. srep("0", prec + 2 - len) .. ssub(s, 3) end
    return s
  end
  if c:match("^[0-9a-fA-F]$") and prec > len then return srep("0", prec - len) .. s end
  return s
end

-- OCaml's `#` for %d %i %u: digits grouped by three with underscores.
local function group_digits(s)
  local digits = #s:gsub("%D", "")
  local out, left = {}, (digits - 1) % 3 + 1
  for k = 1, #s do
    local c = ssub(s, k, k)
    if c:match("%d") then
      if left == 0 then
        out[#out + 1] = "_"
        left = 3
      end
      left = left - 1
    end
    out[#out + 1] = c
  end
  return concat(out)
end

-- The C format OCaml's format_of_iconv gives the primitive, and whether
-- the result is grouped (legacy rules: `#` wins for x/X/o, `+` over space,
-- `+`/space only for d/i).
local function int_c_format(spec)
  local symb, size = spec.symb, spec.size or ""
  local signed = symb == "d" or symb == "i"
  local flag, grouped = "", false
  if spec.hash and (symb == "x" or symb == "X" or symb == "o") then
    flag = "#"
  elseif spec.hash and not spec.plus and not spec.space then
    grouped = true
  elseif signed and spec.plus then
    flag = "+"
  elseif signed and spec.space then
    flag = " "
  end
  return "%" .. flag .. size .. symb, grouped
end

-- Widths and precisions beyond this are refused rather than allocated.
local MAX_FIELD = 2 ^ 28

-- A width or precision taken from the arguments by `*`.
local function star_arg(v)
  if type(v) ~= "number" or v % 1 ~= 0 then
    exn.invalid_argument("Printf: a * width or precision must be an integer, got " .. tostring(v))
  end
  if abs(v) > MAX_FIELD then
    exn.invalid_argument("Printf: width or precision " .. tostring(v) .. " is too large")
  end
  local tointeger = rawget(math, "tointeger") -- Lua 5.3+
  return tointeger and tointeger(v) or v
end

-- Makes the padding/precision wrapper shared by ints and floats: returns a
-- function of (args, i) giving the text and the next argument index, and
-- when no `*` is involved a direct function of the value.
local function with_pad_prec(spec, convert, int_prec)
  local padty, width, prec = spec.padty, spec.width, spec.prec
  if int_prec and prec ~= nil and padty == "zeros" then padty = "right" end
  local direct
  if width ~= "*" and prec ~= "*" then
    if width then
      direct = function(x) return fix_padding(padty, width, convert(x, prec)) end
    elseif prec == nil then
      direct = convert -- called as convert(x), as convert(x, nil)
    else
      direct = function(x) return convert(x, prec) end
    end
  end
  return function(args, i)
    local w, p
    if width == "*" then w = star_arg(args[i]); i = i + 1 else w = width end
    if prec == "*" then p = star_arg(args[i]); i = i + 1 else p = prec end
    local s = convert(args[i], p)
    if w then s = fix_padding(padty, w, s) end
    return s, i + 1
  end, direct
end

-- A plain `%d` of an OCaml int is what Lua itself writes: an integer's
-- concatenation on 5.3+ (no call at all), `string.format("%d")` of an
-- integral number in OCaml's int range on LuaJIT/5.1. Anything else (a
-- float on 5.4, a bad argument) goes to the primitive, which has OCaml's
-- answer or its exception.
local mtype, sformat = rawget(math, "type"), string.format
local MAX_INT = 2 ^ 62
local plain_decimal
if core.has_integers then
  plain_decimal = function(n)
    if mtype(n) == "integer" and n >= -MAX_INT and n < MAX_INT then return n .. "" end
    return format_int("%d", n)
  end
else
  plain_decimal = function(n)
    if type(n) == "number" and n % 1 == 0 and n >= -MAX_INT and n < MAX_INT then return sformat("%d", n) end
    return format_int("%d", n)
  end
end

-- A format that is one plain `%d` (with no literal text) has the native
-- helper as its whole formatter on 5.3+: one C call, which answers only for
-- exactly one argument that is an OCaml int and leaves the rest to the
-- general path. (LuaJIT keeps plain_decimal, which its traces compile.)
local whole_decimal = core.has_integers and native._printf_decimal or nil

local function int_converter(spec)
  local cfmt, grouped = int_c_format(spec)
  local prim = spec.size and boxed_format[spec.size] or format_int
  if not grouped and spec.prec == nil then
    if cfmt == "%d" and prim == format_int then return plain_decimal end
    return function(n) return prim(cfmt, n) end
  end
  return function(n, p)
    local s = prim(cfmt, n)
    if grouped then s = group_digits(s) end
    if p then s = fix_int_precision(p, s) end
    return s
  end
end

local function add_dot_if_needed(s)
  if s:find("[.eE]") then return s end
  return s .. "."
end

local function special_value(x, s)
  if x ~= x then return "nan" end
  if x == math.huge then return "infinity" end
  if x == -math.huge then return "neg_infinity" end
  return s
end

-- A float argument: a number or a boxed float `{253, x}`.
local function float_arg(x)
  if type(x) == "table" and x[1] == 253 then return x[2] end
  return x
end

local function float_converter(spec)
  local symb = spec.symb
  local sign = spec.plus and "+" or (spec.space and " " or "")
  local style = sbyte(sign ~= "" and sign or "-")
  if symb == "h" or symb == "H" or (symb == "F" and spec.hash) then
    local upper, caml = symb == "H", symb == "F"
    return function(x, p)
      x = float_arg(x)
      local s = hexstring_of_float(x, p or -6, style)
      if upper then return s:upper() end
      if caml then return special_value(x, s) end
      return s
    end
  end
  local c_symb = symb == "F" and "g" or symb
  local default = symb == "F" and 12 or 6
  local prefix = "%" .. sign .. "."
  local cached = {}
  return function(x, p)
    x = float_arg(x)
    p = abs(p or default)
    local cfmt = cached[p]
    if not cfmt then
      cfmt = prefix .. p .. c_symb
      cached[p] = cfmt
    end
    local s = format_float(cfmt, x)
    if symb == "F" then return special_value(x, add_dot_if_needed(s)) end
    return s
  end
end

---@return string
local function to_string_arg(v)
  if type(v) == "userdata" then return native.caml_string_of_bytes(v) end
  if type(v) ~= "string" then exn.invalid_argument("Printf: %s expects a string, got " .. type(v)) end
  return v
end

---@return integer
local function to_char_arg(v)
  if type(v) == "string" and #v == 1 then return sbyte(v) end
  if type(v) ~= "number" or v < 0 or v > 255 or v % 1 ~= 0 then
    exn.invalid_argument("Printf: %c expects a char (0..255 or a 1-char string), got " .. tostring(v))
  end
  return v --[[@as integer]] -- an integral number
end

local function to_bool_arg(v)
  if v == true or v == 1 then return "true" end
  if v == false or v == 0 then return "false" end
  exn.invalid_argument("Printf: %B expects a bool (0/1 or a Lua boolean), got " .. tostring(v))
end

-- %s %S %B %b: padding only ('0' padding is space padding there).
local function padded_text(spec, convert)
  local padty, width = spec.padprec_ty, spec.padprec
  if padty == "zeros" then padty = "right" end
  local direct = convert
  if width == "*" then
    direct = nil
  elseif width then
    direct = function(x) return fix_padding(padty, width, convert(x)) end
  end
  return function(args, i)
    local w
    if width == "*" then w = star_arg(args[i]); i = i + 1 else w = width end
    local s = convert(args[i])
    if w then s = fix_padding(padty, w, s) end
    return s, i + 1
  end, direct
end

-- A step of one argument made from a direct conversion.
local function one_argument(direct)
  return function(args, i) return direct(args[i]), i + 1 end, direct
end

-- A conversion Printf refuses when it is reached, after taking `arity`
-- arguments (none for %_x, whose type has none; one for %[...]).
local function invalid(msg, arity)
  return function(_, i) return nil, i + arity, msg end
end

-- Markers for conversions that act on the output rather than make text.
local ALPHA, THETA, FLUSH = {}, {}, {}

-- Compiles one conversion into a function of (args, i) -> text, next i
-- (text nil with a marker or an error message as third result).
local function compile_conversion(spec)
  local symb = spec.symb
  if spec.ign then return invalid("Printf: bad conversion %_", 0) end
  if spec.counter then
    return function(args, i) return format_int("%u", args[i]), i + 1 end
  end
  if spec.set then return invalid("Printf: bad conversion %[", 1) end
  if symb == "d" or symb == "i" or symb == "u" or symb == "x" or symb == "X" or symb == "o" then
    return with_pad_prec(spec, int_converter(spec), true)
  elseif symb:match("^[feEgGFhH]$") then
    return with_pad_prec(spec, float_converter(spec), false)
  elseif symb == "s" then
    return padded_text(spec, to_string_arg)
  elseif symb == "S" then
    return padded_text(spec, function(v) return '"' .. cif.escaped(to_string_arg(v)) .. '"' end)
  elseif symb == "B" or symb == "b" then
    return padded_text(spec, to_bool_arg)
  elseif symb == "c" then
    return one_argument(function(c) return schar(to_char_arg(c)) end)
  elseif symb == "C" then
    return one_argument(function(c) return "'" .. cif.char_escaped(to_char_arg(c)) .. "'" end)
  elseif symb == "a" then
    return function(_, i) return nil, i + 2, ALPHA end
  elseif symb == "t" then
    return function(_, i) return nil, i + 1, THETA end
  elseif symb == "!" then
    return function(_, i) return nil, i, FLUSH end
  end
  error("unreachable conversion " .. symb)
end

-- Compiled formats by format string. The cache is dropped when it grows
-- past a bound, so formats built on the fly cannot exhaust memory.
-- `wholes` holds the formats that have a whole formatter (see
-- whole_decimal), looked up first by sprintf.
local cache, wholes, cached_count = {}, {}, 0
local CACHE_LIMIT = 4096

-- Formats of up to three one-argument conversions between literals run as
-- one concatenation: returns the argument count and that function.
local function direct_form(steps, directs)
  local literals, convs = { "" }, {} ---@type string[], function[]
  for k, step in ipairs(steps) do
    if type(step) == "string" then
      literals[#convs + 1] = literals[#convs + 1] .. step
    elseif directs[k] then
      convs[#convs + 1] = directs[k]
      literals[#convs + 1] = ""
    else
      return nil
    end
  end
  local l0, l1, l2, l3 = literals[1], literals[2], literals[3], literals[4]
  -- (each used only when there are that many)
  local f1, f2, f3 = convs[1] --[[@as function]], convs[2] --[[@as function]], convs[3] --[[@as function]]
  if #convs == 0 then
    return 0, function() return l0 end
  elseif #convs == 1 then
    if l0 == "" and l1 == "" then return 1, f1 end
    return 1, function(x) return l0 .. f1(x) .. l1 end
  elseif #convs == 2 then
    return 2, function(x, y) return l0 .. f1(x) .. l1 .. f2(y) .. l2 end
  elseif #convs == 3 then
    return 3, function(x, y, z) return l0 .. f1(x) .. l1 .. f2(y) .. l2 .. f3(z) .. l3 end
  end
  return nil
end

local function compile(fmt)
  if type(fmt) ~= "string" then
    exn.invalid_argument("Printf: the format must be a string, got " .. type(fmt))
  end
  local items = cif.parse(fmt)
  local steps, directs = {}, {}
  for k, item in ipairs(items) do
    if type(item) == "string" then
      steps[k] = item
    elseif item.at then
      steps[k] = "@" .. item.at
    else
      steps[k], directs[k] = compile_conversion(item)
    end
  end
  local compiled = { steps = steps, n = #steps }
  compiled.arity, compiled.direct = direct_form(steps, directs)
  if cached_count >= CACHE_LIMIT then
    cache, wholes, cached_count = {}, {}, 0
  end
  cache[fmt] = compiled
  if compiled.arity == 1 and compiled.direct == plain_decimal then wholes[fmt] = whole_decimal end
  cached_count = cached_count + 1
  return compiled
end

-- Runs a compiled format over `args`, appending the text to `out` (an
-- array of pieces, count in `out.n`). At %a, %t and %! it calls
-- `out.target:on_alpha(out, f, x)`, `on_theta(out, f)`, `on_flush(out)`,
-- which may empty `out` first so that output stays in order.
local function run(compiled, args, nargs, out)
  local steps, i, n = compiled.steps, 1, out.n
  local pending_error ---@type string?
  for k = 1, compiled.n do
    local step = steps[k]
    if type(step) == "string" then
      n = n + 1
      out[n] = step
    else
      local first = i
      local s, nexti, marker = step(args, i)
      if nexti - 1 > nargs then
        exn.invalid_argument("Printf: not enough arguments for the format (argument "
          .. (nexti - 1) .. " missing)")
      end
      if s then
        n = n + 1
        out[n] = s
      elseif marker == ALPHA or marker == THETA or marker == FLUSH then
        out.n = n
        local target = out.target
        if marker == ALPHA then target.on_alpha(out, args[first], args[first + 1])
        elseif marker == THETA then target.on_theta(out, args[first])
        else target.on_flush(out) end
        n = out.n
      else
        pending_error = pending_error or marker
      end
      i = nexti
    end
  end
  out.n = n
  if pending_error then exn.invalid_argument(pending_error) end
  if i - 1 < nargs then
    exn.invalid_argument("Printf: too many arguments for the format (" .. nargs .. " given, "
      .. (i - 1) .. " used)")
  end
end

local function compiled_of(fmt)
  return cache[fmt] or compile(fmt)
end

-- sprintf's printers: %a's is called as f(0, x) (OCaml's unit) and %t's as
-- f(0); both return text.
local to_string_target = {
  on_alpha = function(out, f, x)
    out.n = out.n + 1
    out[out.n] = f(0, x)
  end,
  on_theta = function(out, f)
    out.n = out.n + 1
    out[out.n] = f(0)
  end,
  on_flush = function() end,
}

--- `sprintf(fmt, ...)`: the formatted string.
---@param fmt string
---@return string
function printf.sprintf(fmt, ...)
  local whole = wholes[fmt]
  if whole then
    local s = whole(...)
    if s then return s end
  end
  local compiled = cache[fmt] or compile(fmt)
  local nargs = select("#", ...)
  local direct = compiled.direct
  if direct and compiled.arity == nargs then
    return direct(...)
  end
  local out = { n = 0, target = to_string_target }
  run(compiled, { ... }, nargs, out)
  return concat(out, "", 1, out.n)
end
local format_to_string = printf.sprintf

--- `ksprintf(k, fmt, ...)`: `k` applied to the formatted string.
---@param k fun(s: string): any
---@param fmt string
function printf.ksprintf(k, fmt, ...)
  return k(format_to_string(fmt, ...))
end

-- Output that goes somewhere as it is made (a buffer, a channel): the
-- pieces so far are handed to `out.write` before a printer runs.
local function drain(out)
  if out.n > 0 then
    out.write(concat(out, "", 1, out.n))
    out.n = 0
  end
end

local streaming_target = {
  on_alpha = function(out, f, x)
    drain(out)
    f(out.dest, x)
  end,
  on_theta = function(out, f)
    drain(out)
    f(out.dest)
  end,
  on_flush = function(out)
    drain(out)
    out.flush()
  end,
}

local function stream_printf(dest, write, flush, fmt, ...)
  local compiled = compiled_of(fmt)
  local nargs = select("#", ...)
  local direct = compiled.direct
  if direct and compiled.arity == nargs then
    write(direct(...))
    return
  end
  local out = { n = 0, target = streaming_target, dest = dest, write = write, flush = flush }
  run(compiled, { ... }, nargs, out)
  drain(out)
end

--- `bprintf(buffer, fmt, ...)`: appends the output to `buffer`, a Lua
--- table of strings (`table.concat(buffer)` gives the text) or any object
--- with an `add_string(buffer, s)` method. %a's printer is called as
--- f(buffer, x), %t's as f(buffer), and write to the buffer themselves.
---@param buffer table
---@param fmt string
function printf.bprintf(buffer, fmt, ...)
  local add = buffer.add_string
  local write = add and function(s) add(buffer, s) end or function(s) buffer[#buffer + 1] = s end
  stream_printf(buffer, write, function() end, fmt, ...)
end

--- OCaml's `string_of_float`: `%.12g`, with a `.` added when the result
--- looks like an integer.
---@param x number|ocamlrt.boxed_float
---@return string
function printf.string_of_float(x)
  local s = format_float("%.12g", float_arg(x))
  if s:find("^-?%d+$") then return s .. "." end
  return s
end

-- The write and flush functions for `chan`: a Lua file, or an ocamlrt
-- channel (whose buffer the text joins, in order with the program's other
-- output to it).
local function writer(chan)
  if io.type(chan) then
    return function(s) chan:write(s) end, function() chan:flush() end
  end
  local output, flush = native.caml_ml_output, native.caml_ml_flush
  return function(s) output(chan, s, 0, #s) end, function() flush(chan) end
end

--- `fprintf(chan, fmt, ...)`: `chan` is an ocamlrt out_channel
--- (ocamlrt.io.stdout, ocamlrt.io.open_out(...)) or a Lua file.
---@param chan any
---@param fmt string
function printf.fprintf(chan, fmt, ...)
  local write, flush = writer(chan)
  stream_printf(chan, write, flush, fmt, ...)
end

--- `printf(fmt, ...)` on ocamlrt.io.stdout (buffered as OCaml's stdout is:
--- flushed by %!, a flush, or at exit).
---@param fmt string
function printf.printf(fmt, ...)
  printf.fprintf(require("ocamlrt.io").stdout, fmt, ...)
end

--- `eprintf(fmt, ...)` on ocamlrt.io.stderr.
---@param fmt string
function printf.eprintf(fmt, ...)
  printf.fprintf(require("ocamlrt.io").stderr, fmt, ...)
end


return printf

-- ocamlrt's formatting/parsing primitives and ocamlrt.printf against native
-- OCaml (spec/oracle/printf.ml: randomised cases with a fixed seed).
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local native = require("ocamlrt.core").native
local printf = ocamlrt.printf

local has_integers = math.type ~= nil

-- LuaJIT keeps one canonical NaN (sign bit set): a NaN's sign cannot be
-- chosen there, so cases holding a NaN are skipped on LuaJIT.
local SKIP = {}

local function from_hex(hex)
  return (hex:gsub("..", function(h) return string.char(tonumber(h, 16)) end))
end

-- A double from its 16 hex digits of bits, on every interpreter.
local function float_of_bits(hex)
  if string.unpack then return (string.unpack(">d", from_hex(hex))) end
  local hi, lo = tonumber(hex:sub(1, 8), 16), tonumber(hex:sub(9, 16), 16)
  local negative = hi >= 2 ^ 31
  if negative then hi = hi - 2 ^ 31 end
  local biased = math.floor(hi / 2 ^ 20)
  local mantissa = (hi % 2 ^ 20) * 2 ^ 32 + lo
  local x
  if biased == 2047 and mantissa ~= 0 and jit then return SKIP end
  if biased == 2047 then
    x = mantissa == 0 and math.huge or math.abs(0 / 0)
    -- NaN's sign: pick the NaN whose printed sign matches.
    if mantissa ~= 0 then
      local n = 0 / 0
      if tostring(n):sub(1, 1) == "-" then n = -n end
      x = n
    end
  elseif biased == 0 then
    x = math.ldexp(mantissa, -1074)
  else
    x = math.ldexp(mantissa + 2 ^ 52, biased - 1075)
  end
  return negative and -x or x
end

-- int64 bits: a Lua integer on 5.4, else the 8-byte big-endian string.
local function wide(hex)
  if string.unpack then return (string.unpack(">i8", from_hex(hex))) end
  return from_hex(hex)
end

local function boxed(kind, hex)
  if kind == "_i" then
    local n = tonumber(hex:sub(9, 16), 16)
    if n >= 2 ^ 31 then n = n - 2 ^ 32 end
    return { 255, n, caml_custom = "_i" }
  end
  return { 255, wide(hex), caml_custom = kind }
end

local env = {
  F = float_of_bits,
  I64 = function(hex) return boxed("_j", hex) end,
  NI64 = function(hex) return boxed("_n", hex) end,
  I32 = function(n) return { 255, n, caml_custom = "_i" } end,
  E = function(msg) return "Failure " .. msg end,
}

local function bits_of(x)
  if string.pack then return string.format("%016x", (string.unpack(">i8", string.pack(">d", x)))) end
  return nil
end

-- Lua 5.1/LuaJIT numbers hold ints exactly up to 2^53 only.
local function representable(n)
  return has_integers or math.abs(n) < 2 ^ 53
end

local cases = helper.oracle_chunk("printf", env)

local function check_all(name, list, run)
  local failures, checked = {}, 0
  local function skipped(case)
    for _, v in ipairs(case) do
      if v == SKIP or (type(v) == "table" and skipped(v)) then return true end
    end
    return false
  end
  for _, case in ipairs(list) do
    local ok, got, want = true, nil, nil
    if not skipped(case) then ok, got, want = pcall(run, case) end
    if not ok then
      failures[#failures + 1] = "error " .. tostring(ocamlrt.exn.to_string(got)) .. " for " .. helper.show(case)
    elseif got ~= nil then
      checked = checked + 1
      if got ~= want then
        failures[#failures + 1] = string.format("%s: got %q, want %q", helper.show(case), got, want)
      end
    end
    if #failures >= 10 then break end
  end
  assert(#failures == 0, name .. ":\n" .. table.concat(failures, "\n"))
  assert(checked > 0, name .. ": no case ran")
end

describe("caml_format_float", function()
  it("matches C printf as OCaml uses it, on random formats and floats", function()
    check_all("format_float", cases.format_float, function(c)
      return native.caml_format_float(c[1], c[2]), c[3]
    end)
  end)
end)

describe("caml_format_int and the boxed formats", function()
  it("formats OCaml ints", function()
    check_all("format_int", cases.format_int, function(c)
      if not representable(c[2]) then return nil end
      return native.caml_format_int(c[1], c[2]), c[3]
    end)
  end)
  it("formats int32, int64 and nativeint custom blocks", function()
    local prim = { _i = native.caml_int32_format, _j = native.caml_int64_format, _n = native.caml_nativeint_format }
    check_all("format_boxed", cases.format_boxed, function(c)
      return prim[c[1]](c[2], c[3]), c[4]
    end)
  end)
  it("rejects formats longer than OCaml's buffer, and non-ints", function()
    helper.assert_raises("Invalid_argument", "format_int: format too long",
      native.caml_format_int, "%0000000000000000000000000000000d", 1)
    helper.assert_raises("Invalid_argument", nil, native.caml_format_int, "%d", "x")
    if has_integers then
      helper.assert_raises("Invalid_argument", nil, native.caml_format_int, "%d", math.maxinteger)
    end
  end)
end)

describe("caml_hexstring_of_float", function()
  it("matches OCaml's %h on random floats and precisions", function()
    check_all("hexstring", cases.hexstring, function(c)
      return native.caml_hexstring_of_float(c[1], c[2], c[3]), c[4]
    end)
  end)
end)

local function outcome(f, ...)
  local ok, v = pcall(f, ...)
  if ok then return v end
  assert(ocamlrt.exn.is(v, "Failure"), "not a Failure: " .. tostring(v))
  return "Failure " .. v[3]
end

describe("the *_of_string primitives", function()
  it("int_of_string", function()
    check_all("int_of_string", cases.int_of_string, function(c)
      local want = c[2]
      if type(want) == "number" and not representable(want) then return nil end
      return outcome(native.caml_int_of_string, c[1]), want
    end)
  end)
end)

-- The boxed result as the oracle writes it (I64 of its bits), or nil.
local function same_boxed(kind, got, want)
  if type(want) == "string" then return got == want end
  if type(got) ~= "table" or got.caml_custom ~= kind then return false end
  local expected = want[2]
  if kind == "_i" then
    expected = tonumber(helper.show(want[2]))
    if not has_integers then
      -- the oracle's I64 carries int32 sign-extended to 64 bits
      local b = { want[2]:byte(5, 8) }
      expected = ((b[1] * 256 + b[2]) * 256 + b[3]) * 256 + b[4]
      if expected >= 2 ^ 31 then expected = expected - 2 ^ 32 end
    end
  end
  return got[2] == expected
end

describe("the boxed *_of_string primitives", function()
  it("int32, int64 and nativeint of_string", function()
    local prim = { _i = native.caml_int32_of_string, _j = native.caml_int64_of_string,
                   _n = native.caml_nativeint_of_string }
    check_all("boxed_of_string", cases.boxed_of_string, function(c)
      local got = outcome(prim[c[1]], c[2])
      if same_boxed(c[1], got, c[3]) then return "same", "same" end
      return helper.show(got), helper.show(c[3])
    end)
  end)
end)

describe("caml_float_of_string", function()
  it("parses as OCaml does (strtod, hex floats, underscores)", function()
    check_all("float_of_string", cases.float_of_string, function(c)
      local got, want = outcome(native.caml_float_of_string, c[1]), c[2]
      if type(want) == "number" and type(got) == "number" then
        if bits_of(got) then return bits_of(got), bits_of(want) end
        if got ~= got and want ~= want then return "nan", "nan" end
        return string.format("%.17g", got) .. tostring(1 / got), string.format("%.17g", want) .. tostring(1 / want)
      end
      return tostring(got), tostring(want)
    end)
  end)
end)

describe("printf.string_of_float", function()
  it("is OCaml's string_of_float", function()
    check_all("string_of_float", cases.string_of_float, function(c)
      return printf.string_of_float(c[1]), c[2]
    end)
  end)
end)

describe("printf.sprintf", function()
  it("matches OCaml's Printf.sprintf on random formats and values", function()
    check_all("sprintf", cases.sprintf, function(c)
      local args = c[2]
      for _, a in ipairs(args) do
        if type(a) == "number" and not representable(a) then return nil end
      end
      return printf.sprintf(c[1], (table.unpack or unpack)(args, 1, #args)), c[3]
    end)
  end)
end)

describe("printf.sprintf with one plain %d", function()
  it("matches OCaml's %d and %i on random ints", function()
    check_all("decimal", cases.decimal, function(c)
      local n = c[2][1]
      if not representable(n) then return nil end
      return printf.sprintf(c[1], n), c[3]
    end)
  end)

  -- "%d" alone takes the native shortcut on 5.3+; "%d%s" with "" the
  -- general path: both must answer alike, text or exception.
  local function answer(...)
    local ok, r = pcall(printf.sprintf, ...)
    if ok then return r end
    return "raised " .. ocamlrt.exn.to_string(r)
  end

  it("answers as the general path for any argument", function()
    local odd = { 0, -0.0, 6.0, 2 ^ 62, -2 ^ 62, 2 ^ 62 - 1024, 2 ^ 70, 0.5, 0 / 0, math.huge, "12", true, {}, print }
    if math.tointeger then -- 5.3+: integers around OCaml's and Lua's bounds
      local top = math.tointeger(2 ^ 62)
      for _, n in ipairs({ math.maxinteger, math.mininteger, top - 1, -top, top, -top - 1 }) do
        odd[#odd + 1] = n
      end
    end
    math.randomseed(17)
    for _ = 1, 500 do
      local n = math.random(-2 ^ 31, 2 ^ 31) * math.floor(2 ^ math.random(0, 31)) -- an integer on 5.3+
      odd[#odd + 1] = math.random(2) == 1 and n or n + 0.0
    end
    for _, x in ipairs(odd) do
      assert.are.equal(answer("%d%s", x, ""), answer("%d", x), "for " .. tostring(x))
    end
  end)

  it("counts its arguments as the general path does", function()
    local function raises(prefix, ...)
      local e = helper.assert_raises("Invalid_argument", nil, printf.sprintf, ...)
      assert(e[3]:sub(1, #prefix) == prefix, e[3])
    end
    raises("", "%d") -- (the missing argument is converted first, as nil)
    raises("Printf: too many arguments", "%d", 1, nil)
    raises("Printf: too many arguments", "%d", 1, 2)
  end)
end)

describe("the printf API", function()
  local api = cases.api
  it("calls %a and %t printers as OCaml's sprintf does", function()
    assert.are.equal(api.alpha_theta, printf.sprintf("[%a] %t %d%!",
      function(_, s) return s:upper() end, "ab", function() return "T" end, 5))
  end)
  it("appends to a buffer with bprintf, printers writing to it", function()
    local b = { "x" }
    printf.bprintf(b, "%d-%a|%t", 3, function(buf, s) buf[#buf + 1] = s .. s end, "q",
      function(buf) buf[#buf + 1] = "T" end)
    assert.are.equal(api.bprintf, table.concat(b))
  end)
  it("hands the result to ksprintf's continuation", function()
    assert.are.equal(api.ksprintf, printf.ksprintf(function(s) return #s end, "%s%s", "ab", "cde"))
  end)
  it("takes bools as 0/1 or Lua booleans and chars as codes or 1-char strings", function()
    assert.are.equal(api.bools, printf.sprintf("%B %b %5B|%-6b|", true, 0, 1, false))
    assert.are.equal(api.chars, printf.sprintf("%c%C%C%C", "a", 39, "\\", 200))
  end)
  it("prints formatting indications as Printf does", function()
    assert.are.equal(api.at, printf.sprintf("@[%d@]@,@ @@%%@%%%%@", 1))
    assert.are.equal(api.counters, printf.sprintf("%l %n %L %N", 1, 2, 3, 4))
    assert.are.equal(api.literal_flags, printf.sprintf("%-5d|%05d|%+.3d|% d|%#5x|%#o", 1, 2, 3, 4, 255, 8))
  end)
  it("writes to Lua files with fprintf", function()
    local dir = helper.tmpdir()
    local f = assert(io.open(dir .. "/out", "wb"))
    printf.fprintf(f, "%d %a!", 7, function(chan, s) chan:write(s) end, "x")
    f:close()
    f = assert(io.open(dir .. "/out", "rb"))
    assert.are.equal("7 x!", f:read("*a"))
    f:close()
    helper.rmtree(dir)
  end)
  it("raises Invalid_argument for missing, extra or ill-typed arguments", function()
    helper.assert_raises("Invalid_argument", nil, printf.sprintf, "%d %d", 1)
    helper.assert_raises("Invalid_argument", nil, printf.sprintf, "%d", 1, 2)
    helper.assert_raises("Invalid_argument", nil, printf.sprintf, "%d", "x")
    helper.assert_raises("Invalid_argument", nil, printf.sprintf, "%s", {})
    helper.assert_raises("Invalid_argument", "Printf: bad conversion %_", printf.sprintf, "%_d%d", 1)
  end)
  it("raises Failure for a format OCaml rejects", function()
    helper.assert_raises("Failure", nil, printf.sprintf, "%y", 1)
    helper.assert_raises("Failure", nil, printf.sprintf, "%5", 1)
  end)
end)

describe("printf's bounds", function()
  it("refuses huge or non-integer * widths instead of allocating", function()
    helper.assert_raises("Invalid_argument", nil, printf.sprintf, "%*d", 2 ^ 40, 1)
    helper.assert_raises("Invalid_argument", nil, printf.sprintf, "%.*f", 1.5, 1.0)
    helper.assert_raises("Failure", nil, printf.sprintf, "%999999999999d", 1)
  end)
  it("takes an integral float for %d, as Lua arithmetic makes them", function()
    assert.are.equal(printf.sprintf("%d", 6), printf.sprintf("%d", 12 / 2))
  end)
end)

describe("printf on ocamlrt channels", function()
  local io_ = ocamlrt.io
  local scanf = ocamlrt.scanf
  it("fprintf writes to an out_channel and fscanf reads it back", function()
    local dir = helper.tmpdir()
    local path = dir .. "/chan"
    local oc = io_.open_out(path)
    printf.fprintf(oc, "%d %s\n%a|%!", 12, "ab", function(ch, s) io_.output_string(ch, s .. s) end, "x")
    io_.close_out(oc)
    local ic = io_.open_in(path)
    assert.are.equal(12, scanf.fscanf(ic, "%d "))
    assert.are.equal("ab", scanf.fscanf(ic, "%s\n"))
    assert.are.equal("xx", scanf.fscanf(ic, "%s@|"))
    helper.assert_raises("End_of_file", nil, scanf.fscanf, ic, "%c")
    io_.close_in(ic)
    helper.rmtree(dir)
  end)
  it("printf shares stdout's buffer with the program's other output", function()
    local lua = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]
    local code = [[local o = require("ocamlrt"); o.io.print_string("a"); o.printf.printf("b%d", 1);]]
      .. [[o.io.print_string("c"); o.printf.eprintf("%s", "err")]]
    local p = assert(io.popen(lua .. " -e '" .. code .. "' 2>/dev/null", "r"))
    local out = p:read("*a")
    p:close()
    assert.are.equal("ab1c", out)
  end)
  it("scanf reads standard input through the stdin channel", function()
    local lua = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]
    local code = [[local s = require("ocamlrt").scanf; io.write(s.scanf(" %d %d", function(a, b) return a * b end))]]
    local p = assert(io.popen("printf ' 6\\n 7' | " .. lua .. " -e '" .. code .. "'", "r"))
    local out = p:read("*a")
    p:close()
    assert.are.equal("42", out)
  end)
end)

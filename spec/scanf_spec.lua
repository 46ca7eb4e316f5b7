-- ocamlrt.scanf against native OCaml's Scanf.sscanf (spec/oracle/scanf.ml:
-- formats of every result type on random and hand-made inputs).
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local scanf = ocamlrt.scanf

local has_integers = math.type ~= nil

local function from_hex(hex)
  return (hex:gsub("..", function(h) return string.char(tonumber(h, 16)) end))
end

local function wide(hex)
  if string.unpack then return (string.unpack(">i8", from_hex(hex))) end
  return from_hex(hex)
end

local skip = {}

local env = {
  -- floats compared by their bits where Lua can show them, else by value
  F = function(hex)
    if string.unpack then return (string.unpack(">d", from_hex(hex))) end
    return { float_bits = hex }
  end,
  I64 = function(hex) return { 255, wide(hex), caml_custom = "_j" } end,
  NI64 = function(hex) return { 255, wide(hex), caml_custom = "_n" } end,
  I32 = function(n) return { 255, n, caml_custom = "_i" } end,
  X = function(name, msg) return { exn = name, msg = msg } end,
}

-- What ocamlrt gives for one case, in the oracle's shape.
local function outcome(fmt, input)
  local results = { pcall(scanf.sscanf, input, fmt) }
  if results[1] then
    table.remove(results, 1)
    return results
  end
  local e = results[2]
  for _, name in ipairs({ "Stdlib.Scanf.Scan_failure", "Failure", "Invalid_argument", "End_of_file" }) do
    if ocamlrt.exn.is(e, name) then return { exn = name, msg = e[1] == 0 and e[3] or nil } end
  end
  error("not an OCaml exception: " .. tostring(e))
end

local function comparable(want, got)
  if want.exn then return helper.show({ want.exn, want.msg }), helper.show({ got.exn, got.msg }) end
  for i, v in ipairs(want) do
    if type(v) == "table" and v.float_bits then
      return nil -- 5.1/LuaJIT: checked through the float spec instead
    end
    if type(v) == "number" and not has_integers and math.abs(v) >= 2 ^ 53 then return nil end
    want[i] = v
  end
  return helper.show(want), helper.show(got)
end

local cases = helper.oracle_chunk("scanf", env)

describe("scanf.sscanf against OCaml's Scanf.sscanf", function()
  for _, shape in ipairs({ "int", "string", "float", "char", "bool", "pair", "int32", "int64" }) do
    it("on " .. shape .. " formats", function()
      local failures, checked = {}, 0
      for _, c in ipairs(cases[shape]) do
        local want, got = comparable(c[3], outcome(c[1], c[2]))
        if want then
          checked = checked + 1
          if want ~= got then
            failures[#failures + 1] = string.format("sscanf(%q, %q): got %s, want %s", c[2], c[1], got, want)
          end
        end
        if #failures >= 10 then break end
      end
      assert(#failures == 0, table.concat(failures, "\n"))
      assert(checked > 0 or skip[shape])
    end)
  end
end)

describe("scanf API", function()
  it("passes the values to a continuation or returns them", function()
    assert.are.equal(7, scanf.sscanf("3 4", "%d %d", function(a, b) return a + b end))
    local a, b = scanf.sscanf("x=1,y=hello", "x=%d,y=%s")
    assert.are.equal(1, a)
    assert.are.equal("hello", b)
  end)
  it("keeps the look-ahead in a scanning buffer between calls", function()
    local ib = scanf.Scanning.from_string("12 34 56")
    assert.are.equal(12, scanf.bscanf(ib, "%d"))
    assert.are.equal(34, scanf.bscanf(ib, " %d"))
    assert.are.equal(56, scanf.bscanf(ib, " %d"))
    helper.assert_raises("End_of_file", nil, scanf.bscanf, ib, " %d")
  end)
  it("reads files with fscanf", function()
    local dir = helper.tmpdir()
    local path = dir .. "/in.txt"
    local f = assert(io.open(path, "wb"))
    f:write("1 2\nthree\n")
    f:close()
    f = assert(io.open(path, "rb"))
    assert.are.equal(3, scanf.fscanf(f, "%d %d\n", function(x, y) return x + y end))
    assert.are.equal("three", scanf.fscanf(f, "%s"))
    f:close()
    helper.rmtree(dir)
  end)
  it("gives ksscanf's error function the exception", function()
    local r = scanf.ksscanf("x", function(_, e) return ocamlrt.exn.to_string(e) end, "%d")
    assert.are.equal("Stdlib.Scanf.Scan_failure(\"character 'x' is not a decimal digit\")", r)
  end)
  it("unescapes OCaml string literals", function()
    assert.are.equal("a\nb\"A", scanf.unescaped("a\\nb\\\"\\065"))
  end)
  it("reports bad formats with Failure", function()
    helper.assert_raises("Failure", nil, scanf.sscanf, "1", "%y")
  end)
end)

describe("scanf inputs", function()
  it("reads bytes like strings", function()
    assert.are.equal(42, scanf.sscanf(ocamlrt.bytes.of_string("42"), "%d"))
    helper.assert_raises("Invalid_argument", nil, scanf.sscanf, 42, "%d")
  end)
  it("reads tokens longer than one string.char call can take", function()
    local long = ("ab"):rep(50000)
    local s, rest = scanf.sscanf(long .. " x", "%s %[x]")
    assert.are.equal(long, s)
    assert.are.equal("x", rest)
  end)
end)

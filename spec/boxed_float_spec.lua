-- OCaml's boxed float {253, x}: Marshal, compare, hash and Printf take it
-- as the float x on every interpreter, and Marshal reads every float boxed
-- on request (spec/oracle/boxed_floats.ml: mostly integral floats, which
-- Lua 5.1/LuaJIT can only hold boxed).
local helper = require("support.helper")
local cases = require("support.oracle_cases")
local ocamlrt = require("ocamlrt")
local V, M, C, H = ocamlrt.value, ocamlrt.marshal, ocamlrt.compare, ocamlrt.hash
local printf = ocamlrt.printf

local SEED, N = 20261201, 300
local float_of_bits = cases.env.F

local function to_hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- Reads the oracle's cases; `F` makes a float field with `float_field`.
local function read(mode, float_field)
  local env = {
    F = function(hex) return float_field(float_of_bits(hex)) end,
    X = float_of_bits,
  }
  local list = {}
  for line in helper.oracle("boxed_floats", mode, SEED, N):gmatch("[^\n]+") do
    list[#list + 1] = cases.load_line(line, env)
  end
  assert.is_true(#list >= N)
  return list
end

-- Boxed, or the plain number where this interpreter reads one as a float
-- (V.float), alternately: both must act alike.
local function mixed()
  local k = 0
  return function(x)
    k = k + 1
    if k % 2 == 0 then return V.float(x) end
    return V.boxed_float(x)
  end
end

local function same_float(x, y)
  if x ~= x then return y ~= y end
  return x == y and 1 / x == 1 / y
end

-- Whether `read` holds a boxed float wherever `built` does, with the same
-- float, and is otherwise the same value.
local function floats_kept(read_back, built)
  if V.is_boxed_float(built) then
    return V.is_boxed_float(read_back) and same_float(read_back[2], built[2])
  end
  if type(built) ~= "table" then return read_back == built end
  if type(read_back) ~= "table" or #read_back ~= #built then return false end
  for i = 1, #built do
    if built[1] == 254 and i > 1 then
      if type(read_back[i]) ~= "number" or not same_float(read_back[i], built[i]) then return false end
    elseif not floats_kept(read_back[i], built[i]) then
      return false
    end
  end
  return true
end

describe("boxed floats {253, x}", function()
  it("marshal as OCaml marshals the float, and hash as it hashes it", function()
    for _, field in ipairs({ V.boxed_float, mixed() }) do
      for i, case in ipairs(read("values", field)) do
        local v, hex, hash = case[1], case[2], case[3]
        assert(H.hash(v) == hash, string.format("case %d: hash %s, OCaml %d", i, tostring(H.hash(v)), hash))
        if hex then
          local out = M.to_string(v)
          assert(to_hex(out) == hex, string.format("case %d:\n%s\n%s", i, to_hex(out), hex))
        end
      end
    end
  end)

  it("come back from Marshal as boxed floats with the boxed_floats option, every float of them", function()
    local checked = 0
    for i, case in ipairs(read("values", V.boxed_float)) do
      if case[2] then
        local bytes = helper.unhex(case[2])
        local back = M.from_string(bytes, 0, { boxed_floats = true })
        assert(floats_kept(back, case[1]), "case " .. i .. ": " .. helper.show(back))
        assert(M.to_string(back) == bytes, "case " .. i .. " written back differs")
        checked = checked + 1
      end
    end
    assert.is_true(checked >= N)
  end)

  it("compare as the float against boxed floats and plain numbers", function()
    for i, case in ipairs(read("compare", mixed())) do
      local a, b = case[1], case[2]
      local got = { C.compare(a, b), C.equal(a, b), C.lessthan(a, b) }
      assert(got[1] == case[3] and got[2] == case[4] and got[3] == case[5],
        string.format("case %d: %s vs %s: %s %s %s, OCaml %d %s %s", i, helper.show(a), helper.show(b),
          tostring(got[1]), tostring(got[2]), tostring(got[3]), case[3], tostring(case[4]), tostring(case[5])))
    end
  end)

  it("format as the float under every Printf float conversion", function()
    for _, field in ipairs({ V.boxed_float, V.float }) do
      for i, case in ipairs(read("printf", field)) do
        local got = printf.sprintf(case[1], case[2])
        assert(got == case[3], string.format("case %d: %s gives %s, OCaml %s", i, case[1], got, case[3]))
      end
    end
  end)

  it("are taken by the float primitives and tagged 253, and a malformed one is refused", function()
    local P = ocamlrt.primitives
    assert.are.equal(P.caml_format_float("%.1f", 3.0), P.caml_format_float("%.1f", V.boxed_float(3)))
    assert.are.equal(253, P.caml_obj_tag(V.boxed_float(3)))
    for _, bad in ipairs({ { 253 }, { 253, 1, 2 }, { 253, "1" } }) do
      local ok, e = pcall(M.to_string, bad)
      assert(not ok and ocamlrt.exn.is(e, "Invalid_argument"))
      assert.truthy(e[3]:find("not a boxed float", 1, true))
    end
  end)
end)

describe("ocamlrt.value floats", function()
  it("V.float gives a float every primitive reads as one, on every interpreter", function()
    for _, x in ipairs({ 3, 0, -0.0, 2.5, 2 ^ 53, 1 / 0 }) do
      local f = V.float(x)
      assert.are.equal(253, ocamlrt.primitives.caml_obj_tag(f))
      assert.is_true(same_float(V.to_float(f), x))
      assert.are.equal(M.to_string(V.boxed_float(x)), M.to_string(f))
    end
    -- Plain numbers where the interpreter keeps the kind: 5.4 always.
    if math.type then assert.are.equal("float", math.type(V.float(3))) end
    assert.are.equal(2.5, V.float(2.5))
  end)

  it("V.to_float reads both forms, V.float_array unboxes", function()
    assert.are.equal(3, V.to_float(V.boxed_float(3)))
    assert.are.equal(2.5, V.to_float(2.5))
    assert.has_error(function() V.to_float("3") end)
    local a = V.float_array { V.boxed_float(1), 2.5 }
    assert.are.same({ 254, 1, 2.5 }, a)
    assert.is_false(V.is_boxed_float({ 253, 1, 2 }))
  end)
end)

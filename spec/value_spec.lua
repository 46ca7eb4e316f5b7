-- ocamlrt.value builds exactly what native OCaml holds (spec/oracle/values.ml).
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local V = ocamlrt.value

local function from_hex(hex)
  local bytes = hex:gsub("..", function(h) return string.char(tonumber(h, 16)) end)
  return bytes
end

local oracle_env = {
  float = function(x) return x * 1.0 end,
  -- An OCaml float outside a float array: what V.float makes of it.
  boxed = V.float,
  custom = function(id, _decimal, hex)
    local be8 = from_hex(hex)
    if string.unpack then return { 255, (string.unpack(">i8", be8)), caml_custom = id } end
    return { 255, be8, caml_custom = id }
  end,
}

local max_int = math.tointeger and math.tointeger(2 ^ 62) - 1 or nil

-- The same data, built from Lua with ocamlrt.value.
local built = {
  ["int"] = 42,
  ["negative int"] = -7,
  ["max_int"] = max_int,
  ["min_int"] = max_int and (-max_int - 1),
  ["char"] = string.byte("A"),
  ["true"] = V.bool(true),
  ["unit"] = V.unit,
  ["empty list"] = V.empty_list,
  ["list"] = V.list { 1, 2, 3 },
  ["string list"] = V.list { "a", "bb", "" },
  ["tuple"] = V.tuple(1, "a"),
  ["triple"] = V.tuple(1, V.tuple(2, 3), "x"),
  ["none"] = V.none,
  ["some"] = V.some(5),
  ["some some"] = V.some(V.some("s")),
  ["array"] = V.array { 1, 2, 3 },
  ["empty array"] = V.array {},
  ["float array"] = V.float_array { 1.5, 2.5, -0.25 },
  ["float record"] = V.float_array { 1, 2.5 },
  ["record"] = V.record("item1", 1, V.float(0.5), V.list { "a", "bb" }),
  ["circle"] = V.variant(0, V.float_array { 0, 1 }, V.float(3)),
  ["rect"] = V.variant(1, 2, 3),
  ["empty"] = V.variant(0),
  ["named"] = V.variant(2, "n"),
  ["string with all bytes"] = (function()
    local t = {}
    for i = 0, 255 do t[#t + 1] = string.char(i) end
    return table.concat(t)
  end)(),
  ["int64 1"] = V.int64(1),
  ["int64 -1"] = V.int64(-1),
  ["int64 max"] = math.maxinteger and V.int64(math.maxinteger) or V.int64("\127\255\255\255\255\255\255\255"),
  ["int64 min"] = math.mininteger and V.int64(math.mininteger) or V.int64(-2^63),
}

describe("the value contract against native OCaml", function()
  local cases = helper.oracle_chunk("values", oracle_env)

  it("covers every case the oracle prints", function()
    assert.is_true(#cases >= 29)
  end)

  for _, case in ipairs(cases) do
    local name, expected = case[1], case[2]
    it("builds " .. name .. " as OCaml lays it out", function()
      if built[name] == nil then
        assert.is_nil(math.type, "no Lua-side value for " .. name)
        return -- max_int/min_int have no exact number on 5.1/LuaJIT
      end
      assert.are.equal(helper.show(expected), helper.show(built[name]))
    end)
  end
end)

describe("ocamlrt.value helpers", function()
  it("round-trips lists, arrays and options", function()
    assert.are.same({ 1, "b", 3 }, V.to_list(V.list { 1, "b", 3 }))
    assert.are.same({ 4, 5 }, V.to_array(V.array { 4, 5 }))
    assert.are.equal(7, V.to_option(V.option(7)))
    assert.is_nil(V.to_option(V.option(nil)))
    assert.are.equal(0, V.list {})
  end)

  it("builds a long list without recursion", function()
    local t = {}
    for i = 1, 200000 do t[i] = i end
    local l = V.list(t)
    assert.are.equal(200000, #V.to_list(l))
  end)

  it("reads boxed integers back", function()
    assert.are.equal(-5, V.to_integer(V.int64(-5)))
    assert.are.equal(123, V.to_integer(V.int32(123)))
    assert.has_error(function() V.int32(2^31) end)
  end)

  it("keeps floats floats on Lua 5.3+", function()
    if math.type then
      assert.are.equal("float", math.type(V.float(3)))
      assert.are.equal("float", math.type(V.float_array({ 2 })[2]))
    end
  end)

  it("refuses nil fields", function()
    assert.has_error(function() V.block(0, 1, nil, 2) end)
  end)
end)

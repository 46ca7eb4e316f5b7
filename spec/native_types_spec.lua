-- lua/ocamlrt/native.d.lua (the LuaLS/EmmyLua types of the native module and
-- the caml_* primitives) names exactly what there is: a primitive added or
-- removed shows here until the definition file follows.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local native = require("ocamlrt.core").native

local function set_difference(a, b)
  local out = {}
  for k in pairs(a) do
    if not b[k] then out[#out + 1] = k end
  end
  table.sort(out)
  return table.concat(out, ", ")
end

describe("lua/ocamlrt/native.d.lua", function()
  local text = assert(helper.read_file("lua/ocamlrt/native.d.lua"))

  it("declares every caml_* primitive, and no other", function()
    local declared, present = {}, {}
    for name in text:gmatch("\nfunction P%.(caml_[%w_]+)%(") do declared[name] = true end
    for name in pairs(ocamlrt.primitives) do present[name] = true end
    assert.are.equal("", set_difference(present, declared), "primitives missing from native.d.lua")
    assert.are.equal("", set_difference(declared, present), "declared in native.d.lua but not primitives")
  end)

  it("declares every helper of the native module the shims use", function()
    -- An optional field (`_name?`) is a helper only some builds have.
    local declared, present, optional = {}, {}, {}
    for name in text:gmatch("\n%-%-%-@field (_[%w_]+) ") do declared[name] = true end
    for name in text:gmatch("\n%-%-%-@field (_[%w_]+)%? ") do optional[name] = true end
    for name in pairs(native) do
      if name:sub(1, 1) == "_" and not optional[name] then present[name] = true end
    end
    assert.are.equal("", set_difference(present, declared), "helpers missing from native.d.lua")
    assert.are.equal("", set_difference(declared, present), "declared in native.d.lua but not in the module")
  end)
end)

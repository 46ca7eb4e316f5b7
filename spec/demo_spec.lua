-- `make demo` end to end: demo/inventory.ml (native OCaml) sends an order
-- through a pipe to demo/inventory.lua under the interpreter running this
-- spec, and prints the reply it reads back. The totals and the Hashtbl
-- lookup are computed on the OCaml side from what Lua sent, so a wrong
-- unmarshal, hash or marshal on the Lua side shows here.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")

local run = helper.run

local interpreters = { lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" }

describe("make demo", function()
  -- Under every interpreter, LuaJIT and 5.1 included: there the order's
  -- floats are read boxed and the reply's integral amounts (18.00) go back
  -- boxed, so OCaml's typed Marshal.from_channel reads floats.
  local needs = { "marshal", "printf", "hashtbl" }
  for _, m in ipairs(needs) do
    if ocamlrt[m] == nil then
      pending("needs ocamlrt." .. m)
      return
    end
  end

  it("exchanges an order and its reply between native OCaml and Lua", function()
    local exe = "build/demo/inventory"
    local _, built = run("mkdir -p build/demo/src && cp demo/inventory.ml build/demo/src/ && cd build/demo/src && "
      .. "ocamlfind ocamlopt -package unix -linkpkg inventory.ml -o ../inventory")
    assert.is_true(built)
    local lua = interpreters[ocamlrt.interpreter]
    local out, ok = run(string.format(
      "LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/%s/?.so;;' DEMO_LUA='%s demo/inventory.lua' %s",
      ocamlrt.interpreter, lua, exe))
    assert.is_true(ok, out)
    assert.truthy(out:find("OCaml: reply for order #9007199254740993 from Lua " .. ocamlrt.interpreter, 1, true), out)
    assert.truthy(out:find("accepted, total 47.22", 1, true), out)
    assert.truthy(out:find("FLR-5     18.00", 1, true), out)
    assert.truthy(out:find("restock: FLR-5, JAR-9", 1, true), out)
    assert.truthy(out:find("stock after: APL-1=39 FLR-5=3 JAR-9=1 OIL-2=10 TEA-4=25", 1, true), out)
    assert.truthy(out:find('Hashtbl.find stock_after "JAR-9" = 1', 1, true), out)
    assert.truthy(out:find("batch 9223372036854775807, 10 left", 1, true), out)
  end)
end)

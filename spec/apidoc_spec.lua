-- docs/API.md is generated from the annotations in lua/ocamlrt/*.lua by
-- scripts/apidoc.lua; this spec fails when it is out of date.
local helper = require("support.helper")

local apidoc = dofile("scripts/apidoc.lua")

local read = helper.read_file

describe("docs/API.md", function()
  it("is what scripts/apidoc.lua generates from lua/ocamlrt/*.lua (else run `make apidoc`)", function()
    local expected = apidoc.generate(apidoc.files())
    local actual = read("docs/API.md")
    if actual ~= expected then
      local line = 1
      for i = 1, math.min(#actual, #expected) do
        if actual:sub(i, i) ~= expected:sub(i, i) then break end
        if actual:sub(i, i) == "\n" then line = line + 1 end
      end
      error("docs/API.md is out of date from line " .. line .. ": run `make apidoc`", 0)
    end
  end)

  it("documents every module file and its annotated functions", function()
    local page = apidoc.generate({ "lua/ocamlrt/init.lua", "lua/ocamlrt/bytes.lua" })
    assert.truthy(page:find("## `ocamlrt`", 1, true))
    assert.truthy(page:find("### `ocamlrt.install_globals(env)`", 1, true))
    assert.truthy(page:find("- `env?` (`table`)", 1, true))
    assert.truthy(page:find("### `ocamlrt.bytes.create(n, fill)`", 1, true))
  end)
end)

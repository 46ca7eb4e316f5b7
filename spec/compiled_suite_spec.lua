-- The programs of spec/compiled/ and `make compiled-check` without the
-- compiler: the suite is whole, the bug table names real programs, and the
-- check skips cleanly when LOO is unset.
local helper = require("support.helper")

local dir = "spec/compiled"

local function listing()
  local out = helper.run("ls " .. dir)
  local names = {}
  for line in out:gmatch("[^\n]+") do names[#names + 1] = line end
  return names
end

describe("spec/compiled", function()
  local files = listing()
  local programs = {}
  for _, f in ipairs(files) do
    local name = f:match("^(.-)%.ml$")
    if name then programs[name] = true end
  end

  it("holds at least 30 programs", function()
    local n = 0
    for _ in pairs(programs) do n = n + 1 end
    assert.is_true(n >= 30, "only " .. n .. " programs")
  end)

  it("has inputs, arguments and module folders only for programs it holds", function()
    for _, f in ipairs(files) do
      local name = f:match("^(.-)%.stdin$") or f:match("^(.-)%.args$")
      if not name and not f:find("%.") then name = f end
      if name then assert.is_true(programs[name] == true, f .. " belongs to no program") end
    end
  end)

  it("lists in compiler_bugs.txt only programs it holds, each with evidence", function()
    local text = assert(helper.read_file(dir .. "/compiler_bugs.txt"))
    local current, count = nil, 0
    for line in text:gmatch("([^\n]*)\n") do
      local name = line:match("^([%w_]+):%s*%S")
      if name then
        if current then assert.is_true(current.evidence > 0, current.name .. " has no evidence") end
        assert.is_true(programs[name] == true, name .. " is listed but is no program")
        current = { name = name, evidence = 0 }
        count = count + 1
      elseif current and line:match("^%s+%S") then
        current.evidence = current.evidence + 1
      end
    end
    if current then assert.is_true(current.evidence > 0, current.name .. " has no evidence") end
    assert.is_true(count > 0)
  end)
end)

describe("make compiled-check", function()
  it("skips with a message and succeeds when LOO is unset", function()
    local out, ok = helper.run("env -u LOO lua5.4 scripts/compiled_check.lua")
    assert.is_true(ok, out)
    assert.are.equal(
      "make compiled-check: skipped, LOO is not set (make compiled-check LOO=/path/to/lua_of_ocaml)\n", out)
  end)
end)

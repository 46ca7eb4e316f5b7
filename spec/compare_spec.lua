-- Polymorphic compare against native OCaml (spec/oracle/compare_hash.ml).
local helper = require("support.helper")
local cases = require("support.oracle_cases")
local ocamlrt = require("ocamlrt")
local C = ocamlrt.compare
local P = ocamlrt.primitives

-- The oracle's order of results: compare, =, <>, <, <=, >, >=.
local primitives = { "caml_compare", "caml_equal", "caml_notequal", "caml_lessthan",
  "caml_lessequal", "caml_greaterthan", "caml_greaterequal" }
local lua_tests = { false, "equal", "notequal", "lessthan", "lessequal", "greaterthan", "greaterequal" }

-- Whether comparing `a` with `b` can bring an int and a float face to face
-- (in the same place of both, forward blocks followed). The oracle builds
-- such pairs with Obj; typed OCaml cannot, and ocamlrt compares any two
-- numbers numerically because compiled code writes 3.0 as the integer 3.
local function is_int(x)
  if math.type then return math.type(x) == "integer" end
  -- docs/VALUES.md: integral, not -0.0, from -2^62 to below 2^62.
  return x % 1 == 0 and not (x == 0 and 1 / x < 0) and x >= -2 ^ 62 and x < 2 ^ 62
end

local function int_meets_float(a, b, seen)
  while type(a) == "table" and a[1] == 250 do a = a[2] end
  while type(b) == "table" and b[1] == 250 do b = b[2] end
  if type(a) == "number" and type(b) == "number" then return is_int(a) ~= is_int(b) end
  if type(a) ~= "table" or type(b) ~= "table" or a[1] ~= b[1] then return false end
  seen = seen or {}
  seen[a] = seen[a] or {}
  if seen[a][b] then return false end
  seen[a][b] = true
  for i = 2, math.min(#a, #b) do
    if int_meets_float(a[i], b[i], seen) then return true end
  end
  return false
end

local function check_seed(seed, n)
  local list = cases.read(helper, "compare", seed, n)
  local checked, failures = 0, {}
  for i, case in ipairs(list) do
    if cases.representable(case) and not int_meets_float(case[3], case[4]) then
      checked = checked + 1
      local a, b, expected = case[3], case[4], case[5]
      for k, name in ipairs(primitives) do
        local got = cases.outcome(P[name], a, b)
        local lua
        if lua_tests[k] then
          lua = cases.outcome(C[lua_tests[k]], a, b)
          if type(lua) == "boolean" then lua = lua and 1 or 0 end
        end
        if (got ~= expected[k] or (lua and lua ~= expected[k])) and #failures < 10 then
          failures[#failures + 1] = string.format("case %d: %s(%s, %s) = %s (Lua API %s), OCaml says %s",
            i, name, helper.show(a), helper.show(b), tostring(got), tostring(lua), tostring(expected[k]))
        end
      end
    end
  end
  assert(#failures == 0, table.concat(failures, "\n"))
  assert.is_true(checked >= #list / 2)
end

describe("caml_compare and the tests against native OCaml", function()
  for _, seed in ipairs({ 1, 2, 3 }) do
    it("agree on 2000 random pairs, 7 primitives each (seed " .. seed .. ")", function()
      check_seed(seed, 2000)
    end)
  end
end)

-- The generic Hashtbl decides most number keys without caml_compare
-- (lua/ocamlrt/hashtbl.lua, keyed_operations' quick test): a key is found
-- in a bucket holding the other value exactly when OCaml's compare says 0.
describe("the generic Hashtbl's key equality against native OCaml", function()
  local H = ocamlrt.hashtbl
  -- A 16-bucket table with `stored` bound to 1 in the bucket `key` hashes to.
  local function holding(stored, key)
    local h = H.create(16)
    h[3][P.caml_hash(10, 100, h[4], key) % 16 + 2] = { 0, stored, 1, 0 }
    h[2] = 1
    return h
  end
  for _, seed in ipairs({ 1, 2, 3 }) do
    it("finds a key exactly when compare is 0, on 2000 random pairs (seed " .. seed .. ")", function()
      local failures, checked = {}, 0
      for i, case in ipairs(cases.read(helper, "compare", seed, 2000)) do
        local a, b, expected = case[3], case[4], case[5][1]
        if cases.representable(case) and not int_meets_float(a, b) and type(expected) == "number" then
          checked = checked + 1
          local want = expected == 0 and 1 or nil
          local found = { H.find_opt(holding(a, b), b), H.mem(holding(a, b), b) and 1 or nil }
          local h = holding(a, b)
          H.replace(h, b, 2)
          found[3] = H.length(h) == 1 and 1 or nil
          for k = 1, 3 do
            if found[k] ~= want and #failures < 10 then
              failures[#failures + 1] = string.format("case %d, op %d: stored %s, sought %s: found %s, compare %d",
                i, k, helper.show(a), helper.show(b), tostring(found[k]), expected)
            end
          end
        end
      end
      assert(#failures == 0, table.concat(failures, "\n"))
      assert.is_true(checked >= 1000)
    end)
  end
end)

-- On LuaJIT caml_compare first tries plain Lua walks (lua/ocamlrt/jitwalk.lua),
-- the small-block one written without a loop; the native compare, checked
-- against OCaml above, is the reference for them.
describe("caml_compare's Lua walks against the native one", function()
  local native_compare = require("ocamlrt.core").native.caml_compare
  local leaves = { 0, 1, -1, 7, 2 ^ 62, -2 ^ 62, 2.5, -0.0, 0 / 0, "", "a", "ab", "b", "\0", "\255" }
  local function value(depth)
    local r = math.random(10)
    if depth == 0 or r <= 5 then return leaves[math.random(#leaves)] end
    local t = { math.random(0, 2) }
    if r == 6 then t[1] = ({ 245, 246, 250, 253, 254 })[math.random(5)] end
    for i = 2, math.random(1, 5) do t[i] = value(depth - 1) end
    return t
  end
  -- Two values more often alike than not, so that the walks go past the
  -- first field.
  local function pair()
    local a = value(2)
    if math.random(2) == 1 or type(a) ~= "table" then return a, value(2) end
    local b = {}
    for i = 1, #a do b[i] = a[i] end
    if #b > 1 and math.random(2) == 1 then b[math.random(2, #b)] = value(1) end
    return a, b
  end

  it("agree on 20,000 random pairs of small blocks and leaves", function()
    math.randomseed(4242)
    local failures = {}
    for _ = 1, 20000 do
      local a, b = pair()
      local ok1, r1 = pcall(P.caml_compare, a, b)
      local ok2, r2 = pcall(native_compare, a, b)
      local same = ok1 == ok2 and (ok1 and r1 == r2 or not ok1 and helper.show(r1) == helper.show(r2))
      if not same and #failures < 10 then
        failures[#failures + 1] =
          helper.show(a) .. " vs " .. helper.show(b) .. ": " .. tostring(r1) .. " / " .. tostring(r2)
      end
    end
    assert(#failures == 0, table.concat(failures, "\n"))
  end)
end)

describe("compare on deep and long values", function()
  local expected = helper.oracle_chunk("compare_hash", nil, "deep")

  local function nested(depth)
    local t = 0
    for k = 1, depth do t = { 0, t, k } end
    return t
  end

  local function list(n, last)
    local l = { 0, last, 0 }
    for i = n - 2, 0, -1 do l = { 0, i, l } end
    return l
  end

  for _, case in ipairs(expected) do
    if case[1] == "nested" then
      it("follows OCaml's stack limit on a left-nested value of depth " .. case[2], function()
        local a = nested(case[2])
        assert.are.equal(case[3], cases.outcome(P.caml_compare, a, nested(case[2])))
        assert.are.equal(case[4], cases.outcome(P.caml_equal, a, a))
        assert.are.equal(0, P.caml_compare(a, a)) -- physically equal: at once
      end)
    else
      it("walks two separately built lists of " .. case[2] .. " elements", function()
        local n = case[2]
        local a = list(n, n - 1)
        assert.are.equal(case[3], P.caml_compare(a, list(n, n - 1)))
        assert.are.equal(case[4], P.caml_compare(a, list(n, n)))
        assert.are.equal(case[5], P.caml_equal(a, list(n, n - 1)))
      end)
    end
  end
end)

describe("ocamlrt.compare", function()
  it("returns Lua booleans for the tests and -1/0/1 for compare", function()
    assert.are.equal(true, C.equal({ 0, 1, "a" }, { 0, 1, "a" }))
    assert.are.equal(false, C.equal(0 / 0, 0 / 0))
    assert.are.equal(0, C.compare(0 / 0, 0 / 0))
    assert.are.equal(-1, C.compare(1, 1.5))
    assert.are.equal(true, C.lessthan("abc", "abd"))
    assert.are.equal(-1, C.float_compare(0 / 0, -math.huge))
    assert.are.equal(1, C.int_compare(3, -3))
  end)

  it("min and max are the stdlib's", function()
    local nan = 0 / 0
    assert.are.equal(1.5, C.min(nan, 1.5)) -- `nan <= 1.5` is false
    assert.are.equal("a", C.min("b", "a"))
    assert.are.equal(2, C.max(1, 2))
  end)

  it("raises OCaml's exceptions on closures and abstract values", function()
    local f = function() end
    helper.assert_raises("Invalid_argument", "compare: functional value", P.caml_equal, f, f)
    helper.assert_raises("Invalid_argument", "compare: functional value", P.caml_compare, { 0, f }, { 0, print })
    helper.assert_raises("Invalid_argument", "compare: abstract value", P.caml_compare, { 251, 0 }, { 251, 0 })
    assert.are.equal(0, P.caml_compare({ 0, f }, { 0, f })) -- the shared closure short-cuts
    assert.are.equal(-1, P.caml_compare(1, f)) -- an int is below any block
  end)

  it("rejects what is not an OCaml value", function()
    helper.assert_raises("Invalid_argument", nil, P.caml_compare, { 0, {} }, { 0, {} })
    helper.assert_raises("Invalid_argument", nil, P.caml_compare, { 253, 1.5, 2 }, 1.5) -- {253, x} is a float
    helper.assert_raises("Invalid_argument", nil, P.caml_compare, 1, { 252, "x" })
    helper.assert_raises("Invalid_argument", nil, P.caml_compare, { 255, 1 }, 2)
    helper.assert_raises("Invalid_argument", nil, P.caml_equal, io.stdout, io.stdout)
  end)
end)

describe("compare and hash on malformed input", function()
  -- Random tables that are mostly not OCaml values: each call must return
  -- an integer or raise an OCaml exception, never crash or raise a Lua string.
  local pick = { 0, 1, -1, 2.5, 0 / 0, "s", true, false, 248, 250, 251, 252, 253, 254, 255, 256, -3,
    2 ^ 40, print, io.stdout }
  local function garbage(depth)
    local r = math.random(10)
    if depth == 0 or r <= 4 then return pick[math.random(#pick)] end
    local t = { pick[math.random(#pick)] }
    if r == 5 then t[1] = math.random(0, 255) end
    for i = 2, math.random(1, 5) do
      t[i] = garbage(depth - 1)
    end
    if r == 6 then t[math.random(2, 4)] = nil end -- holes
    if r == 7 then t.caml_custom = ({ "_i", "_j", "_n", "x" })[math.random(4)] end
    return t
  end

  it("raises only OCaml exceptions", function()
    math.randomseed(12345)
    for _ = 1, 3000 do
      local a, b = garbage(4), garbage(4)
      for _, f in ipairs({
        function() return P.caml_compare(a, b) end,
        function() return P.caml_equal(a, a) end,
        function() return P.caml_hash(10, 100, 0, a) end,
        function() return P.caml_hash(1000, 1000, 7, b) end,
      }) do
        local ok, r = pcall(f)
        if ok then
          assert.are.equal("number", type(r))
        else
          assert(ocamlrt.exn.constructor_of(r), "not an OCaml exception: " .. tostring(r))
        end
      end
    end
  end)
end)

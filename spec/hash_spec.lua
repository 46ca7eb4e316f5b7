-- Hashtbl.hash and friends against native OCaml (spec/oracle/compare_hash.ml).
local helper = require("support.helper")
local cases = require("support.oracle_cases")
local ocamlrt = require("ocamlrt")
local H = ocamlrt.hash
local P = ocamlrt.primitives

-- The Lua API for the usual parameters, the primitive for the others.
local function hash_with(count, limit, seed, v)
  if count == 10 and limit == 100 then
    if seed == 0 then return H.hash(v) end
    return H.seeded_hash(seed, v)
  end
  if seed == 0 then return H.hash_param(count, limit, v) end
  return H.seeded_hash_param(count, limit, seed, v)
end

-- On LuaJIT the primitive is the plain Lua walk first (ocamlrt.jitwalk);
-- the native walk behind it is checked on its own too.
local native_hash = require("ocamlrt.core").native.caml_hash
local walks = { hash_with }
if native_hash ~= P.caml_hash then walks[2] = native_hash end

local function check_seed(seed, n, mode)
  local list = cases.read(helper, mode or "hash", seed, n)
  local checked, skipped, failures = 0, 0, {}
  for i, case in ipairs(list) do
    if cases.representable(case) then
      for k = 4, #case do
        local c, l, s, expected = case[k][1], case[k][2], case[k][3], case[k][4]
        for w, walk in ipairs(walks) do
          local got = cases.outcome(walk, c, l, s, case[3])
          checked = checked + 1
          if got ~= expected and #failures < 10 then
            failures[#failures + 1] = string.format("case %d, walk %d: hash(%d, %d, %d, %s) = %s, OCaml says %s",
              i, w, c, l, s, helper.show(case[3]), tostring(got), tostring(expected))
          end
        end
      end
    else
      skipped = skipped + 1
    end
  end
  assert(#failures == 0, table.concat(failures, "\n"))
  -- 5.1/LuaJIT skip the cases with ints beyond 2^53 or integral floats.
  assert.is_true(checked >= 4 * (#list - skipped) and #list - skipped >= #list / 2)
  return checked
end

describe("caml_hash against native OCaml", function()
  for _, seed in ipairs({ 1, 2, 3 }) do
    it("agrees on 2000 random values, 4 parameter sets each (seed " .. seed .. ")", function()
      check_seed(seed, 2000)
    end)
  end
  -- The walks mix a block's leading ints and strings as they read them
  -- (hash.rs, jitwalk.lua); counts and limits from -1 to 8 stop inside.
  for _, seed in ipairs({ 4, 5 }) do
    it("agrees on 2000 random blocks of mostly ints and strings, 6 parameter sets each (seed " .. seed .. ")",
      function()
        check_seed(seed, 2000, "hash_blocks")
      end)
  end
end)

describe("caml_hash", function()
  it("keeps the stack as it was and accepts bytes as strings", function()
    local s = "some string"
    assert.are.equal(P.caml_hash(10, 100, 0, s), P.caml_hash(10, 100, 0, ocamlrt.bytes.of_string(s)))
    assert.are.equal(3, select("#", 1, P.caml_hash(10, 100, 0, { 0, 1, 2 }), 3))
  end)

  it("skips closures as it skips abstract values", function()
    local with_fn = { 0, 1, function() end, 2 }
    local with_abstract = { 0, 1, { 251, 0 }, 2 }
    assert.are.equal(H.hash(with_fn), H.hash(with_abstract))
  end)

  it("rejects what is not an OCaml value", function()
    helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, { 0, {} })
    helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, { 252, "x" })
    helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, { 255, 1 })
    helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, { 254, "x" })
    helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, { 248, "E", "id" })
    helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, io.stdout)
    if math.type then
      helper.assert_raises("Invalid_argument", nil, P.caml_hash, 10, 100, 0, math.maxinteger)
    end
  end)
end)

-- The mixing primitives have no OCaml 4.13 external; they are tied to
-- caml_hash (checked above) by the identities hash.c defines them with.
describe("the hash mixing primitives", function()
  local mask = 0x3fffffff
  local function final(h) return P.caml_hash_mix_final(h) % (mask + 1) end
  local strings = { "", "a", "ab", "abc", "abcd", "hello world", string.rep("\255\0", 9) }
  local seeds = { 0, 1, -1, 123456789, 2 ^ 31, -2 ^ 31 + 5 }

  it("caml_string_hash is caml_hash of the string alone", function()
    for _, s in ipairs(strings) do
      for _, seed in ipairs(seeds) do
        assert.are.equal(P.caml_hash(1, 1, seed, s), P.caml_string_hash(seed, s))
        assert.are.equal(P.caml_hash(1, 1, seed, s), final(P.caml_hash_mix_string(seed, s)))
        assert.are.equal(P.caml_hash(1, 1, seed, s), H.string_hash(seed, s))
      end
    end
  end)

  it("caml_hash_mix_int mixes an int as caml_hash does (2n+1 below 2^31)", function()
    for _, n in ipairs({ 0, 1, -1, 1000, -123456, 536870911 }) do
      for _, seed in ipairs(seeds) do
        assert.are.equal(P.caml_hash(1, 1, seed, n), final(P.caml_hash_mix_int(seed, 2 * n + 1)))
      end
    end
  end)

  it("caml_hash_mix_float and caml_hash_mix_int64 mix a double's halves", function()
    local doubles = {
      { 1.5, "3ff8000000000000" }, { -2.25, "c002000000000000" }, { 1e300, "7e37e43c8800759c" },
    }
    for _, d in ipairs(doubles) do
      for _, seed in ipairs(seeds) do
        local x = d[1] + 0.0
        assert.are.equal(P.caml_hash(1, 1, seed, x), final(P.caml_hash_mix_float(seed, x)))
        assert.are.equal(P.caml_hash_mix_float(seed, x), P.caml_hash_mix_int64(seed, cases.env.I64(d[2])))
      end
    end
    assert.are.equal(P.caml_hash_mix_float(7, 0 / 0), P.caml_hash_mix_float(7, -(0 / 0)))
    assert.are.equal(P.caml_hash_mix_float(7, 0.0), P.caml_hash_mix_float(7, -0.0))
  end)

  it("returns signed 32-bit states, as js_of_ocaml's do", function()
    for _, seed in ipairs(seeds) do
      local h = P.caml_hash_mix_int(seed, 12345)
      assert.is_true(h >= -2 ^ 31 and h < 2 ^ 31 and h % 1 == 0)
    end
  end)
end)

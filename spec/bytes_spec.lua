-- OCaml bytes and the string primitives.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local B = ocamlrt.bytes
local P = ocamlrt.primitives

describe("bytes", function()
  it("is created zero-filled or filled, with a fixed length", function()
    local b = B.create(3)
    assert.are.equal("\0\0\0", B.to_string(b))
    assert.are.equal(3, B.length(b))
    assert.are.equal(4, #B.create(4, 65))
    assert.are.equal("AAAA", B.to_string(B.create(4, 65)))
    assert.are.equal(0, B.length(B.create(0)))
  end)

  it("reads and writes char codes at 0-based offsets", function()
    local b = B.of_string("abc")
    B.set(b, 1, 66)
    assert.are.equal(66, B.get(b, 1))
    assert.are.equal("aBc", B.to_string(b))
    B.set(b, 0, 256 + 120) -- a char is the low 8 bits, as OCaml stores it
    assert.are.equal("xBc", B.to_string(b))
  end)

  it("raises Invalid_argument \"index out of bounds\" outside", function()
    local b = B.create(2)
    helper.assert_raises("Invalid_argument", "index out of bounds", B.get, b, 2)
    helper.assert_raises("Invalid_argument", "index out of bounds", B.get, b, -1)
    helper.assert_raises("Invalid_argument", "index out of bounds", B.set, b, 5, 1)
    helper.assert_raises("Invalid_argument", "index out of bounds", P.caml_string_get, "ab", 2)
    helper.assert_raises("Invalid_argument", "index out of bounds", P.caml_bytes_unsafe_get, b, 9)
  end)

  it("checks ranges with the Stdlib's messages", function()
    local b = B.create(4)
    helper.assert_raises("Invalid_argument", "Bytes.create", B.create, -1)
    helper.assert_raises("Invalid_argument", "Bytes.blit", B.blit, b, 2, b, 0, 3)
    helper.assert_raises("Invalid_argument", "String.blit / Bytes.blit_string", P.caml_blit_string, "ab", 0, b, 3, 2)
    helper.assert_raises("Invalid_argument", "String.fill / Bytes.fill", B.fill, b, 3, 2, 0)
    helper.assert_raises("Invalid_argument", "String.sub / Bytes.sub", B.sub, b, -1, 1)
  end)

  it("blits between overlapping ranges of one bytes", function()
    local b = B.of_string("abcdef")
    B.blit(b, 0, b, 2, 4)
    assert.are.equal("ababcd", B.to_string(b))
    B.blit("XY", 0, b, 4, 2)
    assert.are.equal("ababXY", B.to_string(b))
  end)

  it("keeps every byte value, NUL included", function()
    local t = {}
    for i = 0, 255 do t[#t + 1] = string.char(i) end
    local s = table.concat(t)
    assert.are.equal(s, B.to_string(B.of_string(s)))
    assert.are.equal(s:sub(11, 30), B.sub_string(B.of_string(s), 10, 20))
  end)

  it("compares byte-wise then by length, strings and bytes alike", function()
    assert.are.equal(-1, B.compare("ab", "abc"))
    assert.are.equal(1, B.compare(B.of_string("b"), "abc"))
    assert.are.equal(0, B.compare(B.of_string("xy"), "xy"))
    assert.is_true(B.equal(B.of_string("xy"), "xy"))
    assert.are.equal(1, P.caml_string_lessthan("a\0", "a\1"))
    assert.are.equal(1, P.caml_string_greaterequal("\255", "\254\255"))
    assert.are.equal(0, P.caml_string_notequal("q", "q"))
  end)

  it("concatenates into a string or new bytes", function()
    assert.are.equal("abcd", P.caml_string_concat("ab", B.of_string("cd")))
    assert.are.equal("abcd", B.to_string(B.cat("ab", "cd")))
  end)

  it("makes results of every length alike, short ones (left to the guard) and long ones (pushed protected)", function()
    -- 1024 bytes is the longest result a primitive's guard pushes (src/state.rs);
    -- printf_spec checks caml_format_int's on both sides against OCaml.
    for _, n in ipairs({ 0, 1, 511, 1023, 1024, 1025, 4096 }) do
      local text = {}
      for i = 1, n do text[i] = string.char(math.random(0, 255)) end
      text = table.concat(text)
      local half = math.floor(n / 2)
      local a, b = text:sub(1, half), text:sub(half + 1)
      assert.are.equal(text, P.caml_string_concat(a, B.of_string(b)))
      assert.are.equal(text, B.to_string(P.caml_bytes_concat(B.of_string(a), b)))
      assert.are.equal(text, P.caml_string_of_bytes(P.caml_bytes_of_string(text)))
      assert.are.equal(text, P.caml_string_sub(text .. "tail", 0, n))
      assert.are.equal(text, B.to_string(P.caml_bytes_sub("head" .. text, 4, n)))
      local zeros = P.caml_create_bytes(n)
      assert.are.equal(string.rep("\0", n), B.to_string(zeros))
      assert.are.equal(n, B.length(zeros))
    end
  end)

  it("rejects what is not a string or bytes with a clear message", function()
    local e = helper.assert_raises("Invalid_argument", nil, B.length, 42)
    assert.are.equal("caml_ml_bytes_length: argument 1 must be a string or bytes, got number", e[3])
    e = helper.assert_raises("Invalid_argument", nil, B.set, "immutable", 0, 65)
    assert.are.equal("caml_bytes_set: argument 1 must be bytes, got string", e[3])
  end)

  it("answers the string primitives compiled code calls most as the native ones do", function()
    -- On LuaJIT two Lua strings are answered in Lua (bytes.lua); elsewhere
    -- these are the native functions themselves.
    local native = require("ocamlrt.core").native
    local names = { "caml_ml_string_length", "caml_string_concat", "caml_string_compare", "caml_string_equal",
      "caml_string_notequal", "caml_string_lessthan", "caml_string_lessequal", "caml_string_greaterthan",
      "caml_string_greaterequal" }
    local function random_string()
      local t = {}
      for i = 1, math.random(0, math.random(2) == 1 and 4 or 700) do t[i] = string.char(math.random(0, 255)) end
      return table.concat(t)
    end
    local function outcome(f, a, b)
      local r = table.pack(pcall(f, a, b))
      if not r[1] then return "raised " .. helper.show(r[2]) end
      return helper.show(r[2]) .. " " .. r.n
    end
    -- Reads of one char: indexes in and out of bounds, and not ints.
    local indexes = { -1, 0, 1, 2, 3, 699, 700, 1.5, 2 ^ 53, "1", 0 / 0 }
    for _, name in ipairs({ "caml_string_get", "caml_string_unsafe_get" }) do
      for _, s in ipairs({ "", "a", "abc\0\255", string.rep("xy", 350), B.of_string("bytes") }) do
        for _, i in ipairs(indexes) do
          local want, got = outcome(native[name], s, i), outcome(P[name], s, i)
          if want ~= got then
            error(string.format("%s(%q, %s): native %s, got %s", name, tostring(s), i, want, got), 0)
          end
        end
      end
    end
    math.randomseed(41)
    local odd = { 7, true, B.of_string("by\0tes"), {}, "" }
    for _ = 1, 20000 do
      local a = random_string()
      local roll = math.random(6)
      local b = roll == 1 and a or roll == 2 and a .. random_string() or roll == 3 and a:sub(1, -2)
        or roll == 4 and odd[math.random(#odd)] or random_string()
      if math.random(8) == 1 then a, b = b, a end
      for _, name in ipairs(names) do
        local want, got = outcome(native[name], a, b), outcome(P[name], a, b)
        if want ~= got then
          error(string.format("%s(%q, %q): native %s, got %s", name, tostring(a), tostring(b), want, got), 0)
        end
      end
    end
  end)

  it("survives a hot loop of native calls (LuaJIT compiles it)", function()
    local b, sum = B.of_string("abc"), 0
    for _ = 1, 300000 do sum = sum + B.get(b, 1) + P.caml_string_get("abc", 2) end
    assert.are.equal(300000 * (98 + 99), sum)
  end)
end)

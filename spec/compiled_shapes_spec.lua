-- Values in the shapes lua_of_ocaml's output really has, through the
-- primitives and call sequences its code uses (docs/lua_of_ocaml.md):
-- integral floats written as Lua integers, int32/int64 as plain numbers,
-- run-time float arrays tagged 254 with integral fields, the calling
-- convention, let rec dummies, arrays and bytes access. Expected values
-- come from spec/oracle/compiled_shapes.ml, whose numbers are printed as
-- the compiler prints its constants (and read with its `inf` and `nan`).
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")

local P = ocamlrt.primitives
local full_ints = math.type ~= nil
local cases = helper.oracle_chunk("compiled_shapes", {
  inf = ocamlrt.compiled.globals.inf,
  nan = ocamlrt.compiled.globals.nan,
})

local function bool(b) return b and 1 or 0 end

-- An OCaml list of the Lua list `t` (what compiled code builds).
local function list(t)
  local l = 0
  for i = #t, 1, -1 do l = { 0, t[i], l } end
  return l
end

describe("integral floats written as Lua integers", function()
  it("compare numerically, with OCaml's NaN rules", function()
    for _, c in ipairs(cases.float_pairs) do
      local x, y = c[1], c[2]
      assert.are.equal(c[3], P.caml_compare(x, y), tostring(x) .. " " .. tostring(y))
      assert.are.equal(bool(c[4]), P.caml_equal(x, y))
      assert.are.equal(bool(c[5]), P.caml_lessthan(x, y))
      assert.are.equal(bool(c[6]), P.caml_lessequal(x, y))
      assert.are.equal(bool(c[4]), P.caml_eq_float(x, y))
      assert.are.equal(bool(c[5]), P.caml_lt_float(x, y))
      assert.are.equal(bool(c[6]), P.caml_le_float(x, y))
      assert.are.equal(bool(not c[4]), P.caml_neq_float(x, y))
    end
  end)

  it("sort as List.sort compare sorts them, inside lists too", function()
    local t = {}
    for i, x in ipairs(cases.sort_input) do t[i] = x end
    table.sort(t, function(a, b) return P.caml_compare(a, b) < 0 end)
    for i, x in ipairs(cases.sort_output) do
      assert.are.equal(0, P.caml_compare(x, t[i]), "position " .. i)
    end
    assert.are.equal(0, P.caml_compare(list(cases.sort_output), list(t)))
  end)

  it("go through the float primitives as floats", function()
    for _, c in ipairs(cases.float_fns) do
      local x = c[1]
      assert.are.equal(c[2], P.caml_classify_float(x))
      local fr = P.caml_frexp_float(x)
      assert.are.equal(0, P.caml_compare(fr, { 0, c[3], c[4] }), "frexp " .. tostring(x))
      local mf = P.caml_modf_float(x)
      assert.are.equal(0, P.caml_compare(mf, { 0, c[5], c[6] }), "modf " .. tostring(x))
    end
    if full_ints then
      assert.are.equal("float", math.type(P.caml_mul_float(3, 2)))
      assert.are.equal("float", math.type(P.caml_float_of_int(7)))
    end
    assert.are.equal(7.5, P.caml_add_float(5, 2.5))
  end)
end)

describe("a float array built at run time", function()
  it("marshals, hashes and compares as OCaml's, integral fields included", function()
    local fa = { 254 }
    for i, x in ipairs(cases.float_array) do fa[i + 1] = x end
    assert.are.equal(cases.float_array_marshal, P.caml_output_value_to_string(fa, 0))
    assert.are.equal(cases.float_array_hash, P.caml_hash(10, 100, 0, fa))
    assert.are.equal(cases.float_array_compare, P.caml_compare(fa, { 254, 1, 2.5, -3, 0.5 }))
  end)
end)

describe("string_of_int and %d through caml_format_int_special", function()
  it("prints every int as OCaml does", function()
    for _, c in ipairs(cases.ints) do
      if full_ints or c[3] then
        assert.are.equal(c[2], P.caml_format_int_special(c[1]))
      end
    end
  end)
end)

describe("int32 and int64 as plain Lua numbers", function()
  it("print through caml_int64_format, limits included", function()
    for _, c in ipairs(cases.int64) do
      if full_ints or c[7] then
        assert.are.equal(c[3], P.caml_int64_format(c[2], c[1]))
      end
    end
  end)

  it("divide with caml_int64_div and caml_int64_mod", function()
    for _, c in ipairs(cases.int64) do
      if (full_ints or c[7]) and c[5] ~= nil then
        assert.are.equal(c[5], P.caml_int64_div(c[1], c[4]), c[1] .. " / " .. c[4])
        assert.are.equal(c[6], P.caml_int64_mod(c[1], c[4]))
      end
    end
    helper.assert_raises(cases.int64_div_zero, nil, P.caml_int64_div, 1, 0)
  end)

  it("come from Int64.of_string and Int32.of_string as plain numbers in a compiled program", function()
    local env = ocamlrt.compiled.env()
    for _, c in ipairs(cases.int64_of_string) do
      if full_ints or c[3] then
        assert.are.equal(c[2], env.caml_int64_of_string(c[1]))
      end
    end
    assert.are.equal(cases.int32_of_string[1], env.caml_int32_of_string("0xffffffff"))
    assert.are.equal(cases.int32_of_string[2], env.caml_int32_of_string("-2147483648"))
  end)

  it("wrap to 32 bits when the compiler's unwrapped int32 sums reach the runtime", function()
    for _, c in ipairs(cases.int32_sums) do
      local sum = c[1] + c[2]
      assert.are.equal(c[3], P.caml_int32_format("%d", sum))
      if c[4] ~= nil then
        assert.are.equal(c[4], P.caml_int32_format("%d", P.caml_int32_div(c[1], c[2])))
      end
    end
  end)
end)

describe("Int64 and Int32 arithmetic on plain numbers", function()
  local int64_ops = { "add", "sub", "mul", "neg", "and", "or", "xor", "shift_left", "shift_right",
    "shift_right_unsigned", "to_int", "compare" }

  it("matches Int64's, limits included", function()
    for _, c in ipairs(cases.int64_ops) do
      local x, y, sh, expected = c[1], c[2], c[3], c[4]
      if full_ints then
        for k, name in ipairs(int64_ops) do
          local f = P["caml_int64_" .. name]
          local got = (name:find("shift") and f(x, sh)) or (name == "neg" or name == "to_int") and f(x) or f(x, y)
          assert.are.equal(expected[k], got, name .. "(" .. x .. ", " .. y .. ", " .. sh .. ")")
        end
        assert.are.equal(expected[13], P.caml_int64_bits_of_float(P.caml_int64_float_of_bits(x)))
      elseif c[6] then
        for k, name in ipairs({ "add", "sub", "mul", "neg" }) do
          local got = name == "neg" and P.caml_int64_neg(x) or P["caml_int64_" .. name](x, y)
          assert.are.equal(expected[k], got, name)
        end
      end
      assert.are.equal(c[5], P.caml_int64_to_float(x))
    end
  end)

  it("matches Int32's on every interpreter", function()
    local names = { "add", "sub", "mul", "neg", "and", "or", "xor", "shift_left", "shift_right",
      "shift_right_unsigned", "compare" }
    for _, c in ipairs(cases.int32_ops) do
      local x, y, sh, expected = c[1], c[2], c[3], c[4]
      for k, name in ipairs(names) do
        local f = P["caml_int32_" .. name]
        local got = (name:find("shift") and f(x, sh)) or (name == "neg" and f(x)) or f(x, y)
        assert.are.equal(expected[k], got, name .. "(" .. x .. ", " .. y .. ", " .. sh .. ")")
      end
      assert.are.equal(expected[12], P.caml_int32_bits_of_float(c[5]))
      assert.are.equal(c[6], P.caml_int32_of_float(c[5]))
    end
  end)
end)

describe("objects of compiled code", function()
  it("find their methods by label as obj.c does", function()
    -- The method table as CamlinternalOO lays it out: n, size, then
    -- (method, label) pairs sorted by label.
    local meths = { 0, #cases.method_labels, 0 }
    for i, label in ipairs(cases.method_labels) do
      meths[#meths + 1] = "method " .. label
      meths[#meths + 1] = label
      assert(i == 1 or cases.method_labels[i - 1] < label)
    end
    local o = P.caml_set_oo_id({ 248, meths, 0 })
    assert.is_true(o[3] > 0)
    for i = 1, 3 do
      local label = cases.method_names[i]
      assert.are.equal("method " .. label, P.caml_get_public_method(o, label))
    end
    assert.are.equal(0, P.caml_get_public_method(o, cases.method_names[4]))
  end)
end)

describe("ints through the compiler's bitwise and unsigned helpers", function()
  it("land, lor, lxor and the unsigned order", function()
    for _, c in ipairs(cases.bits) do
      if full_ints or c[7] then
        local x, y = c[1], c[2]
        assert.are.equal(c[3], P.caml_int_and(x, y))
        assert.are.equal(c[4], P.caml_int_or(x, y))
        assert.are.equal(c[5], P.caml_int_xor(x, y))
        assert.are.equal(c[6], P.caml_unsigned(x) < P.caml_unsigned(y), x .. " <u " .. y)
      end
    end
  end)
end)

describe("16, 32 and 64-bit access to bytes", function()
  it("reads as String.get_*_le / _be read", function()
    local s = cases.bytes_source
    for _, c in ipairs(cases.bytes_get) do
      local i = c[1]
      assert.are.equal(c[2], P.caml_string_get16(s, i))
      assert.are.equal(c[3], P.caml_string_get32(s, i))
      assert.are.equal(c[5], P.caml_bswap16(P.caml_bytes_get16(s, i)))
      assert.are.equal(c[6], P.caml_int32_bswap(P.caml_string_get32(s, i)))
      if full_ints or c[8] then
        assert.are.equal(c[4], P.caml_string_get64(s, i))
        assert.are.equal(c[7], P.caml_int64_bswap(P.caml_string_get64(s, i)))
      end
    end
    helper.assert_raises("Invalid_argument", cases.bound_error, P.caml_string_get64, s, 9)
  end)

  it("writes as Bytes.set_*_le / _be write", function()
    local b = P.caml_create_bytes(8)
    P.caml_fill_bytes(b, 0, 8, 0)
    P.caml_bytes_set64(b, 0, -2)
    assert.are.equal(cases.set64_minus_two, P.caml_string_of_bytes(b))
    P.caml_bytes_set32(b, 0, P.caml_int32_bswap(0x01020304))
    P.caml_bytes_set16(b, 4, 0xABCD)
    assert.are.equal(cases.set32_be_16_le, P.caml_string_of_bytes(b))
    assert.are.equal(cases.bswap[1], P.caml_bswap16(0x3412))
    assert.are.equal(cases.bswap[2], P.caml_int32_bswap(0x12345678))
    if full_ints then assert.are.equal(cases.bswap[3], P.caml_int64_bswap(0x0102030405060708)) end
  end)
end)

describe("the calling convention of compiled code", function()
  local f3 = P.caml_make_closure(3, function(a, b, c) return a * 100 + b * 10 + c end)

  it("applies closures partially and over-applies them through caml_call_gen", function()
    local pf = P.caml_call_gen(f3, { 1 })
    assert.are.equal(2, pf.l)
    local pf2 = P.caml_call_gen(pf, { 2 })
    assert.are.equal(cases.apply[1], pf2(3))
    assert.are.equal(cases.apply[2], P.caml_call_gen(pf, { 4, 5 }))
    local twice = P.caml_make_closure(1, function(f)
      return P.caml_make_closure(1, function(x) return f(f(x)) end)
    end)
    local triple = P.caml_make_closure(1, function(x) return x * 3 end)
    assert.are.equal(cases.apply[3], P.caml_call_gen(twice, { triple, 7 }))
  end)

  it("runs trampolined tail calls until a value comes", function()
    local countdown
    countdown = P.caml_make_closure(2, function(counter, n)
      if n == 0 then return "done" end
      if counter < 50 then return countdown(counter + 1, n - 1) end
      return P.caml_trampoline_return(countdown, P.caml_js_array(0, n - 1))
    end)
    assert.are.equal("done", P.caml_trampoline(countdown(0, 100000)))
  end)
end)

describe("block surgery of compiled code", function()
  it("ties let rec values through caml_alloc_dummy and caml_update_dummy", function()
    -- let rec ring = 1 :: 2 :: ring
    local dummy = P.caml_alloc_dummy(2)
    local tail = { 0, 2, dummy }
    P.caml_update_dummy(dummy, { 0, 1, tail })
    local function nth(l, n)
      for _ = 1, n do l = l[3] end
      return l[2]
    end
    assert.are.same(cases.ring, { nth(dummy, 0), nth(dummy, 1), nth(dummy, 5) })
    local fn = P.caml_alloc_dummy_function(1, 1)
    P.caml_update_dummy(fn, P.caml_make_closure(1, function(x) return x + 1 end))
    assert.are.equal(cases.apply[1] + 1, fn(cases.apply[1]))
  end)

  it("forces lazy values through caml_obj_make_forward", function()
    local lz = { 246, P.caml_make_closure(1, function() return 6 * 7 end) }
    local v = lz[2](0)
    P.caml_obj_make_forward(lz, v)
    assert.are.equal(250, P.caml_obj_tag(lz))
    assert.are.equal(cases.lazy_value, lz[2])
    assert.are.same({ 250, 42 }, P.caml_lazy_make_forward(42))
  end)
end)

describe("arrays of compiled code", function()
  local a = { 0, 1, 2, 3, 4, 5 }

  it("sub, append, concat and blit as Array does", function()
    assert.are.same(cases.array_sub, P.caml_array_sub(a, 1, 3))
    assert.are.same(cases.array_append, P.caml_array_append(a, { 0, 9 }))
    assert.are.same(cases.array_concat, P.caml_array_concat(list({ a, { 0 }, { 0, 7, 8 } })))
    local c = P.caml_array_sub(a, 0, 5)
    P.caml_array_blit(c, 0, c, 1, 4)
    assert.are.same(cases.array_blit_overlap, c)
    assert.are.same({ 254, 0.5, 0.5 }, P.caml_make_vect(2, 0.5))
    assert.are.same({ 0 }, P.caml_array_append({ 0 }, { 0 }))
  end)

  it("raise OCaml's exceptions on bad bounds", function()
    helper.assert_raises("Invalid_argument", cases.array_sub_error, P.caml_array_sub, a, 3, 5)
    helper.assert_raises("Invalid_argument", cases.array_make_error, P.caml_make_vect, -1, 0)
    helper.assert_raises("Invalid_argument", cases.bound_error, P.caml_check_bound, a, 5)
    assert.are.equal(a, P.caml_check_bound(a, 4))
    helper.assert_raises("Out_of_memory", nil, P.caml_make_vect, 2 ^ 40, 0)
  end)
end)

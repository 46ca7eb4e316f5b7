-- Marshal against native OCaml 4.13, both directions (spec/oracle/marshal.ml).
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local M = ocamlrt.marshal
local V = ocamlrt.value
local native = ocamlrt.primitives

local SEED, CASES = 20240613, 3000
local has_integers = math.type ~= nil

local from_hex = helper.unhex

local function to_hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function be32(s, at)
  local a, b, c, d = s:byte(at, at + 3)
  return ((a * 256 + b) * 256 + c) * 256 + d
end

local function chunk(s, at)
  local len = be32(s, at)
  return s:sub(at + 4, at + 3 + len), at + 4 + len
end

local read_file = helper.read_file

-- The OCaml flag list for the oracle's flag bits.
local function flag_list(bits)
  local names = {}
  if bits % 2 == 1 then names[#names + 1] = "No_sharing" end
  if math.floor(bits / 4) % 2 == 1 then names[#names + 1] = "Compat_32" end
  return M.flags(names)
end

local function parse_cases(s)
  local cases, at = {}, 1
  while at <= #s do
    local c = { flags = s:byte(at), portable = s:byte(at + 1) == 1 }
    c.transport, at = chunk(s, at + 2)
    c.failed = s:byte(at) == 1
    c.expected, at = chunk(s, at + 1)
    cases[#cases + 1] = c
  end
  return cases
end

local function out_chunk(out, status, s)
  local n = #s
  out[#out + 1] = string.char(status, math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
    math.floor(n / 256) % 256, n % 256) .. s
end

describe("Marshal against native OCaml", function()
  local dir
  setup(function() dir = helper.tmpdir() end)
  teardown(function() helper.rmtree(dir) end)

  it("reads random values OCaml wrote and writes them back byte for byte, and OCaml reads them back", function()
    local cases_file, out_file = dir .. "/cases.bin", dir .. "/ocamlrt.bin"
    helper.oracle("marshal", "gen", SEED, CASES, cases_file)
    local cases = parse_cases(read_file(cases_file))
    assert.are.equal(CASES, #cases)
    local out, checked = {}, 0
    for i, c in ipairs(cases) do
      -- Lua 5.1 / LuaJIT cannot hold ints beyond 2^53, integral boxed
      -- floats or NaN payloads: those cases are skipped there.
      if has_integers or c.portable then
        local v = native.caml_input_value_from_string(c.transport, 0)
        local ok, res = pcall(native.caml_output_value_to_string, v, flag_list(c.flags))
        if c.failed then
          assert(not ok, "case " .. i .. ": OCaml failed, ocamlrt did not")
          assert.are.equal(c.expected, res[3])
          out_chunk(out, 1, res[3])
        else
          assert(ok, "case " .. i .. ": " .. tostring(res))
          if res ~= c.expected then
            error("case " .. i .. " differs:\n" .. to_hex(c.expected):sub(1, 400) .. "\n" .. to_hex(res):sub(1, 400))
          end
          out_chunk(out, 0, res)
        end
        checked = checked + 1
      else
        out_chunk(out, 2, "")
      end
    end
    local f = assert(io.open(out_file, "wb"))
    f:write(table.concat(out))
    f:close()
    local report = helper.oracle("marshal", "check", SEED, CASES, out_file)
    assert.are.equal(string.format("checked %d, %d skipped, 0 bad\n", checked, CASES - checked), report)
    if has_integers then assert.are.equal(CASES, checked) else assert.is_true(checked >= CASES / 2) end
  end)

  it("reads OCaml 5.1+'s compressed format and writes it so that it decompresses to OCaml's data", function()
    -- No OCaml 5 here: the oracle builds the compressed form from 4.13's
    -- data with the zstd command and 5.2's header layout, and takes ours apart.
    local n = 600
    local file, out_file = dir .. "/compressed.bin", dir .. "/ours-compressed.bin"
    helper.oracle("marshal", "compress", SEED, n, file)
    local s, at, out, checked = read_file(file), 1, {}, 0
    for i = 1, n do
      local flags, portable = s:byte(at), s:byte(at + 1) == 1
      local compressed, plain
      compressed, at = chunk(s, at + 2)
      plain, at = chunk(s, at)
      if has_integers or portable then
        local v = M.from_string(compressed)
        assert(M.to_string(v, flag_list(flags % 4)) == plain, "case " .. i)
        local names = flags % 2 == 1 and { "No_sharing", "Compression" } or { "Compression" }
        local ours = M.to_string(v, names)
        out[#out + 1] = string.char(math.floor(#ours / 16777216) % 256, math.floor(#ours / 65536) % 256,
          math.floor(#ours / 256) % 256, #ours % 256) .. ours
        checked = checked + 1
      else
        out[#out + 1] = "\0\0\0\0"
      end
    end
    local f = assert(io.open(out_file, "wb"))
    f:write(table.concat(out))
    f:close()
    assert.are.equal(string.format("compressed %d, 0 bad\n", checked),
      helper.oracle("marshal", "compressed-check", SEED, n, out_file))
  end)

  it("writes values built in Lua as OCaml writes the same values", function()
    local cyclic = { 0, 1, { 0, 2, 0 } }
    cyclic[3][3] = cyclic
    local shared, r = V.list { 1, 2 }, V.block(0, 0)
    local built = {
      ["int"] = 42,
      ["list"] = V.list { 1, 2, 3 },
      ["tuple"] = V.tuple(1, "a"),
      ["record"] = V.tuple("item1", 1, V.float(0.5), V.list { "a", "bb" }),
      ["variants"] = has_integers
        and V.list { V.variant(0, V.float_array { 0, 1 }, V.float(3)), V.variant(1, 2, 3), 0, V.variant(2, "n") }
        or nil,
      ["float array"] = V.float_array { 1.5, 2.5, -0.25 },
      ["empty array"] = V.array {},
      ["float"] = has_integers and V.float(3) or nil,
      ["string"] = string.rep("x", 300),
      ["shared"] = V.tuple(shared, shared),
      ["cycle"] = cyclic,
      ["ref"] = V.tuple(r, r),
      ["int64"] = V.tuple(V.int64(has_integers and math.mininteger or -2 ^ 63), V.int64(7), V.int32(-1),
        V.nativeint(5)),
    }
    local n, wanted = 0, 0
    for _ in pairs(built) do wanted = wanted + 1 end
    for line in helper.oracle("marshal", "named"):gmatch("[^\n]+") do
      local name, hex = line:match("^(.-)\t(%x+)$")
      if built[name] ~= nil then
        assert.are.equal(hex, to_hex(M.to_string(built[name])), name)
        assert.are.equal(helper.show(built[name]), helper.show(M.from_string(from_hex(hex))), name)
        n = n + 1
      end
    end
    assert.are.equal(wanted, n)
  end)
end)

describe("Marshal through channels", function()
  local dir
  setup(function() dir = helper.tmpdir() end)
  teardown(function() helper.rmtree(dir) end)

  it("reads a stream of values OCaml wrote to one file and writes one OCaml reads back in order", function()
    local io_ = ocamlrt.io
    local theirs, ours = dir .. "/ocaml.bin", dir .. "/ocamlrt.bin"
    helper.oracle("marshal", "stream-out", SEED, 600, theirs)
    local ic, oc = io_.open_in_bin(theirs), io_.open_out_bin(ours)
    local count = 0
    while true do
      local ok, v = pcall(M.from_channel, ic)
      if not ok then
        assert(ocamlrt.exn.is(v, "End_of_file"), ocamlrt.exn.to_string(v))
        break
      end
      M.to_channel(oc, v)
      count = count + 1
    end
    io_.close_in(ic)
    io_.close_out(oc)
    assert.are.equal(string.format("stream of %d, 0 bad\n", count),
      helper.oracle("marshal", "stream-check", SEED, 600, ours))
    assert.is_true(count >= 250)
  end)

  it("raises End_of_file at the end and Failure on a truncated value", function()
    local io_ = ocamlrt.io
    local path = dir .. "/short.bin"
    local oc = io_.open_out_bin(path)
    io_.output_string(oc, M.to_string(V.list { 1, 2, 3 }):sub(1, -2))
    io_.close_out(oc)
    local ic = io_.open_in_bin(path)
    helper.assert_raises("Failure", "input_value: truncated object", M.from_channel, ic)
    io_.close_in(ic)
    local empty = io_.open_in_string("")
    helper.assert_raises("End_of_file", nil, M.from_channel, empty)
    local short = io_.open_in_string("\132\149")
    helper.assert_raises("Failure", "input_value: truncated object", M.from_channel, short)
    local bad = io_.open_in_string(string.rep("x", 40))
    helper.assert_raises("Failure", "input_value: bad object", M.from_channel, bad)
    -- A header claiming 2^40 bytes of data on a short input: no such allocation.
    local huge = io_.open_in_string(from_hex("8495a6bf00000000000001000000000000000000000000010000000000000001") .. "A")
    helper.assert_raises("Failure", "input_value: truncated object", M.from_channel, huge)
  end)

  it("reads compressed values in a stream (their headers are shorter than 20 bytes)", function()
    local io_ = ocamlrt.io
    local data = M.to_string(1, { "Compression" }) .. M.to_string(V.list { 1, 2 }, { "Compression" }) .. M.to_string(7)
    local ic = io_.open_in_string(data)
    assert.are.equal(1, M.from_channel(ic))
    assert.are.equal(helper.show(V.list { 1, 2 }), helper.show(M.from_channel(ic)))
    assert.are.equal(7, M.from_channel(ic))
    helper.assert_raises("End_of_file", nil, M.from_channel, ic)
  end)
end)

describe("Marshal on hostile input", function()
  local dir
  setup(function() dir = helper.tmpdir() end)
  teardown(function() helper.rmtree(dir) end)

  local function header(data_hex, objects)
    local len = #data_hex / 2
    return string.format("8495a6be%08x%08x%08x%08x", len, objects or 1, 0, 0) .. data_hex
  end

  -- Inputs native OCaml checks itself: its messages are the expected ones.
  local checked_by_ocaml = {
    "0000000000000000000000000000000000000000", -- bad magic
    "8495a6be00000009000000010000000000000000", -- data_len past the end
    header("1a"), header("1f"), -- codes that do not exist
    header("195f78000000000000000000"), -- an unknown custom block
    header("195f6e0003000000000000"), -- a nativeint neither 4 nor 8 bytes
  }

  it("raises what native OCaml raises where OCaml checks", function()
    local file = dir .. "/hostile.txt"
    local f = assert(io.open(file, "w"))
    f:write(table.concat(checked_by_ocaml, "\n"), "\n")
    f:close()
    local i = 0
    for line in helper.oracle("marshal", "hostile", file):gmatch("[^\n]+") do
      i = i + 1
      local input = from_hex(checked_by_ocaml[i])
      local expect_input, expect_size = line:match("^(.-)\t(.*)$")
      local function outcome(f2, ...)
        local ok, e = pcall(f2, ...)
        if ok then return "ok" end
        return ocamlrt.exn.constructor_of(e)[2] .. " " .. e[3]
      end
      assert.are.equal(expect_input, outcome(native.caml_input_value_from_string, input, 0), checked_by_ocaml[i])
      assert.are.equal(expect_size, outcome(native.caml_marshal_data_size, input, 0), checked_by_ocaml[i])
    end
    assert.are.equal(#checked_by_ocaml, i)
  end)

  -- Inputs on which native OCaml reads out of bounds or crashes: ocamlrt
  -- raises Failure with its own message in OCaml's words.
  local own = {
    { "", "input_val_from_string: bad length" },
    { "8495a6be", "input_val_from_string: bad length" },
    { header("a0"), "input_value: truncated object" }, -- block with its field missing
    { header("09ff41"), "input_value: truncated object" }, -- string longer than the data
    { header("0affffffff"), "input_value: truncated object" },
    { header("15" .. "000000ffffffffff"), "input_value: truncated object" }, -- STRING64 of 2^40
    { header("13" .. "ffffffffffffff00"), "input_value: truncated object" }, -- block of 2^54 fields
    { header("17" .. "00000000ffffffff"), "input_value: truncated object" }, -- float array of 2^32
    { header("0401"), "input_value: bad shared reference" }, -- nothing to refer to
    { header("a00405", 2), "input_value: bad shared reference" }, -- points before the first object
    { header("a00400", 2), "input_value: bad shared reference" }, -- offset 0
    { header("a02021", 1), "input_value: more objects than the header says" },
    { header("a0410401", 0), "input_value: bad shared reference" }, -- No_sharing data has no table
    { header("185f6a00000000000000000000000004" .. "0000000000000001"),
      "input_value: incorrect length of serialized custom block" },
    { header("195f6a00000000"), "input_value: truncated object" },
    { header("195f6a"), "input_value: truncated object" }, -- identifier without its NUL
    { header("10" .. "00000000" .. string.rep("00", 16)), "input_value: unknown code module" },
    { "8495a6bd0a0101010101" .. "00", "input_val_from_string: decompression error" },
    { "8495a6bd0b0101010101" .. "00", "input_val_from_string: bad object" }, -- header length wrong
    { "8495a6bd0a8080808080808080808080", "input_val_from_string: bad object" }, -- VLQ runs on
    { "8495a6bd13ffffffffffffffffff7f01010101",
      "input_val_from_string: object too large to be read back on this platform" },
  }

  it("never crashes, never allocates what the data cannot hold", function()
    for _, case in ipairs(own) do
      helper.assert_raises("Failure", case[2], native.caml_input_value_from_string, from_hex(case[1]), 0)
    end
  end)

  it("reads a value whose header claims 2^40 objects without allocating for them", function()
    local input = from_hex("8495a6bf00000000" .. "0000000000000001" .. "0000010000000000" .. "0000000000000000" .. "41")
    assert.are.equal(1, M.from_string(input))
  end)

  it("checks offsets as Stdlib.Marshal does", function()
    local s = M.to_string(V.list { 1 })
    helper.assert_raises("Failure", "Marshal.data_size: bad object", M.from_string, s, 1)
    helper.assert_raises("Invalid_argument", "Marshal.from_bytes", M.from_string, s, -1)
    helper.assert_raises("Invalid_argument", "Marshal.from_bytes", M.from_string, s:sub(1, -2), 0)
    helper.assert_raises("Invalid_argument", "Marshal.data_size", M.data_size, s, #s)
    helper.assert_raises("Failure", "input_val_from_string: bad length", native.caml_input_value_from_string, s, #s + 1)
    assert.are.equal(#s, M.total_size(s, 0))
    assert.are.equal(#s - 20, M.data_size("xx" .. s, 2))
    assert.are.equal(1, M.from_string("xx" .. s, 2)[2])
  end)
end)

describe("Marshal output errors", function()
  it("refuses functions, as OCaml refuses functional values", function()
    helper.assert_raises("Invalid_argument", "output_value: functional value", M.to_string, print)
    helper.assert_raises("Invalid_argument", "output_value: functional value", M.to_string, V.tuple(1, print))
    local closure = setmetatable({ print, l = 1 }, { __call = function() end })
    helper.assert_raises("Invalid_argument", "output_value: functional value", M.to_string, closure)
    helper.assert_raises("Invalid_argument", "output_value: functional value", M.to_string, print, { "Closures" })
  end)

  it("refuses what is not an OCaml value", function()
    helper.assert_raises("Invalid_argument", nil, M.to_string, true)
    helper.assert_raises("Invalid_argument", nil, M.to_string, { 0, 1, nil, 3 })
    helper.assert_raises("Invalid_argument", nil, M.to_string, { "x" })
    helper.assert_raises("Invalid_argument", "output_value: abstract value (Abstract)", M.to_string, { 251, 1 })
    helper.assert_raises("Invalid_argument", nil, M.to_string, { 254, 1.5, "x" })
  end)

  it("raises OCaml's Compat_32 failures", function()
    if has_integers then
      helper.assert_raises("Failure", "output_value: integer cannot be read back on 32-bit platform",
        M.to_string, math.tointeger(2 ^ 40), { "Compat_32" })
    end
    assert.are.equal(M.to_string(536870912), M.to_string(536870912, { "Compat_32" }))
  end)

  it("checks to_buffer's range and room", function()
    local buf = ocamlrt.bytes.create(40)
    assert.are.equal(25, M.to_buffer(buf, 3, 30, V.list { 1, 2 }))
    assert.are.equal(M.to_string(V.list { 1, 2 }), ocamlrt.bytes.sub_string(buf, 3, 25))
    helper.assert_raises("Failure", "Marshal.to_buffer: buffer overflow", M.to_buffer, buf, 0, 10, V.list { 1, 2 })
    helper.assert_raises("Invalid_argument", "Marshal.to_buffer: substring out of bounds", M.to_buffer, buf, 30, 20, 1)
    helper.assert_raises("Invalid_argument", nil, M.to_string, 1, { "Bogus" })
  end)
end)

describe("Marshal values", function()
  it("keeps sharing and cycles as physical identity", function()
    local shared = V.list { 1, 2 }
    local back = M.from_string(M.to_string(V.tuple(shared, shared)))
    assert.are.equal(back[2], back[3])
    local cyclic = { 0, 1, 0 }
    cyclic[3] = cyclic
    local c = M.from_string(M.to_string(cyclic))
    assert.are.equal(c, c[3])
    local unshared = M.from_string(M.to_string(V.tuple(shared, shared), { "No_sharing" }))
    assert.are_not.equal(unshared[2], unshared[3])
  end)

  it("shares bytes by identity but never Lua strings, as OCaml does for physically (un)shared strings", function()
    local expected = {}
    for line in helper.oracle("marshal", "named"):gmatch("[^\n]+") do
      local name, hex = line:match("^(.-)\t(%x+)$")
      expected[name] = hex
    end
    local b = ocamlrt.bytes.of_string("abc")
    assert.are.equal(expected["shared string"], to_hex(M.to_string(V.tuple(b, b))))
    assert.are.equal(expected["two strings"], to_hex(M.to_string(V.tuple("abc", "abc"))))
  end)

  it("walks a million-cell list both ways without recursion", function()
    local n = 1000000
    local list = 0
    for i = n, 1, -1 do list = { 0, i, list } end
    local s = M.to_string(list)
    local back = M.from_string(s)
    local count, cell = 0, back
    while cell ~= 0 do
      count = count + 1
      assert(cell[2] == count)
      cell = cell[3]
    end
    assert.are.equal(n, count)
  end)

  it("walks deep nesting in a first field (tables spill off the Lua stack)", function()
    local v = 0
    for i = 1, 100000 do v = { 0, v, i } end
    local back = M.from_string(M.to_string(v))
    local depth = 0
    while back ~= 0 do
      depth = depth + 1
      assert(back[3] == 100001 - depth)
      back = back[2]
    end
    assert.are.equal(100000, depth)
  end)

  it("gives objects read back fresh ids, but keeps predefined exceptions' ids", function()
    local obj = { 248, { 0 }, 7, 42 }
    local a = M.from_string(M.to_string(obj))
    local b = M.from_string(M.to_string(obj))
    assert.are.equal(42, a[4])
    assert.are_not.equal(a[3], b[3])
    local not_found = M.from_string(M.to_string({ 248, "Not_found", -7 }))
    assert.are.equal(-7, not_found[3])
  end)

  it("keeps a forward block around a float and short-circuits others", function()
    local f = M.from_string(M.to_string({ 250, 2.5 }))
    assert.are.equal(250, f[1])
    assert.are.equal(M.to_string(V.list { 1 }), M.to_string({ 250, V.list { 1 } }))
  end)

  it("round-trips the compressed format of OCaml 5.1+", function()
    local v = V.tuple(V.list { 1, 2, 3 }, string.rep("abc", 1000), V.float_array { 1.5 })
    v[5] = v[2]
    local c = M.to_string(v, { "Compression" })
    assert.are.equal("8495a6bd", to_hex(c:sub(1, 4)))
    assert.is_true(#c < 200)
    assert.are.equal(helper.show(v), helper.show(M.from_string(c)))
    assert.are.equal(#c, M.total_size(c, 0))
    local back = M.from_string(c)
    assert.are.equal(back[2], back[5])
  end)
end)

-- Channels against native OCaml: random operation sequences generated and
-- run by spec/oracle/channels.ml, replayed here through ocamlrt, with the
-- same results, exceptions and file bytes expected.

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local chio = ocamlrt.io
local native = ocamlrt.primitives
local exn = ocamlrt.exn

local floor = math.floor

-- Adler-32, as the oracle prints long strings.
local function adler32(s)
  local a, b = 1, 0
  for i = 1, #s, 4096 do
    local bytes = { s:byte(i, math.min(i + 4095, #s)) }
    for j = 1, #bytes do
      a = (a + bytes[j]) % 65521
      b = (b + a) % 65521
    end
  end
  return b * 65536 + a
end

local function repr_string(s)
  if #s <= 64 then return s end
  return { "long", #s, adler32(s) }
end

-- Byte i of the oracle's pattern(seed, len).
local function pattern(seed, len)
  local parts, chunk = {}, {}
  for i = 0, len - 1 do
    chunk[#chunk + 1] = (seed * 31 + i * 7 + floor(i * i / 8)) % 256
    if #chunk == 4096 then
      parts[#parts + 1] = string.char((table.unpack or unpack)(chunk))
      chunk = {}
    end
  end
  if #chunk > 0 then parts[#parts + 1] = string.char((table.unpack or unpack)(chunk)) end
  return table.concat(parts)
end

-- An OCaml list of open_flag indices.
local function flag_list(t)
  return ocamlrt.value.list(t)
end

local function outcome(f, strip)
  local ok, v = pcall(f)
  if ok then return { "ok", v } end
  local ctor = exn.constructor_of(v)
  if not ctor then error(v, 0) end
  local arg = nil
  if ctor ~= v then arg = v[3] end
  if type(arg) == "string" and strip then arg = strip(arg) end
  return { "raised", ctor[2], arg }
end

local input_ops = {
  input_line = function(ic) return repr_string(chio.input_line(ic)) end,
  input_char = function(ic) return chio.input_char(ic) end,
  input = function(ic, len)
    local b = ocamlrt.bytes.create(len + 3)
    local r = chio.input(ic, b, 1, len)
    return { r, repr_string(ocamlrt.bytes.sub_string(b, 1, r)) }
  end,
  really_input_string = function(ic, len) return repr_string(chio.really_input_string(ic, len)) end,
  input_binary_int = function(ic) return chio.input_binary_int(ic) end,
  seek_in = function(ic, p) return native.caml_ml_seek_in(ic, p) end,
  pos_in = function(ic) return chio.pos_in(ic) end,
  length = function(ic) return chio.in_channel_length(ic) end,
  scan_line = function(ic) return native.caml_ml_input_scan_line(ic) end,
  close = function(ic) return native.caml_ml_close_channel(ic) end,
}

local output_ops = {
  output_string = function(oc, s) return native.caml_ml_output(oc, s, 0, #s) end,
  output_pattern = function(oc, seed, len)
    local s = pattern(seed, len)
    return native.caml_ml_output(oc, s, 0, #s)
  end,
  output_char = function(oc, c) return native.caml_ml_output_char(oc, c) end,
  output_binary_int = function(oc, i) return native.caml_ml_output_int(oc, i) end,
  output_substring = function(oc, s, ofs, len)
    -- Stdlib checks the range before the primitive does.
    if ofs < 0 or len < 0 or ofs > #s - len then exn.invalid_argument("output_substring") end
    return native.caml_ml_output(oc, s, ofs, len)
  end,
  seek_out = function(oc, p) return native.caml_ml_seek_out(oc, p) end,
  pos_out = function(oc) return native.caml_ml_pos_out(oc) end,
  length = function(oc) return native.caml_ml_channel_size(oc) end,
  flush = function(oc) return native.caml_ml_flush(oc) end,
  close = function(oc) return chio.close_out(oc) end,
  close_channel = function(oc) return native.caml_ml_close_channel(oc) end,
}

-- Stdlib's open_in_gen / open_out_gen, through the primitives.
local function open_gen(open_descriptor, flags, perm, path)
  local ch = open_descriptor(native.caml_sys_open(path, flag_list(flags), perm))
  native.caml_ml_set_channel_name(ch, path)
  return ch
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Replays one case, returns a list of mismatch descriptions.
local function replay(ops, expected, ch_or_err, op_table, strip, label)
  local problems = {}
  local function check(i, got)
    local want = expected[i]
    if helper.show(got) ~= helper.show(want) then
      local op = ops[i]
      problems[#problems + 1] = string.format("%s op %d %s(%s): got %s, OCaml %s", label, i, op[1],
        table.concat({ (table.unpack or unpack)(op, 2) }, ", "):sub(1, 40),
        helper.show(got):sub(1, 120), helper.show(want):sub(1, 120))
    end
  end
  if ch_or_err[1] == "raised" then
    check(1, ch_or_err)
    return problems
  end
  local ch = ch_or_err[2]
  for i, op in ipairs(ops) do
    local f = op_table[op[1]]
    check(i, outcome(function() return f(ch, (table.unpack or unpack)(op, 2)) end, strip))
  end
  chio.close_noerr(ch)
  return problems
end

describe("channels against OCaml (random operation sequences)", function()
  local dir, problems, cases = nil, {}, { input = 0, output = 0 }

  setup(function()
    dir = helper.tmpdir()
    os.execute("mkdir '" .. dir .. "/ml' '" .. dir .. "/lua'")
    local lua_prefix = dir .. "/lua/"
    local function strip(msg)
      local i = msg:find(lua_prefix, 1, true)
      if not i then return msg end
      return msg:sub(1, i - 1) .. "<dir>/" .. msg:sub(i + #lua_prefix)
    end
    local env = {
      ok = function(v) return { "ok", v } end,
      raised = function(name, arg) return { "raised", name, arg } end,
      long = function(n, a) return { "long", n, a } end,
    }
    function env.input_case(k, file, flags, ops, expected)
      cases.input = cases.input + 1
      local path = dir .. "/in_" .. file
      local opened = outcome(function()
        return open_gen(native.caml_ml_open_descriptor_in, flags, 0, path)
      end, strip)
      for _, p in ipairs(replay(ops, expected, opened, input_ops, strip, "input case " .. k)) do
        problems[#problems + 1] = p
      end
    end
    function env.output_case(k, flags, ops, expected)
      cases.output = cases.output + 1
      local path = dir .. "/lua/out_" .. k
      local opened = outcome(function()
        return open_gen(native.caml_ml_open_descriptor_out, flags, 420, path)
      end, strip)
      for _, p in ipairs(replay(ops, expected, opened, output_ops, strip, "output case " .. k)) do
        problems[#problems + 1] = p
      end
      if read_file(path) ~= read_file(dir .. "/ml/out_" .. k) then
        problems[#problems + 1] = "output case " .. k .. ": file differs from OCaml's"
      end
    end
    helper.oracle_chunk("channels", env, dir, 20261125)
  end)

  teardown(function() helper.rmtree(dir) end)

  it("gives OCaml's results, exceptions and files in every case", function()
    assert.are.equal(150, cases.input)
    assert.are.equal(100, cases.output)
    assert.are.same({}, { (table.unpack or unpack)(problems, 1, math.min(#problems, 10)) })
  end)
end)

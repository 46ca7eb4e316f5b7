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

local read_file = helper.read_file

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

-- A custom input backend reading the string `s`, as a file would.
local function string_backend(s)
  local pos = 0
  return {
    read = function(n)
      local chunk = s:sub(pos + 1, pos + n)
      pos = pos + #chunk
      return chunk
    end,
    seek = function(p) pos = p end,
    size = function() return #s end,
  }
end

-- A custom output backend keeping its bytes like a file: writes at the
-- position, a gap reads as zeros; `backend.data()` is the content.
local function file_like_backend()
  local data, pos = "", 0
  return {
    write = function(chunk)
      if pos > #data then data = data .. string.rep("\0", pos - #data) end
      data = data:sub(1, pos) .. chunk .. data:sub(pos + #chunk + 1)
      pos = pos + #chunk
    end,
    seek = function(p) pos = p end,
    size = function() return #data end,
    data = function() return data end,
  }
end

describe("channels against OCaml (random operation sequences)", function()
  local dir, strip
  local inputs, outputs = {}, {}

  setup(function()
    dir = helper.tmpdir()
    os.execute("mkdir '" .. dir .. "/ml' '" .. dir .. "/lua'")
    local lua_prefix = dir .. "/lua/"
    strip = function(msg)
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
      inputs[#inputs + 1] = { k = k, file = file, flags = flags, ops = ops, expected = expected }
    end
    function env.output_case(k, flags, ops, expected)
      outputs[#outputs + 1] = { k = k, flags = flags, ops = ops, expected = expected }
    end
    helper.oracle_chunk("channels", env, dir, 20261125)
  end)

  teardown(function() helper.rmtree(dir) end)

  -- Replays every input case on the channel `open(case)` makes; returns
  -- the problems found and how many cases ran.
  local function run_inputs(open, only_readable)
    local problems, ran = {}, 0
    for _, c in ipairs(inputs) do
      if not (only_readable and c.flags[1] == 1) then
        ran = ran + 1
        local opened = outcome(function() return open(c) end, strip)
        for _, p in ipairs(replay(c.ops, c.expected, opened, input_ops, strip, "input case " .. c.k)) do
          problems[#problems + 1] = p
        end
      end
    end
    return problems, ran
  end

  local function first(problems)
    return { (table.unpack or unpack)(problems, 1, math.min(#problems, 10)) }
  end

  it("files: OCaml's results, exceptions and file bytes in every case", function()
    local problems, ran = run_inputs(function(c)
      return open_gen(native.caml_ml_open_descriptor_in, c.flags, 0, dir .. "/in_" .. c.file)
    end)
    assert.are.equal(300, ran)
    for _, c in ipairs(outputs) do
      local path = dir .. "/lua/out_" .. c.k
      local opened = outcome(function()
        return open_gen(native.caml_ml_open_descriptor_out, c.flags, 420, path)
      end, strip)
      for _, p in ipairs(replay(c.ops, c.expected, opened, output_ops, strip, "output case " .. c.k)) do
        problems[#problems + 1] = p
      end
      if read_file(path) ~= read_file(dir .. "/ml/out_" .. c.k) then
        problems[#problems + 1] = "output case " .. c.k .. ": file differs from OCaml's"
      end
    end
    assert.are.equal(150, #outputs)
    assert.are.same({}, first(problems))
  end)

  it("memory input channels behave as the files", function()
    local problems, ran = run_inputs(function(c)
      return chio.open_in_string(read_file(dir .. "/in_" .. c.file))
    end, true)
    assert.is_true(ran > 200)
    assert.are.same({}, first(problems))
  end)

  it("custom input backends behave as the files", function()
    local problems, ran = run_inputs(function(c)
      return chio.open_in_custom(string_backend(read_file(dir .. "/in_" .. c.file)))
    end, true)
    assert.is_true(ran > 200)
    assert.are.same({}, first(problems))
  end)

  -- Output cases that truncate (so the file starts empty, like memory).
  local function run_truncating_outputs(open, contents)
    local problems, ran = {}, 0
    for _, c in ipairs(outputs) do
      if helper.show(c.flags) == helper.show({ 1, 3, 4, 7 }) then
        ran = ran + 1
        local ch, handle = open()
        for _, p in ipairs(replay(c.ops, c.expected, { "ok", ch }, output_ops, strip, "output case " .. c.k)) do
          problems[#problems + 1] = p
        end
        if contents(ch, handle) ~= read_file(dir .. "/ml/out_" .. c.k) then
          problems[#problems + 1] = "output case " .. c.k .. ": contents differ from OCaml's file"
        end
      end
    end
    return problems, ran
  end

  it("memory output channels hold what OCaml's files hold", function()
    local problems, ran = run_truncating_outputs(chio.open_out_buffer, chio.contents)
    assert.is_true(ran > 60)
    assert.are.same({}, first(problems))
  end)

  it("custom output backends receive what OCaml's files hold", function()
    local problems, ran = run_truncating_outputs(function()
      local b = file_like_backend()
      return chio.open_out_custom(b), b
    end, function(_, b) return b.data() end)
    assert.is_true(ran > 60)
    assert.are.same({}, first(problems))
  end)
end)

-- ocamlrt.io beyond what OCaml can be asked directly: custom backends'
-- contract, memory channels, scoped use, the channel list, the _64
-- primitives, bad arguments. (OCaml semantics themselves are checked
-- against the oracle in channels_spec.lua and channels_exit_spec.lua.)

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local chio = ocamlrt.io
local native = ocamlrt.primitives
local V = ocamlrt.value

-- A custom input backend over `s` that returns at most `step` bytes a call.
local function trickle(s, step)
  local pos, calls = 0, 0
  return {
    read = function(n)
      calls = calls + 1
      local chunk = s:sub(pos + 1, pos + math.min(n, step))
      pos = pos + #chunk
      return chunk
    end,
    calls = function() return calls end,
  }
end

describe("custom backends", function()
  it("short reads still give whole lines and exact lengths", function()
    local text = "first\r\nsecond\n\nlast without newline"
    local ic = chio.open_in_custom(trickle(text, 3))
    assert.are.equal("first\r", chio.input_line(ic))
    assert.are.equal("second", chio.input_line(ic))
    assert.are.equal("", chio.input_line(ic))
    assert.are.equal("last", chio.really_input_string(ic, 4))
    assert.are.equal(" without newline", chio.input_all(ic))
    helper.assert_raises("End_of_file", nil, chio.input_line, ic)
    assert.are.equal(#text, chio.pos_in(ic))
  end)

  it("input returns what one read gives (partial), 0 at the end", function()
    local ic = chio.open_in_custom(trickle("abcdefgh", 3))
    local b = ocamlrt.bytes.create(8)
    assert.are.equal(3, chio.input(ic, b, 0, 8))
    assert.are.equal(3, chio.input(ic, b, 3, 5))
    assert.are.equal(2, chio.input(ic, b, 6, 2))
    assert.are.equal(0, chio.input(ic, b, 0, 8))
    assert.are.equal("abcdefgh", ocamlrt.bytes.to_string(b))
  end)

  it("partial writes are completed by the channel", function()
    local got = {}
    local oc = chio.open_out_custom({
      write = function(s)
        got[#got + 1] = s:sub(1, 2)
        return math.min(2, #s)
      end,
    })
    chio.output_string(oc, "hello, world")
    chio.flush(oc)
    assert.are.equal("hello, world", table.concat(got))
    assert.are.equal(12, chio.pos_out(oc))
  end)

  it("errors raised by the backend reach the caller as they were", function()
    local boom = { "my error" }
    local ic = chio.open_in_custom({ read = function() error(boom) end })
    local ok, e = pcall(chio.input_char, ic)
    assert.is_false(ok)
    assert.are.equal(boom, e)
    local oc = chio.open_out_custom({ write = function() ocamlrt.exn.sys_error("disk full") end })
    chio.output_string(oc, "x")
    helper.assert_raises("Sys_error", "disk full", chio.flush, oc)
  end)

  it("missing seek and size are illegal seeks, as on a pipe", function()
    local ic = chio.open_in_custom(trickle(string.rep("x", 10), 10))
    helper.assert_raises("Sys_error", "Illegal seek", chio.in_channel_length, ic)
    chio.input_char(ic)
    chio.seek_in(ic, 0) -- within the buffer: no backend call
    assert.are.equal(0, chio.pos_in(ic))
    helper.assert_raises("Sys_error", "Illegal seek", chio.seek_in, ic, 100)
  end)

  it("a read returning more than asked, or a bad write count, is a Failure", function()
    local ic = chio.open_in_custom({ read = function(n) return string.rep("x", n + 1) end })
    helper.assert_raises("Failure", nil, chio.input_char, ic)
    local oc = chio.open_out_custom({ write = function() return 0 end })
    chio.output_string(oc, "x")
    helper.assert_raises("Failure", nil, chio.flush, oc)
  end)

  it("a backend using its own channel is refused", function()
    local ic
    ic = chio.open_in_custom({ read = function() return chio.input_char(ic) end })
    helper.assert_raises("Failure", nil, chio.input_char, ic)
  end)

  it("close is called once, by close or by the collector", function()
    local closed = 0
    local backend = { read = function() return nil end, close = function() closed = closed + 1 end }
    local ic = chio.open_in_custom(backend)
    chio.close_in(ic)
    chio.close_in(ic)
    assert.are.equal(1, closed)
    do chio.open_in_custom(backend) end
    collectgarbage()
    collectgarbage()
    assert.are.equal(2, closed)
  end)

  it("a collected output channel is flushed into its backend", function()
    local got = {}
    do
      local oc = chio.open_out_custom({ write = function(s) got[#got + 1] = s end })
      chio.output_string(oc, "kept")
    end
    collectgarbage()
    collectgarbage()
    assert.are.equal("kept", table.concat(got))
  end)
end)

describe("memory channels", function()
  it("round-trip everything, with positions and lengths", function()
    local oc = chio.open_out_buffer()
    chio.output_string(oc, "line 1\nline 2")
    chio.output_binary_int(oc, -2)
    assert.are.equal(17, chio.pos_out(oc))
    assert.are.equal("line 1\nline 2\255\255\255\254", chio.contents(oc))
    assert.are.equal(17, chio.out_channel_length(oc))
    local ic = chio.open_in_string(chio.contents(oc))
    assert.are.equal(17, chio.in_channel_length(ic))
    assert.are.equal("line 1", chio.input_line(ic))
    chio.seek_in(ic, 13)
    assert.are.equal(-2, chio.input_binary_int(ic))
    helper.assert_raises("End_of_file", nil, chio.input_char, ic)
  end)

  it("seek past the end leaves a gap of zeros", function()
    local oc = chio.open_out_buffer()
    chio.output_string(oc, "ab")
    chio.seek_out(oc, 5)
    chio.output_string(oc, "z")
    chio.seek_out(oc, 1)
    chio.output_string(oc, "B")
    assert.are.equal("aB\0\0\0z", chio.contents(oc))
  end)

  it("bytes can be read into and written from", function()
    local b = ocamlrt.bytes.of_string("0123456789")
    local oc = chio.open_out_buffer()
    chio.output(oc, b, 2, 3)
    chio.output_bytes(oc, b)
    assert.are.equal("2340123456789", chio.contents(oc))
    helper.assert_raises("Invalid_argument", "output", chio.output, oc, b, 8, 3)
    helper.assert_raises("Invalid_argument", "output_substring", chio.output_substring, oc, "abc", -1, 1)
  end)

  it("a huge really_input_string on a short input is End_of_file, not an allocation", function()
    local ic = chio.open_in_string("short")
    helper.assert_raises("End_of_file", nil, chio.really_input_string, ic, 2 ^ 30)
    helper.assert_raises("Invalid_argument", "Bytes.create", chio.really_input_string, ic, -1)
  end)

  it("contents of a channel that is not a memory output is refused", function()
    helper.assert_raises("Invalid_argument", nil, chio.contents, chio.open_in_string("x"))
  end)
end)

describe("ocamlrt.io", function()
  local dir
  setup(function() dir = helper.tmpdir() end)
  teardown(function() helper.rmtree(dir) end)

  it("with_open_out / with_open_in close the channel and pass results through", function()
    local path = dir .. "/w.txt"
    assert.are.equal(42, chio.with_open_out(path, function(oc)
      chio.output_string(oc, "a\nb\n")
      return 42
    end))
    local lines = chio.with_open_in(path, function(ic)
      local t = {}
      for line in chio.lines(ic) do t[#t + 1] = line end
      return t
    end)
    assert.are.same({ "a", "b" }, lines)
    local kept
    local ok = pcall(chio.with_open_in, path, function(ic)
      kept = ic
      error("stop")
    end)
    assert.is_false(ok)
    helper.assert_raises("Sys_error", "Bad file descriptor", chio.input_char, kept)
  end)

  it("lists open output channels oldest first, as an OCaml list too", function()
    local a, b = chio.open_out_buffer(), chio.open_out_buffer()
    local list = chio.out_channels()
    local ia, ib
    for i, ch in ipairs(list) do
      if ch == a then ia = i end
      if ch == b then ib = i end
    end
    assert.is_true(ia < ib)
    chio.close_out(a)
    for _, ch in ipairs(chio.out_channels()) do assert.are_not.equal(a, ch) end
    local l = native.caml_ml_out_channels_list(0)
    assert.are.equal(0, l[1]) -- a cons cell {0, head, tail}
    assert.are.equal(#chio.out_channels(), #V.to_list(l))
    chio.output_string(b, "flushed")
    chio.flush_all()
    assert.are.equal("flushed", chio.contents(b))
  end)

  it("the _64 primitives take and give int64 blocks (or plain integers)", function()
    local ic = chio.open_in_string("0123456789")
    native.caml_ml_seek_in_64(ic, V.int64(4))
    assert.are.equal(4, V.to_integer(native.caml_ml_pos_in_64(ic)))
    native.caml_ml_seek_in_64(ic, 6)
    assert.are.equal(string.byte("6"), chio.input_char(ic))
    assert.are.equal("_j", native.caml_ml_channel_size_64(ic).caml_custom)
    assert.are.equal(10, V.to_integer(native.caml_ml_channel_size_64(ic)))
    local oc = chio.open_out_buffer()
    chio.output_string(oc, "abc")
    assert.are.equal(3, V.to_integer(native.caml_ml_pos_out_64(oc)))
  end)

  it("descriptors, names and modes", function()
    assert.are.equal(1, chio.descriptor(chio.stdout))
    assert.are.equal(0, chio.descriptor(chio.stdin))
    helper.assert_raises("Sys_error", "Bad file descriptor", chio.descriptor, chio.open_in_string(""))
    local path = dir .. "/n.txt"
    local oc = chio.open_out(path)
    assert.are.equal(path, chio.name(oc))
    assert.is_true(chio.is_binary_mode(oc))
    chio.set_binary_mode(oc, false) -- no text mode on Unix
    assert.is_true(chio.is_binary_mode(oc))
    assert.is_true(chio.is_buffered(oc))
    chio.close_out(oc)
    helper.assert_raises("Sys_error", "Bad file descriptor", chio.descriptor, oc)
  end)

  it("rejects what is not a channel, and misuse of direction", function()
    helper.assert_raises("Invalid_argument", nil, chio.input_char, "not a channel")
    helper.assert_raises("Invalid_argument", nil, chio.input_char, ocamlrt.bytes.create(4))
    helper.assert_raises("Invalid_argument", nil, chio.input_char, chio.open_out_buffer())
    helper.assert_raises("Invalid_argument", nil, chio.output_string, chio.open_in_string("x"), "y")
    helper.assert_raises("Invalid_argument", nil, native.caml_sys_open, "x", { 0, 99, 0 }, 0)
  end)

  it("a to-be-closed variable closes the channel (Lua 5.4)", function()
    if helper.interpreter ~= "lua54" then return end -- `<close>` is 5.4 syntax
    local path = dir .. "/tbc.txt"
    local chunk = assert(load([[
      local chio, path = ...
      do
        local oc <close> = chio.open_out(path)
        chio.output_string(oc, "closed at scope end")
        return oc
      end
    ]]))
    local oc = chunk(chio, path)
    helper.assert_raises("Sys_error", "Bad file descriptor", chio.output_string, oc, "more")
    assert.are.equal("closed at scope end", chio.with_open_in(path, chio.input_all))
  end)

  it("open flags by name or as an OCaml list", function()
    local path = dir .. "/flags.txt"
    local oc = chio.open_out_gen({ "wronly", "creat", "trunc" }, 420, path)
    chio.output_string(oc, "one")
    chio.close_out(oc)
    oc = chio.open_out_gen(V.list({ 2 }), 0, path) -- [Open_append]
    chio.output_string(oc, "+two")
    chio.close_out(oc)
    assert.are.equal("one+two", chio.with_open_in(path, chio.input_all))
  end)
end)

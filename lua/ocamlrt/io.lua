--- OCaml channels for Lua: Stdlib's in_channel/out_channel functions over
-- ocamlrt's native buffered channels (files, descriptors, memory, Lua
-- backends). Semantics are OCaml 4.13's, errors are OCaml exceptions
-- (`Sys_error "x: No such file or directory"`, `End_of_file`), positions are
-- 0-based byte offsets and chars are integer codes. See docs/channels.md.

local core = require("ocamlrt.core")
local native = core.native
local exn = require("ocamlrt.exn")
local unpack = table.unpack or rawget(_G, "unpack") -- 5.1 / LuaJIT: the global

local channels = {}

-- OCaml's open_flag constructors by name, in declaration order.
local flag_index = {
  rdonly = 0, wronly = 1, append = 2, creat = 3, trunc = 4,
  excl = 5, binary = 6, text = 7, nonblock = 8,
}

-- An OCaml `open_flag list` from a Lua array of names ("wronly", "creat",
-- or OCaml's own "Open_wronly"), or an OCaml list given as is.
local function flag_list(flags)
  if type(flags) ~= "table" or type(flags[1]) ~= "string" then return flags end
  local list = 0 ---@type table|integer
  for i = #flags, 1, -1 do
    local name = flags[i]:lower():gsub("^open_", "")
    local index = flag_index[name]
    if not index then error("ocamlrt.io: unknown open flag " .. flags[i], 3) end
    list = { 0, index, list }
  end
  return list
end

--- Opens `name` with OCaml open flags (a Lua array of names such as
--- `{"wronly", "creat", "append"}`, or an OCaml list) and permissions.
---@param flags string[]|table
---@param perm integer
---@param name string
---@return userdata
function channels.open_in_gen(flags, perm, name)
  return native._io_open(name, flag_list(flags), perm, false)
end

---@param flags string[]|table
---@param perm integer
---@param name string
---@return userdata
function channels.open_out_gen(flags, perm, name)
  return native._io_open(name, flag_list(flags), perm, true)
end

--- Opens a file for reading (`Sys_error` if it cannot).
---@param name string
---@return userdata
function channels.open_in(name) return channels.open_in_gen({ "rdonly", "text" }, 0, name) end
channels.open_in_bin = channels.open_in
--- Creates or truncates a file for writing (permissions 0o666 before umask).
---@param name string
---@return userdata
function channels.open_out(name) return channels.open_out_gen({ "wronly", "creat", "trunc", "text" }, 438, name) end
channels.open_out_bin = channels.open_out

--- A channel on an open descriptor (not closed when collected, as in OCaml).
channels.open_descriptor_in = native.caml_ml_open_descriptor_in
channels.open_descriptor_out = native.caml_ml_open_descriptor_out
--- The descriptor of a channel (`Sys_error "Bad file descriptor"` if closed
--- or not a descriptor channel).
channels.descriptor = native.caml_channel_descriptor

--- An input channel reading the string `s` (a memory channel).
---@param s string
---@return userdata
function channels.open_in_string(s) return native._io_open_string(s) end

--- An output channel into memory; `channels.contents(ch)` gives what it holds.
---@return userdata
function channels.open_out_buffer() return native._io_open_buffer() end

--- Everything written so far to a memory output channel, as a string.
channels.contents = native._io_contents

-- The backend functions in the order the native side expects them.
local function backend_functions(b)
  if type(b) ~= "table" then error("ocamlrt.io: a custom backend must be a table", 3) end
  return { b.read, b.write, b.seek, b.close, b.size }
end

--- An input channel over Lua functions: `read(n)` returns a string of 1..n
--- bytes, or nil/"" at the end; optional `seek(pos)`, `size()`, `close()`.
---@param backend table
---@param name? string
---@return userdata
function channels.open_in_custom(backend, name)
  return native._io_open_custom(backend_functions(backend), false, name)
end

--- An output channel over Lua functions: `write(s)` returns how many bytes
--- of `s` it took (nil: all); optional `seek(pos)`, `size()`, `close()`.
---@param backend table
---@param name? string
---@return userdata
function channels.open_out_custom(backend, name)
  return native._io_open_custom(backend_functions(backend), true, name)
end

--- Closes a channel, flushing an output channel first (`close_out` /
--- `close_in`); closing twice is allowed.
channels.close = native._io_close
channels.close_in = native._io_close
channels.close_out = native._io_close

--- Closes, ignoring every error (`close_in_noerr` / `close_out_noerr`).
---@param ch userdata
function channels.close_noerr(ch)
  if native._io_is_out(ch) then pcall(native.caml_ml_flush, ch) end
  pcall(native.caml_ml_close_channel, ch)
end
channels.close_in_noerr = channels.close_noerr
channels.close_out_noerr = channels.close_noerr

-- Output ------------------------------------------------------------------

channels.output_string = native._io_output_string
channels.output_bytes = native._io_output_string
--- `output_char(ch, c)`: `c` a char code or a one-character string.
channels.output_char = native.caml_ml_output_char
channels.output_byte = native.caml_ml_output_char
--- `output(ch, bytes, ofs, len)` (`Invalid_argument "output"` out of range).
channels.output = native.caml_ml_output_bytes
--- `output_substring(ch, s, ofs, len)`.
channels.output_substring = native.caml_ml_output
--- Writes a 32-bit big-endian integer.
channels.output_binary_int = native.caml_ml_output_int
channels.flush = native.caml_ml_flush
channels.seek_out = native.caml_ml_seek_out
channels.pos_out = native.caml_ml_pos_out
channels.out_channel_length = native.caml_ml_channel_size

--- Flushes every open output channel, ignoring errors (`flush_all`).
function channels.flush_all()
  local l = native.caml_ml_out_channels_list(0)
  while l ~= 0 do
    pcall(native.caml_ml_flush, l[2])
    l = l[3]
  end
end

--- The open output channels as a Lua array, oldest first.
---@return userdata[]
function channels.out_channels()
  local t, l = {}, native.caml_ml_out_channels_list(0)
  while l ~= 0 do
    t[#t + 1] = l[2]
    l = l[3]
  end
  return t
end

--- Unbuffered channels write at once (`Out_channel.set_buffered`).
---@param ch userdata
---@param buffered boolean
function channels.set_buffered(ch, buffered) native.caml_ml_set_buffered(ch, buffered) end
---@param ch userdata
---@return boolean
function channels.is_buffered(ch) return native.caml_ml_is_buffered(ch) == 1 end
--- No-op on Unix (no text mode), kept for OCaml programs.
---@param ch userdata
---@param binary boolean
function channels.set_binary_mode(ch, binary) native.caml_ml_set_binary_mode(ch, binary) end
channels.set_binary_mode_in = channels.set_binary_mode
channels.set_binary_mode_out = channels.set_binary_mode
---@param ch userdata
---@return boolean
function channels.is_binary_mode(ch) return native.caml_ml_is_binary_mode(ch) == 1 end
--- The name a channel was opened with, or nil.
channels.name = native._io_name

-- Input -------------------------------------------------------------------

--- The next line without its newline; `End_of_file` when none is left.
channels.input_line = native._io_input_line
--- The rest of the input as a string.
channels.input_all = native._io_input_all
--- Exactly `len` bytes, or `End_of_file`.
channels.really_input_string = native._io_really_input_string
--- The next byte as a char code; `End_of_file` at the end.
channels.input_char = native.caml_ml_input_char
channels.input_byte = native.caml_ml_input_char
--- A 32-bit big-endian signed integer.
channels.input_binary_int = native.caml_ml_input_int
--- `input(ch, bytes, ofs, len)`: reads up to `len` bytes, 0 at the end.
channels.input = native.caml_ml_input

--- `really_input(ch, bytes, ofs, len)`: exactly `len` bytes or `End_of_file`.
---@param ch userdata
---@param b userdata
---@param ofs integer
---@param len integer
function channels.really_input(ch, b, ofs, len)
  if ofs < 0 or len < 0 or ofs > native.caml_ml_bytes_length(b) - len then
    exn.invalid_argument("really_input")
  end
  while len > 0 do
    local r = native.caml_ml_input(ch, b, ofs, len)
    if r == 0 then exn.raise_end_of_file() end
    ofs, len = ofs + r, len - r
  end
end

channels.seek_in = native.caml_ml_seek_in
channels.pos_in = native.caml_ml_pos_in
channels.in_channel_length = native.caml_ml_channel_size

--- Iterates over the lines of a channel: `for line in channels.lines(ch) do`.
---@param ch userdata
---@return function
function channels.lines(ch)
  local input_line = native._io_input_line
  return function()
    local ok, line = pcall(input_line, ch)
    if ok then return line end
    if exn.is(line, "End_of_file") then return nil end
    error(line, 0)
  end
end

-- Scoped use (4.14's In_channel/Out_channel.with_open_*) ----------------

local function pack(...) return { n = select("#", ...), ... } end

-- As Fun.protect ~finally:close_noerr: the channel is closed either way.
local function with_open(open)
  return function(name, f)
    local ch = open(name)
    local r = pack(pcall(f, ch))
    channels.close_noerr(ch)
    if not r[1] then error(r[2], 0) end
    return unpack(r, 2, r.n)
  end
end

--- `with_open_in(name, f)`: calls `f(ch)`, closes `ch` even if `f` raises,
--- returns what `f` returns.
channels.with_open_in = with_open(channels.open_in)
channels.with_open_bin_in = channels.with_open_in
--- `with_open_out(name, f)`: the same for writing (flushed and closed).
channels.with_open_out = with_open(channels.open_out)
channels.with_open_bin_out = channels.with_open_out

-- Standard channels --------------------------------------------------------

--- Descriptors 0, 1 and 2, buffered as OCaml's (flushed at exit).
channels.stdin = native.caml_ml_open_descriptor_in(0)
channels.stdout = native.caml_ml_open_descriptor_out(1)
channels.stderr = native.caml_ml_open_descriptor_out(2)

local stdout, stderr = channels.stdout, channels.stderr
local output_string, output_char, flush = native._io_output_string, native.caml_ml_output_char, native.caml_ml_flush

function channels.print_string(s) output_string(stdout, s) end
function channels.print_char(c) output_char(stdout, c) end
--- Writes `s` and a newline to stdout, then flushes it.
function channels.print_endline(s) output_string(stdout, s); output_char(stdout, 10); flush(stdout) end
function channels.print_newline() output_char(stdout, 10); flush(stdout) end
function channels.prerr_string(s) output_string(stderr, s) end
function channels.prerr_char(c) output_char(stderr, c) end
function channels.prerr_endline(s) output_string(stderr, s); output_char(stderr, 10); flush(stderr) end
function channels.prerr_newline() output_char(stderr, 10); flush(stderr) end
--- Flushes stdout, then reads a line from stdin.
function channels.read_line() flush(stdout); return native._io_input_line(channels.stdin) end

return channels

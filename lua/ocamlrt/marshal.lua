--- OCaml's Marshal for Lua: values in the value contract (docs/VALUES.md) to
-- and from the bytes native OCaml's `output_value` writes, in both
-- directions. Offsets are 0-based as in OCaml. See docs/marshal.md.

local native = require("ocamlrt.core").native
local exn = require("ocamlrt.exn")

local marshal = {}

--- OCaml 4.13's `Marshal.header_size`: bytes needed to learn a value's size.
marshal.header_size = 20

-- The constant constructors of `Marshal.extern_flags`.
local flag_index = { No_sharing = 0, Closures = 1, Compat_32 = 2, Compression = 3 }

--- The OCaml list of flags for an array of flag names
--- (`{"No_sharing", "Compression"}`); `nil` is the empty list and an OCaml
--- list (`0` or `{0, flag, rest}`) is returned as it is.
---@param names? string[]
---@return any
function marshal.flags(names)
  if names == nil or (type(names) == "table" and next(names) == nil) then return 0 end
  if type(names) ~= "table" or type(names[1]) ~= "string" then return names end
  local list = 0 ---@type table|integer
  for i = #names, 1, -1 do
    local f = flag_index[names[i]]
    if f == nil then exn.invalid_argument("Marshal: unknown flag " .. tostring(names[i])) end
    list = { 0, f, list }
  end
  return list
end

--- `limit(n)`: the largest marshaled data, in bytes, that writing a value,
--- reading one from a channel or inflating a compressed one may make
--- (1 GiB unless set; one limit for the process). Beyond it, or when the
--- memory cannot be had, Marshal raises `Out_of_memory`. Sets the limit
--- when `n` is given; returns the limit before the call.
---@param n? integer
---@return integer
function marshal.limit(n)
  if n == nil then return native._marshal_limit() end
  return native._marshal_limit(n)
end

--- `to_string(v, flags)`: the marshaled bytes of `v` as a Lua string.
--- `flags` is an array of names such as `{"No_sharing"}` (default none).
---@param v any
---@param flags? string[]
---@return string
function marshal.to_string(v, flags)
  return native.caml_output_value_to_string(v, marshal.flags(flags))
end

--- `to_bytes(v, flags)`: the same as new ocamlrt bytes.
---@param v any
---@param flags? string[]
---@return userdata
function marshal.to_bytes(v, flags)
  return native.caml_output_value_to_bytes(v, marshal.flags(flags))
end

--- `to_buffer(buf, ofs, len, v, flags)`: marshals into bytes `buf` at `ofs`,
--- at most `len` bytes; returns the length written.
---@param buf userdata
---@param ofs integer
---@param len integer
---@param v any
---@param flags? string[]
---@return integer
function marshal.to_buffer(buf, ofs, len, v, flags)
  return native.caml_output_value_to_buffer(buf, ofs, len, v, marshal.flags(flags))
end

--- `data_size(s, ofs)`: the bytes that follow the `header_size` bytes at `ofs`.
---@param s string|userdata
---@param ofs integer
---@return integer
function marshal.data_size(s, ofs)
  if ofs < 0 or ofs > #s - marshal.header_size then exn.invalid_argument("Marshal.data_size") end
  return native.caml_marshal_data_size(s, ofs)
end

--- `total_size(s, ofs)`: header and data bytes of the value at `ofs`.
---@param s string|userdata
---@param ofs integer
---@return integer
function marshal.total_size(s, ofs)
  return marshal.header_size + marshal.data_size(s, ofs)
end

--- Options of the readers (`from_string`, `from_channel`).
---@class ocamlrt.marshal.read_options
---@field boxed_floats? boolean every float comes back as OCaml's boxed float `{253, x}` (docs/marshal.md)

-- The native readers' last argument: whether to box every float.
local function boxed_floats(opts)
  return opts ~= nil and opts.boxed_floats == true
end

--- `from_string(s, ofs, opts)`: the value marshaled in `s` (a string or
--- bytes) at `ofs` (default 0), with `Stdlib.Marshal.from_string`'s checks.
--- With `opts.boxed_floats` every float is read as `{253, x}`, so that an
--- integral float stays a float on Lua 5.1/LuaJIT.
---@param s string|userdata
---@param ofs? integer
---@param opts? ocamlrt.marshal.read_options
---@return any
function marshal.from_string(s, ofs, opts)
  ofs = ofs or 0
  if ofs < 0 or ofs > #s - marshal.header_size then exn.invalid_argument("Marshal.from_bytes") end
  local len = native.caml_marshal_data_size(s, ofs)
  if ofs > #s - (marshal.header_size + len) then exn.invalid_argument("Marshal.from_bytes") end
  return native.caml_input_value_from_string(s, ofs, boxed_floats(opts))
end

marshal.from_bytes = marshal.from_string

--- `to_channel(ch, v, flags)`: writes `v` marshaled to the output channel `ch`.
---@param ch userdata
---@param v any
---@param flags? string[]
function marshal.to_channel(ch, v, flags)
  native.caml_output_value(ch, v, marshal.flags(flags))
end

--- `from_channel(ch, opts)`: the next marshaled value of the input channel
--- `ch`; `End_of_file` when the channel is at its end. `opts` as for
--- `from_string`.
---@param ch userdata
---@param opts? ocamlrt.marshal.read_options
---@return any
function marshal.from_channel(ch, opts)
  return native.caml_input_value(ch, boxed_floats(opts))
end

return marshal

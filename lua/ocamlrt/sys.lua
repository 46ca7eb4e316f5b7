--- OCaml's Sys (runtime/sys.c and stdlib/sys.ml of OCaml 4.13) for Lua.
-- The `caml_sys_*` primitives keep OCaml's calling convention (bools are 0/1,
-- arrays are blocks); the functions of this table are the friendly versions:
-- predicates return Lua booleans, arrays come back as Lua lists, and a
-- failing call raises `Sys_error` with OCaml's message.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local native = core.native

local sys = {}

-- Program arguments --------------------------------------------------------

-- Sys.argv as the OCaml string array {0, program, arg1, ...}: by default
-- the script name and arguments of Lua's global `arg`.
local argv_block
local executable_name

local function default_argv()
  local block = { 0 } ---@type (string|integer)[]
  local a = rawget(_G, "arg")
  block[2] = type(a) == "table" and type(a[0]) == "string" and a[0] or ""
  if type(a) == "table" then
    for i = 1, #a do block[i + 2] = tostring(a[i]) end
  end
  return block
end

local function argv()
  if not argv_block then argv_block = default_argv() end
  return argv_block
end

--- The program arguments as a Lua list: the program name first, as in
--- OCaml's Sys.argv.
---@return string[]
function sys.argv()
  local block, list = argv(), {}
  for i = 2, #block do list[i - 1] = block[i] end
  return list
end

--- Sets what Sys.argv holds (for the program embedding OCaml code).
---@param list string[]
function sys.set_argv(list)
  local block = { 0 } ---@type (string|integer)[]
  for i = 1, #list do block[i + 1] = list[i] end
  argv_block = block
end

--- The executable's name: set with `set_executable_name`, by default the
--- program name (argv[0]).
---@return string
function sys.executable_name()
  return executable_name or argv()[2]
end

---@param name string
function sys.set_executable_name(name)
  executable_name = name
end

-- Exit ---------------------------------------------------------------------

--- Flushes every open output channel, ignoring `Sys_error` as OCaml's
--- flush_all does. Does nothing while no channel layer is loaded.
function sys.flush_all()
  local list_channels = core.primitives.caml_ml_out_channels_list
  local flush = core.primitives.caml_ml_flush
  if not (list_channels and flush) then return end
  local cell = list_channels(0)
  while type(cell) == "table" do
    local ok, e = pcall(flush, cell[2])
    if not ok and not exn.is(e, "Sys_error") then error(e, 0) end
    cell = cell[3]
  end
end

--- Flushes the output channels, then ends the process with `code` (the C
--- library keeps its low 8 bits), closing the Lua state where Lua can.
---@param code integer
function sys.exit(code)
  if type(code) ~= "number" or code % 1 ~= 0 then
    exn.invalid_argument("Sys.exit: the exit code must be an integer, got " .. tostring(code))
  end
  sys.flush_all()
  os.exit(code, true)
end

-- Files, directories, environment ---------------------------------------------

local function bool(f)
  return function(...) return f(...) == 1 end
end

-- The Lua list of an OCaml array.
local function list_of_array(a)
  local list = {}
  for i = 2, #a do list[i - 1] = a[i] end
  return list
end

--- Whether a file (of any kind) exists at `path`.
sys.file_exists = bool(native.caml_sys_file_exists)
--- Whether `path` is a directory; `Sys_error` when it does not exist.
sys.is_directory = bool(native.caml_sys_is_directory)
--- Whether `path` is a regular file; `Sys_error` when it does not exist.
sys.is_regular_file = bool(native.caml_sys_is_regular_file)
sys.remove = native.caml_sys_remove
sys.rename = native.caml_sys_rename
sys.chdir = native.caml_sys_chdir
sys.rmdir = native.caml_sys_rmdir
sys.getcwd = native.caml_sys_getcwd
sys.command = native.caml_sys_system_command
sys.time = native.caml_sys_time

--- `mkdir(path, perm)`; `perm` defaults to 0777 (before the umask).
---@param path string
---@param perm? integer
function sys.mkdir(path, perm)
  return native.caml_sys_mkdir(path, perm or 511)
end

--- The names in directory `path` (not "." and ".."), in the system's order.
---@param path string
---@return string[]
function sys.readdir(path)
  return list_of_array(native.caml_sys_read_directory(path))
end

--- The value of environment variable `name`; raises `Not_found` when unset.
sys.getenv = native.caml_sys_getenv

--- The value of environment variable `name`, or nil when unset.
---@param name string
---@return string|nil
function sys.getenv_opt(name)
  local ok, v = pcall(native.caml_sys_getenv, name)
  if ok then return v end
  if exn.is(v, "Not_found") then return nil end
  error(v, 0)
end

--- The random words OCaml seeds Random.self_init with, as a Lua list.
---@return integer[]
function sys.random_seed()
  return list_of_array(native.caml_sys_random_seed(0))
end

--- Whether the channel (or descriptor number) `chan` is a terminal; false
--- for a closed channel or one without a descriptor.
---@param chan userdata|integer
---@return boolean
function sys.isatty(chan)
  return native.caml_sys_isatty(chan) == 1
end

-- Constants ----------------------------------------------------------------

sys.os_type = "Unix"
sys.unix, sys.win32, sys.cygwin = true, false, false
sys.word_size, sys.int_size, sys.big_endian = 64, 63, false
--- Sys.max_array_length = Sys.max_wosize (2^54 - 1); on Lua 5.1/LuaJIT the
--- nearest double (2^54).
sys.max_array_length = tonumber("18014398509481983")
--- Sys.max_string_length (2^57 - 9); the nearest double on Lua 5.1/LuaJIT.
sys.max_string_length = tonumber("144115188075855863")
--- lua_of_ocaml's Sys.backend_type: Other "lua_of_ocaml".
sys.backend_type = { 0, "lua_of_ocaml" }

-- Runtime warnings (Sys.enable_runtime_warnings), off by default as in OCaml.
local runtime_warnings = false

---@param enabled boolean
function sys.enable_runtime_warnings(enabled) runtime_warnings = enabled and true or false end

---@return boolean
function sys.runtime_warnings_enabled() return runtime_warnings end

-- The caml_* primitives written here ------------------------------------------

local function const(v) return function() return v end end

core.provide({
  caml_sys_argv = function() return argv() end,
  caml_sys_get_argv = function() return { 0, sys.executable_name(), argv() } end,
  caml_sys_modify_argv = function(block) argv_block = block; return 0 end,
  caml_sys_executable_name = function() return sys.executable_name() end,
  caml_sys_exit = function(code) sys.exit(code) end,
  caml_sys_getenv_opt = function(name)
    local v = sys.getenv_opt(name)
    return v == nil and 0 or { 0, v }
  end,
  caml_sys_get_config = function() return { 0, sys.os_type, sys.word_size, 0 } end,
  caml_sys_const_big_endian = const(0),
  caml_sys_const_word_size = const(64),
  caml_sys_const_int_size = const(63),
  caml_sys_const_max_wosize = const(sys.max_array_length),
  caml_sys_const_ostype_unix = const(1),
  caml_sys_const_ostype_win32 = const(0),
  caml_sys_const_ostype_cygwin = const(0),
  caml_sys_const_backend_type = function() return { 0, "lua_of_ocaml" } end,
  caml_sys_const_naked_pointers_checked = const(0),
  caml_ml_enable_runtime_warnings = function(b) runtime_warnings = b ~= 0; return 0 end,
  caml_ml_runtime_warnings_enabled = function() return runtime_warnings and 1 or 0 end,
  -- The runtime variant: "" for the standard runtime (not "d" or "i").
  caml_runtime_variant = const(""),
})

return sys

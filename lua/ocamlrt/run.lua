--- Runs a program compiled by lua_of_ocaml on ocamlrt, as its native build
-- runs: `lua5.4 -l ocamlrt.run prog.lua ARGS...` (or `ocamlrt-run prog.lua
-- ARGS...`). Sys.argv is the program's path and ARGS; the process ends with
-- the program's `exit n` status, 0 at its normal end; an exception that
-- escapes the program is printed on stderr as OCaml's runtime prints it
-- (`Fatal error: exception Not_found`, after the program's at_exit functions
-- when it registered them as a named value) and ends it with status 2. Open
-- output channels are flushed at every end.
--
-- Required with `-l`, the module runs the program named after the options
-- and never returns; `require "ocamlrt.run"` from Lua code only gives the
-- table below.

-- Every module, so that every primitive is there before the program runs.
local ocamlrt = require("ocamlrt")
local compiled, exn, sys = ocamlrt.compiled, ocamlrt.exn, ocamlrt.sys
local core = require("ocamlrt.core")
local mtype = rawget(math, "type") -- Lua 5.3+

local run = {}

-- The exceptions whose single argument is a (file, line, char) tuple that
-- the runtime prints as the exception's own arguments.
local located = { Match_failure = true, Assert_failure = true, Undefined_recursive_module = true }

-- One argument as the C runtime prints it: an int in decimal, a string
-- between quotes unescaped, anything else as `_`.
local function fatal_arg(v)
  if type(v) == "number" then
    if mtype and mtype(v) == "float" then return "_" end
    if v % 1 ~= 0 then return "_" end
    return string.format("%d", v)
  end
  if type(v) == "string" then return '"' .. v .. '"' end
  local to_string = core.primitives.caml_string_of_bytes
  if type(v) == "userdata" and to_string then
    local ok, s = pcall(to_string, v)
    if ok then return '"' .. s .. '"' end
  end
  return "_"
end

--- The text after `Fatal error: exception ` for an exception that escapes a
--- program: OCaml's runtime (caml_format_exception) prints the constructor
--- and its int and string arguments, strings unescaped, other values as `_`.
---@param v any
---@return string
function run.fatal_message(v)
  local ctor = exn.constructor_of(v)
  if not ctor then return tostring(v) end
  if ctor == v then return tostring(ctor[2]) end
  local fields, first = v, 3
  local tuple = v[3]
  if #v == 3 and type(tuple) == "table" and tuple[1] == 0 and located[ctor[2]] then
    fields, first = tuple, 2
  end
  local args = {}
  for i = first, #fields do args[#args + 1] = fatal_arg(fields[i]) end
  return tostring(ctor[2]) .. "(" .. table.concat(args, ", ") .. ")"
end

-- Calls an OCaml closure of the program, ignoring what it raises.
local function call_quietly(f, ...)
  if f ~= nil then pcall(f, ...) end
end

--- What happens when `v` escapes the program, as in OCaml 4.13: the
--- program's Printexc.handle_uncaught_exception when Printexc is linked (it
--- runs the at_exit functions and prints with Printexc's printers), else
--- the runtime's own way: at_exit functions, then the message on stderr
--- (a Lua error that is no OCaml exception as `Fatal error: Lua error: `,
--- its message and traceback).
--- Returns the status the process ends with.
---@param v any the raised value
---@param named table the program's named values
---@return integer
function run.uncaught(v, named)
  local handler = named["Printexc.handle_uncaught_exception"]
  if handler ~= nil and exn.constructor_of(v) then
    pcall(handler, v, 0)
    return 2
  end
  call_quietly(named["Pervasives.do_at_exit"], 0)
  pcall(sys.flush_all)
  if exn.constructor_of(v) then
    io.stderr:write("Fatal error: exception ", run.fatal_message(v), "\n")
  else -- a Lua error: a fault of the compiled code or of a runtime
    io.stderr:write("Fatal error: Lua error: ", tostring(v), "\n")
  end
  return 2
end

-- What a program's environment falls back to: `_G`, and the runner's
-- caml_register_named_value (unless ocamlrt provides one), which keeps the
-- program's named values (Printexc's handler, at_exit) in `named`.
local function program_base(named)
  local base = setmetatable({}, { __index = _G })
  if rawget(core.primitives, "caml_register_named_value") == nil then
    base.caml_register_named_value = function(name, value)
      named[name] = value
      return 0
    end
  end
  return base
end

-- Keeps the program's own definition of `name` (from its inline runtime)
-- from replacing the runner's.
local function keep_runner_definition(env, name)
  local mt = getmetatable(env)
  local assign = mt.__newindex
  mt.__newindex = function(t, k, value)
    if k ~= name then assign(t, k, value) end
  end
end

-- The named values, read through ocamlrt when it keeps them.
local function named_values(own)
  local lookup = rawget(core.primitives, "caml_named_value")
  if not lookup then return own end
  return setmetatable({}, { __index = function(_, name)
    local ok, v = pcall(lookup, name)
    if ok and v ~= 0 then return v end
    return own[name]
  end })
end

--- Runs the program in file `path` with arguments `args` (a Lua list of
--- strings) and ends the process with its status; never returns.
---@param path string
---@param args string[]
function run.program(path, args)
  local named = {}
  local base = program_base(named)
  local chunk, env = compiled.loadfile(path, base)
  if not chunk then
    io.stderr:write("ocamlrt.run: ", tostring(env), "\n")
    os.exit(2)
    return
  end
  if rawget(base, "caml_register_named_value") then
    keep_runner_definition(env, "caml_register_named_value")
  end
  local argv = { path }
  for i = 1, #args do argv[i + 1] = args[i] end
  sys.set_argv(argv)
  sys.set_executable_name(path)
  local ok, e = xpcall(chunk, function(v)
    if exn.constructor_of(v) then return v end
    return debug.traceback(tostring(v), 2)
  end)
  if ok then sys.exit(0) end
  sys.exit(run.uncaught(e, named_values(named)))
end

--- `ocamlrt-run PROG.lua ARGS...`: `arg` as Lua's standalone interpreter
--- sets it (the script in arg[0], the program in arg[1]).
---@param arg table
function run.main(arg)
  if type(arg) ~= "table" or type(arg[1]) ~= "string" then
    io.stderr:write("usage: ocamlrt-run PROGRAM.lua [ARGUMENT...]\n")
    os.exit(2)
  end
  local args = {}
  for i = 2, #arg do args[#args + 1] = arg[i] end
  run.program(arg[1], args)
end

-- The interpreter's command line when this module came in through `-l`:
-- the program and its arguments (Lua 5.4 and LuaJIT set `arg` before the
-- `-l` options run; Lua 5.1 sets it later, so there it is read from
-- /proc/self/cmdline). Nil when the module was required from Lua code.
local function command_line()
  local caller = debug.getinfo(3, "S")
  if caller == nil or caller.what ~= "C" then return nil end
  local words = {}
  local a = rawget(_G, "arg")
  if type(a) == "table" then
    local i = 0
    while a[i - 1] ~= nil do i = i - 1 end
    for j = i, #a do words[#words + 1] = a[j] end
  else
    local f = io.open("/proc/self/cmdline", "rb")
    if not f then return nil end
    local raw = f:read("*a")
    f:close()
    for w in raw:gmatch("([^%z]*)%z") do words[#words + 1] = w end
  end
  -- Options of lua.c: -e and -l take an argument; the first other word
  -- that is no option is the script.
  local i, loaded = 2, false
  while i <= #words do
    local w = words[i] ---@type string
    if w == "-l" then
      loaded = loaded or words[i + 1] == "ocamlrt.run"
      i = i + 2
    elseif w == "-e" then
      i = i + 2
    elseif w == "--" then
      i = i + 1
      break
    elseif w:sub(1, 1) == "-" and w ~= "-" then
      loaded = loaded or w == "-locamlrt.run"
      i = i + 1
    else
      break
    end
  end
  if not loaded or words[i] == nil then return nil end
  local rest = {}
  for j = i + 1, #words do rest[#rest + 1] = words[j] end
  return words[i], rest
end

local program, args = command_line()
if program then run.program(program, args) end

return run

--- OCaml exceptions in Lua.
-- An exception is raised with `error(v)` where `v` is the exception value
-- itself: the constructor `{248, name, id}` for a constant exception, or
-- `{0, constructor, arg, ...}` for one with arguments. Handlers compare the
-- caught value's constructor with `==`, so a compiled program registers its
-- own constructors with `caml_register_global` and ocamlrt raises those.

local core = require("ocamlrt.core")
local native = core.native

local exn = {}

local constructors = native._exceptions()

--- OCaml's predefined exceptions by id (-1 .. -12).
local predefined_by_id = {}
for name, ctor in pairs(constructors) do
  predefined_by_id[ctor[3]] = name
end

--- The constructor ocamlrt raises for `name` ("Failure", "Not_found",
--- "Stdlib.Scanf.Scan_failure", ...), created on first use.
---@param name string
---@return table
function exn.constructor(name)
  return native._constructor(name)
end

--- The constructor of an exception value (the value itself when constant).
---@param v any
---@return table|nil
function exn.constructor_of(v)
  if type(v) ~= "table" then return nil end
  if v[1] == 248 then return v end
  if v[1] == 0 and type(v[2]) == "table" and v[2][1] == 248 then return v[2] end
  return nil
end

--- Whether `v` is the exception `name` (e.g. `exn.is(err, "Not_found")`).
---@param v any
---@param name string
---@return boolean
function exn.is(v, name)
  local ctor = exn.constructor_of(v)
  return ctor ~= nil and ctor == constructors[name]
end

-- OCaml's String.escaped, for printing string arguments as %S does.
local function escaped(s)
  return (s:gsub('[%c"\\\128-\255]', function(c)
    local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t",
                    ["\r"] = "\\r", ["\b"] = "\\b" }
    return named[c] or string.format("\\%03d", c:byte())
  end))
end

local function float_repr(x)
  local s = string.format("%.12g", x)
  if s:find("^-?%d+$") then s = s .. "." end
  if s == "inf" or s == "-inf" or s == "nan" or s == "-nan" then
    s = (s == "-nan") and "nan" or s
  end
  return s
end

-- How Printexc prints one argument: ints with %d, strings with %S, floats
-- with string_of_float, anything else as `_`.
local function show_arg(a)
  local t = type(a)
  if t == "string" then
    return '"' .. escaped(a) .. '"'
  elseif t == "number" then
    local math_type = rawget(math, "type") -- Lua 5.3+
    if math_type and math_type(a) == "float" then return float_repr(a) end
    return string.format("%d", a)
  elseif t == "userdata" and native.caml_ml_bytes_length then
    local ok, s = pcall(native.caml_string_of_bytes, a)
    if ok then return '"' .. escaped(s) .. '"' end
  end
  return "_"
end

local locfmt = 'File "%s", line %d, characters %d-%d: %s'
local located = {
  Match_failure = { 5, "Pattern matching failed" },
  Assert_failure = { 6, "Assertion failed" },
  Undefined_recursive_module = { 6, "Undefined recursive module" },
}

--- The text OCaml's `Printexc.to_string` gives for the exception value `v`:
--- `Failure("msg")`, `Not_found`, `Sys_error("x: No such file or directory")`.
---@param v any
---@return string
function exn.to_string(v)
  local ctor = exn.constructor_of(v)
  if not ctor then return tostring(v) end
  local name = ctor[2]
  if ctor == v then
    if name == "Out_of_memory" then return "Out of memory" end
    if name == "Stack_overflow" then return "Stack overflow" end
    return name
  end
  local loc = located[name]
  if loc and ctor == constructors[name] and type(v[3]) == "table" then
    local file, line, char = v[3][2], v[3][3], v[3][4]
    return string.format(locfmt, file, line, char, char + loc[1], loc[2])
  end
  local args = {}
  for i = 3, #v do args[#args + 1] = show_arg(v[i]) end
  if #args == 0 then return name end
  return name .. "(" .. table.concat(args, ", ") .. ")"
end

--- Metatable of the exception values ocamlrt raises: prints them as OCaml does
--- when they reach the top level uncaught.
exn.metatable = { __tostring = exn.to_string, __metatable = "ocamlrt.exception" }
native._set_exception_metatable(exn.metatable)
for _, ctor in pairs(constructors) do
  if getmetatable(ctor) == nil then setmetatable(ctor, exn.metatable) end
end

--- Raises the exception `ctor` (a constructor table) with arguments.
---@param ctor table
---@return never
function exn.raise(ctor, ...)
  if select("#", ...) == 0 then error(ctor, 0) end
  error(setmetatable({ 0, ctor, ... }, exn.metatable), 0)
end

local function raiser(name)
  return function(...) return exn.raise(exn.constructor(name), ...) end
end

--- `failwith(msg)` raises `Failure msg`.
---@type fun(msg: string): never
exn.failwith = raiser("Failure")
--- `invalid_argument(msg)` raises `Invalid_argument msg`.
---@type fun(msg: string): never
exn.invalid_argument = raiser("Invalid_argument")
--- `sys_error(msg)` raises `Sys_error msg`.
---@type fun(msg: string): never
exn.sys_error = raiser("Sys_error")
--- Raises `End_of_file`.
---@type fun(): never
exn.raise_end_of_file = raiser("End_of_file")
--- Raises `Not_found`.
---@type fun(): never
exn.raise_not_found = raiser("Not_found")
--- Raises `Division_by_zero`.
exn.raise_zero_divide = raiser("Division_by_zero")

--- The program's global data, as `caml_register_global` filled it.
local global_data = {}

--- `caml_register_global(n, v, name)`, as generated code calls it at start-up.
--- When `v` is an exception constructor (one of OCaml's predefined ones, by
--- its id, or any other by `name`), ocamlrt raises `v` from then on.
function exn.register_global(n, v, name)
  global_data[n + 1] = v
  if type(name) == "string" then global_data[name] = v end
  if type(v) == "table" and v[1] == 248 then
    local key = predefined_by_id[v[3]] or name
    if type(key) == "string" then constructors[key] = v end
    -- So that the program's constant exceptions print readably when uncaught.
    if getmetatable(v) == nil then setmetatable(v, exn.metatable) end
  end
end

-- Backtraces: ocamlrt records none, so a raw backtrace is always the empty
-- array (what OCaml gives while recording is off); Printexc.record_backtrace
-- is remembered for Printexc.backtrace_status.
local recording = 0
local function no_backtrace() return { 0 } end

core.provide({
  caml_record_backtrace = function(flag) recording = flag return 0 end,
  caml_backtrace_status = function() return recording end,
  caml_get_exception_raw_backtrace = no_backtrace,
  caml_get_current_callstack = no_backtrace,
  caml_restore_raw_backtrace = function() return 0 end,
  caml_register_global = exn.register_global,
  caml_get_global_data = function() return global_data end,
  caml_raise_constant = function(c) error(c, 0) end,
  caml_raise_with_arg = function(c, a) exn.raise(c, a) end,
  caml_raise_with_args = function(c, args) exn.raise(c, (table.unpack or rawget(_G, "unpack"))(args)) end,
  caml_raise_with_string = function(c, s) exn.raise(c, s) end,
  caml_failwith = exn.failwith,
  caml_invalid_argument = exn.invalid_argument,
  caml_raise_sys_error = exn.sys_error,
  caml_raise_end_of_file = exn.raise_end_of_file,
  caml_raise_not_found = exn.raise_not_found,
  caml_raise_zero_divide = exn.raise_zero_divide,
  caml_format_exception = exn.to_string,
})

return exn

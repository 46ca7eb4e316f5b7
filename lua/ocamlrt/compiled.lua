--- Running lua_of_ocaml programs on ocamlrt's primitives.
-- A compiled program pastes pure-Lua runtime fragments into its own file as
-- global functions (`function caml_x(...)`) and then calls `caml_x(...)` as
-- globals, in the same chunk: whatever is in `_G` beforehand is overwritten.
-- Loaded here, the program runs in an environment where ocamlrt's `caml_*`
-- primitives are read first and the fragments' definitions of the same names
-- are dropped, so ocamlrt's win; the program's other globals live in the
-- environment (docs/lua_of_ocaml.md).

local core = require("ocamlrt.core")
local value = require("ocamlrt.value")

local compiled = {}

-- OCaml's `nan` is the NaN whose bits are 0x7FF0000000000001 (what Marshal
-- and Int64.bits_of_float show). Lua 5.3+ can build it; LuaJIT keeps only
-- its one canonical NaN, and Lua 5.1 cannot build a chosen one.
local string_unpack = rawget(string, "unpack") -- Lua 5.3+
local ocaml_nan = string_unpack and string_unpack("<d", "\1\0\0\0\0\0\240\127") or -(0 / 0)

--- Globals compiled code reads without defining them: the compiler writes
--- the floats `infinity` and `nan` as the bare names `inf` and `nan`.
compiled.globals = { inf = math.huge, nan = ocaml_nan }

-- Compiled code holds int32 / int64 / nativeint values as plain Lua numbers
-- (docs/VALUES.md), so the primitives that make one return that shape in
-- a compiled program's environment instead of the custom block.
local function plain_result(name)
  local prim = core.primitives[name]
  return function(...) return value.to_integer(prim(...)) end
end

--- Primitives that differ for compiled programs, by name.
compiled.primitives = {
  caml_int32_of_string = plain_result("caml_int32_of_string"),
  caml_int64_of_string = plain_result("caml_int64_of_string"),
  caml_nativeint_of_string = plain_result("caml_nativeint_of_string"),
}

--- A fresh environment for one compiled program: reads find ocamlrt's
--- `caml_*` primitives, then `base`; assignments to a name ocamlrt provides
--- are ignored, any other assignment lands in the environment.
---@param base? table globals to fall back to (default `_G`)
---@return table env
function compiled.env(base)
  local view = setmetatable({}, { __index = base or _G })
  for name, v in pairs(compiled.globals) do view[name] = v end
  for name, fn in pairs(core.primitives) do view[name] = fn end
  for name, fn in pairs(compiled.primitives) do view[name] = fn end
  local provided = core.primitives
  return setmetatable({}, {
    __index = view,
    __newindex = function(env, name, v)
      if provided[name] == nil then rawset(env, name, v) end
    end,
  })
end

-- Lua 5.1's setfenv and loadstring, nil on 5.2+.
local setfenv, loadstring = rawget(_G, "setfenv"), rawget(_G, "loadstring")

local function with_env(chunk, env)
  if setfenv then setfenv(chunk, env) end
  return chunk, env
end

--- Compiles a program's source text to run with ocamlrt's primitives.
--- Returns the chunk (call it to run the program) and its environment, or
--- nil and the error message, as `load` does.
---@param src string
---@param chunkname? string
---@param base? table
---@return function|nil chunk
---@return table|string env_or_error
function compiled.load(src, chunkname, base)
  local env = compiled.env(base)
  local chunk, err
  if setfenv then
    chunk, err = loadstring(src, chunkname)
  else
    chunk, err = load(src, chunkname, "t", env)
  end
  if not chunk then return nil, tostring(err) end
  return with_env(chunk, env)
end

--- `compiled.load` of a file (a lua_of_ocaml output such as `prog.lua`).
---@param path string
---@param base? table
---@return function|nil chunk
---@return table|string env_or_error
function compiled.loadfile(path, base)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local src = f:read("*a")
  f:close()
  return compiled.load(src, "@" .. path, base)
end

--- The `caml_*` names the program's own code (from `function
--- __caml_init__` on, or the whole source when it has none) mentions that
--- ocamlrt does not provide, sorted: those still come from the runtime
--- fragments pasted above it. Names only the fragments use do not count:
--- when ocamlrt provides every name the program calls, no fragment runs.
---@param src string
---@return string[]
function compiled.missing(src)
  local start = src:find("function __caml_init__", 1, true)
  local code = start and src:sub(start) or src
  local seen, names = {}, {}
  for name in code:gmatch("%f[%w_]caml_[%w_]+") do
    if not seen[name] and core.primitives[name] == nil then
      seen[name] = true
      names[#names + 1] = name
    end
  end
  table.sort(names)
  return names
end

return compiled

--- Shared spec helpers: the OCaml oracle, canonical printing of values,
--- catching OCaml exceptions, temporary files.

local helper = {}

local ocamlrt = require("ocamlrt")
local exn = ocamlrt.exn

--- The interpreter the specs run under: "lua54", "luajit" or "lua51".
helper.interpreter = ocamlrt.interpreter

--- `s` quoted for the shell.
function helper.quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

--- Runs a shell command; returns its output (stderr included) and whether
--- it exited with status 0.
function helper.run(cmd)
  local p = assert(io.popen(cmd .. " 2>&1", "r"))
  local out = p:read("*a")
  local ok, how, code = p:close()
  return out, ok == true or (how == "exit" and code == 0)
end

--- The whole contents of a file (binary), or nil when it cannot be opened.
function helper.read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

--- Writes `s` to the file at `path` (binary), replacing it.
function helper.write_file(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

--- Runs the oracle program `build/oracle/NAME` (built by `make oracles` from
--- spec/oracle/NAME.ml) with shell-quoted `args`, returns its standard output.
---@param name string
---@return string
function helper.oracle(name, ...)
  local cmd = { "build/oracle/" .. name }
  for _, a in ipairs({ ... }) do
    cmd[#cmd + 1] = helper.quote(a)
  end
  local p = assert(io.popen(table.concat(cmd, " ") .. " 2>&1", "r"))
  local out = p:read("*a")
  local ok, how, code = p:close()
  -- Lua 5.1 and LuaJIT without 5.2 compat report no status from close.
  if ok == false or (how == "exit" and code ~= 0) then
    error("oracle " .. name .. " failed: " .. out, 2)
  end
  return out
end

--- Runs the oracle and evaluates its output as a Lua chunk, in an
--- environment that also holds `env`'s fields.
function helper.oracle_chunk(name, env, ...)
  local src = helper.oracle(name, ...)
  local scope = setmetatable(env or {}, { __index = _G })
  local chunk, err
  if setfenv then
    chunk, err = loadstring(src, "=" .. name)
    if chunk then setfenv(chunk, scope) end
  else
    chunk, err = load(src, "=" .. name, "t", scope)
  end
  assert(chunk, err)
  return chunk()
end

local function show_number(x)
  if math.type and math.type(x) == "integer" then return string.format("%d", x) end
  if x ~= x then return "nan" end
  if x == math.huge then return "inf" end
  if x == -math.huge then return "-inf" end
  if x == 0 and 1 / x < 0 then return "-0." end
  if math.type then return string.format("%.17g.", x) end
  return string.format("%.17g", x) -- 5.1/LuaJIT: ints and floats are one type
end

--- A canonical text of an OCaml value (ints and floats told apart on 5.3+,
--- bytes marked, nested blocks written out, shared/cyclic parts numbered),
--- for comparing values exactly.
---@return string
function helper.show(v)
  local out, seen, count = {}, {}, 0
  local function walk(x)
    local t = type(x)
    if t == "number" then
      out[#out + 1] = show_number(x)
    elseif t == "string" then
      out[#out + 1] = string.format("%q", x)
    elseif t == "userdata" then
      out[#out + 1] = "bytes" .. string.format("%q", ocamlrt.bytes.to_string(x))
    elseif t == "table" then
      if seen[x] then out[#out + 1] = "@" .. seen[x]; return end
      count = count + 1
      seen[x] = count
      out[#out + 1] = "{"
      if x.caml_custom then out[#out + 1] = "custom=" .. x.caml_custom .. " " end
      for i = 1, #x do
        walk(x[i])
        out[#out + 1] = ","
      end
      out[#out + 1] = "}"
    else
      out[#out + 1] = t
    end
  end
  walk(v)
  return table.concat(out)
end

--- Calls `f(...)` and returns the OCaml exception it raised, failing the
--- spec if it returned normally or raised something that is not one.
function helper.raised(f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "expected an OCaml exception, got a normal return")
  assert(exn.constructor_of(e), "expected an OCaml exception, got: " .. tostring(e))
  return e
end

--- Asserts that `f(...)` raises the exception `name` whose argument (if
--- any) is `arg`; returns the exception value.
function helper.assert_raises(name, arg, f, ...)
  local e = helper.raised(f, ...)
  assert(exn.is(e, name), "expected " .. name .. ", got " .. exn.to_string(e))
  if arg ~= nil then
    assert(e[3] == arg, "expected " .. name .. "(" .. tostring(arg) .. "), got " .. exn.to_string(e))
  end
  return e
end

-- Hex pair -> byte, looked up rather than computed: oracles print thousands.
local BYTE_OF_HEX = {}
for i = 0, 255 do BYTE_OF_HEX[string.format("%02x", i)] = string.char(i) end

--- The bytes an oracle printed as lowercase hex.
function helper.unhex(h)
  return (h:gsub("%x%x", BYTE_OF_HEX))
end

--- The tab-separated fields of an oracle's line, empty ones included, each
--- passed through `decode` when given.
function helper.fields(line, decode)
  local out = {}
  for f in (line .. "\t"):gmatch("([^\t]*)\t") do out[#out + 1] = decode and decode(f) or f end
  return out
end

--- A fresh temporary directory, removed with `helper.rmtree`.
function helper.tmpdir()
  local p = assert(io.popen("mktemp -d"))
  local dir = p:read("*l")
  p:close()
  return dir
end

function helper.rmtree(dir)
  assert(dir:match("^/tmp/"), "refusing to remove " .. dir)
  os.execute("rm -rf '" .. dir .. "'")
end

return helper

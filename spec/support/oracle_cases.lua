--- Reads the line-per-case output of spec/oracle/compare_hash.ml: each line
--- is a Lua chunk building OCaml values with the constructors below and
--- returning { kind, exact53, values..., results }.

local ocamlrt = require("ocamlrt")
local V = ocamlrt.value

local cases = {}

local has_integers = math.type ~= nil

local function bytes_of_hex(hex)
  return (hex:gsub("..", function(h) return string.char(tonumber(h, 16)) end))
end

-- A double from its 16 hex digits of IEEE bits, exactly, on every Lua.
local function float_of_bits(hex)
  if string.unpack then return (string.unpack(">d", bytes_of_hex(hex))) end
  local hi, lo = tonumber(hex:sub(1, 8), 16), tonumber(hex:sub(9, 16), 16)
  local negative = hi >= 2 ^ 31
  local exp = math.floor(hi / 2 ^ 20) % 2048
  local mant = (hi % 2 ^ 20) * 2 ^ 32 + lo
  local x
  if exp == 2047 then
    x = mant == 0 and math.huge or 0 / 0
  elseif exp == 0 then
    x = math.ldexp(mant, -1074)
  else
    x = math.ldexp(mant + 2 ^ 52, exp - 1075)
  end
  if negative then x = -x end
  return x
end

local function wide(id)
  return function(hex)
    if has_integers then return { 255, (string.unpack(">i8", bytes_of_hex(hex))), caml_custom = id } end
    return { 255, bytes_of_hex(hex), caml_custom = id }
  end
end

--- The constructors the oracle's chunks use.
cases.env = {
  F = float_of_bits,
  I32 = V.int32,
  I64 = wide("_j"),
  NI = wide("_n"),
  B = function(s) return ocamlrt.bytes.of_string(s) end,
  FN = function()
    local own = {}
    return function() return own end
  end,
  S = function(t, template)
    for k, v in pairs(template) do t[k] = v end
  end,
}

--- Runs one line of an oracle's output as a Lua chunk in `env`.
local function load_line(line, env)
  local chunk, err
  if setfenv then
    chunk, err = loadstring(line, "=oracle")
    if chunk then setfenv(chunk, env) end
  else
    chunk, err = load(line, "=oracle", "t", env)
  end
  assert(chunk, err)
  return chunk()
end

cases.load_line = load_line

--- Every case the oracle prints for `args`, as tables.
function cases.read(helper, ...)
  local out, list = helper.oracle("compare_hash", ...), {}
  for line in out:gmatch("[^\n]+") do
    list[#list + 1] = load_line(line, cases.env)
  end
  return list
end

--- Whether this interpreter can represent the case exactly (5.1/LuaJIT
--- have no ints beyond 2^53 and read integral floats as ints).
function cases.representable(case)
  return has_integers or case[2]
end

--- The outcome of `f(...)` as the oracle prints it: an integer, or
--- "E:<exception>[:<message>]" for an OCaml exception.
function cases.outcome(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return r end
  local ctor = ocamlrt.exn.constructor_of(r)
  assert(ctor, "not an OCaml exception: " .. tostring(r))
  if ctor ~= r then return "E:" .. ctor[2] .. ":" .. tostring(r[3]) end
  return "E:" .. ctor[2]
end

return cases

-- Benchmark (not a test): one million sprintf calls with "%d" and with
-- "%.6f", and one million sscanf "%d". Run from the repository root:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua54/?.so;;' lua5.4 bench/printf.lua
-- Native OCaml's figures for the same loops come from Printf.sprintf /
-- Scanf.sscanf (see docs/printf_scanf.md).
local ocamlrt = require("ocamlrt")
local sprintf, sscanf = ocamlrt.printf.sprintf, ocamlrt.scanf.sscanf

local N = 1000000

local function time(name, f)
  local t = os.clock()
  local acc = f()
  print(string.format("%-28s %6.0f ms  (%s)", name, (os.clock() - t) * 1000, tostring(acc)))
end

local interpreter = jit and "LuaJIT" or _VERSION
print(interpreter .. ", " .. N .. " calls each")
time('sprintf("%d", n)', function()
  local acc = 0
  for i = 1, N do acc = acc + #sprintf("%d", i * 7919) end
  return acc
end)
time('sprintf("%.6f", x)', function()
  local acc = 0
  for i = 1, N do acc = acc + #sprintf("%.6f", i * 1.37) end
  return acc
end)
time('sprintf("%s=%5d|%-8.3e", ...)', function()
  local acc = 0
  for i = 1, N do acc = acc + #sprintf("%s=%5d|%-8.3e", "k", i, i / 7) end
  return acc
end)
time('sscanf(s, "%d")', function()
  local acc = 0
  for i = 1, N do acc = acc + sscanf("12345", "%d") + i * 0 end
  return acc
end)

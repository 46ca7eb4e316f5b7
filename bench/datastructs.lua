-- Ad-hoc timings (not a test): 1M Hashtbl inserts and lookups, 1M Map adds
-- and lookups, against a plain Lua table doing the same.
-- Run: LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua54/?.so;;' lua5.4 bench/datastructs.lua [N]
local ocamlrt = require("ocamlrt")

local N = tonumber(arg and arg[1]) or 1000000
local clock = os.clock

local function time(label, f)
  local t0 = clock()
  f()
  print(string.format("%-44s %8.3f s", label, clock() - t0))
end

local function int_compare(a, b) return a < b and -1 or (a > b and 1 or 0) end

local function hashtbl_bench(label, H)
  local h = H.create(16)
  time(label .. " replace x" .. N, function()
    for i = 1, N do H.replace(h, i * 7, i) end
  end)
  time(label .. " find x" .. N, function()
    local s = 0
    for i = 1, N do s = s + H.find(h, i * 7) end
    assert(s > 0)
  end)
end

hashtbl_bench("Hashtbl.Make (Lua hash)", ocamlrt.hashtbl.make {
  equal = function(a, b) return a == b end,
  hash = function(x) return x end,
})
if ocamlrt.primitives.caml_hash and ocamlrt.primitives.caml_compare then
  hashtbl_bench("Hashtbl (caml_hash, caml_compare)", ocamlrt.hashtbl)
end

local M = ocamlrt.map.make(int_compare)
local m = M.empty
time("Map.add x" .. N .. " (scattered int keys)", function()
  for i = 1, N do m = M.add((i * 7919) % N, i, m) end
end)
time("Map.find_opt x" .. N, function()
  local s = 0
  for i = 1, N do s = s + M.find_opt(i - 1, m) end
  assert(s > 0)
end)

local t = {}
time("plain Lua table set x" .. N, function()
  for i = 1, N do t[i * 7] = i end
end)
time("plain Lua table get x" .. N, function()
  local s = 0
  for i = 1, N do s = s + t[i * 7] end
  assert(s > 0)
end)

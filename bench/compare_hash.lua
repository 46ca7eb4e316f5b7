-- Ad-hoc timing of compare and hash against the plain Lua floor (a plain
-- Lua walk of the same tables). Not a test, not wired to `make bench`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua54/?.so;;' lua5.4 bench/compare_hash.lua
local ocamlrt = require("ocamlrt")
local P = ocamlrt.primitives
local N = tonumber(arg and arg[1]) or 1000000

local function best_of_3(f)
  local best = math.huge
  for _ = 1, 3 do
    collectgarbage()
    local t0 = os.clock()
    f()
    best = math.min(best, os.clock() - t0)
  end
  return best * 1000
end

local function report(what, floor, rows)
  local parts = { string.format("%s: Lua floor %.0f ms", what, floor) }
  for _, row in ipairs(rows) do
    parts[#parts + 1] = string.format("%s %.0f ms (x%.2f)", row[1], row[2], row[2] / floor)
  end
  print(table.concat(parts, ", "))
end

-- Hashing N tuples (i, "k"..i); the floor reads each tuple's tag, size and fields.
local tuples = {}
for i = 1, N do tuples[i] = { 0, i, "k" .. i } end
local function walk(v)
  local acc = v[1]
  for i = 2, #v do
    local x = v[i]
    local t = type(x)
    if t == "number" then acc = acc + 1 elseif t == "string" then acc = acc + #x end
  end
  return acc
end
local caml_hash, hash = P.caml_hash, ocamlrt.hash.hash
report("hash " .. N .. " tuples", best_of_3(function() for i = 1, N do walk(tuples[i]) end end), {
  { "caml_hash", best_of_3(function() for i = 1, N do caml_hash(10, 100, 0, tuples[i]) end end) },
  { "ocamlrt.hash.hash", best_of_3(function() for i = 1, N do hash(tuples[i]) end end) },
})
tuples = nil -- luacheck: ignore 311

-- Comparing two separately built equal lists of N ints; the floor walks both.
local function list(n)
  local l = 0
  for i = n, 1, -1 do l = { 0, i, l } end
  return l
end
local a, b = list(N), list(N)
local function lua_compare(x, y)
  while x ~= 0 do
    if x[1] ~= y[1] or #x ~= #y then return 1 end
    local p, q = x[2], y[2]
    if p ~= q then return p < q and -1 or 1 end
    x, y = x[3], y[3]
  end
  return 0
end
report("compare two equal " .. N .. "-int lists", best_of_3(function() assert(lua_compare(a, b) == 0) end), {
  { "caml_compare", best_of_3(function() assert(P.caml_compare(a, b) == 0) end) },
  { "caml_equal", best_of_3(function() assert(P.caml_equal(a, b) == 1) end) },
})

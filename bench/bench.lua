-- The Lua side of `make bench`: one workload of bench/bench.ml, under the
-- interpreter running this script, with ocamlrt and as plain Lua (the floor).
--
--   lua bench/bench.lua WORKLOAD DIR ocamlrt|floor|capi|ocamlrt+floor|ocamlrt+capi
--
-- `capi` is the C API floor (bench/capi_floor.c, found on LUA_CPATH as
-- `capi_floor`): the least C API traffic a native walk needs for the same
-- values; "n/a" where the workload has none or the module is not built.
-- prints one line: "ok <check> <ms>,<ms>,..." as bench.ml prints it, "not yet" when the
-- ocamlrt functions the workload needs do not exist in this build (looked up
-- now, so a module shows up as soon as it is merged), "n/a" for a floor that
-- does not apply, or "fails <reason>". Inputs are built the way bench.ml
-- builds them, before the clock starts; the check digests the result after.

local ocamlrt = require("ocamlrt")

local P = ocamlrt.primitives
local workload_name, dir, side = arg[1], arg[2], arg[3]

local function env_number(name, default)
  return tonumber(os.getenv(name) or "") or default
end

local scale = env_number("BENCH_SCALE", 1)
local runs = env_number("BENCH_RUNS", 5)
local budget = env_number("BENCH_MAX_SECONDS", 20)

local function count(k)
  return math.max(1, math.floor(k * scale))
end

local function mod24(x)
  return x % 16777216
end

local function file(name)
  return dir .. "/" .. name
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Only table access, OCaml's int semantics aside: an integer in 5.4, a
-- number in 5.1/LuaJIT, so %d formatting needs a whole number.
local function show_int(x)
  return string.format("%d", x)
end

-- Times op(input) `runs` times (fewer past `budget` seconds), each after a
-- full collection, with os.clock (processor time, like Sys.time natively).
local function measure(op, input, check)
  local times, spent, result = {}, 0, nil
  for k = 1, runs do
    -- The last run's result is dropped before the next, as bench.ml's loop
    -- drops it: kept, it is live data every collection of the run walks.
    result = nil -- luacheck: ignore 311 (a release, not a value for later)
    collectgarbage("collect")
    local t0 = os.clock()
    result = op(input)
    local dt = os.clock() - t0
    times[k] = string.format("%.3f", dt * 1000)
    spent = spent + dt
    if spent >= budget then break end
  end
  return "ok " .. check(result) .. " " .. table.concat(times, ",")
end

-- The inputs, as bench.ml builds them (VALUES.md's layout).

local function int_list(n)
  local l = 0
  for i = n - 1, 0, -1 do l = { 0, i, l } end
  return l
end

local shared_tags = { 0, "a", { 0, "bb", 0 } } -- one constant list in OCaml too

local function record_list(n)
  local l = 0
  for i = n - 1, 0, -1 do
    l = { 0, { 0, "item" .. i, i, i * 0.5, shared_tags }, l }
  end
  return l
end

local function big_string(n)
  local chunk = {}
  for i = 0, 255 do chunk[i + 1] = string.char(i) end
  chunk = table.concat(chunk)
  local s = chunk:rep(math.floor(n / 256))
  return s .. chunk:sub(1, n - #s)
end

local function sum_list(l, field)
  local sum = 0
  while l ~= 0 do
    local x = l[2]
    sum = mod24(sum + (field and x[field] or x))
    l = l[3]
  end
  return sum
end

local function walk_list(l)
  local n = 0
  while l ~= 0 do
    n = n + 1
    l = l[3]
  end
  return n
end

-- ocamlrt's API, looked up when used: nil when (not yet) there, also when
-- looking it up raises (a module whose own dependencies have not landed).
local function api(module, ...)
  local m = ocamlrt[module]
  if type(m) ~= "table" then return nil end
  local fns = {}
  for i, name in ipairs({ ... }) do
    local ok, fn = pcall(function() return m[name] end)
    if not ok or fn == nil then return nil end
    fns[i] = fn
  end
  return (table.unpack or unpack)(fns)
end

-- Calls f(...) and, when it raises End_of_file, returns normally.
local function until_end_of_file(f, ...)
  local ok, e = pcall(f, ...)
  if not ok and not ocamlrt.exn.is(e, "End_of_file") then error(e, 0) end
end

local workloads = {}

-- Marshal: out of Lua tables into OCaml's bytes and back.

local function marshal_out(build)
  return {
    input = build,
    ocamlrt = function()
      local to_string = P.caml_output_value_to_string
      return to_string and function(v) return to_string(v, 0) end
    end,
    check = function(s) return show_int(#s) end,
  }
end

local function marshal_in(name, digest, floor)
  return {
    input = function() return read_file(file(name)) end,
    ocamlrt = function()
      local from_string = P.caml_input_value_from_string
      return from_string and function(s) return from_string(s, 0) end
    end,
    check = digest,
    floor = floor,
  }
end

workloads.marshal_out_ints = marshal_out(function() return int_list(count(1000000)) end)
workloads.marshal_out_ints.floor = function() return walk_list end
workloads.marshal_in_ints = marshal_in("ints.bin", function(l) return show_int(sum_list(l)) end,
  function() return function() return int_list(count(1000000)) end end)

workloads.marshal_out_records = marshal_out(function() return record_list(count(200000)) end)
workloads.marshal_out_records.floor = function()
  return function(l)
    local n = 0
    while l ~= 0 do
      local r = l[2]
      n = n + #r[2] + r[3] + r[4] + #r[5]
      l = l[3]
    end
    return n
  end
end
workloads.marshal_in_records = marshal_in("records.bin", function(l) return show_int(sum_list(l, 3)) end,
  function() return function() return record_list(count(200000)) end end)

workloads.marshal_out_string = marshal_out(function() return big_string(count(10000000)) end)
workloads.marshal_in_string = marshal_in("string.bin", function(s)
  return show_int(type(s) == "string" and #s or ocamlrt.bytes.length(s))
end)

-- The C API floor module, when built (bench/capi_floor.c).
local function capi_floor()
  local ok, m = pcall(require, "capi_floor")
  return ok and m or nil
end

-- The one copy any Lua reader makes: the string's bytes into a new Lua
-- string (there is no plain Lua floor: Lua has no reader to call).
workloads.marshal_in_string.capi = function()
  local m = capi_floor()
  return m and m.read_marshalled_string
end

-- Hashtbl.hash and compare.

-- caml_hash(10, 100, 0, (i, s)) for an int i below 2^30 and a string s,
-- with MurmurHash3 as OCaml's hash.c mixes: `mix` and `final` with LuaJIT's
-- 32-bit `bit` operations or 5.3+'s 64-bit integers (neither syntax parses
-- on the other, hence the source strings), the walk over the tuple shared.
local tuple_walk_source = [[
  local byte = string.byte
  return function(header, i, s)
    local h = mix(mix(0, header), 2 * i + 1)
    local len, at = #s, 1
    while at + 3 <= len do
      local b0, b1, b2, b3 = byte(s, at, at + 3)
      h = mix(h, b0 + b1 * 256 + b2 * 65536 + b3 * 16777216)
      at = at + 4
    end
    if at <= len then
      local w = byte(s, at)
      if at + 1 <= len then w = w + byte(s, at + 1) * 256 end
      if at + 2 <= len then w = w + byte(s, at + 2) * 65536 end
      h = mix(h, w)
    end
    return final(h, len)
  end
]]
-- LuaJIT's 32-bit operations for the hash floors, with jitwalk's multiply.
local jit_bit_source = [[
  local bit = require("bit")
  local band, bxor, lshift, rshift, rol, tobit = bit.band, bit.bxor, bit.lshift, bit.rshift, bit.rol, bit.tobit
  local function mul32(a, c) -- a * c mod 2^32 by c's 16-bit halves, without exceeding 53 bits
    local lo = c % 65536
    return tobit(a * lo + lshift(tobit(a * ((c - lo) / 65536)), 16))
  end
]]
local tuple_hash_source = rawget(_G, "jit") and jit_bit_source .. [[
  local function mix(h, d)
    d = mul32(rol(mul32(d, 0xcc9e2d51), 15), 0x1b873593)
    return tobit(rol(bxor(h, d), 13) * 5 + 0xe6546b64)
  end
  local function final(h, len)
    h = bxor(h, len)
    h = mul32(bxor(h, rshift(h, 16)), 0x85ebca6b)
    h = mul32(bxor(h, rshift(h, 13)), 0xc2b2ae35)
    return band(bxor(h, rshift(h, 16)), 0x3fffffff)
  end
]] .. tuple_walk_source or rawget(math, "type") and [[
  local M = 0xffffffff
  local function mix(h, d)
    d = (d * 0xcc9e2d51) & M
    d = (((d << 15) | (d >> 17)) * 0x1b873593) & M
    h = h ~ d
    h = ((h << 13) | (h >> 19)) & M
    return (h * 5 + 0xe6546b64) & M
  end
  local function final(h, len)
    h = h ~ len
    h = ((h ~ (h >> 16)) * 0x85ebca6b) & M
    h = ((h ~ (h >> 13)) * 0xc2b2ae35) & M
    return (h ~ (h >> 16)) & 0x3fffffff
  end
]] .. tuple_walk_source or nil

workloads.hash_tuples = {
  input = function()
    local tuples = {}
    for i = 0, count(1000000) - 1 do tuples[i + 1] = { 0, i, "k" .. i } end
    return tuples
  end,
  ocamlrt = function()
    local hash = P.caml_hash
    return hash and function(tuples)
      local sum = 0
      for i = 1, #tuples do sum = mod24(sum + hash(10, 100, 0, tuples[i])) end
      return sum
    end
  end,
  -- OCaml's hash of each tuple written out for this one shape (no walk, no
  -- type test): the block's header (from its tag and size, which any hash
  -- must read), the int, the string's words and length, the final mix. On
  -- Lua 5.1, which has neither integer nor bit operations (only the bench
  -- spec runs it there), it reads the fields.
  floor = function()
    local tuple_hash = tuple_hash_source and assert((rawget(_G, "loadstring") or load)(tuple_hash_source))()
    return function(tuples)
      local sum = 0
      for i = 1, #tuples do
        local t = tuples[i]
        local header = (#t - 1) * 1024 + t[1]
        sum = mod24(sum + (tuple_hash and tuple_hash(header, t[2], t[3]) or t[2] + #t[3]))
      end
      return sum
    end
  end,
  capi = function()
    local m = capi_floor()
    return m and function(tuples)
      local read_tuple, sum = m.read_tuple, 0
      for i = 1, #tuples do sum = mod24(sum + read_tuple(10, 100, 0, tuples[i])) end
      return sum
    end
  end,
  check = show_int,
}

workloads.compare_lists = {
  input = function() return { int_list(count(1000000)), int_list(count(1000000)) } end,
  ocamlrt = function()
    local compare = P.caml_compare
    return compare and function(pair) return compare(pair[1], pair[2]) end
  end,
  floor = function()
    return function(pair)
      local a, b = pair[1], pair[2]
      while a ~= 0 and b ~= 0 and a[2] == b[2] do a, b = a[3], b[3] end
      return (a == 0 and b == 0) and 0 or 1
    end
  end,
  capi = function()
    local m = capi_floor()
    return m and function(pair) return m.walk_lists(pair[1], pair[2]) end
  end,
  check = show_int,
}

-- Printf.

-- `floor`: the least plain Lua takes for the same text (string.format by
-- default).
local function sprintf_loop(format, arg_of, floor)
  local function loop(sprintf)
    return function(n)
      local total = 0
      for i = 0, n - 1 do total = total + #sprintf(format, arg_of(i)) end
      return total
    end
  end
  return {
    input = function() return count(1000000) end,
    ocamlrt = function()
      local sprintf = api("printf", "sprintf")
      return sprintf and loop(sprintf)
    end,
    floor = function() return loop(floor or string.format) end,
    check = show_int,
  }
end

-- On 5.3+ an integer's decimal text is Lua's own conversion, `n .. ""`,
-- cheaper than string.format; with doubles only, string.format("%d") is
-- what gives it exactly.
local integer_text = math.type and function(_, n) return n .. "" end or nil
workloads.sprintf_int = sprintf_loop("%d", function(i) return i end, integer_text)
workloads.sprintf_float = sprintf_loop("%.6f", function(i) return i * 0.37 end)

-- Channels.

workloads.read_lines = {
  input = function() return file("lines.txt") end,
  ocamlrt = function()
    local open_in_bin, input_line, close_in = api("io", "open_in_bin", "input_line", "close_in")
    return open_in_bin and function(path)
      local ic, lines, bytes = open_in_bin(path), 0, 0
      until_end_of_file(function()
        while true do
          local l = input_line(ic)
          lines, bytes = lines + 1, bytes + #l
        end
      end)
      close_in(ic)
      return { lines, bytes }
    end
  end,
  floor = function()
    return function(path)
      local f, lines, bytes = assert(io.open(path, "rb")), 0, 0
      for l in f:lines() do lines, bytes = lines + 1, bytes + #l end
      f:close()
      return { lines, bytes }
    end
  end,
  check = function(r) return show_int(r[1]) .. "/" .. show_int(r[2]) end,
}

local line80 = string.rep("x", 79) .. "\n"

workloads.write_strings = {
  input = function() return file("out.txt") end,
  ocamlrt = function()
    local open_out_bin, output_string, close_out = api("io", "open_out_bin", "output_string", "close_out")
    return open_out_bin and function(path)
      local oc = open_out_bin(path)
      for _ = 1, math.floor(count(100000000) / 80) do output_string(oc, line80) end
      close_out(oc)
      return path
    end
  end,
  floor = function()
    return function(path)
      local f = assert(io.open(path, "wb"))
      for _ = 1, math.floor(count(100000000) / 80) do f:write(line80) end
      f:close()
      return path
    end
  end,
  check = function(path) return show_int(#read_file(path)) end,
}

-- Lexing with the tables ocamllex made for bench/bench_lexer.mll.

-- For the plain Lua floor of lexing: the input, its tables and its
-- tokens' ends and actions, found by ocamlrt before the clock starts.
local function lex_tokens()
  local from_string, scan = api("lexing", "from_string", "scan")
  if not from_string then return nil end
  local t = { tables = dofile(file("lex_tables.lua")), text = read_file(file("lex.txt")),
              ends = {}, actions = {}, from_string = from_string }
  local lexbuf = from_string(t.text)
  while true do
    local action = scan(t.tables, 0, lexbuf)
    if action == 0 then break end
    t.ends[#t.ends + 1], t.actions[#t.actions + 1] = lexbuf[7], action
  end
  return t
end

workloads.lex = {
  input = function()
    return { tables = dofile(file("lex_tables.lua")), text = read_file(file("lex.txt")) }
  end,
  ocamlrt = function()
    local from_string, scan = api("lexing", "from_string", "scan")
    return from_string and function(input)
      local lexbuf, tables, tokens, sum = from_string(input.text), input.tables, 0, 0
      while true do
        local action = scan(tables, 0, lexbuf)
        if action == 0 then break end
        tokens, sum = tokens + 1, mod24(sum + action)
      end
      return { tokens, sum }
    end
  end,
  -- What any design with one native call per token needs at least: the
  -- call the lexer makes per token into the runtime (a Lua function of the
  -- tables, the state and the lexbuf, as `lexing.scan` and the generated
  -- code's `Lexing.engine`), in it one native call (here `string.byte` at
  -- the token's end) and the token's new position record, with the
  -- lexbuf's fields updated. The token ends and actions are found (by
  -- ocamlrt) before the clock starts; the end rides in the state argument.
  floor = function()
    local tokens = lex_tokens()
    return tokens and function()
      local byte, text = string.byte, tokens.text
      local function token(_, stop, lb)
        byte(text, stop)
        lb[6], lb[7] = lb[7], stop
        local p = lb[13]
        lb[12] = p
        lb[13] = { 0, p[2], p[3], p[4], stop }
        return 1
      end
      local tables, ends, actions, lb, seen, sum = tokens.tables, tokens.ends, tokens.actions,
        tokens.from_string(""), 0, 0
      for k = 1, #ends do
        token(tables, ends[k], lb)
        seen, sum = seen + 1, mod24(sum + actions[k])
      end
      return { seen, sum }
    end
  end,
  -- The least a native engine through the C API does (bench/capi_floor.c's
  -- lex_token: the tables, the state and the lexbuf fields the automaton
  -- reads in, the automaton without checks, the fields it changes out), in
  -- the same per-token call with the token's position record and the
  -- lexbuf's stores, as above, and the same loop as ocamlrt's. The tables'
  -- pointers are taken once a run, as ocamlrt's cache fills at its first
  -- token.
  capi = function()
    local m, from_string = capi_floor(), api("lexing", "from_string")
    return m and from_string and function(input)
      local lex_token = m.lex_token
      local function token(tables, state, lb)
        local start = lb[7]
        local action, curr, last, last_action = lex_token(tables, state, lb[3], lb[4], start, lb[10])
        lb[6], lb[7], lb[8], lb[9] = start, curr, last, last_action
        local p = lb[13]
        lb[12] = p
        lb[13] = { 0, p[2], p[3], p[4], lb[5] + curr }
        return action
      end
      m.lex_tables(input.tables)
      local lexbuf, tables, tokens, sum = from_string(input.text), input.tables, 0, 0
      while true do
        local action = token(tables, 0, lexbuf)
        if action == 0 then break end
        tokens, sum = tokens + 1, mod24(sum + action)
      end
      return { tokens, sum }
    end
  end,
  check = function(r) return show_int(r[1]) .. "/" .. show_int(r[2]) end,
}

-- Hashtbl and Map. Their floors do the same structure's work in plain
-- Lua: Hashtbl's buckets with the keys' hashes in plain Lua, Map's AVL
-- tree with the int comparison written inline.

-- Hashtbl.hash of an int key (OCaml's caml_hash of an int, seed 0: one
-- MurmurHash3 round of 2n+1 and the final mix, kept to 30 bits) in plain
-- Lua, for keys 0 .. 2^30-1: any Hashtbl must hash each key it adds or
-- looks up, and hash it again when a resize moves it (OCaml's
-- insert_all_buckets does), so the floors do that work inside the clock.
-- 5.3+ has 64-bit integers, LuaJIT 32-bit `bit` operations; neither
-- syntax parses on the other, hence the source strings. Lua 5.1 (which the
-- bench does not measure, only its spec runs it) has neither: there the
-- floor takes ocamlrt's caml_hash.
local int_hash_source = rawget(_G, "jit") and jit_bit_source .. [[
  return function(n)
    local d = mul32(rol(mul32(2 * n + 1, 0xcc9e2d51), 15), 0x1b873593)
    local h = tobit(rol(d, 13) * 5 + 0xe6546b64)
    h = mul32(bxor(h, rshift(h, 16)), 0x85ebca6b)
    h = mul32(bxor(h, rshift(h, 13)), 0xc2b2ae35)
    return band(bxor(h, rshift(h, 16)), 0x3fffffff)
  end
]] or [[
  local M = 0xffffffff
  return function(n)
    local d = ((2 * n + 1) * 0xcc9e2d51) & M
    d = (((d << 15) | (d >> 17)) * 0x1b873593) & M
    local h = ((d << 13) | (d >> 19)) & M
    h = (h * 5 + 0xe6546b64) & M
    h = ((h ~ (h >> 16)) * 0x85ebca6b) & M
    h = ((h ~ (h >> 13)) * 0xc2b2ae35) & M
    return (h ~ (h >> 16)) & 0x3fffffff
  end
]]
local int_hash
if rawget(_G, "jit") or rawget(math, "type") then
  int_hash = assert((rawget(_G, "loadstring") or load)(int_hash_source))()
else
  int_hash = function(n) return P.caml_hash(10, 100, 0, n) end
end

-- Hashtbl.add's own work for keys 0 .. n-1: a cons cell per key in an
-- array of buckets, doubled (cells rehashed and moved in order, as OCaml's
-- insert_all_buckets does) when there are twice as many keys.
local function bucket_adds(n)
  local buckets, size, data = 16, 0, {}
  for b = 1, 16 do data[b] = 0 end
  for i = 0, n - 1 do
    local b = int_hash(i) % buckets + 1
    data[b] = { 0, i, i, data[b] }
    size = size + 1
    if size > 2 * buckets then
      local doubled, moved, tails = 2 * buckets, {}, {}
      for k = 1, doubled do moved[k], tails[k] = 0, false end
      for k = 1, buckets do
        local cell = data[k]
        while cell ~= 0 do
          local next, nb = cell[4], int_hash(cell[2]) % doubled + 1
          local tail = tails[nb]
          if tail then tail[4] = cell else moved[nb] = cell end
          tails[nb] = cell
          cell = next
        end
      end
      for k = 1, doubled do
        if tails[k] then tails[k][4] = 0 end
      end
      data, buckets = moved, doubled
    end
  end
  return { data = data, buckets = buckets }
end

workloads.hashtbl_add = {
  input = function() return count(1000000) end,
  ocamlrt = function()
    local create, add = api("hashtbl", "create", "add", "length")
    return create and function(n)
      local h = create(16)
      for i = 0, n - 1 do add(h, i, i) end
      return h
    end
  end,
  floor = function()
    return function(n) return bucket_adds(n) end
  end,
  check = function(h) return show_int(ocamlrt.hashtbl.length(h)) end,
}

workloads.hashtbl_find = {
  input = function()
    local n = count(1000000)
    local create, add = api("hashtbl", "create", "add")
    return { n = n, hashtbl = create and (function()
      local h = create(16)
      for i = 0, n - 1 do add(h, i, i) end
      return h
    end)() }
  end,
  ocamlrt = function()
    local find = api("hashtbl", "find")
    return find and function(input)
      local h, sum = input.hashtbl, 0
      for i = 0, input.n - 1 do sum = mod24(sum + find(h, i)) end
      return sum
    end
  end,
  floor = function()
    local t = bucket_adds(count(1000000))
    return function(input)
      local data, buckets, sum = t.data, t.buckets, 0
      for i = 0, input.n - 1 do
        local cell = data[int_hash(i) % buckets + 1]
        while cell[2] ~= i do cell = cell[4] end
        sum = mod24(sum + cell[3])
      end
      return sum
    end
  end,
  check = show_int,
}

-- Map.Make(Int): ordered by Int.compare, here the same comparison in Lua.
local function int_compare(a, b)
  if a < b then return -1 end
  return a > b and 1 or 0
end

workloads.map_add = {
  input = function() return count(1000000) end,
  ocamlrt = function()
    local make = api("map", "make")
    if not make then return nil end
    local M = make(int_compare)
    return function(n)
      local m, add = M.empty, M.add
      for i = 0, n - 1 do m = add(i, i, m) end
      return m
    end
  end,
  floor = function()
    -- stdlib/map.ml's add and bal for int keys, the comparison inline.
    local function height(t) return t == 0 and 0 or t[6] end
    local function node(l, v, d, r)
      local hl, hr = height(l), height(r)
      return { 0, l, v, d, r, hl >= hr and hl + 1 or hr + 1 }
    end
    local function bal(l, v, d, r)
      local hl, hr = height(l), height(r)
      if hl > hr + 2 then
        local ll, lr = l[2], l[5]
        if height(ll) >= height(lr) then return node(ll, l[3], l[4], node(lr, v, d, r)) end
        return node(node(ll, l[3], l[4], lr[2]), lr[3], lr[4], node(lr[5], v, d, r))
      elseif hr > hl + 2 then
        local rl, rr = r[2], r[5]
        if height(rr) >= height(rl) then return node(node(l, v, d, rl), r[3], r[4], rr) end
        return node(node(l, v, d, rl[2]), rl[3], rl[4], node(rl[5], r[3], r[4], rr))
      end
      return { 0, l, v, d, r, hl >= hr and hl + 1 or hr + 1 }
    end
    local function add(x, d, t)
      if t == 0 then return { 0, 0, x, d, 0, 1 } end
      local v = t[3]
      if x == v then return { 0, t[2], x, d, t[5], t[6] } end
      if x < v then return bal(add(x, d, t[2]), v, t[4], t[5]) end
      return bal(t[2], v, t[4], add(x, d, t[5]))
    end
    return function(n)
      local m = 0
      for i = 0, n - 1 do m = add(i, i, m) end
      return m
    end
  end,
  check = function(m) return show_int(ocamlrt.map.make(int_compare).cardinal(m)) end,
}

-- Runs one side; an error is reported as the cell's reason, on one line.
local function run(which, w, input)
  local op = w[which] and w[which]()
  if not op then return which == "ocamlrt" and "not yet" or "n/a" end
  local check = which ~= "ocamlrt" and function() return "-" end or w.check
  local ok, result = pcall(measure, op, input, check)
  if ok then return result end
  local reason = ocamlrt.exn.constructor_of(result) and ocamlrt.exn.to_string(result) or tostring(result)
  return "fails " .. reason:gsub("%s+", " ")
end

local function median(list)
  local sorted = { (table.unpack or unpack)(list) }
  table.sort(sorted)
  local mid = (#sorted + 1) / 2
  return (sorted[math.floor(mid)] + sorted[math.ceil(mid)]) / 2
end

-- `ocamlrt+floor`, `ocamlrt+capi`: ocamlrt and a floor alternated run by
-- run in one process on the same input, for a close look at one ratio
-- (this machine's speed moves more from process to process than from run
-- to run); prints each side's times and the ratio of their medians. Not
-- part of `make bench`, whose sides each have their own process.
local function alternate(other, w, input)
  local ops = { w.ocamlrt and w.ocamlrt(), w[other] and w[other]() }
  if not (ops[1] and ops[2]) then return "n/a" end
  local times = { {}, {} }
  for k = 1, runs do
    for i = 1, 2 do
      collectgarbage("collect")
      local t0 = os.clock()
      ops[i](input) -- its result dropped at once, as measure drops it before the next run
      times[i][k] = (os.clock() - t0) * 1000
    end
  end
  local function line(name, list)
    local shown = {}
    for k, t in ipairs(list) do shown[k] = string.format("%.1f", t) end
    return string.format("%s: median %.1f ms (%s)", name, median(list), table.concat(shown, ", "))
  end
  return string.format("%s\n%s\nocamlrt / %s: %.3f", line("ocamlrt", times[1]), line(other, times[2]), other,
    median(times[1]) / median(times[2]))
end

local w = workloads[workload_name]
local other = side and side:match("^ocamlrt%+(%a+)$")
if not w or not (side == "ocamlrt" or side == "floor" or side == "capi" or other == "floor" or other == "capi") then
  io.stderr:write("usage: lua bench/bench.lua WORKLOAD DIR ocamlrt|floor|capi|ocamlrt+floor|ocamlrt+capi\n")
  os.exit(2)
end
if other then print(alternate(other, w, w.input())) else print(run(side, w, w.input())) end

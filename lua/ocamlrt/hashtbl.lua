--- OCaml's Hashtbl for Lua, in the layout of stdlib/hashtbl.ml (4.13): the
-- table is the record `{0, size, data, seed, initial_size}`, `data` an OCaml
-- array of buckets, a bucket `Empty` (0) or `Cons {key; data; next}` =
-- `{0, key, data, next}`. Insertion, resizing and removal follow OCaml step
-- by step, so the buckets (and so the iteration order) are native OCaml's
-- for the same operations.
--
-- `hashtbl.create`, `hashtbl.add`, ... are the generic table, hashing with
-- `caml_hash(10, 100, seed, key)` and comparing keys with `caml_compare`.
-- `hashtbl.make{equal = eq, hash = h}` is `Hashtbl.Make` and
-- `hashtbl.make_seeded{equal = eq, hash = h}` is `Hashtbl.MakeSeeded`
-- (`h(seed, key)`). OCaml's `None` is `nil` in Lua.

local exn = require("ocamlrt.exn")
local core = require("ocamlrt.core")
local callbacks = require("ocamlrt.callbacks")
local args = require("ocamlrt.args")

-- A local: on LuaJIT a global is looked up (and checked) in each hot
-- function's environment on every trace entry.
local type = type
local truthy = callbacks.truthy
local raise_not_found = exn.raise_not_found

-- Record fields and bucket cell fields (Lua index = OCaml field + 2).
local SIZE, DATA, SEED, INITIAL_SIZE = 2, 3, 4, 5
local KEY, VALUE, NEXT = 2, 3, 4

-- OCaml's Sys.max_array_length on 64 bits.
local MAX_ARRAY_LENGTH = 2 ^ 54 - 1
-- The largest bucket array ocamlrt allocates: beyond it `Out_of_memory`,
-- rather than an allocation no Lua table survives.
local MAX_BUCKETS = 2 ^ 28

local hashtbl = {}

-- v[SIZE] a number, v[DATA] a table.
args.kind("hashtbl", "a Hashtbl.t", 'type(v) == "table" and type(v[2]) == "number" and type(v[3]) == "table"')
args.kind("hashed_type", "a table {equal = function, hash = function}",
  'type(v) == "table" and is_callable(v.equal) and is_callable(v.hash)')

-- Signatures of the operations on tables (ocamlrt/args.lua).
local signatures = {
  remove = "hashtbl _", find_all = "hashtbl _", clear = "hashtbl",
  reset = "hashtbl", copy = "hashtbl", length = "hashtbl", iter = "fn hashtbl", fold = "fn hashtbl _",
  filter_map_inplace = "fn hashtbl", stats = "hashtbl", pairs = "hashtbl", add_pairs = "hashtbl array",
  replace_pairs = "hashtbl array", of_pairs = "array", create = "int _",
}

-- Bucket arrays are made at their exact size where LuaJIT can (`#` in
-- constant time).
local new_array = core.new_array

-- The bucket count of the bucket array `d` (`#d - 1`). On LuaJIT `#` is a
-- call into the VM (lj_tab_len) that spills the trace's registers: add
-- paid it on every call, and a lookup wherever a side trace of the
-- caller's loop re-enters the loop's first iteration (which is how every
-- lookup whose key is not at the bucket depth the loop's trace recorded
-- runs). There the count is remembered per array, weakly: an OCaml array's
-- length never changes, and a lookup in a Lua table is plain trace code.
local bucket_counts = nil ---@type table<table, integer>?
if rawget(_G, "jit") then bucket_counts = setmetatable({}, { __mode = "k" }) end

local function bucket_count(d)
  if not bucket_counts then return #d - 1 end
  local n = bucket_counts[d]
  if n == nil then
    n = #d - 1
    bucket_counts[d] = n
  end
  return n
end

local function make_buckets(n)
  if n > MAX_BUCKETS then error(exn.constructor("Out_of_memory"), 0) end
  local a = new_array(n, 0)
  for i = 2, n + 1 do a[i] = 0 end
  if bucket_counts then bucket_counts[a] = n end
  return a
end

local function power_2_above(x, n)
  while x < n and x * 2 <= MAX_ARRAY_LENGTH do x = x * 2 end
  return x
end

local function ongoing_traversal(h)
  return h[INITIAL_SIZE] < 0
end

local function flip_ongoing_traversal(h)
  h[INITIAL_SIZE] = -h[INITIAL_SIZE]
end

-- OCAMLRUNPARAM (or CAMLRUNPARAM) containing R makes tables random by default.
local randomized = ((os.getenv("OCAMLRUNPARAM") or os.getenv("CAMLRUNPARAM") or ""):find("R", 1, true)) ~= nil

--- `Hashtbl.randomize ()`: tables created from now on get a random seed.
function hashtbl.randomize()
  randomized = true
end

--- `Hashtbl.is_randomized ()`.
function hashtbl.is_randomized()
  return randomized
end

-- A table of `initial_size` buckets rounded up to a power of 2 (at least 16).
local function create(initial_size, random)
  if random == nil then random = randomized end
  local s = power_2_above(16, initial_size)
  local seed = random and math.random(0, 0x3FFFFFFF) or 0
  return { 0, 0, make_buckets(s), seed, s }
end

local function clear(h)
  if h[SIZE] > 0 then
    h[SIZE] = 0
    local d = h[DATA]
    for i = 2, #d do d[i] = 0 end
  end
end

local function reset(h)
  local initial = math.abs(h[INITIAL_SIZE])
  if #h[DATA] - 1 == initial then
    clear(h)
  else
    h[SIZE] = 0
    h[DATA] = make_buckets(initial)
  end
end

local function copy_bucket(cell)
  if cell == 0 then return 0 end
  local first = { 0, cell[KEY], cell[VALUE], cell[NEXT] }
  local prec = first
  cell = cell[NEXT]
  while cell ~= 0 do
    local r = { 0, cell[KEY], cell[VALUE], cell[NEXT] }
    prec[NEXT] = r
    prec, cell = r, cell[NEXT]
  end
  return first
end

local function copy(h)
  local d = h[DATA]
  local nd = { 0 }
  for i = 2, #d do nd[i] = copy_bucket(d[i]) end
  return { 0, h[SIZE], nd, h[SEED], h[INITIAL_SIZE] }
end

local function length(h)
  return h[SIZE]
end

-- Moves (inplace) or copies every cell of `odata` into `ndata`, keeping
-- each bucket's order, as insert_all_buckets does; `hash`, `mask` and
-- `seed` as in keyed_operations.
local function insert_all_buckets(hash, mask, seed, inplace, odata, ndata)
  local nsize = #ndata - 1
  -- Filled first, so that the tails live in the array part rather than
  -- being hashed in one by one (as OCaml's `Array.make nsize Empty`).
  local tails = {}
  for i = 2, nsize + 1 do tails[i] = false end
  for i = 2, #odata do
    local cell = odata[i]
    while cell ~= 0 do
      local next = cell[NEXT]
      local c = cell
      if not inplace then c = { 0, cell[KEY], cell[VALUE], 0 } end
      local hv = hash(10, 100, seed, cell[KEY])
      local nidx = (mask and mask(hv, nsize - 1) or hv % nsize) + 2
      local tail = tails[nidx]
      if tail then tail[NEXT] = c else ndata[nidx] = c end
      tails[nidx] = c
      cell = next
    end
  end
  if inplace then
    for i = 2, nsize + 1 do
      local tail = tails[i]
      if tail then tail[NEXT] = 0 end
    end
  end
end

local function resize(hash, mask, h)
  local odata = h[DATA]
  local nsize = (#odata - 1) * 2
  if nsize < MAX_ARRAY_LENGTH then
    local ndata = make_buckets(nsize)
    local inplace = not ongoing_traversal(h)
    h[DATA] = ndata
    insert_all_buckets(hash, mask, h[SEED], inplace, odata, ndata)
  end
end

-- Runs `body()` with the traversal mark set, restoring it on any exit.
local function traversing(h, body)
  if ongoing_traversal(h) then return body() end
  flip_ongoing_traversal(h)
  local ok, result = pcall(body)
  flip_ongoing_traversal(h)
  if not ok then error(result, 0) end
  return result
end

local function iter(f, h)
  traversing(h, function()
    local d = h[DATA]
    for i = 2, #d do
      local cell = d[i]
      while cell ~= 0 do
        local next = cell[NEXT]
        f(cell[KEY], cell[VALUE])
        cell = next
      end
    end
  end)
end

local function fold(f, h, init)
  return traversing(h, function()
    local d, accu = h[DATA], init
    for i = 2, #d do
      local cell = d[i]
      while cell ~= 0 do
        local next = cell[NEXT]
        accu = f(cell[KEY], cell[VALUE], accu)
        cell = next
      end
    end
    return accu
  end)
end

-- filter_map_inplace_bucket: keeps the cells whose new data is not nil.
local function filter_bucket(f, h, i, cell)
  local prec = 0 ---@type table|0
  while cell ~= 0 do
    local next = cell[NEXT]
    local data = f(cell[KEY], cell[VALUE])
    if data == nil then
      h[SIZE] = h[SIZE] - 1
    else
      if prec == 0 then h[DATA][i] = cell else prec[NEXT] = cell end
      cell[VALUE] = data
      prec = cell
    end
    cell = next
  end
  if prec == 0 then h[DATA][i] = 0 else prec[NEXT] = 0 end
end

local function filter_map_inplace(f, h)
  local d = h[DATA]
  traversing(h, function()
    for i = 2, #d do filter_bucket(f, h, i, h[DATA][i]) end
  end)
end

local function bucket_length(cell)
  local n = 0
  while cell ~= 0 do
    n = n + 1
    cell = cell[NEXT]
  end
  return n
end

--- `stats h` as a Lua table; `bucket_histogram[l + 1]` is the number of
--- buckets holding `l` bindings.
local function stats(h)
  local d, mbl = h[DATA], 0
  for i = 2, #d do mbl = math.max(mbl, bucket_length(d[i])) end
  local histo = {}
  for l = 1, mbl + 1 do histo[l] = 0 end
  for i = 2, #d do
    local l = bucket_length(d[i]) + 1
    histo[l] = histo[l] + 1
  end
  return { num_bindings = h[SIZE], num_buckets = #d - 1, max_bucket_length = mbl, bucket_histogram = histo }
end

-- `to_seq`: iterates over the bucket array captured at the start.
local function pairs_of(h)
  local d, i, cell = h[DATA], 1, 0 ---@type table, integer, table|0
  return function()
    while cell == 0 do
      i = i + 1
      if i > #d then return nil end
      cell = d[i]
    end
    local k, v = cell[KEY], cell[VALUE]
    cell = cell[NEXT]
    return k, v
  end
end

-- The hot operations (add, find, find_opt, mem, replace) check their table
-- argument themselves, as the "hashtbl" kind does: through args.check's
-- wrapper the extra call took a fifth of a `find` on lua5.4.
local fail = args.fail
local A_HASHTBL = "a Hashtbl.t"

local mtype = rawget(math, "type") -- Lua 5.3+
local has_integers = mtype ~= nil
-- Lua 5.4's native lookup of an int or string key (src/hashtbl.rs):
-- `true, data`, `false` (absent), or nothing (the Lua path decides).
local native_find = rawget(core.native, "_hashtbl_find")
-- And the bucket of any key: `index, bucket count`, or nothing (the Lua
-- path decides); it saves add and replace their checks' `type` calls.
local native_bucket = rawget(core.native, "_hashtbl_bucket")
local bit_band = rawget(_G, "jit") and require("bit").band or nil
-- Whether lookups look at a bucket's first cells before its loop (LuaJIT,
-- see first_match).
local unroll = rawget(_G, "jit") ~= nil
-- "integer" for a Lua integer on 5.3+, "number" for any number elsewhere.
local number_kind = mtype or type

-- The operations that depend on hashing and equality, for a given
-- `hash(10, 100, seed, key)` (an integer, `caml_hash`'s signature so that
-- the generic table calls the primitive itself) and `equal(a, b)` (Lua
-- boolean). `quick` is true for the generic table only: there a stored
-- key and a sought one that are both ints (on 5.1 and LuaJIT: numbers other
-- than NaN and zero, which stands for 0 and -0.0 alike) are equal exactly
-- when `==` says so, and equal is not called for them.
local function keyed_operations(hash, equal, ops, quick)
  -- The generic table's hashes are below 2^30: on LuaJIT its bucket is
  -- `band(hash, n - 1)`, one instruction where `%` is a call.
  local mask = quick and bit_band or nil
  local lookup = quick and native_find or nil
  local bucket_of = quick and native_bucket or nil
  -- Whether the stored key `k` equals `key` (`equal(key, k)` when
  -- `key_first`, else `equal(k, key)`, as OCaml calls them), `q` as
  -- first_match computes it: the test of first_match's loop, as a function
  -- for the cells it looks at before the loop.
  local function same(k, key, q, key_first)
    if q and number_kind(k) == q then return k == key end
    if key_first then return equal(key, k) end
    return equal(k, key)
  end

  -- The first cell from `cell` on whose key equals `key`, or 0.
  local function first_match(cell, key, key_first)
    local q = nil ---@type string?
    if quick then
      if has_integers then
        q = mtype(key) == "integer" and "integer" or nil
      elseif type(key) == "number" and key == key and key ~= 0 then
        q = "number"
      end
    end
    if unroll then
      -- A loop that a lookup reaches gets a trace of its own on LuaJIT,
      -- which the caller's loop leaves and re-enters on every call (a find
      -- of an int took 1.6x the time): the first 4 cells (a bucket holds at
      -- most 2 bindings on average) are looked at before it, so that most
      -- lookups stay in the caller's trace.
      if cell == 0 or same(cell[KEY], key, q, key_first) then return cell end
      cell = cell[NEXT]
      if cell == 0 or same(cell[KEY], key, q, key_first) then return cell end
      cell = cell[NEXT]
      if cell == 0 or same(cell[KEY], key, q, key_first) then return cell end
      cell = cell[NEXT]
      if cell == 0 or same(cell[KEY], key, q, key_first) then return cell end
      cell = cell[NEXT]
    end
    -- The test of `same`, written out (a call per cell costs on Lua 5.4).
    while cell ~= 0 do
      local k = cell[KEY]
      if q and number_kind(k) == q then
        if k == key then return cell end
      elseif key_first then
        if equal(key, k) then return cell end
      elseif equal(k, key) then
        return cell
      end
      cell = cell[NEXT]
    end
    return 0
  end

  -- The bucket array of the table `h`, argument 1 of `fn`.
  local function data_of(fn, h)
    local d = type(h) == "table" and h[DATA]
    if type(d) ~= "table" or type(h[SIZE]) ~= "number" then fail(fn, 1, A_HASHTBL, h) end
    return d
  end

  -- The bucket array of `h` (argument 1 of `fn`), the index of `key`'s
  -- bucket in it and the bucket count.
  local function bucket(fn, h, key)
    if bucket_of then
      local i, n = bucket_of(h, key)
      if i then return h[DATA], i, n end
    end
    local d = type(h) == "table" and h[DATA] -- data_of, inline
    if type(d) ~= "table" or type(h[SIZE]) ~= "number" then fail(fn, 1, A_HASHTBL, h) end
    local hv, n = hash(10, 100, h[SEED], key), bucket_count(d)
    return d, (mask and mask(hv, n - 1) or hv % n) + 2, n
  end

  local function add(h, key, data)
    local d, i, n = bucket("Hashtbl.add", h, key)
    d[i] = { 0, key, data, d[i] }
    local size = h[SIZE] + 1
    h[SIZE] = size
    if size > 2 * n then resize(hash, mask, h) end
  end

  local function remove(h, key)
    local d = h[DATA]
    local hv, n = hash(10, 100, h[SEED], key), bucket_count(d)
    local i = (mask and mask(hv, n - 1) or hv % n) + 2
    local prec, cell = 0, d[i] ---@type table|0, table|0
    while cell ~= 0 do
      local next = cell[NEXT]
      if equal(cell[KEY], key) then
        h[SIZE] = h[SIZE] - 1
        if prec == 0 then d[i] = next else prec[NEXT] = next end
        return
      end
      prec, cell = cell, next
    end
  end

  local function find(h, key)
    if lookup then
      local found, data = lookup(h, key)
      if found then return data end
      if found == false then return raise_not_found() end
    end
    local d = type(h) == "table" and h[DATA] -- data_of, inline
    if type(d) ~= "table" or type(h[SIZE]) ~= "number" then fail("Hashtbl.find", 1, A_HASHTBL, h) end
    local hv, n = hash(10, 100, h[SEED], key), bucket_count(d)
    local cell = first_match(d[(mask and mask(hv, n - 1) or hv % n) + 2], key, true)
    if cell == 0 then return raise_not_found() end
    return cell[VALUE]
  end

  local function find_opt(h, key)
    if lookup then
      local found, data = lookup(h, key)
      if found ~= nil then return data end
    end
    local d = data_of("Hashtbl.find_opt", h)
    local hv, n = hash(10, 100, h[SEED], key), bucket_count(d)
    local cell = first_match(d[(mask and mask(hv, n - 1) or hv % n) + 2], key, true)
    if cell == 0 then return nil end
    return cell[VALUE]
  end

  local function find_all(h, key)
    local out, found = {}, 0
    local d = h[DATA]
    local hv, n = hash(10, 100, h[SEED], key), bucket_count(d)
    local cell = d[(mask and mask(hv, n - 1) or hv % n) + 2]
    while cell ~= 0 do
      if equal(cell[KEY], key) then
        found = found + 1
        out[found] = cell[VALUE]
      end
      cell = cell[NEXT]
    end
    return out
  end

  local function replace(h, key, data)
    local d, i, n = bucket("Hashtbl.replace", h, key)
    local l = d[i]
    local cell = first_match(l, key, false)
    if cell ~= 0 then
      cell[KEY], cell[VALUE] = key, data
      return
    end
    d[i] = { 0, key, data, l }
    local size = h[SIZE] + 1
    h[SIZE] = size
    if size > 2 * n then resize(hash, mask, h) end
  end

  local function mem(h, key)
    if lookup then
      local found = lookup(h, key)
      if found ~= nil then return found end
    end
    local d = data_of("Hashtbl.mem", h)
    local hv, n = hash(10, 100, h[SEED], key), bucket_count(d)
    return first_match(d[(mask and mask(hv, n - 1) or hv % n) + 2], key, false) ~= 0
  end

  --- `add h key data`: a new binding, shadowing any previous one for `key`.
  ops.add = add
  --- `remove h key`: removes the latest binding of `key`, uncovering the one before.
  ops.remove = remove
  --- `find h key` (`Not_found` if absent).
  ops.find = find
  --- `find_opt h key`: the data, or nil.
  ops.find_opt = find_opt
  --- `find_all h key`: every binding of `key`, latest first, as a Lua array.
  ops.find_all = find_all
  --- `replace h key data`: replaces the latest binding of `key`, or adds one.
  ops.replace = replace
  --- `mem h key`.
  ops.mem = mem
  ops.clear = clear
  ops.reset = reset
  ops.copy = copy
  ops.length = length
  --- `iter f h`: `f(key, data)` for every binding, in bucket order.
  ops.iter = iter
  --- `fold f h init`: `f(key, data, accu)`.
  ops.fold = fold
  --- `filter_map_inplace f h`: `f(key, data)` returns the new data, or nil to drop.
  ops.filter_map_inplace = filter_map_inplace
  ops.stats = stats
  --- `to_seq h` as a Lua iterator: `for k, v in M.pairs(h) do ... end`.
  ops.pairs = pairs_of

  -- Calls `f(h, key, data)` for each pair of the Lua array `a` (argument
  -- `argn` of `fn`).
  local function each_pair(fn, argn, f, h, a)
    for i = 1, args.elements(fn, a, nil, argn) do
      local p = a[i]
      if type(p) ~= "table" then args.not_a_pair(fn, argn, i, p) end
      f(h, p[1], p[2])
    end
  end

  --- `add_seq h` from a Lua array of `{key, data}` pairs.
  function ops.add_pairs(h, a)
    each_pair("Hashtbl.add_seq", 2, add, h, a)
  end

  --- `replace_seq h` from a Lua array of `{key, data}` pairs.
  function ops.replace_pairs(h, a)
    each_pair("Hashtbl.replace_seq", 2, replace, h, a)
  end

  --- `of_seq`: a new table (16 buckets) from a Lua array of `{key, data}` pairs.
  function ops.of_pairs(a)
    local h = ops.create(16)
    each_pair("Hashtbl.of_seq", 1, replace, h, a)
    return h
  end
  return args.check(ops, "Hashtbl", signatures)
end

-- OCaml's `land (n - 1)` for a power of 2 is the floored modulo, also for
-- negative hashes: keyed_operations takes Lua's `%`, which is floored.

--- `Hashtbl.MakeSeeded`: `hash(seed, key)` returns an integer,
--- `equal(a, b)` a Lua boolean (or OCaml's 0/1).
---@param H {equal: (fun(a: any, b: any): any), hash: (fun(seed: integer, key: any): integer)}
---@return table
function hashtbl.make_seeded(H)
  local hash, eq = H.hash, H.equal
  local function seeded(_, _, seed, key) return hash(seed, key) end
  local function equal(a, b) return truthy(eq(a, b)) end
  return keyed_operations(seeded, equal, { create = create })
end

--- `Hashtbl.Make`: `hash(key)` returns an integer, `equal(a, b)` a Lua
--- boolean (or OCaml's 0/1); tables are never randomised.
---@param H {equal: (fun(a: any, b: any): any), hash: (fun(key: any): integer)}
---@return table
function hashtbl.make(H)
  local hash, eq = H.hash, H.equal
  local function unseeded(_, _, _, key) return hash(key) end
  local function equal(a, b) return truthy(eq(a, b)) end
  return keyed_operations(unseeded, equal, { create = function(n) return create(n, false) end })
end

-- The generic table's operations need caml_hash and caml_compare: they are
-- looked up when one of them is first used.
local function generic_operations()
  local caml_hash = callbacks.primitive("caml_hash")
  local caml_compare = callbacks.primitive("caml_compare")
  -- `compare a b = 0`, answered without the native call for two Lua strings
  -- and for two numbers of one subtype that are not NaN (on which Lua's
  -- `==` and OCaml's compare agree).
  local function equal(a, b)
    local ta = type(a)
    if ta == "number" then
      -- Equal numbers of one subtype (on 5.1/LuaJIT: not 0 and -0.0) are
      -- equal to OCaml; a number other than NaN differs from any other
      -- number. An int and a float of one value are left to caml_compare.
      if a == b then
        if has_integers then
          if mtype(a) == mtype(b) then return true end
        elseif a ~= 0 or 1 / a == 1 / b then
          return true
        end
      elseif a == a and type(b) == "number" and b == b then
        return false
      end
    elseif ta == "string" and type(b) == "string" then
      return a == b
    end
    return caml_compare(a, b) == 0
  end
  return keyed_operations(caml_hash, equal, { create = create }, true)
end

--- `Hashtbl.create ?random n`: an empty generic table; `random` (default:
--- whether OCAMLRUNPARAM has `R` or `randomize()` was called) draws a seed.
---@type fun(n: integer, random?: boolean): table
hashtbl.create = create

--- `Hashtbl.hash x`: `caml_hash(10, 100, 0, x)`.
function hashtbl.hash(x)
  return callbacks.seeded_hash(0, x)
end

--- `Hashtbl.seeded_hash seed x`.
function hashtbl.seeded_hash(seed, x)
  return callbacks.seeded_hash(seed, x)
end

--- `Hashtbl.hash_param meaningful total x`.
function hashtbl.hash_param(meaningful, total, x)
  return callbacks.primitive("caml_hash")(meaningful, total, 0, x)
end

setmetatable(hashtbl, {
  __index = function(t, name)
    local ops = generic_operations()
    for k, fn in pairs(ops) do
      if rawget(t, k) == nil then rawset(t, k, fn) end
    end
    return rawget(t, name)
  end,
})

args.check(hashtbl, "Hashtbl", { create = "int _", make = "hashed_type", make_seeded = "hashed_type" })

return hashtbl

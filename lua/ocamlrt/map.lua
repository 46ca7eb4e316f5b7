--- OCaml's Map for Lua: the AVL trees of stdlib/map.ml (4.13) with the same
-- balancing, so the same operations give the same tree as native OCaml.
-- `Empty` is 0 and `Node {l; v; d; r; h}` is `{0, l, v, d, r, h}`.
-- `map.make(compare)` plays `Map.Make`: `compare(a, b)` returns a negative,
-- zero or positive integer; without it, OCaml's polymorphic `compare`.
-- Maps are persistent values: every operation returns a new map.
-- Recursion is bounded by the tree height (at most 1.44 log2 n + 2).
-- In Lua, OCaml's `None` is `nil`: `find_opt` returns nil when absent, and
-- callbacks of `update`, `merge`, `union`, `filter_map` return nil to drop.

local exn = require("ocamlrt.exn")
local callbacks = require("ocamlrt.callbacks")
local args = require("ocamlrt.args")

local truthy = callbacks.truthy
local invalid_arg = exn.invalid_argument
local raise_not_found = exn.raise_not_found

-- A node's fields are read by their Lua index (OCaml field + 2): l [2],
-- v [3], d [4], r [5], h [6]. Written as numbers, not as named upvalues:
-- on Lua 5.4 `t[3]` is one VM instruction and `t[V]` two, 7 % of Map.add's
-- instructions. L and R name the two sides for find_edge.
local L, R = 2, 5

local map = {}

args.kind("map", "a Map.t", 'v == 0 or type(v) == "table" and type(v[6]) == "number"') -- v's height

-- Signatures of the operations `map.make` returns (ocamlrt/args.lua).
local signatures = {
  add = "_ _ map", cardinal = "map", choose = "map", choose_opt = "map", compare = "fn map map",
  equal = "fn map map", exists = "fn map", filter = "fn map", filter_map = "fn map", find = "_ map",
  find_first = "fn map", find_first_opt = "fn map", find_last = "fn map", find_last_opt = "fn map",
  find_opt = "_ map", fold = "fn map _", for_all = "fn map", iter = "fn map",
  map = "fn map", mapi = "fn map", max_binding = "map", max_binding_opt = "map", mem = "_ map",
  merge = "fn map map", min_binding = "map", min_binding_opt = "map", of_bindings = "array",
  pairs_from = "_ map", partition = "fn map", remove = "_ map", split = "_ map",
  union = "fn map map", update = "_ fn map",
}

local function height(t)
  if t == 0 then return 0 end
  return t[6]
end

local function create(l, x, d, r)
  local hl, hr = height(l), height(r)
  return { 0, l, x, d, r, hl >= hr and hl + 1 or hr + 1 }
end

local function singleton(x, d)
  return { 0, 0, x, d, 0, 1 }
end

local function bal(l, x, d, r)
  local hl = l == 0 and 0 or l[6]
  local hr = r == 0 and 0 or r[6]
  if hl > hr + 2 then
    if l == 0 then invalid_arg("Map.bal") end
    local ll, lv, ld, lr = l[2], l[3], l[4], l[5]
    if height(ll) >= height(lr) then
      return create(ll, lv, ld, create(lr, x, d, r))
    end
    if lr == 0 then invalid_arg("Map.bal") end
    return create(create(ll, lv, ld, lr[2]), lr[3], lr[4], create(lr[5], x, d, r))
  elseif hr > hl + 2 then
    if r == 0 then invalid_arg("Map.bal") end
    local rl, rv, rd, rr = r[2], r[3], r[4], r[5]
    if height(rr) >= height(rl) then
      return create(create(l, x, d, rl), rv, rd, rr)
    end
    if rl == 0 then invalid_arg("Map.bal") end
    return create(create(l, x, d, rl[2]), rl[3], rl[4], create(rl[5], rv, rd, rr))
  end
  return { 0, l, x, d, r, hl >= hr and hl + 1 or hr + 1 }
end

local function min_binding(t)
  if t == 0 then raise_not_found() end
  while t[2] ~= 0 do t = t[2] end
  return t[3], t[4]
end

local function max_binding(t)
  if t == 0 then raise_not_found() end
  while t[5] ~= 0 do t = t[5] end
  return t[3], t[4]
end

local function remove_min_binding(t)
  if t == 0 then invalid_arg("Map.remove_min_elt") end
  if t[2] == 0 then return t[5] end
  return bal(remove_min_binding(t[2]), t[3], t[4], t[5])
end

-- Joins two trees whose heights differ by at most 2.
local function merge_trees(t1, t2)
  if t1 == 0 then return t2 end
  if t2 == 0 then return t1 end
  local x, d = min_binding(t2)
  return bal(t1, x, d, remove_min_binding(t2))
end

local function add_min_binding(k, x, t)
  if t == 0 then return singleton(k, x) end
  return bal(add_min_binding(k, x, t[2]), t[3], t[4], t[5])
end

local function add_max_binding(k, x, t)
  if t == 0 then return singleton(k, x) end
  return bal(t[2], t[3], t[4], add_max_binding(k, x, t[5]))
end

-- Like create and bal, with no assumption on the heights of l and r.
local function join(l, v, d, r)
  if l == 0 then return add_min_binding(v, d, r) end
  if r == 0 then return add_max_binding(v, d, l) end
  local lh, rh = l[6], r[6]
  if lh > rh + 2 then return bal(l[2], l[3], l[4], join(l[5], v, d, r)) end
  if rh > lh + 2 then return bal(join(l, v, d, r[2]), r[3], r[4], r[5]) end
  return create(l, v, d, r)
end

-- All of t1 precedes all of t2; no assumption on heights.
local function concat(t1, t2)
  if t1 == 0 then return t2 end
  if t2 == 0 then return t1 end
  local x, d = min_binding(t2)
  return join(t1, x, d, remove_min_binding(t2))
end

local function concat_or_join(t1, v, d, t2)
  if d ~= nil then return join(t1, v, d, t2) end
  return concat(t1, t2)
end

local function cardinal(t)
  if t == 0 then return 0 end
  return cardinal(t[2]) + 1 + cardinal(t[5])
end

local function iter(f, t)
  while t ~= 0 do
    iter(f, t[2])
    f(t[3], t[4])
    t = t[5]
  end
end

local function fold(f, t, accu)
  while t ~= 0 do
    accu = f(t[3], t[4], fold(f, t[2], accu))
    t = t[5]
  end
  return accu
end

local function map_tree(f, t)
  if t == 0 then return 0 end
  local l = map_tree(f, t[2])
  local d = f(t[4])
  return { 0, l, t[3], d, map_tree(f, t[5]), t[6] }
end

local function mapi_tree(f, t)
  if t == 0 then return 0 end
  local l = mapi_tree(f, t[2])
  local d = f(t[3], t[4])
  return { 0, l, t[3], d, mapi_tree(f, t[5]), t[6] }
end

local function for_all(p, t)
  if t == 0 then return true end
  return truthy(p(t[3], t[4])) and for_all(p, t[2]) and for_all(p, t[5])
end

local function exists(p, t)
  if t == 0 then return false end
  return truthy(p(t[3], t[4])) or exists(p, t[2]) or exists(p, t[5])
end

local function filter(p, t)
  if t == 0 then return 0 end
  local l, r = t[2], t[5]
  local l2 = filter(p, l)
  local keep = truthy(p(t[3], t[4]))
  local r2 = filter(p, r)
  if keep then
    if l == l2 and r == r2 then return t end
    return join(l2, t[3], t[4], r2)
  end
  return concat(l2, r2)
end

local function filter_map(f, t)
  if t == 0 then return 0 end
  local l = filter_map(f, t[2])
  local d = f(t[3], t[4])
  local r = filter_map(f, t[5])
  if d ~= nil then return join(l, t[3], d, r) end
  return concat(l, r)
end

local function partition(p, t)
  if t == 0 then return 0, 0 end
  local lt, lf = partition(p, t[2])
  local keep = truthy(p(t[3], t[4]))
  local rt, rf = partition(p, t[5])
  if keep then return join(lt, t[3], t[4], rt), concat(lf, rf) end
  return concat(lt, rt), join(lf, t[3], t[4], rf)
end

-- The enumeration of stdlib/map.ml as a Lua linked list
-- `{key, data, right subtree, rest}`, false for End.
local function cons_enum(t, e)
  while t ~= 0 do
    e = { t[3], t[4], t[5], e }
    t = t[2]
  end
  return e
end

local function snoc_enum(t, e)
  while t ~= 0 do
    e = { t[3], t[4], t[2], e }
    t = t[5]
  end
  return e
end

-- A Lua iterator over an enumeration, advancing with `step` (cons or snoc).
local function enum_iterator(e, step)
  return function()
    if not e then return nil end
    local k, d = e[1], e[2]
    e = step(e[3], e[4])
    return k, d
  end
end

--- `Map.Make`: the operations of a map ordered by `compare` (OCaml's
--- polymorphic compare when omitted).
---@param compare? fun(a: any, b: any): integer
---@return table
function map.make(compare)
  compare = compare or callbacks.primitive("caml_compare")
  local M = { empty = 0 }

  local function add(x, data, t)
    if t == 0 then return { 0, 0, x, data, 0, 1 } end
    local v = t[3]
    local c = compare(x, v)
    if c == 0 then
      if t[4] == data then return t end
      return { 0, t[2], x, data, t[5], t[6] }
    elseif c < 0 then
      local l = t[2]
      local ll = add(x, data, l)
      if l == ll then return t end
      -- bal, with its no-rotation case inline (`ll` is a node).
      local r = t[5]
      local hl, hr = ll[6], r == 0 and 0 or r[6]
      if hl > hr + 2 then return bal(ll, v, t[4], r) end
      return { 0, ll, v, t[4], r, hl >= hr and hl + 1 or hr + 1 }
    else
      local r = t[5]
      local rr = add(x, data, r)
      if r == rr then return t end
      local l = t[2]
      local hl, hr = l == 0 and 0 or l[6], rr[6]
      if hr > hl + 2 then return bal(l, v, t[4], rr) end
      return { 0, l, v, t[4], rr, hl >= hr and hl + 1 or hr + 1 }
    end
  end

  local function find_node(x, t)
    while t ~= 0 do
      local c = compare(x, t[3])
      if c == 0 then return t end
      if c < 0 then t = t[2] else t = t[5] end
    end
    return nil
  end

  local function remove(x, t)
    if t == 0 then return 0 end
    local l, v, d, r = t[2], t[3], t[4], t[5]
    local c = compare(x, v)
    if c == 0 then return merge_trees(l, r) end
    if c < 0 then
      local ll = remove(x, l)
      if l == ll then return t end
      return bal(ll, v, d, r)
    end
    local rr = remove(x, r)
    if r == rr then return t end
    return bal(l, v, d, rr)
  end

  local function update(x, f, t)
    if t == 0 then
      local data = f(nil)
      if data == nil then return 0 end
      return { 0, 0, x, data, 0, 1 }
    end
    local l, v, d, r = t[2], t[3], t[4], t[5]
    local c = compare(x, v)
    if c == 0 then
      local data = f(d)
      if data == nil then return merge_trees(l, r) end
      if d == data then return t end
      return { 0, l, x, data, r, t[6] }
    elseif c < 0 then
      local ll = update(x, f, l)
      if l == ll then return t end
      return bal(ll, v, d, r)
    end
    local rr = update(x, f, r)
    if r == rr then return t end
    return bal(l, v, d, rr)
  end

  -- Returns l, data or nil, r.
  local function split(x, t)
    if t == 0 then return 0, nil, 0 end
    local l, v, d, r = t[2], t[3], t[4], t[5]
    local c = compare(x, v)
    if c == 0 then return l, d, r end
    if c < 0 then
      local ll, pres, rl = split(x, l)
      return ll, pres, join(rl, v, d, r)
    end
    local lr, pres, rr = split(x, r)
    return join(l, v, d, lr), pres, rr
  end

  local function merge(f, s1, s2)
    if s1 == 0 and s2 == 0 then return 0 end
    if s1 ~= 0 and s1[6] >= height(s2) then
      local v1 = s1[3]
      local l2, d2, r2 = split(v1, s2)
      return concat_or_join(merge(f, s1[2], l2), v1, f(v1, s1[4], d2), merge(f, s1[5], r2))
    end
    local v2 = s2[3]
    local l1, d1, r1 = split(v2, s1)
    return concat_or_join(merge(f, l1, s2[2]), v2, f(v2, d1, s2[4]), merge(f, r1, s2[5]))
  end

  local function union(f, s1, s2)
    if s1 == 0 then return s2 end
    if s2 == 0 then return s1 end
    if s1[6] >= s2[6] then
      local v1, d1 = s1[3], s1[4]
      local l2, d2, r2 = split(v1, s2)
      local l, r = union(f, s1[2], l2), union(f, s1[5], r2)
      if d2 == nil then return join(l, v1, d1, r) end
      return concat_or_join(l, v1, f(v1, d1, d2), r)
    end
    local v2, d2 = s2[3], s2[4]
    local l1, d1, r1 = split(v2, s1)
    local l, r = union(f, l1, s2[2]), union(f, r1, s2[5])
    if d1 == nil then return join(l, v2, d2, r) end
    return concat_or_join(l, v2, f(v2, d1, d2), r)
  end

  -- The first/last binding whose key satisfies the monotone predicate.
  local function find_edge(f, t, toward, away)
    local found = nil ---@type table?
    while t ~= 0 do
      if truthy(f(t[3])) then
        found = t
        t = t[toward]
      else
        t = t[away]
      end
    end
    if found then return found[3], found[4] end
    return nil
  end

  --- `add x data m`.
  M.add = add
  --- `remove x m`.
  M.remove = remove
  --- `update x f m`: `f(data or nil)` returns the new data, or nil to remove.
  M.update = update
  --- `split x m`: returns the map below `x`, the data at `x` (or nil), the map above.
  M.split = split
  --- `merge f m1 m2`: `f(key, d1 or nil, d2 or nil)` returns data or nil.
  M.merge = merge
  --- `union f m1 m2`: `f(key, d1, d2)` for keys in both returns data or nil.
  M.union = union

  function M.is_empty(t) return t == 0 end
  M.singleton = singleton

  --- `find x m` (`Not_found` if absent).
  function M.find(x, t)
    local n = find_node(x, t)
    if not n then raise_not_found() end
    return n[4]
  end

  --- `find_opt x m`: the data, or nil.
  function M.find_opt(x, t)
    local n = find_node(x, t)
    return n and n[4]
  end

  --- `mem x m`.
  function M.mem(x, t)
    return find_node(x, t) ~= nil
  end

  --- `find_first f m`: key and data of the least key with `f(key)` true.
  function M.find_first(f, t)
    local k, d = find_edge(f, t, L, R)
    if k == nil then raise_not_found() end
    return k, d
  end

  function M.find_first_opt(f, t) return find_edge(f, t, L, R) end

  --- `find_last f m`: key and data of the greatest key with `f(key)` true.
  function M.find_last(f, t)
    local k, d = find_edge(f, t, R, L)
    if k == nil then raise_not_found() end
    return k, d
  end

  function M.find_last_opt(f, t) return find_edge(f, t, R, L) end

  --- `to_seq_from low m` as a Lua iterator of key, data.
  function M.pairs_from(low, t)
    local e = false ---@type table|false
    while t ~= 0 do
      local c = compare(t[3], low)
      if c == 0 then
        e = { t[3], t[4], t[5], e }
        break
      elseif c < 0 then
        t = t[5]
      else
        e = { t[3], t[4], t[5], e }
        t = t[2]
      end
    end
    return enum_iterator(e, cons_enum)
  end

  --- `compare cmp m1 m2`: `cmp(d1, d2)` compares data.
  function M.compare(cmp, m1, m2)
    local e1, e2 = cons_enum(m1, false), cons_enum(m2, false)
    while true do
      if not e1 then return e2 and -1 or 0 end
      if not e2 then return 1 end
      local c = compare(e1[1], e2[1])
      if c ~= 0 then return c end
      c = cmp(e1[2], e2[2])
      if c ~= 0 then return c end
      e1, e2 = cons_enum(e1[3], e1[4]), cons_enum(e2[3], e2[4])
    end
  end

  --- `equal eq m1 m2`: `eq(d1, d2)` tells data equal.
  function M.equal(eq, m1, m2)
    local e1, e2 = cons_enum(m1, false), cons_enum(m2, false)
    while true do
      if not e1 then return not e2 end
      if not e2 then return false end
      if compare(e1[1], e2[1]) ~= 0 or not truthy(eq(e1[2], e2[2])) then return false end
      e1, e2 = cons_enum(e1[3], e1[4]), cons_enum(e2[3], e2[4])
    end
  end

  --- `of_seq`: a map from a Lua array of `{key, data}` pairs, added in order.
  function M.of_bindings(pairs_array)
    local t = 0
    for i = 1, args.elements("Map.of_bindings", pairs_array, nil, 1) do
      local p = pairs_array[i]
      if type(p) ~= "table" then args.not_a_pair("Map.of_bindings", 1, i, p) end
      t = add(p[1], p[2], t)
    end
    return t
  end

  M.min_binding = min_binding
  M.max_binding = max_binding
  M.choose = min_binding
  function M.min_binding_opt(t) if t ~= 0 then return min_binding(t) end end
  function M.max_binding_opt(t) if t ~= 0 then return max_binding(t) end end
  M.choose_opt = M.min_binding_opt
  M.iter = iter
  M.fold = fold
  M.map = map_tree
  M.mapi = mapi_tree
  M.for_all = for_all
  M.exists = exists
  M.filter = filter
  M.filter_map = filter_map
  M.partition = partition
  M.cardinal = cardinal
  M.bindings = map.bindings
  M.pairs = map.pairs
  M.rev_pairs = map.rev_pairs
  return args.check(M, "Map", signatures)
end

--- The bindings of `m` in increasing key order, as a Lua array of `{key, data}`.
function map.bindings(t)
  local out, n = {}, 0
  iter(function(k, d)
    n = n + 1
    out[n] = { k, d }
  end, t)
  return out
end

--- `to_seq m` as a Lua iterator: `for k, d in M.pairs(m) do ... end`.
function map.pairs(t)
  return enum_iterator(cons_enum(t, false), cons_enum)
end

--- `to_rev_seq m` as a Lua iterator, greatest key first.
function map.rev_pairs(t)
  return enum_iterator(snoc_enum(t, false), snoc_enum)
end

args.check(map, "Map", { make = "fn?", bindings = "map", pairs = "map", rev_pairs = "map" })

return map

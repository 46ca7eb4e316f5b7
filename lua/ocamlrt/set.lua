--- OCaml's Set for Lua: the AVL trees of stdlib/set.ml (4.13) with the same
-- balancing, so the same operations give the same tree as native OCaml.
-- `Empty` is 0 and `Node {l; v; r; h}` is `{0, l, v, r, h}`.
-- `set.make(compare)` plays `Set.Make`: `compare(a, b)` returns a negative,
-- zero or positive integer; without it, OCaml's polymorphic `compare`.
-- Sets are persistent values: every operation returns a new set.
-- Recursion is bounded by the tree height (at most 1.44 log2 n + 2).
-- In Lua, OCaml's `None` is `nil` (`find_opt`, `min_elt_opt`, ...).

local exn = require("ocamlrt.exn")
local callbacks = require("ocamlrt.callbacks")
local args = require("ocamlrt.args")

local truthy = callbacks.truthy
local invalid_arg = exn.invalid_argument
local raise_not_found = exn.raise_not_found
local floor = math.floor

-- A node's fields are read by their Lua index (OCaml field + 2): l [2],
-- v [3], r [4], h [5]. Written as numbers, not as named upvalues: on Lua
-- 5.4 `t[3]` is one VM instruction and `t[V]` two. L and R name the two
-- sides for find_edge.
local L, R = 2, 4

local set = {}

args.kind("set", "a Set.t", 'v == 0 or type(v) == "table" and type(v[5]) == "number"') -- v's height

-- Signatures of the operations `set.make` returns (ocamlrt/args.lua).
local signatures = {
  add = "_ set", cardinal = "set", choose = "set", choose_opt = "set", compare = "set set",
  diff = "set set", disjoint = "set set", equal = "set set", exists = "fn set", filter = "fn set",
  filter_map = "fn set", find = "_ set", find_first = "fn set", find_first_opt = "fn set",
  find_last = "fn set", find_last_opt = "fn set", find_opt = "_ set", fold = "fn set _",
  for_all = "fn set", inter = "set set", iter = "fn set", map = "fn set",
  max_elt = "set", max_elt_opt = "set", mem = "_ set", min_elt = "set", min_elt_opt = "set",
  of_list = "array", partition = "fn set", remove = "_ set", split = "_ set",
  subset = "set set", union = "set set", values_from = "_ set",
}

local function height(t)
  if t == 0 then return 0 end
  return t[5]
end

local function create(l, v, r)
  local hl = l == 0 and 0 or l[5]
  local hr = r == 0 and 0 or r[5]
  return { 0, l, v, r, hl >= hr and hl + 1 or hr + 1 }
end

local function singleton(x)
  return { 0, 0, x, 0, 1 }
end

local function bal(l, v, r)
  local hl = l == 0 and 0 or l[5]
  local hr = r == 0 and 0 or r[5]
  if hl > hr + 2 then
    if l == 0 then invalid_arg("Set.bal") end
    local ll, lv, lr = l[2], l[3], l[4]
    if height(ll) >= height(lr) then return create(ll, lv, create(lr, v, r)) end
    if lr == 0 then invalid_arg("Set.bal") end
    return create(create(ll, lv, lr[2]), lr[3], create(lr[4], v, r))
  elseif hr > hl + 2 then
    if r == 0 then invalid_arg("Set.bal") end
    local rl, rv, rr = r[2], r[3], r[4]
    if height(rr) >= height(rl) then return create(create(l, v, rl), rv, rr) end
    if rl == 0 then invalid_arg("Set.bal") end
    return create(create(l, v, rl[2]), rl[3], create(rl[4], rv, rr))
  end
  return { 0, l, v, r, hl >= hr and hl + 1 or hr + 1 }
end

local function add_min_element(x, t)
  if t == 0 then return singleton(x) end
  return bal(add_min_element(x, t[2]), t[3], t[4])
end

local function add_max_element(x, t)
  if t == 0 then return singleton(x) end
  return bal(t[2], t[3], add_max_element(x, t[4]))
end

-- Like create and bal, with no assumption on the heights of l and r.
local function join(l, v, r)
  if l == 0 then return add_min_element(v, r) end
  if r == 0 then return add_max_element(v, l) end
  local lh, rh = l[5], r[5]
  if lh > rh + 2 then return bal(l[2], l[3], join(l[4], v, r)) end
  if rh > lh + 2 then return bal(join(l, v, r[2]), r[3], r[4]) end
  return create(l, v, r)
end

local function min_elt(t)
  if t == 0 then raise_not_found() end
  while t[2] ~= 0 do t = t[2] end
  return t[3]
end

local function max_elt(t)
  if t == 0 then raise_not_found() end
  while t[4] ~= 0 do t = t[4] end
  return t[3]
end

local function remove_min_elt(t)
  if t == 0 then invalid_arg("Set.remove_min_elt") end
  if t[2] == 0 then return t[4] end
  return bal(remove_min_elt(t[2]), t[3], t[4])
end

-- Joins two trees whose heights differ by at most 2.
local function merge_trees(t1, t2)
  if t1 == 0 then return t2 end
  if t2 == 0 then return t1 end
  return bal(t1, min_elt(t2), remove_min_elt(t2))
end

-- All of t1 precedes all of t2; no assumption on heights.
local function concat(t1, t2)
  if t1 == 0 then return t2 end
  if t2 == 0 then return t1 end
  return join(t1, min_elt(t2), remove_min_elt(t2))
end

local function cardinal(t)
  if t == 0 then return 0 end
  return cardinal(t[2]) + 1 + cardinal(t[4])
end

local function iter(f, t)
  while t ~= 0 do
    iter(f, t[2])
    f(t[3])
    t = t[4]
  end
end

local function fold(f, t, accu)
  while t ~= 0 do
    accu = f(t[3], fold(f, t[2], accu))
    t = t[4]
  end
  return accu
end

local function for_all(p, t)
  if t == 0 then return true end
  return truthy(p(t[3])) and for_all(p, t[2]) and for_all(p, t[4])
end

local function exists(p, t)
  if t == 0 then return false end
  return truthy(p(t[3])) or exists(p, t[2]) or exists(p, t[4])
end

local function filter(p, t)
  if t == 0 then return 0 end
  local l, r = t[2], t[4]
  local l2 = filter(p, l)
  local keep = truthy(p(t[3]))
  local r2 = filter(p, r)
  if keep then
    if l == l2 and r == r2 then return t end
    return join(l2, t[3], r2)
  end
  return concat(l2, r2)
end

local function partition(p, t)
  if t == 0 then return 0, 0 end
  local lt, lf = partition(p, t[2])
  local keep = truthy(p(t[3]))
  local rt, rf = partition(p, t[4])
  if keep then return join(lt, t[3], rt), concat(lf, rf) end
  return concat(lt, rt), join(lf, t[3], rf)
end

-- The enumeration of stdlib/set.ml as a Lua linked list
-- `{elt, subtree, rest}`, false for End.
local function cons_enum(t, e)
  while t ~= 0 do
    e = { t[3], t[4], e }
    t = t[2]
  end
  return e
end

local function snoc_enum(t, e)
  while t ~= 0 do
    e = { t[3], t[2], e }
    t = t[4]
  end
  return e
end

local function enum_iterator(e, step)
  return function()
    if not e then return nil end
    local x = e[1]
    e = step(e[2], e[3])
    return x
  end
end

-- Set.of_sorted_list: the balanced tree of the sorted array a[first..first+n-1].
local function of_sorted(a, first, n)
  if n == 0 then return 0 end
  if n == 1 then return singleton(a[first]) end
  if n == 2 then return { 0, singleton(a[first]), a[first + 1], 0, 2 } end
  if n == 3 then return { 0, singleton(a[first]), a[first + 1], singleton(a[first + 2]), 2 } end
  local nl = floor(n / 2)
  local left = of_sorted(a, first, nl)
  local right = of_sorted(a, first + nl + 1, n - nl - 1)
  return create(left, a[first + nl], right)
end

-- A stable merge sort of the Lua array `a` by `compare`, keeping the first
-- of elements that compare equal.
local function sort_uniq(a, compare)
  local n = #a
  local src, dst = {}, {}
  for i = 1, n do src[i] = a[i] end
  local width = 1
  while width < n do
    local k = 1
    for lo = 1, n, 2 * width do
      local mid, hi = math.min(lo + width, n + 1), math.min(lo + 2 * width, n + 1)
      local i, j = lo, mid
      while i < mid and j < hi do
        if compare(src[i], src[j]) <= 0 then
          dst[k], i = src[i], i + 1
        else
          dst[k], j = src[j], j + 1
        end
        k = k + 1
      end
      while i < mid do dst[k], i, k = src[i], i + 1, k + 1 end
      while j < hi do dst[k], j, k = src[j], j + 1, k + 1 end
    end
    src, dst = dst, src
    width = 2 * width
  end
  local out, m = {}, 0
  for i = 1, n do
    if m == 0 or compare(out[m], src[i]) ~= 0 then
      m = m + 1
      out[m] = src[i]
    end
  end
  return out
end

--- `Set.Make`: the operations of a set ordered by `compare` (OCaml's
--- polymorphic compare when omitted).
---@param compare? fun(a: any, b: any): integer
---@return table
function set.make(compare)
  compare = compare or callbacks.primitive("caml_compare")
  local S = { empty = 0 }

  local function add(x, t)
    if t == 0 then return { 0, 0, x, 0, 1 } end
    local v = t[3]
    local c = compare(x, v)
    if c == 0 then return t end
    if c < 0 then
      local l = t[2]
      local ll = add(x, l)
      if l == ll then return t end
      -- bal, with its no-rotation case inline (only the grown side can be too high).
      local r = t[4]
      local hl, hr = ll[5], r == 0 and 0 or r[5]
      if hl > hr + 2 then return bal(ll, v, r) end
      return { 0, ll, v, r, hl >= hr and hl + 1 or hr + 1 }
    end
    local r = t[4]
    local rr = add(x, r)
    if r == rr then return t end
    local l = t[2]
    local hl, hr = l == 0 and 0 or l[5], rr[5]
    if hr > hl + 2 then return bal(l, v, rr) end
    return { 0, l, v, rr, hl >= hr and hl + 1 or hr + 1 }
  end

  local function find_node(x, t)
    while t ~= 0 do
      local c = compare(x, t[3])
      if c == 0 then return t end
      if c < 0 then t = t[2] else t = t[4] end
    end
    return nil
  end

  local function remove(x, t)
    if t == 0 then return 0 end
    local l, v, r = t[2], t[3], t[4]
    local c = compare(x, v)
    if c == 0 then return merge_trees(l, r) end
    if c < 0 then
      local ll = remove(x, l)
      if l == ll then return t end
      return bal(ll, v, r)
    end
    local rr = remove(x, r)
    if r == rr then return t end
    return bal(l, v, rr)
  end

  -- Returns l, present (a boolean), r.
  local function split(x, t)
    if t == 0 then return 0, false, 0 end
    local l, v, r = t[2], t[3], t[4]
    local c = compare(x, v)
    if c == 0 then return l, true, r end
    if c < 0 then
      local ll, pres, rl = split(x, l)
      return ll, pres, join(rl, v, r)
    end
    local lr, pres, rr = split(x, r)
    return join(l, v, lr), pres, rr
  end

  local function union(s1, s2)
    if s1 == 0 then return s2 end
    if s2 == 0 then return s1 end
    local h1, h2 = s1[5], s2[5]
    if h1 >= h2 then
      if h2 == 1 then return add(s2[3], s1) end
      local l2, _, r2 = split(s1[3], s2)
      return join(union(s1[2], l2), s1[3], union(s1[4], r2))
    end
    if h1 == 1 then return add(s1[3], s2) end
    local l1, _, r1 = split(s2[3], s1)
    return join(union(l1, s2[2]), s2[3], union(r1, s2[4]))
  end

  local function inter(s1, s2)
    if s1 == 0 or s2 == 0 then return 0 end
    local v1 = s1[3]
    local l2, present, r2 = split(v1, s2)
    if present then return join(inter(s1[2], l2), v1, inter(s1[4], r2)) end
    return concat(inter(s1[2], l2), inter(s1[4], r2))
  end

  local function diff(s1, s2)
    if s1 == 0 then return 0 end
    if s2 == 0 then return s1 end
    local v1 = s1[3]
    local l2, present, r2 = split(v1, s2)
    if present then return concat(diff(s1[2], l2), diff(s1[4], r2)) end
    return join(diff(s1[2], l2), v1, diff(s1[4], r2))
  end

  local function disjoint(s1, s2)
    if s1 == 0 or s2 == 0 then return true end
    if s1 == s2 then return false end
    local l2, present, r2 = split(s1[3], s2)
    if present then return false end
    return disjoint(s1[2], l2) and disjoint(s1[4], r2)
  end

  local function subset(s1, s2)
    if s1 == 0 then return true end
    if s2 == 0 then return false end
    local l1, v1, r1 = s1[2], s1[3], s1[4]
    local c = compare(v1, s2[3])
    if c == 0 then return subset(l1, s2[2]) and subset(r1, s2[4]) end
    if c < 0 then return subset({ 0, l1, v1, 0, 0 }, s2[2]) and subset(r1, s2) end
    return subset({ 0, 0, v1, r1, 0 }, s2[4]) and subset(l1, s2)
  end

  local function compare_sets(s1, s2)
    local e1, e2 = cons_enum(s1, false), cons_enum(s2, false)
    while true do
      if not e1 then return e2 and -1 or 0 end
      if not e2 then return 1 end
      local c = compare(e1[1], e2[1])
      if c ~= 0 then return c end
      e1, e2 = cons_enum(e1[2], e1[3]), cons_enum(e2[2], e2[3])
    end
  end

  -- The first/last element satisfying the monotone predicate, or nil.
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
    return found and found[3]
  end

  local function try_join(l, v, r)
    if (l == 0 or compare(max_elt(l), v) < 0) and (r == 0 or compare(v, min_elt(r)) < 0) then
      return join(l, v, r)
    end
    return union(l, add(v, r))
  end

  local function try_concat(t1, t2)
    if t1 == 0 then return t2 end
    if t2 == 0 then return t1 end
    return try_join(t1, min_elt(t2), remove_min_elt(t2))
  end

  local function map_set(f, t)
    if t == 0 then return 0 end
    local l, v, r = t[2], t[3], t[4]
    local l2 = map_set(f, l)
    local v2 = f(v)
    local r2 = map_set(f, r)
    if l == l2 and v == v2 and r == r2 then return t end
    return try_join(l2, v2, r2)
  end

  local function filter_map(f, t)
    if t == 0 then return 0 end
    local l, v, r = t[2], t[3], t[4]
    local l2 = filter_map(f, l)
    local v2 = f(v)
    local r2 = filter_map(f, r)
    if v2 == nil then return try_concat(l2, r2) end
    if l == l2 and v == v2 and r == r2 then return t end
    return try_join(l2, v2, r2)
  end

  --- `add x s`.
  S.add = add
  --- `remove x s`.
  S.remove = remove
  --- `split x s`: the set below `x`, whether `x` is in `s`, the set above.
  S.split = split
  S.union = union
  S.inter = inter
  S.diff = diff
  S.disjoint = disjoint
  S.subset = subset
  --- `compare s1 s2`: a negative, zero or positive integer.
  S.compare = compare_sets
  function S.equal(s1, s2) return compare_sets(s1, s2) == 0 end
  --- `map f s`: `f(x)` must return an element (never nil).
  S.map = map_set
  --- `filter_map f s`: `f(x)` returns an element, or nil to drop `x`.
  S.filter_map = filter_map
  function S.is_empty(t) return t == 0 end
  S.singleton = singleton

  function S.mem(x, t) return find_node(x, t) ~= nil end

  --- `find x s`: the element of `s` equal to `x` (`Not_found` if none).
  function S.find(x, t)
    local n = find_node(x, t)
    if not n then raise_not_found() end
    return n[3]
  end

  function S.find_opt(x, t)
    local n = find_node(x, t)
    return n and n[3]
  end

  function S.find_first(f, t)
    local x = find_edge(f, t, L, R)
    if x == nil then raise_not_found() end
    return x
  end

  function S.find_first_opt(f, t) return find_edge(f, t, L, R) end

  function S.find_last(f, t)
    local x = find_edge(f, t, R, L)
    if x == nil then raise_not_found() end
    return x
  end

  function S.find_last_opt(f, t) return find_edge(f, t, R, L) end

  --- `of_list`: a set from a Lua array. Up to 5 elements are added in order;
  --- more are sorted and built balanced, as `Set.of_list` does.
  function S.of_list(a)
    local n = args.elements("Set.of_list", a, nil, 1)
    if n <= 5 then
      local t = 0
      for i = 1, n do t = add(a[i], t) end
      return t
    end
    local sorted = sort_uniq(a, compare)
    return of_sorted(sorted, 1, #sorted)
  end

  --- `to_seq_from low s` as a Lua iterator.
  function S.values_from(low, t)
    local e = false ---@type table|false
    while t ~= 0 do
      local c = compare(t[3], low)
      if c == 0 then
        e = { t[3], t[4], e }
        break
      elseif c < 0 then
        t = t[4]
      else
        e = { t[3], t[4], e }
        t = t[2]
      end
    end
    return enum_iterator(e, cons_enum)
  end

  S.min_elt = min_elt
  S.max_elt = max_elt
  S.choose = min_elt
  function S.min_elt_opt(t) if t ~= 0 then return min_elt(t) end end
  function S.max_elt_opt(t) if t ~= 0 then return max_elt(t) end end
  S.choose_opt = S.min_elt_opt
  S.iter = iter
  S.fold = fold
  S.for_all = for_all
  S.exists = exists
  S.filter = filter
  S.partition = partition
  S.cardinal = cardinal
  S.elements = set.elements
  S.values = set.values
  S.rev_values = set.rev_values
  return args.check(S, "Set", signatures)
end

--- The elements of `s` in increasing order, as a Lua array.
function set.elements(t)
  local out, n = {}, 0
  iter(function(x)
    n = n + 1
    out[n] = x
  end, t)
  return out
end

--- `to_seq s` as a Lua iterator: `for x in S.values(s) do ... end`.
function set.values(t)
  return enum_iterator(cons_enum(t, false), cons_enum)
end

--- `to_rev_seq s` as a Lua iterator, greatest first.
function set.rev_values(t)
  return enum_iterator(snoc_enum(t, false), snoc_enum)
end

args.check(set, "Set", { make = "fn?", elements = "set", values = "set", rev_values = "set" })

return set

-- Map, Set, Hashtbl (functorial), Queue, Stack, Buffer and Stream against
-- native OCaml (spec/oracle/datastructs.ml): the oracle runs random
-- operation sequences and prints what its queries saw and the structure it
-- ended with, walked with Obj; the spec replays the same operations here and
-- must see the same and end with the very same tree, buckets, cells, bytes.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local exn = ocamlrt.exn
local fmod = math.fmod

local CASES = 150

-- A placeholder the oracle prints for closures (helper.show prints any
-- function as "function").
local function closure_marker() end

local function oracle_cases(kind, keys, seed)
  return helper.oracle_chunk("datastructs", {}, kind, keys, CASES, seed)
end

-- The key types both sides implement alike (see IntKey / StrKey there).
local key_types = {
  int = {
    compare = function(a, b) return a < b and -1 or (a > b and 1 or 0) end,
    pred = function(x) return fmod(x, 3) ~= 0 end,
    transform = function(x) return fmod(x * 7, 1000) end,
    hash = function(x) return fmod(x * 2654435761, 1073741824) end,
    bump = function(x) return x + 100000 end,
  },
  string = {
    compare = function(a, b) return a < b and -1 or (a > b and 1 or 0) end,
    pred = function(s) return #s % 2 == 0 end,
    transform = function(s) return s:reverse() .. "a" end,
    hash = function(s)
      local h = 7
      for i = 1, #s do h = fmod(h * 31 + s:byte(i), 1000003) end
      return h
    end,
    bump = function(s) return s .. "!" end,
  },
}

-- Structured keys `{0, int, string}` ordered by caml_compare and hashed by
-- caml_hash: the modules' generic defaults.
local caml_compare = ocamlrt.primitives.caml_compare
key_types.pair = {
  generic = true,
  compare = caml_compare,
  pred = function(k) return fmod(k[2], 3) ~= 0 end,
  transform = function(k) return { 0, fmod(k[2] * 7, 1000), k[3] } end,
  bump = function(k) return { 0, k[2] + 100000, k[3] } end,
}

-- What a query raised, as the oracle writes it.
local function caught(e)
  local ctor = exn.constructor_of(e)
  assert(ctor, tostring(e))
  local name = ctor[2]:gsub("^Stdlib%.%a+%.", "")
  if e ~= ctor then name = name .. " " .. tostring(e[3]) end
  return "!" .. name
end

local function sign(c) return c < 0 and -1 or (c > 0 and 1 or 0) end
local function bool(b) return b and 1 or 0 end

local function map_replay(K, ops, obs)
  local M = ocamlrt.map.make(not K.generic and K.compare or nil)
  local function of_pairs(l)
    local m = 0
    for _, p in ipairs(l) do m = M.add(p[1], p[2], m) end
    return m
  end
  local function see(x) obs[#obs + 1] = x end
  local function see_key(k) see(k == nil and "!Not_found" or k) end
  local m = 0
  for _, op in ipairs(ops) do
    local code, k = op[1], op[2]
    if code == 0 then
      m = M.add(k, op[3], m)
    elseif code == 1 then
      m = M.remove(k, m)
    elseif code == 2 then
      m = M.update(k, function(d)
        if d == nil then return 7 end
        if fmod(d, 3) == 0 then return nil end
        return d + 1
      end, m)
    elseif code == 3 then
      see(M.find_opt(k, m) or -1)
    elseif code == 4 then
      m = M.filter(function(_, d) return fmod(d, 4) ~= 1 end, m)
    elseif code == 5 then
      m = M.union(function(_, a, b)
        if fmod(a + b, 5) == 0 then return nil end
        return a - b
      end, m, of_pairs(k))
    elseif code == 6 then
      m = M.merge(function(_, a, b)
        if a ~= nil and b ~= nil then return a * 2 + b end
        if a ~= nil then return fmod(a, 2) == 0 and a or nil end
        return b
      end, m, of_pairs(k))
    elseif code == 7 then
      local l, p, r = M.split(k, m)
      see(M.cardinal(l)); see(p or -1); see(M.cardinal(r))
      m = M.union(function(_, a) return a end, l, r)
    elseif code == 8 then
      local a, b = M.partition(function(key) return K.pred(key) end, m)
      see(M.cardinal(a))
      m = k == 0 and a or b
    elseif code == 9 then
      see_key((M.min_binding_opt(m))); see_key((M.max_binding_opt(m)))
      if m ~= 0 then m = M.remove((M.min_binding(m)), m) end
    elseif code == 10 then
      m = M.filter_map(function(_, d)
        if fmod(d, 5) == 0 then return nil end
        return fmod(d * 3, 1000)
      end, m)
    elseif code == 11 then
      see(M.fold(function(_, d, acc) return acc + d end, m, 0))
      see(M.cardinal(m))
      see(bool(M.for_all(function(_, d) return d > 0 end, m)))
      see(bool(M.exists(function(_, d) return fmod(d, 7) == 0 end, m)))
      m = M.map(function(d) return d + 1 end, m)
    elseif code == 12 then
      local n = 0
      for key, d in M.pairs_from(k, m) do
        see(key); see(d)
        n = n + 1
        if n == 2 then break end
      end
      see_key((M.find_first_opt(function(x) return K.compare(x, k) >= 0 end, m)))
      see_key((M.find_last_opt(function(x) return K.compare(x, k) <= 0 end, m)))
    else
      local m2 = of_pairs(k)
      see(sign(M.compare(function(a, b) return a < b and -1 or (a > b and 1 or 0) end, m, m2)))
      see(bool(M.equal(function(a, b) return a == b end, m, m2)))
    end
  end
  for key, d in M.pairs(m) do see(key); see(d) end
  return m
end

local function set_replay(K, ops, obs)
  local S = ocamlrt.set.make(not K.generic and K.compare or nil)
  local function see(x) obs[#obs + 1] = x end
  local function see_opt(x) see(x == nil and "!Not_found" or x) end
  local s = 0
  for _, op in ipairs(ops) do
    local code, x = op[1], op[2]
    if code == 0 then
      s = S.add(x, s)
    elseif code == 1 then
      s = S.remove(x, s)
    elseif code == 2 then
      s = S.union(s, S.of_list(x))
    elseif code == 3 then
      s = S.inter(s, S.of_list(x))
    elseif code == 4 then
      s = S.diff(s, S.of_list(x))
    elseif code == 5 then
      local l, p, r = S.split(x, s)
      see(S.cardinal(l)); see(bool(p)); see(S.cardinal(r))
      s = S.union(l, r)
    elseif code == 6 then
      s = S.filter(K.pred, s)
    elseif code == 7 then
      local a, b = S.partition(K.pred, s)
      see(S.cardinal(b))
      s = x == 0 and a or b
    elseif code == 8 then
      s = S.map(K.transform, s)
    elseif code == 9 then
      s = S.filter_map(function(y)
        if K.pred(y) then return K.transform(y) end
        return nil
      end, s)
    elseif code == 10 then
      local s2 = S.of_list(op[3])
      see(bool(S.mem(x, s))); see(bool(S.subset(s2, s))); see(bool(S.equal(s, s2)))
      see(sign(S.compare(s, s2))); see(bool(S.disjoint(s, s2)))
    elseif code == 11 then
      see_opt(S.min_elt_opt(s)); see_opt(S.max_elt_opt(s))
      see_opt(S.find_first_opt(function(y) return K.compare(y, x) >= 0 end, s))
      see_opt(S.find_last_opt(function(y) return K.compare(y, x) <= 0 end, s))
      see(S.values_from(x, s)() or "!end")
      see(S.fold(function(_, n) return n + 1 end, s, 0))
      see(bool(S.for_all(K.pred, s))); see(bool(S.exists(K.pred, s)))
      if s ~= 0 then s = S.remove(S.max_elt(s), s) end
    else
      s = S.of_list(x)
    end
  end
  for _, y in ipairs(S.elements(s)) do see(y) end
  return s
end

local function hashtbl_replay(K, ops, obs, H)
  H = H or ocamlrt.hashtbl.make { equal = function(a, b) return K.compare(a, b) == 0 end, hash = K.hash }
  local function see(x) obs[#obs + 1] = x end
  local h
  for _, op in ipairs(ops) do
    local code, k = op[1], op[2]
    if code == -1 then
      h = H.create(k)
      h[4] = op[3] -- the seed OCaml drew
    elseif code == 0 then
      H.add(h, k, op[3])
    elseif code == 1 then
      H.replace(h, k, op[3])
    elseif code == 2 then
      H.remove(h, k)
    elseif code == 3 then
      local ok, d = pcall(H.find, h, k)
      see(ok and d or caught(d))
    elseif code == 4 then
      local all = H.find_all(h, k)
      see(#all)
      for _, d in ipairs(all) do see(d) end
      see(bool(H.mem(h, k)))
    elseif code == 5 then
      H.filter_map_inplace(function(_, d)
        if fmod(d, 3) == 0 then return nil end
        return d + 1
      end, h)
    elseif code == 6 then
      h = H.copy(h)
    elseif code == 7 then
      local n = 0
      H.iter(function(key, d)
        if n < 3 then
          n = n + 1
          H.add(h, K.bump(key), d)
        end
      end, h)
    elseif code == 8 then
      H.clear(h)
    elseif code == 9 then
      H.reset(h)
    elseif code == 10 then
      local st = H.stats(h)
      see(st.num_bindings); see(st.num_buckets); see(st.max_bucket_length)
      for _, c in ipairs(st.bucket_histogram) do see(c) end
    else
      see(H.length(h))
      see(H.fold(function(_, d, acc) return acc + d end, h, 0))
    end
  end
  H.iter(function(key, d) see(key); see(d) end, h)
  return h
end

local function queue_replay(_, ops, obs)
  local Q = ocamlrt.queue
  local function see(x) obs[#obs + 1] = x end
  local q1, q2 = Q.create(), Q.create()
  local function see_take(f, q)
    local ok, x = pcall(f, q)
    see(ok and x or caught(x))
  end
  for _, op in ipairs(ops) do
    local code = op[1]
    if code == 0 then Q.add(op[2], q1)
    elseif code == 1 then Q.push(op[2], q2)
    elseif code == 2 then see_take(Q.take, q1)
    elseif code == 3 then see(Q.take_opt(q2) or -1)
    elseif code == 4 then see_take(Q.peek, q1); see(Q.peek_opt(q2) or -1)
    elseif code == 5 then Q.transfer(q1, q2)
    elseif code == 6 then Q.transfer(q2, q1)
    elseif code == 7 then q2 = Q.copy(q1)
    elseif code == 8 then Q.clear(q1)
    else
      see(Q.length(q1)); see(bool(Q.is_empty(q2)))
      see(Q.fold(function(acc, x) return fmod(acc * 3 + x, 1000003) end, 0, q1))
      Q.iter(see, q2)
    end
  end
  return { 0, q1, q2 }
end

local function stack_replay(_, ops, obs)
  local S = ocamlrt.stack
  local function see(x) obs[#obs + 1] = x end
  local s1, s2 = S.create(), S.create()
  local function see_pop(f, s)
    local ok, x = pcall(f, s)
    see(ok and x or caught(x))
  end
  for _, op in ipairs(ops) do
    local code = op[1]
    if code == 0 then S.push(op[2], s1)
    elseif code == 1 then S.push(op[2], s2)
    elseif code == 2 then see_pop(S.pop, s1)
    elseif code == 3 then see(S.pop_opt(s2) or -1)
    elseif code == 4 then see_pop(S.top, s1); see(S.top_opt(s2) or -1)
    elseif code == 5 then s2 = S.copy(s1)
    elseif code == 6 then S.clear(s1)
    else
      see(S.length(s1)); see(bool(S.is_empty(s2)))
      see(S.fold(function(acc, x) return fmod(acc * 3 + x, 1000003) end, 0, s1))
      S.iter(see, s2)
    end
  end
  return { 0, s1, s2 }
end

-- The oracle's view of a buffer: contents, position, length, whether the
-- storage is the initial one, the initial storage's length.
local function buffer_shape(b)
  return { 0, ocamlrt.buffer.contents(b), b[3], b[4], bool(b[2] == b[5]), #b[5] }
end

local function buffer_replay(_, ops, obs)
  local B = ocamlrt.buffer
  local function see(x) obs[#obs + 1] = x end
  local function catch(f, ...)
    local ok, e = pcall(f, ...)
    if not ok then see(caught(e)) end
  end
  local b1, b2 = nil, B.create(4)
  for _, op in ipairs(ops) do
    local code, a = op[1], op[2]
    if code == -1 then b1 = B.create(a)
    elseif code == 0 then B.add_char(b1, a)
    elseif code == 1 then B.add_string(b1, a)
    elseif code == 2 then catch(B.add_substring, b1, a, op[3], op[4])
    elseif code == 3 then B.add_utf_8_uchar(b1, a)
    elseif code == 4 then B.add_buffer(b1, b2)
    elseif code == 5 then B.add_string(b2, a)
    elseif code == 6 then catch(B.truncate, b1, a)
    elseif code == 7 then B.clear(b1)
    elseif code == 8 then B.reset(b1)
    elseif code == 9 then catch(function() see(B.sub(b1, a, op[3])) end)
    elseif code == 10 then catch(function() see(B.nth(b1, a)) end)
    elseif code == 11 then
      local dst = ocamlrt.bytes.make(12, 46)
      catch(function()
        B.blit(b1, a, dst, op[3], op[4])
        see(ocamlrt.bytes.to_string(dst))
      end)
    elseif code == 12 then
      B.add_utf_16be_uchar(b1, a)
      B.add_utf_16le_uchar(b2, a)
    else
      see(B.contents(b1)); see(B.length(b1))
    end
  end
  -- The bytes past position, uninitialised in OCaml, zeroed on both sides
  -- for the marshalled data to compare.
  for _, b in ipairs { b1, b2 } do ocamlrt.bytes.fill(b[2], b[3], #b[2] - b[3], 0) end
  return { 0, buffer_shape(b1), buffer_shape(b2) }, { 0, b1, b2 }
end

local function stream_replay(_, ops, obs)
  local St = ocamlrt.stream
  local function see(x) obs[#obs + 1] = x end
  local function build(e)
    local code = e[1]
    if code == 0 then return St.of_list(e[2])
    elseif code == 1 then return St.of_string(e[2])
    elseif code == 2 then
      local n = e[2]
      return St.from(function(c) if c < n then return c * 3 end end)
    elseif code == 3 then return St.iapp(build(e[2]), build(e[3]))
    elseif code == 4 then return St.icons(e[2], build(e[3]))
    elseif code == 5 then return St.ising(e[2])
    elseif code == 6 then return St.slazy(function() return build(e[2]) end)
    elseif code == 7 then return St.lcons(function() return e[2] end, build(e[3]))
    elseif code == 8 then return St.lapp(function() return build(e[2]) end, build(e[3]))
    end
    return St.sempty
  end
  local s = build(ops[1][1])
  for i = 2, #ops do
    local code = ops[i][1]
    if code == 0 then
      local ok, x = pcall(St.next, s)
      see(ok and x or caught(x))
    elseif code == 1 then see(St.peek(s) or -1)
    elseif code == 2 then St.junk(s)
    elseif code == 3 then
      local l = St.npeek(ops[i][2], s)
      see(#l)
      for _, x in ipairs(l) do see(x) end
    elseif code == 4 then see(St.count(s))
    else
      local ok, e = pcall(St.empty, s)
      see(ok and 1 or caught(e))
    end
  end
  see(St.count(s))
  St.iter(see, s)
  see(St.count(s))
  return 0
end

local function buffer_channel_replay(_, ops, obs)
  local B = ocamlrt.buffer
  local function see(x) obs[#obs + 1] = x end
  local ic = ocamlrt.io.open_in_string(ops[1][2])
  local b = B.create(ops[1][3])
  for i = 2, #ops do
    local code, a = ops[i][1], ops[i][2]
    if code == 1 then
      B.add_string(b, a)
    else
      local ok, e = pcall(B.add_channel, b, ic, a)
      if not ok then see(caught(e)) end
      see(B.length(b))
    end
  end
  ocamlrt.io.close_in(ic)
  return { 0, B.contents(b), b[3], b[4], bool(b[2] == b[5]), #b[5] }
end

local function stream_channel_replay(_, ops, obs)
  local St = ocamlrt.stream
  local function see(x) obs[#obs + 1] = x end
  local ic = ocamlrt.io.open_in_string(ops[1][2])
  local s = St.of_channel(ic)
  for i = 2, #ops do
    local code = ops[i][1]
    if code == 0 then
      local ok, x = pcall(St.next, s)
      see(ok and x or caught(x))
    elseif code == 1 then see(St.peek(s) or -1)
    elseif code == 2 then St.junk(s)
    elseif code == 3 then
      local l = St.npeek(ops[i][2], s)
      see(#l)
      for _, x in ipairs(l) do see(x) end
    else see(St.count(s))
    end
  end
  see(St.count(s))
  St.iter(see, s)
  see(St.count(s))
  ocamlrt.io.close_in(ic)
  return 0
end

local replays = {
  map = map_replay, set = set_replay, hashtbl = hashtbl_replay, queue = queue_replay,
  stack = stack_replay, buffer = buffer_replay, stream = stream_replay,
  buffer_channel = buffer_channel_replay, stream_channel = stream_channel_replay,
  generic_hashtbl = function(K, ops, obs) return hashtbl_replay(K, ops, obs, ocamlrt.hashtbl) end,
}

-- What OCaml's read mode (spec/oracle/datastructs.ml, module Read) does
-- with a structure, done here with ocamlrt's modules.
local function hashtbl_listing(H, K, h, see)
  local keys = {}
  H.iter(function(k, d) see(k); see(d); keys[#keys + 1] = k end, h)
  for _, k in ipairs(keys) do see(H.find(h, k)) end
  for i, k in ipairs(keys) do
    if i <= 50 then H.add(h, K.bump(k), i - 1) end
  end
  see(H.length(h))
  H.iter(function(k, d) see(k); see(d) end, h)
end

local listings = {
  map = function(K, m, see)
    local M = ocamlrt.map.make(not K.generic and K.compare or nil)
    M.iter(function(k, d) see(k); see(d) end, m)
    see(M.cardinal(m))
    M.iter(function(k) see(M.find(k, m)) end, m)
  end,
  set = function(K, s, see)
    local S = ocamlrt.set.make(not K.generic and K.compare or nil)
    S.iter(see, s)
    see(S.cardinal(s))
    S.iter(function(x) see(bool(S.mem(x, s))) end, s)
  end,
  hashtbl = function(K, h, see)
    hashtbl_listing(ocamlrt.hashtbl.make { equal = function(a, b) return K.compare(a, b) == 0 end, hash = K.hash },
      K, h, see)
  end,
  generic_hashtbl = function(K, h, see) hashtbl_listing(ocamlrt.hashtbl, K, h, see) end,
  queue = function(_, qs, see)
    local Q, q1, q2 = ocamlrt.queue, qs[2], qs[3]
    Q.iter(see, q1)
    Q.add(12345, q1)
    Q.iter(see, q1)
    Q.transfer(q1, q2)
    Q.iter(see, q2)
    see(Q.length(q2))
  end,
  stack = function(_, ss, see)
    local St, s1, s2 = ocamlrt.stack, ss[2], ss[3]
    St.iter(see, s1)
    St.push(777, s2)
    St.iter(see, s2)
    see(St.length(s2))
  end,
  buffer = function(_, bs, see)
    local B, b1, b2 = ocamlrt.buffer, bs[2], bs[3]
    see(B.contents(b1))
    B.add_string(b1, "xyz")
    see(B.contents(b1))
    B.add_buffer(b2, b1)
    see(B.contents(b2))
    B.reset(b1)
    B.add_char(b1, string.byte("q"))
    see(B.contents(b1))
  end,
}

-- How a structure unmarshalled from OCaml's data compares with the oracle's
-- dump: buffers by their shape, without "same storage" (strings from
-- marshalled data have no identity to tell).
local views = {
  buffer = function(bs)
    local function shape(b)
      local t = buffer_shape(b)
      table.remove(t, 5)
      return t
    end
    return { 0, shape(bs[2]), shape(bs[3]) }
  end,
}

local function without_same_flag(v)
  return { 0, { 0, v[2][2], v[2][3], v[2][4], v[2][6] }, { 0, v[3][2], v[3][3], v[3][4], v[3][6] } }
end

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local marshal_to = ocamlrt.primitives.caml_output_value_to_string
local marshal_from = ocamlrt.primitives.caml_input_value_from_string

-- Observations one by one: a key seen twice is one table here, two
-- literals in the oracle's output, and that sharing does not matter.
local function show_each(list)
  local out = {}
  for i, x in ipairs(list) do out[i] = helper.show(x) end
  return table.concat(out, " ")
end

local function listing_of(kind, K, v)
  local out = {}
  listings[kind](K, v, function(x) out[#out + 1] = x end)
  return out
end

-- Marshal both ways: ocamlrt must write OCaml's very bytes for its own
-- structure and read OCaml's into the oracle's structure; then OCaml reads
-- ocamlrt's bytes and uses them with its own functions (read mode), and
-- must see what ocamlrt's functions see on both structures.
local function check_interop(kind, keys, K, marshalled_cases)
  local lines, own, theirs = {}, {}, {}
  for i, c in ipairs(marshalled_cases) do
    local label = kind .. " case " .. i .. ": "
    local ours = marshal_to(c.value, 0)
    assert.are.equal(hex(c.expected.marshalled), hex(ours), label .. "marshalled bytes")
    local from_ocaml = marshal_from(c.expected.marshalled, 0)
    local view, expected_view = views[kind] or function(v) return v end, c.expected.value
    if views[kind] then expected_view = without_same_flag(expected_view) end
    assert.are.equal(helper.show(expected_view), helper.show(view(from_ocaml)), label .. "unmarshalled")
    lines[i] = hex(ours)
    own[i] = show_each(listing_of(kind, K, c.value))
    theirs[i] = show_each(listing_of(kind, K, from_ocaml))
  end
  local dir = helper.tmpdir()
  local f = assert(io.open(dir .. "/data", "wb"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
  local ocaml_listings = helper.oracle_chunk("datastructs", {}, "read", kind, keys, dir .. "/data")
  helper.rmtree(dir)
  for i, l in ipairs(ocaml_listings) do
    assert.are.equal(show_each(l), own[i], kind .. " case " .. i .. ": OCaml using ocamlrt's structure")
    assert.are.equal(show_each(l), theirs[i], kind .. " case " .. i .. ": ocamlrt using OCaml's structure")
  end
  assert.are.equal(#marshalled_cases, #ocaml_listings)
end

local function check(kind, keys, seed)
  local K = key_types[keys]
  local marshalled_cases = {}
  for i, case in ipairs(oracle_cases(kind, keys, seed)) do
    local expected = case(closure_marker)
    local obs = {}
    local value, raw = replays[kind](K, expected.ops, obs)
    assert.are.equal(show_each(expected.obs), show_each(obs), kind .. " case " .. i .. ": observations")
    assert.are.equal(helper.show(expected.value), helper.show(value), kind .. " case " .. i .. ": structure")
    if expected.marshalled then
      marshalled_cases[#marshalled_cases + 1] = { expected = expected, value = raw or value }
    end
  end
  if marshal_to and #marshalled_cases > 0 then check_interop(kind, keys, K, marshalled_cases) end
end

describe("data structures against native OCaml", function()
  for _, kind in ipairs { "map", "set", "hashtbl" } do
    for _, keys in ipairs { "int", "string" } do
      it(kind .. " with " .. keys .. " keys: same observations and the same structure", function()
        check(kind, keys, 9)
      end)
    end
  end
  -- The generic defaults need caml_compare and caml_hash (src/compare.rs, src/hash.rs).
  local generic = ocamlrt.primitives.caml_compare and ocamlrt.primitives.caml_hash and it or pending
  for _, keys in ipairs { "int", "string", "pair" } do
    generic("generic hashtbl with " .. keys .. " keys: caml_hash, caml_compare, seeded", function()
      check("generic_hashtbl", keys, 9)
    end)
  end
  for _, kind in ipairs { "map", "set" } do
    generic(kind .. " ordered by caml_compare: same observations and the same structure", function()
      check(kind, "pair", 9)
    end)
  end
  for _, kind in ipairs { "queue", "stack", "buffer", "stream", "buffer_channel", "stream_channel" } do
    it(kind .. ": same observations and the same structure", function()
      check(kind, "int", 9)
    end)
  end
end)

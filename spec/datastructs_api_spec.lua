-- The data-structure modules' errors, exceptions and Lua conventions;
-- OCaml's own answers come from spec/oracle/datastructs_facts.ml.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local exn = ocamlrt.exn

local facts = helper.oracle_chunk("datastructs_facts")

local function message(f, ...)
  return exn.to_string(helper.raised(f, ...))
end

local function int_compare(a, b) return a < b and -1 or (a > b and 1 or 0) end

describe("ocamlrt data structures", function()
  it("raise the exceptions OCaml raises, printed as Printexc prints them", function()
    assert.are.equal(facts.queue_empty, message(ocamlrt.queue.take, ocamlrt.queue.create()))
    assert.are.equal(facts.queue_empty, message(ocamlrt.queue.peek, ocamlrt.queue.create()))
    assert.are.equal(facts.stack_empty, message(ocamlrt.stack.pop, ocamlrt.stack.create()))
    assert.are.equal(facts.stack_empty, message(ocamlrt.stack.top, ocamlrt.stack.create()))
    assert.are.equal(facts.stream_failure, message(ocamlrt.stream.next, ocamlrt.stream.of_list {}))
    assert.are.equal(facts.stream_error, message(ocamlrt.stream.raise_error, "bad token"))
    local M = ocamlrt.map.make(int_compare)
    assert.are.equal(facts.map_min_empty, message(M.min_binding, M.empty))
    assert.are.equal(facts.map_min_empty, message(M.find, 1, M.empty))
    local S = ocamlrt.set.make(int_compare)
    assert.are.equal(facts.map_min_empty, message(S.min_elt, S.empty))
  end)

  it("raise the very constructors they export, so handlers can compare them", function()
    local ok, e = pcall(ocamlrt.queue.take, ocamlrt.queue.create())
    assert.is_false(ok)
    assert.are.equal(ocamlrt.queue.Empty, e)
    ok, e = pcall(ocamlrt.stream.next, ocamlrt.stream.sempty)
    assert.is_false(ok)
    assert.are.equal(ocamlrt.stream.Failure, e)
  end)

  it("Buffer: sizes, Unicode checks, channel length checks as OCaml", function()
    local B = ocamlrt.buffer
    assert.are.equal(facts.create_0, B.create(0)[4])
    assert.are.equal(facts.create_neg, B.create(-7)[4])
    assert.are.equal(facts.create_100, B.create(100)[4])
    local b = B.create(1)
    assert.are.equal(facts.surrogate, message(B.add_utf_8_uchar, b, 0xD800))
    assert.are.equal(facts.too_big, message(B.add_utf_8_uchar, b, 0x110000))
    assert.are.equal(facts.minus_one, message(B.add_utf_8_uchar, b, -1))
    assert.are.equal(facts.minus_big, message(B.add_utf_8_uchar, b, -0x123456789abc))
    assert.are.equal(facts.minus_one, message(B.add_utf_16le_uchar, b, -1))
    local ic = ocamlrt.io.open_in_string("abc")
    assert.are.equal(facts.negative_channel_len, message(B.add_channel, b, ic, -1))
    ocamlrt.io.close_in(ic)
    assert.are.equal(0, B.length(b))
  end)

  it("Buffer.output_buffer writes exactly the contents", function()
    local B = ocamlrt.buffer
    local b = B.create(2)
    B.add_string(b, "hello, ")
    B.add_bytes(b, ocamlrt.bytes.of_string("world\0!"))
    B.truncate(b, 12)
    local oc = ocamlrt.io.open_out_buffer()
    B.output_buffer(oc, b)
    ocamlrt.io.flush(oc)
    assert.are.equal("hello, world", ocamlrt.io.contents(oc))
    local seen = {}
    for i, c in B.chars(b) do seen[#seen + 1] = i .. ":" .. string.char(c) end
    assert.are.equal("0:h 1:e", table.concat(seen, " "):sub(1, 7))
    assert.are.equal(12, #seen)
  end)

  it("Hashtbl: OCaml's bucket counts; iteration flag restored after an error", function()
    local H = ocamlrt.hashtbl.make { equal = function(a, b) return a == b end, hash = function(x) return x end }
    assert.are.equal(facts.hashtbl_buckets_100, H.stats(H.create(100)).num_buckets)
    assert.are.equal(facts.hashtbl_buckets_0, H.stats(H.create(0)).num_buckets)
    local h = H.create(0)
    for i = 1, 10 do H.add(h, i, i * i) end
    local ok = pcall(H.iter, function(k) if k == 5 then error("stop") end end, h)
    assert.is_false(ok)
    assert.are.equal(16, h[5]) -- initial_size positive again: no traversal going on
    assert.are.equal(81, H.find(h, 9))
    assert.is_nil(H.find_opt(h, 11))
    local keys = {}
    for k, v in H.pairs(h) do keys[#keys + 1] = k .. "=" .. v end
    assert.are.equal(10, #keys)
  end)

  it("Hashtbl: int keys across the whole int range, decided without caml_compare", function()
    -- The generic table's quick test and (LuaJIT) its masked bucket index:
    -- the latest binding of each int is found, a float between is not.
    local H = ocamlrt.hashtbl
    local wide = math.type and math.tointeger(2 ^ 62) - 1 or 2 ^ 53 -- max_int / exact numbers
    math.randomseed(4242)
    local h, latest, all, keys = H.create(16, true), {}, 0, {}
    local function random_int()
      local r = math.random(6)
      if r == 1 then return math.random(-40, 40) end
      if r == 2 then return ({ wide, -wide - 1, wide - 1, -wide })[math.random(4)] end
      local x = (math.random() * 2 - 1) * wide
      return math.floor(x)
    end
    for i = 1, 20000 do
      local k = random_int()
      if latest[k] == nil then keys[#keys + 1] = k end
      if i % 3 == 0 then
        if latest[k] == nil then all = all + 1 end
        H.replace(h, k, i)
      else
        all = all + 1
        H.add(h, k, i)
      end
      latest[k] = i
    end
    assert.are.equal(all, H.length(h))
    for _, k in ipairs(keys) do
      assert.are.equal(latest[k], H.find(h, k))
      assert.is_true(H.mem(h, k))
      assert.are.equal(latest[k], H.find_all(h, k)[1])
      if math.abs(k) < 2 ^ 50 then assert.is_nil(H.find_opt(h, k + 0.5)) end
    end
    H.remove(h, keys[1])
    assert.are_not.equal(latest[keys[1]], H.find_opt(h, keys[1]))
    assert.is_nil(H.find_opt(h, 0 / 0))
    local z = H.create(16)
    H.add(z, 0 / 0, "nan")
    assert.are.equal("nan", H.find(z, 0 / 0)) -- compare nan nan = 0
  end)

  it("Hashtbl: find, find_opt, mem and replace agree with find_all in buckets of any length", function()
    -- find_all walks a bucket with `equal` on every cell; the other lookups
    -- take the quick int test, the native lookup (5.4) and a bucket's first
    -- cells without a loop (LuaJIT). Random keys of every kind, many
    -- bindings per key (shadowed by add) and a functorial table whose few
    -- buckets hold long chains.
    local V = ocamlrt.value
    math.randomseed(1717)
    local boxed = { V.float(1.5), { 253, 3 }, { 253, 0 }, { 253, -0.0 } }
    local function random_key()
      local r = math.random(8)
      if r == 1 then return math.random(-3, 3) end
      if r == 2 then return math.random(-3, 3) + 0.5 end
      if r == 3 then return ({ 0.0, -0.0, 0 / 0, 1 / 0, 2 ^ 40, -2 ^ 40 })[math.random(6)] end
      if r == 4 then return boxed[math.random(#boxed)] end
      if r == 5 then return ({ "", "a", "ab", "abcdefgh" })[math.random(4)] end
      if r == 6 then return { 0, math.random(2), "x" } end
      if r == 7 then return math.random(-3, 3) * 0x80000000 end
      return { 0, random_key() }
    end
    -- Keys compared by an id, sought with fresh tables: equal's argument
    -- order is OCaml's (find: the sought key first; mem, replace: second).
    local sought, order_ok = nil, true
    local F = ocamlrt.hashtbl.make {
      equal = function(a, b)
        if sought and (rawequal(a, sought.key) ~= sought.first or rawequal(b, sought.key) == sought.first) then
          order_ok = false
        end
        return a.id == b.id
      end,
      hash = function(k) return k.id % 3 end,
    }
    local cases = {
      { H = ocamlrt.hashtbl, key = random_key },
      { H = F, key = function() return { id = math.random(12) } end },
    }
    for _, c in ipairs(cases) do
      local H = c.H
      local h = H.create(1)
      local function lookup(fn, k, first, data)
        sought = { key = k, first = first }
        local ok, r = pcall(fn, h, k, data)
        sought = nil
        return ok, r
      end
      for step = 1, 3000 do
        local k, op = c.key(), math.random(4)
        if op == 1 then
          H.add(h, k, step)
        elseif op == 2 then
          H.remove(h, k)
        elseif op == 3 then
          local before, size = H.find_all(h, k), H.length(h)
          assert.is_true((lookup(H.replace, k, false, step)))
          local after = H.find_all(h, k)
          assert.are.equal(step, after[1])
          assert.are.equal(math.max(#before, 1), #after)
          for i = 2, #after do assert.are.equal(before[i], after[i]) end
          assert.are.equal(size + (#before == 0 and 1 or 0), H.length(h))
        end
        k = c.key()
        local all = H.find_all(h, k)
        local ok, r = lookup(H.find, k, true)
        if all[1] == nil then
          assert.is_false(ok)
          assert.is_true(exn.is(r, "Not_found"))
        else
          assert.are.same({ true, all[1] }, { ok, r })
        end
        assert.are.same({ true, all[1] }, { lookup(H.find_opt, k, true) })
        assert.are.same({ true, all[1] ~= nil }, { lookup(H.mem, k, false) })
      end
      assert.is_true(H.stats(h).max_bucket_length >= 6)
    end
    assert.is_true(order_ok)
    -- A key Hashtbl.hash refuses: add and replace raise what it raises.
    local bad = setmetatable({}, {})
    local expected = message(ocamlrt.hashtbl.hash, bad)
    assert.are.equal(expected, message(ocamlrt.hashtbl.add, ocamlrt.hashtbl.create(1), bad, 1))
    assert.are.equal(expected, message(ocamlrt.hashtbl.replace, ocamlrt.hashtbl.create(1), bad, 1))
  end)

  it("Stream: forcing a lazy stream inside itself raises CamlinternalLazy.Undefined", function()
    local St = ocamlrt.stream
    local s
    s = St.slazy(function() St.peek(s); return St.of_list { 1 } end)
    assert.are.equal(facts.undefined, message(St.peek, s))
    -- The failure is remembered: forcing again raises the same.
    assert.are.equal(facts.undefined, message(St.peek, s))
  end)

  it("Map and Set: nil for None, multiple results for tuples", function()
    local M = ocamlrt.map.make(int_compare)
    local m = M.of_bindings { { 3, "c" }, { 1, "a" }, { 2, "b" } }
    assert.are.equal("b", M.find_opt(2, m))
    assert.is_nil(M.find_opt(4, m))
    local k, v = M.min_binding(m)
    assert.are.same({ 1, "a" }, { k, v })
    local l, d, r = M.split(2, m)
    assert.are.same({ 1, "b", 1 }, { M.cardinal(l), d, M.cardinal(r) })
    assert.are.same({ { 1, "a" }, { 2, "b" }, { 3, "c" } }, M.bindings(m))
    local rev = {}
    for key in M.rev_pairs(m) do rev[#rev + 1] = key end
    assert.are.same({ 3, 2, 1 }, rev)
    local S = ocamlrt.set.make(int_compare)
    local s = S.of_list { 5, 1, 4, 1, 5, 9, 2, 6 }
    assert.are.same({ 1, 2, 4, 5, 6, 9 }, S.elements(s))
    local below, present, above = S.split(5, s)
    assert.are.same({ 3, true, 2 }, { S.cardinal(below), present, S.cardinal(above) })
  end)

  it("callbacks may answer with OCaml bools (0/1) as well as Lua booleans", function()
    local S = ocamlrt.set.make(int_compare)
    local s = S.of_list { 1, 2, 3, 4 }
    assert.are.same({ 2, 4 }, S.elements(S.filter(function(x) return x % 2 == 0 and 1 or 0 end, s)))
    assert.are.same({ 2, 4 }, S.elements(S.filter(function(x) return x % 2 == 0 end, s)))
  end)

  it("deep structures: a million queue cells and stack cells, no recursion", function()
    local Q, St = ocamlrt.queue, ocamlrt.stack
    local q, st = Q.create(), St.create()
    for i = 1, 1000000 do
      Q.add(i, q)
      St.push(i, st)
    end
    local q2 = Q.copy(q)
    assert.are.equal(1000000, Q.length(q2))
    assert.are.equal(1000000, Q.fold(function(n) return n + 1 end, 0, q2))
    assert.are.equal(1000000, St.fold(function(n) return n + 1 end, 0, st))
    Q.transfer(q2, q)
    assert.are.equal(2000000, Q.length(q))
    assert.are.equal(1, Q.take(q))
  end)
end)

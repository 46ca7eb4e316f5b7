-- The modules written in Lua (Map, Set, Hashtbl, Stream, Queue, Stack,
-- Buffer, value) on arguments of the wrong type: every function, called
-- many times with random arguments (values of every Lua type, and the
-- module's own structure among them so that the other arguments are
-- reached), returns or raises an OCaml exception, never a plain Lua error;
-- a structure of the wrong type raises Invalid_argument naming the function.

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local exn = ocamlrt.exn

math.randomseed(20261201)

local function modules()
  local h = ocamlrt.hashtbl
  local _ = h.add -- the generic operations are installed on first use
  local hash = { hash = function() return 0 end, equal = function() return true end }
  local seeded = { hash = function(_, _) return 0 end, equal = function() return 0 end }
  local M, S = ocamlrt.map.make(), ocamlrt.set.make()
  return {
    { "Map", M, function() return M.add(1, 2, M.add(3, 4, 0)) end },
    { "map", ocamlrt.map, function() return M.add(1, 2, 0) end },
    { "Set", S, function() return S.add(1, S.add(2, 0)) end },
    { "set", ocamlrt.set, function() return S.add(1, 0) end },
    { "Hashtbl", h, function() return h.create(4) end },
    { "Hashtbl.Make", h.make(hash), function() return h.create(4) end },
    { "Hashtbl.MakeSeeded", h.make_seeded(seeded), function() return h.create(4) end },
    { "Stream", ocamlrt.stream, function() return ocamlrt.stream.of_list({ 1, 2 }) end },
    { "Queue", ocamlrt.queue, function() return ocamlrt.queue.create() end },
    { "Stack", ocamlrt.stack, function() return ocamlrt.stack.create() end },
    { "Buffer", ocamlrt.buffer, function() return ocamlrt.buffer.create(4) end },
    { "value", ocamlrt.value, function() return { 0, 1, 2 } end },
  }
end

-- Values of every Lua type; callbacks answer 0 (a valid answer to all).
local function wrong_value()
  local pool = {
    nil, true, false, 0, 1, -1, 1.5, 7, 0 / 0, math.huge, -math.huge, "", "abc", "12345678",
    {}, { "x" }, { 0 }, { 0, 0, 0 }, function() return 0 end, coroutine.create(function() end),
    ocamlrt.bytes.create(3),
  }
  return pool[math.random(#pool + 1)] -- one draw in 22 is nil
end

-- Functions that change what later specs see.
local skip = { randomize = true }

describe("Lua-side modules given wrong-type arguments", function()
  it("raise OCaml exceptions only, from every function", function()
    local calls, raised = 0, 0
    for _, m in ipairs(modules()) do
      local name, module, instance = m[1], m[2], m[3]
      local functions = {}
      for k, f in pairs(module) do
        if type(f) == "function" and not skip[k] then functions[#functions + 1] = k end
      end
      table.sort(functions)
      for _, fname in ipairs(functions) do
        for _ = 1, 150 do
          local a = {}
          for i = 1, 5 do a[i] = wrong_value() end
          if math.random(2) == 1 then a[math.random(3)] = instance() end
          local ok, e = pcall(module[fname], a[1], a[2], a[3], a[4], a[5])
          calls = calls + 1
          if not ok then
            raised = raised + 1
            assert(exn.constructor_of(e), string.format("%s.%s(%s, %s, %s, %s, %s) raised a plain Lua error: %s",
              name, fname, tostring(a[1]), tostring(a[2]), tostring(a[3]), tostring(a[4]), tostring(a[5]),
              tostring(e)))
          end
        end
      end
    end
    assert.is_true(calls > 30000 and raised > calls / 2)
  end)

  it("name the function and the argument", function()
    local q, h, M = ocamlrt.queue, ocamlrt.hashtbl, ocamlrt.map.make()
    helper.assert_raises("Invalid_argument", "Hashtbl.add: argument 1 must be a Hashtbl.t, got number",
      h.add, 5, 1, 2)
    helper.assert_raises("Invalid_argument", "Queue.add: argument 2 must be a Queue.t, got string", q.add, 1, "q")
    helper.assert_raises("Invalid_argument", "Map.iter: argument 1 must be a function, got table", M.iter, {}, 0)
    helper.assert_raises("Invalid_argument", "Buffer.sub: argument 2 must be an integer, got number",
      ocamlrt.buffer.sub, ocamlrt.buffer.create(1), 0.5, 1)
    helper.assert_raises("Invalid_argument", "Stream.next: argument 1 must be a Stream.t, got bytes",
      ocamlrt.stream.next, ocamlrt.bytes.create(1))
    helper.assert_raises("Invalid_argument", "Hashtbl.make: argument 1 must be a table {equal = function, "
      .. "hash = function}, got table", h.make, { hash = print })
    helper.assert_raises("Invalid_argument", "Map.make: argument 1 must be a function or nil, got string",
      ocamlrt.map.make, "compare")
  end)

  it("read arrays only as far as they hold elements", function()
    local value = ocamlrt.value
    local sparse = {}
    for k = 0, 40 do sparse[2 ^ k] = k end -- on 5.4 and LuaJIT its border #t is 2^40
    local huge = #sparse > 2 ^ 30
    for _, f in ipairs({ value.list, value.array, value.float_array, ocamlrt.stream.of_list,
                         ocamlrt.set.make().of_list }) do
      local ok, e = pcall(f, sparse)
      if huge or not ok then assert.is_true(exn.is(e, "Invalid_argument")) end
    end
    helper.assert_raises("Invalid_argument", "value.array: argument 1 has no element 4 (of 9007199254740992)",
      value.array, { 1, 2, 3 }, (math.tointeger or tonumber)(2 ^ 53))
    helper.assert_raises("Invalid_argument", nil, value.array, {}, 2 ^ 60)
    helper.assert_raises("Invalid_argument", nil, value.list, {}, -1)
    helper.assert_raises("Invalid_argument", nil, ocamlrt.map.make().of_bindings, { { 1, 2 }, 3 })
    assert.same({ 0, 1, 2 }, value.array({ 1, 2, 3 }, 2))
  end)
end)

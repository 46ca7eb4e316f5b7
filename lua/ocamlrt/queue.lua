--- OCaml's Queue for Lua, in the layout of stdlib/queue.ml (4.13): the
-- queue is the record `{0, length, first, last}` and its cells are
-- `Cons {content; next}` = `{0, content, next}`, `Nil` = 0, with `last`
-- the same table as the final cell of the `first` chain. Empty queues raise
-- `Stdlib.Queue.Empty`.

local exn = require("ocamlrt.exn")
local args = require("ocamlrt.args")

local LENGTH, FIRST, LAST = 2, 3, 4
local CONTENT, NEXT = 2, 3

local queue = {}

-- v[LENGTH] a number, v[FIRST] and v[LAST] cells or 0.
args.kind("queue", "a Queue.t", 'type(v) == "table" and type(v[2]) == "number"'
  .. ' and (v[3] == 0 or type(v[3]) == "table") and (v[4] == 0 or type(v[4]) == "table")')

--- The exception constructor `Queue.Empty`.
queue.Empty = exn.constructor("Stdlib.Queue.Empty")

local function raise_empty()
  error(queue.Empty, 0)
end

--- `Queue.create ()`.
---@return table
function queue.create()
  return { 0, 0, 0, 0 }
end

--- `Queue.clear q`.
function queue.clear(q)
  q[LENGTH], q[FIRST], q[LAST] = 0, 0, 0
end

--- `Queue.add x q`: adds `x` at the end.
function queue.add(x, q)
  local cell = { 0, x, 0 }
  local last = q[LAST]
  if last == 0 then
    q[LENGTH], q[FIRST], q[LAST] = 1, cell, cell
  else
    q[LENGTH] = q[LENGTH] + 1
    last[NEXT] = cell
    q[LAST] = cell
  end
end

queue.push = queue.add

--- `Queue.peek q`: the first element (`Queue.Empty` if none).
function queue.peek(q)
  local first = q[FIRST]
  if first == 0 then raise_empty() end
  return first[CONTENT]
end

queue.top = queue.peek

--- `Queue.peek_opt q`: the first element, or nil.
function queue.peek_opt(q)
  local first = q[FIRST]
  if first == 0 then return nil end
  return first[CONTENT]
end

-- Removes the first cell, which exists.
local function take_first(q, first)
  local next = first[NEXT]
  if next == 0 then
    queue.clear(q)
  else
    q[LENGTH] = q[LENGTH] - 1
    q[FIRST] = next
  end
  return first[CONTENT]
end

--- `Queue.take q`: removes and returns the first element (`Queue.Empty` if none).
function queue.take(q)
  local first = q[FIRST]
  if first == 0 then raise_empty() end
  return take_first(q, first)
end

queue.pop = queue.take

--- `Queue.take_opt q`: removes and returns the first element, or nil.
function queue.take_opt(q)
  local first = q[FIRST]
  if first == 0 then return nil end
  return take_first(q, first)
end

--- `Queue.copy q`: a new queue with new cells holding the same elements.
function queue.copy(q)
  local res = { 0, q[LENGTH], 0, 0 }
  local prev, cell = 0, q[FIRST] ---@type table|0, table|0
  while cell ~= 0 do
    local c = { 0, cell[CONTENT], 0 }
    if prev == 0 then res[FIRST] = c else prev[NEXT] = c end
    prev, cell = c, cell[NEXT]
  end
  res[LAST] = prev
  return res
end

--- `Queue.is_empty q`.
function queue.is_empty(q)
  return q[LENGTH] == 0
end

--- `Queue.length q`.
function queue.length(q)
  return q[LENGTH]
end

--- `Queue.iter f q`: calls `f(x)` on each element, first to last.
function queue.iter(f, q)
  local cell = q[FIRST]
  while cell ~= 0 do
    f(cell[CONTENT])
    cell = cell[NEXT]
  end
end

--- `Queue.fold f accu q`: `f(... f(f(accu, x1), x2) ..., xn)`.
function queue.fold(f, accu, q)
  local cell = q[FIRST]
  while cell ~= 0 do
    accu = f(accu, cell[CONTENT])
    cell = cell[NEXT]
  end
  return accu
end

--- `Queue.transfer q1 q2`: appends all of `q1` to `q2` and clears `q1`.
function queue.transfer(q1, q2)
  if q1[LENGTH] <= 0 then return end
  local last = q2[LAST]
  if last == 0 then
    q2[LENGTH], q2[FIRST], q2[LAST] = q1[LENGTH], q1[FIRST], q1[LAST]
  else
    q2[LENGTH] = q2[LENGTH] + q1[LENGTH]
    last[NEXT] = q1[FIRST]
    q2[LAST] = q1[LAST]
  end
  queue.clear(q1)
end

--- Iterates over the elements as `Queue.to_seq` does (each step follows the
--- cell reached so far): `for x in queue.values(q) do ... end`.
function queue.values(q)
  local cell = q[FIRST]
  return function()
    if cell == 0 then return nil end
    local x = cell[CONTENT]
    cell = cell[NEXT]
    return x
  end
end

--- A Lua array of the elements, first to last.
function queue.to_array(q)
  local t, n, cell = {}, 0, q[FIRST]
  while cell ~= 0 do
    n = n + 1
    t[n] = cell[CONTENT]
    cell = cell[NEXT]
  end
  return t
end

args.check(queue, "Queue", {
  clear = "queue", add = "_ queue", push = "_ queue", peek = "queue", top = "queue", peek_opt = "queue",
  take = "queue", pop = "queue", take_opt = "queue", copy = "queue", is_empty = "queue", length = "queue",
  iter = "fn queue", fold = "fn _ queue", transfer = "queue queue", values = "queue", to_array = "queue",
})

return queue

--- OCaml's Stack for Lua, in the layout of stdlib/stack.ml (4.13): the
-- record `{0, c, len}` where `c` is an OCaml list (`{0, x, rest}`, `[]` = 0).
-- Empty stacks raise `Stdlib.Stack.Empty`.

local exn = require("ocamlrt.exn")
local args = require("ocamlrt.args")

local LIST, LEN = 2, 3

local stack = {}

-- v[LEN] a number, v[LIST] a list.
args.kind("stack", "a Stack.t",
  'type(v) == "table" and type(v[3]) == "number" and (v[2] == 0 or type(v[2]) == "table")')

--- The exception constructor `Stack.Empty`.
stack.Empty = exn.constructor("Stdlib.Stack.Empty")

--- `Stack.create ()`.
---@return table
function stack.create()
  return { 0, 0, 0 }
end

--- `Stack.clear s`.
function stack.clear(s)
  s[LIST], s[LEN] = 0, 0
end

--- `Stack.copy s` (the list is shared, as in OCaml).
function stack.copy(s)
  return { 0, s[LIST], s[LEN] }
end

--- `Stack.push x s`.
function stack.push(x, s)
  s[LIST] = { 0, x, s[LIST] }
  s[LEN] = s[LEN] + 1
end

--- `Stack.pop s`: removes and returns the top (`Stack.Empty` if none).
function stack.pop(s)
  local c = s[LIST]
  if c == 0 then error(stack.Empty, 0) end
  s[LIST], s[LEN] = c[3], s[LEN] - 1
  return c[2]
end

--- `Stack.pop_opt s`: removes and returns the top, or nil.
function stack.pop_opt(s)
  local c = s[LIST]
  if c == 0 then return nil end
  s[LIST], s[LEN] = c[3], s[LEN] - 1
  return c[2]
end

--- `Stack.top s` (`Stack.Empty` if none).
function stack.top(s)
  local c = s[LIST]
  if c == 0 then error(stack.Empty, 0) end
  return c[2]
end

--- `Stack.top_opt s`: the top, or nil.
function stack.top_opt(s)
  local c = s[LIST]
  if c == 0 then return nil end
  return c[2]
end

--- `Stack.is_empty s`.
function stack.is_empty(s)
  return s[LIST] == 0
end

--- `Stack.length s`.
function stack.length(s)
  return s[LEN]
end

--- `Stack.iter f s`: top to bottom.
function stack.iter(f, s)
  local c = s[LIST]
  while c ~= 0 do
    f(c[2])
    c = c[3]
  end
end

--- `Stack.fold f acc s`: top to bottom.
function stack.fold(f, acc, s)
  local c = s[LIST]
  while c ~= 0 do
    acc = f(acc, c[2])
    c = c[3]
  end
  return acc
end

--- Iterates top to bottom as `Stack.to_seq`: `for x in stack.values(s) do ... end`.
function stack.values(s)
  local c = s[LIST]
  return function()
    if c == 0 then return nil end
    local x = c[2]
    c = c[3]
    return x
  end
end

args.check(stack, "Stack", {
  clear = "stack", copy = "stack", push = "_ stack", pop = "stack", pop_opt = "stack", top = "stack",
  top_opt = "stack", is_empty = "stack", length = "stack", iter = "fn stack", fold = "fn _ stack",
  values = "stack",
})

return stack

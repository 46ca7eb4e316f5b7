--- The calling convention of lua_of_ocaml's output: closures, applications
-- of unknown arity, trampolined tail calls and OCaml booleans from Lua
-- comparisons (`caml_make_closure`, `caml_call_gen`, `caml_trampoline`,
-- `caml_trampoline_return`, `caml_js_array`, `caml_to_bool`).
-- A compiled closure is a table `{l = arity, [1] = fn}` that Lua can call
-- (docs/VALUES.md); the generated code calls it directly when it knows the
-- arity matches and through `caml_call_gen` otherwise.

local core = require("ocamlrt.core")

local unpack = table.unpack or rawget(_G, "unpack") -- 5.1 / LuaJIT: the global
local select = select

local closure = {}

--- A compiled closure: callable through `closure.metatable`.
---@class ocamlrt.closure
---@field l integer the arity
---@field [1] function

--- Calling a closure table calls its function.
closure.metatable = {
  __call = function(c, ...) return c[1](...) end,
}
local closure_mt = closure.metatable

--- A closure of `arity` parameters running `fn`.
---@param arity integer
---@param fn function
---@return ocamlrt.closure
function closure.make(arity, fn)
  return setmetatable({ l = arity, [1] = fn }, closure_mt)
end
local make = closure.make

-- `args[from .. to]` as a new list.
local function slice(args, from, to)
  local out = {}
  for i = from, to do out[#out + 1] = args[i] end
  return out
end

--- Applies `f` to the list `args` whatever its arity, as OCaml's apply
--- does: an exact application calls it, too few arguments make a closure
--- waiting for the rest, too many apply the result to the remaining ones.
---@param f ocamlrt.closure|function
---@param args any[]
---@return any
function closure.call(f, args)
  local n = #args
  while true do
    if type(f) ~= "table" then
      -- A Lua function carries no arity: it takes every argument.
      return f(unpack(args, 1, n))
    end
    local arity, fn = f.l, f[1]
    if arity == n then return fn(unpack(args, 1, n)) end
    if arity > n then
      local captured, target = args, f
      return make(arity - n, function(...)
        local all = slice(captured, 1, n)
        for i = 1, select("#", ...) do all[n + i] = (select(i, ...)) end
        return closure.call(target, all)
      end)
    end
    local g = fn(unpack(args, 1, arity))
    if type(g) ~= "table" and type(g) ~= "function" then return g end
    f, args = g, slice(args, arity + 1, n)
    n = #args
  end
end

-- A pending tail call: `{f, args}` with this metatable.
local bounce_mt = {}

--- `caml_trampoline_return(f, args)`: a tail call to perform later, where
--- `args` was made by `caml_js_array`.
function closure.trampoline_return(f, args)
  return setmetatable({ f, args }, bounce_mt)
end

--- `caml_trampoline(r)`: performs pending tail calls until a value comes.
function closure.trampoline(r)
  while getmetatable(r) == bounce_mt do
    local args = r[2]
    r = r[1](unpack(args, 1, args.n))
  end
  return r
end

--- `caml_js_array(...)`: the arguments as a list (the counter first).
function closure.js_array(...)
  return { n = select("#", ...), ... }
end

--- `caml_to_bool(b)`: OCaml's `true` (1) or `false` (0) for a Lua condition.
function closure.to_bool(b)
  if b then return 1 end
  return 0
end

core.provide({
  caml_make_closure = make,
  caml_call_gen = closure.call,
  caml_trampoline = closure.trampoline,
  caml_trampoline_return = closure.trampoline_return,
  caml_js_array = closure.js_array,
  caml_to_bool = closure.to_bool,
})

return closure

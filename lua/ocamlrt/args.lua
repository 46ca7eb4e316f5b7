--- Argument checks for the modules written in Lua (map, set, hashtbl,
-- stream, queue, stack, buffer, value): a wrong-typed argument raises
-- OCaml's `Invalid_argument "<Module.fn>: argument N must be <what>, got
-- <type>"`, as the native primitives do, instead of a Lua error from deep
-- inside the function.
--
-- A module declares its functions' signatures once, one word per parameter
-- (`args.check(queue, "Queue", { add = "_ queue", ... })`), and the functions
-- are replaced by wrappers compiled for that signature. The checks are type
-- tests, made only where the OCaml function would crash on a wrong type
-- (`_` is unchecked), on the arguments of the call: a callback is checked
-- once when it is passed, a structure at its root (what it holds is the
-- contract's, docs/VALUES.md).

local exn = require("ocamlrt.exn")
local native = require("ocamlrt.core").native

local args = {}

-- OCaml's Sys.max_array_length on 64 bits.
args.max_array_length = 2 ^ 54 - 1

local bytes_length = native.caml_ml_bytes_length

local function is_bytes(v)
  return type(v) == "userdata" and (pcall(bytes_length, v))
end

--- The type name the native primitives report ("bytes" for ocamlrt bytes).
---@param v any
---@return string
function args.type_name(v)
  if is_bytes(v) then return "bytes" end
  return type(v)
end

--- Raises `Invalid_argument "<fn>: argument <n> must be <what>, got <type>"`.
---@param fn string
---@param n integer
---@param what string
---@param v any
---@return never
function args.fail(fn, n, what, v)
  return exn.invalid_argument(string.format("%s: argument %d must be %s, got %s", fn, n, what, args.type_name(v)))
end

--- Whether `v` can be called: a function, or a table or userdata whose
--- metatable has `__call` (a compiled closure).
---@param v any
---@return boolean
function args.is_callable(v)
  local t = type(v)
  if t == "function" then return true end
  if t ~= "table" and t ~= "userdata" then return false end
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__call") ~= nil
end

-- Kinds of argument by signature word: what the message says, and the
-- test, a Lua expression on `v` that the wrappers inline (no call on the
-- hot path; it may use `type`, `rawget`, `is_bytes` and `is_callable`).
local kinds = {} ---@type table<string, {what: string, test: string}>

--- Declares the signature word `word`: arguments pass when the Lua
--- expression `test` (on `v`) is true, e.g. `type(v) == "table"`.
---@param word string
---@param what string
---@param test string
function args.kind(word, what, test)
  kinds[word] = { what = what, test = test }
end

args.kind("int", "an integer", 'type(v) == "number" and v % 1 == 0')
args.kind("number", "a number", 'type(v) == "number"')
args.kind("string", "a string or bytes", 'type(v) == "string" or is_bytes(v)')
args.kind("fn", "a function", 'type(v) == "function" or is_callable(v)')
args.kind("array", "a Lua array", 'type(v) == "table"')
args.kind("block", "an OCaml block (a table)", 'type(v) == "table"')

local load_source = rawget(_G, "loadstring") or load -- 5.1's loadstring takes no env

-- The source of a wrapper for `n` parameters whose checks are `checks[i]`
-- (a kind and whether nil passes) for the checked ones.
local function wrapper_source(n, checks)
  local params = {}
  for i = 1, n do params[i] = "a" .. i end
  local list = table.concat(params, ", ")
  local lines = {
    "local f, fn, whats, fail, is_bytes, is_callable = ...",
    "local type, rawget = type, rawget",
    "return function(" .. list .. ")",
  }
  for i = 1, n do
    local check = checks[i]
    if check then
      local test = "(" .. check.kind.test:gsub("%f[%w_]v%f[^%w_]", "a" .. i) .. ")"
      if check.optional then test = "(a" .. i .. " == nil or " .. test .. ")" end
      lines[#lines + 1] = string.format("  if not %s then fail(fn, %d, whats[%d], a%d) end", test, i, i, i)
    end
  end
  lines[#lines + 1] = "  return f(" .. list .. ")"
  lines[#lines + 1] = "end"
  return table.concat(lines, "\n")
end

--- `f` wrapped so that its arguments are checked against `signature` (one
--- word per parameter; a word ending in `?` also accepts nil); errors name
--- the function `fn`.
---@param f function
---@param fn string
---@param signature string
---@return function
function args.checked(f, fn, signature)
  local checks, whats, n, any = {}, {}, 0, false
  for word in signature:gmatch("%S+") do
    n = n + 1
    if word ~= "_" then
      local optional = word:sub(-1) == "?"
      local kind = kinds[optional and word:sub(1, -2) or word] ---@type {what: string, test: string}?
      assert(kind, "ocamlrt.args: unknown kind " .. word)
      checks[n] = { kind = kind, optional = optional }
      whats[n] = optional and kind.what .. " or nil" or kind.what
      any = true
    end
  end
  if not any then return f end
  local make = assert(load_source(wrapper_source(n, checks), "=ocamlrt.args(" .. fn .. ")"))
  return make(f, fn, whats, args.fail, is_bytes, args.is_callable)
end

--- Replaces the functions of `module` named in `signatures` by checked
--- ones; their errors name `prefix.name`. Returns `module`.
---@param module table
---@param prefix string
---@param signatures table<string, string>
---@return table
function args.check(module, prefix, signatures)
  for name, signature in pairs(signatures) do
    local f = rawget(module, name)
    assert(type(f) == "function", "ocamlrt.args: no function " .. prefix .. "." .. name)
    rawset(module, name, args.checked(f, prefix .. "." .. name, signature))
  end
  return module
end

-- An integral number as OCaml prints an int (also a float one on 5.3+).
local function show_int(n)
  if math.abs(n) < 2 ^ 63 then return string.format("%d", n) end
  return tostring(n)
end

--- How many elements `fn` reads from the Lua array `t` (argument `argn`):
--- `n`, or `#t` when nil. Every one of them must be there: a hole raises
--- `Invalid_argument`, so that a table whose border `#t` is huge is read
--- only as far as it holds elements; a count outside 0 .. max array length
--- raises `Invalid_argument` as OCaml's `Array.make` does.
---@param fn string
---@param t table
---@param n? integer
---@param argn integer
---@return integer
function args.elements(fn, t, n, argn)
  n = n or #t
  if n < 0 or n > args.max_array_length then
    exn.invalid_argument(string.format("%s: length %s is outside 0 .. Sys.max_array_length", fn, show_int(n)))
  end
  for i = 1, n do
    if t[i] == nil then
      exn.invalid_argument(string.format("%s: argument %d has no element %d (of %s)", fn, argn, i, show_int(n)))
    end
  end
  return n
end

--- Raises `Invalid_argument`: element `i` of the array argument `argn` of
--- `fn` is `v`, not a pair (a table `{a, b}`).
---@param fn string
---@param argn integer
---@param i integer
---@param v any
function args.not_a_pair(fn, argn, i, v)
  exn.invalid_argument(string.format("%s: element %d of argument %d must be a pair (a table), got %s",
    fn, i, argn, args.type_name(v)))
end

return args

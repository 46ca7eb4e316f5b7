--- OCaml's Stream for Lua, in the layout of stdlib/stream.ml (4.13):
-- a stream is `None` (0) or `Some {count; data}` = `{0, {0, count, data}}`;
-- data is `Sempty` (0), `Scons (a, d)` = `{0, a, d}`, `Sapp (d1, d2)` =
-- `{1, d1, d2}`, `Slazy l` = `{2, l}` (an OCaml lazy block), `Sgen g` =
-- `{3, {0, curr, func}}` or `Sbuffio b` = `{4, {0, ic, buff, len, ind}}`.
-- `func` is an OCaml closure returning an option, so a stream built by
-- compiled OCaml code works here too. In Lua, `None` is `nil`: `peek`
-- returns nil at the end and `from`'s function returns nil to end.
-- `Stream.Failure` and `Stream.Error msg` are raised as OCaml does.

local exn = require("ocamlrt.exn")
local callbacks = require("ocamlrt.callbacks")
local native = require("ocamlrt.core").native
local args = require("ocamlrt.args")

local force = callbacks.force

local COUNT, DATA = 2, 3
local SCONS, SAPP, SLAZY, SGEN, SBUFFIO = 0, 1, 2, 3, 4
local CURR, FUNC = 2, 3
local IC, BUFF, LEN, IND = 2, 3, 4, 5

local stream = {}

--- The exception constructors `Stream.Failure` and `Stream.Error`.
stream.Failure = exn.constructor("Stdlib.Stream.Failure")
stream.Error = exn.constructor("Stdlib.Stream.Error")

local function raise_failure()
  error(stream.Failure, 0)
end

--- Raises `Stream.Error msg`, as parsers do on a syntax error.
---@param msg string
function stream.raise_error(msg)
  exn.raise(stream.Error, msg)
end

local function fill_buff(b)
  b[LEN] = native.caml_ml_input(b[IC], b[BUFF], 0, #b[BUFF])
  b[IND] = 0
end

-- get_data: turns `d` into Sempty or a Scons whose head counts as taken
-- from a generator or a channel buffer.
local function get_data(count, d)
  if d == 0 then return d end
  local tag = d[1]
  if tag == SCONS then
    return d
  elseif tag == SAPP then
    local d1 = get_data(count, d[2])
    if d1 == 0 then return get_data(count, d[3]) end
    return { SCONS, d1[2], { SAPP, d1[3], d[3] } }
  elseif tag == SGEN then
    local g = d[2]
    local curr = g[CURR]
    if curr ~= 0 then
      local a = curr[2]
      if a == 0 then return 0 end
      g[CURR] = 0
      return { SCONS, a[2], d }
    end
    local x = g[FUNC](count)
    if x == 0 then
      g[CURR] = { 0, 0 }
      return 0
    end
    return { SCONS, x[2], d }
  elseif tag == SBUFFIO then
    local b = d[2]
    if b[IND] >= b[LEN] then fill_buff(b) end
    if b[LEN] == 0 then return 0 end
    local r = native.caml_bytes_unsafe_get(b[BUFF], b[IND])
    b[IND] = b[IND] + 1
    return { SCONS, r, d }
  end
  return get_data(count, force(d[2]))
end

-- peek_data: the next element of the cell `s` without consuming it, or nil.
local function peek_data(s)
  while true do
    local d = s[DATA]
    if d == 0 then return nil end
    local tag = d[1]
    if tag == SCONS then
      return d[2]
    elseif tag == SAPP then
      local r = get_data(s[COUNT], d)
      if r == 0 then return nil end
      s[DATA] = r
      return r[2]
    elseif tag == SLAZY then
      s[DATA] = force(d[2])
    elseif tag == SGEN then
      local g = d[2]
      local curr = g[CURR]
      if curr == 0 then
        curr = { 0, g[FUNC](s[COUNT]) }
        g[CURR] = curr
      end
      local x = curr[2]
      if x == 0 then return nil end
      return x[2]
    else
      local b = d[2]
      if b[IND] >= b[LEN] then fill_buff(b) end
      if b[LEN] == 0 then
        s[DATA] = 0
        return nil
      end
      return native.caml_bytes_unsafe_get(b[BUFF], b[IND])
    end
  end
end

local function junk_data(s)
  while true do
    local d = s[DATA]
    local tag = d ~= 0 and d[1]
    if tag == SCONS then
      s[COUNT], s[DATA] = s[COUNT] + 1, d[3]
      return
    elseif tag == SGEN and d[2][CURR] ~= 0 then
      s[COUNT] = s[COUNT] + 1
      d[2][CURR] = 0
      return
    elseif tag == SBUFFIO then
      local b = d[2]
      if b[IND] >= b[LEN] then fill_buff(b) end
      if b[LEN] == 0 then
        s[DATA] = 0
      else
        s[COUNT], b[IND] = s[COUNT] + 1, b[IND] + 1
      end
      return
    end
    if peek_data(s) == nil then return end
  end
end

--- `Stream.count s`: how many elements have been taken.
function stream.count(t)
  if t == 0 then return 0 end
  return t[2][COUNT]
end

local function data_of(t)
  if t == 0 then return 0 end
  return t[2][DATA]
end

--- `Stream.peek s`: the next element without taking it, or nil at the end.
function stream.peek(t)
  if t == 0 then return nil end
  return peek_data(t[2])
end

--- `Stream.junk s`: drops the next element, if any.
function stream.junk(t)
  if t ~= 0 then junk_data(t[2]) end
end

--- `Stream.npeek n s`: up to `n` next elements as a Lua array, none taken.
function stream.npeek(n, t)
  if t == 0 then return {} end
  local s = t[2]
  local taken = {}
  while #taken < n do
    local a = peek_data(s)
    if a == nil then break end
    junk_data(s)
    taken[#taken + 1] = a
  end
  -- Put them back as Scons cells in front of what is left.
  local d = s[DATA]
  for i = #taken, 1, -1 do d = { SCONS, taken[i], d } end
  s[COUNT] = s[COUNT] - #taken
  s[DATA] = d
  return taken
end

--- `Stream.next s`: takes the next element (`Stream.Failure` at the end).
function stream.next(t)
  local a = stream.peek(t)
  if a == nil then raise_failure() end
  stream.junk(t)
  return a
end

--- `Stream.empty s`: returns if `s` is empty, else raises `Stream.Failure`.
function stream.empty(t)
  if stream.peek(t) ~= nil then raise_failure() end
end

--- `Stream.iter f s`: calls `f` on each element, taking it.
function stream.iter(f, t)
  while true do
    local a = stream.peek(t)
    if a == nil then return end
    stream.junk(t)
    f(a)
  end
end

local function cell(data)
  return { 0, { 0, 0, data } }
end

--- `Stream.from f`: `f(count)` returns the element at `count`, or nil to end.
function stream.from(f)
  local func = function(count)
    local x = f(count)
    if x == nil then return 0 end
    return { 0, x }
  end
  return cell({ SGEN, { 0, 0, func } })
end

--- `Stream.of_list` from a Lua array.
function stream.of_list(a)
  local d = 0 ---@type table|integer
  for i = args.elements("Stream.of_list", a, nil, 1), 1, -1 do d = { SCONS, a[i], d } end
  return cell(d)
end

-- A stream of the char codes of a string or bytes, read through `get`.
local function of_chars(s, get)
  local count = 0
  return stream.from(function()
    if count < #s then
      count = count + 1
      return get(s, count - 1)
    end
    return nil
  end)
end

--- `Stream.of_string s`: the char codes of `s`.
function stream.of_string(s)
  return of_chars(s, native.caml_string_get)
end

--- `Stream.of_bytes b`: the char codes of `b`, read as the stream advances.
function stream.of_bytes(b)
  return of_chars(b, native.caml_bytes_get)
end

--- `Stream.of_channel ic`: the char codes read from the in-channel `ic`.
function stream.of_channel(ic)
  return cell({ SBUFFIO, { 0, ic, native.caml_create_bytes(4096), 0, 0 } })
end

--- `Stream.iapp i s`, `icons x s`, `ising x`: concatenation and cons.
function stream.iapp(i, s) return cell({ SAPP, data_of(i), data_of(s) }) end
function stream.icons(x, s) return cell({ SCONS, x, data_of(s) }) end
function stream.ising(x) return cell({ SCONS, x, 0 }) end

--- `Stream.lapp f s`, `lcons f s`, `lsing f`: as above, with `f()` called lazily.
function stream.lapp(f, s)
  return cell({ SLAZY, callbacks.lazy(function() return { SAPP, data_of(f()), data_of(s) } end) })
end

function stream.lcons(f, s)
  return cell({ SLAZY, callbacks.lazy(function() return { SCONS, f(), data_of(s) } end) })
end

function stream.lsing(f)
  return cell({ SLAZY, callbacks.lazy(function() return { SCONS, f(), 0 } end) })
end

--- `Stream.sempty` and `Stream.slazy f`.
stream.sempty = 0
function stream.slazy(f)
  return cell({ SLAZY, callbacks.lazy(function() return data_of(f()) end) })
end

args.kind("stream", "a Stream.t", 'v == 0 or type(v) == "table" and type(v[2]) == "table"')

args.check(stream, "Stream", {
  count = "stream", peek = "stream", junk = "stream", npeek = "int stream", next = "stream", empty = "stream",
  iter = "fn stream", from = "fn", of_list = "array", of_string = "string", of_bytes = "string",
  iapp = "stream stream", icons = "_ stream", lapp = "fn stream", lcons = "fn stream", lsing = "fn",
  slazy = "fn",
})

return stream

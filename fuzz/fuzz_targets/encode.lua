-- The encoder target's chunk (encode.rs): builds values in Lua from the
-- input, by a small stack machine whose opcodes make blocks of any tag,
-- strings, bytes, floats, out-of-range integers, custom blocks (well or
-- badly formed), closures, long lists, deep nesting, shared and cyclic
-- values, and tables no OCaml value is; then marshals, compares and hashes
-- them. Marshal's own output must read back, and read back it must marshal
-- to the same bytes.
local input = ...
local byte, call, odd = input.byte, input.call, input.odd

-- Every value made (for sharing and cycles), and the expanded size of each
-- (a shared value counts every time: what No_sharing and compare walk).
local made, size, n_made = {}, {}, 0
local stack, stack_size, sp = {}, {}, 0
-- `reshaped`: made a value that marshal does not write back as it read it
-- (an object gets a fresh id when read, a forward block to an immediate is
-- short-circuited as OCaml's extern does, and a bytes shared between two
-- fields reads back as a Lua string, which has no identity to share).
local mutated, reshaped = false, false
local LIMIT = 100000

local function push(v, n)
  sp, n_made = sp + 1, n_made + 1
  stack[sp], stack_size[sp] = v, n
  made[n_made], size[n_made] = v, n
end

local function pop()
  if sp == 0 then return 0, 1 end
  local v, n = stack[sp], stack_size[sp]
  stack[sp], sp = nil, sp - 1
  return v, n
end

local function block(tag, fields)
  local t, n = { tag }, 1
  for i = fields + 1, 2, -1 do
    local v, vn = pop()
    t[i], n = v, math.min(n + vn, LIMIT)
  end
  if tag == 248 or tag == 250 then reshaped = true end
  push(t, n)
end

local function custom()
  local ids = { "_i", "_j", "_n", "_x" }
  local v = pop()
  local c = { 255, v, caml_custom = ids[byte() % 5 + 1] }
  if byte() % 4 == 0 then c[2] = input.number("<i8") end
  if byte() % 8 == 0 then c[2] = input.bytes(8) end
  push(c, 1)
end

local function nest(depth, list)
  local v, n = pop()
  for i = 1, depth do
    v = list and { 0, i, v } or { 0, v }
  end
  push(v, math.min(n + depth, LIMIT))
end

local ops = {
  function() push(byte() - 128, 1) end,
  function() push(input.number("<i8"), 1) end,
  function() push(input.number("<d"), 1) end,
  function() push(input.bytes(byte() % 32), 1) end,
  function()
    local _, b = call("caml_bytes_of_string", input.bytes(byte() % 32))
    push(b, 1)
  end,
  function() block(byte(), byte() % 8) end,
  function()
    local tags = { 1.5, "0", -1, 256, true }
    local t = { tags[byte() % #tags + 1], (pop()) }
    push(t, 2)
  end,
  custom,
  function() -- a field of an earlier table: sharing, cycles, holes, odd keys
    local target = made[byte() % math.max(n_made, 1) + 1]
    if type(target) ~= "table" or getmetatable(target) then return end
    local keys = { 1, 2, 3, 4, 0, -1, 2 ^ (byte() % 17), "caml_custom", 2.5 }
    local key = keys[byte() % #keys + 1]
    local v = stack[sp]
    if byte() % 4 == 0 then v = odd(byte()) end
    rawset(target, key, v)
    mutated = true
  end,
  function()
    local k = byte() % math.max(n_made, 1) + 1
    if n_made > 0 then
      if type(made[k]) == "userdata" then reshaped = true end
      push(made[k], size[k])
    end
  end,
  function() push(odd(byte()), 1) end,
  function()
    local a = { 254 }
    for i = 2, byte() % 8 + 1 do a[i] = input.number("<d") end
    if byte() % 8 == 0 then a[#a + 1] = odd(byte()) end
    push(a, 1)
  end,
  function() push(byte() % 2 == 0 and function() end or { function() end, byte() }, 1) end,
  -- Long lists and deep nesting: the walks must not recurse. Rarely very
  -- long (every input builds its own, and a fuzzer wants many inputs).
  function() nest((byte() == 255 and byte() == 255) and 100000 or byte(), true) end,
  function() nest((byte() == 255 and byte() == 255) and 100000 or byte(), false) end,
}

for _ = 1, 64 do
  if not input.more() then break end
  ops[byte() % #ops + 1]()
end

local v, vn = pop()
local w, wn = pop()
local f = byte()
local acyclic = not mutated
local flags = 0
for bit, flag in ipairs({ 0, 1, 2, 3 }) do
  local wanted = math.floor(f / 2 ^ (bit - 1)) % 2 == 1
  -- No_sharing unrolls the value: only on a small acyclic one.
  if flag == 0 and not (acyclic and vn < LIMIT) then wanted = false end
  if wanted then flags = { 0, flag, flags } end
end

local ok, s = call("caml_output_value_to_string", v, flags)
if ok then
  local back_ok, back = call("caml_input_value_from_string", s, 0)
  if not back_ok then
    error("marshal's output does not read back: " .. tostring(back[3] or back[2]), 0)
  end
  local again_ok, again = call("caml_output_value_to_string", back, flags)
  if acyclic and not reshaped and not (again_ok and again == s) then
    error("what marshal read back marshals differently", 0)
  end
  local _, buf = call("caml_create_bytes", byte() % 64)
  call("caml_output_value_to_buffer", buf, byte() % 8, byte() % 64, v, flags)
end

-- compare walks without a cycle check (as OCaml's does): acyclic values only.
if acyclic and vn + wn < LIMIT then
  call("caml_compare", v, w)
  call("caml_compare", v, v)
  call("caml_equal", w, v)
  call("caml_lessthan", v, w)
end
call("caml_hash", 10, 100, 0, v)
call("caml_hash", byte(), byte() * 4, byte(), w)

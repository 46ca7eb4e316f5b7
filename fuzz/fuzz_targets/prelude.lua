-- Shared by the Lua-driven fuzz targets (see lua_state.rs): reads the fuzz
-- input and calls primitives, checking that whatever they raise is an
-- OCaml exception. Returns the reader the target chunk receives.
local data = ...
local native = _G.native
local pos = 0

local input = { native = native }

--- The next byte (0 once the input is used up).
function input.byte()
  pos = pos + 1
  return data:byte(pos) or 0
end

--- Whether input is left.
function input.more()
  return pos < #data
end

--- The next `n` bytes (fewer at the end).
function input.bytes(n)
  local s = data:sub(pos + 1, pos + n)
  pos = pos + n
  return s
end

--- A little-endian integer or float of the next 8 bytes (`fmt` "<i8" / "<d").
function input.number(fmt)
  local s = input.bytes(8)
  if #s < 8 then return 0 end
  return (string.unpack(fmt, s))
end

--- A 16-bit short from the input, mostly a small one: table entries are.
function input.short()
  if input.byte() < 200 then return input.byte() % 48 - 4 end
  return input.byte() * 256 + input.byte() - 32768
end

local function is_exception(e)
  if type(e) ~= "table" then return false end
  if rawget(e, 1) == 248 then return true end
  local ctor = rawget(e, 2)
  return rawget(e, 1) == 0 and type(ctor) == "table" and rawget(ctor, 1) == 248
end

--- Calls the primitive `name`; returns its success and its results or the
--- OCaml exception it raised. Anything else it raises is a bug: the chunk
--- fails with it.
function input.call(name, ...)
  local results = table.pack(pcall(native[name], ...))
  local ok, r = results[1], results[2]
  if ok then return true, table.unpack(results, 2, results.n) end
  if not is_exception(r) then
    error(name .. " raised a value that is not an OCaml exception: " .. tostring(r), 0)
  end
  local arg = rawget(r, 3)
  if type(arg) == "string" and arg:find("internal error", 1, true) then
    error(name .. " reported an internal error (a Rust panic): " .. arg, 0)
  end
  return false, r
end

-- Tables whose metamethods fail: primitives read raw, so they never run.
local function trap() error("a primitive ran a metamethod", 0) end
local trap_mt = { __index = trap, __newindex = trap, __len = trap, __eq = trap, __lt = trap, __le = trap,
                  __call = trap, __concat = trap, __tostring = trap, __pairs = trap }

--- A value of the kind `k` (0..15) that no OCaml value is, or an odd one.
function input.odd(k)
  local odd = {
    true, false, print, coroutine.create(print), setmetatable({}, trap_mt),
    setmetatable({ 0, 1 }, trap_mt), 2.0 ^ 63, math.mininteger, math.maxinteger, 0 / 0, -0.0, 1 / 0,
    "", {}, { "x" },
  }
  return odd[k % (#odd + 1) + 1] -- one kind in 16 is nil
end

return input

-- Where a compiled program spends its Lua time on ocamlrt: a sampling
-- profiler over the VM (a count hook every N instructions), for
-- docs/benchmarks.md. Time inside native primitives executes no Lua
-- instruction, so it is charged to nothing here: `perf record -g` sees it.
--
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua54/?.so;;' \
--     lua5.4 bench/profile.lua PROG.lua ARGS...
--
-- Prints the program's output, then on stderr the share of samples in
-- ocamlrt's own Lua code, the functions that were running at the most
-- samples (self) and, with PROFILE_CALLS=1, the
-- `caml_*` globals the program's code read most through its environment
-- (counting them slows the program down about twice).

local ocamlrt = require("ocamlrt")

local every = tonumber(os.getenv("PROFILE_EVERY") or "") or 1000
local path = assert(arg[1], "usage: lua5.4 bench/profile.lua PROG.lua ARGS...")
local args = {}
for i = 2, #arg do args[#args + 1] = arg[i] end

-- Whether a function is ocamlrt's own Lua code (a shim, installed or not,
-- or a chunk a shim made) rather than the program's.
local function is_runtime(source)
  return source:match("ocamlrt/[%w_]+%.lua$") ~= nil or source:match("^=ocamlrt/") ~= nil
end

local samples, total, runtime = {}, 0, 0
local function hook()
  local info = debug.getinfo(2, "Sn")
  if not info then return end
  local key = string.format("%s:%d %s", info.short_src, info.linedefined, info.name or "?")
  samples[key] = (samples[key] or 0) + 1
  total = total + 1
  if is_runtime(info.source) then runtime = runtime + 1 end
end

-- Counts the program's reads of `caml_*` globals (its calls of primitives
-- and of its own fragments).
local calls = {}
local chunk, env = assert(ocamlrt.compiled.loadfile(path))
if os.getenv("PROFILE_CALLS") == "1" then
  local mt = getmetatable(env)
  local read = mt.__index
  mt.__index = function(t, k)
    if type(k) == "string" and k:sub(1, 5) == "caml_" then calls[k] = (calls[k] or 0) + 1 end
    if type(read) == "function" then return read(t, k) end
    return read[k]
  end
end

local argv = { path }
for i = 1, #args do argv[i + 1] = args[i] end
ocamlrt.sys.set_argv(argv)
local exit = os.exit
local exited = {}
os.exit = function(code) exited.code = code; error(exited, 0) end -- luacheck: ignore 122
local clock = os.clock()
debug.sethook(hook, "", every)
local ok, e = pcall(chunk)
debug.sethook()
local seconds = os.clock() - clock
os.exit = exit -- luacheck: ignore 122
ocamlrt.sys.flush_all()
if not ok and e ~= exited then io.stderr:write("profile: the program failed: ", tostring(e), "\n") end

local function top(counts, n)
  local list = {}
  for k, v in pairs(counts) do list[#list + 1] = { k, v } end
  table.sort(list, function(a, b) return a[2] > b[2] end)
  local out = {}
  for i = 1, math.min(n, #list) do out[i] = list[i] end
  return out
end

io.stderr:write(string.format("\nprofile: %.2f s of CPU, %d samples of %d instructions\n", seconds, total, every))
io.stderr:write(string.format("ocamlrt's Lua code: %.1f%% of the samples\n", 100 * runtime / math.max(total, 1)))
io.stderr:write("self samples (function defined at file:line):\n")
for _, kv in ipairs(top(samples, 25)) do
  io.stderr:write(string.format("  %5.1f%%  %s\n", 100 * kv[2] / math.max(total, 1), kv[1]))
end
if next(calls) then io.stderr:write("caml_* globals read by the program (calls):\n") end
for _, kv in ipairs(top(calls, 25)) do
  local where = ocamlrt.primitives[kv[1]] and "ocamlrt" or "fragment"
  io.stderr:write(string.format("  %10d  %s (%s)\n", kv[2], kv[1], where))
end
exit(exited.code or (ok and 0 or 2))

-- `luarocks test`: the busted suite (spec/) under the interpreter LuaRocks
-- targets, against ocamlrt built for it. LuaRocks runs this script with that
-- interpreter; its arguments go to busted (default: the whole spec/ folder).
-- Busted comes from the system (Debian's lua-busted) or a rock: LuaRocks
-- cannot fetch it offline, so the rockspec names no test dependency.

local RUN_BUSTED = "--run-busted"

if arg[1] == RUN_BUSTED then
  -- Second stage, with LUA_PATH/LUA_CPATH set: busted itself.
  table.remove(arg, 1)
  local ok, runner = pcall(require, "busted.runner")
  if not ok then
    io.stderr:write("luarocks test: busted is not installed for this Lua (apt-get install lua-busted,",
      " or luarocks install busted)\n")
    os.exit(1)
  end
  runner({ standalone = false })
  return
end

local function quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function run(cmd)
  local ok, how, code = os.execute(cmd)
  return ok == true or ok == 0 or (how == "exit" and code == 0)
end

-- The interpreter running this script, and the build that goes with it.
local lua = arg[-1]
local build = jit and "luajit" or (_VERSION == "Lua 5.4" and "lua54" or "lua51")
if build == "lua51" and _VERSION ~= "Lua 5.1" then
  io.stderr:write("luarocks test: ocamlrt builds for Lua 5.4, LuaJIT and Lua 5.1, not " .. _VERSION .. "\n")
  os.exit(1)
end

if not run("make --no-print-directory build/" .. build .. "/ocamlrt.so oracles") then os.exit(1) end

local args = {}
for i = 1, #arg do args[i] = quote(arg[i]) end
if #args == 0 then args[1] = "spec" end
print("luarocks test: busted under " .. lua .. " against build/" .. build .. "/ocamlrt.so")
io.stdout:flush()
local cmd = string.format("LUA_PATH=%s LUA_CPATH=%s OCAMLRT_BUILD=%s %s scripts/luarocks-test.lua %s %s",
  quote("lua/?.lua;lua/?/init.lua;spec/?.lua;;"), quote("build/" .. build .. "/?.so;;"), build, quote(lua),
  RUN_BUSTED, table.concat(args, " "))
os.exit(run(cmd) and 0 or 1)

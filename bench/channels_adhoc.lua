-- Ad-hoc channel timing (not a test): reads FILE line by line and writes
-- 100 MiB in 80-byte strings to OUT, five times each, and prints the best
-- CPU times. The helper building `make bench` compares these with native
-- OCaml; the numbers in the channels report came from this script.
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua54/?.so;;' \
--     lua5.4 bench/channels_adhoc.lua FILE OUT
local chio = require("ocamlrt").io

local file, out = arg[1], arg[2]
assert(file and out, "usage: channels_adhoc.lua FILE OUT")
local lines = 0
chio.with_open_in(file, function(ic)
  for _ in chio.lines(ic) do lines = lines + 1 end
end)

local best_read, best_write = math.huge, math.huge
for _ = 1, 5 do
  local t0 = os.clock()
  local ic = chio.open_in(file)
  local input_line = chio.input_line
  for _ = 1, lines do input_line(ic) end
  chio.close_in(ic)
  best_read = math.min(best_read, os.clock() - t0)

  os.remove(out)
  t0 = os.clock()
  local oc = chio.open_out(out)
  local s = string.rep("x", 79) .. "\n"
  local output_string = chio.output_string
  for _ = 1, 1310720 do output_string(oc, s) end
  chio.close_out(oc)
  best_write = math.min(best_write, os.clock() - t0)
end
print(string.format("%d lines: read %.3f s, write 100 MiB %.3f s", lines, best_read, best_write))

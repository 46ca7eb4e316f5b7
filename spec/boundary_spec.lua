-- The boundary between Lua and the native primitives (src/state.rs): a Lua
-- error raised inside a primitive (memory, stack, a metamethod) becomes
-- OCaml's exception, never an abort (LuaJIT) or a leak (5.x); allocations
-- that input sizes are bounded and fallible. Each case runs in a child
-- process of the interpreter under test, under `ulimit -v` and `timeout`,
-- so that a crash fails the case instead of the run.

local helper = require("support.helper")

local interpreter = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]
local jit = helper.interpreter == "luajit"
local quote = helper.quote

-- Child Lua code: `try(f, ...)` is the OCaml exception `f` raised, as
-- Printexc prints it, "ok", or the Lua error it raised instead.
local prelude = [[
local o = require("ocamlrt")
local native, exn, chio = require("ocamlrt.core").native, o.exn, o.io
local function try(f, ...)
  local ok, e = pcall(f, ...)
  if ok then return "ok" end
  if exn.constructor_of(e) then return exn.to_string(e) end
  return "Lua error: " .. tostring(e)
end
-- A number as OCaml 5's compressed headers write it.
local function vlq(n)
  local digits = { string.char(n % 128) }
  n = math.floor(n / 128)
  while n > 0 do table.insert(digits, 1, string.char(128 + n % 128)) n = math.floor(n / 128) end
  return table.concat(digits)
end
]]

describe("the native boundary", function()
  local dir
  setup(function() dir = helper.tmpdir() end)
  teardown(function() helper.rmtree(dir) end)

  -- Runs `code` in a child interpreter with at most `kb` KiB of address
  -- space; returns its output (stderr included) and whether it exited 0.
  local function child(code, kb)
    local script = dir .. "/child.lua"
    helper.write_file(script, prelude .. code)
    return helper.run("ulimit -v " .. (kb or 8000000) .. "; timeout 300 " .. interpreter .. " " .. quote(script))
  end

  local function expect(wanted, code, kb)
    local out, ok = child(code, kb)
    assert.are.equal(wanted, out)
    assert.is_true(ok)
  end

  it("turns a stack exhausted by deep Lua recursion into Stack_overflow in compare, hash and marshal", function()
    -- Recurse to just below the deepest call Lua allows, then call each
    -- primitive there: each gives its result or Stack_overflow.
    local out, ok = child([[
      -- 40 deep along the first field, so that compare keeps 40 pairs.
      local function nested() local v = 0 for _ = 1, 40 do v = { 0, v, 1 } end return v end
      local v, w = nested(), nested()
      local prims = {
        compare = function() return native.caml_compare(v, w) end,
        hash = function() return native.caml_hash(10, 100, 0, v) end,
        marshal = function() return native.caml_output_value_to_string(v, 0) end,
      }
      local function at_depth(n, f) if n == 0 then return f() end return (at_depth(n - 1, f)) end
      local function fine(n) return (pcall(at_depth, n, function() return 0 end)) end
      local lo, hi = 1, 2
      while fine(hi) do lo, hi = hi, hi * 2 end
      while hi - lo > 1 do
        local mid = math.floor((lo + hi) / 2)
        if fine(mid) then lo = mid else hi = mid end
      end
      local seen = { compare = {}, hash = {}, marshal = {} }
      for d = lo, math.max(1, lo - 1500), -25 do
        pcall(at_depth, d, function()
          for name, f in pairs(prims) do seen[name][try(f)] = true end
        end)
      end
      for _, name in ipairs({ "compare", "hash", "marshal" }) do
        local outcomes = {}
        for k in pairs(seen[name]) do outcomes[#outcomes + 1] = k end
        table.sort(outcomes)
        print(name, table.concat(outcomes, ", "))
      end
    ]], 4000000)
    assert.is_true(ok, out)
    -- Lua itself may overflow calling the primitive, before it runs.
    for name, outcomes in out:gmatch("(%a+)\t([^\n]*)") do
      for outcome in outcomes:gmatch("[^,]+") do
        outcome = outcome:gsub("^ ", "")
        local fine = outcome == "ok" or outcome == "Stack overflow"
          or (outcome:match("^Lua error: ") and outcome:match("stack overflow"))
        assert.is_true(fine and true, name .. ": " .. outcome)
      end
    end
    -- 5.4 and LuaJIT bound the whole stack, 5.1 only the calls.
    if helper.interpreter ~= "lua51" then
      assert.matches("compare\t[^\n]*Stack overflow", out)
      assert.matches("marshal\t[^\n]*Stack overflow", out)
    end
  end)

  it("survives Set.remove on a 100,000-deep malformed tree (compare at the bottom)", function()
    local out, ok = child([[
      local S = o.set.make()
      local t = 0
      for i = 100000, 1, -1 do t = { 0, t, { 0, i, 0 }, 0, 1 } end
      print(try(S.remove, { 0, 0, 0 }, t) ~= nil and "survived")
    ]], 4000000)
    assert.is_true(ok, out)
    assert.are.equal("survived\n", out)
  end)

  describe("on a value too large for the interpreter or its memory", function()
    local big
    setup(function()
      big = dir .. "/big-array.bin"
      helper.oracle("boundary", "big-array", big)
    end)

    it("raises Out_of_memory reading OCaml's Array.make 134217729 0", function()
      expect("Out of memory\n", [[
        local f = assert(io.open("]] .. big .. [[", "rb"))
        local s = f:read("*a") f:close()
        print(try(native.caml_input_value_from_string, s, 0))
      ]], 1500000)
    end)

    it("raises Out_of_memory reading it from OCaml 5's 4 KB compressed form", function()
      local z = dir .. "/big-array.zst"
      assert(os.execute("tail -c +21 " .. quote(big) .. " | zstd -q -c > " .. quote(z)) ~= false)
      expect("Out of memory\n", [[
        local function read(p) local f = assert(io.open(p, "rb")) local s = f:read("*a") f:close() return s end
        local plain, z = read("]] .. big .. [["), read("]] .. z .. [[")
        assert(#z < 8192, "compressed to " .. #z)
        local function be32(at) local a, b, c, d = plain:byte(at, at + 3) return ((a * 256 + b) * 256 + c) * 256 + d end
        local fields = vlq(#z) .. vlq(be32(5)) .. vlq(be32(9)) .. vlq(be32(13)) .. vlq(be32(17))
        local input = "\132\149\166\189" .. string.char(5 + #fields) .. fields .. z
        print(try(native.caml_input_value_from_string, input, 0))
      ]], 1500000)
    end)
  end)

  it("raises Out_of_memory for bytes and buffers memory cannot hold", function()
    expect("Out of memory\nOut of memory\n", [[
      print(try(o.bytes.create, 0x7fff0000))
      print(try(o.buffer.create, 2 ^ 53))
    ]], 1000000)
    -- No memory limit: the allocation itself fails (LuaJIT's bytes stop
    -- below 2 GiB, as OCaml's on 32 bits).
    local wanted = jit and 'Invalid_argument("Bytes.create")\nInvalid_argument("Buffer.add_channel")\n'
      or "Out of memory\nOut of memory\n"
    expect(wanted, [[
      print(try(o.bytes.create, 2 ^ 50))
      print(try(o.buffer.add_channel, o.buffer.create(16), chio.open_in_string("abc"), 2 ^ 40))
    ]])
  end)

  it("survives running out of memory while making short results (pushed by the guard, unprotected)", function()
    -- Each primitive fills memory with results of about 1 KiB (the longest
    -- its guard pushes) in a table sized beforehand, so that its own
    -- allocation is the one that fails: the interpreter's memory error (or
    -- Out_of_memory on a protected path), never a crash. With the memory
    -- freed, the same call works again.
    -- The call making result i, and what result 7 holds as a string.
    local calls = {
      concat = { "native.caml_string_concat(pool[i % 512 + 1], pool[math.floor(i / 512) % 512 + 1])",
                 "pool[8] .. pool[1]" },
      bytes_of_string = { "native.caml_bytes_of_string(pool[1] .. pool[2])", "pool[1] .. pool[2]" },
      create_bytes = { "native.caml_create_bytes(1000)", 'string.rep("\\0", 1000)' },
    }
    for name, call in pairs(calls) do
      local out, ok = child([[
        -- 512 strings of 500 random bytes: 5.1 hashes every 32nd byte of
        -- a long string, so results that differ only at one end would all
        -- collide in its string table.
        local pool = {}
        for k = 1, 512 do
          local bytes = {}
          for j = 1, 500 do bytes[j] = string.char(math.random(0, 255)) end
          pool[k] = table.concat(bytes)
        end
        local function make(i) return ]] .. call[1] .. [[ end
        local function remade() assert(native.caml_string_of_bytes(make(7)) == ]] .. call[2] .. [[, "wrong") end
        local kept = {}
        for k = 1, 400000 do kept[k] = false end
        local inside, i = false, 0
        local filled, e = pcall(function()
          while true do i = i + 1 inside = true kept[i] = make(i) inside = false end
        end)
        kept = nil
        collectgarbage() collectgarbage()
        local memory = not filled and (exn.constructor_of(e) and exn.to_string(e) == "Out of memory"
          or tostring(e):match("not enough memory"))
        print(memory and "memory error" or tostring(e), inside and "in the primitive" or "elsewhere",
          try(remade))
      ]], 200000)
      assert.is_true(ok, name .. ": " .. out)
      assert.are.equal("memory error\tin the primitive\tok\n", out, name)
    end
  end)

  it("passes on a finaliser's error raised while a guard pushes a short result (5.1 and LuaJIT)", function()
    -- 5.4 turns a finaliser's error into a warning; 5.1 and LuaJIT raise it
    -- from the allocation that ran the collector. Only the primitives
    -- allocate while the finalisers are armed (LuaJIT's compiler, which
    -- allocates too, is off).
    if helper.interpreter == "lua54" then return end
    expect("true\ttrue\n", [[
      if jit then jit.off() end
      local armed, fired, made = false, 0, 0
      local function failing() if armed then error("finaliser fails") end end
      -- Results and errors go to slots made beforehand.
      local keys, got, errors = {}, {}, {}
      for i = 1, 3000 do keys[i], got[i], errors[2 * i - 1], errors[2 * i] = "k" .. i, false, false, false end
      for _ = 1, 200 do
        for _ = 1, 100 do getmetatable(newproxy(true)).__gc = failing end
        armed = true
        for i = 1, 3000 do
          local ok, r = pcall(native.caml_string_concat, "k", keys[i])
          if ok then got[i] = r else got[i], errors[2 * i - 1] = false, r end
          ok, r = pcall(native.caml_create_bytes, 10)
          if not ok then errors[2 * i] = r end
        end
        armed = false
        for i = 1, 3000 do if got[i] then assert(got[i] == "kk" .. i); made = made + 1 end end
        for k = 1, 6000 do
          if errors[k] then
            assert(tostring(errors[k]):match("finaliser fails"), tostring(errors[k]))
            fired, errors[k] = fired + 1, false
          end
        end
      end
      print(made > 0, fired > 0)
    ]])
  end)

  it("reads and writes the exception table raw, whatever metamethods it has", function()
    expect('ok\nInvalid_argument("Bytes.create")\nNot_found\n', [[
      local boom = function() error("boom") end
      setmetatable(native._exceptions(), { __index = boom, __newindex = boom })
      print(try(native._constructor, "Made_at_run_time"))
      print(try(o.bytes.create, -1))
      print(try(native.caml_sys_getenv, "OCAMLRT_NO_SUCH_VARIABLE_EVER"))
    ]])
  end)

  it("frees a marshal output that cannot be returned, and the next one works", function()
    local mb = jit and 120 or 300
    expect("ok\nOut of memory\nOut of memory\nOut of memory\nok\n", [[
      local s = string.rep("x", ]] .. mb .. [[ * 2 ^ 20)
      local v = { 0, s, s }
      -- As much again as the output would be: fits while nothing leaks.
      local function probe()
        collectgarbage() collectgarbage()
        print(try(o.bytes.create, ]] .. 2 * mb .. [[ * 2 ^ 20))
        collectgarbage() collectgarbage()
      end
      probe()
      for _ = 1, 3 do print(try(native.caml_output_value_to_string, v, 0)) end
      probe()
    ]], 4 * mb * 1024)
  end)

  it("sizes a float array by its fields, not by its border (2^40 on 5.4)", function()
    expect('Invalid_argument("caml_output_value_to_string: float array field 4 is not a number")\n', [[
      -- Integer keys that `#` probes as it doubles (5.1 and LuaJIT stop
      -- doubling at 2^31), the smallest last so that no rehash moves them
      -- into the array part.
      local t = { 254, 1.5, 1.5, 1.5 }
      local keys, big = {}, _VERSION == "Lua 5.4"
      if big then for k = 40, 3, -1 do keys[#keys + 1] = 2 ^ k end end
      for k = big and 38 or 27, 0, -1 do keys[#keys + 1] = 5 * 2 ^ k end
      table.sort(keys, function(a, b) return a > b end)
      for _, k in ipairs(keys) do t[k] = 1.5 end
      assert(#t >= (big and 2 ^ 40 or 2 ^ 29), "border " .. #t)
      print(try(native.caml_output_value_to_string, t, 0))
    ]], 1000000)
  end)

  describe("bounds what input makes Marshal allocate", function()
    it("stops a stream whose header claims 2^40 bytes and keeps delivering", function()
      expect("Out of memory\n1073741824\n", [[
        -- OCaml's 64-bit header: 2^40 bytes of data, 1 object, 1 word.
        local one = "\0\0\0\0\0\0\0\1"
        local header = "\132\149\166\191\0\0\0\0" .. "\0\0\1\0\0\0\0\0" .. one .. one
        local sent = false
        local ic = chio.open_in_custom({
          read = function(n)
            if not sent then sent = true return header end
            return string.rep("\0", n)
          end,
        })
        local before = o.marshal.limit(2 ^ 24)
        print(try(o.marshal.from_channel, ic))
        o.marshal.limit(before)
        print(o.marshal.limit())
      ]], 1000000)
    end)

    it("raises Out_of_memory for a cyclic list written with No_sharing, as OCaml does", function()
      local out = helper.run("ulimit -v 100000; timeout 300 build/oracle/boundary cyclic")
      assert.are.equal("Out of memory\n", out)
      expect("Out of memory\n", [[
        local l = { 0, 1, 0 }
        l[3] = l
        o.marshal.limit(2 ^ 20)
        print(try(o.marshal.to_string, l, { "No_sharing" }))
      ]], 1000000)
    end)

    it("refuses a zstd bomb by its declared size and by what it inflates to", function()
      local zeros = dir .. "/zeros.zst"
      assert(os.execute("head -c 4194304 /dev/zero | zstd -q -c > " .. quote(zeros)) ~= false)
      expect('Out of memory\nOut of memory\nFailure("input_val_from_string: decompression error")\nok\n', [[
        local f = assert(io.open("]] .. zeros .. [[", "rb")) local z = f:read("*a") f:close()
        local function claiming(len)
          local fields = vlq(#z) .. vlq(len) .. vlq(1) .. vlq(0) .. vlq(0)
          return "\132\149\166\189" .. string.char(5 + #fields) .. fields .. z
        end
        print(try(o.marshal.from_string, claiming(6 * 2 ^ 30)))
        o.marshal.limit(2 ^ 20)
        print(try(o.marshal.from_string, claiming(4194304)))
        o.marshal.limit(2 ^ 30)
        print(try(o.marshal.from_string, claiming(1000)))
        print(try(o.marshal.from_string, o.marshal.to_string(string.rep("a", 3 * 2 ^ 20), { "Compression" })))
      ]], 1000000)
    end)
  end)

  it("lets the collector see channel buffers: opening and closing channels stays small", function()
    expect("small\n", [[
      for _ = 1, 20000 do
        local oc = chio.open_out_buffer()
        chio.output_string(oc, "hello")
        chio.close_out(oc)
        chio.close_in(chio.open_in_string("hello"))
      end
      local statm = assert(io.open("/proc/self/statm"))
      local line = statm:read("*l")
      statm:close()
      local resident = tonumber(line:match("^%d+ (%d+)")) * 4096
      print(resident < 300 * 2 ^ 20 and "small" or ("RSS " .. resident))
    ]], 3000000)
  end)

  it("keeps every native metatable out of Lua's reach", function()
    expect("ocamlrt.channel\nocamlrt.bytes\nocamlrt.exception\nLua error\nok\n", [[
      local oc = native.caml_ml_open_descriptor_out(1)
      print(getmetatable(oc))
      print(getmetatable(o.bytes.create(1)))
      print(getmetatable(select(2, pcall(o.bytes.create, -1))))
      local ok = pcall(function() getmetatable(oc).__gc = nil end)
      print(ok and "changed" or "Lua error")
      -- The exit flush reads only channels Lua still holds.
      oc = nil
      collectgarbage() collectgarbage()
      print("ok")
    ]])
  end)

  it("loses output at exit as OCaml 4.13 does, and reports it when a flush fails in the program", function()
    -- Native OCaml on a stdout that is /dev/full: what only the exit flush
    -- writes is lost without a word (exit 0); a buffer that fills while
    -- the program runs raises Sys_error (exit 2, "Fatal error: ...").
    local script, err = dir .. "/full.lua", dir .. "/stderr.txt"
    -- stderr and whether the command exited 0 (popen cannot tell on 5.1).
    local function run(cmd)
      local a, b, c = os.execute(cmd .. " > /dev/full 2> " .. quote(err))
      local ok = a == 0 or (a == true and b == "exit" and c == 0)
      return helper.read_file(err), ok
    end
    for _, n in ipairs({ 6, 100000 }) do
      local theirs, theirs_ok = run("build/oracle/boundary print " .. n)
      helper.write_file(script, prelude .. "chio.print_string(string.rep('x', " .. n .. "))")
      local ours, ours_ok = run(interpreter .. " " .. quote(script))
      assert.are.equal(theirs_ok, ours_ok, n)
      if theirs_ok then
        assert.are.equal("", theirs)
        assert.are.equal("", ours)
      else
        assert.are.equal('Fatal error: exception Sys_error("No space left on device")\n', theirs)
        -- lua5.1's own handler prints no table error value.
        local shown = helper.interpreter == "lua51" and "error object is not a string"
          or 'Sys_error%("No space left on device"%)'
        assert.matches(shown, ours)
      end
    end
  end)
end)

-- No output lost at the end of a program, and pipes as OCaml sees them: each
-- scenario runs as a child process of the interpreter under test and as the
-- OCaml program spec/oracle/channels_exit.ml; the bytes they write (stdout
-- and stderr into one file) and their exit status must be the same.

local helper = require("support.helper")

local interpreter = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]

local quote = helper.quote
local write_file = helper.write_file
local read_file = helper.read_file

-- Runs `cmd` through the shell; returns its exit status.
local function status(cmd)
  local a, b, c = os.execute(cmd)
  if type(a) == "number" then return a >= 256 and a / 256 or a end -- 5.1 / LuaJIT without compat
  if b == "exit" then return c end
  return -1
end

-- Child Lua code, run with the build under test.
local prelude = "local o = require('ocamlrt') local chio = o.io "

local scenarios = {
  interleave = "chio.print_string('a') chio.prerr_string('b') chio.print_string('c')",
  exit = "chio.print_string('a') chio.prerr_string('b') chio.print_string('c') os.exit(3)",
  file = "local oc = chio.open_out(arg[1]) chio.output_string(oc, 'never flushed by the program')",
  errors = [[
    local function show(f)
      local ok, e = pcall(f)
      if not ok then chio.print_string(o.exn.to_string(e)) chio.print_newline() end
    end
    local p = function(fmt, ...) chio.print_string(string.format(fmt, ...)) end
    show(function() chio.open_in("missing.txt") end)
    show(function() chio.open_out("no/such/dir.txt") end)
    show(function() chio.input_char(chio.open_in(".")) end)
    local oc = chio.open_out("w.txt")
    chio.output_string(oc, "data") chio.close_out(oc)
    show(function() chio.open_out_gen({ "wronly", "creat", "excl" }, 420, "w.txt") end)
    show(function() chio.input_char(chio.open_in_gen({ "Open_wronly" }, 0, "w.txt")) end)
    show(function()
      local c = chio.open_out_gen({ "rdonly" }, 0, "w.txt")
      chio.output_string(c, "x") chio.flush(c)
    end)
    local ic = chio.open_in("w.txt")
    chio.close_in(ic) chio.close_in(ic)
    show(function() chio.input_line(ic) end)
    show(function() chio.in_channel_length(ic) end)
    show(function() p("pos %d\n", chio.pos_in(ic)) end)
    oc = chio.open_out("v.txt")
    chio.output_string(oc, "abc") chio.close_out(oc)
    show(function() chio.output_string(oc, "") end)
    show(function() chio.print_endline("empty output to a closed channel is fine") end)
    show(function() chio.output_string(oc, "x") end)
    show(function() chio.flush(oc) chio.print_endline("flush of a closed channel is fine") end)
    show(function() p("pos %d\n", chio.pos_out(oc)) end)
    ic = chio.open_in("v.txt")
    show(function() chio.really_input_string(ic, 5) end)
    show(function() p("pos %d\n", chio.pos_in(ic)) end)
    chio.seek_in(ic, 1)
    show(function() p("%d\n", chio.input_binary_int(ic)) end)
    show(function() chio.input(ic, o.bytes.create(3), 2, 2) end)
  ]],
  nonblock = [[
    local function show(f)
      local ok, e = pcall(f)
      if not ok then chio.print_string(o.exn.to_string(e)) chio.print_newline() end
    end
    os.execute("mkfifo -m 600 p")
    local ic = chio.open_in_gen({ "rdonly", "nonblock" }, 0, "p")
    local oc = chio.open_out_gen({ "wronly" }, 0, "p")
    show(function() chio.input_char(ic) end)
    chio.output_string(oc, "x\n") chio.flush(oc)
    show(function() chio.print_endline(chio.input_line(ic)) end)
    show(function() chio.input_line(ic) end)
    chio.close_out(oc)
    show(function() chio.input_line(ic) end)
  ]],
  pipe = [[
    local function show(f)
      local ok, e = pcall(f)
      if not ok then chio.print_string(o.exn.to_string(e)) chio.print_newline() end
    end
    local p = function(fmt, ...) chio.print_string(string.format(fmt, ...)) end
    p("pos %d\n", chio.pos_in(chio.stdin))
    show(function() p("length %d\n", chio.in_channel_length(chio.stdin)) end)
    p("line %s\n", chio.input_line(chio.stdin))
    p("pos %d\n", chio.pos_in(chio.stdin))
    show(function() chio.seek_in(chio.stdin, 0) end)
    p("line %s\n", chio.input_line(chio.stdin))
    show(function() chio.input_line(chio.stdin) end)
    show(function() chio.input_char(chio.stdin) end)
    p("pos %d\n", chio.pos_in(chio.stdin))
    show(function() p("out %d\n", chio.pos_out(chio.stdout)) end)
  ]],
}

describe("channels at program end (child processes, against OCaml)", function()
  local dir

  setup(function() dir = helper.tmpdir() end)
  teardown(function() helper.rmtree(dir) end)

  -- Children run in their own directories: make the search paths absolute.
  local pwd = io.popen("pwd")
  local root = pwd:read("*l")
  pwd:close()
  local function absolute(paths)
    return (paths:gsub("[^;]+", function(t)
      if t:sub(1, 1) == "/" then return t end
      return root .. "/" .. t:gsub("^%./", "")
    end))
  end
  local env = "LUA_PATH=" .. quote(absolute(package.path)) .. " LUA_CPATH=" .. quote(absolute(package.cpath)) .. " "

  -- The shell command running `code` as a script under the tested build.
  local function lua_command(name, code)
    local script = dir .. "/" .. name .. ".script.lua"
    write_file(script, prelude .. code)
    return env .. interpreter .. " " .. quote(script)
  end

  -- Runs a scenario both ways; `input` is piped to stdin, output goes
  -- through a pipe too (so that OCaml and ocamlrt see a pipe, not a file).
  local function both(name)
    local results = {}
    for _, side in ipairs({ "ocaml", "lua" }) do
      local out, file = dir .. "/" .. name .. "." .. side, dir .. "/" .. name .. ".file." .. side
      local cmd
      if side == "ocaml" then
        cmd = root .. "/build/oracle/channels_exit " .. name .. " " .. quote(file)
      else
        cmd = lua_command(name, scenarios[name]) .. " " .. quote(file)
      end
      local rc_file = out .. ".status"
      local workdir = dir .. "/" .. name .. ".cwd." .. side
      os.execute("mkdir " .. quote(workdir))
      cmd = "(cd " .. quote(workdir) .. " && " .. cmd .. ")"
      status("(printf 'abc\\ndef' | " .. cmd .. " 2>&1; echo $? > " .. quote(rc_file) .. ") | cat > " .. quote(out))
      results[side] = { output = read_file(out), file = read_file(file), status = read_file(rc_file) }
    end
    return results.ocaml, results.lua
  end

  for _, name in ipairs({ "interleave", "file", "pipe", "errors", "nonblock" }) do
    it(name .. ": same output and files as OCaml", function()
      local ocaml, lua = both(name)
      assert.are.equal(ocaml.output, lua.output)
      assert.are.equal(ocaml.file, lua.file)
      assert.are.equal(ocaml.status, lua.status)
    end)
  end

  it("os.exit(n) without closing the state flushes, as OCaml's exit", function()
    local ocaml, lua = both("exit")
    assert.are.equal("acb", ocaml.output)
    assert.are.equal("3\n", ocaml.status)
    assert.are.equal(ocaml.output, lua.output)
    assert.are.equal(ocaml.status, lua.status)
  end)

  it("os.exit(true, true) closing the state flushes too (5.4, LuaJIT)", function()
    if helper.interpreter == "lua51" then return end -- 5.1's os.exit has no close argument
    local out = dir .. "/close.out"
    local code = "local oc = chio.open_out(arg[1]) chio.output_string(oc, 'x') chio.print_string('y') "
      .. "os.exit(true, true)"
    local rc = status(lua_command("close", code) .. " " .. quote(out .. ".file") .. " > " .. quote(out))
    assert.are.equal(0, rc)
    assert.are.equal("y", read_file(out))
    assert.are.equal("x", read_file(out .. ".file"))
  end)

  -- Custom backends are flushed by the state's close only (not at exit(3)):
  -- their bytes arriving proves that the close flush ran.
  local custom = "local f = assert(io.open(arg[1], 'wb')) f:setvbuf('no') "
    .. "local oc = chio.open_out_custom({ write = function(s) f:write(s) end }) chio.output_string(oc, 'via close') "

  it("a script ending closes the state, which flushes every channel", function()
    local out = dir .. "/end.file"
    assert.are.equal(0, status(lua_command("end", custom) .. " " .. quote(out)))
    assert.are.equal("via close", read_file(out))
  end)

  it("os.exit(true, true) closes the state, which flushes every channel (5.4, LuaJIT)", function()
    if helper.interpreter == "lua51" then return end -- 5.1's os.exit has no close argument
    local out = dir .. "/exitclose.file"
    assert.are.equal(0, status(lua_command("exitclose", custom .. "os.exit(true, true)") .. " " .. quote(out)))
    assert.are.equal("via close", read_file(out))
  end)

  it("the exit status is kept", function()
    local out = dir .. "/status.out"
    local rc = status(lua_command("status", "chio.print_string('z') os.exit(7)") .. " > " .. quote(out))
    assert.are.equal(7, rc)
    assert.are.equal("z", read_file(out))
  end)
end)

describe("channels and the garbage collector", function()
  local chio = require("ocamlrt").io

  it("a collected output channel is flushed and its file closed", function()
    local dir = helper.tmpdir()
    local path = dir .. "/gc.txt"
    do
      local oc = chio.open_out(path)
      chio.output_string(oc, "flushed by __gc")
    end
    collectgarbage()
    collectgarbage()
    assert.are.equal("flushed by __gc", read_file(path))
    helper.rmtree(dir)
  end)

  it("an unbuffered channel writes at once", function()
    local dir = helper.tmpdir()
    local path = dir .. "/unbuffered.txt"
    local oc = chio.open_out(path)
    chio.set_buffered(oc, false)
    assert.is_false(chio.is_buffered(oc))
    chio.output_string(oc, "now")
    assert.are.equal("now", read_file(path))
    chio.output_char(oc, "!")
    assert.are.equal("now!", read_file(path))
    chio.close_out(oc)
    helper.rmtree(dir)
  end)
end)

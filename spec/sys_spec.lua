-- Sys against OCaml 4.13: the same operations, error paths included, run
-- by spec/oracle/sys_ops.ml and by ocamlrt in fresh temporary directories,
-- with identical results and messages.

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local sys = ocamlrt.sys
local exn = ocamlrt.exn
local prims = ocamlrt.primitives

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- OCaml's String.escaped, as the oracle prints results.
local function escaped(s)
  local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r", ["\b"] = "\\b" }
  return (s:gsub('[%c"\\\128-\255]', function(c) return named[c] or string.format("\\%03d", c:byte()) end))
end

-- Every operation, error paths included; "$D" is the test directory.
local OPS = {
  { "write", "$D/f", "hello" },
  { "file_exists", "$D/f" }, { "file_exists", "$D" }, { "file_exists", "$D/missing" },
  { "file_exists", "$D/f\0x" }, { "file_exists", "" },
  { "is_directory", "$D" }, { "is_directory", "$D/f" }, { "is_directory", "$D/missing" },
  { "is_directory", "$D\0" }, { "is_directory", "" },
  { "is_regular_file", "$D/f" }, { "is_regular_file", "$D" }, { "is_regular_file", "$D/missing" },
  { "is_regular_file", "a\0" }, { "is_regular_file", "$D/f/x" },
  { "mkdir", "$D/sub", "448" }, { "perm", "$D/sub" }, { "mkdir", "$D/sub", "448" },
  { "mkdir", "$D/no/sub", "511" }, { "mkdir", "x\0", "511" }, { "mkdir", "$D/f/sub", "511" },
  { "write", "$D/sub/inner", "x" }, { "write", "$D/sub/other", "" },
  { "readdir", "$D" }, { "readdir", "$D/sub" }, { "readdir", "$D/missing" }, { "readdir", "$D/f" },
  { "readdir", "$D\0" }, { "readdir", "" },
  { "rmdir", "$D/sub" }, { "rmdir", "$D/missing" }, { "rmdir", "$D/f" }, { "rmdir", "\0" },
  { "remove", "$D/sub/inner" }, { "remove", "$D/sub/other" }, { "rmdir", "$D/sub" },
  { "remove", "$D/missing" }, { "remove", "$D" }, { "remove", "q\0" }, { "remove", "" },
  { "rename", "$D/f", "$D/g" }, { "rename", "$D/f", "$D/h" }, { "rename", "$D/g\0", "x" },
  { "rename", "$D/g", "y\0" }, { "rename", "$D/g", "$D/missing/x" },
  { "mkdir", "$D/d2", "511" }, { "rename", "$D/g", "$D/d2" }, { "rename", "$D/d2", "$D/g" },
  { "file_exists", "$D/g" }, { "file_exists", "$D/f" },
  { "chdir", "$D/missing" }, { "chdir", "$D/g" }, { "chdir", "\0" }, { "chdir", "" },
  { "chdir", "$D/d2" }, { "getcwd" }, { "chdir", ".." }, { "getcwd" },
  { "getenv", "HOME" }, { "getenv", "OCAMLRT_SURELY_UNSET" }, { "getenv", "" }, { "getenv", "HO\0ME" },
  { "getenv_opt", "HOME" }, { "getenv_opt", "OCAMLRT_SURELY_UNSET" },
  { "command", "exit 3" }, { "command", "true" }, { "command", "exit 300" }, { "command", "kill -9 $$" },
  { "command", "a\0b" }, { "command", "echo hi > $D/out" }, { "file_exists", "$D/out" },
  { "command", "" },
}

-- getcwd past OCaml's 4096-byte buffer: ERANGE, as OCaml reports it.
local long = ("d"):rep(200)
OPS[#OPS + 1] = { "chdir", "$D" }
for _ = 1, 22 do
  OPS[#OPS + 1] = { "mkdir", long, "511" }
  OPS[#OPS + 1] = { "chdir", long }
end
OPS[#OPS + 1] = { "getcwd" }
OPS[#OPS + 1] = { "chdir", "$D" }
OPS[#OPS + 1] = { "getcwd" }

local function show(f, ...)
  local ok, r = pcall(f, ...)
  if not ok then return "!" .. exn.to_string(r) end
  if type(r) == "boolean" then return tostring(r) end
  return "=" .. tostring(r)
end

local function unit(f)
  return function(...) f(...); return "()" end
end

local function perm(path)
  local p = assert(io.popen("stat -c %a '" .. path .. "'"))
  local out = p:read("*l")
  p:close()
  return out
end

local write = helper.write_file

local function sorted_readdir(path)
  local names = sys.readdir(path)
  table.sort(names)
  return table.concat(names, ",")
end

local function getenv_opt(name)
  local v = sys.getenv_opt(name)
  return v == nil and "None" or "Some " .. v
end

local actions = {
  file_exists = sys.file_exists,
  is_directory = sys.is_directory,
  is_regular_file = sys.is_regular_file,
  remove = unit(sys.remove),
  rename = unit(sys.rename),
  chdir = unit(sys.chdir),
  getcwd = sys.getcwd,
  mkdir = function(p, m) sys.mkdir(p, tonumber(m)); return "()" end,
  rmdir = unit(sys.rmdir),
  readdir = sorted_readdir,
  getenv = sys.getenv,
  getenv_opt = getenv_opt,
  command = sys.command,
  write = unit(write),
  perm = perm,
}

-- Runs OPS in `dir` with ocamlrt, in the oracle's output format.
local function run_ops(dir)
  local out = {}
  local function subst(s) return (s:gsub("%$D", function() return dir end)) end
  local function mask(s)
    local i = 1
    while true do
      local a, b = s:find(dir, i, true)
      if not a then return s end
      s = s:sub(1, a - 1) .. "$D" .. s:sub(b + 1)
      i = a + 2
    end
  end
  for _, op in ipairs(OPS) do
    local args = {}
    for i = 2, #op do args[i - 1] = subst(op[i]) end
    local result = show(actions[op[1]], (table.unpack or unpack)(args))
    out[#out + 1] = op[1] .. "\t" .. escaped(mask(result)) .. "\n"
  end
  return table.concat(out)
end

-- The oracle's results for OPS in its own fresh directory.
local function oracle_ops()
  local dir = helper.tmpdir()
  local ops_file = dir .. ".ops"
  local lines = {}
  for _, op in ipairs(OPS) do
    local fields = { op[1] }
    for i = 2, #op do fields[i] = hex(op[i]) end
    lines[#lines + 1] = table.concat(fields, "\t")
  end
  write(ops_file, table.concat(lines, "\n") .. "\n")
  local ok, out = pcall(helper.oracle, "sys_ops", "run", dir, ops_file)
  os.remove(ops_file)
  helper.rmtree(dir)
  assert(ok, out)
  return out
end

describe("Sys", function()
  local cwd
  before_each(function() cwd = sys.getcwd() end)
  after_each(function() sys.chdir(cwd) end)

  it("gives OCaml's results and messages for every operation", function()
    local want = oracle_ops()
    local dir = helper.tmpdir()
    local got = run_ops(dir)
    sys.chdir(cwd)
    helper.rmtree(dir)
    local wl, gl = {}, {}
    for l in want:gmatch("[^\n]+") do wl[#wl + 1] = l end
    for l in got:gmatch("[^\n]+") do gl[#gl + 1] = l end
    assert.are.equal(#OPS, #wl)
    for i = 1, #wl do
      assert.are.equal(wl[i], gl[i], "operation " .. i .. " (" .. OPS[i][1] .. ")")
    end
  end)

  it("primitives return OCaml bools (0/1) and unit (0)", function()
    local dir = helper.tmpdir()
    assert.are.equal(1, prims.caml_sys_file_exists(dir))
    assert.are.equal(0, prims.caml_sys_file_exists(dir .. "/x"))
    assert.are.equal(1, prims.caml_sys_is_directory(dir))
    assert.are.equal(0, prims.caml_sys_is_regular_file(dir))
    assert.are.equal(0, prims.caml_sys_mkdir(dir .. "/a", 511))
    assert.are.equal(0, prims.caml_sys_rmdir(dir .. "/a"))
    local names = prims.caml_sys_read_directory(dir)
    assert.are.same({ 0 }, names)
    helper.rmtree(dir)
  end)

  it("has OCaml's configuration and constants", function()
    assert.are.same({ 0, "Unix", 64, 0 }, prims.caml_sys_get_config(0))
    assert.are.equal(0, prims.caml_sys_const_big_endian(0))
    assert.are.equal(64, prims.caml_sys_const_word_size(0))
    assert.are.equal(63, prims.caml_sys_const_int_size(0))
    assert.are.equal(1, prims.caml_sys_const_ostype_unix(0))
    assert.are.equal(0, prims.caml_sys_const_ostype_win32(0))
    assert.are.equal(0, prims.caml_sys_const_ostype_cygwin(0))
    assert.are.same({ 0, "lua_of_ocaml" }, prims.caml_sys_const_backend_type(0))
    if math.type then
      assert.are.equal(math.tointeger(2 ^ 54) - 1, prims.caml_sys_const_max_wosize(0))
      assert.are.equal(math.tointeger(2 ^ 57) - 9, sys.max_string_length)
    end
  end)

  it("keeps the runtime warnings flag as Sys does", function()
    assert.are.equal(0, prims.caml_ml_runtime_warnings_enabled(0))
    assert.are.equal(0, prims.caml_ml_enable_runtime_warnings(1))
    assert.is_true(sys.runtime_warnings_enabled())
    sys.enable_runtime_warnings(false)
    assert.are.equal(0, prims.caml_ml_runtime_warnings_enabled(0))
    assert.are.equal("", prims.caml_runtime_variant(0))
  end)

  it("argv and executable_name can be set by the embedding program", function()
    local saved = sys.argv()
    sys.set_argv({ "prog", "a", "b" })
    assert.are.same({ 0, "prog", "a", "b" }, prims.caml_sys_argv(0))
    assert.are.same({ 0, "prog", { 0, "prog", "a", "b" } }, prims.caml_sys_get_argv(0))
    prims.caml_sys_modify_argv({ 0, "other" })
    assert.are.same({ "other" }, sys.argv())
    sys.set_executable_name("/usr/bin/prog")
    assert.are.equal("/usr/bin/prog", prims.caml_sys_executable_name(0))
    sys.set_argv(saved)
  end)

  it("time is processor time, children included on request", function()
    local t0 = prims.caml_sys_time(0)
    local x = 0
    for i = 1, 3e6 do x = x + i % 7 end
    assert.is_true(x > 0)
    local t1 = prims.caml_sys_time(0)
    assert.is_true(t0 >= 0 and t1 >= t0)
    assert.is_true(prims.caml_sys_time_include_children(1) >= prims.caml_sys_time_include_children(0) - 1e-9)
    if math.type then assert.are.equal("float", math.type(t1)) end
  end)

  it("random_seed gives 12 bytes from /dev/urandom", function()
    local seed = prims.caml_sys_random_seed(0)
    assert.are.equal(0, seed[1])
    assert.are.equal(12, #seed - 1)
    for i = 2, #seed do assert.is_true(seed[i] >= 0 and seed[i] <= 255) end
    assert.are.equal(12, #sys.random_seed())
  end)

  -- The interpreter the specs run under, to start child processes with.
  local lua = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]

  local function child(script, redirect)
    local cmd = string.format("%s -e \"%s\" %s; echo \"status $?\"", lua, script, redirect or "")
    local p = assert(io.popen(cmd))
    local out = p:read("*a")
    p:close()
    return out
  end

  it("isatty tells a terminal from a file", function()
    assert.is_false(sys.isatty(-1))
    assert.are.equal(0, prims.caml_sys_isatty(999))
    local out = child("local o = require('ocamlrt') print(o.sys.isatty(o.io.stdin))", "</dev/null")
    assert.are.equal("false\nstatus 0\n", out)
    assert.are.equal(0, prims.caml_sys_isatty(ocamlrt.io.open_in_string("")))
    local closed = ocamlrt.io.open_in("/dev/null")
    ocamlrt.io.close_in(closed)
    assert.is_false(sys.isatty(closed))
    -- util-linux's script gives the child a pseudo-terminal.
    if os.execute("command -v script >/dev/null 2>&1") == (_VERSION == "Lua 5.1" and 0 or true) then
      local script = lua .. " -e 'local o = require([[ocamlrt]]) print(o.sys.isatty(o.io.stdin))'"
      local p = assert(io.popen("script -qec \"" .. script .. "\" /dev/null"))
      local tty = p:read("*a")
      p:close()
      assert.truthy(tty:find("true", 1, true), tty)
    end
  end)

  it("exit ends the process with the code, as OCaml's exit does", function()
    for _, code in ipairs({ 0, 7, 255, 256, -1 }) do
      local out = child(string.format("require('ocamlrt').sys.exit(%d) os.exit(99)", code), ">/dev/null 2>&1")
      assert.are.equal("status " .. code % 256 .. "\n", out)
    end
  end)

  it("exit refuses a code that is not an integer", function()
    helper.assert_raises("Invalid_argument", "Sys.exit: the exit code must be an integer, got 1.5", sys.exit, 1.5)
    helper.assert_raises("Invalid_argument", nil, prims.caml_sys_exit, "x")
  end)

  it("exit flushes every output channel first, custom backends included", function()
    local dir = helper.tmpdir()
    local script = table.concat({
      "local o = require('ocamlrt')",
      "local function sink(s) local f = io.open('" .. dir .. "/sink', 'ab') f:write(s) f:close() end",
      "local ch = o.io.open_out_custom({ write = sink })",
      "o.io.output_string(ch, 'custom')",
      "o.io.output_string(o.io.stdout, 'stdout')",
      "o.sys.exit(5)",
    }, " ")
    local out = child(script, "2>&1")
    local f = assert(io.open(dir .. "/sink", "rb"))
    local sunk = f:read("*a")
    f:close()
    helper.rmtree(dir)
    assert.are.equal("stdoutstatus 5\n", out)
    assert.are.equal("custom", sunk)
  end)
end)

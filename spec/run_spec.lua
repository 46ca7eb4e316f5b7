-- The runner (`lua -l ocamlrt.run prog.lua ARGS`, `ocamlrt-run`) on
-- hand-written chunks laid out as lua_of_ocaml lays out its output: an
-- inline runtime defining globals, then `__caml_init__`, which registers
-- the predefined exceptions and calls primitives by their global names.
local helper = require("support.helper")
local run = require("ocamlrt.run")

local lua = ({ lua54 = "lua5.4", luajit = "luajit", lua51 = "lua5.1" })[helper.interpreter]

-- The start of every chunk: the compiler's inline runtime and the
-- registration of the exceptions the chunks use.
local prologue = [[
local _OCAML_GLOBALS = {}
function caml_register_global(n, v, name)
  _OCAML_GLOBALS[n + 1] = v
  if name then _OCAML_GLOBALS[name] = v end
  return v
end
function caml_register_named_value(name, value)
  _OCAML_GLOBALS[name] = value
  return value
end
local Failure = { 248, "Failure", -3 }
local Not_found = { 248, "Not_found", -7 }
local Match_failure = { 248, "Match_failure", -8 }
local Own = { 248, "Prog.Own", 20 }
local out, err
local function say(s) caml_ml_output(out, s, 0, #s) end
]]

-- Writes a program whose `__caml_init__` runs `body`; returns its path.
local function program(body)
  local path = os.tmpname()
  helper.write_file(path, prologue .. "function __caml_init__()\n"
    .. "  caml_register_global(2, Failure, \"Failure\")\n"
    .. "  caml_register_global(6, Not_found, \"Not_found\")\n"
    .. "  caml_register_global(7, Match_failure, \"Match_failure\")\n"
    .. "  out = caml_ml_open_descriptor_out(1)\n"
    .. "  err = caml_ml_open_descriptor_out(2)\n"
    .. body .. "\nend\n__caml_init__()\n")
  return path
end

-- Runs `command` with the program; its stdout, stderr and exit status.
local function run_program(command, path, args)
  local out, err = os.tmpname(), os.tmpname()
  local words = {}
  for i, a in ipairs(args or {}) do words[i] = helper.quote(a) end
  local status_text = helper.run(string.format("%s %s %s > %s 2> %s < /dev/null; echo $?", command,
    helper.quote(path), table.concat(words, " "), out, err))
  local result = { out = helper.read_file(out), err = helper.read_file(err),
    status = tonumber(status_text:match("(%d+)%s*$")) }
  os.remove(out)
  os.remove(err)
  os.remove(path)
  return result
end

local function run_with_l(body, args)
  return run_program(lua .. " -l ocamlrt.run", program(body), args)
end

describe("lua -l ocamlrt.run", function()
  it("gives the program Sys.argv: its path, then the arguments", function()
    local path = program([[
  local argv = caml_sys_argv(0)
  say(tostring(#argv - 2) .. "\n")
  for i = 3, #argv do say("[" .. argv[i] .. "]") end
  say("\n")]])
    local r = run_program(lua .. " -l ocamlrt.run", path, { "one", "two words", "" })
    assert.are.same({ out = "3\n[one][two words][]\n", err = "", status = 0 }, r)
  end)

  it("names the program in argv[0]", function()
    local path = program([[say(caml_sys_argv(0)[2] .. "|" .. caml_sys_executable_name(0) .. "\n")]])
    local r = run_program(lua .. " -l ocamlrt.run", path)
    assert.are.same({ out = path .. "|" .. path .. "\n", err = "", status = 0 }, r)
  end)

  it("flushes what the program left in its channels at its normal end", function()
    local r = run_with_l([[say("unflushed"); caml_ml_output(err, "on stderr", 0, 9)]])
    assert.are.same({ out = "unflushed", err = "on stderr", status = 0 }, r)
  end)

  it("ends with the status of the program's exit, its output flushed", function()
    local r = run_with_l([[say("before exit\n"); caml_sys_exit(3); say("never")]])
    assert.are.same({ out = "before exit\n", err = "", status = 3 }, r)
  end)

  it("prints an uncaught exception as OCaml does, with status 2", function()
    local r = run_with_l([[say("before\n"); caml_raise_not_found(); say("never")]])
    assert.are.same({ out = "before\n", err = "Fatal error: exception Not_found\n", status = 2 }, r)
    r = run_with_l([[error({ 0, Failure, "x" })]])
    assert.are.same({ out = "", err = 'Fatal error: exception Failure("x")\n', status = 2 }, r)
  end)

  it("prints ints and strings unescaped, any other argument as _", function()
    local r = run_with_l([[error({ 0, Own, 1, 'say "hi"\n', 2.5, { 0, 1 } })]])
    assert.are.equal('Fatal error: exception Prog.Own(1, "say "hi"\n", _, _)\n', r.err)
    assert.are.equal(2, r.status)
  end)

  it("prints Match_failure's location tuple as its arguments", function()
    local r = run_with_l([[error({ 0, Match_failure, { 0, "f.ml", 3, 4 } })]])
    assert.are.equal('Fatal error: exception Match_failure("f.ml", 3, 4)\n', r.err)
  end)

  it("runs the program's at_exit (Pervasives.do_at_exit) before the message", function()
    local r = run_with_l([[
  caml_register_named_value("Pervasives.do_at_exit", function() say("at exit\n") end)
  caml_raise_not_found()]])
    assert.are.same({ out = "at exit\n", err = "Fatal error: exception Not_found\n", status = 2 }, r)
  end)

  it("lets Printexc's handler print when the program registered it", function()
    local r = run_with_l([[
  caml_register_named_value("Printexc.handle_uncaught_exception", function(e, debugger)
    local text = "handled " .. e[2] .. " " .. debugger .. "\n"
    caml_ml_output(err, text, 0, #text)
  end)
  caml_raise_not_found()]])
    assert.are.same({ out = "", err = "handled Not_found 0\n", status = 2 }, r)
  end)

  it("reports a Lua error that is no OCaml exception, with status 2", function()
    local r = run_with_l([[say("out\n"); local t = nil; t.field = 1]])
    assert.are.equal("out\n", r.out)
    assert.are.equal(2, r.status)
    assert.truthy(r.err:find("^Fatal error: Lua error: .*attempt to index"), r.err)
    assert.truthy(r.err:find("stack traceback", 1, true), r.err)
  end)

  it("says so when the program cannot be read", function()
    local r = run_program(lua .. " -l ocamlrt.run", "/nonexistent/prog.lua")
    assert.are.equal(2, r.status)
    assert.truthy(r.err:find("^ocamlrt.run: ") and r.err:find("/nonexistent/prog.lua", 1, true), r.err)
  end)
end)

describe("ocamlrt-run", function()
  it("runs a program with its arguments", function()
    local path = program([[
  local argv = caml_sys_argv(0)
  say(argv[2] == caml_sys_executable_name(0) and "named\n" or "unnamed\n")
  for i = 3, #argv do say(argv[i] .. "\n") end
  caml_sys_exit(4)]])
    local r = run_program(lua .. " bin/ocamlrt-run", path, { "a", "b" })
    assert.are.same({ out = "named\na\nb\n", err = "", status = 4 }, r)
  end)

  it("needs a program", function()
    local out = helper.run("{ " .. lua .. " bin/ocamlrt-run; echo status $?; }")
    assert.are.equal("usage: ocamlrt-run PROGRAM.lua [ARGUMENT...]\nstatus 2\n", out)
  end)
end)

describe("run.fatal_message", function()
  it("gives the constructor and its arguments as the runtime prints them", function()
    local Failure = { 248, "Failure", -3 }
    assert.are.equal("Failure", run.fatal_message(Failure))
    assert.are.equal('Failure("a\\b")', run.fatal_message({ 0, Failure, "a\\b" }))
    assert.are.equal("Failure(-5)", run.fatal_message({ 0, Failure, -5 }))
  end)
end)

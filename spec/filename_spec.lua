-- Filename against OCaml 4.13: randomised paths from spec/oracle/filename.ml,
-- every function in the Unix, Win32 and Cygwin flavours; temporary files.

local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local filename = ocamlrt.filename
local exn = ocamlrt.exn

local CASES, SEED = 5000, 20240611

local unhex = helper.unhex
local function fields(line) return helper.fields(line) end

-- Results encoded as the oracle encodes them.
local function show_str(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return "=" .. r end
  return "!" .. exn.to_string(r)
end

local function show_bool(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return tostring(r) end
  return "!" .. exn.to_string(r)
end

local function show_opt(f, ...)
  local ok, r = pcall(f, ...)
  if not ok then return "!" .. exn.to_string(r) end
  return r == nil and "None" or "Some " .. r
end

local redirections = {
  [0] = function() return {} end,
  function(p, x) return { stdin = x } end, -- luacheck: no unused args
  function(_, x) return { stdout = x, stderr = x } end,
  function(p, x) return { stdout = x, stderr = p } end,
  function(p, x) return { stdin = p, stderr = x } end,
}

local function results(f, p, x, redirect)
  return {
    show_str(f.basename, p),
    show_str(f.dirname, p),
    show_bool(f.is_relative, p),
    show_bool(f.is_implicit, p),
    show_bool(f.check_suffix, p, x),
    show_str(f.chop_suffix, p, x),
    show_opt(f.chop_suffix_opt, x, p),
    show_str(f.extension, p),
    show_str(f.remove_extension, p),
    show_str(f.chop_extension, p),
    show_str(f.quote, p),
    show_str(f.concat, p, x),
    show_str(f.quote_command, p, { x, p }, redirections[redirect](p, x)),
  }
end

local names = { "basename", "dirname", "is_relative", "is_implicit", "check_suffix", "chop_suffix",
                "chop_suffix_opt", "extension", "remove_extension", "chop_extension", "quote", "concat",
                "quote_command" }

describe("Filename", function()
  local lines = {}
  setup(function()
    for line in helper.oracle("filename", CASES, SEED):gmatch("[^\n]+") do lines[#lines + 1] = line end
  end)

  it("agrees with OCaml on " .. CASES .. " random paths in each flavour", function()
    local checked = 0
    for _, line in ipairs(lines) do
      local f = fields(line)
      if f[1] ~= "constants" then
        local flavour = filename[f[1]]
        local p, x, redirect = unhex(f[2]), unhex(f[3]), tonumber(unhex(f[4]))
        local got = results(flavour, p, x, redirect)
        for i, name in ipairs(names) do
          local want = unhex(f[i + 4])
          if got[i] ~= want then
            error(string.format("%s.%s(%q, %q): got %q, OCaml %q", f[1], name, p, x, got[i], want))
          end
        end
        checked = checked + 1
      end
    end
    assert.are.equal(3 * CASES, checked)
  end)

  it("has OCaml's constants in each flavour", function()
    local seen = 0
    for _, line in ipairs(lines) do
      local f = fields(line)
      if f[1] == "constants" then
        local flavour = filename[f[2]]
        assert.are.same({ unhex(f[3]), unhex(f[4]), unhex(f[5]), unhex(f[6]) },
          { flavour.null, flavour.current_dir_name, flavour.parent_dir_name, flavour.dir_sep })
        seen = seen + 1
      end
    end
    assert.are.equal(3, seen)
  end)

  it("is the Unix flavour at top level", function()
    assert.are.equal("Unix", filename.os_type)
    assert.are.equal(filename.unix.quote("it's"), filename.quote("it's"))
  end)
end)

describe("Filename temporary files", function()
  local dir
  before_each(function() dir = helper.tmpdir() end)
  after_each(function() helper.rmtree(dir) end)

  it("creates an empty 0600 file named prefix, six hex digits, suffix", function()
    local name = filename.temp_file("pre", ".suf", { temp_dir = dir })
    local base = name:sub(#dir + 2)
    assert.are.equal(dir .. "/", name:sub(1, #dir + 1))
    assert.truthy(base:match("^pre%x%x%x%x%x%x%.suf$"), base)
    assert.is_true(ocamlrt.sys.is_regular_file(name))
    local p = assert(io.popen("stat -c %a '" .. name .. "'"))
    assert.are.equal("600", p:read("*l"))
    p:close()
  end)

  it("gives different names to successive files", function()
    local seen = {}
    for _ = 1, 50 do
      local name = filename.temp_file("t", "", { temp_dir = dir })
      assert.is_nil(seen[name])
      seen[name] = true
    end
    assert.are.equal(50, #ocamlrt.sys.readdir(dir))
  end)

  it("uses the temporary directory set with set_temp_dir_name", function()
    local old = filename.get_temp_dir_name()
    filename.set_temp_dir_name(dir)
    local ok, name = pcall(filename.temp_file, "x", "y")
    filename.set_temp_dir_name(old)
    assert(ok, name)
    assert.are.equal(dir, filename.dirname(name))
  end)

  it("starts from TMPDIR, or /tmp, as OCaml does", function()
    local want = helper.oracle("sys_ops", "tempdir")
    assert.are.equal(want, filename.get_temp_dir_name() .. "\n")
  end)

  it("raises OCaml's Sys_error after 1000 retries", function()
    local missing = dir .. "/missing"
    local e = helper.assert_raises("Sys_error", nil, filename.temp_file, "p", ".s", { temp_dir = missing })
    local masked = e[3]:gsub("p%x%x%x%x%x%x%.s:", "pXXXXXX.s:")
    local want = helper.oracle("sys_ops", "tempfail", missing)
    assert.are.equal(want, masked .. "\n")
  end)

  it("open_temp_file opens the file it creates, with the modes and permissions asked", function()
    local io = ocamlrt.io
    local name, chan = filename.open_temp_file("p", ".txt", { temp_dir = dir, mode = { "binary" }, perms = 420 })
    assert.truthy(name:match("/p%x%x%x%x%x%x%.txt$"))
    io.output_string(chan, "hello")
    io.close_out(chan)
    local f = assert(_G.io.open(name, "rb"))
    assert.are.equal("hello", f:read("*a"))
    f:close()
    local p = assert(_G.io.popen("stat -c %a '" .. name .. "'"))
    assert.are.equal("644", p:read("*l"))
    p:close()
    local e = helper.assert_raises("Sys_error", nil, filename.open_temp_file, "p", "", { temp_dir = dir .. "/none" })
    assert.truthy(e[3]:match("/none/p%x%x%x%x%x%x: No such file or directory$"), e[3])
  end)
end)

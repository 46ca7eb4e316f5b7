-- `make compiled-check LOO=/path/to/lua_of_ocaml`: every program of
-- spec/compiled/ built natively (ocamlopt) and through bytecode to Lua with
-- the given lua_of_ocaml, run on ocamlrt (`-l ocamlrt.run`) under lua5.4
-- and LuaJIT and, for comparison, plainly on the compiler's own runtime
-- (lua5.4); standard output, standard error and exit status compared with
-- the native run. Prints a table and writes it to build/compiled/results.md.
--
--   LOO=... lua5.4 scripts/compiled_check.lua [NAME...]
--
-- OCAMLRT=DIR runs the programs on the ocamlrt of another checkout (its
-- lua/ and build/{lua54,luajit}/ocamlrt.so) instead of this one's (the
-- runner, lua/ocamlrt/run.lua, from this one when that one has none).
--
-- A program is rebuilt when its sources or the compiler changed. Programs
-- whose difference comes from a compiler bug are listed, with the evidence,
-- in spec/compiled/compiler_bugs.txt; their cells say which bug.

local loo = os.getenv("LOO") or ""
local root = assert(os.getenv("PWD"), "run from the repository's root")
local src_dir = "spec/compiled"
local out_dir = "build/compiled"
local time_limit = tonumber(os.getenv("COMPILED_TIMEOUT") or "") or 60
-- lua_of_ocaml takes minutes on a program that links Scanf.
local compile_limit = tonumber(os.getenv("COMPILED_COMPILE_TIMEOUT") or "") or 2400
local runtime = os.getenv("OCAMLRT") or ""
if runtime == "" then runtime = root end

local function quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- Runs a shell command; its output and whether it exited with status 0.
local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1", "r"))
  local out = p:read("*a")
  local ok = p:close()
  return out, ok == true
end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local function write_file(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- The programs: spec/compiled/NAME.ml, sorted, or those named.
local function programs()
  if arg[1] then return { table.unpack(arg) } end
  local names = {}
  for line in sh("ls " .. src_dir):gmatch("[^\n]+") do
    local name = line:match("^(.-)%.ml$")
    if name then names[#names + 1] = name end
  end
  table.sort(names)
  return names
end

-- spec/compiled/compiler_bugs.txt: "NAME: bug" lines, each followed by
-- indented evidence lines.
local function read_bugs()
  local bugs, current = {}, nil
  for line in (read_file(src_dir .. "/compiler_bugs.txt") or ""):gmatch("[^\n]*") do
    local name, bug = line:match("^([%w_]+):%s*(.+)$")
    if name then
      current = { bug = bug, evidence = {} }
      bugs[name] = current
    elseif current and line:match("^%s+%S") then
      table.insert(current.evidence, line)
    end
  end
  return bugs
end

-- The sources of a program (its .ml, the files of its folder, its stdin and
-- args) and the compiler, as one fingerprint: a program is rebuilt when it
-- changes.
local function fingerprint(name)
  local list = src_dir .. "/" .. name .. ".ml " .. src_dir .. "/" .. name .. ".* "
  if exists(src_dir .. "/" .. name) then list = list .. src_dir .. "/" .. name .. "/* " end
  local out = sh("cat " .. list .. " 2>/dev/null | md5sum; ls -l --time-style=+%s " .. quote(loo))
  return out
end

-- Builds build/compiled/NAME.exe and NAME.lua; nil, or what failed.
local function build(name)
  local dir = out_dir .. "/" .. name .. ".d"
  local stamp = dir .. "/stamp"
  local print_ = fingerprint(name)
  if read_file(stamp) == print_ and exists(out_dir .. "/" .. name .. ".exe")
    and exists(out_dir .. "/" .. name .. ".lua") then
    return nil
  end
  sh("rm -rf " .. quote(dir) .. " && mkdir -p " .. quote(dir .. "/src"))
  local copy = "cp " .. src_dir .. "/" .. name .. ".ml " .. dir .. "/src/"
  if exists(src_dir .. "/" .. name) then
    copy = copy .. " && cp " .. src_dir .. "/" .. name .. "/* " .. dir .. "/src/"
  end
  local out, ok = sh(copy .. " && cd " .. dir .. "/src && "
    .. "for f in *.mly; do [ ! -e \"$f\" ] || ocamlyacc \"$f\"; done && "
    .. "for f in *.mll; do [ ! -e \"$f\" ] || ocamllex -q \"$f\"; done && "
    .. "ocamldep -sort $(ls *.mli 2>/dev/null) *.ml > order")
  if not ok then return "ocamllex/ocamlyacc: " .. out end
  local cd = "cd " .. quote(root .. "/" .. dir .. "/src") .. " && "
  out, ok = sh(cd .. "ocamlfind ocamlopt -w -a $(cat order) -o ../../" .. name .. ".exe")
  if not ok then return "ocamlopt: " .. out end
  out, ok = sh(cd .. "rm -f *.cm* *.o && ocamlfind ocamlc -g -w -a $(cat order) -o ../" .. name .. ".byte")
  if not ok then return "ocamlc: " .. out end
  out = sh(cd .. "timeout " .. compile_limit .. " " .. quote(loo) .. " compile ../" .. name .. ".byte -o ../../"
    .. name .. ".lua > ../loo.log 2>&1; echo status $?")
  local status = out:match("status (%d+)%s*$")
  if status == "124" then return string.format("lua_of_ocaml: over %d s, stopped", compile_limit) end
  if status ~= "0" then return "lua_of_ocaml: " .. (read_file(dir .. "/loo.log") or out):sub(-400) end
  write_file(stamp, print_)
  return nil
end

-- The interpreters a compiled program runs under.
local sides = {
  { key = "lua54", label = "ocamlrt lua5.4", cmd = "lua5.4 -l ocamlrt.run", cpath = "build/lua54/?.so" },
  { key = "luajit", label = "ocamlrt LuaJIT", cmd = "luajit -l ocamlrt.run", cpath = "build/luajit/?.so" },
  { key = "own", label = "own runtime lua5.4", cmd = "lua5.4" },
}

-- The program's arguments (NAME.args, one per line) quoted for the shell.
local function arguments(name)
  local text = read_file(src_dir .. "/" .. name .. ".args")
  if not text then return "" end
  local words = {}
  for line in (text:gsub("\n$", "")):gmatch("([^\n]*)\n?") do words[#words + 1] = quote(line) end
  if text == "\n" then words = { "''" } end
  return table.concat(words, " ")
end

-- Runs one side in a fresh directory; its stdout, stderr and status.
local function run_side(name, key, command)
  local dir = root .. "/" .. out_dir .. "/" .. name .. ".d/run-" .. key
  sh("rm -rf " .. quote(dir) .. " && mkdir -p " .. quote(dir))
  local stdin = src_dir .. "/" .. name .. ".stdin"
  stdin = exists(stdin) and root .. "/" .. stdin or "/dev/null"
  local cmd = string.format("cd %s && env -u OCAMLRUNPARAM -u CAMLRUNPARAM -u TMPDIR -u TEMP "
    .. "OCAMLRT_CHECK='checked value' "
    .. "timeout %d %s %s < %s > out 2> err; echo $?", quote(dir), time_limit, command, arguments(name), quote(stdin))
  local status = tonumber((sh(cmd):match("(%d+)%s*$")))
  return { out = read_file(dir .. "/out") or "", err = read_file(dir .. "/err") or "", status = status, dir = dir }
end

-- What differs between a run and the native one ("stdout", "stderr", "exit 2 vs 0").
local function differences(r, native)
  local what = {}
  if r.out ~= native.out then what[#what + 1] = "stdout" end
  if r.err ~= native.err then what[#what + 1] = "stderr" end
  if r.status ~= native.status then
    what[#what + 1] = string.format("exit %s", r.status == 124 and "timeout" or tostring(r.status))
  end
  return what
end

local function report(r, native)
  local path = r.dir .. ".diff"
  write_file(r.dir .. "/expected-out", native.out)
  write_file(r.dir .. "/expected-err", native.err)
  sh(string.format("cd %s && { diff expected-out out; diff expected-err err; echo 'status %s, native %s'; } > %s",
    quote(r.dir), tostring(r.status), tostring(native.status), quote(path)))
  return path
end

-- What ocamlrt.compiled.missing says the program still takes from the
-- compiler's fragments (on the lua5.4 build of the runtime used).
local function missing(lua_env, prog)
  local script = "local o = require('ocamlrt'); local f = assert(io.open(os.getenv('PROGRAM'), 'rb')); "
    .. "io.write(table.concat(o.compiled.missing(f:read('*a')), ' '))"
  local out, ok = sh(string.format("env %s LUA_CPATH=%s PROGRAM=%s lua5.4 -e %s", lua_env,
    quote(runtime .. "/build/lua54/?.so;;"), quote(prog), quote(script)))
  return ok and out or "?"
end

-- The table into docs/lua_of_ocaml.md, between its compiled-check markers
-- (after a run of the whole suite, or with COMPILED_DOCS=1).
local function update_docs(text)
  local path = "docs/lua_of_ocaml.md"
  local doc = read_file(path)
  local b, e = "<!-- compiled-check:begin -->\n", "<!-- compiled-check:end -->"
  local s, t = doc and doc:find(b, 1, true), doc and doc:find(e, 1, true)
  if not (s and t) then return end
  write_file(path, doc:sub(1, s + #b - 1) .. text:gsub("ocamlrt: [^\n]*\n$", "") .. doc:sub(t))
end

local function main()
  if loo == "" then
    print("make compiled-check: skipped, LOO is not set (make compiled-check LOO=/path/to/lua_of_ocaml)")
    return 0
  end
  sh("mkdir -p " .. out_dir)
  local bugs = read_bugs()
  -- The runner from this checkout when the other has none.
  local lua_env = string.format("LUA_PATH=%s", quote(runtime .. "/lua/?.lua;" .. runtime .. "/lua/?/init.lua;"
    .. root .. "/lua/?.lua;;"))
  local rows, counts = {}, {}
  for _, s in ipairs(sides) do counts[s.key] = { ok = 0, bug = 0, differs = 0 } end
  local names = programs()
  for _, name in ipairs(names) do
    io.stderr:write("compiled-check: ", name, "\n")
    local row = { name = name }
    local failed = build(name)
    if failed then
      for _, s in ipairs(sides) do row[s.key] = "build failed" end
      row.note = failed:gsub("\n", " "):sub(1, 300)
    else
      local native = run_side(name, "native", root .. "/" .. out_dir .. "/" .. name .. ".exe")
      local prog = root .. "/" .. out_dir .. "/" .. name .. ".lua"
      for _, s in ipairs(sides) do
        local command = s.cpath and string.format("env %s LUA_CPATH=%s %s", lua_env,
          quote(runtime .. "/" .. s.cpath .. ";;"), s.cmd) or s.cmd
        local r = run_side(name, s.key, command .. " " .. quote(prog))
        local diff = differences(r, native)
        local c = counts[s.key]
        if #diff == 0 then
          row[s.key] = "ok"
          c.ok = c.ok + 1
        else
          report(r, native)
          local listed = bugs[name]
          if listed and s.key ~= "own" then
            row[s.key] = "compiler bug: " .. listed.bug
            c.bug = c.bug + 1
          else
            row[s.key] = "differs (" .. table.concat(diff, ", ") .. ")"
            c.differs = c.differs + 1
          end
        end
      end
      local still = missing(lua_env, prog)
      if still ~= "" then
        local n = select(2, still:gsub("%S+", ""))
        row.missing = n .. ": " .. (#still > 80 and still:sub(1, 77) .. "..." or still)
      end
      if bugs[name] and row.lua54 == "ok" and row.luajit == "ok" then
        row.note = "listed in compiler_bugs.txt but no longer differs"
      end
    end
    rows[#rows + 1] = row
  end

  local header = { "program" }
  for _, s in ipairs(sides) do header[#header + 1] = s.label end
  header[#header + 1] = "compiled.missing"
  local lines = { "| " .. table.concat(header, " | ") .. " |", "|" .. string.rep("---|", #header) }
  for _, row in ipairs(rows) do
    local cells = { row.name }
    for _, s in ipairs(sides) do cells[#cells + 1] = row[s.key] end
    cells[#cells + 1] = row.missing or ""
    local line = "| " .. table.concat(cells, " | ") .. " |"
    if row.note then line = line .. " " .. row.note end
    lines[#lines + 1] = line
  end
  local totals = {}
  for _, s in ipairs(sides) do
    local c = counts[s.key]
    totals[#totals + 1] = string.format("%s: %d ok, %d compiler bug, %d differ", s.label, c.ok, c.bug, c.differs)
  end
  lines[#lines + 1] = ""
  lines[#lines + 1] = string.format("%d programs. %s.", #rows, table.concat(totals, "; "))
  lines[#lines + 1] = "ocamlrt: " .. sh("git -C " .. quote(runtime) .. " log -1 --format='%h %s' 2>/dev/null || echo "
    .. quote(runtime)):gsub("\n$", "")
  local text = table.concat(lines, "\n") .. "\n"
  write_file(out_dir .. "/results.md", text)
  if not arg[1] or os.getenv("COMPILED_DOCS") == "1" then update_docs(text) end
  io.write(text)
  print("Differences: " .. out_dir .. "/NAME.d/run-SIDE.diff; this table: " .. out_dir .. "/results.md")
  return 0
end

os.exit(main())

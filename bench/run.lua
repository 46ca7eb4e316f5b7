-- `make bench`: runs every workload under ocamlrt (lua5.4, LuaJIT), native
-- OCaml, js_of_ocaml on node and plain Lua, each in its own process, and
-- prints one table of medians; writes it as CSV, Markdown and an SVG chart
-- into bench/results/ and into docs/benchmarks.md between its markers.
--
--   lua5.4 bench/run.lua [WORKLOAD...]
--   LOO=/path/to/lua_of_ocaml lua5.4 bench/run.lua compiled
--
-- Expects `make bench` to have built build/bench/bench.exe (ocamlopt),
-- build/bench/bench.js (js_of_ocaml) and build/{lua54,luajit}/ocamlrt.so.
-- BENCH_SCALE, BENCH_RUNS, BENCH_MAX_SECONDS pass through to every side;
-- BENCH_TIMEOUT (seconds, default 150) bounds each process; BENCH_ROUNDS
-- and BENCH_ROUND_SECONDS set how often the Lua sides run (run_lua_sides).

local chart = dofile("bench/chart.lua")

local build = "build/bench"
local data = build .. "/data"
local results = "bench/results"

local workloads = {
  { "marshal_out_ints", "Marshal out: 1M-int list" },
  { "marshal_in_ints", "Marshal in: 1M-int list" },
  { "marshal_out_records", "Marshal out: 200k records" },
  { "marshal_in_records", "Marshal in: 200k records" },
  { "marshal_out_string", "Marshal out: 10 MB string" },
  { "marshal_in_string", "Marshal in: 10 MB string" },
  { "hash_tuples", "Hashtbl.hash: 1M tuples" },
  { "compare_lists", "compare: two 1M-int lists" },
  { "sprintf_int", "sprintf \"%d\": 1M ints" },
  { "sprintf_float", "sprintf \"%.6f\": 1M floats" },
  { "read_lines", "input_line: 100 MB file" },
  { "write_strings", "output_string: 100 MB in 80 B" },
  { "lex", "ocamllex tables: 10 MB" },
  { "hashtbl_add", "Hashtbl.add: 1M ints" },
  { "hashtbl_find", "Hashtbl.find: 1M ints" },
  { "map_add", "Map.add: 1M ints" },
}

-- The table's columns (key, heading); the ratio columns divide by native.
local columns = {
  { "lua54", "ocamlrt lua5.4" },
  { "luajit", "ocamlrt LuaJIT" },
  { "native", "native OCaml" },
  { "jsoo", "js_of_ocaml node" },
  { "floor54", "Lua floor 5.4" },
  { "floorjit", "Lua floor LuaJIT" },
  { "capi54", "C API floor 5.4" },
  { "capijit", "C API floor LuaJIT" },
}
local ratio_columns = { "lua54", "luajit", "jsoo" }

-- Runs a shell command, returns its standard output and its exit status.
local function capture(cmd)
  local p = assert(io.popen(cmd, "r"))
  local out = p:read("*a")
  local ok, how, code = p:close()
  if ok == true then return out, 0 end
  return out, (how == "exit" and code) or 128
end

local function first_line(cmd)
  local out = capture(cmd .. " 2>/dev/null")
  return (out:match("[^\n]+") or "?")
end

local errors_log = build .. "/errors.log"

-- Seconds one process may take: js_of_ocaml needs minutes to read 100 MB
-- by lines, and its cell says so rather than holding up the whole run.
local time_limit = tonumber(os.getenv("BENCH_TIMEOUT") or "") or 150

local function median(list)
  table.sort(list)
  local mid = (#list + 1) / 2
  return (list[math.floor(mid)] + list[math.ceil(mid)]) / 2
end

-- Runs one side of one workload; its result from the line it printed
-- ("ok CHECK T1,T2,..", "not yet", "n/a", "fails WHY") or its exit status.
local function run_side(cmd, limit)
  limit = limit or time_limit
  local out, code = capture(string.format("timeout %d %s 2>>%s", limit, cmd, errors_log))
  local line = out:match("^[^\n]+")
  local check, times = (line or ""):match("^ok (%S+) (%S+)")
  if check then
    local list = {}
    for t in times:gmatch("[^,]+") do list[#list + 1] = tonumber(t) end
    local m = median(list)
    if m == 0 then -- js_of_ocaml's clock counts whole milliseconds
      return { status = "tick", text = "under 1 ms (clock step)", check = check }
    end
    return { status = "ok", check = check, median = m, times = list, runs = #list, fewest = #list }
  end
  if line == "not yet" or line == "n/a" then return { status = line, text = line } end
  if line and line:match("^fails ") then return { status = "fails", text = line:gsub("^fails ", "fails: ") } end
  if code == 124 then return { status = "timeout", text = string.format("over %d s, stopped", limit) } end
  return { status = "crashed", text = string.format("crashed (exit %d, see %s)", code, errors_log) }
end

local lua_cmd = {
  lua54 = "env LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/lua54/?.so;"
    .. build .. "/capi/lua54/?.so;;' lua5.4",
  luajit = "env LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/luajit/?.so;"
    .. build .. "/capi/luajit/?.so;;' luajit",
}

-- `a`'s runs and `b`'s (the same side in another process) as one cell;
-- a side that failed in either keeps that outcome.
local function pooled(a, b)
  if a.status ~= "ok" or b.status ~= "ok" then return a.status == "ok" and b or a end
  if a.check ~= b.check then
    return { status = "fails", text = string.format("fails: result digest %s in one process, %s in another",
      a.check, b.check) }
  end
  local times = { table.unpack(a.times) }
  for _, t in ipairs(b.times) do times[#times + 1] = t end
  return { status = "ok", check = a.check, median = median(times), times = times, runs = #times,
    fewest = math.min(a.fewest, b.fewest) }
end

-- The Lua sides of an interpreter (ocamlrt and its floors) compare with
-- each other most closely, and this machine's speed moves from process to
-- process (up to 30 % for the same work, while runs within a process agree):
-- they run in rounds, one process per side a round, interleaved, and each
-- cell is the median of its processes' runs. A round that took over
-- BENCH_ROUND_SECONDS (40) is the last; BENCH_ROUNDS (3) at most.
local rounds = tonumber(os.getenv("BENCH_ROUNDS") or "") or 3
local round_seconds = tonumber(os.getenv("BENCH_ROUND_SECONDS") or "") or 40

local function run_lua_sides(row, interp, args)
  local script = lua_cmd[interp] .. " bench/bench.lua" .. args
  local keys = interp == "lua54" and { ocamlrt = "lua54", floor = "floor54", capi = "capi54" }
    or { ocamlrt = "luajit", floor = "floorjit", capi = "capijit" }
  for round = 1, rounds do
    local started = os.time()
    for _, side in ipairs({ "ocamlrt", "floor", "capi" }) do
      local cell = run_side(script .. " " .. side)
      row[keys[side]] = round == 1 and cell or pooled(row[keys[side]], cell)
    end
    if os.time() - started > round_seconds then break end
  end
end

local function run_workload(name)
  local args = " " .. name .. " " .. data
  local row = {
    native = run_side(build .. "/bench.exe run" .. args),
    jsoo = run_side("node " .. build .. "/bench.js run" .. args),
  }
  for _, interp in ipairs({ "lua54", "luajit" }) do run_lua_sides(row, interp, args) end
  return row
end

-- Formatting.

local function format_ms(ms)
  if ms >= 10000 then return string.format("%.1f s", ms / 1000) end
  if ms >= 100 then return string.format("%.0f ms", ms) end
  if ms >= 10 then return string.format("%.1f ms", ms) end
  return string.format("%.2f ms", ms)
end

local function ratio(cell, native)
  if cell.status ~= "ok" or native.status ~= "ok" or native.median <= 0 then return nil end
  return cell.median / native.median
end

local function format_ratio(r)
  if not r then return "-" end
  if r >= 10 then return string.format("%.0fx", r) end
  return string.format("%.1fx", r)
end

-- Footnotes for cells whose work differs from native's or ran fewer times.
local notes = {}
local function note(text)
  for i, t in ipairs(notes) do
    if t == text then return i end
  end
  notes[#notes + 1] = text
  return #notes
end

local runs_wanted = tonumber(os.getenv("BENCH_RUNS") or "") or 5

local function cell_text(key, cell, native, label)
  if cell.status ~= "ok" then return cell.text end
  local text = format_ms(cell.median)
  if cell.fewest < runs_wanted then
    text = text .. string.format(" [%d]", note(string.format(
      "median of %d run%s: the runs had used up BENCH_MAX_SECONDS", cell.runs, cell.runs == 1 and "" or "s")))
  end
  local compared = key ~= "native" and key:sub(1, 5) ~= "floor" and key:sub(1, 4) ~= "capi"
  if compared and native.status == "ok" and cell.check ~= native.check then
    local why = (key == "luajit" and label:find("records")) and
      "LuaJIT has no float subtype, so the integral scores (0., 1., ...) are ints there; " or ""
    text = text .. string.format(" [%d]", note(string.format("%s%s: result digest %s, native OCaml's %s",
      why, label, cell.check, native.check)))
  end
  return text
end

-- The table of `rows` (one per workload of `wl`) over the columns `cols`,
-- with a ratio to native for each key of `ratio_cols`.
local function build_table(rows, wl, cols, ratio_cols)
  wl, cols, ratio_cols = wl or workloads, cols or columns, ratio_cols or ratio_columns
  local header = { "workload" }
  for _, c in ipairs(cols) do header[#header + 1] = c[2] end
  for _, k in ipairs(ratio_cols) do
    for _, c in ipairs(cols) do
      if c[1] == k then header[#header + 1] = c[2]:gsub(" ?ocamlrt ?", ""):gsub(" node", "") .. " / native" end
    end
  end
  local body = {}
  for i, w in ipairs(wl) do
    local row, line = rows[i], { w[2] }
    for _, c in ipairs(cols) do line[#line + 1] = cell_text(c[1], row[c[1]], row.native, w[2]) end
    for _, k in ipairs(ratio_cols) do line[#line + 1] = format_ratio(ratio(row[k], row.native)) end
    body[#body + 1] = line
  end
  return header, body
end

local function markdown(header, body)
  local out = { "| " .. table.concat(header, " | ") .. " |" }
  local sep = {}
  for i = 1, #header do sep[i] = i == 1 and "---" or "---:" end
  out[#out + 1] = "|" .. table.concat(sep, "|") .. "|"
  for _, line in ipairs(body) do
    local escaped = {}
    for i, c in ipairs(line) do escaped[i] = c:gsub("|", "\\|") end
    out[#out + 1] = "| " .. table.concat(escaped, " | ") .. " |"
  end
  for i, t in ipairs(notes) do out[#out + 1] = string.format("\n[%d] %s", i, t) end
  return table.concat(out, "\n") .. "\n"
end

local function text_table(header, body)
  local widths = {}
  for _, line in ipairs({ header, table.unpack(body) }) do
    for i, c in ipairs(line) do widths[i] = math.max(widths[i] or 0, utf8.len(c) or #c) end
  end
  local function fmt(line)
    local cells = {}
    for i, c in ipairs(line) do
      local pad = string.rep(" ", widths[i] - (utf8.len(c) or #c))
      cells[i] = i == 1 and c .. pad or pad .. c
    end
    return table.concat(cells, "  ")
  end
  local out = { fmt(header) }
  for _, line in ipairs(body) do out[#out + 1] = fmt(line) end
  for i, t in ipairs(notes) do out[#out + 1] = string.format("[%d] %s", i, t) end
  return table.concat(out, "\n") .. "\n"
end

local function csv(rows)
  local function field(s)
    s = tostring(s)
    if s:find('[,"\n]') then return '"' .. s:gsub('"', '""') .. '"' end
    return s
  end
  local head = { "workload", "label" }
  for _, c in ipairs(columns) do
    head[#head + 1] = c[1] .. "_ms"
    head[#head + 1] = c[1] .. "_runs"
  end
  for _, k in ipairs(ratio_columns) do head[#head + 1] = k .. "_vs_native" end
  local out = { table.concat(head, ",") }
  for i, w in ipairs(workloads) do
    local row, line = rows[i], { w[1], field(w[2]) }
    for _, c in ipairs(columns) do
      local cell = row[c[1]]
      line[#line + 1] = cell.status == "ok" and string.format("%.3f", cell.median) or field(cell.text)
      line[#line + 1] = cell.status == "ok" and tostring(cell.runs) or ""
    end
    for _, k in ipairs(ratio_columns) do
      local r = ratio(row[k], row.native)
      line[#line + 1] = r and string.format("%.3f", r) or ""
    end
    out[#out + 1] = table.concat(line, ",")
  end
  return table.concat(out, "\n") .. "\n"
end

local function write(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

local function read(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function environment()
  local function name_version(cmd) return first_line(cmd):match("^%S+ %S+") end
  return string.format("%s; %d cores; %s; %s; OCaml %s; js_of_ocaml %s; node %s; %s",
    os.date("!%Y-%m-%d %H:%M UTC"), tonumber(first_line("nproc")) or 0, name_version("lua5.4 -v"),
    name_version("luajit -v"), first_line("ocamlfind ocamlopt -version"), first_line("js_of_ocaml --version"),
    first_line("node --version"), first_line("uname -sm"))
end

-- Replaces the text between the two markers of docs/benchmarks.md
-- (`<!-- NAME:begin -->`, `<!-- NAME:end -->`, NAME "bench" by default).
local function update_docs(block, name)
  local path = "docs/benchmarks.md"
  local doc = read(path)
  if not doc then return end
  name = name or "bench"
  local b, e = "<!-- " .. name .. ":begin -->\n", "<!-- " .. name .. ":end -->"
  local s = doc:find(b, 1, true)
  local t = doc:find(e, 1, true)
  if not (s and t) then return end
  write(path, doc:sub(1, s + #b - 1) .. block .. doc:sub(t))
end

-- Compiled programs (`make bench LOO=/path/to/lua_of_ocaml`): bench/compiled.ml
-- built with ocamlopt (build/bench/compiled.exe) and with lua_of_ocaml
-- (build/bench/compiled.lua), the Lua file run on ocamlrt through the runner
-- and plainly on the compiler's own runtime. Every side runs with
-- OCAMLRUNPARAM=R: Hashtbl's start-up reads OCAMLRUNPARAM under a `try`,
-- which compiled code does not catch (docs/lua_of_ocaml.md), and finds an R
-- only there; R randomizes hash tables alike on every side.
local compiled_workloads = {
  { "marshal_records", "Marshal round trip: 100k records" },
  { "hashtbl_strings", "Hashtbl: 100k string keys" },
  { "printf_lines", "Printf: 100k lines to a file" },
  { "read_lines", "input_line: 10 MB file" },
  { "sort_tuples", "List.sort: 100k tuples" },
}
local compiled_columns = {
  { "native", "native OCaml" },
  { "lua54", "ocamlrt lua5.4" },
  { "luajit", "ocamlrt LuaJIT" },
  { "own54", "own runtime lua5.4" },
  { "jsoo", "js_of_ocaml node" },
}
local compiled_ratio_columns = { "lua54", "luajit", "own54", "jsoo" }

local function run_compiled(selected, to_docs)
  local exe, prog = build .. "/compiled.exe", build .. "/compiled.lua"
  local lines = data .. "/lines_10mb.txt"
  if not read(lines) then assert(os.execute(exe .. " prepare " .. data)) end
  local items = math.max(1, math.floor(100000 * (tonumber(os.getenv("BENCH_SCALE") or "") or 1)))
  local runs = tonumber(os.getenv("BENCH_COMPILED_RUNS") or "") or 3
  local args = string.format(" run %%s %s %d %d", data, items, runs)
  -- Wall-clock limit per process: the Lua sides take minutes on a busy machine.
  local limit = tonumber(os.getenv("BENCH_COMPILED_TIMEOUT") or "") or 900
  -- OCAMLRT=DIR: the ocamlrt checkout (lua/, build/) the programs run on.
  local rt = os.getenv("OCAMLRT") or ""
  local function on_ocamlrt(key, lua)
    if rt == "" then return lua_cmd[key] .. " -l ocamlrt.run " .. prog end
    return string.format("env LUA_PATH='%s/lua/?.lua;%s/lua/?/init.lua;lua/?.lua;;' LUA_CPATH='%s/build/%s/?.so;;' "
      .. "%s -l ocamlrt.run %s", rt, rt, rt, key, lua, prog)
  end
  local sides = {
    native = exe,
    lua54 = on_ocamlrt("lua54", "lua5.4"),
    luajit = on_ocamlrt("luajit", "luajit"),
    own54 = "lua5.4 " .. prog,
    -- The same bytecode through js_of_ocaml, as the main table's JavaScript side.
    jsoo = "node " .. build .. "/compiled.js",
  }
  local rows = {}
  for i, w in ipairs(selected) do
    io.stderr:write(string.format("bench: compiled [%d/%d] %s\n", i, #selected, w[2]))
    local row = {}
    for key, cmd in pairs(sides) do
      row[key] = run_side("env OCAMLRUNPARAM=R " .. cmd .. string.format(args, w[1]), limit)
    end
    rows[i] = row
  end
  local saved, saved_runs = notes, runs_wanted
  notes, runs_wanted = {}, runs
  local header, body = build_table(rows, selected, compiled_columns, compiled_ratio_columns)
  local env = environment()
  io.write("\nCompiled programs (lua_of_ocaml):\n", text_table(header, body), "\n")
  local md = markdown(header, body)
  write(results .. "/compiled.md", md .. "\n" .. env .. "\n")
  if to_docs then update_docs(md .. "\nMeasured " .. env .. ".\n", "bench-compiled") end
  notes, runs_wanted = saved, saved_runs
  io.stderr:write("bench: wrote " .. results .. "/compiled.md\n")
end

local function main(selected)
  os.execute("mkdir -p " .. results .. " " .. data)
  write(errors_log, "")
  if selected[1] == "compiled" and #selected == 1 then -- every compiled workload, and the docs' table
    run_compiled(compiled_workloads, true)
    return
  end
  local stamp = string.format("scale=%s", os.getenv("BENCH_SCALE") or "1")
  local fresh = os.execute("test " .. data .. "/stamp -nt " .. build .. "/bench.exe")
  if read(data .. "/stamp") ~= stamp or not fresh then
    io.stderr:write("bench: writing the inputs into " .. data .. "\n")
    os.execute("mkdir -p " .. data)
    assert(os.execute(build .. "/bench.exe prepare " .. data))
    write(data .. "/stamp", stamp)
  end
  local compiled_selected = {}
  if #selected > 0 then
    for _, w in ipairs(compiled_workloads) do
      for _, name in ipairs(selected) do
        if w[1] == name then compiled_selected[#compiled_selected + 1] = w end
      end
    end
    local keep = {}
    for _, w in ipairs(workloads) do
      for _, name in ipairs(selected) do
        if w[1] == name then keep[#keep + 1] = w end
      end
    end
    workloads = keep
  end
  local rows = {}
  if #selected > 0 and #workloads == 0 then
    if os.getenv("LOO") then run_compiled(compiled_selected, false) end
    return
  end
  for i, w in ipairs(workloads) do
    io.stderr:write(string.format("bench: [%d/%d] %s\n", i, #workloads, w[2]))
    rows[i] = run_workload(w[1])
  end
  local header, body = build_table(rows)
  local env = environment()
  io.write("\n", text_table(header, body), "\n", env, "\n")
  local md = markdown(header, body)
  write(results .. "/results.md", md .. "\n" .. env .. "\n")
  write(results .. "/results.csv", csv(rows))
  write(results .. "/results.svg", chart.svg(workloads, rows, {
    { "lua54", "ocamlrt, lua5.4" }, { "luajit", "ocamlrt, LuaJIT" }, { "jsoo", "js_of_ocaml, node" },
    { "floor54", "plain Lua 5.4" }, { "floorjit", "plain LuaJIT" },
  }, env))
  if #selected == 0 then update_docs(md .. "\nMeasured " .. env .. ".\n") end
  io.stderr:write("bench: wrote " .. results .. "/results.{csv,md,svg}\n")
  if os.getenv("LOO") and (#selected == 0 or #compiled_selected > 0) then
    run_compiled(#selected == 0 and compiled_workloads or compiled_selected, #selected == 0)
  end
end

main(arg)

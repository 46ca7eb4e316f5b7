--- OCaml's Filename (stdlib/filename.ml of OCaml 4.13) for Lua: pure string
-- logic in three flavours, `filename.unix`, `filename.win32` and
-- `filename.cygwin`, each a table with every function; the module itself is
-- the Unix flavour (OCaml's `Sys.os_type` here is "Unix") plus the
-- temporary-file functions. Results are OCaml's on every input; predicates
-- return Lua booleans and `chop_suffix_opt` returns nil for None.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")
local native = core.native

local byte, sub = string.byte, string.sub
local SLASH, BACKSLASH, COLON, DOT, QUOTE = 47, 92, 58, 46, 34

--- The environment variable `name`, or `default` when it is unset.
local function getenv_or(name, default)
  local ok, v = pcall(native.caml_sys_getenv, name)
  if ok then return v end
  if exn.is(v, "Not_found") then return default end
  error(v, 0)
end

-- The last component of `name` (POSIX basename, "." for ""), where
-- `is_sep(s, i)` tells separators at 1-based index i.
local function generic_basename(is_sep, name)
  if name == "" then return "." end
  local last = #name
  while last >= 1 and is_sep(name, last) do last = last - 1 end
  if last < 1 then return sub(name, 1, 1) end
  local first = last
  while first >= 1 and not is_sep(name, first) do first = first - 1 end
  return sub(name, first + 1, last)
end

-- All but the last component of `name` (POSIX dirname, "." for "").
local function generic_dirname(is_sep, name)
  if name == "" then return "." end
  local i = #name
  while i >= 1 and is_sep(name, i) do i = i - 1 end
  if i < 1 then return sub(name, 1, 1) end
  while i >= 1 and not is_sep(name, i) do i = i - 1 end
  if i < 1 then return "." end
  while i >= 1 and is_sep(name, i) do i = i - 1 end
  if i < 1 then return sub(name, 1, 1) end
  return sub(name, 1, i)
end

--- How a flavour tells directory separators, paths and suffixes apart.
local unix_deps = {
  null = "/dev/null",
  dir_sep = "/",
}

function unix_deps.is_dir_sep(s, i)
  return byte(s, i) == SLASH
end

function unix_deps.is_relative(n)
  return byte(n, 1) ~= SLASH
end

function unix_deps.is_implicit(n)
  return unix_deps.is_relative(n) and sub(n, 1, 2) ~= "./" and sub(n, 1, 3) ~= "../"
end

function unix_deps.check_suffix(name, suff)
  return #suff <= #name and sub(name, #name - #suff + 1) == suff
end

unix_deps.chop_suffix_opt = function(suffix, name)
  if unix_deps.check_suffix(name, suffix) then return sub(name, 1, #name - #suffix) end
  return nil
end

function unix_deps.quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Whether two optional redirections are the same, as OCaml's `stderr = stdout`.
local function same_target(a, b)
  return a ~= nil and a == b
end

function unix_deps.quote_command(cmd, args, redirect)
  local q = unix_deps.quote
  local parts = { q(cmd) }
  for i = 1, #args do parts[i + 1] = q(args[i]) end
  local out = table.concat(parts, " ")
  if redirect.stdin then out = out .. " <" .. q(redirect.stdin) end
  if redirect.stdout then out = out .. " >" .. q(redirect.stdout) end
  if redirect.stderr then
    out = out .. (same_target(redirect.stderr, redirect.stdout) and " 2>&1" or " 2>" .. q(redirect.stderr))
  end
  return out
end

unix_deps.temp_dir_name = function() return getenv_or("TMPDIR", "/tmp") end

function unix_deps.basename(name)
  return generic_basename(unix_deps.is_dir_sep, name)
end

function unix_deps.dirname(name)
  return generic_dirname(unix_deps.is_dir_sep, name)
end

local win32_deps = {
  null = "NUL",
  dir_sep = "\\",
}

function win32_deps.is_dir_sep(s, i)
  local c = byte(s, i)
  return c == SLASH or c == BACKSLASH or c == COLON
end

function win32_deps.is_relative(n)
  local c = byte(n, 1)
  return c ~= SLASH and c ~= BACKSLASH and byte(n, 2) ~= COLON
end

function win32_deps.is_implicit(n)
  local two, three = sub(n, 1, 2), sub(n, 1, 3)
  return win32_deps.is_relative(n) and two ~= "./" and two ~= ".\\" and three ~= "../" and three ~= "..\\"
end

-- Win32 compares suffixes without regard to ASCII case.
function win32_deps.check_suffix(name, suff)
  return #suff <= #name and sub(name, #name - #suff + 1):lower() == suff:lower()
end

win32_deps.chop_suffix_opt = function(suffix, name)
  if win32_deps.check_suffix(name, suffix) then return sub(name, 1, #name - #suffix) end
  return nil
end

-- Quotes `s` for the C runtime's argument parser: backslashes are doubled
-- only where they come before a double quote (one written as \") or before
-- the closing quote.
function win32_deps.quote(s)
  local out = { '"' }
  local i, n = 1, #s
  while i <= n do
    local c = byte(s, i)
    if c == QUOTE or c == BACKSLASH then
      local j = i
      while byte(s, j) == BACKSLASH do j = j + 1 end
      local run = j - i
      if j > n then
        out[#out + 1] = '"' .. ("\\"):rep(run)
        return table.concat(out)
      elseif byte(s, j) == QUOTE then
        out[#out + 1] = ("\\"):rep(2 * run + 1) .. '"'
        i = j + 1
      else
        out[#out + 1] = ("\\"):rep(run)
        i = j
      end
    else
      out[#out + 1] = string.char(c)
      i = i + 1
    end
  end
  out[#out + 1] = '"'
  return table.concat(out)
end

-- cmd.exe's special characters, escaped with ^.
local function quote_cmd(s)
  return (s:gsub('[()!^%%"<>&|]', "^%0"))
end

-- A command or redirection file name for cmd.exe: double-quoted when it has
-- a space; one holding " or % cannot be quoted.
local function quote_cmd_filename(f)
  if f:find('["%%]') then
    exn.failwith("Filename.quote_command: bad file name " .. f)
  end
  if f:find(" ", 1, true) then return '"' .. f .. '"' end
  return f
end

-- OCaml builds this string from a list literal, whose elements it evaluates
-- last to first: a bad stderr file name is reported before a bad stdout,
-- stdin or command name.
function win32_deps.quote_command(cmd, args, redirect)
  local stderr = ""
  if redirect.stderr then
    stderr = same_target(redirect.stderr, redirect.stdout) and " 2>&1"
      or " 2>" .. quote_cmd_filename(redirect.stderr)
  end
  local stdout = redirect.stdout and " >" .. quote_cmd_filename(redirect.stdout) or ""
  local stdin = redirect.stdin and " <" .. quote_cmd_filename(redirect.stdin) or ""
  local quoted = {}
  for i = 1, #args do quoted[i] = win32_deps.quote(args[i]) end
  local command = quote_cmd_filename(cmd)
  return '"' .. command .. " " .. quote_cmd(table.concat(quoted, " ")) .. stdin .. stdout .. stderr .. '"'
end

win32_deps.temp_dir_name = function() return getenv_or("TEMP", ".") end

-- A drive letter prefix ("C:") and the rest of the path.
local function drive_and_path(s)
  if #s >= 2 and s:find("^[A-Za-z]:") then return sub(s, 1, 2), sub(s, 3) end
  return "", s
end

function win32_deps.dirname(name)
  local drive, path = drive_and_path(name)
  return drive .. generic_dirname(win32_deps.is_dir_sep, path)
end

function win32_deps.basename(name)
  local _, path = drive_and_path(name)
  return generic_basename(win32_deps.is_dir_sep, path)
end

-- Cygwin: Win32's separators and suffix rules with Unix's quoting and names.
local cygwin_deps = {
  null = "/dev/null",
  dir_sep = "/",
  is_dir_sep = win32_deps.is_dir_sep,
  is_relative = win32_deps.is_relative,
  is_implicit = win32_deps.is_implicit,
  check_suffix = win32_deps.check_suffix,
  chop_suffix_opt = win32_deps.chop_suffix_opt,
  temp_dir_name = unix_deps.temp_dir_name,
  quote = unix_deps.quote,
  quote_command = unix_deps.quote_command,
}

function cygwin_deps.basename(name)
  return generic_basename(cygwin_deps.is_dir_sep, name)
end

function cygwin_deps.dirname(name)
  return generic_dirname(cygwin_deps.is_dir_sep, name)
end

--- Builds the public table of one flavour from its system dependencies.
local function flavour(deps, os_type)
  local is_sep = deps.is_dir_sep
  local f = {
    --- "Unix", "Win32" or "Cygwin".
    os_type = os_type,
    current_dir_name = ".",
    parent_dir_name = "..",
    dir_sep = deps.dir_sep,
    null = deps.null,
    --- The temporary directory OCaml starts with (TMPDIR or /tmp; TEMP or . on Win32).
    temp_dir_name = deps.temp_dir_name(),
    is_relative = deps.is_relative,
    is_implicit = deps.is_implicit,
    check_suffix = deps.check_suffix,
    quote = deps.quote,
    basename = deps.basename,
    dirname = deps.dirname,
  }

  --- `chop_suffix_opt(suffix, name)`: `name` without `suffix`, or nil.
  f.chop_suffix_opt = deps.chop_suffix_opt

  --- `quote_command(cmd, args, {stdin=, stdout=, stderr=})`.
  ---@param cmd string
  ---@param args? string[]
  ---@param redirect? {stdin?: string, stdout?: string, stderr?: string}
  ---@return string
  function f.quote_command(cmd, args, redirect)
    return deps.quote_command(cmd, args or {}, redirect or {})
  end

  --- `concat(dir, file)`: joined with `dir_sep` unless `dir` is empty or ends in one.
  ---@param dir string
  ---@param file string
  ---@return string
  function f.concat(dir, file)
    local l = #dir
    if l == 0 or is_sep(dir, l) then return dir .. file end
    return dir .. deps.dir_sep .. file
  end

  --- `chop_suffix(name, suff)`: drops `#suff` bytes (whatever they are);
  --- `Invalid_argument "Filename.chop_suffix"` when `name` is shorter.
  function f.chop_suffix(name, suff)
    local n = #name - #suff
    if n < 0 then exn.invalid_argument("Filename.chop_suffix") end
    return sub(name, 1, n)
  end

  -- The length of `name`'s extension (with its dot), 0 when it has none: a
  -- dot after the last separator that is not one of the name's leading dots.
  ---@param name string
  ---@return integer
  local function extension_len(name)
    local i = #name
    while i >= 1 and not is_sep(name, i) and byte(name, i) ~= DOT do i = i - 1 end
    if i < 1 or is_sep(name, i) then return 0 end
    local dot = i
    i = i - 1
    while i >= 1 and not is_sep(name, i) and byte(name, i) == DOT do i = i - 1 end
    if i < 1 or is_sep(name, i) then return 0 end
    return #name - dot + 1
  end

  --- `extension(name)`: ".txt" for "a.txt", "" when there is none.
  function f.extension(name)
    local l = extension_len(name)
    return l == 0 and "" or sub(name, #name - l + 1)
  end

  --- `remove_extension(name)`: `name` without its extension.
  function f.remove_extension(name)
    return sub(name, 1, #name - extension_len(name))
  end

  --- `chop_extension(name)`: like remove_extension, but
  --- `Invalid_argument "Filename.chop_extension"` when there is none.
  function f.chop_extension(name)
    local l = extension_len(name)
    if l == 0 then exn.invalid_argument("Filename.chop_extension") end
    return sub(name, 1, #name - l)
  end

  return f
end

local filename = flavour(unix_deps, "Unix")
filename.unix = flavour(unix_deps, "Unix")
filename.win32 = flavour(win32_deps, "Win32")
filename.cygwin = flavour(cygwin_deps, "Cygwin")

-- Temporary files ------------------------------------------------------------

local current_temp_dir = filename.temp_dir_name

--- The directory temp_file uses by default.
---@return string
function filename.get_temp_dir_name() return current_temp_dir end

---@param dir string
function filename.set_temp_dir_name(dir) current_temp_dir = dir end

-- A candidate name: prefix, six hex digits of a random 24-bit number, suffix.
local function temp_file_name(dir, prefix, suffix)
  return filename.concat(dir, string.format("%s%06x%s", prefix, native._filename_random_bits(), suffix))
end

-- Tries `create(name)` on fresh names; after 1000 retries the last
-- `Sys_error` is raised, as OCaml does.
---@param create fun(name: string): any
---@return string name, any created
local function try_names(dir, prefix, suffix, create)
  local counter = 0
  while true do
    local name = temp_file_name(dir, prefix, suffix)
    local ok, result = pcall(create, name)
    if ok then return name, result end
    if counter >= 1000 or not exn.is(result, "Sys_error") then error(result, 0) end
    counter = counter + 1
  end
end

--- `temp_file(prefix, suffix, {temp_dir=})`: creates an empty file (mode
--- 0600) with a fresh name in the temporary directory and returns its name.
---@param prefix string
---@param suffix string
---@param opts? {temp_dir?: string}
---@return string
function filename.temp_file(prefix, suffix, opts)
  local dir = opts and opts.temp_dir or current_temp_dir
  return (try_names(dir, prefix, suffix, function(name)
    native._sys_create_exclusive(name, 384)
  end))
end

--- `open_temp_file(prefix, suffix, {mode=, perms=, temp_dir=})`: like
--- temp_file, but opens the file and returns its name and an out channel.
--- `mode` lists open flags by name ("binary", "text", "append", ...),
--- default {"text"}; `perms` defaults to 0600.
---@param prefix string
---@param suffix string
---@param opts? {mode?: string[], perms?: integer, temp_dir?: string}
---@return string, userdata
function filename.open_temp_file(prefix, suffix, opts)
  opts = opts or {}
  -- Open_wronly :: Open_creat :: Open_excl :: mode, as OCaml.
  local flags = { "wronly", "creat", "excl" }
  for _, m in ipairs(opts.mode or { "text" }) do flags[#flags + 1] = m end
  local io = require("ocamlrt.io")
  return try_names(opts.temp_dir or current_temp_dir, prefix, suffix, function(name)
    return io.open_out_gen(flags, opts.perms or 384, name)
  end)
end

return filename

-- Generates docs/API.md from the LuaLS annotations (`---` comments,
-- `---@param`, `---@return`) in lua/ocamlrt/*.lua (not the *.d.lua
-- definition files):
--
--   lua5.4 scripts/apidoc.lua > docs/API.md      (or `make apidoc`)
--
-- A documented entry is a `---` comment block directly above
-- `function M.name(...)`, `M.name = ...`, or a `name = ...` field of the
-- module's table constructor, where M is the table the file returns. The
-- comment block at the top of a file describes the module. spec/apidoc_spec.lua
-- regenerates the page and fails when docs/API.md differs. Runs on Lua 5.1+.

local apidoc = {}

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do lines[#lines + 1] = line end
  return lines
end

-- The name of the table the file returns (`return bytes` -> "bytes").
local function returned_table(lines)
  for i = #lines, 1, -1 do
    local name = lines[i]:match("^return%s+([%a_][%w_]*)%s*$")
    if name then return name end
  end
  return nil
end

-- The definition a doc block documents: field name and parameter list
-- (nil when the line defines something else, such as a local).
local function definition(line, table_name, in_constructor)
  local pat = "^function%s+" .. table_name .. "[.:]([%a_][%w_]*)%s*(%b())"
  local name, params = line:match(pat)
  if name then return name, params end
  name = line:match("^" .. table_name .. "%.([%a_][%w_]*)%s*=")
  if name then return name, nil end
  if in_constructor then
    name = line:match("^%s+([%a_][%w_]*)%s*=")
    if name then return name, nil end
  end
  return nil
end

local opening = { ["("] = true, ["{"] = true, ["<"] = true, ["["] = true }
local closing = { [")"] = true, ["}"] = true, [">"] = true, ["]"] = true }

-- Splits "TYPE description" where TYPE is a LuaLS type, which may hold
-- spaces inside brackets and after `:` `,` `|` (`fun(a: any): integer`).
local function split_type(s)
  local depth, i, last = 0, 1, ""
  while i <= #s do
    local c = s:sub(i, i)
    if opening[c] then
      depth = depth + 1
    elseif closing[c] then
      depth = depth - 1
    elseif c == " " and depth <= 0 and not last:match("[:,|]") and not s:sub(i):match("^%s*[:|]") then
      break
    end
    if c ~= " " then last = c end
    i = i + 1
  end
  return s:sub(1, i - 1), (s:sub(i):gsub("^%s+", ""))
end

-- A documented member of a table a constructor builds and returns, such as
-- `M.add = add` inside `map.make`: the table's local name, the member, params.
local function member(line, table_name)
  local var, name, params = line:match("^%s+function%s+([%a_][%w_]*)[.:]([%a_][%w_]*)%s*(%b())")
  if not var then var, name = line:match("^%s+([%a_][%w_]*)%.([%a_][%w_]*)%s*=") end
  if var and var ~= table_name then return var, name, params end
  return nil
end

-- Splits a doc block into its text and its annotations.
local function parse_block(block)
  local entry = { text = {}, params = {}, returns = {}, types = {} }
  for _, line in ipairs(block) do
    local body = line:gsub("^%-%-%-?%s?", "")
    local pname, prest = body:match("^@param%s+([%w_%.]+%??)%s+(.*)$")
    local rest = body:match("^@return%s+(.*)$")
    local vtype = body:match("^@type%s+(.*)$")
    if pname then
      local ptype, pdesc = split_type(prest)
      entry.params[#entry.params + 1] = { name = pname, type = ptype, desc = pdesc }
    elseif rest then
      local rtype, rdesc = split_type(rest)
      entry.returns[#entry.returns + 1] = { type = rtype, desc = rdesc }
    elseif vtype then
      entry.types[#entry.types + 1] = (split_type(vtype))
    elseif not body:match("^@") then
      entry.text[#entry.text + 1] = body
    end
  end
  return entry
end

-- The signature shown for an entry: the parameter list from the source, or
-- from the @param annotations for a function assigned from elsewhere.
local function signature(entry)
  if entry.params_src then return entry.params_src end
  local fun_params = entry.types[1] and entry.types[1]:match("^fun(%b())")
  if fun_params then -- `---@type fun(a: any, b: any): boolean` gives (a, b)
    local names = {}
    for name in fun_params:sub(2, -2):gmatch("([%w_%.]+)%??:?[^,]*") do names[#names + 1] = name end
    return "(" .. table.concat(names, ", ") .. ")"
  end
  if #entry.params == 0 then return "" end
  local names = {}
  for i, p in ipairs(entry.params) do names[i] = p.name:gsub("%?$", "") end
  return "(" .. table.concat(names, ", ") .. ")"
end

-- Reads one module file: its description and its documented entries, in
-- source order.
function apidoc.parse(path)
  local lines = read_lines(path)
  local table_name = returned_table(lines)
  local module = { entries = {}, description = {}, members = {} }
  local block, in_constructor, seen_code = {}, false, false
  for _, line in ipairs(lines) do
    if line:match("^%s*%-%-") then
      if #block > 0 or line:match("^%s*%-%-%-") then block[#block + 1] = line:gsub("^%s+", "") end
    else
      if table_name and line:match("^local%s+" .. table_name .. "%s*=%s*{%s*$") then in_constructor = true end
      if in_constructor and line:match("^}") then in_constructor = false end
      local name, params = nil, nil
      if table_name then name, params = definition(line, table_name, in_constructor) end
      if #block > 0 then
        local var, mname, mparams = member(line, table_name)
        if name then
          local entry = parse_block(block)
          entry.name, entry.params_src = name, params
          module.entries[#module.entries + 1] = entry
        elseif var then
          local entry = parse_block(block)
          entry.name, entry.params_src = var .. "." .. mname, mparams
          module.members[#module.members + 1] = entry
        elseif not seen_code and #module.description == 0 then
          module.description = parse_block(block).text
        end
      end
      block = {}
      if line:match("%S") then seen_code = true end
    end
  end
  return module
end

local function module_name(path)
  local base = path:match("([^/]+)%.lua$")
  if base == "init" then return "ocamlrt" end
  return "ocamlrt." .. base
end

local function paragraph(text_lines)
  local s = table.concat(text_lines, " "):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  return s
end

-- The Markdown page for the given module files (sorted, `init.lua` first).
function apidoc.generate(paths)
  table.sort(paths, function(a, b)
    local ia, ib = a:match("/init%.lua$") ~= nil, b:match("/init%.lua$") ~= nil
    if ia ~= ib then return ia end
    return a < b
  end)
  local out = {
    "# API reference",
    "",
    "Generated by `scripts/apidoc.lua` from the LuaLS annotations in `lua/ocamlrt/*.lua`",
    "(`make apidoc`); do not edit by hand. Offsets are 0-based and values follow",
    "[the value contract](VALUES.md) throughout. The types of the `caml_*` primitives",
    "(`ocamlrt.primitives`) are in `lua/ocamlrt/native.d.lua`, for editors.",
    "",
  }
  local function add(s) out[#out + 1] = s end
  local index = {}
  for i, path in ipairs(paths) do
    local name = module_name(path)
    index[i] = "[`" .. name .. "`](#" .. name:gsub("%.", "") .. ")"
  end
  add("Modules: " .. table.concat(index, ", ") .. ".")
  add("")
  for _, path in ipairs(paths) do
    local module = apidoc.parse(path)
    local name = module_name(path)
    add("## `" .. name .. "`")
    add("")
    if #module.description > 0 then
      add(paragraph(module.description))
      add("")
    end
    local function entry(heading, e)
      add(heading .. " `" .. e.name .. signature(e) .. "`")
      add("")
      if #e.text > 0 then
        add(paragraph(e.text))
        add("")
      end
      for _, p in ipairs(e.params) do
        local desc = p.desc ~= "" and (": " .. p.desc) or ""
        add("- `" .. p.name .. "` (`" .. p.type .. "`)" .. desc)
      end
      for _, r in ipairs(e.returns) do
        add("- returns `" .. r.type .. "`" .. (r.desc ~= "" and (" " .. r.desc) or ""))
      end
      for _, t in ipairs(e.types) do add("- type `" .. t .. "`") end
      if #e.params + #e.returns + #e.types > 0 then add("") end
    end
    for _, e in ipairs(module.entries) do
      e.name = name .. "." .. e.name
      entry("###", e)
    end
    if #module.members > 0 then
      add("### Members of the tables `" .. name .. "` builds")
      add("")
      for _, e in ipairs(module.members) do entry("####", e) end
    end
  end
  while out[#out] == "" do out[#out] = nil end
  return table.concat(out, "\n") .. "\n"
end

-- The module files, as the shell lists them.
function apidoc.files(dir)
  local files = {}
  local p = assert(io.popen("ls " .. (dir or "lua/ocamlrt") .. "/*.lua"))
  for f in p:lines() do
    -- Definition files (native.d.lua) declare types for editors; no module.
    if not f:match("%.d%.lua$") then files[#files + 1] = f end
  end
  p:close()
  return files
end

-- As a script: print the page.
if arg and arg[0] and arg[0]:match("apidoc%.lua$") then
  io.write(apidoc.generate(apidoc.files()))
end

return apidoc

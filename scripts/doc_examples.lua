-- The ```lua blocks of README.md and docs/*.md: spec/docs_spec.lua runs
-- them, scripts/typecheck.sh type-checks them as a user's workspace would.
--
--   lua5.4 scripts/doc_examples.lua DIR   writes each block to DIR/<doc>-<line>.lua
--
-- Runs on Lua 5.1+.

local doc_examples = {}

--- README.md and every docs/*.md.
function doc_examples.files()
  local files = { "README.md" }
  local p = assert(io.popen("ls docs/*.md 2>/dev/null"))
  for f in p:lines() do files[#files + 1] = f end
  p:close()
  return files
end

--- The ```lua blocks of the file at `path`: { line = first code line, code = text }.
function doc_examples.examples(path)
  local f = io.open(path, "r")
  if not f then return {} end
  local text = f:read("*a")
  f:close()
  local found, line = {}, 1
  local pos = 1
  while true do
    local s, e, body = text:find("\n```lua\n(.-)\n```", pos)
    if not s then break end
    local _, before = text:sub(pos, s):gsub("\n", "")
    line = line + before
    found[#found + 1] = { line = line + 1, code = body }
    local _, inside = text:sub(s + 1, e):gsub("\n", "")
    line = line + inside
    pos = e + 1
  end
  return found
end

-- As a script: write every block into the folder given.
if arg and arg[0] and arg[0]:match("doc_examples%.lua$") then
  local dir = assert(arg[1], "usage: doc_examples.lua DIR")
  local n = 0
  for _, path in ipairs(doc_examples.files()) do
    for _, ex in ipairs(doc_examples.examples(path)) do
      local name = path:gsub("^docs/", ""):gsub("%.md$", ""):gsub("[^%w]", "_")
      local out = assert(io.open(string.format("%s/%s_%d.lua", dir, name, ex.line), "w"))
      out:write(ex.code, "\n")
      out:close()
      n = n + 1
    end
  end
  print(n .. " examples written to " .. dir)
end

return doc_examples

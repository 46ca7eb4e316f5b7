-- Every ```lua block in docs/*.md and README.md runs, under every
-- interpreter, so the documentation's examples stay true. A block is
-- self-contained: it requires what it uses and checks its results with
-- assert.

local function doc_files()
  local files = { "README.md" }
  local p = assert(io.popen("ls docs/*.md 2>/dev/null"))
  for f in p:lines() do files[#files + 1] = f end
  p:close()
  return files
end

local function examples(path)
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

describe("documentation examples", function()
  for _, path in ipairs(doc_files()) do
    for _, ex in ipairs(examples(path)) do
      it(path .. ":" .. ex.line .. " runs", function()
        local chunk = assert((loadstring or load)(ex.code, "@" .. path .. ":" .. ex.line))
        chunk()
      end)
    end
  end
end)

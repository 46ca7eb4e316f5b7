-- Every ```lua block in docs/*.md and README.md runs, under every
-- interpreter, so the documentation's examples stay true. A block is
-- self-contained: it requires what it uses and checks its results with
-- assert.

-- The blocks are found by scripts/doc_examples.lua (also used to
-- type-check them, scripts/typecheck.sh).
local doc_examples = dofile("scripts/doc_examples.lua")

describe("documentation examples", function()
  for _, path in ipairs(doc_examples.files()) do
    for _, ex in ipairs(doc_examples.examples(path)) do
      it(path .. ":" .. ex.line .. " runs", function()
        local chunk = assert((loadstring or load)(ex.code, "@" .. path .. ":" .. ex.line))
        chunk()
      end)
    end
  end
end)

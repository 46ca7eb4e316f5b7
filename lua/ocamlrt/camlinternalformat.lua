--- OCaml format strings, parsed as OCaml's CamlinternalFormat parses them
-- in its default (legacy) mode: the shared front end of ocamlrt.printf and
-- ocamlrt.scanf.
--
-- `parse(fmt)` returns a list of items: a Lua string (literal text), or a
-- conversion table:
--   { symb = "d", size = nil|"l"|"L"|"n", ign = bool,
--     plus, space, hash = bool,
--     padty = nil|"right"|"left"|"zeros", width = nil|n|"*",
--     prec = nil|n|"*",          -- for numbers
--     padprec_ty, padprec = ...,  -- %s %S %B %c: precision merged into padding
--     set = {...}, negated = bool -- %[...]
--   }
-- or `{ at = c }` for a `@c` formatting indication in the text (printed
-- as is by Printf; a stopper after %s or %[ for Scanf).

local exn = require("ocamlrt.exn")

local M = {}

--- OCaml's String.escaped.
---@param s string
---@return string
function M.escaped(s)
  local quoted = s:gsub('[\\"]', { ["\\"] = "\\\\", ['"'] = '\\"' })
  return (quoted:gsub("[^ -~]", function(c)
    local named = { ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r", ["\b"] = "\\b" }
    return named[c] or string.format("\\%03d", c:byte())
  end))
end

local function fail(fmt, index, what)
  exn.failwith(string.format('invalid format "%s": at character number %d, %s', M.escaped(fmt), index, what))
end

-- Reads a decimal number at `i` (1-based; the caller saw a digit there);
-- returns it and the next index.
---@param fmt string
---@param i integer
---@return integer n, integer next
local function number(fmt, i)
  local digits = assert(fmt:match("^%d+", i))
  local n = tonumber(digits) --[[@as integer]]
  if n > 2 ^ 28 then
    -- OCaml's own limit is Sys.max_string_length; ocamlrt's is lower.
    exn.failwith(string.format('invalid format "%s": integer %s is greater than the limit %d',
      M.escaped(fmt), digits, 2 ^ 28))
  end
  return n, i + #digits
end

-- Parses `[...]` starting after the `[` at index `i`; returns the set as a
-- 256-entry boolean table (by byte) and the index after `]`.
local function char_set(fmt, i)
  local set, negated = {}, false
  local len = #fmt
  local function need(k)
    if k > len then fail(fmt, len, "unexpected end of format") end
  end
  need(i)
  if fmt:sub(i, i) == "^" then
    negated = true
    i = i + 1
  end
  local first = true
  while true do
    need(i)
    local c = fmt:sub(i, i)
    if c == "]" and not first then break end
    first = false
    local nxt, after = fmt:sub(i + 1, i + 1), fmt:sub(i + 2, i + 2)
    if nxt == "-" and after ~= "]" and after ~= "" then
      for b = c:byte(), after:byte() do set[b] = true end
      i = i + 3
    else
      set[c:byte()] = true
      i = i + 1
    end
  end
  if negated then
    local inverse = {}
    for b = 0, 255 do inverse[b] = not set[b] or nil end
    set = inverse
  end
  return set, i + 1
end

---@type table<string, boolean>
local int_symbols = { d = true, i = true, x = true, X = true, o = true, u = true }
---@type table<string, boolean>
local float_symbols = { f = true, e = true, E = true, g = true, G = true, F = true, h = true, H = true }

-- One parsed conversion (the fields `compile_conversion` in printf.lua and
-- scanf.lua read).
---@class ocamlrt.conversion_spec
---@field ign? boolean
---@field plus? boolean
---@field hash? boolean
---@field space? boolean
---@field padty? "left"|"right"|"zeros"
---@field width? integer|"*"
---@field prec? integer|"*"
---@field padprec_ty? "left"|"right"|"zeros"
---@field padprec? integer|"*"
---@field symb? string
---@field size? string
---@field counter? string
---@field set? table<integer, boolean>

-- Parses one conversion starting at the `%` at index `pct`; returns the
-- item and the index after it.
local function conversion(fmt, pct)
  local len = #fmt
  local i = pct + 1
  local function need()
    if i > len then fail(fmt, len, "unexpected end of format") end
  end
  local spec = {} ---@type ocamlrt.conversion_spec
  need()
  if fmt:sub(i, i) == "_" then
    spec.ign = true
    i = i + 1
  end
  local zero, minus = false, false
  while true do
    need()
    local c = fmt:sub(i, i)
    if c == "0" then zero = true
    elseif c == "-" then minus = true
    elseif c == "+" then spec.plus = true
    elseif c == "#" then spec.hash = true
    elseif c == " " then spec.space = true
    else break end
    i = i + 1
  end
  local padty = minus and "left" or (zero and "zeros" or "right")
  need()
  local c = fmt:sub(i, i)
  if c:match("%d") then
    spec.padty = padty
    spec.width, i = number(fmt, i)
  elseif c == "*" then
    spec.padty, spec.width = padty, "*"
    i = i + 1
  elseif padty == "zeros" then
    spec.padty, spec.width = "right", 0
  end
  need()
  if fmt:sub(i, i) == "." then
    i = i + 1
    need()
    c = fmt:sub(i, i)
    if c == "+" or c == "-" then
      minus = minus or c == "-"
      i = i + 1
      need()
      c = fmt:sub(i, i)
    end
    if c:match("%d") then
      spec.prec, i = number(fmt, i)
    elseif c == "*" then
      spec.prec = "*"
      i = i + 1
    else
      spec.prec = 0
    end
  end
  need()
  -- %s-like conversions take a precision as their padding.
  if spec.padty then
    spec.padprec_ty, spec.padprec = spec.padty, spec.width
  elseif spec.prec ~= nil then
    spec.padprec_ty, spec.padprec = minus and "left" or "right", spec.prec
  end
  local symb = fmt:sub(i, i)
  i = i + 1
  spec.symb = symb
  if (symb == "l" or symb == "n" or symb == "L") and int_symbols[fmt:sub(i, i)] then
    spec.size = symb
    spec.symb = fmt:sub(i, i)
    i = i + 1
  elseif symb == "l" or symb == "n" or symb == "L" or symb == "N" then
    spec.counter = symb
  elseif symb == "[" then
    spec.set, i = char_set(fmt, i)
  elseif symb == "{" or symb == "(" or symb == "r" then
    fail(fmt, i - 2, 'conversion "%' .. symb .. '" is not supported by ocamlrt')
  elseif not (int_symbols[symb] or float_symbols[symb] or symb:match("^[csSCBbat!%%@,]$")) then
    if symb:match("^[-+# _]$") then
      fail(fmt, pct - 1, "flag '" .. symb .. "' is only allowed after the '%', before padding and precision")
    end
    fail(fmt, i - 2, 'invalid conversion "%' .. symb .. '"')
  end
  return spec, i
end

--- Parses an OCaml format string into items (see the module comment).
---@param fmt string
---@return table
function M.parse(fmt)
  if type(fmt) ~= "string" then
    exn.invalid_argument("the format must be a string, got " .. type(fmt))
  end
  local items, text = {}, {}
  local function flush_text()
    if #text > 0 then
      items[#items + 1] = table.concat(text)
      text = {}
    end
  end
  local i, len = 1, #fmt
  while i <= len do
    local plain = fmt:match("^[^%%@]+", i)
    if plain then
      text[#text + 1] = plain
      i = i + #plain
    elseif fmt:sub(i, i) == "@" then
      local c = fmt:sub(i + 1, i + 1)
      if c == "" or (c == "%" and fmt:sub(i + 2, i + 2) ~= "%") then
        text[#text + 1] = "@"
        i = i + 1
      else
        flush_text()
        items[#items + 1] = { at = c }
        i = i + (c == "%" and 3 or 2)
      end
    else
      local spec
      spec, i = conversion(fmt, i)
      if spec.symb == "%" or spec.symb == "@" then
        text[#text + 1] = spec.symb
      elseif spec.symb ~= "," then
        flush_text()
        items[#items + 1] = spec
      end
    end
  end
  flush_text()
  return items
end

--- OCaml's Char.escaped, for a byte.
---@param b integer
---@return string
function M.char_escaped(b)
  local c = string.char(b)
  local named = { ["'"] = "\\'", ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t",
                  ["\r"] = "\\r", ["\b"] = "\\b" }
  if named[c] then return named[c] end
  if b >= 32 and b <= 126 then return c end
  return string.format("\\%03d", b)
end

return M

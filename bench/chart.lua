-- Draws bench/run.lua's results as an SVG bar chart: for each workload, one
-- bar per series giving its time as a multiple of native OCaml's, on a log
-- scale, drawn from the 1x line (native) towards slower (right) or faster
-- (left). A series without a time shows why instead ("not yet", "fails").

local chart = {}

local colours = { "#1f77b4", "#2ca02c", "#ff7f0e", "#9ecae1", "#a1d99b" }

local function escape(s)
  return (tostring(s):gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function ratio(cell, native)
  if cell.status ~= "ok" or native.status ~= "ok" or native.median <= 0 then return nil end
  return math.max(cell.median, 1e-3) / native.median
end

local function log10(x)
  return math.log(x) / math.log(10)
end

-- The decades the axis spans: at least 0.1x .. 10x, widened to the data.
local function axis_range(workloads, rows, series)
  local lo, hi = -1, 1
  for i = 1, #workloads do
    for _, s in ipairs(series) do
      local r = ratio(rows[i][s[1]], rows[i].native)
      if r then
        lo = math.min(lo, math.floor(log10(r)))
        hi = math.max(hi, math.ceil(log10(r)))
      end
    end
  end
  return lo, hi
end

local function format_ratio(r)
  if r >= 10 then return string.format("%.0fx", r) end
  if r >= 0.1 then return string.format("%.1fx", r) end
  return string.format("%.2fx", r)
end

---@param workloads table list of {id, label}
---@param rows table per workload: cells by column key (status, median, text)
---@param series table list of {column key, legend label}
---@param caption string
---@return string svg
function chart.svg(workloads, rows, series, caption)
  local left, plot_w, bar_h, gap, top = 250, 560, 9, 14, 78
  local group_h = #series * bar_h + gap
  local height = top + #workloads * group_h + 40
  local width = left + plot_w + 90
  local lo, hi = axis_range(workloads, rows, series)
  local function x_of(r)
    return left + (log10(r) - lo) / (hi - lo) * plot_w
  end
  local out = {}
  local function add(fmt, ...) out[#out + 1] = string.format(fmt, ...) end
  add('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">',
    width, height)
  add('<rect width="100%%" height="100%%" fill="white"/>')
  add('<text x="10" y="20" font-size="15" font-weight="bold">%s</text>',
    "Time relative to native OCaml (median of runs; log scale; left of 1x is faster)")
  add('<text x="10" y="36" fill="#555">%s</text>', escape(caption))
  for i, s in ipairs(series) do
    local lx = 10 + (i - 1) * 160
    add('<rect x="%d" y="46" width="12" height="12" fill="%s"/>', lx, colours[i])
    add('<text x="%d" y="56">%s</text>', lx + 16, escape(s[2]))
  end
  for d = lo, hi do
    local x = x_of(10 ^ d)
    add('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="%s"/>', x, top - 8, x,
      height - 34, d == 0 and "#000" or "#ddd", d == 0 and "1.5" or "1")
    local label = d < 0 and ("%." .. -d .. "fx"):format(10 ^ d) or ("%dx"):format(10 ^ d)
    add('<text x="%.1f" y="%d" text-anchor="middle">%s</text>', x, height - 20, label)
  end
  add('<text x="%.1f" y="%d" text-anchor="middle" fill="#000">native OCaml</text>', x_of(1), top - 12)
  for i, w in ipairs(workloads) do
    local y0 = top + (i - 1) * group_h
    add('<text x="%d" y="%.1f" text-anchor="end">%s</text>', left - 8, y0 + #series * bar_h / 2 + 4, escape(w[2]))
    for j, s in ipairs(series) do
      local y = y0 + (j - 1) * bar_h
      local cell = rows[i][s[1]]
      local r = ratio(cell, rows[i].native)
      if r then
        local x1, x2 = x_of(1), x_of(r)
        add('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>', math.min(x1, x2), y,
          math.max(math.abs(x2 - x1), 1), bar_h - 1, colours[j])
        add('<text x="%.1f" y="%d" font-size="9" text-anchor="%s">%s</text>', x2 + (r >= 1 and 3 or -3),
          y + bar_h - 1, r >= 1 and "start" or "end", format_ratio(r))
      elseif cell.status ~= "n/a" then
        local why = (cell.text or cell.status):sub(1, 60)
        add('<text x="%.1f" y="%d" font-size="9" fill="#888">%s: %s</text>', x_of(1) + 3, y + bar_h - 1,
          escape(s[2]), escape(why))
      end
    end
  end
  add("</svg>")
  return table.concat(out, "\n") .. "\n"
end

return chart

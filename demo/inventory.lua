-- `make demo`, the Lua half: reads the order that demo/inventory.ml wrote
-- with Marshal on standard input, prices it, takes the goods off the stock
-- (the order's own Hashtbl, changed in place with OCaml's hashing), prints a
-- report with ocamlrt.printf on standard error, and writes the reply, a
-- value of the OCaml type `reply`, with Marshal on standard output.
--
-- The values are plain Lua tables in OCaml's layout (docs/VALUES.md): a
-- record is {0, field1, field2, ...}, `Kilograms x` is {0, x}, a list cell
-- is {0, head, tail}, an int64 is {255, n, caml_custom = "_j"}.
--
-- It runs under Lua 5.4, LuaJIT and Lua 5.1 (`make demo` runs the first
-- two). Lua 5.1 and LuaJIT have one number type, where the float 6.0 is the
-- int 6; so the order is read with every float boxed as OCaml boxes it,
-- {253, x} (`boxed_floats`), and the amounts go back through value.float,
-- which boxes an integral amount such as 18.00 there: OCaml's typed
-- unmarshal of the reply needs a float, not the int 18.

local ocamlrt = require("ocamlrt")
local value, printf, hashtbl, marshal = ocamlrt.value, ocamlrt.printf, ocamlrt.hashtbl, ocamlrt.marshal
local channels = ocamlrt.io

-- Field positions of the OCaml records (field i is at [i + 2]).
local ORDER = { order_id = 2, customer = 3, items = 4, note = 5, stock = 6 }
local ITEM = { sku = 2, name = 3, price = 4, measure = 5, quantity = 6, tags = 7, batch = 8 }

local SALE_DISCOUNT = 0.10
local LOW_STOCK = 5

-- How many units of price one item line is: `Piece` is the constant
-- constructor 0; `Kilograms x` and `Litres x` are blocks with tags 0 and 1.
local function units(item)
  local m = item[ITEM.measure]
  local per_piece = (m == 0) and 1 or value.to_float(m[2])
  return item[ITEM.quantity] * per_piece
end

local function measure_name(m)
  if m == 0 then return "piece" end
  return printf.sprintf("%g %s", m[2], m[1] == 0 and "kg" or "l")
end

local function has_tag(item, tag)
  for _, t in ipairs(value.to_list(item[ITEM.tags])) do
    if t == tag then return true end
  end
  return false
end

local order = marshal.from_channel(channels.stdin, { boxed_floats = true })
local stock = order[ORDER.stock]

printf.eprintf("Lua (%s): order #%Ld for %s, note: %s\n", ocamlrt.interpreter, order[ORDER.order_id],
  order[ORDER.customer], value.to_option(order[ORDER.note]) or "none")

local lines, restock, total, shortage = {}, {}, 0.0, nil
for _, item in ipairs(value.to_list(order[ORDER.items])) do
  local sku = item[ITEM.sku]
  local amount = value.to_float(item[ITEM.price]) * units(item)
  local sale = has_tag(item, "sale")
  if sale then amount = amount * (1 - SALE_DISCOUNT) end
  local left = hashtbl.find(stock, sku) - item[ITEM.quantity]
  if left < 0 then shortage = shortage or printf.sprintf("%s: only %d in stock", sku, left + item[ITEM.quantity]) end
  hashtbl.replace(stock, sku, math.max(left, 0))
  if left < LOW_STOCK then restock[#restock + 1] = sku end
  total = total + amount
  lines[#lines + 1] = value.tuple(sku, value.float(amount))
  printf.eprintf("  %-6s %-18S %3d x %-8s %8.2f%s  batch %Ld, %d left\n", sku, item[ITEM.name], item[ITEM.quantity],
    measure_name(item[ITEM.measure]), amount, sale and " (sale -10%)" or "", item[ITEM.batch], math.max(left, 0))
end
printf.eprintf("  total %.2f over %d lines\n%!", total, #lines)

-- The reply record: for_order, verdict, lines, restock, stock_after, handled_by.
-- `Accepted total` and `Rejected why` are the verdict's tags 0 and 1.
local verdict = shortage and value.variant(1, shortage) or value.variant(0, value.float(total))
local reply = value.record(order[ORDER.order_id], verdict, value.list(lines), value.list(restock), stock,
  "Lua " .. ocamlrt.interpreter .. " + ocamlrt")
marshal.to_channel(channels.stdout, reply)
channels.flush(channels.stdout)

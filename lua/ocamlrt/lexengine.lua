--- One run of the ocamllex automaton on a lexbuf (OCaml's runtime/lexing.c):
--- `run(tables, state, lexbuf, lex_mem)` reads the lexbuf's fields, runs,
--- stores back the start, current and last positions, the last action and
--- the EOF flag (also when it fails, as OCaml's engine does), and returns
--- the action number or a negative state to resume with after a refill.
--- With `lex_mem` (an int array) it is the new engine, whose memory actions
--- update that array in place. It also checks that `lex_curr_p` is a record
--- and `lex_abs_pos` an int, for the positions lexing.lua then makes. The
--- old engine reads the EOF flag only when it reaches the end of the
--- buffer, as OCaml's does (a bad flag fails there). No rule matching
--- raises `Failure "lexing: empty token"`; tables that do not fit the
--- lexbuf, `Invalid_argument`.
---
--- Elsewhere the automaton is native (`_lex_run`, and `_new_lex_run` for
--- the new engine, which take the fields as arguments and return the
--- positions and action to store: Lua reads and stores them far more
--- cheaply than the C API). A native run that fails
--- stores them itself before it raises, and so does one that changes the
--- EOF flag (once in a lexbuf's life).
--- On LuaJIT it is this file's plain Lua over the FFI's view of the tables
--- and the buffer: LuaJIT compiles it with the lexer's own loop into machine
--- code, where any C call would end the trace. There the old engine's
--- tables (up to 4096 states) are also turned once into a table of moves,
--- state by byte, that a token runs through without branches; the end of
--- the buffer, damaged tables and the new engine take the checked moves.

local core = require("ocamlrt.core")
local exn = require("ocamlrt.exn")

local lexengine = {}

local BAD_TABLES = "Lexing.engine: the tables do not fit the lexbuf (bad table, lex_mem or position)"

-- The result of a run, or the exception for a failed one.
local function outcome(r)
  if r then return r end
  if r == false then return exn.failwith("lexing: empty token") end
  return exn.invalid_argument(BAD_TABLES)
end

local lex_run, new_lex_run = core.native._lex_run, core.native._new_lex_run

--- The native run.
---@param tbl table lex_tables
---@param state integer
---@param lb table the lexbuf
---@param mem? table|false lex_mem for the new engine
---@return integer
function lexengine.native_run(tbl, state, lb, mem)
  local engine = mem == nil and lex_run or new_lex_run
  local r, start, curr, last, last_action = engine(tbl, state, lb[3], lb[4], lb[7], lb[10], lb[13], lb[5], lb, mem)
  lb[6], lb[7], lb[8], lb[9] = start, curr, last, last_action
  return r
end

-- The automaton in Lua over FFI pointers (LuaJIT on a little-endian
-- machine: the tables are little-endian 16-bit integers).
local function ffi_run_maker()
  local ok, ffi = pcall(require, "ffi")
  if not (ok and ffi.abi("le")) then return nil end
  local floor, native = math.floor, core.native
  local bytes_length = native.caml_ml_bytes_length
  local u8p, i16p = ffi.typeof("const uint8_t *"), ffi.typeof("const int16_t *")

  local names = { "lex_base", "lex_backtrk", "lex_default", "lex_trans", "lex_check",
                  "lex_base_code", "lex_backtrk_code", "lex_default_code", "lex_trans_code",
                  "lex_check_code", "lex_code" }

  local function invalid(what) exn.invalid_argument("Lexing.engine: " .. what) end
  local function bad_field(name, what) invalid("lexbuf field " .. name .. " is not " .. what) end

  -- An int as the native side reads one: an integral number in int64's range.
  local function is_int(v)
    return type(v) == "number" and v == floor(v) and v >= -2 ^ 63 and v < 2 ^ 63
  end

  -- A string or bytes as a pointer and a length; nil for anything else.
  local function view(v)
    local kind = type(v)
    if kind == "string" then return ffi.cast(u8p, v), #v end
    if kind == "userdata" then
      local is_bytes, n = pcall(bytes_length, v)
      if is_bytes then return ffi.cast(u8p, v), n end
    end
    return nil
  end

  -- A table as a pointer to its entries and their count (16-bit entries;
  -- bytes for lex_code).
  local function entries(p, n, wide)
    if wide then return ffi.cast(i16p, p), floor(n / 2) end
    return p, n
  end

  -- The entry for state `s` (its base entry `base`) on `c` in the tables
  -- from `t[k + 5]` on: the automaton's lex_default, lex_trans and
  -- lex_check (k = 0), or their _code tables (k = 10); nil where they do
  -- not fit.
  local function transition(t, k, s, base, c)
    local i = base + c
    if i < 0 or i >= t[k + 10] then return nil end
    if t[k + 9][i] == s then
      if i >= t[k + 8] then return nil end
      return t[k + 7][i]
    end
    if s >= t[k + 6] then return nil end
    return t[k + 5][s]
  end

  -- The most states a lexer has for the fast moves below (a row of 512
  -- bytes each).
  local FAST_STATES = 4096

  -- The old engine's automaton as a table of its moves, for the fast
  -- moves below, or false for a lexer with more than FAST_STATES states.
  -- States are numbered k = state + 1 (0 is -1, no state). `rows` holds
  -- the state each state goes to on each byte, at 256 * k + byte: what
  -- `move` finds in lex_check, lex_trans and lex_default (a negative
  -- target is 0). A state that does not move (0, a final state) goes to
  -- itself, and so does `stuck` (nstates + 1), which stands for anything
  -- `move` would raise on: a state or transition out of the tables. Then
  -- a run that meets `stuck` is made again by `move`, which raises where
  -- OCaml's engine would read out of its tables. `info` holds four int32
  -- a state, at 4 * k: its lex_backtrk entry (-1 for those that do not
  -- move), whether it moves (1 or 0), and a final state's action.
  local function fast_form(t)
    local nstates = t[2]
    if nstates > FAST_STATES then return false end
    local stuck = nstates + 1
    local rows = ffi.new("int16_t[?]", 256 * (stuck + 1))
    local info = ffi.new("int32_t[?]", 4 * (stuck + 1))
    -- Where `move` goes from state s on byte c (a k).
    local function target(s, c)
      local to = transition(t, 0, s, t[1][s], c)
      if to == nil then return stuck end
      if to < 0 then return 0 end
      return to < nstates and to + 1 or stuck
    end
    for k = 0, stuck do
      local s, at = k - 1, 4 * k
      local base = (s >= 0 and s < nstates) and t[1][s] or -1
      info[at], info[at + 1], info[at + 2] = -1, 0, 0
      if base < 0 then
        if k ~= 0 and k ~= stuck then info[at + 2] = -base - 1 end
        for c = 0, 255 do rows[256 * k + c] = k end
      elseif s < t[4] then
        info[at], info[at + 1] = t[3][s], 1
        for c = 0, 255 do rows[256 * k + c] = target(s, c) end
      else
        -- `move` raises on its lex_backtrk entry: stuck on its first move.
        info[at + 1] = 1
        for c = 0, 255 do rows[256 * k + c] = stuck end
      end
    end
    return { rows = rows, info = info, nstates = nstates, stuck = stuck }
  end

  -- The tables, read once per record: an engine is called with the same
  -- tables for every token. The entry keeps the strings alive while their
  -- pointers are used. (Table records are immutable in OCaml; replacing a
  -- string of a record already used is not seen, as with the native cache.)
  ---@type table<integer, table<table, any>>
  local cache = { [5] = setmetatable({}, { __mode = "k" }), [11] = setmetatable({}, { __mode = "k" }) }
  ---@return any
  local function prepare(tbl, count)
    if type(tbl) ~= "table" then invalid("argument is not a Lexing.lex_tables") end
    local t = {}
    t.keep = {}
    for i = 1, count do
      local p, n = view(tbl[i + 1])
      if not p then invalid(names[i] .. " is not a string") end
      t.keep[i] = tbl[i + 1]
      t[2 * i - 1], t[2 * i] = entries(p, n, i ~= 11)
    end
    if count == 5 then t.fast = fast_form(t) end
    cache[count][tbl] = t
    return t
  end

  -- The moves of lex_code from `pc` up to the 0xff end mark: a source 0xff
  -- stores `fresh`, any other copies a slot. False when they do not fit.
  local function moves(code, ncode, pc, mem, nmem, fresh)
    local at = pc
    if at < 0 then return false end
    while true do
      if at >= ncode then return false end
      local dst = code[at]
      if dst == 0xff then return true end
      if at + 1 >= ncode then return false end
      local src = code[at + 1]
      at = at + 2
      local v = fresh
      if src ~= 0xff then
        if src >= nmem then return false end
        v = mem[src + 2]
      end
      if dst >= nmem then return false end
      mem[dst + 2] = v
    end
  end

  -- A tag action at `state` (its lex_backtrk_code or lex_base_code entry).
  local function tags(t, table_at, state, mem, nmem)
    local p, n = t[table_at], t[table_at + 1]
    if state >= n then return false end
    return moves(t[21], t[22], p[state], mem, nmem, -1)
  end

  -- The memory action on the transition from `previous` on `c`.
  local function memory(t, previous, c, mem, nmem, curr)
    if previous >= t[12] then return false end
    local pc = transition(t, 10, previous, t[11][previous], c)
    if pc == nil then return false end
    if pc > 0 then return moves(t[21], t[22], pc, mem, nmem, curr) end
    return true
  end

  -- The number of slots of lex_mem, all of them ints, or an error.
  local function mem_slots(mem)
    if type(mem) ~= "table" then bad_field("lex_mem", "an int array") end
    local n = #mem - 1
    for i = 2, n + 1 do
      if not is_int(mem[i]) then bad_field("lex_mem", "an int array") end
    end
    return n
  end

  -- One move of the automaton from `state`: whether to go on, the new
  -- state, positions and EOF flag, and the result when it stops (nil
  -- while going on, and when the tables do not fit).
  ---@return boolean go, number state, number curr, number last, number last_action, boolean eof, number|false|nil r
  local function move(t, mem, nmem, ptr, nbytes, len, state, curr, last, last_action, eof)
    if state >= t[2] then return false, state, curr, last, last_action, eof, nil end
    local base = t[1][state]
    if base < 0 then
      local r = nil
      if mem == nil or tags(t, 11, state, mem, nmem) then r = -base - 1 end
      return false, state, curr, last, last_action, eof, r
    end
    if state >= t[4] then return false, state, curr, last, last_action, eof, nil end
    local backtrk = t[3][state]
    if backtrk >= 0 then
      if mem ~= nil and not tags(t, 13, state, mem, nmem) then
        return false, state, curr, last, last_action, eof, nil
      end
      last, last_action = curr, backtrk
    end
    local c ---@type integer
    if curr >= len then
      if not eof then return false, state, curr, last, last_action, eof, -state - 1 end
      c = 256
    else
      local at = curr
      curr = curr + 1 -- also when the read fails, as the native run does
      if at < 0 or at >= nbytes then return false, state, curr, last, last_action, eof, nil end
      c = ptr[at]
    end
    local previous, to = state, transition(t, 0, state, base, c)
    if to == nil then return false, state, curr, last, last_action, eof, nil end
    state = to
    if state < 0 then
      return false, state, last, last, last_action, eof, last_action ~= -1 and last_action or false
    end
    if mem ~= nil and not memory(t, previous, c, mem, nmem, curr) then
      return false, state, curr, last, last_action, eof, nil
    end
    -- The EOF condition is erased only when the automaton consumed the
    -- EOF pseudo-character (no backtrack above).
    if c == 256 then eof = false end
    return true, state, curr, last, last_action, eof, nil
  end

  local bit = require("bit")
  local band, bor, bxor, arshift, lshift = bit.band, bit.bor, bit.bxor, bit.arshift, bit.lshift

  -- One move over `fast_form` tables from state k on byte c at position
  -- `at`, and `n`, the count of moves made, counting it: the same as
  -- `move`'s, except that a state that does not move stays as it is. No
  -- branch, so LuaJIT compiles it into straight code whatever the input:
  -- the backtrack entry is picked by a mask.
  local function fast_move(rows, info, k, c, at, last, last_action, n)
    local i = lshift(k, 2)
    local backtrk = info[i]
    local keep = arshift(backtrk, 31) -- -1 when there is no backtrack action
    last = bxor(at, band(keep, bxor(at, last)))
    last_action = bxor(backtrk, band(keep, bxor(backtrk, last_action)))
    return rows[bor(lshift(k, 8), c)], last, last_action, n + info[bor(i, 1)]
  end

  -- The old engine's moves over `fast_form` tables, with the same results
  -- as `move`'s (whether to go on, the state, positions and result) from a
  -- state of the tables, a current position within the buffer and
  -- positions that fit 32 bits. At the end of the buffer it leaves the
  -- rest to `move`, and where the tables do not fit (`stuck`) the whole
  -- run. The first two moves are made whether or not the token ended
  -- (most tokens end within them), so that a lexer's loop that calls this
  -- meets neither a branch nor an inner loop on its common path: LuaJIT
  -- compiles it into one trace, and the longer tokens go from a side exit
  -- into the loop's own trace, compiled once and for all below. (Moves
  -- with branches made a tree of side traces that depended on which paths
  -- got hot first, and ran at twice the time in some processes.)
  ---@return boolean go, integer state, number curr, number last, number last_action, integer|false|nil r
  local function fast_moves(f, ptr, len, state, curr, last, last_action)
    local rows, info = f.rows, f.info
    local k, l, a, n = state + 1, last, last_action, 0
    if curr + 2 <= len then
      k, l, a, n = fast_move(rows, info, k, ptr[curr], curr, l, a, n)
      k, l, a, n = fast_move(rows, info, k, ptr[curr + 1], curr + 1, l, a, n)
    end
    while info[bor(lshift(k, 2), 1)] ~= 0 do
      if curr + n >= len then return true, k - 1, curr + n, l, a, nil end
      k, l, a, n = fast_move(rows, info, k, ptr[curr + n], curr + n, l, a, n)
    end
    if k == f.stuck then return true, state, curr, last, last_action, nil end
    -- It stops in 0, backtracking to the last position, or in a final
    -- state, with its action.
    local dead = arshift(k - 1, 31)
    local action = info[bor(lshift(k, 2), 2)]
    action = bxor(action, band(dead, bxor(action, a)))
    return false, k - 1, bxor(curr + n, band(dead, bxor(curr + n, l))), l, a, action ~= -1 and action
  end

  -- The loop of `fast_moves` run once on a long token (a one-state
  -- automaton that takes every byte), so that LuaJIT compiles it now, as
  -- a loop. A lexer's loop that meets it later while it is recorded as a
  -- root trace is then abandoned (and recorded again on a short token)
  -- rather than compiled around that one long token, which left most
  -- tokens to a side trace in some processes; and the side trace of the
  -- longer tokens goes into this loop rather than unrolling it. Nothing
  -- else of the JIT is touched.
  do
    local rows, info = ffi.new("int16_t[?]", 3 * 256), ffi.new("int32_t[?]", 3 * 4)
    for c = 0, 255 do rows[256 + c] = 1 end
    info[4], info[5] = -1, 1
    local text = string.rep("a", 2000)
    fast_moves({ rows = rows, info = info, stuck = 2 }, ffi.cast(u8p, text), #text, 0, 0, 0, -1)
  end

  local last_buf, last_ptr, last_len = nil, nil, 0
  -- The last tables of the old engine, before any table lookup.
  local last_tbl, last_t = nil, nil

  return function(tbl, state, lb, mem)
    local t ---@type any the tables: FFI pointers and counts
    if mem == nil then
      if tbl == last_tbl then
        t = last_t
      else
        t = cache[5][tbl] or prepare(tbl, 5)
        last_tbl, last_t = tbl, t
      end
    else
      t = cache[11][tbl] or prepare(tbl, 11)
    end
    ---@cast t -?
    if not is_int(state) then invalid("the state is not an int") end
    local buf = lb[3]
    if buf ~= last_buf then
      local p, n = view(buf)
      if not p then bad_field("lex_buffer", "a string or bytes") end
      last_buf, last_ptr, last_len = buf, p, n
    end
    local nbytes = last_len
    local len, curr = lb[4], lb[7]
    if not is_int(len) then bad_field("lex_buffer_len", "an int") end
    if not is_int(curr) then bad_field("lex_curr_pos", "an int") end
    -- The old engine reads the EOF flag only at the end of the buffer, as
    -- OCaml's does (and the native run): a bad one fails there, below.
    local e, eof = lb[10], nil
    if type(e) == "boolean" then
      eof = e
    elseif type(e) == "number" then
      eof = e ~= 0
    elseif mem ~= nil then
      bad_field("lex_eof_reached", "a bool")
    end
    -- A run from a start state sets these before reading them (the native
    -- run reads them only to resume).
    local start, last, last_action = curr, curr, -1 ---@type number, number, number
    local fits = true -- last and last_action fit 32 bits (`fast_moves`)
    if state < 0 then
      start, last, last_action = lb[6], lb[8], lb[9]
      if not is_int(start) then bad_field("lex_start_pos", "an int") end
      if not is_int(last) then bad_field("lex_last_pos", "an int") end
      if not is_int(last_action) then bad_field("lex_last_action", "an int") end
      state = -(state + 1)
      fits = last >= -2 ^ 31 and last < 2 ^ 31 and last_action >= -2 ^ 31 and last_action < 2 ^ 31
    end
    if type(lb[13]) ~= "table" then bad_field("lex_curr_p", "a position") end
    if not is_int(lb[5]) then bad_field("lex_abs_pos", "an int") end
    local nmem = mem ~= nil and mem_slots(mem) or 0
    local eof_before = eof
    -- The old engine on tables that fit takes the fast moves; `move`
    -- does the rest (the end of the buffer) and everything else.
    local go, r = true, nil ---@type boolean, number|false|nil
    local f = mem == nil and t.fast
    if f and state < f.nstates and curr >= 0 and curr <= len and len <= nbytes and len < 2 ^ 31 and fits then
      go, state, curr, last, last_action, r = fast_moves(f, last_ptr, len, state, curr, last, last_action)
    end
    while go do
      go, state, curr, last, last_action, eof, r =
        move(t, mem, nmem, last_ptr, nbytes, len, state, curr, last, last_action, eof)
    end
    if eof == nil and r and r < 0 then bad_field("lex_eof_reached", "a bool") end
    lb[6], lb[7], lb[8], lb[9] = start, curr, last, last_action
    if eof ~= eof_before then lb[10] = eof and 1 or 0 end
    if r then return r end
    return outcome(r)
  end
end

--- The run this interpreter uses.
lexengine.run = (rawget(_G, "jit") and ffi_run_maker()) or lexengine.native_run

--- What `Lexing.engine` adds to the automaton: unless the lexbuf keeps no
--- positions (its lex_curr_p is `dummy_pos` itself), the old current
--- position becomes the start, and a copy with `pos_cnum = abs_pos +
--- curr_pos` the current (a run checked both fields).
---@param lb table
---@param dummy_pos table
function lexengine.update_positions(lb, dummy_pos)
  local p = lb[13]
  if p ~= dummy_pos then
    lb[12] = p
    lb[13] = { 0, p[2], p[3], p[4], lb[5] + lb[7] }
  end
end

-- The native entry point of one engine call, the run's Lua side written
-- inline (on Lua 5.4 each function call costs as much as a sixth of the
-- whole token): with `dummy_pos`, also the positions (`lexing.scan`).
-- `finish(tables, r, lexbuf)` takes over when the run asked for a refill
-- (`r` negative). The lexbuf last found to be a table is remembered, so a
-- lexer's later tokens skip `type` (a C call); it stays alive until
-- another lexbuf is used, as the native run's cache keeps the last buffer.
-- (The stores are one a statement: a multiple assignment copies its
-- values to registers first. The two cases are two functions, so that no
-- token tests which it is; the one with positions keeps `lex_curr_p` and
-- `lex_abs_pos`, which the run checked, in locals for the new position.)
local function native_entry(not_a_lexbuf, finish, dummy_pos)
  local checked = nil
  if not dummy_pos then
    return function(tbl, state, lb)
      if lb ~= checked then
        if type(lb) ~= "table" then not_a_lexbuf() end
        checked = lb
      end
      local r, start, curr, last, last_action = lex_run(tbl, state, lb[3], lb[4], lb[7], lb[10], lb[13], lb[5], lb)
      lb[6] = start
      lb[7] = curr
      lb[8] = last
      lb[9] = last_action
      if r < 0 then return finish(tbl, r, lb) end
      return r
    end
  end
  return function(tbl, state, lb)
    if lb ~= checked then
      if type(lb) ~= "table" then not_a_lexbuf() end
      checked = lb
    end
    local p, abs_pos = lb[13], lb[5]
    local r, start, curr, last, last_action = lex_run(tbl, state, lb[3], lb[4], lb[7], lb[10], p, abs_pos, lb)
    lb[6] = start
    lb[7] = curr
    lb[8] = last
    lb[9] = last_action
    if r < 0 then return finish(tbl, r, lb) end
    -- dummy_pos's pos_cnum is -1: most positions differ there, without
    -- the call a comparison of two tables costs on 5.4.
    if p[5] ~= -1 or p ~= dummy_pos then
      lb[12] = p
      lb[13] = { 0, p[2], p[3], p[4], abs_pos + curr }
    end
    return r
  end
end

--- The per-token function of a lexer (`lexing.scan`, the old engine) in
--- one function: the run and the positions. `finish(tables, r, lexbuf)`
--- takes over when the run asked for a refill (`r` negative).
---@param dummy_pos table
---@param finish fun(tbl: table, r: integer, lb: table): integer
---@return fun(tbl: table, state: integer, lb: table): integer
function lexengine.scanner(dummy_pos, finish)
  local run, update_positions = lexengine.run, lexengine.update_positions
  local function not_a_lexbuf() exn.invalid_argument("Lexing.engine: argument is not a Lexing.lexbuf") end
  if run == lexengine.native_run then return native_entry(not_a_lexbuf, finish, dummy_pos) end
  return function(tbl, state, lb)
    if type(lb) ~= "table" then not_a_lexbuf() end
    local r = run(tbl, state, lb)
    if r < 0 then return finish(tbl, r, lb) end
    update_positions(lb, dummy_pos)
    return r
  end
end

--- The old engine as the primitive `name` (`caml_lex_engine`: one run,
--- no positions, which compiled code makes itself); nil where the run is
--- not native, whose callers go through `lexengine.run`.
---@param name string
---@return (fun(tbl: table, state: integer, lb: table): integer)|nil
function lexengine.native_engine(name)
  if lexengine.run ~= lexengine.native_run then return nil end
  local function not_a_lexbuf() exn.invalid_argument(name .. ": argument is not a Lexing.lexbuf") end
  return native_entry(not_a_lexbuf, function(_, r) return r end)
end

return lexengine

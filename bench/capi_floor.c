/* The C API floor of `make bench` (not part of ocamlrt): the least Lua C
 * API traffic that a native compare, hash or lexer must do for the
 * benchmark's values, with none of the OCaml work (no classification
 * beyond the kinds the result depends on) but the hash's own arithmetic
 * and the lexer's automaton. Built for lua5.4 and LuaJIT by the
 * Makefile's bench target.
 *
 *   walk_lists(a, b): walks two int lists cell by cell while their tags,
 *     sizes and heads agree, as compare must (tag, length and both fields
 *     of every cell, and the physical-equality check compare.c makes
 *     before looking inside); returns the number of cells. Each call is
 *     one compare needs: the tail's type comes with lua_rawgeti's result
 *     where it has one (5.3+), the tails move with lua_copy.
 *   read_tuple(count, limit, seed, t): one call per tuple, with the
 *     arguments of caml_hash: the three integer parameters and the tuple's
 *     tag, length, int field and string field, as hash must read them
 *     (the value's type, and the int told from a float: their hashes
 *     differ, where compare can order ints and floats alike);
 *     returns OCaml's hash of the tuple (MurmurHash3 written out for this
 *     one shape, as the plain Lua floor does: the mixing is work every
 *     hash does; count and limit change nothing for this shape).
 *   lex_tables(tables): keeps pointers to a Lexing.lex_tables record's
 *     five automaton tables, as a native engine keeps them from token to
 *     token, and the record alive (in the registry).
 *   lex_token(tables, state, buffer, buffer_len, curr_pos, eof_reached):
 *     one call per token taking what a native ocamllex engine must read
 *     (which tables, the start state, the buffer's bytes and length, the
 *     lexbuf's length, current position and EOF flag), running the
 *     automaton (OCaml's lexing.c engine from a start state, with no
 *     bounds checks: the tables are trusted) and returning what it must
 *     give back (an action, the current and last positions, the last
 *     action). The one work every lexer does, the automaton, is in; no
 *     check of the arguments' types or the tables' sizes is.
 *   read_marshalled_string(s): what a native reader of a marshalled
 *     string must do at least: the header's magic, the string's code and
 *     length read, and its bytes pushed as a new Lua string. A Lua string
 *     owns its bytes, so this copy is one every Lua reader makes
 *     (js_of_ocaml's reader makes none: its string is a slice of the
 *     input's).
 */
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>

#if LUA_VERSION_NUM < 502
#define lua_rawlen lua_objlen
#endif

/* lua_rawgeti, returning the type it pushed (5.1 and LuaJIT return none). */
static int rawgeti_type(lua_State *L, int idx, int n) {
#if LUA_VERSION_NUM >= 503
  return lua_rawgeti(L, idx, n);
#else
  lua_rawgeti(L, idx, n);
  return lua_type(L, -1);
#endif
}

static int walk_lists(lua_State *L) {
  lua_Integer cells = 0;
  int type_a, type_b;
  lua_settop(L, 2);
  type_a = lua_type(L, 1);
  type_b = lua_type(L, 2);
  while (type_a == LUA_TTABLE && type_b == LUA_TTABLE && !lua_rawequal(L, 1, 2)) {
    lua_Integer tag_a, tag_b, head_a, head_b;
    size_t len_a = lua_rawlen(L, 1), len_b = lua_rawlen(L, 2);
    lua_rawgeti(L, 1, 1);
    lua_rawgeti(L, 2, 1);
    tag_a = lua_tointeger(L, 3);
    tag_b = lua_tointeger(L, 4);
    lua_rawgeti(L, 1, 2);
    lua_rawgeti(L, 2, 2);
    head_a = lua_tointeger(L, 5);
    head_b = lua_tointeger(L, 6);
    if (tag_a != tag_b || len_a != len_b || head_a != head_b) break;
    type_a = rawgeti_type(L, 1, 3);
    type_b = rawgeti_type(L, 2, 3);
    lua_copy(L, -2, 1);
    lua_copy(L, -1, 2);
    lua_settop(L, 2);
    cells++;
  }
  lua_pushinteger(L, cells);
  return 1;
}

/* One MurmurHash3 round and the final avalanche, on 32-bit words. */
static uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static uint32_t mix32(uint32_t h, uint32_t d) {
  d = rotl32(d * 0xcc9e2d51u, 15) * 0x1b873593u;
  return rotl32(h ^ d, 13) * 5 + 0xe6546b64u;
}

static uint32_t final32(uint32_t h) {
  h = (h ^ (h >> 16)) * 0x85ebca6bu;
  h = (h ^ (h >> 13)) * 0xc2b2ae35u;
  return h ^ (h >> 16);
}

/* The number at idx as an int, or 0 when it is a float: a hash must tell
   them apart, their hashes differ (3 and 3.0 on 5.3+, which has the
   subtypes; on LuaJIT an integral number is an int). */
static int int_value(lua_State *L, int idx, lua_Integer *n) {
#if LUA_VERSION_NUM >= 503
  if (!lua_isinteger(L, idx)) return 0;
  *n = lua_tointeger(L, idx);
  return 1;
#else
  lua_Number x = lua_tonumber(L, idx);
  *n = (lua_Integer)x;
  return (lua_Number)*n == x;
#endif
}

static int read_tuple(lua_State *L) {
  size_t len = 0, at;
  lua_Integer count = lua_tointeger(L, 1), limit = lua_tointeger(L, 2), seed = lua_tointeger(L, 3);
  lua_Integer tag, field;
  size_t size;
  const unsigned char *s;
  uint32_t h, tail = 0;
  uint64_t n;
  if (lua_type(L, 4) != LUA_TTABLE) return luaL_error(L, "read_tuple: not a tuple");
  size = lua_rawlen(L, 4);
  lua_rawgeti(L, 4, 1);
  lua_rawgeti(L, 4, 2);
  lua_rawgeti(L, 4, 3);
  tag = lua_tointeger(L, -3);
  if (!int_value(L, -2, &field)) return luaL_error(L, "read_tuple: the first field is not an int");
  s = (const unsigned char *)lua_tolstring(L, -1, &len);
  /* The header (size and tag), the int as OCaml's tagged 2n+1 folded to
     32 bits, the string by little-endian words, its length. */
  h = mix32((uint32_t)seed, (uint32_t)(((size - 1) << 10) | (size_t)tag));
  n = (uint64_t)field * 2 + 1;
  h = mix32(h, (uint32_t)((n >> 32) ^ (uint64_t)((int64_t)n >> 63) ^ n));
  for (at = 0; at + 4 <= len; at += 4)
    h = mix32(h, s[at] | (uint32_t)s[at + 1] << 8 | (uint32_t)s[at + 2] << 16 | (uint32_t)s[at + 3] << 24);
  if (at < len) {
    for (size_t k = len; k > at; k--) tail = tail << 8 | s[k - 1];
    h = mix32(h, tail);
  }
  h = final32(h ^ (uint32_t)len) & 0x3fffffffu;
  (void)count; /* read as caml_hash must; this shape needs no more of them */
  (void)limit;
  lua_pushinteger(L, (lua_Integer)h);
  return 1;
}

/* The automaton's tables (lex_base, lex_backtrk, lex_default, lex_trans,
   lex_check: little-endian 16-bit entries) and the record they came from. */
static const unsigned char *lex_table[5];
static const void *lex_record;

static int lex_tables(lua_State *L) {
  for (int i = 0; i < 5; i++) {
    lua_rawgeti(L, 1, i + 2);
    lex_table[i] = (const unsigned char *)lua_tostring(L, -1);
    if (lex_table[i] == NULL) return luaL_error(L, "lex_tables: not a Lexing.lex_tables");
  }
  lex_record = lua_topointer(L, 1);
  lua_settop(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, "capi_floor.lex_tables");
  return 0;
}

static int entry16(int table, lua_Integer i) {
  const unsigned char *p = lex_table[table] + 2 * i;
  return (int16_t)(p[0] | p[1] << 8);
}

static int lex_token(lua_State *L) {
  const void *tables = lua_topointer(L, 1);
  lua_Integer state = lua_tointeger(L, 2);
  const unsigned char *bytes = lua_touserdata(L, 3);
  size_t size = lua_rawlen(L, 3);
  lua_Integer len = lua_tointeger(L, 4), curr = lua_tointeger(L, 5);
  int eof = lua_tointeger(L, 6) != 0;
  lua_Integer last = curr, last_action = -1, action;
  if (tables != lex_record || state < 0 || (size_t)len > size)
    return luaL_error(L, "lex_token: not the tables of lex_tables, a start state or a buffer");
  for (;;) {
    int base = entry16(0, state), backtrk = entry16(1, state), c;
    if (base < 0) {
      action = -base - 1;
      break;
    }
    if (backtrk >= 0) {
      last = curr;
      last_action = backtrk;
    }
    if (curr < len) {
      c = bytes[curr++];
    } else if (eof) {
      c = 256;
    } else {
      action = -state - 1;
      break;
    }
    state = entry16(4, base + c) == state ? entry16(3, base + c) : entry16(2, state);
    if (state < 0) {
      if (last_action < 0) return luaL_error(L, "lexing: empty token");
      curr = last;
      action = last_action;
      break;
    }
    if (c == 256) eof = 0; /* the end is read once (the flag's store is left out) */
  }
  lua_pushinteger(L, action);
  lua_pushinteger(L, curr);
  lua_pushinteger(L, last);
  lua_pushinteger(L, last_action);
  return 4;
}

static uint32_t big_endian32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int read_marshalled_string(lua_State *L) {
  size_t size = 0;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &size);
  uint32_t len;
  /* A 20-byte small header, then CODE_STRING32 (0x0A) and the length. */
  if (size < 25 || big_endian32(s) != 0x8495A6BEu || s[20] != 0x0A)
    return luaL_error(L, "read_marshalled_string: not a marshalled long string");
  len = big_endian32(s + 21);
  if (len > size - 25) return luaL_error(L, "read_marshalled_string: truncated");
  lua_pushlstring(L, (const char *)s + 25, len);
  return 1;
}

int luaopen_capi_floor(lua_State *L) {
  lua_createtable(L, 0, 5);
  lua_pushcfunction(L, read_marshalled_string);
  lua_setfield(L, -2, "read_marshalled_string");
  lua_pushcfunction(L, lex_token);
  lua_setfield(L, -2, "lex_token");
  lua_pushcfunction(L, lex_tables);
  lua_setfield(L, -2, "lex_tables");
  lua_pushcfunction(L, walk_lists);
  lua_setfield(L, -2, "walk_lists");
  lua_pushcfunction(L, read_tuple);
  lua_setfield(L, -2, "read_tuple");
  return 1;
}

---@meta ocamlrt.native
-- Types of the native module (ocamlrt.so) and of every `caml_*` primitive in
-- `ocamlrt.primitives`, for LuaLS / EmmyLua: editors and `emmylua_check`
-- read this file; Lua never loads it. Installed next to the shims, so a
-- workspace whose `workspace.library` holds the tree's `share/lua/<version>`
-- folder gets completion and type errors for `ocamlrt.primitives.caml_*`.
-- The signatures are those of OCaml's runtime (0-based offsets); an OCaml
-- value is `any`, bytes and channels are userdata, an OCaml bool or unit
-- result is the integer 0/1 or 0; the Int32 / Int64 / Nativeint arithmetic
-- of compiled code works on plain numbers (docs/VALUES.md).
-- spec/native_types_spec.lua checks that this file names exactly the
-- primitives there are.

---@class ocamlrt.primitives
local P = {}

-- ---- strings and bytes ----

---@param len integer
---@return userdata bytes
function P.caml_create_bytes(len) end
---@param b string|userdata
---@param i integer
---@return integer char
function P.caml_bytes_get(b, i) end
---@param b string|userdata
---@param i integer
---@return integer char
function P.caml_bytes_unsafe_get(b, i) end
---@param s string|userdata
---@param i integer
---@return integer char
function P.caml_string_get(s, i) end
---@param s string|userdata
---@param i integer
---@return integer char
function P.caml_string_unsafe_get(s, i) end
---@param b userdata
---@param i integer
---@param c integer
---@return integer unit
function P.caml_bytes_set(b, i, c) end
---@param b userdata
---@param i integer
---@param c integer
---@return integer unit
function P.caml_bytes_unsafe_set(b, i, c) end
---@param b string|userdata
---@return integer
function P.caml_ml_bytes_length(b) end
---@param s string|userdata
---@return integer
function P.caml_ml_string_length(s) end
---@param src string|userdata
---@param src_ofs integer
---@param dst userdata
---@param dst_ofs integer
---@param len integer
---@return integer unit
function P.caml_blit_bytes(src, src_ofs, dst, dst_ofs, len) end
---@param src string|userdata
---@param src_ofs integer
---@param dst userdata
---@param dst_ofs integer
---@param len integer
---@return integer unit
function P.caml_blit_string(src, src_ofs, dst, dst_ofs, len) end
---@param b userdata
---@param ofs integer
---@param len integer
---@param c integer
---@return integer unit
function P.caml_fill_bytes(b, ofs, len, c) end
---@param s string|userdata
---@return userdata bytes
function P.caml_bytes_of_string(s) end
---@param b string|userdata
---@return string
function P.caml_string_of_bytes(b) end
---@param b string|userdata
---@return string
function P.caml_bytes_to_string(b) end
---@param s string|userdata
---@param ofs integer
---@param len integer
---@return string
function P.caml_string_sub(s, ofs, len) end
---@param b string|userdata
---@param ofs integer
---@param len integer
---@return userdata bytes
function P.caml_bytes_sub(b, ofs, len) end
---@param a string|userdata
---@param b string|userdata
---@return string
function P.caml_string_concat(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return userdata bytes
function P.caml_bytes_concat(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer -1, 0 or 1
function P.caml_string_compare(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer -1, 0 or 1
function P.caml_bytes_compare(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_string_equal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_bytes_equal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_string_notequal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_bytes_notequal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_string_lessthan(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_bytes_lessthan(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_string_lessequal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_bytes_lessequal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_string_greaterthan(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_bytes_greaterthan(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_string_greaterequal(a, b) end
---@param a string|userdata
---@param b string|userdata
---@return integer bool
function P.caml_bytes_greaterequal(a, b) end
---@param s string|userdata
---@param i integer
---@return integer the 16 bits at `i`, unsigned, little-endian
function P.caml_string_get16(s, i) end
---@param s string|userdata
---@param i integer
---@return integer int32 the 32 bits at `i`, little-endian
function P.caml_string_get32(s, i) end
---@param s string|userdata
---@param i integer
---@return integer int64 the 64 bits at `i`, little-endian
function P.caml_string_get64(s, i) end
---@param b string|userdata
---@param i integer
---@return integer the 16 bits at `i`, unsigned, little-endian
function P.caml_bytes_get16(b, i) end
---@param b string|userdata
---@param i integer
---@return integer int32 the 32 bits at `i`, little-endian
function P.caml_bytes_get32(b, i) end
---@param b string|userdata
---@param i integer
---@return integer int64 the 64 bits at `i`, little-endian
function P.caml_bytes_get64(b, i) end
---@param b userdata
---@param i integer
---@param v integer
---@return integer unit
function P.caml_bytes_set16(b, i, v) end
---@param b userdata
---@param i integer
---@param v integer an int32
---@return integer unit
function P.caml_bytes_set32(b, i, v) end
---@param b userdata
---@param i integer
---@param v integer an int64
---@return integer unit
function P.caml_bytes_set64(b, i, v) end

-- ---- values, compare, hash ----

---@param v any
---@return integer tag (1000 for an int)
function P.caml_obj_tag(v) end
---@param a any
---@param b any
---@return integer -1, 0 or 1
function P.caml_compare(a, b) end
---@param a any
---@param b any
---@return integer bool
function P.caml_equal(a, b) end
---@param a any
---@param b any
---@return integer bool
function P.caml_notequal(a, b) end
---@param a any
---@param b any
---@return integer bool
function P.caml_lessthan(a, b) end
---@param a any
---@param b any
---@return integer bool
function P.caml_lessequal(a, b) end
---@param a any
---@param b any
---@return integer bool
function P.caml_greaterthan(a, b) end
---@param a any
---@param b any
---@return integer bool
function P.caml_greaterequal(a, b) end
---@param a integer
---@param b integer
---@return integer -1, 0 or 1
function P.caml_int_compare(a, b) end
---@param a number|ocamlrt.boxed_float
---@param b number|ocamlrt.boxed_float
---@return integer -1, 0 or 1
function P.caml_float_compare(a, b) end
---@param count integer meaningful values to mix
---@param limit integer values to look at
---@param seed integer
---@param v any
---@return integer
function P.caml_hash(count, limit, seed, v) end
---@param h integer
---@param d integer
---@return integer
function P.caml_hash_mix_int(h, d) end
---@param h integer
---@param x number|ocamlrt.boxed_float
---@return integer
function P.caml_hash_mix_float(h, x) end
---@param h integer
---@param v any an int64
---@return integer
function P.caml_hash_mix_int64(h, v) end
---@param h integer
---@param s string|userdata
---@return integer
function P.caml_hash_mix_string(h, s) end
---@param h integer
---@return integer
function P.caml_hash_mix_final(h) end
---@param seed integer
---@param s string|userdata
---@return integer
function P.caml_string_hash(seed, s) end

-- ---- Printf and conversions ----

---@param fmt string|userdata
---@param n integer
---@return string
function P.caml_format_int(fmt, n) end
---@param n integer
---@return string `caml_format_int("%d", n)`
function P.caml_format_int_special(n) end
---@param fmt string|userdata
---@param n any an int32
---@return string
function P.caml_int32_format(fmt, n) end
---@param fmt string|userdata
---@param n any an int64
---@return string
function P.caml_int64_format(fmt, n) end
---@param fmt string|userdata
---@param n any a nativeint
---@return string
function P.caml_nativeint_format(fmt, n) end
---@param fmt string|userdata
---@param x number|ocamlrt.boxed_float
---@return string
function P.caml_format_float(fmt, x) end
---@param x number|ocamlrt.boxed_float
---@param prec integer digits, negative for as many as needed
---@param style integer the char code of '-', '+' or ' '
---@return string
function P.caml_hexstring_of_float(x, prec, style) end
---@param s string|userdata
---@return integer
function P.caml_int_of_string(s) end
---@param s string|userdata
---@return table int32
function P.caml_int32_of_string(s) end
---@param s string|userdata
---@return table int64
function P.caml_int64_of_string(s) end
---@param s string|userdata
---@return table nativeint
function P.caml_nativeint_of_string(s) end
---@param s string|userdata
---@return number
function P.caml_float_of_string(s) end

-- ---- Marshal ----

---@param v any
---@param flags any an OCaml list of Marshal flags (0 for [])
---@return string
function P.caml_output_value_to_string(v, flags) end
---@param v any
---@param flags any
---@return userdata bytes
function P.caml_output_value_to_bytes(v, flags) end
---@param buf userdata
---@param ofs integer
---@param len integer
---@param v any
---@param flags any
---@return integer length written
function P.caml_output_value_to_buffer(buf, ofs, len, v, flags) end
---@param ch userdata channel
---@param v any
---@param flags any
---@return integer unit
function P.caml_output_value(ch, v, flags) end
---@param ch userdata channel
---@param boxed_floats? boolean every float as {253, x}
---@return any
function P.caml_input_value(ch, boxed_floats) end
---@param ch userdata channel
---@param boxed_floats? boolean every float as {253, x}
---@return any
function P.caml_input_value_to_outside_heap(ch, boxed_floats) end
---@param s string|userdata
---@param ofs integer
---@param boxed_floats? boolean every float as {253, x}
---@return any
function P.caml_input_value_from_string(s, ofs, boxed_floats) end
---@param s string|userdata
---@param ofs integer
---@param boxed_floats? boolean every float as {253, x}
---@return any
function P.caml_input_value_from_bytes(s, ofs, boxed_floats) end
---@param s string|userdata
---@param ofs integer
---@return integer
function P.caml_marshal_data_size(s, ofs) end

-- ---- channels ----

---@param path string|userdata
---@param flags any an OCaml list of open_flag
---@param perm integer
---@return integer descriptor
function P.caml_sys_open(path, flags, perm) end
---@param fd integer
---@return integer unit
function P.caml_sys_close(fd) end
---@param fd integer
---@return userdata channel
function P.caml_ml_open_descriptor_in(fd) end
---@param fd integer
---@return userdata channel
function P.caml_ml_open_descriptor_out(fd) end
---@param ch userdata
---@return integer unit
function P.caml_ml_close_channel(ch) end
---@param ch userdata
---@param name string|userdata
---@return integer unit
function P.caml_ml_set_channel_name(ch, name) end
---@param ch userdata
---@return integer descriptor
function P.caml_channel_descriptor(ch) end
---@return any an OCaml list of channels
---@param unit? integer OCaml's ()
function P.caml_ml_out_channels_list(unit) end
---@param ch userdata
---@return integer unit
function P.caml_ml_flush(ch) end
---@param ch userdata
---@param c integer|string
---@return integer unit
function P.caml_ml_output_char(ch, c) end
---@param ch userdata
---@param s string|userdata
---@param ofs integer
---@param len integer
---@return integer unit
function P.caml_ml_output(ch, s, ofs, len) end
---@param ch userdata
---@param b string|userdata
---@param ofs integer
---@param len integer
---@return integer unit
function P.caml_ml_output_bytes(ch, b, ofs, len) end
---@param ch userdata
---@param n integer
---@return integer unit
function P.caml_ml_output_int(ch, n) end
---@param ch userdata
---@param pos integer
---@return integer unit
function P.caml_ml_seek_out(ch, pos) end
---@param ch userdata
---@param pos any an int64
---@return integer unit
function P.caml_ml_seek_out_64(ch, pos) end
---@param ch userdata
---@return integer
function P.caml_ml_pos_out(ch) end
---@param ch userdata
---@return table int64
function P.caml_ml_pos_out_64(ch) end
---@param ch userdata
---@return integer char
function P.caml_ml_input_char(ch) end
---@param ch userdata
---@return integer
function P.caml_ml_input_int(ch) end
---@param ch userdata
---@param b userdata
---@param ofs integer
---@param len integer
---@return integer bytes read
function P.caml_ml_input(ch, b, ofs, len) end
---@param ch userdata
---@return integer
function P.caml_ml_input_scan_line(ch) end
---@param ch userdata
---@param pos integer
---@return integer unit
function P.caml_ml_seek_in(ch, pos) end
---@param ch userdata
---@param pos any an int64
---@return integer unit
function P.caml_ml_seek_in_64(ch, pos) end
---@param ch userdata
---@return integer
function P.caml_ml_pos_in(ch) end
---@param ch userdata
---@return table int64
function P.caml_ml_pos_in_64(ch) end
---@param ch userdata
---@return integer
function P.caml_ml_channel_size(ch) end
---@param ch userdata
---@return table int64
function P.caml_ml_channel_size_64(ch) end
---@param ch userdata
---@param binary integer|boolean
---@return integer unit
function P.caml_ml_set_binary_mode(ch, binary) end
---@param ch userdata
---@return integer bool
function P.caml_ml_is_binary_mode(ch) end
---@param ch userdata
---@param buffered integer|boolean
---@return integer unit
function P.caml_ml_set_buffered(ch, buffered) end
---@param ch userdata
---@return integer bool
function P.caml_ml_is_buffered(ch) end

-- ---- Digest ----

---@param s string|userdata
---@param ofs integer
---@param len integer
---@return string
function P.caml_md5_string(s, ofs, len) end
---@param ch userdata
---@param len integer -1 for the rest of the channel
---@return string
function P.caml_md5_chan(ch, len) end
---@param hashlen integer
---@param key string|userdata
---@return userdata context
function P.caml_blake2_create(hashlen, key) end
---@param ctx userdata
---@param buf string|userdata
---@param ofs integer
---@param len integer
---@return integer unit
function P.caml_blake2_update(ctx, buf, ofs, len) end
---@param ctx userdata
---@param hashlen integer
---@return string
function P.caml_blake2_final(ctx, hashlen) end
---@param hashlen integer
---@param key string|userdata
---@param buf string|userdata
---@param ofs integer
---@param len integer
---@return string
function P.caml_blake2_string(hashlen, key, buf, ofs, len) end

-- ---- Lexing and Parsing ----

---@param tables table
---@param start_state integer
---@param lexbuf table
---@return integer
function P.caml_lex_engine(tables, start_state, lexbuf) end
---@param tables table
---@param start_state integer
---@param lexbuf table
---@return integer
function P.caml_new_lex_engine(tables, start_state, lexbuf) end
---@param tables table
---@param env table
---@param cmd integer
---@param arg any
---@return integer
function P.caml_parse_engine(tables, env, cmd, arg) end
---@param flag integer bool
---@return integer the previous flag
function P.caml_set_parser_trace(flag) end

-- ---- Sys ----

---@param name string|userdata
---@return integer bool
function P.caml_sys_file_exists(name) end
---@param name string|userdata
---@return integer bool
function P.caml_sys_is_directory(name) end
---@param name string|userdata
---@return integer bool
function P.caml_sys_is_regular_file(name) end
---@param name string|userdata
---@return integer unit
function P.caml_sys_remove(name) end
---@param old string|userdata
---@param new string|userdata
---@return integer unit
function P.caml_sys_rename(old, new) end
---@param dir string|userdata
---@return integer unit
function P.caml_sys_chdir(dir) end
---@param path string|userdata
---@param perm integer
---@return integer unit
function P.caml_sys_mkdir(path, perm) end
---@param path string|userdata
---@return integer unit
function P.caml_sys_rmdir(path) end
---@return string
---@param unit? integer OCaml's ()
function P.caml_sys_getcwd(unit) end
---@param path string|userdata
---@return table names an OCaml string array
function P.caml_sys_read_directory(path) end
---@param name string|userdata
---@return string
function P.caml_sys_getenv(name) end
---@param name string|userdata
---@return string
function P.caml_sys_unsafe_getenv(name) end
---@param name string|userdata
---@return any an OCaml string option
function P.caml_sys_getenv_opt(name) end
---@param cmd string|userdata
---@return integer exit code
function P.caml_sys_system_command(cmd) end
---@return number
---@param unit? integer OCaml's ()
function P.caml_sys_time(unit) end
---@param children integer bool
---@return number
function P.caml_sys_time_include_children(children) end
---@return table an OCaml int array
---@param unit? integer OCaml's ()
function P.caml_sys_random_seed(unit) end
---@param ch userdata|integer a channel or a descriptor
---@return integer bool
function P.caml_sys_isatty(ch) end
---@return table an OCaml string array
---@param unit? integer OCaml's ()
function P.caml_sys_argv(unit) end
---@return table (name, argv)
---@param unit? integer OCaml's ()
function P.caml_sys_get_argv(unit) end
---@param argv table an OCaml string array
---@return integer unit
function P.caml_sys_modify_argv(argv) end
---@return string
---@param unit? integer OCaml's ()
function P.caml_sys_executable_name(unit) end
---@param code integer
function P.caml_sys_exit(code) end
---@return table (os_type, word_size, big_endian)
---@param unit? integer OCaml's ()
function P.caml_sys_get_config(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_big_endian(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_word_size(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_int_size(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_max_wosize(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_ostype_unix(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_ostype_win32(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_ostype_cygwin(unit) end
---@return table
---@param unit? integer OCaml's ()
function P.caml_sys_const_backend_type(unit) end
---@return integer
---@param unit? integer OCaml's ()
function P.caml_sys_const_naked_pointers_checked(unit) end
---@param enabled integer bool
---@return integer unit
function P.caml_ml_enable_runtime_warnings(enabled) end
---@return integer bool
---@param unit? integer OCaml's ()
function P.caml_ml_runtime_warnings_enabled(unit) end
---@return string
---@param unit? integer OCaml's ()
function P.caml_runtime_variant(unit) end

-- ---- exceptions ----

---@param n integer
---@param v any
---@param name? string
function P.caml_register_global(n, v, name) end
---@return table
---@param unit? integer OCaml's ()
function P.caml_get_global_data(unit) end
---@param constructor table
function P.caml_raise_constant(constructor) end
---@param constructor table
---@param arg any
function P.caml_raise_with_arg(constructor, arg) end
---@param constructor table
---@param args any[]
function P.caml_raise_with_args(constructor, args) end
---@param constructor table
---@param s string
function P.caml_raise_with_string(constructor, s) end
---@param msg string
function P.caml_failwith(msg) end
---@param msg string
function P.caml_invalid_argument(msg) end
---@param msg string
function P.caml_raise_sys_error(msg) end
function P.caml_raise_end_of_file() end
function P.caml_raise_not_found() end
function P.caml_raise_zero_divide() end
---@param e any an exception value
---@return string
function P.caml_format_exception(e) end
---@param flag integer bool
---@return integer unit
function P.caml_record_backtrace(flag) end
---@return integer bool
---@param unit? integer OCaml's ()
function P.caml_backtrace_status(unit) end
---@return table raw_backtrace always empty: ocamlrt records none
---@param unit? integer OCaml's ()
function P.caml_get_exception_raw_backtrace(unit) end
---@param size integer
---@return table raw_backtrace always empty
function P.caml_get_current_callstack(size) end
---@param e any an exception
---@param bt table a raw backtrace
---@return integer unit
function P.caml_restore_raw_backtrace(e, bt) end

-- ---- closures and calls (compiled code) ----

---@param arity integer
---@param fn function
---@return ocamlrt.closure
function P.caml_make_closure(arity, fn) end
---@param f ocamlrt.closure|function
---@param args any[]
---@return any
function P.caml_call_gen(f, args) end
---@param r any a result or a pending tail call
---@return any
function P.caml_trampoline(r) end
---@param f ocamlrt.closure|function
---@param args table made by `caml_js_array`
---@return table pending the tail call to perform
function P.caml_trampoline_return(f, args) end
---@param ... any
---@return table list the arguments, with their count in `n`
function P.caml_js_array(...) end
---@param b any a Lua condition
---@return integer bool
function P.caml_to_bool(b) end

-- ---- blocks, Obj, Lazy, objects (compiled code) ----

---@param tag integer
---@param n integer
---@return table block
function P.caml_obj_block(tag, n) end
---@param v any
---@return any copy
function P.caml_obj_dup(v) end
---@param b table a lazy block
---@param v any
---@return integer unit
function P.caml_obj_make_forward(b, v) end
---@param v any
---@return table forward
function P.caml_lazy_make_forward(v) end
---@param n integer fields
---@return table dummy
function P.caml_alloc_dummy(n) end
---@param n integer fields
---@param arity integer
---@return table dummy
function P.caml_alloc_dummy_function(n, arity) end
---@param dummy table
---@param v table|function the finished block or closure
---@return integer unit
function P.caml_update_dummy(dummy, v) end
---@return integer id
---@param unit? integer OCaml's ()
function P.caml_fresh_oo_id(unit) end
---@param o table an object
---@return table o
function P.caml_set_oo_id(o) end
---@param o table an object
---@param label integer the method's hash
---@return any method the method, or 0
function P.caml_get_public_method(o, label) end
---@param o table an object
---@param label integer the method's hash
---@param cache_id? integer the send site's, unused
---@return any method the method, or 0
function P.caml_get_cached_method(o, label, cache_id) end
---@return integer id
---@param unit? integer OCaml's ()
function P.caml_oo_cache_id(unit) end

-- ---- arrays (compiled code) ----

---@param n integer
---@param x any
---@return table array
function P.caml_make_vect(n, x) end
---@param n integer
---@param x any
---@return table array
function P.caml_array_make(n, x) end
---@param n integer
---@return table floatarray
function P.caml_floatarray_create(n) end
---@param n integer
---@return table floatarray
function P.caml_make_float_vect(n) end
function P.caml_array_bound_error() end
---@param a table
---@param i integer
---@return table a
function P.caml_check_bound(a, i) end
---@param a table
---@param i integer
---@return table a
function P.caml_check_bound_gen(a, i) end
---@param a table a float array
---@param i integer
---@return table a
function P.caml_check_bound_float(a, i) end
---@param a table
---@param i integer
---@return any
function P.caml_array_get(a, i) end
---@param a table
---@param i integer
---@param x any
---@return integer unit
function P.caml_array_set(a, i, x) end
---@param a table
---@param i integer
---@return any
function P.caml_array_unsafe_get(a, i) end
---@param a table
---@param i integer
---@param x any
---@return integer unit
function P.caml_array_unsafe_set(a, i, x) end
---@param a table a float array
---@param i integer
---@return number
function P.caml_floatarray_unsafe_get(a, i) end
---@param a table a float array
---@param i integer
---@param x number
---@return integer unit
function P.caml_floatarray_unsafe_set(a, i, x) end
---@param a table
---@param ofs integer
---@param len integer
---@return table array
function P.caml_array_sub(a, ofs, len) end
---@param a table
---@param b table
---@return table array
function P.caml_array_append(a, b) end
---@param l any an OCaml list of arrays
---@return table array
function P.caml_array_concat(l) end
---@param src table
---@param src_ofs integer
---@param dst table
---@param dst_ofs integer
---@param len integer
---@return integer unit
function P.caml_array_blit(src, src_ofs, dst, dst_ofs, len) end
---@param src table a float array
---@param src_ofs integer
---@param dst table a float array
---@param dst_ofs integer
---@param len integer
---@return integer unit
function P.caml_floatarray_blit(src, src_ofs, dst, dst_ofs, len) end
---@param a table
---@param ofs integer
---@param len integer
---@param x any
---@return integer unit
function P.caml_array_fill(a, ofs, len, x) end

-- ---- floats and ints (compiled code) ----

---@param a number
---@param b number
---@return integer bool
function P.caml_eq_float(a, b) end
---@param a number
---@param b number
---@return integer bool
function P.caml_neq_float(a, b) end
---@param a number
---@param b number
---@return integer bool
function P.caml_lt_float(a, b) end
---@param a number
---@param b number
---@return integer bool
function P.caml_le_float(a, b) end
---@param a number
---@param b number
---@return integer bool
function P.caml_gt_float(a, b) end
---@param a number
---@param b number
---@return integer bool
function P.caml_ge_float(a, b) end
---@param a number
---@param b number
---@return number
function P.caml_add_float(a, b) end
---@param a number
---@param b number
---@return number
function P.caml_sub_float(a, b) end
---@param a number
---@param b number
---@return number
function P.caml_mul_float(a, b) end
---@param a number
---@param b number
---@return number
function P.caml_div_float(a, b) end
---@param a number
---@return number
function P.caml_neg_float(a) end
---@param a number
---@return number
function P.caml_abs_float(a) end
---@param n integer
---@return number
function P.caml_float_of_int(n) end
---@param x number
---@return integer class FP_normal (0) .. FP_nan (4)
function P.caml_classify_float(x) end
---@param x number
---@return table pair `(m, e)` with `x = m * 2^e`
function P.caml_frexp_float(x) end
---@param x number
---@return table pair `(fractional part, integral part)`
function P.caml_modf_float(x) end
---@param n integer
---@return integer key ordered by `<` as `n` by OCaml's unsigned comparison
function P.caml_unsigned(n) end
---@param a integer
---@param b integer
---@return integer
function P.caml_int_and(a, b) end
---@param a integer
---@param b integer
---@return integer
function P.caml_int_or(a, b) end
---@param a integer
---@param b integer
---@return integer
function P.caml_int_xor(a, b) end
---@param n integer
---@return integer the two low bytes of `n` swapped
function P.caml_bswap16(n) end

-- ---- Int32 on plain numbers (compiled code) ----

---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_add(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_sub(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_mul(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_div(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_mod(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_and(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_or(a, b) end
---@param a integer an int32
---@param b integer an int32
---@return integer int32
function P.caml_int32_xor(a, b) end
---@param a integer an int32
---@return integer int32
function P.caml_int32_neg(a) end
---@param a integer an int32
---@param s integer
---@return integer int32
function P.caml_int32_shift_left(a, s) end
---@param a integer an int32
---@param s integer
---@return integer int32
function P.caml_int32_shift_right(a, s) end
---@param a integer an int32
---@param s integer
---@return integer int32
function P.caml_int32_shift_right_unsigned(a, s) end
---@param a integer an int32
---@param b integer an int32
---@return integer -1, 0 or 1
function P.caml_int32_compare(a, b) end
---@param n integer
---@return integer int32
function P.caml_int32_of_int(n) end
---@param a integer an int32
---@return integer
function P.caml_int32_to_int(a) end
---@param x number
---@return integer int32
function P.caml_int32_of_float(x) end
---@param a integer an int32
---@return number
function P.caml_int32_to_float(a) end
---@param x number
---@return integer bits the IEEE bits of the single-precision `x`
function P.caml_int32_bits_of_float(x) end
---@param bits integer an int32
---@return number
function P.caml_int32_float_of_bits(bits) end
---@param a integer an int32
---@return integer int32
function P.caml_int32_bswap(a) end

-- ---- Int64 on plain numbers (compiled code) ----

---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_add(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_sub(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_mul(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_div(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_mod(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_and(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_or(a, b) end
---@param a integer an int64
---@param b integer an int64
---@return integer int64
function P.caml_int64_xor(a, b) end
---@param a integer an int64
---@return integer int64
function P.caml_int64_neg(a) end
---@param a integer an int64
---@param s integer
---@return integer int64
function P.caml_int64_shift_left(a, s) end
---@param a integer an int64
---@param s integer
---@return integer int64
function P.caml_int64_shift_right(a, s) end
---@param a integer an int64
---@param s integer
---@return integer int64
function P.caml_int64_shift_right_unsigned(a, s) end
---@param a integer an int64
---@param b integer an int64
---@return integer -1, 0 or 1
function P.caml_int64_compare(a, b) end
---@param n integer
---@return integer int64
function P.caml_int64_of_int(n) end
---@param a integer an int64
---@return integer
function P.caml_int64_to_int(a) end
---@param x number
---@return integer int64
function P.caml_int64_of_float(x) end
---@param a integer an int64
---@return number
function P.caml_int64_to_float(a) end
---@param a integer an int32
---@return integer int64
function P.caml_int64_of_int32(a) end
---@param a integer an int64
---@return integer int32
function P.caml_int64_to_int32(a) end
---@param a integer a nativeint
---@return integer int64
function P.caml_int64_of_nativeint(a) end
---@param a integer an int64
---@return integer nativeint
function P.caml_int64_to_nativeint(a) end
---@param x number
---@return integer bits the IEEE bits of `x`
function P.caml_int64_bits_of_float(x) end
---@param bits integer an int64
---@return number
function P.caml_int64_float_of_bits(bits) end
---@param a integer an int64
---@return integer int64
function P.caml_int64_bswap(a) end

-- ---- Nativeint on plain numbers (compiled code) ----

---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_add(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_sub(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_mul(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_div(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_mod(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_and(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_or(a, b) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer nativeint
function P.caml_nativeint_xor(a, b) end
---@param a integer a nativeint
---@return integer nativeint
function P.caml_nativeint_neg(a) end
---@param a integer a nativeint
---@param s integer
---@return integer nativeint
function P.caml_nativeint_shift_left(a, s) end
---@param a integer a nativeint
---@param s integer
---@return integer nativeint
function P.caml_nativeint_shift_right(a, s) end
---@param a integer a nativeint
---@param s integer
---@return integer nativeint
function P.caml_nativeint_shift_right_unsigned(a, s) end
---@param a integer a nativeint
---@param b integer a nativeint
---@return integer -1, 0 or 1
function P.caml_nativeint_compare(a, b) end
---@param n integer
---@return integer nativeint
function P.caml_nativeint_of_int(n) end
---@param a integer a nativeint
---@return integer
function P.caml_nativeint_to_int(a) end
---@param x number
---@return integer nativeint
function P.caml_nativeint_of_float(x) end
---@param a integer a nativeint
---@return number
function P.caml_nativeint_to_float(a) end
---@param a integer an int32
---@return integer nativeint
function P.caml_nativeint_of_int32(a) end
---@param a integer a nativeint
---@return integer int32
function P.caml_nativeint_to_int32(a) end
---@param a integer a nativeint
---@return integer nativeint
function P.caml_nativeint_of_nativeint(a) end
---@param a integer a nativeint
---@return integer nativeint
function P.caml_nativeint_to_nativeint(a) end
---@param a integer a nativeint
---@return integer nativeint
function P.caml_nativeint_bswap(a) end

--- `_lex_run(tables, state, lex_buffer, lex_buffer_len, lex_curr_pos,
--- lex_eof_reached, lex_curr_p, lex_abs_pos, lexbuf)`, the old engine, and
--- `_new_lex_run` with `lex_mem` after `lexbuf`, the new one: result (an
--- action, or a negative state after which to refill), then the new
--- start, current and last positions and last action to store; the EOF
--- flag is stored when it changes, and a failed run stores the fields
--- itself before it raises. The start, last and action fields are read from
--- `lexbuf` only to resume after a refill (src/lexing.rs).
---@alias ocamlrt.lex_run fun(tables: table, state: integer, buf: string|userdata, len: integer, curr: integer,
---  eof: integer|boolean, curr_p: table, abs_pos: integer, lexbuf: table, mem?: table|false|nil):
---  integer, integer, integer, integer, integer

--- The native module itself: the primitives it implements and the helpers
--- the shims use (names starting with `_`, not an API).
---@class ocamlrt.native: ocamlrt.primitives
---@field _interpreter "lua54"|"luajit"|"lua51"
---@field _marshal_limit fun(n?: integer): integer
---@field _printf_decimal fun(...: any): string?
---@field _hashtbl_find? fun(h: table, key: any): (boolean?, any) Lua 5.4 only (src/hashtbl.rs)
---@field _hashtbl_bucket? fun(h: table, key: any): (integer?, integer?) Lua 5.4 only (src/hashtbl.rs)
---@field _io_open fun(name: string, flags: integer[], perm: integer, out: boolean): userdata
---@field _io_open_string fun(s: string|userdata): userdata
---@field _io_open_buffer fun(): userdata
---@field _io_open_custom fun(backend: table, out: boolean, name?: string): userdata
---@field _io_contents fun(ch: userdata): string
---@field _io_close fun(ch: userdata)
---@field _io_is_out fun(ch: userdata): boolean
---@field _io_name fun(ch: userdata): string?
---@field _io_input_line fun(ch: userdata): string
---@field _io_input_all fun(ch: userdata): string
---@field _io_really_input_string fun(ch: userdata, len: integer): string
---@field _io_output_string fun(ch: userdata, s: string|userdata)
---@field _lex_run ocamlrt.lex_run
---@field _new_lex_run ocamlrt.lex_run
---@field _exceptions fun(): table<string, table>
---@field _constructor fun(name: string): table
---@field _set_exception_metatable fun(mt: table)
---@field _blake2_chan fun(hashlen: integer, ch: userdata, len: integer): string
---@field _sys_create_exclusive fun(name: string, perm: integer)
---@field _sys_errno_text fun(code: integer): string
---@field _filename_random_bits fun(): integer

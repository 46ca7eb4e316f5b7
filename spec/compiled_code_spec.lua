-- Values and exceptions exactly as lua_of_ocaml's generated code makes them
-- go through ocamlrt's primitives unchanged.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")

-- What the compiler's caml_make_closure builds.
local closure_mt = { __call = function(t, ...) return t[1](...) end }
local function caml_make_closure(arity, fn)
  return setmetatable({ l = arity, [1] = fn }, closure_mt)
end

describe("values built as generated code builds them", function()
  local P = {}
  ocamlrt.install_globals(P)

  it("are read with OCaml's tags", function()
    local tag = P.caml_obj_tag
    assert.are.equal(1000, tag(42))
    assert.are.equal(0, tag({ 0, 1, "a" }))               -- (1, "a")
    assert.are.equal(0, tag({ 0, 1, { 0, 2, 0 } }))       -- [1; 2]
    assert.are.equal(254, tag({ 254, 1.5, 2.5 }))         -- [|1.5; 2.5|]
    assert.are.equal(252, tag("s"))
    assert.are.equal(252, tag(P.caml_create_bytes(2)))
    assert.are.equal(247, tag(caml_make_closure(1, function(x) return x end)))
    assert.are.equal(247, tag(print))
    assert.are.equal(255, tag(ocamlrt.value.int64(7)))
    assert.are.equal(255, tag({ 255, 7, caml_custom = "_i" }))
    if math.type then assert.are.equal(253, tag(1.0)) end
  end)

  it("are refused clearly when they are not OCaml values", function()
    helper.assert_raises("Invalid_argument", "caml_obj_tag: not an OCaml value: a table with no tag at [1]",
      P.caml_obj_tag, {})
    helper.assert_raises("Invalid_argument",
      "caml_obj_tag: not an OCaml value: a table whose [1] is not a tag (0..255)", P.caml_obj_tag, { "x" })
    helper.assert_raises("Invalid_argument", "caml_obj_tag: not an OCaml value: thread",
      P.caml_obj_tag, coroutine.create(function() end))
    helper.assert_raises("Invalid_argument", nil, P.caml_obj_tag, { 255, 1 })
    if math.type then
      helper.assert_raises("Invalid_argument",
        "caml_obj_tag: integer 9223372036854775807 is outside OCaml's 63-bit int range",
        P.caml_obj_tag, math.maxinteger)
    end
  end)
end)

describe("a compiled program's exceptions", function()
  -- The program's own constructors, as its start-up code creates and
  -- registers them (caml_register_global with OCaml's global numbers).
  local Failure = { 248, "Failure", -3 }
  local Invalid_argument = { 248, "Invalid_argument", -4 }
  local Not_found = { 248, "Not_found", -7 }
  local P = {}
  ocamlrt.install_globals(P)
  P.caml_register_global(2, Failure, "Failure")
  P.caml_register_global(3, Invalid_argument, "Invalid_argument")
  P.caml_register_global(6, Not_found, "Not_found")

  it("are what the runtime raises, so the program's handlers catch them", function()
    local ok, e = pcall(P.caml_bytes_get, P.caml_create_bytes(1), 5)
    assert.is_false(ok)
    assert.are.equal(Invalid_argument, e[2]) -- the `==` test of `with Invalid_argument _`
    assert.are.equal("index out of bounds", e[3])
    assert.are.equal(Not_found, select(2, pcall(P.caml_raise_not_found)))
  end)

  it("can be raised by the program and read by ocamlrt", function()
    local ok, e = pcall(error, { 0, Failure, "msg" })
    assert.is_false(ok)
    assert.is_true(ocamlrt.exn.is(e, "Failure"))
    assert.are.equal('Failure("msg")', ocamlrt.exn.to_string(e))
  end)

  it("are kept in the program's global data", function()
    assert.are.equal(Failure, P.caml_get_global_data()[3])
    assert.are.equal(Failure, P.caml_get_global_data().Failure)
  end)
end)

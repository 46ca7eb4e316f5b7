-- OCaml exceptions: predefined constructors, raising, printing, registering.
local helper = require("support.helper")
local ocamlrt = require("ocamlrt")
local exn = ocamlrt.exn

describe("exceptions", function()
  it("predefines OCaml's exceptions with OCaml's ids", function()
    local ids = { Out_of_memory = -1, Sys_error = -2, Failure = -3, Invalid_argument = -4,
      End_of_file = -5, Division_by_zero = -6, Not_found = -7, Match_failure = -8,
      Stack_overflow = -9, Sys_blocked_io = -10, Assert_failure = -11,
      Undefined_recursive_module = -12 }
    for name, id in pairs(ids) do
      local c = exn.constructor(name)
      assert.are.same({ 248, name, id }, { c[1], c[2], c[3] })
    end
  end)

  it("raises the exception value itself", function()
    local ok, e = pcall(exn.failwith, "boom")
    assert.is_false(ok)
    assert.are.equal(0, e[1])
    assert.are.equal(exn.constructor("Failure"), e[2])
    assert.are.equal("boom", e[3])
    assert.are.equal(exn.constructor("Not_found"), select(2, pcall(exn.raise_not_found)))
  end)

  it("prints as Printexc.to_string does", function()
    assert.are.equal('Failure("input_value: bad object")',
      tostring(helper.raised(exn.failwith, "input_value: bad object")))
    assert.are.equal("Not_found", tostring(helper.raised(exn.raise_not_found)))
    assert.are.equal('Sys_error("x: \\"q\\"\\n")', exn.to_string(helper.raised(exn.sys_error, 'x: "q"\n')))
    assert.are.equal("Out of memory", exn.to_string(exn.constructor("Out_of_memory")))
    local c = exn.constructor("Test.Pair")
    assert.are.equal('Test.Pair(1, "a", _)', exn.to_string({ 0, c, 1, "a", { 0 } }))
    local loc = { 0, "f.ml", 3, 7 }
    assert.are.equal('File "f.ml", line 3, characters 7-13: Assertion failed',
      exn.to_string({ 0, exn.constructor("Assert_failure"), loc }))
  end)

  it("creates other constructors once, with fresh ids", function()
    local a = exn.constructor("Stdlib.Scanf.Scan_failure")
    assert.are.equal(a, exn.constructor("Stdlib.Scanf.Scan_failure"))
    assert.are.equal(248, a[1])
    assert.is_true(a[3] > 0)
  end)
end)

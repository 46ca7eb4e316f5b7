(* Prints OCaml values as Lua literals in the value contract's layout
   (docs/VALUES.md), read by spec/value_spec.lua. The walk uses Obj, so it
   prints what the OCaml runtime really holds, not what we think it holds.
   Boxed integers print as custom(id, decimal, 16 hex digits) so the spec
   can rebuild them for an interpreter with or without 64-bit ints. A boxed
   float prints as boxed(x), a float array element as float(x): on 5.1 /
   LuaJIT only the first is boxed when integral. *)

let buf = Buffer.create 4096

let lua_string s =
  Buffer.add_char buf '"';
  String.iter (fun c -> Buffer.add_string buf (Printf.sprintf "\\%03d" (Char.code c))) s;
  Buffer.add_char buf '"'

let lua_float ctor x =
  if Float.is_nan x then Buffer.add_string buf "(0/0)"
  else if x = Float.infinity then Buffer.add_string buf "math.huge"
  else if x = Float.neg_infinity then Buffer.add_string buf "(-math.huge)"
  else Buffer.add_string buf (Printf.sprintf "%s(%.17g)" ctor x)

let custom id (n : int64) =
  Buffer.add_string buf
    (Printf.sprintf "custom(%S, %S, %S)" id (Int64.to_string n) (Printf.sprintf "%016Lx" n))

let rec walk (v : Obj.t) =
  if Obj.is_int v then Buffer.add_string buf (string_of_int (Obj.obj v : int))
  else
    let tag = Obj.tag v in
    if tag = Obj.string_tag then lua_string (Obj.obj v : string)
    else if tag = Obj.double_tag then lua_float "boxed" (Obj.obj v : float)
    else if tag = Obj.double_array_tag then begin
      Buffer.add_string buf "{254";
      for i = 0 to Obj.size v - 1 do
        Buffer.add_string buf ", "; lua_float "float" (Obj.double_field v i)
      done;
      Buffer.add_string buf "}"
    end
    else if tag = Obj.custom_tag then failwith "custom blocks are printed by their own cases"
    else begin
      Buffer.add_string buf (Printf.sprintf "{%d" tag);
      for i = 0 to Obj.size v - 1 do
        Buffer.add_string buf ", "; walk (Obj.field v i)
      done;
      Buffer.add_string buf "}"
    end

type point = { x : float; y : float }
type shape = Circle of point * float | Rect of { w : int; h : int } | Empty | Named of string
type rcd = { name : string; id : int; score : float; tags : string list }

let cases : (string * Obj.t) list = [
  "int", Obj.repr 42;
  "negative int", Obj.repr (-7);
  "max_int", Obj.repr max_int;
  "min_int", Obj.repr min_int;
  "char", Obj.repr 'A';
  "true", Obj.repr true;
  "unit", Obj.repr ();
  "empty list", Obj.repr ([] : int list);
  "list", Obj.repr [1; 2; 3];
  "string list", Obj.repr ["a"; "bb"; ""];
  "tuple", Obj.repr (1, "a");
  "triple", Obj.repr (1, (2, 3), "x");
  "none", Obj.repr (None : int option);
  "some", Obj.repr (Some 5);
  "some some", Obj.repr (Some (Some "s"));
  "array", Obj.repr [| 1; 2; 3 |];
  "empty array", Obj.repr [||];
  "float array", Obj.repr [| 1.5; 2.5; -0.25 |];
  "float record", Obj.repr { x = 1.0; y = 2.5 };
  "record", Obj.repr { name = "item1"; id = 1; score = 0.5; tags = ["a"; "bb"] };
  "circle", Obj.repr (Circle ({ x = 0.; y = 1. }, 3.));
  "rect", Obj.repr (Rect { w = 2; h = 3 });
  "empty", Obj.repr Empty;
  "named", Obj.repr (Named "n");
  "string with all bytes", Obj.repr (String.init 256 Char.chr);
]

let () =
  Buffer.add_string buf "return {\n";
  List.iter (fun (name, v) ->
    Buffer.add_string buf (Printf.sprintf "  { %S, " name);
    walk v;
    Buffer.add_string buf " },\n") cases;
  (* int64 values, printed by the same custom() the walk uses. *)
  List.iter (fun (name, n) ->
    Buffer.add_string buf (Printf.sprintf "  { %S, " name);
    custom "_j" n;
    Buffer.add_string buf " },\n")
    [ "int64 1", 1L; "int64 -1", (-1L); "int64 max", Int64.max_int; "int64 min", Int64.min_int ];
  Buffer.add_string buf "}\n";
  print_string (Buffer.contents buf)

(* Expected results for spec/compiled_shapes_spec.lua, which feeds ocamlrt
   values in the shapes lua_of_ocaml's output really has. Numbers are
   printed as that compiler prints its constants: floats with %.17g (so an
   integral float reads back in Lua as an integer, infinity as the global
   `inf`, nan as `nan`), int / int32 / int64 as plain decimal integers.
   Each case says whether it is exact on a Lua without 64-bit integers
   (every number within 2^53). Prints one Lua chunk returning the cases. *)

let out = Buffer.create 65536
let p fmt = Printf.bprintf out fmt
let g x = Printf.sprintf "%.17g" x
let lua_str s =
  "\"" ^ String.concat "" (List.map (fun c -> Printf.sprintf "\\%03d" (Char.code c))
                             (List.init (String.length s) (String.get s))) ^ "\""
let small n = Int64.abs n <= 9007199254740992L || n = Int64.min_int
let exact53 n = Int64.compare (Int64.abs n) 9007199254740992L <= 0 && n <> Int64.min_int
let int_exact n = abs n <= 9007199254740992
let b = string_of_bool

let floats_pool = [| 0.0; -0.0; 1.0; -1.0; 2.5; 3.0; 1e16; 1e17; 0.1; nan; infinity;
                     neg_infinity; 4503599627370496.0; -7.0; 1e-310; 123456.75 |]
let random_float () =
  match Random.int 3 with
  | 0 -> floats_pool.(Random.int (Array.length floats_pool))
  | 1 -> float_of_int (Random.int 2000 - 1000)
  | _ -> Random.float 200.0 -. 100.0

let random_int () =
  match Random.int 3 with
  | 0 -> Random.int 1000 - 500
  | 1 -> Random.bits () - (1 lsl 29)
  | _ -> (Random.bits () lsl 34) lxor (Random.bits () lsl 4) lxor Random.bits ()

let random_int64 () =
  match Random.int 4 with
  | 0 -> Int64.of_int (Random.int 2000 - 1000)
  | 1 -> [| Int64.max_int; Int64.min_int; 0L; -1L; 4294967296L; 9007199254740993L |].(Random.int 6)
  | 2 -> Int64.of_int (Random.bits () - (1 lsl 29))
  | _ -> Int64.logxor (Int64.shift_left (Random.int64 Int64.max_int) 1) (Random.int64 2L)

let () =
  Random.init 19;
  p "return {\n";
  (* compare and the comparison operators on two floats *)
  p "  float_pairs = {\n";
  for _ = 1 to 300 do
    let x = random_float () and y = random_float () in
    p "    { %s, %s, %d, %s, %s, %s },\n" (g x) (g y) (compare x y) (b (x = y)) (b (x < y)) (b (x <= y))
  done;
  p "  },\n";
  (* List.sort compare on floats, input and output *)
  let l = List.init 60 (fun _ -> random_float ()) in
  p "  sort_input = { %s },\n" (String.concat ", " (List.map g l));
  p "  sort_output = { %s },\n" (String.concat ", " (List.map g (List.sort compare l)));
  (* string_of_int (caml_format_int_special) *)
  p "  ints = {\n";
  for _ = 1 to 100 do
    let n = random_int () in
    p "    { %d, %S, %s },\n" n (string_of_int n) (b (int_exact n))
  done;
  p "    { %d, %S, false }, { %d, %S, false },\n" max_int (string_of_int max_int) min_int (string_of_int min_int);
  p "  },\n";
  (* int64 as plain numbers through Int64's printing and division *)
  let fmts = [| "%d"; "%x"; "%X"; "%o"; "%u"; "%+d"; "%24d"; "%-20x"; "%#x" |] in
  (* "%-20x" as the format of an int64: "%-20Lx" *)
  let wide f = let n = String.length f - 1 in String.sub f 0 n ^ "L" ^ String.sub f n 1 in
  p "  int64 = {\n";
  for _ = 1 to 150 do
    let v = random_int64 () and d = random_int64 () in
    let f = fmts.(Random.int (Array.length fmts)) in
    let q, r = if d = 0L then "nil", "nil" else Int64.to_string (Int64.div v d), Int64.to_string (Int64.rem v d) in
    p "    { %Ld, %S, %S, %Ld, %s, %s, %s },\n" v f
      (Printf.sprintf (Scanf.format_from_string (wide f) "%Ld") v)
      d q r (b (small v && small d && exact53 v && exact53 d))
  done;
  p "  },\n";
  (* int32: the compiler adds without wrapping; the printed value wraps *)
  p "  int32_sums = {\n";
  for _ = 1 to 60 do
    let a = Int32.of_int (Random.bits ()) and c = Int32.of_int (Random.bits () - (1 lsl 29)) in
    let a = if Random.bool () then Int32.add a Int32.max_int else a in
    p "    { %ld, %ld, %S, %S },\n" a c (Int32.to_string (Int32.add a c))
      (if c = 0l then "nil" else Int32.to_string (Int32.div a c))
  done;
  p "  },\n";
  (* land / lor / lxor and the unsigned order of two ints *)
  p "  bits = {\n";
  for _ = 1 to 150 do
    let x = random_int () and y = random_int () in
    p "    { %d, %d, %d, %d, %d, %s, %s },\n" x y (x land y) (x lor y) (x lxor y)
      (b ((x lxor min_int) < (y lxor min_int))) (b (int_exact x && int_exact y))
  done;
  p "  },\n";
  (* classify_float, frexp, modf *)
  p "  float_fns = {\n";
  for _ = 1 to 80 do
    let x = random_float () in
    let m, e = frexp x and fr, it = modf x in
    p "    { %s, %d, %s, %d, %s, %s },\n" (g x)
      (match classify_float x with FP_normal -> 0 | FP_subnormal -> 1 | FP_zero -> 2 | FP_infinite -> 3 | FP_nan -> 4)
      (g m) e (g fr) (g it)
  done;
  p "  },\n";
  (* float arrays and all-float records built at run time are tagged 254;
     integral fields arrive as integers *)
  let fa = [| 1.0; 2.5; -3.0; 0.0 |] in
  let (r : (float * float) ref) = ref (0.0, 0.0) in ignore r;
  p "  float_array = { %s },\n" (String.concat ", " (Array.to_list (Array.map g fa)));
  p "  float_array_marshal = %s,\n" (lua_str (Marshal.to_string fa []));
  p "  float_array_hash = %d,\n" (Hashtbl.hash fa);
  p "  float_array_compare = %d,\n" (compare fa [| 1.0; 2.5; -3.0; 0.5 |]);
  (* 16/32/64-bit access to bytes *)
  let s = String.init 16 (fun i -> Char.chr ((i * 37 + 200) land 255)) in
  p "  bytes_source = %s,\n" (lua_str s);
  p "  bytes_get = {\n";
  for i = 0 to 8 do
    p "    { %d, %d, %ld, %Ld, %d, %ld, %Ld, %s },\n" i (String.get_uint16_le s i) (String.get_int32_le s i)
      (String.get_int64_le s i) (Bytes.get_uint16_be (Bytes.of_string s) i) (String.get_int32_be s i)
      (String.get_int64_be s i) (b (exact53 (String.get_int64_le s i) && exact53 (String.get_int64_be s i)))
  done;
  p "  },\n";
  let bs = Bytes.make 8 '\000' in
  Bytes.set_int64_le bs 0 (-2L);
  p "  set64_minus_two = %s,\n" (lua_str (Bytes.to_string bs));
  Bytes.set_int32_be bs 0 0x01020304l; Bytes.set_uint16_le bs 4 0xABCD;
  p "  set32_be_16_le = %s,\n" (lua_str (Bytes.to_string bs));
  p "  bswap = { %d, %ld, %Ld },\n" (Bytes.get_uint16_be (Bytes.of_string "\x12\x34") 0)
    (Int32.of_string "0x78563412") (Int64.of_string "0x0807060504030201");
  (* partial and over-application through caml_call_gen *)
  let f3 a b c = a * 100 + b * 10 + c in
  let pf = f3 1 in
  let pf2 = pf 2 in
  let twice f x = f (f x) in
  p "  apply = { %d, %d, %d },\n" (pf2 3) (pf 4 5) (twice (fun x -> x * 3) 7);
  (* arrays *)
  let a = [| 1; 2; 3; 4; 5 |] in
  let show a = "{ 0, " ^ String.concat ", " (Array.to_list (Array.map string_of_int a)) ^ " }" in
  p "  array_sub = %s,\n" (show (Array.sub a 1 3));
  p "  array_append = %s,\n" (show (Array.append a [| 9 |]));
  p "  array_concat = %s,\n" (show (Array.concat [ a; [||]; [| 7; 8 |] ]));
  let c = Array.copy a in Array.blit c 0 c 1 4;
  p "  array_blit_overlap = %s,\n" (show c);
  p "  array_sub_error = %S,\n" (try ignore (Array.sub a 3 5); "" with Invalid_argument m -> m);
  p "  array_make_error = %S,\n" (try ignore (Array.make (-1) 0); "" with Invalid_argument m -> m);
  p "  bound_error = %S,\n" (try ignore (a.(Sys.opaque_identity 5)); "" with Invalid_argument m -> m);
  (* let rec through caml_alloc_dummy / caml_update_dummy; Lazy *)
  let rec ring = 1 :: 2 :: ring in
  p "  ring = { %d, %d, %d },\n" (List.nth ring 0) (List.nth ring 1) (List.nth ring 5);
  let lz = lazy (6 * 7) in
  p "  lazy_value = %d,\n" (Lazy.force lz);
  p "  int64_of_string = {\n";
  List.iter (fun s -> let v = Int64.of_string s in p "    { %S, %Ld, %s },\n" s v (b (exact53 v)))
    [ "-42"; "0x7fffffffffffffff"; "-9223372036854775808"; "0u18446744073709551615"; "0b101"; "9007199254740992" ];
  p "  },\n";
  p "  int32_of_string = { %ld, %ld },\n" (Int32.of_string "0xffffffff") (Int32.of_string "-2147483648");
  (* Int64 / Int32 arithmetic on plain numbers *)
  p "  int64_ops = {\n";
  for _ = 1 to 150 do
    let x = random_int64 () and y = random_int64 () and sh = Random.int 64 in
    let f = Int64.to_float x in
    p "    { %Ld, %Ld, %d, { %Ld, %Ld, %Ld, %Ld, %Ld, %Ld, %Ld, %Ld, %Ld, %Ld, %d, %d, %Ld }, %s, %s },\n" x y sh
      (Int64.add x y) (Int64.sub x y) (Int64.mul x y) (Int64.neg x) (Int64.logand x y) (Int64.logor x y)
      (Int64.logxor x y) (Int64.shift_left x sh) (Int64.shift_right x sh) (Int64.shift_right_logical x sh)
      (Int64.to_int x) (Int64.compare x y) (Int64.bits_of_float (Int64.float_of_bits x))
      (g f) (b (List.for_all (fun v -> exact53 v) [ x; y; Int64.add x y; Int64.sub x y; Int64.mul x y;
                                                  Int64.shift_left x sh ]))
  done;
  p "  },\n";
  p "  int32_ops = {\n";
  for _ = 1 to 150 do
    let x = Int32.of_int (Random.bits () lxor (Random.bits () lsl 30))
    and y = Int32.of_int (Random.bits () - (1 lsl 29)) and sh = Random.int 32 in
    let fl = Random.float 1e6 -. 5e5 in
    p "    { %ld, %ld, %d, { %ld, %ld, %ld, %ld, %ld, %ld, %ld, %ld, %ld, %ld, %d, %ld }, %s, %ld },\n" x y sh
      (Int32.add x y) (Int32.sub x y) (Int32.mul x y) (Int32.neg x) (Int32.logand x y) (Int32.logor x y)
      (Int32.logxor x y) (Int32.shift_left x sh) (Int32.shift_right x sh) (Int32.shift_right_logical x sh)
      (Int32.compare x y) (Int32.bits_of_float fl) (g fl) (Int32.of_float fl)
  done;
  p "  },\n";
  (* an object's method table, and the labels of its methods *)
  let o = object method get = 1 method incr = 2 method name = "o" end in
  let meths = Obj.field (Obj.repr o) 0 in
  let n : int = Obj.obj (Obj.field meths 0) in
  p "  method_labels = { %s },\n"
    (String.concat ", " (List.init n (fun i -> string_of_int (Obj.obj (Obj.field meths (2 * i + 3)) : int))));
  p "  method_names = { %s },\n"
    (String.concat ", " (List.map (fun m -> string_of_int (Obj.magic (CamlinternalOO.public_method_label m) : int)) [ "get"; "incr"; "name"; "absent" ]));
  p "  int64_div_zero = %S,\n" (try ignore (Int64.div 1L (Sys.opaque_identity 0L)); "" with Division_by_zero -> "Division_by_zero");
  p "}\n";
  print_string (Buffer.contents out)

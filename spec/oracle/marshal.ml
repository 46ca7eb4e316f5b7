(* Marshal oracle for spec/marshal_spec.lua, both directions.

   marshal gen SEED N FILE    writes N random values as test cases
   marshal check SEED N FILE  reads what ocamlrt wrote for them and checks it
   marshal stream-out SEED N FILE    writes the portable cases with output_value
   marshal stream-check SEED N FILE  reads them back from what ocamlrt wrote
   marshal hostile FILE       what OCaml raises on each hex input of FILE
   marshal named              prints NAME<TAB>hex of values the spec builds in Lua

   Values are built with Obj so that every code of the format turns up:
   small and big tags and sizes, atoms, strings of every length class with
   all byte values, boxed floats, float arrays, int32/int64/nativeint,
   sharing of blocks and cycles. Strings and floats are always fresh (never
   physically shared): Lua cannot share them (docs/VALUES.md, Identity).

   A case is "portable" when Lua 5.1 / LuaJIT can hold it: ints within 2^53,
   boxed floats that are not integral, no NaN anywhere. *)

let portable = ref false

let pick l = List.nth l (Random.int (List.length l))

let fresh_float x = Int64.float_of_bits (Int64.bits_of_float x)

let fresh_i64 x = Int64.add (Sys.opaque_identity x) 0L

let int_edges =
  [ 0; 1; 63; 64; 127; 128; -1; -128; -129; 255; 256; 32767; 32768; -32768; -32769;
    (1 lsl 30) - 1; 1 lsl 30; -(1 lsl 30); -(1 lsl 30) - 1; (1 lsl 53); -(1 lsl 53) ]

let big_int_edges = [ max_int; min_int; (1 lsl 62) - 2; (1 lsl 53) + 1; 1 lsl 61 ]

let random_int () =
  match Random.int 6 with
  | 0 -> pick int_edges
  | 1 when not !portable -> pick big_int_edges
  | 1 | 2 -> Random.int 64
  | 3 -> Random.int 70000 - 35000
  | 4 -> (Random.bits () lsl 20) lxor Random.bits () - (1 lsl 49)
  | _ ->
    if !portable then Random.int 1000000000 - 500000000
    else (Random.bits () lsl 34) lxor (Random.bits () lsl 4) lxor Random.int 16

let float_edges = [ 0.0; -0.0; 1.0; 3.0; infinity; neg_infinity; max_float; min_float;
                    5e-324; epsilon_float; nan; -. nan ]

let random_float () =
  let x =
    match Random.int 4 with
    | 0 -> pick float_edges
    | 1 -> Random.float 1000.0 -. 500.0
    | 2 -> Int64.float_of_bits (Random.int64 Int64.max_int)
    | _ -> ldexp (Random.float 1.0) (Random.int 2000 - 1000)
  in
  fresh_float x

let rec portable_float () =
  let x = random_float () in
  if Float.is_nan x || Float.is_integer x then portable_float () else x

(* A boxed float field, or a float array element (any float but NaN is
   portable there: the array's tag says it is a float). *)
let boxed_float () = if !portable then portable_float () else random_float ()

let array_float () =
  let x = random_float () in
  if !portable && Float.is_nan x then 0.5 else x

let random_string () =
  let len =
    match Random.int 10 with
    | 0 -> 0
    | 1 -> 31 + Random.int 3
    | 2 -> 255 + Random.int 3
    | 3 -> 256 + (if Random.int 20 = 0 then Random.int 70000 else Random.int 300)
    | _ -> Random.int 40
  in
  String.init len (fun _ -> Char.chr (Random.int 256))

let random_i64 () =
  match Random.int 3 with
  | 0 -> fresh_i64 (pick [ Int64.max_int; Int64.min_int; 0L; -1L; 1L ])
  | 1 -> Random.int64 Int64.max_int
  | _ -> Int64.neg (Random.int64 Int64.max_int)

let random_custom () : Obj.t =
  match Random.int 3 with
  | 0 -> Obj.repr (Int32.of_int (Random.bits () - (1 lsl 29) + Random.int 3 * 0x40000000))
  | 1 -> Obj.repr (random_i64 ())
  | _ ->
    let n = if Random.bool () then Int64.to_nativeint (random_i64 ())
      else Nativeint.of_int (Random.int 2000000 - 1000000) in
    Obj.repr n

let random_tag () =
  match Random.int 10 with
  | 0 -> 16 + Random.int 230
  | 1 -> pick [ 0; 15; 16; 245; 246 ]
  | _ -> Random.int 16

let random_size () =
  match Random.int 20 with
  | 0 -> 8 + Random.int 20
  | 1 -> 300 + Random.int 100
  | _ -> 1 + Random.int 7

(* Blocks made so far in this value: candidates for sharing and cycles. *)
let pool : Obj.t list ref = ref []

(* Whether the value shares a block (then No_sharing would blow it up). *)
let shares = ref false

(* Nodes this value may still have: keeps every case small. *)
let budget = ref 0

let rec gen depth : Obj.t =
  decr budget;
  let leaf = depth <= 0 || !budget <= 0 in
  match Random.int 16 with
  | 0 | 1 | 2 -> Obj.repr (random_int ())
  | 3 -> Obj.repr (boxed_float ())
  | 4 -> Obj.repr (random_string ())
  | 5 -> Obj.new_block (random_tag ()) 0
  | 6 ->
    let n = if Random.int 8 = 0 then 256 + Random.int 300 else Random.int 12 in
    let a = Obj.repr (Array.init n (fun _ -> array_float ())) in
    if n > 0 then pool := a :: !pool;
    a
  | 7 ->
    let c = random_custom () in
    pool := c :: !pool;
    c
  | 8 when !pool <> [] -> shares := true; pick !pool
  | 9 when not leaf ->
    (* a list, the shape of most data *)
    let n = Random.int 30 in
    let l = List.init n (fun _ -> gen (depth - 2)) in
    Obj.repr l
  | 10 when not leaf ->
    (* Forward blocks OCaml keeps (a float or a lazy inside) *)
    let inner = if Random.bool () then Obj.repr (boxed_float ())
      else (let b = Obj.new_block Obj.lazy_tag 1 in Obj.set_field b 0 (gen 0); b) in
    let f = Obj.new_block Obj.forward_tag 1 in
    Obj.set_field f 0 inner;
    f
  | _ when not leaf ->
    let size = random_size () in
    let b = Obj.new_block (random_tag ()) size in
    for i = 0 to size - 1 do Obj.set_field b i (gen (depth - 1 - Random.int 2)) done;
    pool := b :: !pool;
    b
  | _ -> Obj.repr (random_int ())

let blocks_with_fields () =
  List.filter (fun b -> Obj.tag b < Obj.lazy_tag && Obj.size b > 0) !pool

(* A few fields of earlier blocks now point at other blocks: cycles. *)
let add_cycles () =
  let bs = blocks_with_fields () in
  if bs <> [] then
    for _ = 1 to 1 + Random.int 3 do
      let b = pick bs in
      Obj.set_field b (Random.int (Obj.size b)) (pick !pool)
    done

type case = { value : Obj.t; flags : Marshal.extern_flags list; cyclic : bool; portable : bool }

let gen_case i =
  pool := [];
  shares := false;
  budget := 20 + Random.int 1500;
  portable := i mod 2 = 0;
  let value = gen (1 + Random.int 6) in
  let cyclic = Random.int 5 = 0 && blocks_with_fields () <> [] in
  if cyclic then add_cycles ();
  let flags =
    match Random.int 8 with
    | 0 | 2 when not (cyclic || !shares) -> [ Marshal.No_sharing ]
    | 1 -> [ Marshal.Compat_32 ]
    | _ -> []
  in
  { value; flags; cyclic; portable = !portable }

let cases seed n =
  Random.init seed;
  List.init n gen_case

let flag_bits flags =
  List.fold_left (fun acc f -> acc lor (match f with
    | Marshal.No_sharing -> 1 | Marshal.Closures -> 2 | Marshal.Compat_32 -> 4)) 0 flags

let out_chunk oc s =
  let b = Bytes.create 4 in
  Bytes.set_int32_be b 0 (Int32.of_int (String.length s));
  output_bytes oc b;
  output_string oc s

(* A case: flags byte, portable byte, the value marshaled for transport
   (with No_sharing if flagged, never Compat_32), then status byte and what
   marshaling with the flags gives: the bytes (0) or Failure's message (1). *)
let write_case oc c =
  output_byte oc (flag_bits c.flags);
  output_byte oc (if c.portable then 1 else 0);
  out_chunk oc (Marshal.to_string c.value (List.filter ((<>) Marshal.Compat_32) c.flags));
  match Marshal.to_string c.value c.flags with
  | s -> output_byte oc 0; out_chunk oc s
  | exception Failure msg -> output_byte oc 1; out_chunk oc msg

let gen seed n file =
  let oc = open_out_bin file in
  List.iter (write_case oc) (cases seed n);
  close_out oc

(* ocamlrt wrote, per case, a status byte then a chunk: the bytes it
   marshaled (0), the message it failed with (1), or nothing because the
   interpreter cannot hold the case (2). Each value is read back
   here and must be structurally equal to the original, with the same
   sharing (re-marshaling it gives the original's bytes). *)
let check seed n file =
  let ic = open_in_bin file in
  let bad = ref 0 and skipped = ref 0 in
  let complain i what = incr bad; if !bad <= 20 then Printf.printf "case %d: %s\n" i what in
  List.iteri (fun i c ->
    let status = input_byte ic in
    let len = input_binary_int ic in
    let s = really_input_string ic len in
    if status = 2 then incr skipped
    else if status = 0 then begin
      let v : Obj.t = Marshal.from_string s 0 in
      if not c.cyclic && compare v c.value <> 0 then complain i "not structurally equal";
      if Marshal.to_string v c.flags <> Marshal.to_string c.value c.flags then
        complain i "different sharing or contents"
    end else begin
      match Marshal.to_string c.value c.flags with
      | _ -> complain i ("ocamlrt failed: " ^ s)
      | exception Failure msg -> if msg <> s then complain i ("other failure: " ^ s)
    end) (cases seed n);
  close_in ic;
  Printf.printf "checked %d, %d skipped, %d bad\n" (n - !skipped) !skipped !bad

(* A stream of values through one channel: the portable cases, each with
   output_value and no flags. stream-check reads ocamlrt's stream back and
   compares each value (sharing included) with the case, then expects the
   end of the file. *)
let portable_cases seed n = List.filter (fun c -> c.portable) (cases seed n)

let stream_out seed n file =
  let oc = open_out_bin file in
  List.iter (fun c -> output_value oc c.value) (portable_cases seed n);
  close_out oc

let stream_check seed n file =
  let ic = open_in_bin file in
  let bad = ref 0 and count = ref 0 in
  List.iter (fun c ->
    incr count;
    let v : Obj.t = input_value ic in
    if Marshal.to_string v [] <> Marshal.to_string c.value [] then incr bad) (portable_cases seed n);
  (match input_value ic with
   | (_ : Obj.t) -> incr bad
   | exception End_of_file -> ());
  close_in ic;
  Printf.printf "stream of %d, %d bad\n" !count !bad

(* Values the spec builds with ocamlrt.value, by name. *)
type shape = Circle of float array * float | Rect of int * int | Empty | Named of string
type record = { name : string; count : int; ratio : float; tags : string list }

let named () =
  let shared = [ 1; 2 ] in
  let r = ref 0 in
  let cyclic = let rec l = 1 :: 2 :: l in l in
  let values : (string * Obj.t) list = [
    "int", Obj.repr 42;
    "list", Obj.repr [ 1; 2; 3 ];
    "tuple", Obj.repr (1, "a");
    "record", Obj.repr { name = "item1"; count = 1; ratio = 0.5; tags = [ "a"; "bb" ] };
    "variants", Obj.repr [ Circle ([| 0.; 1. |], 3.); Rect (2, 3); Empty; Named "n" ];
    "float array", Obj.repr [| 1.5; 2.5; -0.25 |];
    "empty array", Obj.repr [||];
    "float", Obj.repr 3.0;
    "string", Obj.repr (String.make 300 'x');
    "shared", Obj.repr (shared, shared);
    "cycle", Obj.repr cyclic;
    "ref", Obj.repr (r, r);
    "int64", Obj.repr (Int64.min_int, 7L, -1l, 5n);
    "shared string", (let s = String.init 3 (fun i -> "abc".[i]) in Obj.repr (s, s));
    "two strings", Obj.repr (String.init 3 (fun i -> "abc".[i]), String.init 3 (fun i -> "abc".[i]));
  ] in
  List.iter (fun (name, v) ->
    let s = Marshal.to_string v [] in
    Printf.printf "%s\t%s\n" name (String.concat "" (List.init (String.length s)
      (fun i -> Printf.sprintf "%02x" (Char.code s.[i])))))
    values

(* Each line of FILE is hex; prints what native OCaml's primitives raise
   for it, one line each: "input:" then "data_size:" results. Only inputs
   that OCaml itself checks are given (others would be undefined there). *)
external input_value_from_bytes : bytes -> int -> Obj.t = "caml_input_value_from_bytes"
external data_size_unsafe : bytes -> int -> int = "caml_marshal_data_size"

let of_hex h = String.init (String.length h / 2) (fun i -> Char.chr (int_of_string ("0x" ^ String.sub h (2 * i) 2)))

let outcome f =
  match f () with
  | _ -> "ok"
  | exception Failure m -> "Failure " ^ m
  | exception Invalid_argument m -> "Invalid_argument " ^ m

let hostile file =
  let ic = open_in file in
  (try
     while true do
       let b = Bytes.of_string (of_hex (input_line ic)) in
       Printf.printf "%s\t%s\n"
         (outcome (fun () -> input_value_from_bytes b 0))
         (outcome (fun () -> data_size_unsafe b 0))
     done
   with End_of_file -> ());
  close_in ic

let () =
  match Array.to_list Sys.argv |> List.tl with
  | [ "gen"; seed; n; file ] -> gen (int_of_string seed) (int_of_string n) file
  | [ "check"; seed; n; file ] -> check (int_of_string seed) (int_of_string n) file
  | [ "named" ] -> named ()
  | [ "stream-out"; seed; n; file ] -> stream_out (int_of_string seed) (int_of_string n) file
  | [ "stream-check"; seed; n; file ] -> stream_check (int_of_string seed) (int_of_string n) file
  | [ "hostile"; file ] -> hostile file
  | _ -> prerr_endline "usage: marshal gen|check SEED N FILE | named"; exit 2

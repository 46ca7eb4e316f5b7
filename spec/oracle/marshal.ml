(* Marshal oracle for spec/marshal_spec.lua, both directions.

   marshal gen SEED N FILE    writes N random values as test cases
   marshal check SEED N FILE  reads what ocamlrt wrote for them and checks it
   marshal stream-out SEED N FILE    writes the portable cases with output_value
   marshal stream-check SEED N FILE  reads them back from what ocamlrt wrote
   marshal compress SEED N FILE          the cases in OCaml 5.1+'s compressed format
   marshal compressed-check SEED N FILE  checks ocamlrt's compressed output
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

(* OCaml 5.1+'s compressed format, built here from what OCaml 4.13 writes
   (there is no OCaml 5 on this machine): shared references become absolute
   object numbers, the data goes through the zstd command, the header is
   magic, length byte and five VLQ numbers (runtime/caml/intext.h of 5.2). *)

(* Copies 4.13 data, rewriting every shared reference with [rewrite count
   ofs] (count = objects so far), re-encoding it in the narrowest code. *)
let map_shared rewrite data =
  let out = Buffer.create (String.length data) in
  let pos = ref 0 and count = ref 0 in
  let byte () = let c = Char.code data.[!pos] in incr pos; c in
  let uint n = let v = ref 0 in for _ = 1 to n do v := (!v lsl 8) lor byte () done; !v in
  let copy_from start = Buffer.add_string out (String.sub data start (!pos - start)) in
  let skip n = pos := !pos + n in
  let obj () = incr count in
  while !pos < String.length data do
    let start = !pos in
    let code = byte () in
    if code >= 0x80 then (if (code lsr 4) land 7 > 0 then obj (); copy_from start)
    else if code >= 0x40 then copy_from start
    else if code >= 0x20 then (skip (code land 0x1f); obj (); copy_from start)
    else begin
      (match code with
       | 0x00 -> skip 1 | 0x01 -> skip 2 | 0x02 -> skip 4 | 0x03 -> skip 8
       | 0x04 | 0x05 | 0x06 | 0x14 -> ()
       | 0x08 -> if uint 4 lsr 10 > 0 then obj ()
       | 0x13 -> if uint 8 lsr 10 > 0 then obj ()
       | 0x09 -> skip (uint 1); obj () | 0x0A -> skip (uint 4); obj () | 0x15 -> skip (uint 8); obj ()
       | 0x0B | 0x0C -> skip 8; obj ()
       | 0x0D | 0x0E -> skip (8 * uint 1); obj ()
       | 0x07 | 0x0F -> skip (8 * uint 4); obj ()
       | 0x16 | 0x17 -> skip (8 * uint 8); obj ()
       | 0x19 ->
         let nul = String.index_from data !pos '\000' in
         let ident = String.sub data !pos (nul - !pos) in
         pos := nul + 1;
         (match ident with
          | "_i" -> skip 4 | "_j" -> skip 8
          | _ -> if byte () = 1 then skip 4 else skip 8);
         obj ()
       | c -> failwith (Printf.sprintf "map_shared: code %x" c));
      match code with
      | 0x04 | 0x05 | 0x06 | 0x14 ->
        let ofs = uint (match code with 0x04 -> 1 | 0x05 -> 2 | 0x06 -> 4 | _ -> 8) in
        let d = rewrite !count ofs in
        if d < 0x100 then (Buffer.add_char out '\004'; Buffer.add_uint8 out d)
        else if d < 0x10000 then (Buffer.add_char out '\005'; Buffer.add_uint16_be out d)
        else (Buffer.add_char out '\006'; Buffer.add_int32_be out (Int32.of_int d))
      | _ -> copy_from start
    end
  done;
  Buffer.contents out

let vlq buf n =
  let rec digits n acc = if n < 0x80 then n :: acc else digits (n lsr 7) ((n land 0x7f) :: acc) in
  match digits n [] with
  | [] -> ()
  | ds -> List.iteri (fun i d -> Buffer.add_uint8 buf (if i < List.length ds - 1 then d lor 0x80 else d)) ds

let be32 s at = Int32.to_int (String.get_int32_be s at) land 0xFFFFFFFF

(* Writes each string of [inputs] to a file NNNNN[ext] of a fresh folder,
   runs [cmd] there once, reads back each NNNNN[back]. *)
let through_files ext cmd back inputs =
  let dir = Filename.concat (Filename.get_temp_dir_name ()) (Printf.sprintf "marshal-zstd-%d" (Unix.getpid ())) in
  Unix.mkdir dir 0o700;
  let name i e = Filename.concat dir (Printf.sprintf "%05d%s" i e) in
  List.iteri (fun i s -> let oc = open_out_bin (name i ext) in output_string oc s; close_out oc) inputs;
  if inputs <> [] && Sys.command (Printf.sprintf "cd %s && %s" (Filename.quote dir) cmd) <> 0 then
    failwith ("failed: " ^ cmd);
  let outputs = List.mapi (fun i _ ->
    let ic = open_in_bin (name i back) in
    let s = really_input_string ic (in_channel_length ic) in
    close_in ic; Sys.remove (name i back); s) inputs in
  Unix.rmdir dir;
  outputs

let zstd = through_files "" "zstd -q -3 --rm *" ".zst"
let unzstd = through_files ".zst" "zstd -q -d --rm *.zst" ""

(* Each portable case (flags kept but Compat_32): chunk of the compressed
   form, then chunk of 4.13's bytes for the same value and flags. *)
let compress seed n file =
  let cs = List.map (fun c -> { c with flags = List.filter ((<>) Marshal.Compat_32) c.flags }) (cases seed n) in
  let plain = List.map (fun c -> Marshal.to_string c.value c.flags) cs in
  let data = List.map (fun s ->
    map_shared (fun count ofs -> count - ofs) (String.sub s 20 (String.length s - 20))) plain in
  let zipped = zstd data in
  let oc = open_out_bin file in
  List.iteri (fun i (c, s) ->
    let z = List.nth zipped i and d = List.nth data i in
    let h = Buffer.create 32 in
    List.iter (vlq h) [ String.length z; String.length d; be32 s 8; be32 s 12; be32 s 16 ];
    let header = Printf.sprintf "\x84\x95\xa6\xbd%c%s" (Char.chr (5 + Buffer.length h)) (Buffer.contents h) in
    output_byte oc (flag_bits c.flags);
    output_byte oc (if c.portable then 1 else 0);
    out_chunk oc (header ^ z);
    out_chunk oc s) (List.combine cs plain);
  close_out oc

(* FILE holds, per case, a chunk that ocamlrt wrote with Compression (empty
   when skipped). Each is taken apart with the zstd command and the 5.x
   header, turned back into 4.13 data, and must equal what 4.13 writes. *)
let compressed_check seed n file =
  let ic = open_in_bin file in
  let chunks = List.init n (fun _ -> let len = input_binary_int ic in really_input_string ic len) in
  close_in ic;
  let cs = cases seed n in
  let parsed = List.map (fun z ->
    if z = "" then None else begin
      let hlen = Char.code z.[4] land 0x3f in
      let rec vlqs pos k acc = if k = 0 then List.rev acc else
        let rec one pos v = let c = Char.code z.[pos] in
          let v = (v lsl 7) lor (c land 0x7f) in if c land 0x80 <> 0 then one (pos + 1) v else (pos + 1, v) in
        let pos, v = one pos 0 in vlqs pos (k - 1) (v :: acc) in
      Some (vlqs 5 5 [], String.sub z hlen (String.length z - hlen))
    end) chunks in
  let plain = unzstd (List.filter_map (fun p -> Option.map snd p) parsed) in
  let plain = ref plain and bad = ref 0 and checked = ref 0 in
  List.iteri (fun i (c, p) ->
    match p with
    | None -> ()
    | Some (nums, _) ->
      incr checked;
      let d = List.hd !plain in
      plain := List.tl !plain;
      let flags = List.filter ((<>) Marshal.Compat_32) c.flags in
      let expected = Marshal.to_string c.value flags in
      let data = map_shared (fun count pos -> count - pos) d in
      let ok = match nums with
        | [ _; ulen; objs; s32; s64 ] ->
          ulen = String.length d && objs = be32 expected 8 && s32 = be32 expected 12 && s64 = be32 expected 16
          && data = String.sub expected 20 (String.length expected - 20)
        | _ -> false in
      if not ok then (incr bad; if !bad <= 10 then Printf.printf "case %d differs\n" i))
    (List.combine cs parsed);
  Printf.printf "compressed %d, %d bad\n" !checked !bad

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
  | [ "compress"; seed; n; file ] -> compress (int_of_string seed) (int_of_string n) file
  | [ "compressed-check"; seed; n; file ] -> compressed_check (int_of_string seed) (int_of_string n) file
  | [ "stream-out"; seed; n; file ] -> stream_out (int_of_string seed) (int_of_string n) file
  | [ "stream-check"; seed; n; file ] -> stream_check (int_of_string seed) (int_of_string n) file
  | [ "hostile"; file ] -> hostile file
  | _ -> prerr_endline "usage: marshal gen|check SEED N FILE | named"; exit 2

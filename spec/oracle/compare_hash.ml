(* Randomised oracle for polymorphic compare and Hashtbl.hash
   (spec/compare_spec.lua, spec/hash_spec.lua).

   usage: compare_hash hash SEED N     N random values, each with its hashes
          compare_hash hash_blocks SEED N  N random blocks of mostly ints and strings, likewise
          compare_hash compare SEED N  N random pairs, each with compare, =, <>, <, <=, >, >=
          compare_hash deep            compare on deep and long values (expected results only)

   Every line of `hash` and `compare` is a Lua chunk that builds the case
   with the helpers the spec defines (F float bits, I32/I64/NI boxed
   integers, B bytes, FN a fresh closure, S fills a named table) and returns
   { kind, exact53, values..., results }. Named tables (s[k]) carry sharing,
   cycles and deep nesting; everything else is written inline. exact53 is
   false when a value has an int beyond 2^53 or an integral float, which
   Lua 5.1/LuaJIT cannot represent. *)

let out = Buffer.create (1 lsl 20)
let cur = ref (Buffer.create 4096)
let add s = Buffer.add_string !cur s
let add_char c = Buffer.add_char !cur c

(* Tables keyed by physical identity. *)
module Phys = Hashtbl.Make (struct
  type t = Obj.t
  let equal = ( == )
  let hash = Hashtbl.hash
end)

(* The kind of each boxed integer made, which the runtime cannot tell by looking. *)
let kinds : string Phys.t = Phys.create 64
let boxed id v =
  (* opaque: ocamlopt would otherwise box an unboxed int32 once per use *)
  let v = Sys.opaque_identity v in
  Phys.replace kinds v id;
  v

(* ---------- random leaves ---------- *)

let rand_int () =
  match Random.int 12 with
  | 0 -> 0
  | 1 -> Random.int 11 - 5
  | 2 -> max_int
  | 3 -> min_int
  | 4 -> Random.bits ()
  | 5 -> - (Random.bits ())
  | 6 -> Int64.to_int (Random.int64 Int64.max_int)
  | 7 -> (1 lsl 53) + Random.int 5 - 2
  | 8 -> (1 lsl 31) + Random.int 5 - 2
  | 9 -> - (1 lsl 31) + Random.int 5 - 2
  | _ -> Random.int 1000

let rand_float () =
  match Random.int 16 with
  | 0 -> nan
  | 1 -> Int64.float_of_bits 0xfff8000000000000L
  | 2 -> Int64.float_of_bits (Int64.logor 0x7ff0000000000001L (Random.int64 0xfffffffffffffL))
  | 3 -> infinity
  | 4 -> neg_infinity
  | 5 -> 0.
  | 6 -> -0.
  | 7 -> float_of_int (Random.int 200 - 100)
  | 8 -> Int64.float_of_bits (Random.int64 0xfffffffffffffL)
  | 9 -> max_float
  | 10 -> Int64.float_of_bits (Random.int64 Int64.max_int)
  | 11 -> -. Int64.float_of_bits (Random.int64 Int64.max_int)
  | 12 -> ldexp 1. 62
  | _ -> Random.float 1000. -. 500.

let rand_string () =
  let n = match Random.int 8 with 0 -> 0 | 1 -> 40 + Random.int 40 | _ -> Random.int 9 in
  let small = Random.bool () in
  String.init n (fun _ -> if small then Char.chr (97 + Random.int 2) else Char.chr (Random.int 256))

exception Ex of int
exception Ex2 of string * int

let rand_exn () : Obj.t =
  match Random.int 6 with
  | 0 -> Obj.repr Not_found
  | 1 -> Obj.repr (Failure (rand_string ()))
  | 2 -> Obj.repr (Invalid_argument "x")
  | 3 -> Obj.repr (Ex (Random.int 5))
  | 4 -> Obj.repr (Ex2 (rand_string (), Random.int 3))
  | _ -> Obj.repr End_of_file

let leaf ~closures () : Obj.t =
  match Random.int (if closures then 15 else 14) with
  | 0 | 1 | 2 -> Obj.repr (rand_int ())
  | 3 | 4 -> Obj.repr (rand_float ())
  | 5 | 6 -> Obj.repr (rand_string ())
  | 7 -> Obj.repr (Bytes.of_string (rand_string ()))
  | 8 -> boxed "_i" (Obj.repr (Int32.of_int (rand_int ())))
  | 9 -> boxed "_j" (Obj.repr (Int64.of_int (rand_int ())))
  | 10 -> boxed "_n" (Obj.repr (Nativeint.of_int (rand_int ())))
  | 11 -> rand_exn ()
  | 12 -> Obj.repr (object method m = 1 end)
  | 13 -> Obj.repr (Random.int 3)
  | _ ->
    let r = ref (Random.int 10) in
    if Random.bool () then Obj.repr (fun () -> incr r)
    else
      let rec f x = if x = 0 then !r else g (x - 1) and g x = f x in
      Obj.repr g (* an infix pointer *)

(* ---------- random values ---------- *)

let pool : Obj.t array = Array.make 16 (Obj.repr 0)
let pooled = ref 0

let remember v =
  pool.(Random.int (Array.length pool)) <- v;
  incr pooled

(* A block of [n] fields [f i]; never through an [Obj.t array], which
   [Array.init] would make a flat float array when the first field is a float. *)
let block_init tag n f =
  let b = Obj.new_block tag n in
  for i = 0 to n - 1 do Obj.set_field b i (f i) done;
  b

let block tag fields = block_init tag (List.length fields) (List.nth fields)

let rec gen ~closures depth : Obj.t =
  if depth <= 0 then leaf ~closures ()
  else if !pooled > 0 && Random.int 12 = 0 then pool.(Random.int (min !pooled (Array.length pool)))
  else begin
    let sub () = gen ~closures (depth - 1 - Random.int 2) in
    let v =
      match Random.int 14 with
      | 0 | 1 | 2 -> leaf ~closures ()
      | 3 -> block_init 0 (1 + Random.int 4) (fun _ -> sub ())
      | 4 -> Obj.repr (List.init (Random.int 7) (fun _ -> sub ()))
      | 5 -> block_init 0 (Random.int 5) (fun _ -> sub ())
      | 6 -> Obj.repr (Array.init (Random.int 5) (fun _ -> rand_float ()))
      | 7 -> block_init (Random.int 6) (Random.int 4) (fun _ -> sub ())
      | 8 -> Obj.repr (Some (sub ()))
      | 9 -> block Obj.forward_tag [ sub () ]
      | 10 -> block_init (if Random.bool () then Obj.lazy_tag else 200) (1 + Random.int 2) (fun _ -> sub ())
      | 11 -> Obj.repr (List.init (Random.int 40) (fun _ -> Obj.repr (Random.int 4)))
      | 12 -> Obj.new_block Obj.abstract_tag 1
      | _ -> block 0 [ sub (); sub () ]
    in
    if Obj.is_block v && Random.int 4 = 0 then remember v;
    v
  end

(* A separately built equal value: new blocks all the way down; closures
   (which cannot be copied) stay shared. *)
let rec copy (v : Obj.t) : Obj.t =
  if Obj.is_int v then v
  else
    let t = Obj.tag v in
    if t = Obj.closure_tag || t = Obj.infix_tag then v
    else if t = Obj.custom_tag then boxed (Phys.find kinds v) (Obj.dup v)
    else if t >= Obj.no_scan_tag || t = Obj.object_tag then Obj.dup v
    else block_init t (Obj.size v) (fun i -> copy (Obj.field v i))

(* Replaces one leaf on a random path of a fresh copy. *)
let rec mutate ~closures (v : Obj.t) : Obj.t =
  let t = if Obj.is_int v then -1 else Obj.tag v in
  if t < 0 || t >= Obj.no_scan_tag || t = Obj.object_tag || t = Obj.closure_tag
     || t = Obj.infix_tag || Obj.size v = 0 || Random.int 4 = 0
  then leaf ~closures ()
  else begin
    let i = Random.int (Obj.size v) in
    Obj.set_field v i (mutate ~closures (Obj.field v i));
    v
  end

(* ---------- printing as Lua ---------- *)


let exact53 = ref true
let limit53 = 1 lsl 53

let print_int n =
  if n > limit53 || n < - limit53 then exact53 := false;
  add (string_of_int n)

let print_float_bits x = add (Printf.sprintf "F'%016Lx'" (Int64.bits_of_float x))

let print_float x =
  (* an integral float within the int range reads as an int on 5.1/LuaJIT *)
  if Float.is_integer x && x >= -. ldexp 1. 62 && x <= ldexp 1. 62 && not (x = 0. && 1. /. x < 0.)
  then exact53 := false;
  print_float_bits x

let print_lua_string s =
  add_char '"';
  String.iter (fun c ->
    match c with
    | 'a' .. 'z' | 'A' .. 'Z' | '0' .. '9' | ' ' -> add_char c
    | c -> add (Printf.sprintf "\\%03d" (Char.code c))) s;
  add_char '"'

let is_table (v : Obj.t) =
  Obj.is_block v
  && (let t = Obj.tag v in
      t <> Obj.string_tag && t <> Obj.double_tag && t <> Obj.custom_tag)

let is_closure v = Obj.is_block v && (Obj.tag v = Obj.closure_tag || Obj.tag v = Obj.infix_tag)

(* Names: every table or closure met twice (shared or cyclic) and every
   table at a nesting depth that is a multiple of 40 (Lua's parser limits). *)
type namer = { names : int Phys.t; seen : unit Phys.t; mutable count : int; order : Obj.t Queue.t }

let name_of nm v =
  match Phys.find_opt nm.names v with
  | Some k -> k
  | None ->
    nm.count <- nm.count + 1;
    Phys.replace nm.names v nm.count;
    Queue.add v nm.order;
    nm.count

let scan nm roots =
  let stack = Stack.create () in
  List.iter (fun r -> Stack.push (r, 0) stack) roots;
  while not (Stack.is_empty stack) do
    let v, depth = Stack.pop stack in
    if is_table v || is_closure v then begin
      if Phys.mem nm.seen v then ignore (name_of nm v)
      else begin
        Phys.replace nm.seen v ();
        if depth > 0 && depth mod 40 = 0 && is_table v then ignore (name_of nm v);
        if is_table v && not (is_closure v) && Obj.tag v < Obj.no_scan_tag && Obj.tag v <> Obj.object_tag then
          for i = 0 to Obj.size v - 1 do Stack.push (Obj.field v i, depth + 1) stack done
      end
    end
  done


let rec print_value nm ~top (v : Obj.t) =
  if Obj.is_int v then print_int (Obj.obj v)
  else if (not top) && Phys.mem nm.names v then add (Printf.sprintf "s[%d]" (Phys.find nm.names v))
  else
    let t = Obj.tag v in
    if t = Obj.double_tag then print_float (Obj.obj v)
    else if t = Obj.string_tag then begin
      (* strings and bytes are one representation; print either, at random *)
      if Random.bool () then print_lua_string (Obj.obj v)
      else (add "B"; print_lua_string (Obj.obj v))
    end
    else if t = Obj.custom_tag then print_custom v
    else if is_closure v then add "FN()"
    else if t = Obj.double_array_tag then begin
      add "{254";
      for i = 0 to Obj.size v - 1 do add ","; print_float_bits (Obj.double_field v i) done;
      add "}"
    end
    else if t = Obj.abstract_tag then add "{251,0}"
    else if t = Obj.object_tag then begin
      add "{248,";
      let f0 = Obj.field v 0 in
      if Obj.is_block f0 && Obj.tag f0 = Obj.string_tag then print_lua_string (Obj.obj f0) else add "0";
      add ","; print_int (Obj.obj (Obj.field v 1)); add "}"
    end
    else begin
      add (Printf.sprintf "{%d" t);
      for i = 0 to Obj.size v - 1 do add ","; print_value nm ~top:false (Obj.field v i) done;
      add "}"
    end

and print_custom v =
  match Phys.find_opt kinds v with
  | Some "_i" -> add (Printf.sprintf "I32(%ld)" (Obj.obj v : int32))
  | Some "_j" -> add (Printf.sprintf "I64'%016Lx'" (Obj.obj v : int64))
  | Some _ -> add (Printf.sprintf "NI'%016nx'" (Obj.obj v : nativeint))
  | None -> failwith "unregistered custom block"

(* Prints one case: a chunk defining the named tables, then returning
   { kind, exact53, roots..., results }. *)
let print_case kind roots (results : string) =
  let nm = { names = Phys.create 16; seen = Phys.create 64; count = 0; order = Queue.create () } in
  scan nm roots;
  exact53 := true;
  let case = Buffer.create 1024 and tail = Buffer.create 1024 in
  cur := case;
  add "local s={} ";
  Queue.iter (fun v ->
    let k = Phys.find nm.names v in
    add (Printf.sprintf (if is_closure v then "s[%d]=FN() " else "s[%d]={} ") k)) nm.order;
  Queue.iter (fun v ->
    if not (is_closure v) then begin
      add (Printf.sprintf "S(s[%d]," (Phys.find nm.names v));
      print_value nm ~top:true v;
      add ") "
    end) nm.order;
  cur := tail;
  List.iter (fun r -> add ","; print_value nm ~top:false r) roots;
  Buffer.add_buffer out case;
  Buffer.add_string out (Printf.sprintf "return {%S,%b%s,%s}\n" kind !exact53 (Buffer.contents tail) results)

(* ---------- the cases ---------- *)

let outcome f =
  match f () with
  | n -> string_of_int n
  | exception Invalid_argument m -> Printf.sprintf "%S" ("E:Invalid_argument:" ^ m)
  | exception Out_of_memory -> "\"E:Out_of_memory\""

let hash_params () =
  let seed () =
    match Random.int 5 with
    | 0 -> 0
    | 1 -> Random.bits ()
    | 2 -> - (Random.bits ())
    | 3 -> Int64.to_int (Random.int64 (Int64.shift_left 1L 52))
    | _ -> Random.int 100
  in
  let count () = match Random.int 6 with 0 -> 0 | 1 -> -1 | 2 -> 1000 | _ -> Random.int 60 in
  let limit () = match Random.int 7 with 0 -> -1 | 1 -> 0 | 2 -> 256 | 3 -> 1000 | 4 -> 1 | _ -> Random.int 300 in
  (10, 100, 0) :: List.init 3 (fun _ -> (count (), limit (), seed ()))

let hash_results ?(params = hash_params ()) v =
  String.concat ","
    (List.map (fun (c, l, s) ->
       Printf.sprintf "{%d,%d,%d,%d}" c l s (Hashtbl.seeded_hash_param c l s v))
       params)

(* Values that stress the queue and the limits. *)
let special_hash_values () : Obj.t list =
  let long_list n f = Obj.repr (List.init n f) in
  let rec forwards n v = if n = 0 then v else block Obj.forward_tag [ forwards (n - 1) v ] in
  let cyclic = Obj.repr (List.init 3 (fun i -> i + 1)) in
  Obj.set_field (Obj.field (Obj.field cyclic 1) 1) 1 cyclic;
  [ long_list 300 (fun i -> i);
    long_list 300 (fun i -> string_of_int i);
    long_list 100 (fun i -> float_of_int i +. 0.5);
    block_init 0 300 (fun i -> Obj.repr i);
    Obj.repr (Array.init 300 (fun i -> float_of_int i *. 0.25));
    (* a float at the end: the GC short-circuits a forward to anything else *)
    forwards 999 (Obj.repr 7.5); forwards 1000 (Obj.repr 7.5); forwards 1001 (Obj.repr 7.5);
    block 0 [ forwards 1001 (Obj.repr 7.5); Obj.repr 8 ];
    cyclic;
    Obj.repr [||]; Obj.repr ""; Obj.repr 0; Obj.repr (0, 0.);
    Obj.repr (Array.make 3 [||]) ]

let hash_cases seed n =
  Random.init seed;
  List.iter (fun v -> print_case "h" [ v ] (hash_results v)) (special_hash_values ());
  for i = 1 to n do
    let v = gen ~closures:false (Random.int (1 + i mod 6)) in
    print_case "h" [ v ] (hash_results v)
  done

(* Blocks of mostly ints and strings, as tuples and records are (the
   native walk mixes a block's leading ints and strings as it reads them),
   with counts and limits small enough to stop inside them. *)
let block_field () : Obj.t =
  match Random.int 10 with
  | 0 | 1 | 2 | 3 -> Obj.repr (rand_int ())
  | 4 | 5 | 6 -> Obj.repr (rand_string ())
  | 7 -> Obj.repr (rand_float ())
  | 8 -> gen ~closures:false 2
  | _ -> leaf ~closures:false ()

let block_hash_params () =
  let small () = Random.int 10 - 1 in
  (10, 100, 0) :: List.init 5 (fun _ -> (small (), small (), Random.int 100))

let hash_block_cases seed n =
  Random.init seed;
  for _ = 1 to n do
    let tag = match Random.int 8 with 0 -> Obj.lazy_tag | 1 -> 200 | 2 -> 245 | _ -> Random.int 4 in
    let v = block_init tag (Random.int 8) (fun _ -> block_field ()) in
    print_case "h" [ v ] (hash_results ~params:(block_hash_params ()) v)
  done

let compare_results a b =
  Printf.sprintf "{%s}"
    (String.concat ","
       (List.map outcome
          [ (fun () -> compare a b);
            (fun () -> Bool.to_int (a = b)); (fun () -> Bool.to_int (a <> b));
            (fun () -> Bool.to_int (a < b)); (fun () -> Bool.to_int (a <= b));
            (fun () -> Bool.to_int (a > b)); (fun () -> Bool.to_int (a >= b)) ]))

let compare_cases seed n =
  Random.init seed;
  for i = 1 to n do
    let closures = Random.int 4 = 0 in
    let v = gen ~closures (Random.int (1 + i mod 6)) in
    let a, b =
      match Random.int 5 with
      | 0 -> v, gen ~closures (Random.int 4)
      | 1 -> v, copy v
      | 2 -> v, v
      | _ -> v, mutate ~closures (copy v)
    in
    let a, b = if Random.bool () then a, b else b, a in
    print_case "c" [ a; b ] (compare_results a b)
  done

(* Deep and long values: the spec builds the same shapes in Lua. *)
let deep () =
  let nested d = let t = ref (Obj.repr 0) in for k = 1 to d do t := Obj.repr (!t, k) done; !t in
  let list n last = Obj.repr (List.init n (fun i -> if i = n - 1 then last else i)) in
  cur := out;
  add "return {\n";
  List.iter (fun d ->
    let a = nested d and b = nested d in
    add (Printf.sprintf "{\"nested\",%d,%s,%s},\n" d (outcome (fun () -> compare a b))
           (outcome (fun () -> Bool.to_int (a = a)))))
    [ 1000; 524287; 524288 ];
  List.iter (fun n ->
    let a = list n (n - 1) in
    add (Printf.sprintf "{\"list\",%d,%s,%s,%s},\n" n
           (outcome (fun () -> compare a (list n (n - 1))))
           (outcome (fun () -> compare a (list n n)))
           (outcome (fun () -> Bool.to_int (a = list n (n - 1))))))
    [ 1_000_000 ];
  add "}\n"

let () =
  (match Sys.argv with
   | [| _; "hash"; seed; n |] -> hash_cases (int_of_string seed) (int_of_string n)
   | [| _; "hash_blocks"; seed; n |] -> hash_block_cases (int_of_string seed) (int_of_string n)
   | [| _; "compare"; seed; n |] -> compare_cases (int_of_string seed) (int_of_string n)
   | [| _; "deep" |] -> deep ()
   | _ -> prerr_endline "usage: compare_hash (hash|hash_blocks|compare) SEED N | deep"; exit 2);
  print_string (Buffer.contents out)

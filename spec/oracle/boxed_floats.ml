(* Oracle for OCaml's boxed float `{253, x}` in Lua (spec/boxed_float_spec.lua):
   what native OCaml makes of random values full of floats, integral ones
   above all (those Lua 5.1/LuaJIT can only hold boxed).

   usage: boxed_floats values SEED N   N random values: Marshal bytes, Hashtbl.hash
          boxed_floats compare SEED N  N random pairs: compare, (=), (<)
          boxed_floats printf SEED N   N random floats, each under every float conversion

   Each line is a Lua chunk returning one case, built with the spec's
   constructors: F "bits" a float field (the spec boxes it, or not, as the
   case needs), X "bits" a float array element (always a plain number),
   {tag, ...} a block; ints stay within 2^30 and strings are short ASCII,
   so every interpreter holds every case. Floats and blocks are fresh (no
   sharing); NaN turns up in compare and hash cases only, whose results do
   not depend on its bits. *)

let pick l = List.nth l (Random.int (List.length l))

(* A float that no other value shares: marshal's sharing must not see it. *)
let fresh x = Int64.float_of_bits (Int64.bits_of_float (Sys.opaque_identity x))

let float_edges =
  [ 0.0; -0.0; 1.0; -1.0; 3.0; 18.0; 1e15; 2. ** 52.; 2. ** 53.; 2. ** 62.; -. (2. ** 62.); 2. ** 63.;
    infinity; neg_infinity; max_float; min_float; 5e-324; 0.5; 47.22 ]

(* Mostly integral floats: those are the point here. *)
let random_float ~nan_ok =
  let x =
    match Random.int 6 with
    | 0 | 1 -> pick float_edges
    | 2 -> float_of_int (Random.int 2001 - 1000)
    | 3 -> Int64.to_float (Random.int64 Int64.max_int) *. (if Random.bool () then 1. else -1.)
    | 4 when nan_ok && Random.int 4 = 0 -> nan
    | 4 -> Int64.float_of_bits (Random.int64 Int64.max_int)
    | _ -> Random.float 1000. -. 500.
  in
  fresh x

let random_string () = String.init (Random.int 6) (fun _ -> Char.chr (97 + Random.int 26))

let rec random_value ~nan_ok depth : Obj.t =
  match if depth = 0 then Random.int 3 else Random.int 6 with
  | 0 -> Obj.repr (Random.int 2001 - 1000)
  | 1 -> Obj.repr (random_float ~nan_ok)
  | 2 -> Obj.repr (random_string ())
  | 3 -> Obj.repr (Array.init (Random.int 4) (fun _ -> random_float ~nan_ok))
  | _ ->
    let b = Obj.new_block (Random.int 4) (1 + Random.int 4) in
    for i = 0 to Obj.size b - 1 do
      Obj.set_field b i (random_value ~nan_ok (depth - 1))
    done;
    b

let bits x = Printf.sprintf "%016Lx" (Int64.bits_of_float x)

(* The value as a Lua expression of the spec's constructors. *)
let rec lua (v : Obj.t) =
  if Obj.is_int v then string_of_int (Obj.obj v)
  else
    let tag = Obj.tag v in
    if tag = Obj.double_tag then Printf.sprintf "F%S" (bits (Obj.obj v))
    else if tag = Obj.string_tag then Printf.sprintf "%S" (Obj.obj v)
    else if tag = Obj.double_array_tag then
      let a : float array = Obj.obj v in
      String.concat ", " ("{254" :: List.map (fun x -> Printf.sprintf "X%S" (bits x)) (Array.to_list a)) ^ "}"
    else
      let fields = List.init (Obj.size v) (fun i -> lua (Obj.field v i)) in
      String.concat ", " (string_of_int tag :: fields) |> Printf.sprintf "{%s}"

let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c)) (List.of_seq (String.to_seq s)))

let values n =
  for _ = 1 to n do
    let v = random_value ~nan_ok:false (Random.int 4) in
    Printf.printf "return { %s, %S, %d }\n" (lua v) (hex (Marshal.to_string v [])) (Hashtbl.hash v);
    let w = random_value ~nan_ok:true (Random.int 4) in
    (* NaN's bits do not reach the hash: OCaml hashes every NaN alike. *)
    Printf.printf "return { %s, nil, %d }\n" (lua w) (Hashtbl.hash w)
  done

(* A copy of v with one float (or nothing) changed, for pairs that are
   equal or differ in a float only. *)
let rec nudge (v : Obj.t) : Obj.t =
  if Obj.is_int v then v
  else
    let tag = Obj.tag v in
    if tag = Obj.double_tag then
      Obj.repr (match Random.int 4 with 0 -> fresh (Obj.obj v) | 1 -> random_float ~nan_ok:true | 2 -> Float.succ (Obj.obj v) | _ -> -. (Obj.obj v : float))
    else if tag = Obj.string_tag then v
    else if tag = Obj.double_array_tag || Obj.size v = 0 then Obj.dup v
    else begin
      let c = Obj.dup v in
      let i = Random.int (Obj.size c) in
      Obj.set_field c i (nudge (Obj.field v i));
      c
    end

(* Pairs of the same shape, so that a float meets a float (an int meeting a
   float is no OCaml program's comparison). *)
let compares n =
  for _ = 1 to n do
    let a = random_value ~nan_ok:true (Random.int 4) in
    let b = nudge a in
    Printf.printf "return { %s, %s, %d, %b, %b }\n" (lua a) (lua b) (compare a b) (a = b) (a < b)
  done

let conversions = [ "%f"; "%.3f"; "%e"; "%.2e"; "%E"; "%g"; "%.15g"; "%G"; "%F"; "%h"; "%H"; "%#F"; "%+8.2f"; "%012.4g" ]

let printfs n =
  for _ = 1 to n do
    let x = random_float ~nan_ok:false in
    List.iter
      (fun c ->
        let s = Printf.sprintf (Scanf.format_from_string c "%f") x in
        Printf.printf "return { %S, F%S, %S }\n" c (bits x) s)
      conversions
  done

let () =
  match Sys.argv with
  | [| _; mode; seed; n |] ->
    Random.init (int_of_string seed);
    let n = int_of_string n in
    (match mode with
     | "values" -> values n
     | "compare" -> compares n
     | "printf" -> printfs n
     | _ -> prerr_endline "usage: boxed_floats values|compare|printf SEED N"; exit 2)
  | _ -> prerr_endline "usage: boxed_floats values|compare|printf SEED N"; exit 2

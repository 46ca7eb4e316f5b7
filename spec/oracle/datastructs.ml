(* Oracle for spec/datastructs_spec.lua: runs random operation sequences on
   OCaml's own Map, Set, Hashtbl (Make), Queue, Stack, Buffer and Stream and
   prints, as a Lua chunk, each case's operations, what the queries
   observed, and the final structure as the runtime really holds it (walked
   with Obj, sharing kept). The spec replays the operations with ocamlrt's
   modules and must get the same observations and the same structure.

   Usage: datastructs KIND KEYS CASES SEED, KIND one of map set hashtbl
   queue stack buffer stream, KEYS int or string. *)

let out = Buffer.create (1 lsl 20)
let pr fmt = Printf.bprintf out fmt

let lua_string s =
  let b = Buffer.create (4 * String.length s + 2) in
  Buffer.add_char b '"';
  String.iter (fun c -> Buffer.add_string b (Printf.sprintf "\\%03d" (Char.code c))) s;
  Buffer.add_char b '"';
  Buffer.contents b

module Phys = Hashtbl.Make (struct
  type t = Obj.t
  let equal = ( == )
  let hash = Hashtbl.hash
end)

(* Writes one `N[i]={tag,...}` statement per block into [nodes], children
   first, and returns the Lua expression of [v]. Closures print as F. *)
let dump nodes (v : Obj.t) =
  let memo = Phys.create 64 and count = ref 0 in
  let rec go v =
    if Obj.is_int v then string_of_int (Obj.obj v : int)
    else
      let tag = Obj.tag v in
      if tag = Obj.string_tag then lua_string (Obj.obj v : string)
      else if tag = Obj.closure_tag || tag = Obj.infix_tag then "F"
      else
        match Phys.find_opt memo v with
        | Some e -> e
        | None ->
            let fields = List.init (Obj.size v) (fun i -> go (Obj.field v i)) in
            incr count;
            let e = Printf.sprintf "N[%d]" !count in
            Printf.bprintf nodes "%s={%d%s}\n" e tag
              (String.concat "" (List.map (fun f -> "," ^ f) fields));
            Phys.add memo v e;
            e
  in
  go v

(* One case: the ops (Lua literals), the observations, the final value. *)
let ops = ref []
let obs = ref []
let op fields = ops := ("{" ^ String.concat "," fields ^ "}") :: !ops
let see s = obs := s :: !obs
let see_int i = see (string_of_int i)
let see_exn name = see (lua_string ("!" ^ name))
let see_bool b = see (if b then "1" else "0")

(* [marshalled]: the structure as Marshal.to_string writes it, for the
   interop check (structures without closures only). *)
let emit_case ?marshalled value =
  let nodes = Buffer.create 4096 in
  let root = dump nodes value in
  pr "cases[#cases+1]=function(F)\nlocal N={}\n%s" (Buffer.contents nodes);
  pr "return {ops={%s},\nobs={%s},\nvalue=%s,\nmarshalled=%s}\nend\n"
    (String.concat ",\n" (List.rev !ops))
    (String.concat "," (List.rev !obs))
    root
    (match marshalled with Some m -> lua_string m | None -> "nil");
  ops := [];
  obs := []

module type KEY = sig
  type t
  val compare : t -> t -> int
  val gen : unit -> t
  val lua : t -> string
  val pred : t -> bool
  val transform : t -> t
  val hash : t -> int
  val bump : t -> t
end

(* Keys and the functions of them that both sides implement alike. *)
module IntKey = struct
  type t = int
  let compare (a : int) b = compare a b
  let range = ref 100
  let gen () = Random.int !range
  let lua = string_of_int
  let pred x = x mod 3 <> 0
  let transform x = x * 7 mod 1000
  let hash x = x * 2654435761 mod 1073741824
  let bump x = x + 100000
end

module StrKey = struct
  type t = string
  let compare = String.compare
  let gen () = String.init (Random.int 5) (fun _ -> Char.chr (97 + Random.int 3))
  let lua = lua_string
  let pred s = String.length s mod 2 = 0
  (* Never returns an equal string: OCaml's Set.map tests [v == v'], which
     for strings is physical and which Lua strings cannot have (see
     docs/data_structures.md). *)
  let transform s = String.init (String.length s) (fun i -> s.[String.length s - 1 - i]) ^ "a"
  let hash s = String.fold_left (fun h c -> (h * 31 + Char.code c) mod 1000003) 7 s
  let bump s = s ^ "!"
end

(* Structured keys for the generic table and for OCaml's polymorphic
   compare: the spec uses ocamlrt's caml_compare and caml_hash on them. *)
module PairKey = struct
  type t = int * string
  let compare = compare
  let gen () = (Random.int 40, StrKey.gen ())
  let lua (a, s) = Printf.sprintf "{0,%d,%s}" a (StrKey.lua s)
  let pred (a, _) = a mod 3 <> 0
  (* Fresh strings: a string shared between two keys would marshal as one
     shared block here and twice from Lua, whose strings have no identity. *)
  let fresh s = Bytes.to_string (Bytes.of_string s)
  let transform (a, s) = (a * 7 mod 1000, fresh s)
  let hash = Hashtbl.hash
  let bump (a, s) = (a + 100000, fresh s)
end

let data () = Random.int 1000
let lua_list f l = "{" ^ String.concat "," (List.map f l) ^ "}"

module MapCases (K : KEY) = struct
  module M = Map.Make (K)

  let pairs () = List.init (Random.int 12) (fun _ -> (K.gen (), data ()))
  let of_pairs l = List.fold_left (fun m (k, d) -> M.add k d m) M.empty l
  let lua_pairs l = lua_list (fun (k, d) -> Printf.sprintf "{%s,%d}" (K.lua k) d) l
  let see_key_opt = function Some (k, _) -> see (K.lua k) | None -> see_exn "Not_found"

  let step m =
    let k = K.gen () in
    let lk = K.lua k in
    match Random.int 20 with
    | 0 | 1 | 2 | 3 | 4 | 5 ->
        let d = data () in
        op [ "0"; lk; string_of_int d ];
        M.add k d m
    | 6 | 7 -> op [ "1"; lk ]; M.remove k m
    | 8 ->
        op [ "2"; lk ];
        M.update k (function None -> Some 7 | Some d -> if d mod 3 = 0 then None else Some (d + 1)) m
    | 9 ->
        op [ "3"; lk ];
        see_int (match M.find_opt k m with Some d -> d | None -> -1);
        m
    | 10 -> op [ "4" ]; M.filter (fun _ d -> d mod 4 <> 1) m
    | 11 ->
        let l = pairs () in
        op [ "5"; lua_pairs l ];
        M.union (fun _ a b -> if (a + b) mod 5 = 0 then None else Some (a - b)) m (of_pairs l)
    | 12 ->
        let l = pairs () in
        op [ "6"; lua_pairs l ];
        M.merge
          (fun _ a b ->
            match (a, b) with
            | Some a, Some b -> Some ((a * 2) + b)
            | Some a, None -> if a mod 2 = 0 then Some a else None
            | None, b -> b)
          m (of_pairs l)
    | 13 ->
        op [ "7"; lk ];
        let l, p, r = M.split k m in
        see_int (M.cardinal l);
        see_int (match p with Some d -> d | None -> -1);
        see_int (M.cardinal r);
        M.union (fun _ a _ -> Some a) l r
    | 14 ->
        let which = Random.int 2 in
        op [ "8"; string_of_int which ];
        let a, b = M.partition (fun k _ -> K.pred k) m in
        see_int (M.cardinal a);
        if which = 0 then a else b
    | 15 ->
        op [ "9" ];
        see_key_opt (M.min_binding_opt m);
        see_key_opt (M.max_binding_opt m);
        (match M.min_binding_opt m with Some (k, _) -> M.remove k m | None -> m)
    | 16 ->
        op [ "10" ];
        M.filter_map (fun _ d -> if d mod 5 = 0 then None else Some (d * 3 mod 1000)) m
    | 17 ->
        op [ "11" ];
        see_int (M.fold (fun _ d acc -> acc + d) m 0);
        see_int (M.cardinal m);
        see_bool (M.for_all (fun _ d -> d > 0) m);
        see_bool (M.exists (fun _ d -> d mod 7 = 0) m);
        M.map (fun d -> d + 1) m
    | 18 ->
        op [ "12"; lk ];
        let s = M.to_seq_from k m in
        Seq.iter (fun (k, d) -> see (K.lua k); see_int d) (fun () -> match s () with
          | Seq.Nil -> Seq.Nil
          | Seq.Cons (x, rest) -> Seq.Cons (x, fun () -> match rest () with
            | Seq.Nil -> Seq.Nil | Seq.Cons (y, _) -> Seq.Cons (y, Seq.empty)));
        see_key_opt (M.find_first_opt (fun x -> K.compare x k >= 0) m);
        see_key_opt (M.find_last_opt (fun x -> K.compare x k <= 0) m);
        m
    | _ ->
        let l = pairs () in
        op [ "13"; lua_pairs l ];
        let m2 = of_pairs l in
        see_int (compare (M.compare compare m m2) 0);
        see_bool (M.equal ( = ) m m2);
        m

  let case n =
    let m = ref M.empty in
    for _ = 1 to n do m := step !m done;
    List.iter (fun (k, d) -> see (K.lua k); see_int d) (M.bindings !m);
    emit_case ~marshalled:(Marshal.to_string !m []) (Obj.repr !m)
end

module SetCases (K : KEY) = struct
  module S = Set.Make (K)

  let elts () = List.init (Random.int 14) (fun _ -> K.gen ())
  let lua_elts l = lua_list K.lua l
  let see_opt = function Some x -> see (K.lua x) | None -> see_exn "Not_found"

  let step s =
    let x = K.gen () in
    let lx = K.lua x in
    match Random.int 18 with
    | 0 | 1 | 2 | 3 | 4 -> op [ "0"; lx ]; S.add x s
    | 5 | 6 -> op [ "1"; lx ]; S.remove x s
    | 7 -> let l = elts () in op [ "2"; lua_elts l ]; S.union s (S.of_list l)
    | 8 -> let l = elts () in op [ "3"; lua_elts l ]; S.inter s (S.of_list l)
    | 9 -> let l = elts () in op [ "4"; lua_elts l ]; S.diff s (S.of_list l)
    | 10 ->
        op [ "5"; lx ];
        let l, p, r = S.split x s in
        see_int (S.cardinal l); see_bool p; see_int (S.cardinal r);
        S.union l r
    | 11 -> op [ "6" ]; S.filter K.pred s
    | 12 ->
        let which = Random.int 2 in
        op [ "7"; string_of_int which ];
        let a, b = S.partition K.pred s in
        see_int (S.cardinal b);
        if which = 0 then a else b
    | 13 -> op [ "8" ]; S.map K.transform s
    | 14 -> op [ "9" ]; S.filter_map (fun x -> if K.pred x then Some (K.transform x) else None) s
    | 15 ->
        let l = elts () in
        op [ "10"; lx; lua_elts l ];
        let s2 = S.of_list l in
        see_bool (S.mem x s); see_bool (S.subset s2 s); see_bool (S.equal s s2);
        see_int (compare (S.compare s s2) 0); see_bool (S.disjoint s s2);
        s
    | 16 ->
        op [ "11"; lx ];
        see_opt (S.min_elt_opt s); see_opt (S.max_elt_opt s);
        see_opt (S.find_first_opt (fun y -> K.compare y x >= 0) s);
        see_opt (S.find_last_opt (fun y -> K.compare y x <= 0) s);
        (match S.to_seq_from x s () with Seq.Cons (y, _) -> see (K.lua y) | Seq.Nil -> see_exn "end");
        see_int (S.fold (fun _ n -> n + 1) s 0);
        see_bool (S.for_all K.pred s); see_bool (S.exists K.pred s);
        (match S.max_elt_opt s with Some m -> S.remove m s | None -> s)
    | _ -> let l = elts () in op [ "12"; lua_elts l ]; S.of_list l

  let case n =
    let s = ref S.empty in
    for _ = 1 to n do s := step !s done;
    List.iter (fun x -> see (K.lua x)) (S.elements !s);
    emit_case ~marshalled:(Marshal.to_string !s []) (Obj.repr !s)
end

(* The table operations the cases use, for Hashtbl.Make and for the
   generic Hashtbl alike. *)
module type TBL = sig
  type key
  type 'a t
  val create : int -> 'a t
  val add : 'a t -> key -> 'a -> unit
  val replace : 'a t -> key -> 'a -> unit
  val remove : 'a t -> key -> unit
  val find : 'a t -> key -> 'a
  val find_all : 'a t -> key -> 'a list
  val mem : 'a t -> key -> bool
  val filter_map_inplace : (key -> 'a -> 'a option) -> 'a t -> unit
  val copy : 'a t -> 'a t
  val iter : (key -> 'a -> unit) -> 'a t -> unit
  val fold : (key -> 'a -> 'b -> 'b) -> 'a t -> 'b -> 'b
  val clear : 'a t -> unit
  val reset : 'a t -> unit
  val length : 'a t -> int
  val stats : 'a t -> Hashtbl.statistics
end

module Functorial (K : KEY) = Hashtbl.Make (struct
  type t = K.t
  let equal a b = K.compare a b = 0
  let hash = K.hash
end)

(* The generic table, created with a random seed (the spec sets the same). *)
module Generic (K : KEY) = struct
  type key = K.t
  type 'a t = (key, 'a) Hashtbl.t
  include (Hashtbl : module type of Hashtbl with type ('a, 'b) t := ('a, 'b) Hashtbl.t)
  let create n = Hashtbl.create ~random:true n
end

module HashtblCases (K : KEY) (H : TBL with type key = K.t) = struct

  let see_keys h = H.iter (fun k d -> see (K.lua k); see_int d) h

  let step h =
    let k = K.gen () in
    let lk = K.lua k in
    match Random.int 40 with
    | n when n < 12 -> let d = data () in op [ "0"; lk; string_of_int d ]; H.add h k d; h
    | n when n < 18 -> let d = data () in op [ "1"; lk; string_of_int d ]; H.replace h k d; h
    | n when n < 24 -> op [ "2"; lk ]; H.remove h k; h
    | n when n < 27 ->
        op [ "3"; lk ];
        (try see_int (H.find h k) with Not_found -> see_exn "Not_found");
        h
    | n when n < 30 ->
        op [ "4"; lk ];
        let all = H.find_all h k in
        see_int (List.length all); List.iter see_int all;
        see_bool (H.mem h k);
        h
    | 30 -> op [ "5" ]; H.filter_map_inplace (fun _ d -> if d mod 3 = 0 then None else Some (d + 1)) h; h
    | 31 | 32 -> op [ "6" ]; H.copy h
    | 33 ->
        op [ "7" ];
        let n = ref 0 in
        H.iter (fun k d -> if !n < 3 then begin incr n; H.add h (K.bump k) d end) h;
        h
    | 34 -> if Random.int 4 = 0 then (op [ "8" ]; H.clear h); h
    | 35 -> if Random.int 4 = 0 then (op [ "9" ]; H.reset h); h
    | 36 ->
        op [ "10" ];
        let st = H.stats h in
        see_int st.num_bindings; see_int st.num_buckets; see_int st.max_bucket_length;
        Array.iter see_int st.bucket_histogram;
        h
    | _ ->
        op [ "11" ];
        see_int (H.length h);
        see_int (H.fold (fun _ d acc -> acc + d) h 0);
        h

  let case n =
    let size = Random.int 40 in
    let h = ref (H.create size) in
    op [ "-1"; string_of_int size; string_of_int (Obj.obj (Obj.field (Obj.repr !h) 2)) ];
    for _ = 1 to n do h := step !h done;
    see_keys !h;
    emit_case ~marshalled:(Marshal.to_string !h []) (Obj.repr !h)
end

module QueueCases = struct
  let see_take f = try see_int (f ()) with Queue.Empty -> see_exn "Empty"

  let step q1 q2 =
    let x = data () in
    match Random.int 14 with
    | 0 | 1 | 2 -> op [ "0"; string_of_int x ]; Queue.add x !q1
    | 3 | 4 -> op [ "1"; string_of_int x ]; Queue.push x !q2
    | 5 | 6 -> op [ "2" ]; see_take (fun () -> Queue.take !q1)
    | 7 -> op [ "3" ]; see_int (match Queue.take_opt !q2 with Some x -> x | None -> -1)
    | 8 -> op [ "4" ]; see_take (fun () -> Queue.peek !q1);
        see_int (match Queue.peek_opt !q2 with Some x -> x | None -> -1)
    | 9 -> op [ "5" ]; Queue.transfer !q1 !q2
    | 10 -> op [ "6" ]; Queue.transfer !q2 !q1
    | 11 -> op [ "7" ]; q2 := Queue.copy !q1
    | 12 -> if Random.int 3 = 0 then (op [ "8" ]; Queue.clear !q1)
    | _ ->
        op [ "9" ];
        see_int (Queue.length !q1); see_bool (Queue.is_empty !q2);
        see_int (Queue.fold (fun acc x -> ((acc * 3) + x) mod 1000003) 0 !q1);
        Queue.iter see_int !q2

  let case n =
    let q1 = ref (Queue.create ()) and q2 = ref (Queue.create ()) in
    for _ = 1 to n do step q1 q2 done;
    emit_case ~marshalled:(Marshal.to_string (!q1, !q2) []) (Obj.repr (!q1, !q2))
end

module StackCases = struct
  let see_pop f = try see_int (f ()) with Stack.Empty -> see_exn "Empty"

  let step s1 s2 =
    let x = data () in
    match Random.int 12 with
    | 0 | 1 | 2 -> op [ "0"; string_of_int x ]; Stack.push x !s1
    | 3 | 4 -> op [ "1"; string_of_int x ]; Stack.push x !s2
    | 5 | 6 -> op [ "2" ]; see_pop (fun () -> Stack.pop !s1)
    | 7 -> op [ "3" ]; see_int (match Stack.pop_opt !s2 with Some x -> x | None -> -1)
    | 8 -> op [ "4" ]; see_pop (fun () -> Stack.top !s1);
        see_int (match Stack.top_opt !s2 with Some x -> x | None -> -1)
    | 9 -> op [ "5" ]; s2 := Stack.copy !s1
    | 10 -> if Random.int 3 = 0 then (op [ "6" ]; Stack.clear !s1)
    | _ ->
        op [ "7" ];
        see_int (Stack.length !s1); see_bool (Stack.is_empty !s2);
        see_int (Stack.fold (fun acc x -> ((acc * 3) + x) mod 1000003) 0 !s1);
        Stack.iter see_int !s2

  let case n =
    let s1 = ref (Stack.create ()) and s2 = ref (Stack.create ()) in
    for _ = 1 to n do step s1 s2 done;
    emit_case ~marshalled:(Marshal.to_string (!s1, !s2) []) (Obj.repr (!s1, !s2))
end

module BufferCases = struct
  let text () = String.init (Random.int 20) (fun _ -> Char.chr (Random.int 256))
  let catch f = try f () with Invalid_argument m -> see_exn ("Invalid_argument " ^ m)

  let uchar () =
    let u = Random.int 0x110000 in
    if u >= 0xD800 && u <= 0xDFFF then 0x41 else u

  let step b1 b2 =
    let s = text () in
    let ls = lua_string s in
    let i () = Random.int 30 - 5 in
    match Random.int 16 with
    | 0 | 1 -> let c = Random.int 256 in op [ "0"; string_of_int c ]; Buffer.add_char b1 (Char.chr c)
    | 2 | 3 -> op [ "1"; ls ]; Buffer.add_string b1 s
    | 4 ->
        let o = i () and l = i () in
        op [ "2"; ls; string_of_int o; string_of_int l ];
        catch (fun () -> Buffer.add_substring b1 s o l)
    | 5 -> let u = uchar () in op [ "3"; string_of_int u ]; Buffer.add_utf_8_uchar b1 (Uchar.of_int u)
    | 6 -> op [ "4" ]; Buffer.add_buffer b1 b2
    | 7 -> op [ "5"; ls ]; Buffer.add_string b2 s
    | 8 -> let n = i () in op [ "6"; string_of_int n ]; catch (fun () -> Buffer.truncate b1 n)
    | 9 -> if Random.int 3 = 0 then (op [ "7" ]; Buffer.clear b1)
    | 10 -> if Random.int 3 = 0 then (op [ "8" ]; Buffer.reset b1)
    | 11 ->
        let o = i () and l = i () in
        op [ "9"; string_of_int o; string_of_int l ];
        catch (fun () -> see (lua_string (Buffer.sub b1 o l)))
    | 12 -> let n = i () in op [ "10"; string_of_int n ];
        catch (fun () -> see_int (Char.code (Buffer.nth b1 n)))
    | 13 ->
        let o = i () and d = i () and l = i () in
        op [ "11"; string_of_int o; string_of_int d; string_of_int l ];
        let dst = Bytes.make 12 '.' in
        catch (fun () -> Buffer.blit b1 o dst d l; see (lua_string (Bytes.to_string dst)))
    | 14 ->
        let u = uchar () in
        op [ "12"; string_of_int u ];
        Buffer.add_utf_16be_uchar b1 (Uchar.of_int u);
        Buffer.add_utf_16le_uchar b2 (Uchar.of_int u)
    | _ -> op [ "13" ]; see (lua_string (Buffer.contents b1)); see_int (Buffer.length b1)

  (* The bytes OCaml leaves uninitialised are zero in ocamlrt; for marshalled
     data to compare, they are zeroed here: the whole storage at creation,
     the part past position at the end. *)
  let storage (b : Buffer.t) : bytes = Obj.obj (Obj.field (Obj.repr b) 0)
  let zeroed_create n =
    let b = Buffer.create n in
    Bytes.fill (storage b) 0 (Bytes.length (storage b)) '\000';
    b
  let zero_tail b =
    let pos = Buffer.length b in
    Bytes.fill (storage b) pos (Bytes.length (storage b) - pos) '\000'

  (* The record with the unused tail of the bytes (uninitialised in OCaml)
     left out: contents up to position, length, whether the storage is the
     initial one, and the initial storage's length. *)
  let shape (b : Buffer.t) =
    let r = Obj.repr b in
    let buffer : bytes = Obj.obj (Obj.field r 0) and initial : bytes = Obj.obj (Obj.field r 3) in
    let pos : int = Obj.obj (Obj.field r 1) and len : int = Obj.obj (Obj.field r 2) in
    (Bytes.sub_string buffer 0 pos, pos, len, buffer == initial, Bytes.length initial)

  let case n =
    let size = Random.int 20 - 2 in
    op [ "-1"; string_of_int size ];
    let b1 = zeroed_create size and b2 = zeroed_create 4 in
    for _ = 1 to n do step b1 b2 done;
    zero_tail b1;
    zero_tail b2;
    emit_case ~marshalled:(Marshal.to_string (b1, b2) []) (Obj.repr (shape b1, shape b2))
end

module StreamCases = struct
  (* A random stream expression, as ops-style Lua literals and the stream. *)
  let rec expr depth : string * (unit -> int Stream.t) =
    let leaf = depth = 0 in
    match Random.int (if leaf then 4 else 10) with
    | 0 ->
        let l = List.init (Random.int 5) (fun _ -> data ()) in
        (Printf.sprintf "{0,%s}" (lua_list string_of_int l), fun () -> Stream.of_list l)
    | 1 ->
        let s = String.init (Random.int 5) (fun _ -> Char.chr (97 + Random.int 26)) in
        ( Printf.sprintf "{1,%s}" (lua_string s),
          fun () -> Stream.from (let st = Stream.of_string s in fun _ -> Option.map Char.code (
            match Stream.peek st with Some c -> Stream.junk st; Some c | None -> None)) )
    | 2 ->
        let n = Random.int 6 in
        (Printf.sprintf "{2,%d}" n, fun () -> Stream.from (fun c -> if c < n then Some (c * 3) else None))
    | 3 -> let x = data () in (Printf.sprintf "{5,%d}" x, fun () -> Stream.ising x)
    | 4 ->
        let a, fa = expr (depth - 1) and b, fb = expr (depth - 1) in
        (Printf.sprintf "{3,%s,%s}" a b, fun () -> Stream.iapp (fa ()) (fb ()))
    | 5 -> let x = data () and a, fa = expr (depth - 1) in
        (Printf.sprintf "{4,%d,%s}" x a, fun () -> Stream.icons x (fa ()))
    | 6 -> let a, fa = expr (depth - 1) in (Printf.sprintf "{6,%s}" a, fun () -> Stream.slazy fa)
    | 7 -> let x = data () and a, fa = expr (depth - 1) in
        (Printf.sprintf "{7,%d,%s}" x a, fun () -> Stream.lcons (fun () -> x) (fa ()))
    | 8 ->
        let a, fa = expr (depth - 1) and b, fb = expr (depth - 1) in
        (Printf.sprintf "{8,%s,%s}" a b, fun () -> Stream.lapp fa (fb ()))
    | _ -> ("{9}", fun () -> Stream.sempty)

  let step s =
    match Random.int 7 with
    | 0 | 1 -> op [ "0" ]; (try see_int (Stream.next s) with Stream.Failure -> see_exn "Failure")
    | 2 -> op [ "1" ]; see_int (match Stream.peek s with Some x -> x | None -> -1)
    | 3 -> op [ "2" ]; Stream.junk s
    | 4 -> let n = Random.int 5 in op [ "3"; string_of_int n ];
        let l = Stream.npeek n s in see_int (List.length l); List.iter see_int l
    | 5 -> op [ "4" ]; see_int (Stream.count s)
    | _ -> op [ "5" ]; (try Stream.empty s; see_int 1 with Stream.Failure -> see_exn "Failure")

  let case n =
    let e, f = expr 3 in
    op [ e ];
    let s = f () in
    for _ = 1 to n do step s done;
    let rest = ref [] in
    see_int (Stream.count s);
    Stream.iter (fun x -> rest := x :: !rest) s;
    List.iter see_int (List.rev !rest);
    see_int (Stream.count s);
    emit_case (Obj.repr 0)
end

(* Buffer.add_channel and Stream.of_channel on a file of random bytes; the
   spec reads the same bytes from an in-memory channel. *)
module ChannelCases = struct
  let with_file content f =
    let name = Filename.temp_file "datastructs" ".bin" in
    let oc = open_out_bin name in
    output_string oc content;
    close_out oc;
    let ic = open_in_bin name in
    let r = f ic in
    close_in ic;
    Sys.remove name;
    r

  let content () = String.init (Random.int (if Random.bool () then 300 else 9000)) (fun _ -> Char.chr (Random.int 256))

  let buffer_case n =
    let s = content () in
    let size = Random.int 20 in
    op [ "-1"; lua_string s; string_of_int size ];
    let b = Buffer.create size in
    with_file s (fun ic ->
        for _ = 1 to n do
          if Random.int 5 = 0 then begin
            let t = String.make (Random.int 5) 'x' in
            op [ "1"; lua_string t ];
            Buffer.add_string b t
          end else begin
            let len = Random.int 120 in
            op [ "0"; string_of_int len ];
            (try Buffer.add_channel b ic len; see_int (Buffer.length b)
             with End_of_file -> see_exn "End_of_file"; see_int (Buffer.length b))
          end
        done);
    emit_case (Obj.repr (BufferCases.shape b))

  let stream_case n =
    let s = content () in
    op [ "-1"; lua_string s ];
    with_file s (fun ic ->
        let st = Stream.of_channel ic in
        for _ = 1 to n do
          match Random.int 6 with
          | 0 | 1 -> op [ "0" ]; (try see_int (Char.code (Stream.next st)) with Stream.Failure -> see_exn "Failure")
          | 2 -> op [ "1" ]; see_int (match Stream.peek st with Some c -> Char.code c | None -> -1)
          | 3 -> op [ "2" ]; Stream.junk st
          | 4 -> let k = Random.int 5 in op [ "3"; string_of_int k ];
              let l = Stream.npeek k st in see_int (List.length l); List.iter (fun c -> see_int (Char.code c)) l
          | _ -> op [ "4" ]; see_int (Stream.count st)
        done;
        see_int (Stream.count st);
        Stream.iter (fun c -> see_int (Char.code c)) st;
        see_int (Stream.count st));
    emit_case (Obj.repr 0)
end

(* Read mode: structures marshalled by ocamlrt (one hex line each) are
   unmarshalled here and used by OCaml's own functions; what they see is
   printed for the spec to compare with the same done in Lua. *)
module Read = struct
  let map (type k) (module K : KEY with type t = k) =
    let module M = Map.Make (K) in
    fun data ->
      let m : int M.t = Marshal.from_string data 0 in
      M.iter (fun k d -> see (K.lua k); see_int d) m;
      see_int (M.cardinal m);
      M.iter (fun k _ -> see_int (M.find k m)) m

  let set (type k) (module K : KEY with type t = k) =
    let module S = Set.Make (K) in
    fun data ->
      let s : S.t = Marshal.from_string data 0 in
      S.iter (fun x -> see (K.lua x)) s;
      see_int (S.cardinal s);
      S.iter (fun x -> see_bool (S.mem x s)) s

  module Tbl (K : KEY) (H : TBL with type key = K.t) = struct
    let listing (h : int H.t) =
      H.iter (fun k d -> see (K.lua k); see_int d) h;
      let keys = List.rev (H.fold (fun k _ acc -> k :: acc) h []) in
      List.iter (fun k -> see_int (H.find h k)) keys;
      List.iteri (fun i k -> if i < 50 then H.add h (K.bump k) i) keys;
      see_int (H.length h);
      H.iter (fun k d -> see (K.lua k); see_int d) h
  end

  let queue ((q1, q2) : int Queue.t * int Queue.t) =
    Queue.iter see_int q1;
    Queue.add 12345 q1;
    Queue.iter see_int q1;
    Queue.transfer q1 q2;
    Queue.iter see_int q2;
    see_int (Queue.length q2)

  let stack ((s1, s2) : int Stack.t * int Stack.t) =
    Stack.iter see_int s1;
    Stack.push 777 s2;
    Stack.iter see_int s2;
    see_int (Stack.length s2)

  let buffer ((b1, b2) : Buffer.t * Buffer.t) =
    see (lua_string (Buffer.contents b1));
    Buffer.add_string b1 "xyz";
    see (lua_string (Buffer.contents b1));
    Buffer.add_buffer b2 b1;
    see (lua_string (Buffer.contents b2));
    Buffer.reset b1;
    Buffer.add_char b1 'q';
    see (lua_string (Buffer.contents b1))

  let hex_decode h = String.init (String.length h / 2) (fun i -> Char.chr (int_of_string ("0x" ^ String.sub h (2 * i) 2)))

  let run kind keys file =
    let listing : string -> unit =
      let un f s = f (Marshal.from_string s 0) in
      match (kind, keys) with
      | "map", "int" -> map (module IntKey)
      | "map", "string" -> map (module StrKey)
      | "map", _ -> map (module PairKey)
      | "set", "int" -> set (module IntKey)
      | "set", "string" -> set (module StrKey)
      | "set", _ -> set (module PairKey)
      | "hashtbl", "int" -> let module T = Tbl (IntKey) (Functorial (IntKey)) in un T.listing
      | "hashtbl", _ -> let module T = Tbl (StrKey) (Functorial (StrKey)) in un T.listing
      | "generic_hashtbl", "int" -> let module T = Tbl (IntKey) (Generic (IntKey)) in un T.listing
      | "generic_hashtbl", "string" -> let module T = Tbl (StrKey) (Generic (StrKey)) in un T.listing
      | "generic_hashtbl", _ -> let module T = Tbl (PairKey) (Generic (PairKey)) in un T.listing
      | "queue", _ -> un queue
      | "stack", _ -> un stack
      | "buffer", _ -> un buffer
      | _ -> failwith "unknown kind"
    in
    let ic = open_in_bin file in
    pr "return {\n";
    (try
       while true do
         listing (hex_decode (input_line ic));
         pr "{%s},\n" (String.concat "," (List.rev !obs));
         obs := []
       done
     with End_of_file -> ());
    close_in ic;
    pr "}\n";
    print_string (Buffer.contents out)
end

let () =
  if Sys.argv.(1) = "read" then (Read.run Sys.argv.(2) Sys.argv.(3) Sys.argv.(4); exit 0);
  let kind = Sys.argv.(1) and keys = Sys.argv.(2) in
  let cases = int_of_string Sys.argv.(3) in
  Random.init (int_of_string Sys.argv.(4));
  pr "local cases={}\n";
  let run case = for c = 1 to cases do case (1 + (c * 7 mod 150)) done in
  (match (kind, keys) with
   | "map", "int" -> let module C = MapCases (IntKey) in run C.case
   | "map", "string" -> let module C = MapCases (StrKey) in run C.case
   | "set", "int" -> let module C = SetCases (IntKey) in run C.case
   | "set", "string" -> let module C = SetCases (StrKey) in run C.case
   | "hashtbl", "int" -> IntKey.range := 300; let module C = HashtblCases (IntKey) (Functorial (IntKey)) in run C.case
   | "hashtbl", "string" -> let module C = HashtblCases (StrKey) (Functorial (StrKey)) in run C.case
   | "generic_hashtbl", "int" -> IntKey.range := 300; let module C = HashtblCases (IntKey) (Generic (IntKey)) in run C.case
   | "generic_hashtbl", "string" -> let module C = HashtblCases (StrKey) (Generic (StrKey)) in run C.case
   | "generic_hashtbl", _ -> let module C = HashtblCases (PairKey) (Generic (PairKey)) in run C.case
   | "map", "pair" -> let module C = MapCases (PairKey) in run C.case
   | "set", "pair" -> let module C = SetCases (PairKey) in run C.case
   | "queue", _ -> run QueueCases.case
   | "stack", _ -> run StackCases.case
   | "buffer", _ -> run BufferCases.case
   | "stream", _ -> run StreamCases.case
   | "buffer_channel", _ -> run ChannelCases.buffer_case
   | "stream_channel", _ -> run ChannelCases.stream_case
   | _ -> failwith "unknown kind");
  pr "return cases\n";
  print_string (Buffer.contents out)

(* The OCaml side of `make bench`: the same source runs native (ocamlopt) and,
   compiled to bytecode then with js_of_ocaml, on node.

   bench prepare DIR        writes the shared inputs (marshalled data written
                            by this program, the text files, the lexer tables
                            as Lua source) into DIR
   bench run WORKLOAD DIR   builds the inputs of WORKLOAD, then times only the
                            operation BENCH_RUNS times (default 5) and prints
                            "ok <check> <ms>,<ms>,..." or "fails <reason>"

   <check> is a small digest of the work done (a length, a count, a sum modulo
   2^24, small enough for js_of_ocaml's 32-bit ints); bench/run.lua compares it
   with native OCaml's so that no column is timing different work. bench/bench.lua
   mirrors every workload for ocamlrt and plain Lua: keep the two in step. *)

let env_float name default =
  match Sys.getenv_opt name with Some s -> float_of_string s | None -> default

let scale = env_float "BENCH_SCALE" 1.0
let runs = int_of_float (env_float "BENCH_RUNS" 5.)

(* A workload stops repeating once its runs took this long (js_of_ocaml
   needs close to a minute a run to read 100 MB by lines). *)
let budget = env_float "BENCH_MAX_SECONDS" 20.

(* [count k] is k scaled by BENCH_SCALE (for quick trial runs). *)
let count k = max 1 (int_of_float (float k *. scale))

let mod24 x = x land 0xFFFFFF

(* Times [op ()] [runs] times (fewer past [budget]) after a full collection;
   [check] digests the last result outside the timed part. The clock is
   Sys.time: processor time natively (steadier than wall time on a busy
   machine, and what os.clock gives Lua), wall time under js_of_ocaml. *)
let measure op check =
  let rec loop k spent times =
    Gc.full_major ();
    let t0 = Sys.time () in
    let r = op () in
    let dt = Sys.time () -. t0 in
    let times = Printf.sprintf "%.3f" (dt *. 1000.) :: times in
    if k < runs && spent +. dt < budget then loop (k + 1) (spent +. dt) times else (r, List.rev times)
  in
  let result, times = loop 1 0. [] in
  Printf.printf "ok %s %s\n" (check result) (String.concat "," times)

(* The inputs, built the same way in bench/bench.lua. *)

type record = { name : string; id : int; score : float; tags : string list }

let ints () = List.init (count 1_000_000) (fun i -> i)

let records () =
  List.init (count 200_000) (fun i ->
      { name = "item" ^ string_of_int i; id = i; score = float i *. 0.5; tags = [ "a"; "bb" ] })

let big_string () = String.init (count 10_000_000) (fun i -> Char.chr (i land 255))

let read_file path =
  let ic = open_in_bin path in
  let s = really_input_string ic (in_channel_length ic) in
  close_in ic;
  s

let write_file path s =
  let oc = open_out_bin path in
  output_string oc s;
  close_out oc

let file dir name = Filename.concat dir name

(* Lines of 20 to 139 bytes (80 on average with the newline) up to 100 MB. *)
let write_lines path =
  let oc = open_out_bin path in
  let total = count 100_000_000 and written = ref 0 and k = ref 0 in
  while !written < total do
    let len = 20 + (!k mod 120) in
    output_string oc (String.make len (Char.chr (97 + (!k mod 26))));
    output_char oc '\n';
    written := !written + len + 1;
    incr k
  done;
  close_out oc

(* About 10 MB of OCaml-looking text for the lexer. *)
let write_lex_input path =
  let b = Buffer.create (count 10_000_000 + 100) and k = ref 0 in
  while Buffer.length b < count 10_000_000 do
    Printf.bprintf b "let x%d = (y_%d + %d) * 3.%d :: \"s%d\" (* f' <> %de5 *)\n" !k (!k * 7) !k (!k mod 97) !k !k;
    incr k
  done;
  write_file path (Buffer.contents b)

(* The lexer's tables as a Lua chunk returning the Lexing.lex_tables record
   in the value contract, strings with decimal escapes (any Lua reads them). *)
let lua_string s =
  let b = Buffer.create (4 * String.length s) in
  Buffer.add_char b '"';
  String.iter (fun c -> Printf.bprintf b "\\%d" (Char.code c)) s;
  Buffer.add_char b '"';
  Buffer.contents b

let write_lex_tables path =
  let t = Bench_lexer.__ocaml_lex_tables in
  let fields =
    Lexing.
      [ t.lex_base; t.lex_backtrk; t.lex_default; t.lex_trans; t.lex_check; t.lex_base_code; t.lex_backtrk_code;
        t.lex_default_code; t.lex_trans_code; t.lex_check_code; t.lex_code ]
  in
  write_file path ("return {0, " ^ String.concat ", " (List.map lua_string fields) ^ "}\n")

let prepare dir =
  write_file (file dir "ints.bin") (Marshal.to_string (ints ()) []);
  write_file (file dir "records.bin") (Marshal.to_string (records ()) []);
  write_file (file dir "string.bin") (Marshal.to_string (big_string ()) []);
  write_lines (file dir "lines.txt");
  write_lex_input (file dir "lex.txt");
  write_lex_tables (file dir "lex_tables.lua")

(* The workloads. *)

module IntMap = Map.Make (Int)

let sum_ints l = List.fold_left (fun acc i -> mod24 (acc + i)) 0 l
let sum_ids l = List.fold_left (fun acc r -> mod24 (acc + r.id)) 0 l
let show_int = string_of_int

let marshal_out value () = measure (fun () -> Marshal.to_string value []) (fun s -> show_int (String.length s))

let marshal_in dir name digest () =
  let data = read_file (file dir name) in
  measure (fun () -> Marshal.from_string data 0) digest

let hash_tuples () =
  let tuples = Array.init (count 1_000_000) (fun i -> (i, "k" ^ string_of_int i)) in
  measure
    (fun () -> Array.fold_left (fun acc t -> mod24 (acc + Hashtbl.hash t)) 0 tuples)
    show_int

let compare_lists () =
  let a = ints () and b = ints () in
  measure (fun () -> compare a b) show_int

let sprintf_loop format_one () =
  let n = count 1_000_000 in
  measure
    (fun () ->
      let total = ref 0 in
      for i = 0 to n - 1 do
        total := !total + String.length (format_one i)
      done;
      !total)
    show_int

let read_lines dir () =
  let path = file dir "lines.txt" in
  measure
    (fun () ->
      let ic = open_in_bin path and lines = ref 0 and bytes = ref 0 in
      (try
         while true do
           let l = input_line ic in
           incr lines;
           bytes := !bytes + String.length l
         done
       with End_of_file -> ());
      close_in ic;
      (!lines, !bytes))
    (fun (lines, bytes) -> Printf.sprintf "%d/%d" lines bytes)

let write_strings dir () =
  let path = file dir "out.txt" and line = String.make 79 'x' ^ "\n" and n = count 100_000_000 / 80 in
  measure
    (fun () ->
      let oc = open_out_bin path in
      for _ = 1 to n do
        output_string oc line
      done;
      close_out oc)
    (fun () -> show_int (String.length (read_file path)))

let lex dir () =
  let input = read_file (file dir "lex.txt") in
  measure
    (fun () ->
      let lexbuf = Lexing.from_string input and tokens = ref 0 and sum = ref 0 in
      let rec loop () =
        match Bench_lexer.token lexbuf with
        | 0 -> ()
        | t ->
            incr tokens;
            sum := mod24 (!sum + t);
            loop ()
      in
      loop ();
      (!tokens, !sum))
    (fun (tokens, sum) -> Printf.sprintf "%d/%d" tokens sum)

let hashtbl_add () =
  let n = count 1_000_000 in
  measure
    (fun () ->
      let h = Hashtbl.create 16 in
      for i = 0 to n - 1 do
        Hashtbl.add h i i
      done;
      h)
    (fun h -> show_int (Hashtbl.length h))

let hashtbl_find () =
  let n = count 1_000_000 in
  let h = Hashtbl.create 16 in
  for i = 0 to n - 1 do
    Hashtbl.add h i i
  done;
  measure
    (fun () ->
      let sum = ref 0 in
      for i = 0 to n - 1 do
        sum := mod24 (!sum + Hashtbl.find h i)
      done;
      !sum)
    show_int

let map_add () =
  let n = count 1_000_000 in
  measure
    (fun () ->
      let m = ref IntMap.empty in
      for i = 0 to n - 1 do
        m := IntMap.add i i !m
      done;
      !m)
    (fun m -> show_int (IntMap.cardinal m))

let workload dir = function
  | "marshal_out_ints" -> marshal_out (ints ())
  | "marshal_in_ints" -> marshal_in dir "ints.bin" (fun l -> show_int (sum_ints l))
  | "marshal_out_records" -> marshal_out (records ())
  | "marshal_in_records" -> marshal_in dir "records.bin" (fun l -> show_int (sum_ids l))
  | "marshal_out_string" -> marshal_out (big_string ())
  | "marshal_in_string" -> marshal_in dir "string.bin" (fun s -> show_int (String.length s))
  | "hash_tuples" -> hash_tuples
  | "compare_lists" -> compare_lists
  | "sprintf_int" -> sprintf_loop (Printf.sprintf "%d")
  | "sprintf_float" -> sprintf_loop (fun i -> Printf.sprintf "%.6f" (float i *. 0.37))
  | "read_lines" -> read_lines dir
  | "write_strings" -> write_strings dir
  | "lex" -> lex dir
  | "hashtbl_add" -> hashtbl_add
  | "hashtbl_find" -> hashtbl_find
  | "map_add" -> map_add
  | w -> failwith ("unknown workload " ^ w)

let () =
  match Array.to_list Sys.argv with
  | [ _; "prepare"; dir ] -> prepare dir
  | [ _; "run"; name; dir ] -> (
      let run = workload dir name in
      try run () with e -> Printf.printf "fails %s\n" (Printexc.to_string e))
  | _ ->
      prerr_endline "usage: bench prepare DIR | bench run WORKLOAD DIR";
      exit 2

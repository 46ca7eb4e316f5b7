(* The compiled-program workloads of `make bench LOO=...`: one OCaml program
   built with ocamlopt and, through ocamlc and lua_of_ocaml, to Lua, where it
   runs on ocamlrt (lua -l ocamlrt.run) and on the compiler's own runtime.

   compiled prepare DIR             writes the 10 MB text file into DIR
   compiled run WORKLOAD DIR N      times WORKLOAD on N items (100000 at full
                                    size) RUNS times (argument 4, default 3)
                                    and prints "ok <check> <ms>,..."

   The program avoids what lua_of_ocaml cannot compile yet (docs/
   lua_of_ocaml.md): no exception is caught (try ... with never catches in
   its output), so files are read up to their known length rather than to
   End_of_file, the parameters come as arguments, not from Sys.getenv, and
   paths are joined by hand (Filename reads TMPDIR under a try at start-up).
   <check> digests the result so that bench/run.lua can tell that every side
   did the same work. *)

let mod24 x = x land 0xFFFFFF

let measure runs op check =
  let rec loop k times =
    let t0 = Sys.time () in
    let r = op () in
    let dt = Sys.time () -. t0 in
    let times = Printf.sprintf "%.3f" (dt *. 1000.) :: times in
    if k < runs then loop (k + 1) times else (r, List.rev times)
  in
  let result, times = loop 1 [] in
  print_string ("ok " ^ check result ^ " " ^ String.concat "," times ^ "\n")

type record = { name : string; id : int; score : float; tags : string list }

(* Scores are never integral: lua_of_ocaml writes an integral float as a Lua
   integer, which Marshal then cannot tell from an int. *)
let records n =
  List.init n (fun i -> { name = "item" ^ string_of_int i; id = i; score = float i +. 0.25; tags = [ "a"; "bb" ] })

let marshal_round_trip n () =
  let s = Marshal.to_string (records n) [] in
  let (back : record list) = Marshal.from_string s 0 in
  (String.length s, List.fold_left (fun acc r -> mod24 (acc + r.id + String.length r.name)) 0 back)

let hashtbl_strings n () =
  let h = Hashtbl.create 16 in
  for i = 0 to n - 1 do Hashtbl.replace h ("key" ^ string_of_int i) i done;
  let sum = ref 0 in
  for i = 0 to n - 1 do sum := mod24 (!sum + Hashtbl.find h ("key" ^ string_of_int i)) done;
  (Hashtbl.length h, !sum)

let printf_lines dir n () =
  let path = dir ^ "/printf_lines.txt" in
  let oc = open_out_bin path in
  for i = 0 to n - 1 do Printf.fprintf oc "%d %s %.2f %x\n" i "line" (float i /. 8.) i done;
  let size = pos_out oc in
  close_out oc;
  (size, n)

let lines_file dir = dir ^ "/lines_10mb.txt"

(* Lines of 20 to 139 bytes up to 10 MB. *)
let prepare dir =
  let oc = open_out_bin (lines_file dir) in
  let written = ref 0 and k = ref 0 in
  while !written < 10_000_000 do
    let len = 20 + (!k mod 120) in
    output_string oc (String.make len (Char.chr (97 + (!k mod 26))));
    output_char oc '\n';
    written := !written + len + 1;
    incr k
  done;
  close_out oc

let read_lines dir () =
  let ic = open_in_bin (lines_file dir) in
  let length = in_channel_length ic in
  let lines = ref 0 and bytes = ref 0 in
  while pos_in ic < length do
    let l = input_line ic in
    incr lines;
    bytes := !bytes + String.length l
  done;
  close_in ic;
  (!lines, !bytes)

let sort_tuples n () =
  let l = List.init n (fun i -> ((i * 7919) mod 100_003, "s" ^ string_of_int (i mod 977))) in
  let sorted = List.sort compare l in
  let _, digest =
    List.fold_left (fun (k, acc) (a, s) -> (k + 1, mod24 ((acc * 31) + a + (k * String.length s)))) (0, 0) sorted
  in
  (List.length sorted, digest)

let pair (a, b) = string_of_int a ^ "/" ^ string_of_int b

(* Dispatched on the workload's first letter, numbers read digit by digit:
   a match on strings compiles to caml_string_notequal and int_of_string to
   caml_int_of_string, which the compiler's own runtime lacks, and that side
   would then measure nothing at all. *)
let digits s = String.fold_left (fun n c -> (n * 10) + Char.code c - Char.code '0') 0 s

let () =
  match Array.to_list Sys.argv with
  | [ _; _; dir ] -> prepare dir
  | _ :: _ :: workload :: dir :: n :: rest ->
    let runs = match rest with r :: _ -> digits r | [] -> 3 in
    let n = digits n in
    let op =
      match workload.[0] with
      | 'm' -> marshal_round_trip n
      | 'h' -> hashtbl_strings n
      | 'p' -> printf_lines dir n
      | 'r' -> read_lines dir
      | _ -> sort_tuples n
    in
    measure runs op pair
  | _ -> prerr_endline "usage: compiled prepare DIR | compiled run WORKLOAD DIR N [RUNS]"; exit 2

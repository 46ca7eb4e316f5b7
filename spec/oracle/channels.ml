(* Differential oracle for channels (spec/channels_spec.lua).

   Usage: channels DIR SEED, DIR holding empty folders ml/ and lua/. Writes
   input files DIR/in_K and, for each output case, two identical starting
   files DIR/ml/out_K and DIR/lua/out_K. Then runs random sequences of Stdlib
   channel operations: input cases on DIR/in_K, output cases on DIR/ml/out_K
   (left as OCaml made it). Prints each case as a Lua call: the open flags,
   the operations and OCaml's result of each (a value, or the exception). The
   spec replays the operations through ocamlrt's primitives, on DIR/lua/out_K
   for output cases, and compares results and files. Sys_error messages have
   DIR/ml/ replaced by "<dir>/" (the spec does so for DIR/lua/). *)

external input_scan_line : in_channel -> int = "caml_ml_input_scan_line"
(* The raw close: no flush, buffered output is dropped. *)
external close_out_channel : out_channel -> unit = "caml_ml_close_channel"

let dir = Sys.argv.(1)
let () = Random.init (int_of_string Sys.argv.(2))

let write_file path s =
  let oc = open_out_bin path in
  output_string oc s;
  close_out oc

let random_string n = String.init n (fun _ -> Char.chr (Random.int 256))

(* Text with lines of varied lengths, CRLF sometimes, a final newline or not. *)
let random_text size =
  let b = Buffer.create size in
  while Buffer.length b < size do
    let len = match Random.int 10 with 0 -> 0 | 1 -> Random.int 300 | _ -> Random.int 60 in
    Buffer.add_string b (String.init len (fun _ -> Char.chr (32 + Random.int 95)));
    Buffer.add_string b (if Random.int 5 = 0 then "\r\n" else "\n")
  done;
  let s = Buffer.contents b in
  if Random.bool () then String.sub s 0 (String.length s - 1) else s

let inputs = [|
  "";
  "a";
  "\n";
  "one line without newline";
  "x\ny\n\n\nz";
  random_text 1000;
  random_text 70000;
  random_text 140000;
  random_string 5000;
  random_string 131072;
  String.make 65535 'a' ^ "\n" ^ String.make 65536 'b' ^ "\nc";
  String.make 150000 'L' ^ "\nend\n";
|]

let () = Array.iteri (fun k s -> write_file (Printf.sprintf "%s/in_%d" dir k) s) inputs

(* Lua syntax for results. Long strings print as their length and
   Adler-32 (the spec computes the same), to keep the output small. *)
let adler32 s =
  let a = ref 1 and b = ref 0 in
  String.iter (fun c -> a := (!a + Char.code c) mod 65521; b := (!b + !a) mod 65521) s;
  !b * 65536 + !a

let lua_string s =
  if String.length s <= 64 then Printf.sprintf "%S" s
  else Printf.sprintf "long(%d, %d)" (String.length s) (adler32 s)

(* A long string both sides can make: byte i of pattern(seed, len). *)
let pattern seed len = String.init len (fun i -> Char.chr ((seed * 31 + i * 7 + i * i / 8) land 255))

let strip_dir msg =
  let d = dir ^ "/ml/" in
  let ld = String.length d in
  let b = Buffer.create (String.length msg) in
  let i = ref 0 in
  while !i < String.length msg do
    if !i + ld <= String.length msg && String.sub msg !i ld = d then begin
      Buffer.add_string b "<dir>/"; i := !i + ld
    end else begin
      Buffer.add_char b msg.[!i]; incr i
    end
  done;
  Buffer.contents b

let result f =
  match f () with
  | v -> Printf.sprintf "ok(%s)" v
  | exception End_of_file -> "raised(\"End_of_file\")"
  | exception Sys_error m -> Printf.sprintf "raised(\"Sys_error\", %s)" (lua_string (strip_dir m))
  | exception Invalid_argument m -> Printf.sprintf "raised(\"Invalid_argument\", %s)" (lua_string m)
  | exception Failure m -> Printf.sprintf "raised(\"Failure\", %s)" (lua_string m)

let unit () = "0"
let int n = string_of_int n

(* A position near the current one (so that seeks land inside the buffer
   often), or anywhere up to a little past the end. *)
let random_pos cur size =
  match Random.int 3 with
  | 0 -> max 0 (cur - Random.int 200)
  | 1 -> cur + Random.int 200
  | _ -> Random.int (size + 100)

let flag_of_index = [| Open_rdonly; Open_wronly; Open_append; Open_creat; Open_trunc;
                       Open_excl; Open_binary; Open_text; Open_nonblock |]

let lua_flags l = "{" ^ String.concat ", " (List.map string_of_int l) ^ "}"

let input_case k =
  let file = Random.int (Array.length inputs) in
  let size = String.length inputs.(file) in
  let flags = if Random.int 20 = 0 then [1] else if Random.bool () then [0; 6] else [0] in
  let path = Printf.sprintf "%s/in_%d" dir file in
  let ops = ref [] in
  let add op r = ops := (op, r) :: !ops in
  (match open_in_gen (List.map (fun i -> flag_of_index.(i)) flags) 0 path with
   | exception Sys_error m -> add "{\"open\"}" (Printf.sprintf "raised(\"Sys_error\", %s)" (lua_string (strip_dir m)))
   | ic ->
     (* After a close, a seek into the old buffer window succeeds in OCaml
        and later reads return stale buffer memory: not generated. *)
     let closed = ref false in
     for _ = 1 to 5 + Random.int 40 do
       let cur = try pos_in ic with _ -> 0 in
       match Random.int 100 with
       | n when n >= 64 && n < 78 && !closed -> add "{\"pos_in\"}" (result (fun () -> int (pos_in ic)))
       | n when n < 30 -> add "{\"input_line\"}" (result (fun () -> lua_string (input_line ic)))
       | n when n < 40 -> add "{\"input_char\"}" (result (fun () -> int (Char.code (input_char ic))))
       | n when n < 52 ->
         let len = if Random.bool () then Random.int 20 else Random.int 100000 in
         add (Printf.sprintf "{\"input\", %d}" len)
           (result (fun () ->
                let b = Bytes.create (len + 3) in
                let r = input ic b 1 len in
                Printf.sprintf "{%d, %s}" r (lua_string (Bytes.sub_string b 1 r))))
       | n when n < 60 ->
         let len = Random.int 3000 in
         add (Printf.sprintf "{\"really_input_string\", %d}" len)
           (result (fun () -> lua_string (really_input_string ic len)))
       | n when n < 64 -> add "{\"input_binary_int\"}" (result (fun () -> int (input_binary_int ic)))
       | n when n < 78 ->
         let p = random_pos cur size in
         add (Printf.sprintf "{\"seek_in\", %d}" p) (result (fun () -> seek_in ic p; unit ()))
       | n when n < 86 -> add "{\"pos_in\"}" (result (fun () -> int (pos_in ic)))
       | n when n < 90 -> add "{\"length\"}" (result (fun () -> int (in_channel_length ic)))
       | n when n < 97 -> add "{\"scan_line\"}" (result (fun () -> int (input_scan_line ic)))
       | _ -> closed := true; add "{\"close\"}" (result (fun () -> close_in ic; unit ()))
     done;
     close_in_noerr ic);
  let ops = List.rev !ops in
  Printf.printf "input_case(%d, %d, %s, {%s}, {%s})\n" k file (lua_flags flags)
    (String.concat ", " (List.map fst ops)) (String.concat ", " (List.map snd ops))

let output_flags () =
  match Random.int 12 with
  | 0 -> [0]                (* read-only: writes fail at flush *)
  | 1 -> [1; 2; 3]          (* append *)
  | 2 -> [1; 3; 5]          (* exclusive create of an existing file *)
  | 3 -> [1]                (* no truncation *)
  | _ -> [1; 3; 4; 7]       (* open_out *)

let output_case k =
  let initial = if Random.bool () then "" else random_string (Random.int 100000) in
  let path = Printf.sprintf "%s/ml/out_%d" dir k in
  write_file path initial;
  write_file (Printf.sprintf "%s/lua/out_%d" dir k) initial;
  let flags = output_flags () in
  let ops = ref [] in
  let add op r = ops := (op, r) :: !ops in
  (match open_out_gen (List.map (fun i -> flag_of_index.(i)) flags) 0o644 path with
   | exception Sys_error m -> add "{\"open\"}" (Printf.sprintf "raised(\"Sys_error\", %s)" (lua_string (strip_dir m)))
   | oc ->
     for _ = 1 to 5 + Random.int 40 do
       let cur = try pos_out oc with _ -> 0 in
       match Random.int 100 with
       | n when n < 35 ->
         if Random.int 8 = 0 then begin
           let seed = Random.int 1000 and len = Random.int 200000 in
           add (Printf.sprintf "{\"output_pattern\", %d, %d}" seed len)
             (result (fun () -> output_string oc (pattern seed len); unit ()))
         end else begin
           let s = random_string (Random.int 60) in
           add (Printf.sprintf "{\"output_string\", %S}" s)
             (result (fun () -> output_string oc s; unit ()))
         end
       | n when n < 45 ->
         let c = Random.int 256 in
         add (Printf.sprintf "{\"output_char\", %d}" c) (result (fun () -> output_char oc (Char.chr c); unit ()))
       | n when n < 50 ->
         let i = Random.bits () - (1 lsl 29) in
         add (Printf.sprintf "{\"output_binary_int\", %d}" i) (result (fun () -> output_binary_int oc i; unit ()))
       | n when n < 56 ->
         let s = random_string (Random.int 50) in
         let ofs = Random.int 60 - 5 and len = Random.int 60 - 5 in
         add (Printf.sprintf "{\"output_substring\", %s, %d, %d}" (lua_string s) ofs len)
           (result (fun () -> output_substring oc s ofs len; unit ()))
       | n when n < 68 ->
         let p = random_pos cur (String.length initial) in
         add (Printf.sprintf "{\"seek_out\", %d}" p) (result (fun () -> seek_out oc p; unit ()))
       | n when n < 78 -> add "{\"pos_out\"}" (result (fun () -> int (pos_out oc)))
       | n when n < 84 -> add "{\"length\"}" (result (fun () -> int (out_channel_length oc)))
       | n when n < 92 -> add "{\"flush\"}" (result (fun () -> flush oc; unit ()))
       | n when n < 96 -> add "{\"close\"}" (result (fun () -> close_out oc; unit ()))
       | _ -> add "{\"close_channel\"}" (result (fun () -> close_out_channel oc; unit ()))
     done;
     close_out_noerr oc);
  let ops = List.rev !ops in
  Printf.printf "output_case(%d, %s, {%s}, {%s})\n" k (lua_flags flags)
    (String.concat ", " (List.map fst ops)) (String.concat ", " (List.map snd ops))


let () =
  for k = 0 to 299 do input_case k done;
  for k = 0 to 149 do output_case k done

(* Oracle for Sys: performs file-system operations with OCaml 4.13's Sys
   and prints their results or exceptions, for spec/sys_spec.lua to compare.

   Usage:
     sys_ops run DIR OPSFILE   each line of OPSFILE is "op<TAB>arg..." with
                               every argument in hex; "$D" in an argument
                               stands for DIR. Prints one line per op:
                               op, then "=" result, "true"/"false", or
                               "!" Printexc.to_string e; DIR shows as "$D".
     sys_ops tempdir           Filename.get_temp_dir_name ()
     sys_ops tempfail DIR      the Sys_error of Filename.temp_file in DIR,
                               its random digits shown as XXXXXX *)

let unhex h =
  String.init (String.length h / 2)
    (fun i -> Char.chr (int_of_string ("0x" ^ String.sub h (2 * i) 2)))

let show_exn e = "!" ^ Printexc.to_string e

(* Sys.is_regular_file is OCaml 5.1's; its 4.13 equivalent through Unix.stat
   with the message caml_sys_error would build (the same strerror text). *)
let is_regular_file path =
  if String.contains path '\000' then raise (Sys_error (path ^ ": No such file or directory"));
  try (Unix.stat path).Unix.st_kind = Unix.S_REG
  with Unix.Unix_error (err, _, _) -> raise (Sys_error (path ^ ": " ^ Unix.error_message err))

let write path contents =
  let oc = open_out_bin path in
  output_string oc contents;
  close_out oc

let perm path = Printf.sprintf "%o" ((Unix.stat path).Unix.st_perm)

let run_op op args =
  let str f = try "=" ^ f () with e -> show_exn e in
  let bool f = try string_of_bool (f ()) with e -> show_exn e in
  let unit f = str (fun () -> f (); "()") in
  let int f = str (fun () -> string_of_int (f ())) in
  match op, args with
  | "file_exists", [p] -> bool (fun () -> Sys.file_exists p)
  | "is_directory", [p] -> bool (fun () -> Sys.is_directory p)
  | "is_regular_file", [p] -> bool (fun () -> is_regular_file p)
  | "remove", [p] -> unit (fun () -> Sys.remove p)
  | "rename", [a; b] -> unit (fun () -> Sys.rename a b)
  | "chdir", [p] -> unit (fun () -> Sys.chdir p)
  | "getcwd", [] -> str Sys.getcwd
  | "mkdir", [p; m] -> unit (fun () -> Sys.mkdir p (int_of_string m))
  | "rmdir", [p] -> unit (fun () -> Sys.rmdir p)
  | "readdir", [p] ->
      str (fun () ->
          let a = Sys.readdir p in
          Array.sort compare a;
          String.concat "," (Array.to_list a))
  | "getenv", [v] -> str (fun () -> Sys.getenv v)
  | "getenv_opt", [v] ->
      str (fun () -> match Sys.getenv_opt v with None -> "None" | Some s -> "Some " ^ s)
  | "command", [c] -> int (fun () -> Sys.command c)
  | "write", [p; c] -> unit (fun () -> write p c)
  | "perm", [p] -> str (fun () -> perm p)
  | _ -> failwith ("sys_ops: unknown op " ^ op)

let run dir opsfile =
  let ic = open_in_bin opsfile in
  let dir_re = Str.regexp_string dir in
  let mask s = Str.global_replace dir_re "$D" s in
  let subst s = Str.global_replace (Str.regexp_string "$D") dir s in
  (try
     while true do
       match String.split_on_char '\t' (input_line ic) with
       | op :: args ->
           let result = run_op op (List.map (fun a -> subst (unhex a)) args) in
           print_string (op ^ "\t" ^ String.escaped (mask result) ^ "\n")
       | [] -> ()
     done
   with End_of_file -> ());
  close_in ic

let () =
  match Array.to_list Sys.argv with
  | [_; "run"; dir; ops] -> run dir ops
  | [_; "tempdir"] -> print_endline (Filename.get_temp_dir_name ())
  | [_; "tempfail"; dir] ->
      (try ignore (Filename.temp_file ~temp_dir:dir "p" ".s"); print_endline "created"
       with Sys_error m ->
         print_endline (Str.global_replace (Str.regexp "p[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]\\.s:") "pXXXXXX.s:" m))
  | _ -> prerr_endline "usage: sys_ops run DIR OPSFILE | tempdir | tempfail DIR"; exit 2

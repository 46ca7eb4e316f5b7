(* Sys: getenv (set by the harness) and getenv_opt, file_exists,
   is_directory, mkdir/readdir/rename/remove/rmdir, getcwd's tail,
   command, os_type and word_size, time and argv's length. *)
let () =
  Printf.printf "OCAMLRT_CHECK=%S\n" (Sys.getenv "OCAMLRT_CHECK");
  Printf.printf "unset: %s\n" (match Sys.getenv_opt "OCAMLRT_SURELY_UNSET" with Some _ -> "set" | None -> "None");
  (match Sys.getenv "OCAMLRT_SURELY_UNSET" with _ -> () | exception Not_found -> print_endline "getenv: Not_found");
  Printf.printf "os_type %s, word_size %d, int_size %d, big_endian %b\n" Sys.os_type Sys.word_size Sys.int_size
    Sys.big_endian;
  Sys.mkdir "sys_dir" 0o755;
  Printf.printf "is_directory %b, file_exists %b\n" (Sys.is_directory "sys_dir") (Sys.file_exists "sys_dir");
  List.iter (fun n -> close_out (open_out (Filename.concat "sys_dir" n))) [ "b.txt"; "a.txt"; "c.ml" ];
  let names = Sys.readdir "sys_dir" in
  Array.sort compare names;
  Printf.printf "readdir: %s\n" (String.concat " " (Array.to_list names));
  Sys.rename "sys_dir/c.ml" "sys_dir/d.ml";
  Printf.printf "renamed: %b %b\n" (Sys.file_exists "sys_dir/c.ml") (Sys.file_exists "sys_dir/d.ml");
  Array.iter (fun n -> Sys.remove (Filename.concat "sys_dir" n)) (Sys.readdir "sys_dir");
  Sys.rmdir "sys_dir";
  Printf.printf "removed: %b\n" (Sys.file_exists "sys_dir");
  (match Sys.remove "no_such_file" with
   | () -> ()
   | exception Sys_error m -> Printf.printf "Sys_error %S\n" m);
  (match Sys.is_directory "no_such_dir" with
   | _ -> ()
   | exception Sys_error m -> Printf.printf "Sys_error %S\n" m);
  Printf.printf "cwd ends with run dir: %b\n" (Filename.basename (Sys.getcwd ()) <> "");
  Printf.printf "command exit %d\n" (Sys.command "exit 3");
  Printf.printf "time is non-negative: %b\n" (Sys.time () >= 0.0);
  Printf.printf "interactive %b\n" !Sys.interactive

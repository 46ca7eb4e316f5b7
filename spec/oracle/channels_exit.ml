(* What OCaml does at program end and on pipes, for spec/channels_exit_spec.lua,
   which runs the same scenario as a Lua child process and compares the
   bytes written (stdout and stderr into one file) and the exit status.
   Usage: channels_exit SCENARIO [FILE]. *)

let show f = try f () with e -> print_string (Printexc.to_string e); print_newline ()

let () =
  match Sys.argv.(1) with
  | "interleave" -> print_string "a"; prerr_string "b"; print_string "c"
  | "exit" -> print_string "a"; prerr_string "b"; print_string "c"; exit 3
  | "file" ->
    let oc = open_out Sys.argv.(2) in
    output_string oc "never flushed by the program"
  | "pipe" ->
    (* stdin is a pipe holding "abc\ndef" *)
    Printf.printf "pos %d\n" (pos_in stdin);
    show (fun () -> Printf.printf "length %d\n" (in_channel_length stdin));
    Printf.printf "line %s\n" (input_line stdin);
    Printf.printf "pos %d\n" (pos_in stdin);
    show (fun () -> seek_in stdin 0);
    Printf.printf "line %s\n" (input_line stdin);
    show (fun () -> ignore (input_line stdin));
    show (fun () -> ignore (input_char stdin));
    Printf.printf "pos %d\n" (pos_in stdin);
    show (fun () -> Printf.printf "out %d\n" (pos_out stdout))
  | s -> failwith ("unknown scenario " ^ s)

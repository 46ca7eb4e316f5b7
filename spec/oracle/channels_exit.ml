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
  | "errors" ->
    (* Run in a fresh directory holding nothing. *)
    show (fun () -> ignore (open_in "missing.txt"));
    show (fun () -> ignore (open_out "no/such/dir.txt"));
    show (fun () -> ignore (input_char (open_in ".")));
    let oc = open_out "w.txt" in
    output_string oc "data"; close_out oc;
    show (fun () -> ignore (open_out_gen [Open_wronly; Open_creat; Open_excl] 0o644 "w.txt"));
    show (fun () -> ignore (input_char (open_in_gen [Open_wronly] 0 "w.txt")));
    show (fun () -> let oc = open_out_gen [Open_rdonly] 0 "w.txt" in output_string oc "x"; flush oc);
    let ic = open_in "w.txt" in
    close_in ic; close_in ic;
    show (fun () -> ignore (input_line ic));
    show (fun () -> ignore (in_channel_length ic));
    show (fun () -> Printf.printf "pos %d\n" (pos_in ic));
    let oc = open_out "v.txt" in
    output_string oc "abc"; close_out oc;
    show (fun () -> output_string oc "");
    show (fun () -> print_endline "empty output to a closed channel is fine");
    show (fun () -> output_string oc "x");
    show (fun () -> flush oc; print_endline "flush of a closed channel is fine");
    show (fun () -> Printf.printf "pos %d\n" (pos_out oc));
    let ic = open_in "v.txt" in
    show (fun () -> ignore (really_input_string ic 5));
    show (fun () -> Printf.printf "pos %d\n" (pos_in ic));
    seek_in ic 1;
    show (fun () -> Printf.printf "%d\n" (input_binary_int ic));
    show (fun () -> let b = Bytes.create 3 in ignore (input ic b 2 2))
  | "nonblock" ->
    (* A FIFO with a writer and no data: a non-blocking read would block. *)
    Unix.mkfifo "p" 0o600;
    let ic = open_in_gen [Open_rdonly; Open_nonblock] 0 "p" in
    let oc = open_out_gen [Open_wronly] 0 "p" in
    show (fun () -> ignore (input_char ic));
    output_string oc "x\n"; flush oc;
    show (fun () -> print_endline (input_line ic));
    show (fun () -> ignore (input_line ic));
    close_out oc;
    show (fun () -> ignore (input_line ic))
  | s -> failwith ("unknown scenario " ^ s)

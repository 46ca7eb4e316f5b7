(* An uncaught exception runs the at_exit functions (through the named
   value "Pervasives.do_at_exit") before the message. *)
let () =
  at_exit (fun () -> print_endline "at_exit ran");
  print_endline "before";
  raise Exit

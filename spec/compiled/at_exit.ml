(* at_exit: functions run in reverse order of registration at the normal
   end, after the program's output, and unflushed output is flushed. *)
let () =
  at_exit (fun () -> print_endline "registered first, runs last");
  at_exit (fun () -> print_string "registered second, runs first (unflushed)\n");
  print_string "main output, not flushed\n";
  prerr_string "stderr, not flushed\n"

(* exit 3: at_exit functions run, buffers are flushed, status 3, nothing
   after the call runs. *)
let () =
  at_exit (fun () -> print_endline "at_exit ran");
  print_string "before exit, unflushed\n";
  prerr_string "on stderr, unflushed\n";
  if Array.length Sys.argv > 0 then exit 3;
  print_endline "never printed"

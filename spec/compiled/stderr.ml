(* stdout and stderr: both buffered, flushed explicitly and at exit. *)
let () =
  print_string "out 1\n";
  prerr_string "err 1\n";
  flush stdout;
  Printf.eprintf "err %d\n%!" 2;
  Printf.printf "out %d\n" 2;
  prerr_endline "err 3";
  output_string stderr "err 4 unflushed\n";
  print_string "out 3 unflushed\n"

(* The smallest program: the standard output functions. *)
let () =
  print_string "hello, ";
  print_endline "world";
  print_int 42;
  print_char ' ';
  print_int (-7);
  print_newline ();
  print_string "no newline at the end"

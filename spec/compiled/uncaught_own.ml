(* An uncaught exception of the program's own with arguments: OCaml's
   default printer shows it as Uncaught_own.Own(1, "x"). *)
exception Own of int * string

let () =
  print_endline "before";
  raise (Own (1, "x"))

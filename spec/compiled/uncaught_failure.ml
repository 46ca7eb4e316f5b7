(* An uncaught Failure with its message, and an own exception with
   arguments printed by the default printer: only the first happens. *)
exception Own of int * string

let () =
  print_endline "before";
  if Array.length Sys.argv > 5 then raise (Own (1, "x"));
  failwith "something \"quoted\" went wrong"

(* An uncaught Not_found: output so far flushed, then "Fatal error:
   exception Not_found" on stderr and status 2. *)
let () =
  print_string "before the exception, unflushed\n";
  let h = Hashtbl.create 1 in
  Hashtbl.add h "present" 1;
  print_int (Hashtbl.find h "absent");
  print_endline "never printed"

(* With Printexc linked, an uncaught exception goes through
   Printexc.handle_uncaught_exception: registered printers are used and
   string arguments are escaped. *)
exception Custom of string

let () =
  Printexc.register_printer (function Custom s -> Some ("Custom exception: " ^ s) | _ -> None);
  print_endline (Printexc.to_string (Failure "shown \"escaped\""));
  raise (Custom "from the printer")

(* Oracle for spec/boundary_spec.lua: what native OCaml does where ocamlrt's
   primitives meet the limits of memory and of the output.
   boundary big-array PATH   writes Marshal of Array.make 134217729 0 to PATH
   boundary cyclic           Marshal.to_string of a cyclic list, No_sharing
   boundary print N          prints N bytes on stdout and ends normally *)

let () =
  match Array.to_list Sys.argv with
  | [ _; "big-array"; path ] ->
      let oc = open_out_bin path in
      Marshal.to_channel oc (Array.make 134217729 0) [];
      close_out oc
  | [ _; "cyclic" ] -> (
      let rec l = 1 :: l in
      match Marshal.to_string l [ Marshal.No_sharing ] with
      | s -> Printf.printf "ok %d\n" (String.length s)
      | exception Out_of_memory -> print_endline "Out of memory")
  | [ _; "print"; n ] -> print_string (String.make (int_of_string n) 'x')
  | _ -> prerr_endline "usage: boundary big-array PATH | cyclic | print N"; exit 2

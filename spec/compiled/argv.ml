(* Sys.argv: the program name (without its directory and extension) and
   the arguments the harness passes (argv.args), Arg.parse on them. *)
let () =
  Printf.printf "%d arguments\n" (Array.length Sys.argv - 1);
  Printf.printf "program %s\n" (Filename.remove_extension (Filename.basename Sys.argv.(0)));
  Array.iteri (fun i a -> if i > 0 then Printf.printf "argv.(%d) = %S\n" i a) Sys.argv;
  let verbose = ref false and count = ref 0 and rest = ref [] in
  Arg.parse
    [ ("-v", Arg.Set verbose, "verbose"); ("-n", Arg.Set_int count, "count") ]
    (fun a -> rest := a :: !rest)
    "usage";
  Printf.printf "verbose %b, count %d, rest [%s]\n" !verbose !count (String.concat "; " (List.rev !rest))

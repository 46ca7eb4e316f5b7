(* Conversions between strings and ints, bools, chars: int_of_string's
   prefixes and failures, string_of_int, Char functions, *_opt. *)
let () =
  List.iter (fun s ->
      Printf.printf "%S -> %s\n" s (match int_of_string_opt s with Some n -> string_of_int n | None -> "None"))
    [ "42"; "-17"; "0x1F"; "0o17"; "0b101"; "1_000"; "+5"; ""; "12a"; "4611686018427387903";
      "4611686018427387904"; "0x7FFFFFFFFFFFFFFF"; "-0x4000000000000000" ];
  Printf.printf "%s %s %s\n" (string_of_int 0) (string_of_int (-123)) (string_of_int max_int);
  Printf.printf "%b %b %s\n" (bool_of_string "true") (bool_of_string "false") (string_of_bool true);
  (match bool_of_string "yes" with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m);
  Printf.printf "%d %C %C %C\n" (Char.code 'A') (Char.chr 97) (Char.uppercase_ascii 'q') (Char.lowercase_ascii 'Q');
  Printf.printf "%S %S\n" (Char.escaped '\t') (Char.escaped '\200');
  (match Char.chr 300 with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m);
  (match int_of_string "zz" with _ -> () | exception Failure m -> Printf.printf "Failure %S\n" m);
  Printf.printf "%s %s\n" (string_of_float 12.0) (match float_of_string_opt "1e" with Some _ -> "Some" | None -> "None")

(* String functions: sub, concat, index, split, trim, case, escaped, map,
   contains, make/init, comparisons, exceptions on bad indexes. *)
let () =
  let s = "Hello, OCaml world" in
  Printf.printf "%d %C %S\n" (String.length s) s.[7] (String.sub s 7 5);
  Printf.printf "%S\n" (String.concat "|" [ "a"; "b"; "c" ]);
  Printf.printf "index %d rindex %d index_from %d\n" (String.index s 'o') (String.rindex s 'o') (String.index_from s 5 'o');
  Printf.printf "[%s]\n" (String.concat "][" (String.split_on_char ',' "a,b,,c"));
  Printf.printf "%S %S %S\n" (String.trim "  padded \t\n") (String.uppercase_ascii s) (String.lowercase_ascii s);
  Printf.printf "%S %S\n" (String.capitalize_ascii "word") (String.uncapitalize_ascii "Word");
  Printf.printf "%s\n" (String.escaped "tab\there \"q\" \\ \001 \200");
  Printf.printf "%S\n" (String.map (fun c -> if c = 'o' then '0' else c) s);
  Printf.printf "%b %b %b\n" (String.contains s 'w') (String.contains s 'z') (String.contains_from s 10 'H');
  Printf.printf "%S %S\n" (String.make 3 'x') (String.init 5 (fun i -> Char.chr (97 + i)));
  Printf.printf "%b %d %b\n" (String.equal "a" "a") (String.compare "b" "a") ("abc" < "abd");
  Printf.printf "%S\n" ("con" ^ "cat" ^ String.make 0 'x');
  Printf.printf "starts %b ends %b\n" (String.starts_with ~prefix:"Hel" s) (String.ends_with ~suffix:"world" s);
  Printf.printf "%d\n" (String.fold_left (fun acc c -> acc + Char.code c) 0 "abc");
  Printf.printf "%s\n" (String.concat "," (List.map string_of_int (List.map Char.code (List.of_seq (String.to_seq "AZ")))));
  (match String.sub s 10 50 with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m);
  (match s.[100] with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m);
  (match String.index s 'z' with _ -> () | exception Not_found -> print_endline "Not_found")

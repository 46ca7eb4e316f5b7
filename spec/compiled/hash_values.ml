(* Hashtbl.hash and seeded_hash of ints, strings, lists, tuples, variants
   and floats: the values must be OCaml's own. *)
type t = Leaf | Node of t * int * t

let () =
  List.iter (fun (name, h) -> Printf.printf "%s: %d\n" name h)
    [ ("int 0", Hashtbl.hash 0);
      ("int 42", Hashtbl.hash 42);
      ("int -1", Hashtbl.hash (-1));
      ("string", Hashtbl.hash "hello");
      ("empty string", Hashtbl.hash "");
      ("list", Hashtbl.hash [ 1; 2; 3 ]);
      ("tuple", Hashtbl.hash (1, "a", 'c'));
      ("variant", Hashtbl.hash (Node (Leaf, 5, Node (Leaf, 6, Leaf))));
      ("option", Hashtbl.hash (Some "x"));
      ("float 2.5", Hashtbl.hash 2.5);
      ("seeded", Hashtbl.seeded_hash 17 "hello");
      ("hash_param", Hashtbl.hash_param 2 10 [ 1; 2; 3; 4; 5 ]);
      ("long list", Hashtbl.hash (List.init 100 (fun i -> i))) ]

(* Sorting: List.sort/stable_sort/sort_uniq, Array.sort on ints, strings,
   tuples with a custom order, stability, merge. *)
let () =
  let ints = [ 5; 3; 9; -1; 3; 0; 12; 7; -8; 3 ] in
  let show l = String.concat " " (List.map string_of_int l) in
  print_endline (show (List.sort compare ints));
  print_endline (show (List.sort (fun a b -> compare b a) ints));
  print_endline (show (List.sort_uniq compare ints));
  print_endline (String.concat " " (List.sort compare [ "pear"; "Apple"; "fig"; "apple"; "" ]));
  let pairs = [ (2, "b"); (1, "z"); (2, "a"); (1, "a"); (3, "c"); (2, "a") ] in
  List.iter (fun (n, s) -> Printf.printf "(%d,%s) " n s) (List.sort compare pairs);
  print_newline ();
  List.iter (fun (n, s) -> Printf.printf "(%d,%s) " n s) (List.stable_sort (fun (a, _) (b, _) -> compare a b) pairs);
  print_newline ();
  let a = Array.init 20 (fun i -> (i * 7919) mod 31) in
  Array.sort compare a;
  print_endline (String.concat " " (Array.to_list (Array.map string_of_int a)));
  let big = List.init 10000 (fun i -> (i * 7919) mod 10007) in
  let sorted = List.sort compare big in
  Printf.printf "big: first %d last %d sorted %b\n" (List.hd sorted) (List.nth sorted 9999)
    (List.for_all2 (fun a b -> a <= b) (List.rev (List.tl (List.rev sorted))) (List.tl sorted));
  print_endline (show (List.merge compare [ 1; 4; 9 ] [ 2; 3; 10 ]))

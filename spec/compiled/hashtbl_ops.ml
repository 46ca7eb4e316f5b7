(* Hashtbl: add/replace/find/find_all/remove/mem/length, iteration in
   OCaml's bucket order, fold, and Not_found. *)
let () =
  let h = Hashtbl.create 8 in
  List.iter (fun (k, v) -> Hashtbl.add h k v) [ ("one", 1); ("two", 2); ("three", 3); ("four", 4) ];
  Hashtbl.add h "two" 22;
  Hashtbl.replace h "three" 33;
  Printf.printf "length %d\n" (Hashtbl.length h);
  Printf.printf "find two %d, find_all two [%s]\n" (Hashtbl.find h "two")
    (String.concat ";" (List.map string_of_int (Hashtbl.find_all h "two")));
  Printf.printf "mem four %b, mem five %b\n" (Hashtbl.mem h "four") (Hashtbl.mem h "five");
  Hashtbl.remove h "two";
  Printf.printf "after remove: find two %d\n" (Hashtbl.find h "two");
  Hashtbl.iter (fun k v -> Printf.printf "iter %s=%d\n" k v) h;
  Printf.printf "sum %d\n" (Hashtbl.fold (fun _ v acc -> v + acc) h 0);
  (match Hashtbl.find h "five" with
   | _ -> print_endline "unexpected"
   | exception Not_found -> print_endline "five: Not_found");
  Printf.printf "find_opt: %s\n" (match Hashtbl.find_opt h "one" with Some v -> string_of_int v | None -> "none");
  let big = Hashtbl.create 1 in
  for i = 1 to 1000 do Hashtbl.replace big (string_of_int i) i done;
  Printf.printf "big length %d, find 777 %d\n" (Hashtbl.length big) (Hashtbl.find big "777");
  let st = Hashtbl.stats big in
  Printf.printf "buckets %d max bucket %d\n" st.Hashtbl.num_buckets st.Hashtbl.max_bucket_length;
  Hashtbl.reset big;
  Printf.printf "after reset %d\n" (Hashtbl.length big)

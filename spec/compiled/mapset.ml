(* Map.Make and Set.Make: add, find, remove, iteration order, union,
   filter, fold, min/max, split. *)
module SMap = Map.Make (String)
module ISet = Set.Make (Int)

let () =
  let m = List.fold_left (fun m (k, v) -> SMap.add k v m) SMap.empty
      [ ("pear", 3); ("apple", 1); ("fig", 7); ("kiwi", 2) ] in
  SMap.iter (fun k v -> Printf.printf "%s=%d " k v) m;
  print_newline ();
  Printf.printf "find fig %d, mem plum %b, cardinal %d\n" (SMap.find "fig" m) (SMap.mem "plum" m)
    (SMap.cardinal m);
  let m = SMap.remove "pear" (SMap.add "apple" 10 m) in
  Printf.printf "bindings: %s\n"
    (String.concat ", " (List.map (fun (k, v) -> k ^ ":" ^ string_of_int v) (SMap.bindings m)));
  (match SMap.find "pear" m with _ -> () | exception Not_found -> print_endline "pear: Not_found");
  let s = ISet.of_list [ 5; 3; 9; 1; 3; 7 ] in
  let t = ISet.of_list [ 2; 3; 4; 5 ] in
  let show name s = Printf.printf "%s: {%s}\n" name (String.concat "," (List.map string_of_int (ISet.elements s))) in
  show "s" s;
  show "union" (ISet.union s t);
  show "inter" (ISet.inter s t);
  show "diff" (ISet.diff s t);
  show "evens" (ISet.filter (fun x -> x mod 2 = 0) (ISet.union s t));
  Printf.printf "min %d max %d sum %d\n" (ISet.min_elt s) (ISet.max_elt s) (ISet.fold ( + ) s 0);
  let lo, present, hi = ISet.split 5 s in
  Printf.printf "split 5: %d %b %d\n" (ISet.cardinal lo) present (ISet.cardinal hi)

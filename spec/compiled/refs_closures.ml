(* Refs and closures: a counter captured by closures, incr/decr, partial
   application, higher-order functions over lists and arrays. *)
let make_counter () =
  let n = ref 0 in
  ((fun () -> incr n; !n), fun () -> decr n; !n)

let () =
  let up, down = make_counter () in
  let a = up () in
  let b = up () in
  let c = down () in
  Printf.printf "%d %d %d\n" a b c;
  let total = ref 0 in
  List.iter (fun x -> total := !total + x) [ 1; 2; 3; 4 ];
  Printf.printf "total %d\n" !total;
  let add x y = x + y in
  let add5 = add 5 in
  Printf.printf "%d %s\n" (add5 10) (String.concat "," (List.map (fun x -> string_of_int (add 100 x)) [ 1; 2 ]));
  let compose f g x = f (g x) in
  Printf.printf "%d\n" ((compose (fun x -> x * 2) (fun x -> x + 1)) 20);
  let arr = Array.make 5 0 in
  Array.iteri (fun i _ -> arr.(i) <- i * i) arr;
  Printf.printf "%s\n" (String.concat " " (Array.to_list (Array.map string_of_int arr)));
  let fs = List.map (fun i () -> i * 10) [ 1; 2; 3 ] in
  Printf.printf "%s\n" (String.concat " " (List.map (fun f -> string_of_int (f ())) fs));
  let acc = ref [] in
  for i = 1 to 3 do acc := (fun () -> i) :: !acc done;
  Printf.printf "%s\n" (String.concat " " (List.map (fun f -> string_of_int (f ())) !acc));
  let filtered = List.filter_map (fun x -> if x mod 2 = 0 then Some (x / 2) else None) (List.init 10 Fun.id) in
  Printf.printf "%s\n" (String.concat " " (List.map string_of_int filtered))

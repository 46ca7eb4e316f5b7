(* Stream: of_list, of_string, next, peek, junk, npeek, count, the
   Stream.Failure at the end, iter and from. *)
let () =
  let s = Stream.of_list [ 1; 2; 3; 4; 5 ] in
  let first = Stream.next s in
  let peeked = match Stream.peek s with Some x -> string_of_int x | None -> "none" in
  Printf.printf "next %d, peek %s\n" first peeked;
  Stream.junk s;
  let peeked = Stream.npeek 2 s in
  Printf.printf "npeek [%s], count %d\n" (String.concat ";" (List.map string_of_int peeked)) (Stream.count s);
  Stream.iter (fun x -> Printf.printf "iter %d\n" x) s;
  (match Stream.next s with _ -> () | exception Stream.Failure -> print_endline "Stream.Failure");
  let chars = Stream.of_string "abc" in
  Stream.iter (fun c -> Printf.printf "%C " c) chars;
  print_newline ();
  let squares = Stream.from (fun i -> if i < 5 then Some (i * i) else None) in
  let rec sum acc = match Stream.next squares with x -> sum (acc + x) | exception Stream.Failure -> acc in
  Printf.printf "sum of squares %d\n" (sum 0)

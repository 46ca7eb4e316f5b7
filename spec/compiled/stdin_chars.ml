(* Standard input through input_char and really_input_string, mixed. *)
let () =
  let head = really_input_string stdin 4 in
  Printf.printf "head %S\n" head;
  let counts = Array.make 256 0 in
  (try
     while true do
       let c = input_char stdin in
       counts.(Char.code c) <- counts.(Char.code c) + 1
     done
   with End_of_file -> ());
  Array.iteri (fun i n -> if n > 0 then Printf.printf "%C %d\n" (Char.chr i) n) counts

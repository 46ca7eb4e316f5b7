(* Scanf.sscanf: integers, strings, chars, floats, literal text. *)
let () =
  let a, b = Scanf.sscanf "12 34" "%d %d" (fun a b -> (a, b)) in
  Printf.printf "%d\n" (a + b);
  let name, age = Scanf.sscanf "name: Alice, age: 30" "name: %s@, age: %d" (fun n a -> (n, a)) in
  Printf.printf "%s is %d\n" name age;
  let c, rest = Scanf.sscanf "xyz" "%c%s" (fun c s -> (c, s)) in
  Printf.printf "%C %S\n" c rest;
  let x = Scanf.sscanf "0x1f" "%i" (fun x -> x) in
  Printf.printf "%d\n" x;
  let f = Scanf.sscanf "2.5e3" "%f" (fun f -> f) in
  Printf.printf "%.1f\n" f;
  (match Scanf.sscanf "abc" "%d" (fun x -> x) with
   | _ -> print_endline "unexpected"
   | exception Scanf.Scan_failure msg -> Printf.printf "Scan_failure: %s\n" msg)

(* compare and equality on floats: integral floats, negative zero, nan,
   infinity, mixed in lists and tuples, and List.sort on floats. *)
let sign n = if n < 0 then -1 else if n > 0 then 1 else 0

let () =
  Printf.printf "compare 2.5 3.0: %d\n" (sign (compare 2.5 3.0));
  Printf.printf "compare 3.0 2.5: %d\n" (sign (compare 3.0 2.5));
  Printf.printf "1.0 = 1.0: %b\n" (1.0 = 1.0);
  Printf.printf "0.0 = -0.0: %b, compare %d\n" (0.0 = -0.0) (compare 0.0 (-0.0));
  Printf.printf "nan = nan: %b, compare nan nan %d, compare nan 1.0 %d\n" (nan = nan) (compare nan nan)
    (compare nan 1.0);
  Printf.printf "infinity > max_float: %b\n" (infinity > max_float);
  Printf.printf "tuples: %d\n" (sign (compare (1.0, "a") (1.5, "a")));
  let l = List.sort compare [ 3.0; 2.5; -1.0; 10.0; 0.5; 2.0; nan; neg_infinity ] in
  print_endline (String.concat " " (List.map string_of_float l));
  Printf.printf "min 1.0 2.5 = %g, max = %g\n" (min 1.0 2.5) (max 1.0 2.5)

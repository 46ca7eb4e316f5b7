(* Floats: string_of_float, %f %e %g %h and precisions, classify_float,
   rounding, float_of_string, special values, frexp/ldexp/modf. *)
let () =
  List.iter (fun x -> Printf.printf "%s | %f | %e | %g | %.3g | %.10g\n" (string_of_float x) x x x x x)
    [ 0.0; 1.0; -1.5; 3.14159265358979; 1e20; 1.5e-7; 123456789.0; 0.1; 2.0 /. 3.0 ];
  Printf.printf "%5.1f|%-8.2f|%+.0f|%08.3f\n" 3.14159 2.5 2.5 (-1.5);
  Printf.printf "%s %s %s %s\n" (string_of_float infinity) (string_of_float neg_infinity)
    (string_of_float nan) (string_of_float (-0.0));
  Printf.printf "%F %F %h\n" 1.0 1e100 1.0;
  let cls x = match classify_float x with
    | FP_normal -> "normal" | FP_subnormal -> "subnormal" | FP_zero -> "zero"
    | FP_infinite -> "infinite" | FP_nan -> "nan" in
  Printf.printf "%s %s %s %s %s\n" (cls 1.0) (cls 5e-324) (cls 0.0) (cls infinity) (cls nan);
  Printf.printf "%g %g %g %g\n" (floor 2.7) (ceil 2.1) (Float.round 2.5) (Float.trunc (-2.7));
  Printf.printf "%d %d\n" (truncate 2.9) (int_of_float (-2.9));
  Printf.printf "%g %g %g\n" (float_of_string "1e3") (float_of_string "0x1p-2") (float_of_string "  12.5");
  Printf.printf "%g %g\n" (mod_float 7.5 2.0) (sqrt 2.0);
  let m, e = frexp 12.0 in
  let f, i = modf 3.75 in
  Printf.printf "frexp %g %d, ldexp %g, modf %g %g\n" m e (ldexp 0.75 4) f i;
  Printf.printf "%.17g %.17g\n" max_float min_float;
  Printf.printf "%.17g\n" epsilon_float;
  Printf.printf "%d\n" (compare (float_of_int 3) 3.0);
  (match float_of_string "abc" with _ -> () | exception Failure m -> Printf.printf "Failure %S\n" m)

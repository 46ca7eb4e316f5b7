(* Printf's integer, string and char conversions, widths, flags, %a/%t,
   sprintf, bprintf and fprintf. *)
let pp_pair oc (a, b) = Printf.fprintf oc "<%d,%d>" a b

let () =
  Printf.printf "[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n" 42 42 42 42 42 42;
  Printf.printf "[%i] [%u] [%x] [%X] [%o] [%#x] [%#o]\n" (-3) 7 255 255 8 255 8;
  Printf.printf "[%s] [%10s] [%-10s] [%S]\n" "abc" "right" "left" "quote\"d\n";
  Printf.printf "[%c] [%C] [%C] [%B] [%b]\n" 'x' 'y' '\n' true false;
  Printf.printf "[%a] [%t] [%%]\n" pp_pair (1, 2) (fun oc -> output_string oc "t-conv");
  Printf.printf "[%*d] [%-*d] [%.3s]\n" 6 1 6 2 "truncated";
  let s = Printf.sprintf "%d-%s-%c" 1 "two" '3' in
  print_endline s;
  let b = Buffer.create 16 in
  Printf.bprintf b "%s=%d;" "x" 1;
  Printf.bprintf b "%s=%d;" "y" 2;
  print_endline (Buffer.contents b);
  Printf.fprintf stdout "%s\n" (string_of_int min_int);
  Printf.printf "%d %d\n" max_int (-max_int);
  let k = Printf.ksprintf (fun s -> String.length s) "%s%s" "abc" "de" in
  Printf.printf "ksprintf length %d\n" k

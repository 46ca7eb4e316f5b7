(* 63-bit int arithmetic: overflow wrap, shifts past 32 bits, logical
   operations, division and modulo of negatives, abs of min_int. *)
let () =
  Printf.printf "%d %d\n" (max_int + 1 = min_int |> Bool.to_int) (min_int - 1 = max_int |> Bool.to_int);
  Printf.printf "%d %d %d\n" (1 lsl 40) (1 lsl 62) ((1 lsl 62) lsr 61);
  Printf.printf "%d %d\n" (-1 lsr 1) (-1024 asr 3);
  Printf.printf "%d %d %d %d\n" (0xF0F0 land 0xFF00) (0xF0 lor 0x0F) (0xFF lxor 0x0F) (lnot 5);
  Printf.printf "%d %d %d %d\n" (7 / 2) (-7 / 2) (7 mod -2) (-7 mod 2);
  Printf.printf "%d %d\n" (abs min_int) (abs (-5));
  Printf.printf "%d\n" (1_000_000 * 1_000_000 * 1_000);
  Printf.printf "%d\n" (123456789 * 987654321);
  Printf.printf "%x %x\n" (-1) (1 lsl 60);
  let h = ref 0 in
  String.iter (fun c -> h := (!h * 31 + Char.code c) land max_int) "a string to hash by hand";
  Printf.printf "%d\n" !h;
  (match 5 mod 0 with _ -> () | exception Division_by_zero -> print_endline "Division_by_zero")

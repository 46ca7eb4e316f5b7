(* Int32 and Int64: arithmetic with wrap-around, limits, shifts, division,
   conversions to and from strings and floats, %ld/%Ld/%Lx. *)
let () =
  Printf.printf "%ld %ld\n" Int32.max_int Int32.min_int;
  Printf.printf "%ld\n" (Int32.add Int32.max_int 1l);
  Printf.printf "%ld %ld\n" (Int32.mul 65537l 65537l) (Int32.div (-7l) 2l);
  Printf.printf "%ld %ld %ld\n" (Int32.shift_left 1l 31) (Int32.shift_right (-16l) 2)
    (Int32.shift_right_logical (-16l) 28);
  Printf.printf "%s %ld %lx\n" (Int32.to_string (-42l)) (Int32.of_string "0x7fffffff") (-1l);
  Printf.printf "%Ld %Ld\n" Int64.max_int Int64.min_int;
  Printf.printf "%Ld\n" (Int64.add Int64.max_int 1L);
  Printf.printf "%Ld %Ld\n" (Int64.mul 4294967296L 4294967297L) (Int64.rem (-7L) 3L);
  Printf.printf "%Ld %Ld\n" (Int64.shift_left 1L 62) (Int64.shift_right_logical (-1L) 1);
  Printf.printf "%Lx %LX %Lo %Lu\n" 255L (-1L) 8L (-1L);
  Printf.printf "%s %Ld\n" (Int64.to_string 1234567890123456789L) (Int64.of_string "-9223372036854775808");
  Printf.printf "%d %Ld %ld\n" (Int64.to_int 1000000000000L) (Int64.of_int max_int) (Int64.to_int32 0x1_0000_0005L);
  Printf.printf "%.1f %Ld\n" (Int64.to_float 9007199254740993L) (Int64.of_float 1e18);
  Printf.printf "%Lx\n" (Int64.bits_of_float 1.5);
  Printf.printf "%g\n" (Int64.float_of_bits 0x400921FB54442D18L);
  Printf.printf "compare %d %d, equal %b\n" (compare 1L 2L) (Int64.compare Int64.min_int 0L) (Int64.equal 5L 5L);
  (match Int64.of_string "99999999999999999999" with
   | _ -> ()
   | exception Failure m -> Printf.printf "Failure %S\n" m);
  (match Int64.div 1L 0L with _ -> () | exception Division_by_zero -> print_endline "Division_by_zero")

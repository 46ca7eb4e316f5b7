(* Bytes: create/make, set/get, blit, fill, sub, extend, to/of_string
   copies, 16/32/64-bit accessors, unsafe_to_string. *)
let () =
  let b = Bytes.make 10 '.' in
  Bytes.set b 0 'a';
  Bytes.set b 9 'z';
  Bytes.blit_string "XYZ" 0 b 3 3;
  Bytes.fill b 7 2 '#';
  Printf.printf "%S %C\n" (Bytes.to_string b) (Bytes.get b 4);
  let c = Bytes.copy b in
  Bytes.set c 0 'A';
  Printf.printf "%S %S\n" (Bytes.to_string b) (Bytes.to_string c);
  Bytes.blit b 0 b 2 5;
  Printf.printf "overlapping blit %S\n" (Bytes.to_string b);
  Printf.printf "sub %S extend %S\n" (Bytes.sub_string b 2 3) (Bytes.to_string (Bytes.extend (Bytes.of_string "ab") 1 2));
  let s = "immutable" in
  let d = Bytes.of_string s in
  Bytes.set d 0 'I';
  Printf.printf "%s %s\n" s (Bytes.to_string d);
  let n = Bytes.create 8 in
  Bytes.set_int32_le n 0 0x01020304l;
  Bytes.set_int16_be n 4 0xABCD;
  Bytes.set_uint8 n 6 255;
  Bytes.set_int8 n 7 (-1);
  Printf.printf "%S\n" (Bytes.to_string n);
  Printf.printf "%lx %d %d %d\n" (Bytes.get_int32_be n 0) (Bytes.get_uint16_le n 4) (Bytes.get_int8 n 6)
    (Bytes.get_uint8 n 7);
  Printf.printf "%Lx\n" (Bytes.get_int64_le n 0);
  Bytes.set_int64_be n 0 0x1122334455667788L;
  Printf.printf "%S\n" (Bytes.to_string n);
  Printf.printf "%s\n" (Bytes.unsafe_to_string (Bytes.uppercase_ascii (Bytes.of_string "upper")));
  (match Bytes.get b 10 with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m)

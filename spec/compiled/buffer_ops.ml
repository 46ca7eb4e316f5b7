(* Buffer: growth past its initial size, add_* functions, contents, sub,
   nth, truncate, add_buffer, reset. *)
let () =
  let b = Buffer.create 4 in
  Buffer.add_string b "hello";
  Buffer.add_char b ' ';
  Buffer.add_substring b "xxworldxx" 2 5;
  Printf.printf "%S length %d\n" (Buffer.contents b) (Buffer.length b);
  for i = 1 to 1000 do Buffer.add_string b (string_of_int i) done;
  Printf.printf "length %d, nth 11 %C, sub %S\n" (Buffer.length b) (Buffer.nth b 11) (Buffer.sub b 11 10);
  Buffer.truncate b 5;
  let c = Buffer.create 10 in
  Buffer.add_buffer c b;
  Buffer.add_bytes c (Bytes.of_string "!?");
  Buffer.add_utf_8_uchar c (Uchar.of_int 0xe9);
  Printf.printf "%S\n" (Buffer.contents c);
  Printf.printf "to_bytes %S\n" (Bytes.to_string (Buffer.to_bytes c));
  Buffer.reset c;
  Printf.printf "after reset %d\n" (Buffer.length c);
  (match Buffer.nth b 99 with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m)

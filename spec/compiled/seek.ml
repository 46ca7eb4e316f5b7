(* Channel positions: seek_in/seek_out, pos_in/pos_out, lengths, bytes,
   really_input_string, input into a buffer. *)
let () =
  let oc = open_out_bin "seek.bin" in
  for i = 0 to 255 do output_byte oc i done;
  Printf.printf "pos_out %d length %d\n" (pos_out oc) (out_channel_length oc);
  seek_out oc 10;
  output_string oc "HELLO";
  Printf.printf "pos_out after seek %d\n" (pos_out oc);
  close_out oc;
  let ic = open_in_bin "seek.bin" in
  Printf.printf "in_channel_length %d\n" (in_channel_length ic);
  seek_in ic 8;
  Printf.printf "byte at 8: %d\n" (input_byte ic);
  Printf.printf "byte at 9: %d\n" (input_byte ic);
  Printf.printf "next 5: %S\n" (really_input_string ic 5);
  Printf.printf "pos_in %d\n" (pos_in ic);
  seek_in ic 250;
  let buf = Bytes.create 10 in
  let n = input ic buf 0 10 in
  Printf.printf "input got %d: %S\n" n (Bytes.sub_string buf 0 n);
  (match input_char ic with
   | c -> Printf.printf "unexpected %C\n" c
   | exception End_of_file -> print_endline "End_of_file at the end");
  (match really_input_string ic 1 with
   | _ -> print_endline "unexpected"
   | exception End_of_file -> print_endline "really_input: End_of_file");
  close_in ic;
  Sys.remove "seek.bin"

(* Marshal flags and header: Compat_32, No_sharing, Marshal.to_buffer, a
   truncated input refused with OCaml's message. *)
let () =
  let v = [ "flags"; "and"; "header" ] in
  let plain = Marshal.to_string v [] in
  let compat = Marshal.to_string v [ Marshal.Compat_32 ] in
  Printf.printf "plain = compat32: %b\n" (plain = compat);
  Printf.printf "header size %d, data size %d\n" Marshal.header_size (Marshal.data_size (Bytes.of_string plain) 0);
  let buf = Bytes.make 100 '.' in
  let n = Marshal.to_buffer buf 0 100 v [ Marshal.No_sharing ] in
  Printf.printf "to_buffer wrote %d bytes\n" n;
  let (back : string list) = Marshal.from_bytes buf 0 in
  print_endline (String.concat " " back);
  (match Marshal.to_buffer buf 0 5 v [] with
   | _ -> print_endline "unexpected"
   | exception Failure msg -> Printf.printf "small buffer: Failure %S\n" msg);
  let truncated = String.sub plain 0 (String.length plain - 3) in
  (match (Marshal.from_string truncated 0 : string list) with
   | _ -> print_endline "unexpected"
   | exception Invalid_argument msg -> Printf.printf "truncated: Invalid_argument %S\n" msg);
  (match (Marshal.from_string "not marshal data at all" 0 : int) with
   | _ -> print_endline "unexpected"
   | exception Failure msg -> Printf.printf "bad magic: Failure %S\n" msg)

(* Marshal through files: several values on one channel, read back in
   order, then the file's digest (the bytes must be native's). *)
type entry = { name : string; id : int; tags : string list }

let () =
  let oc = open_out_bin "marshal_file.bin" in
  Marshal.to_channel oc [ 1; 2; 3 ] [];
  Marshal.to_channel oc "second value" [];
  Marshal.to_channel oc { name = "third"; id = 3; tags = [ "a"; "b" ] } [];
  output_value oc (Some 4, None);
  close_out oc;
  Printf.printf "file digest %s\n" (Digest.to_hex (Digest.file "marshal_file.bin"));
  let ic = open_in_bin "marshal_file.bin" in
  let (l : int list) = Marshal.from_channel ic in
  let (s : string) = Marshal.from_channel ic in
  let (e : entry) = Marshal.from_channel ic in
  let ((a : int option), (b : int option)) = input_value ic in
  Printf.printf "%s | %s | %s %d [%s] | %s %s\n"
    (String.concat "," (List.map string_of_int l)) s e.name e.id (String.concat ";" e.tags)
    (match a with Some n -> string_of_int n | None -> "None")
    (match b with Some n -> string_of_int n | None -> "None");
  (match (Marshal.from_channel ic : int) with
   | _ -> print_endline "unexpected value"
   | exception End_of_file -> print_endline "End_of_file after the last value");
  close_in ic;
  Sys.remove "marshal_file.bin"

(* Digest (MD5): string, substring, bytes, file, channel, hex round trip. *)
let () =
  Printf.printf "%s\n" (Digest.to_hex (Digest.string ""));
  Printf.printf "%s\n" (Digest.to_hex (Digest.string "The quick brown fox jumps over the lazy dog"));
  Printf.printf "%s\n" (Digest.to_hex (Digest.substring "xxabcxx" 2 3));
  Printf.printf "%s\n" (Digest.to_hex (Digest.bytes (Bytes.make 1000 'a')));
  let oc = open_out_bin "digest.txt" in
  for i = 1 to 5000 do output_string oc (string_of_int i) done;
  close_out oc;
  let d = Digest.file "digest.txt" in
  Printf.printf "file %s\n" (Digest.to_hex d);
  let ic = open_in_bin "digest.txt" in
  Printf.printf "channel 100 bytes %s\n" (Digest.to_hex (Digest.channel ic 100));
  close_in ic;
  Printf.printf "from_hex round trip %b, length %d\n" (Digest.from_hex (Digest.to_hex d) = d) (String.length d);
  Printf.printf "compare %d\n" (compare (Digest.string "a") (Digest.string "a"));
  Sys.remove "digest.txt"

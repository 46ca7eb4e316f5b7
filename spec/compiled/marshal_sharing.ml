(* Sharing: a block referenced twice is written once (and read back
   shared) unless No_sharing is given; a cyclic list survives. (Strings are
   left out: in Lua two equal strings are the same value, so no runtime on
   Lua can tell a shared string from two equal ones.) *)
let () =
  let shared = Some [ 1; 2; 3; 4; 5 ] in
  let pair = (shared, shared) in
  let with_sharing = Marshal.to_string pair [] in
  let without = Marshal.to_string pair [ Marshal.No_sharing ] in
  Printf.printf "with sharing %d bytes, without %d bytes\n"
    (String.length with_sharing) (String.length without);
  let (a, b) : int list option * int list option = Marshal.from_string with_sharing 0 in
  Printf.printf "shared after reading: %b\n" (a == b);
  let (c, d) : int list option * int list option = Marshal.from_string without 0 in
  Printf.printf "unshared after reading: %b, equal: %b\n" (c == d) (c = d);
  let rec cycle = 1 :: 2 :: 3 :: cycle in
  let back : int list = Marshal.from_string (Marshal.to_string cycle []) 0 in
  let rec take n l = if n = 0 then [] else match l with x :: r -> x :: take (n - 1) r | [] -> [] in
  Printf.printf "cycle: %s\n" (String.concat " " (List.map string_of_int (take 8 back)));
  Printf.printf "cycle closed: %b\n" (List.tl (List.tl (List.tl back)) == back);
  let big = Array.init 50 (fun i -> if i mod 2 = 0 then shared else None) in
  Printf.printf "array of shared blocks: %s\n" (Digest.to_hex (Digest.string (Marshal.to_string big [])))

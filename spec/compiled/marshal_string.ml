(* Marshal to and from strings: the bytes written (in hex) and the round
   trip, for ints of every size, strings, lists, tuples and variants. *)
type shape = Circle of int | Rect of int * int | Empty

let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c)) (List.of_seq (String.to_seq s)))

let show name v =
  let s = Marshal.to_string v [] in
  Printf.printf "%s: %d bytes, data %s\n" name (String.length s)
    (hex (String.sub s Marshal.header_size (String.length s - Marshal.header_size)))

let () =
  show "small int" 42;
  show "negative int" (-5);
  show "int16" 1000;
  show "int32" 100000;
  show "large int" 1_000_000_000_000;
  show "string" "hello";
  show "long string" (String.make 40 'z');
  show "list" [ 1; 2; 3 ];
  show "tuple" (1, "two", [ 3 ]);
  show "variants" [ Circle 3; Rect (2, 5); Empty ];
  let v = (17, "round trip", [ Circle 1; Empty ], [| 4; 5; 6 |]) in
  let back : int * string * shape list * int array = Marshal.from_string (Marshal.to_string v []) 0 in
  print_endline (if back = v then "round trip equal" else "round trip differs");
  let n, s, l, a = back in
  Printf.printf "%d %s %d %d\n" n s (List.length l) (Array.fold_left ( + ) 0 a);
  Printf.printf "data_size %d total_size %d\n"
    (Marshal.data_size (Marshal.to_bytes v []) 0) (Marshal.total_size (Marshal.to_bytes v []) 0)

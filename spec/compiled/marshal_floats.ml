(* Marshal of floats: fractional values, integral values and specials,
   alone and inside tuples, with the bytes written. *)
let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c)) (List.of_seq (String.to_seq s)))

let () =
  List.iter (fun (name, v) ->
      let s = Marshal.to_string v [] in
      Printf.printf "%s: %s\n" name (hex (String.sub s 20 (String.length s - 20)));
      let (back : float) = Marshal.from_string s 0 in
      Printf.printf "  back %h\n" back)
    [ ("2.5", 2.5); ("-0.125", -0.125); ("1e300", 1e300); ("nan", nan); ("infinity", infinity); ("3.0", 3.0);
      ("-0.0", -0.0) ];
  let s = Marshal.to_string (1.5, "x", [ 0.25 ]) [] in
  Printf.printf "tuple: %s\n" (hex (String.sub s 20 (String.length s - 20)))

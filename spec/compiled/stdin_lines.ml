(* Standard input read line by line to the end, counted and echoed. *)
let () =
  let rec loop n chars =
    match input_line stdin with
    | line ->
      Printf.printf "%2d %3d %s\n" n (String.length line) (String.uppercase_ascii line);
      loop (n + 1) (chars + String.length line)
    | exception End_of_file -> (n - 1, chars)
  in
  let lines, chars = loop 1 0 in
  Printf.printf "%d lines, %d characters\n" lines chars

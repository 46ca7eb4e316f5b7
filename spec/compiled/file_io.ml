(* Files: open_out, output functions, close, open_in, input_line up to
   End_of_file, append mode. *)
let () =
  let oc = open_out "file_io.txt" in
  output_string oc "first line\n";
  Printf.fprintf oc "second %d\n" 2;
  output_char oc 'x';
  output_string oc "\nlast line without newline";
  close_out oc;
  let oc = open_out_gen [ Open_append; Open_creat ] 0o644 "file_io.txt" in
  output_string oc " (appended)";
  close_out oc;
  let ic = open_in "file_io.txt" in
  let rec loop n =
    match input_line ic with
    | line -> Printf.printf "%d: %S\n" n line; loop (n + 1)
    | exception End_of_file -> n
  in
  let n = loop 1 in
  close_in ic;
  Printf.printf "%d lines\n" (n - 1);
  Sys.remove "file_io.txt";
  print_endline (string_of_bool (Sys.file_exists "file_io.txt"))

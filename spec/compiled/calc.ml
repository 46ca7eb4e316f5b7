(* An ocamllex + ocamlyacc calculator (calc/) reading standard input: a
   parse error and a bad character are reported and skipped. *)
let () =
  let lexbuf = Lexing.from_channel stdin in
  let rec loop () =
    match Calc_parser.line Calc_lexer.token lexbuf with
    | Some v -> Printf.printf "= %d\n" v; loop ()
    | None -> print_endline "end of input"
    | exception Parsing.Parse_error ->
      let p = Lexing.lexeme_start_p lexbuf in
      Printf.printf "parse error at line %d, offset %d: %S\n" p.Lexing.pos_lnum p.Lexing.pos_cnum
        (Lexing.lexeme lexbuf);
      let rec skip () = match Calc_lexer.token lexbuf with Calc_parser.EOL | Calc_parser.EOF -> () | _ -> skip () in
      skip ();
      loop ()
    | exception Calc_lexer.Bad_char c ->
      Printf.printf "bad character %C\n" c;
      let rec skip () = match Calc_lexer.token lexbuf with Calc_parser.EOL | Calc_parser.EOF -> () | _ -> skip () in
      skip ();
      loop ()
    | exception Division_by_zero -> print_endline "division by zero"; loop ()
  in
  loop ()

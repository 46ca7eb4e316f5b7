(* ocamllex alone (words/): a lexer over a string with positions, lexeme
   functions and a string literal with escapes. *)
let () =
  let text = "let x = 42 in\n  \"a \\\"quoted\\\" string\" (* comment *) x + 7" in
  let lexbuf = Lexing.from_string text in
  let rec loop () =
    match Words_lexer.token lexbuf with
    | Words_lexer.Eof -> print_endline "eof"
    | tok ->
      let s = Lexing.lexeme_start_p lexbuf in
      Printf.printf "%d:%d-%d %s\n" s.Lexing.pos_lnum (s.Lexing.pos_cnum - s.Lexing.pos_bol)
        (Lexing.lexeme_end lexbuf) (Words_lexer.show tok);
      loop ()
  in
  loop ()

(* A lexer that tracks lines through strings and nested comments, with a
   second entry point taking an argument; no catch-all rule, so stray
   characters end in "lexing: empty token". *)
{
type token = WORD of string | NUM of int | STR of string | NEWLINE | EOF
}
rule token = parse
  | [' ' '\t']+              { token lexbuf }
  | '\n'                     { Lexing.new_line lexbuf; NEWLINE }
  | "(*"                     { comment 1 lexbuf; token lexbuf }
  | ['a'-'z' 'A'-'Z']+       { WORD (Lexing.lexeme lexbuf) }
  | ['0'-'9']+               { NUM (int_of_string (Lexing.lexeme lexbuf)) }
  | '"'                      { let b = Buffer.create 16 in string b lexbuf; STR (Buffer.contents b) }
  | eof                      { EOF }
and comment depth = parse
  | "(*"                     { comment (depth + 1) lexbuf }
  | "*)"                     { if depth > 1 then comment (depth - 1) lexbuf }
  | '\n'                     { Lexing.new_line lexbuf; comment depth lexbuf }
  | eof                      { failwith "unterminated comment" }
  | _                        { comment depth lexbuf }
and string b = parse
  | '"'                      { () }
  | '\\' 'n'                 { Buffer.add_char b '\n'; string b lexbuf }
  | '\n'                     { Lexing.new_line lexbuf; Buffer.add_char b '\n'; string b lexbuf }
  | [^ '"' '\\' '\n']+       { Buffer.add_string b (Lexing.lexeme lexbuf); string b lexbuf }
  | eof                      { failwith "unterminated string" }

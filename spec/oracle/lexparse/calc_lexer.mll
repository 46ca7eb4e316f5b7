(* The calculator's lexer: tracks lines with new_line, skips comments. *)
{
open Calc_parser
}
rule token = parse
  | [' ' '\t' '\r']+         { token lexbuf }
  | '\n'                     { Lexing.new_line lexbuf; token lexbuf }
  | '#' [^ '\n']*            { token lexbuf }
  | ['0'-'9']+               { INT (int_of_string (Lexing.lexeme lexbuf)) }
  | "let"                    { LET }
  | ['a'-'z' '_']+           { IDENT (Lexing.lexeme lexbuf) }
  | '+'                      { PLUS }
  | '-'                      { MINUS }
  | '*'                      { TIMES }
  | '/'                      { DIV }
  | '('                      { LPAREN }
  | ')'                      { RPAREN }
  | ';'                      { SEMI }
  | '='                      { EQ }
  | eof                      { EOF }

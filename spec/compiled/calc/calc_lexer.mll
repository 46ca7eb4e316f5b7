(* Tokens of the calculator. *)
{
open Calc_parser
exception Bad_char of char
}
rule token = parse
  | [' ' '\t'] { token lexbuf }
  | '\n' { EOL }
  | ['0'-'9']+ as n { INT (int_of_string n) }
  | '+' { PLUS }
  | '-' { MINUS }
  | '*' { TIMES }
  | '/' { DIV }
  | '(' { LPAREN }
  | ')' { RPAREN }
  | eof { EOF }
  | _ as c { raise (Bad_char c) }

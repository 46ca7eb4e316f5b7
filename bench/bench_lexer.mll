(* The ocamllex lexer of the lexing benchmark. Each action returns its own
   index, so that a Lua driver of the same tables (which sees only action
   numbers) counts the same tokens. Rule 0 is the end of input. *)
rule token = parse
  | eof { 0 }
  | [' ' '\t' '\r' '\n']+ { 1 }
  | ['a'-'z' 'A'-'Z' '_'] ['a'-'z' 'A'-'Z' '0'-'9' '_' '\'']* { 2 }
  | ['0'-'9']+ ('.' ['0'-'9']+)? (['e' 'E'] ['+' '-']? ['0'-'9']+)? { 3 }
  | '"' [^ '"' '\\' '\n']* '"' { 4 }
  | "(*" | "*)" | "->" | "<-" | ":=" | "==" | "<=" | ">=" | "<>" { 5 }
  | ['(' ')' '{' '}' '[' ']' ';' ',' '.' '=' '+' '-' '*' '/' '<' '>' ':' '|'] { 6 }
  | _ { 7 }

(* Identifiers, numbers, symbols, strings with escapes, nested-free
   comments; newlines counted into the positions. *)
{
type token = Ident of string | Number of int | Symbol of string | Str of string | Eof

let show = function
  | Ident s -> "ident " ^ s
  | Number n -> "number " ^ string_of_int n
  | Symbol s -> "symbol " ^ s
  | Str s -> Printf.sprintf "string %S" s
  | Eof -> "eof"
}
let ident = ['a'-'z' '_'] ['a'-'z' 'A'-'Z' '0'-'9' '_']*
rule token = parse
  | [' ' '\t']+ { token lexbuf }
  | '\n' { Lexing.new_line lexbuf; token lexbuf }
  | "(*" { comment lexbuf; token lexbuf }
  | ident { Ident (Lexing.lexeme lexbuf) }
  | ['0'-'9']+ { Number (int_of_string (Lexing.lexeme lexbuf)) }
  | '"' { let b = Buffer.create 16 in string b lexbuf; Str (Buffer.contents b) }
  | ['=' '+' '-' '*' '/'] { Symbol (Lexing.lexeme lexbuf) }
  | eof { Eof }
and comment = parse
  | "*)" { () }
  | _ { comment lexbuf }
and string b = parse
  | '"' { () }
  | '\\' (_ as c) { Buffer.add_char b c; string b lexbuf }
  | _ as c { Buffer.add_char b c; string b lexbuf }

(* A JSON-like lexer whose rules bind parts of the match with `as`
   (memory actions: ocamllex emits lex_code and uses the new engine),
   including optional bindings and char bindings. *)
{
type token =
  | STRING of string
  | NUMBER of string * string option * string option
  | WORD of string
  | PUNCT of char
  | ESCAPED of char * string
  | BAD of char
  | EOF
}
rule token = parse
  | [' ' '\t' '\r']+                      { token lexbuf }
  | '\n'                                  { Lexing.new_line lexbuf; token lexbuf }
  | '"' ([^ '"' '\\' '\n']* as s) '"'     { STRING s }
  | '\\' (_ as c) (['0'-'9']* as digits)  { ESCAPED (c, digits) }
  | ('-'? ['0'-'9']+ as ip) ('.' (['0'-'9']+ as fp))? (['e' 'E'] (['+' '-']? ['0'-'9']+ as ex))?
                                          { NUMBER (ip, fp, ex) }
  | ['a'-'z' 'A'-'Z']+ as w               { WORD w }
  | ['{' '}' '[' ']' ':' ','] as c        { PUNCT c }
  | eof                                   { EOF }
  | _ as c                                { BAD c }

/* A calculator: precedence, unary minus, an error rule that resynchronises
   on ';', and a semantic action that raises Parse_error (division by zero).
   Every result names the positions the action sees. Arithmetic is modulo
   10007 so that values agree across interpreters. */
%{
let errors = ref []
let parse_error s = errors := s :: !errors
let norm x = ((x mod 10007) + 10007) mod 10007
let pos p =
  Printf.sprintf "%d:%d:%d" p.Lexing.pos_lnum (p.Lexing.pos_cnum - p.Lexing.pos_bol) p.Lexing.pos_cnum
let span () = pos (Parsing.symbol_start_pos ()) ^ "-" ^ pos (Parsing.symbol_end_pos ())
%}
%token <int> INT
%token <string> IDENT
%token PLUS MINUS TIMES DIV LPAREN RPAREN SEMI LET EQ EOF
%left PLUS MINUS
%left TIMES DIV
%nonassoc UMINUS
%start main
%type <string list> main
%%
main:
    stmts EOF                { List.rev $1 }
;
stmts:
    /* empty */              { [] }
  | stmts stmt               { $2 :: $1 }
;
stmt:
    expr SEMI                { Printf.sprintf "value %d at %s, expr ends %s" $1 (span ()) (pos (Parsing.rhs_end_pos 1)) }
  | LET IDENT EQ expr SEMI   { Printf.sprintf "let %s = %d at %s, name %d-%d" $2 $4 (span ())
                                 (Parsing.rhs_start 2) (Parsing.rhs_end 2) }
  | error SEMI               { Printf.sprintf "error at %s, symbol %d-%d" (span ())
                                 (Parsing.symbol_start ()) (Parsing.symbol_end ()) }
;
expr:
    INT                      { norm $1 }
  | IDENT                    { String.length $1 }
  | LPAREN expr RPAREN       { $2 }
  | expr PLUS expr           { norm ($1 + $3) }
  | expr MINUS expr          { norm ($1 - $3) }
  | expr TIMES expr          { norm ($1 * $3) }
  | expr DIV expr            { if $3 = 0 then raise Parsing.Parse_error else $1 / $3 }
  | MINUS expr %prec UMINUS  { norm (- $2) }
;

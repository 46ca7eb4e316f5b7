/* An integer calculator: one expression per line. */
%token <int> INT
%token PLUS MINUS TIMES DIV LPAREN RPAREN EOL EOF
%left PLUS MINUS
%left TIMES DIV
%nonassoc UMINUS
%start line
%type <int option> line
%%
line:
  | expr EOL { Some $1 }
  | EOF { None }
;
expr:
  | INT { $1 }
  | LPAREN expr RPAREN { $2 }
  | expr PLUS expr { $1 + $3 }
  | expr MINUS expr { $1 - $3 }
  | expr TIMES expr { $1 * $3 }
  | expr DIV expr { $1 / $3 }
  | MINUS expr %prec UMINUS { - $2 }
;

(* The oracle for lexing_parsing_spec.lua: the lexers and the parser in
   spec/oracle/lexparse/ (run through ocamllex and ocamlyacc by the
   Makefile) are printed as Lua tables, then run on randomised inputs (fixed
   seed) from strings and from functions that deliver small chunks, so the
   buffer refills, grows and shifts. Every token, position, buffer state,
   parse result, error call and exception is an event the Lua side must
   reproduce exactly.

   `lexparse trace` instead parses one input with the parser trace on
   (Parsing.set_trace), which OCaml prints on stderr. *)

let out = Buffer.create (1 lsl 22)
let p fmt = Printf.bprintf out fmt

(* A Lua string literal holding exactly the bytes of s. *)
let lua_string s =
  let b = Buffer.create (String.length s * 2 + 2) in
  Buffer.add_char b '"';
  String.iter
    (fun c ->
      match c with
      | 'a' .. 'z' | 'A' .. 'Z' | '0' .. '9' | ' ' | '_' | '-' | ':' | '(' | ')' | '<' | '>' | '@' | '='
      | ',' | '.' | '[' | ']' ->
        Buffer.add_char b c
      | c -> Buffer.add_string b (Printf.sprintf "\\%03d" (Char.code c)))
    s;
  Buffer.add_char b '"';
  Buffer.contents b

let int_array a = "{0" ^ String.concat "" (Array.to_list (Array.map (Printf.sprintf ", %d") a)) ^ "}"

let print_lex_tables name (t : Lexing.lex_tables) =
  p "  %s = {\n" name;
  List.iter
    (fun (field, s) -> p "    %s = %s,\n" field (lua_string s))
    [ "lex_base", t.lex_base; "lex_backtrk", t.lex_backtrk; "lex_default", t.lex_default;
      "lex_trans", t.lex_trans; "lex_check", t.lex_check; "lex_base_code", t.lex_base_code;
      "lex_backtrk_code", t.lex_backtrk_code; "lex_default_code", t.lex_default_code;
      "lex_trans_code", t.lex_trans_code; "lex_check_code", t.lex_check_code; "lex_code", t.lex_code ];
  p "  },\n"

(* Everything but the actions and the error function, which Lua supplies. *)
let print_parse_tables name (t : Parsing.parse_tables) =
  p "  %s = {\n" name;
  p "    transl_const = %s,\n    transl_block = %s,\n" (int_array t.transl_const) (int_array t.transl_block);
  List.iter
    (fun (field, s) -> p "    %s = %s,\n" field (lua_string s))
    [ "lhs", t.lhs; "len", t.len; "defred", t.defred; "dgoto", t.dgoto; "sindex", t.sindex;
      "rindex", t.rindex; "gindex", t.gindex; "table", t.table; "check", t.check;
      "names_const", t.names_const; "names_block", t.names_block ];
  p "    tablesize = %d,\n  },\n" t.tablesize

(* Events *)

let pos (q : Lexing.position) = Printf.sprintf "%s@%d:%d:%d" q.pos_fname q.pos_lnum q.pos_bol q.pos_cnum

(* Where a token was, and the lexbuf's internals after it. *)
let where (lb : Lexing.lexbuf) =
  Printf.sprintf "%s-%s [%d-%d] abs=%d start=%d curr=%d len=%d size=%d"
    (pos (Lexing.lexeme_start_p lb)) (pos (Lexing.lexeme_end_p lb))
    (Lexing.lexeme_start lb) (Lexing.lexeme_end lb)
    lb.lex_abs_pos lb.lex_start_pos lb.lex_curr_pos lb.lex_buffer_len (Bytes.length lb.lex_buffer)

let opt = function None -> "-" | Some s -> "<" ^ s ^ ">"

let json_token = function
  | Json_lexer.STRING s -> "STRING <" ^ s ^ ">"
  | NUMBER (i, f, e) -> Printf.sprintf "NUMBER <%s> %s %s" i (opt f) (opt e)
  | WORD w -> "WORD <" ^ w ^ ">"
  | PUNCT c -> Printf.sprintf "PUNCT %d" (Char.code c)
  | ESCAPED (c, d) -> Printf.sprintf "ESCAPED %d <%s>" (Char.code c) d
  | BAD c -> Printf.sprintf "BAD %d" (Char.code c)
  | EOF -> "EOF"

let lines_token = function
  | Lines_lexer.WORD w -> "WORD <" ^ w ^ ">"
  | NUM n -> Printf.sprintf "NUM %d" n
  | STR s -> "STR <" ^ s ^ ">"
  | NEWLINE -> "NEWLINE"
  | EOF -> "EOF"

let failure (lb : Lexing.lexbuf) msg =
  Printf.sprintf "Failure %s at abs=%d start=%d curr=%d" msg lb.lex_abs_pos lb.lex_start_pos lb.lex_curr_pos

(* A lexbuf over `input`: from the string itself when chunk = 0, from a
   channel over a file holding it when chunk = -1, else from a function that
   delivers at most `chunk` bytes per call. *)
let lexbuf_of input chunk =
  if chunk = 0 then Lexing.from_string input
  else if chunk = -1 then begin
    let file = Filename.temp_file "lexparse" ".txt" in
    let oc = open_out_bin file in
    output_string oc input;
    close_out oc;
    let ic = open_in_bin file in
    Sys.remove file;
    at_exit (fun () -> close_in ic);
    Lexing.from_channel ic
  end
  else begin
    let at = ref 0 in
    Lexing.from_function (fun b n ->
        let k = min n (min chunk (String.length input - !at)) in
        Bytes.blit_string input !at b 0 k;
        at := !at + k;
        k)
  end

let lex_all token show is_eof input chunk =
  let lb = lexbuf_of input chunk in
  if chunk mod 5 = 3 then Lexing.set_filename lb "in.txt";
  let events = ref [] in
  (try
     let continue = ref true in
     while !continue do
       let t = token lb in
       events := (show t ^ " " ^ where lb) :: !events;
       continue := not (is_eof t)
     done
   with Failure msg -> events := failure lb msg :: !events);
  List.rev !events

let calc_parse input chunk =
  let lb = lexbuf_of input chunk in
  Calc_parser.errors := [];
  let outcome =
    match Calc_parser.main Calc_lexer.token lb with
    | results -> List.map (fun r -> "result " ^ r) results
    | exception Parsing.Parse_error ->
      [ Printf.sprintf "Parse_error at %s lookahead_eof=%b" (where lb)
          (Parsing.is_current_lookahead Calc_parser.EOF) ]
    | exception Failure msg -> [ failure lb msg ]
  in
  List.rev_map (fun e -> "error_function " ^ e) !Calc_parser.errors @ outcome

(* Random inputs *)

let pick a = a.(Random.int (Array.length a))
let random_string alphabet n = String.init n (fun _ -> alphabet.[Random.int (String.length alphabet)])
let digits k = random_string "0123456789" (1 + Random.int k)
let word k = random_string "abcdefghijklmnopqrstuvwxyzABC" (1 + Random.int k)

let concat_pieces count piece =
  let b = Buffer.create 64 in
  for _ = 1 to count do
    Buffer.add_string b (piece ());
    if Random.int 3 > 0 then Buffer.add_string b (pick [| " "; "\n"; "\t"; "  \n "; "\r\n" |])
  done;
  Buffer.contents b

let json_piece () =
  match Random.int 14 with
  | 0 -> "\"" ^ random_string "ab c\t12" (Random.int 8) ^ "\""
  | 1 -> "\"unterminated"
  | 2 -> "\\" ^ String.make 1 (Char.chr (Random.int 256)) ^ (if Random.bool () then digits 3 else "")
  | 3 -> (if Random.bool () then "-" else "") ^ digits 4
  | 4 -> digits 3 ^ "." ^ digits 3
  | 5 -> digits 2 ^ pick [| "e"; "E" |] ^ pick [| ""; "+"; "-" |] ^ digits 2
  | 6 -> digits 2 ^ "." ^ digits 2 ^ "e-" ^ digits 2
  | 7 -> digits 2 ^ pick [| "."; "e"; ".e"; "e+" |]
  | 8 -> word 6
  | 9 | 10 -> String.make 1 (pick [| '{'; '}'; '['; ']'; ':'; ',' |])
  | 11 -> String.make 1 (Char.chr (Random.int 256))
  | 12 -> "\"" ^ String.make (Random.int 3000) 'x' ^ "\""
  | _ -> "-"

let lines_piece () =
  match Random.int 12 with
  | 0 | 1 -> word 8
  | 2 -> digits 5
  | 3 -> "(* a " ^ (if Random.bool () then "(* nested\n *)" else "") ^ " \n b *)"
  | 4 -> "\"s" ^ (if Random.bool () then "\\n" else "") ^ "\n" ^ word 4 ^ "\""
  | 5 -> "\n"
  | 6 -> if Random.int 8 = 0 then "@" else "\n\n"
  | 7 -> if Random.int 10 = 0 then "(* open" else "x"
  | 8 -> if Random.int 10 = 0 then "\"open" else "y"
  | 9 -> "(*" ^ String.make (Random.int 2000) '-' ^ "*)"
  | _ -> " "

let rec calc_expr depth =
  if depth = 0 || Random.int 3 = 0 then pick [| digits 4; random_string "abcxyz_" (1 + Random.int 3); "0" |]
  else
    match Random.int 6 with
    | 0 -> "(" ^ calc_expr (depth - 1) ^ ")"
    | 1 -> "-" ^ calc_expr (depth - 1)
    | _ -> calc_expr (depth - 1) ^ pick [| " + "; " - "; " * "; " / "; "+"; "*" |] ^ calc_expr (depth - 1)

let calc_statement () =
  let s =
    match Random.int 10 with
    | 0 -> "let " ^ random_string "abcdef" (1 + Random.int 4) ^ " = " ^ calc_expr 3 ^ ";"
    | 1 -> calc_expr 2 ^ " " ^ calc_expr 2 ^ ";"            (* two expressions: a syntax error *)
    | 2 -> calc_expr 3 ^ pick [| " + ;"; " ) ;"; " ( ;"; " = 1;"; " let;" |]
    | 3 -> "# a comment\n" ^ calc_expr 3 ^ ";"
    | 4 -> calc_expr 2 ^ " / 0;"                         (* the action raises Parse_error *)
    | _ -> calc_expr 4 ^ ";"
  in
  s ^ pick [| "\n"; " "; ""; "\n\n" |]

let calc_input () =
  let b = Buffer.create 64 in
  for _ = 0 to Random.int 6 do Buffer.add_string b (calc_statement ()) done;
  (match Random.int 12 with
   | 0 -> Buffer.add_string b "1 + 2"  (* no final ';': an unrecoverable error *)
   | 1 -> Buffer.add_string b "$"      (* not a token: lexing: empty token *)
   | 2 -> Buffer.add_string b ";;"
   | _ -> ());
  Buffer.contents b

let long_input piece size =
  let b = Buffer.create size in
  while Buffer.length b < size do Buffer.add_string b (piece ()); Buffer.add_char b ' ' done;
  Buffer.contents b

let chunk () = pick [| 0; 0; -1; 1; 2; 3; 7; 64; 511; 512; 1000; -1 |]

let print_cases name count make_input run =
  p "  %s = {\n" name;
  for i = 1 to count do
    let input = make_input i in
    let chunk = chunk () in
    p "    { input = %s, chunk = %d, events = {\n" (lua_string input) chunk;
    List.iter (fun e -> p "      %s,\n" (lua_string e)) (run input chunk);
    p "    } },\n"
  done;
  p "  },\n"

let sized piece small i = if i mod 40 = 0 then long_input piece 60_000 else concat_pieces (Random.int small) piece

let json_case = lex_all Json_lexer.token json_token (( = ) Json_lexer.EOF)
let lines_case = lex_all Lines_lexer.token lines_token (( = ) Lines_lexer.EOF)

let calc_long_input () = long_input (fun () -> calc_expr 4 ^ ";\n") 60_000

(* Deep nesting: the parser's stacks (100 entries at first) must grow. *)
let calc_deep_input () =
  let d = 100 + Random.int 400 in
  String.make d '(' ^ "1" ^ String.make (d - Random.int 2) ')' ^ ";" ^ String.make d '-' ^ "2;"

let calc_case i =
  if i mod 50 = 0 then calc_long_input () else if i mod 50 = 25 then calc_deep_input () else calc_input ()

(* OCaml string literals as source text ({|...|}) and as the value OCaml
   gives them, for lexing.ocaml_string_literal. *)
let string_literals = [
  {|"a\065\x42\o103\n\t\r\b\\\"\'\ end"|}, "a\065\x42\o103\n\t\r\b\\\"\'\ end";
  {|"line\
      continued\
\tand tab"|}, "line\
      continued\
\tand tab";
  {|"\255\000\127"|}, "\255\000\127";
  {|""|}, "";
]

let print_string_literals () =
  p "  string_literals = {\n";
  List.iter (fun (text, value) -> p "    { text = %s, value = %s },\n" (lua_string text) (lua_string value))
    string_literals;
  p "  },\n"

let () =
  match Sys.argv with
  | [| _; "trace" |] ->
    ignore (Parsing.set_trace true);
    (try ignore (Calc_parser.main Calc_lexer.token
                   (Lexing.from_string "1 + x;\n2 * (3 - ;\nlet y = 4 / 0;\n7 7;\n-2;\n1 +"))
     with Parsing.Parse_error -> ());
    ignore (Parsing.set_trace false)
  | _ ->
    Random.init 20240613;
    p "return {\n";
    print_lex_tables "json_lexer" Json_lexer.__ocaml_lex_tables;
    print_lex_tables "lines_lexer" Lines_lexer.__ocaml_lex_tables;
    print_lex_tables "calc_lexer" Calc_lexer.__ocaml_lex_tables;
    print_parse_tables "calc_parser" Calc_parser.yytables;
    print_string_literals ();
    print_cases "json" 400 (sized json_piece 30) json_case;
    print_cases "lines" 400 (sized lines_piece 30) lines_case;
    print_cases "calc" 400 calc_case calc_parse;
    p "}\n";
    print_string (Buffer.contents out)

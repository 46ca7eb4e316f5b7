(* Oracle for ocamlrt.scanf: formats of several result types, each run by
   native OCaml's Scanf.sscanf on random and hand-made inputs; prints a Lua
   chunk of {format, input, results} with results {v, ...} or X(exn, msg). *)

let () = Random.init 1125

let pick a = a.(Random.int (Array.length a))
let fbits x = Printf.sprintf "F\"%016Lx\"" (Int64.bits_of_float x)
let i64 x = Printf.sprintf "I64\"%016Lx\"" x

let random_input alphabet valid =
  match Random.int 4 with
  | 0 -> pick valid
  | 1 -> let v = pick valid in
    if v = "" then v else
    let i = Random.int (String.length v) in
    String.sub v 0 i ^ String.make 1 alphabet.[Random.int (String.length alphabet)]
    ^ String.sub v (i + 1) (String.length v - i - 1)
  | _ -> String.init (Random.int 10) (fun _ -> alphabet.[Random.int (String.length alphabet)])

let run fmt input f =
  let result =
    try f () with
    | Scanf.Scan_failure m -> Printf.sprintf "X(\"Stdlib.Scanf.Scan_failure\", %S)" m
    | Failure m -> Printf.sprintf "X(\"Failure\", %S)" m
    | Invalid_argument m -> Printf.sprintf "X(\"Invalid_argument\", %S)" m
    | End_of_file -> "X(\"End_of_file\")" in
  Printf.printf "{%S, %S, %s},\n" fmt input result

let int_formats = [| "%d"; "%i"; "%u"; "%x"; "%X"; "%o"; "%3d"; " %d"; "%2i"; "%_d %d"; "x%d"; "%d!";
                     "%5x"; "%d%!"; "%1d"; "%+d"; "%#x"; "%_s%d"; "%d\n" |]
let int_inputs = [| "12"; "-7"; "+5"; "0x1f"; "0o17"; "0b101"; "1_000"; " 42"; "x3"; "99!"; "ff"; "777";
                    "4611686018427387904"; "-4611686018427387904"; "a 1"; "12\r\n"; "" |]
let string_formats = [| "%s"; " %s"; "%3s"; "%s@,"; "%[a-z]"; "%[^,]"; "%5[0-9a-f]"; "%S"; " %S"; "%s@\n";
                        "%[]a]"; "%[^ ]"; "%0s"; "%.2s"; "%[a-]"; "%s@%%"; "%S%!"; "%4S"; "%s@["; "%[^a-c]," |]
let string_inputs = [| "abc def"; "ab,cd"; "\"a\\nb\""; "\"\\065\\x41\\'\""; "]]a"; "12ab,"; "x\ny";
                       "\"a\\\n   b\""; "\"unterminated"; "\"\\999\""; "\"\\q\""; "a-b"; "%z"; "" |]
let float_formats = [| "%f"; "%e"; "%g"; "%F"; "%h"; "%5f"; "%.2f"; " %f"; "%4F"; "%H"; "%E"; "%3.1f" |]
let float_inputs = [| "3.25"; "-1e10"; "1.5e-3"; ".5"; "0x1.8p3"; "nan"; "infinity"; "-inf"; "1."; "12";
                      "0x1p"; "1e"; "+0.0"; "3.14159265358979"; "1_0.5"; "0X.8P1"; "NaN"; "" |]
let char_formats = [| "%c"; "%C"; " %c"; "%0c"; "%c%c"; "'%c'" |]
let char_inputs = [| "a"; "'b'"; "'\\n'"; "'\\065'"; "'\\x41'"; " z"; "''"; "'ab'"; "'\\"; "" |]
let bool_formats = [| "%B"; "%b"; " %B"; "%B%!" |]
let bool_inputs = [| "true"; "false"; "tru"; "falsey"; " true"; "t"; "x"; "" |]
let pair_formats = [| "%d %d"; "%d,%d"; "%d%d"; "%2d%3d"; "%i:%i"; "%d\n%d"; "%d%n"; "%d %N"; "%d%l"; "%x%o" |]
let pair_inputs = [| "1 2"; "3,4"; "12345"; "1:2"; "5\n6"; "5\r\n6"; "7  8"; "1\n2"; "-1 -2" |]

(* A listed format, or one of the conversions with a random width (and for
   floats a precision) put in. *)
let with_width formats convs =
  if Random.bool () then pick formats else
  let w = if Random.int 4 = 0 then "" else string_of_int (Random.int 7) in
  let conv = pick convs in
  (* %0c is another conversion (peek), with its own type *)
  let w = if w = "0" && conv = "c" then "" else w in
  let prec = if String.contains "feEgGFhH" conv.[0] && Random.int 3 = 0
    then "." ^ string_of_int (Random.int 4) else "" in
  pick [| ""; " " |] ^ "%" ^ w ^ prec ^ conv

let section name formats convs alphabet inputs scan =
  Printf.printf "%s = {\n" name;
  for _ = 1 to 1000 do
    let fmt = with_width formats convs and input = random_input alphabet inputs in
    run fmt input (fun () -> scan fmt input)
  done;
  print_string "},\n"

let () =
  print_string "return {\n";
  section "int" int_formats [| "d"; "i"; "u"; "x"; "X"; "o" |] "0123456789abcdefx-+_ \n!ob" int_inputs
    (fun f s -> Scanf.sscanf s (Scanf.format_from_string f "%d") (fun n -> Printf.sprintf "{%d}" n));
  section "string" string_formats [| "s"; "S"; "[a-c]"; "[^ ]"; "s@," |] "ab,\" \\n1\n\t]x0%[-" string_inputs
    (fun f s -> Scanf.sscanf s (Scanf.format_from_string f "%s") (fun x -> Printf.sprintf "{%S}" x));
  section "float" float_formats [| "f"; "e"; "g"; "F"; "h"; "E"; "G"; "H" |] "0123456789.e-+xXpPnaiNf_ " float_inputs
    (fun f s -> Scanf.sscanf s (Scanf.format_from_string f "%f") (fun x -> Printf.sprintf "{%s}" (fbits x)));
  section "char" char_formats [| "c"; "C" |] "a'\\n0 6x4" char_inputs
    (fun f s ->
      if f = "%0c" then Scanf.sscanf s "%0c" (fun c -> Printf.sprintf "{%d}" (Char.code c))
      else if f = "%c%c" then Scanf.sscanf s "%c%c" (fun a b -> Printf.sprintf "{%d, %d}" (Char.code a) (Char.code b))
      else Scanf.sscanf s (Scanf.format_from_string f "%c") (fun c -> Printf.sprintf "{%d}" (Char.code c)));
  section "bool" bool_formats [| "B"; "b" |] "truefals x" bool_inputs
    (fun f s -> Scanf.sscanf s (Scanf.format_from_string f "%B") (fun b -> if b then "{1}" else "{0}"));
  section "pair" pair_formats [| "d %d"; "i,%i"; "u%d" |] "0123456789 ,:\n\r-" pair_inputs
    (fun f s -> Scanf.sscanf s (Scanf.format_from_string f "%d %d") (fun a b -> Printf.sprintf "{%d, %d}" a b));
  section "int32" [| "%ld"; "%lx"; "%li"; "%lu" |] [| "ld"; "lx"; "lo" |] "0123456789abcdefx-" [| "2147483647"; "-2147483648"; "ffffffff"; "2147483648" |]
    (fun f s -> Scanf.sscanf s (Scanf.format_from_string f "%ld") (fun n -> Printf.sprintf "{I32(%ld)}" n));
  section "int64" [| "%Ld"; "%Lx"; "%Li"; "%nd"; "%nx" |] [| "Ld"; "Lu"; "nd"; "ni" |] "0123456789abcdefx-" [| "9223372036854775807"; "-9223372036854775808"; "ffffffffffffffff" |]
    (fun f s ->
      if String.contains f 'n' then
        Scanf.sscanf s (Scanf.format_from_string f "%nd") (fun n -> Printf.sprintf "{N%s}" (i64 (Int64.of_nativeint n)))
      else Scanf.sscanf s (Scanf.format_from_string f "%Ld") (fun n -> Printf.sprintf "{%s}" (i64 n)));
  print_string "}\n"

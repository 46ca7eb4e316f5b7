(* Oracle for ocamlrt's formatting and parsing primitives and its Printf
   API: prints a Lua chunk returning tables of randomised cases with native
   OCaml's answers. Floats travel as their bits (F"hex"), int64s likewise
   (I64"hex"); strings as OCaml %S literals, which Lua reads back as is. *)

external format_float : string -> float -> string = "caml_format_float"
external format_int : string -> int -> string = "caml_format_int"
external int32_format : string -> int32 -> string = "caml_int32_format"
external int64_format : string -> int64 -> string = "caml_int64_format"
external nativeint_format : string -> nativeint -> string = "caml_nativeint_format"
external hexstring_of_float : float -> int -> char -> string = "caml_hexstring_of_float"

let () = Random.init 20261125

let pick a = a.(Random.int (Array.length a))
let fbits x = Printf.sprintf "F\"%016Lx\"" (Int64.bits_of_float x)
let i64 x = Printf.sprintf "I64\"%016Lx\"" x

let special_floats = [| 0.; -0.; infinity; neg_infinity; nan; -. nan; 1.; -1.; 0.5; 1.5; 2.5;
  0.125; 0.375; 1e15; 1e16; 1e17; 1e21; 1e22; 1e23; 123456789.; 9.5; 99.5; 999999.5;
  0.05; 0.15; 0.25; 0.35; 1e-4; 9.99999e-5; 0.0001; 99999.95; 999999.; 9999995.;
  max_float; min_float; epsilon_float; 4.9e-324; 2.2250738585072009e-308;
  Int64.float_of_bits 0x7FF0000000000001L; Int64.float_of_bits 0xFFF8000000000000L |]

(* Random floats: raw bit patterns (every magnitude, subnormals, NaNs),
   short decimals (ties and round numbers), and the specials. *)
let random_float () =
  match Random.int 6 with
  | 0 | 1 -> Int64.float_of_bits (Random.int64 Int64.max_int |> fun b ->
               if Random.bool () then Int64.neg b else b)
  | 2 -> float_of_int (Random.int 2000000 - 1000000) /. (10. ** float_of_int (Random.int 8))
  | 3 -> ldexp (float_of_int (Random.int 4096)) (Random.int 40 - 30)
  | 4 -> (Random.float 2. -. 1.) *. (10. ** float_of_int (Random.int 60 - 30))
  | _ -> pick special_floats

let random_int () =
  match Random.int 5 with
  | 0 -> pick [| 0; 1; -1; max_int; min_int; 255; -255; 1000; 123456789 |]
  | 1 -> Random.int 1000 - 500
  | 2 -> Random.bits () - (1 lsl 29)
  | _ -> (Random.bits () lsl 34) lxor (Random.bits () lsl 4) lxor Random.bits ()

let random_int64 () =
  match Random.int 4 with
  | 0 -> pick [| 0L; 1L; -1L; Int64.max_int; Int64.min_int; 4294967295L; -4294967296L |]
  | 1 -> Int64.of_int (Random.int 100000 - 50000)
  | _ -> Int64.logxor (Int64.shift_left (Random.int64 Int64.max_int) 1) (Random.int64 2L)

let flags chars =
  String.concat "" (List.filter_map (fun c -> if Random.int 4 = 0 then Some (String.make 1 c) else None) chars)

let opt_width () = if Random.bool () then "" else string_of_int (Random.int 25)
let opt_prec max = match Random.int 3 with 0 -> "" | 1 -> "." ^ string_of_int (Random.int max)
                                           | _ -> "." ^ string_of_int (Random.int 4)

let c_float_format () =
  "%" ^ flags ['-'; '+'; ' '; '#'; '0'] ^ opt_width () ^ opt_prec 30
  ^ String.make 1 (pick [| 'f'; 'e'; 'E'; 'g'; 'G'; 'F'; 'a'; 'A' |])

let c_int_format size =
  "%" ^ flags ['-'; '+'; ' '; '#'; '0'] ^ opt_width () ^ opt_prec 25 ^ size
  ^ String.make 1 (pick [| 'd'; 'i'; 'u'; 'x'; 'X'; 'o' |])

let section name = Printf.printf "%s = {\n" name
let close () = print_string "},\n"

let c_float_cases () =
  section "format_float";
  for _ = 1 to 6000 do
    let fmt = c_float_format () and x = random_float () in
    Printf.printf "{%S, %s, %S},\n" fmt (fbits x) (format_float fmt x)
  done;
  (* huge precisions take the exact-digits path *)
  List.iter (fun (fmt, x) -> Printf.printf "{%S, %s, %S},\n" fmt (fbits x) (format_float fmt x))
    [ "%.1200f", 4.9e-324; "%.1100e", 4.9e-324; "%.1500g", 0.1; "%.3000f", 1.; "%.1080f", min_float ];
  close ()

let c_int_cases () =
  section "format_int";
  for _ = 1 to 3000 do
    let fmt = c_int_format "" and n = random_int () in
    Printf.printf "{%S, %d, %S},\n" fmt n (format_int fmt n)
  done;
  (* results on both sides of the 1 KiB a primitive's guard pushes itself *)
  List.iter (fun w -> let fmt = Printf.sprintf "%%0%dd" w in
      Printf.printf "{%S, %d, %S},\n" fmt (-7) (format_int fmt (-7)))
    [ 1; 511; 1023; 1024; 1025; 4096 ];
  close ();
  section "format_boxed";
  for _ = 1 to 3000 do
    let n = random_int64 () in
    match Random.int 3 with
    | 0 -> let fmt = c_int_format "l" in let n = Int64.to_int32 n in
      Printf.printf "{\"_i\", %S, I32(%ld), %S},\n" fmt n (int32_format fmt n)
    | 1 -> let fmt = c_int_format "L" in
      Printf.printf "{\"_j\", %S, %s, %S},\n" fmt (i64 n) (int64_format fmt n)
    | _ -> let fmt = c_int_format "n" in
      Printf.printf "{\"_n\", %S, N%s, %S},\n" fmt (i64 n) (nativeint_format fmt (Int64.to_nativeint n))
  done;
  close ()

let hexstring_cases () =
  section "hexstring";
  for _ = 1 to 2000 do
    let x = random_float () and prec = Random.int 18 - 2 and style = pick [| '-'; '+'; ' ' |] in
    Printf.printf "{%s, %d, %d, %S},\n" (fbits x) prec (Char.code style) (hexstring_of_float x prec style)
  done;
  close ()

(* Strings close to OCaml's literal syntax, and some corruptions of them. *)
let random_digits alphabet n =
  String.init n (fun _ -> if Random.int 8 = 0 then '_' else alphabet.[Random.int (String.length alphabet)])

let random_int_literal () =
  let sign = pick [| ""; ""; "-"; "+" |] in
  let prefix, alphabet = pick [| "", "0123456789"; "", "0123456789"; "0x", "0123456789abcdefABCDEF";
    "0X", "0123456789abcdef"; "0o", "01234567"; "0O", "01234567"; "0b", "01"; "0B", "01";
    "0u", "0123456789"; "0U", "0123456789" |] in
  let n = 1 + Random.int (pick [| 5; 12; 20; 25; 70 |]) in
  let body = random_digits alphabet n in
  let s = sign ^ prefix ^ body in
  match Random.int 12 with
  | 0 -> s ^ pick [| "g"; " "; "."; "\000" ; "-" |]
  | 1 -> pick [| ""; "-"; "+"; "_1"; "0x"; " 1"; "1 "; "0x_1"; "--1"; "0xg" |]
  | _ -> s

let random_float_literal () =
  let sign = pick [| ""; ""; "-"; "+" |] in
  let digits () = random_digits "0123456789" (Random.int 20) in
  let hex () = random_digits "0123456789abcdefABCDEF" (Random.int 18) in
  let exp c = if Random.bool () then "" else c ^ pick [| ""; "+"; "-" |] ^ string_of_int (Random.int 400) in
  let s = match Random.int 8 with
    | 0 | 1 | 2 -> sign ^ digits () ^ (if Random.bool () then "." ^ digits () else "") ^ exp (pick [| "e"; "E" |])
    | 3 | 4 -> sign ^ pick [| "0x"; "0X" |] ^ hex () ^ (if Random.bool () then "." ^ hex () else "") ^ exp (pick [| "p"; "P" |])
    | 5 -> sign ^ pick [| "nan"; "NaN"; "inf"; "INF"; "infinity"; "Infinity"; "infinit"; "nan(123)"; "nan()"; "nan(0x1f)"; "in" |]
    | 6 -> pick [| " 1"; "\t-2.5"; " 0x1p3"; "1 "; "."; "e5"; "1e"; "0x"; "0x.p1"; "_"; "1_000.5"; "0x1p99999999999";
                   "0x1p-99999999999"; "0x0p99999999999"; "1e99999"; "1e-99999"; "0x1.fffffffffffff8p1023";
                   "0x1.0000000000000800000000000001p0"; "0x1p-1075"; "0x1.8p-1074"; "4.9406564584124654e-324";
                   "2.4703282292062328e-324"; "2.4703282292062327e-324"; "0x1p 3"; "\n 7." |]
    | _ -> sign ^ digits () ^ pick [| "x"; "e+"; ".."; "\000"; "p1" |] in
  s

let of_string_cases () =
  let result f x = try f x with Failure m -> Printf.sprintf "E%S" m in
  section "int_of_string";
  for _ = 1 to 3000 do
    let s = random_int_literal () in
    Printf.printf "{%S, %s},\n" s (result (fun s -> Printf.sprintf "%d" (int_of_string s)) s)
  done;
  close ();
  section "boxed_of_string";
  for _ = 1 to 3000 do
    let s = random_int_literal () in
    match Random.int 3 with
    | 0 -> Printf.printf "{\"_i\", %S, %s},\n" s (result (fun s -> i64 (Int64.of_int32 (Int32.of_string s))) s)
    | 1 -> Printf.printf "{\"_j\", %S, %s},\n" s (result (fun s -> i64 (Int64.of_string s)) s)
    | _ -> Printf.printf "{\"_n\", %S, %s},\n" s (result (fun s -> i64 (Int64.of_nativeint (Nativeint.of_string s))) s)
  done;
  close ();
  section "float_of_string";
  for _ = 1 to 4000 do
    let s = random_float_literal () in
    Printf.printf "{%S, %s},\n" s (result (fun s -> fbits (float_of_string s)) s)
  done;
  close ();
  section "string_of_float";
  for _ = 1 to 2000 do
    let x = random_float () in
    Printf.printf "{%s, %S},\n" (fbits x) (string_of_float x)
  done;
  close ()

(* Printf itself: random OCaml formats, typed at run time against a
   template with Scanf.format_from_string. *)
let ocaml_spec flag_chars convs =
  let star_w = Random.int 8 = 0 and star_p = Random.int 8 = 0 in
  let w = if star_w then "*" else opt_width () in
  let p = if star_p then ".*" else opt_prec 20 in
  let conv = pick convs in
  let template = "%" ^ (if star_w then "*" else "") ^ (if star_p then ".*" else "") ^ conv in
  ("%" ^ flags flag_chars ^ w ^ p ^ conv, template, star_w, star_p)

let random_string () =
  String.init (Random.int 12) (fun _ -> if Random.int 3 = 0 then Char.chr (Random.int 256)
                                        else "abc xyz\"\\\n".[Random.int 10])

let star_args star_w star_p =
  let w = Random.int 30 - 10 and p = Random.int 15 in
  (if star_w then [string_of_int w] else []) @ (if star_p then [string_of_int p] else []), w, p

let emit fmt args expected =
  Printf.printf "{%S, {%s}, %S},\n" fmt (String.concat ", " args) expected

let sprintf_int () =
  let fmt, template, sw, sp = ocaml_spec ['-'; '+'; ' '; '#'; '0'] [| "d"; "i"; "u"; "x"; "X"; "o" |] in
  let n = random_int () in
  let pre, w, p = star_args sw sp in
  let out = match sw, sp with
    | false, false -> Printf.sprintf (Scanf.format_from_string fmt "%d") n
    | true, false -> Printf.sprintf (Scanf.format_from_string fmt "%*d") w n
    | false, true -> Printf.sprintf (Scanf.format_from_string fmt "%.*d") p n
    | true, true -> Printf.sprintf (Scanf.format_from_string fmt "%*.*d") w p n in
  ignore template;
  emit fmt (pre @ [string_of_int n]) out

let sprintf_float () =
  let fmt, _, sw, sp = ocaml_spec ['-'; '+'; ' '; '#'; '0'] [| "f"; "e"; "E"; "g"; "G"; "F"; "h"; "H" |] in
  let x = random_float () in
  let pre, w, p = star_args sw sp in
  let out = match sw, sp with
    | false, false -> Printf.sprintf (Scanf.format_from_string fmt "%f") x
    | true, false -> Printf.sprintf (Scanf.format_from_string fmt "%*f") w x
    | false, true -> Printf.sprintf (Scanf.format_from_string fmt "%.*f") p x
    | true, true -> Printf.sprintf (Scanf.format_from_string fmt "%*.*f") w p x in
  emit fmt (pre @ [fbits x]) out

let sprintf_boxed () =
  let size = pick [| "l"; "L"; "n" |] in
  let fmt, _, _, _ = ocaml_spec ['-'; '+'; ' '; '#'; '0'] [| size ^ "d"; size ^ "i"; size ^ "u"; size ^ "x"; size ^ "o" |] in
  if String.contains fmt '*' then () else
  let n = random_int64 () in
  match size with
  | "l" -> let n = Int64.to_int32 n in
    emit fmt [Printf.sprintf "I32(%ld)" n] (Printf.sprintf (Scanf.format_from_string fmt "%ld") n)
  | "L" -> emit fmt [i64 n] (Printf.sprintf (Scanf.format_from_string fmt "%Ld") n)
  | _ -> emit fmt ["N" ^ i64 n] (Printf.sprintf (Scanf.format_from_string fmt "%nd") (Int64.to_nativeint n))

let sprintf_text () =
  let fmt, _, sw, _ = ocaml_spec ['-'; '0'] [| "s"; "S"; "B"; "b" |] in
  if String.contains fmt '*' && not sw then () else
  let pre, w, _ = star_args sw false in
  let conv = fmt.[String.length fmt - 1] in
  if conv = 'B' || conv = 'b' then
    let b = Random.bool () in
    let out = if sw then Printf.sprintf (Scanf.format_from_string fmt "%*B") w b
      else Printf.sprintf (Scanf.format_from_string fmt "%B") b in
    emit fmt (pre @ [if b then "1" else "0"]) out
  else
    let s = random_string () in
    let out = if sw then Printf.sprintf (Scanf.format_from_string fmt "%*s") w s
      else Printf.sprintf (Scanf.format_from_string fmt "%s") s in
    emit fmt (pre @ [Printf.sprintf "%S" s]) out

let sprintf_char () =
  let c = Char.chr (Random.int 256) in
  let fmt = pick [| "%c"; "%C"; "[%c]"; "%C%%%c" |] in
  let out = if fmt = "%C%%%c" then Printf.sprintf "%C%%%c" c c
    else Printf.sprintf (Scanf.format_from_string fmt "%c") c in
  emit fmt (if fmt = "%C%%%c" then [string_of_int (Char.code c); string_of_int (Char.code c)]
            else [string_of_int (Char.code c)]) out

(* Several conversions between random literal text (with %%, %@, %!, %,
   and @ indications), typed against "%d%s%F". *)
let random_literal () =
  String.concat "" (List.init (Random.int 4) (fun _ ->
    pick [| "a"; " "; "%%"; "%@"; "%!"; "%,"; "@"; "@["; "@]"; "@,"; "@ "; "@@"; "@%%"; "\n"; "xyz"; "@." |]))

let conversion_text flag_chars conv =
  "%" ^ flags flag_chars ^ opt_width () ^ (if conv = "s" then "" else opt_prec 8) ^ conv

let sprintf_mixed () =
  let fmt = random_literal () ^ conversion_text ['-'; '+'; ' '; '#'; '0'] (pick [| "d"; "x"; "u" |])
    ^ random_literal () ^ conversion_text ['-'] (pick [| "s"; "S" |])
    ^ random_literal () ^ conversion_text ['-'; '+'; ' '; '0'] (pick [| "F"; "f"; "g"; "e" |])
    ^ random_literal () in
  let n = random_int () and str = random_string () and x = random_float () in
  emit fmt [string_of_int n; Printf.sprintf "%S" str; fbits x]
    (Printf.sprintf (Scanf.format_from_string fmt "%d%s%F") n str x)

let sprintf_cases () =
  section "sprintf";
  for _ = 1 to 1500 do
    try sprintf_mixed () with Failure _ -> ()
  done;
  for _ = 1 to 6000 do
    try
      match Random.int 6 with
      | 0 | 1 -> sprintf_int ()
      | 2 | 3 -> sprintf_float ()
      | 4 -> sprintf_boxed ()
      | _ -> if Random.bool () then sprintf_text () else sprintf_char ()
    with Failure _ -> () (* a format OCaml rejects: not a case *)
  done;
  emit "%d %s %.2f%%\n" ["42"; "\"ab\""; fbits 3.14159] (Printf.sprintf "%d %s %.2f%%\n" 42 "ab" 3.14159);
  emit "%@ %Ld %ld %nd %!" [i64 7L; "I32(-3)"; "N" ^ i64 (-9L)] (Printf.sprintf "%@ %Ld %ld %nd %!" 7L (-3l) (-9n));
  emit "%5.1F|%-8F|%F" [fbits 1.25; fbits 1e300; fbits nan] (Printf.sprintf "%5.1F|%-8F|%F" 1.25 1e300 nan);
  emit "%#F %#.3F %F" [fbits 0.1; fbits neg_infinity; fbits 100.] (Printf.sprintf "%#F %#.3F %F" 0.1 neg_infinity 100.);
  close ()

(* The API's higher-order conversions, with printers the spec mirrors in Lua. *)
let api_cases () =
  section "api";
  Printf.printf "alpha_theta = %S,\n"
    (Printf.sprintf "[%a] %t %d%!" (fun () s -> String.uppercase_ascii s) "ab" (fun () -> "T") 5);
  let b = Buffer.create 16 in
  Buffer.add_string b "x";
  Printf.bprintf b "%d-%a|%t" 3 (fun b s -> Buffer.add_string b (s ^ s)) "q" (fun b -> Buffer.add_char b 'T');
  Printf.printf "bprintf = %S,\n" (Buffer.contents b);
  Printf.printf "ksprintf = %d,\n" (Printf.ksprintf String.length "%s%s" "ab" "cde");
  Printf.printf "bools = %S,\n" (Printf.sprintf "%B %b %5B|%-6b|" true false true false);
  Printf.printf "chars = %S,\n" (Printf.sprintf "%c%C%C%C" 'a' '\'' '\\' '\200');
  Printf.printf "at = %S,\n" (Printf.sprintf "@[%d@]@,@ @@%%@%%%%@" 1);
  Printf.printf "counters = %S,\n" (Printf.sprintf "%l %n %L %N" 1 2 3 4);
  Printf.printf "literal_flags = %S,\n" (Printf.sprintf "%-5d|%05d|%+.3d|% d|%#5x|%#o" 1 2 3 4 255 8);
  close ()

(* One plain %d or %i of random ints (printf's shortest path). *)
let decimal_cases () =
  section "decimal";
  for _ = 1 to 2000 do
    let n = random_int () in
    let fmt = if Random.int 4 = 0 then "%i" else "%d" in
    emit fmt [string_of_int n] (Printf.sprintf (Scanf.format_from_string fmt "%d") n)
  done;
  close ()

let () =
  print_string "return {\n";
  api_cases ();
  c_float_cases (); c_int_cases (); hexstring_cases (); of_string_cases (); sprintf_cases ();
  decimal_cases ();
  print_string "}\n"

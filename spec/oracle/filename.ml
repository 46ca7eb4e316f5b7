(* Oracle for Filename: generates paths with a fixed seed and prints, for
   every path, what each Filename function gives in each flavour.

   Unix is the real Stdlib.Filename of this OCaml. Its Win32 and Cygwin
   modules are not exposed on Unix, so they are copied below from OCaml
   4.13's stdlib/filename.ml (OCaml's own code used as the oracle), with the
   generic functions of that file applied to each.

   Usage: filename COUNT SEED
   Output, one line per case and flavour, tab-separated, every field in hex:
     flavour path suffix redirect basename dirname is_relative is_implicit
     check_suffix chop_suffix chop_suffix_opt extension remove_extension
     chop_extension quote concat quote_command
   where a result is "=" ^ string, "true"/"false", "None"/"Some " ^ s, or
   "!" ^ Printexc.to_string e. Last, a line "constants" flavour null
   current_dir_name parent_dir_name dir_sep per flavour. *)

(* ---- copied from OCaml 4.13 stdlib/filename.ml ---- *)

let generic_basename is_dir_sep current_dir_name name =
  let rec find_end n =
    if n < 0 then String.sub name 0 1
    else if is_dir_sep name n then find_end (n - 1)
    else find_beg n (n + 1)
  and find_beg n p =
    if n < 0 then String.sub name 0 p
    else if is_dir_sep name n then String.sub name (n + 1) (p - n - 1)
    else find_beg (n - 1) p
  in
  if name = ""
  then current_dir_name
  else find_end (String.length name - 1)

let generic_dirname is_dir_sep current_dir_name name =
  let rec trailing_sep n =
    if n < 0 then String.sub name 0 1
    else if is_dir_sep name n then trailing_sep (n - 1)
    else base n
  and base n =
    if n < 0 then current_dir_name
    else if is_dir_sep name n then intermediate_sep n
    else base (n - 1)
  and intermediate_sep n =
    if n < 0 then String.sub name 0 1
    else if is_dir_sep name n then intermediate_sep (n - 1)
    else String.sub name 0 (n + 1)
  in
  if name = ""
  then current_dir_name
  else trailing_sep (String.length name - 1)

module type SYSDEPS = sig
  val null : string
  val current_dir_name : string
  val parent_dir_name : string
  val dir_sep : string
  val is_dir_sep : string -> int -> bool
  val is_relative : string -> bool
  val is_implicit : string -> bool
  val check_suffix : string -> string -> bool
  val chop_suffix_opt : suffix:string -> string -> string option
  val quote : string -> string
  val quote_command :
    string -> ?stdin: string -> ?stdout: string -> ?stderr: string
           -> string list -> string
  val basename : string -> string
  val dirname : string -> string
end

module Win32 : SYSDEPS = struct
  let null = "NUL"
  let current_dir_name = "."
  let parent_dir_name = ".."
  let dir_sep = "\\"
  let is_dir_sep s i = let c = s.[i] in c = '/' || c = '\\' || c = ':'
  let is_relative n =
    (String.length n < 1 || n.[0] <> '/')
    && (String.length n < 1 || n.[0] <> '\\')
    && (String.length n < 2 || n.[1] <> ':')
  let is_implicit n =
    is_relative n
    && (String.length n < 2 || String.sub n 0 2 <> "./")
    && (String.length n < 2 || String.sub n 0 2 <> ".\\")
    && (String.length n < 3 || String.sub n 0 3 <> "../")
    && (String.length n < 3 || String.sub n 0 3 <> "..\\")
  let check_suffix name suff =
   String.length name >= String.length suff &&
   (let s = String.sub name (String.length name - String.length suff)
                            (String.length suff) in
    String.lowercase_ascii s = String.lowercase_ascii suff)

  let chop_suffix_opt ~suffix filename =
    let len_s = String.length suffix and len_f = String.length filename in
    if len_f >= len_s then
      let r = String.sub filename (len_f - len_s) len_s in
      if String.lowercase_ascii r = String.lowercase_ascii suffix then
        Some (String.sub filename 0 (len_f - len_s))
      else
        None
    else
      None

  let quote s =
    let l = String.length s in
    let b = Buffer.create (l + 20) in
    Buffer.add_char b '\"';
    let rec loop i =
      if i = l then Buffer.add_char b '\"' else
      match s.[i] with
      | '\"' -> loop_bs 0 i;
      | '\\' -> loop_bs 0 i;
      | c    -> Buffer.add_char b c; loop (i+1);
    and loop_bs n i =
      if i = l then begin
        Buffer.add_char b '\"';
        add_bs n;
      end else begin
        match s.[i] with
        | '\"' -> add_bs (2*n+1); Buffer.add_char b '\"'; loop (i+1);
        | '\\' -> loop_bs (n+1) (i+1);
        | _    -> add_bs n; loop i
      end
    and add_bs n = for _j = 1 to n do Buffer.add_char b '\\'; done
    in
    loop 0;
    Buffer.contents b
  let quote_cmd s =
    let b = Buffer.create (String.length s + 20) in
    String.iter
      (fun c ->
        match c with
        | '(' | ')' | '!' | '^' | '%' | '\"' | '<' | '>' | '&' | '|' ->
            Buffer.add_char b '^'; Buffer.add_char b c
        | _ ->
            Buffer.add_char b c)
      s;
    Buffer.contents b
  let quote_cmd_filename f =
    if String.contains f '\"' || String.contains f '%' then
      failwith ("Filename.quote_command: bad file name " ^ f)
    else if String.contains f ' ' then
      "\"" ^ f ^ "\""
    else
      f
  let quote_command cmd ?stdin ?stdout ?stderr args =
    String.concat "" [
      "\"";
      quote_cmd_filename cmd;
      " ";
      quote_cmd (String.concat " " (List.map quote args));
      (match stdin  with None -> "" | Some f -> " <" ^ quote_cmd_filename f);
      (match stdout with None -> "" | Some f -> " >" ^ quote_cmd_filename f);
      (match stderr with None -> "" | Some f ->
                                        if stderr = stdout
                                        then " 2>&1"
                                        else " 2>" ^ quote_cmd_filename f);
      "\""
    ]
  let has_drive s =
    let is_letter = function
      | 'A' .. 'Z' | 'a' .. 'z' -> true
      | _ -> false
    in
    String.length s >= 2 && is_letter s.[0] && s.[1] = ':'
  let drive_and_path s =
    if has_drive s
    then (String.sub s 0 2, String.sub s 2 (String.length s - 2))
    else ("", s)
  let dirname s =
    let (drive, path) = drive_and_path s in
    let dir = generic_dirname is_dir_sep current_dir_name path in
    drive ^ dir
  let basename s =
    let (_drive, path) = drive_and_path s in
    generic_basename is_dir_sep current_dir_name path
end

module Cygwin : SYSDEPS = struct
  let null = "/dev/null"
  let current_dir_name = "."
  let parent_dir_name = ".."
  let dir_sep = "/"
  let is_dir_sep = Win32.is_dir_sep
  let is_relative = Win32.is_relative
  let is_implicit = Win32.is_implicit
  let check_suffix = Win32.check_suffix
  let chop_suffix_opt = Win32.chop_suffix_opt
  let quote = Filename.quote
  let quote_command = Filename.quote_command
  let basename = generic_basename is_dir_sep current_dir_name
  let dirname = generic_dirname is_dir_sep current_dir_name
end

(* The functions filename.ml defines on top of its SYSDEPS. *)
module Generic (S : SYSDEPS) = struct
  include S
  let concat dirname filename =
    let l = String.length dirname in
    if l = 0 || is_dir_sep dirname (l-1)
    then dirname ^ filename
    else dirname ^ dir_sep ^ filename

  let chop_suffix name suff =
    let n = String.length name - String.length suff in
    if n < 0 then invalid_arg "Filename.chop_suffix" else String.sub name 0 n

  let extension_len name =
    let rec check i0 i =
      if i < 0 || is_dir_sep name i then 0
      else if name.[i] = '.' then check i0 (i - 1)
      else String.length name - i0
    in
    let rec search_dot i =
      if i < 0 || is_dir_sep name i then 0
      else if name.[i] = '.' then check i (i - 1)
      else search_dot (i - 1)
    in
    search_dot (String.length name - 1)

  let extension name =
    let l = extension_len name in
    if l = 0 then "" else String.sub name (String.length name - l) l

  let chop_extension name =
    let l = extension_len name in
    if l = 0 then invalid_arg "Filename.chop_extension"
    else String.sub name 0 (String.length name - l)

  let remove_extension name =
    let l = extension_len name in
    if l = 0 then name else String.sub name 0 (String.length name - l)
end

(* ---- end of the copy ---- *)

module W = Generic (Win32)
module C = Generic (Cygwin)

let hex s = String.concat "" (List.map (fun c -> Printf.sprintf "%02x" (Char.code c))
                                (List.init (String.length s) (String.get s)))

let show_str f = try "=" ^ f () with e -> "!" ^ Printexc.to_string e
let show_bool f = try string_of_bool (f ()) with e -> "!" ^ Printexc.to_string e
let show_opt f =
  try (match f () with None -> "None" | Some s -> "Some " ^ s)
  with e -> "!" ^ Printexc.to_string e

let pieces = [| ""; "."; ".."; "..."; "/"; "//"; "\\"; "\\\\"; ":"; "a"; "foo";
                "bar.txt"; ".hidden"; "x.tar.gz"; "name."; "a.b."; "C:"; "c:\\";
                "z:/"; "1:"; "\\\\server\\share"; "'"; "\""; " "; "my file";
                "%"; "^"; "&"; "("; "!"; "it's"; "a\"b"; "\\\""; "TXT";
                ".TXT"; "\xe9t\xe9"; "\t"; "./"; "../"; ".\\"; "..\\"; "~" |]
let seps = [| ""; "/"; "\\"; "//"; "."; ":"; " " |]
let fixed_suffixes = [| ""; ".txt"; "txt"; ".TXT"; ".gz"; "t"; "."; "/"; "\\";
                        "a.b"; "'"; "\"" |]

let pick a = a.(Random.int (Array.length a))

let gen_path () =
  let n = Random.int 6 in
  let b = Buffer.create 32 in
  for i = 1 to n do
    if i > 1 || Random.bool () then Buffer.add_string b (pick seps);
    Buffer.add_string b (pick pieces)
  done;
  if Random.int 4 = 0 then Buffer.add_string b (pick seps);
  Buffer.contents b

let gen_suffix path =
  match Random.int 3 with
  | 0 -> pick fixed_suffixes
  | 1 -> let l = String.length path in
         let k = Random.int (l + 2) in
         if k > l then path ^ "x" else String.sub path (l - k) k
  | _ -> pick pieces

module type FLAVOUR = sig
  include SYSDEPS
  val concat : string -> string -> string
  val chop_suffix : string -> string -> string
  val extension : string -> string
  val chop_extension : string -> string
  val remove_extension : string -> string
end

let results (module F : FLAVOUR) p x redirect =
  let qc () =
    let args = [x; p] in
    match redirect with
    | 0 -> F.quote_command p args
    | 1 -> F.quote_command p ~stdin:x args
    | 2 -> F.quote_command p ~stdout:x ~stderr:x args
    | 3 -> F.quote_command p ~stdout:x ~stderr:p args
    | _ -> F.quote_command p ~stdin:p ~stderr:x args
  in
  [ show_str (fun () -> F.basename p);
    show_str (fun () -> F.dirname p);
    show_bool (fun () -> F.is_relative p);
    show_bool (fun () -> F.is_implicit p);
    show_bool (fun () -> F.check_suffix p x);
    show_str (fun () -> F.chop_suffix p x);
    show_opt (fun () -> F.chop_suffix_opt ~suffix:x p);
    show_str (fun () -> F.extension p);
    show_str (fun () -> F.remove_extension p);
    show_str (fun () -> F.chop_extension p);
    show_str (fun () -> F.quote p);
    show_str (fun () -> F.concat p x);
    show_str qc ]

module U = struct
  include Filename
  let is_dir_sep s i = s.[i] = '/'
end

let flavours : (string * (module FLAVOUR)) list =
  [ "unix", (module U); "win32", (module W); "cygwin", (module C) ]

let () =
  let count = int_of_string Sys.argv.(1) in
  Random.init (int_of_string Sys.argv.(2));
  for _ = 1 to count do
    let p = gen_path () in
    let x = gen_suffix p in
    let redirect = Random.int 5 in
    List.iter (fun (name, f) ->
        print_string (String.concat "\t"
          (name :: List.map hex (p :: x :: string_of_int redirect :: results f p x redirect)));
        print_char '\n')
      flavours
  done;
  List.iter (fun (name, (module F : FLAVOUR)) ->
      print_string (String.concat "\t" ("constants" :: name :: List.map hex
        [F.null; F.current_dir_name; F.parent_dir_name; F.dir_sep]));
      print_char '\n')
    flavours

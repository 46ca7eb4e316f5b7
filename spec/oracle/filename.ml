(* Oracle for Filename: generates paths with a fixed seed and prints, for
   every path, what each Filename function gives in each flavour.

   Unix is the real Stdlib.Filename of this OCaml. Its Win32 and Cygwin
   flavours are not exposed on Unix, so they come from the installed
   OCaml's own stdlib/filename.ml: the Makefile runs
   filename/installed_filename.ml.sh, which takes them from that file at
   build time into the module Installed_filename (nothing of it is kept in
   this repository). That file's Unix flavour must give what Stdlib.Filename
   gives on every case, or the oracle fails: it is then not the source of
   this OCaml.

   Usage: filename COUNT SEED
   Output, one line per case and flavour, tab-separated, every field in hex:
     flavour path suffix redirect basename dirname is_relative is_implicit
     check_suffix chop_suffix chop_suffix_opt extension remove_extension
     chop_extension quote concat quote_command
   where a result is "=" ^ string, "true"/"false", "None"/"Some " ^ s, or
   "!" ^ Printexc.to_string e. Last, a line "constants" flavour null
   current_dir_name parent_dir_name dir_sep per flavour. *)

(* OCaml's Win32 and Cygwin flavours with the functions filename.ml builds
   on each, and its Unix flavour likewise, to check that the installed
   source is the one this OCaml's Stdlib.Filename was compiled from. *)
module W = Installed_filename.Generic (Installed_filename.Win32)
module C = Installed_filename.Generic (Installed_filename.Cygwin)
module Installed_unix = Installed_filename.Generic (Installed_filename.Unix)

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
  val null : string
  val current_dir_name : string
  val parent_dir_name : string
  val dir_sep : string
  val basename : string -> string
  val dirname : string -> string
  val is_relative : string -> bool
  val is_implicit : string -> bool
  val check_suffix : string -> string -> bool
  val chop_suffix : string -> string -> string
  val chop_suffix_opt : suffix:string -> string -> string option
  val extension : string -> string
  val remove_extension : string -> string
  val chop_extension : string -> string
  val quote : string -> string
  val concat : string -> string -> string
  val quote_command :
    string -> ?stdin:string -> ?stdout:string -> ?stderr:string -> string list -> string
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

let flavours : (string * (module FLAVOUR)) list =
  [ "unix", (module Stdlib.Filename); "win32", (module W); "cygwin", (module C) ]

let constants (module F : FLAVOUR) = [F.null; F.current_dir_name; F.parent_dir_name; F.dir_sep]

(* Stops the oracle when the installed filename.ml's Unix flavour gives
   [got] where Stdlib.Filename gives [want]. *)
let same_as_stdlib what want got =
  if want <> got then begin
    prerr_endline ("filename oracle: the installed filename.ml (in `ocamlfind ocamlc -where`) \
                    is not the source of this OCaml's Stdlib.Filename: they differ on " ^ what);
    exit 2
  end

let () =
  let count = int_of_string Sys.argv.(1) in
  Random.init (int_of_string Sys.argv.(2));
  for _ = 1 to count do
    let p = gen_path () in
    let x = gen_suffix p in
    let redirect = Random.int 5 in
    same_as_stdlib (Printf.sprintf "%S %S" p x)
      (results (module Stdlib.Filename) p x redirect) (results (module Installed_unix) p x redirect);
    List.iter (fun (name, f) ->
        print_string (String.concat "\t"
          (name :: List.map hex (p :: x :: string_of_int redirect :: results f p x redirect)));
        print_char '\n')
      flavours
  done;
  same_as_stdlib "the constants" (constants (module Stdlib.Filename)) (constants (module Installed_unix));
  List.iter (fun (name, f) ->
      print_string (String.concat "\t" ("constants" :: name :: List.map hex (constants f)));
      print_char '\n')
    flavours

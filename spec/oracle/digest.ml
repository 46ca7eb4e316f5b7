(* Oracle for Digest (MD5, OCaml 4.13): random strings and files with a
   fixed seed, and what each Digest function gives for them.

   Usage:
     digest strings COUNT SEED
       one line per case, tab-separated, fields in hex: the string, ofs, len,
       to_hex (string s), to_hex (substring s ofs len) or the exception, a
       hex candidate h, from_hex h or the exception, to_hex of h's raw bytes
       or the exception, compare s s2, equal s s2 (s2 a random near string)
     digest files DIR COUNT SEED
       writes COUNT random files DIR/fN and prints "fN<TAB>to_hex (file)",
       then Digest.file of DIR, of DIR/missing, and of a name with a NUL as
       "name<TAB>!exception", names in hex *)

let hex s =
  let b = Buffer.create (2 * String.length s) in
  String.iter (fun c -> Buffer.add_string b (Printf.sprintf "%02x" (Char.code c))) s;
  Buffer.contents b

let show f = try "=" ^ f () with e -> "!" ^ Printexc.to_string e

let random_string max =
  let len = match Random.int 10 with
    | 0 -> 0
    | 1 -> Random.int 5000
    | _ -> Random.int max in
  String.init len (fun _ -> Char.chr (Random.int 256))

let hex_digits = "0123456789abcdefABCDEFxg "

(* Mostly valid hex of 32 digits, sometimes a wrong length or a bad digit. *)
let random_hex () =
  let len = match Random.int 6 with 0 -> Random.int 40 | _ -> 32 in
  String.init len (fun _ ->
      if Random.int 40 = 0 then hex_digits.[Random.int (String.length hex_digits)]
      else hex_digits.[Random.int 22])

let near s =
  match Random.int 3 with
  | 0 -> s
  | 1 -> if s = "" then "a" else String.sub s 0 (String.length s - 1)
  | _ -> random_string 40

let strings count =
  for _ = 1 to count do
    let s = random_string 300 in
    let l = String.length s in
    let ofs = Random.int (l + 3) - 1 and len = Random.int (l + 3) - 1 in
    let h = random_hex () in
    let s2 = near s in
    let fields = [
      s; string_of_int ofs; string_of_int len;
      Digest.to_hex (Digest.string s);
      show (fun () -> Digest.to_hex (Digest.substring s ofs len));
      h;
      show (fun () -> Digest.from_hex h);
      show (fun () -> Digest.to_hex (String.sub h 0 (min 16 (String.length h))));
      string_of_int (Digest.compare s s2);
      string_of_bool (Digest.equal s s2);
      s2 ]
    in
    print_string (String.concat "\t" (List.map hex fields));
    print_char '\n'
  done

let files dir count =
  for i = 1 to count do
    let name = Printf.sprintf "f%d" i in
    let path = Filename.concat dir name in
    let oc = open_out_bin path in
    output_string oc (random_string 100000);
    close_out oc;
    print_string (hex name ^ "\t" ^ hex (Digest.to_hex (Digest.file path)) ^ "\n")
  done;
  List.iter (fun p ->
      let r = show (fun () -> Digest.to_hex (Digest.file p)) in
      print_string (hex p ^ "\t" ^ hex r ^ "\n"))
    [dir; Filename.concat dir "missing"; dir ^ "/a\000b"]

let () =
  match Array.to_list Sys.argv with
  | [_; "strings"; count; seed] -> Random.init (int_of_string seed); strings (int_of_string count)
  | [_; "files"; dir; count; seed] -> Random.init (int_of_string seed); files dir (int_of_string count)
  | _ -> prerr_endline "usage: digest strings COUNT SEED | files DIR COUNT SEED"; exit 2

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
       then for a fresh in_channel on it k, Digest.channel of k bytes (or the
       exception), pos_in, Digest.channel of the rest, pos_in; then Digest.file of DIR, of DIR/missing, and of a name with a NUL as
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

(* Digest.channel of [k] bytes, then of the rest, with the positions after. *)
let channel_reads path size =
  let ic = open_in_bin path in
  let k = Random.int (size + 12) - 1 in
  let first = show (fun () -> Digest.to_hex (Digest.channel ic k)) in
  let pos1 = pos_in ic in
  let rest = show (fun () -> Digest.to_hex (Digest.channel ic (-1))) in
  let pos2 = pos_in ic in
  close_in ic;
  [string_of_int k; first; string_of_int pos1; rest; string_of_int pos2]

let files dir count =
  for i = 1 to count do
    let name = Printf.sprintf "f%d" i in
    let path = Filename.concat dir name in
    let oc = open_out_bin path in
    let data = random_string 100000 in
    output_string oc data;
    close_out oc;
    let fields = name :: Digest.to_hex (Digest.file path) :: channel_reads path (String.length data) in
    print_string (String.concat "\t" (List.map hex fields) ^ "\n")
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

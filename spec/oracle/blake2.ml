(* Oracle for BLAKE2b as OCaml 5.2 computes it (Digest.BLAKE2 and the
   caml_blake2_* primitives). This OCaml is 4.13, which has no BLAKE2, so
   the computation of OCaml 5.2's runtime/blake2.c is transcribed here
   step for step, quirks included: a key longer than 64 bytes is cut to 64
   bytes while its full length enters the parameter block, and final may be
   called again on the same context.

   Usage: blake2 COUNT SEED
   One line per case, tab-separated, fields in hex: hash length, key,
   message, the sizes of the pieces it is fed in (comma-separated), the
   digest, and the digest of a second final on the same context. *)

let iv = [| 0x6a09e667f3bcc908L; 0xbb67ae8584caa73bL; 0x3c6ef372fe94f82bL;
            0xa54ff53a5f1d36f1L; 0x510e527fade682d1L; 0x9b05688c2b3e6c1fL;
            0x1f83d9abfb41bd6bL; 0x5be0cd19137e2179L |]

let sigma = [|
  [|  0;  1;  2;  3;  4;  5;  6;  7;  8;  9; 10; 11; 12; 13; 14; 15 |];
  [| 14; 10;  4;  8;  9; 15; 13;  6;  1; 12;  0;  2; 11;  7;  5;  3 |];
  [| 11;  8; 12;  0;  5;  2; 15; 13; 10; 14;  3;  6;  7;  1;  9;  4 |];
  [|  7;  9;  3;  1; 13; 12; 11; 14;  2;  6;  5; 10;  4;  0; 15;  8 |];
  [|  9;  0;  5;  7;  2;  4; 10; 15; 14;  1; 11; 12;  6;  8;  3; 13 |];
  [|  2; 12;  6; 10;  0; 11;  8;  3;  4; 13;  7;  5; 15; 14;  1;  9 |];
  [| 12;  5;  1; 15; 14; 13;  4; 10;  0;  7;  6;  3;  9;  2;  8; 11 |];
  [| 13; 11;  7; 14; 12;  1;  3;  9;  5;  0; 15;  4;  8;  6;  2; 10 |];
  [|  6; 15; 14;  9; 11;  3;  0;  8; 12;  2; 13;  7;  1;  4; 10;  5 |];
  [| 10;  2;  8;  4;  7;  6;  1;  5; 15; 11;  9; 14;  3; 12; 13;  0 |];
  [|  0;  1;  2;  3;  4;  5;  6;  7;  8;  9; 10; 11; 12; 13; 14; 15 |];
  [| 14; 10;  4;  8;  9; 15; 13;  6;  1; 12;  0;  2; 11;  7;  5;  3 |] |]

let block = 128

type ctx = { h : int64 array; mutable len0 : int64; mutable len1 : int64;
             buffer : Bytes.t; mutable numbytes : int }

let rotr x n = Int64.(logor (shift_right_logical x n) (shift_left x (64 - n)))

let compress s data ofs numbytes is_last =
  let n = Int64.of_int numbytes in
  s.len0 <- Int64.add s.len0 n;
  if Int64.unsigned_compare s.len0 n < 0 then s.len1 <- Int64.succ s.len1;
  let v = Array.append (Array.copy s.h) (Array.copy iv) in
  v.(12) <- Int64.logxor v.(12) s.len0;
  v.(13) <- Int64.logxor v.(13) s.len1;
  if is_last then v.(14) <- Int64.lognot v.(14);
  let m = Array.init 16 (fun i -> Bytes.get_int64_le data (ofs + 8 * i)) in
  let mix a b c d x y =
    v.(a) <- Int64.(add (add v.(a) v.(b)) x);
    v.(d) <- rotr (Int64.logxor v.(d) v.(a)) 32;
    v.(c) <- Int64.add v.(c) v.(d);
    v.(b) <- rotr (Int64.logxor v.(b) v.(c)) 24;
    v.(a) <- Int64.(add (add v.(a) v.(b)) y);
    v.(d) <- rotr (Int64.logxor v.(d) v.(a)) 16;
    v.(c) <- Int64.add v.(c) v.(d);
    v.(b) <- rotr (Int64.logxor v.(b) v.(c)) 63 in
  for i = 0 to 11 do
    let s = sigma.(i) in
    mix 0 4 8 12 m.(s.(0)) m.(s.(1));
    mix 1 5 9 13 m.(s.(2)) m.(s.(3));
    mix 2 6 10 14 m.(s.(4)) m.(s.(5));
    mix 3 7 11 15 m.(s.(6)) m.(s.(7));
    mix 0 5 10 15 m.(s.(8)) m.(s.(9));
    mix 1 6 11 12 m.(s.(10)) m.(s.(11));
    mix 2 7 8 13 m.(s.(12)) m.(s.(13));
    mix 3 4 9 14 m.(s.(14)) m.(s.(15))
  done;
  for i = 0 to 7 do
    s.h.(i) <- Int64.(logxor s.h.(i) (logxor v.(i) v.(i + 8)))
  done

let init hashlen key =
  let keylen = String.length key in
  let h = Array.copy iv in
  h.(0) <- Int64.(logxor h.(0)
                    (logor 0x01010000L (logor (shift_left (of_int keylen) 8) (of_int hashlen))));
  let s = { h; len0 = 0L; len1 = 0L; buffer = Bytes.make block '\000'; numbytes = 0 } in
  if keylen > 0 then begin
    let used = min keylen 64 in
    Bytes.blit_string key 0 s.buffer 0 used;
    s.numbytes <- block
  end;
  s

let update s data =
  let data = Bytes.of_string data in
  let len = ref (Bytes.length data) and pos = ref 0 in
  let buffered = ref false in
  if s.numbytes > 0 then begin
    let n = block - s.numbytes in
    if !len <= n then begin
      Bytes.blit data 0 s.buffer s.numbytes !len;
      s.numbytes <- s.numbytes + !len;
      buffered := true
    end else begin
      Bytes.blit data 0 s.buffer s.numbytes n;
      compress s s.buffer 0 block false;
      pos := n; len := !len - n
    end
  end;
  if not !buffered then begin
    while !len > block do
      compress s data !pos block false;
      pos := !pos + block; len := !len - block
    done;
    Bytes.blit data !pos s.buffer 0 !len;
    s.numbytes <- !len
  end

let final s hashlen =
  Bytes.fill s.buffer s.numbytes (block - s.numbytes) '\000';
  compress s s.buffer 0 s.numbytes true;
  String.init hashlen (fun i ->
      Char.chr (Int64.to_int (Int64.logand (Int64.shift_right_logical s.h.(i / 8) (8 * (i mod 8))) 0xffL)))

let hex s =
  let b = Buffer.create (2 * String.length s) in
  String.iter (fun c -> Buffer.add_string b (Printf.sprintf "%02x" (Char.code c))) s;
  Buffer.contents b

let random_string n = String.init n (fun _ -> Char.chr (Random.int 256))

(* Piece sizes adding up to [n]. *)
let rec pieces n = if n = 0 then [] else let k = 1 + Random.int n in k :: pieces (n - k)

let () =
  let count = int_of_string Sys.argv.(1) in
  Random.init (int_of_string Sys.argv.(2));
  for _ = 1 to count do
    let hashlen = 1 + Random.int 64 in
    let keylen = match Random.int 4 with 0 -> 0 | 1 -> 65 + Random.int 200 | _ -> 1 + Random.int 64 in
    let key = random_string keylen in
    let msg = random_string (match Random.int 5 with 0 -> Random.int 3 | 1 -> 100 + Random.int 200 | _ -> Random.int 1200) in
    let sizes = if Random.bool () then [String.length msg] else pieces (String.length msg) in
    let s = init hashlen key in
    ignore (List.fold_left (fun pos k -> update s (String.sub msg pos k); pos + k) 0 sizes);
    let d1 = final s hashlen in
    let d2 = final s hashlen in
    print_string (String.concat "\t"
      (List.map hex [string_of_int hashlen; key; msg;
                     String.concat "," (List.map string_of_int sizes); d1; d2]));
    print_char '\n'
  done

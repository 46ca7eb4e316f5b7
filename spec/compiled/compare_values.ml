(* Polymorphic compare, equality and ordering on ints, strings, lists,
   tuples, variants, options, records and arrays. *)
type t = A | B of int | C of string * int
type r = { x : int; y : string }

let sign n = if n < 0 then -1 else if n > 0 then 1 else 0
let show name v = Printf.printf "%s: %d\n" name (sign v)

let () =
  show "ints" (compare 1 2);
  show "negative ints" (compare (-5) (-10));
  show "strings" (compare "abc" "abd");
  show "prefix" (compare "ab" "abc");
  show "lists" (compare [ 1; 2; 3 ] [ 1; 2 ]);
  show "tuples" (compare (1, "b") (1, "a"));
  show "constant vs block" (compare A (B 0));
  show "blocks by tag" (compare (B 5) (C ("", 0)));
  show "blocks by field" (compare (C ("x", 1)) (C ("x", 2)));
  show "options" (compare None (Some 0));
  show "records" (compare { x = 1; y = "b" } { x = 1; y = "a" });
  show "arrays by length" (compare [| 9; 9 |] [| 1; 1; 1 |]);
  show "chars" (compare 'a' 'b');
  show "bools" (compare true false);
  Printf.printf "equal structures: %b\n" ([ Some "x"; None ] = [ Some "x"; None ]);
  Printf.printf "unequal: %b\n" ((1, [ 2 ]) <> (1, [ 3 ]));
  Printf.printf "min %s max %s\n" (min "pear" "apple") (max "pear" "apple");
  Printf.printf "physical: %b %b\n" (let l = [ 1 ] in l == l) (Bytes.create 1 == Bytes.create 1);
  Printf.printf "< on lists: %b, >= on strings: %b\n" ([ 1; 2 ] < [ 1; 3 ]) ("b" >= "a");
  (match compare (fun x -> x) (fun x -> x) with
   | _ -> print_endline "unexpected"
   | exception Invalid_argument msg -> Printf.printf "functions: Invalid_argument %S\n" msg)

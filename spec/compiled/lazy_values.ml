(* Lazy: forced once, from_val, is_val, an exception raised again on each
   force, Lazy.map, a lazy list. *)
type stream = Cons of int * stream Lazy.t

let () =
  let count = ref 0 in
  let l = lazy (incr count; 6 * 7) in
  Printf.printf "is_val before %b\n" (Lazy.is_val l);
  let first = Lazy.force l in
  let second = Lazy.force l in
  Printf.printf "force %d force %d, evaluated %d time(s)\n" first second !count;
  Printf.printf "is_val after %b\n" (Lazy.is_val l);
  let v = Lazy.from_val "ready" in
  Printf.printf "from_val %s %b\n" (Lazy.force v) (Lazy.is_val v);
  let bad = lazy (failwith "lazy failure") in
  for _ = 1 to 2 do
    match Lazy.force bad with _ -> () | exception Failure m -> Printf.printf "Failure %S\n" m
  done;
  let m = Lazy.map String.length (lazy "mapped") in
  Printf.printf "map %d\n" (Lazy.force m);
  let rec nats n = Cons (n, lazy (nats (n + 1))) in
  let rec take n (Cons (x, r)) = if n = 0 then [] else x :: take (n - 1) (Lazy.force r) in
  Printf.printf "%s\n" (String.concat " " (List.map string_of_int (take 10 (nats 0))))

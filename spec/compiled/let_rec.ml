(* let rec: mutual recursion, deep non-tail recursion, a cyclic list and a
   recursive closure value, local recursive functions. *)
let rec even n = n = 0 || odd (n - 1)
and odd n = n <> 0 && even (n - 1)

let rec sum_to n = if n = 0 then 0 else n + sum_to (n - 1)

type node = { value : int; mutable next : node }

let () =
  Printf.printf "even 10 %b, odd 7 %b, even 7 %b\n" (even 10) (odd 7) (even 7);
  Printf.printf "sum_to 10000 = %d\n" (sum_to 10000);
  let rec ones = 1 :: twos and twos = 2 :: ones in
  let rec take n l = if n = 0 then [] else match l with x :: r -> x :: take (n - 1) r | [] -> [] in
  Printf.printf "%s\n" (String.concat "" (List.map string_of_int (take 7 ones)));
  let rec ring = { value = 1; next = { value = 2; next = ring } } in
  Printf.printf "ring %d %d %d\n" ring.value ring.next.value ring.next.next.value;
  let rec fact = function 0 -> 1 | n -> n * fact (n - 1) in
  Printf.printf "fact 20 = %d\n" (fact 20);
  let rec fib_memo = let memo = Hashtbl.create 16 in
    fun n -> if n < 2 then n else match Hashtbl.find_opt memo n with
      | Some v -> v
      | None -> let v = fib_memo (n - 1) + fib_memo (n - 2) in Hashtbl.add memo n v; v in
  Printf.printf "fib 80 = %d\n" (fib_memo 80);
  let l = List.init 100000 (fun i -> i) in
  Printf.printf "List.length %d, fold %d, map/rev %d\n" (List.length l) (List.fold_left ( + ) 0 l)
    (List.hd (List.rev (List.map succ l)))

(* Queue and Stack: order, length, peek/top, the Empty exceptions, fold,
   iteration, transfer, copy. *)
let () =
  let q = Queue.create () in
  List.iter (fun x -> Queue.add x q) [ 1; 2; 3; 4 ];
  Printf.printf "queue length %d, peek %d\n" (Queue.length q) (Queue.peek q);
  let first = Queue.take q in
  let second = Queue.take q in
  Printf.printf "take %d take %d\n" first second;
  Queue.push 5 q;
  Queue.iter (fun x -> Printf.printf "q %d\n" x) q;
  let r = Queue.copy q in
  let dst = Queue.create () in
  Queue.transfer q dst;
  Printf.printf "after transfer %d %d, copy sum %d\n" (Queue.length q) (Queue.length dst)
    (Queue.fold ( + ) 0 r);
  (match Queue.take q with _ -> () | exception Queue.Empty -> print_endline "Queue.Empty");
  let s = Stack.create () in
  List.iter (fun x -> Stack.push x s) [ "a"; "b"; "c" ];
  Printf.printf "stack length %d, top %s\n" (Stack.length s) (Stack.top s);
  let first = Stack.pop s in
  let second = Stack.pop s in
  Printf.printf "pop %s pop %s\n" first second;
  Stack.iter print_endline s;
  ignore (Stack.pop s);
  Printf.printf "empty %b\n" (Stack.is_empty s);
  (match Stack.pop s with _ -> () | exception Stack.Empty -> print_endline "Stack.Empty")

(* Float records and float arrays (flat in OCaml): fields, updates,
   Array.make/init of floats, constant float arrays, compare and Marshal
   of them, integral values among them. *)
type point = { x : float; y : float }
type mixed = { name : string; weight : float }

let () =
  let p = { x = 1.0; y = 2.5 } in
  let q = { p with x = p.x +. 10.0 } in
  Printf.printf "%g %g %g %g\n" p.x p.y q.x q.y;
  let a = [| 1.0; 2.0; 3.5 |] in
  a.(0) <- a.(0) +. a.(2);
  Printf.printf "%g %g %g, length %d\n" a.(0) a.(1) a.(2) (Array.length a);
  let b = Array.init 5 (fun i -> float_of_int i /. 2.0) in
  Printf.printf "%s\n" (String.concat " " (Array.to_list (Array.map string_of_float b)));
  Printf.printf "sum %g\n" (Array.fold_left ( +. ) 0.0 b);
  let m = { name = "box"; weight = 12.0 } in
  Printf.printf "%s %g\n" m.name m.weight;
  Printf.printf "compare points %d\n" (compare p q);
  Printf.printf "marshal point %S\n" (Marshal.to_string { x = 0.5; y = -2.25 } []);
  Printf.printf "marshal array %S\n" (Marshal.to_string [| 0.5; 1.5 |] []);
  let (back : point) = Marshal.from_string (Marshal.to_string p []) 0 in
  Printf.printf "back %g %g\n" back.x back.y;
  let fa = Float.Array.make 3 0.25 in
  Float.Array.set fa 1 4.0;
  Printf.printf "Float.Array %g %g length %d\n" (Float.Array.get fa 0) (Float.Array.get fa 1) (Float.Array.length fa)

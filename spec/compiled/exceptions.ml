(* Exceptions: try/with on stdlib and own exceptions, with arguments,
   re-raise, nested handlers, Fun.protect's finally, Printexc.to_string,
   a registered printer, raise_notrace, exceptions from the runtime. *)
exception Mine
exception With_args of int * string
exception Printed of int

let describe f = match f () with
  | v -> Printf.sprintf "value %d" v
  | exception e -> Printexc.to_string e

let () =
  List.iter (fun f -> print_endline (describe f))
    [ (fun () -> 1);
      (fun () -> raise Not_found);
      (fun () -> raise Mine);
      (fun () -> raise (With_args (3, "three")));
      (fun () -> failwith "failed");
      (fun () -> invalid_arg "bad");
      (fun () -> raise Exit);
      (fun () -> 1 / 0);
      (fun () -> List.hd []);
      (fun () -> [| 1 |].(1));
      (fun () -> raise (Sys_error "sys"));
      (fun () -> raise End_of_file);
      (fun () -> raise (Match_failure ("f.ml", 1, 2)));
      (fun () -> raise (Assert_failure ("g.ml", 3, 4)));
      (fun () -> int_of_string "x") ];
  Printexc.register_printer (function Printed n -> Some (Printf.sprintf "Printed<%d>" n) | _ -> None);
  print_endline (Printexc.to_string (Printed 7));
  let r = try try raise (With_args (1, "inner")) with Not_found -> 0 with With_args (n, _) -> n + 10 in
  Printf.printf "outer handler got %d\n" r;
  let log = Buffer.create 16 in
  (try Fun.protect ~finally:(fun () -> Buffer.add_string log "finally;") (fun () -> raise Mine)
   with Mine -> Buffer.add_string log "caught");
  print_endline (Buffer.contents log);
  (try raise_notrace (Printed 1) with Printed n -> Printf.printf "notrace %d\n" n);
  let rec deep n = if n = 0 then raise Not_found else 1 + deep (n - 1) in
  (try ignore (deep 10000) with Not_found -> print_endline "deep raise caught");
  let counter = ref 0 in
  for i = 1 to 100 do try if i mod 3 = 0 then raise Exit else incr counter with Exit -> () done;
  Printf.printf "counter %d\n" !counter

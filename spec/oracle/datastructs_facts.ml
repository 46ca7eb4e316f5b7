(* Facts about the stdlib data structures that spec/datastructs_api_spec.lua
   checks ocamlrt against, printed as a Lua table: exception names as
   Printexc prints them, error messages, sizes. *)

let lua_string s =
  "\"" ^ String.concat "" (List.map (fun c -> Printf.sprintf "\\%03d" (Char.code c))
    (List.of_seq (String.to_seq s))) ^ "\""

let message f = try ignore (f ()); "no exception" with e -> Printexc.to_string e

let buffer_length_after_create n =
  let b = Buffer.create n in
  (Obj.obj (Obj.field (Obj.repr b) 2) : int)

let () =
  let facts = [
    "queue_empty", lua_string (message (fun () -> Queue.take (Queue.create ())));
    "stack_empty", lua_string (message (fun () -> Stack.pop (Stack.create ())));
    "stream_failure", lua_string (message (fun () -> Stream.next (Stream.of_list [])));
    "stream_error", lua_string (Printexc.to_string (Stream.Error "bad token"));
    "surrogate", lua_string (message (fun () -> Uchar.of_int 0xD800));
    "too_big", lua_string (message (fun () -> Uchar.of_int 0x110000));
    "minus_one", lua_string (message (fun () -> Uchar.of_int (-1)));
    "minus_big", lua_string (message (fun () -> Uchar.of_int (-0x123456789abc)));
    "negative_channel_len", lua_string (message (fun () -> Buffer.add_channel (Buffer.create 1) stdin (-1)));
    "map_min_empty", lua_string (message (fun () -> let module M = Map.Make (Int) in M.min_binding M.empty));
    "create_0", string_of_int (buffer_length_after_create 0);
    "create_neg", string_of_int (buffer_length_after_create (-7));
    "create_100", string_of_int (buffer_length_after_create 100);
    "hashtbl_buckets_100", string_of_int (Hashtbl.stats (Hashtbl.create 100)).num_buckets;
    "hashtbl_buckets_0", string_of_int (Hashtbl.stats (Hashtbl.create 0)).num_buckets;
    "undefined", lua_string (message (fun () ->
      let rec l = lazy (Lazy.force l + 1) in Lazy.force l));
  ] in
  print_string "return {\n";
  List.iter (fun (k, v) -> Printf.printf "  %s = %s,\n" k v) facts;
  print_string "}\n"

(* `make demo`, the OCaml half: a native OCaml program hands a typed order
   (records, variants, lists, floats, int64, an option, a Hashtbl) to a Lua
   script over a pipe with Marshal, and reads back the Lua side's reply, a
   value of another OCaml type that Lua built with ocamlrt.

   The Lua side (demo/inventory.lua) runs as a child process: its standard
   input and output are the two pipes; what it prints for people goes to
   standard error. DEMO_LUA overrides the command that starts it (`make
   demo` runs it under lua5.4 and under luajit). The floats include
   integral ones (6.0, and amounts such as 18.0), which Lua 5.1/LuaJIT
   only keep as floats boxed, {253, x}. *)

type measure = Piece | Kilograms of float | Litres of float

type item = {
  sku : string;
  name : string;
  price : float; (* per piece, kilogram or litre *)
  measure : measure;
  quantity : int;
  tags : string list;
  batch : int64;
}

type order = {
  order_id : int64;
  customer : string;
  items : item list;
  note : string option;
  stock : (string, int) Hashtbl.t; (* units on the shelf, by sku *)
}

type verdict = Accepted of float | Rejected of string

type reply = {
  for_order : int64;
  verdict : verdict;
  lines : (string * float) list; (* sku, amount charged *)
  restock : string list; (* skus that ran low *)
  stock_after : (string, int) Hashtbl.t;
  handled_by : string;
}

let order =
  let stock = Hashtbl.create 16 in
  List.iter (fun (sku, n) -> Hashtbl.replace stock sku n)
    [ ("APL-1", 40); ("FLR-5", 6); ("OIL-2", 12); ("JAR-9", 5); ("TEA-4", 25) ];
  {
    order_id = 9_007_199_254_740_993L (* 2^53 + 1: not a double *);
    customer = "Camille O'Caml";
    items =
      [
        { sku = "APL-1"; name = "apples"; price = 2.4; measure = Kilograms 2.5; quantity = 1;
          tags = [ "fruit"; "sale" ]; batch = 4_000_000_001L };
        { sku = "FLR-5"; name = "flour, 5 kg bag"; price = 6.0; measure = Piece; quantity = 3;
          tags = [ "dry" ]; batch = -1L };
        { sku = "OIL-2"; name = "olive oil"; price = 11.75; measure = Litres 0.75; quantity = 2;
          tags = [ "sale" ]; batch = Int64.max_int };
        { sku = "JAR-9"; name = "preserving jars"; price = 1.99; measure = Piece; quantity = 4;
          tags = []; batch = 17L };
      ];
    note = Some "leave at the back door";
    stock;
  }

let show_measure = function
  | Piece -> "piece"
  | Kilograms k -> Printf.sprintf "%g kg" k
  | Litres l -> Printf.sprintf "%g l" l

let sorted_stock h =
  List.sort compare (Hashtbl.fold (fun sku n acc -> (sku, n) :: acc) h [])

let print_stock title h =
  Printf.printf "  %s:" title;
  List.iter (fun (sku, n) -> Printf.printf " %s=%d" sku n) (sorted_stock h);
  print_newline ()

let () =
  let lua = Option.value (Sys.getenv_opt "DEMO_LUA") ~default:"lua5.4 demo/inventory.lua" in
  let data = Marshal.to_string order [] in
  Printf.printf "OCaml: sending order #%Ld for %s to `%s`: %d items, %d bytes of Marshal data\n" order.order_id
    order.customer lua (List.length order.items) (String.length data);
  List.iter
    (fun i -> Printf.printf "  %-6s %-16s %6.2f x %d (%s) batch %Ld\n" i.sku i.name i.price i.quantity
        (show_measure i.measure) i.batch)
    order.items;
  print_stock "stock before" order.stock;
  flush stdout;
  let from_lua, to_lua = Unix.open_process lua in
  output_string to_lua data;
  close_out to_lua;
  let reply : (reply, exn) result = try Ok (Marshal.from_channel from_lua) with e -> Error e in
  let reply =
    match (Unix.close_process (from_lua, to_lua), reply) with
    | Unix.WEXITED 0, Ok reply -> reply
    | _, Error e ->
        Printf.eprintf "OCaml: no reply from the Lua side (%s)\n" (Printexc.to_string e);
        exit 1
    | _ ->
        prerr_endline "OCaml: the Lua side failed";
        exit 1
  in
  Printf.printf "OCaml: reply for order #%Ld from %s\n" reply.for_order reply.handled_by;
  (match reply.verdict with
   | Accepted total -> Printf.printf "  accepted, total %.2f\n" total
   | Rejected why -> Printf.printf "  rejected: %s\n" why);
  List.iter (fun (sku, amount) -> Printf.printf "  %-6s %8.2f\n" sku amount) reply.lines;
  Printf.printf "  restock: %s\n" (String.concat ", " reply.restock);
  print_stock "stock after" reply.stock_after;
  (* The table Lua changed is a real Hashtbl: OCaml's own lookups find the
     keys Lua replaced, because ocamlrt hashes exactly as OCaml does. *)
  Printf.printf "  Hashtbl.find stock_after \"JAR-9\" = %d\n" (Hashtbl.find reply.stock_after "JAR-9");
  if reply.for_order <> order.order_id then (prerr_endline "OCaml: wrong order id"; exit 1)

(* Format basics: boxes, breaks, %a with a Format printer, asprintf. *)
let pp_list pp ppf l =
  Format.fprintf ppf "[@[<hov>%a@]]"
    (Format.pp_print_list ~pp_sep:(fun ppf () -> Format.fprintf ppf ";@ ") pp) l

let () =
  Format.printf "hello %s %d@." "format" 1;
  Format.printf "@[<h>%s@ %s@ %s@]@." "one" "two" "three";
  Format.printf "%a@." (pp_list Format.pp_print_int) (List.init 30 (fun i -> i * 7));
  let s = Format.asprintf "%a and %s" (pp_list Format.pp_print_string) [ "a"; "b" ] "c" in
  print_endline s;
  Format.printf "@[<hv 2>begin@ %s@ %s@ end@]@." "short" "box";
  Format.printf "%d%%, %5.2f, %b@." 50 3.14159 true

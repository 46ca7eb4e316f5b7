(* Filename: concat, basename, dirname, extension, suffix checks, quote,
   relative/implicit, temp_file's place and suffix. *)
let () =
  List.iter (fun p ->
      Printf.printf "%-16S basename %-8S dirname %-8S extension %S remove_extension %S\n" p
        (Filename.basename p) (Filename.dirname p) (Filename.extension p) (Filename.remove_extension p))
    [ "a/b/c.ml"; "/usr/lib/"; "file"; "dir/.hidden"; "a.tar.gz"; "/"; "." ; "a//b" ];
  Printf.printf "concat %S %S\n" (Filename.concat "a" "b") (Filename.concat "a/" "b");
  Printf.printf "check_suffix %b chop_suffix %S chop_extension %S\n" (Filename.check_suffix "x.ml" ".ml")
    (Filename.chop_suffix "x.ml" ".ml") (Filename.chop_extension "dir/x.tar.gz");
  Printf.printf "is_relative %b %b, is_implicit %b %b\n" (Filename.is_relative "a/b")
    (Filename.is_relative "/a") (Filename.is_implicit "./a") (Filename.is_implicit "a");
  Printf.printf "quote %s\n" (Filename.quote "it's here");
  Printf.printf "current %s parent %s dir_sep %s\n" Filename.current_dir_name Filename.parent_dir_name Filename.dir_sep;
  let t = Filename.temp_file ~temp_dir:"." "tmp_prefix" ".suffix" in
  Printf.printf "temp_file exists %b, prefix %b, suffix %b\n" (Sys.file_exists t)
    (String.length (Filename.basename t) > 10 && String.sub (Filename.basename t) 0 10 = "tmp_prefix")
    (Filename.check_suffix t ".suffix");
  Sys.remove t;
  (match Filename.chop_extension "noext" with _ -> () | exception Invalid_argument m -> Printf.printf "Invalid_argument %S\n" m)

//! Unit tests of the buffering logic, through the primitives in a real Lua
//! state (the busted specs test the same against the OCaml oracle).

use crate::testing::run;

#[test]
fn memory_round_trip_keeps_positions() {
    let code = r#"
        local oc = native._io_open_buffer()
        native._io_output_string(oc, "ab\ncd")
        assert(native.caml_ml_pos_out(oc) == 5)
        local ic = native._io_open_string(native._io_contents(oc))
        assert(native._io_input_line(ic) == "ab")
        assert(native.caml_ml_pos_in(ic) == 3)
        return native._io_input_line(ic)"#;
    assert_eq!(run(code).unwrap(), "cd");
}

#[test]
fn end_of_input_raises_end_of_file() {
    let code = r#"local ic = native._io_open_string("") return native._io_input_line(ic)"#;
    assert_eq!(run(code).unwrap_err(), "End_of_file");
}

#[test]
fn closed_channel_raises_bad_file_descriptor() {
    let code = r#"
        local ic = native._io_open_string("xyz")
        native.caml_ml_close_channel(ic)
        native.caml_ml_close_channel(ic)
        return native.caml_ml_input_char(ic)"#;
    assert_eq!(run(code).unwrap_err(), "Sys_errorBad file descriptor");
}

#[test]
fn seek_within_the_buffer_rereads() {
    let code = r#"
        local ic = native._io_open_string(string.rep("0123456789", 10))
        local b = native.caml_create_bytes(4)
        assert(native.caml_ml_input(ic, b, 0, 4) == 4)
        native.caml_ml_seek_in(ic, 2)
        assert(native.caml_ml_pos_in(ic) == 2)
        return native.caml_ml_input_char(ic)"#;
    assert_eq!(run(code).unwrap(), tostring(b'2'));
}

fn tostring(n: u8) -> String {
    n.to_string()
}

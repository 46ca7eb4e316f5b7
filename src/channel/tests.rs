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

/// The Rust API other modules use, on a channel made with `push_channel`.
mod rust_api {
    use mlua::ffi;

    use crate::channel::{channel_arg, push_channel, Backend, Direction};
    use crate::state::State;

    /// Runs `f` with a fresh state holding the module, then closes it.
    fn with_state(f: impl FnOnce(State)) {
        unsafe {
            let l = ffi::luaL_newstate();
            ffi::luaL_openlibs(l);
            crate::luaopen_ocamlrt(l);
            ffi::lua_settop(l, 0);
            f(State::new(l, "test"));
            ffi::lua_close(l);
        }
    }

    #[test]
    fn write_then_read_back_through_the_api() {
        with_state(|s| {
            let out = push_channel(s, Backend::memory(Vec::new()), Direction::Out).unwrap();
            out.write_all(s.l, b"abc").unwrap();
            assert_eq!(out.pos_out(), 3);
            out.flush(s.l).unwrap();
            let data = out.memory_contents(s.l).unwrap().to_vec();
            assert_eq!(data, b"abc");

            push_channel(s, Backend::memory(b"xyz!".to_vec()), Direction::In).unwrap();
            let ch = channel_arg(s, 2).unwrap();
            assert_eq!(ch.read_byte(s.l).unwrap(), Some(b'x'));
            let mut two = [0u8; 2];
            ch.really_read(s.l, &mut two).unwrap();
            assert_eq!(&two, b"yz");
            let mut many = [0u8; 10];
            assert_eq!(ch.read_into(s.l, &mut many).unwrap(), 1); // partial
            assert_eq!(ch.read_into(s.l, &mut many).unwrap(), 0); // end
            assert_eq!(ch.read_byte(s.l).unwrap(), None);
            assert!(ch.really_read(s.l, &mut two).is_err()); // End_of_file
        });
    }

    #[test]
    fn channel_arg_refuses_other_values() {
        with_state(|s| unsafe {
            ffi::lua_pushinteger(s.l, 3);
            assert!(channel_arg(s, 1).is_err());
            crate::bytes::push_new_bytes(s, std::mem::size_of::<crate::channel::Channel>()).unwrap();
            assert!(channel_arg(s, 2).is_err());
        });
    }
}

//! Each sequence the parser knows, whole and split at every byte, and the bounds it keeps.

use super::*;

fn parse_all(bytes: &[u8]) -> Vec<Event> {
    let mut p = Parser::new();
    let mut out = Vec::new();
    p.feed(bytes, &mut out);
    p.expire(&mut out);
    out
}

fn k(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn km(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn ch(c: char) -> Event {
    k(KeyCode::Char(c))
}

fn ctrl(c: char) -> Event {
    km(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn mouse(kind: MouseEventKind, column: u16, row: u16, modifiers: KeyModifiers) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers,
    })
}

/// Each of `inputs`, whole and split, gives only the `q` it ends with.
fn only_q(inputs: &[&[u8]]) {
    for bytes in inputs {
        check(bytes, &[ch('q')]);
    }
}

/// The same events however the bytes are split into packets.
fn check(bytes: &[u8], expected: &[Event]) {
    assert_eq!(parse_all(bytes), expected, "whole: {bytes:?}");
    for cut in 1..bytes.len() {
        let mut p = Parser::new();
        let mut out = Vec::new();
        p.feed(&bytes[..cut], &mut out);
        p.feed(&bytes[cut..], &mut out);
        p.expire(&mut out);
        assert_eq!(out, expected, "split at {cut}: {bytes:?}");
    }
}

#[test]
fn text_and_utf8() {
    check(b"ab", &[ch('a'), ch('b')]);
    check("é€😀".as_bytes(), &[ch('é'), ch('€'), ch('😀')]);
}

#[test]
fn control_keys() {
    check(b"\r", &[k(KeyCode::Enter)]);
    check(b"\t", &[k(KeyCode::Tab)]);
    check(b"\x7f", &[k(KeyCode::Backspace)]);
    check(b"\x08", &[k(KeyCode::Backspace)]);
    check(b"\x03", &[ctrl('c')]);
    check(b"\x01\x1a", &[ctrl('a'), ctrl('z')]);
    check(b"\n", &[ctrl('j')]);
    check(b"\x00", &[ctrl(' ')]);
    check(b"\x1c", &[ctrl('4')]);
}

#[test]
fn arrows_in_both_modes() {
    check(
        b"\x1b[A\x1b[B\x1b[C\x1b[D",
        &[k(KeyCode::Up), k(KeyCode::Down), k(KeyCode::Right), k(KeyCode::Left)],
    );
    check(
        b"\x1bOA\x1bOB\x1bOC\x1bOD",
        &[k(KeyCode::Up), k(KeyCode::Down), k(KeyCode::Right), k(KeyCode::Left)],
    );
}

#[test]
fn modified_arrows() {
    check(b"\x1b[1;5C", &[km(KeyCode::Right, KeyModifiers::CONTROL)]);
    check(b"\x1b[1;2D", &[km(KeyCode::Left, KeyModifiers::SHIFT)]);
    check(b"\x1b[1;3A", &[km(KeyCode::Up, KeyModifiers::ALT)]);
}

#[test]
fn home_end_in_every_spelling() {
    let both = [k(KeyCode::Home), k(KeyCode::End)];
    check(b"\x1b[H\x1b[F", &both);
    check(b"\x1bOH\x1bOF", &both);
    check(b"\x1b[1~\x1b[4~", &both);
    check(b"\x1b[7~\x1b[8~", &both);
}

#[test]
fn page_keys_insert_delete() {
    check(b"\x1b[5~\x1b[6~", &[k(KeyCode::PageUp), k(KeyCode::PageDown)]);
    check(b"\x1b[2~\x1b[3~", &[k(KeyCode::Insert), k(KeyCode::Delete)]);
    check(b"\x1b[5;5~", &[km(KeyCode::PageUp, KeyModifiers::CONTROL)]);
}

#[test]
fn function_keys() {
    check(
        b"\x1bOP\x1bOQ\x1bOR\x1bOS",
        &[k(KeyCode::F(1)), k(KeyCode::F(2)), k(KeyCode::F(3)), k(KeyCode::F(4))],
    );
    check(b"\x1b[11~\x1b[15~", &[k(KeyCode::F(1)), k(KeyCode::F(5))]);
    check(b"\x1b[17~\x1b[21~", &[k(KeyCode::F(6)), k(KeyCode::F(10))]);
    check(b"\x1b[23~\x1b[24~", &[k(KeyCode::F(11)), k(KeyCode::F(12))]);
    check(b"\x1b[1;2P", &[km(KeyCode::F(1), KeyModifiers::SHIFT)]);
}

#[test]
fn back_tab() {
    check(b"\x1b[Z", &[km(KeyCode::BackTab, KeyModifiers::SHIFT)]);
}

#[test]
fn esc_alone_waits_then_is_esc() {
    let mut p = Parser::new();
    let mut out = Vec::new();
    p.feed(b"\x1b", &mut out);
    assert!(out.is_empty());
    assert_eq!(p.wait(), Some(ESC_WAIT));
    p.expire(&mut out);
    assert_eq!(out, [k(KeyCode::Esc)]);
    assert_eq!(p.wait(), None);
}

#[test]
fn esc_then_a_key_is_alt() {
    check(b"\x1bx", &[km(KeyCode::Char('x'), KeyModifiers::ALT)]);
    check(b"\x1b\r", &[km(KeyCode::Enter, KeyModifiers::ALT)]);
}

#[test]
fn esc_esc_is_esc_then_a_fresh_escape() {
    check(b"\x1b\x1b[A", &[k(KeyCode::Esc), k(KeyCode::Up)]);
    check(b"\x1b\x1b", &[k(KeyCode::Esc), k(KeyCode::Esc)]);
}

#[test]
fn sgr_mouse() {
    let click = mouse(MouseEventKind::Down(MouseButton::Left), 9, 4, KeyModifiers::NONE);
    check(b"\x1b[<0;10;5M", &[click]);
    let release = mouse(MouseEventKind::Up(MouseButton::Left), 9, 4, KeyModifiers::NONE);
    check(b"\x1b[<0;10;5m", &[release]);
    let wheel = mouse(MouseEventKind::ScrollDown, 0, 0, KeyModifiers::CONTROL);
    check(b"\x1b[<81;1;1M", &[wheel]);
}

#[test]
fn sgr_mouse_far_off_screen_saturates() {
    let out = parse_all(b"\x1b[<0;99999999;0M");
    assert_eq!(
        out,
        [mouse(
            MouseEventKind::Down(MouseButton::Left),
            u16::MAX,
            0,
            KeyModifiers::NONE
        )]
    );
}

#[test]
fn x10_mouse() {
    let click = mouse(MouseEventKind::Down(MouseButton::Left), 2, 1, KeyModifiers::NONE);
    check(&[0x1b, b'[', b'M', 32, 32 + 3, 32 + 2], &[click]);
}

#[test]
fn bracketed_paste_is_one_event() {
    check(
        b"\x1b[200~hello q\r\x1b[201~x",
        &[Event::Paste("hello q\r".into()), ch('x')],
    );
}

#[test]
fn paste_keeps_escapes_that_are_not_its_end() {
    check(b"\x1b[200~a\x1b[20b\x1b[201~", &[Event::Paste("a\x1b[20b".into())]);
}

#[test]
fn paste_is_capped() {
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend(std::iter::repeat_n(b'z', MAX_PASTE * 3));
    bytes.extend(b"\x1b[201~q");
    let mut p = Parser::new();
    let mut out = Vec::new();
    for chunk in bytes.chunks(1000) {
        p.feed(chunk, &mut out);
        assert!(p.buffered() <= MAX_PASTE);
    }
    assert_eq!(out.len(), 2);
    assert!(matches!(&out[0], Event::Paste(t) if t.len() == MAX_PASTE));
    assert_eq!(out[1], ch('q'));
}

#[test]
fn a_paste_that_never_ends_ends_after_silence() {
    let mut p = Parser::new();
    let mut out = Vec::new();
    p.feed(b"\x1b[200~abc", &mut out);
    assert_eq!(p.wait(), Some(PASTE_WAIT));
    p.expire(&mut out);
    assert_eq!(out, [Event::Paste("abc".into())]);
    p.feed(b"q", &mut out);
    assert_eq!(out[1], ch('q'));
}

#[test]
fn unknown_sequences_are_skipped() {
    // A device-attributes reply, a focus report, an unknown final byte, a kitty key.
    only_q(&[
        b"\x1b[?1;2cq",
        b"\x1b[Iq",
        b"\x1b[99~q",
        b"\x1b[97;5uq",
        b"\x1bO~q",
        b"\x1b[201~q",
    ]);
}

#[test]
fn an_endless_sequence_is_skipped_with_a_bound() {
    let mut p = Parser::new();
    let mut out = Vec::new();
    p.feed(b"\x1b[", &mut out);
    for _ in 0..10_000 {
        p.feed(b"1;", &mut out);
        assert!(p.buffered() <= MAX_SEQUENCE);
    }
    p.feed(b"Aq", &mut out);
    assert_eq!(out, [ch('q')]);
}

#[test]
fn an_unfinished_sequence_cut_by_a_new_one_is_dropped() {
    check(b"\x1b[1\x1b[Aq", &[k(KeyCode::Up), ch('q')]);
}

#[test]
fn an_unfinished_sequence_is_dropped_after_the_wait() {
    let mut p = Parser::new();
    let mut out = Vec::new();
    p.feed(b"\x1b[1;5", &mut out);
    p.expire(&mut out);
    p.feed(b"q", &mut out);
    assert_eq!(out, [ch('q')]);
}

#[test]
fn bytes_that_are_not_utf8_are_dropped() {
    only_q(&[b"\xffq", b"\xc3q", b"\xe2\x82q", b"\x80\xbfq"]);
    // A cut character at the end is dropped when the wait ends.
    assert_eq!(parse_all(b"q\xe2\x82"), [ch('q')]);
}

//! The SSH input parser (`serve::input`): arbitrary bytes cut into packets at arbitrary points
//! (the first byte picks the packet size). It never panics, never holds more than its bounds,
//! and after the wait expires it is back at rest: a following Right arrow is read as Right.
#![no_main]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use libfuzzer_sys::fuzz_target;
use lstm_tui::serve::input::{MAX_PASTE, MAX_SEQUENCE, Parser};

fuzz_target!(|data: &[u8]| {
    let Some((&size, bytes)) = data.split_first() else {
        return;
    };
    let mut parser = Parser::new();
    let mut events = Vec::new();
    for packet in bytes.chunks(usize::from(size % 64) + 1) {
        parser.feed(packet, &mut events);
        assert!(parser.buffered() <= MAX_SEQUENCE + MAX_PASTE);
    }
    parser.expire(&mut events);
    assert_eq!(parser.buffered(), 0);
    events.clear();
    parser.feed(b"\x1b[C", &mut events);
    assert_eq!(events, [Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE))]);
});

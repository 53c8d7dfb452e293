//! Text from files, made safe to print. A layer name, a class name, an archive member, a
//! vocabulary line: any of it may hold bytes a terminal obeys (ESC, CSI and OSC sequences that
//! clear the screen or write the clipboard) or that reorder what follows on the line. Every path
//! from such text to the screen, to standard output or to standard error goes through
//! [`printable`] (errors and warnings when they are shown, the summary, the CSV, the debugger's
//! text), and JSON output through [`write_json`].
//!
//! Escaped are the control characters (C0, DEL, C1: `char::is_control`) and the bidirectional
//! formatting characters. `\n`, `\r` and `\t` are written as those two characters, the other
//! characters below U+0080 as `\x1b`, the rest as `\u{9b}`. A backslash is left as it is, so
//! escaping twice changes nothing.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use serde::Serialize;

/// Whether `c` is shown escaped: a control character, or one that reorders the text around it.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character [`needs_escape`] says so written out as an escape; borrowed when
/// there is none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) && c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Write `value` as one line of JSON with every string character [`needs_escape`] says so as a
/// `\uXXXX` escape: serde_json escapes only those below U+0020, and DEL, C1 and the
/// bidirectional controls would reach the terminal raw. The JSON means the same. A failed write
/// is returned as it was (a closed pipe stays [`io::ErrorKind::BrokenPipe`]).
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn io::Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Escaping);
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's compact formatter, escaping what [`needs_escape`] says besides.
struct Escaping;

impl serde_json::ser::Formatter for Escaping {
    fn write_string_fragment<W: io::Write + ?Sized>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (k, c) in fragment.char_indices().filter(|&(_, c)| needs_escape(c)) {
            w.write_all(&fragment.as_bytes()[start..k])?;
            write!(w, "\\u{:04x}", c as u32)?;
            start = k + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("lstm_1"), "lstm_1");
        assert!(matches!(printable("dense (Dense) ▅ é"), Cow::Borrowed(_)));
        assert_eq!(printable("a\x1b]52;c;aGk=\x07b"), "a\\x1b]52;c;aGk=\\x07b");
        assert_eq!(printable("\x1b[2J\u{9b}31m\x7f\0"), "\\x1b[2J\\u{9b}31m\\x7f\\x00");
        assert_eq!(printable("one\ntwo\r\tthree"), "one\\ntwo\\r\\tthree");
        assert_eq!(printable("abc\u{202e}fed\u{2069}"), "abc\\u{202e}fed\\u{2069}");
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        let once = printable("x\x1b[2J\u{9b}\\x1b").into_owned();
        assert_eq!(printable(&once), once);
    }

    #[test]
    fn json_escapes_c1_and_del_and_stays_the_same_json() {
        let name = "lstm\x1b]52;c;aGk=\x07\u{9b}2J\x7f\u{202e}é\"\\";
        let mut out = Vec::new();
        write_json(&mut out, &serde_json::json!({ "name": name, "x": [1.5, 2] })).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#"{"name":"lstm\u001b]52;c;aGk=\u0007\u009b2J\u007f\u202eé\"\\","x":[1.5,2]}"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], name);
    }
}

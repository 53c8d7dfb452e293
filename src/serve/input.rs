//! The bytes a student's terminal sends over SSH, parsed into terminal events (crossterm's types,
//! so `run`'s own mapping turns them into the debugger's keys): UTF-8 text, control keys, CSI and
//! SS3 keys (arrows, Home/End, PgUp/PgDn, F1–F12, with modifiers), Alt as a leading ESC, SGR and
//! X10 mouse reports, and bracketed paste.
//!
//! Every state is bounded: a sequence split across packets waits in at most [`MAX_SEQUENCE`] bytes,
//! a longer or unknown one is skipped, a byte that is not UTF-8 is dropped, and a paste keeps at
//! most [`MAX_PASTE`] bytes. A lone ESC is the Esc key once [`ESC_WAIT`] passes with nothing after
//! it; the caller asks [`Parser::wait`] how long to wait and calls [`Parser::expire`] when it did.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// The longest escape sequence kept while waiting for its end; longer ones are skipped.
pub const MAX_SEQUENCE: usize = 64;
/// The most of a bracketed paste kept; the rest is read and dropped.
pub const MAX_PASTE: usize = 16 * 1024;
/// How long a lone ESC (or an unfinished sequence) waits for the bytes that would continue it.
pub const ESC_WAIT: Duration = Duration::from_millis(50);
/// A paste whose end marker does not come within this long of silence is ended.
pub const PASTE_WAIT: Duration = Duration::from_secs(2);

const PASTE_END: &[u8] = b"\x1b[201~";

/// The input parser of one SSH session.
#[derive(Debug, Default)]
pub struct Parser {
    /// An unfinished escape sequence or UTF-8 character (at most [`MAX_SEQUENCE`] bytes).
    pending: Vec<u8>,
    /// Skipping a CSI sequence that grew too long, until its final byte.
    skipping: bool,
    /// Inside a bracketed paste.
    paste: Option<Paste>,
}

#[derive(Debug, Default)]
struct Paste {
    text: Vec<u8>,
    /// How many bytes of [`PASTE_END`] have been matched.
    matched: usize,
}

impl Paste {
    fn push(&mut self, b: u8) {
        if self.text.len() < MAX_PASTE {
            self.text.push(b);
        }
    }
}

/// What a byte sequence at the front of the pending bytes is.
enum Parsed {
    /// Complete: this many bytes, giving this event (if any).
    Done(usize, Option<Event>),
    /// More bytes are needed.
    Incomplete,
    /// `ESC [ 200 ~`, this many bytes: a bracketed paste begins.
    PasteStart(usize),
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Event> {
    Some(Event::Key(KeyEvent::new(code, modifiers)))
}

impl Parser {
    pub fn new() -> Parser {
        Parser::default()
    }

    /// Parse more bytes, appending the events they complete.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        for &b in bytes {
            self.byte(b, out);
        }
    }

    /// How many bytes the parser holds (bounded by [`MAX_SEQUENCE`] + [`MAX_PASTE`]).
    pub fn buffered(&self) -> usize {
        self.pending.len() + self.paste.as_ref().map_or(0, |p| p.text.len())
    }

    /// How long to wait for more bytes before [`Parser::expire`], when something is unfinished.
    pub fn wait(&self) -> Option<Duration> {
        if self.paste.is_some() {
            Some(PASTE_WAIT)
        } else if self.pending.is_empty() {
            None
        } else {
            Some(ESC_WAIT)
        }
    }

    /// No more bytes came within [`Parser::wait`]: a lone ESC is the Esc key, an unfinished
    /// sequence is dropped, a paste ends with what it has.
    pub fn expire(&mut self, out: &mut Vec<Event>) {
        if let Some(paste) = self.paste.take() {
            out.push(Event::Paste(String::from_utf8_lossy(&paste.text).into_owned()));
        }
        if self.pending == [0x1b] {
            out.extend(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        self.pending.clear();
    }

    fn byte(&mut self, b: u8, out: &mut Vec<Event>) {
        if let Some(paste) = &mut self.paste {
            if b == PASTE_END[paste.matched] {
                paste.matched += 1;
                if paste.matched == PASTE_END.len() {
                    let text = std::mem::take(&mut paste.text);
                    self.paste = None;
                    out.push(Event::Paste(String::from_utf8_lossy(&text).into_owned()));
                }
                return;
            }
            // The end marker's first byte appears nowhere else in it, so a broken match restarts.
            for &m in &PASTE_END[..paste.matched] {
                paste.push(m);
            }
            paste.matched = usize::from(b == PASTE_END[0]);
            if paste.matched == 0 {
                paste.push(b);
            }
            return;
        }
        if self.skipping {
            if b == 0x1b {
                self.skipping = false;
            } else {
                if (0x40..=0x7e).contains(&b) {
                    self.skipping = false;
                }
                return;
            }
        }
        if b == 0x1b && !self.pending.is_empty() {
            if self.pending == [0x1b] {
                // ESC ESC: the first was the Esc key; the second starts afresh.
                out.extend(key(KeyCode::Esc, KeyModifiers::NONE));
                return;
            }
            // An unfinished sequence or character cut by a new escape: drop it.
            self.pending.clear();
        }
        self.pending.push(b);
        loop {
            match parse(&self.pending) {
                Parsed::Incomplete => {
                    if self.pending.len() >= MAX_SEQUENCE {
                        self.skipping = self.pending.starts_with(b"\x1b[");
                        self.pending.clear();
                    }
                    return;
                }
                Parsed::Done(n, event) => {
                    self.pending.drain(..n);
                    out.extend(event);
                    if self.pending.is_empty() {
                        return;
                    }
                }
                Parsed::PasteStart(n) => {
                    self.pending.drain(..n);
                    self.paste = Some(Paste::default());
                    let rest = std::mem::take(&mut self.pending);
                    return self.feed(&rest, out);
                }
            }
        }
    }
}

/// Parse the sequence at the front of `bytes` (never empty).
fn parse(bytes: &[u8]) -> Parsed {
    match bytes[0] {
        0x1b => escape(bytes),
        b'\r' => Parsed::Done(1, key(KeyCode::Enter, KeyModifiers::NONE)),
        b'\t' => Parsed::Done(1, key(KeyCode::Tab, KeyModifiers::NONE)),
        0x7f | 0x08 => Parsed::Done(1, key(KeyCode::Backspace, KeyModifiers::NONE)),
        0x00 => Parsed::Done(1, key(KeyCode::Char(' '), KeyModifiers::CONTROL)),
        c @ 0x01..=0x1a => Parsed::Done(1, key(KeyCode::Char((b'a' + c - 1) as char), KeyModifiers::CONTROL)),
        c @ 0x1c..=0x1f => Parsed::Done(1, key(KeyCode::Char((b'4' + c - 0x1c) as char), KeyModifiers::CONTROL)),
        _ => utf8(bytes, KeyModifiers::NONE, 0),
    }
}

/// One UTF-8 character at `bytes[at..]`, as a key with these modifiers; an invalid byte is dropped.
fn utf8(bytes: &[u8], modifiers: KeyModifiers, at: usize) -> Parsed {
    let rest = &bytes[at..];
    let len = match rest[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Parsed::Done(at + 1, None),
    };
    if rest.len() < len {
        // Continuation bytes must still be possible, or the lead byte is dropped at once.
        return match std::str::from_utf8(rest) {
            Err(e) if e.error_len().is_some() => Parsed::Done(at + 1, None),
            _ => Parsed::Incomplete,
        };
    }
    match std::str::from_utf8(&rest[..len]) {
        Ok(s) => {
            let c = s.chars().next().expect("one character");
            Parsed::Done(at + len, key(KeyCode::Char(c), modifiers))
        }
        Err(_) => Parsed::Done(at + 1, None),
    }
}

fn escape(bytes: &[u8]) -> Parsed {
    let Some(&second) = bytes.get(1) else {
        return Parsed::Incomplete;
    };
    match second {
        b'[' => csi(bytes),
        b'O' => match bytes.get(2) {
            None => Parsed::Incomplete,
            Some(&f) => Parsed::Done(3, final_key(f, KeyModifiers::NONE)),
        },
        // Alt held: ESC then the key. Alt-[ and Alt-O wait as a sequence would.
        _ => match parse(&bytes[1..]) {
            Parsed::Incomplete => Parsed::Incomplete,
            Parsed::Done(n, Some(Event::Key(k))) => Parsed::Done(n + 1, key(k.code, k.modifiers | KeyModifiers::ALT)),
            Parsed::Done(n, other) => Parsed::Done(n + 1, other),
            Parsed::PasteStart(n) => Parsed::Done(n + 1, None),
        },
    }
}

/// The key of a CSI or SS3 sequence's final byte (A–D arrows, H/F Home/End, P–S F1–F4).
fn final_key(f: u8, modifiers: KeyModifiers) -> Option<Event> {
    let code = match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        b'Z' => return key(KeyCode::BackTab, modifiers | KeyModifiers::SHIFT),
        _ => return None,
    };
    key(code, modifiers)
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers(param: Option<u32>) -> KeyModifiers {
    modifier_bits(param.unwrap_or(1).saturating_sub(1))
}

/// The modifiers in xterm's bits: shift 1, alt 2, ctrl 4.
fn modifier_bits(bits: u32) -> KeyModifiers {
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

fn csi(bytes: &[u8]) -> Parsed {
    // X10 mouse: ESC [ M then three bytes, each 32 + value.
    if bytes.get(2) == Some(&b'M') {
        return match bytes.get(3..6) {
            Some(&[cb, cx, cy]) => Parsed::Done(
                6,
                mouse(
                    u32::from(cb.saturating_sub(32)),
                    u32::from(cx.saturating_sub(32)),
                    u32::from(cy.saturating_sub(32)),
                    true,
                ),
            ),
            _ => Parsed::Incomplete,
        };
    }
    let Some(end) = bytes[2..].iter().position(|b| (0x40..=0x7e).contains(b)) else {
        return Parsed::Incomplete;
    };
    let len = 2 + end + 1;
    let body = &bytes[2..len - 1];
    let f = bytes[len - 1];
    if body.iter().any(|b| !(0x20..=0x3f).contains(b)) {
        return Parsed::Done(len, None);
    }
    let sgr = body.first() == Some(&b'<');
    let params: Vec<Option<u32>> = body[usize::from(sgr)..]
        .split(|&b| b == b';')
        .map(|p| {
            let digits = p.split(|&b| b == b':').next().unwrap_or_default();
            std::str::from_utf8(digits).ok()?.parse().ok()
        })
        .collect();
    let param = |k: usize| params.get(k).copied().flatten();
    if sgr {
        return Parsed::Done(
            len,
            match (param(0), param(1), param(2), f) {
                (Some(b), Some(x), Some(y), b'M' | b'm') => mouse(b, x, y, f == b'M'),
                _ => None,
            },
        );
    }
    if body.first().is_some_and(|b| !b.is_ascii_digit() && *b != b';') {
        // Private sequences (replies such as ESC [ ? 1 ; 2 c) are not keys.
        return Parsed::Done(len, None);
    }
    let event = match (f, param(0)) {
        (b'~', Some(200)) => return Parsed::PasteStart(len),
        (b'~', n) => tilde(n, modifiers(param(1))),
        (_, _) => final_key(f, modifiers(param(1))),
    };
    Parsed::Done(len, event)
}

/// `ESC [ n ~` keys (a stray paste end, 201, is none).
fn tilde(n: Option<u32>, modifiers: KeyModifiers) -> Option<Event> {
    let code = match n? {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        n @ 11..=15 => KeyCode::F((n - 10) as u8),
        n @ 17..=21 => KeyCode::F((n - 11) as u8),
        n @ 23..=24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    };
    key(code, modifiers)
}

/// A mouse report: button code (low bits the button, 4 shift, 8 alt, 16 ctrl, 32 motion,
/// 64 wheel) and 1-based column and row.
fn mouse(b: u32, x: u32, y: u32, press: bool) -> Option<Event> {
    let button = match b & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if b & 64 != 0 {
        match b & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        if b & 3 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if !press || b & 3 == 3 {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let modifiers = modifier_bits(b >> 2);
    let coordinate = |v: u32| u16::try_from(v.saturating_sub(1)).unwrap_or(u16::MAX);
    Some(Event::Mouse(MouseEvent {
        kind,
        column: coordinate(x),
        row: coordinate(y),
        modifiers,
    }))
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;

//! The keys and the `:` commands, below everything that reads them: the key names (as `--keys`
//! takes them), one binding table per mode (the panes, the help screen, the command line) of
//! (key, alternative keys, action, description) in `bindings`, and the command table in
//! `commands`. The key handling, the `?` help screen, the footer hints, `--help` and
//! docs/KEYS.md (`doc`) are all made from them.

mod bindings;
mod commands;
mod doc;

pub use bindings::*;
pub use commands::*;
pub use doc::*;

use std::fmt;

/// A key press, independent of the terminal library that reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    /// A letter with Ctrl held.
    Ctrl(char),
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    Tab,
    BackTab,
    Enter,
    Esc,
    Backspace,
}

/// Names of the keys that are not a single character, as `--keys` and the help screen spell them.
pub(crate) const NAMED: [(Key, &str); 14] = [
    (Key::Left, "Left"),
    (Key::Right, "Right"),
    (Key::Up, "Up"),
    (Key::Down, "Down"),
    (Key::Home, "Home"),
    (Key::End, "End"),
    (Key::PageUp, "PageUp"),
    (Key::PageDown, "PageDown"),
    (Key::Tab, "Tab"),
    (Key::BackTab, "BackTab"),
    (Key::Enter, "Enter"),
    (Key::Esc, "Esc"),
    (Key::Backspace, "Backspace"),
    (Key::Char(' '), "Space"),
];

impl Key {
    /// Parse one key name: `Right`, `PageDown`, `Space`, `Ctrl-c`, or a single character.
    pub fn parse(name: &str) -> Option<Key> {
        if let Some((key, _)) = NAMED.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)) {
            return Some(*key);
        }
        if let Some(rest) = name.strip_prefix("Ctrl-").or_else(|| name.strip_prefix("C-")) {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Some(Key::Ctrl(c.to_ascii_lowercase())),
                _ => None,
            };
        }
        let mut chars = name.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(Key::Char(c)),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((_, name)) = NAMED.iter().find(|(k, _)| k == self) {
            return f.write_str(name);
        }
        match self {
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "Ctrl-{c}"),
            _ => unreachable!("every other key is named in NAMED"),
        }
    }
}

/// What is wrong with a `--keys` string; said in its `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeysError {
    /// A quote that is not closed.
    Unclosed(char),
    /// A word that names no key.
    Unknown(String),
}

impl fmt::Display for KeysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeysError::Unclosed(quote) => write!(f, "--keys: the quote {quote} is not closed"),
            KeysError::Unknown(word) => write!(
                f,
                "--keys: unknown key \"{word}\" (key names: a single character, {}, Ctrl-c; quote text to type it)",
                NAMED.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl std::error::Error for KeysError {}

/// Split a `--keys` string into keys: names separated by spaces; a quoted part ('...' or "...")
/// types each of its characters, so `: 'break f[3] < 0.1' Enter` enters a command.
pub fn parse_keys(text: &str) -> Result<Vec<Key>, KeysError> {
    let mut keys = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '\'' || c == '"' {
            chars.next();
            let mut closed = false;
            for q in chars.by_ref() {
                if q == c {
                    closed = true;
                    break;
                }
                keys.push(Key::Char(q));
            }
            if !closed {
                return Err(KeysError::Unclosed(c));
            }
        } else {
            let mut word = String::new();
            while let Some(&w) = chars.peek() {
                if w.is_whitespace() {
                    break;
                }
                word.push(w);
                chars.next();
            }
            keys.push(Key::parse(&word).ok_or(KeysError::Unknown(word))?);
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_is_typed() {
        let keys = parse_keys(": 'b x' Enter").unwrap();
        assert_eq!(
            keys,
            vec![
                Key::Char(':'),
                Key::Char('b'),
                Key::Char(' '),
                Key::Char('x'),
                Key::Enter
            ]
        );
        assert_eq!(parse_keys("Rigth"), Err(KeysError::Unknown("Rigth".into())));
        assert!(KeysError::Unknown("Rigth".into()).to_string().contains("\"Rigth\""));
        assert_eq!(parse_keys("'open"), Err(KeysError::Unclosed('\'')));
    }
}

//! The key bindings: one table of (key, alternative keys, action, description) that the event
//! handler, the `?` help screen, the footer hints and `lstm-tui frame --keys` all read.

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
const NAMED: [(Key, &str); 14] = [
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

/// Everything a key can ask the debugger to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextStep,
    PrevStep,
    FirstStep,
    LastStep,
    PageForward,
    PageBack,
    FirstWord,
    GotoPrompt,
    NextLayer,
    PrevLayer,
    NextUnit,
    PrevUnit,
    SwitchDirection,
    PlayPause,
    Faster,
    Slower,
    ToggleBreakpoint,
    Continue,
    ReverseContinue,
    NextQuantity,
    PrevQuantity,
    NextInfo,
    CommandLine,
    Help,
    Quit,
}

/// One row of the binding table.
#[derive(Debug)]
pub struct Binding {
    pub key: Key,
    pub alternatives: &'static [Key],
    pub action: Action,
    /// What the help screen says.
    pub description: &'static str,
    /// A short word for the footer, for the bindings worth a hint there (in this order).
    pub hint: Option<&'static str>,
}

/// How many timesteps PageUp and PageDown move.
pub const PAGE: usize = 10;

const fn bind(
    key: Key,
    alternatives: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        key,
        alternatives,
        action,
        description,
        hint,
    }
}

/// The key bindings, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        Key::Right,
        &[Key::Char('l')],
        Action::NextStep,
        "next timestep",
        Some("step"),
    ),
    bind(
        Key::Left,
        &[Key::Char('h')],
        Action::PrevStep,
        "previous timestep",
        None,
    ),
    bind(Key::Home, &[Key::Char('g')], Action::FirstStep, "first timestep", None),
    bind(Key::End, &[Key::Char('G')], Action::LastStep, "last timestep", None),
    bind(Key::PageDown, &[], Action::PageForward, "10 timesteps forward", None),
    bind(Key::PageUp, &[], Action::PageBack, "10 timesteps back", None),
    bind(Key::Char('w'), &[], Action::FirstWord, "skip leading padding", None),
    bind(Key::Char('t'), &[], Action::GotoPrompt, "go to a typed timestep", None),
    bind(
        Key::Down,
        &[Key::Char('j')],
        Action::NextLayer,
        "next layer",
        Some("layer"),
    ),
    bind(Key::Up, &[Key::Char('k')], Action::PrevLayer, "previous layer", None),
    bind(
        Key::Char(']'),
        &[Key::Tab, Key::Char('L')],
        Action::NextUnit,
        "next unit",
        Some("unit"),
    ),
    bind(
        Key::Char('['),
        &[Key::BackTab, Key::Char('H')],
        Action::PrevUnit,
        "previous unit",
        None,
    ),
    bind(
        Key::Char('d'),
        &[],
        Action::SwitchDirection,
        "forward/backward cell",
        None,
    ),
    bind(
        Key::Char(' '),
        &[Key::Char('p')],
        Action::PlayPause,
        "play / pause",
        Some("play"),
    ),
    bind(Key::Char('+'), &[Key::Char('=')], Action::Faster, "play faster", None),
    bind(Key::Char('-'), &[], Action::Slower, "play slower", None),
    bind(
        Key::Char('b'),
        &[],
        Action::ToggleBreakpoint,
        "breakpoint at t on/off",
        Some("break"),
    ),
    bind(
        Key::Char('n'),
        &[Key::Char('c')],
        Action::Continue,
        "run to next breakpoint",
        Some("next bp"),
    ),
    bind(
        Key::Char('N'),
        &[Key::Char('C')],
        Action::ReverseContinue,
        "reverse to breakpoint",
        None,
    ),
    bind(
        Key::Char('v'),
        &[],
        Action::NextQuantity,
        "next timeline quantity",
        Some("view"),
    ),
    bind(
        Key::Char('V'),
        &[],
        Action::PrevQuantity,
        "prev timeline quantity",
        None,
    ),
    bind(Key::Char('i'), &[], Action::NextInfo, "lesson/shapes/output", None),
    bind(
        Key::Char(':'),
        &[],
        Action::CommandLine,
        "command line, below",
        Some("cmd"),
    ),
    bind(Key::Char('?'), &[], Action::Help, "this help", Some("help")),
    bind(Key::Char('q'), &[Key::Ctrl('c')], Action::Quit, "quit", Some("quit")),
];

/// The action bound to a key, if any.
pub fn action_for(key: Key) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.key == key || b.alternatives.contains(&key))
        .map(|b| b.action)
}

/// The binding of an action (every action has exactly one).
pub fn binding(action: Action) -> &'static Binding {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .expect("every action is in the table")
}

/// The `:` commands, as the help screen lists them (syntax, description).
pub const COMMANDS: &[(&str, &str)] = &[
    (":120  :goto 120", "go to timestep 120"),
    (":break f[3] < 0.1", "stop where unit 3's forget gate < 0.1"),
    (":break layer=2 max|c| > 2", "any |c| of layer 2 above 2"),
    (":break mean h > 0.2", "also min, max, max|q|, |q[u]|"),
    (":break dir=backward o[0] > .9", "a Bidirectional's backward cell"),
    (":break token=not", "stop where the input is that word"),
    (":break  :break 120", "breakpoint at t, or at t = 120"),
    (":delete 2  :clear  :list", "remove one, remove all, list"),
    (":timeline c  :unit 5  :layer 2", "what the timeline shows, focus"),
    (":speed 8  :theme light", "steps per second, colours"),
];

/// The bindings and key names as text, for `--help` and docs/KEYS.md.
pub fn help_text() -> String {
    let width = BINDINGS.iter().map(|b| keys_of(b).len()).max().unwrap_or(0);
    let mut out = String::from("Keys (names as --keys takes them):\n");
    for b in BINDINGS {
        out.push_str(&format!("  {:<width$}  {}\n", keys_of(b), b.description));
    }
    out.push_str("\nCommands (after :):\n");
    let width = COMMANDS.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (syntax, what) in COMMANDS {
        out.push_str(&format!("  {syntax:<width$}  {what}\n"));
    }
    out.push_str(&format!(
        "\nKey names: a single character, {}, Ctrl-c. In --keys, quoted text is typed as it is:\n  --keys \": 'break f[3] < 0.1' Enter n\"\n",
        NAMED.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
    ));
    out
}

/// A binding's keys as the help lists them: `Right, l`.
pub fn keys_of(b: &Binding) -> String {
    std::iter::once(&b.key)
        .chain(b.alternatives)
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Split a `--keys` string into keys: names separated by spaces; a quoted part ('...' or "...")
/// types each of its characters, so `: 'break f[3] < 0.1' Enter` enters a command.
pub fn parse_keys(text: &str) -> Result<Vec<Key>, String> {
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
                return Err(format!("--keys: the quote {c} is not closed"));
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
            keys.push(Key::parse(&word).ok_or_else(|| {
                format!(
                    "--keys: unknown key \"{word}\" (key names: a single character, {}, Ctrl-c; quote text to type it)",
                    NAMED.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
                )
            })?);
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for b in BINDINGS {
            for k in std::iter::once(&b.key).chain(b.alternatives) {
                assert_eq!(Key::parse(&k.to_string()), Some(*k), "{k}");
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = std::collections::HashSet::new();
        for b in BINDINGS {
            for k in std::iter::once(&b.key).chain(b.alternatives) {
                assert!(seen.insert(*k), "{k} is bound twice");
            }
        }
    }

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
        assert!(parse_keys("Rigth").unwrap_err().contains("\"Rigth\""));
        assert!(parse_keys("'open").is_err());
    }
}

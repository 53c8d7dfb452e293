//! The keys and the `:` commands, below everything that reads them: the key names (as `--keys`
//! takes them), one binding table per mode (the panes, the help screen, the command line) of
//! (key, alternative keys, action, description) and the command table. The key handling, the `?`
//! help screen, the footer hints, `--help` and docs/KEYS.md are all made from them.

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
    NextNote,
    PrevNote,
    NextLayer,
    PrevLayer,
    NextUnit,
    PrevUnit,
    SwitchDirection,
    PlayPause,
    /// Stop playing; nothing else changes.
    Pause,
    Faster,
    Slower,
    ToggleBreakpoint,
    Continue,
    ReverseContinue,
    NextQuantity,
    PrevQuantity,
    ToggleScale,
    NextInfo,
    CommandLine,
    Help,
    /// Stop the process as any terminal program does on Ctrl-Z; `fg` resumes. The terminal
    /// runner does it before the app sees the key.
    Suspend,
    Quit,
    /// In the help screen.
    CloseHelp,
    ScrollDown,
    ScrollUp,
    ScrollPageDown,
    ScrollPageUp,
    /// On the command line.
    RunLine,
    CancelLine,
    ClearLine,
    EraseChar,
    /// In a class (`lstm-tui serve`): the seat takes these before the app sees them.
    Follow,
    Roster,
    Lessons,
    /// In the lesson picker.
    NextChoice,
    PrevChoice,
    Open,
    /// On the roster.
    ClosePage,
    /// In a question's panel.
    Answer,
    SkipQuestion,
}

/// One row of a binding table.
#[derive(Debug)]
pub struct Binding {
    pub key: Key,
    pub alternatives: &'static [Key],
    pub action: Action,
    /// What the help lists.
    pub description: &'static str,
    /// A short word for the footer (or the help screen's status line), for the bindings worth a
    /// hint there (in this order).
    pub hint: Option<&'static str>,
}

impl Binding {
    /// The key and its first `alternatives` as text, joined by `sep`: `Down/j`.
    pub fn keys(&self, alternatives: usize, sep: &str) -> String {
        std::iter::once(&self.key)
            .chain(self.alternatives.iter().take(alternatives))
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The key and its first `alternatives` as said in a sentence: `Esc, ? or q`.
    pub fn keys_spoken(&self, alternatives: usize) -> String {
        let all = self.keys(alternatives, ", ");
        match all.rsplit_once(", ") {
            Some((first, last)) => format!("{first} or {last}"),
            None => all,
        }
    }

    /// The hint word, or the description where there is none.
    pub fn hint(&self) -> &'static str {
        self.hint.unwrap_or(self.description)
    }
}

/// How many timesteps PageUp and PageDown move.
pub const PAGE: usize = 10;

/// How many rows PageUp and PageDown scroll the help screen.
pub const HELP_PAGE: u16 = 10;

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

/// The key bindings on the panes, in the order the help screen lists them.
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
    bind(Key::Char('>'), &[], Action::NextNote, "next lesson note", Some("note")),
    bind(Key::Char('<'), &[], Action::PrevNote, "previous lesson note", None),
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
    bind(Key::Esc, &[], Action::Pause, "pause", None),
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
    bind(Key::Char('s'), &[], Action::ToggleScale, "fixed / auto scales", None),
    bind(Key::Char('i'), &[], Action::NextInfo, "lesson/shapes/output", None),
    bind(
        Key::Char(':'),
        &[],
        Action::CommandLine,
        "command line, below",
        Some("cmd"),
    ),
    bind(Key::Char('?'), &[], Action::Help, "this help", Some("help")),
    bind(Key::Ctrl('z'), &[], Action::Suspend, "suspend (fg resumes)", None),
    bind(Key::Char('q'), &[Key::Ctrl('c')], Action::Quit, "quit", Some("quit")),
];

/// The keys of the help screen. Its status line names the first three keys that close it.
pub const HELP_BINDINGS: &[Binding] = &[
    bind(
        Key::Esc,
        &[Key::Char('?'), Key::Char('q'), Key::Enter],
        Action::CloseHelp,
        "close the help",
        Some("closes"),
    ),
    bind(
        Key::Down,
        &[Key::Char('j')],
        Action::ScrollDown,
        "scroll down a line",
        Some("scrolls"),
    ),
    bind(Key::Up, &[Key::Char('k')], Action::ScrollUp, "scroll up a line", None),
    bind(
        Key::PageDown,
        &[Key::Char(' ')],
        Action::ScrollPageDown,
        "scroll down 10 lines",
        None,
    ),
    bind(Key::PageUp, &[], Action::ScrollPageUp, "scroll up 10 lines", None),
    bind(Key::Ctrl('c'), &[], Action::Quit, "quit", None),
];

/// The keys of the `:` command line; every other character is typed.
pub const PROMPT_BINDINGS: &[Binding] = &[
    bind(Key::Enter, &[], Action::RunLine, "run the command", Some("runs")),
    bind(Key::Esc, &[], Action::CancelLine, "close the line", Some("cancels")),
    bind(Key::Ctrl('u'), &[], Action::ClearLine, "clear the line", None),
    bind(
        Key::Backspace,
        &[],
        Action::EraseChar,
        "erase a character (an empty line closes)",
        None,
    ),
    bind(Key::Ctrl('c'), &[], Action::Quit, "quit", None),
];

/// The keys of a class (`lstm-tui serve`), on top of the panes' keys: the seat acts on them
/// before the app sees them, so they are bound to nothing on the panes.
pub const CLASS_BINDINGS: &[Binding] = &[
    bind(
        Key::Char('f'),
        &[],
        Action::Follow,
        "a student: explore alone / follow the presenter again",
        Some("follows"),
    ),
    bind(
        Key::Char('o'),
        &[],
        Action::Lessons,
        "the lesson picker, when the class has several lessons",
        Some("lessons"),
    ),
    bind(
        Key::Char('r'),
        &[],
        Action::Roster,
        "the presenter: the roster of students",
        Some("roster"),
    ),
];

/// The keys of the lesson picker.
pub const PICKER_BINDINGS: &[Binding] = &[
    bind(
        Key::Down,
        &[Key::Char('j')],
        Action::NextChoice,
        "next lesson",
        Some("next"),
    ),
    bind(Key::Up, &[Key::Char('k')], Action::PrevChoice, "previous lesson", None),
    bind(
        Key::Enter,
        &[Key::Right, Key::Char('l')],
        Action::Open,
        "open the lesson",
        Some("opens"),
    ),
    bind(Key::Char('q'), &[Key::Ctrl('c')], Action::Quit, "quit", Some("quits")),
];

/// The keys of the presenter's roster.
pub const ROSTER_BINDINGS: &[Binding] = &[
    bind(
        Key::Esc,
        &[Key::Char('r'), Key::Char('q')],
        Action::ClosePage,
        "close the roster",
        Some("closes"),
    ),
    bind(
        Key::Down,
        &[Key::Char('j')],
        Action::ScrollDown,
        "scroll down a line",
        Some("scrolls"),
    ),
    bind(Key::Up, &[Key::Char('k')], Action::ScrollUp, "scroll up a line", None),
];

/// A table's hints as a foot line: `Down/j next · Enter opens · q quits`.
pub fn hint_line(table: &[Binding], dot: &str) -> String {
    table
        .iter()
        .filter(|b| b.hint.is_some())
        .map(|b| format!("{} {}", b.keys(1, "/"), b.hint()))
        .collect::<Vec<_>>()
        .join(&format!(" {dot} "))
}

/// The keys of a question's panel; a number key picks a choice, and digits, `.`, `,` and `-`
/// type a number.
pub const QUESTION_BINDINGS: &[Binding] = &[
    bind(
        Key::Enter,
        &[],
        Action::Answer,
        "answer the typed number; after an answer, go on",
        Some("answers"),
    ),
    bind(
        Key::Esc,
        &[],
        Action::SkipQuestion,
        "skip the question (asked again on coming back)",
        Some("skips"),
    ),
    bind(Key::Backspace, &[], Action::EraseChar, "erase a typed character", None),
    bind(Key::Ctrl('c'), &[], Action::Quit, "quit", None),
];

/// The action a key is bound to in a table, if any.
pub fn action_in(table: &[Binding], key: Key) -> Option<Action> {
    table
        .iter()
        .find(|b| b.key == key || b.alternatives.contains(&key))
        .map(|b| b.action)
}

/// The binding of an action in a table (every action of a table has exactly one).
pub fn binding_in(table: &'static [Binding], action: Action) -> &'static Binding {
    table
        .iter()
        .find(|b| b.action == action)
        .expect("every action is in its table")
}

/// The action bound to a key on the panes, if any.
pub fn action_for(key: Key) -> Option<Action> {
    action_in(BINDINGS, key)
}

/// The binding of an action on the panes.
pub fn binding(action: Action) -> &'static Binding {
    binding_in(BINDINGS, action)
}

/// The `:` commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Break,
    Goto,
    Delete,
    Clear,
    List,
    Timeline,
    Unit,
    Layer,
    Speed,
    Sort,
    Theme,
    Help,
    Quit,
}

/// The command table: each command with its name and the shorter names it answers to. A line of
/// digits alone (`:120`) is a goto.
pub const COMMANDS: &[(Command, &[&str])] = &[
    (Command::Break, &["break", "b"]),
    (Command::Goto, &["goto", "g", "t"]),
    (Command::Delete, &["delete", "d"]),
    (Command::Clear, &["clear"]),
    (Command::List, &["list", "l", "breaks"]),
    (Command::Timeline, &["timeline", "show"]),
    (Command::Unit, &["unit", "u"]),
    (Command::Layer, &["layer"]),
    (Command::Speed, &["speed"]),
    (Command::Sort, &["sort"]),
    (Command::Theme, &["theme"]),
    (Command::Help, &["help", "h"]),
    (Command::Quit, &["quit", "q"]),
];

/// The command a typed word names, if any.
pub fn command_named(word: &str) -> Option<Command> {
    COMMANDS
        .iter()
        .find(|(_, names)| names.contains(&word))
        .map(|(c, _)| *c)
}

/// The commands' names, for messages: `break, goto, ...`.
pub fn command_names() -> String {
    COMMANDS
        .iter()
        .map(|(_, names)| names[0])
        .collect::<Vec<_>>()
        .join(", ")
}

/// Examples of the commands, as the help lists them (what to type, what it does); every command
/// they type is in [`COMMANDS`] (a test checks).
pub const COMMAND_EXAMPLES: &[(&str, &str)] = &[
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
    (
        ":sort correlation  :sort off",
        "units by |r| with signal, change, saturation",
    ),
];

/// A table's rows as `keys  description` lines, the keys padded to `width`.
fn table_text(out: &mut String, table: &[Binding], width: usize) {
    for b in table {
        out.push_str(&format!("  {:<width$}  {}\n", keys_of(b), b.description));
    }
}

/// The bindings, the commands and the key names as text, for `--help` and docs/KEYS.md.
pub fn help_text() -> String {
    let key_w = [
        BINDINGS,
        HELP_BINDINGS,
        PROMPT_BINDINGS,
        CLASS_BINDINGS,
        PICKER_BINDINGS,
        ROSTER_BINDINGS,
        QUESTION_BINDINGS,
    ]
    .iter()
    .flat_map(|t| t.iter())
    .map(|b| keys_of(b).len())
    .max()
    .unwrap_or(0);
    let mut out = String::from("Keys (names as --keys takes them):\n");
    table_text(&mut out, BINDINGS, key_w);
    out.push_str("\nCommands (after :):\n");
    let width = COMMAND_EXAMPLES.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (syntax, what) in COMMAND_EXAMPLES {
        out.push_str(&format!("  {syntax:<width$}  {what}\n"));
    }
    out.push_str("  Every command, with the shorter names it answers to:\n   ");
    let mut column = 3;
    for (k, (_, names)) in COMMANDS.iter().enumerate() {
        let mut entry = format!(" :{}", names[0]);
        if names.len() > 1 {
            entry.push_str(&format!(" ({})", names[1..].join(", ")));
        }
        if k + 1 < COMMANDS.len() {
            entry.push(',');
        }
        if column + entry.len() > 96 {
            out.push_str("\n   ");
            column = 3;
        }
        column += entry.len();
        out.push_str(&entry);
    }
    out.push('\n');
    out.push_str("\nIn the help screen:\n");
    table_text(&mut out, HELP_BINDINGS, key_w);
    out.push_str("\nOn the command line (other keys type):\n");
    table_text(&mut out, PROMPT_BINDINGS, key_w);
    out.push_str("\nIn a lesson's question (1 to 9 pick a choice; digits . , - type a number):\n");
    table_text(&mut out, QUESTION_BINDINGS, key_w);
    out.push_str("\nIn a class (lstm-tui serve), also:\n");
    table_text(&mut out, CLASS_BINDINGS, key_w);
    out.push_str("\nIn the lesson picker:\n");
    table_text(&mut out, PICKER_BINDINGS, key_w);
    out.push_str("\nOn the presenter's roster:\n");
    table_text(&mut out, ROSTER_BINDINGS, key_w);
    out.push_str(&format!(
        "\nKey names: a single character, {}, Ctrl-c. In --keys, quoted text is typed as it is:\n  --keys \": 'break f[3] < 0.1' Enter n\"\n",
        NAMED.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
    ));
    out
}

/// docs/KEYS.md as the tables make it (a test keeps the file equal to it).
pub fn keys_document() -> String {
    format!(
        "# Keys of `lstm-tui run`\n\nMade from the key and command tables in `src/keys.rs`, which also feed the `?` screen, the footer hints and `lstm-tui frame --keys`; `lstm-tui run --help` prints the same list. `UPDATE_KEYS_DOC=1 cargo test keys_document` writes it again.\n\n```text\n{}```\n",
        help_text()
    )
}

/// A binding's keys as the help lists them: `Right, l`.
pub fn keys_of(b: &Binding) -> String {
    b.keys(b.alternatives.len(), ", ")
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

    const TABLES: [&[Binding]; 7] = [
        BINDINGS,
        HELP_BINDINGS,
        PROMPT_BINDINGS,
        CLASS_BINDINGS,
        PICKER_BINDINGS,
        ROSTER_BINDINGS,
        QUESTION_BINDINGS,
    ];

    #[test]
    fn class_keys_are_free_on_the_panes() {
        for b in CLASS_BINDINGS {
            for k in std::iter::once(&b.key).chain(b.alternatives) {
                assert_eq!(action_for(*k), None, "{k} is a class key and a pane key");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for b in TABLES.iter().flat_map(|t| t.iter()) {
            for k in std::iter::once(&b.key).chain(b.alternatives) {
                assert_eq!(Key::parse(&k.to_string()), Some(*k), "{k}");
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        for table in TABLES {
            let mut seen = std::collections::HashSet::new();
            for b in table {
                for k in std::iter::once(&b.key).chain(b.alternatives) {
                    assert!(seen.insert(*k), "{k} is bound twice");
                }
            }
        }
    }

    #[test]
    fn no_action_is_bound_twice_in_a_table() {
        for table in TABLES {
            for b in table {
                assert_eq!(
                    table.iter().filter(|o| o.action == b.action).count(),
                    1,
                    "{:?}",
                    b.action
                );
            }
        }
    }

    #[test]
    fn examples_type_only_commands_of_the_table() {
        let mut named = std::collections::HashSet::new();
        for (typed, _) in COMMAND_EXAMPLES {
            for word in typed.split_whitespace().filter_map(|w| w.strip_prefix(':')) {
                if word.chars().all(|c| c.is_ascii_digit()) {
                    named.insert(Command::Goto);
                } else {
                    let c = command_named(word).unwrap_or_else(|| panic!(":{word} is not in the table"));
                    named.insert(c);
                }
            }
        }
        let unexampled: Vec<Command> = COMMANDS
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !named.contains(c))
            .collect();
        assert_eq!(unexampled, [Command::Help, Command::Quit], "the rest have an example");
        assert_eq!(command_named("show"), Some(Command::Timeline));
        assert_eq!(command_named("brake"), None);
    }

    #[test]
    fn keys_are_said_as_in_a_sentence() {
        let close = binding_in(HELP_BINDINGS, Action::CloseHelp);
        assert_eq!(close.keys_spoken(2), "Esc, ? or q");
        assert_eq!(close.keys_spoken(0), "Esc");
        assert_eq!(binding_in(HELP_BINDINGS, Action::ScrollDown).keys(1, "/"), "Down/j");
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
        assert_eq!(parse_keys("Rigth"), Err(KeysError::Unknown("Rigth".into())));
        assert!(KeysError::Unknown("Rigth".into()).to_string().contains("\"Rigth\""));
        assert_eq!(parse_keys("'open"), Err(KeysError::Unclosed('\'')));
    }
}

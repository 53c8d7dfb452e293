//! One binding table per mode (the panes, the help screen, the command line, a class, the lesson
//! picker, the roster, a question) of (key, alternative keys, action, description, footer hint),
//! and the look-ups the key handling and the hints make in them.

use super::Key;

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
    /// Open the weights view of the focused unit.
    Weights,
    /// Scroll the lesson, shapes or output pane when its text does not fit.
    InfoDown,
    InfoUp,
    CommandLine,
    Help,
    /// Stop the process as any terminal program does on Ctrl-Z; `fg` resumes. The terminal
    /// runner does it before the app sees the key.
    Suspend,
    Quit,
    /// In the help screen (and the weights view).
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

/// The rows several tables share: stepping and moving between units (the panes and the weights
/// view), scrolling (the help screen, the weights view and the roster) and Ctrl-c.
const NEXT_STEP: Binding = bind(
    Key::Right,
    &[Key::Char('l')],
    Action::NextStep,
    "next timestep",
    Some("step"),
);
const PREV_STEP: Binding = bind(
    Key::Left,
    &[Key::Char('h')],
    Action::PrevStep,
    "previous timestep",
    None,
);
const NEXT_UNIT: Binding = bind(
    Key::Char(']'),
    &[Key::Tab, Key::Char('L')],
    Action::NextUnit,
    "next unit",
    Some("unit"),
);
const PREV_UNIT: Binding = bind(
    Key::Char('['),
    &[Key::BackTab, Key::Char('H')],
    Action::PrevUnit,
    "previous unit",
    None,
);
const SWITCH_DIRECTION: Binding = bind(
    Key::Char('d'),
    &[],
    Action::SwitchDirection,
    "forward/backward cell",
    None,
);
const SCROLL_DOWN: Binding = bind(
    Key::Down,
    &[Key::Char('j')],
    Action::ScrollDown,
    "scroll down a line",
    Some("scrolls"),
);
const SCROLL_UP: Binding = bind(Key::Up, &[Key::Char('k')], Action::ScrollUp, "scroll up a line", None);
const SCROLL_PAGE_DOWN: Binding = bind(
    Key::PageDown,
    &[Key::Char(' ')],
    Action::ScrollPageDown,
    "scroll down 10 lines",
    None,
);
const SCROLL_PAGE_UP: Binding = bind(Key::PageUp, &[], Action::ScrollPageUp, "scroll up 10 lines", None);
const QUIT_BY_CTRL_C: Binding = bind(Key::Ctrl('c'), &[], Action::Quit, "quit", None);

/// The key bindings on the panes, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    NEXT_STEP,
    PREV_STEP,
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
    NEXT_UNIT,
    PREV_UNIT,
    SWITCH_DIRECTION,
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
    bind(Key::Char('J'), &[], Action::InfoDown, "scroll that pane down", None),
    bind(Key::Char('K'), &[], Action::InfoUp, "scroll that pane up", None),
    bind(
        Key::Char('u'),
        &[],
        Action::Weights,
        "weights of the unit",
        Some("weights"),
    ),
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

/// The footer's hints from the most wanted to the least: as many as fit show, in table order, so
/// that at 80 columns the keys a student needs first are there (and `?` for the rest).
pub const HINT_PRIORITY: &[Action] = &[
    Action::Help,
    Action::Quit,
    Action::NextNote,
    Action::NextStep,
    Action::NextLayer,
    Action::CommandLine,
    Action::Weights,
    Action::Continue,
    Action::NextQuantity,
    Action::NextUnit,
    Action::PlayPause,
    Action::ToggleBreakpoint,
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
    SCROLL_DOWN,
    SCROLL_UP,
    SCROLL_PAGE_DOWN,
    SCROLL_PAGE_UP,
    QUIT_BY_CTRL_C,
];

/// The keys of the weights view: it scrolls, and the cursor moves under it as on the panes.
pub const WEIGHTS_BINDINGS: &[Binding] = &[
    bind(
        Key::Esc,
        &[Key::Char('u'), Key::Char('q'), Key::Enter],
        Action::CloseHelp,
        "close the weights view",
        Some("closes"),
    ),
    SCROLL_DOWN,
    SCROLL_UP,
    SCROLL_PAGE_DOWN,
    SCROLL_PAGE_UP,
    NEXT_STEP,
    PREV_STEP,
    NEXT_UNIT,
    PREV_UNIT,
    SWITCH_DIRECTION,
    QUIT_BY_CTRL_C,
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
    QUIT_BY_CTRL_C,
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
    SCROLL_DOWN,
    SCROLL_UP,
];

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
    QUIT_BY_CTRL_C,
];

/// Every binding table, headed as the key list (`--help`, docs/KEYS.md) heads it, in its order.
pub const TABLES: [(&str, &[Binding]); 8] = [
    ("Keys (names as --keys takes them)", BINDINGS),
    ("In the help screen", HELP_BINDINGS),
    ("In the weights view", WEIGHTS_BINDINGS),
    ("On the command line (other keys type)", PROMPT_BINDINGS),
    (
        "In a lesson's question (1 to 9 pick a choice; digits . , - type a number)",
        QUESTION_BINDINGS,
    ),
    ("In a class (lstm-tui serve), also", CLASS_BINDINGS),
    ("In the lesson picker", PICKER_BINDINGS),
    ("On the presenter's roster", ROSTER_BINDINGS),
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

#[cfg(test)]
mod tests {
    use super::*;

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
        for b in TABLES.iter().flat_map(|(_, t)| t.iter()) {
            for k in std::iter::once(&b.key).chain(b.alternatives) {
                assert_eq!(Key::parse(&k.to_string()), Some(*k), "{k}");
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        for (_, table) in TABLES {
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
        for (_, table) in TABLES {
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
    fn every_hint_has_a_place_in_the_footers_order() {
        let hinted: Vec<Action> = BINDINGS.iter().filter(|b| b.hint.is_some()).map(|b| b.action).collect();
        for a in HINT_PRIORITY {
            assert!(hinted.contains(a), "{a:?} has no hint word");
        }
        for a in &hinted {
            assert_eq!(HINT_PRIORITY.iter().filter(|p| *p == a).count(), 1, "{a:?}");
        }
        assert_eq!(HINT_PRIORITY[..2], [Action::Help, Action::Quit], "? and q always show");
    }

    #[test]
    fn keys_are_said_as_in_a_sentence() {
        let close = binding_in(HELP_BINDINGS, Action::CloseHelp);
        assert_eq!(close.keys_spoken(2), "Esc, ? or q");
        assert_eq!(close.keys_spoken(0), "Esc");
        assert_eq!(binding_in(HELP_BINDINGS, Action::ScrollDown).keys(1, "/"), "Down/j");
    }
}

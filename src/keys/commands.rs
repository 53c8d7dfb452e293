//! The `:` command table: each command with the names it answers to, and the examples the help
//! lists.

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
    Warnings,
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
    (Command::Warnings, &["warnings", "warn"]),
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
/// they type is in [`COMMANDS`], and each works in at least one built-in lesson, every
/// condition after `:break` stopping somewhere (tests check).
pub const COMMAND_EXAMPLES: &[(&str, &str)] = &[
    (":120  :goto 120", "go to timestep 120"),
    (":break f[3] < 0.1", "stop where unit 3's forget gate < 0.1"),
    (":break layer=2 max|c| > 2", "any |c| of layer 2 above 2"),
    (":break mean h > 0.2", "also min, max, max|q|, |q[u]|"),
    (":break dir=backward max o > .6", "a Bidirectional's backward cell"),
    (":break token=not", "stop where the input is that word"),
    (":break  :break 120", "breakpoint at t, or at t = 120"),
    (":delete 2  :clear  :list", "remove one, remove all, list"),
    (":timeline c  :unit 5  :layer 2", "what the timeline shows, focus"),
    (":speed 8  :theme light", "steps per second, colours"),
    (
        ":sort correlation  :sort off",
        "units by |r| with signal, change, saturation",
    ),
    (":warnings", "the next of the load's warnings"),
];

/// The conditions of the `:break` examples (`f[3] < 0.1`), for messages that give examples.
pub fn break_examples() -> impl Iterator<Item = &'static str> {
    COMMAND_EXAMPLES
        .iter()
        .filter_map(|(typed, _)| typed.strip_prefix(":break "))
        .map(str::trim)
        .filter(|c| !c.starts_with(':') && !c.chars().all(|ch| ch.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

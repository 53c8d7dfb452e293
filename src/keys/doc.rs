//! The tables as text: `--help`'s list of keys and commands, and docs/KEYS.md.

use super::*;

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
        WEIGHTS_BINDINGS,
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
    out.push_str("\nIn the weights view:\n");
    table_text(&mut out, WEIGHTS_BINDINGS, key_w);
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
        "\nKey names: a single character, {}, Ctrl-c. In --keys, quoted text is typed as it is:\n  --keys \": 'break {}' Enter n\"\n",
        NAMED.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", "),
        break_examples().next().unwrap_or_default()
    ));
    out
}

/// docs/KEYS.md as the tables make it (a test keeps the file equal to it).
pub fn keys_document() -> String {
    format!(
        "# Keys of `lstm-tui run`\n\nMade from the key and command tables in `src/keys/`, which also feed the `?` screen, the footer hints and `lstm-tui frame --keys`; `lstm-tui run --help` prints the same list. `UPDATE_KEYS_DOC=1 cargo test keys_document` writes it again.\n\n```text\n{}```\n",
        help_text()
    )
}

/// A binding's keys as the help lists them: `Right, l`.
pub fn keys_of(b: &Binding) -> String {
    b.keys(b.alternatives.len(), ", ")
}

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
    let key_w = TABLES
        .iter()
        .flat_map(|(_, t)| t.iter())
        .map(|b| keys_of(b).len())
        .max()
        .unwrap_or(0);
    let [(heading, panes), modes @ ..] = &TABLES;
    let mut out = format!("{heading}:\n");
    table_text(&mut out, panes, key_w);
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
    for (heading, table) in modes {
        out.push_str(&format!("\n{heading}:\n"));
        table_text(&mut out, table, key_w);
    }
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

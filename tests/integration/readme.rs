//! README.md against the program: its first frame is the binary's, every command line it shows
//! goes through clap's parser, every flag it names exists, and the keys are docs/KEYS.md's only.

use clap::{CommandFactory, Parser};
use lstm_tui::cli::Cli;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::ui::DisplayOptions;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// The bodies of the README's fenced blocks of one language (```text, ```sh).
fn blocks(readme: &str, language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("a closed block");
        out.push(body[..end].to_string());
        rest = &body[end..];
    }
    out
}

/// A shell line's words: spaces split, double quotes group, `#` starts a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            '#' if !quoted && word.is_none() => break,
            ' ' if !quoted => out.extend(word.take()),
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(!quoted, "an unclosed quote in {line:?}");
    out.extend(word);
    out
}

#[test]
fn the_first_frame_is_lesson3s_first_screen_at_80x24() {
    let readme = readme();
    let shown = blocks(&readme, "text").into_iter().next().expect("a first frame");
    let session = Session::load("lesson3", &Overrides::default()).unwrap();
    let drawn = lstm_tui::tui::frame::frame(session, "80x24", "", false, &DisplayOptions::default()).unwrap();
    assert_eq!(
        shown, drawn,
        "README.md's first frame is not what `lstm-tui frame lesson3 --size 80x24` prints"
    );
    assert!(readme.contains("as `lstm-tui frame lesson3 --size 80x24`"));
}

#[test]
fn every_command_line_in_the_readme_parses() {
    let mut parsed = 0;
    for block in blocks(&readme(), "sh") {
        for line in block.lines() {
            let args = words(line);
            let args = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["lstm-tui", ..] => args[1..].to_vec(),
                ["cargo", "run", "--release", "--", ..] => args[4..].to_vec(),
                ["cargo", "test"] => continue,
                _ => panic!("README.md shows a command this test does not know: {line:?}"),
            };
            let cli = Cli::try_parse_from(std::iter::once("lstm-tui".to_string()).chain(args));
            assert!(cli.is_ok(), "{line:?}: {}", cli.unwrap_err());
            parsed += 1;
        }
    }
    assert_eq!(parsed, 4, "the two commands' run and the three of `Your own model`");
}

/// Every `lstm-tui COMMAND … --flag …` the README writes in backticks: in the table of commands
/// and in the text, placeholders and all.
fn commands_named(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for span in readme.split('`').skip(1).step_by(2) {
        let Some(rest) = span.strip_prefix("lstm-tui ") else {
            continue;
        };
        let command = rest.split(' ').next().unwrap().to_string();
        let flags = rest
            .split([' ', '[', ']', '='])
            .filter(|w| w.starts_with('-'))
            .map(str::to_string)
            .collect();
        out.push((command, flags));
    }
    out
}

#[test]
fn every_command_and_flag_the_readme_names_exists() {
    let mut cli = Cli::command();
    cli.build();
    let named = commands_named(&readme());
    assert!(named.len() >= 15, "{named:?}");
    let mut flags = 0;
    for (command, named_flags) in &named {
        let sub = cli
            .find_subcommand(command)
            .unwrap_or_else(|| panic!("README.md names `lstm-tui {command}`, which is no command"));
        for flag in named_flags {
            let found = sub.get_arguments().any(|a| match flag.strip_prefix("--") {
                Some(long) => a.get_long() == Some(long),
                None => flag.len() == 2 && a.get_short() == flag.chars().nth(1),
            });
            assert!(
                found,
                "README.md names `lstm-tui {command} {flag}`, which is no flag of it"
            );
            flags += 1;
        }
    }
    assert!(flags >= 15, "{named:?}");
}

#[test]
fn the_readme_points_at_docs_keys_md_and_copies_no_key_table() {
    let readme = readme();
    assert!(readme.contains("[docs/KEYS.md](docs/KEYS.md)"));
    let help = lstm_tui::keys::help_text();
    let rows: Vec<&str> = help
        .lines()
        .filter(|l| l.starts_with("  ") && l.trim().len() > 3)
        .collect();
    assert!(rows.len() > 40, "{help}");
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let readme_rows: Vec<String> = readme.lines().filter(|l| l.starts_with("  ")).map(words).collect();
    for row in rows {
        // A copied row: the same keys and the same description, however it is spaced.
        let copied = readme_rows.contains(&words(row));
        assert!(
            !copied,
            "README.md copies the key list ({:?}); it points at docs/KEYS.md instead",
            row.trim()
        );
    }
}

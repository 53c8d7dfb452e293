//! The command line as clap really parses it: every option of every command, given a value, and
//! what it sets.

use std::path::PathBuf;

use clap::Parser;

use super::{Cli, Command, InputArgs, SummaryStyle, TokenIds, TraceFormat};
use crate::ui::DisplayOptions;
use crate::ui::theme::{Depth, ThemeName};

/// The commands that take the input options.
const WITH_INPUT: [&str; 4] = ["trace", "bench", "run", "frame"];

fn parse(args: &[&str]) -> Result<Command, clap::Error> {
    Cli::try_parse_from(std::iter::once("lstm-tui").chain(args.iter().copied())).map(|cli| cli.command)
}

fn parsed(args: &[&str]) -> Command {
    parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The error clap gives, as printed.
fn refused(args: &[&str]) -> String {
    match parse(args) {
        Ok(command) => panic!("{args:?} should be refused, got {command:?}"),
        Err(e) => e.to_string(),
    }
}

/// The source and input options of `command SOURCE extra...`.
fn input(command: &str, extra: &[&str]) -> (String, InputArgs) {
    let args: Vec<&str> = [command, "lesson5"].iter().chain(extra).copied().collect();
    match parsed(&args) {
        Command::Trace { source, input, .. }
        | Command::Bench { source, input, .. }
        | Command::Frame { source, input, .. } => (source, input),
        Command::Run { source, input, .. } => (source.expect("given"), input),
        other => panic!("{command} parsed as {other:?}"),
    }
}

/// The display options of `command lesson1 extra...`.
/// Check the input options that `extra` gives every command that takes them.
fn each_input(extra: &[&str], check: impl Fn(&InputArgs, &str)) {
    for command in WITH_INPUT {
        check(&input(command, extra).1, command);
    }
}

fn display(command: &str, extra: &[&str]) -> DisplayOptions {
    let args: Vec<&str> = [command, "lesson1"].iter().chain(extra).copied().collect();
    match parsed(&args) {
        Command::Run { display, .. } | Command::Frame { display, .. } => display,
        other => panic!("{command} parsed as {other:?}"),
    }
}

#[test]
fn list_takes_no_arguments() {
    assert!(matches!(parsed(&["list"]), Command::List));
    assert!(refused(&["list", "lesson1"]).contains("unexpected argument 'lesson1'"));
}

#[test]
fn run_without_a_source_goes_on_with_the_course() {
    let Command::Run { source, input, .. } = parsed(&["run"]) else {
        panic!()
    };
    assert_eq!(source, None);
    assert!(input.input.is_none() && input.tokens.is_none());
    let Command::Run { source, .. } = parsed(&["run", "lesson3"]) else {
        panic!()
    };
    assert_eq!(source.as_deref(), Some("lesson3"));
    // Options without a source are still options, not the source.
    let Command::Run { source, display, .. } = parsed(&["run", "--ascii"]) else {
        panic!()
    };
    assert_eq!((source, display.ascii), (None, true));
}

#[test]
fn reset_takes_one_lesson_or_none() {
    assert!(matches!(parsed(&["reset"]), Command::Reset { lesson: None }));
    let Command::Reset { lesson } = parsed(&["reset", "lesson4"]) else {
        panic!()
    };
    assert_eq!(lesson.as_deref(), Some("lesson4"));
    assert!(refused(&["reset", "lesson1", "lesson2"]).contains("unexpected argument 'lesson2'"));
}

#[test]
fn summary_source_and_explain() {
    let Command::Summary { source, explain, .. } = parsed(&["summary", "lesson3"]) else {
        panic!()
    };
    assert_eq!((source.as_str(), explain), ("lesson3", false));
    let Command::Summary { explain, .. } = parsed(&["summary", "lesson3", "--explain"]) else {
        panic!()
    };
    assert!(explain);
    assert!(refused(&["summary"]).contains("<SOURCE>"));
}

#[test]
fn summary_style_width_and_ascii() {
    let Command::Summary {
        style, width, ascii, ..
    } = parsed(&["summary", "lesson3"])
    else {
        panic!()
    };
    assert_eq!((style, width, ascii), (SummaryStyle::Keras3, None, false));
    let Command::Summary {
        style, width, ascii, ..
    } = parsed(&["summary", "lesson3", "--style", "keras2", "--width", "120", "--ascii"])
    else {
        panic!()
    };
    assert_eq!((style, width, ascii), (SummaryStyle::Keras2, Some(120), true));
    assert!(refused(&["summary", "lesson3", "--style", "keras1"]).contains("keras3"));
    assert!(refused(&["summary", "lesson3", "--width", "0"]).contains("--width"));
    assert!(refused(&["summary", "lesson3", "--width", "1001"]).contains("--width"));
}

#[test]
fn check_source() {
    let Command::Check { source } = parsed(&["check", "a lesson.toml"]) else {
        panic!()
    };
    assert_eq!(source, "a lesson.toml");
}

#[test]
fn no_input_option_leaves_the_lesson_s_input() {
    for command in WITH_INPUT {
        let (source, i) = input(command, &[]);
        assert_eq!(source, "lesson5");
        assert_eq!(i.input, None);
        assert_eq!(i.tokens, None);
        assert_eq!((i.text, i.vocab, i.pad), (None, None, None));
        assert_eq!((i.random_input, i.seed, i.weights, i.sample), (false, None, None, None));
    }
}

#[test]
fn input_and_weights_files() {
    each_input(&["--input", "x.npy"], |i, command| {
        assert_eq!(i.input, Some(PathBuf::from("x.npy")), "{command}");
    });
    each_input(&["--weights", "w.npz"], |i, command| {
        assert_eq!(i.weights, Some(PathBuf::from("w.npz")), "{command}");
    });
}

#[test]
fn tokens_are_one_value_split_at_spaces_and_commas() {
    for command in WITH_INPUT {
        let (_, i) = input(command, &["--tokens", "12 5,981 ,0"]);
        assert_eq!(i.tokens, Some(TokenIds(vec![12, 5, 981, 0])), "{command}");
        let (_, i) = input(command, &["--tokens=7"]);
        assert_eq!(i.tokens, Some(TokenIds(vec![7])), "{command}");
    }
    let e = refused(&["trace", "lesson5", "--tokens", "12 x"]);
    assert!(e.contains("\"x\" is not a token id (a whole number from 0)"), "{e}");
    assert!(refused(&["trace", "lesson5", "--tokens=-3"]).contains("invalid value '-3' for '--tokens <IDS>'"));
    assert!(refused(&["trace", "lesson5", "--tokens", " , "]).contains("no token ids given"));
    let e = refused(&["trace", "lesson5", "--tokens", "1", "--tokens", "2"]);
    assert!(e.contains("cannot be used multiple times"), "{e}");
}

#[test]
fn text_needs_a_vocabulary() {
    for command in WITH_INPUT {
        let (_, i) = input(command, &["--text", "a fine film", "--vocab", "v.txt"]);
        assert_eq!(i.text.as_deref(), Some("a fine film"), "{command}");
        assert_eq!(i.vocab, Some(PathBuf::from("v.txt")), "{command}");
        let e = refused(&[command, "lesson5", "--text", "a fine film"]);
        assert!(e.contains("--vocab <FILE>"), "{command}: {e}");
    }
}

#[test]
fn vocabulary_alone() {
    each_input(&["--vocab", "words.txt"], |i, command| {
        assert_eq!(i.vocab, Some(PathBuf::from("words.txt")), "{command}");
        assert_eq!(i.text, None);
    });
}

#[test]
fn pad_is_a_positive_count() {
    for command in WITH_INPUT {
        let (_, i) = input(command, &["--tokens", "3 4", "--pad", "500"]);
        assert_eq!(i.pad, Some(500), "{command}");
        // The largest count parses; the session refuses it against the model.
        let (_, i) = input(command, &["--pad", "18446744073709551615"]);
        assert_eq!(i.pad, Some(usize::MAX), "{command}");
    }
    assert!(refused(&["trace", "lesson5", "--pad", "0"]).contains("0 is not in 1.."));
    assert!(refused(&["trace", "lesson5", "--pad", "18446744073709551616"]).contains("--pad <N>"));
    assert!(refused(&["trace", "lesson5", "--pad=-1"]).contains("invalid value '-1' for '--pad <N>'"));
}

#[test]
fn random_input_and_its_seed() {
    for command in WITH_INPUT {
        let (_, i) = input(command, &["--random-input"]);
        assert!(i.random_input, "{command}");
        assert_eq!(i.seed, None);
        let (_, i) = input(command, &["--random-input", "--seed", "18446744073709551615"]);
        assert_eq!((i.random_input, i.seed), (true, Some(u64::MAX)), "{command}");
        let e = refused(&[command, "lesson5", "--seed", "3"]);
        assert!(e.contains("--random-input"), "{command}: {e}");
    }
    assert!(refused(&["trace", "lesson5", "--random-input", "--seed", "x"]).contains("--seed <N>"));
}

#[test]
fn only_one_input_is_given() {
    for command in WITH_INPUT {
        let e = refused(&[command, "lesson5", "--input", "x.npy", "--tokens", "1"]);
        assert!(e.contains("cannot be used with"), "{command}: {e}");
        let e = refused(&[command, "lesson5", "--random-input", "--tokens", "1"]);
        assert!(e.contains("cannot be used with"), "{command}: {e}");
    }
}

#[test]
fn sample_of_a_batch() {
    each_input(&["--input", "b.npy", "--sample", "3"], |i, command| {
        assert_eq!(i.sample, Some(3), "{command}");
    });
    assert!(refused(&["trace", "lesson5", "--sample=-1"]).contains("invalid value '-1' for '--sample <N>'"));
}

#[test]
fn trace_format_and_output() {
    let Command::Trace { format, output, .. } = parsed(&["trace", "lesson1"]) else {
        panic!()
    };
    assert_eq!((format, output), (TraceFormat::Json, None));
    let Command::Trace { format, output, .. } = parsed(&["trace", "lesson1", "--format", "csv", "-o", "t.csv"]) else {
        panic!()
    };
    assert_eq!((format, output), (TraceFormat::Csv, Some(PathBuf::from("t.csv"))));
    let Command::Trace { format, output, .. } = parsed(&["trace", "lesson1", "--format", "json", "--output", "t.json"])
    else {
        panic!()
    };
    assert_eq!((format, output), (TraceFormat::Json, Some(PathBuf::from("t.json"))));
    assert!(refused(&["trace", "lesson1", "--format", "xml"]).contains("[possible values: json, csv]"));
}

#[test]
fn bench_options() {
    let Command::Bench {
        repeat,
        threads,
        render,
        size,
        ..
    } = parsed(&["bench", "lesson1"])
    else {
        panic!()
    };
    assert_eq!((repeat, threads, render, size.as_str()), (20, 2, false, "120x40"));
    let Command::Bench {
        repeat,
        threads,
        render,
        size,
        ..
    } = parsed(&[
        "bench",
        "lesson1",
        "--repeat",
        "3",
        "--threads",
        "1",
        "--render",
        "--size",
        "80x24",
    ])
    else {
        panic!()
    };
    assert_eq!((repeat, threads, render, size.as_str()), (3, 1, true, "80x24"));
    let Command::Bench { repeat, .. } = parsed(&["bench", "lesson1", "--repeat", "1000000"]) else {
        panic!()
    };
    assert_eq!(repeat, 1_000_000);
    assert!(refused(&["bench", "lesson1", "--repeat", "0"]).contains("0 is not in 1..=1000000"));
    let e = refused(&["bench", "lesson1", "--repeat", "18446744073709551615"]);
    assert!(e.contains("is not in 1..=1000000"), "{e}");
    assert!(refused(&["bench", "lesson1", "--threads", "two"]).contains("--threads <THREADS>"));
}

#[test]
fn run_display_options() {
    let d = display("run", &[]);
    assert_eq!((d.theme, d.ascii), (None, false));
    let d = display("run", &["--theme", "light", "--ascii"]);
    assert_eq!((d.theme, d.ascii), (Some(ThemeName::Light), true));
    assert_eq!(
        display("run", &["--theme", "high-contrast"]).theme,
        Some(ThemeName::HighContrast)
    );
    let e = refused(&["run", "lesson1", "--theme", "pink"]);
    assert!(e.contains("[possible values: dark, light, mono, high-contrast]"), "{e}");
}

#[test]
fn frame_options() {
    let Command::Frame { size, keys, ansi, .. } = parsed(&["frame", "lesson1"]) else {
        panic!()
    };
    assert_eq!((size.as_str(), keys.as_str(), ansi), ("120x40", "", false));
    let Command::Frame { size, keys, ansi, .. } = parsed(&[
        "frame",
        "lesson1",
        "--size",
        "80x24",
        "--keys",
        "Right Right l",
        "--ansi",
    ]) else {
        panic!()
    };
    assert_eq!((size.as_str(), keys.as_str(), ansi), ("80x24", "Right Right l", true));
    let d = display("frame", &["--theme", "mono", "--ascii"]);
    assert_eq!((d.theme, d.ascii), (Some(ThemeName::Mono), true));
    assert_eq!(display("frame", &["--theme", "dark"]).theme, Some(ThemeName::Dark));
}

#[test]
fn colors_option() {
    for command in ["run", "frame"] {
        assert_eq!(display(command, &[]).colors, None);
        for (value, depth) in [
            ("mono", Depth::Mono),
            ("16", Depth::Ansi16),
            ("256", Depth::Indexed256),
            ("truecolor", Depth::TrueColor),
        ] {
            assert_eq!(
                display(command, &["--colors", value]).colors,
                Some(depth),
                "{command} {value}"
            );
        }
        let e = refused(&[command, "lesson1", "--colors", "88"]);
        assert!(e.contains("[possible values: mono, 16, 256, truecolor]"), "{e}");
    }
}

//! `lstm-tui serve`'s flags, parsed as the command line gives them.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::cli::{Cli, Command, ServeArgs};
use crate::ui::theme::ThemeName;

fn serve(args: &[&str]) -> Result<ServeArgs, clap::Error> {
    let cli = Cli::try_parse_from(["lstm-tui", "serve"].iter().chain(args))?;
    match cli.command {
        Command::Serve(a) => Ok(a),
        other => panic!("parsed as {other:?}"),
    }
}

#[test]
fn defaults() {
    let a = serve(&[]).unwrap();
    assert_eq!(a.listen, "127.0.0.1:2222".parse().unwrap());
    assert!(a.lesson.is_empty());
    assert_eq!(a.state_dir, None);
    assert_eq!(a.host_key, None);
    assert_eq!(a.authorized_keys, None);
    assert_eq!(a.class_code_file, None);
    assert_eq!(a.presenter_keys, None);
    assert_eq!(a.present, None);
    assert!(!a.open);
    assert_eq!(a.max_sessions, 64);
    assert_eq!(a.idle_timeout, Duration::from_secs(30 * 60));
    assert_eq!(a.max_session_time, Duration::from_secs(8 * 3600));
    assert_eq!(a.display.theme, None);
    assert!(!a.display.ascii);
}

#[test]
fn every_flag() {
    let a = serve(&[
        "--listen",
        "0.0.0.0:2200",
        "--lesson",
        "lesson3",
        "--host-key",
        "hk",
        "--authorized-keys",
        "ak",
        "--class-code-file",
        "code.txt",
        "--presenter-keys",
        "pk",
        "--present",
        "lesson3",
        "--open",
        "--max-sessions",
        "30",
        "--idle-timeout",
        "90s",
        "--max-session-time",
        "2h",
        "--theme",
        "high-contrast",
        "--ascii",
    ])
    .unwrap();
    assert_eq!(a.listen, "0.0.0.0:2200".parse().unwrap());
    assert_eq!(a.lesson, ["lesson3"]);
    assert_eq!(a.host_key, Some(PathBuf::from("hk")));
    assert_eq!(a.authorized_keys, Some(PathBuf::from("ak")));
    assert_eq!(a.class_code_file, Some(PathBuf::from("code.txt")));
    assert_eq!(a.presenter_keys, Some(PathBuf::from("pk")));
    assert_eq!(a.present.as_deref(), Some("lesson3"));
    assert!(a.open);
    assert_eq!(a.max_sessions, 30);
    assert_eq!(a.idle_timeout, Duration::from_secs(90));
    assert_eq!(a.max_session_time, Duration::from_secs(7200));
    assert_eq!(a.display.theme, Some(ThemeName::HighContrast));
    assert!(a.display.ascii);
}

#[test]
fn minutes_and_ipv6() {
    let a = serve(&["--idle-timeout", "5m", "--listen", "[::1]:2222"]).unwrap();
    assert_eq!(a.idle_timeout, Duration::from_secs(300));
    assert_eq!(a.listen, "[::1]:2222".parse().unwrap());
}

#[test]
fn bad_values_are_refused_with_what_was_expected() {
    let e = serve(&["--idle-timeout", "soon"]).unwrap_err().to_string();
    assert!(
        e.contains("\"soon\" is not a time: a whole number and s, m or h"),
        "{e}"
    );
    let e = serve(&["--idle-timeout", "0m"]).unwrap_err().to_string();
    assert!(e.contains("the time must be more than zero"), "{e}");
    let e = serve(&["--max-session-time", "10d"]).unwrap_err().to_string();
    assert!(e.contains("is not a time"), "{e}");
    let e = serve(&["--max-sessions", "0"]).unwrap_err().to_string();
    assert!(e.contains("--max-sessions"), "{e}");
    let e = serve(&["--listen", "localhost"]).unwrap_err().to_string();
    assert!(e.contains("--listen"), "{e}");
}

#[test]
fn several_lessons_make_a_course() {
    let a = serve(&["--lesson", "lesson2", "--lesson", "lesson5"]).unwrap();
    assert_eq!(a.lesson, ["lesson2", "lesson5"]);
}

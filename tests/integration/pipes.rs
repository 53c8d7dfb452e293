//! Standard output closed by its reader, as `lstm-tui list | head -1` closes it: the command
//! ends quietly with status 0, as other Unix tools do. Any other failed write is an error.

use std::io::BufRead;
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// The binary, with a state directory of its own in `state`.
fn lstm_tui(state: &TempDir, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lstm-tui"));
    command
        .args(args)
        .env("XDG_STATE_HOME", state.path())
        .env("HOME", state.path())
        .stderr(Stdio::piped());
    command
}

/// lesson5's trace is 4 MB, far more than a pipe holds: after one line is read and the pipe
/// closed, the writes that are left fail with `EPIPE`, whatever the timing.
#[test]
fn a_reader_that_stops_after_one_line_ends_the_command_quietly() {
    let state = TempDir::new().unwrap();
    for format in ["json", "csv"] {
        let mut child = lstm_tui(&state, &["trace", "lesson5", "--format", format])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with(if format == "json" {
            "{\"source\":\"lesson5\""
        } else {
            "layer,"
        }));
        let out = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
        assert_eq!(out.status.code(), Some(0), "{format}");
    }
}

/// Every command that writes to standard output, given a pipe whose reader is already gone.
#[test]
fn every_command_given_a_closed_pipe_ends_quietly() {
    let state = TempDir::new().unwrap();
    let commands: [&[&str]; 9] = [
        &["list"],
        &["reset"],
        &["trace", "lesson3"],
        &["trace", "lesson3", "--format", "csv"],
        &["summary", "lesson5"],
        &["summary", "lesson5", "--explain"],
        &["check", "lesson3"],
        &["frame", "lesson3"],
        &["bench", "lesson1", "--repeat", "1"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = lstm_tui(&state, args).stdout(writer).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
}

/// A write that fails for another reason (here a full disk) stays an error, with exit status 2.
#[test]
fn any_other_failed_write_is_an_error() {
    let state = TempDir::new().unwrap();
    for args in [&["list"][..], &["trace", "lesson3"], &["check", "lesson3"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = lstm_tui(&state, args).stdout(full).output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "lstm-tui: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

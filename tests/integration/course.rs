//! The course through the built binary, with its own state directory (XDG_STATE_HOME, and HOME
//! for the fallback): `list` before and after a run, `run` going on where the student left off
//! (under a pseudo-terminal, keys typed), answers kept and given back so that a question is not
//! asked twice, a lesson done only with its questions answered, `reset`, a corrupt state file set
//! aside with a warning, a state directory that cannot be written, no temporary file left
//! behind, and the progress kept when the terminal hangs up.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The binary with a state directory of its own: XDG_STATE_HOME set, or only HOME.
fn lstm_tui(state: &Path, xdg: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lstm-tui"));
    command.env_remove("XDG_STATE_HOME").env("HOME", state.join("home"));
    if xdg {
        command.env("XDG_STATE_HOME", state.join("xdg"));
    }
    command
}

/// Exit status, standard output and standard error.
fn output(mut command: Command, args: &[&str]) -> (i32, String, String) {
    let out = command.args(args).stdin(Stdio::null()).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `list`'s status column for a lesson.
fn status(list: &str, id: &str) -> String {
    let line = list
        .lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("{id} is not listed:\n{list}"));
    // The title follows two spaces or more.
    line[id.len()..].trim_start().split("  ").next().unwrap().to_string()
}

/// `list`'s title for a lesson: after its status, and on the indented lines below it.
fn title(list: &str, id: &str) -> String {
    let mut lines = list.lines().skip_while(|l| !l.starts_with(&format!("{id} ")));
    let first = lines.next().unwrap_or_else(|| panic!("{id} is not listed:\n{list}"));
    let beside = first[id.len()..].trim_start().split_once("  ").map_or("", |(_, t)| t);
    let below = lines.take_while(|l| l.starts_with(' ')).map(str::trim);
    std::iter::once(beside.trim())
        .chain(below)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `list`'s first line for each lesson (a long title goes on on the lines below).
fn entries(list: &str) -> impl Iterator<Item = &str> {
    list.lines().filter(|l| l.starts_with("lesson"))
}

/// `list`'s output, which must fit 80 columns.
fn list(state: &Path, xdg: bool) -> String {
    let (code, out, err) = output(lstm_tui(state, xdg), &["list"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}\n{out}",
            line.chars().count()
        );
    }
    out
}

/// `lstm-tui run args...` on an 80×24 pseudo-terminal: waits for the first frame (its footer,
/// or the panel of a question asked at once), types each
/// of `keys` in turn (a pause between), and returns all the run wrote once it has ended.
fn run_in_pty(state: &Path, args: &[&str], keys: &[&str]) -> String {
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two new descriptors, which are then owned here.
    let (mut master, slave) = unsafe {
        let made = libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size);
        assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
        (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    };
    let mut command = lstm_tui(state, true);
    command
        .args(args)
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    let mut child = command.spawn().unwrap();
    drop(command);
    let written = Arc::new(Mutex::new(Vec::new()));
    let (mut reader, sink) = (master.try_clone().unwrap(), written.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let text = || String::from_utf8_lossy(&written.lock().unwrap()).into_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !text().contains("quit") && !text().contains("Esc skips") {
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("no frame; it wrote {:?}", text());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for key in keys {
        master.write_all(key.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0), "it wrote {:?}", text());
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not end; it wrote {:?}", text());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // What is still in the pipe.
    std::thread::sleep(Duration::from_millis(100));
    text()
}

/// `lstm-tui run lesson1` on a pseudo-terminal that hangs up after `keys`: the terminal's side
/// is closed, so that anything written to it fails, then the run is sent SIGHUP, as when a
/// terminal window is closed. Returns once the run has ended.
fn run_then_hang_up(state: &Path, keys: &[&str], sighup: bool) {
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two new descriptors, which are then owned here.
    let (mut master, slave) = unsafe {
        let made = libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size);
        assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
        // The run must not inherit the terminal's side, or closing it here would not hang up.
        assert_eq!(libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC), 0);
        (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    };
    let mut command = lstm_tui(state, true);
    command
        .args(["run", "lesson1"])
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    let mut child = command.spawn().unwrap();
    drop(command);
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(60);
    while !String::from_utf8_lossy(&seen).contains("quit") {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("no frame; it wrote {:?}", String::from_utf8_lossy(&seen));
        }
        match master.read(&mut buf) {
            Ok(n @ 1..) => seen.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    for key in keys {
        master.write_all(key.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    // Let the last key be read and drawn, then hang up.
    std::thread::sleep(Duration::from_millis(300));
    drop(master);
    if sighup {
        // SAFETY: a signal to the child this test started and has not reaped.
        unsafe { libc::kill(child.id() as i32, libc::SIGHUP) };
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not end on the hang-up (SIGHUP sent: {sighup})");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_hang_up_keeps_the_progress() {
    let state = TempDir::new().unwrap();
    run_then_hang_up(state.path(), &[RIGHT, "2", "\r", RIGHT, RIGHT], true);
    assert_eq!(
        status(&list(state.path(), true), "lesson1"),
        "in progress at t=3 · 1/3 questions answered"
    );
}

/// The terminal goes away and no SIGHUP comes (the run is not the terminal's session leader,
/// as under `ssh -t host` with a shell that ignores it): the idle run sees the hang-up itself,
/// ends and keeps the progress, instead of spinning on the dead terminal for ever.
#[test]
fn a_hang_up_without_sighup_ends_the_idle_run() {
    let state = TempDir::new().unwrap();
    run_then_hang_up(state.path(), &[RIGHT], false);
    assert_eq!(
        status(&list(state.path(), true), "lesson1"),
        "in progress at t=1 · 0/3 questions answered"
    );
}

/// The files in the state directory.
fn state_files(state: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(state.join("xdg/lstm-tui"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn list_run_continue_and_reset() {
    let state = TempDir::new().unwrap();
    let s = state.path();
    let before = list(s, true);
    assert_eq!(entries(&before).count(), 9, "{before}");
    for k in 1..=9 {
        assert_eq!(status(&before, &format!("lesson{k}")), "not started");
    }
    assert!(
        before.contains("lesson8  not started           Counting brackets"),
        "{before}"
    );
    // Nothing is written by reading.
    assert!(state_files(s).is_empty());

    // To t=3 of lesson2 (a jump: no question opens on the way), then quit.
    run_in_pty(s, &["run", "lesson2"], &[":3\r", "q"]);
    assert_eq!(state_files(s), ["progress.json"], "no temporary file is left");
    let after = list(s, true);
    assert_eq!(status(&after, "lesson2"), "in progress at t=3 · 0/3 questions answered");
    assert_eq!(status(&after, "lesson1"), "not started");
    // With the long status the titles wrap under themselves, whole, within 80 columns.
    assert_eq!(
        title(&after, "lesson2"),
        "Every step's output: return_sequences, Flatten and the batch size"
    );
    assert_eq!(
        title(&after, "lesson9"),
        "Negation: a unit that waits for the word after \"not\""
    );

    // `run` alone goes on in lesson2 at t=3.
    let out = run_in_pty(s, &["run"], &[":4\r", "q"]);
    assert!(out.contains("going on with lesson2 at t=3"), "{out}");
    let at4 = "in progress at t=4 · 0/3 questions answered";
    assert_eq!(status(&list(s, true), "lesson2"), at4);
    // The last step reached, by a jump that asks nothing: not done, its questions are open.
    run_in_pty(s, &["run"], &["G", "q"]);
    let at9 = "in progress at t=9 · 0/3 questions answered";
    assert_eq!(status(&list(s, true), "lesson2"), at9);
    let out = run_in_pty(s, &["run", "lesson1"], &["q"]);
    assert!(!out.contains("going on"), "{out}");
    assert_eq!(
        status(&list(s, true), "lesson1"),
        "in progress at t=0 · 0/3 questions answered"
    );

    // Reset one, then all.
    let (code, out, _) = output(lstm_tui(s, true), &["reset", "lesson2"]);
    assert_eq!((code, out.as_str()), (0, "progress in lesson2 forgotten\n"));
    let one = list(s, true);
    assert_eq!(
        (status(&one, "lesson2"), status(&one, "lesson1")),
        (
            "not started".into(),
            "in progress at t=0 · 0/3 questions answered".into()
        )
    );
    let (code, out, _) = output(lstm_tui(s, true), &["reset"]);
    assert_eq!((code, out.as_str()), (0, "progress in every lesson forgotten\n"));
    assert!(entries(&list(s, true)).all(|l| l.contains("not started")));
    let (code, out, _) = output(lstm_tui(s, true), &["reset"]);
    assert_eq!((code, out.as_str()), (0, "no progress in any lesson to forget\n"));
    let (code, _, err) = output(lstm_tui(s, true), &["reset", "lesson99"]);
    assert_eq!(code, 2);
    assert!(err.contains("reset takes a built-in lesson id (lesson1, "), "{err}");
    assert_eq!(state_files(s), ["progress.json"]);
}

/// The arrow keys and Esc as a terminal sends them.
const RIGHT: &str = "\x1b[C";
const ESC: &str = "\x1b";

#[test]
fn answers_are_kept_and_given_back_and_a_lesson_is_done_only_with_them() {
    let state = TempDir::new().unwrap();
    let s = state.path();
    let path = s.join("xdg/lstm-tui/progress.json");
    // lesson2 asks lstm-output at t=1 (2 is right), then at its last step, t=9,
    // flatten-output (1 is right) and dense-params (301).
    let out = run_in_pty(s, &["run", "lesson2"], &[RIGHT, "2", "\r", "q"]);
    assert!(out.contains("Question 1/3"), "{out}");
    let answered = "in progress at t=1 · 1/3 questions answered";
    assert_eq!(status(&list(s, true), "lesson2"), answered);
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains("\"lstm-output\": true"), "{kept}");

    // Run again: stepping onto t=1 asks nothing (Esc would skip a question; here it pauses).
    let out = run_in_pty(s, &["run", "lesson2"], &[RIGHT, ESC, "q"]);
    assert!(!out.contains("Question"), "{out}");
    assert_eq!(status(&list(s, true), "lesson2"), answered);

    // The last step reached by a jump, its questions open: not done, and `run` goes on there.
    run_in_pty(s, &["run"], &["G", "q"]);
    assert_eq!(
        status(&list(s, true), "lesson2"),
        "in progress at t=9 · 1/3 questions answered"
    );
    // An answer kept to a question the lesson does not have is dropped on the next save.
    let kept = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        kept.replace("\"lstm-output\": true", "\"gone\": true, \"lstm-output\": true"),
    )
    .unwrap();
    // Going on at t=9 asks the step's two questions, as stepping onto it would.
    let out = run_in_pty(s, &["run"], &["2", "\r", "301", "\r", "\r", "q"]);
    assert!(out.contains("going on with lesson2 at t=9"), "{out}");
    assert!(out.contains("Question 2/3"), "{out}");
    assert!(!out.contains("Question 1/3"), "{out}");
    let done = list(s, true);
    assert_eq!(status(&done, "lesson2"), "done · 3/3, 2 right");
    assert!(
        done.contains("lesson2  done · 3/3, 2 right   Every step's output"),
        "{done}"
    );
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(
        !kept.contains("gone") && kept.contains("\"flatten-output\": false"),
        "{kept}"
    );
    // Then `run` goes on with the first lesson not done.
    let out = run_in_pty(s, &["run"], &["q"]);
    assert!(out.contains("going on with lesson1 at t=0"), "{out}");
}

#[test]
fn home_is_the_fallback() {
    let state = TempDir::new().unwrap();
    let dir = state.path().join("home/.local/state/lstm-tui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("progress.json"),
        r#"{"format": 1, "last": "lesson4", "lessons": {"lesson4": {"t": 2}}}"#,
    )
    .unwrap();
    assert_eq!(
        status(&list(state.path(), false), "lesson4"),
        "in progress at t=2 · 0/3 questions answered"
    );
    // With XDG_STATE_HOME set, that one is used instead.
    assert_eq!(status(&list(state.path(), true), "lesson4"), "not started");
}

#[test]
fn a_corrupt_state_file_is_set_aside_with_a_warning() {
    let state = TempDir::new().unwrap();
    let dir = state.path().join("xdg/lstm-tui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("progress.json"),
        "{\"format\": 1, \"lessons\": {\"lesson1\": {\"t\"",
    )
    .unwrap();
    let (code, out, err) = output(lstm_tui(state.path(), true), &["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(entries(&out).all(|l| l.contains("not started")), "{out}");
    assert!(
        err.starts_with("lstm-tui: warning: ") && err.contains("progress.json: the progress file is set aside as "),
        "{err}"
    );
    assert!(
        err.contains("and the course starts afresh: not the JSON this lstm-tui writes"),
        "{err}"
    );
    let files = state_files(state.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("progress.json.corrupt-"), "{files:?}");
    // The run goes on as with no progress, and writes a new file beside the one set aside.
    run_in_pty(state.path(), &["run", "lesson1"], &[":1\r", "q"]);
    assert_eq!(
        status(&list(state.path(), true), "lesson1"),
        "in progress at t=1 · 0/3 questions answered"
    );
    assert_eq!(state_files(state.path()).len(), 2);
}

#[test]
fn an_unwritable_state_directory_is_a_warning_and_the_run_goes_on() {
    let state = TempDir::new().unwrap();
    // A file where the state directory should be: no one can write into it, root included.
    std::fs::create_dir_all(state.path().join("xdg")).unwrap();
    std::fs::write(state.path().join("xdg/lstm-tui"), "").unwrap();
    let out = run_in_pty(state.path(), &["run", "lesson1"], &[":1\r", "q"]);
    assert!(
        out.contains("lstm-tui: warning: ") && out.contains("progress is not saved: cannot make the state directory"),
        "{out}"
    );
    // list reads nothing there and says so by not knowing any progress.
    let (code, out, _) = output(lstm_tui(state.path(), true), &["list"]);
    assert_eq!(code, 0);
    assert!(entries(&out).all(|l| l.contains("not started")), "{out}");
}

#[test]
fn run_without_a_terminal_keeps_nothing() {
    let state = TempDir::new().unwrap();
    let (code, _, err) = output(lstm_tui(state.path(), true), &["run"]);
    assert_eq!(code, 2);
    assert!(err.contains("going on with lesson1 at t=0"), "{err}");
    assert!(err.contains("lstm-tui run needs a terminal"), "{err}");
    assert!(state_files(state.path()).is_empty());
}

//! Special files where a file is expected: a FIFO, a directory, a symlink loop and /dev/zero,
//! given as every kind of file argument. Each is refused by name with exit status 2, and the
//! command ends: a child that is still running after a generous wait is killed and the test fails.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::fixture;

/// How long a refused command may run before it counts as blocked (a debug build on a busy
/// machine is slow, a blocked one never ends).
const PATIENCE: Duration = Duration::from_secs(60);

/// Run the binary; panic if it has not ended within [`PATIENCE`] (it is killed first).
fn run_bounded(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > PATIENCE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("lstm-tui {} blocked: killed after {PATIENCE:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    (status.code().expect("exited, not killed by a signal"), err)
}

/// The four special files, each under the file name `name` in its own folder of `dir`.
fn specials(dir: &Path, name: &str) -> Vec<(&'static str, PathBuf)> {
    let make = |kind: &str| {
        let folder = dir.join(kind);
        std::fs::create_dir_all(&folder).unwrap();
        folder.join(name)
    };
    let fifo = make("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo {}", fifo.display());
    let directory = make("directory");
    std::fs::create_dir(&directory).unwrap();
    let looped = make("loop");
    let other = looped.with_file_name(format!("other-{name}"));
    std::os::unix::fs::symlink(&other, &looped).unwrap();
    std::os::unix::fs::symlink(&looped, &other).unwrap();
    let zero = make("zero");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    vec![
        ("a FIFO", fifo),
        ("a directory", directory),
        ("a symlink loop", looped),
        ("/dev/zero", zero),
    ]
}

/// Each special file named `name`, given through `args` (where `{}` stands for its path), is
/// refused by name with exit status 2.
fn refused(name: &str, args: &[&str]) {
    let dir = TempDir::new().unwrap();
    for (kind, path) in specials(dir.path(), name) {
        let path = path.to_str().unwrap();
        let args: Vec<&str> = args.iter().map(|a| if *a == "{}" { path } else { a }).collect();
        let (code, err) = run_bounded(&args);
        assert_eq!(code, 2, "{kind} as {name}: {err}");
        assert!(err.contains(&format!("{path}: ")), "{kind} as {name} is named: {err}");
        assert!(!err.contains("panicked"), "{kind} as {name}: {err}");
    }
}

#[test]
fn special_files_as_a_lesson_are_refused() {
    refused("lesson.toml", &["check", "{}"]);
}

#[test]
fn special_files_as_a_model_are_refused() {
    refused("model.keras", &["summary", "{}"]);
    refused("model.h5", &["trace", "{}"]);
}

#[test]
fn special_files_as_an_input_are_refused() {
    refused("input.npy", &["trace", "lesson1", "--input", "{}"]);
}

#[test]
fn special_files_as_a_vocabulary_are_refused() {
    refused("vocab.txt", &["trace", "lesson5", "--vocab", "{}", "--text", "a b"]);
}

#[test]
fn special_files_as_weights_are_refused() {
    refused("weights.npz", &["trace", "lesson1", "--weights", "{}"]);
    refused("model.weights.h5", &["trace", "lesson1", "--weights", "{}"]);
    let pytorch = fixture("files/pytorch/lstm2_linear.toml");
    refused(
        "model.safetensors",
        &["trace", pytorch.to_str().unwrap(), "--weights", "{}"],
    );
}

/// A small lesson naming a weights file, an input file or a model file: `{}` is the path.
const NAMING: [(&str, &str); 3] = [
    (
        "weights.npz",
        "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [4, 3]\nweights = \"{}\"\n\
         [[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n[input]\nrandom = { seed = 2 }\n",
    ),
    (
        "input.npy",
        "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [4, 3]\n\
         [[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n[input]\nfile = \"{}\"\n",
    ),
    (
        "model.keras",
        "format_version = 1\ntitle = \"t\"\n[model]\nfile = \"{}\"\n[input]\nrandom = { seed = 2 }\n",
    ),
];

/// The files a lesson names itself go through the same reader.
#[test]
fn special_files_named_inside_a_lesson_are_refused() {
    let dir = TempDir::new().unwrap();
    for (what, template) in NAMING {
        for (kind, path) in specials(dir.path(), what) {
            let file = path.parent().unwrap().join(format!("lesson-{what}.toml"));
            std::fs::write(&file, template.replace("{}", path.to_str().unwrap())).unwrap();
            let (code, err) = run_bounded(&["check", file.to_str().unwrap()]);
            assert_eq!(code, 2, "{kind} as {what}: {err}");
            assert!(
                err.contains(&path.display().to_string()),
                "{kind} as {what} is named: {err}"
            );
            assert!(!err.contains("no such file"), "{kind} as {what}: {err}");
        }
    }
}

/// `trace -o` opened a FIFO for writing, which waits for a reader: now every special file is
/// refused by name, before it is opened, and `-` is standard output.
#[test]
fn special_files_as_trace_output_are_refused() {
    refused("trace.json", &["trace", "lesson1", "-o", "{}"]);
    let dir = TempDir::new().unwrap();
    let (kind, fifo) = specials(dir.path(), "trace.csv").remove(0);
    assert_eq!(kind, "a FIFO");
    let (code, err) = run_bounded(&["trace", "lesson1", "--format", "csv", "-o", fifo.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        format!(
            "lstm-tui: {}: is a named pipe (FIFO), not a regular file; lstm-tui writes its output only to a regular file, or to standard output with -o -",
            fifo.display()
        )
    );
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["trace", "lesson1", "--format", "csv", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.stdout.starts_with(b"layer,"),
        "{}",
        String::from_utf8_lossy(&out.stdout[..64])
    );
    assert!(
        !dir.path().join("-").exists() && !Path::new("-").exists(),
        "no file named -"
    );
}

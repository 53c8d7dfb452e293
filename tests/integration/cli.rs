//! Every option of every command through the built binary: each one given, and what it changes
//! in the output. (src/cli/tests.rs checks what clap parses; these check that it is used.)

use std::path::Path;
use std::process::Command;

use ndarray::{Array3, ArrayD, IxDyn};
use ndarray_npy::{NpzWriter, WriteNpyExt};
use serde_json::Value;
use tempfile::TempDir;

use crate::common::fixture;

/// Exit status, standard output and standard error of `lstm-tui args...`.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exited, not killed by a signal"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Standard output of `lstm-tui args...`, which must succeed, with only these of TERM,
/// COLORTERM and NO_COLOR set.
fn ok_in(terminal: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lstm-tui"));
    for name in ["TERM", "COLORTERM", "NO_COLOR"] {
        command.env_remove(name);
    }
    let out = command.envs(terminal.iter().copied()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Standard output of a command that must succeed.
fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// The trace JSON of `lstm-tui trace args...`.
fn trace(args: &[&str]) -> Value {
    let args: Vec<&str> = ["trace"].iter().chain(args).copied().collect();
    serde_json::from_str(&ok(&args)).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ids(doc: &Value) -> Vec<u64> {
    doc["input"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

fn floats(v: &Value) -> Vec<f32> {
    match v {
        Value::Array(items) => items.iter().flat_map(floats).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap() as f32],
        other => panic!("not a number: {other}"),
    }
}

/// A model file that takes any number of timesteps: Embedding(30, 4) → LSTM(3) → Dense(1).
fn free_tokens() -> String {
    fixture("files/keras3/free_tokens/model.keras").display().to_string()
}

/// A Keras model file reading 7 token ids: Embedding(20, 4) → LSTM → Dense.
fn seven_tokens() -> String {
    fixture("parity/embedding/model.keras").display().to_string()
}

#[test]
fn summary_explain() {
    let plain = ok(&["summary", "lesson1"]);
    assert!(plain.starts_with("Model: \"sequential\""), "{plain}");
    assert!(!plain.contains("Where the counts come from"));
    let explained = ok(&["summary", "lesson1", "--explain"]);
    let (summary, counts) = explained
        .split_once("\nWhere the counts come from:\n")
        .expect("explained");
    assert_eq!(summary, plain, "the summary comes first");
    // One paragraph per layer, wrapped at 80 columns for a pipe, continued indented.
    let lines: Vec<&str> = counts.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{counts}");
    let starts: Vec<&str> = lines.iter().copied().filter(|l| !l.starts_with("    ")).collect();
    assert_eq!(starts.len(), 2, "one paragraph per layer: {counts}");
    assert!(
        starts[0].starts_with("  lstm (LSTM): ") && starts[0].contains(" = 4 gates × ("),
        "{counts}"
    );
    assert!(starts[1].starts_with("  dense (Dense): "), "{counts}");
    assert!(lines.len() > 2, "the LSTM's paragraph is longer than a line: {counts}");
    let wide = ok(&["summary", "lesson1", "--explain", "--width", "200"]);
    let wide_counts = wide.split_once("\nWhere the counts come from:\n").expect("explained").1;
    assert_eq!(
        wide_counts.lines().count(),
        2,
        "at 200 columns a line each: {wide_counts}"
    );
    assert_eq!(
        wide_counts.split_whitespace().collect::<Vec<_>>(),
        counts.split_whitespace().collect::<Vec<_>>(),
        "the same words"
    );
}

#[test]
fn check_source() {
    assert_eq!(ok(&["check", "lesson4"]), "ok\n");
    let (code, _, err) = run(&["check", "lesson99"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("lesson99: no such file, and not a built-in lesson"),
        "{err}"
    );
}

#[test]
fn input_file() {
    let case = fixture("files/keras3/free_seq");
    let doc = trace(&[
        path(&case.join("model.keras")),
        "--input",
        path(&case.join("input.npy")),
    ]);
    let lstm_tui::io::npy::NpyArray::Float(want) =
        lstm_tui::io::npy::parse("input.npy", &std::fs::read(case.join("input.npy")).unwrap()).unwrap()
    else {
        panic!("floats expected")
    };
    assert_eq!(doc["input"].as_array().unwrap().len(), 7);
    assert_eq!(floats(&doc["input"]), want.iter().copied().collect::<Vec<_>>());
}

#[test]
fn tokens_on_every_command() {
    let doc = trace(&[&free_tokens(), "--tokens", "3 1,4"]);
    assert_eq!(ids(&doc), [3, 1, 4]);
    let bench: Value =
        serde_json::from_str(&ok(&["bench", &free_tokens(), "--tokens", "3 1 4", "--repeat", "1"])).unwrap();
    assert_eq!(bench["steps"], 3);
    let screen = ok(&["frame", &free_tokens(), "--tokens", "3 1 4", "--size", "100x30"]);
    assert!(screen.lines().next().unwrap().contains("t=0 of 0‥2"), "{screen}");
    // run reads its input before it asks for a terminal: an id outside the vocabulary is named.
    let (code, _, err) = run(&["run", &free_tokens(), "--tokens", "3 99"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--tokens: token 99 at t=1 is outside the vocabulary (input_dim 30)"),
        "{err}"
    );
}

#[test]
fn text_with_its_vocabulary() {
    let vocab = fixture("text/vocab.txt");
    let doc = trace(&[
        &free_tokens(),
        "--text",
        "This movie was great",
        "--vocab",
        path(&vocab),
    ]);
    assert_eq!(ids(&doc), [8, 10, 3, 5]);
}

#[test]
fn vocabulary_shows_words() {
    let vocab = fixture("text/vocab.txt");
    let args = [
        "frame",
        &seven_tokens(),
        "--tokens",
        "3 1 4",
        "--pad",
        "7",
        "--size",
        "80x24",
        "--keys",
        "End",
    ];
    let without = ok(&args);
    assert!(!without.contains("\"i\""), "{without}");
    let with: Vec<&str> = args.iter().copied().chain(["--vocab", path(&vocab)]).collect();
    let (code, screen, err) = run(&with);
    assert_eq!(code, 0, "{err}");
    assert!(screen.lines().next().unwrap().contains("t=6 of 0‥6 \"i\" "), "{screen}");
    assert!(
        err.contains("the vocabulary has 45 tokens but the Embedding reads ids below 20"),
        "{err}"
    );
}

#[test]
fn pad() {
    assert_eq!(
        ids(&trace(&[&free_tokens(), "--tokens", "3 1", "--pad", "5"])),
        [0, 0, 0, 3, 1]
    );
    assert_eq!(
        ids(&trace(&[&free_tokens(), "--tokens", "3 1 4 1 5", "--pad", "2"])),
        [1, 5]
    );
}

#[test]
fn random_input_and_seed() {
    let lesson = fixture("parity/basic/model.toml");
    let lesson = path(&lesson);
    let given = floats(&trace(&[lesson])["input"]);
    let random = floats(&trace(&[lesson, "--random-input"])["input"]);
    assert_eq!(random.len(), 6 * 3);
    assert_ne!(random, given);
    assert!(random.iter().all(|x| (0.0..1.0).contains(x)), "{random:?}");
    let seed_0 = floats(&trace(&[lesson, "--random-input", "--seed", "0"])["input"]);
    let seed_9 = floats(&trace(&[lesson, "--random-input", "--seed", "9"])["input"]);
    assert_eq!(seed_0, random, "the seed is 0 unless given");
    assert_ne!(seed_9, random);
    assert_eq!(
        floats(&trace(&[lesson, "--random-input", "--seed", "9"])["input"]),
        seed_9
    );
}

#[test]
fn weights() {
    // Zero weights: every gate is sigmoid(0), the candidate tanh(0), so h and the output are 0.
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("zeros.npz");
    let mut npz = NpzWriter::new(std::fs::File::create(&file).unwrap());
    for (key, shape) in [
        ("lstm.kernel", vec![3, 16]),
        ("lstm.recurrent_kernel", vec![4, 16]),
        ("lstm.bias", vec![16]),
        ("dense.kernel", vec![4, 2]),
        ("dense.bias", vec![2]),
    ] {
        npz.add_array(key, &ArrayD::<f32>::zeros(IxDyn(&shape))).unwrap();
    }
    npz.finish().unwrap();
    let lesson = fixture("parity/basic/model.toml");
    let trained = floats(&trace(&[path(&lesson)])["output"]);
    assert!(trained.iter().any(|&x| x != 0.0));
    let zero = trace(&[path(&lesson), "--weights", path(&file)]);
    assert_eq!(floats(&zero["output"]), [0.0, 0.0]);
    assert!(
        floats(&zero["layers"][0]["cells"][0]["steps"][2]["i"])
            .iter()
            .all(|&x| x == 0.5)
    );
}

#[test]
fn sample_of_a_batch() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("batch.npy");
    let batch = Array3::from_shape_fn((3, 6, 3), |(b, t, d)| (100 * b + 10 * t + d) as f32);
    batch.write_npy(std::fs::File::create(&file).unwrap()).unwrap();
    let lesson = fixture("parity/basic/model.toml");
    let first = floats(&trace(&[path(&lesson), "--input", path(&file)])["input"]);
    assert_eq!(first[..4], [0.0, 1.0, 2.0, 10.0]);
    let third = floats(&trace(&[path(&lesson), "--input", path(&file), "--sample", "2"])["input"]);
    assert_eq!(third[..4], [200.0, 201.0, 202.0, 210.0]);
    let (code, _, err) = run(&["trace", path(&lesson), "--input", path(&file), "--sample", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--sample 3 is out of range: the batch holds 3 samples (0 to 2)"),
        "{err}"
    );
}

#[test]
fn trace_format() {
    let lesson = fixture("parity/basic/model.toml");
    let csv = ok(&["trace", path(&lesson), "--format", "csv"]);
    assert_eq!(csv.lines().next(), Some("layer,direction,step,t,unit,i,f,g,o,c,h"));
    assert_eq!(csv.lines().count(), 1 + 6 * 4, "a row per step and unit");
    let json = ok(&["trace", path(&lesson), "--format", "json"]);
    assert!(serde_json::from_str::<Value>(&json).is_ok());
}

#[test]
fn trace_output_file() {
    let lesson = fixture("parity/basic/model.toml");
    let dir = TempDir::new().unwrap();
    for flag in ["-o", "--output"] {
        let file = dir.path().join(format!("trace{flag}.json"));
        assert_eq!(ok(&["trace", path(&lesson), flag, path(&file)]), "", "{flag}");
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(doc["layers"][0]["name"], "lstm", "{flag}");
    }
}

/// The JSON line `lstm-tui bench args...` prints.
fn bench(args: &[&str]) -> Value {
    let args: Vec<&str> = ["bench"].iter().chain(args).copied().collect();
    serde_json::from_str(&ok(&args)).unwrap()
}

#[test]
fn bench_repeat() {
    assert_eq!(bench(&["lesson1", "--repeat", "3"])["repeat"], 3);
    assert_eq!(bench(&["lesson1", "--repeat", "1"])["repeat"], 1);
}

#[test]
fn bench_threads() {
    assert_eq!(bench(&["lesson3", "--repeat", "1", "--threads", "1"])["threads"], 1);
    assert_eq!(bench(&["lesson3", "--repeat", "1", "--threads", "2"])["threads"], 2);
}

#[test]
fn bench_render() {
    let trace = bench(&["lesson1", "--repeat", "2"]);
    assert!(
        trace.get("median_ms").is_some() && trace.get("render_us").is_none(),
        "{trace}"
    );
    let render = bench(&["lesson1", "--repeat", "2", "--render"]);
    assert!(render["render_us"].as_f64().unwrap() > 0.0, "{render}");
    assert_eq!(render["steps"], 2);
    assert_eq!(render["size"], "120x40", "the default size");
}

#[test]
fn bench_render_size() {
    let render = bench(&["lesson1", "--repeat", "1", "--render", "--size", "80x24"]);
    assert_eq!(render["size"], "80x24");
}

#[test]
fn run_options_are_read_before_the_terminal_is_asked_for() {
    for extra in [
        &["--theme", "light"][..],
        &["--ascii"],
        &["--random-input", "--seed", "3"],
        &["--weights", "no-such.npz"],
    ] {
        let args: Vec<&str> = ["run", "lesson1"].iter().chain(extra).copied().collect();
        let (code, out, err) = run(&args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        let want = if extra[0] == "--weights" {
            "lstm-tui: no-such.npz: cannot open"
        } else {
            "lstm-tui: lstm-tui run needs a terminal"
        };
        assert!(err.starts_with(want), "{args:?}: {err}");
    }
    let (code, _, err) = run(&["run", "lesson1", "--theme", "pink"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'pink' for '--theme <THEME>'"), "{err}");
}

#[test]
fn frame_size() {
    let screen = ok(&["frame", "lesson1", "--size", "60x20"]);
    assert_eq!(screen.lines().count(), 20);
    assert!(screen.lines().all(|l| l.chars().count() <= 60));
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("   ") && l.contains("terminal too small: 60×20")),
        "centred in the 60 columns: {screen}"
    );
}

#[test]
fn frame_keys() {
    let at = |keys: &str| {
        let screen = ok(&["frame", "lesson1", "--size", "100x30", "--keys", keys]);
        screen.lines().next().unwrap().to_string()
    };
    assert!(at("").contains("t=0 of 0‥9"));
    // lesson1 asks at t = 1: Esc skips the question, and the next Right steps on.
    assert!(at("Right Right").contains("t=1 of 0‥9"));
    assert!(at("Right Esc Right").contains("t=2 of 0‥9"));
    assert!(at("End").contains("t=9 of 0‥9"));
}

#[test]
fn frame_ansi() {
    let plain = ok(&["frame", "lesson1", "--size", "100x30"]);
    assert!(!plain.contains('\x1b'));
    let ansi = ok(&["frame", "lesson1", "--size", "100x30", "--ansi"]);
    assert!(ansi.starts_with("\x1b["), "{ansi:?}");
}

#[test]
fn frame_colors_follow_the_terminal_unless_told() {
    let frame = |terminal: &[(&str, &str)], extra: &[&str]| {
        let args: Vec<&str> = ["frame", "lesson1", "--size", "80x24", "--ansi"]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        ok_in(terminal, &args)
    };
    let truecolor = frame(&[("TERM", "xterm-256color"), ("COLORTERM", "truecolor")], &[]);
    assert!(truecolor.contains("48;2;"), "truecolor paints the background in RGB");
    let indexed = frame(&[("TERM", "xterm-256color")], &[]);
    assert!(
        indexed.contains("48;5;") && !indexed.contains(";2;"),
        "256 colours, no RGB"
    );
    let sixteen = frame(&[("TERM", "xterm")], &[]);
    assert!(!sixteen.contains("38;") && !sixteen.contains("48;"), "16 colours only");
    assert!(
        sixteen.contains(";40") || sixteen.contains(";97"),
        "with the 16 colours' codes"
    );
    assert_eq!(frame(&[("TERM", "linux")], &[]), sixteen);
    assert_eq!(frame(&[("TERM", "screen")], &[]), sixteen);
    let mono = frame(&[("TERM", "dumb")], &[]);
    assert!(
        !mono.contains("38;") && !mono.contains("48;") && !mono.contains(";40"),
        "no colour"
    );
    assert_eq!(frame(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")], &[]), mono);
    // --colors wins over the terminal.
    assert_eq!(frame(&[("TERM", "dumb")], &["--colors", "256"]), indexed);
    assert_eq!(frame(&[("TERM", "xterm")], &["--colors", "truecolor"]), truecolor);
    assert_eq!(frame(&[("TERM", "xterm-256color")], &["--colors", "16"]), sixteen);
    assert_eq!(frame(&[("TERM", "xterm-256color")], &["--colors", "mono"]), mono);
}

#[test]
fn frame_theme() {
    let with = |theme: &str| {
        ok_in(
            &[("TERM", "xterm-256color")],
            &["frame", "lesson1", "--size", "100x30", "--ansi", "--theme", theme],
        )
    };
    let (dark, light, mono) = (with("dark"), with("light"), with("mono"));
    assert_ne!(dark, light);
    assert_ne!(light, mono);
    assert_ne!(with("high-contrast"), dark);
    assert!(
        !mono.contains("38;2;") && !mono.contains("38;5;"),
        "mono has no foreground colours"
    );
}

#[test]
fn frame_ascii() {
    let unicode = ok(&["frame", "lesson1", "--size", "100x30"]);
    assert!(!unicode.is_ascii());
    let ascii = ok(&["frame", "lesson1", "--size", "100x30", "--ascii"]);
    assert!(ascii.is_ascii(), "{ascii}");
    assert_eq!(ascii.lines().count(), 30);
}

#[test]
fn help_lists_every_option() {
    let help = ok(&["frame", "--help"]);
    for option in [
        "--input",
        "--tokens",
        "--text",
        "--vocab",
        "--pad",
        "--random-input",
        "--seed",
        "--weights",
        "--sample",
        "--size",
        "--keys",
        "--ansi",
        "--theme",
        "--colors",
        "--ascii",
    ] {
        assert!(help.contains(option), "{option}");
    }
}

//! Hostile text in files never reaches a terminal raw: layer and class names, narrative layers,
//! archive members, npz keys, safetensors names and vocabulary lines holding an OSC 52 clipboard
//! write, a clear-screen CSI and a C1 CSI, run through the built binary, come out escaped on
//! standard output and standard error; JSON stays JSON and says the same name.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use ndarray::{Array1, Array2};
use ndarray_npy::NpzWriter;
use serde_json::Value;
use tempfile::TempDir;
use zip::write::SimpleFileOptions;

use crate::common::fixture;

/// An OSC 52 clipboard write, a clear screen and a C1 CSI (U+009B) starting a colour.
const HOSTILE: &str = "x\x1b]52;c;aGk=\x07\x1b[2J\u{9b}31m";
/// How [`HOSTILE`] is shown.
const SHOWN: &str = r"x\x1b]52;c;aGk=\x07\x1b[2J\u{9b}31m";

/// Exit status, standard output and standard error of the binary.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(args)
        .output()
        .unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("output is UTF-8");
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

/// No control character but the line feed, no bidirectional control.
fn assert_printable(what: &str, text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && lstm_tui::printable::needs_escape(c))
    {
        panic!("{what}: raw {c:?} in {text:?}");
    }
}

/// Run the binary; its output must be printable, and its exit status `code`. Standard output
/// and standard error.
fn outputs(code: i32, args: &[&str]) -> (String, String) {
    let (status, out, err) = run(args);
    assert_printable(&format!("stdout of {args:?}"), &out);
    assert_printable(&format!("stderr of {args:?}"), &err);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status, code, "{args:?}: {out}{err}");
    (out, err)
}

/// [`outputs`], standard output then standard error in one text.
fn output(code: i32, args: &[&str]) -> String {
    let (out, err) = outputs(code, args);
    out + &err
}

/// A TOML basic string holding `s`, control characters as `\uXXXX`.
fn toml_str(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => out.extend(['\\', c]),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out + "\""
}

/// (4, 3) → LSTM(2) named `lstm` → Dense(1) named `dense`, with `extra` appended.
fn lesson(dir: &TempDir, lstm: &str, dense: &str, extra: &str) -> String {
    let text = format!(
        "format_version = 1\ntitle = {}\n[model]\ninput_shape = [4, 3]\nseed = 1\n\
         [[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\nname = {}\n\
         [[model.layers]]\nclass_name = \"Dense\"\nunits = 1\nname = {}\n{extra}\
         [input]\nrandom = {{ seed = 2 }}\n",
        toml_str(HOSTILE),
        toml_str(lstm),
        toml_str(dense)
    );
    let path = dir.path().join("x.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn path_of(dir: &TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// A zip archive of `members` (name, content), stored.
fn zip(path: &Path, members: &[(&str, &[u8])]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in members {
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn names_in_summary_csv_json_frame_and_warnings_are_escaped() {
    let dir = TempDir::new().unwrap();
    let dense = format!("{HOSTILE},\"d\"");
    let ignored = "input_shape = [9]\n";
    let narrative = format!("[[narrative]]\ntext = {}\n", toml_str(&format!("read {HOSTILE} here")));
    let src = lesson(&dir, HOSTILE, &dense, &format!("{ignored}{narrative}"));
    let src = src.as_str();

    // 120 columns give the name's 35 escaped characters a line of their own in the table.
    let summary = output(0, &["summary", "--width", "120", src]);
    assert!(summary.contains(&format!("\n│ {SHOWN}  │ (None, 2) ")), "{summary}");
    let explain = output(0, &["summary", "--explain", src]);
    assert!(
        explain.contains(&format!("\n  {SHOWN} (LSTM): 48 = 4 gates")),
        "{explain}"
    );

    // Only the LSTM has cells, so only its rows.
    let (csv, _) = outputs(0, &["trace", src, "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 4 * 2, "4 steps × 2 units of the LSTM: {csv}");
    assert!(rows[0].starts_with(&format!("{SHOWN},forward,0,0,0,")), "{}", rows[0]);

    // serde_json escapes C0 itself; DEL, C1 and the bidirectional controls are \u escapes too.
    // The names read back as they are in the file.
    let (json, _) = outputs(0, &["trace", src]);
    assert!(
        json.contains(r#""name":"x\u001b]52;c;aGk=\u0007\u001b[2J\u009b31m""#),
        "{json}"
    );
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["layers"][0]["name"], HOSTILE);
    assert_eq!(doc["layers"][1]["name"], dense.as_str());

    let check = output(0, &["check", src]);
    assert_eq!(
        check,
        format!(
            "ok\nlstm-tui: warning: {src}:14:15: input_shape on {SHOWN},\"d\" is ignored, as Keras ignores it: \
             a layer after the first takes its input from the layer before\n"
        )
    );

    let frame = output(0, &["frame", src, "--size", "160x50"]);
    assert!(frame.contains(&format!("▸ {SHOWN} (None, 2) · LSTM(2)")), "{frame}");
    assert!(frame.contains(&format!("│read {SHOWN} here")), "{frame}");
    assert!(frame.contains(&format!("│> {SHOWN} (LSTM)")), "{frame}");

    // With --ansi the only escape sequences are the colours lstm-tui writes itself.
    let (status, ansi, err) = run(&["frame", src, "--size", "160x50", "--ansi"]);
    assert_eq!(status, 0);
    assert_printable("stderr of frame --ansi", &err);
    let colours = without_sgr(&ansi);
    assert_printable("frame --ansi without its colours", &colours);
    assert!(colours.contains(&format!("▸ {SHOWN} (None, 2) · LSTM(2)")), "{colours}");
}

/// `text` without the colour sequences `ESC [ digits and ; m`.
fn without_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(k) = rest.find("\x1b[") {
        out.push_str(&rest[..k]);
        let after = &rest[k + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .filter(|&e| after[e..].starts_with('m'))
            .expect("only colour sequences");
        rest = &after[end + 1..];
    }
    out + rest
}

#[test]
fn names_in_lesson_errors_are_escaped() {
    let dir = TempDir::new().unwrap();
    let src = lesson(&dir, "lstm", "dense", "");
    let text = std::fs::read_to_string(&src).unwrap();
    std::fs::write(&src, text.replace("\"Dense\"", &toml_str(HOSTILE))).unwrap();
    for command in ["check", "summary", "trace", "run", "frame"] {
        let text = output(2, &[command, &src]);
        assert!(
            text.contains(&format!(
                "{src}:11:14: class_name \"{SHOWN}\" is not a layer lstm-tui knows"
            )),
            "{command}: {text}"
        );
    }

    let narrative = format!("[[narrative]]\nlayer = {}\ntext = \"t\"\n", toml_str(HOSTILE));
    let src = lesson(&dir, "lstm", "dense", &narrative);
    for command in ["check", "trace", "run", "frame"] {
        let text = output(2, &[command, &src]);
        assert!(
            text.contains(&format!("no layer is named \"{SHOWN}\" (the layers are: lstm, dense)")),
            "{command}: {text}"
        );
    }

    // A path the file gives is file text too.
    let src = lesson(&dir, "lstm", "dense", "");
    let text = std::fs::read_to_string(&src).unwrap();
    let named = format!("seed = 1\nweights = {}\n", toml_str(&format!("{HOSTILE}.npz")));
    std::fs::write(&src, text.replace("seed = 1\n", &named)).unwrap();
    let text = output(2, &["check", &src]);
    assert!(text.contains(&format!("{SHOWN}.npz")), "{text}");
}

/// The good arrays of the (4, 3) → LSTM(2) → Dense(1) lesson for layers named `lstm` and `dense`.
fn arrays(lstm: &str, dense: &str) -> Vec<(String, ndarray::ArrayD<f32>)> {
    vec![
        (
            format!("{lstm}.kernel"),
            Array2::<f32>::from_elem((3, 8), 0.1).into_dyn(),
        ),
        (
            format!("{lstm}.recurrent_kernel"),
            Array2::<f32>::from_elem((2, 8), 0.1).into_dyn(),
        ),
        (format!("{lstm}.bias"), Array1::<f32>::zeros(8).into_dyn()),
        (
            format!("{dense}.kernel"),
            Array2::<f32>::from_elem((2, 1), 0.1).into_dyn(),
        ),
        (format!("{dense}.bias"), Array1::<f32>::zeros(1).into_dyn()),
    ]
}

fn npz(path: &Path, arrays: &[(String, ndarray::ArrayD<f32>)]) {
    let mut w = NpzWriter::new(std::fs::File::create(path).unwrap());
    for (name, a) in arrays {
        w.add_array(name.as_str(), a).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn npz_keys_and_warned_names_are_escaped() {
    let dir = TempDir::new().unwrap();
    let src = lesson(&dir, "lstm", "dense", "");
    let weights = path_of(&dir, "w.npz");
    let mut extra = arrays("lstm", "dense");
    extra.push((HOSTILE.to_string(), Array1::<f32>::zeros(1).into_dyn()));
    npz(&weights, &extra);
    let w = weights.to_str().unwrap();
    for command in ["trace", "run", "frame"] {
        let text = output(2, &[command, &src, "--weights", w]);
        assert!(
            text.contains(&format!("{w}: array {SHOWN} belongs to no layer of the model")),
            "{command}: {text}"
        );
    }

    // NaN weights of a layer with a hostile name: a warning naming it, and `check` says ok.
    let src = lesson(&dir, HOSTILE, "dense", "");
    let mut nan = arrays(HOSTILE, "dense");
    nan[2].1[[0]] = f32::NAN;
    npz(&weights, &nan);
    let text = std::fs::read_to_string(&src).unwrap();
    std::fs::write(&src, text.replace("seed = 1\n", "weights = \"w.npz\"\n")).unwrap();
    let want = format!("lstm-tui: warning: {SHOWN}.bias holds NaN or infinite values; results will too\n");
    assert_eq!(output(0, &["check", &src]), format!("ok\n{want}"));
    let csv = output(0, &["trace", &src, "--format", "csv"]);
    assert!(csv.ends_with(&want), "{csv}");
}

#[test]
fn zip_members_and_config_json_names_are_escaped() {
    let dir = TempDir::new().unwrap();
    let keras = path_of(&dir, "m.keras");
    let k = keras.to_str().unwrap();
    zip(&keras, &[(HOSTILE, b"{}"), ("model.weights.h5", b"")]);
    for command in ["check", "summary", "trace", "run", "frame"] {
        let text = output(2, &[command, k]);
        assert!(
            text.contains(&format!("{k}: the archive has no config.json")),
            "{command}: {text}"
        );
        assert!(
            text.contains(&format!("it has: {SHOWN}, model.weights.h5)")),
            "{command}: {text}"
        );
    }

    // A trained model's config.json with hostile names: the weights still load (Keras 3 finds
    // them by class, not by name), and every output escapes the names.
    let source = std::fs::File::open(fixture("files/keras3/trained/model.keras")).unwrap();
    let mut archive = zip::ZipArchive::new(source).unwrap();
    let mut members = Vec::new();
    for k in 0..archive.len() {
        let mut member = archive.by_index(k).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut member, &mut bytes).unwrap();
        members.push((member.name().to_string(), bytes));
    }
    let config = &mut members.iter_mut().find(|(n, _)| n == "config.json").unwrap().1;
    let json_name = serde_json::to_string(HOSTILE).unwrap();
    let renamed = String::from_utf8(config.clone())
        .unwrap()
        .replace("\"name\": \"lstm\"", &format!("\"name\": {json_name}"))
        .replace("\"name\": \"sequential\"", &format!("\"name\": {json_name}"));
    assert!(renamed.contains(&json_name));
    *config = renamed.clone().into_bytes();
    let named: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip(&keras, &named);
    let summary = output(0, &["summary", "--width", "120", k]);
    assert!(summary.starts_with(&format!("Model: \"{SHOWN}\"\n")), "{summary}");
    assert!(summary.contains(&format!("\n│ {SHOWN}  │ (None, 4) ")), "{summary}");
    let csv = output(0, &["trace", k, "--format", "csv"]);
    assert!(csv.contains(&format!("\n{SHOWN},forward,0,0,0,")), "{csv}");
    let (json, _) = outputs(0, &["trace", k]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["layers"][0]["name"], HOSTILE);
    output(0, &["check", k]);

    // An unknown class in config.json.
    let classed = renamed.replacen("\"class_name\": \"LSTM\"", &format!("\"class_name\": {json_name}"), 1);
    let named: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(n, b)| {
            (
                n.as_str(),
                if n == "config.json" {
                    classed.as_bytes()
                } else {
                    b.as_slice()
                },
            )
        })
        .collect();
    zip(&keras, &named);
    for command in ["check", "summary", "trace", "run", "frame"] {
        let text = output(2, &[command, k]);
        assert!(
            text.contains(&format!("{SHOWN} is not supported: lstm-tui steps through")),
            "{command}: {text}"
        );
    }
}

#[test]
fn safetensors_names_are_escaped() {
    let dir = TempDir::new().unwrap();
    let src = path_of(&dir, "torch.toml");
    std::fs::write(
        &src,
        "format_version = 1\ntitle = \"torch\"\n[model]\nframework = \"pytorch\"\ninput_shape = [4, 3]\n\
         weights = \"w.safetensors\"\n[[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n\
         tensors = { module = \"lstm\", layer = 0 }\n[input]\nrandom = { seed = 2 }\n",
    )
    .unwrap();
    let data = 1.0f32.to_le_bytes();
    let view = safetensors::tensor::TensorView::new(safetensors::Dtype::F32, vec![1], &data).unwrap();
    let bytes = safetensors::tensor::serialize([(HOSTILE, view)], None).unwrap();
    std::fs::write(path_of(&dir, "w.safetensors"), bytes).unwrap();
    let src = src.to_str().unwrap();
    for command in ["check", "trace", "run", "frame"] {
        let text = output(2, &[command, src]);
        assert!(
            text.contains(&format!("; the file has: {SHOWN}\n")),
            "{command}: {text}"
        );
    }
}

#[test]
fn vocabulary_lines_are_escaped() {
    let dir = TempDir::new().unwrap();
    let src = lesson(&dir, "lstm", "dense", "");
    let vocab = path_of(&dir, "v.txt");
    std::fs::write(&vocab, format!("{HOSTILE}\n[UNK]\nthe\n")).unwrap();
    let v = vocab.to_str().unwrap();
    for command in ["trace", "run", "frame"] {
        let text = output(2, &[command, &src, "--vocab", v, "--text", "the"]);
        assert!(
            text.contains(&format!("{v}:1:1: the first line must be empty")),
            "{command}: {text}"
        );
        assert!(text.contains(&format!("got \"{SHOWN}\"\n")), "{command}: {text}");
    }
}

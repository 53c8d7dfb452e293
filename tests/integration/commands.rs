//! The non-interactive commands as other tools see them: the trace JSON schema and CSV, check
//! (its warnings too), bench and list output.

use std::process::Command;

use lstm_tui::io::npy::NpyArray;
use lstm_tui::io::npz::NpzFile;
use ndarray::{Array1, Array2};
use ndarray_npy::NpzWriter;
use serde_json::Value;

use crate::common::fixture;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn floats(v: &Value) -> Vec<f32> {
    match v {
        Value::Array(items) => items.iter().flat_map(floats).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap() as f32],
        other => panic!("not a number: {other}"),
    }
}

#[test]
fn trace_json_has_the_documented_schema_and_keras_numbers() {
    let case = fixture("parity/bidi_concat_seq");
    let (code, out, err) = run(&["trace", case.join("model.toml").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["input", "layers", "output", "source"]);
    assert_eq!(doc["input"].as_array().unwrap().len(), 5);
    let layers = doc["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 2);
    let bi = &layers[0];
    assert_eq!(bi["name"], "bidirectional");
    assert_eq!(bi["class_name"], "Bidirectional");
    assert_eq!(bi["output_shape"], serde_json::json!([null, 5, 6]));
    assert_eq!(bi["params"], 2 * 4 * (3 * (3 + 3) + 3));
    let cells = bi["cells"].as_array().unwrap();
    assert_eq!(cells[0]["direction"], "forward");
    assert_eq!(cells[1]["direction"], "backward");
    let backward_steps = cells[1]["steps"].as_array().unwrap();
    let ts: Vec<i64> = backward_steps.iter().map(|s| s["t"].as_i64().unwrap()).collect();
    assert_eq!(ts, [4, 3, 2, 1, 0], "steps in processing order");
    let step_keys: Vec<&str> = backward_steps[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(step_keys, ["c", "f", "g", "h", "i", "o", "t", "x"]);
    assert!(layers[1].get("cells").is_none(), "Dense has no cells");
    // The numbers are Keras's: the backward cell's h per step, and the model output.
    let mut expected = NpzFile::open(&case.join("expected.npz")).unwrap();
    let NpyArray::Float(want) = expected.array("bidirectional.backward.h").unwrap() else {
        panic!()
    };
    let got: Vec<f32> = backward_steps.iter().flat_map(|s| floats(&s["h"])).collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want.iter()) {
        assert!((g - w).abs() <= 1e-5, "{g} vs {w}");
    }
    let NpyArray::Float(want) = expected.array("output").unwrap() else {
        panic!()
    };
    let got = floats(&doc["output"]);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want.iter()) {
        assert!((g - w).abs() <= 1e-5, "{g} vs {w}");
    }
}

#[test]
fn trace_json_numbers_keep_full_f32_precision() {
    let case = fixture("parity/basic/model.toml");
    let (_, out, _) = run(&["trace", case.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let session = lstm_tui::session::Session::load(case.to_str().unwrap(), &Default::default()).unwrap();
    let from_json = floats(&doc["layers"][0]["cells"][0]["steps"][3]["c"]);
    let recorded: Vec<f32> = session.trace.layers[0].cells[0].values.c.row(3).to_vec();
    assert_eq!(from_json, recorded, "JSON numbers read back to the same f32");
}

#[test]
fn trace_csv_has_a_row_per_layer_direction_step_and_unit() {
    let case = fixture("parity/bidi_sum_last/model.toml");
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("t.csv");
    let (code, out, _) = run(&[
        "trace",
        case.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("layer,direction,step,t,unit,i,f,g,o,c,h"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2 * 5 * 3, "2 directions × 5 steps × 3 units");
    assert!(rows[15].starts_with("bidirectional,backward,0,4,0,"), "{}", rows[15]);
}

#[test]
fn check_prints_ok() {
    let (code, out, err) = run(&["check", fixture("parity/stacked/model.toml").to_str().unwrap()]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "ok\n", ""));
}

#[test]
fn check_prints_every_warning_and_exits_0() {
    let (code, out, err) = run(&["check", "lesson4"]);
    assert_eq!((code, out.as_str()), (0, "ok\n"));
    assert_eq!(
        err,
        "lstm-tui: warning: lesson4 (built-in):40:15: input_shape on lstm_1 is ignored, as Keras ignores it: \
         a layer after the first takes its input from the layer before\n"
    );

    // (4, 3) → LSTM(2) → Dense(1) with an ignored input_shape, a NaN and an infinite weight.
    let dir = tempfile::TempDir::new().unwrap();
    let lesson = dir.path().join("x.toml");
    std::fs::write(
        &lesson,
        "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [4, 3]\nweights = \"w.npz\"\n\
         [[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n\
         [[model.layers]]\nclass_name = \"Dense\"\nunits = 1\ninput_shape = [2]\n\
         [input]\nrandom = { seed = 2 }\n",
    )
    .unwrap();
    let mut w = NpzWriter::new(std::fs::File::create(dir.path().join("w.npz")).unwrap());
    let mut kernel = Array2::<f32>::zeros((3, 8));
    kernel[[1, 2]] = f32::NAN;
    w.add_array("lstm.kernel", &kernel).unwrap();
    w.add_array("lstm.recurrent_kernel", &Array2::<f32>::zeros((2, 8)))
        .unwrap();
    w.add_array("lstm.bias", &Array1::<f32>::zeros(8)).unwrap();
    w.add_array("dense.kernel", &Array2::<f32>::zeros((2, 1))).unwrap();
    w.add_array("dense.bias", &Array1::<f32>::from_elem(1, f32::INFINITY))
        .unwrap();
    w.finish().unwrap();
    let (code, out, err) = run(&["check", lesson.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, "ok\n"), "{err}");
    let l = lesson.display();
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            format!(
                "lstm-tui: warning: {l}:12:15: input_shape on dense is ignored, as Keras ignores it: \
                 a layer after the first takes its input from the layer before"
            ),
            "lstm-tui: warning: lstm.kernel holds NaN or infinite values; results will too".to_string(),
            "lstm-tui: warning: dense.bias holds NaN or infinite values; results will too".to_string(),
        ]
    );

    // Loading stops at a problem: the lesson's warnings are printed before it.
    std::fs::remove_file(dir.path().join("w.npz")).unwrap();
    let (code, out, err) = run(&["check", lesson.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(&format!(
            "lstm-tui: warning: {l}:12:15: input_shape on dense is ignored"
        )),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!("lstm-tui: {}", dir.path().join("w.npz").display())),
        "{err}"
    );

    // A problem in the lesson file itself: its warnings are printed with it.
    let text = std::fs::read_to_string(&lesson)
        .unwrap()
        .replace("units = 2\n", "units = 0\n");
    std::fs::write(&lesson, text).unwrap();
    let (code, out, err) = run(&["check", lesson.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            format!(
                "lstm-tui: warning: {l}:12:15: input_shape on dense is ignored, as Keras ignores it: \
                 a layer after the first takes its input from the layer before"
            ),
            format!("lstm-tui: {l}:8:9: units must be a positive integer, got 0"),
        ]
    );
}

#[test]
fn bench_prints_one_json_line() {
    let (code, out, err) = run(&[
        "bench",
        fixture("parity/stacked/model.toml").to_str().unwrap(),
        "--repeat",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    let line: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(line["steps"], 5);
    assert_eq!(line["layers"], 4);
    assert!(line["median_ms"].as_f64().unwrap() > 0.0);
    assert!(line["gflops"].as_f64().unwrap() > 0.0);
}

/// Thousands of warnings and errors go out through one buffer: every line, in order, warnings
/// first and the error that ends the check last.
#[test]
fn check_prints_thousands_of_warnings_and_errors_in_order() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut text = "format_version = 1\ntitle = \"many\"\n[model]\ninput_shape = [4, 3]\n\
                    [[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\nreturn_sequences = true\n"
        .to_string();
    for _ in 0..300 {
        text.push_str("[[model.layers]]\nclass_name = \"Dense\"\nunits = 2\ninput_shape = [4, 2]\n");
    }
    text.push_str("[input]\nrandom = { seed = 1 }\n");
    for _ in 0..2000 {
        text.push_str("[[narrative]]\nat = 1\nlayer = \"nope\"\ntext = \"x\"\n");
    }
    let file = dir.path().join("many.toml");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = run(&["check", file.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2300, "{}", lines.last().unwrap());
    let name = file.display().to_string();
    for (k, line) in lines.iter().enumerate() {
        let want = if k < 300 {
            let layer = if k == 0 {
                "dense".to_string()
            } else {
                format!("dense_{k}")
            };
            format!(
                "lstm-tui: warning: {name}:{}:15: input_shape on {layer} is ignored,",
                4 * k + 12
            )
        } else {
            format!(
                "lstm-tui: {name}:{}:9: no layer is named \"nope\"",
                4 * (k - 300) + 1213
            )
        };
        assert!(line.starts_with(&want), "line {k}: {line}\nwanted {want}");
    }
}

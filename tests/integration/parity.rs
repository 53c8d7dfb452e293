//! Keras parity: every fixture case made by tools/make_fixtures.py with real Keras 3 is run
//! through lstm-tui and compared with Keras's own numbers: every layer's output, and every LSTM
//! cell's h and c at every step (stepped through the Keras cell), to 1e-5.

use lstm_tui::io::npy::NpyArray;
use lstm_tui::io::npz::NpzFile;
use lstm_tui::model::cell::Direction;
use lstm_tui::session::{Overrides, Session};
use ndarray::ArrayD;

use crate::common::fixture;

/// Cases the fixture script must have written; every other folder found is checked too.
const REQUIRED: &[&str] = &[
    "basic",
    "stacked",
    "go_backwards_seq",
    "go_backwards_last",
    "no_bias",
    "activations",
    "hard_sigmoid",
    "dropout",
    "bidi_concat_seq",
    "bidi_concat_last",
    "bidi_sum_seq",
    "bidi_sum_last",
    "bidi_mul_seq",
    "bidi_mul_last",
    "bidi_ave_seq",
    "bidi_ave_last",
    "bidi_stacked",
    "embedding",
    "embedding_bidirectional",
    "dense_3d",
    "flatten",
    "batch_size",
    "explicit_names",
    "batch_input",
];

const TOLERANCE: f32 = 1e-5;

fn float(a: NpyArray, name: &str) -> ArrayD<f32> {
    match a {
        NpyArray::Float(a) => a,
        NpyArray::Int(_) | NpyArray::UInt(_) => panic!("{name}: expected floats"),
    }
}

/// Largest difference, scaled for values above 1 (relative there, absolute below).
fn assert_close(case: &str, what: &str, got: &ArrayD<f32>, want: &ArrayD<f32>) {
    assert_eq!(got.shape(), want.shape(), "{case}: {what}: shape");
    for (k, (g, w)) in got.iter().zip(want.iter()).enumerate() {
        let err = (g - w).abs() / w.abs().max(1.0);
        assert!(err <= TOLERANCE, "{case}: {what}[{k}]: lstm-tui {g}, Keras {w}");
    }
}

fn check_case(case: &str) -> usize {
    let dir = fixture(&format!("parity/{case}"));
    let sample = (case == "batch_input").then_some(1);
    let overrides = Overrides {
        sample,
        ..Default::default()
    };
    let session =
        Session::load(dir.join("model.toml").to_str().unwrap(), &overrides).unwrap_or_else(|e| panic!("{case}: {e}"));
    let mut expected = NpzFile::open(&dir.join("expected.npz")).unwrap();
    let mut compared = 0;
    for (layer, lt) in session.model.layers.iter().zip(&session.trace.layers) {
        let name = format!("{}.output", layer.name);
        assert_close(case, &name, &lt.output, &float(expected.array(&name).unwrap(), &name));
        compared += 1;
        for cell in &lt.cells {
            let prefix = match (lt.cells.len(), cell.direction) {
                (1, _) => layer.name.clone(),
                (_, Direction::Forward) => format!("{}.forward", layer.name),
                (_, Direction::Backward) => format!("{}.backward", layer.name),
            };
            for (q, got) in [("h", &cell.values.h), ("c", &cell.values.c)] {
                let key = format!("{prefix}.{q}");
                let want = float(expected.array(&key).unwrap(), &key);
                assert_close(case, &key, &got.clone().into_dyn(), &want);
                compared += 1;
            }
        }
    }
    assert_close(
        case,
        "output",
        session.trace.output(),
        &float(expected.array("output").unwrap(), "output"),
    );
    compared
}

#[test]
fn every_fixture_case_matches_keras() {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("parity"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|c| fixture(&format!("parity/{c}/model.toml")).exists())
        .collect();
    cases.sort();
    for required in REQUIRED {
        assert!(
            cases.iter().any(|c| c == required),
            "fixture case {required} is missing"
        );
    }
    let compared: usize = cases.iter().map(|c| check_case(c)).sum();
    assert!(compared > 100, "only {compared} arrays compared");
}

/// The summary lstm-tui builds agrees with Keras's names, output shapes and counts.
#[test]
fn summaries_match_keras() {
    for case in REQUIRED {
        let dir = fixture(&format!("parity/{case}"));
        let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
        let keras: serde_json::Value = serde_json::from_str(&text).unwrap();
        let session = Session::load(dir.join("model.toml").to_str().unwrap(), &Overrides::default()).unwrap();
        let batch = session.model.spec.input.batch_size;
        let layers = keras["layers"].as_array().unwrap();
        assert_eq!(layers.len(), session.model.layers.len(), "{case}");
        let model = &session.model;
        for ((layer, spec), k) in model.layers.iter().zip(&model.spec.layers).zip(layers) {
            assert_eq!(k["name"], layer.name, "{case}");
            assert_eq!(k["class_name"], spec.config.class_name(), "{case}");
            assert_eq!(k["params"], layer.params, "{case} {}", layer.name);
            let shape: Vec<Option<usize>> = std::iter::once(batch).chain(layer.output_shape.dims()).collect();
            assert_eq!(k["output_shape"], serde_json::json!(shape), "{case} {}", layer.name);
        }
        assert_eq!(keras["total_params"], session.model.params(), "{case}");
    }
}

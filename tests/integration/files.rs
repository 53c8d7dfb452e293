//! Model files as SOURCE and as weights: Keras 3 .keras, legacy .h5 (Keras 3 and tf.keras 2),
//! .weights.h5 named by a lesson; text and token inputs; unsupported models
//! and damaged files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ndarray::{ArrayD, ArrayView, Dimension};
use serde_json::Value;

use lstm_tui::error::{Error, Kind, OptionMistake};
use lstm_tui::io::npy::NpyArray;
use lstm_tui::io::npz::NpzFile;
use lstm_tui::io::text::Vocabulary;
use lstm_tui::model::trace::Input;
use lstm_tui::session::{self, Overrides, Session};

use crate::common::fixture;

pub(crate) const TOLERANCE: f32 = 1e-5;

/// Every array of an .npz file, as f32.
pub(crate) fn npz(path: &Path) -> BTreeMap<String, ArrayD<f32>> {
    let mut file = NpzFile::open(path).unwrap();
    let mut out = BTreeMap::new();
    for name in file.names() {
        let array = match file.array(&name).unwrap() {
            NpyArray::Float(a) => a,
            NpyArray::Int(a) => a.mapv(|x| x as f32),
            NpyArray::UInt(a) => a.mapv(|x| x as f32),
        };
        out.insert(name, array);
    }
    out
}

pub(crate) fn assert_close<D: Dimension>(what: &str, got: ArrayView<f32, D>, want: &ArrayD<f32>) {
    let got = got.into_dyn();
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    let worst = got
        .iter()
        .zip(want.iter())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(worst <= TOLERANCE, "{what}: differs from Keras by {worst}");
}

/// Compare a recorded run with Keras's numbers: every layer's output, every cell's h and c (and
/// its gates i, f, g, o where Keras's were written) at every step, and the model output. Every
/// array in `expected` must be compared.
fn check_trace(what: &str, session: &Session, expected: &BTreeMap<String, ArrayD<f32>>) {
    let mut compared = vec!["output".to_string()];
    let last = &session.trace.layers.last().expect("a layer").output;
    assert_close(&format!("{what}: output"), last.view(), &expected["output"]);
    for (layer, trace) in session.model.layers.iter().zip(&session.trace.layers) {
        let key = format!("{}.output", layer.name);
        let want = expected
            .get(&key)
            .unwrap_or_else(|| panic!("{what}: no {key} in expected.npz"));
        assert_close(&format!("{what}: {key}"), trace.output.view(), want);
        compared.push(key);
        let prefixes = match trace.cells.len() {
            1 => vec![layer.name.clone()],
            _ => vec![format!("{}.forward", layer.name), format!("{}.backward", layer.name)],
        };
        for (cell, prefix) in trace.cells.iter().zip(&prefixes) {
            let quantities = [
                ("h", &cell.values.h),
                ("c", &cell.values.c),
                ("i", &cell.values.i),
                ("f", &cell.values.f),
                ("g", &cell.values.g),
                ("o", &cell.values.o),
            ];
            for (q, got) in quantities {
                let key = format!("{prefix}.{q}");
                if let Some(want) = expected.get(&key) {
                    assert_close(&format!("{what}: {key}"), got.view(), want);
                    compared.push(key);
                }
            }
        }
    }
    compared.sort();
    let keys: Vec<&String> = expected.keys().collect();
    assert_eq!(
        compared.iter().collect::<Vec<_>>(),
        keys,
        "{what}: every array Keras wrote is compared"
    );
}

fn with_input(dir: &Path, sample: Option<usize>) -> Overrides {
    Overrides {
        input: Some(dir.join("input.npy")),
        sample,
        ..Overrides::default()
    }
}

/// A scratch folder for lessons written by a test, removed when dropped.
pub(crate) struct Scratch(tempfile::TempDir);

impl Scratch {
    pub(crate) fn new() -> Scratch {
        Scratch(tempfile::TempDir::new().unwrap())
    }

    pub(crate) fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

/// A parity case's lesson, pointing at its model.weights.h5 instead of weights.npz.
fn lesson_with_weights_h5(dir: &Path, scratch: &Scratch, case: &str) -> String {
    let text = std::fs::read_to_string(dir.join("model.toml")).unwrap();
    let abs = |f: &str| dir.join(f).display().to_string();
    assert!(
        text.contains("weights = \"weights.npz\""),
        "{case}: model.toml names weights.npz"
    );
    let text = text
        .replace(
            "weights = \"weights.npz\"",
            &format!("weights = '{}'", abs("model.weights.h5")),
        )
        .replace("file = \"input.npy\"", &format!("file = '{}'", abs("input.npy")));
    scratch.write(&format!("{case}.toml"), &text)
}

/// Keras's summary.json against the model lstm-tui read from the file.
fn check_summary(what: &str, session: &Session, summary: &Value) {
    let spec = &session.model.spec;
    let (inputs, rows): (Vec<&Value>, Vec<&Value>) = summary["layers"]
        .as_array()
        .unwrap()
        .iter()
        .partition(|r| r["class_name"] == "InputLayer");
    // A Functional model's summary lists its InputLayer first; a Sequential model's does not.
    match inputs.as_slice() {
        [] => assert_eq!(spec.input_layer, None, "{what}: no InputLayer row"),
        [input] => {
            assert_eq!(summary["layers"][0], **input, "{what}: the InputLayer comes first");
            assert_eq!(
                input["name"],
                spec.input_layer.as_deref().unwrap_or("-"),
                "{what}: InputLayer"
            );
            let text = lstm_tui::model::summary::summary(spec, &Default::default()).unwrap();
            let shape = input["output_shape"].as_array().unwrap();
            let dims: Vec<String> = shape
                .iter()
                .map(|d| d.as_u64().map_or("None".into(), |d| d.to_string()))
                .collect();
            let row = format!("{} (InputLayer)", input["name"].as_str().unwrap());
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("│ {row} ")))
                .unwrap_or_else(|| panic!("{what}: {text}"));
            assert!(line.contains(&format!("({})", dims.join(", "))), "{what}: {line}");
        }
        more => panic!("{what}: {} InputLayers", more.len()),
    }
    assert_eq!(rows.len(), session.model.layers.len(), "{what}: layer count");
    if let Some(trainable) = summary.get("trainable_params") {
        assert_eq!(*trainable, spec.trainable_params().unwrap(), "{what}: trainable");
        let frozen = spec.params().unwrap() - spec.trainable_params().unwrap();
        assert_eq!(summary["non_trainable_params"], frozen, "{what}: non-trainable");
    }
    let batch = session.model.spec.input.batch_size;
    let model = &session.model;
    for ((row, layer), spec) in rows.iter().zip(&model.layers).zip(&model.spec.layers) {
        assert_eq!(row["name"], layer.name.as_str(), "{what}: name");
        assert_eq!(
            row["class_name"],
            spec.config.class_name(),
            "{what}: class of {}",
            layer.name
        );
        assert_eq!(row["params"], layer.params, "{what}: params of {}", layer.name);
        let mut shape = vec![batch.map_or(Value::Null, Value::from)];
        shape.extend(layer.output_shape.dims().into_iter().map(Value::from));
        assert_eq!(
            row["output_shape"],
            Value::from(shape),
            "{what}: output shape of {}",
            layer.name
        );
    }
    assert_eq!(summary["total_params"], session.model.params(), "{what}: total");
}

#[test]
fn every_parity_case_loads_from_keras_h5_and_weights_h5_with_keras_numbers() {
    let scratch = Scratch::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixture("parity"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "parity cases: {}", cases.len());
    let mut loads = 0;
    for dir in cases {
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let expected = npz(&dir.join("expected.npz"));
        let sample = (case == "batch_input").then_some(1);
        let summary: Option<Value> = std::fs::read_to_string(dir.join("summary.json"))
            .ok()
            .map(|t| serde_json::from_str(&t).unwrap());
        let mut sources = vec![dir.join("model.keras").display().to_string()];
        if dir.join("model.h5").exists() {
            sources.push(dir.join("model.h5").display().to_string());
        }
        for source in &sources {
            let session = Session::load(source, &with_input(&dir, sample)).unwrap_or_else(|e| panic!("{source}: {e}"));
            check_trace(source, &session, &expected);
            if let Some(summary) = &summary {
                check_summary(source, &session, summary);
            }
            loads += 1;
        }
        if dir.join("model.weights.h5").exists() {
            let lesson = lesson_with_weights_h5(&dir, &scratch, &case);
            let session = Session::load(
                &lesson,
                &Overrides {
                    sample,
                    ..Overrides::default()
                },
            )
            .unwrap_or_else(|e| panic!("{lesson}: {e}"));
            check_trace(&format!("{case} lesson + model.weights.h5"), &session, &expected);
            // --weights names the same file over the lesson's weights.npz
            let session = Session::load(
                &dir.join("model.toml").display().to_string(),
                &Overrides {
                    weights: Some(dir.join("model.weights.h5")),
                    sample,
                    ..Overrides::default()
                },
            )
            .unwrap_or_else(|e| panic!("{case} --weights model.weights.h5: {e}"));
            check_trace(&format!("{case} --weights model.weights.h5"), &session, &expected);
            loads += 2;
        }
    }
    assert!(loads >= 90, "only {loads} loads");
}

#[test]
fn the_functional_chain_reads_as_its_layers() {
    let dir = fixture("parity/functional");
    let session = Session::load(&dir.join("model.keras").display().to_string(), &with_input(&dir, None)).unwrap();
    assert_eq!(session.model.spec.name, "functional");
    let names: Vec<&str> = session.model.layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["lstm", "lstm_1", "dense"]);
    assert_eq!(session.lesson.title, "model.keras");
    assert!(session.lesson.narrative.is_empty());
}

#[test]
fn models_taking_any_number_of_timesteps_run_on_the_input_given() {
    for case in ["free_seq", "free_tokens"] {
        let dir = fixture("files/keras3").join(case);
        let expected = npz(&dir.join("expected.npz"));
        for file in ["model.keras", "model.h5"] {
            let source = dir.join(file).display().to_string();
            let lesson = session::read_lesson(&source).unwrap();
            assert!(
                lesson.model.input.shape.takes_any_timesteps(),
                "{source}: timesteps None"
            );
            let text = lstm_tui::model::summary::summary(&lesson.model, &Default::default()).unwrap();
            assert!(text.contains("(None, None, "), "{source}: {text}");
            let explained = lstm_tui::model::summary::explain(&lesson.model, &Default::default()).unwrap();
            let words = explained.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words.contains("Timesteps do not appear"), "{explained}");
            let session = Session::load(&source, &with_input(&dir, None)).unwrap();
            check_trace(&source, &session, &expected);
            assert!(session.warnings.is_empty(), "{:?}", session.warnings);
        }
        // No input: a random one of 10 steps, said in a warning.
        let source = dir.join("model.keras").display().to_string();
        let session = Session::load(&source, &Overrides::default()).unwrap();
        assert_eq!(session.trace.input.timesteps(), session::RANDOM_FREE_TIMESTEPS);
        assert!(
            session
                .warnings
                .iter()
                .any(|w| w.to_string().contains("no input given"))
        );
    }
}

#[test]
fn keras3_files_load_with_keras_numbers_and_summaries() {
    // trained also holds the optimizer's variables; frozen has layers with trainable=False.
    // (free_seq and free_tokens take their timesteps from the input once loaded; their None is
    // checked in models_taking_any_number_of_timesteps_run_on_the_input_given.)
    for case in ["trained", "float64", "frozen"] {
        let dir = fixture("files/keras3").join(case);
        let expected = npz(&dir.join("expected.npz"));
        let summary: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
        for file in ["model.keras", "model.h5"] {
            let source = dir.join(file).display().to_string();
            let session = Session::load(&source, &with_input(&dir, None)).unwrap_or_else(|e| panic!("{e}"));
            check_trace(&source, &session, &expected);
            check_summary(&source, &session, &summary);
        }
    }
}

#[test]
fn frozen_layers_count_as_non_trainable_in_files_and_lessons() {
    let dir = fixture("files/keras3/frozen");
    let source = dir.join("model.keras").display().to_string();
    let session = Session::load(&source, &with_input(&dir, None)).unwrap();
    let text = lstm_tui::model::summary::summary(&session.model.spec, &Default::default()).unwrap();
    assert!(
        text.contains(" Trainable params: 101 (404.00 B)\n Non-trainable params: 176 (704.00 B)"),
        "{text}"
    );
    // The same model written as a lesson, frozen the same way.
    let scratch = Scratch::new();
    let lesson = scratch.write(
        "frozen.toml",
        r#"format_version = 1
title = "frozen"
[model]
input_shape = [6]
seed = 1
[[model.layers]]
class_name = "Embedding"
input_dim = 20
output_dim = 4
trainable = false
[[model.layers]]
class_name = "LSTM"
units = 3
return_sequences = true
[[model.layers]]
class_name = "Bidirectional"
[model.layers.layer]
class_name = "LSTM"
units = 2
trainable = false
[[model.layers]]
class_name = "Dense"
units = 1
activation = "sigmoid"
[input]
tokens = [1, 2, 3, 4, 5, 6]
"#,
    );
    let from_lesson = Session::load(&lesson, &Overrides::default()).unwrap();
    let lesson_text = lstm_tui::model::summary::summary(&from_lesson.model.spec, &Default::default()).unwrap();
    assert!(
        lesson_text.contains(" Trainable params: 101 (404.00 B)\n Non-trainable params: 176 (704.00 B)"),
        "{lesson_text}"
    );
    let explained = lstm_tui::model::summary::explain(&from_lesson.model.spec, &Default::default()).unwrap();
    let words = explained.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words.matches("Frozen (trainable=False)").count(), 2, "{explained}");
}

#[test]
fn narrative_steps_of_a_model_taking_any_number_of_timesteps_are_checked_against_the_input() {
    let dir = fixture("files/keras3/free_seq");
    let scratch = Scratch::new();
    let lesson = scratch.write(
        "free.toml",
        &format!(
            "format_version = 1\ntitle = \"free\"\n[model]\nfile = '{}'\n[input]\nfile = '{}'\n\
             [[narrative]]\nat = 2\ntext = \"two\"\n[[narrative]]\nat = \"5-9\"\ntext = \"past\"\n",
            dir.join("model.keras").display(),
            dir.join("input.npy").display()
        ),
    );
    assert!(session::check(&lesson).problems.is_empty());
    let session = Session::load(&lesson, &Overrides::default()).unwrap();
    assert_eq!(session.trace.input.timesteps(), 7);
    assert_eq!(
        session.warnings,
        [format!(
            "{lesson}: the narrative entry at 9 is past this input's last timestep (6); it never shows"
        )]
    );
    assert_eq!(session.lesson.note_for(2, 7, "lstm").unwrap().text, "two");
}

#[test]
fn a_float64_model_runs_in_float32_with_a_warning() {
    // Its numbers are checked against Keras's float64 run in keras3_files_load_with_keras_numbers_and_summaries.
    let dir = fixture("files/keras3/float64");
    for file in ["model.keras", "model.h5"] {
        let source = dir.join(file).display().to_string();
        let session = Session::load(&source, &with_input(&dir, None)).unwrap();
        assert!(
            session.warnings.iter().any(|w| w.to_string().contains("float64")),
            "{:?}",
            session.warnings
        );
    }
}

#[test]
fn tf_keras_2_files_load_with_keras_numbers() {
    for case in [
        "embedding_bidi",
        "stacked",
        "functional",
        "hard_sigmoid",
        "bidi_go_backwards",
    ] {
        let dir = fixture("files/tf2").join(case);
        let expected = npz(&dir.join("expected.npz"));
        for file in ["model.h5", "model.keras"] {
            let source = dir.join(file).display().to_string();
            let session = Session::load(&source, &with_input(&dir, None)).unwrap_or_else(|e| panic!("{e}"));
            check_trace(&source, &session, &expected);
        }
        // save_weights in the legacy layout: layer_names at the root, datasets named kernel:0.
        let source = dir.join("model.h5").display().to_string();
        let overrides = Overrides {
            weights: Some(dir.join("weights.h5")),
            ..with_input(&dir, None)
        };
        let session = Session::load(&source, &overrides).unwrap_or_else(|e| panic!("{e}"));
        check_trace(&format!("{case} weights.h5"), &session, &expected);
    }
    let e = load_error(&fixture("files/tf2/branching.h5"), &Overrides::default());
    assert_eq!(
        e.message(),
        "model_config: a branching model is not supported: layer lstm_1 reads the output of input_1, not of the layer before it (lstm)"
    );
}

#[test]
fn a_lesson_can_point_at_a_model_file_and_add_its_narrative() {
    let scratch = Scratch::new();
    let dir = fixture("parity/stacked");
    let lesson = scratch.write(
        "stacked.toml",
        &format!(
            "format_version = 1\ntitle = \"Three LSTMs from Keras\"\n[model]\nfile = '{}'\n[input]\nfile = '{}'\n\
             [[narrative]]\nat = 2\nlayer = \"lstm_1\"\ntext = \"The second LSTM reads the first one's h.\"\n",
            dir.join("model.keras").display(),
            dir.join("input.npy").display()
        ),
    );
    let session = Session::load(&lesson, &Overrides::default()).unwrap();
    assert_eq!(session.lesson.title, "Three LSTMs from Keras");
    assert_eq!(session.lesson.narrative.len(), 1);
    check_trace(&lesson, &session, &npz(&dir.join("expected.npz")));

    let lesson = scratch.write(
        "both.toml",
        "format_version = 1\ntitle = \"x\"\n[model]\nfile = 'm.keras'\ninput_shape = [3, 2]\n[input]\nrandom = {}\n",
    );
    let e = session::read_lesson(&lesson).unwrap_err();
    assert_eq!(e.position, Some((5, 1)), "{e}");
    assert!(e.message().contains("`input_shape` cannot be given with it"), "{e}");

    let lesson = scratch.write(
        "missing.toml",
        "format_version = 1\ntitle = \"x\"\n[model]\nfile = 'nowhere.keras'\n[input]\nrandom = {}\n",
    );
    let e = session::read_lesson(&lesson).unwrap_err();
    assert_eq!(e.file.as_deref(), Some(lesson.as_str()));
    assert!(e.message().contains("no such file"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Inputs

#[test]
fn text_is_tokenised_as_text_vectorization_does() {
    for folder in ["text", "files/text"] {
        let dir = fixture(folder);
        let vocab = Vocabulary::read(&dir.join("vocab.txt")).unwrap();
        let cases: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
        let cases = cases.as_array().unwrap();
        assert!(cases.len() >= 4);
        for case in cases {
            let text = case["text"].as_str().unwrap();
            let want: Vec<usize> = serde_json::from_value(case["tokens"].clone()).unwrap();
            assert_eq!(vocab.encode(text), want, "{folder}: {text:?}");
        }
    }
}

#[test]
fn pad_tokens_is_pad_sequences() {
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("text/pad_sequences.json")).unwrap()).unwrap();
    for case in cases.as_array().unwrap() {
        let tokens: Vec<usize> = serde_json::from_value(case["tokens"].clone()).unwrap();
        let padded: Vec<usize> = serde_json::from_value(case["padded"].clone()).unwrap();
        let maxlen = case["maxlen"].as_u64().unwrap() as usize;
        assert_eq!(session::pad_tokens(&tokens, maxlen), padded, "{case}");
    }
}

#[test]
fn text_with_a_vocabulary_runs_a_keras_model_and_shows_words() {
    let source = fixture("parity/lesson5_size/model.keras").display().to_string();
    let vocab = fixture("text/vocab.txt");
    let text = Overrides {
        text: Some("This movie was great".into()),
        vocab: Some(vocab.clone()),
        ..Overrides::default()
    };
    let e = Session::load(&source, &text).unwrap_err();
    assert_eq!(e.file.as_deref(), Some(source.as_str()));
    assert_eq!(
        e.message(),
        "--text: the input has 4 tokens but the model's input_shape is (500,); add --pad 500 to pre-pad the ids with zeros (or cut them) to 500, as pad_sequences does"
    );
    let padded = Overrides { pad: Some(500), ..text };
    let session = Session::load(&source, &padded).unwrap();
    let Input::Tokens(ids) = &session.trace.input else {
        panic!("tokens expected")
    };
    assert_eq!(ids.len(), 500);
    assert!(ids[..496].iter().all(|&t| t == 0));
    assert_eq!(ids[496..], [8, 10, 3, 5]);
    assert_eq!(session.word(8), Some("this"));
    assert_eq!(session.word(1), Some("[UNK]"));
    assert_eq!(session.word(0), Some("<pad>"));
    assert!(session.warnings.is_empty(), "{:?}", session.warnings);
    // The screen shows the word read at t: "great" is the last of the 500 steps.
    let display = lstm_tui::ui::DisplayOptions::default();
    let screen = lstm_tui::tui::frame::frame(session, "80x24", "End", false, &display).unwrap();
    let top = screen.lines().next().unwrap();
    assert!(top.contains("t=499 of 0‥499 \"great\" "), "{top}");
    let wide = lstm_tui::tui::frame::frame(
        Session::load(&source, &padded).unwrap(),
        "160x40",
        "End",
        false,
        &display,
    )
    .unwrap();
    assert!(
        wide.lines().next().unwrap().contains("t=499 of 0‥499 \"great\" (id 5)"),
        "{wide}"
    );
}

#[test]
fn tokens_pad_and_random_inputs() {
    let source = fixture("parity/embedding/model.keras").display().to_string();
    let session = Session::load(
        &source,
        &Overrides {
            tokens: Some(vec![3, 1, 4]),
            pad: Some(7),
            ..Overrides::default()
        },
    )
    .unwrap();
    assert_eq!(session.trace.input, Input::Tokens(vec![0, 0, 0, 0, 3, 1, 4]));
    assert!(session.warnings.is_empty(), "{:?}", session.warnings);
    let with_vocab = Session::load(
        &source,
        &Overrides {
            tokens: Some(vec![3, 1, 4]),
            pad: Some(7),
            vocab: Some(fixture("text/vocab.txt")),
            ..Overrides::default()
        },
    )
    .unwrap();
    assert_eq!(with_vocab.word(3), Some("was"));
    assert!(
        with_vocab
            .warnings
            .iter()
            .any(|w| w.to_string().contains("the Embedding reads ids below 20")),
        "{:?}",
        with_vocab.warnings
    );

    let e = Session::load(
        &source,
        &Overrides {
            tokens: Some(vec![3, 1, 40, 4, 4, 4, 4]),
            ..Overrides::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{source}: --tokens: token 40 at t=2 is outside the vocabulary (input_dim 20)")
    );

    let random = |seed| {
        Session::load(
            &source,
            &Overrides {
                random: Some(seed),
                ..Overrides::default()
            },
        )
        .unwrap()
        .trace
        .input
    };
    assert_eq!(random(4), random(4));
    assert_ne!(random(4), random(5));
    let Input::Tokens(ids) = random(4) else { panic!() };
    assert_eq!(ids.len(), 7);
    assert!(ids.iter().all(|&t| (1..20).contains(&t)));

    let values = fixture("parity/basic/model.keras").display().to_string();
    let e = Session::load(
        &values,
        &Overrides {
            random: Some(1),
            pad: Some(9),
            ..Overrides::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e.innermost(), Kind::Option(OptionMistake::PadVectors)), "{e}");
    let e = Session::load(
        &values,
        &Overrides {
            tokens: Some(vec![1, 2]),
            ..Overrides::default()
        },
    )
    .unwrap_err();
    assert!(
        e.message()
            .contains("reads feature vectors but the input holds token ids"),
        "{e}"
    );
    let e = Session::load(
        &values,
        &Overrides {
            input: Some(fixture("parity/stacked/input.npy")),
            ..Overrides::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.file.as_deref(),
        Some(fixture("parity/stacked/input.npy").to_str().unwrap())
    );
    assert!(e.message().contains("input_shape is (6, 3)"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Refused models and damaged files

fn load_error(path: &Path, overrides: &Overrides) -> Error {
    match Session::load(&path.display().to_string(), overrides) {
        Ok(_) => panic!("{}: loaded, but should not", path.display()),
        Err(e) => e,
    }
}

#[test]
fn unsupported_models_are_refused_naming_the_layer_and_option() {
    let dir = fixture("files/unsupported");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let path = dir.join(case["file"].as_str().unwrap());
        let e = load_error(&path, &Overrides::default());
        assert_eq!(e.file.as_deref(), Some(path.to_str().unwrap()), "{e}");
        let layer = format!("layer {} ", case["layer"].as_str().unwrap());
        assert!(e.message().contains(&layer), "{e} should name {layer}");
        assert!(
            e.message().contains(case["says"].as_str().unwrap()),
            "{e} should say {}",
            case["says"]
        );
    }
}

#[test]
fn damaged_model_files_are_clear_errors() {
    let cases: &[(&str, &str)] = &[
        ("corrupt/truncated.keras", "not a readable zip archive"),
        ("corrupt/not_a_zip.keras", "neither"),
        ("corrupt/missing_weights.keras", "the archive has no model.weights.h5"),
        (
            "corrupt/config_mismatch.keras",
            "model.weights.h5: layers/dense/vars/0 has shape (4, 2) but dense.kernel in config.json needs (4, 3)",
        ),
        ("corrupt/zip_bomb.keras", "config.json unpacks to 200002"),
        ("files/corrupt/zip_bomb_lying.keras", "refused, as a zip bomb would be"),
        ("corrupt/truncated.h5", "the file is damaged, cut short"),
        (
            "files/corrupt/missing_dataset.keras",
            "model.weights.h5: no dataset layers/dense/vars/1",
        ),
        (
            "files/corrupt/missing_dataset.h5",
            "no dataset model_weights/dense/sequential/dense/bias",
        ),
        ("corrupt/truncated_weights.h5", "holds weights only"),
    ];
    for (rel, says) in cases {
        let path = fixture(rel);
        let e = load_error(&path, &Overrides::default());
        assert_eq!(e.file.as_deref(), Some(path.to_str().unwrap()), "{e}");
        assert!(e.message().contains(says), "{rel}: {e}");
    }
}

#[test]
fn damaged_weight_files_are_clear_errors() {
    let lesson = fixture("parity/basic/model.toml");
    let cases: &[(&str, &str)] = &[
        ("corrupt/truncated_weights.h5", "the file is damaged, cut short"),
        ("corrupt/truncated.keras", "not a readable zip archive"),
        ("corrupt/truncated.npz", "not a readable zip archive"),
        ("corrupt/truncated_member.npz", "the header declares shape (3, 16)"),
        ("files/corrupt/missing_dataset.keras", "no dataset layers/dense/vars/1"),
    ];
    for (rel, says) in cases {
        let path = fixture(rel);
        let e = load_error(
            &lesson,
            &Overrides {
                weights: Some(path.clone()),
                ..Overrides::default()
            },
        );
        assert!(e.file.as_deref().unwrap().starts_with(path.to_str().unwrap()), "{e}");
        assert!(e.message().contains(says), "{rel}: {e}");
    }
    let lesson = fixture("files/corrupt/huge_dataset.toml");
    let e = load_error(&lesson, &Overrides::default());
    assert!(e.file.as_deref().unwrap().ends_with("huge_dataset.weights.h5"), "{e}");
    assert!(
        e.message()
            .contains("layers/dense/vars/0 declares 32000000 bytes of data but the whole file is 16616 bytes"),
        "{e}"
    );
    // A lesson whose layers differ from the file's.
    let e = load_error(
        &fixture("parity/stacked/model.toml"),
        &Overrides {
            weights: Some(fixture("parity/basic/model.weights.h5")),
            ..Overrides::default()
        },
    );
    assert!(e.message().contains("has shape (3, 16) but lstm.kernel in"), "{e}");
}

/// Every prefix of a model file is an error, never a panic.
#[test]
fn model_files_cut_anywhere_are_errors() {
    for rel in [
        "parity/basic/model.keras",
        "parity/basic/model.h5",
        "parity/embedding_bidirectional/model.h5",
    ] {
        let bytes = std::fs::read(fixture(rel)).unwrap();
        let step = (bytes.len() / 97).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let name = format!("{rel} cut at {cut}");
            let r = lstm_tui::io::keras::load_model_bytes(&name, bytes[..cut].to_vec()).and_then(|f| {
                let mut weights = f.weights;
                lstm_tui::model::Model::build(f.model.spec, &mut weights)
            });
            let e = r.err().unwrap_or_else(|| panic!("{name}: loaded"));
            assert_eq!(e.file.as_deref(), Some(name.as_str()));
        }
    }
}

//! PyTorch lessons: .safetensors state_dicts of nn.LSTM and nn.Linear, computed as PyTorch does,
//! and the mistakes a PyTorch lesson can make, named.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ndarray::{ArrayD, Axis};

use lstm_tui::session::{Overrides, Session};

use crate::common::fixture;
use crate::files::{Scratch, assert_close, npz};

fn load_pytorch(lesson: &str) -> (Session, BTreeMap<String, ArrayD<f32>>) {
    let path = fixture("files/pytorch").join(lesson);
    let session = Session::load(&path.display().to_string(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
    let case = if lesson == "bare_lstm.toml" {
        "lstm2_linear"
    } else {
        lesson.trim_end_matches(".toml")
    };
    (session, npz(&fixture("pytorch").join(case).join("expected.npz")))
}

fn cell_close(session: &Session, layer: usize, cell: usize, key: &str, expected: &BTreeMap<String, ArrayD<f32>>) {
    let c = &session.trace.layers[layer].cells[cell];
    assert_close(&format!("{key}.h"), c.values.h.view(), &expected[&format!("{key}.h")]);
    assert_close(&format!("{key}.c"), c.values.c.view(), &expected[&format!("{key}.c")]);
}

#[test]
fn stacked_nn_lstm_and_linear_compute_what_pytorch_computes() {
    let (s, expected) = load_pytorch("lstm2_linear.toml");
    cell_close(&s, 0, 0, "lstm.l0", &expected);
    cell_close(&s, 1, 0, "lstm.l1", &expected);
    let last = expected["lstm.output"].index_axis(Axis(0), expected["lstm.output"].shape()[0] - 1);
    assert_close("lstm_1.output", s.trace.layers[1].output.view(), &last.to_owned());
    assert_close("fc.output", s.trace.layers[2].output.view(), &expected["fc.output"]);
}

#[test]
fn bidirectional_nn_lstm_computes_what_pytorch_computes() {
    let (s, expected) = load_pytorch("bilstm_linear.toml");
    cell_close(&s, 0, 0, "lstm.l0", &expected);
    cell_close(&s, 0, 1, "lstm.l0_reverse", &expected);
    assert_close("lstm.output", s.trace.layers[0].output.view(), &expected["lstm.output"]);
    let dense = &s.trace.layers[1].output;
    let last = dense.index_axis(Axis(0), dense.shape()[0] - 1);
    assert_close("fc.output", last, &expected["fc.output"]);
}

#[test]
fn a_bare_nn_lstm_state_dict_maps_with_an_empty_module() {
    let (s, expected) = load_pytorch("bare_lstm.toml");
    cell_close(&s, 0, 0, "lstm.l0", &expected);
    cell_close(&s, 1, 0, "lstm.l1", &expected);
    assert_close("lstm.output", s.trace.layers[1].output.view(), &expected["lstm.output"]);
}

#[test]
fn pytorch_mistakes_are_named() {
    let scratch = Scratch::new();
    let lesson = std::fs::read_to_string(fixture("files/pytorch/lstm2_linear.toml")).unwrap();
    let abs = fixture("pytorch").display().to_string();
    let lesson = lesson.replace("../../pytorch", &abs);

    let wrong_module = scratch.write("rnn.toml", &lesson.replacen("module = \"lstm\"", "module = \"rnn\"", 1));
    let e = Session::load(&wrong_module, &Overrides::default()).unwrap_err();
    assert!(e.file.as_deref().unwrap().ends_with("model.safetensors"), "{e}");
    assert!(e.message().contains("no tensor rnn.weight_ih_l0"), "{e}");

    let no_map = scratch.write("nomap.toml", &lesson.replacen("tensors = { module = \"fc\" }\n", "", 1));
    let e = Session::load(&no_map, &Overrides::default()).unwrap_err();
    assert!(e.message().contains("needs `tensors`"), "{e}");
    assert!(e.position.is_some(), "{e}");

    let missing_layer = scratch.write(
        "missing.toml",
        &lesson.replacen(
            "tensors = { module = \"lstm\", layer = 1 }",
            "tensors = { module = \"lstm\" }",
            1,
        ),
    );
    let e = Session::load(&missing_layer, &Overrides::default()).unwrap_err();
    assert!(e.message().contains("needs `layer`"), "{e}");

    // Only the fc tensors unused: a lesson that stops at the LSTMs.
    let short = lesson[..lesson.find("[[model.layers]]\nclass_name = \"Dense\"").unwrap()].to_string()
        + &format!("[input]\nfile = '{abs}/lstm2_linear/input.npy'\n");
    let e = Session::load(&scratch.write("short.toml", &short), &Overrides::default()).unwrap_err();
    assert!(e.message().contains("tensor fc.bias belongs to no layer"), "{e}");

    let keras_lesson = scratch.write("keras.toml", &lesson.replace("framework = \"pytorch\"\n", ""));
    let e = Session::load(&keras_lesson, &Overrides::default()).unwrap_err();
    assert!(e.message().contains("framework = \"pytorch\""), "{e}");

    let pickle = scratch.write("model.pt", "not really a pickle");
    let e = Session::load(&pickle, &Overrides::default()).unwrap_err();
    assert!(e.message().contains("pickled PyTorch files"), "{e}");
    let e = Session::load(
        &fixture("parity/basic/model.toml").display().to_string(),
        &Overrides {
            weights: Some(PathBuf::from("never/opened.pth")),
            ..Overrides::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.file.as_deref(), Some("never/opened.pth"));
    assert!(e.message().contains("pickled PyTorch files"), "{e}");

    let st = fixture("pytorch/lstm2_linear/model.safetensors").display().to_string();
    let e = Session::load(&st, &Overrides::default()).unwrap_err();
    assert!(e.message().contains("docs/pytorch.md"), "{e}");
}

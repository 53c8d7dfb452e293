//! Bad input: every mistake ends in a message naming the file (and line and column where the
//! format has them) and what was expected, with exit status 2 — never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use lstm_tui::error::Error;
use lstm_tui::session::{Overrides, Session};
use ndarray::{Array1, Array2, Array3};
use ndarray_npy::{NpzWriter, WriteNpyExt};
use tempfile::TempDir;

use crate::common::TINY_LESSON as GOOD;
use crate::common::fixture;

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn load(path: &Path, overrides: &Overrides) -> Result<Session, Error> {
    Session::load(path.to_str().unwrap(), overrides)
}

/// Load a lesson text and return the error it must produce, as printed.
fn lesson_error(text: &str) -> String {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", text);
    let e = load(&path, &Overrides::default()).expect_err("the lesson should be refused");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&path.display().to_string()),
        "names the file: {shown}"
    );
    shown.replace(&path.display().to_string(), "x.toml")
}

#[test]
fn the_good_lesson_loads() {
    let dir = TempDir::new().unwrap();
    let s = load(&write(&dir, "x.toml", GOOD), &Overrides::default()).unwrap();
    assert_eq!(s.model.params(), 4 * (2 * (3 + 2) + 2) + 3);
}

#[test]
fn negative_units_point_at_the_value() {
    let e = lesson_error(&GOOD.replace("units = 2", "units = -3"));
    assert_eq!(e, "x.toml:8:9: units must be a positive integer, got -3");
}

#[test]
fn zero_sizes_are_refused() {
    assert_eq!(
        lesson_error(&GOOD.replace("units = 2", "units = 0")),
        "x.toml:8:9: units must be a positive integer, got 0"
    );
    let e = lesson_error(&GOOD.replace("input_shape = [4, 3]", "input_shape = [0, 3]"));
    assert_eq!(e, "x.toml:4:16: input_shape must be a positive integer, got 0");
}

#[test]
fn toml_syntax_errors_have_a_position() {
    let e = lesson_error(&GOOD.replace("units = 2", "units = = 2"));
    assert!(e.starts_with("x.toml:8:"), "{e}");
    assert!(e.contains("invalid TOML"), "{e}");
}

#[test]
fn wrong_types_say_what_was_expected() {
    let e = lesson_error(&GOOD.replace("units = 2", "units = \"32\""));
    assert_eq!(e, "x.toml:8:9: units must be a positive integer, got \"32\"");
    let e = lesson_error(&GOOD.replace("seed = 1", "seed = true"));
    assert_eq!(e, "x.toml:5:8: seed must be a whole number ≥ 0, got true");
}

#[test]
fn unknown_format_version() {
    let e = lesson_error(&GOOD.replace("format_version = 1", "format_version = 7"));
    assert_eq!(
        e,
        "x.toml:1:18: format_version 7 is not known to this lstm-tui (it reads format_version = 1)"
    );
}

#[test]
fn unknown_layers_activations_and_options_are_named() {
    let e = lesson_error(&GOOD.replace("class_name = \"LSTM\"", "class_name = \"GRU\""));
    assert!(e.starts_with("x.toml:7:14: class_name \"GRU\""), "{e}");
    let e = lesson_error(&GOOD.replace("units = 2", "units = 2\nactivation = \"selu\""));
    assert!(
        e.starts_with("x.toml:9:14: activation \"selu\" is not supported"),
        "{e}"
    );
    let e = lesson_error(&GOOD.replace("units = 2", "units = 2\nstateful = true"));
    assert!(e.starts_with("x.toml:9:12: stateful = true is not supported"), "{e}");
    let e = lesson_error(&GOOD.replace("units = 2", "units = 2\nkernel_regularizer = \"l2\""));
    assert!(
        e.starts_with("x.toml:9:1: LSTM option `kernel_regularizer` is not supported"),
        "{e}"
    );
}

#[test]
fn mask_zero_is_named() {
    let text = r#"format_version = 1
title = "t"
[model]
input_shape = [3]
[[model.layers]]
class_name = "Embedding"
input_dim = 10
output_dim = 2
mask_zero = true
[[model.layers]]
class_name = "LSTM"
units = 2
[input]
tokens = [1, 2, 3]
"#;
    assert!(lesson_error(text).starts_with("x.toml:9:13: mask_zero = true is not supported"));
}

#[test]
fn shapes_that_do_not_fit_name_the_layer() {
    let e = lesson_error(&GOOD.replace(
        "units = 2\n[[model.layers]]",
        "units = 2\n[[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n[[model.layers]]",
    ));
    assert!(
        e.starts_with("x.toml:9:1: layer lstm_1 (LSTM): LSTM needs a sequence"),
        "{e}"
    );
    assert!(e.contains("return_sequences = true"), "{e}");
}

#[test]
fn input_table_needs_exactly_one_source() {
    let e = lesson_error(&GOOD.replace(
        "random = { seed = 2 }",
        "random = { seed = 2 }\nvalues = [[1.0, 2.0, 3.0]]",
    ));
    assert!(
        e.contains("[input] needs exactly one of values, tokens, file or random; found values and random"),
        "{e}"
    );
}

#[test]
fn empty_inputs_are_refused() {
    let e = lesson_error(&GOOD.replace("random = { seed = 2 }", "values = []"));
    assert!(e.contains("values is empty"), "{e}");
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", GOOD);
    let npy = dir.path().join("empty.npy");
    Array2::<f32>::zeros((0, 3))
        .write_npy(std::fs::File::create(&npy).unwrap())
        .unwrap();
    let e = load(
        &path,
        &Overrides {
            input: Some(npy.clone()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: the input is empty (shape (0, 3))", npy.display())
    );
}

#[test]
fn input_of_the_wrong_shape() {
    let e = lesson_error(&GOOD.replace("random = { seed = 2 }", "values = [[1.0, 2.0], [3.0, 4.0]]"));
    assert_eq!(
        e,
        "x.toml:13:10: values has 2 rows of 2 but input_shape is [4, 3]: one row of 3 features per timestep"
    );
    let e = lesson_error(&GOOD.replace("random = { seed = 2 }", "values = [[1.0, 2.0, 3.0], [4.0]]"));
    assert!(
        e.contains("every row of values must have the same length (3), this one has 1"),
        "{e}"
    );
}

/// Six token ids from x.npy beside it into Embedding(10000, 2) → LSTM(2).
fn token_lesson(dir: &TempDir) -> PathBuf {
    let text = r#"format_version = 1
title = "t"
[model]
input_shape = [6]
[[model.layers]]
class_name = "Embedding"
input_dim = 10000
output_dim = 2
[[model.layers]]
class_name = "LSTM"
units = 2
[input]
file = "x.npy"
"#;
    write(dir, "x.toml", text)
}

#[test]
fn tokens_outside_the_vocabulary() {
    let dir = TempDir::new().unwrap();
    let path = token_lesson(&dir);
    Array1::from(vec![1i64, 2, 3, 4, 5, 10234])
        .write_npy(std::fs::File::create(dir.path().join("x.npy")).unwrap())
        .unwrap();
    let e = load(&path, &Overrides::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: token 10234 at t=5 is outside the vocabulary (input_dim 10000)",
            dir.path().join("x.npy").display()
        )
    );
}

/// A single number is not a sequence of token ids: refused by its header's shape, as a file of
/// any other rank is.
#[test]
fn a_file_of_one_token_id_is_refused_by_its_rank() {
    let dir = TempDir::new().unwrap();
    let path = token_lesson(&dir);
    for (array, shape) in [
        (ndarray::arr0(3i64).into_dyn(), "()"),
        (Array3::<i64>::ones((1, 6, 1)).into_dyn(), "(1, 6, 1)"),
    ] {
        array
            .write_npy(std::fs::File::create(dir.path().join("x.npy")).unwrap())
            .unwrap();
        let e = load(&path, &Overrides::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: expected token ids of shape (T,) or a batch (B, T) but the file has shape {shape}",
                dir.path().join("x.npy").display()
            )
        );
    }
}

fn npz(dir: &TempDir, arrays: &[(&str, ndarray::ArrayD<f32>)]) -> PathBuf {
    let path = dir.path().join("weights.npz");
    let mut w = NpzWriter::new(std::fs::File::create(&path).unwrap());
    for (name, a) in arrays {
        w.add_array(*name, a).unwrap();
    }
    w.finish().unwrap();
    path
}

fn good_arrays() -> Vec<(&'static str, ndarray::ArrayD<f32>)> {
    vec![
        ("lstm.kernel", Array2::<f32>::from_elem((3, 8), 0.1).into_dyn()),
        (
            "lstm.recurrent_kernel",
            Array2::<f32>::from_elem((2, 8), 0.1).into_dyn(),
        ),
        ("lstm.bias", Array1::<f32>::zeros(8).into_dyn()),
        ("dense.kernel", Array2::<f32>::from_elem((2, 1), 0.1).into_dyn()),
        ("dense.bias", Array1::<f32>::zeros(1).into_dyn()),
    ]
}

fn weights_error(arrays: &[(&str, ndarray::ArrayD<f32>)]) -> String {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", GOOD);
    let weights = npz(&dir, arrays);
    let e = load(
        &path,
        &Overrides {
            weights: Some(weights.clone()),
            ..Default::default()
        },
    )
    .unwrap_err();
    e.to_string().replace(&weights.display().to_string(), "weights.npz")
}

#[test]
fn weights_with_the_wrong_shape() {
    let mut arrays = good_arrays();
    arrays[0].1 = Array2::<f32>::zeros((16, 8)).into_dyn();
    assert_eq!(
        weights_error(&arrays),
        "weights.npz: lstm.kernel has shape (16, 8) but lstm needs (3, 8)"
    );
}

#[test]
fn missing_and_extra_weights() {
    let mut arrays = good_arrays();
    arrays.remove(1);
    assert_eq!(
        weights_error(&arrays),
        "weights.npz: no array lstm.recurrent_kernel (layer lstm needs it with shape (2, 8))"
    );
    let mut arrays = good_arrays();
    arrays.push(("lstm_1.kernel", Array2::<f32>::zeros((2, 8)).into_dyn()));
    assert!(weights_error(&arrays).starts_with("weights.npz: array lstm_1.kernel belongs to no layer"));
}

#[test]
fn nan_weights_run_with_a_warning() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", GOOD);
    let mut arrays = good_arrays();
    arrays[2].1[[0]] = f32::NAN;
    let weights = npz(&dir, &arrays);
    let s = load(
        &path,
        &Overrides {
            weights: Some(weights),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        s.warnings,
        vec!["lstm.bias holds NaN or infinite values; results will too".to_string()]
    );
    assert!(s.trace.output().iter().all(|x| x.is_nan()));
}

/// Load the good lesson with `overrides` and check the error names `file` and says `want`.
fn refused(overrides: Overrides, file: &Path, want: &str) {
    let dir = TempDir::new().unwrap();
    let e = load(&write(&dir, "x.toml", GOOD), &overrides).unwrap_err().to_string();
    assert!(e.starts_with(&file.display().to_string()), "{e}");
    assert!(e.contains(want), "{e}");
}

#[test]
fn corrupt_arrays_are_refused() {
    for (file, want) in [
        ("corrupt/truncated.npz", "not a readable zip archive"),
        // Refused by its header, before its data is read: this lesson's LSTM(2) needs (3, 8).
        // (files.rs gives it to a model of its shape, and finds it cut short.)
        (
            "corrupt/truncated_member.npz",
            "lstm.kernel has shape (3, 16) but lstm needs (3, 8)",
        ),
    ] {
        refused(
            Overrides {
                weights: Some(fixture(file)),
                ..Default::default()
            },
            &fixture(file),
            want,
        );
    }
    for (file, want) in [
        ("corrupt/complex64.npy", "dtype <c8 is not supported"),
        ("corrupt/short_data.npy", "but the file holds only"),
    ] {
        refused(
            Overrides {
                input: Some(fixture(file)),
                ..Default::default()
            },
            &fixture(file),
            want,
        );
    }
}

#[test]
fn wrong_input_dtype() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", GOOD);
    let npy = dir.path().join("ints.npy");
    Array2::<i32>::zeros((4, 3))
        .write_npy(std::fs::File::create(&npy).unwrap())
        .unwrap();
    let e = load(
        &path,
        &Overrides {
            input: Some(npy),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .ends_with("the model reads float features but the file holds integers"),
        "{e}"
    );
}

#[test]
fn batch_sample_out_of_range() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", GOOD);
    let npy = dir.path().join("batch.npy");
    Array3::<f32>::zeros((2, 4, 3))
        .write_npy(std::fs::File::create(&npy).unwrap())
        .unwrap();
    let e = load(
        &path,
        &Overrides {
            input: Some(npy),
            sample: Some(5),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .ends_with("--sample 5 is out of range: the batch holds 2 samples (0 to 1)"),
        "{e}"
    );
}

#[test]
fn too_large_a_model_is_refused_before_allocating() {
    let e = lesson_error(&GOOD.replace("units = 2", "units = 200000"));
    assert!(e.starts_with("x.toml: this model needs 1280.0 GB"), "{e}");
}

#[test]
fn the_binary_exits_2_without_a_panic() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "x.toml", &GOOD.replace("units = 2", "units = -3"));
    for args in [vec!["check", path.to_str().unwrap()], vec!["summary", "no-such-lesson"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.starts_with("lstm-tui: "), "{stderr}");
    }
}

#[test]
fn check_reports_every_problem_found() {
    let dir = TempDir::new().unwrap();
    let text = GOOD
        .replace("format_version = 1", "format_version = 2")
        .replace("units = 2", "units = -3")
        .replace("units = 1", "units = 1\nactivation = \"selu\"")
        + "[[narrative]]\nat = 1\ntext = 4\n";
    let path = write(&dir, "x.toml", &text);
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr)
        .unwrap()
        .replace(&path.display().to_string(), "x.toml");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "lstm-tui: x.toml:1:18: format_version 2 is not known to this lstm-tui (it reads format_version = 1)",
            "lstm-tui: x.toml:8:9: units must be a positive integer, got -3",
            "lstm-tui: x.toml:12:14: activation \"selu\" is not supported (lstm-tui computes tanh, sigmoid, hard_sigmoid, relu, linear and softmax)",
            "lstm-tui: x.toml:17:8: text must be a string, got integer",
        ]
    );
}

//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// A path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A small valid lesson: (4, 3) → LSTM(2) → Dense(1), on a random input.
pub const TINY_LESSON: &str = r#"format_version = 1
title = "tiny"
[model]
input_shape = [4, 3]
seed = 1
[[model.layers]]
class_name = "LSTM"
units = 2
[[model.layers]]
class_name = "Dense"
units = 1
[input]
random = { seed = 2 }
"#;

/// [`TINY_LESSON`] without its Dense layer: (4, 3) → LSTM(2).
pub fn tiny_lstm_lesson() -> String {
    let dense = "[[model.layers]]\nclass_name = \"Dense\"\nunits = 1\n";
    assert!(TINY_LESSON.contains(dense));
    TINY_LESSON.replace(dense, "")
}

//! An .npz weights archive for a fixed model, and the same bytes as one .npy array.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use lstm_tui::io::{npy, npz::NpzWeights};
use lstm_tui::model::Model;
use lstm_tui::model::spec::ModelSpec;

/// parity/basic's model: (6, 3) → LSTM(4) → Dense(2).
static SPEC: LazyLock<ModelSpec> = LazyLock::new(|| {
    let text = include_str!("../../tests/fixtures/parity/basic/model.toml");
    lstm_tui::lesson::parse("basic.toml", text, Default::default())
        .expect("the fixture parses")
        .model
});

fuzz_target!(|data: &[u8]| {
    if let Ok(mut weights) = NpzWeights::from_bytes("fuzz.npz", data.to_vec()) {
        let _ = Model::build(SPEC.clone(), &mut weights);
    }
    let _ = npy::parse("fuzz.npy", data);
});

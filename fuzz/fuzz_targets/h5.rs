//! HDF5: as a legacy full-model .h5 (model_config + model_weights), and as the weights of a fixed
//! model (Keras 3 .weights.h5 or legacy save_weights layout).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use lstm_tui::io::keras;
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
    if let Ok(file) = keras::load_h5_bytes("fuzz.h5", data.to_vec()) {
        let mut weights = file.weights;
        let _ = Model::build(file.model.spec, &mut weights);
    }
    if let Ok(mut weights) = keras::weights_from_bytes("fuzz.weights.h5", data.to_vec(), &SPEC, "basic.toml") {
        let _ = Model::build(SPEC.clone(), &mut weights);
    }
});

//! A .keras archive: zip, config.json, model.weights.h5, every weight read, the model built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lstm_tui::io::keras;
use lstm_tui::model::Model;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = keras::load_keras_bytes("fuzz.keras", data.to_vec()) {
        let mut weights = file.weights;
        let _ = Model::build(file.model.spec, &mut weights);
    }
});

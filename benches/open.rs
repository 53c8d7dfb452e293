//! Opening a Keras model file the size of lesson5's model (1.4 MB: Embedding(10000, 32) and
//! three LSTM(32)) to its first frame: the .keras archive read, config.json parsed, every weight
//! read from model.weights.h5, the model built, the input read, the whole run recorded and the
//! debugger's first screen drawn. The goal is under 100 ms.

use lstm_tui::session::{Overrides, Session};
use lstm_tui::ui::DisplayOptions;

fn main() {
    // As the binary does (src/main.rs).
    lstm_tui::memory::keep_freed_memory();
    divan::main();
}

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parity/lesson5_size/");

fn load() -> Session {
    let overrides = Overrides {
        input: Some(format!("{DIR}input.npy").into()),
        ..Overrides::default()
    };
    Session::load(&format!("{DIR}model.keras"), &overrides).expect("the fixture loads")
}

/// `lstm-tui run model.keras --input input.npy` up to its first screen (80 × 24, no colour).
#[divan::bench(sample_count = 20)]
fn lesson5_size_keras_to_first_frame() -> String {
    let display = DisplayOptions::default();
    lstm_tui::tui::frame::frame(load(), "80x24", "", false, &display).expect("the frame draws")
}

/// The load alone: everything but drawing.
#[divan::bench(sample_count = 20)]
fn lesson5_size_keras_load() -> Session {
    load()
}

/// Only the file: archive, config.json and every weight read, the model built (no run).
#[divan::bench(sample_count = 20)]
fn lesson5_size_keras_weights_only() -> lstm_tui::model::Model {
    let file =
        lstm_tui::io::keras::open_model(std::path::Path::new(&format!("{DIR}model.keras"))).expect("the fixture opens");
    let mut weights = file.weights;
    lstm_tui::model::Model::build(file.model.spec, &mut weights).expect("the model builds")
}

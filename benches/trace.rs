//! The full recorded run (every gate of every cell at every step): lesson5, 2 × LSTM(256) and
//! Bidirectional(LSTM(256)) over 2,000 timesteps of 64 features (compare with
//! tools/keras_bench.py).

use lstm_tui::session::{Overrides, Session};

fn main() {
    // As the binary does (src/main.rs).
    lstm_tui::memory::keep_freed_memory();
    divan::main();
}

/// Every thread the machine has, as `lstm-tui run` uses.
fn threads() -> usize {
    lstm_tui::model::pipeline::available_threads()
}

fn session(source: &str) -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/");
    let source = if source.ends_with(".toml") {
        format!("{path}{source}")
    } else {
        source.to_string()
    };
    Session::load(&source, &Overrides::default()).expect("benchmark source loads")
}

#[divan::bench(sample_count = 20)]
fn lesson5(bencher: divan::Bencher) {
    let s = session("lesson5");
    bencher.bench(|| s.model.trace(divan::black_box(&s.trace.input), threads()));
}

#[divan::bench(sample_count = 10)]
fn lstm256_2000_steps(bencher: divan::Bencher) {
    let s = session("lstm256.toml");
    bencher.bench(|| s.model.trace(divan::black_box(&s.trace.input), threads()));
}

#[divan::bench(sample_count = 10)]
fn bilstm256_2000_steps(bencher: divan::Bencher) {
    let s = session("bilstm256.toml");
    bencher.bench(|| s.model.trace(divan::black_box(&s.trace.input), threads()));
}

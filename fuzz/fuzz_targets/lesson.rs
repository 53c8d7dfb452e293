//! A lesson file: parsed with every problem gathered, then (when it parses) its model built with
//! seeded weights and its written input checked, as `check` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lstm_tui::lesson::{self, InputSource};
use lstm_tui::model::Model;
use lstm_tui::model::init::SeededInit;
use lstm_tui::model::trace::Input;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // An empty folder: relative files (weights, inputs, model files) are not found.
    let Ok(lesson) = lesson::parse_all("fuzz.toml", text, "/nonexistent".into(), &mut Default::default()) else {
        return;
    };
    // Lessons declaring huge models are refused by Model::build before allocating.
    let Ok(model) = Model::build(lesson.model.clone(), &mut SeededInit::new(lesson.seed)) else {
        return;
    };
    let input = match &lesson.input {
        InputSource::Values(v) => Input::Values(v.clone()),
        InputSource::Tokens { ids, pad } => {
            Input::Tokens(pad.map_or_else(|| ids.clone(), |n| lstm_tui::session::pad_tokens(ids, n)))
        }
        _ => return,
    };
    if model.check_input(&input).is_ok() && model.params() < 100_000 && input.timesteps() < 1_000 {
        let _ = model.trace(&input, lstm_tui::model::pipeline::available_threads());
    }
});

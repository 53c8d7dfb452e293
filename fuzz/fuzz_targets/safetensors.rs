//! A PyTorch .safetensors state_dict for a fixed lesson (pytorch/lstm2_linear's mapping).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use lstm_tui::io::safetensors::TorchWeights;
use lstm_tui::lesson::{Framework, Lesson};
use lstm_tui::model::Model;

static LESSON: LazyLock<Lesson> = LazyLock::new(|| {
    let text = include_str!("../../tests/fixtures/files/pytorch/lstm2_linear.toml");
    lstm_tui::lesson::parse("lstm2_linear.toml", text, Default::default()).expect("the fixture parses")
});

fuzz_target!(|data: &[u8]| {
    let Framework::Pytorch(tensors) = &LESSON.framework else {
        unreachable!("a PyTorch lesson")
    };
    if let Ok(mut weights) = TorchWeights::from_bytes("fuzz.safetensors", data.to_vec(), &LESSON.model, tensors) {
        let _ = Model::build(LESSON.model.clone(), &mut weights);
    }
});

//! `lstm-tui summary` against the text real Keras 3 and tf.keras 2 print for `model.summary()`,
//! byte for byte (tests/fixtures/summaries, made by tools/summary_texts.py): every built-in
//! lesson, and the model files under tests/fixtures/files.

use std::process::Command;

use lstm_tui::lesson::builtin::LESSONS;
use serde_json::Value;

use crate::common::fixture;

/// Standard output of `lstm-tui summary args...`, which must succeed.
fn summary(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .arg("summary")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The committed text Keras printed.
fn keras(name: &str) -> String {
    let path = fixture("summaries").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run tools/summary_texts.py)", path.display()))
}

/// Each layout with the `lstm-tui summary` options that ask for it.
const KERAS3: [(&str, &[&str]); 4] = [
    ("keras3", &[]),
    ("keras3-120", &["--width", "120"]),
    ("keras3-40", &["--width", "40"]),
    ("keras3-ascii", &["--ascii"]),
];

fn assert_same(source: &str, options: &[&str], expected: &str) {
    let args: Vec<&str> = [source].iter().chain(options).copied().collect();
    let ours = summary(&args);
    assert!(ours == expected, "{args:?}:\n--- lstm-tui\n{ours}--- Keras\n{expected}");
}

#[test]
fn every_lesson_prints_what_keras_3_and_tf_keras_2_print() {
    for (id, _) in LESSONS {
        for (layout, options) in KERAS3 {
            assert_same(id, options, &keras(&format!("{id}.{layout}.txt")));
        }
        assert_same(id, &["--style", "keras2"], &keras(&format!("{id}.keras2.txt")));
    }
}

#[test]
fn keras_3_files_print_what_keras_3_prints() {
    // Functional models with their InputLayer row, frozen layers, Embedding, Bidirectional.
    for case in ["free_seq", "free_tokens", "frozen", "trained"] {
        let source = fixture(&format!("files/keras3/{case}/model.keras"));
        for (layout, options) in KERAS3 {
            let expected = keras(&format!("files-keras3-{case}.{layout}.txt"));
            assert_same(source.to_str().unwrap(), options, &expected);
        }
    }
    // A float64 model: computed in float32, but its sizes are Keras's, 8 bytes a weight.
    let source = fixture("files/keras3/float64/model.keras");
    for (layout, options) in KERAS3 {
        let expected = keras(&format!("files-keras3-float64.{layout}.txt"));
        assert_same(source.to_str().unwrap(), options, &expected);
    }
    assert!(
        keras("files-keras3-float64.keras3.txt").contains(" Total params: 138 (1.08 KB)"),
        "138 weights of 8 bytes"
    );
}

#[test]
fn tf_keras_2_files_print_what_tf_keras_2_prints() {
    for case in [
        "bidi_go_backwards",
        "embedding_bidi",
        "functional",
        "hard_sigmoid",
        "stacked",
    ] {
        let source = fixture(&format!("files/tf2/{case}/model.h5"));
        let expected = keras(&format!("files-tf2-{case}.keras2.txt"));
        assert_same(source.to_str().unwrap(), &["--style", "keras2"], &expected);
    }
}

#[test]
fn ascii_rules_hold_no_box_characters_and_narrow_widths_fall_back_to_them() {
    for (id, _) in LESSONS {
        let ascii = summary(&[id, "--ascii"]);
        assert!(ascii.is_ascii(), "{id}: {ascii}");
        // Keras draws nothing under 24 columns; lstm-tui draws the 24-column table in ASCII.
        let narrow = summary(&[id, "--width", "10"]);
        assert!(narrow.is_ascii(), "{id}: {narrow}");
        assert_eq!(narrow, summary(&[id, "--width", "24", "--ascii"]), "{id}");
        assert!(narrow.lines().nth(1).unwrap().starts_with("+----"), "{narrow}");
    }
}

#[test]
fn a_pytorch_lesson_gives_pytorchs_count_beside_keras() {
    let numel: Value = serde_json::from_str(&keras("pytorch_numel.json")).expect("pytorch_numel.json is JSON");
    let numel = numel.as_object().unwrap();
    assert_eq!(numel.len(), 3);
    for (file, count) in numel {
        let source = fixture(&format!("files/pytorch/{file}"));
        let text = summary(&[source.to_str().unwrap()]);
        let count = count.as_u64().unwrap();
        let keras: u64 = text
            .lines()
            .find_map(|l| l.strip_prefix(" Total params: "))
            .and_then(|l| l.split(' ').next())
            .map(|n| n.replace(',', "").parse().unwrap())
            .unwrap_or_else(|| panic!("{file}: {text}"));
        let note =
            format!("PyTorch counts {count} parameters (sum(p.numel() for p in model.parameters())), Keras {keras}:");
        assert!(text.contains(&note), "{file}: {text}");
        assert!(
            text.contains(&format!("the {} extra numbers", count - keras)),
            "{file}: {text}"
        );
    }
    // A Keras lesson says nothing of PyTorch.
    assert!(!summary(&["lesson1"]).contains("PyTorch"));
}

#[test]
fn explain_follows_the_table_in_either_style() {
    for style in ["keras3", "keras2"] {
        let plain = summary(&["lesson6", "--style", style]);
        let explained = summary(&["lesson6", "--style", style, "--explain"]);
        let (table, counts) = explained
            .split_once("\nWhere the counts come from:\n")
            .expect("explained");
        assert_eq!(table, plain, "{style}");
        assert!(
            counts.contains("  bidirectional (Bidirectional): 16,640 = 2 directions × 4 gates"),
            "{counts}"
        );
    }
}

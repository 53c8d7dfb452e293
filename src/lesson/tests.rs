//! The lesson parser on small hand-written lessons: every narrative feature the built-in lessons
//! use, the vocabulary, the input forms, and the messages for mistakes.

use std::path::PathBuf;

use super::{At, InputSource, Lesson, Note, parse, parse_all};
use crate::error::{Error, Kind, LessonMistake};
use crate::model::cell::Quantity;
use crate::warning::Warnings;

/// A two-layer lesson (lstm 8 steps of 3 features → dense) with `extra` appended.
fn lesson(extra: &str) -> Lesson {
    parse("t.toml", &lesson_text(extra), PathBuf::new()).unwrap_or_else(|e| panic!("{e}"))
}

/// The first problem of the lesson with `extra` appended, as it is printed.
fn printed_problem(extra: &str) -> String {
    problem(extra).to_string()
}

/// The first problem of the lesson with `extra` appended.
fn problem(extra: &str) -> Error {
    parse("t.toml", &lesson_text(extra), PathBuf::new()).unwrap_err()
}

fn lesson_text(extra: &str) -> String {
    format!(
        r#"format_version = 1
title = "t"
[model]
input_shape = [8, 3]
[[model.layers]]
class_name = "LSTM"
units = 4
[[model.layers]]
class_name = "Dense"
units = 1
[input]
random = {{ seed = 1 }}
{extra}"#
    )
}

fn note(at: At, layer: Option<&str>, text: &str) -> Note {
    Note {
        at,
        layer: layer.map(str::to_string),
        text: text.to_string(),
        look_at: None,
    }
}

#[test]
fn at_takes_a_step_last_a_range_or_nothing() {
    let l = lesson(
        r#"
[[narrative]]
at = 3
text = "a"
[[narrative]]
at = "last"
text = "b"
[[narrative]]
at = "2-5"
text = "c"
[[narrative]]
at = "6"
text = "d"
[[narrative]]
text = "e"
"#,
    );
    let ats: Vec<At> = l.narrative.iter().map(|n| n.at).collect();
    assert_eq!(ats, [At::Step(3), At::Last, At::Range(2, 5), At::Step(6), At::Always]);
    assert!(At::Last.covers(7, 8) && !At::Last.covers(6, 8));
    assert!(At::Range(2, 5).covers(2, 8) && At::Range(2, 5).covers(5, 8) && !At::Range(2, 5).covers(6, 8));
    assert!(At::Always.covers(0, 8) && At::Always.covers(7, 8));
}

#[test]
fn at_must_name_timesteps_the_model_has() {
    let e = printed_problem("[[narrative]]\nat = 8\ntext = \"x\"\n");
    assert_eq!(
        e,
        "t.toml:14:6: at 8 is past the last timestep: input_shape has 8 timesteps, t = 0 to 7"
    );
    let e = printed_problem("[[narrative]]\nat = \"5-9\"\ntext = \"x\"\n");
    assert!(e.contains("at 9 is past the last timestep"), "{e}");
    for bad in ["\"5-3\"", "\"first\"", "\"2-\"", "\"-1\""] {
        let e = printed_problem(&format!("[[narrative]]\nat = {bad}\ntext = \"x\"\n"));
        assert!(
            e.contains("at must be a timestep, \"last\" or a range like \"3-7\""),
            "{bad}: {e}"
        );
    }
    let e = problem("[[narrative]]\nat = -1\ntext = \"x\"\n");
    assert!(
        matches!(&*e.kind, Kind::Value { key, expected: "a whole number ≥ 0", found } if key == "at" && found == "-1"),
        "{e}"
    );
    assert_eq!(e.position, Some((14, 6)));
}

#[test]
fn layer_and_look_at_are_checked() {
    let l = lesson("[[narrative]]\nlayer = \"lstm\"\nlook_at = \"c\"\ntext = \"x\"\n");
    assert_eq!(l.narrative[0].layer.as_deref(), Some("lstm"));
    assert_eq!(l.narrative[0].look_at, Some(Quantity::C));
    for (letter, q) in [
        ("f", Quantity::F),
        ("i", Quantity::I),
        ("g", Quantity::G),
        ("o", Quantity::O),
        ("h", Quantity::H),
    ] {
        let l = lesson(&format!("[[narrative]]\nlook_at = \"{letter}\"\ntext = \"x\"\n"));
        assert_eq!(l.narrative[0].look_at, Some(q));
    }
    let e = printed_problem("[[narrative]]\nlayer = \"lstm_1\"\ntext = \"x\"\n");
    assert_eq!(
        e,
        "t.toml:14:9: no layer is named \"lstm_1\" (the layers are: lstm, dense)"
    );
    let e = printed_problem("[[narrative]]\nlayer = \"dense\"\nlook_at = \"h\"\ntext = \"x\"\n");
    assert_eq!(
        e,
        "t.toml:15:11: look_at points at a gate or state, but dense (Dense) has none: name an LSTM or Bidirectional layer"
    );
    let e = printed_problem("[[narrative]]\nlook_at = \"x\"\ntext = \"x\"\n");
    assert!(e.ends_with("look_at must be one of f, i, g, o, c, h"), "{e}");
    let e = problem("[[narrative]]\nat = 1\n");
    assert!(matches!(&*e.kind, Kind::Missing { key, .. } if key == "text"), "{e}");
    let e = printed_problem("[[narrative]]\ntext = \"x\"\nwhen = 1\n");
    assert!(e.contains("unknown key `when` in a [[narrative]] entry"), "{e}");
}

#[test]
fn multi_line_text_is_joined_and_trimmed() {
    let l = lesson(
        "[[narrative]]\ntext = \"\"\"\nFirst sentence. \\\n   Second one.\n\"\"\"\n[[narrative]]\ntext = \"  two\\nlines  \"\n",
    );
    assert_eq!(l.narrative[0].text, "First sentence. Second one.");
    assert_eq!(l.narrative[1].text, "two\nlines");
}

#[test]
fn the_most_specific_note_wins() {
    let mut l = lesson("");
    l.narrative = vec![
        note(At::Always, None, "always"),
        note(At::Always, Some("lstm"), "always lstm"),
        note(At::Range(0, 7), None, "all steps"),
        note(At::Range(2, 6), Some("lstm"), "wide lstm"),
        note(At::Range(3, 4), Some("lstm"), "narrow lstm"),
        note(At::Step(5), Some("lstm"), "step 5 lstm"),
        note(At::Range(5, 5), Some("lstm"), "range 5 lstm"),
        note(At::Last, Some("dense"), "last dense"),
    ];
    fn text<'l>(l: &'l Lesson, t: usize, layer: &str) -> Option<&'l str> {
        l.note_for(t, 8, layer).map(|n| n.text.as_str())
    }
    // An `at` beats no `at`, even one naming the layer.
    assert_eq!(text(&l, 0, "lstm"), Some("all steps"));
    // Naming the layer beats not naming it.
    assert_eq!(text(&l, 2, "lstm"), Some("wide lstm"));
    assert_eq!(text(&l, 2, "dense"), Some("all steps"));
    // The narrower range wins.
    assert_eq!(text(&l, 3, "lstm"), Some("narrow lstm"));
    assert_eq!(text(&l, 6, "lstm"), Some("wide lstm"));
    // Equally specific: the later one in the file.
    assert_eq!(text(&l, 5, "lstm"), Some("range 5 lstm"));
    assert_eq!(text(&l, 7, "dense"), Some("last dense"));
    assert_eq!(text(&l, 6, "dense"), Some("all steps"));
    l.narrative.truncate(2);
    assert_eq!(text(&l, 4, "lstm"), Some("always lstm"));
    assert_eq!(text(&l, 4, "dense"), Some("always"));
    l.narrative.clear();
    assert_eq!(text(&l, 4, "lstm"), None);
}

#[test]
fn at_width_counts_timesteps() {
    assert_eq!(At::Always.width(500), 500);
    assert_eq!(At::Step(3).width(500), 1);
    assert_eq!(At::Last.width(500), 1);
    assert_eq!(At::Range(10, 489).width(500), 480);
}

#[test]
fn vocabulary_maps_ids_to_words() {
    let l = lesson("[vocabulary]\n\"<pad>\" = 0\nthe = 2\nwonderful = 395\n");
    assert_eq!(l.words.get(&0).map(String::as_str), Some("<pad>"));
    assert_eq!(l.words.get(&2).map(String::as_str), Some("the"));
    assert_eq!(l.words.get(&395).map(String::as_str), Some("wonderful"));
    assert_eq!(l.words.len(), 3);
    let e = printed_problem("[vocabulary]\nthe = 2\nle = 2\n");
    assert_eq!(e, "t.toml:15:6: token id 2 is given to both \"the\" and \"le\"");
    let e = problem("[vocabulary]\nthe = -2\n");
    assert!(
        matches!(&*e.kind, Kind::Value { expected: "a whole number ≥ 0", found, .. } if found == "-2"),
        "{e}"
    );
}

#[test]
fn input_forms() {
    let tokens = |extra: &str| {
        let text = format!(
            "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [6]\n[[model.layers]]\nclass_name = \"Embedding\"\ninput_dim = 50\noutput_dim = 2\n[[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n[input]\n{extra}"
        );
        parse("t.toml", &text, PathBuf::new()).map_err(|e| e.to_string())
    };
    let l = tokens("tokens = [5, 7]\npad = 6\n").expect("tokens parse");
    assert_eq!(
        l.input,
        InputSource::Tokens {
            ids: vec![5, 7],
            pad: Some(6)
        }
    );
    let e = tokens("tokens = []\n").unwrap_err();
    assert!(e.ends_with("tokens is empty"), "{e}");

    let values = "[input]\nvalues = [[1, 2, 3], [4, 5.5, 6]]\n";
    let l = parse(
        "t.toml",
        &format!(
            "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [2, 3]\n[[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n{values}"
        ),
        PathBuf::new(),
    )
    .expect("values parse");
    match l.input {
        InputSource::Values(v) => assert_eq!(v, ndarray::array![[1.0, 2.0, 3.0], [4.0, 5.5, 6.0]]),
        other => panic!("{other:?}"),
    }

    let l = lesson("");
    assert_eq!(
        l.input,
        InputSource::Random {
            seed: 1,
            low: 0.0,
            high: 1.0
        }
    );
}

#[test]
fn input_shape_on_the_first_layer_must_agree() {
    let text = |shape: &str| {
        format!(
            "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [5, 2]\n[[model.layers]]\nclass_name = \"LSTM\"\nunits = 4\ninput_shape = {shape}\n[input]\nrandom = {{}}\n"
        )
    };
    let mut warnings = Warnings::default();
    parse_all("t.toml", &text("[5, 2]"), PathBuf::new(), &mut warnings).expect("agrees");
    assert!(warnings.is_empty(), "{warnings:?}");
    let e = parse("t.toml", &text("[7, 2]"), PathBuf::new())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "t.toml:8:15: input_shape on lstm is [7, 2] but [model] input_shape is [5, 2]: the model has one input shape"
    );
}

#[test]
fn ignored_options_are_warned_about_once() {
    let text = "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [9]\n\
[[model.layers]]\nclass_name = \"Embedding\"\ninput_dim = 20\noutput_dim = 3\ninput_length = 40\n\
[[model.layers]]\nclass_name = \"LSTM\"\nunits = 4\ninput_shape = [1000, 7]\n[input]\ntokens = [1]\npad = 9\n";
    let mut warnings = Warnings::default();
    parse_all("t.toml", text, PathBuf::new(), &mut warnings).expect("parses");
    assert_eq!(
        *warnings,
        [
            "t.toml:9:16: input_length on embedding is ignored, as Keras 3 ignores it: the number of timesteps is [model] input_shape",
            "t.toml:13:15: input_shape on lstm is ignored, as Keras ignores it: a layer after the first takes its input from the layer before",
        ]
    );
}

#[test]
fn mistakes_are_reported_in_file_order() {
    let e = printed_problem("[[narrative]]\ntext = \"x\"\nzeta = 1\nalpha = 2\n");
    assert_eq!(
        e,
        "t.toml:15:1: unknown key `zeta` in a [[narrative]] entry (expected one of: at, layer, text, look_at)"
    );
}

#[test]
fn written_inputs_must_fit_the_model() {
    let with_input = |shape: &str, first: &str, input: &str| {
        let text = format!(
            "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = {shape}\n{first}[[model.layers]]\nclass_name = \"LSTM\"\nunits = 2\n[input]\n{input}\n"
        );
        parse("t.toml", &text, PathBuf::new())
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let embedding = "[[model.layers]]\nclass_name = \"Embedding\"\ninput_dim = 10\noutput_dim = 2\n";
    for (shape, first, input, refusal) in [
        (
            "[3, 2]",
            "",
            "values = [[1, 2], [3, 4]]",
            "t.toml:9:10: values has 2 rows of 2 but input_shape is [3, 2]: one row of 2 features per timestep",
        ),
        (
            "[4]",
            embedding,
            "values = [[1, 2]]",
            "t.toml:13:10: the model reads token ids (input_shape = [timesteps]): write tokens, not values",
        ),
        (
            "[3, 2]",
            "",
            "tokens = [1, 2, 3]",
            "t.toml:9:10: the model reads feature vectors (input_shape = [timesteps, features]): write values, not tokens",
        ),
        (
            "[4]",
            embedding,
            "tokens = [1, 2]",
            "t.toml:13:10: tokens has 2 ids but input_shape is [4]; add pad = 4 to pre-pad with zeros, as pad_sequences does",
        ),
        (
            "[4]",
            embedding,
            "tokens = [1, 2]\npad = 5",
            "t.toml:14:7: pad = 5 but input_shape is [4]: pad to the number of timesteps",
        ),
        (
            "[4]",
            embedding,
            "tokens = [1, 10, 2]\npad = 4",
            "t.toml:13:14: token id 10 is outside the Embedding's vocabulary (input_dim = 10, ids 0 to 9)",
        ),
    ] {
        assert_eq!(with_input(shape, first, input), Err(refusal.to_string()), "{input}");
    }
    assert_eq!(with_input("[4]", embedding, "tokens = [1, 9, 2, 3]"), Ok(()));
    assert_eq!(
        with_input("[4]", embedding, "tokens = [1, 2, 3, 4, 5, 6]\npad = 4"),
        Ok(())
    );
}

/// Every problem's line and column are found by search, not by counting from the start each
/// time: 40,000 notes, each with a mistake, are all reported, the last at its own place.
#[test]
fn forty_thousand_notes_are_checked_with_the_right_positions() {
    let notes = 40_000;
    let many = |at: &dyn Fn(usize) -> usize| {
        let entries: String = (0..notes)
            .map(|k| format!("[[narrative]]\nat = {}\ntext = \"n{k}\"\n", at(k)))
            .collect();
        format!("{}\n{entries}", lesson_text(""))
    };
    // The base lesson is 12 lines and a blank one; note k starts on line 14 + 3k.
    let last_at = 14 + 3 * (notes - 1) + 1;
    let ok = parse("t.toml", &many(&|k| k % 8), PathBuf::new()).unwrap();
    assert_eq!(ok.narrative.len(), notes);
    let text = many(&|k| if k + 1 == notes { 99 } else { k % 8 });
    let e = parse("t.toml", &text, PathBuf::new()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("t.toml:{last_at}:6: at 99 is past the last timestep: input_shape has 8 timesteps, t = 0 to 7")
    );
    let problems = parse_all("t.toml", &many(&|_| 99), PathBuf::new(), &mut Warnings::default()).unwrap_err();
    assert_eq!(problems.len(), notes);
    assert_eq!(problems[notes - 1].position, Some((last_at, 6)));
}

#[test]
fn a_bidirectional_lstm_cannot_go_backwards() {
    let text = r#"format_version = 1
title = "t"
[model]
input_shape = [8, 3]
[[model.layers]]
class_name = "Bidirectional"
[model.layers.layer]
class_name = "LSTM"
units = 4
go_backwards = true
[input]
random = { seed = 1 }
"#;
    let e = parse("t.toml", text, PathBuf::new()).unwrap_err().to_string();
    assert_eq!(
        e,
        "t.toml:10:16: go_backwards = true inside a Bidirectional is refused by Keras 3: the backward copy would read backwards too (Bidirectional reads both ways by itself: leave go_backwards out)"
    );
    let forwards = text.replace("go_backwards = true", "go_backwards = false");
    assert!(parse("t.toml", &forwards, PathBuf::new()).is_ok());
}

#[test]
fn a_narrative_entry_past_the_last_timestep_is_a_kind_at_its_value() {
    let text = lesson_text("[[narrative]]\nat = 9\ntext = \"late\"\n");
    let e = parse("t.toml", &text, PathBuf::new()).unwrap_err();
    assert_eq!(*e.kind, Kind::Lesson(LessonMistake::AtPastEnd { end: 9, steps: 8 }));
    assert_eq!((e.file.as_deref(), e.position), (Some("t.toml"), Some((14, 6))));
}

//! The built-in lessons: their summaries against Keras's own (tests/fixtures/lessons, made by
//! tools/lesson_summaries.py) and the counts they teach, clean loading, the narrative, and the
//! claims the narrative makes about the recorded numbers.

use std::path::PathBuf;
use std::sync::OnceLock;

use lstm_tui::error::{Kind, Misfit};
use lstm_tui::io::npz::NpzWeights;
use lstm_tui::lesson::{self, Lesson, builtin};
use lstm_tui::model::cell::{Direction, Quantity};
use lstm_tui::model::init::SeededInit;
use lstm_tui::model::spec::LayerConfig;
use lstm_tui::model::summary;
use lstm_tui::model::trace::Input;
use lstm_tui::model::{Model, trace::Trace};
use lstm_tui::session::{Overrides, Session};
use lstm_tui::warning::Warnings;

use crate::common::fixture;

/// One summary row as the lesson promises it: name, class, output shape with the batch axis
/// (`None` where Keras prints None) and parameter count.
type Row = (&'static str, &'static str, &'static [Option<usize>], usize);

struct Expected {
    id: &'static str,
    title: &'static str,
    rows: &'static [Row],
    total: usize,
}

const N: Option<usize> = None;

/// The models and counts each lesson is written around.
const EXPECTED: &[Expected] = &[
    Expected {
        id: "lesson1",
        title: "What LSTM(32) means: units, timesteps and features",
        rows: &[
            ("lstm", "LSTM", &[N, Some(32)], 12_416),
            ("dense", "Dense", &[N, Some(2)], 66),
        ],
        total: 12_482,
    },
    Expected {
        id: "lesson2",
        title: "Every step's output: return_sequences, Flatten and the batch size",
        rows: &[
            ("lstm", "LSTM", &[Some(5), Some(10), Some(30)], 6_120),
            ("flatten", "Flatten", &[Some(5), Some(300)], 0),
            ("dense", "Dense", &[Some(5), Some(1)], 301),
        ],
        total: 6_421,
    },
    Expected {
        id: "lesson3",
        title: "Stacking LSTMs: why all but the last return sequences",
        rows: &[
            ("lstm", "LSTM", &[N, Some(8), Some(32)], 6_272),
            ("lstm_1", "LSTM", &[N, Some(8), Some(32)], 8_320),
            ("lstm_2", "LSTM", &[N, Some(32)], 8_320),
            ("dense", "Dense", &[N, Some(10)], 330),
        ],
        total: 23_242,
    },
    Expected {
        id: "lesson4",
        title: "From 64 units to 32: what the second LSTM reads",
        rows: &[
            ("lstm", "LSTM", &[N, Some(5), Some(64)], 17_152),
            ("lstm_1", "LSTM", &[N, Some(5), Some(32)], 12_416),
        ],
        total: 29_568,
    },
    Expected {
        id: "lesson5",
        title: "Embedding, padding and dropout: a review read word by word",
        rows: &[
            ("embedding", "Embedding", &[N, Some(500), Some(32)], 320_000),
            ("lstm", "LSTM", &[N, Some(500), Some(32)], 8_320),
            ("lstm_1", "LSTM", &[N, Some(500), Some(32)], 8_320),
            ("lstm_2", "LSTM", &[N, Some(32)], 8_320),
            ("dense", "Dense", &[N, Some(1)], 33),
        ],
        total: 344_993,
    },
    Expected {
        id: "lesson6",
        title: "Bidirectional: one LSTM reading forward, one backward",
        rows: &[
            ("embedding", "Embedding", &[N, Some(500), Some(32)], 320_000),
            ("bidirectional", "Bidirectional", &[N, Some(64)], 16_640),
            ("dense", "Dense", &[N, Some(1)], 65),
        ],
        total: 336_705,
    },
    Expected {
        id: "lesson7",
        title: "Remembering a flag across 40 steps of noise",
        rows: &[
            ("lstm", "LSTM", &[N, Some(8)], 384),
            ("dense", "Dense", &[N, Some(1)], 9),
        ],
        total: 393,
    },
    Expected {
        id: "lesson8",
        title: "Counting brackets: a unit that goes up and down",
        rows: &[
            ("embedding", "Embedding", &[N, Some(24), Some(4)], 16),
            ("lstm", "LSTM", &[N, Some(24), Some(8)], 416),
            ("dense", "Dense", &[N, Some(24), Some(1)], 9),
        ],
        total: 441,
    },
    Expected {
        id: "lesson9",
        title: "Negation: a unit that waits for the word after \"not\"",
        rows: &[
            ("embedding", "Embedding", &[N, Some(20), Some(32)], 3_520),
            ("lstm", "LSTM", &[N, Some(20), Some(8)], 1_312),
            ("dense", "Dense", &[N, Some(20), Some(1)], 9),
        ],
        total: 4_841,
    },
];

/// A built-in lesson, loaded and run once for all the tests here.
fn load(id: &str) -> &'static Session {
    static SESSIONS: OnceLock<Vec<Session>> = OnceLock::new();
    let sessions = SESSIONS.get_or_init(|| {
        EXPECTED
            .iter()
            .map(|e| Session::load(e.id, &Overrides::default()).unwrap_or_else(|err| panic!("{}: {err}", e.id)))
            .collect()
    });
    let k = EXPECTED.iter().position(|e| e.id == id).expect("a lesson of EXPECTED");
    &sessions[k]
}

/// A built-in lesson with one piece of its text replaced.
fn variant(id: &str, from: &str, to: &str) -> lstm_tui::error::Result<Lesson> {
    let text = builtin::get(id).expect("built-in");
    assert!(text.contains(from), "{id} has no `{from}`");
    lesson::parse(id, &text.replace(from, to), PathBuf::new())
}

/// A built-in lesson with one piece of its text replaced, and its warnings.
fn warned_variant(id: &str, from: &str, to: &str) -> (Lesson, Warnings) {
    let text = builtin::get(id).expect("built-in");
    assert!(text.contains(from), "{id} has no `{from}`");
    let mut warnings = Warnings::default();
    let l = lesson::parse_all(id, &text.replace(from, to), PathBuf::new(), &mut warnings).expect("parses");
    (l, warnings)
}

/// Build a lesson's model with its weights (the built-in file it names, or seeded ones) and run
/// it on `input`.
fn run(lesson: &Lesson, input: Input) -> Trace {
    let model = match &lesson.weights {
        Some(path) => {
            let name = path.display().to_string();
            let bytes = builtin::file(&name).expect("a built-in weights file");
            let mut weights = NpzWeights::from_bytes(&name, bytes.to_vec()).expect("npz");
            Model::build(lesson.model.clone(), &mut weights)
        }
        None => Model::build(lesson.model.clone(), &mut SeededInit::new(lesson.seed)),
    }
    .expect("builds");
    model.check_input(&input).expect("input fits");
    model.trace(&input, lstm_tui::model::pipeline::available_threads())
}

fn max_abs_diff<'a>(a: impl IntoIterator<Item = &'a f32>, b: impl IntoIterator<Item = &'a f32>) -> f32 {
    a.into_iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

#[test]
fn list_order_and_titles() {
    let ids: Vec<&str> = builtin::LESSONS.iter().map(|(id, _)| *id).collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|e| e.id).collect();
    assert_eq!(ids, expected);
    for e in EXPECTED {
        let lesson = lstm_tui::session::read_lesson(e.id).expect("parses");
        assert_eq!(lesson.title, e.title, "{}", e.id);
    }
}

#[test]
fn counts_and_shapes_are_the_ones_taught() {
    for e in EXPECTED {
        let s = load(e.id);
        let batch = s.model.spec.input.batch_size;
        let rows: Vec<(String, &str, Vec<Option<usize>>, usize)> = s
            .model
            .layers
            .iter()
            .zip(&s.model.spec.layers)
            .map(|(l, spec)| {
                let mut shape = vec![batch];
                shape.extend(l.output_shape.dims());
                (l.name.clone(), spec.config.class_name(), shape, l.params)
            })
            .collect();
        let want: Vec<(String, &str, Vec<Option<usize>>, usize)> = e
            .rows
            .iter()
            .map(|(n, c, shape, p)| (n.to_string(), *c, shape.to_vec(), *p))
            .collect();
        assert_eq!(rows, want, "{}", e.id);
        assert_eq!(s.model.params(), e.total, "{}", e.id);
        assert_eq!(e.rows.iter().map(|r| r.3).sum::<usize>(), e.total, "{}", e.id);
    }
}

#[test]
fn summaries_match_keras() {
    let text = std::fs::read_to_string(fixture("lessons/summaries.json")).expect("fixture");
    let keras: serde_json::Value = serde_json::from_str(&text).expect("json");
    for e in EXPECTED {
        let s = load(e.id);
        let k = &keras[e.id];
        let layers = k["layers"].as_array().expect("layers");
        assert_eq!(layers.len(), s.model.layers.len(), "{}", e.id);
        for ((l, spec), kl) in s.model.layers.iter().zip(&s.model.spec.layers).zip(layers) {
            let mut shape = vec![s.model.spec.input.batch_size];
            shape.extend(l.output_shape.dims());
            let kshape: Vec<Option<usize>> = kl["output_shape"]
                .as_array()
                .expect("shape")
                .iter()
                .map(|d| d.as_u64().map(|d| d as usize))
                .collect();
            assert_eq!(kl["name"], l.name.as_str(), "{}", e.id);
            assert_eq!(kl["class_name"], spec.config.class_name(), "{}", e.id);
            assert_eq!(kshape, shape, "{} {}", e.id, l.name);
            assert_eq!(kl["params"], l.params, "{} {}", e.id, l.name);
        }
        assert_eq!(k["total_params"], s.model.params(), "{}", e.id);
        let trainable = s.model.spec.trainable_params().expect("shapes fit");
        assert_eq!(k["trainable_params"], trainable, "{}", e.id);
    }
}

#[test]
fn summary_text() {
    for e in EXPECTED {
        let s = load(e.id);
        insta::assert_snapshot!(
            format!("summary_{}", e.id),
            summary::explain(&s.model.spec, &Default::default()).expect("shapes fit")
        );
    }
}

#[test]
fn lessons_load_cleanly_except_the_ignored_input_shape() {
    for e in EXPECTED {
        let s = load(e.id);
        if e.id == "lesson4" {
            assert_eq!(
                s.warnings,
                [
                    "lesson4 (built-in):40:15: input_shape on lstm_1 is ignored, as Keras ignores it: a layer after the first takes its input from the layer before"
                ]
            );
        } else {
            assert!(s.warnings.is_empty(), "{}: {:?}", e.id, s.warnings);
        }
        assert_eq!(
            s.lesson.weights,
            Some(PathBuf::from(format!("{}.npz", e.id))),
            "{}: built-in lessons ship trained weights",
            e.id
        );
    }
}

/// Greedy word wrap, counting characters.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let mut lines = 0;
    for paragraph in text.lines() {
        let mut len = 0;
        lines += 1;
        for word in paragraph.split_whitespace() {
            let w = word.chars().count();
            if len > 0 && len + 1 + w > width {
                lines += 1;
                len = w;
            } else {
                len += w + usize::from(len > 0);
            }
        }
    }
    lines
}

#[test]
fn every_note_fits_the_small_pane() {
    // A 40 × 8 pane at 80 × 24, less its border and title: 38 columns, 6 lines.
    assert_eq!(wrapped_lines("aaa bbb ccc", 7), 2);
    assert_eq!(wrapped_lines("σσσ ×××", 7), 1);
    for e in EXPECTED {
        let s = load(e.id);
        for n in &s.lesson.narrative {
            let lines = wrapped_lines(&n.text, 38);
            assert!(lines <= 6, "{} at {:?}: {lines} lines: {}", e.id, n.at, n.text);
        }
    }
}

#[test]
fn every_layer_has_a_note_at_every_step() {
    for e in EXPECTED {
        let s = load(e.id);
        let steps = s.trace.input.timesteps();
        for layer in &s.model.layers {
            for t in 0..steps {
                assert!(
                    s.lesson.note_for(t, steps, &layer.name).is_some(),
                    "{}: no note for {} at t = {t}",
                    e.id,
                    layer.name
                );
            }
        }
    }
}

#[test]
fn notes_point_at_quantities_of_recurrent_layers() {
    for e in EXPECTED {
        let s = load(e.id);
        for n in s.lesson.narrative.iter().filter(|n| n.look_at.is_some()) {
            let layer = n.layer.as_deref().expect("a look_at note names its layer");
            let l = s
                .model
                .spec
                .layers
                .iter()
                .find(|l| l.name == layer)
                .expect("known layer");
            assert!(l.config.is_recurrent(), "{}: look_at on {layer}", e.id);
        }
    }
}

#[test]
fn lesson1_timesteps_do_not_change_the_count() {
    let s = load("lesson1");
    let text = builtin::get("lesson1").expect("built-in");
    let (model, input) = (&text[..text.find("[input]").expect("input")], "[input]\nrandom = {}\n");
    for steps in [100, 1000] {
        let longer = model.replace("input_shape = [10, 64]", &format!("input_shape = [{steps}, 64]"));
        let l = lesson::parse("lesson1", &format!("{longer}{input}"), PathBuf::new()).expect("parses");
        assert_eq!(l.model.params().expect("fits"), s.model.params(), "{steps} timesteps");
    }
    // The input really is 10 rows of 64 features from -1 to 1.
    match &s.trace.input {
        Input::Values(v) => {
            assert_eq!(v.dim(), (10, 64));
            assert!(v.iter().all(|x| (-1.0..=1.0).contains(x)));
        }
        other => panic!("{other:?}"),
    }
    let cell = &s.trace.layers[0].cells[0];
    assert_eq!((cell.steps(), cell.units()), (10, 32));
    assert_eq!(s.trace.output().shape(), [2]);
}

#[test]
fn lesson2_batch_size_only_changes_the_shapes() {
    let s = load("lesson2");
    let shapes: Vec<String> = s.model.layers.iter().map(|l| l.output_shape.keras(Some(5))).collect();
    assert_eq!(shapes, ["(5, 10, 30)", "(5, 300)", "(5, 1)"]);
    let unbatched = variant("lesson2", "batch_size = 5 ", "").expect("parses");
    assert_eq!(unbatched.model.input.batch_size, None);
    assert_eq!(unbatched.model.params().expect("fits"), 6_421);
    // One sample: every h kept, flattened, one output.
    assert_eq!(s.trace.layers[0].output.shape(), [10, 30]);
    assert_eq!(s.trace.layers[1].output.shape(), [300]);
    assert_eq!(s.trace.output().shape(), [1]);
    let h = s.trace.layers[0].cells[0].get(Quantity::H);
    assert_eq!(max_abs_diff(s.trace.layers[1].output.iter(), h.iter()), 0.0);
    // Without return_sequences the LSTM hands on one h and Dense has 31 weights.
    let last_only = variant("lesson2", "return_sequences = true\n", "").expect("parses");
    let shapes = last_only.model.shapes().expect("fits");
    assert_eq!(shapes[2].0.dims(), [Some(30)]);
    assert_eq!(last_only.model.params().expect("fits"), 6_120 + 31);
}

#[test]
fn lesson3_every_lstm_but_the_last_returns_sequences() {
    let s = load("lesson3");
    let out = s.trace.output();
    assert_eq!(out.shape(), [10]);
    assert!((out.sum() - 1.0).abs() < 1e-5, "softmax sums to {}", out.sum());
    // lstm_1 reads lstm's h at every step.
    let (lower, upper) = (&s.trace.layers[0].cells[0], &s.trace.layers[1].cells[0]);
    assert_eq!(max_abs_diff(upper.x.iter(), lower.values.h.iter()), 0.0);
    // Without return_sequences on lstm_1, lstm_2 has no sequence to read.
    let text = builtin::get("lesson3").expect("built-in");
    let at = text.match_indices("return_sequences = true").nth(1).expect("second").0;
    let broken = format!("{}return_sequences = false{}", &text[..at], &text[at + 23..]);
    let e = lesson::parse("lesson3", &broken, PathBuf::new()).unwrap_err();
    assert!(
        matches!(&*e.kind, Kind::In { part, inner } if part == "layer lstm_2 (LSTM)"
            && matches!(**inner, Kind::Misfit(Misfit::NotASequence { class: "LSTM", .. }))),
        "{e}"
    );
    // With return_sequences on lstm_2, Dense acts per step.
    let per_step = variant(
        "lesson3",
        "units = 32\n\n[[model.layers]]\nclass_name = \"Dense\"",
        "units = 32\nreturn_sequences = true\n\n[[model.layers]]\nclass_name = \"Dense\"",
    )
    .expect("parses");
    assert_eq!(per_step.model.shapes().expect("fits")[3].1.dims(), [Some(8), Some(10)]);
}

#[test]
fn lesson4_the_second_input_shape_changes_nothing() {
    let s = load("lesson4");
    let (without, warnings) = warned_variant("lesson4", "input_shape = [5, 2]   # ignored", "# ignored");
    assert!(warnings.is_empty(), "{warnings:?}");
    let trace = run(&without, s.trace.input.clone());
    assert_eq!(max_abs_diff(trace.output().iter(), s.trace.output().iter()), 0.0);
    // lstm_1 reads all 64 numbers of lstm's h through a 64 × 128 kernel.
    match &s.model.layers[1].kind {
        lstm_tui::model::LayerKind::Lstm(cell) => {
            assert_eq!(cell.kernel().dim(), (64, 128));
            assert_eq!(cell.recurrent_kernel().dim(), (32, 128));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.trace.layers[1].cells[0].x.dim(), (5, 64));
    assert_eq!(s.trace.output().shape(), [5, 32]);
}

const REVIEW: [usize; 10] = [2, 10, 3, 80, 5, 2, 11, 3, 40, 50];

#[test]
fn lesson5_padding_settles_and_the_review_follows() {
    let s = load("lesson5");
    let Input::Tokens(ids) = &s.trace.input else {
        panic!("tokens")
    };
    assert_eq!(ids.len(), 500);
    assert!(ids[..490].iter().all(|&id| id == 0));
    assert_eq!(ids[490..], REVIEW);
    assert_eq!(s.word(ids[0]), Some("<pad>"));
    assert_eq!(s.word(ids[490]), Some("the"));
    assert_eq!(s.word(ids[499]), Some("wonderful"));
    assert!(ids.iter().all(|&id| s.word(id).is_some()), "every token has a word");

    // What the trained layers do over the padding and the review is checked in trained.rs.
    let cell = &s.trace.layers[1].cells[0];
    // "the" at 490 and 495: the same x_t, different g because h_prev differs.
    assert_eq!(max_abs_diff(cell.x.row(490).iter(), cell.x.row(495).iter()), 0.0);
    let g = cell.get(Quantity::G);
    assert!(max_abs_diff(g.row(490).iter(), g.row(495).iter()) > 0.01);
    // The review starts from the settled state, not from zeros.
    assert!(cell.values.c.row(489).iter().any(|x| x.abs() > 0.01));
    // Dropout is shown in the summary but changes nothing when predicting.
    let no_dropout = variant("lesson5", "dropout = 0.2", "dropout = 0.0").expect("parses");
    let trace = run(&no_dropout, s.trace.input.clone());
    assert_eq!(max_abs_diff(trace.output().iter(), s.trace.output().iter()), 0.0);
    assert!(matches!(&s.model.spec.layers[1].config, LayerConfig::Lstm(c) if c.dropout == 0.2));
}

#[test]
fn lesson6_two_halves_joined() {
    let s = load("lesson6");
    let Input::Tokens(ids) = &s.trace.input else {
        panic!("tokens")
    };
    assert_eq!(ids[490..], REVIEW);
    let out = &s.trace.layers[1].output;
    assert_eq!(out.shape(), [64]);
    let cells = &s.trace.layers[1].cells;
    assert_eq!(cells[0].direction, Direction::Forward);
    assert_eq!(cells[1].direction, Direction::Backward);
    // [forward h at t = 499 ‖ backward h at t = 0].
    let (fwd, bwd) = (&cells[0], &cells[1]);
    assert_eq!(fwd.t[499], 499);
    assert_eq!(bwd.t[499], 0);
    let out: Vec<f32> = out.iter().copied().collect();
    assert_eq!(max_abs_diff(&out[..32], fwd.values.h.row(499).iter()), 0.0);
    assert_eq!(max_abs_diff(&out[32..], bwd.values.h.row(499).iter()), 0.0);

    // How much of the review the backward half keeps is checked in trained.rs.
}

#[test]
fn the_format_document_example_is_a_working_lesson() {
    let readme = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons/README.md"))
        .expect("lessons/README.md");
    let example = readme
        .split("```toml\n")
        .skip(1)
        .filter_map(|block| block.split_once("```").map(|(toml, _)| toml))
        .find(|toml| toml.starts_with("format_version"))
        .expect("a complete example");
    let mut warnings = Warnings::default();
    let l =
        lesson::parse_all("weather.toml", example, PathBuf::new(), &mut warnings).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let trace = run(
        &l,
        Input::Values(match &l.input {
            lesson::InputSource::Values(v) => v.clone(),
            other => panic!("{other:?}"),
        }),
    );
    assert_eq!(trace.output().shape(), [4, 1]);
    // The summary lines the document quotes.
    let text = summary::summary(&l.model, &Default::default()).expect("shapes fit");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("│ lstm ") || l.starts_with("│ dense "))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    for line in rows {
        assert!(readme.contains(line), "README should show `{line}`");
    }
}

/// The note, by its first words, of a lesson.
fn note<'a>(s: &'a Session, starts: &str) -> &'a lstm_tui::lesson::Note {
    s.lesson
        .narrative
        .iter()
        .find(|n| n.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no note starts with {starts:?}"))
}

#[test]
fn the_unit_pane_sums_as_many_products_as_the_notes_say() {
    use lstm_tui::model::cell::Gate;
    // lesson1: "W_f·x sums 64 products, one per feature, and U_f·h 32"; lesson4: lstm_1's
    // "W_f·x sums 64 products". The unit pane prints GateParts: check that its W_f·x is that
    // sum, term by term, and that σ of its three numbers is the recorded f.
    for (id, layer, starts, features, units) in [
        ("lesson1", 0, "The unit pane", 64, 32),
        ("lesson4", 1, "lstm_1's x_t is all 64", 64, 32),
    ] {
        let s = load(id);
        let n = note(s, starts);
        assert!(
            n.text.contains(&format!("sums {features} products")),
            "{id}: {}",
            n.text
        );
        let lstm = s.model.layers[layer].lstm().expect("an LSTM");
        assert_eq!((lstm.input_dim(), lstm.units()), (features, units), "{id}");
        let cell = &s.trace.layers[layer].cells[0];
        let steps = s.trace.input.timesteps();
        for t in (0..steps).filter(|t| n.at.covers(*t, steps)) {
            for unit in [0, units - 1] {
                let x = cell.x_at(t);
                let h = cell.h_prev(t);
                let parts = lstm.gate_parts(Gate::Forget, unit, x, h.view());
                let col = Gate::Forget.columns(units).start + unit;
                let terms: Vec<f32> = (0..x.len()).map(|j| x[j] * lstm.kernel()[[j, col]]).collect();
                assert_eq!(terms.len(), features);
                let sum: f32 = terms.iter().sum();
                assert!((parts.wx - sum).abs() < 1e-5, "{id} t={t}: {} vs {sum}", parts.wx);
                assert_eq!(lstm.recurrent_kernel().nrows(), units, "U_f·h sums {units}");
                let f = 1.0 / (1.0 + (-parts.z()).exp());
                let recorded = cell.get(Quantity::F)[[t, unit]];
                assert!((f - recorded).abs() < 1e-5, "{id} t={t} unit {unit}: {f} vs {recorded}");
            }
        }
    }
}

#[test]
fn lesson2_the_h_heatmap_is_the_layers_output() {
    // "The timeline has one column per step ... All of it, 10 steps of 30 numbers, is the
    // layer's output: (5, 10, 30)".
    let s = load("lesson2");
    let n = note(s, "return_sequences = true");
    assert_eq!(n.at, lesson::At::Step(1));
    let n = note(s, "The timeline has one column per step");
    assert!(n.text.contains("10 steps of 30 numbers"), "{}", n.text);
    let h = s.trace.layers[0].cells[0].get(Quantity::H);
    assert_eq!(h.dim(), (10, 30));
    let out = &s.trace.layers[0].output;
    assert_eq!(out.shape(), [10, 30]);
    assert_eq!(max_abs_diff(h.iter(), out.iter()), 0.0);
}

#[test]
fn lesson4_the_warning_its_note_names_is_on_the_first_screen() {
    let s = load("lesson4");
    let n = note(s, "input_shape = [5, 2] is written on both layers");
    assert!(n.text.contains("warns at the foot of the first screen"), "{}", n.text);
    let app = lstm_tui::app::App::new(s.clone());
    let m = app.message.expect("a message at start");
    assert!(!m.error);
    assert_eq!(m.text, format!("warning: {}", s.warnings[0]));
    assert!(m.text.contains("input_shape on lstm_1 is ignored"), "{}", m.text);
    // Without warnings there is no message.
    assert_eq!(lstm_tui::app::App::new(load("lesson1").clone()).message, None);
}

#[test]
fn guided_mode_reaches_every_note_at_its_step_and_layer() {
    use lstm_tui::app::App;
    use lstm_tui::keys::Action;
    for e in EXPECTED {
        let s = load(e.id);
        let steps = s.trace.input.timesteps();
        let n = s.lesson.narrative.len();
        let mut app = App::new(s.clone());
        let mut seen = vec![app.notes_in_view()[0]];
        assert_eq!(app.note_number(), Some((1, n)), "{}", e.id);
        for k in 2..=n {
            app.act(Action::NextNote);
            let first = app.notes_in_view()[0];
            let note = &s.lesson.narrative[first];
            assert_eq!(app.note_number(), Some((k, n)), "{}", e.id);
            assert_eq!(app.cursor.t, note.at.start(steps), "{}: {}", e.id, note.text);
            let focused = &s.model.layers[app.focused_layer().expect("a layer")].name;
            if let Some(layer) = &note.layer {
                assert_eq!(focused, layer, "{}: {}", e.id, note.text);
            }
            if let Some(q) = note.look_at {
                assert_eq!(app.cursor.timeline, q, "{}: {}", e.id, note.text);
            }
            seen.push(first);
        }
        seen.sort();
        assert_eq!(seen, (0..n).collect::<Vec<_>>(), "{}: every note once", e.id);
        app.act(Action::NextNote);
        assert_eq!(app.note_number(), Some((n, n)), "{}: > stops at the last", e.id);
        for k in (1..n).rev() {
            app.act(Action::PrevNote);
            assert_eq!(app.note_number(), Some((k, n)), "{}", e.id);
        }
    }
}

#[test]
fn every_layer_can_be_focused_and_shows_its_notes() {
    use lstm_tui::app::App;
    use lstm_tui::keys::Action;
    for e in EXPECTED {
        let s = load(e.id);
        let steps = s.trace.input.timesteps();
        let mut app = App::new(s.clone());
        while app.focused_layer() != Some(0) {
            app.act(Action::PrevLayer);
        }
        for (m, layer) in s.model.layers.iter().enumerate() {
            assert_eq!(app.focused_layer(), Some(m), "{}", e.id);
            for t in [0, steps - 1] {
                app.goto(t);
                let shown = app.notes_in_view();
                assert_eq!(
                    shown,
                    s.lesson.notes_at(t, steps, &layer.name),
                    "{} {}",
                    e.id,
                    layer.name
                );
                // A general note for this step is shown too, below the layer's own.
                for (k, n) in s.lesson.narrative.iter().enumerate() {
                    if n.layer.is_none() && n.at.covers(t, steps) {
                        assert!(shown.contains(&k), "{} {} t={t}: {}", e.id, layer.name, n.text);
                    }
                }
            }
            app.act(Action::NextLayer);
        }
        assert_eq!(
            app.focused_layer(),
            Some(s.model.layers.len() - 1),
            "{}: Down stops at the last",
            e.id
        );
    }
}

//! The trained built-in lessons. tools/train_lessons.py measured the figures each narrative
//! quotes (tests/fixtures/lessons/trained.json) and the units doing a job: here every figure is
//! measured again on lstm-tui's own recorded trace, every unit is found again by the same
//! correlation on the batches the script saved (tests/fixtures/lessons/<id>_batch.npz), and
//! every lesson is shown to be its template (tools/lessons/) with those figures filled in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use ndarray::{Array1, Array2, ArrayD, Ix2};
use serde_json::Value;

use lstm_tui::io::npy::NpyArray;
use lstm_tui::io::npz::NpzFile;
use lstm_tui::model::cell::Quantity;
use lstm_tui::model::layer::LayerKind;
use lstm_tui::model::pipeline::available_threads;
use lstm_tui::model::trace::{CellTrace, Input, Trace};
use lstm_tui::session::{Overrides, Session};

use crate::common::fixture;

const TRAINED: [&str; 9] = [
    "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6", "lesson7", "lesson8", "lesson9",
];

fn figures() -> &'static Value {
    static FIGURES: OnceLock<Value> = OnceLock::new();
    FIGURES.get_or_init(|| {
        let text = std::fs::read_to_string(fixture("lessons/trained.json")).expect("trained.json");
        serde_json::from_str(&text).expect("json")
    })
}

/// A figure by its dotted key, as the templates name it: `jump.lstm.unit`, `h.6`.
fn fig(id: &str, key: &str) -> &'static Value {
    key.split('.').fold(&figures()[id], |v, k| match k.parse::<usize>() {
        Ok(n) if v.is_array() => &v[n],
        _ => &v[k],
    })
}

fn num(id: &str, key: &str) -> f64 {
    fig(id, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{id} {key} is not a number"))
}

fn int(id: &str, key: &str) -> usize {
    fig(id, key)
        .as_u64()
        .unwrap_or_else(|| panic!("{id} {key} is not an integer")) as usize
}

fn text(id: &str, key: &str) -> &'static str {
    fig(id, key)
        .as_str()
        .unwrap_or_else(|| panic!("{id} {key} is not text"))
}

/// `value`, measured here, is what the lesson prints with `digits` decimals (with 1e-4 to spare
/// for float32 arithmetic done in another order).
fn check(id: &str, key: &str, value: f32, digits: i32) {
    let printed = num(id, key);
    let slack = 0.5 * 10f64.powi(-digits) + 1e-4;
    assert!(
        (f64::from(value) - printed).abs() <= slack,
        "{id} {key}: measured {value}, the lesson says {printed}"
    );
}

fn load(id: &str) -> Session {
    Session::load(id, &Overrides::default()).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// The arrays of a saved batch.
fn batch(id: &str) -> BTreeMap<String, ArrayD<f32>> {
    let mut npz = NpzFile::open(&fixture(&format!("lessons/{id}_batch.npz"))).expect("batch");
    npz.names()
        .into_iter()
        .map(|name| match npz.array(&name).expect("array") {
            NpyArray::Float(a) => (name, a),
            NpyArray::Int(_) | NpyArray::UInt(_) => panic!("{name}: floats expected"),
        })
        .collect()
}

/// One input per sample: (B, T, D) values or (B, T) token ids.
fn inputs(x: &ArrayD<f32>) -> Vec<Input> {
    x.outer_iter()
        .map(|sample| match sample.ndim() {
            2 => Input::Values(sample.into_dimensionality::<Ix2>().expect("2-D").to_owned()),
            _ => Input::Tokens(sample.iter().map(|&v| v as usize).collect()),
        })
        .collect()
}

fn traces(s: &Session, x: &ArrayD<f32>) -> Vec<Trace> {
    inputs(x)
        .iter()
        .map(|input| s.model.trace(input, available_threads()))
        .collect()
}

/// Pearson's r of the pairs.
fn corr(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (ma, mb) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (a, b) in pairs {
        ab += (a - ma) * (b - mb);
        aa += (a - ma) * (a - ma);
        bb += (b - mb) * (b - mb);
    }
    ab / (aa * bb).sqrt()
}

/// r of unit `u`'s quantity in a layer's first cell with the signal (B, T), over the steps.
fn unit_r(traces: &[Trace], layer: usize, q: Quantity, u: usize, signal: &ArrayD<f32>, steps: &Range<usize>) -> f64 {
    let mut pairs = Vec::new();
    for (b, tr) in traces.iter().enumerate() {
        let values = tr.layers[layer].cells[0].get(q);
        for t in steps.clone() {
            pairs.push((f64::from(values[[t, u]]), f64::from(signal[[b, t]])));
        }
    }
    corr(&pairs)
}

/// Every unit's r, and the unit with the largest |r|.
fn best(
    traces: &[Trace],
    layer: usize,
    q: Quantity,
    signal: &ArrayD<f32>,
    steps: Range<usize>,
) -> (usize, f64, Vec<f64>) {
    let units = traces[0].layers[layer].cells[0].units();
    let rs: Vec<f64> = (0..units)
        .map(|u| unit_r(traces, layer, q, u, signal, &steps))
        .collect();
    let u = (0..units)
        .max_by(|a, b| rs[*a].abs().total_cmp(&rs[*b].abs()))
        .expect("units");
    (u, rs[u], rs)
}

fn cell(s: &Session, layer: usize) -> &CellTrace {
    &s.trace.layers[layer].cells[0]
}

fn values(s: &Session) -> &Array2<f32> {
    match &s.trace.input {
        Input::Values(v) => v,
        other => panic!("{other:?}"),
    }
}

fn dense(s: &Session, layer: usize) -> (&Array2<f32>, &Array1<f32>) {
    match &s.model.layers[layer].kind {
        LayerKind::Dense {
            kernel,
            bias: Some(bias),
            ..
        } => (kernel, bias),
        other => panic!("{other:?}"),
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn argmax(v: impl IntoIterator<Item = f32>) -> usize {
    v.into_iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("values")
        .0
}

/// How Python's str() writes a figure into a template.
fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().expect("f64");
            if f.fract() == 0.0 {
                format!("{f:.1}")
            } else {
                format!("{f}")
            }
        }
        other => other.to_string(),
    }
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| flatten(&format!("{prefix}{k}."), v, out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(k, v)| out.push((format!("{prefix}{k}"), python_str(v)))),
        other => out.push((prefix.trim_end_matches('.').to_string(), python_str(other))),
    }
}

#[test]
fn every_lesson_is_its_template_with_the_measured_figures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let narrative = |t: &str| t[t.find("[[narrative]]").expect("narrative")..].to_string();
    for id in TRAINED {
        let template = std::fs::read_to_string(root.join(format!("tools/lessons/{id}.toml"))).expect("template");
        let lesson = std::fs::read_to_string(root.join(format!("lessons/{id}.toml"))).expect("lesson");
        let mut filled = narrative(&template);
        let mut pairs = Vec::new();
        flatten("", &figures()[id], &mut pairs);
        for (key, value) in pairs {
            filled = filled.replace(&format!("@{key}@"), &value);
        }
        assert!(!filled.contains('@'), "{id}: a figure is missing: {filled}");
        assert_eq!(filled, narrative(&lesson), "{id}: run tools/train_lessons.py --render");
        assert!(lesson.contains(&format!("weights = \"{id}.npz\"")), "{id}");
    }
}

#[test]
fn lesson1_a_unit_keeps_the_running_sum() {
    let (id, s) = ("lesson1", load("lesson1"));
    let b = batch(id);
    let tr = traces(&s, &b["x"]);
    // The signal is the running sum of feature 0.
    for (k, t) in tr.iter().enumerate() {
        let Input::Values(x) = &t.input else { panic!() };
        let mut sum = 0.0;
        for step in 0..10 {
            sum += x[[step, 0]];
            assert!((sum - b["signal"][[k, step]]).abs() < 1e-4);
        }
    }
    let (u, r, _) = best(&tr, 0, Quantity::C, &b["signal"], 0..10);
    assert_eq!(u, int(id, "unit"));
    check(id, "r_c", r as f32, 3);
    assert_eq!(text(id, "c_moves"), if r > 0.0 { "rises" } else { "falls" });
    check(id, "sum", values(&s).column(0).sum(), 2);
    check(id, "c_last", cell(&s, 0).values.c[[9, u]], 3);
    let out = s.trace.output();
    let p1 = 1.0 / (1.0 + (out[[0]] - out[[1]]).exp());
    check(id, "p1", p1, 3);
}

#[test]
fn lesson2_dense_weighs_the_steps_the_task_needs() {
    let (id, s) = ("lesson2", load("lesson2"));
    let (kernel, _) = dense(&s, 2);
    assert_eq!(kernel.dim(), (300, 1));
    let norms: Vec<f32> = (0..10)
        .map(|t| (0..30).map(|u| kernel[[t * 30 + u, 0]].powi(2)).sum::<f32>().sqrt())
        .collect();
    let top = argmax(norms.iter().copied());
    let low = argmax(norms.iter().map(|n| -n));
    assert_eq!((top, low), (int(id, "top_step"), int(id, "low_step")));
    check(id, "norm_top", norms[top], 2);
    check(id, "norm_low", norms[low], 2);
    let x = values(&s);
    for (key, t) in [("x2", 2), ("x7", 7)] {
        let printed: f32 = text(id, key).parse().expect("a number");
        assert!((printed - x[[t, 0]]).abs() < 0.005, "{key}");
    }
    check(id, "target", x[[2, 0]] - x[[7, 0]], 2);
    check(id, "pred", s.trace.output()[[0]], 2);
}

#[test]
fn lesson3_the_mark_climbs_the_stack() {
    let (id, s) = ("lesson3", load("lesson3"));
    let x = values(&s);
    let marked: Vec<usize> = (0..8).filter(|&t| x[[t, 10]] == 1.0).collect();
    assert_eq!(marked, [3]);
    assert_eq!(x[[3, 2]], 1.0, "the digit at the mark is 2");
    for (layer, name) in ["lstm", "lstm_1", "lstm_2"].into_iter().enumerate() {
        let h = &cell(&s, layer).values.h;
        let u = argmax((0..32).map(|u| (h[[3, u]] - h[[2, u]]).abs()));
        assert_eq!(u, int(id, &format!("jump.{name}.unit")), "{name}");
        check(id, &format!("jump.{name}.before"), h[[2, u]], 2);
        check(id, &format!("jump.{name}.after"), h[[3, u]], 2);
    }
    // Dense on lstm_2's h at every step: from which step on it names 2.
    let (w, bias) = dense(&s, 3);
    let h2 = &cell(&s, 2).values.h;
    let names: Vec<usize> = (0..8)
        .map(|t| argmax((h2.row(t).dot(w) + bias).iter().copied()))
        .collect();
    let first = (0..8)
        .find(|&t| names[t..].iter().all(|&k| k == 2))
        .expect("names 2 at the end");
    assert_eq!(first, int(id, "first_right"));
    let out = s.trace.output();
    let answer = argmax(out.iter().copied());
    assert_eq!(answer, int(id, "answer"));
    check(id, "p_answer", out[[answer]], 3);
}

#[test]
fn lesson4_two_units_of_lstm_1_do_the_task() {
    let (id, s) = ("lesson4", load("lesson4"));
    let out = &s.trace.layers[1].output;
    let x = values(&s);
    let mut sum = 0.0;
    for t in 0..5 {
        sum += x[[t, 0]];
        if t == 0 || t == 4 {
            check(id, &format!("h0.{t}"), out[[t, 0]], 2);
            check(id, &format!("mean.{t}"), sum / (t + 1) as f32, 2);
        }
    }
    check(id, "h1.4", out[[4, 1]], 2);
    assert_eq!(x[[3, 1]], -0.4, "the note quotes the step before's feature 1");
    let LayerKind::Lstm(lstm_1) = &s.model.layers[1].kind else {
        panic!()
    };
    let used = (0..64).filter(|&j| lstm_1.kernel()[[j, 64]].abs() > 0.1).count();
    assert_eq!(used, int(id, "used"));
    // Unit 0 gives the running mean over the saved batch.
    let b = batch(id);
    let tr = traces(&s, &b["x"]);
    check(
        id,
        "r_mean",
        unit_r(&tr, 1, Quantity::H, 0, &b["signal"], &(0..5)) as f32,
        3,
    );
}

/// The first step after which `q` moves by less than `tol` at every step before `until`.
fn settle_step(q: &Array2<f32>, until: usize, tol: f32) -> usize {
    let moves = (0..until - 1).map(|t| {
        (0..q.ncols())
            .map(|u| (q[[t + 1, u]] - q[[t, u]]).abs())
            .fold(0.0, f32::max)
    });
    moves.enumerate().rfind(|(_, m)| *m >= tol).map_or(1, |(t, _)| t + 2)
}

/// The share of the saved reviews (padded to 500) that Keras scored right, as the lesson prints
/// it; lstm-tui scores the first few the same.
fn check_reviews(id: &str, s: &Session) {
    let b = batch(id);
    let (x, label, score) = (&b["x"], &b["label"], &b["score"]);
    let right = (0..label.len())
        .filter(|&k| (score[[k]] > 0.5) == (label[[k]] > 0.5))
        .count();
    assert_eq!(
        format!("{:.1}%", 100.0 * right as f64 / label.len() as f64),
        text(id, "percent_500")
    );
    for k in 0..3 {
        let mut ids = vec![0; 500 - x.shape()[1]];
        ids.extend(x.outer_iter().nth(k).expect("review").iter().map(|&v| v as usize));
        let out = s.model.trace(&Input::Tokens(ids), available_threads()).output()[[0]];
        assert!(
            (out - score[[k]]).abs() < 1e-4,
            "review {k}: {out} vs Keras {}",
            score[[k]]
        );
    }
}

#[test]
fn lesson5_padding_and_the_review_as_trained() {
    let (id, s) = ("lesson5", load("lesson5"));
    for (layer, name) in [(1, "lstm"), (2, "lstm_1"), (3, "lstm_2")] {
        let c = cell(&s, layer);
        if layer == 1 {
            assert_eq!(settle_step(&c.values.c, 490, 1e-4), int(id, "settle_lstm"));
        }
        assert_eq!(
            settle_step(&c.values.h, 490, 1e-4),
            int(id, &format!("settle_h_{name}")),
            "{name}"
        );
    }
    let lstm = cell(&s, 1);
    let f489 = lstm.values.f.row(489);
    check(id, "f_pad_min", f489.fold(1.0, |a, &b| a.min(b)), 2);
    check(id, "f_pad_max", f489.fold(0.0, |a, &b| a.max(b)), 2);
    // The unit of lstm_2 that piles up during the padding.
    let top = cell(&s, 3);
    let u = argmax((0..32).map(|u| top.values.c[[489, u]].abs()));
    assert_eq!(u, int(id, "drift_lstm_2.unit"));
    check(id, "drift_lstm_2.c", top.values.c[[489, u]], 1);
    check(
        id,
        "drift_lstm_2.step",
        top.values.c[[489, u]] - top.values.c[[488, u]],
        3,
    );
    check(id, "drift_lstm_2.f", top.values.f[[489, u]], 3);
    check(id, "drift_lstm_2.h", top.values.h[[489, u]], 3);
    // At "the", t = 490, the quantity that moves most.
    let moved = |q: Quantity| {
        (0..32)
            .map(|u| (lstm.get(q)[[490, u]] - lstm.get(q)[[489, u]]).abs())
            .fold(0.0, f32::max)
    };
    let most = [Quantity::I, Quantity::F, Quantity::G, Quantity::O]
        .into_iter()
        .max_by(|a, b| moved(*a).total_cmp(&moved(*b)))
        .expect("gates");
    assert_eq!(most.letter(), text(id, "moved_most"));
    let g = &lstm.values.g;
    check(
        id,
        "g_the_diff",
        (0..32).map(|u| (g[[490, u]] - g[[495, u]]).abs()).fold(0.0, f32::max),
        2,
    );
    // The unit of lstm_2 that swings most over the review, and the word where it moves most.
    let c2 = &top.values.c;
    let swing = |u: usize| {
        (490..500)
            .map(|t| (c2[[t, u]] - c2[[489, u]]).abs())
            .fold(0.0, f32::max)
    };
    let u = argmax((0..32).map(swing));
    assert_eq!(u, int(id, "swing_unit"));
    let t = 490 + argmax((489..499).map(|t| (c2[[t + 1, u]] - c2[[t, u]]).abs()));
    assert_eq!(t, int(id, "swing_t"));
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    assert_eq!(s.word(ids[t]), Some(text(id, "swing_word")));
    check(id, "swing_from", c2[[t - 1, u]], 1);
    check(id, "swing_to", c2[[t, u]], 1);
    check(id, "score", s.trace.output()[[0]], 3);
    check_reviews(id, &s);
    // "Training used only ids 0 to 109; the other rows kept their random start" (Keras draws
    // them uniform in ±0.05).
    assert!(batch(id)["x"].iter().all(|&v| v < 110.0));
    let LayerKind::Embedding { table } = &s.model.layers[0].kind else {
        panic!()
    };
    assert!(table.rows().into_iter().skip(110).flatten().all(|v| v.abs() <= 0.05));
    assert!(table.rows().into_iter().take(110).flatten().any(|v| v.abs() > 0.05));
}

#[test]
fn lesson6_backward_keeps_a_trace_of_the_review() {
    let (id, s) = ("lesson6", load("lesson6"));
    let (fwd, bwd) = (&s.trace.layers[1].cells[0], &s.trace.layers[1].cells[1]);
    let padding = s.model.trace(&Input::Tokens(vec![0; 500]), available_threads());
    let (pad_fwd, pad_bwd) = (&padding.layers[1].cells[0], &padding.layers[1].cells[1]);
    let differ = |k: usize| {
        (0..32)
            .map(|u| (bwd.values.h[[k, u]] - pad_bwd.values.h[[k, u]]).abs())
            .fold(0.0, f32::max)
    };
    assert_eq!(bwd.t[10], 489);
    check(id, "backward_diff_489", differ(10), 3);
    check(id, "backward_diff", differ(499), 3);
    let u = argmax((0..32).map(|u| (bwd.values.h[[499, u]] - pad_bwd.values.h[[499, u]]).abs()));
    assert_eq!(u, int(id, "backward_unit.unit"));
    check(id, "backward_unit.h", bwd.values.h[[499, u]], 2);
    check(id, "backward_unit.h_pad", pad_bwd.values.h[[499, u]], 2);
    check(id, "score", s.trace.output()[[0]], 3);
    // The score with forward's half from a padding-only run.
    let (w, bias) = dense(&s, 2);
    let joined: Array1<f32> = pad_fwd
        .values
        .h
        .row(499)
        .iter()
        .chain(bwd.values.h.row(499).iter())
        .copied()
        .collect();
    check(id, "score_pad_forward", sigmoid(joined.dot(&w.column(0)) + bias[0]), 3);
    assert!(
        fwd.values
            .h
            .row(499)
            .iter()
            .zip(pad_fwd.values.h.row(499))
            .any(|(a, b)| (a - b).abs() > 0.1)
    );
    check_reviews(id, &s);
}

#[test]
fn lesson7_a_unit_holds_the_flag() {
    let (id, s) = ("lesson7", load("lesson7"));
    let x = values(&s);
    assert_eq!(x.row(2).to_vec(), [1.0, 1.0, 0.0], "the flag, marked, at t = 2");
    assert_eq!(x.column(1).sum(), 1.0, "one mark");
    assert_eq!(
        (x[[43, 2]], x.column(2).sum()),
        (1.0, 1.0),
        "the question at t = 43 only"
    );
    let b = batch(id);
    let tr = traces(&s, &b["x"]);
    let (u, r, rs) = best(&tr, 0, Quantity::C, &b["signal"], 3..44);
    assert_eq!(u, int(id, "unit"));
    check(id, "r_c", r as f32, 3);
    let next = rs
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != u)
        .map(|(_, r)| r.abs())
        .fold(0.0, f64::max);
    check(id, "r_other_max", next as f32, 3);
    let c = cell(&s, 0);
    check(id, "c_before", c.values.c[[1, u]], 2);
    check(id, "c_flag", c.values.c[[2, u]], 2);
    check(id, "c_end", c.values.c[[42, u]], 2);
    let f: Vec<f32> = (3..44).map(|t| c.values.f[[t, u]]).collect();
    check(id, "f_min", f.iter().copied().fold(1.0, f32::min), 3);
    check(id, "f_mean", f.iter().sum::<f32>() / f.len() as f32, 3);
    let product: f32 = f[..40].iter().product();
    let printed: f32 = text(id, "f_product").parse().expect("a number");
    assert!(
        (product / printed - 1.0).abs() < 0.03,
        "f product {product} vs {printed}"
    );
    let same = (3..44)
        .filter(|&t| (c.values.i[[t, u]] * c.values.g[[t, u]]).signum() == c.values.c[[t, u]].signum())
        .count();
    assert_eq!(
        format!("{}%", (100.0 * same as f64 / 41.0).round()),
        text(id, "rewrite_share")
    );
    check(id, "score", s.trace.output()[[0]], 3);
    let mut down = x.clone();
    down[[2, 0]] = -1.0;
    let other = s.model.trace(&Input::Values(down), available_threads());
    check(id, "c_down_flag", other.layers[0].cells[0].values.c[[2, u]], 2);
    check(id, "c_down_end", other.layers[0].cells[0].values.c[[42, u]], 2);
    check(id, "score_down", other.output()[[0]], 3);
}

#[test]
fn lesson8_a_unit_counts_the_brackets() {
    let (id, s) = ("lesson8", load("lesson8"));
    let step = |token: usize| match token {
        1 => 1.0,
        2 => -1.0,
        _ => 0.0,
    };
    let b = batch(id);
    for (k, sample) in inputs(&b["x"]).iter().enumerate() {
        let Input::Tokens(ids) = sample else { panic!() };
        let mut depth = 0.0;
        for (t, &token) in ids.iter().enumerate() {
            depth += step(token);
            assert_eq!(depth, b["signal"][[k, t]], "the signal is the depth");
        }
    }
    let tr = traces(&s, &b["x"]);
    let (u, r, _) = best(&tr, 1, Quantity::C, &b["signal"], 0..24);
    assert_eq!(u, int(id, "unit"));
    check(id, "r_c", r as f32, 3);
    assert_eq!(text(id, "open_moves"), if r < 0.0 { "falls" } else { "rises" });
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    let depth: Vec<f32> = ids
        .iter()
        .scan(0.0, |d, &token| {
            *d += step(token);
            Some(*d)
        })
        .collect();
    // The steps the notes name: depth 3 first at t = 3, 0 at t = 11 and at the end.
    assert_eq!((depth[3], depth[11], depth[23]), (3.0, 0.0, 0.0));
    assert_eq!(depth.iter().copied().fold(0.0, f32::max), 3.0);
    assert!(depth[..3].iter().all(|&d| d < 3.0));
    let c = cell(&s, 1);
    for level in 0..=3 {
        let at: Vec<f32> = (0..24)
            .filter(|&t| depth[t] == level as f32)
            .map(|t| c.values.c[[t, u]])
            .collect();
        check(
            id,
            &format!("c_levels.{level}"),
            at.iter().sum::<f32>() / at.len() as f32,
            2,
        );
    }
    let out = s.trace.output();
    let err = (0..24).map(|t| (out[[t, 0]] - depth[t]).abs()).fold(0.0, f32::max);
    check(id, "pred_max_err", err, 2);
}

#[test]
fn lesson9_a_unit_waits_for_the_word_after_not() {
    let (id, s) = ("lesson9", load("lesson9"));
    assert_eq!(
        (
            s.model.spec.params().expect("fits"),
            s.model.spec.trainable_params().expect("fits")
        ),
        (4_841, 1_321)
    );
    let b = batch(id);
    let tr = traces(&s, &b["x"]);
    let (u, r, _) = best(&tr, 1, Quantity::H, &b["signal"], 0..20);
    assert_eq!(u, int(id, "unit"));
    check(id, "r_h", r as f32, 3);
    let not = s.lesson.words.iter().find(|(_, w)| *w == "not").map(|(k, _)| *k as f32);
    let (mut right, mut all) = (0, 0);
    for (k, t) in tr.iter().enumerate() {
        for step in 0..20 {
            if Some(b["x"][[k, step]]) == not {
                assert_eq!(b["signal"][[k, step]], 1.0, "a not starts the wait");
            }
            if b["w"][[k, step]] > 0.0 {
                all += 1;
                right += usize::from((t.output()[[step, 0]] > 0.5) == (b["y"][[k, step]] > 0.5));
            }
        }
    }
    assert_eq!(
        format!("{:.1}%", 100.0 * right as f64 / all as f64),
        text(id, "percent")
    );
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    let words: Vec<&str> = ids.iter().map(|&k| s.word(k).expect("a word")).collect();
    let at = |w: &str| (0..20).filter(|&t| words[t] == w).collect::<Vec<_>>();
    assert_eq!(at("not"), [6, 12]);
    assert_eq!(
        (words[7], words[13], words[14], words[19]),
        ("good", "truly", "bad", "great")
    );
    assert_eq!((words[8], words[15]), ("and", "but"));
    let c = cell(&s, 1);
    for t in 0..20 {
        check(id, &format!("h.{t}"), c.values.h[[t, u]], 2);
    }
    for (k, t) in [7, 14, 19].into_iter().enumerate() {
        check(id, &format!("p_adj.{k}"), s.trace.output()[[t, 0]], 3);
    }
    // "stays low" after "but": below where it jumped at each "not".
    assert!((15..19).all(|t| c.values.h[[t, u]] < c.values.h[[12, u]] - 0.5));
}

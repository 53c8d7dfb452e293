//! `:sort` on the trained lessons: the unit the training script found by correlation with the
//! task's signal (tests/fixtures/lessons/trained.json) comes out on top when sorting by |r| with
//! the lesson's `[signal]`; the order shown in the pane and the timeline, and the pinned frame of
//! a sorted pane at 80×24.

use serde_json::Value;

use lstm_tui::keys::parse_keys;
use lstm_tui::model::cell::Direction;
use lstm_tui::model::rank::RankBy;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

use crate::common::fixture;

fn trained_unit(id: &str) -> usize {
    let text = std::fs::read_to_string(fixture("lessons/trained.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v[id]["unit"].as_u64().expect("a unit") as usize
}

fn sorted(id: &str, by: &str) -> Debugger {
    let session = Session::load(id, &Overrides::default()).unwrap();
    let keys = parse_keys(&format!(": 'sort {by}' Enter")).unwrap();
    replay(
        session,
        Look::new(ThemeName::Dark, Depth::TrueColor, false),
        (80, 24),
        &keys,
    )
}

#[test]
fn the_counting_unit_comes_out_on_top_in_lesson8() {
    let d = sorted("lesson8", "correlation");
    let app = &d.app;
    let s = app.sorted.as_ref().expect("sorted");
    assert_eq!((s.by, s.layer), (RankBy::Correlation, 0));
    assert_eq!(s.orders[0][0], trained_unit("lesson8"));
    // The whole order on this string, |r| of h with the depth: 0.992, 0.979, 0.972, 0.970,
    // 0.888, 0.867, 0.834, 0.624 (numpy's corrcoef on `lstm-tui trace lesson8`).
    assert_eq!(s.orders[0], [2, 6, 0, 7, 5, 4, 1, 3]);
    // The best unit is focused, and the message gives the signed r of the first four.
    assert_eq!(app.cursor.unit, 2);
    let message = app.message.as_ref().unwrap();
    assert!(!message.error);
    assert_eq!(
        message.text,
        "lstm by |r| of h with bracket depth: u2 -0.99, u6 +0.98, u0 -0.97, u7 +0.97, …"
    );
}

#[test]
fn the_pane_and_the_timeline_follow_the_order() {
    let mut d = sorted("lesson8", "correlation");
    let frame = to_text(&render(&mut d));
    assert!(frame.contains("LSTM(8) · by |r|: 2 6 0 7 5 4 1 3"), "{frame}");
    assert!(frame.contains("2 of 8 units ▾ × 24 steps  by |r|"), "{frame}");
    // The timeline's rows: the focused unit's bar, then units 2 and 6.
    let rows: Vec<&str> = frame
        .lines()
        .filter(|l| l.starts_with("  2 ") || l.starts_with("  6 "))
        .collect();
    assert_eq!(rows.len(), 2, "{frame}");
    assert!(rows[0].starts_with("  2 "), "{frame}");
    // ] goes to the next unit in the order shown, [ back; :sort off puts them back.
    for (key, unit) in [("]", 6), ("]", 0), ("[", 6), ("[", 2), ("[", 3)] {
        for k in parse_keys(key).unwrap() {
            d.handle(Event::Key(k));
        }
        assert_eq!(d.app.cursor.unit, unit, "after {key}");
    }
    assert_eq!(d.app.unit_at_position(0, Direction::Forward, 1), 6);
    for k in parse_keys(": 'sort off' Enter").unwrap() {
        d.handle(Event::Key(k));
    }
    assert_eq!(d.app.sorted, None);
    assert_eq!(d.app.unit_at_position(0, Direction::Forward, 1), 1);
    let frame = to_text(&render(&mut d));
    assert!(frame.contains("LSTM(8) · 8 units"), "{frame}");
    assert!(!frame.contains("by |r|"), "{frame}");
}

#[test]
fn change_and_saturation_on_the_trained_lessons() {
    // Σ|Δh| on lesson8's string, and saturation (f, i, o within 0.05 of 0 or 1) on lesson9's
    // review, where unit 2 sits near 1 for most of it.
    let d = sorted("lesson8", "change");
    assert_eq!(d.app.sorted.as_ref().unwrap().orders[0][..3], [4, 2, 5]);
    assert!(
        d.app
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("lstm by Σ|Δh| over the run: u4 3.37, u2 3.07, u5 3.05")
    );
    let d = sorted("lesson9", "saturation");
    assert_eq!(d.app.sorted.as_ref().unwrap().orders[0][..2], [2, 3]);
    assert!(d.app.message.as_ref().unwrap().text.contains("u2 63%, u3 50%"));
}

#[test]
fn correlation_needs_a_signal_and_the_word_must_be_known() {
    let d = sorted("lesson1", "correlation");
    let m = d.app.message.as_ref().unwrap();
    assert!(
        m.error && m.text.starts_with("this lesson has no [signal] to correlate with"),
        "{m:?}"
    );
    assert_eq!(d.app.prompt(), Some(""), "the line reopens, empty, for the next try");
    assert_eq!(d.app.sorted, None);
    let d = sorted("lesson8", "size");
    let m = d.app.message.as_ref().unwrap();
    assert_eq!(
        m.text,
        "sort takes one of change, saturation, correlation, off, got \"size\""
    );
}

#[test]
fn a_sorted_layer_pane_at_80x24() {
    let mut d = sorted("lesson8", "correlation");
    // A jump to t=3: no question opens on the way.
    d.app.goto(3);
    d.app.message = None;
    insta::assert_snapshot!("lesson8_sorted_correlation_80x24", to_text(&render(&mut d)));
}

/// Each trained lesson's `[signal]`, measured again on its own input as the training script's
/// task defines it (tools/lesson_tasks.py: flag_held, bracket_depth, not_waiting).
#[test]
fn the_signals_are_the_tasks_measures_on_each_input() {
    use lstm_tui::model::trace::Input;
    let signal = |id: &str| {
        let s = Session::load(id, &Overrides::default()).unwrap();
        let signal = s.lesson.signal.clone().expect("a signal");
        (s, signal)
    };
    // lesson8: the depth after each token, "(" = 1 opens, ")" = 2 closes.
    let (s, sig) = signal("lesson8");
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    let mut depth = 0.0;
    let want: Vec<f32> = ids
        .iter()
        .map(|id| {
            depth += match id {
                1 => 1.0,
                2 => -1.0,
                _ => 0.0,
            };
            depth
        })
        .collect();
    assert_eq!((sig.name.as_str(), sig.values), ("bracket depth", want));
    // lesson9: 1 from each "not" up to the step before the next adjective.
    let (s, sig) = signal("lesson9");
    let Input::Tokens(ids) = &s.trace.input else { panic!() };
    let words: Vec<&str> = ids.iter().map(|id| s.word(*id).unwrap()).collect();
    let adjectives = ["good", "bad", "great"];
    let mut want = vec![0.0; words.len()];
    for (at, _) in words.iter().enumerate().filter(|(_, w)| **w == "not") {
        let end = (at..words.len()).find(|&t| adjectives.contains(&words[t])).unwrap();
        want[at..end].iter_mut().for_each(|v| *v = 1.0);
    }
    assert_eq!((sig.name.as_str(), &sig.values), ("not waiting", &want));
    assert_eq!(sig.values.iter().filter(|v| **v == 1.0).count(), 3);
    // lesson7: 0 before the marked step, then the flag's value.
    let (s, sig) = signal("lesson7");
    let Input::Values(x) = &s.trace.input else { panic!() };
    let mark = (0..x.nrows()).find(|&t| x[[t, 1]] > 0.0).unwrap();
    let want: Vec<f32> = (0..x.nrows())
        .map(|t| if t < mark { 0.0 } else { x[[mark, 0]] })
        .collect();
    assert_eq!((sig.name.as_str(), sig.values, mark), ("flag held", want, 2));
}

#[test]
fn a_wide_sorted_layer_names_its_sort_and_the_first_units_that_fit() {
    // lesson3's 32 units in order do not fit the 80-column title: it says what sorted them and
    // as many of the first units as fit, then "…", the order the message line gives.
    let mut d = sorted("lesson3", "change");
    let order = d.app.sorted.as_ref().expect("sorted").orders[0].clone();
    let frame = to_text(&render(&mut d));
    let title = frame
        .lines()
        .find(|l| l.contains("LSTM(32)"))
        .expect("the lstm pane's title");
    let shown = title.split("by Σ|Δh|:").nth(1).expect("the sort named in the title");
    let units: Vec<usize> = shown
        .split_whitespace()
        .take_while(|w| *w != "…")
        .map(|w| w.parse().expect("a unit number"))
        .collect();
    assert!(shown.contains('…'), "{title}");
    assert!(units.len() >= 4, "{title}");
    assert_eq!(units, order[..units.len()], "{title}");
}

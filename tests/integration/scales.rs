//! What the layer panes and the timeline make visible: a stacked model's h(t) and the next
//! layer's x(t) on one scale under both scalings (the `s` key), features labelled apart from
//! units, t labels over the timeline, and `--ascii` numbers that are whole.

use lstm_tui::keys::parse_keys;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::Debugger;
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

fn app(lesson: &str, size: (u16, u16), keys: &str, ascii: bool) -> Debugger {
    let session = Session::load(lesson, &Overrides::default()).unwrap_or_else(|e| panic!("{lesson}: {e}"));
    let look = Look::new(ThemeName::Dark, Depth::TrueColor, ascii);
    replay(session, look, size, &parse_keys(keys).expect("valid key names"))
}

fn text(a: &mut Debugger) -> String {
    to_text(&render(a))
}

/// lesson4 (64 units, then 32 reading them): the second layer in focus at 80×24 and both
/// layers unfolded at 120×40, on fixed scales and after `s` on auto ones. lesson4 asks a
/// question about lstm_1 at t = 1: Esc skips it, and Up (or a second Esc where lstm_1 was in
/// focus already) clears the message the skip leaves.
#[test]
fn stacked_layers_share_a_scale_in_both_states() {
    for (size, tag, keys) in [
        (SMALL, "80x24", "Down Right Esc Esc"),
        (LARGE, "120x40", "Right Esc Up"),
    ] {
        let mut a = app("lesson4", size, keys, false);
        assert!(!a.app.cursor.auto_scale, "fixed ranges to start with");
        let fixed = text(&mut a);
        assert!(fixed.contains("fixed"), "the scaling is named:\n{fixed}");
        insta::assert_snapshot!(format!("lesson4_fixed_{tag}"), fixed);
        let mut a = app("lesson4", size, &format!("{keys} s"), false);
        assert!(a.app.cursor.auto_scale);
        let auto = text(&mut a);
        assert!(auto.contains("auto scales: each row on its own range"), "{auto}");
        assert!(auto.contains("auto"), "the scaling is named:\n{auto}");
        insta::assert_snapshot!(format!("lesson4_auto_{tag}"), auto);
        let mut a = app("lesson4", size, &format!("{keys} s s"), false);
        assert!(!a.app.cursor.auto_scale, "s again goes back");
        assert!(text(&mut a).contains("fixed scales: gates 0 to 1"));
    }
}

/// The input row says how many features it holds and the title how many units; the features
/// start in another column than the units.
#[test]
fn features_are_labelled_apart_from_units() {
    let mut a = app("lesson4", LARGE, "", false);
    let t = text(&mut a);
    let line = |start: &str, nth: usize| -> String {
        t.lines()
            .filter(|l| l.starts_with(start))
            .nth(nth)
            .unwrap_or_else(|| panic!("{start}:\n{t}"))
            .to_string()
    };
    assert!(line("▸ lstm ", 0).contains("LSTM(64) · 64 units"), "{t}");
    assert!(line("x(t)", 0).contains("▅█ 2 features"), "{t}");
    assert!(line("  lstm_1", 0).contains("LSTM(32) · 64 features → 32 units"), "{t}");
    // All 64 of lstm's units, one column each, and all 64 features of lstm_1's input.
    // (The timeline below has rows for only a few of them, and says so.)
    assert!(
        !t.lines().any(|l| l.contains(" of 64") && !l.starts_with("timeline:")),
        "no window over 64 units:\n{t}"
    );
    let x = line("x(t)", 1);
    let f = t
        .lines()
        .find(|l| l.starts_with("f ") || l.starts_with("forget f"))
        .unwrap();
    let first_unit = f.find(|c: char| "▁▂▃▄▅▆▇█".contains(c)).unwrap();
    let first_feature = x.find(|c: char| "▁▂▃▄▅▆▇█".contains(c)).unwrap();
    assert_ne!(first_unit, first_feature, "feature 0 is not drawn over unit 0:\n{t}");
    let mut a = app("lesson1", SMALL, "", false);
    let t = text(&mut a);
    assert!(t.contains("LSTM(32) · 64 features → 32 units"), "{t}");
    insta::assert_snapshot!("lesson1_features_units_80x24", t);
}

/// A row of t labels under the timeline's title, at every width: numbers over number columns,
/// every 5 or 10 steps over shades, t itself always among them; the focused unit's range is
/// not on a unit's row.
#[test]
fn the_timeline_has_t_labels_and_no_repeated_row() {
    for (lesson, size, keys, want) in [
        ("lesson4", SMALL, "Right", "  t      0     1     2     3     4"),
        ("lesson5", SMALL, ": 'goto 250' Enter", "  t    215  220  225"),
        (
            "lesson1",
            LARGE,
            "End",
            "  t      0     1     2     3     4     5     6     7     8     9",
        ),
    ] {
        let mut a = app(lesson, size, keys, false);
        let t = text(&mut a);
        let row = t
            .lines()
            .find(|l| l.starts_with("  t "))
            .unwrap_or_else(|| panic!("{lesson}:\n{t}"));
        assert!(row.starts_with(want), "{lesson}: {row:?}");
        assert!(
            row.contains(&a.app.cursor.t.to_string()),
            "{lesson}: t is labelled: {row:?}"
        );
        assert!(!t.lines().any(|l| l.starts_with("u0 ")), "no row repeats unit 0:\n{t}");
        let units: Vec<&str> = t.lines().filter(|l| l.starts_with("  0 ")).collect();
        assert_eq!(units.len(), 1, "{lesson}: unit 0 once:\n{t}");
        assert!(!units[0].contains("lo "), "the range is not on a unit's row:\n{t}");
    }
    let mut a = app("lesson5", SMALL, ": 'goto 250' Enter", false);
    insta::assert_snapshot!("lesson5_timeline_labels_80x24", text(&mut a));
}

/// A legend as drawn: `0..1`, `0..0.87`, `+-1`, `+-2.33`, `+-24`, `+-2e4`.
fn whole_legend(legend: &str) -> bool {
    let number = |s: &str| {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        match s.split_once('.') {
            Some((a, b)) => digits(a) && b.len() == 2 && digits(b),
            None => match s.split_once('e') {
                Some((a, b)) => digits(a) && digits(b),
                None => digits(s),
            },
        }
    };
    match (legend.strip_prefix("0.."), legend.strip_prefix("+-")) {
        (Some(hi), _) | (_, Some(hi)) => number(hi),
        _ => false,
    }
}

/// In ASCII, at 80×24 and under both scalings, every row of every lesson's layer panes ends in
/// a whole legend and every number in them is whole.
#[test]
fn ascii_numbers_are_whole() {
    let rows = [
        "x(t)", "f ", "i ", "g ", "o ", "c(t-1)", "c(t)", "h(t)", "input", "output",
    ];
    for lesson in [
        "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6", "lesson7", "lesson8", "lesson9",
    ] {
        for keys in ["Right", "Right s", "End s"] {
            let mut a = app(lesson, SMALL, keys, true);
            let t = text(&mut a);
            // The layer panes' rows (the inspector's lines, `f = ...`, are checked below).
            let equation = |l: &str| l.get(1..4) == Some(" = ");
            for line in t
                .lines()
                .filter(|l| rows.iter().any(|r| l.starts_with(r)) && !equation(l))
            {
                let last = line.split_whitespace().last().unwrap();
                if line.starts_with("input") && line.contains("id ") || line.contains("not yet") {
                    continue;
                }
                assert!(whole_legend(last), "{lesson} {keys}: {line:?}");
            }
            // The inspector's equations end in a whole number before the rule.
            for line in t.lines().filter(|l| equation(l)) {
                let left = line.split('|').next().unwrap().trim_end();
                let value = left.rsplit(" = ").next().unwrap();
                assert!(
                    value.parse::<f32>().is_ok() && value.contains('.') && value.split('.').nth(1).unwrap().len() >= 2,
                    "{lesson} {keys}: {line:?}"
                );
            }
        }
    }
    // Esc skips lesson4's question about lstm_1 at t = 1; Up goes back to lstm.
    let mut a = app("lesson4", SMALL, "Right Esc Up s", true);
    insta::assert_snapshot!("lesson4_ascii_auto_80x24", text(&mut a));
}

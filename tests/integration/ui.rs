//! The debugger screen, driven through its key handling as a user would: pinned frames of every
//! lesson and of key sequences, and the state those keys lead to checked against the trace.

use lstm_tui::app::Mode;
use lstm_tui::keys::{Key, parse_keys};
use lstm_tui::model::cell::Quantity;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_ansi, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

use crate::common::fixture;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

fn load(source: &str) -> Session {
    let path = if source.starts_with("lesson") {
        source.to_string()
    } else {
        fixture(source).display().to_string()
    };
    Session::load(&path, &Overrides::default()).unwrap_or_else(|e| panic!("{source}: {e}"))
}

fn look() -> Look {
    Look::new(ThemeName::Dark, Depth::TrueColor, false)
}

/// The debugger after typing `keys` (names as in `lstm-tui frame --keys`).
fn app(source: &str, size: (u16, u16), keys: &str) -> Debugger {
    replay(load(source), look(), size, &parse_keys(keys).expect("valid key names"))
}

fn text(debugger: &mut Debugger) -> String {
    to_text(&render(debugger))
}

fn press(app: &mut Debugger, keys: &str) {
    for key in parse_keys(keys).expect("valid key names") {
        app.handle(Event::Key(key));
    }
}

/// A model shaped like lesson3 with narrative of its own, so that these frames do not change
/// when the lesson text does.
const STACKED: &str = "ui/stacked.toml";

const LESSONS: [&str; 9] = [
    "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6", "lesson7", "lesson8", "lesson9",
];

/// Each lesson stepped through its notes with `>`: the stop at its last note (in the built-in
/// lessons, the one about the layer that closes the model) and halfway. The questions met on
/// the way (two at most at a step) are skipped with Esc (tests/integration/questions.rs answers
/// them), and a last Esc clears the message a skip leaves.
#[test]
fn every_lesson_through_its_notes() {
    for lesson in LESSONS {
        let n = load(lesson).lesson.narrative.len();
        for (size, tag) in [(SMALL, "80x24"), (LARGE, "120x40")] {
            for (when, presses) in [("half", n / 2), ("last", n - 1)] {
                let keys = vec!["> Esc Esc"; presses].join(" ") + " Esc";
                let mut a = app(lesson, size, &keys);
                assert_eq!(a.app.note_number(), Some((presses + 1, n)), "{lesson}");
                insta::assert_snapshot!(format!("{lesson}_note_{when}_{tag}"), text(&mut a));
            }
        }
    }
}

#[test]
fn every_lesson_at_start_middle_and_end() {
    for lesson in LESSONS {
        let steps = load(lesson).trace.input.timesteps();
        for (size, tag) in [(SMALL, "80x24"), (LARGE, "120x40")] {
            for (when, keys) in [
                ("first", String::new()),
                ("middle", format!(": 'goto {}' Enter", steps / 2)),
                ("last", "End".to_string()),
            ] {
                let mut a = app(lesson, size, &keys);
                insta::assert_snapshot!(format!("{lesson}_{when}_{tag}"), text(&mut a));
            }
        }
    }
}

#[test]
fn step_and_back() {
    let mut a = app(STACKED, SMALL, "Right Right");
    assert_eq!(a.app.cursor.t, 2);
    insta::assert_snapshot!("stacked_step_twice", text(&mut a));
    press(&mut a, "Left");
    assert_eq!(a.app.cursor.t, 1);
    insta::assert_snapshot!("stacked_step_back", text(&mut a));
    press(&mut a, "h h h");
    assert_eq!(a.app.cursor.t, 0, "stepping back stops at t=0");
}

#[test]
fn layer_and_unit_focus() {
    let mut a = app(STACKED, SMALL, "Right j ] ] ]");
    assert_eq!((a.app.cursor.layer, a.app.cursor.unit), (1, 3));
    insta::assert_snapshot!("stacked_layer2_unit3", text(&mut a));
    let a = app(STACKED, LARGE, "Right j j [ Down k");
    assert_eq!(
        (a.app.cursor.layer, a.app.cursor.unit),
        (2, 31),
        "[ wraps to the last unit; Down goes on to the Dense, and k back to lstm_2"
    );
    let a = app(STACKED, LARGE, "j j j");
    assert_eq!(
        (a.app.cursor.layer, a.app.cursor.plain),
        (2, Some(3)),
        "the Dense below lstm_2"
    );
    let a = app(STACKED, LARGE, "j j j j j");
    assert_eq!(a.app.focused_layer(), Some(3), "Down stops at the last layer");
}

#[test]
fn breakpoint_at_t_is_hit_by_continue_and_reverse() {
    let mut a = app(STACKED, SMALL, "Right Right Right b Home n");
    assert_eq!(a.app.cursor.t, 3);
    insta::assert_snapshot!("stacked_breakpoint_hit", text(&mut a));
    press(&mut a, "End N");
    assert_eq!(a.app.cursor.t, 3, "reverse-continue stops at the same breakpoint");
    press(&mut a, "b n");
    assert!(
        a.app.message.as_ref().is_some_and(|m| m.error),
        "no breakpoints left: said so"
    );
}

/// The first t after 0 where the focused cell's unit has f below the threshold, from the trace.
fn first_t_below(session: &Session, layer: usize, unit: usize, threshold: f32) -> Option<usize> {
    let cell = &session.trace.layers[layer].cells[0];
    (1..cell.steps()).find(|&t| cell.get(Quantity::F)[[cell.step_of(t).unwrap(), unit]] < threshold)
}

#[test]
fn conditional_breakpoint_stops_where_the_trace_says() {
    let session = load(STACKED);
    let cell = &session.trace.layers[0].cells[0];
    // A threshold that holds somewhere but not everywhere: the median of f[3] over time.
    let mut f3: Vec<f32> = cell.get(Quantity::F).column(3).to_vec();
    f3.sort_by(f32::total_cmp);
    let threshold = f3[f3.len() / 2];
    let expected = first_t_below(&session, 0, 3, threshold).expect("the median is crossed");
    let mut a = app(STACKED, SMALL, &format!(": 'break f[3] < {threshold}' Enter"));
    assert!(!a.app.message.as_ref().unwrap().error, "{:?}", a.app.message);
    press(&mut a, "n");
    assert_eq!(a.app.cursor.t, expected);
    let k = cell.step_of(a.app.cursor.t).unwrap();
    assert!(cell.get(Quantity::F)[[k, 3]] < threshold);
}

#[test]
fn command_line_with_a_good_condition() {
    let mut a = app(STACKED, SMALL, ": 'break layer=2 max|c| > 0.1'");
    insta::assert_snapshot!("stacked_command_typed", text(&mut a));
    press(&mut a, "Enter");
    assert_eq!(a.app.breakpoints.len(), 1);
    insta::assert_snapshot!("stacked_command_good", text(&mut a));
    press(&mut a, "n");
    let layer = a.app.recurrent[1];
    let cell = &a.app.session.trace.layers[layer].cells[0];
    let t = a.app.cursor.t;
    let max_c = cell.get(Quantity::C).row(t).iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!(max_c > 0.1, "stopped at t={t} where max|c| = {max_c}");
    for s in 1..t {
        let m = cell.get(Quantity::C).row(s).iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(m <= 0.1, "t={s} already had max|c| = {m}");
    }
}

#[test]
fn command_line_with_a_bad_condition() {
    let mut a = app(STACKED, SMALL, ": 'break f[99] < 0.1' Enter");
    assert!(a.app.breakpoints.is_empty());
    assert_eq!(a.app.prompt(), Some(""), "the line reopens, empty, for the next try");
    insta::assert_snapshot!("stacked_command_bad", text(&mut a));
    for (typed, says) in [
        ("break x[3] < 0.1", "\"x\" is not a quantity"),
        ("break f < 0.1", "say which unit"),
        ("break f[3] = 0.1", "use <, <=, > or >="),
        ("break f[3] < abc", "expected a number after <"),
        ("break layer=9 max|c| > 2", "there is no recurrent layer 9"),
        ("break max|c > 2", "close the bars"),
        ("break token=not", "token= needs token input"),
        ("brake f[3] < 0.1", "unknown command \"brake\""),
        ("goto 999", "past the end"),
    ] {
        let a = app(STACKED, SMALL, &format!(": '{typed}' Enter"));
        let m = a.app.message.as_ref().expect("a message");
        assert!(m.error && m.text.contains(says), "{typed}: {}", m.text);
    }
}

#[test]
fn a_paste_types_into_the_command_line_only() {
    // On the panes a paste does nothing: no key of it is acted on.
    let mut a = app(STACKED, SMALL, "");
    assert!(!a.handle(Event::Paste("GGq:goto 3".into())));
    assert_eq!(
        (a.app.cursor.t, a.app.quit, a.app.mode.clone()),
        (0, false, Mode::Normal)
    );
    // On the : line its text is typed, line breaks and other control characters dropped.
    press(&mut a, ":");
    assert!(a.handle(Event::Paste("goto\t 3\r\n\x1b[2J".into())));
    assert_eq!(a.app.prompt(), Some("goto 3[2J"));
    press(&mut a, "Ctrl-u");
    a.handle(Event::Paste("goto 3\n".into()));
    press(&mut a, "Enter");
    assert_eq!(a.app.cursor.t, 3);
    // A long paste is cut at MAX_PASTE characters.
    press(&mut a, ":");
    a.handle(Event::Paste("é".repeat(10_000)));
    assert_eq!(
        a.app.prompt().map(|l| l.chars().count()),
        Some(lstm_tui::app::MAX_PASTE)
    );
    assert!(!a.handle(Event::Paste("more".into())), "the line is full");
}

#[test]
fn help_overlay() {
    let mut a = app(STACKED, SMALL, "?");
    insta::assert_snapshot!("help_80x24", text(&mut a));
    let mut a = app(STACKED, SMALL, "? j j j");
    insta::assert_snapshot!("help_80x24_scrolled", text(&mut a));
    let mut a = app(STACKED, LARGE, "?");
    insta::assert_snapshot!("help_120x40", text(&mut a));
    let a = app(STACKED, SMALL, "? Esc");
    assert!(!matches!(a.app.mode, Mode::Help { .. }));
}

#[test]
fn play_then_pause_on_ticks() {
    let mut a = app(STACKED, SMALL, "Space");
    assert!(a.app.playing && a.app.tick_interval().is_some());
    for _ in 0..3 {
        a.handle(Event::Tick);
    }
    assert_eq!(a.app.cursor.t, 3);
    insta::assert_snapshot!("stacked_playing", text(&mut a));
    press(&mut a, "Space");
    assert!(!a.app.playing && a.app.tick_interval().is_none());
    assert!(
        !a.handle(Event::Tick),
        "a tick while paused changes nothing and draws nothing"
    );
    assert_eq!(a.app.cursor.t, 3);
    insta::assert_snapshot!("stacked_paused", text(&mut a));
    press(&mut a, "Esc");
    assert!(!a.app.playing, "Esc leaves a paused app paused");
    press(&mut a, "Space Esc");
    assert!(!a.app.playing && a.app.message.is_none(), "Esc pauses, saying nothing");
    assert_eq!(a.app.cursor.t, 3);
}

#[test]
fn playing_stops_at_a_breakpoint_and_at_the_end() {
    let mut a = app(STACKED, SMALL, "Right Right b Home + Space");
    for _ in 0..5 {
        a.handle(Event::Tick);
    }
    assert_eq!(a.app.cursor.t, 2);
    assert!(!a.app.playing);
    press(&mut a, "Space");
    for _ in 0..a.app.steps + 2 {
        a.handle(Event::Tick);
    }
    assert_eq!(a.app.cursor.t, a.app.steps - 1);
    assert!(!a.app.playing);
}

#[test]
fn too_small_then_resized() {
    let mut a = app(STACKED, (60, 20), "");
    let small = text(&mut a);
    assert!(small.contains("terminal too small: 60×20, needs 80×24"), "{small}");
    insta::assert_snapshot!("too_small_60x20", small);
    a.handle(Event::Resize(80, 24));
    press(&mut a, "Right");
    let fixed = text(&mut a);
    assert!(!fixed.contains("too small"));
    assert_eq!(a.app.cursor.t, 1, "keys work while the screen is too small and after");
}

/// No foreground or background colour code in a frame's escapes.
fn assert_no_colour(ansi: &str) {
    assert!(
        !ansi.contains("38;") && !ansi.contains("48;"),
        "mono uses no colour codes"
    );
}

#[test]
fn mono_theme_has_no_colour() {
    let session = load(STACKED);
    let look = Look::new(ThemeName::Mono, Depth::TrueColor, false);
    let mut a = replay(session, look, SMALL, &[Key::Right]);
    let ansi = to_ansi(&render(&mut a));
    assert_no_colour(&ansi);
    insta::assert_snapshot!("stacked_mono_ansi", ansi);
}

#[test]
fn ascii_glyphs() {
    let session = load(STACKED);
    let look = Look::new(ThemeName::Dark, Depth::TrueColor, true);
    let mut a = replay(session, look, SMALL, &[Key::Right]);
    let t = text(&mut a);
    assert!(t.is_ascii(), "--ascii draws only ASCII:\n{t}");
    insta::assert_snapshot!("stacked_ascii", t);
}

#[test]
fn bidirectional_tokens_and_padding() {
    let mut a = app("ui/tokens_bidi.toml", SMALL, "w");
    assert_eq!(a.app.cursor.t, 33, "w skips the padding to the first word");
    insta::assert_snapshot!("tokens_bidi_first_word", text(&mut a));
    press(&mut a, ": 'break token=not' Enter Home n");
    assert_eq!(a.app.cursor.t, 36);
    press(&mut a, "d");
    assert_eq!(a.app.cursor.cell, lstm_tui::model::cell::Direction::Backward);
    insta::assert_snapshot!("tokens_bidi_backward_120x40", {
        a.handle(Event::Resize(120, 40));
        text(&mut a)
    });
    let a = app("ui/tokens_bidi.toml", SMALL, ": 'break token=nott' Enter");
    assert!(a.app.message.unwrap().text.contains("not in the lesson's vocabulary"));
}

#[test]
fn wide_layers_scroll_with_the_focused_unit() {
    let mut a = app("ui/wide.toml", SMALL, "[ [");
    assert_eq!(a.app.cursor.unit, 254);
    let t = text(&mut a);
    assert!(t.contains("of 256"), "the window's position is shown:\n{t}");
    insta::assert_snapshot!("wide_last_units_80x24", t);
    let mut a = app("ui/wide.toml", LARGE, "End");
    insta::assert_snapshot!("wide_end_120x40", text(&mut a));
}

#[test]
fn numbers_where_the_width_allows() {
    let mut a = app("ui/small.toml", SMALL, "Right");
    insta::assert_snapshot!("small_numbers_80x24", text(&mut a));
}

/// The character drawn at (column, row).
fn drawn_at(a: &mut Debugger, column: u16, row: u16) -> char {
    let frame = text(a);
    let line = frame.lines().nth(usize::from(row)).expect("a row of the frame");
    line.chars().nth(usize::from(column)).expect("a column of the row")
}

/// Where unit 5 of the second layer's f row is drawn on a 120x40 screen.
fn second_layer_unit_5(a: &Debugger) -> (u16, u16) {
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let screen = lstm_tui::ui::layout(&a.app, area).expect("large enough");
    let (layer, rect, _) = screen.layers[1];
    let grid = lstm_tui::ui::layer::grids(&a.app, layer, rect, area.width)[0];
    (grid.x0 + 5 * grid.cell_w, grid.area.y + 3)
}

#[test]
fn click_focuses_a_unit() {
    let mut a = app(STACKED, LARGE, "");
    let (column, row) = second_layer_unit_5(&a);
    assert!(
        "▁▂▃▄▅▆▇█".contains(drawn_at(&mut a, column, row)),
        "the click lands on a drawn value"
    );
    a.handle(Event::Click { column, row });
    assert_eq!((a.app.cursor.layer, a.app.cursor.unit), (1, 5));
}

#[test]
fn click_on_the_timeline_goes_to_that_step() {
    let mut a = app(STACKED, LARGE, "");
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let screen = lstm_tui::ui::layout(&a.app, area).expect("large enough");
    let columns = lstm_tui::ui::timeline::columns(&a.app, screen.timeline);
    // The last digit of t=3's number in the first unit's row, under the row of t labels.
    let (column, row) = (columns.x0 + 4 * columns.cell_w - 2, columns.rows.start + 1);
    let drawn = drawn_at(&mut a, column, row);
    assert!(
        drawn.is_ascii_digit() || "▁▂▃▄▅▆▇█".contains(drawn),
        "the click lands on a drawn value, not {drawn:?}"
    );
    a.handle(Event::Click { column, row });
    assert_eq!(a.app.cursor.t, 3);
}

#[test]
fn keys_document_matches_the_binding_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/KEYS.md");
    let made = lstm_tui::keys::keys_document();
    if std::env::var_os("UPDATE_KEYS_DOC").is_some() {
        std::fs::write(path, &made).expect("docs/KEYS.md is written");
    }
    let doc = std::fs::read_to_string(path).expect("docs/KEYS.md");
    assert!(
        doc.contains(&lstm_tui::keys::help_text()),
        "docs/KEYS.md is out of date: UPDATE_KEYS_DOC=1 cargo test keys_document writes it again"
    );
    assert_eq!(
        doc, made,
        "docs/KEYS.md is out of date: UPDATE_KEYS_DOC=1 cargo test keys_document writes it again"
    );
}

#[test]
fn frame_command_text_and_ansi() {
    let display = lstm_tui::ui::DisplayOptions::default();
    let text = lstm_tui::tui::frame::frame(load(STACKED), "80x24", "Right Right", false, &display).unwrap();
    assert!(text.contains("t=2 of 0‥7"), "{text}");
    assert_eq!(text.lines().count(), 24);
    let ansi = lstm_tui::tui::frame::frame(load(STACKED), "80x24", "", true, &display).unwrap();
    assert!(ansi.contains("\x1b["));
    let bad = lstm_tui::tui::frame::frame(load(STACKED), "80by24", "", false, &display).unwrap_err();
    assert!(bad.to_string().contains("COLSxROWS"), "{bad}");
    let bad = lstm_tui::tui::frame::frame(load(STACKED), "80x24", "Rigth", false, &display).unwrap_err();
    assert!(bad.to_string().contains("unknown key \"Rigth\""), "{bad}");
}

#[test]
fn every_theme_draws_every_pane() {
    for theme in [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::Mono,
        ThemeName::HighContrast,
    ] {
        for depth in [Depth::TrueColor, Depth::Indexed256, Depth::Ansi16] {
            let mut a = replay(
                load("lesson6"),
                Look::new(theme, depth, false),
                LARGE,
                &[Key::Char('w')],
            );
            let t = text(&mut a);
            for pane in [
                "bidirectional (None, 64)",
                "timeline:",
                "Lesson",
                "Shapes",
                "Output",
                "f = σ(",
            ] {
                assert!(t.contains(pane), "{theme:?} {depth:?} lacks {pane}:\n{t}");
            }
            let ansi = to_ansi(&render(&mut a));
            match (theme, depth) {
                (ThemeName::Mono, _) => assert_no_colour(&ansi),
                // Truecolor for the panes; value cells keep short 256-colour escapes.
                (_, Depth::TrueColor) => assert!(ansi.contains("38;2;") && ansi.contains("38;5;")),
                (_, Depth::Indexed256) => assert!(ansi.contains("38;5;") && !ansi.contains("38;2;")),
                // The 16 colours' own codes only.
                (_, Depth::Ansi16) => assert!(!ansi.contains("38;") && !ansi.contains("48;")),
                (_, Depth::Mono) => assert_no_colour(&ansi),
            }
        }
    }
}

/// Every binding, typed text, ticks, clicks and resizes in a long pseudo-random order: the app
/// never panics and its cursor stays inside the model.
#[test]
fn random_use_never_breaks_the_app() {
    let keys: Vec<Key> = lstm_tui::keys::BINDINGS
        .iter()
        .flat_map(|b| std::iter::once(b.key).chain(b.alternatives.iter().copied()))
        .filter(|k| !matches!(k, Key::Char('q') | Key::Ctrl('c')))
        .chain([
            Key::Esc,
            Key::Enter,
            Key::Backspace,
            Key::Char('f'),
            Key::Char('3'),
            Key::Char('<'),
        ])
        .collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    for source in ["lesson3", "lesson6", "ui/wide.toml", "ui/small.toml"] {
        let mut a = app(source, SMALL, "");
        for _ in 0..400 {
            let event = match next(20) {
                0 => Event::Tick,
                1 => Event::Click {
                    column: next(130) as u16,
                    row: next(45) as u16,
                },
                2 => {
                    let sizes = [(80, 24), (120, 40), (60, 20), (200, 60), (81, 25)];
                    let (w, h) = sizes[next(sizes.len())];
                    Event::Resize(w, h)
                }
                _ => Event::Key(keys[next(keys.len())]),
            };
            a.handle(event);
            let _ = render(&mut a);
            assert!(a.app.cursor.t < a.app.steps);
            if let Some(cell) = a.app.cell() {
                assert!(
                    a.app.cursor.unit < cell.units(),
                    "{source}: unit {} of {}",
                    a.app.cursor.unit,
                    cell.units()
                );
            }
            assert!(!a.app.quit);
        }
    }
}

#[test]
fn theme_command_changes_the_screen_and_refuses_unknown_names() {
    let mut a = app(STACKED, SMALL, ": 'theme mono' Enter");
    assert!(a.app.message.is_none(), "{:?}", a.app.message);
    assert_no_colour(&to_ansi(&render(&mut a)));
    press(&mut a, ": 'theme light' Enter");
    assert!(to_ansi(&render(&mut a)).contains("38;2;"), "light has colours");
    let a = app(STACKED, SMALL, ": 'theme purple' Enter");
    assert_eq!(a.app.prompt(), Some(""), "the line reopens, empty, for the next try");
    let m = a.app.message.as_ref().expect("a message");
    assert!(
        m.error && m.text.contains("theme takes dark, light, mono or high-contrast"),
        "{}",
        m.text
    );
}

#[test]
fn a_follower_takes_the_presenters_position() {
    let presenter = app(STACKED, SMALL, "Right Right j ] v i");
    let mut follower = app(STACKED, LARGE, "");
    let at = presenter.app.position();
    assert_eq!(
        (at.cursor.t, at.cursor.layer, at.cursor.unit, at.cursor.info),
        (2, 1, 1, lstm_tui::app::Info::Shapes)
    );
    assert!(follower.app.follow(&at));
    assert_eq!(follower.app.cursor, presenter.app.cursor);
    assert_eq!(follower.app.position(), at);
    // A copy of an app shares its recorded run.
    let copy = presenter.app.clone();
    assert!(std::sync::Arc::ptr_eq(&copy.session, &presenter.app.session));
    // Past the model's end, the follower stays within its own model.
    let mut far = at.clone();
    far.cursor.t = 10_000;
    far.cursor.layer = 99;
    far.cursor.unit = 10_000;
    assert!(follower.app.follow(&far));
    let c = follower.app.cursor;
    assert_eq!(
        (c.t, c.layer),
        (follower.app.steps - 1, follower.app.recurrent.len() - 1)
    );
    assert_eq!(c.unit, follower.app.cell().expect("a recurrent layer").units() - 1);
    // The leader's `:sort` comes with its position: the follower's panes are in its order.
    let sorter = app(STACKED, SMALL, ": 'sort change' Enter");
    let sorted = sorter.app.position();
    assert!(sorted.sorted.is_some());
    assert!(follower.app.follow(&sorted));
    assert_eq!(follower.app.sorted, sorter.app.sorted);
    assert_eq!(follower.app.sort_label(0), Some("Σ|Δh|".to_string()));
    // A leader in unit order puts the follower back in unit order.
    assert!(follower.app.follow(&at));
    assert_eq!(follower.app.sorted, None);
    // An order that is not this model's is not taken.
    let mut bad = sorted.clone();
    bad.sorted.as_mut().unwrap().orders[0].push(0);
    assert!(follower.app.follow(&bad));
    assert_eq!(follower.app.sorted, None);
    // Another lesson's position is not taken.
    let mut other = app("lesson1", SMALL, "");
    let before = other.app.cursor;
    assert!(!other.app.follow(&at));
    assert_eq!(other.app.cursor, before);
}

#[test]
fn a_breakpoint_counts_layers_as_the_cursor_does() {
    // The Embedding comes first: the Bidirectional is the model's layer 1 and the first
    // recurrent layer, which the cursor and the breakpoint both call 0.
    let mut a = app(
        "ui/tokens_bidi.toml",
        SMALL,
        ": 'break dir=backward max|h| > 0.01' Enter",
    );
    assert_eq!(a.app.recurrent, [1]);
    assert_eq!(a.app.cursor.layer, 0);
    match a.app.breakpoints.as_slice() {
        [lstm_tui::app::breakpoint::Breakpoint::When { layer, cell, .. }] => {
            assert_eq!((*layer, *cell), (0, lstm_tui::model::cell::Direction::Backward))
        }
        other => panic!("one conditional breakpoint, not {other:?}"),
    }
    let m = a.app.message.as_ref().expect("a message");
    assert!(m.text.contains("bidirectional backward: max|h| > 0.01"), "{}", m.text);
    press(&mut a, ": 'layer 1' Enter");
    assert_eq!(a.app.cursor.layer, 0, ":layer 1 is the first recurrent layer");
}

#[test]
fn the_screen_keeps_the_help_scroll_within_what_it_shows() {
    let scroll = |a: &Debugger| match a.app.mode {
        Mode::Help { scroll } => scroll,
        ref other => panic!("the help is open, not {other:?}"),
    };
    let most = lstm_tui::ui::help::max_scroll(look().glyphs, SMALL.0, SMALL.1 - 2, false);
    assert!(most > 10, "the help is longer than an 80x24 screen");
    let mut a = app(STACKED, SMALL, "?");
    for _ in 0..most / 10 + 3 {
        press(&mut a, "PageDown");
    }
    assert_eq!(scroll(&a), most, "scrolled to the end and no further");
    press(&mut a, "k");
    assert_eq!(scroll(&a), most - 1, "one line back up from the end");
    // The app alone scrolls as it is told; the screen it is drawn on keeps it in range.
    let mut alone = a.app.clone();
    for _ in 0..5 {
        alone.key(Key::Char('j'));
    }
    assert_eq!(alone.mode, Mode::Help { scroll: most - 1 + 5 });
}

#[test]
fn a_click_does_nothing_while_the_command_line_is_open() {
    let mut a = app(STACKED, LARGE, ":");
    let (column, row) = second_layer_unit_5(&a);
    assert!("▁▂▃▄▅▆▇█".contains(drawn_at(&mut a, column, row)));
    assert!(!a.handle(Event::Click { column, row }), "nothing to draw again");
    assert_eq!((a.app.cursor.layer, a.app.cursor.unit), (0, 0));
    press(&mut a, "Esc");
    let _ = render(&mut a);
    assert!(a.handle(Event::Click { column, row }));
    assert_eq!((a.app.cursor.layer, a.app.cursor.unit), (1, 5));
}

/// The text of the right-hand column of a frame (after the last │ of each line), joined.
fn right_column(frame: &str) -> String {
    let parts = frame.lines().filter_map(|l| l.rsplit_once('│').map(|(_, r)| r.trim()));
    parts.filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

#[test]
fn the_output_pane_of_a_model_ending_in_an_lstm_wraps_its_sentence() {
    // lesson4 ends in lstm_1: at 80x24 the Output pane (i, i) says so in one sentence, wider
    // than the pane, which wraps instead of being cut.
    let mut a = app("lesson4", SMALL, "i i");
    let frame = text(&mut a);
    assert!(
        right_column(&frame).contains("the last LSTM's output is the model's output"),
        "{frame}"
    );
}

#[test]
fn the_shapes_pane_says_a_bidirectional_layer_hands_on_both_ends() {
    // lesson6 at 120x40 shows the Shapes pane beside the layers: its backward cell's last h is
    // the one at t=0, so "only its last h (t=499)" would be wrong for half of the 64.
    let mut a = app("lesson6", LARGE, "");
    let frame = text(&mut a);
    let shapes = right_column(&frame);
    assert!(
        shapes.contains("only forward's last h (t=499) and backward's (t=0) leave the layer, joined: (None, 64)"),
        "{frame}"
    );
    assert!(!shapes.contains("only its last h"), "{frame}");
}

#[test]
fn a_class_screens_help_lists_the_class_keys_first_from_the_one_table() {
    let mut alone = app(STACKED, SMALL, "?");
    assert!(!text(&mut alone).contains("In this class"));
    let mut seat = app(STACKED, SMALL, "");
    seat.screen.class = true;
    press(&mut seat, "?");
    let help = text(&mut seat);
    let lines: Vec<&str> = help.lines().collect();
    assert!(lines[1].contains("In this class"), "first in the help:\n{help}");
    for b in lstm_tui::keys::CLASS_BINDINGS {
        let row = format!("{:<10}{}", lstm_tui::keys::keys_of(b), b.description);
        assert!(
            lines.iter().any(|l| l.split_whitespace().eq(row.split_whitespace())),
            "{row:?} in\n{help}"
        );
    }
    // Its keys still work: the help scrolls to its end with the class's rows counted.
    let most = lstm_tui::ui::help::max_scroll(look().glyphs, SMALL.0, SMALL.1 - 2, true);
    assert_eq!(
        most,
        lstm_tui::ui::help::max_scroll(look().glyphs, SMALL.0, SMALL.1 - 2, false) + 5
    );
    press(&mut seat, &["PageDown"; 10].join(" "));
    assert!(text(&mut seat).contains("A click focuses a unit"));
}

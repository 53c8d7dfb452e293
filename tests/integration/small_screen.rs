//! 80×24, the SSH default: nothing is cut without a mark. The shapes and lesson panes scroll
//! with a "more" row, long messages wrap, the load's warnings are counted, the footer keeps its
//! essential keys, the title stays put as the status changes, and the too-small screen reads
//! in full at 40×12.

use lstm_tui::keys::parse_keys;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

use crate::common::fixture;

const SMALL: (u16, u16) = (80, 24);

fn app(source: &str, size: (u16, u16), keys: &str) -> Debugger {
    let path = if source.starts_with("lesson") {
        source.to_string()
    } else {
        fixture(source).display().to_string()
    };
    let session = Session::load(&path, &Overrides::default()).unwrap_or_else(|e| panic!("{source}: {e}"));
    let look = Look::new(ThemeName::Dark, Depth::TrueColor, false);
    replay(session, look, size, &parse_keys(keys).expect("valid key names"))
}

fn text(a: &mut Debugger) -> String {
    to_text(&render(a))
}

fn press(a: &mut Debugger, keys: &str) {
    for key in parse_keys(keys).expect("valid key names") {
        a.handle(Event::Key(key));
    }
}

/// The information pane's rows at 80×24: the right of the bottom six rows above the footer.
fn info_rows(frame: &str) -> Vec<String> {
    let rows: Vec<&str> = frame.lines().collect();
    rows[rows.len() - 7..rows.len() - 1]
        .iter()
        .map(|r| r.chars().skip(39).collect::<String>().trim_end().to_string())
        .collect()
}

#[test]
fn the_shapes_tab_scrolls_with_a_more_row() {
    let mut a = app("lesson5", SMALL, "i");
    let first = text(&mut a);
    let rows = info_rows(&first);
    assert!(rows[5].starts_with("… 6 more lines: J scrolls"), "{first}");
    insta::assert_snapshot!("shapes_80x24", first);
    press(&mut a, "J J J J J J J J J J");
    let end = text(&mut a);
    let rows = info_rows(&end);
    assert!(rows[0].starts_with("… 6 lines above: K scrolls up"), "{end}");
    assert_eq!(rows[5], "and writes h to lstm[:, 0, :]", "the last line shows:\n{end}");
    assert_eq!(a.app.info_scroll, 5, "the screen keeps the scroll within what there is");
    insta::assert_snapshot!("shapes_80x24_scrolled", end);
    press(&mut a, "K");
    assert!(info_rows(&text(&mut a))[5].starts_with("… 2 more lines: J scrolls"));
    press(&mut a, "Right");
    assert_eq!(a.app.info_scroll, 0, "a step starts the pane from its top again");
}

#[test]
fn a_long_note_says_how_many_lines_are_left_and_scrolls_to_them() {
    // lesson8's first screen shows two notes: its first and lstm's own.
    let mut a = app("lesson8", SMALL, "");
    let rows = info_rows(&text(&mut a));
    assert_eq!(rows[5], "… 6 more lines: J scrolls");
    press(&mut a, "J J J J J J");
    let rows = info_rows(&text(&mut a));
    assert_eq!(rows[0], "… 6 lines above: K scrolls up");
    assert_eq!(rows[5], "per \")\".", "the end of the second note");
    press(&mut a, ">");
    assert_eq!(a.app.info_scroll, 0);
}

#[test]
fn each_press_of_j_shows_a_line_that_was_hidden() {
    // lesson8's first screen: 11 lines in 6 rows, five presses to the end.
    let mut a = app("lesson8", SMALL, "");
    let mut seen: Vec<String> = info_rows(&text(&mut a))[..5].to_vec();
    for press_no in 1..=5 {
        press(&mut a, "J");
        let rows = info_rows(&text(&mut a));
        assert!(rows[0].contains("above: K scrolls up"), "{rows:#?}");
        let last = rows.iter().rev().find(|r| !r.contains("more line")).unwrap();
        assert!(!seen.contains(last), "J press {press_no} shows nothing new: {rows:#?}");
        assert_eq!(rows[5].contains("more line"), press_no < 5, "{rows:#?}");
        seen.extend(rows);
    }
}

#[test]
fn the_wheel_over_the_lesson_pane_scrolls_it_as_j_and_k_do() {
    let mut a = app("lesson8", SMALL, "");
    let before = info_rows(&text(&mut a));
    assert_eq!(before[5], "… 6 more lines: J scrolls");
    // A row of the note itself, at the right of the screen.
    let wheel = |down| Event::Wheel {
        column: 60,
        row: 20,
        down,
    };
    a.handle(wheel(true));
    a.handle(wheel(true));
    assert_eq!(a.app.info_scroll, 2);
    let mut by_keys = app("lesson8", SMALL, "J J");
    assert_eq!(text(&mut a), text(&mut by_keys), "two turns down are J J");
    a.handle(wheel(false));
    a.handle(wheel(false));
    assert_eq!(info_rows(&text(&mut a)), before, "and two up are K K");
    assert_eq!(a.app.cursor.t, 0, "the wheel over the note does not step");
}

#[test]
fn a_long_error_wraps_onto_more_rows() {
    let mut a = app("lesson3", SMALL, ": 'brake' Enter");
    let frame = text(&mut a);
    let rows: Vec<&str> = frame.lines().collect();
    assert_eq!(rows.len(), 24);
    assert_eq!(
        rows[21].trim_end(),
        " error: unknown command \"brake\": the commands are break, goto, delete, clear,"
    );
    assert!(rows[22].trim_end().ends_with("help, quit"), "{frame}");
    assert_eq!(
        rows[23].split_whitespace().next(),
        Some(":█"),
        "the line reopens below:\n{frame}"
    );
    assert!(!rows[21..23].iter().any(|r| r.contains('…')), "nothing cut:\n{frame}");
}

#[test]
fn the_help_says_what_is_above_and_below() {
    let mut a = app("lesson1", SMALL, "? j j j");
    let frame = text(&mut a);
    let status = frame.lines().nth(22).unwrap();
    assert!(status.starts_with(" 3 above, 22 below: Up/k Down/j scrolls"), "{frame}");
    press(&mut a, "PageDown PageDown PageDown");
    let frame = text(&mut a);
    let status = frame.lines().nth(22).unwrap();
    assert!(
        status.starts_with(" 25 above: Up/k scrolls · Esc, ? or q closes"),
        "{frame}"
    );
    assert!(
        frame.contains(" the wheel scrolls the pane under it."),
        "the legend wraps, not cut:\n{frame}"
    );
}

#[test]
fn every_warning_of_the_load_is_counted_and_shown_in_turn() {
    let mut a = app("ui/warnings.toml", SMALL, "");
    let said = |a: &Debugger| a.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(
        said(&a).starts_with("warning 1/3 (:warnings for the next): "),
        "{}",
        said(&a)
    );
    assert!(said(&a).contains("input_length on embedding"), "{}", said(&a));
    let frame = text(&mut a);
    let rows: Vec<&str> = frame.lines().collect();
    assert_eq!(rows[21].trim_end(), " warning 1/3 (:warnings for the next):", "{frame}");
    // The warning begins with the lesson's path, so where its words wrap depends on where the
    // checkout lies: read the two rows under the count as one text.
    let body = format!("{} {}", rows[22].trim(), rows[23].trim());
    assert!(
        body.contains("warnings.toml:10:16: input_length on embedding is ignored, as Keras 3"),
        "wrapped onto three rows:\n{frame}"
    );
    assert!(body.ends_with('…'), "cut at the last row, with a mark:\n{frame}");
    press(&mut a, ": 'warnings' Enter");
    assert!(
        said(&a).starts_with("warning 2/3 (:warnings for the next): "),
        "{}",
        said(&a)
    );
    assert!(said(&a).contains("input_shape on lstm_1"), "{}", said(&a));
    press(&mut a, ": 'warn' Enter");
    assert!(said(&a).starts_with("warning 3/3: "), "{}", said(&a));
    assert!(said(&a).contains("input_shape on dense"), "{}", said(&a));
    press(&mut a, ": 'warnings' Enter");
    assert!(said(&a).starts_with("warning 1/3"), "round again: {}", said(&a));
    let mut none = app("lesson1", SMALL, ": 'warnings' Enter");
    assert_eq!(said(&none), "the load gave no warnings");
    assert!(text(&mut none).contains("the load gave no warnings"));
}

#[test]
fn the_footer_keeps_the_essential_keys_at_80_columns() {
    let mut a = app("lesson1", SMALL, "");
    press(&mut a, "v V");
    let frame = text(&mut a);
    let footer = frame.lines().last().unwrap().to_string();
    for hint in [
        "Right step",
        "> note",
        "Down layer",
        ": cmd",
        "n next bp",
        "u weights",
        "? help",
        "q quit",
    ] {
        assert!(footer.contains(hint), "{hint} in {footer:?}");
    }
    assert!(footer.chars().count() <= 80);
    let mut wide = app("lesson1", (200, 60), "v V");
    let frame = text(&mut wide);
    let footer = frame.lines().last().unwrap().to_string();
    for hint in [
        "]/Tab unit",
        "Space/p play",
        "b break",
        "Right/l step",
        "n/c next bp",
        "v view",
    ] {
        assert!(footer.contains(hint), "{hint} in {footer:?}");
    }
}

/// The header's title part: up to the status's `t=`.
fn title(frame: &str) -> String {
    let top = frame.lines().next().unwrap();
    top[..top.find(" t=").expect("the status")].to_string()
}

#[test]
fn the_title_stays_put_as_the_status_changes() {
    for lesson in ["lesson1", "lesson2", "lesson3", "lesson5", "lesson6", "lesson8"] {
        for size in [SMALL, (120, 40)] {
            let mut a = app(lesson, size, "");
            let first = text(&mut a);
            let status_at = first.lines().next().unwrap().find(" t=");
            for keys in [
                "> > > > > > > >",
                "End",
                "j j j j",
                "] ] ] ] ] ] ] ] ] ] ] ]",
                "Space",
                "b",
                "d",
            ] {
                press(&mut a, keys);
                a.handle(Event::Tick);
                let frame = text(&mut a);
                assert_eq!(title(&frame), title(&first), "{lesson} {size:?} after {keys}:\n{frame}");
                assert_eq!(frame.lines().next().unwrap().find(" t="), status_at, "{lesson} {keys}");
            }
        }
    }
}

#[test]
fn the_too_small_screen_reads_in_full_at_40_by_12() {
    let mut a = app("lesson1", (40, 12), "");
    let frame = text(&mut a);
    assert!(frame.contains("terminal too small: 40×12, needs 80×24"), "{frame}");
    assert!(frame.contains("enlarge the window, or press q to quit"), "{frame}");
    insta::assert_snapshot!("too_small_40x12", frame);
    let mut narrow = app("lesson1", (24, 12), "");
    let words: Vec<String> = text(&mut narrow).split_whitespace().map(str::to_string).collect();
    assert_eq!(
        words.join(" "),
        "terminal too small: 24×12, needs 80×24 enlarge the window, or press q to quit",
        "wrapped, not cut"
    );
}

/// At 80×24 the timeline has rows for a few units only: its title says how many of how many,
/// and on which side the rest are, as it says which steps it shows of a long run.
#[test]
fn the_timeline_says_which_units_its_rows_show() {
    let title = |keys: &str| -> String {
        let frame = text(&mut app("lesson6", SMALL, keys));
        let line = frame.lines().find(|l| l.starts_with("timeline:")).map(str::to_string);
        line.unwrap_or_else(|| panic!("no timeline:\n{frame}"))
    };
    // The quantity's words give way, so that both windows, the scale and u0's range fit.
    assert_eq!(
        title(""),
        "timeline: h, 2 of 32 units ▾ × t 0‥73 of 500 ▸  fixed ±1  u0 lo -0.71 hi 0.81"
    );
    assert!(
        title(": 'unit 15' Enter").contains(", 2 of 32 units ▴▾ × "),
        "{}",
        title(": 'unit 15' Enter")
    );
    assert!(
        title(": 'unit 31' Enter").contains(", 2 of 32 units ▴ × "),
        "{}",
        title(": 'unit 31' Enter")
    );
    // Where every row fits, the title counts them whole.
    let large = text(&mut app("lesson8", (120, 40), ""));
    assert!(
        large.contains("timeline: h (hidden state), 8 units × 24 steps"),
        "{large}"
    );
}

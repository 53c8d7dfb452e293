//! The weights view of a unit (`u`), the mouse on the panes and tabs, and what follows a
//! breakpoint or a mistyped command: pinned frames, and the state the keys and clicks lead to.

use lstm_tui::app::{App, Info, Mode};
use lstm_tui::keys::{Action, COMMAND_EXAMPLES, binding, parse_keys};
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

const LESSONS: [&str; 9] = [
    "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6", "lesson7", "lesson8", "lesson9",
];

fn load(lesson: &str) -> Session {
    let path = if lesson.starts_with("lesson") {
        lesson.to_string()
    } else {
        crate::common::fixture(lesson).display().to_string()
    };
    Session::load(&path, &Overrides::default()).unwrap_or_else(|e| panic!("{lesson}: {e}"))
}

fn app_with(lesson: &str, size: (u16, u16), keys: &str, ascii: bool) -> Debugger {
    let look = Look::new(ThemeName::Dark, Depth::TrueColor, ascii);
    replay(load(lesson), look, size, &parse_keys(keys).expect("valid key names"))
}

fn app(lesson: &str, size: (u16, u16), keys: &str) -> Debugger {
    app_with(lesson, size, keys, false)
}

fn text(d: &mut Debugger) -> String {
    to_text(&render(d))
}

/// The key that opens the weights view, as the notes must name it.
fn weights_key() -> String {
    binding(Action::Weights).key.to_string()
}

/// lesson4: focus lstm_1 (Down), go to t=1 and open its unit 0's weights.
const LSTM_1: &str = "Down Right Esc u";

#[test]
fn the_weights_of_lesson4s_second_layer() {
    for (size, tag) in [(SMALL, "80x24"), (LARGE, "120x40")] {
        let mut d = app("lesson4", size, LSTM_1);
        assert_eq!(d.app.mode, Mode::Weights { scroll: 0 });
        let t = text(&mut d);
        // Each of lstm_1's 32 units reads all 64 of lstm's outputs.
        assert!(
            t.contains("Each of lstm_1's 32 units reads all 64 features of x(t)"),
            "{t}"
        );
        assert!(t.contains("which is lstm's h(t)"), "{t}");
        assert!(t.contains("and 58 more = ") || t.contains(" more = "), "{t}");
        insta::assert_snapshot!(format!("weights_lesson4_lstm_1_{tag}"), t);
    }
}

#[test]
fn the_weights_view_scrolls_to_the_tables_and_steps_under_it() {
    let mut d = app("lesson4", SMALL, LSTM_1);
    let top = text(&mut d);
    assert!(top.contains("more below"), "{top}");
    for key in parse_keys(
        "End PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown",
    )
    .unwrap()
    {
        d.handle(Event::Key(key));
    }
    let bottom = text(&mut d);
    assert!(bottom.contains("b_f = "), "{bottom}");
    assert!(!bottom.contains("more below"), "{bottom}");
    // Right steps (the view stays open and shows the new t), Esc closes.
    let mut d = app("lesson4", SMALL, &format!("{LSTM_1} Right"));
    assert_eq!(d.app.cursor.t, 2);
    assert!(text(&mut d).contains("lstm_1 unit 0 at t=2."));
    d.handle(Event::Key(lstm_tui::keys::Key::Esc));
    assert_eq!(d.app.mode, Mode::Normal);
}

#[test]
fn the_weights_views_status_line_is_all_in_the_bars_style() {
    // The status line replaces the footer's hints: none of their key styling (bold) stays.
    let mut d = app("lesson4", SMALL, LSTM_1);
    let frame = render(&mut d);
    let y = frame.area.bottom() - 1;
    let bar = frame[(0, y)].style();
    for x in frame.area.left()..frame.area.right() {
        assert_eq!(frame[(x, y)].style(), bar, "column {x} of {}", to_text(&frame));
    }
}

#[test]
fn the_weights_of_a_bidirectional_layer_per_direction() {
    for (size, tag) in [(SMALL, "80x24"), (LARGE, "120x40")] {
        let mut d = app("lesson6", size, "w u");
        let forward = text(&mut d);
        assert!(forward.contains("bidirectional (forward) unit 0 at"), "{forward}");
        insta::assert_snapshot!(format!("weights_lesson6_forward_{tag}"), forward);
        d.handle(Event::Key(lstm_tui::keys::Key::Char('d')));
        let backward = text(&mut d);
        assert!(backward.contains("bidirectional (backward) unit 0 at"), "{backward}");
        insta::assert_snapshot!(format!("weights_lesson6_backward_{tag}"), backward);
    }
}

#[test]
fn the_weights_view_in_ascii() {
    let mut d = app_with("lesson4", SMALL, LSTM_1, true);
    let t = text(&mut d);
    assert!(t.is_ascii(), "{t}");
    assert!(
        t.contains("sigmoid(") && t.contains("x(t)") && t.contains("... and"),
        "{t}"
    );
}

/// The first number inside the last `act(` of the inspector's line for gate `l` (the line
/// after the pane's rule, `│f = σ(…) = σ(-0.391 − …`), up to the next space or `)`.
fn inspector_wx<'a>(line: &'a str, l: &str, act: &str) -> Option<&'a str> {
    let gate = &line[line.find(&format!("│{l} = "))?..];
    let rest = &gate[gate.rfind(act)? + act.len()..];
    rest.split([' ', ')']).next()
}

/// The W·x the weights view prints at the end of each gate's sum is the W·x the inspector shows
/// as the first number of that gate's line, in every recurrent layer of every lesson.
#[test]
fn the_sums_written_out_are_the_inspectors() {
    let act = |l: &str| if l == "g" { "tanh(" } else { "σ(" };
    for lesson in ["lesson1", "lesson4", "lesson6"] {
        let layers = load(lesson)
            .model
            .layers
            .iter()
            .filter(|l| !l.cells().is_empty())
            .count();
        for layer in 0..layers {
            let moves = vec!["Down"; layer].join(" ");
            // 300 columns: the inspector has room for three decimals, as the weights view writes.
            let mut panes = app(lesson, (300, 80), &format!("w {moves} Right Esc ] ]"));
            let inspector = text(&mut panes);
            panes.handle(Event::Key(lstm_tui::keys::Key::Char('u')));
            let weights = text(&mut panes);
            let lines: Vec<&str> = weights.lines().collect();
            for l in ["f", "i", "g", "o"] {
                let shown = inspector
                    .lines()
                    .find_map(|line| inspector_wx(line, l, act(l)))
                    .unwrap_or_else(|| panic!("{lesson}: no {l} line in\n{inspector}"));
                let start = lines
                    .iter()
                    .position(|line| line.trim_start().starts_with(&format!("W_{l}·x = ")))
                    .unwrap_or_else(|| panic!("{lesson}: no W_{l}·x in\n{weights}"));
                let end = (start..lines.len())
                    .find(|k| {
                        lines[*k].contains(" = ")
                            && lines[*k]
                                .trim_end()
                                .rsplit(" = ")
                                .next()
                                .is_some_and(|n| n.parse::<f32>().is_ok())
                    })
                    .expect("the sum ends in = total");
                let total = lines[end].trim_end().rsplit(" = ").next().unwrap();
                assert_eq!(total, shown, "{lesson} layer {layer} gate {l}\n{inspector}\n{weights}");
            }
        }
    }
}

#[test]
fn the_notes_name_the_key_of_the_weights_view() {
    let key = weights_key();
    let mut named = 0;
    for lesson in LESSONS {
        for note in &load(lesson).lesson.narrative {
            if note.text.contains("weights view") {
                assert!(
                    note.text.contains(&format!("{key} opens the weights view")),
                    "{lesson}: {}",
                    note.text
                );
                named += 1;
            }
        }
    }
    assert_eq!(named, 2, "lessons 1 and 4 send the student to the weights view");
}

/// Run one example line of the help (`:delete 2  :clear  :list`) on a fresh debugger with two
/// breakpoints set; true when every command works, every condition after `:break` stopping at
/// some step of the lesson.
fn example_works(lesson: &str, typed: &str) -> bool {
    let mut app = App::new(load(lesson));
    app.execute("break 0");
    app.execute("break 1");
    for command in typed.split("  ").map(str::trim).filter(|c| !c.is_empty()) {
        let command = command.strip_prefix(':').expect("each command starts with :");
        let before = app.breakpoints.len();
        app.message = None;
        app.execute(command);
        if app.message.as_ref().is_some_and(|m| m.error) || app.prompt().is_some() {
            return false;
        }
        if command.starts_with("break ") && app.breakpoints.len() > before {
            let b = app.breakpoints.last().expect("just set").clone();
            if !(0..app.steps).any(|t| b.hits(app.layers(), t)) {
                return false;
            }
        }
    }
    true
}

#[test]
fn every_example_of_the_help_works_in_a_lesson() {
    for (typed, what) in COMMAND_EXAMPLES {
        let works: Vec<&str> = LESSONS.iter().copied().filter(|l| example_works(l, typed)).collect();
        assert!(!works.is_empty(), "{typed} ({what}) works in no built-in lesson");
    }
    // The examples the help screen shows are the table's.
    let mut d = app("lesson1", (120, 40), "?");
    let help = text(&mut d);
    for (typed, _) in COMMAND_EXAMPLES.iter().take(6) {
        assert!(help.contains(typed), "{typed} not on\n{help}");
    }
}

#[test]
fn a_breakpoint_on_another_layer_moves_the_focus_there() {
    // From t=2 on: lesson4 asks a question at t=1.
    let mut d = app("lesson4", SMALL, ": 'goto 2' Enter : 'break layer=2 max|c| > 2' Enter");
    assert_eq!(d.app.cursor.layer, 0);
    d.handle(Event::Key(lstm_tui::keys::Key::Char('N')));
    assert_eq!(d.app.cursor.t, 2, "no hit before t=2");
    d.handle(Event::Key(lstm_tui::keys::Key::Char('n')));
    assert_eq!((d.app.cursor.layer, d.app.cursor.t), (1, 3));
    assert!(text(&mut d).contains("▸ lstm_1"));
    // Playing into it does the same.
    let mut d = app(
        "lesson4",
        SMALL,
        ": 'goto 2' Enter : 'break layer=2 max|c| > 2' Enter Space",
    );
    while d.app.playing {
        d.handle(Event::Tick);
    }
    assert_eq!((d.app.cursor.layer, d.app.cursor.t), (1, 3));
    // In lesson6, a condition on the backward cell focuses it.
    let d = app("lesson6", SMALL, ": 'break dir=backward max o > .6' Enter n");
    assert_eq!(d.app.cursor.cell, lstm_tui::model::cell::Direction::Backward);
}

#[test]
fn a_mistyped_command_reopens_an_empty_line_with_the_error() {
    let mut d = app("lesson4", SMALL, ": 'goto 99' Enter");
    assert_eq!(d.app.mode, Mode::Prompt(String::new()));
    let m = d.app.message.clone().expect("an error");
    assert!(m.error && m.text.contains("t=99 is past the end"), "{m:?}");
    let t = text(&mut d);
    let footer: Vec<&str> = t.lines().rev().take(2).collect();
    assert!(footer[1].contains("error: t=99 is past the end"), "{t}");
    assert!(footer[0].starts_with(":█"), "{t}");
    // The next try starts afresh.
    let mut d = app("lesson4", SMALL, ": 'goto 99' Enter '3' Enter");
    assert_eq!((d.app.mode.clone(), d.app.cursor.t), (Mode::Normal, 3));
    assert!(text(&mut d).lines().next().unwrap().contains("t=3 of 0‥4"));
}

#[test]
fn t_counts_from_zero_in_the_header_the_timeline_and_the_inspector() {
    let mut d = app("lesson1", (200, 60), "End");
    let t = text(&mut d);
    assert!(t.lines().next().unwrap().contains("t=9 of 0‥9"), "{t}");
    // The timeline's columns are labelled 0 to 9.
    let labels = t
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|w| w.first() == Some(&"t") && w.get(1) == Some(&"0"))
        .unwrap_or_else(|| panic!("no t labels in\n{t}"));
    assert_eq!(labels.get(10), Some(&"9"), "{t}");
    assert!(t.contains("unit 0 at t=9 of 0‥9"), "{t}");
    let mut d = app("lesson4", LARGE, "?");
    assert!(text(&mut d).contains("t counts from 0"));
}

/// Where `word` is drawn on the frame, column and row.
fn find(frame: &str, word: &str) -> (u16, u16) {
    frame
        .lines()
        .enumerate()
        .find_map(|(row, line)| {
            line.find(word)
                .map(|byte| (line[..byte].chars().count() as u16, row as u16))
        })
        .unwrap_or_else(|| panic!("{word} not in\n{frame}"))
}

#[test]
fn clicking_a_tab_opens_it_and_the_wheel_scrolls_what_is_under_it() {
    // A model of three layers with notes of its own and no questions.
    let mut d = app("ui/stacked.toml", SMALL, "");
    let t = text(&mut d);
    for (tab, info) in [
        ("Shapes", Info::Shapes),
        ("Output", Info::Output),
        ("Lesson", Info::Lesson),
    ] {
        let (column, row) = find(&t, tab);
        assert!(d.handle(Event::Click {
            column: column + 1,
            row
        }));
        assert_eq!(d.app.cursor.info, info);
        text(&mut d);
    }
    // Over the timeline the wheel steps; over a layer's pane it moves through its units.
    let (column, row) = find(&t, "timeline:");
    let wheel = |down| Event::Wheel {
        column: column + 3,
        row: row + 2,
        down,
    };
    d.handle(wheel(true));
    d.handle(wheel(true));
    d.handle(wheel(false));
    assert_eq!(d.app.cursor.t, 1);
    let now = text(&mut d);
    assert_eq!(d.app.mode, Mode::Normal, "{now}");
    let (column, row) = find(&now, "c(t-1)");
    d.handle(Event::Wheel {
        column,
        row,
        down: true,
    });
    assert_eq!(d.app.cursor.unit, 1);
    // In the help and the weights view, the wheel scrolls them wherever it is.
    let mut d = app("lesson4", SMALL, "?");
    text(&mut d);
    d.handle(Event::Wheel {
        column: 0,
        row: 5,
        down: true,
    });
    assert_eq!(d.app.mode, Mode::Help { scroll: 1 });
    let mut d = app("lesson4", SMALL, LSTM_1);
    text(&mut d);
    d.handle(Event::Wheel {
        column: 40,
        row: 10,
        down: true,
    });
    assert_eq!(d.app.mode, Mode::Weights { scroll: 1 });
}

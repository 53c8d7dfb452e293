//! Every note of every built-in lesson, walked with `>` at 80×24 and at 120×40 as a student
//! would: each note's first frame is pinned (one snapshot a lesson and size, the frames one
//! after another), and each note's text is checked to be all on screen or reachable with J
//! under a "more" mark, word for word.

use lstm_tui::keys::parse_keys;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::theme::{Depth, ThemeName};

const LESSONS: [&str; 9] = [
    "lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6", "lesson7", "lesson8", "lesson9",
];

fn load(lesson: &str) -> Session {
    Session::load(lesson, &Overrides::default()).unwrap_or_else(|e| panic!("{lesson}: {e}"))
}

fn press(a: &mut Debugger, keys: &str) {
    for key in parse_keys(keys).expect("valid key names") {
        a.handle(Event::Key(key));
    }
}

fn text(a: &mut Debugger) -> String {
    to_text(&render(a))
}

/// The frames shown while J scrolls the open pane from its top to its end.
fn scrolled_through(a: &mut Debugger) -> Vec<String> {
    let mut frames = vec![text(a)];
    for _ in 0..40 {
        if !frames.last().unwrap().contains("more line") {
            break;
        }
        press(a, "J");
        frames.push(text(a));
    }
    frames
}

#[test]
fn every_note_of_every_lesson_reaches_the_screen() {
    for lesson in LESSONS {
        let session = load(lesson);
        let narrative: Vec<String> = session.lesson.narrative.iter().map(|n| n.text.clone()).collect();
        let steps = session.trace.input.timesteps();
        let tour = session.lesson.tour(steps);
        let n = narrative.len();
        for (size, tag) in [((80, 24), "80x24"), ((120, 40), "120x40")] {
            let look = Look::new(ThemeName::Dark, Depth::TrueColor, false);
            // The questions met on the way are skipped (tests/integration/questions.rs answers
            // them), and a last Esc clears the message a skip leaves.
            let mut a = replay(load(lesson), look, size, &parse_keys("Esc").unwrap());
            let mut pinned = String::new();
            for (k, &note) in tour.iter().enumerate() {
                assert_eq!(a.app.note_number(), Some((k + 1, n)), "{lesson} {tag}");
                let frames = scrolled_through(&mut a);
                pinned.push_str(&format!("── note {}/{n} ──\n{}\n", k + 1, frames[0]));
                // The pane starts after the rule between it and the inspector.
                let seen = frames.join("\n").replace('│', " ");
                let seen: Vec<&str> = seen.split_whitespace().collect();
                for word in narrative[note].split_whitespace() {
                    assert!(
                        seen.contains(&word),
                        "{lesson} {tag}, note {}: {word:?} never shows:\n{}",
                        k + 1,
                        frames.join("\n")
                    );
                }
                press(&mut a, "> Esc Esc Esc");
            }
            insta::assert_snapshot!(format!("{lesson}_every_note_{tag}"), pinned);
        }
    }
}

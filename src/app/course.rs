//! A course: the lessons a class of `lstm-tui serve` offers (those named with `--lesson`, or
//! the built-in ones) and the picker between them. Plain state, as the app is; the debugger
//! opens the lesson chosen in an app of its own.

use std::sync::Arc;

use crate::keys::{Action, Key, PICKER_BINDINGS, action_in};
use crate::session::Session;

/// The lessons, which one the picker has selected, and whether it is shown.
#[derive(Debug, Clone)]
pub struct Course {
    pub lessons: Vec<Arc<Session>>,
    pub selected: usize,
    pub picking: bool,
    /// A lesson has been opened (until then the app behind the picker is no one's choice).
    pub opened: bool,
}

/// What a key did in the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Open the lesson (index into the lessons).
    Open(usize),
    Quit,
    Moved,
    Nothing,
}

impl Course {
    /// A course starting at its picker; `None` without lessons.
    pub fn new(lessons: Vec<Arc<Session>>) -> Option<Course> {
        (!lessons.is_empty()).then_some(Course {
            lessons,
            selected: 0,
            picking: true,
            opened: false,
        })
    }

    /// The lesson whose source (a built-in id, a file) is `source`.
    pub fn find(&self, source: &str) -> Option<usize> {
        self.lessons.iter().position(|s| s.source == source)
    }

    /// A key in the picker.
    pub fn key(&mut self, key: Key) -> Pick {
        let n = self.lessons.len();
        match action_in(PICKER_BINDINGS, key) {
            Some(Action::NextChoice) => {
                self.selected = (self.selected + 1).min(n - 1);
                Pick::Moved
            }
            Some(Action::PrevChoice) => {
                self.selected = self.selected.saturating_sub(1);
                Pick::Moved
            }
            Some(Action::Open) => Pick::Open(self.selected),
            Some(Action::Quit) => Pick::Quit,
            _ => Pick::Nothing,
        }
    }
}

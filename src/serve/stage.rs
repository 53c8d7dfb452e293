//! A class with a presenter: where the presenter is, and how many students follow. Everything a
//! seat shares with the others goes through [`Stage`], the one interface a pub/sub system would
//! carry to join several servers into one class; [`LocalStage`] keeps it in this process.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::sync::watch;

use crate::app::Position;

/// Who is in the class, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roster {
    pub following: usize,
    pub exploring: usize,
}

/// What seats share.
pub trait Stage: Send + Sync {
    /// The presenter moved (`None`: no presenter now).
    fn present(&self, at: Option<Position>);
    /// Where the presenter is, with its changes.
    fn presenter(&self) -> watch::Receiver<Option<Position>>;
    /// Take the presenter's place; false when someone holds it.
    fn take_lead(&self) -> bool;
    /// Give the presenter's place back (and say there is no presenter).
    fn leave_lead(&self);
    /// A new student, following; their id.
    fn join(&self) -> u64;
    /// A student follows or explores (`None`: left).
    fn student(&self, id: u64, following: Option<bool>);
    /// The roster, with its changes.
    fn roster(&self) -> watch::Receiver<Roster>;
}

/// A [`Stage`] in this process.
#[derive(Debug)]
pub struct LocalStage {
    position: watch::Sender<Option<Position>>,
    roster: watch::Sender<Roster>,
    students: Mutex<HashMap<u64, bool>>,
    next: AtomicU64,
    lead: AtomicBool,
}

impl Default for LocalStage {
    fn default() -> Self {
        LocalStage {
            position: watch::channel(None).0,
            roster: watch::channel(Roster::default()).0,
            students: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
            lead: AtomicBool::new(false),
        }
    }
}

impl LocalStage {
    fn count(&self, students: &HashMap<u64, bool>) {
        let following = students.values().filter(|f| **f).count();
        let roster = Roster {
            following,
            exploring: students.len() - following,
        };
        self.roster.send_if_modified(|r| std::mem::replace(r, roster) != roster);
    }
}

impl Stage for LocalStage {
    fn present(&self, at: Option<Position>) {
        self.position.send_if_modified(|p| {
            let changed = *p != at;
            *p = at;
            changed
        });
    }

    fn presenter(&self) -> watch::Receiver<Option<Position>> {
        self.position.subscribe()
    }

    fn take_lead(&self) -> bool {
        self.lead
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    fn leave_lead(&self) {
        self.present(None);
        self.lead.store(false, Ordering::SeqCst);
    }

    fn join(&self) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.student(id, Some(true));
        id
    }

    fn student(&self, id: u64, following: Option<bool>) {
        let mut students = self.students.lock().unwrap_or_else(|e| e.into_inner());
        match following {
            Some(f) => students.insert(id, f),
            None => students.remove(&id),
        };
        self.count(&students);
    }

    fn roster(&self) -> watch::Receiver<Roster> {
        self.roster.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Cursor;

    fn at(t: usize) -> Position {
        Position {
            lesson: "lesson1".into(),
            cursor: Cursor { t, ..Cursor::default() },
        }
    }

    #[test]
    fn a_late_joiner_sees_where_the_presenter_is() {
        let stage = LocalStage::default();
        stage.present(Some(at(3)));
        stage.present(Some(at(5)));
        let late = stage.presenter();
        assert_eq!(late.borrow().as_ref(), Some(&at(5)));
    }

    #[test]
    fn one_presenter_at_a_time() {
        let stage = LocalStage::default();
        assert!(stage.take_lead());
        assert!(!stage.take_lead());
        stage.present(Some(at(1)));
        stage.leave_lead();
        assert_eq!(*stage.presenter().borrow(), None);
        assert!(stage.take_lead());
    }

    #[test]
    fn the_roster_counts_followers_and_explorers() {
        let stage = LocalStage::default();
        let roster = stage.roster();
        let a = stage.join();
        let b = stage.join();
        stage.student(b, Some(false));
        assert_eq!(
            *roster.borrow(),
            Roster {
                following: 1,
                exploring: 1
            }
        );
        stage.student(a, None);
        assert_eq!(
            *roster.borrow(),
            Roster {
                following: 0,
                exploring: 1
            }
        );
    }
}

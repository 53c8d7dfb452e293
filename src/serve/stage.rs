//! A class with a presenter: where the presenter is, and how many students follow. Everything a
//! seat shares with the others goes through [`Stage`], the one interface a pub/sub system would
//! carry to join several servers into one class; [`LocalStage`] keeps it in this process.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::sync::watch;

use crate::app::Position;

/// One student as the roster shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Student {
    /// The SSH user name, as the client sent it (shown escaped).
    pub name: String,
    pub following: bool,
    /// Where they are: the lesson's source, the timestep and how many there are.
    pub lesson: String,
    pub t: usize,
    pub steps: usize,
    /// Their answers to the lesson's questions, in the lesson's order: right, wrong, or none yet.
    pub answers: Vec<Option<bool>>,
}

/// Who is in the class, in the order they joined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub students: Vec<Student>,
}

impl Roster {
    pub fn connected(&self) -> usize {
        self.students.len()
    }

    pub fn following(&self) -> usize {
        self.students.iter().filter(|s| s.following).count()
    }

    pub fn exploring(&self) -> usize {
        self.connected() - self.following()
    }
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
    /// A new student; their id.
    fn join(&self, student: Student) -> u64;
    /// A student moved, or follows or explores.
    fn update(&self, id: u64, student: Student);
    /// A student left.
    fn leave(&self, id: u64);
    /// The roster, with its changes.
    fn roster(&self) -> watch::Receiver<Roster>;
}

/// A [`Stage`] in this process.
#[derive(Debug)]
pub struct LocalStage {
    position: watch::Sender<Option<Position>>,
    roster: watch::Sender<Roster>,
    students: Mutex<BTreeMap<u64, Student>>,
    next: AtomicU64,
    lead: AtomicBool,
}

impl Default for LocalStage {
    fn default() -> Self {
        LocalStage {
            position: watch::channel(None).0,
            roster: watch::channel(Roster::default()).0,
            students: Mutex::new(BTreeMap::new()),
            next: AtomicU64::new(0),
            lead: AtomicBool::new(false),
        }
    }
}

impl LocalStage {
    fn change(&self, change: impl FnOnce(&mut BTreeMap<u64, Student>)) {
        let mut students = self.students.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut students);
        let roster = Roster {
            students: students.values().cloned().collect(),
        };
        drop(students);
        self.roster.send_if_modified(|r| {
            let changed = *r != roster;
            *r = roster;
            changed
        });
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

    fn join(&self, student: Student) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.change(|s| {
            s.insert(id, student);
        });
        id
    }

    fn update(&self, id: u64, student: Student) {
        self.change(|s| {
            if let Some(old) = s.get_mut(&id) {
                *old = student;
            }
        });
    }

    fn leave(&self, id: u64) {
        self.change(|s| {
            s.remove(&id);
        });
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
            sorted: None,
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

    fn student(name: &str, following: bool, t: usize) -> Student {
        Student {
            name: name.into(),
            following,
            lesson: "lesson1".into(),
            t,
            steps: 10,
            answers: Vec::new(),
        }
    }

    #[test]
    fn the_roster_lists_students_in_the_order_they_joined_and_counts_them() {
        let stage = LocalStage::default();
        let roster = stage.roster();
        let a = stage.join(student("ana", true, 0));
        let b = stage.join(student("ben", true, 0));
        stage.update(b, student("ben", false, 4));
        let r = roster.borrow().clone();
        assert_eq!(r.students, [student("ana", true, 0), student("ben", false, 4)]);
        assert_eq!((r.connected(), r.following(), r.exploring()), (2, 1, 1));
        stage.leave(a);
        stage.update(a, student("ana", true, 9));
        let r = roster.borrow().clone();
        assert_eq!(r.students, [student("ben", false, 4)], "a student who left stays gone");
        assert_eq!((r.connected(), r.following(), r.exploring()), (1, 0, 1));
    }
}

//! A seat's part in a class with a presenter. A student follows the presenter (lesson, timestep,
//! focused layer and unit, tab, timeline quantity) until `f` lets them explore alone, and `f`
//! again snaps them back to where the presenter is now; one who joins late starts there. The
//! presenter's every move is published; their header counts who is there, and `r` shows the
//! roster: each student by user name, following or exploring, their lesson, timestep and answers.
//! A lesson's questions are asked in each student's own seat, to a follower when the presenter
//! comes to a question's step (and closed, unanswered, when the presenter moves on); the
//! presenter is not asked, and their header counts the answers at that step.
//! Students' keys never reach the presenter. The class's keys act only on the panes (not while
//! the `:` line or the help is open; `f` also in a question's panel), from the table in `keys`.

use std::sync::Arc;

use tokio::sync::watch;

use super::stage::{Roster, Stage, Student};
use crate::app::{Mode, Position};
use crate::keys::{Action, CLASS_BINDINGS, Key, ROSTER_BINDINGS, action_in, binding_in, hint_line};
use crate::tui::debugger::{Debugger, Event};
use crate::ui::glyphs::Glyphs;
use crate::ui::header::timestep;
use crate::ui::page::Page;
use crate::ui::text::fit;

/// The presenter's badge: who is there.
pub fn presenting(r: &Roster) -> String {
    format!(
        "presenting · {} connected · {} following · {} exploring",
        r.connected(),
        r.following(),
        r.exploring()
    )
}

/// The questions at the presenter's step: their lesson, their indices, and how many questions
/// the lesson has.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    lesson: String,
    here: Vec<usize>,
    n: usize,
}

impl Asked {
    /// The questions at the debugger's step; `None` at a step without one, or at the picker.
    fn at(debugger: &Debugger) -> Option<Asked> {
        let app = &debugger.app;
        let questions = &app.session.lesson.questions;
        let here: Vec<usize> = (0..questions.len())
            .filter(|&k| questions[k].at.start(app.steps) == app.cursor.t)
            .collect();
        (!debugger.picking() && !here.is_empty()).then(|| Asked {
            lesson: app.session.source.clone(),
            here,
            n: questions.len(),
        })
    }

    /// The presenter's badge: how many of the students in the lesson have answered the question
    /// and how many of them right, then who is there. Of several questions at one step it
    /// counts the first that a student in the lesson has still to answer (they are asked in
    /// order), else the last. The header drops the badge's last parts where it is narrow.
    fn badge(&self, r: &Roster) -> String {
        let here: Vec<_> = r.students.iter().filter(|s| s.lesson == self.lesson).collect();
        let answer = |s: &Student, k: usize| s.answers.get(k).copied().flatten();
        let open = |k: usize| here.iter().any(|s| answer(s, k).is_none());
        let Some(k) = self
            .here
            .iter()
            .copied()
            .find(|&k| open(k))
            .or(self.here.last().copied())
        else {
            return presenting(r);
        };
        let given: Vec<bool> = here.iter().filter_map(|s| answer(s, k)).collect();
        format!(
            "question {}/{}: {} of {} answered, {} right · {} connected · {} following · {} exploring",
            k + 1,
            self.n,
            given.len(),
            here.len(),
            given.iter().filter(|right| **right).count(),
            r.connected(),
            r.following(),
            r.exploring()
        )
    }
}

/// A student's answers as marks, one per question in order (`-` when the lesson has none).
fn marks(answers: &[Option<bool>], glyphs: &Glyphs) -> String {
    if answers.is_empty() {
        return "-".into();
    }
    answers
        .iter()
        .map(|a| match a {
            Some(true) => glyphs.right,
            Some(false) => glyphs.wrong,
            None => glyphs.unanswered,
        })
        .collect()
}

/// The widest user name the roster shows in full.
const NAME: usize = 16;

/// The roster as a page, scrolled down `scroll` rows.
pub fn roster_page(r: &Roster, scroll: usize, glyphs: &Glyphs) -> Page {
    let head = format!(
        "{:<NAME$}  {:<9}  {:<10}  {:<12}  answers",
        "student", "", "lesson", "timestep"
    );
    let rows = r
        .students
        .iter()
        .map(|s| {
            let how = if s.following { "following" } else { "exploring" };
            let at = timestep(s.t, s.steps, glyphs);
            format!(
                "{:<NAME$}  {how:<9}  {:<10}  {at:<12}  {}",
                fit(&s.name, NAME, "…"),
                fit(&s.lesson, 10, "…"),
                marks(&s.answers, glyphs)
            )
        })
        .collect();
    Page {
        title: "Roster".into(),
        head: vec![head],
        rows,
        selected: None,
        scroll,
        hint: hint_line(ROSTER_BINDINGS, glyphs.dot),
    }
}

/// The presenter's side of the class: where they are, published when it changes; the badge that
/// counts the class (and at a question's step its answers), and the roster page, open (and
/// scrolled) or not. A presenter's seat and `serve --present` share it.
pub struct Lead {
    stage: Arc<dyn Stage>,
    roster: watch::Receiver<Roster>,
    /// The roster page is open, scrolled down this many rows.
    page: Option<usize>,
    /// The roster the guide was last made from.
    shown: Roster,
    glyphs: &'static Glyphs,
    /// Where the presenter was last published.
    last: Option<Position>,
    /// The app is on its panes, where the roster's key acts.
    free: bool,
    /// The questions at the presenter's step, and those the guide was last made with.
    asked: Option<Asked>,
    shown_asked: Option<Asked>,
}

impl Lead {
    /// The lead of `stage`, which the caller has taken ([`Stage::take_lead`]).
    pub fn new(stage: Arc<dyn Stage>, glyphs: &'static Glyphs) -> Lead {
        Lead {
            roster: stage.roster(),
            stage,
            page: None,
            shown: Roster::default(),
            glyphs,
            last: None,
            free: true,
            asked: None,
            shown_asked: None,
        }
    }

    /// The badge, and the roster page when it is open.
    pub fn guide(&mut self) -> Event {
        self.shown = self.roster.borrow().clone();
        self.shown_asked = self.asked.clone();
        let badge = match &self.asked {
            Some(q) => q.badge(&self.shown),
            None => presenting(&self.shown),
        };
        Event::Guide {
            badge: Some(badge),
            to: None,
            page: self
                .page
                .map(|scroll| Box::new(roster_page(&self.shown, scroll, self.glyphs))),
        }
    }

    /// A key of the presenter's: true when it was the roster's (opening it takes the panes).
    pub fn key(&mut self, key: Key) -> bool {
        let free = self.free;
        let rows = self.shown.connected();
        match (&mut self.page, action_in(ROSTER_BINDINGS, key)) {
            (Some(_), Some(Action::ClosePage)) => self.page = None,
            (Some(scroll), Some(Action::ScrollDown)) => *scroll = (*scroll + 1).min(rows.saturating_sub(1)),
            (Some(scroll), Some(Action::ScrollUp)) => *scroll = scroll.saturating_sub(1),
            (Some(_), _) => {}
            (None, _) if free && action_in(CLASS_BINDINGS, key) == Some(Action::Roster) => self.page = Some(0),
            (None, _) => return false,
        }
        true
    }

    /// Whether the roster's last change shows: with the page open, when the counts changed, at
    /// a question's step (its answers), or when the presenter came to a question or left it.
    pub fn wants(&self) -> bool {
        let r = self.roster.borrow();
        self.page.is_some()
            || (r.connected(), r.following()) != (self.shown.connected(), self.shown.following())
            || (self.asked.is_some() && *r != self.shown)
            || self.asked != self.shown_asked
    }

    /// After each event: publish where the presenter is, when it changed. True when the badge
    /// changed with it (the presenter came to a question's step, or left one).
    pub fn handled(&mut self, debugger: &Debugger) -> bool {
        self.free = debugger.app.mode == Mode::Normal;
        // Before the move is published: a guide made once it is out counts the new question.
        self.asked = Asked::at(debugger);
        let now = debugger.app.position();
        if self.last.as_ref() != Some(&now) {
            self.stage.present(Some(now.clone()));
            self.last = Some(now);
        }
        self.asked != self.shown_asked
    }

    /// Give the presenter's place back.
    pub fn leave(&self) {
        self.stage.leave_lead();
    }

    /// Resolves when the roster changes (never, once the stage is gone).
    pub async fn changed(&mut self) {
        if self.roster.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// What a seat is in its class.
pub enum Part {
    /// There is no presenter in this class.
    Solo,
    Student {
        stage: Arc<dyn Stage>,
        id: u64,
        following: bool,
        presenter: watch::Receiver<Option<Position>>,
        /// What the roster was last told.
        told: Student,
        /// The app is on its panes, where the class's keys act.
        free: bool,
        /// A question's panel is open: `f` acts there too (it is no answer).
        asked: bool,
    },
    Presenter(Lead),
}

impl Part {
    /// A student called `name`, following (or exploring, when `following` is false).
    pub fn student(stage: Arc<dyn Stage>, name: &str, following: bool) -> Part {
        let told = Student {
            name: name.to_string(),
            following,
            ..Student::default()
        };
        let id = stage.join(told.clone());
        let presenter = stage.presenter();
        Part::Student {
            stage,
            id,
            following,
            presenter,
            told,
            free: true,
            asked: false,
        }
    }

    /// The presenter's part, or `None` when another presenter holds it.
    pub fn presenter(stage: Arc<dyn Stage>, glyphs: &'static Glyphs) -> Option<Part> {
        if !stage.take_lead() {
            return None;
        }
        Some(Part::Presenter(Lead::new(stage, glyphs)))
    }

    /// Whether this student follows the presenter (false for anyone else).
    pub fn following(&self) -> bool {
        matches!(self, Part::Student { following: true, .. })
    }

    /// The badge, for a student who follows where the presenter is, and the presenter's roster
    /// page when it is open.
    pub fn guide(&mut self) -> Option<Event> {
        match self {
            Part::Solo => None,
            Part::Student {
                following: true,
                presenter,
                ..
            } => {
                let at = presenter.borrow().clone();
                let badge = if at.is_some() {
                    "following"
                } else {
                    "following · no presenter yet"
                };
                Some(Event::Guide {
                    badge: Some(badge.into()),
                    to: at,
                    page: None,
                })
            }
            Part::Student { following: false, .. } => {
                let f = binding_in(CLASS_BINDINGS, Action::Follow);
                Some(Event::Guide {
                    badge: Some(format!("exploring · {} {}", f.key, f.hint())),
                    to: None,
                    page: None,
                })
            }
            Part::Presenter(lead) => Some(lead.guide()),
        }
    }

    /// An event from this seat's client, before the debugger sees it: the class's keys are taken
    /// here (`None`: not passed on, the guide changed); every other event is passed on.
    pub fn key(&mut self, event: Event) -> Option<Event> {
        let Event::Key(key) = event else {
            return Some(event);
        };
        match self {
            Part::Student {
                stage,
                id,
                following,
                told,
                free,
                asked,
                ..
            } if *free || *asked => match action_in(CLASS_BINDINGS, key) {
                Some(Action::Follow) => {
                    *following = !*following;
                    told.following = *following;
                    stage.update(*id, told.clone());
                    None
                }
                // Picking a lesson of one's own is exploring.
                Some(Action::Lessons) if *following && *free => {
                    *following = false;
                    Some(event)
                }
                _ => Some(event),
            },
            Part::Presenter(lead) => (!lead.key(key)).then_some(event),
            _ => Some(event),
        }
    }

    /// Resolves when something on the stage changed for this seat (never for a solo seat).
    pub async fn changed(&mut self) {
        let gone = match self {
            Part::Solo => return std::future::pending().await,
            Part::Student { presenter, .. } => presenter.changed().await.is_err(),
            Part::Presenter(lead) => {
                lead.changed().await;
                false
            }
        };
        if gone {
            std::future::pending::<()>().await;
        }
    }

    /// Whether a change on the stage concerns this seat now: an exploring student ignores the
    /// presenter's moves; the presenter's screen changes when the counts do, or with the roster
    /// open.
    pub fn wants(&self) -> bool {
        match self {
            Part::Solo | Part::Student { following: false, .. } => false,
            Part::Student { .. } => true,
            Part::Presenter(lead) => lead.wants(),
        }
    }

    /// After each event: the presenter publishes where they are, a student tells the roster,
    /// when it changed. True when the seat's guide changed with it (the presenter's badge at a
    /// question's step).
    pub fn handled(&mut self, debugger: &Debugger) -> bool {
        let app = &debugger.app;
        match self {
            Part::Solo => false,
            Part::Student {
                stage,
                id,
                following,
                told,
                free,
                asked,
                ..
            } => {
                *free = app.mode == Mode::Normal;
                *asked = matches!(app.mode, Mode::Question { .. });
                let now = Student {
                    name: told.name.clone(),
                    following: *following,
                    lesson: if debugger.picking() {
                        "choosing".into()
                    } else {
                        app.session.source.clone()
                    },
                    t: app.cursor.t,
                    steps: app.steps,
                    answers: if debugger.picking() {
                        Vec::new()
                    } else {
                        (0..app.session.lesson.questions.len())
                            .map(|k| app.answered_right(k))
                            .collect()
                    },
                };
                if now != *told {
                    stage.update(*id, now.clone());
                    *told = now;
                }
                false
            }
            Part::Presenter(lead) => lead.handled(debugger),
        }
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        match self {
            Part::Solo => {}
            Part::Student { stage, id, .. } => stage.leave(*id),
            Part::Presenter(lead) => lead.leave(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::glyphs::{ASCII, UNICODE};

    #[test]
    fn the_roster_shows_each_students_answers_in_the_lessons_order() {
        let student = |name: &str, answers: Vec<Option<bool>>| Student {
            name: name.into(),
            following: true,
            lesson: "lesson3".into(),
            t: 2,
            steps: 8,
            answers,
        };
        let r = Roster {
            students: vec![
                student("ana", vec![Some(true), Some(false), None]),
                student("ben", Vec::new()),
            ],
        };
        let rows = roster_page(&r, 0, &UNICODE).rows;
        assert_eq!(rows[0], "ana               following  lesson3     t=2 of 0‥7    ✓✗·");
        assert_eq!(rows[1], "ben               following  lesson3     t=2 of 0‥7    -");
        let rows = roster_page(&r, 0, &ASCII).rows;
        assert_eq!(rows[0], "ana               following  lesson3     t=2 of 0..7   +x.");
    }

    #[test]
    fn at_a_step_of_several_questions_the_badge_counts_the_first_someone_has_still_to_answer() {
        let student = |name: &str, lesson: &str, answers: Vec<Option<bool>>| Student {
            name: name.into(),
            following: true,
            lesson: lesson.into(),
            t: 9,
            steps: 10,
            answers,
        };
        let at_last = Asked {
            lesson: "lesson1".into(),
            here: vec![1, 2],
            n: 3,
        };
        let mut r = Roster {
            students: vec![
                student("ana", "lesson1", vec![Some(true), Some(true), None]),
                student("ben", "lesson1", vec![Some(true), Some(false), Some(true)]),
                // In another lesson: not counted among those asked.
                student("cy", "lesson2", vec![None, Some(true), None]),
            ],
        };
        assert_eq!(
            at_last.badge(&r),
            "question 3/3: 1 of 2 answered, 1 right · 3 connected · 3 following · 0 exploring"
        );
        r.students[0].answers[2] = Some(false);
        assert!(
            at_last
                .badge(&r)
                .starts_with("question 3/3: 2 of 2 answered, 1 right · ")
        );
        r.students[1].answers[1] = None;
        assert!(
            at_last
                .badge(&r)
                .starts_with("question 2/3: 1 of 2 answered, 1 right · ")
        );
    }
}

//! The lesson's questions in the debugger: a question opens when the student steps forward onto
//! its step (by Right, by playing, or by `>`; a jump such as End or `:goto` does not ask, but
//! Right at the last step asks what a jump there passed over, and so does going on where an
//! earlier run was left), playing stops, and the keys answer it (a number
//! key picks a choice, a typed number and Enter answer a number question) or skip it; after an
//! answer, Enter goes on. The answers are kept by question id for whoever keeps progress or shows
//! a class's roster; answers from an earlier run can be given back, and those questions are not
//! asked again.

use super::{App, Mode};
use crate::lesson::Question;
use crate::lesson::question::{Form, Given, read_number};

/// The longest number a student can type.
const MAX_TYPED: usize = 24;

/// What a student answered, and whether it was right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    pub given: Given,
    pub right: bool,
}

/// The answers given so far, one place per question of the lesson; whether each was answered
/// rightly in an earlier run, for those given back; the questions skipped at the current step
/// (asked again once the student comes back to it); and whether the step's question waits for
/// the student to be back on the panes (a presenter brought them here while the help or the `:`
/// line was open).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quiz {
    answers: Vec<Option<Answer>>,
    earlier: Vec<Option<bool>>,
    skipped: Vec<bool>,
    waiting: bool,
}

impl Quiz {
    pub fn new(questions: usize) -> Quiz {
        Quiz {
            answers: vec![None; questions],
            earlier: vec![None; questions],
            skipped: vec![false; questions],
            waiting: false,
        }
    }

    /// Whether question `k` is answered, in this run or an earlier one.
    fn answered(&self, k: usize) -> bool {
        self.answers[k].is_some() || self.earlier[k].is_some()
    }
}

impl App {
    /// The open question (index into the lesson's questions), what has been typed and its
    /// answer once given.
    pub fn question(&self) -> Option<(usize, &Question, &str, Option<Answer>)> {
        match &self.mode {
            Mode::Question { question, typed } => {
                let q = self.session.lesson.questions.get(*question)?;
                Some((*question, q, typed.as_str(), self.answer(*question)))
            }
            _ => None,
        }
    }

    /// The answer given in this run to a question (index into the lesson's questions), if any.
    pub fn answer(&self, question: usize) -> Option<Answer> {
        self.quiz.answers.get(question).copied().flatten()
    }

    /// Whether question `k` (index into the lesson's questions) was answered right, in this run
    /// or an earlier one given back (this run's answer first); `None` while it is not answered.
    pub fn answered_right(&self, k: usize) -> Option<bool> {
        self.answer(k)
            .map(|a| a.right)
            .or(self.quiz.earlier.get(k).copied().flatten())
    }

    /// Every question answered so far, in this run or given back from an earlier one (this
    /// run's answer first): its id and whether the answer was right.
    pub fn answers(&self) -> Vec<(&str, bool)> {
        let questions = &self.session.lesson.questions;
        questions
            .iter()
            .enumerate()
            .filter_map(|(k, q)| self.answered_right(k).map(|right| (q.id.as_str(), right)))
            .collect()
    }

    /// Whether every question of the lesson has an answer.
    pub fn all_answered(&self) -> bool {
        (0..self.quiz.answers.len()).all(|k| self.quiz.answered(k))
    }

    /// Give back the answers of an earlier run (question id, whether it was right): those
    /// questions count as answered and are not asked again. An id the lesson has no question
    /// for is passed over.
    pub fn give_back_answers<'a>(&mut self, earlier: impl IntoIterator<Item = (&'a str, bool)>) {
        let questions = &self.session.lesson.questions;
        for (id, right) in earlier {
            if let Some(k) = questions.iter().position(|q| q.id == id) {
                self.quiz.earlier[k] = Some(right);
            }
        }
    }

    /// After a move from step `from`: a new step forgets what was skipped, and with `ask` (a
    /// step forward, playing on, or `>`) the first question of the step not yet answered or
    /// skipped opens.
    pub(super) fn arrive(&mut self, from: usize, ask: bool) {
        if self.cursor.t != from {
            self.quiz.skipped.fill(false);
            self.quiz.waiting = false;
        }
        if self.mode == Mode::Normal && ask && self.asks {
            self.ask_next(true);
        }
    }

    /// Go on at step `t`, where an earlier run was left: the step's questions not yet answered
    /// are asked, as on stepping onto it (a plain jump asks nothing).
    pub fn resume_at(&mut self, t: usize) {
        self.goto(t);
        let t = self.cursor.t;
        self.arrive(t, true);
    }

    /// After following another app (a class's presenter) from step `from` (`None`: from another
    /// lesson) to where it is: at a new step a question left open closes, unanswered (it is
    /// asked again on coming back), and the new step's first question not yet answered opens,
    /// whichever way the presenter went. Following never waits for an answer, and the focus
    /// stays the presenter's: where the follower is does not depend on which of the
    /// presenter's moves reached them.
    pub fn followed(&mut self, from: Option<usize>) {
        if from == Some(self.cursor.t) {
            return;
        }
        self.quiz.skipped.fill(false);
        if matches!(self.mode, Mode::Question { .. }) {
            self.mode = Mode::Normal;
        }
        self.quiz.waiting = true;
        self.ask_waiting();
    }

    /// The question a presenter brought the student to, asked once they are on the panes.
    pub fn ask_waiting(&mut self) {
        if self.quiz.waiting && self.mode == Mode::Normal {
            self.quiz.waiting = false;
            if self.asks {
                self.ask_next(false);
            }
        }
    }

    /// Open the next question at the cursor's step, if there is one to ask, focusing its layer
    /// when `focus`; playing stops.
    fn ask_next(&mut self, focus: bool) {
        let t = self.cursor.t;
        let questions = &self.session.lesson.questions;
        let Some(k) = (0..questions.len())
            .find(|&k| questions[k].at.start(self.steps) == t && !self.quiz.answered(k) && !self.quiz.skipped[k])
        else {
            return;
        };
        self.playing = false;
        // The question's layer is focused, unless `>` brought the student here to a note of
        // another layer: that note is read once the question is answered.
        let name = questions[k]
            .layer
            .clone()
            .filter(|_| focus && self.cursor.note.is_none());
        let focused = self.focused_layer().map(|m| &self.session.model.layers[m].name);
        if let Some(name) = name
            && focused != Some(&name)
            && let Some(m) = self.session.model.layers.iter().position(|l| l.name == name)
        {
            self.focus_model_layer(m);
        }
        self.mode = Mode::Question {
            question: k,
            typed: String::new(),
        };
    }

    /// A character typed in the question's panel.
    pub(super) fn type_answer(&mut self, c: char) {
        let Some((k, q, _, answer)) = self.question() else {
            return;
        };
        if answer.is_some() {
            self.say("Enter goes on");
            return;
        }
        match &q.form {
            Form::Choices(choices) => {
                let n = choices.len();
                match c.to_digit(10).map(|d| d as usize) {
                    Some(d) if (1..=n).contains(&d) => self.give(k, Given::Choice(d - 1)),
                    _ => self.error(format!("press 1 to {n} to answer; Esc skips")),
                }
            }
            Form::Number { .. } => {
                if !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-')) {
                    self.error("type a number (digits, . and -), then Enter; Esc skips");
                } else if let Mode::Question { typed, .. } = &mut self.mode
                    && typed.chars().count() < MAX_TYPED
                {
                    typed.push(c);
                }
            }
        }
    }

    /// Enter: answer the typed number, or go on after an answer.
    pub(super) fn submit(&mut self) {
        let Some((k, q, typed, answer)) = self.question() else {
            return;
        };
        if answer.is_some() {
            self.go_on();
            return;
        }
        match (&q.form, read_number(typed)) {
            (Form::Number { .. }, Some(x)) => self.give(k, Given::Number(x)),
            (Form::Number { .. }, None) if typed.is_empty() => self.error("type a number first, then Enter; Esc skips"),
            (Form::Number { .. }, None) => {
                let text = format!("\"{typed}\" is not a number: 12416, 12,416 and 0.5 are");
                self.error(text);
            }
            (Form::Choices(choices), _) => {
                let text = format!("press 1 to {} to answer; Esc skips", choices.len());
                self.error(text);
            }
        }
    }

    /// Esc: skip the question (it is asked again on coming back to its step), or go on after
    /// an answer.
    pub(super) fn skip_question(&mut self) {
        let Some((k, _, _, answer)) = self.question() else {
            return;
        };
        if answer.is_none() {
            self.quiz.skipped[k] = true;
            let t = self.cursor.t;
            self.say(format!("question skipped: it is asked again when you step onto t={t}"));
        }
        self.go_on();
    }

    fn give(&mut self, k: usize, given: Given) {
        let right = self.session.lesson.questions[k].is_right(given);
        self.quiz.answers[k] = Some(Answer { given, right });
    }

    /// Close the panel, and open the step's next question if it has one.
    fn go_on(&mut self) {
        self.mode = Mode::Normal;
        self.ask_next(true);
    }
}

//! The course on the command line: `list` with the student's progress, `run` without a lesson
//! (going on where they left off), `reset`, and a built-in lesson's progress kept after `run`:
//! the step it was left at, and the answers to its questions, which the next run gives back so
//! that they are not asked again.
//! The store is [`crate::progress`]; nothing here stops the debugger over its state directory:
//! every problem with it is a warning.

use std::io::Write;

use super::{load, print_out, report, say, stdout_error};
use crate::app::App;
use crate::cli::InputArgs;
use crate::error::{Error, Kind, Result};
use crate::lesson::Lesson;
use crate::lesson::builtin::LESSONS;
use crate::progress::{Loaded, Progress, Store, state_dir};
use crate::session;
use crate::tui::debugger::Debugger;
use crate::tui::terminal;
use crate::ui::DisplayOptions;
use crate::warning::{Warning, WarningKind};

/// The store in this process's state directory, or `None` (with a warning) when the
/// environment names none.
fn open_store() -> Option<Store> {
    let dir = state_dir(|name| std::env::var_os(name));
    if dir.is_none() {
        let none = Warning::new(
            None,
            WarningKind::ProgressNotRead {
                detail: "neither XDG_STATE_HOME nor HOME is set, so there is no state directory".into(),
            },
        );
        report(&[none], &[]);
    }
    dir.map(Store::new)
}

/// The store's progress, its warnings printed; none (and not to be written) without a store.
fn read(store: Option<&Store>) -> Loaded {
    let loaded = store.map_or_else(
        || Loaded {
            progress: Progress::new(),
            writable: false,
            warnings: Vec::new(),
        },
        Store::load,
    );
    report(&loaded.warnings, &[]);
    loaded
}

/// The question ids of a lesson, which must all be answered for it to be done.
fn questions(lesson: &Lesson) -> Vec<String> {
    lesson.questions.iter().map(|q| q.id.clone()).collect()
}

/// A built-in lesson of the course, as read.
struct Entry {
    id: &'static str,
    questions: Vec<String>,
    title: String,
}

/// The built-in lessons in order.
fn course() -> Result<Vec<Entry>> {
    LESSONS
        .iter()
        .map(|(id, _)| {
            let lesson = session::read_lesson(id)?;
            Ok(Entry {
                id,
                questions: questions(&lesson),
                title: lesson.title,
            })
        })
        .collect()
}

/// The narrowest the status column is.
const STATUS_WIDTH: usize = 20;

/// `lstm-tui list`: each built-in lesson, its progress and its title.
pub fn list() -> Result<()> {
    let loaded = read(open_store().as_ref());
    let lines: Vec<(Entry, String)> = course()?
        .into_iter()
        .map(|e| {
            let status = loaded.progress.status(e.id, &e.questions).to_string();
            (e, status)
        })
        .collect();
    let width = lines
        .iter()
        .map(|(_, status)| status.chars().count())
        .fold(STATUS_WIDTH, usize::max);
    let mut out = std::io::stdout().lock();
    for (e, status) in lines {
        let lead = format!("{}  {status:<width$}  ", e.id);
        for line in listed(&lead, &e.title) {
            writeln!(out, "{line}").map_err(stdout_error)?;
        }
    }
    Ok(())
}

/// How wide `list` writes, as a terminal is at least.
const LIST_WIDTH: usize = 80;

/// A lesson's lines in `list`: `lead` (its id and status), then its title wrapped at word
/// boundaries into the columns left of [`LIST_WIDTH`], each further line indented under the
/// first. With fewer than 20 columns left the title starts on a line of its own, indented by 4.
fn listed(lead: &str, title: &str) -> Vec<String> {
    let lead_width = lead.chars().count();
    let beside = LIST_WIDTH.saturating_sub(lead_width) >= STATUS_WIDTH;
    let indent = if beside { lead_width } else { 4 };
    let pad = " ".repeat(indent);
    let mut lines = vec![lead.trim_end().to_string()];
    for (k, line) in crate::ui::text::wrap(title, LIST_WIDTH - indent)
        .into_iter()
        .enumerate()
    {
        match k == 0 && beside {
            true => lines[0] = format!("{lead}{line}"),
            false => lines.push(format!("{pad}{line}")),
        }
    }
    lines
}

/// `lstm-tui reset [LESSON]`.
pub fn reset(lesson: Option<&str>) -> Result<()> {
    if let Some(id) = lesson
        && crate::lesson::builtin::get(id).is_none()
    {
        return Err(Error::new(Kind::NotABuiltinLesson {
            given: id.to_string(),
            lessons: LESSONS.iter().map(|(id, _)| id.to_string()).collect(),
        }));
    }
    let store = open_store();
    let mut loaded = read(store.as_ref());
    let forgot = loaded.progress.forget(lesson);
    let what = lesson.map_or("any lesson".to_string(), |id| id.to_string());
    if !forgot {
        return print_out(&format!("no progress in {what} to forget\n"));
    }
    save(store.as_ref(), &loaded);
    print_out(&format!("progress in {} forgotten\n", lesson.unwrap_or("every lesson")))
}

/// The lessons' ids in order, each with its question ids, as the progress takes them.
fn ids(course: Vec<Entry>) -> Vec<(&'static str, Vec<String>)> {
    course.into_iter().map(|e| (e.id, e.questions)).collect()
}

/// Write the progress back, if it may be; a refusal is a warning.
fn save(store: Option<&Store>, loaded: &Loaded) {
    if let Some(store) = store.filter(|_| loaded.writable)
        && let Err(w) = store.save(&loaded.progress)
    {
        report(&[w], &[]);
    }
}

/// What a run saw of its lesson: the timestep it was left at, whether it reached the last, and
/// the questions answered (id, whether right).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    /// `None` until the debugger has handled an event (it never ran).
    pub t: Option<usize>,
    pub end_reached: bool,
    pub answers: Vec<(String, bool)>,
}

impl Seen {
    /// Note where the app is now, and what it has answered.
    pub fn see(&mut self, app: &App) {
        let t = app.cursor.t;
        self.t = Some(t);
        self.end_reached |= t + 1 >= app.steps;
        let answers = app.answers();
        if !answers
            .iter()
            .copied()
            .eq(self.answers.iter().map(|(q, right)| (q.as_str(), *right)))
        {
            self.answers = answers.into_iter().map(|(q, right)| (q.to_string(), right)).collect();
        }
    }

    /// Keep what was seen of built-in lesson `id`, whose question ids are `questions`, in
    /// `progress`; false when the run never started.
    pub fn record(&self, progress: &mut Progress, id: &str, questions: &[String]) -> bool {
        let Some(t) = self.t else { return false };
        progress.visit(id, t, self.end_reached);
        let answers = self.answers.iter().map(|(q, right)| (q.as_str(), *right));
        progress.answer(id, answers, questions);
        true
    }
}

/// `lstm-tui run [SOURCE]`: without a source, the lesson the course goes on with, at its
/// timestep; a built-in lesson's progress is kept when the student quits.
pub fn run(source: Option<String>, input: &InputArgs, display: &DisplayOptions) -> Result<()> {
    let store = open_store();
    let mut loaded = read(store.as_ref());
    let (source, t) = match source {
        Some(s) => (s, 0),
        None => match loaded.progress.resume(&ids(course()?)) {
            Some((id, t)) => {
                say(&format!("going on with {id} at t={t}"));
                (id, t)
            }
            None => {
                let first = LESSONS[0].0;
                say(&format!(
                    "every lesson is done; {first} again (lstm-tui reset forgets the progress)"
                ));
                (first.to_string(), 0)
            }
        },
    };
    let session = load(&source, input)?;
    let builtin = crate::lesson::builtin::get(&source).is_some();
    let questions = questions(&session.lesson);
    // A built-in lesson's earlier answers are given back: those questions are not asked again.
    let earlier: Vec<(&str, bool)> = match builtin {
        true => loaded.progress.answers(&source).collect(),
        false => Vec::new(),
    };
    let mut seen = Seen::default();
    let start = |look| {
        let mut debugger = Debugger::new(session, look, (0, 0));
        debugger.app.give_back_answers(earlier);
        if t > 0 {
            debugger.app.resume_at(t);
        }
        debugger
    };
    let hooks = terminal::Hooks {
        filter: &mut |event| event,
        after: &mut |d| seen.see(&d.app),
    };
    let outcome = terminal::run_terminal_with(start, display, |_| {}, hooks);
    // Kept also when a signal ended the run, before it ends the process.
    if builtin && seen.record(&mut loaded.progress, &source, &questions) {
        save(store.as_ref(), &loaded);
    }
    if let Some(signal) = outcome? {
        terminal::end_by(signal);
    }
    Ok(())
}

//! The course on the command line: `list` with the student's progress, `run` without a lesson
//! (going on where they left off), `reset`, and a built-in lesson's progress kept after `run`.
//! The store is [`crate::progress`]; nothing here stops the debugger over its state directory:
//! every problem with it is a warning.

use std::io::Write;

use super::{load, report, stdout_error};
use crate::app::App;
use crate::cli::InputArgs;
use crate::error::{Error, Result};
use crate::lesson::builtin::LESSONS;
use crate::printable::printable;
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

/// The question ids of a built-in lesson, which must all be answered for it to be done (none
/// yet: the lessons ask no questions in this build).
fn questions(_id: &str) -> Vec<String> {
    Vec::new()
}

/// The built-in lessons in order, each with its question ids.
fn course() -> Vec<(&'static str, Vec<String>)> {
    LESSONS.iter().map(|(id, _)| (*id, questions(id))).collect()
}

/// `lstm-tui list`: each built-in lesson, its progress and its title.
pub fn list() -> Result<()> {
    let loaded = read(open_store().as_ref());
    let mut out = std::io::stdout().lock();
    for (id, questions) in course() {
        let lesson = session::read_lesson(id)?;
        let status = loaded.progress.status(id, &questions).to_string();
        writeln!(out, "{id}  {status:<20}  {}", printable(&lesson.title)).map_err(stdout_error)?;
    }
    Ok(())
}

/// `lstm-tui reset [LESSON]`.
pub fn reset(lesson: Option<&str>) -> Result<()> {
    if let Some(id) = lesson
        && crate::lesson::builtin::get(id).is_none()
    {
        let ids: Vec<&str> = LESSONS.iter().map(|(id, _)| *id).collect();
        return Err(Error::msg(format!(
            "reset takes a built-in lesson id ({}), got \"{}\"",
            ids.join(", "),
            printable(id)
        )));
    }
    let store = open_store();
    let mut loaded = read(store.as_ref());
    let forgot = loaded.progress.forget(lesson);
    let what = lesson.map_or("any lesson".to_string(), |id| id.to_string());
    if !forgot {
        println!("no progress in {what} to forget");
        return Ok(());
    }
    save(store.as_ref(), &loaded);
    println!("progress in {} forgotten", lesson.unwrap_or("every lesson"));
    Ok(())
}

/// Write the progress back, if it may be; a refusal is a warning.
fn save(store: Option<&Store>, loaded: &Loaded) {
    if let Some(store) = store.filter(|_| loaded.writable)
        && let Err(w) = store.save(&loaded.progress)
    {
        report(&[w], &[]);
    }
}

/// What a run saw of its lesson: the timestep it was left at and whether it reached the last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// `None` until the debugger has handled an event (it never ran).
    pub t: Option<usize>,
    pub end_reached: bool,
}

impl Seen {
    /// Note where the app is now.
    pub fn see(&mut self, app: &App) {
        let t = app.cursor.t;
        self.t = Some(t);
        self.end_reached |= t + 1 >= app.steps;
    }

    /// Keep what was seen of built-in lesson `id` in `progress`; false when the run never started.
    pub fn record(&self, progress: &mut Progress, id: &str) -> bool {
        let Some(t) = self.t else { return false };
        progress.visit(id, t, self.end_reached);
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
        None => match loaded.progress.resume(&course()) {
            Some((id, t)) => {
                eprintln!("lstm-tui: going on with {id} at t={t}");
                (id, t)
            }
            None => {
                let first = LESSONS[0].0;
                eprintln!("lstm-tui: every lesson is done; {first} again (lstm-tui reset forgets the progress)");
                (first.to_string(), 0)
            }
        },
    };
    let session = load(&source, input)?;
    let builtin = crate::lesson::builtin::get(&source).is_some();
    let mut seen = Seen::default();
    let start = |look| {
        let mut debugger = Debugger::new(session, look, (0, 0));
        if t > 0 {
            debugger.app.goto(t);
        }
        debugger
    };
    let hooks = terminal::Hooks {
        filter: &mut |event| event,
        after: &mut |d| seen.see(&d.app),
    };
    let outcome = terminal::run_terminal_with(start, display, |_| {}, hooks);
    // Kept also when a signal ended the run, before it ends the process.
    if builtin && seen.record(&mut loaded.progress, &source) {
        save(store.as_ref(), &loaded);
    }
    if let Some(signal) = outcome? {
        terminal::end_by(signal);
    }
    Ok(())
}

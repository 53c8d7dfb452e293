//! `serve --present`: the presenter in the teacher's own terminal, as `lstm-tui run` draws it,
//! publishing every move to the class and showing in its header who follows.

use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use super::Shared;
use super::part::Lead;
use super::stage::Stage;
use crate::error::{Error, Kind, Result, ServeMistake};
use crate::tui::debugger::{Debugger, Event};
use crate::tui::terminal::{Feed, Hooks};
use crate::ui::{DisplayOptions, Look};

/// Present in this terminal until the teacher quits (q, Ctrl-C) or the process is told to stop.
pub fn present_here(
    shared: &Shared,
    lesson: &str,
    display: &DisplayOptions,
    stage: Arc<dyn Stage>,
    runtime: &tokio::runtime::Handle,
) -> Result<()> {
    if !stage.take_lead() {
        return Err(Error::new(Kind::Serve(ServeMistake::AlreadyPresenting)));
    }
    // The badge and the roster (r), as a presenter's seat has them.
    let glyphs = crate::tui::look_from_env(display).glyphs;
    let lead = Arc::new(Mutex::new(Lead::new(stage.clone(), glyphs)));
    // A new guide when the roster changes, and when the presenter's own move changed the badge
    // (to or from a question's step).
    let mut changes = stage.roster();
    let moved = Arc::new(Notify::new());
    let shared_lead = lead.clone();
    let shared_moved = moved.clone();
    let feed = move |tx: Feed| {
        runtime.spawn(async move {
            let mut first = true;
            loop {
                let guide = {
                    let mut lead = lock_lead(&shared_lead);
                    (std::mem::take(&mut first) || lead.wants()).then(|| lead.guide())
                };
                if guide.is_some_and(|g| !tx.send(g)) {
                    return;
                }
                let gone = tokio::select! {
                    r = changes.changed() => r.is_err(),
                    () = shared_moved.notified() => false,
                };
                if gone {
                    return;
                }
            }
        });
    };
    let mut filter = |event: Event| match event {
        Event::Key(key) => {
            let mut lead = lock_lead(&lead);
            if lead.key(key) { lead.guide() } else { event }
        }
        other => other,
    };
    let mut after = |debugger: &Debugger| {
        if lock_lead(&lead).handled(debugger) {
            moved.notify_one();
        }
    };
    // A signal that stops the presenter stops the server too, which first says goodbye to
    // every student; it is not passed on to end the process at once.
    let Some(mut debugger) = super::seat::debugger(&shared.lessons, Look::default(), (0, 0), false) else {
        return Err(Error::new(Kind::Serve(ServeMistake::NothingToPresent)));
    };
    // The lesson named, with the picker (o) behind it in a course.
    if let Some(k) = debugger.course.as_ref().and_then(|c| c.find(lesson)) {
        debugger.open(k);
    }
    debugger.screen.class = true;
    let make = |look| {
        debugger.screen.look = look;
        debugger
    };
    let hooks = Hooks {
        filter: &mut filter,
        after: &mut after,
    };
    let outcome = crate::tui::terminal::run_terminal_with(make, display, feed, hooks);
    lock_lead(&lead).leave();
    outcome.map(|_| ())
}

fn lock_lead(lead: &Mutex<Lead>) -> std::sync::MutexGuard<'_, Lead> {
    lead.lock().unwrap_or_else(|e| e.into_inner())
}

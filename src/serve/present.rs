//! `serve --present`: the presenter in the teacher's own terminal, as `lstm-tui run` draws it,
//! publishing every move to the class and showing in its header who follows.

use std::sync::Arc;

use super::Shared;
use super::part::presenting;
use super::stage::Stage;
use crate::app::Position;
use crate::error::Result;
use crate::tui::debugger::{Debugger, Event};
use crate::tui::terminal::Feed;
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
        crate::bail!("someone is already presenting this class");
    }
    let mut roster = stage.roster();
    let feed = |tx: Feed| {
        runtime.spawn(async move {
            loop {
                let badge = Some(presenting(&roster.borrow_and_update()));
                if !tx.send(Event::Guide {
                    badge,
                    to: None,
                    page: None,
                }) || roster.changed().await.is_err()
                {
                    return;
                }
            }
        });
    };
    let mut last: Option<Position> = None;
    let mut after = |debugger: &Debugger| {
        let now = debugger.app.position();
        if last.as_ref() != Some(&now) {
            stage.present(Some(now.clone()));
            last = Some(now);
        }
    };
    // A signal that stops the presenter stops the server too, which first says goodbye to
    // every student; it is not passed on to end the process at once.
    let Some(mut debugger) = super::seat::debugger(&shared.lessons, Look::default(), (0, 0)) else {
        crate::bail!("there is no lesson to present");
    };
    // The lesson named, with the picker (o) behind it in a course.
    if let Some(k) = debugger.course.as_ref().and_then(|c| c.find(lesson)) {
        debugger.open(k);
    }
    let make = |look| {
        debugger.screen.look = look;
        debugger
    };
    let outcome = crate::tui::terminal::run_terminal_with(make, display, feed, &mut after);
    stage.leave_lead();
    outcome.map(|_| ())
}

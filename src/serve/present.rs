//! `serve --present`: the presenter in the teacher's own terminal, as `lstm-tui run` draws it,
//! publishing every move to the class and showing in its header who follows.

use std::sync::Arc;

use super::part::presenting;
use super::stage::Stage;
use crate::app::Position;
use crate::error::Result;
use crate::session::Session;
use crate::tui::debugger::{Debugger, Event};
use crate::tui::terminal::Feed;
use crate::ui::DisplayOptions;

/// Present in this terminal until the teacher quits.
pub fn present_here(
    session: Session,
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
                let badge = Some(presenting(*roster.borrow_and_update()));
                if !tx.send(Event::Guide { badge, to: None }) || roster.changed().await.is_err() {
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
    let outcome = crate::tui::terminal::run_terminal_with(session, display, feed, &mut after);
    stage.leave_lead();
    outcome
}

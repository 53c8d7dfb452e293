//! The debugger on a screen: [`debugger::Debugger`] joins an app (the state) to a `ui::Screen`
//! (its presentation) and routes each event to the side it belongs to. [`event_loop::run`] drives
//! one on any ratatui backend from any event source, [`terminal`] is the thin runner for a real
//! terminal, [`frame`] draws without one (`lstm-tui frame`, `lstm-tui bench --render`).

pub mod debugger;
pub mod event_loop;
pub mod frame;
pub mod terminal;

use crate::ui::{DisplayOptions, Look, TermInfo};

/// The look for this process's terminal: the command line's options with TERM, COLORTERM and
/// NO_COLOR from the environment (the same rules `serve` applies to what a client sends).
pub fn look_from_env(display: &DisplayOptions) -> Look {
    let var = |name: &str| std::env::var(name).ok();
    let (term, colorterm, no_color) = (var("TERM"), var("COLORTERM"), var("NO_COLOR"));
    Look::choose(
        display,
        TermInfo {
            term: term.as_deref(),
            colorterm: colorterm.as_deref(),
            no_color: no_color.as_deref(),
        },
    )
}

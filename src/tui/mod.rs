//! The debugger on a screen: [`debugger::Debugger`] joins an app (the state) to a `ui::Screen`
//! (its presentation) and routes each event to the side it belongs to. [`event_loop::run`] drives
//! one on any ratatui backend from any event source, [`terminal`] is the thin runner for a real
//! terminal, [`frame`] draws without one (`lstm-tui frame`, `lstm-tui bench --render`).

pub mod debugger;
pub mod event_loop;
pub mod frame;
pub mod terminal;

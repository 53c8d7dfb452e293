//! The footer: the command line while it is open, the last message (wrapped onto as many as
//! [`MESSAGE_ROWS`] rows) above it or alone, else key hints made from the binding table, as many
//! as fit in the order of [`HINT_PRIORITY`] (a question's own while one is open).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, put, wrap};
use super::view::View;
use crate::app::{App, Message};
use crate::keys::{Action, BINDINGS, HINT_PRIORITY, PROMPT_BINDINGS, binding, binding_in};

/// The most rows a message takes; a longer one ends in an ellipsis.
pub const MESSAGE_ROWS: usize = 3;

fn hint(action: Action, alternatives: usize) -> (String, &'static str) {
    let b = binding(action);
    (b.keys(alternatives, "/"), b.hint())
}

/// What the command line's keys do, at its right: `Enter runs, Esc cancels`.
fn prompt_hint() -> String {
    let [run, cancel] = [Action::RunLine, Action::CancelLine].map(|a| binding_in(PROMPT_BINDINGS, a));
    format!(
        "  {} {}, {} {}",
        run.keys(0, ""),
        run.hint(),
        cancel.keys(0, ""),
        cancel.hint()
    )
}

/// The hints that fit in `width` columns: the most wanted first ([`HINT_PRIORITY`]; `?` and `q`
/// always), drawn in table order with `?` and `q` last; with one alternative key each when
/// they all fit so, else with the main key only.
pub fn hints(width: usize) -> Vec<(String, &'static str)> {
    let all = HINT_PRIORITY.len();
    let with_alternatives = hints_with(width, 1);
    if with_alternatives.len() == all {
        with_alternatives
    } else {
        hints_with(width, 0)
    }
}

fn hints_with(width: usize, alternatives: usize) -> Vec<(String, &'static str)> {
    // A hint takes its key, a space and its word, and two spaces before the next.
    let cost = |a: Action| {
        let (k, d) = hint(a, alternatives);
        k.width() + d.width() + 3
    };
    let always = |a: &Action| matches!(a, Action::Help | Action::Quit);
    let mut room = width.saturating_sub(1);
    let mut chosen = Vec::new();
    for a in HINT_PRIORITY {
        if always(a) || cost(*a) <= room {
            room = room.saturating_sub(cost(*a));
            chosen.push(*a);
        }
    }
    let in_table = BINDINGS.iter().map(|b| b.action).filter(|a| chosen.contains(a));
    let (first, end): (Vec<Action>, Vec<Action>) = in_table.partition(|a| !always(a));
    first.into_iter().chain(end).map(|a| hint(a, alternatives)).collect()
}

/// The message's rows at `width` columns: ` error: ...` wrapped, at most [`MESSAGE_ROWS`].
fn message_rows(m: &Message, width: usize, ellipsis: &str) -> Vec<String> {
    let mark = if m.error { "error: " } else { "" };
    let mut rows = wrap(&format!("{mark}{}", m.text), width.saturating_sub(1));
    if rows.len() > MESSAGE_ROWS {
        let rest = rows.split_off(MESSAGE_ROWS - 1).join(" ");
        rows.push(fit(&rest, width.saturating_sub(1), ellipsis));
    }
    rows.into_iter().map(|r| format!(" {r}")).collect()
}

/// The footer's height at `width` columns: the message's rows and the command line's.
pub fn height(app: &App, width: u16) -> u16 {
    let message = app
        .message
        .as_ref()
        .map_or(0, |m| message_rows(m, usize::from(width), "...").len());
    let prompt = usize::from(app.prompt().is_some());
    (message + prompt).max(1) as u16
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let (theme, g) = super::header::bar(view, area, buf);
    let bottom = area.bottom() - 1;
    if let Some(line) = app.prompt() {
        let x = put(buf, area.x, bottom, ":", theme.bar().patch(theme.key()), area.right());
        let x = put(buf, x, bottom, line, theme.bar(), area.right());
        put(buf, x, bottom, g.bar, theme.bar(), area.right());
        let help = prompt_hint();
        let hx = area.right().saturating_sub(help.width() as u16);
        if hx > x + 2 {
            put(buf, hx, bottom, &help, theme.bar().patch(theme.dim()), area.right());
        }
    }
    if let Some(m) = &app.message {
        let style = theme.bar().patch(if m.error { theme.error() } else { theme.bar() });
        for (k, row) in message_rows(m, usize::from(area.width), g.ellipsis).iter().enumerate() {
            let y = area.y + k as u16;
            if y > bottom || (y == bottom && app.prompt().is_some()) {
                break;
            }
            put(buf, area.x, y, row, style, area.right());
        }
        return;
    }
    if app.prompt().is_some() {
        return;
    }
    // A question's panel has its own keys.
    if let Some((_, q, _, answer)) = app.question() {
        let line = super::question::keys_line(q, answer, g.dot);
        put(buf, area.x + 1, bottom, &line, theme.bar(), area.right());
        return;
    }
    let mut x = area.x + 1;
    for (keys, what) in hints(usize::from(area.width)) {
        x = put(buf, x, bottom, &keys, theme.bar().patch(theme.key()), area.right());
        x = put(buf, x, bottom, &format!(" {what}  "), theme.bar(), area.right());
    }
}

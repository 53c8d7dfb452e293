//! The footer: the command line while it is open, else the last message, else key hints made
//! from the binding table (a question's own while one is open).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, put};
use super::view::View;
use crate::keys::{Action, BINDINGS, PROMPT_BINDINGS, binding, binding_in};

/// The hints that always show, at the end.
const ALWAYS: [Action; 2] = [Action::Help, Action::Quit];

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

/// The hints that fit in `width` columns, in table order, help and quit always last; with one
/// alternative key each when they all fit so, else with the main key only.
pub fn hints(width: usize) -> Vec<(String, &'static str)> {
    let all = BINDINGS.iter().filter(|b| b.hint.is_some()).count();
    let with_alternatives = hints_with(width, 1);
    if with_alternatives.len() == all {
        with_alternatives
    } else {
        hints_with(width, 0)
    }
}

fn hints_with(width: usize, alternatives: usize) -> Vec<(String, &'static str)> {
    let always: Vec<_> = ALWAYS.iter().map(|a| hint(*a, alternatives)).collect();
    let cost = |(k, d): &(String, &str)| k.width() + d.width() + 3;
    let mut room = width.saturating_sub(always.iter().map(cost).sum::<usize>() + 1);
    let mut out = Vec::new();
    for b in BINDINGS
        .iter()
        .filter(|b| b.hint.is_some() && !ALWAYS.contains(&b.action))
    {
        let h = hint(b.action, alternatives);
        if cost(&h) > room {
            continue;
        }
        room -= cost(&h);
        out.push(h);
    }
    out.extend(always);
    out
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    buf.set_style(area, theme.bar());
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
    let message_row = if app.prompt().is_some() {
        bottom.checked_sub(1).filter(|y| *y >= area.y)
    } else {
        Some(bottom)
    };
    if let (Some(m), Some(y)) = (&app.message, message_row) {
        let (mark, style) = if m.error {
            ("error: ", theme.error())
        } else {
            ("", theme.bar())
        };
        let text = fit(&format!(" {mark}{}", m.text), usize::from(area.width), g.ellipsis);
        put(buf, area.x, y, &text, theme.bar().patch(style), area.right());
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

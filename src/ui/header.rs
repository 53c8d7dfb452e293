//! The header bar: lesson title, timestep t of T (with the token or word at t), the focused layer
//! and unit, play/pause and the breakpoints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, put};
use crate::app::{App, SPEEDS};
use crate::model::trace::Input;

/// The token at t, as the header and the shapes view write it: `"movie" (id 17)`.
pub fn token_at(app: &App, t: usize) -> Option<String> {
    let Input::Tokens(ids) = &app.session.trace.input else { return None };
    let id = *ids.get(t)?;
    Some(match app.session.word(id) {
        Some(w) => format!("\"{w}\" (id {id})"),
        None if id == 0 => "padding (id 0)".to_string(),
        None => format!("token id {id}"),
    })
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.look.theme;
    let g = app.look.glyphs;
    buf.set_style(area, theme.bar());
    let t = app.cursor.t;
    let mut right = format!("t={t} of {}", app.steps);
    if let Some(tok) = token_at(app, t) {
        right.push_str(&format!(" {tok}"));
    }
    if let Some(layer) = app.layer_index() {
        let name = &app.session.model.layers[layer].name;
        right.push_str(&format!(
            " {} {name} {}/{} unit {}",
            g.vrule,
            app.cursor.layer + 1,
            app.recurrent.len(),
            app.cursor.unit
        ));
        if app.session.trace.layers[layer].cells.len() > 1 {
            let dir = app.session.trace.layers[layer].cells[app.cursor.cell].direction.name();
            right.push_str(&format!(" {dir}"));
        }
    }
    let play = if app.playing {
        format!(" {} {} {}/s", g.vrule, g.playing, SPEEDS[app.speed])
    } else {
        format!(" {} {} paused", g.vrule, g.paused)
    };
    right.push_str(&play);
    if !app.breakpoints.is_empty() {
        right.push_str(&format!(" {} {} bp", g.vrule, app.breakpoints.len()));
    }
    right.push(' ');
    let width = usize::from(area.width);
    // The title keeps at least a third of the bar; the status gives way first.
    let right = fit(&right, width.saturating_sub(width / 3), g.ellipsis);
    let left_room = width.saturating_sub(right.width() + 1);
    let title = fit(&format!(" {}", app.session.lesson.title), left_room, g.ellipsis);
    put(buf, area.x, area.y, &title, theme.bar().patch(theme.title()), area.right());
    let x = area.right().saturating_sub(right.width() as u16);
    put(buf, x, area.y, &right, theme.bar(), area.right());
}

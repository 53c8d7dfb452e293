//! The header bar: lesson title, timestep t of 0‥T-1 (with the token or word at t), the focused layer
//! and unit, play/pause and the breakpoints, after the screen's badge when it has one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, put};
use super::view::View;
use crate::app::{App, SPEEDS};
use crate::model::cell::Direction;
use crate::model::trace::Input;

/// The token at t, as the header and the shapes view write it: `"movie" (id 17)`.
pub fn token_at(app: &App, t: usize) -> Option<String> {
    let Input::Tokens(ids) = &app.session.trace.input else {
        return None;
    };
    let id = *ids.get(t)?;
    Some(match app.session.word(id) {
        Some(w) => format!("\"{w}\" (id {id})"),
        None if id == 0 => "padding (id 0)".to_string(),
        None => format!("token id {id}"),
    })
}

/// The status on the right of the bar, in full or compact.
fn status(view: &View, compact: bool) -> String {
    let app = view.app;
    let g = view.look.glyphs;
    let t = app.cursor.t;
    let mut out = match view.badge {
        Some(badge) => format!("{badge} {} ", g.vrule),
        None => String::new(),
    };
    // Zero-based, as the timeline and the commands count: the last of 5 steps is t=4 of 0‥4.
    out.push_str(&format!("t={t} of 0{}{}", g.range, app.steps.saturating_sub(1)));
    if let Some(tok) = token_at(app, t) {
        let tok = match (compact, tok.split_once(" (id")) {
            (true, Some((word, _))) if word.starts_with('"') => word.to_string(),
            _ => tok,
        };
        out.push_str(&format!(" {tok}"));
    }
    if let Some(m) = app.cursor.plain {
        let layer = &app.session.model.layers[m];
        out.push_str(&if compact {
            format!(" {} {}", g.vrule, layer.name)
        } else {
            format!(
                " {} {} {}",
                g.vrule,
                layer.name,
                super::plain::class(&app.session.model.spec.layers[m].config)
            )
        });
    } else if let Some(layer) = app.model_layer() {
        let name = &app.session.model.layers[layer].name;
        let (n, total, u) = (app.cursor.layer + 1, app.recurrent.len(), app.cursor.unit);
        out.push_str(&if compact {
            format!(" {} {name} {n}/{total} u{u}", g.vrule)
        } else {
            format!(" {} layer {n}/{total} {name} unit {u}", g.vrule)
        });
        let cells = app.layers().cells(app.cursor.layer);
        if cells.len() > 1 {
            let dir = app.cursor.cell.name();
            out.push(' ');
            out.push_str(if !compact {
                dir
            } else if app.cursor.cell == Direction::Forward {
                "fw"
            } else {
                "bw"
            });
        }
    }
    out.push_str(&if app.playing {
        format!(" {} {} {}/s", g.vrule, g.playing, SPEEDS[app.speed])
    } else {
        format!(" {} {} paused", g.vrule, g.paused)
    });
    if !app.breakpoints.is_empty() {
        out.push_str(&format!(" {} {} bp", g.vrule, app.breakpoints.len()));
    }
    out.push(' ');
    out
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    buf.set_style(area, theme.bar());
    let width = usize::from(area.width);
    let title = format!(" {}", app.session.lesson.title);
    let mut right = status(view, false);
    // The title and the status with a space between; compact when they do not fit in full.
    if title.width() + 1 + right.width() > width {
        right = status(view, true);
    }
    let right = fit(&right, width.saturating_sub(12), g.ellipsis);
    let left_room = width.saturating_sub(right.width() + 1);
    let title = fit(&title, left_room, g.ellipsis);
    put(
        buf,
        area.x,
        area.y,
        &title,
        theme.bar().patch(theme.title()),
        area.right(),
    );
    let x = area.right().saturating_sub(right.width() as u16);
    put(buf, x, area.y, &right, theme.bar(), area.right());
}

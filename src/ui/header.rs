//! The header bar: lesson title, timestep t of 0‥T-1 (with the token or word at t), the focused
//! layer and unit, play/pause and the breakpoints, after the screen's badge when it has one.
//! Each field of the status takes the width of its widest value in this run, so that neither
//! the fields nor the title move as the student steps, changes layer or plays.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::glyphs::Glyphs;
use super::text::{fit, put};
use super::theme::Theme;
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

/// Fill a bar's area with the bar's colours, for the header and the footer; the theme and glyphs
/// to draw on it with.
pub fn bar<'a>(view: &View<'a>, area: Rect, buf: &mut Buffer) -> (&'a Theme, &'a Glyphs) {
    let theme = &view.look.theme;
    buf.set_style(area, theme.bar());
    (theme, view.look.glyphs)
}

/// What separates a badge's parts, the most telling first; drawn with the glyph set's dot.
const BADGE_PARTS: &str = " · ";

/// A badge (`a · b · c`) within `room` columns, its parts apart by the glyph set's dot: its
/// last parts dropped until it fits, down to its first, which is cut with a mark if it must be.
pub fn badge_within(badge: &str, room: usize, g: &Glyphs) -> String {
    let parts: Vec<&str> = badge.split(BADGE_PARTS).collect();
    let apart = format!(" {} ", g.dot);
    let mut keep = parts.len();
    while keep > 1 && parts[..keep].join(&apart).width() > room {
        keep -= 1;
    }
    fit(&parts[..keep].join(&apart), room, g.ellipsis)
}

/// `text` followed by spaces up to `width` columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// The token field at t: the token, or in compact form the word alone.
fn token_field(app: &App, t: usize, compact: bool) -> Option<String> {
    let tok = token_at(app, t)?;
    Some(match (compact, tok.split_once(" (id")) {
        (true, Some((word, _))) if word.starts_with('"') => word.to_string(),
        _ => tok,
    })
}

/// What the layer field says for a focus: a recurrent layer (counted as `app::layers` does) with
/// its unit and cell, or a layer without cells (index into the model's layers).
enum Focus {
    Recurrent(usize, usize, Direction),
    Plain(usize),
}

fn layer_field(app: &App, g: &Glyphs, focus: Focus, compact: bool) -> String {
    let v = g.vrule;
    match focus {
        Focus::Plain(m) => {
            let layer = &app.session.model.layers[m];
            if compact {
                format!("{v} {}", layer.name)
            } else {
                let class = super::plain::class(&app.session.model.spec.layers[m].config);
                format!("{v} {} {class}", layer.name)
            }
        }
        Focus::Recurrent(k, u, cell) => {
            let name = &app.session.model.layers[app.recurrent[k]].name;
            let (n, total) = (k + 1, app.recurrent.len());
            let mut out = if compact {
                format!("{v} {name} {n}/{total} u{u}")
            } else {
                format!("{v} layer {n}/{total} {name} unit {u}")
            };
            if app.layers().cells(k).len() > 1 {
                out.push(' ');
                out.push_str(match (compact, cell) {
                    (false, _) => cell.name(),
                    (true, Direction::Forward) => "fw",
                    (true, Direction::Backward) => "bw",
                });
            }
            out
        }
    }
}

/// The widest the layer field gets over every layer, unit and cell.
fn layer_width(app: &App, g: &Glyphs, compact: bool) -> usize {
    let recurrent = (0..app.recurrent.len()).flat_map(|k| {
        let cells = app.layers().cells(k);
        let units = cells.iter().map(|c| c.units()).max().unwrap_or(1);
        let dirs: &[Direction] = if cells.len() > 1 {
            &[Direction::Forward, Direction::Backward]
        } else {
            &[Direction::Forward]
        };
        dirs.iter()
            .map(move |d| layer_field(app, g, Focus::Recurrent(k, units - 1, *d), compact).width())
    });
    let plain = (0..app.session.model.layers.len())
        .filter(|m| !app.recurrent.contains(m))
        .map(|m| layer_field(app, g, Focus::Plain(m), compact).width());
    recurrent.chain(plain).max().unwrap_or(0)
}

/// Timestep `t` of `steps`, zero-based as the timeline and the commands count: the last of 5
/// steps is `t=4 of 0‥4`. The header and the presenter's roster show it so.
pub fn timestep(t: usize, steps: usize, g: &Glyphs) -> String {
    format!("t={t} of 0{}{}", g.range, steps.saturating_sub(1))
}

/// The status on the right of the bar after `badge`, in full or compact, each field at its
/// widest (with room for the breakpoints' count whether or not there are any) when `fixed`, else
/// as narrow as it can be.
fn status(view: &View, badge: Option<&str>, compact: bool, fixed: bool) -> String {
    let pad = |text: &str, width: usize| if fixed { pad(text, width) } else { text.to_string() };
    let app = view.app;
    let g = view.look.glyphs;
    let v = g.vrule;
    let t = app.cursor.t;
    let mut out = match badge {
        Some(badge) => format!("{} {v} ", badge.replace(BADGE_PARTS, &format!(" {} ", g.dot))),
        None => String::new(),
    };
    let widest = timestep(app.steps.saturating_sub(1), app.steps, g).width();
    out.push_str(&pad(&timestep(t, app.steps, g), widest));
    let steps = app.steps;
    if let Some(tok) = token_field(app, t, compact) {
        let widest = (0..steps)
            .filter_map(|s| token_field(app, s, compact))
            .map(|s| s.width())
            .max()
            .unwrap_or(0);
        out.push(' ');
        out.push_str(&pad(&tok, widest));
    }
    let focus = match app.cursor.plain {
        Some(m) => Some(Focus::Plain(m)),
        None => app
            .model_layer()
            .map(|_| Focus::Recurrent(app.cursor.layer, app.cursor.unit, app.cursor.cell)),
    };
    if let Some(focus) = focus {
        out.push(' ');
        out.push_str(&pad(&layer_field(app, g, focus, compact), layer_width(app, g, compact)));
    }
    let play = |playing: bool, speed: usize| {
        if playing {
            format!(" {v} {} {}/s", g.playing, SPEEDS[speed])
        } else {
            format!(" {v} {} paused", g.paused)
        }
    };
    let play_w = (0..SPEEDS.len())
        .map(|k| play(true, k).width())
        .chain([play(false, 0).width()])
        .max()
        .unwrap_or(0);
    out.push_str(&pad(&play(app.playing, app.speed), play_w));
    // Room for the breakpoints whether or not there are any, so that the first does not move
    // the title.
    let bp = match app.breakpoints.len() {
        0 => String::new(),
        n => format!(" {v} {n} bp"),
    };
    out.push_str(&pad(&bp, format!(" {v} 1 bp").width()));
    out.push(' ');
    out
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let (theme, g) = bar(view, area, buf);
    let width = usize::from(area.width);
    let title = format!(" {}", app.session.lesson.title);
    let mut right = status(view, view.badge, false, true);
    // The title and the status with a space between; compact when they do not fit in full.
    if title.width() + 1 + right.width() > width {
        right = status(view, view.badge, true, true);
    }
    // Where even that leaves the title under 12 columns, the status takes all but 12, cut at
    // its end if it must (the breakpoints' count first), at the same width whatever it says;
    // with a long badge (a class's) the fields give up their fixed widths first, then the
    // badge its last parts until the timestep shows.
    let room = width.saturating_sub(12);
    if let Some(badge) = view.badge.filter(|_| right.width() > room) {
        let t = format!(" {} {} ", g.vrule, timestep(app.cursor.t, app.steps, g)).width();
        let badge = badge_within(badge, room.saturating_sub(t), g);
        right = status(view, Some(&badge), true, false);
    }
    if right.width() > room {
        right = pad(&fit(right.trim_end(), room, g.ellipsis), room);
    }
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

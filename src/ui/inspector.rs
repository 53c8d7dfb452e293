//! The unit inspector: this step's arithmetic for the focused unit, with the real numbers:
//! f = σ(W·x + U·h(t-1) + b) = σ(0.312 − 0.120 + 1.000) = 0.768, likewise i, g, o, then
//! c = f·c(t-1) + i·g and h = o·tanh(c). Gate values and states come from the recorded trace;
//! only the split of a pre-activation into its three parts is recomputed (`Lstm::gate_parts`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use unicode_width::UnicodeWidthStr;

use super::glyphs::Glyphs;
use super::text::put;
use super::view::View;
use crate::app::App;
use crate::model::cell::Quantity;
use crate::model::lstm::{GateParts, Lstm};

/// Rows the inspector needs: a title and six lines.
pub const HEIGHT: u16 = 7;

/// Below this width the symbolic part of each line is left out (the title gives it once).
const FULL: u16 = 68;

/// The long form of a line when it fits (leaving a column free), else the short one.
fn choose(long: String, short: String, width: u16) -> String {
    if long.width() < usize::from(width) { long } else { short }
}

/// A value with `digits` decimals, never "-0.00".
pub(super) fn num(v: f32, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

/// `a − b + c` written with the signs between the terms.
pub(super) fn sum(parts: &GateParts, g: &Glyphs, digits: usize) -> String {
    let term = |v: f32| {
        if v < 0.0 {
            format!(" {} {}", g.minus, num(-v, digits))
        } else {
            format!(" + {}", num(v, digits))
        }
    };
    format!("{}{}{}", num(parts.wx, digits), term(parts.uh), term(parts.b))
}

/// The focused cell's weights.
pub(super) fn weights(app: &App) -> Option<&Lstm> {
    let layer = app.model_layer()?;
    app.session.model.layers[layer].cells().get(app.cursor.cell.index())
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let (Some(cell), Some(lstm)) = (app.cell(), weights(app)) else {
        put(
            buf,
            area.x,
            area.y,
            "no recurrent layer to inspect",
            theme.dim(),
            area.right(),
        );
        return;
    };
    let Some(k) = cell.step_of(app.cursor.t) else { return };
    let u = app.cursor.unit;
    let full = area.width >= FULL;
    // Three decimals where there is room, two (as most write them by hand) where there is not.
    let digits = if area.width >= 44 { 3 } else { 2 };
    let num = |v: f32| num(v, digits);
    let x_t = cell.x_at(k);
    let h_prev = cell.h_prev(k);
    let rec = g.activation(lstm.config.recurrent_activation);
    let act = g.activation(lstm.config.activation);
    let dir = if app.layers().cells(app.cursor.layer).len() > 1 {
        format!(" {}", cell.direction.name())
    } else {
        String::new()
    };
    let d = g.dot;
    let title = if full {
        let (t, last) = (app.cursor.t, cell.steps().saturating_sub(1));
        // A cell that reads backwards reaches t at another step of its own.
        let step = if k == t {
            String::new()
        } else {
            format!(", its step {k}")
        };
        format!("unit {u}{dir} at t={t} of 0{}{last}{step}", g.range)
    } else {
        let t = app.cursor.t;
        choose(
            format!("unit {u}{dir} t={t}: act(W{d}x + U{d}h(t-1) + b)"),
            choose(
                format!("unit {u}{dir} t={t}: act(W{d}x + U{d}h + b)"),
                format!("unit {u}{dir} at t={t}"),
                area.width,
            ),
            area.width,
        )
    };
    put(buf, area.x, area.y, &title, theme.title(), area.right());
    let mut y = area.y + 1;
    let value = |q: Quantity| cell.get(q)[[k, u]];
    for q in Quantity::ALL {
        let Some(gate) = q.gate() else { continue };
        let parts = lstm.gate_parts(gate, u, x_t, h_prev.view());
        let f = if q == Quantity::G { &act } else { &rec };
        let l = q.letter();
        let numbers = format!("{f}({}) = {}", sum(&parts, g, digits), num(value(q)));
        // Else the sum added up, so the value is never cut (`sigmoid` in ASCII is long).
        let summed = format!("{l} = {f}({}) = {}", num(parts.wx + parts.uh + parts.b), num(value(q)));
        let line = choose(
            format!("{l} = {f}(W_{l}{d}x + U_{l}{d}h(t-1) + b_{l}) = {numbers}", d = g.dot),
            choose(format!("{l} = {numbers}"), summed, area.width),
            area.width,
        );
        put(buf, area.x, y, &line, theme.base(), area.right());
        y += 1;
    }
    let c_prev = cell.c_prev(k)[u];
    let (f, i, gv, o, c, h) = (
        value(Quantity::F),
        value(Quantity::I),
        value(Quantity::G),
        value(Quantity::O),
        value(Quantity::C),
        value(Quantity::H),
    );
    // A negative second factor goes in parentheses, 0.55·(-0.15), where the width allows.
    let factor = |v: f32| {
        if num(v).starts_with('-') {
            format!("({})", num(v))
        } else {
            num(v)
        }
    };
    let numbers = format!(
        "{}{d}{} + {}{d}{} = {}",
        num(f),
        factor(c_prev),
        num(i),
        factor(gv),
        num(c)
    );
    let plain = format!("{}{d}{} + {}{d}{} = {}", num(f), num(c_prev), num(i), num(gv), num(c));
    let c_line = choose(
        format!("c = f{d}c(t-1) + i{d}g = {numbers}"),
        choose(format!("c = {numbers}"), format!("c = {plain}"), area.width),
        area.width,
    );
    put(buf, area.x, y, &c_line, theme.base(), area.right());
    let numbers = format!("{}{d}{act}({}) = {}", num(o), num(c), num(h));
    let h_line = choose(
        format!("h = o{d}{act}(c) = {numbers}"),
        format!("h = {numbers}"),
        area.width,
    );
    put(buf, area.x, y + 1, &h_line, theme.base(), area.right());
}

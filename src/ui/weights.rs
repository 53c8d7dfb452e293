//! The weights view (`u`): the focused unit at t, gate by gate, with W·x and U·h(t-1) written out
//! as the products they sum (`0.52×0.80 + -0.31×0.75 + …`, the largest first when they do not
//! all fit, then "… and 58 more = total"), and below, the unit's column of W, U and b in each
//! gate beside the x(t) and h(t-1) they multiply. The numbers come from `model::unit`; this file
//! only lays them out. It scrolls, as the help screen does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::glyphs::Glyphs;
use super::inspector::{num, sum, weights};
use super::text::{fit, put, wrap};
use super::view::View;
use crate::keys::{Action, WEIGHTS_BINDINGS, binding_in};
use crate::model::cell::{Gate, Quantity};
use crate::model::unit::{self, GateStep, Products};

/// How a line of the view is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Base,
    Dim,
}

/// Decimals of the factors of a product, as most write them by hand.
const FACTOR_DIGITS: usize = 2;

/// Decimals of sums and table entries, as the unit inspector writes them where there is room.
const DIGITS: usize = 3;

/// The gate's letter: f, i, g, o.
fn letter(gate: Gate) -> &'static str {
    match gate {
        Gate::Forget => Quantity::F.letter(),
        Gate::Input => Quantity::I.letter(),
        Gate::Candidate => Quantity::G.letter(),
        Gate::Output => Quantity::O.letter(),
    }
}

/// One product as written: `0.52×0.80`, a negative second factor in parentheses.
fn product(w: f32, v: f32, g: &Glyphs) -> String {
    let v = num(v, FACTOR_DIGITS);
    let v = if v.starts_with('-') { format!("({v})") } else { v };
    format!("{}{}{v}", num(w, FACTOR_DIGITS), g.times)
}

/// Lay `terms` out after `label` over at most `rows` lines of `width` columns, joined by " + "
/// and ending in `tail`; continuation lines are indented under the first term. `None` when
/// they do not fit.
fn pack(label: &str, terms: &[String], tail: &str, rows: usize, width: usize) -> Option<Vec<String>> {
    let indent = " ".repeat(label.width());
    let mut lines = vec![label.to_string()];
    let pieces = terms
        .iter()
        .enumerate()
        .map(|(k, t)| if k == 0 { t.clone() } else { format!(" + {t}") })
        .chain(std::iter::once(tail.to_string()));
    for piece in pieces {
        let line = lines.last_mut().expect("one line at least");
        if line.width() + piece.width() <= width {
            line.push_str(&piece);
            continue;
        }
        let piece = piece.trim_start();
        let next = format!("{indent}{piece}");
        if lines.len() == rows || next.width() > width {
            return None;
        }
        lines.push(next);
    }
    Some(lines)
}

/// A sum written out in at most `rows` lines: every product in order when they fit, else as
/// many of the largest as fit and "… and N more = total".
fn sum_lines(label: &str, p: &Products, rows: usize, width: usize, g: &Glyphs) -> Vec<String> {
    let total = num(p.sum, DIGITS);
    let written =
        |order: &[usize]| -> Vec<String> { order.iter().map(|&k| product(p.pairs[k].0, p.pairs[k].1, g)).collect() };
    let natural: Vec<usize> = (0..p.len()).collect();
    if let Some(lines) = pack(label, &written(&natural), &format!(" = {total}"), rows, width) {
        return lines;
    }
    let largest = p.largest_first();
    // No more terms fit than a product's shortest writing (0.0×0.0 and a joint) allows.
    let most = (rows * width / 9).min(p.len());
    for n in (1..=most).rev() {
        let tail = format!(" + {} and {} more = {total}", g.ellipsis, p.len() - n);
        if let Some(lines) = pack(label, &written(&largest[..n]), &tail, rows, width) {
            return lines;
        }
    }
    vec![fit(
        &format!("{label}{} {} products = {total}", g.ellipsis, p.len()),
        width,
        g.ellipsis,
    )]
}

/// Where the focused layer's x(t) comes from, as a student would say it.
fn source(view: &View, model_layer: usize) -> String {
    let app = view.app;
    match model_layer.checked_sub(1) {
        None => "the model's input".to_string(),
        Some(before) => {
            let layer = &app.session.model.layers[before];
            if layer.cells().is_empty() {
                format!("{}'s output", layer.name)
            } else {
                format!("{}'s h(t)", layer.name)
            }
        }
    }
}

/// A gate's formula with its three parts, with the symbols in front when `long`.
fn formula(step: &GateStep, act: &str, long: bool, g: &Glyphs) -> String {
    let (l, d) = (letter(step.gate), g.dot);
    let numbers = format!("{act}({}) = {}", sum(&step.parts(), g, DIGITS), num(step.value, DIGITS));
    if long {
        format!("{l} = {act}(W_{l}{d}x + U_{l}{d}h(t-1) + b_{l}) = {numbers}")
    } else {
        format!("{l} = {numbers}")
    }
}

/// The lines of a gate: its formula, then W·x and U·h(t-1) term by term.
fn gate_lines(step: &GateStep, first: String, rows: (usize, usize), width: usize, g: &Glyphs) -> Vec<(String, Kind)> {
    let (l, d) = (letter(step.gate), g.dot);
    let mut out = vec![(fit(&first, width, g.ellipsis), Kind::Base)];
    let w = sum_lines(&format!("  W_{l}{d}x = "), &step.wx, rows.0, width, g);
    let u = sum_lines(&format!("  U_{l}{d}h(t-1) = "), &step.uh, rows.1, width, g);
    out.extend(w.into_iter().chain(u).map(|s| (s, Kind::Base)));
    out
}

/// Which products of a gate step a table lists: W·x(t) or U·h(t-1).
type Pick = fn(&GateStep) -> &Products;

/// How a table of weights is headed and what it lists.
struct Table<'a> {
    /// The line above it, naming the matrix and its shape.
    title: String,
    /// The matrix's letter, W or U.
    matrix: &'static str,
    /// The vector it multiplies: x(t) or h(t-1), and its values.
    vector: &'static str,
    values: &'a [f32],
    pick: Pick,
}

/// A table of one weight matrix's column for each gate, beside the vector it multiplies, after
/// a blank line and its title.
fn table(t: Table, steps: &[GateStep], width: usize, g: &Glyphs) -> Vec<(String, Kind)> {
    let (matrix, values, pick) = (t.matrix, t.values, t.pick);
    let cell = |s: String| format!("{s:>9}");
    let mut header = format!("{:>5}{}", "k", cell(t.vector.to_string()));
    for step in steps {
        header.push_str(&cell(format!("{matrix}_{}", letter(step.gate))));
    }
    let mut out = vec![(String::new(), Kind::Base)];
    out.extend(wrap(&t.title, width).into_iter().map(|l| (l, Kind::Title)));
    out.push((fit(&header, width, g.ellipsis), Kind::Dim));
    for (k, v) in values.iter().enumerate() {
        let mut row = format!("{k:>5}{}", cell(num(*v, DIGITS)));
        for step in steps {
            row.push_str(&cell(num(pick(step).pairs[k].0, DIGITS)));
        }
        out.push((fit(&row, width, g.ellipsis), Kind::Base));
    }
    out
}

/// The view's lines at a width, with `height` rows to show them in (two lines for each sum
/// where there are 30 rows or more, else two for W·x and one for U·h(t-1)).
fn lines(view: &View, width: u16, height: u16) -> Vec<(String, Kind)> {
    let app = view.app;
    let g = view.look.glyphs;
    let width = usize::from(width);
    let (Some(cell), Some(lstm), Some(m)) = (app.cell(), weights(app), app.model_layer()) else {
        return vec![("no recurrent layer, so no unit's weights".to_string(), Kind::Dim)];
    };
    let Some(k) = cell.step_of(app.cursor.t) else {
        return vec![];
    };
    let u = app.cursor.unit;
    let steps = unit::gates_at(lstm, cell, u, k);
    let name = &app.session.model.layers[m].name;
    let dir = if app.layers().cells(app.cursor.layer).len() > 1 {
        format!(" ({})", cell.direction.name())
    } else {
        String::new()
    };
    let (inputs, units) = (lstm.input_dim(), lstm.units());
    let title = format!(
        "{name}{dir} unit {u} at t={}. Each of {name}'s {units} units reads all {inputs} features of x(t), which is {}, and all {units} of h(t-1), in every gate:",
        app.cursor.t,
        source(view, m)
    );
    let mut out: Vec<(String, Kind)> = wrap(&title, width).into_iter().map(|l| (l, Kind::Title)).collect();
    let rows = if height >= 30 { (2, 2) } else { (2, 1) };
    let (rec, act) = (
        g.activation(lstm.config.recurrent_activation),
        g.activation(lstm.config.activation),
    );
    let act_of = |step: &GateStep| if step.gate == Gate::Candidate { &act } else { &rec };
    // The symbols in every formula, or in none, so that the four read alike.
    let long = steps.iter().all(|s| formula(s, act_of(s), true, g).width() <= width);
    for step in &steps {
        out.extend(gate_lines(step, formula(step, act_of(step), long, g), rows, width, g));
    }
    let times = g.times;
    let (kernel, recurrent) = (lstm.kernel().dim(), lstm.recurrent_kernel().dim());
    let (x, h) = (cell.x_at(k).to_vec(), cell.h_prev(k).to_vec());
    let products: [(&str, &str, &str, _, Vec<f32>, Pick); 2] = [
        ("W", "the kernel", "x(t)", kernel, x, |s| &s.wx),
        ("U", "the recurrent kernel", "h(t-1)", recurrent, h, |s| &s.uh),
    ];
    for (matrix, role, vector, (d0, d1), values, pick) in products {
        let title = format!("{matrix}, {role} ({d0} {times} {d1}): unit {u}'s column in each gate, beside {vector}");
        let t = Table {
            title,
            matrix,
            vector,
            values: &values,
            pick,
        };
        out.extend(table(t, &steps, width, g));
    }
    out.push((String::new(), Kind::Base));
    let b = match lstm.bias() {
        Some(b) => format!("b, the bias ({}): unit {u}'s entry in each gate", b.len()),
        None => "b: this layer has no bias (use_bias=False), so b = 0".to_string(),
    };
    out.extend(wrap(&b, width).into_iter().map(|l| (l, Kind::Title)));
    if lstm.bias().is_some() {
        let entries: Vec<String> = steps
            .iter()
            .map(|s| format!("b_{} = {}", letter(s.gate), num(s.b, DIGITS)))
            .collect();
        out.push((
            fit(&format!("  {}", entries.join("   ")), width, g.ellipsis),
            Kind::Base,
        ));
    }
    out
}

/// The area the view's lines go in, inside the body.
fn inner(area: Rect) -> Rect {
    Rect::new(area.x + 1, area.y, area.width.saturating_sub(2), area.height)
}

/// How far the view can scroll on a screen of this width, with `height` rows for the body.
pub fn max_scroll(view: &View, width: u16, height: u16) -> u16 {
    let inner = inner(Rect::new(0, 0, width, height));
    let n = lines(view, inner.width, inner.height).len();
    (n as u16).saturating_sub(inner.height)
}

/// Draw the view into the body scrolled down `scroll` lines (at most to its end), and its
/// status line into `footer` (unless a message is showing there): what is below and which keys
/// close, scroll and step.
pub fn render(view: &View, scroll: u16, area: Rect, footer: Rect, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    Clear.render(area, buf);
    buf.set_style(area, theme.base());
    let inner = inner(area);
    let lines = lines(view, inner.width, inner.height);
    let room = usize::from(inner.height);
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(room));
    for (k, (text, kind)) in lines.iter().skip(scroll).take(room).enumerate() {
        let style = match kind {
            Kind::Title => theme.title(),
            Kind::Base => theme.base(),
            Kind::Dim => theme.dim(),
        };
        put(buf, inner.x, inner.y + k as u16, text, style, inner.right());
    }
    if view.app.message.is_some() {
        return;
    }
    let key = |a: Action| binding_in(WEIGHTS_BINDINGS, a);
    let (close, down, step, next) = (
        key(Action::CloseHelp),
        key(Action::ScrollDown),
        key(Action::NextStep),
        key(Action::NextUnit),
    );
    let moves = format!(
        "{}/{} {}, {}/{} {}",
        step.keys(0, ""),
        key(Action::PrevStep).keys(0, ""),
        step.hint(),
        next.keys(0, ""),
        key(Action::PrevUnit).keys(0, ""),
        next.hint()
    );
    let below = lines.len().saturating_sub(scroll + room);
    let status = if below > 0 {
        format!(
            "{below} more below: {} {} {} {} {} {} {moves}",
            down.keys(1, "/"),
            down.hint(),
            g.dot,
            close.keys(1, "/"),
            close.hint(),
            g.dot
        )
    } else {
        format!("{} {} {} {moves}", close.keys_spoken(2), close.hint(), g.dot)
    };
    // Over the footer's hints: none of their styling stays.
    Clear.render(footer, buf);
    buf.set_style(footer, theme.bar());
    put(
        buf,
        footer.x + 1,
        footer.bottom() - 1,
        &fit(&status, usize::from(footer.width.saturating_sub(1)), g.ellipsis),
        theme.bar(),
        footer.right(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::glyphs::UNICODE;

    fn products(pairs: &[(f32, f32)]) -> Products {
        Products {
            pairs: pairs.to_vec(),
            sum: pairs.iter().map(|(w, v)| w * v).sum(),
        }
    }

    #[test]
    fn a_short_sum_is_written_in_order() {
        let p = products(&[(0.5, 1.0), (-0.25, 0.5)]);
        let lines = sum_lines("W·x = ", &p, 2, 80, &UNICODE);
        assert_eq!(lines, ["W·x = 0.50×1.00 + -0.25×0.50 = 0.375"]);
    }

    #[test]
    fn a_long_sum_keeps_the_largest_and_counts_the_rest() {
        let mut pairs = vec![(0.01, 0.01); 60];
        pairs[40] = (2.0, -3.0);
        pairs[7] = (1.0, 1.0);
        let p = products(&pairs);
        let lines = sum_lines("W·x = ", &p, 1, 60, &UNICODE);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert!(
            line.starts_with("W·x = 2.00×(-3.00) + 1.00×1.00 + … and 58 more"),
            "{line}"
        );
        let shown = line.matches('×').count();
        assert!(line.ends_with(&format!("… and {} more = -4.994", 60 - shown)), "{line}");
        assert!(line.width() <= 60);
        let two = sum_lines("W·x = ", &p, 2, 60, &UNICODE);
        assert_eq!(two.len(), 2);
        assert!(two[1].starts_with("      + "), "{two:?}");
    }
}

//! The `?` overlay: every key binding from the table (in a class, the class's too), the `:`
//! commands and the legend.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::glyphs::Glyphs;
use super::text::{put, wrap};
use super::view::View;
use crate::keys::{Action, BINDINGS, Binding, CLASS_BINDINGS, COMMAND_EXAMPLES, HELP_BINDINGS, binding_in, keys_of};

/// A line of the overlay: spans of text, each key-styled or plain.
type HelpLine = Vec<(String, bool)>;

/// A table of bindings in as many columns of key and description as fit `width` (at most 3),
/// the keys as wide as `BINDINGS`' widest so that the tables line up.
fn table(out: &mut Vec<HelpLine>, table: &[Binding], width: u16) {
    let key_w = BINDINGS
        .iter()
        .chain(table)
        .map(|b| keys_of(b).width())
        .max()
        .unwrap_or(8)
        + 2;
    let desc_w = table.iter().map(|b| b.description.width()).max().unwrap_or(20) + 2;
    let col_w = key_w + desc_w;
    let columns = (usize::from(width) / col_w).clamp(1, 3);
    let rows = table.len().div_ceil(columns);
    for r in 0..rows {
        let mut line = Vec::new();
        for c in 0..columns {
            if let Some(b) = table.get(c * rows + r) {
                line.push((format!("{:<key_w$}", keys_of(b)), true));
                line.push((format!("{:<desc_w$}", b.description), false));
            }
        }
        out.push(line);
    }
}

/// The overlay's lines for a width; `class`: on a class's screen (`lstm-tui serve`), with the
/// class's keys.
pub fn lines(g: &Glyphs, width: u16, class: bool) -> Vec<HelpLine> {
    let mut out: Vec<HelpLine> = Vec::new();
    // In a class its keys come first: they are what a student there looks for.
    if class {
        out.push(vec![("In this class".into(), true)]);
        table(&mut out, CLASS_BINDINGS, width);
        out.push(vec![]);
    }
    out.push(vec![("Keys".into(), true)]);
    table(&mut out, BINDINGS, width);
    out.push(vec![]);
    out.push(vec![(
        "Commands (type : first; a mistake reopens the line, empty, with why)".into(),
        true,
    )]);
    let syn_w = COMMAND_EXAMPLES.iter().map(|(s, _)| s.width()).max().unwrap_or(10) + 2;
    for (syntax, what) in COMMAND_EXAMPLES {
        out.push(vec![(format!("{syntax:<syn_w$}"), true), (what.to_string(), false)]);
    }
    out.push(vec![]);
    out.push(vec![("Reading the panes".into(), true)]);
    let ramp = g.ramp.join("");
    for text in [
        format!(
            "{ramp} low to high on the row's scale, its ends at the right. Fixed (s: auto, each row its own): gates f, i, o 0{}1; g, h, c, x {pm}1 or their run's largest |value|",
            g.range,
            pm = g.plus_minus
        ),
        "f forget gate, i input gate, g candidate, o output gate, c cell state, h hidden state; x(t) the layer's input: its features are not its units (words from 100 columns)".to_string(),
        format!(
            "{} {} moved up / down by a tenth of the scale or more since the previous step (underlined where a unit has one column)",
            g.up, g.down
        ),
        format!(
            "t counts from 0, as :goto and :break do: t=4 of 0{}4 is the last of 5 steps",
            g.range
        ),
        "reversed = the focused unit and timestep; layers with more units than fit scroll with the focused unit (the title says which units show).".to_string(),
        "A click focuses a unit, a step or a tab; the wheel scrolls the pane under it.".to_string(),
    ] {
        out.extend(wrap(&text, usize::from(width)).into_iter().map(|l| vec![(l, false)]));
    }
    out
}

/// How far the overlay can scroll at a screen width and height (`class`: as [`lines`]).
pub fn max_scroll(g: &Glyphs, width: u16, height: u16, class: bool) -> u16 {
    (lines(g, width.saturating_sub(2), class).len() as u16).saturating_sub(height.saturating_sub(1))
}

/// Draw the overlay scrolled down `scroll` lines (at most to its end).
pub fn render(view: &View, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    Clear.render(area, buf);
    buf.set_style(area, theme.base());
    let inner = Rect::new(area.x + 1, area.y, area.width.saturating_sub(2), area.height);
    let lines = lines(g, inner.width, view.class);
    let room = usize::from(inner.height.saturating_sub(1));
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(room));
    for (k, line) in lines.iter().skip(scroll).take(room).enumerate() {
        let mut x = inner.x;
        for (text, key) in line {
            let style = if *key { theme.key() } else { theme.base() };
            x = put(buf, x, inner.y + k as u16, text, style, inner.right());
        }
    }
    let close = binding_in(HELP_BINDINGS, Action::CloseHelp);
    let (down, up) = (
        binding_in(HELP_BINDINGS, Action::ScrollDown),
        binding_in(HELP_BINDINGS, Action::ScrollUp),
    );
    let below = lines.len().saturating_sub(scroll + room);
    let status = match (scroll, below) {
        (0, 0) => format!("{} {}", close.keys_spoken(2), close.hint()),
        (0, n) => format!(
            "{n} more below: {} {} {} {} {}",
            down.keys(1, "/"),
            down.hint(),
            g.dot,
            close.keys(0, ""),
            close.hint()
        ),
        (m, 0) => format!(
            "{m} above: {} {} {} {} {}",
            up.keys(1, "/"),
            down.hint(),
            g.dot,
            close.keys_spoken(2),
            close.hint()
        ),
        (m, n) => format!(
            "{m} above, {n} below: {} {} {} {} {} {}",
            up.keys(1, "/"),
            down.keys(1, "/"),
            down.hint(),
            g.dot,
            close.keys(0, ""),
            close.hint()
        ),
    };
    put(
        buf,
        inner.x,
        inner.bottom() - 1,
        &status,
        theme.dim().patch(Style::new()),
        inner.right(),
    );
}

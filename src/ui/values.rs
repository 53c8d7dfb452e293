//! A row of values from a start column: all of them as numbers when they fit and numbers are
//! wanted, else one shade a column (a value's height on its scale), cut where the room ends
//! with a mark saying how many are left out. Layer inputs, the panes of layers without cells
//! and folded layers all draw their values this way.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use super::scale::{Scale, short};
use super::text::put;
use super::view::View;

/// A value drawn as a number: 6 characters and a space.
pub const NUMBER: u16 = 7;

/// How values are drawn in a room: as numbers, or shades with how many of them show.
fn plan(view: &View, n: usize, room: usize, numbers: bool) -> (bool, usize) {
    if numbers && n * usize::from(NUMBER) <= room {
        (true, n)
    } else if n <= room {
        (false, n)
    } else {
        let mark = cut_mark(view, n).width();
        (false, room.saturating_sub(mark))
    }
}

/// The mark for values left out: `+9▸` (at most this wide for `n` values).
fn cut_mark(view: &View, left_out: usize) -> String {
    format!("+{left_out}{}", view.look.glyphs.more_right)
}

/// The columns `n` values take in a room, drawn as [`draw`] draws them.
pub fn width(view: &View, n: usize, room: usize, numbers: bool) -> usize {
    match plan(view, n, room, numbers) {
        (true, n) => n * usize::from(NUMBER),
        (false, shown) if shown < n => room,
        (false, shown) => shown,
    }
}

/// Draw `values` on `scale` from column `x0`, never past `right`; the column after them.
pub fn draw(
    view: &View,
    values: &[f32],
    scale: Scale,
    at: (u16, u16),
    right: u16,
    numbers: bool,
    buf: &mut Buffer,
) -> u16 {
    let (x0, y) = at;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let n = values.len();
    let (numbers, shown) = plan(view, n, usize::from(right.saturating_sub(x0)), numbers);
    let mut x = x0;
    for v in values.iter().take(shown) {
        let style = theme.scale(scale.ramp, scale.level(*v));
        x = if numbers {
            let x = put(buf, x, y, &format!("{:>6}", short(*v)), style, right);
            x + 1
        } else {
            put(buf, x, y, g.shade(scale.level(*v)), style, right)
        };
    }
    if shown < n {
        x = put(buf, x, y, &cut_mark(view, n - shown), theme.dim(), right);
    }
    x.min(right)
}

//! The screen shown when the terminal is smaller than the debugger needs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::text::put;
use super::view::View;

/// The smallest screen the debugger draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let x = view.look.glyphs.times;
    let lines = [
        format!(
            "terminal too small: {}{x}{}, needs {MIN_WIDTH}{x}{MIN_HEIGHT}",
            area.width, area.height
        ),
        "make the window larger, or press q to quit".to_string(),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (k, line) in lines.iter().enumerate() {
        let y = top + k as u16;
        if y >= area.bottom() {
            break;
        }
        let w = line.chars().count() as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        let style = if k == 0 { theme.error() } else { theme.dim() };
        put(buf, x, y, line, style, area.right());
    }
}

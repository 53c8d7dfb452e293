//! The screen shown when the terminal is smaller than the debugger needs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use unicode_width::UnicodeWidthStr;

use super::text::{put, wrap};
use super::view::View;

/// The smallest screen the debugger draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let x = view.look.glyphs.times;
    let size = format!("{}{x}{}", area.width, area.height);
    let need = format!("{MIN_WIDTH}{x}{MIN_HEIGHT}");
    // Each sentence wrapped to the screen, so that it reads in full down to 40×12.
    let lines: Vec<(String, bool)> = [
        (format!("terminal too small: {size}, needs {need}"), true),
        ("enlarge the window, or press q to quit".to_string(), false),
    ]
    .into_iter()
    .flat_map(|(text, first)| {
        wrap(&text, usize::from(area.width))
            .into_iter()
            .map(move |l| (l, first))
    })
    .collect();
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (k, (line, first)) in lines.iter().enumerate() {
        let y = top + k as u16;
        if y >= area.bottom() {
            break;
        }
        let w = line.width() as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        let style = if *first { theme.error() } else { theme.dim() };
        put(buf, x, y, line, style, area.right());
    }
}

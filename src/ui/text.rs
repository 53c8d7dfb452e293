//! Small helpers for writing text into the buffer.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// Write `text` at (x, y), never past `right`; the column after it.
pub fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style, right: u16) -> u16 {
    if x >= right || !buf.area.contains((x, y).into()) {
        return x;
    }
    let room = usize::from(right.min(buf.area.right()) - x);
    let (end, _) = buf.set_stringn(x, y, text, room, style);
    end
}

/// Write `text` cut to `width` columns, ending in `ellipsis` when it had to be cut.
pub fn fit(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(ellipsis.width());
    let mut out = String::new();
    for ch in text.chars() {
        if out.width() + ch.to_string().width() > keep {
            break;
        }
        out.push(ch);
    }
    out + ellipsis
}

/// Break text into lines of at most `width` columns at spaces (long words are cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

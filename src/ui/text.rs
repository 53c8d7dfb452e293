//! Small helpers for writing text into the buffer. All of them show text through
//! [`printable`], so that control characters from a file appear escaped on the screen (and in
//! `frame`) rather than being obeyed or silently dropped.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::printable::{needs_escape, printable};

/// Write `text` at (x, y), never past `right`; the column after it. Characters one column wide
/// go straight into their cells (most of the screen is shades and digits); anything else goes,
/// from there on made printable, through ratatui's grapheme-aware writer.
pub fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style, right: u16) -> u16 {
    let right = right.min(buf.area.right());
    if x >= right || !buf.area.contains((x, y).into()) {
        return x;
    }
    let mut x = x;
    for (k, ch) in text.char_indices() {
        if x >= right {
            return x;
        }
        if UnicodeWidthChar::width(ch) != Some(1) || needs_escape(ch) {
            let rest = printable(&text[k..]);
            let (end, _) = buf.set_stringn(x, y, &rest, usize::from(right - x), style);
            return end;
        }
        buf[(x, y)].set_char(ch).set_style(style);
        x += 1;
    }
    x
}

/// Write `text` cut to `width` columns, ending in `ellipsis` when it had to be cut.
pub fn fit(text: &str, width: usize, ellipsis: &str) -> String {
    let text = &*printable(text);
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
            let word = &*printable(word);
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

/// Write `text` at (x, y) only if all of it fits before `right`; the column after it, or `x`
/// when nothing was written. For numbers and labels that would mislead if cut.
pub fn put_whole(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style, right: u16) -> u16 {
    let right = right.min(buf.area.right());
    if usize::from(x) + printable(text).width() > usize::from(right) {
        return x;
    }
    put(buf, x, y, text, style, right)
}

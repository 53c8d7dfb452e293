//! The text layout of Keras 3's `model.summary()`: Keras hands its rows to the `rich` library as a
//! table, and this module lays them out as rich 15 does, so the text is the same byte for byte.
//! Widths are measured in terminal cells (`unicode-width`), as rich measures them.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The rules around and between the cells: rich's `HEAVY_HEAD` box, or its `ASCII` box (what rich
/// draws on a console that cannot encode box characters).
#[derive(Clone, Copy)]
struct Rules {
    /// Corners, line and divider of each rule: top, under the header, between rows, bottom.
    top: [char; 4],
    head: [char; 4],
    row: [char; 4],
    bottom: [char; 4],
    /// The vertical bar of the header row, and of the body rows.
    head_bar: char,
    bar: char,
    ellipsis: char,
}

const BOX: Rules = Rules {
    top: ['┏', '━', '┳', '┓'],
    head: ['┡', '━', '╇', '┩'],
    row: ['├', '─', '┼', '┤'],
    bottom: ['└', '─', '┴', '┘'],
    head_bar: '┃',
    bar: '│',
    ellipsis: '…',
};

const ASCII: Rules = Rules {
    top: ['+', '-', '-', '+'],
    head: ['|', '-', '+', '|'],
    row: ['|', '-', '+', '|'],
    bottom: ['+', '-', '-', '+'],
    head_bar: '|',
    bar: '|',
    ellipsis: '~',
};

fn cells(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_cells(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// rich's words: each run of non-space with the spaces around it (`\s*\S+\s*`), by char offset.
fn words(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        let mut end = pos;
        while end < chars.len() && chars[end].is_whitespace() {
            end += 1;
        }
        if end == chars.len() {
            break;
        }
        while end < chars.len() && !chars[end].is_whitespace() {
            end += 1;
        }
        while end < chars.len() && chars[end].is_whitespace() {
            end += 1;
        }
        out.push((pos, end));
        pos = end;
    }
    out
}

/// Splits `s` into pieces of at most `width` cells (rich's `chop_cells`).
fn chop(chars: &[char], width: usize) -> Vec<usize> {
    let mut lengths = Vec::new();
    let (mut size, mut len) = (0, 0);
    for &c in chars {
        let w = char_cells(c);
        if size + w > width && len > 0 {
            lengths.push(len);
            (size, len) = (0, 0);
        }
        size += w;
        len += 1;
    }
    if len > 0 {
        lengths.push(len);
    }
    lengths
}

/// Where rich breaks a line of `width` cells (its `divide_line`): at word starts, and inside a
/// word too long for any line when `fold` (otherwise such a word is cut later).
fn break_points(chars: &[char], width: usize, fold: bool) -> Vec<usize> {
    let text_cells = |a: usize, b: usize| chars[a..b].iter().map(|&c| char_cells(c)).sum::<usize>();
    let mut breaks = Vec::new();
    let mut offset = 0;
    for (start, end) in words(chars) {
        let mut trimmed = end;
        while trimmed > start && chars[trimmed - 1].is_whitespace() {
            trimmed -= 1;
        }
        let length = text_cells(start, trimmed);
        if width as isize - offset as isize >= length as isize {
            offset += text_cells(start, end);
        } else if length > width {
            if fold {
                let mut at = start;
                let pieces = chop(&chars[start..end], width);
                for (k, len) in pieces.iter().enumerate() {
                    if at > 0 {
                        breaks.push(at);
                    }
                    if k + 1 == pieces.len() {
                        offset = text_cells(at, at + len);
                    } else {
                        at += len;
                    }
                }
            } else {
                if start > 0 {
                    breaks.push(start);
                }
                offset = text_cells(start, end);
            }
        } else if offset > 0 && start > 0 {
            breaks.push(start);
            offset = text_cells(start, end);
        }
    }
    breaks
}

/// The text cut to `total` cells, padded with spaces when a wide character straddles the cut.
fn set_cells(s: &str, total: usize) -> String {
    let mut out = String::new();
    let mut size = 0;
    for c in s.chars() {
        let w = char_cells(c);
        if size + w > total {
            break;
        }
        out.push(c);
        size += w;
    }
    out.push_str(&" ".repeat(total - size));
    out
}

/// rich's `Text.wrap`: the lines of `text` in `width` cells, without trailing whitespace beyond
/// the width. With `fold` a long word is split across lines (console text); without, it is cut
/// with an ellipsis (table cells).
fn wrap(text: &str, width: usize, fold: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut bounds = break_points(&chars, width, fold);
    bounds.push(chars.len());
    let mut lines = Vec::new();
    let mut from = 0;
    for to in bounds {
        let mut line = &chars[from..to];
        if line.len() > width {
            let excess = line.len() - width;
            let spaces = line.iter().rev().take_while(|c| c.is_whitespace()).count();
            line = &line[..line.len() - spaces.min(excess)];
        }
        lines.push(line.iter().collect::<String>());
        from = to;
    }
    lines
}

/// A cell's lines justified in `width` cells, cut with the ellipsis when too long.
fn cell_lines(text: &str, width: usize, right: bool, ellipsis: char) -> Vec<String> {
    wrap(text, width, false)
        .into_iter()
        .map(|line| {
            let line = if right { line.trim_end().to_string() } else { line };
            let line = if cells(&line) > width {
                let mut cut = set_cells(&line, width.saturating_sub(1));
                cut.push(ellipsis);
                cut
            } else {
                line
            };
            let pad = " ".repeat(width.saturating_sub(cells(&line)));
            if right { pad + &line } else { line + &pad }
        })
        .collect()
}

/// Text printed on a rich console `width` cells wide: word-wrapped, long words folded, trailing
/// spaces kept.
pub fn console_lines(text: &str, width: usize) -> Vec<String> {
    wrap(text, width, true)
        .into_iter()
        .map(|line| {
            if cells(&line) > width {
                set_cells(&line, width)
            } else {
                line
            }
        })
        .collect()
}

/// The widths (padding included, borders not) rich gives three columns of Keras's
/// `[0.45, 0.80, 1.0]` positions in a table `line_length` wide. Keras asks for widths that sum to
/// the line length, rich adds a cell of padding either side (6 in all) and its borders take 4
/// more, so rich takes the 10 cells back evenly (`ratio_reduce`: 3, then round(7 / 2) = 4 with
/// Python's round-half-even, then 3).
fn column_widths(line_length: usize) -> [usize; 3] {
    let first = (0.45 * line_length as f64) as usize;
    let second = (0.80 * line_length as f64) as usize - first;
    let third = line_length - first - second;
    [first + 2 - 3, second + 2 - 4, third + 2 - 3]
}

/// The narrowest line length Keras draws: below it a column would be under 4 cells and Keras
/// refuses ("Insufficient console width to print summary").
pub const MIN_LINE_LENGTH: usize = 20;

/// The table Keras 3 prints: `header` and `rows` of three cells (the last right-aligned),
/// `line_length` cells wide, a rule between rows.
pub fn table(header: &[String; 3], rows: &[[String; 3]], line_length: usize, ascii: bool) -> Vec<String> {
    let rules = if ascii { ASCII } else { BOX };
    let widths = column_widths(line_length.max(MIN_LINE_LENGTH));
    let rule = |[left, line, divider, right]: [char; 4]| {
        let parts: Vec<String> = widths.iter().map(|&w| line.to_string().repeat(w)).collect();
        format!("{left}{}{right}", parts.join(&divider.to_string()))
    };
    let row_lines = |row: &[String; 3], bar: char, bottom: bool| {
        let cols: Vec<Vec<String>> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(k, (text, w))| cell_lines(text, w - 2, k == 2, rules.ellipsis))
            .collect();
        let height = cols.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|i| {
                let parts: Vec<String> = cols
                    .iter()
                    .zip(widths)
                    .map(|(lines, w)| {
                        // The blank lines go below a body cell, above a header cell.
                        let blank = height - lines.len();
                        let at = if bottom { i.checked_sub(blank) } else { Some(i) };
                        at.and_then(|at| lines.get(at))
                            .map_or_else(|| " ".repeat(w), |line| format!(" {line} "))
                    })
                    .collect();
                format!("{bar}{}{bar}", parts.join(&bar.to_string()))
            })
            .collect::<Vec<_>>()
    };
    let mut out = vec![rule(rules.top)];
    out.extend(row_lines(header, rules.head_bar, true));
    out.push(rule(rules.head));
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            out.push(rule(rules.row));
        }
        out.extend(row_lines(row, rules.bar, false));
    }
    out.push(rule(rules.bottom));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_as_rich_reduces_them() {
        // Keras asks for 39, 31 and 18 at 88 cells; rich draws 38, 29 and 17 (padding included).
        // The wrapped cells below are what rich 15 gives for the same text and width.
        assert_eq!(column_widths(88), [38, 29, 17]);
        assert_eq!(column_widths(76), [33, 24, 15]);
    }

    #[test]
    fn words_wrap_and_long_words_are_cut() {
        assert_eq!(
            cell_lines("short name with spaces (Dense)", 10, false, '…'),
            ["short name", "with      ", "spaces    ", "(Dense)   "]
        );
        assert_eq!(
            cell_lines("a_really_long_name (LSTM)", 8, false, '…'),
            ["a_reall…", "(LSTM)  "]
        );
        assert_eq!(cell_lines("12,416", 4, true, '…'), ["12,…"]);
        assert_eq!(
            console_lines("Total params: 370,382,849 (1.38 GB)", 30),
            ["Total params: 370,382,849 ", "(1.38 GB)"]
        );
        assert_eq!(console_lines("abcdefgh", 3), ["abc", "def", "gh"]);
    }

    #[test]
    fn wide_characters_count_two_cells() {
        assert_eq!(cell_lines("層層層層", 4, false, '…'), ["層 …"]);
        assert_eq!(cell_lines("層層層層", 5, false, '…'), ["層層…"]);
    }
}

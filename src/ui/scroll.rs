//! Text that may not fit its pane: the lines shown from a scroll position, with a dim row saying
//! how many are above or below and which key scrolls (from the binding table), so that nothing
//! is cut without a mark.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::put;
use super::view::View;
use crate::keys::{Action, binding};

/// What of `len` lines shows in `room` rows scrolled down `scroll`: the first line shown, how
/// many, and whether a row above and a row below say what is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub shown: usize,
    pub above: bool,
    pub below: bool,
}

/// How many presses scroll `len` lines in `room` rows to their end (the last line shown, under
/// the row saying what is above).
pub fn max_scroll(len: usize, room: usize) -> usize {
    if len <= room {
        0
    } else if room == 2 {
        len - 1
    } else {
        len - room
    }
}

/// The window onto `len` lines in `room` rows, scrolled down `scroll` presses (at most to the
/// end). Each press shows at least one line more at the bottom: from the top, where only the
/// row below is a mark, the first press also gives a row to the mark above, so it moves the
/// window two lines.
pub fn window(len: usize, room: usize, scroll: usize) -> Window {
    if len <= room {
        return Window {
            start: 0,
            shown: len,
            above: false,
            below: false,
        };
    }
    let scroll = scroll.min(max_scroll(len, room));
    let start = if scroll > 0 && room >= 3 { scroll + 1 } else { scroll };
    // A mark needs a row of its own, and a line of text besides.
    let above = start > 0 && room >= 2;
    let rest = room - usize::from(above);
    let below = start + rest < len && rest >= 2;
    let shown = (rest - usize::from(below)).min(len - start);
    Window {
        start,
        shown,
        above,
        below,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Draw `lines` as [`render`] does, those marked `true` in the `marked` style and the rest in
/// the base style.
pub fn render_marked(
    view: &View,
    lines: Vec<(String, bool)>,
    marked: Style,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let base = view.look.theme.base();
    let lines: Vec<(String, Style)> = lines
        .into_iter()
        .map(|(line, is_marked)| (line, if is_marked { marked } else { base }))
        .collect();
    render(view, &lines, scroll, area, buf);
}

/// Draw `lines` (text and style) into `area` scrolled down `scroll`, with the marks: `… 2 lines
/// above: K scrolls up` at the top and `… 3 more lines: J scrolls` at the bottom.
pub fn render(view: &View, lines: &[(String, Style)], scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let dots = view.look.glyphs.ellipsis;
    let w = window(lines.len(), usize::from(area.height), usize::from(scroll));
    let mut y = area.y;
    if w.above {
        let up = binding(Action::InfoUp).keys(0, "");
        let text = format!("{dots} {} line{} above: {up} scrolls up", w.start, plural(w.start));
        put(buf, area.x, y, &text, theme.dim(), area.right());
        y += 1;
    }
    for (line, style) in &lines[w.start..w.start + w.shown] {
        put(buf, area.x, y, line, *style, area.right());
        y += 1;
    }
    if w.below {
        let down = binding(Action::InfoDown).keys(0, "");
        let left = lines.len() - w.start - w.shown;
        let text = format!("{dots} {left} more line{}: {down} scrolls", plural(left));
        put(buf, area.x, y, &text, theme.dim(), area.right());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_shown_or_counted() {
        for len in 0..12 {
            for room in 1..8 {
                for scroll in 0..14 {
                    let w = window(len, room, scroll);
                    let rows = w.shown + usize::from(w.above) + usize::from(w.below);
                    assert!(rows <= room, "{len} {room} {scroll}: {w:?}");
                    if len > room {
                        assert!(w.above || w.below || room < 3, "{len} {room} {scroll}: a mark");
                    }
                    assert_eq!(w.above, w.start > 0 && len > room && room >= 2);
                    let left = len - w.start - w.shown;
                    assert!(left == 0 || w.below || room < 3, "{len} {room} {scroll}: {w:?}");
                }
                let end = window(len, room, max_scroll(len, room));
                assert_eq!(end.start + end.shown, len, "{len} {room}: the end shows");
                for scroll in 0..max_scroll(len, room) {
                    let (now, next) = (window(len, room, scroll), window(len, room, scroll + 1));
                    assert!(
                        next.start + next.shown > now.start + now.shown,
                        "{len} {room} {scroll}: a press down shows a line more: {now:?} {next:?}"
                    );
                    assert!(
                        next.start <= now.start + now.shown,
                        "{len} {room} {scroll}: no line is skipped: {now:?} {next:?}"
                    );
                    assert!(
                        now.start < next.start,
                        "{len} {room} {scroll}: a press up shows a line more: {now:?} {next:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_pane_of_six_rows_with_nine_lines() {
        assert_eq!(
            window(9, 6, 0),
            Window {
                start: 0,
                shown: 5,
                above: false,
                below: true
            }
        );
        assert_eq!(max_scroll(9, 6), 3);
        assert_eq!(
            window(9, 6, 3),
            Window {
                start: 4,
                shown: 5,
                above: true,
                below: false
            }
        );
        // The first press: lines 2‥5 under the mark above, line 5 new.
        assert_eq!(
            window(9, 6, 1),
            Window {
                start: 2,
                shown: 4,
                above: true,
                below: true
            }
        );
    }
}

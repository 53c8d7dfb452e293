//! A page over the whole screen for what a class shows beside the debugger (the lesson picker,
//! the presenter's roster): a title bar with the screen's badge, rows of text (one of them
//! perhaps selected, kept in view), and a line of key hints at the foot. Row text is shown
//! through `put`, so what a client sent (a user name) appears escaped.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use unicode_width::UnicodeWidthStr;

use super::look::Look;
use super::text::put;
use crate::app::course::Course;
use crate::keys::{Action, CLASS_BINDINGS, PICKER_BINDINGS, binding_in, hint_line};

/// What a page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    /// Rows that stay at the top (column headings).
    pub head: Vec<String>,
    pub rows: Vec<String>,
    pub selected: Option<usize>,
    /// The first row shown when none is selected.
    pub scroll: usize,
    /// The foot line: what the keys do.
    pub hint: String,
}

impl Page {
    /// How many rows fit on a screen `height` rows high.
    pub fn room(&self, height: u16) -> usize {
        usize::from(height).saturating_sub(2 + self.head.len())
    }

    /// The first row shown: the scroll, moved so that the selected row is in view.
    fn first(&self, room: usize) -> usize {
        let most = self.rows.len().saturating_sub(room);
        match self.selected {
            Some(s) if room > 0 => s.saturating_sub(room - 1).min(most),
            _ => self.scroll.min(most),
        }
    }
}

/// The lesson picker's page: each lesson's id (or file) and title.
pub fn picker(course: &Course, look: &Look) -> Page {
    let w = course.lessons.iter().map(|s| s.source.width()).max().unwrap_or(0);
    Page {
        title: "lstm-tui · choose a lesson".into(),
        head: Vec::new(),
        rows: course
            .lessons
            .iter()
            .map(|s| format!("{:<w$}  {}", s.source, s.lesson.title))
            .collect(),
        selected: Some(course.selected),
        scroll: 0,
        hint: format!(
            "{} {} {} returns here",
            hint_line(PICKER_BINDINGS, look.glyphs.dot),
            look.glyphs.dot,
            binding_in(CLASS_BINDINGS, Action::Lessons).key
        ),
    }
}

/// Draw `page` over `area`.
pub fn render(page: &Page, look: &Look, badge: Option<&str>, area: Rect, buf: &mut Buffer) {
    let theme = &look.theme;
    let g = look.glyphs;
    buf.set_style(area, theme.base());
    if area.height == 0 {
        return;
    }
    let bar = Rect::new(area.x, area.y, area.width, 1);
    buf.set_style(bar, theme.bar());
    let mut x = put(buf, area.x + 1, area.y, &page.title, theme.bar(), area.right());
    if let Some(badge) = badge {
        x = put(buf, x, area.y, &format!(" {} ", g.vrule), theme.bar(), area.right());
        let room = usize::from(area.right().saturating_sub(x + 1));
        let badge = super::header::badge_within(badge, room, g);
        put(buf, x, area.y, &badge, theme.bar(), area.right());
    }
    let mut y = area.y + 1;
    for line in &page.head {
        if y + 1 >= area.bottom() {
            break;
        }
        put(buf, area.x + 1, y, line, theme.title(), area.right());
        y += 1;
    }
    let room = page.room(area.height);
    let first = page.first(room);
    for (k, row) in page.rows.iter().enumerate().skip(first).take(room) {
        let style = if page.selected == Some(k) {
            theme.focus()
        } else {
            theme.base()
        };
        if page.selected == Some(k) {
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
        put(buf, area.x + 1, y, row, style, area.right());
        y += 1;
    }
    let more = page.rows.len().saturating_sub(first + room);
    let foot = if more > 0 {
        format!("{more} more below {} {}", g.dot, page.hint)
    } else {
        page.hint.clone()
    };
    if area.height >= 2 {
        put(buf, area.x + 1, area.bottom() - 1, &foot, theme.dim(), area.right());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rows: usize, selected: Option<usize>) -> Page {
        Page {
            rows: (0..rows).map(|k| format!("row {k}")).collect(),
            selected,
            ..Page::default()
        }
    }

    #[test]
    fn the_selected_row_is_kept_in_view() {
        assert_eq!(page(30, Some(0)).first(10), 0);
        assert_eq!(page(30, Some(9)).first(10), 0);
        assert_eq!(page(30, Some(10)).first(10), 1);
        assert_eq!(page(30, Some(29)).first(10), 20);
        let scrolled = Page {
            scroll: 99,
            ..page(30, None)
        };
        assert_eq!(scrolled.first(10), 20, "no further than the last row");
        assert_eq!(page(3, None).first(10), 0);
    }
}

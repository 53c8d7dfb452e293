//! The lesson pane: the narrative the lesson attaches to this timestep and layer, and what it
//! asks the student to look at.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::text::{put, wrap};
use super::view::View;
use crate::app::App;

/// The lines of the narrative at the cursor, wrapped to `width`.
pub fn lines(view: &View, width: u16) -> Vec<String> {
    let (first, look, others) = parts(view.app, width);
    first.into_iter().chain(look).chain(others).collect()
}

/// The first note's text, its "look at" line or that there is no note (drawn dim, given up
/// first), and the text of the other notes in view, each after a blank line.
fn parts(app: &App, width: u16) -> (Vec<String>, Vec<String>, Vec<String>) {
    let w = usize::from(width);
    if app.focused_layer().is_none() {
        return (vec![], vec![], vec![]);
    }
    let notes = app.notes_in_view();
    let narrative = &app.session.lesson.narrative;
    let Some((&first, rest)) = notes.split_first() else {
        return (vec![], vec!["(no note for this step)".to_string()], vec![]);
    };
    let note = &narrative[first];
    let look = note.look_at.map_or(vec![], |q| {
        wrap(&format!("look at: {} ({}), in the timeline", q.letter(), q.title()), w)
    });
    let mut others = Vec::new();
    for &k in rest {
        others.push(String::new());
        others.extend(wrap(&narrative[k].text, w));
    }
    (wrap(&note.text, w), look, others)
}

/// "note 3/9": where the first note in view is in the lesson's order, for the pane's title.
pub fn number(app: &App) -> Option<String> {
    app.note_number().map(|(k, n)| format!("note {k}/{n}"))
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let room = usize::from(area.height);
    // The "look at" line gives way first: the timeline already shows that quantity.
    let (text, look, others) = parts(app, area.width);
    let look = if text.len() + look.len() + others.len() > room {
        vec![]
    } else {
        look
    };
    let lines: Vec<(&String, _)> = text
        .iter()
        .map(|line| (line, theme.base()))
        .chain(look.iter().map(|line| (line, theme.dim())))
        .chain(others.iter().map(|line| (line, theme.base())))
        .collect();
    let shown = if lines.len() <= room {
        lines.len()
    } else {
        room.saturating_sub(1)
    };
    for (k, (line, style)) in lines.iter().take(shown).enumerate() {
        put(buf, area.x, area.y + k as u16, line, *style, area.right());
    }
    if shown < lines.len() && room > 0 {
        let more = format!(
            "{} {} more lines (a taller window)",
            view.look.glyphs.ellipsis,
            lines.len() - shown
        );
        put(buf, area.x, area.y + shown as u16, &more, theme.dim(), area.right());
    }
}

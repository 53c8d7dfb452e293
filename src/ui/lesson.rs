//! The lesson pane: the narrative the lesson attaches to this timestep and layer, and what it
//! asks the student to look at.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::scroll;
use super::text::wrap;
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

/// Draw the notes scrolled down `scroll` lines, the "look at" line left out when they do not fit.
pub fn render(view: &View, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = &view.look.theme;
    // The "look at" line gives way first: the timeline already shows that quantity.
    let (text, look, others) = parts(view.app, area.width);
    let look = if text.len() + look.len() + others.len() > usize::from(area.height) {
        vec![]
    } else {
        look
    };
    let lines: Vec<(String, _)> = text
        .into_iter()
        .map(|line| (line, theme.base()))
        .chain(look.into_iter().map(|line| (line, theme.dim())))
        .chain(others.into_iter().map(|line| (line, theme.base())))
        .collect();
    scroll::render(view, &lines, scroll, area, buf);
}

/// How many lines the pane has in `area` (what [`render`] draws from, to scroll within).
pub fn len_in(view: &View, area: Rect) -> usize {
    let (text, look, others) = parts(view.app, area.width);
    let all = text.len() + look.len() + others.len();
    if all > usize::from(area.height) {
        all - look.len()
    } else {
        all
    }
}

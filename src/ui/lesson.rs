//! The lesson pane: the narrative the lesson attaches to this timestep and layer, and what it
//! asks the student to look at.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::text::{put, wrap};
use super::view::View;
use crate::app::App;

/// The lines of the narrative at the cursor, wrapped to `width`.
pub fn lines(view: &View, width: u16) -> Vec<String> {
    let app = view.app;
    let (mut text, look) = parts(app, width);
    text.extend(look);
    text
}

/// The narrative's text, and apart the hints drawn dim: its "look at" line, or that there is no
/// note.
fn parts(app: &App, width: u16) -> (Vec<String>, Vec<String>) {
    let Some(layer) = app.model_layer() else {
        return (vec![], vec![]);
    };
    let name = &app.session.model.layers[layer].name;
    match app.session.lesson.note_for(app.cursor.t, app.steps, name) {
        Some(note) => {
            let look = note.look_at.map_or(vec![], |q| {
                wrap(
                    &format!("look at: {} ({}), in the timeline", q.letter(), q.title()),
                    usize::from(width),
                )
            });
            (wrap(&note.text, usize::from(width)), look)
        }
        None => (vec![], vec!["(no note for this step)".to_string()]),
    }
}

pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let room = usize::from(area.height);
    // The "look at" line gives way first: the timeline already shows that quantity.
    let (text, look) = parts(app, area.width);
    let look = if text.len() + look.len() > room { vec![] } else { look };
    let lines: Vec<(&String, _)> = text
        .iter()
        .map(|line| (line, theme.base()))
        .chain(look.iter().map(|line| (line, theme.dim())))
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

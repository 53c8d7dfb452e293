//! The same numbers look the same: lstm's h(t) and lstm_1's x(t) in lesson4 (stacking) are drawn
//! with the same glyphs and colours, under both scalings, in ASCII too.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::App;
use crate::session::{Overrides, Session};
use crate::ui::theme::{Depth, ThemeName};
use crate::ui::{Look, Screen};

/// The shades (symbol and colour) of the row labelled with one of `labels` in the `nth` pane
/// that has one, in order, without the spaces between units and the change marks.
fn shades(buf: &Buffer, labels: &[&str], nth: usize, look: &Look) -> Vec<(String, ratatui::style::Color)> {
    let ramp = look.glyphs.ramp;
    let rows: Vec<u16> = (0..buf.area.height)
        .filter(|&y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            labels.iter().any(|l| line.starts_with(&format!("{l} ")))
        })
        .collect();
    let y = rows[nth];
    // The units of the left pane only (the inspector is to its right, after a rule), not its
    // legend (ASCII draws its ± with shades' characters).
    let rule = (0..buf.area.width)
        .find(|&x| buf[(x, y)].symbol() == look.glyphs.vrule)
        .unwrap_or(buf.area.width);
    (0..rule.saturating_sub(super::LEGEND))
        .map(|x| &buf[(x, y)])
        .filter(|c| ramp.contains(&c.symbol()))
        .map(|c| (c.symbol().to_string(), c.fg))
        .collect()
}

fn frame(app: &App, look: Look) -> Buffer {
    let size = (120, 40);
    let mut screen = Screen::new(app, look, size);
    let area = Rect::new(0, 0, size.0, size.1);
    let mut buf = Buffer::empty(area);
    screen.render(app, area, &mut buf);
    buf
}

#[test]
fn a_layers_h_and_the_next_layers_x_are_drawn_alike() {
    let session = Session::load("lesson4", &Overrides::default()).expect("lesson4 loads");
    let mut app = App::new(session);
    for ascii in [false, true] {
        let look = Look::new(ThemeName::Dark, Depth::TrueColor, ascii);
        for t in [0, 3] {
            app.cursor.t = t;
            for auto in [false, true] {
                app.cursor.auto_scale = auto;
                let buf = frame(&app, look);
                let h = shades(&buf, &["h(t)", "hidden h(t)"], 0, &look);
                let x = shades(&buf, &["x(t)"], 1, &look);
                assert_eq!(h.len(), 64, "every unit of lstm shows");
                assert_eq!(h, x, "t={t} auto={auto} ascii={ascii}");
                let distinct: std::collections::HashSet<_> = h.iter().map(|s| &s.0).collect();
                assert!(distinct.len() > 2, "the row is not flat: {h:?}");
            }
        }
    }
}

#[test]
fn a_unit_one_column_wide_that_moved_is_underlined() {
    use crate::model::cell::Quantity;
    use ratatui::style::Modifier;

    let session = Session::load("lesson4", &Overrides::default()).expect("lesson4 loads");
    let mut app = App::new(session);
    app.cursor.t = 3;
    let look = Look::new(ThemeName::Dark, Depth::TrueColor, false);
    let buf = frame(&app, look);
    let screen = Screen::new(&app, look, (120, 40));
    let view = screen.view(&app);
    let cell = &app.layers().cells(0)[0];
    let k = cell.step_of(3).expect("t=3 is a step");
    let (_, scale, change) = super::row_values(&view, 0, cell, super::Row::State(Quantity::H), k);
    let moved: Vec<bool> = change
        .expect("h has a change")
        .iter()
        .map(|d| scale.marks(*d))
        .collect();
    assert!(moved.iter().any(|m| *m) && !moved.iter().all(|m| *m), "{moved:?}");
    // lstm's h(t) row, one column a unit at 120×40: which shades are underlined.
    let y = (0..buf.area.height)
        .find(|&y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            line.starts_with("h(t) ") || line.starts_with("hidden h(t) ")
        })
        .expect("an h(t) row");
    let underlined: Vec<bool> = (0..buf.area.width)
        .map(|x| &buf[(x, y)])
        .filter(|c| look.glyphs.ramp.contains(&c.symbol()))
        .take(64)
        .map(|c| c.modifier.contains(Modifier::UNDERLINED))
        .collect();
    assert_eq!(underlined, moved, "the underlined shades are the units that moved");
}

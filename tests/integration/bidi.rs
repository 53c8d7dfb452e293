//! A Bidirectional layer at 80 columns: where its two cells do not both show every unit side by
//! side, the cursor's cell shows alone with all its units (`d` shows the other), and clicks land
//! on the units drawn; where both fit in full they stay side by side.

use lstm_tui::keys::parse_keys;
use lstm_tui::model::cell::Direction;
use lstm_tui::session::{Overrides, Session};
use lstm_tui::tui::debugger::{Debugger, Event};
use lstm_tui::tui::frame::{render, replay, to_text};
use lstm_tui::ui::Look;
use lstm_tui::ui::layer::{self, Grid};
use lstm_tui::ui::theme::{Depth, ThemeName};

fn lesson6(size: (u16, u16), keys: &str) -> Debugger {
    let session = Session::load("lesson6", &Overrides::default()).expect("lesson6 loads");
    let look = Look::new(ThemeName::Dark, Depth::TrueColor, false);
    replay(session, look, size, &parse_keys(keys).expect("valid key names"))
}

/// The Bidirectional layer's grids as the screen lays them out.
fn grids(a: &Debugger) -> Vec<Grid> {
    let (w, h) = a.screen.size;
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let panes = lstm_tui::ui::layout(&a.app, area).expect("large enough");
    let (k, rect, folded) = panes.layers[0];
    assert!(!folded, "the layer is unfolded");
    layer::grids(&a.app, k, rect, w)
}

/// The shades on the frame's rows starting with `label`, in the layer pane (before the legend).
fn shades_on(frame: &str, label: &str) -> Vec<usize> {
    frame
        .lines()
        .filter(|l| l.starts_with(&format!("{label} ")))
        .map(|l| l.chars().take(72).filter(|c| "▁▂▃▄▅▆▇█".contains(*c)).count())
        .collect()
}

#[test]
fn at_80x24_the_shown_cell_has_all_32_units_and_d_shows_the_other() {
    for (keys, shown, other) in [
        ("", Direction::Forward, "backward"),
        ("d", Direction::Backward, "forward"),
    ] {
        let mut a = lesson6((80, 24), keys);
        let g = grids(&a);
        assert_eq!(g.len(), 1, "one cell at a time");
        assert_eq!((g[0].cell, g[0].first, g[0].shown, g[0].units), (shown, 0, 32, 32));
        let frame = to_text(&render(&mut a));
        assert!(!frame.contains("/32"), "no window mark:\n{frame}");
        assert!(frame.contains("Bidirectional(LSTM(32)) · 32 units"), "{frame}");
        // One h(t) row (the pane's; the timeline's rows are numbered), all 32 units in it.
        assert_eq!(shades_on(&frame, "h(t)"), vec![32], "{frame}");
        // Both directions named, the shown one marked, and the key for the other.
        let line = frame.lines().nth(3).expect("the directions line");
        assert!(line.contains(&format!("▸ {} x", shown.name())), "{line}");
        assert!(line.contains(&format!(" {other} x")), "{line}");
        assert!(line.ends_with(&format!("  d: {other}")), "{line}");
    }
}

#[test]
fn at_200x60_both_cells_stay_side_by_side_in_full() {
    let mut a = lesson6((200, 60), "");
    let g = grids(&a);
    let shown: Vec<_> = g.iter().map(|g| (g.cell, g.first, g.shown)).collect();
    assert_eq!(shown, [(Direction::Forward, 0, 32), (Direction::Backward, 0, 32)]);
    let frame = to_text(&render(&mut a));
    assert!(frame.contains(" forward: read x0‥x0 (1/500)"), "{frame}");
    assert!(frame.contains("│ backward: read x499‥x0 (500/500)"), "{frame}");
    assert!(!frame.contains("d: backward"), "{frame}");
}

#[test]
fn a_click_on_a_unit_of_the_single_cell_focuses_it() {
    // Unit 30 was outside the 0‥23 window the two cells side by side left each other.
    for (keys, cell, unit) in [("", Direction::Forward, 30), ("d", Direction::Backward, 27)] {
        let mut a = lesson6((80, 24), keys);
        let g = grids(&a)[0];
        let (column, row) = (g.x0 + unit as u16 * g.cell_w, g.area.y + 8);
        let frame = to_text(&render(&mut a));
        let line = frame.lines().nth(usize::from(row)).expect("a row");
        assert!(line.starts_with("h(t)"), "{line}");
        let drawn = line.chars().nth(usize::from(column)).expect("a column");
        assert!(
            "▁▂▃▄▅▆▇█".contains(drawn),
            "the click lands on a drawn value, not {drawn:?}"
        );
        a.handle(Event::Click { column, row });
        assert_eq!(
            (a.app.cursor.layer, a.app.cursor.cell, a.app.cursor.unit),
            (0, cell, unit)
        );
        let frame = to_text(&render(&mut a));
        assert!(
            frame.contains(&format!("unit {unit} {} at t=0", cell.name())),
            "{frame}"
        );
    }
}

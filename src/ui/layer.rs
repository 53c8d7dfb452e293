//! A recurrent layer's pane: for each of its cells (two, side by side, for Bidirectional) the
//! input x(t), the gates f, i, o, the candidate g, c(t-1) → c(t) and h(t), one column per unit,
//! shaded and coloured on each quantity's scale, with numbers where the width allows, ↑/↓ where a
//! value moved by a tenth of its scale since the previous step, and a legend. A layer wider than
//! the pane shows a window around the focused unit, with its position in the title.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::scale::{Scale, short};
use super::text::put;
use super::view::View;
use crate::app::App;
use crate::model::cell::{Direction, Quantity};
use crate::model::trace::CellTrace;

/// Row labels are this wide.
const LABEL: u16 = 7;
/// The legend at the end of each row.
const LEGEND: u16 = 6;
/// A unit drawn as a number: 6 characters and a change mark.
const NUMBER: u16 = 7;
/// A unit drawn as a shade and a change mark.
const SHADE: u16 = 2;

/// Rows of a cell block: x, f, i, g, o, c(t-1), c(t), h(t).
pub const CELL_ROWS: u16 = 8;

/// What one row of a cell block shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Input,
    Gate(Quantity),
    CellBefore,
    State(Quantity),
}

fn rows() -> [Row; CELL_ROWS as usize] {
    let gates = Quantity::ALL.map(|q| match q {
        Quantity::C | Quantity::H => Row::State(q),
        q => Row::Gate(q),
    });
    // Quantity::ALL is f, i, g, o, c, h: put c(t-1) just before c(t).
    [
        Row::Input,
        gates[0],
        gates[1],
        gates[2],
        gates[3],
        Row::CellBefore,
        gates[4],
        gates[5],
    ]
}

/// Where one cell's units are drawn, shared by drawing and mouse clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    /// Which of the layer's cells.
    pub cell: Direction,
    /// The block's rows (x .. h) and full width.
    pub area: Rect,
    /// The first unit column's x.
    pub x0: u16,
    pub cell_w: u16,
    pub first: usize,
    pub shown: usize,
    pub units: usize,
}

impl Grid {
    /// The unit under a screen position, if any.
    pub fn unit_at(&self, column: u16, row: u16) -> Option<usize> {
        let inside = row > self.area.y && row < self.area.bottom() && column >= self.x0;
        let k = usize::from((column.checked_sub(self.x0)?) / self.cell_w);
        (inside && k < self.shown).then_some(self.first + k)
    }
}

/// Columns a layer needs to show every unit as a shade.
pub fn full_width(app: &App, layer: usize) -> u16 {
    let cells = app.layers().cells(layer);
    let one = cells.first().map_or(0, |c| c.units() as u16 * SHADE) + LABEL + LEGEND;
    one * cells.len() as u16 + cells.len() as u16 - 1
}

/// Rows a layer needs unfolded.
pub fn full_height(app: &App, layer: usize) -> u16 {
    let cells = app.layers().cells(layer).len() as u16;
    1 + CELL_ROWS + u16::from(cells > 1)
}

/// The window of `shown` units out of `units` that keeps `focus` in view, centred when it can.
pub fn window(units: usize, focus: usize, shown: usize) -> usize {
    if shown >= units {
        0
    } else {
        focus.saturating_sub(shown / 2).min(units - shown)
    }
}

/// The grids of an unfolded layer pane in `area`.
pub fn grids(app: &App, layer: usize, area: Rect) -> Vec<Grid> {
    let cells = app.layers().cells(layer);
    let n = cells.len() as u16;
    let gap = n - 1;
    let width = (area.width.saturating_sub(gap)) / n.max(1);
    let top = area.y + 1 + u16::from(n > 1);
    cells
        .iter()
        .enumerate()
        .map(|(k, cell)| {
            let x = area.x + k as u16 * (width + 1);
            let room = width.saturating_sub(LABEL + LEGEND);
            let units = cell.units();
            let cell_w = if units as u16 * NUMBER <= room { NUMBER } else { SHADE };
            let shown = usize::from(room / cell_w).min(units).max(1);
            let focus = if layer == app.cursor.layer {
                app.cursor.unit
            } else {
                app.cursor.unit.min(units - 1)
            };
            Grid {
                cell: cell.direction,
                area: Rect::new(x, top - 1, width, CELL_ROWS + 1),
                x0: x + LABEL,
                cell_w,
                first: window(units, focus, shown),
                shown,
                units,
            }
        })
        .collect()
}

/// The start of a layer pane's title, for every kind of layer: the focus marker, the model
/// layer's name and its output shape; where the title goes on.
pub fn title_start(view: &View, model_layer: usize, focused: bool, area: Rect, buf: &mut Buffer) -> u16 {
    let theme = &view.look.theme;
    let marker = if focused { view.look.glyphs.more_right } else { " " };
    let mut x = put(buf, area.x, area.y, marker, theme.title(), area.right());
    x = put(buf, x, area.y, " ", Style::new(), area.right());
    let model = &view.app.session.model;
    let layer = &model.layers[model_layer];
    let name = format!(
        "{} {}",
        layer.name,
        layer.output_shape.keras(model.spec.input.batch_size)
    );
    let style = if focused { theme.focus() } else { theme.title() };
    put(buf, x, area.y, &name, style, area.right())
}

/// Draw an unfolded layer pane; where its units went.
pub fn render(view: &View, layer: usize, area: Rect, buf: &mut Buffer) -> Vec<Grid> {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let index = app.recurrent[layer];
    let cells = app.layers().cells(layer);
    let focused = layer == app.cursor.layer;
    let grids = grids(app, layer, area);
    let units = grids.first().map_or(0, |gr| gr.units);
    // Title: name, output shape, what it is, and where the window is.
    let mut x = title_start(view, index, focused, area, buf);
    let what = match cells.len() {
        1 => format!(" {} LSTM({units})", g.dot),
        _ => format!(" {} Bidirectional(LSTM({units}))", g.dot),
    };
    x = put(buf, x, area.y, &what, theme.dim(), area.right());
    if let Some(gr) = grids.first() {
        let pos = if gr.shown < gr.units {
            format!(
                "  units {}{}{} of {} {}{}",
                gr.first,
                g.range,
                gr.first + gr.shown - 1,
                gr.units,
                if gr.first > 0 { g.more_left } else { " " },
                if gr.first + gr.shown < gr.units {
                    g.more_right
                } else {
                    " "
                }
            )
        } else {
            format!("  units 0{}{}", g.range, gr.units - 1)
        };
        put(buf, x, area.y, &pos, theme.dim(), area.right());
    }
    for (gr, cell) in grids.iter().zip(cells) {
        if gr.cell != Direction::Forward {
            for y in area.y + 1..area.bottom() {
                put(buf, gr.area.x - 1, y, g.vrule, theme.dim(), gr.area.x);
            }
        }
        if cells.len() > 1 {
            direction_line(view, cell, gr, buf);
        }
        draw_cell(view, layer, cell, gr, buf);
    }
    grids
}

/// For Bidirectional: which way this cell reads and how far it has got.
fn direction_line(view: &View, cell: &CellTrace, gr: &Grid, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let t = app.cursor.t;
    let last = app.steps - 1;
    let k = cell.step_of(t).unwrap_or(0);
    let read = if cell.t.first() == Some(&0) {
        format!("x0{}x{t}", g.range)
    } else {
        format!("x{last}{}x{t}", g.range)
    };
    let text = format!(" {}: read {read} ({}/{})", cell.direction.name(), k + 1, app.steps);
    let focused = app.cursor.cell == gr.cell;
    let style = if focused { theme.title() } else { theme.dim() };
    put(buf, gr.area.x, gr.area.y, &text, style, gr.area.right());
}

fn draw_cell(view: &View, layer: usize, cell: &CellTrace, gr: &Grid, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let Some(k) = cell.step_of(app.cursor.t) else { return };
    let focus_unit = (layer == app.cursor.layer && gr.cell == app.cursor.cell).then_some(app.cursor.unit);
    let right = gr.area.right();
    let legend_x = right.saturating_sub(LEGEND) + 1;
    let extent = view.extent(layer, gr.cell);
    for (r, row) in rows().into_iter().enumerate() {
        let y = gr.area.y + 1 + r as u16;
        let (label, scale, values, change): (&str, Scale, Vec<f32>, Option<Vec<f32>>) = match row {
            Row::Input => ("x(t)", Scale::of_input(extent), cell.x_at(k).to_vec(), None),
            Row::Gate(q) | Row::State(q) => (
                match q {
                    Quantity::C => "c(t)",
                    Quantity::H => "h(t)",
                    _ => q.letter(),
                },
                Scale::of(q, extent),
                cell.get(q).row(k).to_vec(),
                Some(cell.change(q, k).to_vec()),
            ),
            Row::CellBefore => ("c(t-1)", Scale::of(Quantity::C, extent), cell.c_prev(k).to_vec(), None),
        };
        put(buf, gr.area.x, y, label, theme.title(), gr.x0);
        if row == Row::Input {
            draw_input(view, &values, scale, gr, y, buf);
        } else {
            for j in 0..gr.shown {
                let unit = gr.first + j;
                let x = gr.x0 + j as u16 * gr.cell_w;
                let v = values[unit];
                let mark = match change.as_ref().map(|c| c[unit]) {
                    Some(d) if scale.marks(d) && d > 0.0 => g.up,
                    Some(d) if scale.marks(d) => g.down,
                    _ => " ",
                };
                let body = if gr.cell_w == NUMBER {
                    format!("{:>6}", short(v))
                } else {
                    g.shade(scale.level(v)).to_string()
                };
                let mut style = theme.scale(scale.ramp, scale.level(v));
                if focus_unit == Some(unit) {
                    style = style.patch(theme.focus());
                }
                let x = put(buf, x, y, &body, style, right);
                put(buf, x, y, mark, style, right);
            }
        }
        put(buf, legend_x, y, &scale.legend(g), theme.dim(), right);
    }
}

/// The input row: its own width (features, not units), shrunk to one column per feature or cut
/// with the number left out shown in the legend's place.
fn draw_input(view: &View, values: &[f32], scale: Scale, gr: &Grid, y: u16, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let room = usize::from(gr.area.width.saturating_sub(LABEL + LEGEND));
    let n = values.len();
    let (w, shown) = if n * usize::from(NUMBER) <= room && gr.cell_w == NUMBER {
        (NUMBER, n)
    } else if n * 2 <= room {
        (2, n)
    } else {
        (1, n.min(room.saturating_sub(6)))
    };
    for (j, v) in values.iter().take(shown).enumerate() {
        let x = gr.x0 + j as u16 * w;
        let style = theme.scale(scale.ramp, scale.level(*v));
        let body = if w == NUMBER {
            format!("{:>6}", short(*v))
        } else {
            g.shade(scale.level(*v)).to_string()
        };
        put(buf, x, y, &body, style, gr.area.right());
    }
    if shown < n {
        let x = gr.x0 + (shown as u16) * w;
        put(
            buf,
            x,
            y,
            &format!("+{}{}", n - shown, g.more_right),
            theme.dim(),
            gr.area.right(),
        );
    }
}

/// A folded layer: one line with its name and h(t), one column per unit.
pub fn render_folded(view: &View, layer: usize, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let index = app.recurrent[layer];
    let model_layer = &app.session.model.layers[index];
    let cells = app.layers().cells(layer);
    let name = format!(
        "  {} {}",
        model_layer.name,
        model_layer.output_shape.keras(app.session.model.spec.input.batch_size)
    );
    let mut x = put(buf, area.x, area.y, &name, theme.title(), area.right());
    // h's scale is the same for every cell.
    let scale = Scale::of(Quantity::H, view.extent(layer, Direction::Forward));
    for cell in cells {
        let Some(k) = cell.step_of(app.cursor.t) else { continue };
        let label = if cells.len() > 1 {
            format!(" h {}", &cell.direction.name()[..1])
        } else {
            " h(t) ".to_string()
        };
        x = put(buf, x, area.y, &label, theme.dim(), area.right());
        let units = cell.units();
        let room = usize::from(area.right().saturating_sub(x)) / cells.len();
        let shown = units.min(room.saturating_sub(5));
        for v in cell.values.h.row(k).iter().take(shown) {
            x = put(
                buf,
                x,
                area.y,
                g.shade(scale.level(*v)),
                theme.scale(scale.ramp, scale.level(*v)),
                area.right(),
            );
        }
        if shown < units {
            x = put(
                buf,
                x,
                area.y,
                &format!("+{}", units - shown),
                theme.dim(),
                area.right(),
            );
        }
    }
}

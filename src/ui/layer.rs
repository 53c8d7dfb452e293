//! A recurrent layer's pane: for each of its cells (two, side by side, for Bidirectional) the
//! input x(t), its features one column each and not lined up with the units below, then the
//! gates f, i, o, the candidate g, c(t-1) → c(t) and h(t), one column per unit, shaded and
//! coloured on each row's scale (fixed or auto, named in the title), with numbers where the
//! width allows, ↑/↓ where a value moved by a tenth of its scale since the previous step (an
//! underlined shade when a unit has one column), and a legend. A layer that fits one column a
//! unit shows all its units; a wider one shows a window around the focused unit, with its
//! position in the title. A Bidirectional layer whose two cells do not both show every unit
//! side by side shows the cursor's cell alone, under a line naming both directions.
//! From 100 columns the rows are named in words (forget f), else by their letters. A folded
//! layer is one line of h(t), its shape left out when its units do not all fit beside it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthStr;

use super::scale::{Kind, LEGEND_TEXT, Scale, short};
use super::text::{put, put_whole};
use super::values::{self, NUMBER};
use super::view::View;
use crate::app::App;
use crate::keys::{Action, binding};
use crate::model::cell::{Direction, Quantity};
use crate::model::trace::CellTrace;

/// Row labels are this wide, with letters or with words.
const LABEL: u16 = 7;
const LABEL_WORDS: u16 = 12;
/// The input row's label, `x(t) `: its features start before the units do.
const X_LABEL: u16 = 5;
/// The legend at the end of each row, after a space.
pub const LEGEND: u16 = LEGEND_TEXT + 1;
/// A unit drawn as a shade and a change mark.
const SHADE: u16 = 2;

/// Rows of a cell block: x, f, i, g, o, c(t-1), c(t), h(t).
pub const CELL_ROWS: u16 = 8;

/// Whether a screen this wide can name the rows in words (else by their letters).
pub fn words(screen_width: u16) -> bool {
    screen_width >= 100
}

/// Whether layer panes `pane_width` wide on a screen `screen_width` wide name their rows in
/// words: from 100 columns, unless the longer labels would leave a layer's units in a window
/// that letters would show in full.
fn words_fit(app: &App, pane_width: u16, screen_width: u16) -> bool {
    let shown = |layer: usize, words: bool| -> Vec<usize> {
        let area = Rect::new(0, 0, pane_width, full_height(app, layer));
        grids_with(app, layer, area, words).iter().map(|g| g.shown).collect()
    };
    words(screen_width) && (0..app.layers().count()).all(|k| shown(k, true) == shown(k, false))
}

/// What one row of a cell block shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Input,
    Gate(Quantity),
    CellBefore,
    State(Quantity),
}

impl Row {
    fn label(self, words: bool) -> &'static str {
        match (self, words) {
            (Row::Input, _) => "x(t)",
            (Row::CellBefore, false) => "c(t-1)",
            (Row::CellBefore, true) => "cell c(t-1)",
            (Row::Gate(q) | Row::State(q), false) => match q {
                Quantity::C => "c(t)",
                Quantity::H => "h(t)",
                q => q.letter(),
            },
            (Row::Gate(q) | Row::State(q), true) => match q {
                Quantity::F => "forget f",
                Quantity::I => "input i",
                Quantity::G => "candidate g",
                Quantity::O => "output o",
                Quantity::C => "cell c(t)",
                Quantity::H => "hidden h(t)",
            },
        }
    }
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
    /// The first column's position in the layer's unit order (its unit, unless `:sort` put the
    /// layer in another order: [`App::unit_at_position`]).
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

/// Columns a layer needs to show every unit as a shade with its change mark, and every
/// feature of its input.
pub fn full_width(app: &App, layer: usize, words: bool) -> u16 {
    let cells = app.layers().cells(layer);
    let label = if words { LABEL_WORDS } else { LABEL };
    let one = cells.first().map_or(0, |c| {
        let units = c.units() as u16 * SHADE + label;
        let features = c.x.ncols() as u16 + X_LABEL;
        units.max(features) + LEGEND
    });
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

/// The grids of an unfolded layer pane in `area` on a screen `screen_width` wide.
pub fn grids(app: &App, layer: usize, area: Rect, screen_width: u16) -> Vec<Grid> {
    grids_with(app, layer, area, words_fit(app, area.width, screen_width))
}

/// The grids of an unfolded layer pane in `area`, its rows named in words or not: a
/// Bidirectional layer's two cells side by side where both show every unit, else the cursor's
/// cell alone at the pane's full width (`d` shows the other).
fn grids_with(app: &App, layer: usize, area: Rect, words: bool) -> Vec<Grid> {
    let cells = app.layers().cells(layer);
    let both = place(app, layer, cells, area, words);
    if cells.len() < 2 || both.iter().all(|g| g.shown == g.units) {
        return both;
    }
    let k = app.cursor.cell.within(cells.len()).index();
    place(app, layer, &cells[k..=k], area, words)
}

/// Grids for `cells` of a layer side by side in `area`, under the line naming the directions
/// when the layer has two.
fn place(app: &App, layer: usize, cells: &[CellTrace], area: Rect, words: bool) -> Vec<Grid> {
    let n = cells.len() as u16;
    let gap = n.saturating_sub(1);
    let width = (area.width.saturating_sub(gap)) / n.max(1);
    let top = area.y + 1 + u16::from(app.layers().cells(layer).len() > 1);
    let label = if words { LABEL_WORDS } else { LABEL };
    cells
        .iter()
        .enumerate()
        .map(|(k, cell)| {
            let x = area.x + k as u16 * (width + 1);
            let room = usize::from(width.saturating_sub(label + LEGEND));
            let units = cell.units();
            // Numbers, else a shade and a change mark, else one column a unit, no gaps.
            let cell_w = [NUMBER, SHADE, 1]
                .into_iter()
                .find(|w| units * usize::from(*w) <= room)
                .unwrap_or(1);
            let shown = (room / usize::from(cell_w)).min(units).max(1);
            let unit = if layer == app.cursor.layer {
                app.cursor.unit
            } else {
                app.cursor.unit.min(units - 1)
            };
            let focus = app.position_of(layer, cell.direction, unit);
            Grid {
                cell: cell.direction,
                area: Rect::new(x, top - 1, width, CELL_ROWS + 1),
                x0: x + label,
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

/// `prefix` and as many of the sorted unit numbers as fit in `room` columns, then `ellipsis`
/// for the rest.
fn first_of_order(prefix: &str, order: &[String], ellipsis: &str, room: usize) -> String {
    let mut text = prefix.to_string();
    for (k, unit) in order.iter().enumerate() {
        let rest = if k + 1 < order.len() { 1 + ellipsis.width() } else { 0 };
        if text.width() + 1 + unit.width() + rest > room {
            text.push(' ');
            text.push_str(ellipsis);
            return text;
        }
        text.push(' ');
        text.push_str(unit);
    }
    text
}

/// `64 features`, `1 feature`.
fn features(n: usize) -> String {
    format!("{n} feature{}", if n == 1 { "" } else { "s" })
}

/// Whether the input row has room after its features to say how many there are.
fn input_says_features(view: &View, cell: &CellTrace, gr: &Grid) -> bool {
    let room = usize::from(gr.area.width.saturating_sub(X_LABEL + LEGEND));
    let n = cell.x.ncols();
    values::width(view, n, room, gr.cell_w == NUMBER) + 1 + features(n).width() <= room
}

/// The word over the legends naming the scales in use.
pub fn scaling(app: &App) -> &'static str {
    if app.cursor.auto_scale { "auto" } else { "fixed" }
}

/// Draw an unfolded layer pane; where its units went.
pub fn render(view: &View, layer: usize, area: Rect, buf: &mut Buffer) -> Vec<Grid> {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let index = app.recurrent[layer];
    let cells = app.layers().cells(layer);
    let focused = layer == app.cursor.layer;
    let words = words_fit(app, area.width, buf.area.width);
    let grids = grids_with(app, layer, area, words);
    // Title: name, output shape, what it is, how many features it reads (when its input row
    // has no room to say) and which units show; the scales' name over the legends.
    let legend_x = area.right().saturating_sub(LEGEND) + 1;
    let right = legend_x.saturating_sub(1);
    let mut x = title_start(view, index, focused, area, buf);
    put(buf, legend_x, area.y, scaling(app), theme.dim(), area.right());
    let Some(gr) = grids.first() else {
        return grids;
    };
    let cell = &cells[gr.cell.index()];
    let units = gr.units;
    let what = match cells.len() {
        1 => format!(" {} LSTM({units})", g.dot),
        _ => format!(" {} Bidirectional(LSTM({units}))", g.dot),
    };
    x = put_whole(buf, x, area.y, &what, theme.dim(), right);
    let more = |more: bool, mark: &'static str| if more { mark } else { "" };
    let marks = format!(
        "{}{}",
        more(gr.first > 0, g.more_left),
        more(gr.first + gr.shown < gr.units, g.more_right)
    );
    let last = gr.first + gr.shown - 1;
    let (shown, short_shown) = if gr.shown < gr.units {
        (
            format!("units {}{}{last} of {} {marks}", gr.first, g.range, gr.units),
            format!("units {}{}{last}/{} {marks}", gr.first, g.range, gr.units),
        )
    } else {
        (format!("{units} units"), format!("{units} units"))
    };
    let features = format!("{} {} ", features(cell.x.ncols()), g.arrow);
    let says = input_says_features(view, cell, gr);
    // The longest that fits: with the features (when the input row cannot say them), without,
    // or the window alone.
    let candidates = match app.sort_label(layer) {
        // Sorted: what by, and the units in the order shown (as many as fit, then `…`).
        Some(label) => {
            let order: Vec<String> = (gr.first..=last)
                .map(|p| app.unit_at_position(layer, gr.cell, p).to_string())
                .collect();
            let by = app.sorted.as_ref().map_or("", |s| s.by.short());
            let room = usize::from(right.saturating_sub(x));
            vec![
                format!(" {} by {label}: {}", g.dot, order.join(" ")),
                format!(" {} by {by}: {}", g.dot, order.join(" ")),
                first_of_order(&format!(" {} by {by}:", g.dot), &order, g.ellipsis, room),
            ]
        }
        None => vec![
            format!(" {} {}{shown}", g.dot, if says { "" } else { &features }),
            format!(" {} {shown}", g.dot),
            format!(" {short_shown}"),
        ],
    };
    let style = if app.sort_label(layer).is_some() {
        theme.title()
    } else {
        theme.dim()
    };
    if let Some(pos) = candidates
        .iter()
        .find(|c| usize::from(x) + c.width() <= usize::from(right))
    {
        put(buf, x, area.y, pos, style, right);
    }
    let alone = grids.len() < cells.len();
    for (k, gr) in grids.iter().enumerate() {
        let cell = &cells[gr.cell.index()];
        if k > 0 {
            for y in area.y + 1..area.bottom() {
                put(buf, gr.area.x - 1, y, g.vrule, theme.dim(), gr.area.x);
            }
        }
        if alone {
            directions_line(view, cells, gr, buf);
        } else if cells.len() > 1 {
            direction_line(view, cell, gr, buf);
        }
        draw_cell(view, layer, cell, gr, words, buf);
    }
    grids
}

/// For Bidirectional: which way a cell reads and how far it has got at step t, `forward: read
/// x0‥x3 (4/500)`, or without `read` and the colon (`forward x0‥x3 (4/500)`).
fn reading(view: &View, cell: &CellTrace, t: usize, long: bool) -> String {
    let app = view.app;
    let g = view.look.glyphs;
    let last = app.steps - 1;
    let k = cell.step_of(t).unwrap_or(0);
    let read = if cell.t.first() == Some(&0) {
        format!("x0{}x{t}", g.range)
    } else {
        format!("x{last}{}x{t}", g.range)
    };
    let name = cell.direction.name();
    let how_far = format!("{read} ({}/{})", k + 1, app.steps);
    if long {
        format!("{name}: read {how_far}")
    } else {
        format!("{name} {how_far}")
    }
}

/// For Bidirectional side by side: which way this cell reads and how far it has got.
fn direction_line(view: &View, cell: &CellTrace, gr: &Grid, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let text = format!(" {}", reading(view, cell, view.app.cursor.t, true));
    let focused = view.app.cursor.cell == gr.cell;
    let style = if focused { theme.title() } else { theme.dim() };
    put(buf, gr.area.x, gr.area.y, &text, style, gr.area.right());
}

/// For Bidirectional with one cell shown: both directions, the shown one marked and
/// highlighted, and the key that shows the other. The longest form that fits at every step
/// (so that it does not change as t does): with `read`, without, without the key.
fn directions_line(view: &View, cells: &[CellTrace], gr: &Grid, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let steps = view.app.steps;
    let hint = format!(
        "  {}: {}",
        binding(Action::SwitchDirection).keys(1, "/"),
        gr.cell.other().name()
    );
    // Where each cell's text is widest: at the first, the middle or the last step.
    let widest = |long: bool| -> usize {
        let each = cells.iter().map(|c| {
            [0, steps / 2, steps - 1]
                .map(|t| reading(view, c, t, long).width())
                .into_iter()
                .max()
                .unwrap_or(0)
        });
        each.sum::<usize>() + 2 + 3 * (cells.len() - 1)
    };
    let room = usize::from(gr.area.width);
    let (long, with_hint) = [(true, true), (false, true), (true, false), (false, false)]
        .into_iter()
        .find(|&(long, h)| widest(long) + if h { hint.width() } else { 0 } <= room)
        .unwrap_or((false, false));
    let mut x = gr.area.x;
    for (k, cell) in cells.iter().enumerate() {
        if k > 0 {
            x = put(
                buf,
                x,
                gr.area.y,
                &format!(" {} ", g.vrule),
                theme.dim(),
                gr.area.right(),
            );
        }
        let (mark, style) = match (cell.direction == gr.cell, k) {
            (true, _) => (format!("{} ", g.more_right), theme.title()),
            (false, 0) => (" ".to_string(), theme.dim()),
            (false, _) => (String::new(), theme.dim()),
        };
        let text = format!("{mark}{}", reading(view, cell, view.app.cursor.t, long));
        x = put(buf, x, gr.area.y, &text, style, gr.area.right());
    }
    if with_hint {
        put(buf, x, gr.area.y, &hint, theme.dim(), gr.area.right());
    }
}

/// A row's values at step k, its scale and, for the recorded quantities, each unit's change.
fn row_values(view: &View, layer: usize, cell: &CellTrace, row: Row, k: usize) -> (Vec<f32>, Scale, Option<Vec<f32>>) {
    let extent = view.extent(layer, cell.direction);
    let auto = view.app.cursor.auto_scale;
    let (values, kind, run_max, change) = match row {
        Row::Input => (cell.x_at(k).to_vec(), Kind::Signed, extent.x, None),
        Row::CellBefore => (cell.c_prev(k).to_vec(), Kind::Signed, extent.c, None),
        Row::Gate(q) | Row::State(q) => (
            cell.get(q).row(k).to_vec(),
            Kind::of(q),
            extent.of_quantity(q),
            Some(cell.change(q, k).to_vec()),
        ),
    };
    let scale = Scale::of_row(kind, run_max, &values, auto);
    (values, scale, change)
}

fn draw_cell(view: &View, layer: usize, cell: &CellTrace, gr: &Grid, words: bool, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let Some(k) = cell.step_of(app.cursor.t) else { return };
    let focus_unit = (layer == app.cursor.layer && gr.cell == app.cursor.cell).then_some(app.cursor.unit);
    let right = gr.area.right();
    let legend_x = right.saturating_sub(LEGEND) + 1;
    for (r, row) in rows().into_iter().enumerate() {
        let y = gr.area.y + 1 + r as u16;
        let (values, scale, change) = row_values(view, layer, cell, row, k);
        put(buf, gr.area.x, y, row.label(words), theme.title(), gr.x0);
        put(buf, legend_x, y, &scale.legend(g), theme.dim(), right);
        if row == Row::Input {
            let x0 = gr.area.x + X_LABEL;
            let end = legend_x.saturating_sub(1);
            let x = values::draw(view, &values, scale, (x0, y), end, gr.cell_w == NUMBER, buf);
            if input_says_features(view, cell, gr) {
                put(buf, x + 1, y, &features(values.len()), theme.dim(), end);
            }
            continue;
        }
        for j in 0..gr.shown {
            let unit = app.unit_at_position(layer, gr.cell, gr.first + j);
            let x = gr.x0 + j as u16 * gr.cell_w;
            let v = values[unit];
            let moved = match change.as_ref().map(|c| c[unit]) {
                Some(d) if scale.marks(d) && d > 0.0 => Some(g.up),
                Some(d) if scale.marks(d) => Some(g.down),
                _ => None,
            };
            let (body, mark) = match gr.cell_w {
                NUMBER => (format!("{:>6}", short(v)), moved.unwrap_or(" ")),
                1 => (g.shade(scale.level(v)).to_string(), ""),
                _ => (g.shade(scale.level(v)).to_string(), moved.unwrap_or(" ")),
            };
            let mut style = theme.scale(scale.ramp, scale.level(v));
            // With one column a unit there is no room for the mark: the shade is underlined
            // instead, so it still looks as the same value does elsewhere.
            if gr.cell_w == 1 && moved.is_some() {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            if focus_unit == Some(unit) {
                style = style.patch(theme.focus());
            }
            let x = put(buf, x, y, &body, style, right);
            put(buf, x, y, mark, style, right);
        }
    }
}

/// A folded layer: one line with its name and h(t), one column per unit.
pub fn render_folded(view: &View, layer: usize, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let index = app.recurrent[layer];
    let model_layer = &app.session.model.layers[index];
    let cells = app.layers().cells(layer);
    let shape = model_layer.output_shape.keras(app.session.model.spec.input.batch_size);
    // The name and shape, or the name alone when the units do not all fit beside them.
    let labels: usize = cells.iter().map(|c| 6 + c.units()).sum();
    let name = match format!("  {} {shape}", model_layer.name) {
        long if long.width() + labels <= usize::from(area.width) => long,
        _ => format!("  {}", model_layer.name),
    };
    let mut x = put(buf, area.x, area.y, &name, theme.title(), area.right());
    let room = area.right().saturating_sub(x) / cells.len().max(1) as u16;
    for cell in cells {
        let Some(k) = cell.step_of(app.cursor.t) else { continue };
        let label = if cells.len() > 1 {
            format!(" h {} ", &cell.direction.name()[..1])
        } else {
            " h(t) ".to_string()
        };
        let end = x + room;
        x = put(buf, x, area.y, &label, theme.dim(), end);
        let (values, scale, _) = row_values(view, layer, cell, Row::State(Quantity::H), k);
        x = values::draw(view, &values, scale, (x, area.y), end, false, buf);
    }
}

#[cfg(test)]
#[path = "layer_tests.rs"]
mod tests;

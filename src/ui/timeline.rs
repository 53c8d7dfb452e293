//! The timeline: the chosen quantity of every unit across all timesteps (a heatmap, units ×
//! time, a window of units around the focused one when they do not all fit), under a row of t
//! labels, with the cursor column at t. The title names the quantity and its scale; the focused
//! unit's smallest and largest value sit at the end of the t row, apart from the units' rows.
//! Long sequences show a window of time around t with its position. Either window is said in
//! the title with marks where there is more: "2 of 32 units ▾ × t 0‥73 of 500 ▸".

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::layer::{scaling, window};
use super::scale::{Kind, Scale, short};
use super::text::{put, put_whole};
use super::view::View;
use crate::app::App;
use crate::model::cell::Quantity;
use crate::model::trace::CellTrace;

/// Unit labels (and `t`) are this wide.
const LABEL: u16 = 5;
/// Rows above the units: the title and the t labels.
const TOP: u16 = 2;

/// Where the time columns are, shared by drawing and mouse clicks.
#[derive(Debug, Clone)]
pub struct Columns {
    pub x0: u16,
    pub cell_w: u16,
    pub first_t: usize,
    pub shown_t: usize,
    /// Rows that hold time columns (the t labels and the heatmap).
    pub rows: std::ops::Range<u16>,
}

impl Columns {
    pub fn step_at(&self, column: u16, row: u16) -> Option<usize> {
        let k = usize::from(column.checked_sub(self.x0)? / self.cell_w);
        (self.rows.contains(&row) && k < self.shown_t).then_some(self.first_t + k)
    }
}

pub fn columns(app: &App, area: Rect) -> Columns {
    let avail = area.width.saturating_sub(LABEL + 1).max(1);
    let steps = app.steps.max(1);
    let cell_w = (usize::from(avail) / steps).clamp(1, 6) as u16;
    let shown_t = usize::from(avail / cell_w).min(steps);
    Columns {
        x0: area.x + LABEL,
        cell_w,
        first_t: window(steps, app.cursor.t, shown_t),
        shown_t,
        rows: area.y + 1..area.bottom(),
    }
}

/// Draw the timeline; where its time columns went.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) -> Columns {
    let app = view.app;
    let cols = columns(app, area);
    if let Some(cell) = app.cell() {
        draw(view, cell, &cols, area, buf);
    }
    cols
}

/// The heatmap's scale: fixed, or auto over the quantity's whole run in this cell.
fn scale_of(view: &View, cell: &CellTrace, q: Quantity) -> Scale {
    let app = view.app;
    let extent = view.extent(app.cursor.layer, app.cursor.cell);
    Scale::of_row(Kind::of(q), extent.of_quantity(q), cell.get(q), app.cursor.auto_scale)
}

fn draw(view: &View, cell: &CellTrace, cols: &Columns, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let q = app.cursor.timeline;
    let scale = scale_of(view, cell, q);
    let units = cell.units();
    let last_t = cols.first_t + cols.shown_t - 1;
    let right = area.right();
    // The rows the unit window has room for, in a sorted layer in its order.
    let shown_u = usize::from(area.height.saturating_sub(TOP)).min(units);
    let (layer, direction) = (app.cursor.layer, cell.direction);
    let u = app.cursor.unit;
    let first_u = window(units, app.position_of(layer, direction, u), shown_u);
    // Each of the two dimensions whole ("32 units", "8 steps") or the window shown, marked
    // where there is more ("2 of 32 units ▾", "t 0‥73 of 500 ▸").
    let units_part = if shown_u < units {
        format!(
            "{shown_u} of {units} units {}{}",
            if first_u > 0 { g.more_up } else { "" },
            if first_u + shown_u < units { g.more_down } else { "" },
        )
    } else {
        format!("{units} units")
    };
    let steps_part = if cols.shown_t < app.steps {
        format!(
            "t {}{}{} of {} {}{}",
            cols.first_t,
            g.range,
            last_t,
            app.steps,
            if cols.first_t > 0 { g.more_left } else { "" },
            if last_t + 1 < app.steps { g.more_right } else { "" },
        )
    } else {
        format!("{} steps", app.steps)
    };
    let sort = match app.sorted.as_ref().filter(|s| s.layer == app.cursor.layer) {
        Some(sorted) => format!("  by {}", sorted.by.short()),
        None => String::new(),
    };
    let legend = format!("  {} {}", scaling(app), scale.legend(g));
    let (lo, hi) = min_max(cell, q, u);
    let range = format!("u{u} lo {} hi {}", short(lo), short(hi));
    // The focused unit's range at the end of the t labels, else in the title.
    let labels_end = cols.x0 + cols.shown_t as u16 * cols.cell_w;
    let on_labels = area.height >= TOP && labels_end + 2 + range.width() as u16 <= right;
    let range_in_title = if on_labels { String::new() } else { format!("  {range}") };
    // The quantity's words give way when that lets the windows, the scale and the range show.
    let title_with = |words: bool| {
        let what = if words {
            format!("{} ({})", q.letter(), q.title())
        } else {
            q.letter().to_string()
        };
        format!("timeline: {what}, {units_part} {} {steps_part}", g.times)
    };
    let rest = sort.width() + legend.width() + range_in_title.width();
    let fits = |title: &String| title.width() + rest <= usize::from(area.width);
    let title = Some(title_with(true))
        .filter(fits)
        .or_else(|| Some(title_with(false)).filter(fits))
        .unwrap_or_else(|| title_with(true));
    let mut x = put(buf, area.x, area.y, &title, theme.title(), right);
    x = put_whole(buf, x, area.y, &sort, theme.title(), right);
    x = put_whole(buf, x, area.y, &legend, theme.dim(), right);
    if on_labels {
        put(
            buf,
            right - range.width() as u16,
            area.y + 1,
            &range,
            theme.dim(),
            right,
        );
    } else {
        x = put_whole(buf, x, area.y, &range_in_title, theme.dim(), right);
    }
    put_whole(buf, x, area.y, "   v: quantity", theme.dim(), right);
    if area.height < TOP {
        return;
    }
    t_labels(view, cols, area, buf);
    let values = cell.get(q);
    for r in 0..shown_u {
        let unit = app.unit_at_position(layer, direction, first_u + r);
        let y = area.y + TOP + r as u16;
        let label_style = if unit == u { theme.focus() } else { theme.dim() };
        put(buf, area.x, y, &format!("{unit:>3}"), label_style, area.x + LABEL);
        for j in 0..cols.shown_t {
            let t = cols.first_t + j;
            let Some(k) = cell.step_of(t) else { continue };
            let v = values[[k, unit]];
            let mut style = if t > app.cursor.t {
                // Steps not yet taken are shown, but set apart.
                theme.dim()
            } else {
                theme.scale(scale.ramp, scale.level(v))
            };
            if t == app.cursor.t {
                style = style.patch(theme.focus());
            }
            let body = if cols.cell_w >= 6 {
                format!("{:>w$}", short(v), w = usize::from(cols.cell_w) - 1)
            } else {
                g.shade(scale.level(v)).repeat(usize::from(cols.cell_w))
            };
            put(buf, cols.x0 + j as u16 * cols.cell_w, y, &body, style, right);
        }
    }
}

/// The row of t labels over the columns, as often as they fit without touching (every 1, 2, 5,
/// 10, 20, 50 … steps, t itself in focus).
fn t_labels(view: &View, cols: &Columns, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let y = area.y + 1;
    let right = area.right();
    put(buf, area.x, y, "  t", theme.dim(), cols.x0);
    let last = cols.first_t + cols.shown_t - 1;
    let widest = last.to_string().len() + 1;
    let cell_w = usize::from(cols.cell_w);
    let every = [1, 2, 5]
        .into_iter()
        .cycle()
        .scan(1usize, |p, m| {
            let step = *p * m;
            if m == 5 {
                *p *= 10;
            }
            Some(step)
        })
        .find(|k| k * cell_w >= widest)
        .unwrap_or(1);
    // Under numbers, right-aligned as they are; else from the column's start.
    let at = |t: usize| {
        let j = (t - cols.first_t) as u16;
        let len = t.to_string().len() as u16;
        let x = if cols.cell_w >= 6 {
            cols.x0 + (j + 1) * cols.cell_w - 1 - len
        } else {
            cols.x0 + j * cols.cell_w
        };
        (x, x + len)
    };
    let (cx, cend) = at(app.cursor.t);
    for t in (cols.first_t..=last).filter(|t| t % every == 0 && *t != app.cursor.t) {
        let (x, x_end) = at(t);
        // Not touching the label of t itself.
        if x_end < cx || x > cend {
            put_whole(buf, x, y, &t.to_string(), theme.dim(), right);
        }
    }
    put_whole(buf, cx, y, &app.cursor.t.to_string(), theme.focus(), right);
}

/// The smallest and largest value of one unit over the run.
fn min_max(cell: &CellTrace, q: Quantity, unit: usize) -> (f32, f32) {
    cell.get(q)
        .column(unit)
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        })
}

//! The timeline: the chosen quantity of every unit across all timesteps (a heatmap, units ×
//! time, a window of units around the focused one when they do not all fit), the focused unit
//! over time as a bar line, and the cursor column at t. Long sequences show a window of time
//! around t with its position.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::layer::window;
use super::scale::{Scale, short};
use super::text::put;
use super::view::View;
use crate::app::App;
use crate::model::trace::CellTrace;

const LABEL: u16 = 5;
const LEGEND: u16 = 9;

/// Where the time columns are, shared by drawing and mouse clicks.
#[derive(Debug, Clone)]
pub struct Columns {
    pub x0: u16,
    pub cell_w: u16,
    pub first_t: usize,
    pub shown_t: usize,
    /// Rows that hold time columns (sparkline and heatmap).
    pub rows: std::ops::Range<u16>,
}

impl Columns {
    pub fn step_at(&self, column: u16, row: u16) -> Option<usize> {
        let k = usize::from(column.checked_sub(self.x0)? / self.cell_w);
        (self.rows.contains(&row) && k < self.shown_t).then_some(self.first_t + k)
    }
}

pub fn columns(app: &App, area: Rect) -> Columns {
    let avail = area.width.saturating_sub(LABEL + LEGEND).max(1);
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

fn draw(view: &View, cell: &CellTrace, cols: &Columns, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let q = app.cursor.timeline;
    let last_t = cols.first_t + cols.shown_t - 1;
    let title = format!("timeline: {} ({}), units {} time", q.letter(), q.title(), g.times);
    let mut x = put(buf, area.x, area.y, &title, theme.title(), area.right());
    let span = if cols.shown_t < app.steps {
        format!(
            "  t {}{}{} of {} {}{}",
            cols.first_t,
            g.range,
            last_t,
            app.steps,
            if cols.first_t > 0 { g.more_left } else { " " },
            if last_t + 1 < app.steps { g.more_right } else { " " },
        )
    } else {
        format!("  t 0{}{}", g.range, app.steps - 1)
    };
    x = put(buf, x, area.y, &span, theme.dim(), area.right());
    put(buf, x, area.y, "   v: quantity", theme.dim(), area.right());
    if area.height < 2 {
        return;
    }
    let scale = Scale::of(q, view.extent(app.cursor.layer, app.cursor.cell));
    let u = app.cursor.unit;
    let values = cell.get(q);
    let value = |unit: usize, t: usize| cell.step_of(t).map(|k| values[[k, unit]]);
    // The focused unit over time.
    let spark_y = area.y + 1;
    put(
        buf,
        area.x,
        spark_y,
        &format!("u{u}"),
        theme.focus(),
        area.x + LABEL - 1,
    );
    for j in 0..cols.shown_t {
        let t = cols.first_t + j;
        let Some(v) = value(u, t) else { continue };
        let mut style = shade_style(view, scale, v, t);
        if t == app.cursor.t {
            style = style.patch(theme.focus());
        }
        let body = g.shade(scale.level(v)).repeat(usize::from(cols.cell_w));
        put(
            buf,
            cols.x0 + j as u16 * cols.cell_w,
            spark_y,
            &body,
            style,
            area.right(),
        );
    }
    let (lo, hi) = min_max(cell, q, u);
    let legend_x = area.right().saturating_sub(LEGEND) + 1;
    put(buf, legend_x, spark_y, &scale.legend(g), theme.dim(), area.right());
    // The heatmap: a window of units around the focused one.
    let rows = usize::from(area.height.saturating_sub(2));
    if rows == 0 {
        return;
    }
    let units = cell.units();
    let shown_u = rows.min(units);
    let first_u = window(units, u, shown_u);
    for r in 0..shown_u {
        let unit = first_u + r;
        let y = area.y + 2 + r as u16;
        let label_style = if unit == u { theme.focus() } else { theme.dim() };
        put(buf, area.x, y, &format!("{unit:>3}"), label_style, area.x + LABEL);
        for j in 0..cols.shown_t {
            let t = cols.first_t + j;
            let Some(v) = value(unit, t) else { continue };
            let mut style = shade_style(view, scale, v, t);
            if t == app.cursor.t {
                style = style.patch(theme.focus());
            }
            let body = if cols.cell_w >= 6 {
                format!("{:>w$}", short(v), w = usize::from(cols.cell_w) - 1)
            } else {
                g.shade(scale.level(v)).repeat(usize::from(cols.cell_w))
            };
            put(buf, cols.x0 + j as u16 * cols.cell_w, y, &body, style, area.right());
        }
    }
    let notes = [format!("lo {}", short(lo)), format!("hi {}", short(hi))];
    for (k, note) in notes.iter().enumerate() {
        let y = area.y + 2 + k as u16;
        if y >= area.bottom() {
            break;
        }
        put(buf, legend_x, y, note, theme.dim(), area.right());
    }
}

/// A value's colour, dimmed after the cursor: steps not yet taken are shown, but set apart.
fn shade_style(view: &View, scale: Scale, v: f32, t: usize) -> ratatui::style::Style {
    let app = view.app;
    if t > app.cursor.t {
        view.look.theme.dim()
    } else {
        view.look.theme.scale(scale.ramp, scale.level(v))
    }
}

/// The smallest and largest value of one unit over the run.
fn min_max(cell: &CellTrace, q: crate::model::cell::Quantity, unit: usize) -> (f32, f32) {
    cell.get(q)
        .column(unit)
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        })
}

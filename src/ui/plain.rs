//! The pane of a layer without cells (Embedding, Dense, Flatten, Dropout): what it read and
//! what it gave, from the recorded run, at the step where it runs. A layer whose output keeps
//! the time axis (an Embedding, a Dense after `return_sequences`) runs at every step and shows
//! that step's row; one that runs once, on the whole of its input after the last step (a Dense
//! after an LSTM that returns its last h, a Flatten), says so until then. Values are numbers
//! where they fit, else shades, on the scale every signed row uses (fixed ±1, or beyond when
//! the run goes beyond; or auto), so that a Dense's input looks as the h it reads does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::layer::LEGEND;
use super::scale::{Kind, Scale};
use super::text::put;
use super::values;
use super::view::View;
use crate::app::App;
use crate::model::spec::LayerConfig;
use crate::model::trace::{Input, LayerInput};

/// Rows of an unfolded pane: the title, the input and the output.
pub const HEIGHT: u16 = 3;
/// Row labels are this wide.
const LABEL: u16 = 7;

/// What a row shows: numbers on a scale, or a token id with its word.
enum Row {
    Values(Vec<f32>, Scale),
    Token(String),
}

/// The layer as Keras writes it: `Dense(2)`, `Dense(1, sigmoid)`, `Embedding(10000, 32)`.
pub fn class(config: &LayerConfig) -> String {
    match config {
        LayerConfig::Embedding { input_dim, output_dim } => format!("Embedding({input_dim}, {output_dim})"),
        LayerConfig::Dense { units, activation, .. } => match activation.name() {
            "linear" => format!("Dense({units})"),
            name => format!("Dense({units}, {name})"),
        },
        LayerConfig::Dropout { rate } => format!("Dropout({rate})"),
        other => other.class_name().to_string(),
    }
}

/// When the layer runs: every step, or once after the last step.
fn when(app: &App, m: usize) -> String {
    if app.session.trace.runs_every_step(m) {
        "at every step".to_string()
    } else {
        format!("runs once, after t={}", app.steps.saturating_sub(1))
    }
}

/// A row's scale: the signed scale of the run of `all`, or auto on the row's own values.
fn scale_of<'a>(app: &App, all: impl IntoIterator<Item = &'a f32>, row: &[f32]) -> Scale {
    let run_max = all
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |m, v| v.abs().max(m));
    Scale::of_row(Kind::Signed, run_max, row, app.cursor.auto_scale)
}

/// What layer m read and gave at the cursor's step; `None` before a run-once layer has run.
fn rows(app: &App, m: usize) -> Option<(Row, Row)> {
    let trace = &app.session.trace;
    let t = app.cursor.t;
    let every = trace.runs_every_step(m);
    if !every && t + 1 < app.steps {
        return None;
    }
    let output = &trace.layers[m].output;
    let out: Vec<f32> = if every {
        output.index_axis(ndarray::Axis(0), t).iter().copied().collect()
    } else {
        output.iter().copied().collect()
    };
    let input = match trace.input_of(m) {
        LayerInput::Model(Input::Tokens(ids)) => {
            let id = ids[t];
            Row::Token(match app.session.word(id) {
                Some(w) => format!("id {id} \"{w}\""),
                None => format!("id {id}"),
            })
        }
        LayerInput::Model(Input::Values(v)) => {
            let row = v.row(t).to_vec();
            let scale = scale_of(app, v, &row);
            Row::Values(row, scale)
        }
        LayerInput::Layer(a) => {
            let values: Vec<f32> = if every {
                a.index_axis(ndarray::Axis(0), t).iter().copied().collect()
            } else {
                a.iter().copied().collect()
            };
            let scale = scale_of(app, a.iter(), &values);
            Row::Values(values, scale)
        }
    };
    let scale = scale_of(app, output.iter(), &out);
    Some((input, Row::Values(out, scale)))
}

fn title(view: &View, m: usize, area: Rect, buf: &mut Buffer) -> u16 {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let focused = app.cursor.plain == Some(m);
    let x = super::layer::title_start(view, m, focused, area, buf);
    let what = format!(
        " {} {} {} {}",
        g.dot,
        class(&app.session.model.spec.layers[m].config),
        g.dot,
        when(app, m)
    );
    let legend_x = area.right().saturating_sub(LEGEND) + 1;
    let x = put(buf, x, area.y, &what, theme.dim(), legend_x.saturating_sub(1));
    put(
        buf,
        legend_x,
        area.y,
        super::layer::scaling(app),
        theme.dim(),
        area.right(),
    );
    x
}

/// Draw an unfolded pane.
pub fn render(view: &View, m: usize, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    title(view, m, area, buf);
    let labels = ["input", "output"];
    for (r, label) in labels.iter().enumerate() {
        let y = area.y + 1 + r as u16;
        if y >= area.bottom() {
            return;
        }
        put(buf, area.x, y, label, theme.title(), area.x + LABEL);
    }
    let x0 = area.x + LABEL;
    match rows(app, m) {
        None => {
            let text = "not yet: it reads the layer below's final output";
            put(buf, x0, area.y + 1, text, theme.dim(), area.right());
        }
        Some((input, output)) => {
            for (r, row) in [input, output].into_iter().enumerate() {
                let y = area.y + 1 + r as u16;
                if y < area.bottom() {
                    draw_row(view, &row, x0, y, area.right(), buf);
                }
            }
        }
    }
}

/// One row of values, and its legend.
fn draw_row(view: &View, row: &Row, x0: u16, y: u16, right: u16, buf: &mut Buffer) {
    let theme = &view.look.theme;
    let (values, scale) = match row {
        Row::Token(text) => {
            put(buf, x0, y, text, theme.base(), right);
            return;
        }
        Row::Values(values, scale) => (values, *scale),
    };
    let legend_x = right.saturating_sub(LEGEND) + 1;
    values::draw(view, values, scale, (x0, y), legend_x - 1, true, buf);
    put(buf, legend_x, y, &scale.legend(view.look.glyphs), theme.dim(), right);
}

/// A folded pane: one line with the name and the output, or when it will run.
pub fn render_folded(view: &View, m: usize, area: Rect, buf: &mut Buffer) {
    let app = view.app;
    let theme = &view.look.theme;
    let g = view.look.glyphs;
    let layer = &app.session.model.layers[m];
    let name = format!(
        "  {} {}",
        layer.name,
        layer.output_shape.keras(app.session.model.spec.input.batch_size)
    );
    let mut x = put(buf, area.x, area.y, &name, theme.title(), area.right());
    let Some((_, Row::Values(out, scale))) = rows(app, m) else {
        let text = format!(" {} {}", g.dot, when(app, m));
        put(buf, x, area.y, &text, theme.dim(), area.right());
        return;
    };
    x = put(buf, x, area.y, " output ", theme.dim(), area.right());
    values::draw(view, &out, scale, (x, area.y), area.right(), true, buf);
}

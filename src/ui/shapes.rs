//! The shapes view: the model summary with the focused layer's tensors, and the slice at t that
//! this step reads and writes, because what learners ask is mostly about shapes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::header::token_at;
use super::scroll;
use super::text::wrap;
use super::view::View;
use crate::app::App;
use crate::model::spec::{LayerConfig, MergeMode, Shape};

/// The detail lines about the focused layer at t.
fn detail(app: &App, width: u16) -> Vec<String> {
    if let Some(m) = app.cursor.plain {
        return plain_detail(app, m, width);
    }
    let Some(index) = app.model_layer() else { return vec![] };
    let model = &app.session.model;
    let batch = model.spec.input.batch_size;
    let b = batch.map_or("None".to_string(), |b| b.to_string());
    let layer = &model.layers[index];
    let t = app.cursor.t;
    let mut out = Vec::new();
    let from = if index == 0 {
        "input".to_string()
    } else {
        model.layers[index - 1].name.clone()
    };
    let d_in = layer.input_shape.width();
    out.push(format!(
        "at t={t} {} reads {from}[:, {t}, :], shape ({b}, {d_in})",
        layer.name
    ));
    if index > 0
        && let LayerConfig::Embedding { input_dim, output_dim } = model.spec.layers[index - 1].config
        && let Some(tok) = token_at(app, t)
    {
        out.push(format!(
            "= the row of the ({input_dim}, {output_dim}) embedding table for {tok}"
        ));
    }
    let last = app.steps - 1;
    let shape = layer.output_shape.keras(batch);
    out.push(match (&layer.output_shape, &model.spec.layers[index].config) {
        (Shape::Seq(..), _) => format!("and writes h to {}[:, {t}, :]", layer.name),
        // The backward cell reads the sequence from its end: its last h is the one at t=0.
        (_, LayerConfig::Bidirectional { merge_mode, .. }) => format!(
            "only forward's last h (t={last}) and backward's (t=0) leave the layer, {}: {shape}",
            match merge_mode {
                MergeMode::Concat => "joined",
                _ => "merged",
            }
        ),
        _ => format!("only its last h (t={last}) leaves the layer: {shape}"),
    });
    out.iter().flat_map(|l| wrap(l, usize::from(width))).collect()
}

/// The detail lines about a focused layer without cells: what it reads and writes, and when.
fn plain_detail(app: &App, m: usize, width: u16) -> Vec<String> {
    let model = &app.session.model;
    let batch = model.spec.input.batch_size;
    let layer = &model.layers[m];
    let from = m.checked_sub(1).map_or("input", |k| model.layers[k].name.as_str());
    let line = if app.session.trace.runs_every_step(m) {
        format!(
            "{} reads {from}[:, {t}, :] and writes {}[:, {t}, :], at every step t",
            layer.name,
            layer.name,
            t = app.cursor.t
        )
    } else {
        format!(
            "{} reads all of {from}, {}, once, after t={}, and writes {}",
            layer.name,
            layer.input_shape.keras(batch),
            app.steps.saturating_sub(1),
            layer.output_shape.keras(batch)
        )
    };
    wrap(&line, usize::from(width))
}

/// All the lines of the view.
pub fn lines(view: &View, width: u16) -> Vec<(String, bool)> {
    let app = view.app;
    let model = &app.session.model;
    let batch = model.spec.input.batch_size;
    let focused = app.focused_layer();
    // Names with their class when that fits beside the widest shape, else names alone.
    let shape_w = model
        .layers
        .iter()
        .map(|l| l.output_shape.keras(batch).len())
        .max()
        .unwrap_or(0);
    let widest = |with_class: bool| {
        model
            .spec
            .layers
            .iter()
            .map(|l| l.name.len() + if with_class { l.config.class_name().len() + 3 } else { 0 })
            .max()
            .unwrap_or(0)
            .max(5)
    };
    let with_class = widest(true) + shape_w + 3 <= usize::from(width);
    let name_w = widest(with_class);
    let mut out = vec![(
        format!("  {:<name_w$} {}", "input", model.spec.input.shape.keras(batch)),
        false,
    )];
    for (k, layer) in model.layers.iter().enumerate() {
        let label = if with_class {
            format!("{} ({})", layer.name, model.spec.layers[k].config.class_name())
        } else {
            layer.name.clone()
        };
        let mark = if Some(k) == focused { "> " } else { "  " };
        out.push((
            format!("{mark}{label:<name_w$} {}", layer.output_shape.keras(batch)),
            Some(k) == focused,
        ));
    }
    out.extend(detail(app, width).into_iter().map(|l| (l, false)));
    out
}

/// Draw the view scrolled down `scroll` lines, the focused ones in the focus style.
pub fn render(view: &View, scroll: u16, area: Rect, buf: &mut Buffer) {
    let focus = view.look.theme.focus();
    scroll::render_marked(view, lines(view, area.width), focus, scroll, area, buf);
}

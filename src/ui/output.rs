//! The layers after the recurrent ones (Flatten, Dense, Dropout): their outputs, once the
//! sequence has been read (or at t, for a Dense applied per timestep).

use ndarray::{ArrayView1, Axis, Ix2};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::scale::short;
use super::scroll;
use super::text::wrap;
use super::view::View;
use crate::model::activation::Activation;
use crate::model::spec::LayerConfig;

/// One line of the pane and whether it is a heading.
pub fn lines(view: &View, width: u16) -> Vec<(String, bool)> {
    let app = view.app;
    let model = &app.session.model;
    let g = view.look.glyphs;
    let batch = model.spec.input.batch_size;
    let Some(&last_rnn) = app.recurrent.last() else {
        return wrapped(vec![("this model has no recurrent layer".into(), false)], width);
    };
    let after: Vec<usize> = (last_rnn + 1..model.layers.len()).collect();
    if after.is_empty() {
        return wrapped(
            vec![("the last LSTM's output is the model's output".into(), false)],
            width,
        );
    }
    let last_t = app.steps - 1;
    let t = app.cursor.t;
    let mut out = Vec::new();
    for k in after {
        let (layer, config) = (&model.layers[k], &model.spec.layers[k].config);
        let output = &app.session.trace.layers[k].output;
        let act = match config {
            LayerConfig::Dense { activation, .. } => format!(" {}", activation.name()),
            _ => String::new(),
        };
        out.push((
            format!(
                "{} ({}) {}{act}",
                layer.name,
                config.class_name(),
                layer.output_shape.keras(batch)
            ),
            true,
        ));
        let row = match output.view().into_dimensionality::<Ix2>() {
            Ok(seq) => Some((seq.index_axis_move(Axis(0), t), format!("at t={t}"))),
            Err(_) if t == last_t => output
                .view()
                .into_dimensionality::<ndarray::Ix1>()
                .ok()
                .map(|v| (v, "after the whole sequence".to_string())),
            Err(_) => None,
        };
        match (config, row) {
            (LayerConfig::Flatten, _) => {
                // The session has fixed every timestep count before anything is drawn.
                let dim = |k: usize| layer.input_shape.dims().get(k).copied().flatten().unwrap_or(0);
                out.push((
                    format!(
                        "  {} numbers = {} steps {} {} values, in one row",
                        layer.output_shape.size().unwrap_or(0),
                        dim(0),
                        g.times,
                        dim(1)
                    ),
                    false,
                ));
            }
            (_, None) => out.push((
                format!("  computed once the sequence is read (t={last_t}; End goes there)"),
                false,
            )),
            (config, Some((values, when))) => {
                out.push((format!("  {when}:"), false));
                out.extend(values_lines(values, config, width, g).into_iter().map(|l| (l, false)));
            }
        }
    }
    wrapped(out, width)
}

/// The lines wrapped to the pane's width, a line's indent kept on the lines it wraps onto.
fn wrapped(lines: Vec<(String, bool)>, width: u16) -> Vec<(String, bool)> {
    lines
        .into_iter()
        .flat_map(|(line, heading)| {
            let indent = if line.starts_with("  ") { "  " } else { "" };
            wrap(line.trim_start(), usize::from(width).saturating_sub(indent.len()))
                .into_iter()
                .map(move |l| (format!("{indent}{l}"), heading))
        })
        .collect()
}

fn values_lines(values: ArrayView1<f32>, config: &LayerConfig, width: u16, g: &super::glyphs::Glyphs) -> Vec<String> {
    let activation = match config {
        LayerConfig::Dense { activation, .. } => Some(*activation),
        _ => None,
    };
    if values.len() == 1 && activation == Some(Activation::Sigmoid) {
        let v = values[0];
        return vec![format!(
            "  {:.4}: above 0.5 reads as class 1, below as class 0 ({})",
            v,
            if v > 0.5 { "here 1" } else { "here 0" }
        )];
    }
    if values.len() == 1 {
        return vec![format!("  {:.4}", values[0])];
    }
    if values.len() <= 10 {
        let top = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        // Probabilities are drawn on 0..1, anything else against its largest magnitude.
        let span = match activation {
            Some(Activation::Softmax | Activation::Sigmoid) => 1.0,
            _ => values.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-6),
        };
        let bar_room = usize::from(width).saturating_sub(24);
        return values
            .iter()
            .enumerate()
            .map(|(k, v)| {
                let n = ((v.abs() / span) * bar_room as f32).round() as usize;
                let best = if *v == top && values.len() > 1 {
                    " < largest"
                } else {
                    ""
                };
                format!("  {k:>2} {:>7.4} {}{best}", v, g.bar.repeat(n.min(bar_room)))
            })
            .collect();
    }
    let text = values.iter().map(|v| short(*v)).collect::<Vec<_>>().join(" ");
    wrap(&text, usize::from(width).saturating_sub(2))
        .into_iter()
        .map(|l| format!("  {l}"))
        .collect()
}

/// Draw the view scrolled down `scroll` lines, its headings in the title style.
pub fn render(view: &View, scroll: u16, area: Rect, buf: &mut Buffer) {
    let title = view.look.theme.title();
    scroll::render_marked(view, lines(view, area.width), title, scroll, area, buf);
}

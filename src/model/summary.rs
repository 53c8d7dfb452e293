//! `model.summary()` in the classic Keras layout, and the arithmetic behind each count. Names
//! from the file are shown through [`printable`].

use super::spec::{LayerConfig, ModelSpec, Shape};
use crate::error::Result;
use crate::printable::printable;

/// 12,416
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, ch) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Keras's classic layout: 65 characters, columns starting at 0, 29 and 55. A label or shape too
/// long for its column widens the table instead of running into the next column.
struct Layout {
    /// Where the second and third columns start.
    stops: [usize; 2],
    width: usize,
}

impl Layout {
    fn fit(rows: &[[String; 3]]) -> Self {
        let widest = |k: usize| rows.iter().map(|r| r[k].chars().count() + 1).max().unwrap_or(0);
        let first = widest(0).max(29);
        let second = first + widest(1).max(26);
        Layout {
            stops: [first, second],
            width: second + 10,
        }
    }

    fn row(&self, cells: &[String; 3]) -> String {
        let mut line = String::new();
        for (k, cell) in cells.iter().enumerate() {
            line.push_str(cell);
            if let Some(&stop) = self.stops.get(k) {
                line.push_str(&" ".repeat(stop.saturating_sub(line.chars().count())));
            }
        }
        line
    }
}

/// The layer's name and class as the summary shows them: `lstm_1 (LSTM)`, the name made
/// printable.
pub fn layer_label(name: &str, config: &LayerConfig) -> String {
    format!("{} ({})", printable(name), config.class_name())
}

/// The summary text, one line per row, as Keras 2 printed it (counts with separators). Needs only
/// the architecture: no weights are made.
pub fn summary(spec: &ModelSpec) -> Result<String> {
    let batch = spec.input.batch_size;
    let shapes = spec.shapes()?;
    // A Functional model lists its InputLayer first.
    let input_row = spec.input_layer.as_ref().map(|name| {
        [
            format!("{} (InputLayer)", printable(name)),
            spec.input.shape.keras(batch),
            "0".into(),
        ]
    });
    let rows: Vec<[String; 3]> = input_row
        .into_iter()
        .chain(spec.layers.iter().zip(&shapes).map(|(layer, (input, output))| {
            [
                layer_label(&layer.name, &layer.config),
                output.keras(batch),
                thousands(layer.config.params(*input)),
            ]
        }))
        .collect();
    let layout = Layout::fit(&rows);
    let rule = |c: &str| c.repeat(layout.width);
    let mut out = vec![format!("Model: \"{}\"", printable(&spec.name)), rule("_")];
    out.push(layout.row(&["Layer (type)".into(), "Output Shape".into(), "Param #".into()]));
    out.push(rule("="));
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            out.push(rule("_"));
        }
        out.push(layout.row(row));
    }
    out.push(rule("="));
    let (total, trainable) = (spec.params()?, spec.trainable_params()?);
    out.push(format!("Total params: {}", thousands(total)));
    out.push(format!("Trainable params: {}", thousands(trainable)));
    out.push(format!("Non-trainable params: {}", thousands(total - trainable)));
    out.push(rule("_"));
    Ok(out.join("\n") + "\n")
}

/// How one layer's count arises, in words and numbers.
fn explain_layer(config: &LayerConfig, input: Shape, params: usize) -> String {
    let last = *input.dims().last().unwrap_or(&0);
    let steps = input.fixed_timesteps();
    let p = thousands(params);
    match config {
        LayerConfig::Lstm(c) | LayerConfig::Bidirectional { layer: c, .. } => {
            let u = c.units;
            let bias = if c.use_bias { " + 1" } else { "" };
            let per = if c.use_bias {
                "inputs + recurrent + bias"
            } else {
                "inputs + recurrent, no bias"
            };
            let twice = if matches!(config, LayerConfig::Bidirectional { .. }) {
                "2 directions × "
            } else {
                ""
            };
            let plural = if u == 1 { "unit" } else { "units" };
            format!(
                "{p} = {twice}4 gates × ({last} + {u}{bias}) × {u} {plural} ({per}). {} do not appear: every step reuses the same weights.",
                steps.map_or("Timesteps".to_string(), |t| format!("The {t} timesteps"))
            )
        }
        LayerConfig::Embedding { input_dim, output_dim } => {
            format!(
                "{p} = {} words × {output_dim} numbers per word (a lookup table; {} share it).",
                thousands(*input_dim),
                steps.map_or("all positions".to_string(), |t| format!("the {t} positions"))
            )
        }
        LayerConfig::Dense { units, use_bias, .. } => {
            let bias = if *use_bias { " + 1" } else { "" };
            let per_step = if let Shape::Seq(..) = input {
                format!(
                    " Applied to {} with the same weights.",
                    steps.map_or("every timestep".to_string(), |t| format!("each of the {t} timesteps"))
                )
            } else {
                String::new()
            };
            let plural = if *units == 1 { "unit" } else { "units" };
            format!("{p} = ({last} inputs{bias}) × {units} {plural}.{per_step}")
        }
        LayerConfig::Flatten => match input {
            Shape::Seq(t, d) => format!(
                "0: only lays each sample's {t} × {d} numbers end to end, {} in all.",
                t * d
            ),
            other => format!("0: passes each sample's {} numbers on unchanged.", other.size()),
        },
        LayerConfig::Dropout { rate } => {
            format!("0: drops {rate} of its inputs in training, passes them through when predicting.")
        }
    }
}

/// The summary followed by the arithmetic behind each count.
pub fn explain(spec: &ModelSpec) -> Result<String> {
    let mut out = summary(spec)?;
    out.push_str("\nWhere the counts come from:\n");
    for (layer, (input, _)) in spec.layers.iter().zip(spec.shapes()?) {
        let frozen = if layer.trainable {
            ""
        } else {
            " Frozen (trainable=False): counted as non-trainable, and computed the same."
        };
        out.push_str(&format!(
            "  {}: {}{frozen}\n",
            layer_label(&layer.name, &layer.config),
            explain_layer(&layer.config, input, layer.config.params(input))
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(330), "330");
        assert_eq!(thousands(8320), "8,320");
        assert_eq!(thousands(344993), "344,993");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}

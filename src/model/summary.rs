//! `model.summary()` as Keras 3 prints it (or tf.keras 2, with [`Style::Keras2`]), and the
//! arithmetic behind each count. Names from the file are shown through [`printable`].

use super::rich_table;
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

/// The layer's name and class as the summary shows them: `lstm_1 (LSTM)`, the name made
/// printable.
pub fn layer_label(name: &str, config: &LayerConfig) -> String {
    format!("{} ({})", printable(name), config.class_name())
}

/// Which framework's `model.summary()` text to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Keras 3: the box table rich draws, laid out for the terminal's width.
    Keras3,
    /// tf.keras 2: the classic 65-column layout between `_` and `=` rules.
    Keras2,
}

/// How to print the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub style: Style,
    /// The terminal's width in columns. Keras 3 draws its table `min(88, width - 4)` wide and wraps
    /// the lines under it at `width`; tf.keras 2 ignores it.
    pub width: usize,
    /// ASCII rules (`+`, `-`, `|`) instead of box characters, as rich draws them on a console
    /// that cannot show box characters.
    pub ascii: bool,
}

/// A pipe or an 80-column terminal: what Keras 3 lays out for when standard output is not a
/// terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// The narrowest terminal Keras 3 draws its table for (a line length of 20). A narrower width is
/// drawn at this one, with ASCII rules: the terminal wraps its lines, and an ASCII table stays
/// legible where wrapped box characters would not.
pub const MIN_WIDTH: usize = rich_table::MIN_LINE_LENGTH + 4;

impl Default for Format {
    fn default() -> Self {
        Format {
            style: Style::Keras3,
            width: DEFAULT_WIDTH,
            ascii: false,
        }
    }
}

/// One row of the table, before either layout.
struct Row {
    label: String,
    /// The output shape as Keras 3 prints it, `(None, 32)`.
    shape: String,
    params: usize,
    /// The InputLayer of a Functional model (tf.keras 2 prints its shape as a list).
    input: bool,
}

/// The model's rows: a Functional model's InputLayer first, then every layer.
fn rows(spec: &ModelSpec) -> Result<Vec<Row>> {
    let batch = spec.input.batch_size;
    let input_row = spec.input_layer.as_ref().map(|name| Row {
        label: format!("{} (InputLayer)", printable(name)),
        shape: spec.input.shape.keras(batch),
        params: 0,
        input: true,
    });
    Ok(input_row
        .into_iter()
        .chain(
            spec.layers
                .iter()
                .zip(spec.shapes()?)
                .map(|(layer, (input, output))| Row {
                    label: layer_label(&layer.name, &layer.config),
                    shape: output.keras(batch),
                    params: layer.config.params(input),
                    input: false,
                }),
        )
        .collect())
}

/// A size in bytes as Keras prints it: `48.76 KB`, with Keras 3's `B` or tf.keras 2's `Byte`.
fn memory_size(bytes: usize, byte: &str) -> String {
    let mut size = bytes as f64;
    for unit in [byte, "KB", "MB", "GB", "TB"] {
        if size / 1024.0 < 1.0 {
            return format!("{size:.2} {unit}");
        }
        size /= 1024.0;
    }
    format!("{size:.2} PB")
}

/// The three count lines, `Total params: 12,482 (48.76 KB)` and so on, the sizes at 4 bytes a
/// float32 weight and 8 a float64 one.
fn totals(spec: &ModelSpec, count: impl Fn(usize) -> String, byte: &str) -> Result<Vec<String>> {
    let (total, trainable) = (spec.params()?, spec.trainable_params()?);
    let (bytes, trainable_bytes) = spec.weight_bytes()?;
    Ok([
        ("Total", total, bytes),
        ("Trainable", trainable, trainable_bytes),
        ("Non-trainable", total - trainable, bytes - trainable_bytes),
    ]
    .into_iter()
    .map(|(what, n, b)| format!("{what} params: {} ({})", count(n), memory_size(b, byte)))
    .collect())
}

/// Keras 3's text: the model's name, rich's table and the totals, wrapped at the terminal width.
fn keras3(spec: &ModelSpec, rows: &[Row], format: &Format) -> Result<String> {
    let width = format.width.max(MIN_WIDTH);
    let ascii = format.ascii || format.width < MIN_WIDTH;
    let header = [
        "Layer (type)".to_string(),
        "Output Shape".to_string(),
        "Param #".to_string(),
    ];
    let cells: Vec<[String; 3]> = rows
        .iter()
        .map(|r| [r.label.clone(), r.shape.clone(), thousands(r.params)])
        .collect();
    let mut out = rich_table::console_lines(&format!("Model: \"{}\"", printable(&spec.name)), width);
    out.extend(rich_table::table(&header, &cells, (width - 4).min(88), ascii));
    for line in totals(spec, thousands, "B")? {
        out.extend(rich_table::console_lines(&format!(" {line}"), width));
    }
    Ok(out.join("\n") + "\n")
}

/// tf.keras 2's `print_row`: the fields cut into columns ending at 29, 55 and 65, continued on
/// the next lines while any is left, a field broken early after `),` and the like.
fn keras2_row(fields: [&str; 3], out: &mut Vec<String>) {
    const STOPS: [usize; 3] = [29, 55, 65];
    let mut left: Vec<Vec<char>> = fields.iter().map(|f| f.chars().collect()).collect();
    while left.iter().any(|f| !f.is_empty()) {
        let mut line: Vec<char> = Vec::new();
        for (col, field) in left.iter_mut().enumerate() {
            let start = if col > 0 { STOPS[col - 1] } else { 0 };
            let last = col == STOPS.len() - 1;
            let space = if last { 0 } else { 2 };
            let cutoff = (STOPS[col] - start - space - usize::from(!last)).min(field.len());
            let fit = &field[..cutoff];
            let cutoff = ["),", "},", "],", "',"]
                .iter()
                .filter_map(|mark| {
                    let mark: Vec<char> = mark.chars().collect();
                    fit.windows(2).position(|w| w == mark.as_slice()).map(|at| at + 2)
                })
                .min()
                .unwrap_or(cutoff);
            if col == 0 {
                line.push(' ');
            }
            line.extend(field.drain(..cutoff));
            line.extend(std::iter::repeat_n(' ', space));
            let pad = STOPS[col].saturating_sub(line.len());
            line.extend(std::iter::repeat_n(' ', pad));
        }
        out.push(line.into_iter().collect());
    }
}

/// tf.keras 2's text: 65 columns, counts without separators, a blank line after every layer.
fn keras2(spec: &ModelSpec, rows: &[Row]) -> Result<String> {
    let rule = |c: &str| c.repeat(65);
    let mut out = vec![format!("Model: \"{}\"", printable(&spec.name)), rule("_")];
    keras2_row(["Layer (type)", "Output Shape", "Param #"], &mut out);
    out.push(rule("="));
    for row in rows {
        let shape = if row.input {
            format!("[{}]", row.shape)
        } else {
            row.shape.clone()
        };
        keras2_row([&row.label, &shape, &row.params.to_string()], &mut out);
        out.push(rule(" "));
    }
    out.push(rule("="));
    out.extend(totals(spec, |n| n.to_string(), "Byte")?);
    out.push(rule("_"));
    Ok(out.join("\n") + "\n")
}

/// The summary text as the chosen framework prints it. Needs only the architecture: no weights
/// are made.
pub fn summary(spec: &ModelSpec, format: &Format) -> Result<String> {
    let rows = rows(spec)?;
    match format.style {
        Style::Keras3 => keras3(spec, &rows, format),
        Style::Keras2 => keras2(spec, &rows),
    }
}

/// What a PyTorch lesson's summary adds: PyTorch's own count. nn.LSTM keeps two biases a gate
/// (`bias_ih` and `bias_hh`, added together), Keras one, so PyTorch's `numel` total is 4·units
/// larger for every LSTM (twice that for a Bidirectional one).
pub fn pytorch_numel(spec: &ModelSpec) -> Result<usize> {
    let extra: usize = spec
        .layers
        .iter()
        .map(|layer| match &layer.config {
            LayerConfig::Lstm(c) if c.use_bias => 4 * c.units,
            LayerConfig::Bidirectional { layer: c, .. } if c.use_bias => 8 * c.units,
            _ => 0,
        })
        .sum();
    Ok(spec.params()?.saturating_add(extra))
}

/// The lines under a PyTorch lesson's summary: PyTorch's count beside Keras's.
pub fn pytorch_note(spec: &ModelSpec) -> Result<String> {
    let (keras, torch) = (spec.params()?, pytorch_numel(spec)?);
    Ok(format!(
        "\nPyTorch counts {} parameters (sum(p.numel() for p in model.parameters())), Keras {}:\n\
         nn.LSTM keeps two biases, bias_ih and bias_hh, where Keras keeps one; they are added\n\
         together, so the {} extra numbers change nothing the model computes.\n",
        thousands(torch),
        thousands(keras),
        thousands(torch - keras)
    ))
}

/// How one layer's count arises, in words and numbers.
fn explain_layer(config: &LayerConfig, input: Shape, params: usize) -> String {
    let last = input.width();
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
        LayerConfig::Flatten => match (input, input.size()) {
            (Shape::Seq(Some(t), d), _) => format!(
                "0: only lays each sample's {t} × {d} numbers end to end, {} in all.",
                t * d
            ),
            (_, Some(size)) => format!("0: passes each sample's {size} numbers on unchanged."),
            (_, None) => "0: lays each sample's numbers end to end.".to_string(),
        },
        LayerConfig::Dropout { rate } => {
            format!("0: drops {rate} of its inputs in training, passes them through when predicting.")
        }
    }
}

/// The summary followed by the arithmetic behind each count, one layer a paragraph.
pub fn explain(spec: &ModelSpec, format: &Format) -> Result<String> {
    let mut out = summary(spec, format)?;
    out.push_str("\nWhere the counts come from:\n");
    for (layer, (input, _)) in spec.layers.iter().zip(spec.shapes()?) {
        let frozen = if layer.trainable {
            ""
        } else {
            " Frozen (trainable=False): counted as non-trainable, and computed the same."
        };
        let text = format!(
            "{}: {}{frozen}",
            layer_label(&layer.name, &layer.config),
            explain_layer(&layer.config, input, layer.config.params(input))
        );
        // Wrapped as the table is, to the terminal's width (80 for a pipe), continued indented.
        let lines = rich_table::console_lines(&text, format.width.max(MIN_WIDTH) - 4);
        for (k, line) in lines.iter().enumerate() {
            let indent = if k == 0 { "  " } else { "    " };
            out.push_str(&format!("{indent}{}\n", line.trim_end()));
        }
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

//! `[[model.layers]]` tables: Keras class names and constructor arguments in snake_case.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::io::safetensors::Tensors;
use crate::model::activation::Activation;
use crate::model::spec::{LayerConfig, LayerSpec, MergeMode, Namer, Shape};
use crate::warning::{Ignored, WarningKind, Warnings};

use super::doc::Table;

const LSTM_KEYS: &[&str] = &[
    "class_name",
    "name",
    "units",
    "activation",
    "recurrent_activation",
    "use_bias",
    "return_sequences",
    "go_backwards",
    "dropout",
    "recurrent_dropout",
    "unit_forget_bias",
    "input_shape",
    "stateful",
    "return_state",
    "unroll",
    "trainable",
];

/// Parse every layer, giving unnamed ones Keras's default names. `input` is the model's
/// input_shape, which an `input_shape` on the first layer must repeat. Every layer is read, and
/// the problems of all of them are returned together.
pub fn parse_layers(tables: &[Table], input: Shape, warnings: &mut Warnings) -> Result<Vec<LayerSpec>, Vec<Error>> {
    let mut namer = Namer::default();
    let mut specs: Vec<LayerSpec> = Vec::with_capacity(tables.len());
    let mut problems = Vec::new();
    for (k, t) in tables.iter().enumerate() {
        match parse_layer(k, t, input, &mut namer, &specs, warnings) {
            Ok(spec) => specs.push(spec),
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() { Ok(specs) } else { Err(problems) }
}

/// One `[[model.layers]]` table, the `k`-th.
fn parse_layer(
    k: usize,
    t: &Table,
    input: Shape,
    namer: &mut Namer,
    specs: &[LayerSpec],
    warnings: &mut Warnings,
) -> Result<LayerSpec> {
    let config = parse_config(t)?;
    let default = namer.name_for(&config);
    let name = match t.get("name") {
        Some(n) => n.as_str()?.to_string(),
        None => default,
    };
    if let Some(n) = t.get("name").filter(|_| specs.iter().any(|s| s.name == name)) {
        return Err(n.error(format!("two layers are named \"{name}\"; layer names must be unique")));
    }
    if let Some(n) = t.get("input_shape").filter(|_| k == 0) {
        let given = super::parse_input_shape(&n)?;
        if given != input {
            return Err(n.error(format!(
                "input_shape on {name} is {} but [model] input_shape is {}: the model has one input shape",
                toml_dims(given),
                toml_dims(input)
            )));
        }
    }
    let ignored = [
        (Ignored::InputShape, t.get("input_shape").filter(|_| k > 0)),
        (Ignored::InputLength, t.get("input_length")),
    ];
    for (option, n) in ignored {
        if let Some(n) = n {
            warnings.push(n.warning(WarningKind::Ignored {
                option,
                layer: name.clone(),
            }));
        }
    }
    let inner = t.table("layer")?.map(|inner| inner.options());
    let trainable = t.options().trainable(inner.as_ref())?;
    Ok(LayerSpec {
        name,
        config,
        trainable,
        float64: false,
    })
}

/// `[5, 2]`, as the lesson file writes a shape.
fn toml_dims(shape: Shape) -> String {
    let dims: Vec<String> = shape
        .dims()
        .iter()
        .map(|d| d.map_or("None".to_string(), |d| d.to_string()))
        .collect();
    format!("[{}]", dims.join(", "))
}

fn class_name<'d>(t: &Table<'d, '_>) -> Result<&'d str> {
    t.require(
        "class_name",
        "the Keras class name: LSTM, Bidirectional, Embedding, Dense, Flatten or Dropout",
    )?
    .as_str()
}

fn parse_config(t: &Table) -> Result<LayerConfig> {
    let class = class_name(t)?;
    let known: &[&str] = match class {
        "LSTM" => LSTM_KEYS,
        "Bidirectional" => &["class_name", "name", "merge_mode", "layer", "input_shape", "trainable"],
        "Embedding" => &[
            "class_name",
            "name",
            "input_dim",
            "output_dim",
            "input_length",
            "mask_zero",
            "input_shape",
            "trainable",
        ],
        "Dense" => &[
            "class_name",
            "name",
            "units",
            "activation",
            "use_bias",
            "input_shape",
            "trainable",
        ],
        "Flatten" => &["class_name", "name", "input_shape", "trainable"],
        "Dropout" => &["class_name", "name", "rate", "input_shape", "trainable"],
        other => {
            let hint = match other {
                "GRU" | "SimpleRNN" | "Conv1D" | "Attention" | "TimeDistributed" | "ConvLSTM1D" | "ConvLSTM2D" => {
                    " is a Keras layer lstm-tui does not step through yet"
                }
                _ => " is not a layer lstm-tui knows",
            };
            return Err(t.get("class_name").expect("present").error(format!(
                "class_name \"{other}\"{hint} (supported: LSTM, Bidirectional, Embedding, Dense, Flatten, Dropout)"
            )));
        }
    };
    for (key, span) in t.keys() {
        // `tensors` (PyTorch lessons) is checked by parse_tensors / deny_tensors.
        if !known.contains(&key) && key != "tensors" {
            return Err(t.key_error(
                &span,
                format!(
                    "{class} option `{key}` is not supported by lstm-tui (it reads: {})",
                    known[1..].join(", ")
                ),
            ));
        }
    }
    let o = t.options();
    Ok(match class {
        "LSTM" => LayerConfig::Lstm(o.lstm()?),
        "Bidirectional" => {
            let inner = t
                .table("layer")?
                .ok_or_else(|| t.error("Bidirectional needs the wrapped layer as [model.layers.layer]"))?;
            let inner_class = class_name(&inner)?;
            if inner_class != "LSTM" {
                return Err(inner
                    .get("class_name")
                    .expect("present")
                    .error(format!("Bidirectional wraps an LSTM here, got \"{inner_class}\"")));
            }
            for (key, span) in inner.keys() {
                if !LSTM_KEYS.contains(&key) {
                    return Err(inner.key_error(&span, format!("LSTM option `{key}` is not supported by lstm-tui")));
                }
            }
            let merge_mode = match t.get("merge_mode") {
                Some(n) => MergeMode::from_keras(n.as_str()?).map_err(|e| n.error(e.message()))?,
                None => MergeMode::Concat,
            };
            let layer = inner.options().lstm()?;
            if let Some(n) = inner.get("go_backwards").filter(|_| layer.go_backwards) {
                // Keras 3 makes the backward copy with go_backwards = true, then refuses two
                // layers reading the same way.
                return Err(n.error(
                    "go_backwards = true inside a Bidirectional is refused by Keras 3: the backward copy would read backwards too (Bidirectional reads both ways by itself: leave go_backwards out)",
                ));
            }
            LayerConfig::Bidirectional { layer, merge_mode }
        }
        "Embedding" => {
            o.refuse_mask_zero()?;
            LayerConfig::Embedding {
                input_dim: o.positive("input_dim", "the vocabulary size")?,
                output_dim: o.positive("output_dim", "the length of each word vector")?,
            }
        }
        "Dense" => LayerConfig::Dense {
            units: o.positive("units", "the number of outputs")?,
            activation: o.activation("activation", Activation::Linear)?,
            use_bias: o.flag("use_bias", true)?,
        },
        "Flatten" => LayerConfig::Flatten,
        "Dropout" => {
            t.require("rate", "the fraction dropped in training")?;
            LayerConfig::Dropout { rate: o.rate("rate")? }
        }
        _ => unreachable!("class checked above"),
    })
}

/// `tensors = { module = "lstm", layer = 0 }` on every layer with weights of a PyTorch lesson:
/// Keras layer name → the state_dict tensors it takes.
pub fn parse_tensors(tables: &[Table], layers: &[LayerSpec]) -> Result<BTreeMap<String, Tensors>> {
    let mut out = BTreeMap::new();
    for (t, layer) in tables.iter().zip(layers) {
        let recurrent = layer.config.is_recurrent();
        let has_weights = !matches!(layer.config, LayerConfig::Flatten | LayerConfig::Dropout { .. });
        let Some(n) = t.get("tensors") else {
            if has_weights {
                return Err(t.error(format!(
                    "layer {} needs `tensors`: which tensors of the state_dict it takes, e.g. tensors = {{ module = \"{}\"{} }}",
                    layer.name,
                    if recurrent { "lstm" } else { "fc" },
                    if recurrent { ", layer = 0" } else { "" }
                )));
            }
            continue;
        };
        if !has_weights {
            return Err(n.error(format!("{} has no weights, so no tensors", layer.config.class_name())));
        }
        let table = n.as_table(&format!("{}.tensors", t.path))?;
        table.deny_unknown(&["module", "layer"], "tensors")?;
        let module = table
            .require(
                "module",
                "the module's name in the state_dict, e.g. \"lstm\" for lstm.weight_ih_l0",
            )?
            .as_str()?
            .to_string();
        let index = match (table.get("layer"), recurrent) {
            (Some(k), true) => Some(k.as_index()?),
            (None, true) => {
                return Err(
                    table.error("an LSTM needs `layer`: which stacked layer of the nn.LSTM (0 for weight_ih_l0)")
                );
            }
            (Some(k), false) => {
                return Err(k.error(format!(
                    "`layer` numbers the stacked layers of an nn.LSTM; {} takes module.weight and module.bias",
                    layer.config.class_name()
                )));
            }
            (None, false) => None,
        };
        let cell = match &layer.config {
            LayerConfig::Lstm(c) | LayerConfig::Bidirectional { layer: c, .. } => Some(c),
            _ => None,
        };
        if let Some(c) = cell
            && (c.activation != Activation::Tanh || c.recurrent_activation != Activation::Sigmoid || c.go_backwards)
        {
            return Err(t.error(format!(
                "layer {}: nn.LSTM always uses tanh and sigmoid and reads forwards; leave activation, recurrent_activation and go_backwards at their defaults",
                layer.name
            )));
        }
        out.insert(layer.name.clone(), Tensors { module, layer: index });
    }
    Ok(out)
}

/// `tensors` belongs to PyTorch lessons only.
pub fn deny_tensors(tables: &[Table]) -> Result<()> {
    match tables.iter().find_map(|t| t.get("tensors")) {
        Some(n) => Err(n.error("`tensors` maps PyTorch weights: it needs framework = \"pytorch\" in [model]")),
        None => Ok(()),
    }
}

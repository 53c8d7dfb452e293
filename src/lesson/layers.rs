//! `[[model.layers]]` tables: Keras class names and constructor arguments in snake_case.

use std::collections::BTreeMap;

use crate::error::{Error, LessonMistake, Result};
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
        return Err(n.error(LessonMistake::DuplicateLayerName { name }));
    }
    if let Some(n) = t.get("input_shape").filter(|_| k == 0) {
        let given = super::parse_input_shape(&n)?;
        if given != input {
            return Err(n.error(LessonMistake::InputShapeDiffers {
                layer: name,
                given: toml_dims(given),
                model: toml_dims(input),
            }));
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
            let keras_layer = matches!(
                other,
                "GRU" | "SimpleRNN" | "Conv1D" | "Attention" | "TimeDistributed" | "ConvLSTM1D" | "ConvLSTM2D"
            );
            let mistake = LessonMistake::UnknownClass {
                class: other.to_string(),
                keras_layer,
            };
            return Err(t.get("class_name").expect("present").error(mistake));
        }
    };
    for (key, span) in t.keys() {
        // `tensors` (PyTorch lessons) is checked by parse_tensors / deny_tensors.
        if !known.contains(&key) && key != "tensors" {
            let mistake = LessonMistake::UnknownOption {
                class: class.to_string(),
                key: key.to_string(),
                reads: known[1..].iter().map(|k| k.to_string()).collect(),
            };
            return Err(t.key_error(&span, mistake));
        }
    }
    let o = t.options();
    Ok(match class {
        "LSTM" => LayerConfig::Lstm(o.lstm()?),
        "Bidirectional" => {
            let inner = t
                .table("layer")?
                .ok_or_else(|| t.error(LessonMistake::NoWrappedLayer))?;
            let inner_class = class_name(&inner)?;
            if inner_class != "LSTM" {
                return Err(inner
                    .get("class_name")
                    .expect("present")
                    .error(LessonMistake::WrapsNotLstm {
                        class: inner_class.to_string(),
                    }));
            }
            for (key, span) in inner.keys() {
                if !LSTM_KEYS.contains(&key) {
                    let key = key.to_string();
                    return Err(inner.key_error(&span, LessonMistake::UnknownLstmOption { key }));
                }
            }
            let merge_mode = match t.get("merge_mode") {
                Some(n) => MergeMode::from_keras(n.as_str()?).map_err(|e| n.error(*e.kind))?,
                None => MergeMode::Concat,
            };
            let layer = inner.options().lstm()?;
            if let Some(n) = inner.get("go_backwards").filter(|_| layer.go_backwards) {
                // Keras 3 makes the backward copy with go_backwards = true, then refuses two
                // layers reading the same way.
                return Err(n.error(LessonMistake::WrappedGoBackwards));
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
                return Err(t.error(LessonMistake::NeedsTensors {
                    layer: layer.name.clone(),
                    recurrent,
                }));
            }
            continue;
        };
        if !has_weights {
            let class = layer.config.class_name();
            return Err(n.error(LessonMistake::TensorsWithoutWeights { class }));
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
                return Err(table.error(LessonMistake::NeedsTorchLayer));
            }
            (Some(k), false) => {
                let class = layer.config.class_name();
                return Err(k.error(LessonMistake::TorchLayerNotLstm { class }));
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
            return Err(t.error(LessonMistake::TorchLstmDefaults {
                layer: layer.name.clone(),
            }));
        }
        out.insert(layer.name.clone(), Tensors { module, layer: index });
    }
    Ok(out)
}

/// `tensors` belongs to PyTorch lessons only.
pub fn deny_tensors(tables: &[Table]) -> Result<()> {
    match tables.iter().find_map(|t| t.get("tensors")) {
        Some(n) => Err(n.error(LessonMistake::TensorsWithoutPytorch)),
        None => Ok(()),
    }
}

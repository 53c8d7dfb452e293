//! A Keras model's architecture as Keras writes it (config.json in a .keras file, the
//! model_config attribute of a legacy .h5 file; Keras 3 and tf.keras 2 spellings) turned into a
//! [`ModelSpec`]. Sequential models and Functional models that are a single chain are read;
//! anything that would make lstm-tui compute something other than Keras is refused, naming the
//! layer and the option. The Keras that wrote the file (its `keras_version`) decides what the few
//! names whose meaning changed in Keras 3 mean: `hard_sigmoid`, a missing `recurrent_activation`,
//! a Bidirectional around a `go_backwards` LSTM.

use serde_json::{Map, Value};

pub use super::keras_options::Writer;
use super::keras_options::{self, Opt, Options};
use crate::error::{Branch, ConfigMistake, Error, Kind, Result};
use crate::model::activation::Activation;
use crate::model::spec::{InputSpec, LayerConfig, LayerSpec, LstmConfig, MergeMode, ModelSpec, Namer, Shape};
use crate::warning::{Warning, WarningKind, Warnings};

/// A model's architecture and what is worth saying about it.
#[derive(Debug, Clone)]
pub struct KerasModel {
    pub spec: ModelSpec,
    /// Things that do not stop the run (a float64 model computed in float32, ...).
    pub warnings: Warnings,
}

/// Where a problem is: the file and the part of it (`config.json`, `model_config`), and which
/// Keras wrote it.
struct Place<'a> {
    file: &'a str,
    part: &'a str,
    writer: Writer,
}

impl Place<'_> {
    /// An error of `kind` in this part of this file.
    fn error(&self, kind: impl Into<Kind>) -> Error {
        self.within(Error::new(kind.into()))
    }

    /// `e` said as inside this part of this file.
    fn within(&self, e: Error) -> Error {
        e.within(self.part).with_file(self.file)
    }
}

/// Parse a model config written by `writer`. `file` and `part` name it in messages.
pub fn parse(file: &str, part: &str, json: &str, writer: Writer) -> Result<KerasModel> {
    let place = Place { file, part, writer };
    let root: Value = serde_json::from_str(json).map_err(|e| {
        place.within(Error::new(Kind::Syntax {
            format: "JSON",
            detail: e.to_string(),
        }))
    })?;
    let class = root.get("class_name").and_then(Value::as_str).unwrap_or("");
    let config = root.get("config").ok_or_else(|| place.error(ConfigMistake::NoConfig))?;
    let functional = match class {
        "Sequential" => false,
        "Functional" | "Model" => true,
        other => {
            return Err(place.error(ConfigMistake::ModelClass {
                class: other.to_string(),
            }));
        }
    };
    // Keras 2.2 wrote a Sequential's config as the bare list of layers.
    let (name, layers) = match config {
        Value::Array(layers) => (None, layers.as_slice()),
        Value::Object(c) => (
            c.get("name").and_then(Value::as_str),
            c.get("layers")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .ok_or_else(|| place.error(ConfigMistake::NoLayersList))?,
        ),
        _ => return Err(place.error(ConfigMistake::NotTableOrList)),
    };
    if functional {
        check_chain(&place, config, layers)?;
    }
    let mut warnings = Warnings::default();
    let mut input = None;
    let mut input_layer = None;
    let mut specs: Vec<LayerSpec> = Vec::new();
    let mut namer = Namer::default();
    for (k, layer) in layers.iter().enumerate() {
        let layer_class = layer.get("class_name").and_then(Value::as_str).unwrap_or("");
        let cfg = layer.get("config").and_then(Value::as_object).ok_or_else(|| {
            place.error(ConfigMistake::LayerWithoutConfig {
                number: k + 1,
                class: layer_class.to_string(),
            })
        })?;
        let name = cfg
            .get("name")
            .or_else(|| layer.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let shown = name.clone().unwrap_or_else(|| format!("number {}", k + 1));
        let at = LayerPlace {
            place: &place,
            name: &shown,
            class: layer_class,
        };
        let float64 = check_dtype(&at, cfg, &mut warnings)?;
        if layer_class == "InputLayer" {
            if k > 0 {
                return Err(at.error(ConfigMistake::LateInputLayer));
            }
            input = Some(input_from(&at, cfg, &["batch_shape", "batch_input_shape"])?);
            input_layer = name.filter(|_| functional);
            continue;
        }
        if input.is_none() && specs.is_empty() {
            // tf.keras 2 put the input on the first layer.
            if cfg.contains_key("batch_input_shape") || cfg.contains_key("batch_shape") {
                input = Some(input_from(&at, cfg, &["batch_shape", "batch_input_shape"])?);
            }
        }
        let config = layer_config(&at, cfg)?;
        let trainable = trainable(&at, cfg)?;
        let name = name.unwrap_or_else(|| namer.name_for(&config));
        specs.push(LayerSpec {
            name,
            config,
            trainable,
            float64,
        });
    }
    if specs.is_empty() {
        return Err(place.error(ConfigMistake::NoLayers));
    }
    let input = match input {
        Some(i) => i,
        None => sequential_input(&place, config, layers)?,
    };
    let input = InputSpec {
        shape: match input.dims.as_slice() {
            [t] => Shape::Tokens(*t),
            [t, Some(d)] => Shape::Seq(*t, *d),
            [_, None] => return Err(place.error(ConfigMistake::FreeFeatures)),
            dims => {
                return Err(place.error(ConfigMistake::InputRank { dims: dims.len() }));
            }
        },
        batch_size: input.batch,
    };
    let spec = ModelSpec {
        name: name
            .unwrap_or(if functional { "functional" } else { "sequential" })
            .to_string(),
        input,
        input_layer,
        layers: specs,
    };
    check_shapes(&place, &spec)?;
    Ok(KerasModel { spec, warnings })
}

fn check_shapes(place: &Place, spec: &ModelSpec) -> Result<()> {
    let free = spec.input.shape.takes_any_timesteps();
    if free && let Some(flat) = spec.layers.iter().find(|l| l.config == LayerConfig::Flatten) {
        return Err(place.error(ConfigMistake::FlattenAnyLength {
            layer: flat.name.clone(),
        }));
    }
    let shapes = spec.shapes().map_err(|e| place.within(e))?;
    if let Some((layer, _)) = spec
        .layers
        .iter()
        .zip(&shapes)
        .find(|(_, (_, out))| out.size() == Some(0))
    {
        return Err(place.error(ConfigMistake::EmptyOutput {
            layer: layer.name.clone(),
        }));
    }
    Ok(())
}

/// A layer being read, for messages.
struct LayerPlace<'a> {
    place: &'a Place<'a>,
    name: &'a str,
    class: &'a str,
}

impl LayerPlace<'_> {
    /// An error of `kind` in this layer.
    fn error(&self, kind: impl Into<Kind>) -> Error {
        self.within(Error::new(kind.into()))
    }

    /// `e` said as inside this layer.
    fn within(&self, e: Error) -> Error {
        self.place
            .within(e.within(format!("layer {} ({})", self.name, self.class)))
    }
}

/// An input shape: the batch size when fixed, then each dimension (None when free).
struct InputDims {
    batch: Option<usize>,
    dims: Vec<Option<usize>>,
}

fn dims_of(at: &LayerPlace, key: &str, v: &Value) -> Result<Vec<Option<usize>>> {
    let bad = || {
        at.error(Kind::Value {
            key: key.to_string(),
            expected: "a list of sizes or nulls",
            found: v.to_string(),
        })
    };
    v.as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|d| match d {
            Value::Null => Ok(None),
            d => d
                .as_u64()
                .filter(|&n| n > 0)
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(bad),
        })
        .collect()
}

/// A shape with its batch axis first, as `key` holds it.
fn batch_and_dims(at: &LayerPlace, key: &str, v: &Value) -> Result<InputDims> {
    let mut dims = dims_of(at, key, v)?;
    if dims.is_empty() {
        return Err(at.error(ConfigMistake::EmptyShape { key: key.to_string() }));
    }
    let batch = dims.remove(0);
    Ok(InputDims { batch, dims })
}

fn input_from(at: &LayerPlace, cfg: &Map<String, Value>, keys: &[&str]) -> Result<InputDims> {
    for key in keys {
        if let Some(v) = cfg.get(*key).filter(|v| !v.is_null()) {
            return batch_and_dims(at, key, v);
        }
    }
    Err(at.error(ConfigMistake::InputLayerShape))
}

/// A Sequential model without an InputLayer: the shape it was built with.
fn sequential_input(place: &Place, config: &Value, layers: &[Value]) -> Result<InputDims> {
    let from_build = config.get("build_input_shape").filter(|v| !v.is_null()).or_else(|| {
        layers
            .first()
            .and_then(|l| l.get("build_config"))
            .and_then(|b| b.get("input_shape"))
            .filter(|v| !v.is_null())
    });
    let Some(v) = from_build else {
        return Err(place.error(ConfigMistake::NeverBuilt));
    };
    let at = LayerPlace {
        place,
        name: "input",
        class: "InputLayer",
    };
    batch_and_dims(&at, "build_input_shape", v)
}

/// The layer's dtype policy: float32, or float64 (true) computed in float32.
fn check_dtype(at: &LayerPlace, cfg: &Map<String, Value>, warnings: &mut Warnings) -> Result<bool> {
    let Some(dtype) = cfg.get("dtype").filter(|v| !v.is_null()) else {
        return Ok(false);
    };
    let name = match dtype {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o
            .get("config")
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("an unknown policy"),
        _ => "an unknown policy",
    };
    match (at.class, name) {
        (_, "float32") => Ok(false),
        ("InputLayer", "int32" | "int64" | "int16" | "int8" | "uint8" | "uint16" | "uint32" | "uint64") => Ok(false),
        (_, "float64") => {
            warnings.push(Warning::new(
                Some(at.place.file),
                WarningKind::Float64 {
                    layer: at.name.to_string(),
                },
            ));
            Ok(true)
        }
        _ => Err(at.error(ConfigMistake::Dtype { name: name.to_string() })),
    }
}

fn get<'v>(cfg: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    cfg.get(key).filter(|v| !v.is_null())
}

/// A setting that must be absent (null): LoRA adapters and quantized weights.
fn refuse_set(at: &LayerPlace, cfg: &Map<String, Value>, key: &str) -> Result<()> {
    match get(cfg, key) {
        None => Ok(()),
        Some(v) => Err(at.error(Kind::Unsupported {
            option: key.to_string(),
            value: v.to_string(),
            why: "lstm-tui reads plain float weights".to_string(),
        })),
    }
}

/// A layer's options as the shared reader takes them: JSON null is no entry, and a serialized
/// Keras object (`{"module": "keras.activations", "class_name": "function", "config": "tanh"}`)
/// is its name.
fn options(at: &LayerPlace, cfg: &Map<String, Value>) -> Options {
    let entries = cfg
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let value = match v {
                Value::Bool(b) => keras_options::Value::Bool(*b),
                Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => keras_options::Value::Int(i),
                    (None, Some(f)) if !n.is_u64() => keras_options::Value::Float(f),
                    _ => keras_options::Value::Other,
                },
                Value::String(s) => keras_options::Value::Str(s.clone()),
                Value::Object(o) => match (o.get("config"), o.get("class_name")) {
                    (Some(Value::String(s)), _) => keras_options::Value::Str(s.clone()),
                    (_, Some(Value::String(s))) => keras_options::Value::Str(s.clone()),
                    _ => keras_options::Value::Str("?".into()),
                },
                _ => keras_options::Value::Other,
            };
            let opt = Opt {
                value,
                shown: v.to_string(),
                position: None,
            };
            (k.clone(), opt)
        })
        .collect();
    Options {
        entries,
        file: at.place.file.to_string(),
        prefix: vec![at.place.part.to_string(), format!("layer {} ({})", at.name, at.class)],
        position: None,
        table: None,
        writer: at.place.writer,
    }
}

fn layer_config(at: &LayerPlace, cfg: &Map<String, Value>) -> Result<LayerConfig> {
    let o = options(at, cfg);
    Ok(match at.class {
        "LSTM" => LayerConfig::Lstm(o.lstm()?),
        "Bidirectional" => {
            let merge_mode = match get(cfg, "merge_mode") {
                None => {
                    return Err(at.error(Kind::Unsupported {
                        option: "merge_mode".to_string(),
                        value: "None".to_string(),
                        why: "the layer would have two outputs (use concat, sum, mul or ave)".to_string(),
                    }));
                }
                Some(v) => MergeMode::from_keras(v.as_str().unwrap_or("?")).map_err(|e| at.within(e))?,
            };
            let forward = wrapped(at, cfg, "layer")?;
            if get(cfg, "backward_layer").is_none() && forward.go_backwards {
                // Keras 3 makes the backward layer as a copy with go_backwards = true, then
                // refuses two layers reading the same way; tf.keras 2 flips the copy's
                // go_backwards, so its forward layer reads backwards and its backward one forwards.
                match at.place.writer {
                    Writer::Keras2 => {}
                    writer => {
                        let writer_unknown = writer == Writer::Unknown;
                        return Err(at.error(ConfigMistake::GoBackwardsTwice { writer_unknown }));
                    }
                }
            }
            if get(cfg, "backward_layer").is_some() {
                let backward = wrapped(at, cfg, "backward_layer")?;
                if backward.go_backwards == forward.go_backwards {
                    return Err(at.error(ConfigMistake::SameDirection {
                        go_backwards: forward.go_backwards,
                    }));
                }
                let expected = LstmConfig {
                    go_backwards: !forward.go_backwards,
                    ..forward.clone()
                };
                if backward != expected {
                    return Err(at.error(ConfigMistake::BackwardDiffers));
                }
            }
            LayerConfig::Bidirectional {
                layer: forward,
                merge_mode,
            }
        }
        "Embedding" => {
            o.refuse_mask_zero()?;
            refuse_set(at, cfg, "lora_rank")?;
            refuse_set(at, cfg, "quantization_config")?;
            LayerConfig::Embedding {
                input_dim: o.positive("input_dim", "the vocabulary size")?,
                output_dim: o.positive("output_dim", "the length of each word vector")?,
            }
        }
        "Dense" => {
            refuse_set(at, cfg, "lora_rank")?;
            refuse_set(at, cfg, "quantization_config")?;
            LayerConfig::Dense {
                units: o.positive("units", "the number of outputs")?,
                activation: o.activation("activation", Activation::Linear)?,
                use_bias: o.flag("use_bias", true)?,
            }
        }
        "Flatten" => {
            if let Some(v) = get(cfg, "data_format").filter(|v| v.as_str() != Some("channels_last")) {
                return Err(at.error(Kind::Unsupported {
                    option: "data_format".to_string(),
                    value: v.to_string(),
                    why: "lstm-tui flattens channels_last".to_string(),
                }));
            }
            LayerConfig::Flatten
        }
        "Dropout" => LayerConfig::Dropout { rate: o.rate("rate")? },
        "Masking" => {
            return Err(at.error(ConfigMistake::Masking));
        }
        "Sequential" | "Functional" | "Model" => {
            return Err(at.error(ConfigMistake::NestedModel));
        }
        "TextVectorization" => {
            return Err(at.error(ConfigMistake::TextVectorization));
        }
        other => {
            return Err(at.error(ConfigMistake::UnsupportedLayer {
                class: other.to_string(),
            }));
        }
    })
}

/// Whether a layer's weights are trained: Keras's `trainable`, false also when the LSTM a
/// Bidirectional wraps is frozen.
fn trainable(at: &LayerPlace, cfg: &Map<String, Value>) -> Result<bool> {
    let inner = get(cfg, "layer")
        .and_then(|l| l.get("config"))
        .and_then(Value::as_object);
    options(at, cfg).trainable(inner.map(|c| options(at, c)).as_ref())
}

/// The LSTM a Bidirectional layer wraps.
fn wrapped(at: &LayerPlace, cfg: &Map<String, Value>, key: &str) -> Result<LstmConfig> {
    let inner = get(cfg, key).ok_or_else(|| at.error(Kind::NoKey { key: key.to_string() }))?;
    let class = inner.get("class_name").and_then(Value::as_str).unwrap_or("?");
    let inner_cfg = inner
        .get("config")
        .and_then(Value::as_object)
        .ok_or_else(|| at.error(ConfigMistake::NoInnerConfig { key: key.to_string() }))?;
    if class != "LSTM" {
        return Err(at.error(ConfigMistake::WrappedClass {
            class: class.to_string(),
        }));
    }
    let inner_name = inner_cfg.get("name").and_then(Value::as_str).unwrap_or(key);
    let inner_at = LayerPlace {
        place: at.place,
        name: inner_name,
        class: "LSTM",
    };
    options(&inner_at, inner_cfg).lstm()
}

/// Every tensor a Functional layer is called on: `keras_history` entries in Keras 3, node
/// lists in tf.keras 2.
fn inbound_tensors(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(o) => {
            if let Some(Value::Array(h)) = o.get("keras_history") {
                out.push(h.first().and_then(Value::as_str).unwrap_or("?").to_string());
                return;
            }
            for v in o.values() {
                inbound_tensors(v, out);
            }
        }
        // tf.keras 2: [layer_name, node_index, tensor_index, kwargs]
        Value::Array(a) if a.len() >= 3 && a[0].is_string() && a[1].is_u64() && a[2].is_u64() => {
            out.push(a[0].as_str().unwrap_or("?").to_string());
            if let Some(kwargs) = a.get(3) {
                inbound_tensors(kwargs, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| inbound_tensors(v, out)),
        _ => {}
    }
}

fn names_in(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = v {
        inbound_tensors(&Value::Array(vec![v.clone()]), &mut out);
    }
    out
}

/// A Functional model must be Input → layer → layer → ... → output, each layer called once on
/// the one before.
fn check_chain(place: &Place, config: &Value, layers: &[Value]) -> Result<()> {
    let branching = |branch: Branch| place.error(ConfigMistake::Branching(branch));
    let name_of = |l: &Value| -> String {
        l.get("name")
            .or_else(|| l.get("config").and_then(|c| c.get("name")))
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    // The names in `key`, when there is at most one.
    let single = |key: &str, ends: &'static str| {
        let names = names_in(config.get(key));
        if names.len() > 1 {
            return Err(branching(Branch::Ends { ends, names }));
        }
        Ok(names)
    };
    single("input_layers", "inputs")?;
    let outputs = single("output_layers", "outputs")?;
    for (k, layer) in layers.iter().enumerate().skip(1) {
        let name = name_of(layer);
        let nodes = layer
            .get("inbound_nodes")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if nodes.len() != 1 {
            return Err(branching(Branch::CalledTimes {
                layer: name,
                count: nodes.len(),
            }));
        }
        let mut tensors = Vec::new();
        inbound_tensors(&nodes[0], &mut tensors);
        let previous = name_of(&layers[k - 1]);
        match tensors.as_slice() {
            [one] if *one == previous => {}
            [one] => {
                return Err(branching(Branch::ReadsOther {
                    layer: name,
                    one: one.clone(),
                    previous,
                }));
            }
            many => {
                return Err(branching(Branch::ManyInputs {
                    layer: name,
                    names: many.to_vec(),
                }));
            }
        }
    }
    if let (Some(last), [out]) = (layers.last(), outputs.as_slice())
        && name_of(last) != *out
    {
        return Err(branching(Branch::OutputNotLast {
            output: out.clone(),
            last: name_of(last),
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

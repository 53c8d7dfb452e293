//! The architecture of a model without its weights: layer configurations as Keras writes them,
//! Keras's default names, per-layer shapes and parameter counts.

use std::collections::HashMap;
use std::fmt;

use super::activation::Activation;
use crate::error::{Error, Kind, Misfit, Result};

/// The shape of one sample as it flows between layers (the batch axis is left out).
///
/// A model file may take any number of timesteps (Keras's `None`): its sequences then have
/// `None` timesteps, shown as `None`, until the session fixes them from the input it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A sequence of integer token ids, `(T,)`; `None` for any number of timesteps.
    Tokens(Option<usize>),
    /// A sequence of vectors, `(T, D)`; `None` for any number of timesteps.
    Seq(Option<usize>, usize),
    /// One vector, `(D,)`.
    Vec(usize),
}

impl Shape {
    /// The dimensions, without the batch axis, `None` where any number of timesteps fits.
    pub fn dims(self) -> Vec<Option<usize>> {
        match self {
            Shape::Tokens(t) => vec![t],
            Shape::Seq(t, d) => vec![t, Some(d)],
            Shape::Vec(d) => vec![Some(d)],
        }
    }

    /// Number of values in one sample, `None` while any number of timesteps fits. It saturates
    /// at `usize::MAX`, above [`MAX_VALUES`], so that [`ModelSpec::shapes`] refuses a shape too
    /// large to count instead of wrapping.
    pub fn size(self) -> Option<usize> {
        self.dims()
            .iter()
            .try_fold(1, |n: usize, d| d.map(|d| n.saturating_mul(d)))
    }

    /// The values at each step: a vector's size, or 1 for a token id.
    pub fn width(self) -> usize {
        match self {
            Shape::Tokens(_) => 1,
            Shape::Seq(_, d) | Shape::Vec(d) => d,
        }
    }

    /// Refuse a shape of more than [`MAX_VALUES`] values, saying how many the shape named
    /// `what` holds. A sequence of any length is counted by the dimensions it fixes.
    pub fn check_size(self, what: impl fmt::Display) -> Result<()> {
        let known = self.dims().into_iter().flatten();
        if known.clone().fold(1, |n: usize, d| n.saturating_mul(d)) <= MAX_VALUES {
            return Ok(());
        }
        Err(Error::new(Kind::TooManyValues {
            what: what.to_string(),
            product: known.map(|d| d as u128).product::<u128>(),
            most: MAX_VALUES,
        }))
    }

    /// Whether this is a sequence of any number of timesteps (Keras's `None`), as the input of
    /// some model files. Every check of that asks here.
    pub fn takes_any_timesteps(self) -> bool {
        matches!(self, Shape::Tokens(None) | Shape::Seq(None, _))
    }

    /// The number of timesteps of a sequence whose length the model fixes.
    pub fn fixed_timesteps(self) -> Option<usize> {
        match self {
            Shape::Tokens(t) | Shape::Seq(t, _) => t,
            Shape::Vec(_) => None,
        }
    }

    /// The same shape with `t` timesteps.
    pub fn with_timesteps(self, t: usize) -> Shape {
        match self {
            Shape::Tokens(_) => Shape::Tokens(Some(t)),
            Shape::Seq(_, d) => Shape::Seq(Some(t), d),
            Shape::Vec(d) => Shape::Vec(d),
        }
    }

    /// Keras's notation with the batch axis, e.g. `(None, 8, 32)` or `(5, 300)`; any number of
    /// timesteps shows as `None`.
    pub fn keras(self, batch: Option<usize>) -> String {
        let parts: Vec<String> = std::iter::once(batch)
            .chain(self.dims())
            .map(|d| d.map_or("None".to_string(), |d| d.to_string()))
            .collect();
        format!("({})", parts.join(", "))
    }
}

/// The most values one array can hold (ndarray indexes with `isize`). [`ModelSpec::shapes`]
/// refuses a model with a shape or a weight count above it, so that every size computed from
/// its shapes fits in a `usize`.
pub const MAX_VALUES: usize = isize::MAX as usize;

/// The model's input: `input_shape` and an optional fixed batch size (`batch_input_shape`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputSpec {
    pub shape: Shape,
    pub batch_size: Option<usize>,
}

/// How a Bidirectional layer joins its two directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeMode {
    Concat,
    Sum,
    Mul,
    Ave,
}

impl MergeMode {
    /// Parse Keras's `merge_mode`. `None` (a list of two outputs) cannot feed a Sequential model.
    pub fn from_keras(name: &str) -> Result<Self> {
        Ok(match name {
            "concat" => MergeMode::Concat,
            "sum" => MergeMode::Sum,
            "mul" => MergeMode::Mul,
            "ave" => MergeMode::Ave,
            other => {
                return Err(Error::new(Kind::NotSupported {
                    what: "merge_mode",
                    found: other.to_string(),
                    offered: "expected concat, sum, mul or ave",
                }));
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            MergeMode::Concat => "concat",
            MergeMode::Sum => "sum",
            MergeMode::Mul => "mul",
            MergeMode::Ave => "ave",
        }
    }
}

/// Keras `LSTM` constructor arguments that lstm-tui understands.
#[derive(Debug, Clone, PartialEq)]
pub struct LstmConfig {
    pub units: usize,
    pub activation: Activation,
    pub recurrent_activation: Activation,
    pub use_bias: bool,
    pub return_sequences: bool,
    pub go_backwards: bool,
    /// Shown in the summary; identity at inference.
    pub dropout: f32,
    /// Shown in the summary; identity at inference.
    pub recurrent_dropout: f32,
    /// Only changes the initial bias.
    pub unit_forget_bias: bool,
}

impl LstmConfig {
    /// Keras's defaults for `LSTM(units)`.
    pub fn new(units: usize) -> Self {
        LstmConfig {
            units,
            activation: Activation::Tanh,
            recurrent_activation: Activation::Sigmoid,
            use_bias: true,
            return_sequences: false,
            go_backwards: false,
            dropout: 0.0,
            recurrent_dropout: 0.0,
            unit_forget_bias: true,
        }
    }

    /// 4 · (units · (input_dim + units) + units), the bias term only with use_bias; saturating,
    /// as [`LayerConfig::params`].
    pub fn params(&self, input_dim: usize) -> usize {
        let u = self.units;
        let bias = if self.use_bias { u } else { 0 };
        u.saturating_mul(input_dim.saturating_add(u))
            .saturating_add(bias)
            .saturating_mul(4)
    }
}

/// One layer's configuration.
#[derive(Debug, Clone, PartialEq)]
pub enum LayerConfig {
    Embedding {
        input_dim: usize,
        output_dim: usize,
    },
    Lstm(LstmConfig),
    Bidirectional {
        layer: LstmConfig,
        merge_mode: MergeMode,
    },
    Dense {
        units: usize,
        activation: Activation,
        use_bias: bool,
    },
    Flatten,
    Dropout {
        rate: f32,
    },
}

impl LayerConfig {
    /// The Keras class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            LayerConfig::Embedding { .. } => "Embedding",
            LayerConfig::Lstm(_) => "LSTM",
            LayerConfig::Bidirectional { .. } => "Bidirectional",
            LayerConfig::Dense { .. } => "Dense",
            LayerConfig::Flatten => "Flatten",
            LayerConfig::Dropout { .. } => "Dropout",
        }
    }

    /// True for layers that step through time and so are recorded cell by cell.
    pub fn is_recurrent(&self) -> bool {
        matches!(self, LayerConfig::Lstm(_) | LayerConfig::Bidirectional { .. })
    }

    /// The output shape for an input shape, or why this layer cannot take that input.
    pub fn output_shape(&self, input: Shape) -> Result<Shape> {
        let misfit = |m| Err(Error::new(Kind::Misfit(m)));
        Ok(match (self, input) {
            (LayerConfig::Embedding { output_dim, .. }, Shape::Tokens(t)) => Shape::Seq(t, *output_dim),
            (LayerConfig::Embedding { .. }, other) => {
                return misfit(Misfit::EmbeddingNotFirst {
                    input: other.keras(None),
                });
            }
            (_, Shape::Tokens(_)) => {
                return misfit(Misfit::TokensWithoutEmbedding {
                    class: self.class_name(),
                });
            }
            (LayerConfig::Lstm(c), Shape::Seq(t, _)) => {
                if c.return_sequences {
                    Shape::Seq(t, c.units)
                } else {
                    Shape::Vec(c.units)
                }
            }
            (LayerConfig::Bidirectional { layer, merge_mode }, Shape::Seq(t, _)) => {
                let width = if *merge_mode == MergeMode::Concat {
                    layer.units.saturating_mul(2)
                } else {
                    layer.units
                };
                if layer.return_sequences {
                    Shape::Seq(t, width)
                } else {
                    Shape::Vec(width)
                }
            }
            (LayerConfig::Lstm(_) | LayerConfig::Bidirectional { .. }, Shape::Vec(width)) => {
                return misfit(Misfit::NotASequence {
                    class: self.class_name(),
                    width,
                });
            }
            (LayerConfig::Dense { units, .. }, Shape::Seq(t, _)) => Shape::Seq(t, *units),
            (LayerConfig::Dense { units, .. }, Shape::Vec(_)) => Shape::Vec(*units),
            (LayerConfig::Flatten, s) => match s.size() {
                Some(size) => Shape::Vec(size),
                None => return misfit(Misfit::FlattenAnyLength { input: s.to_string() }),
            },
            (LayerConfig::Dropout { .. }, s) => s,
        })
    }

    /// The number of weights, given the input's last dimension. It saturates at `usize::MAX`,
    /// which [`ModelSpec::shapes`] refuses, rather than wrapping to a small number.
    pub fn params(&self, input: Shape) -> usize {
        let last = input.width();
        match self {
            LayerConfig::Embedding { input_dim, output_dim } => input_dim.saturating_mul(*output_dim),
            LayerConfig::Lstm(c) => c.params(last),
            LayerConfig::Bidirectional { layer, .. } => layer.params(last).saturating_mul(2),
            LayerConfig::Dense { units, use_bias, .. } => {
                last.saturating_add(usize::from(*use_bias)).saturating_mul(*units)
            }
            LayerConfig::Flatten | LayerConfig::Dropout { .. } => 0,
        }
    }

    /// Keras's default name stem: snake_case of the class name, which for these one-word names
    /// is the name in lower case.
    pub fn name_stem(&self) -> String {
        self.class_name().to_ascii_lowercase()
    }
}

/// A layer as written in a model: its name and configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSpec {
    pub name: String,
    pub config: LayerConfig,
    /// False for a frozen layer (Keras's `trainable=False`, on the layer or on the LSTM a
    /// Bidirectional wraps): it computes the same, and the summary counts its weights as
    /// non-trainable.
    pub trainable: bool,
    /// Weights stored as float64 (Keras's `dtype="float64"`): computed in float32 all the same,
    /// but Keras counts 8 bytes a weight in the summary's sizes.
    pub float64: bool,
}

/// A whole model without weights: a chain of layers.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    /// `sequential` unless the file names it.
    pub name: String,
    pub input: InputSpec,
    /// The InputLayer's name when the model is Functional: Keras's summary lists it first (a
    /// Sequential model's summary does not).
    pub input_layer: Option<String>,
    pub layers: Vec<LayerSpec>,
}

/// Hands out Keras 3's default layer names: `lstm`, `lstm_1`, `lstm_2`, `dense`, ... in creation order.
#[derive(Debug, Default)]
pub struct Namer {
    used: HashMap<String, usize>,
}

impl Namer {
    /// The next default name for a stem.
    pub fn next(&mut self, stem: &str) -> String {
        let n = self.used.entry(stem.to_string()).or_insert(0);
        let name = if *n == 0 {
            stem.to_string()
        } else {
            format!("{stem}_{n}")
        };
        *n += 1;
        name
    }

    /// Default name for a layer; a Bidirectional's wrapped LSTM is created first and takes a name too.
    pub fn name_for(&mut self, config: &LayerConfig) -> String {
        if let LayerConfig::Bidirectional { .. } = config {
            self.next("lstm");
        }
        self.next(&config.name_stem())
    }
}

impl ModelSpec {
    /// Each layer's input and output shape, in order, or the first layer that cannot take its input.
    pub fn shapes(&self) -> Result<Vec<(Shape, Shape)>> {
        self.shapes_or_misfit().map_err(|(_, e)| e)
    }

    /// As [`ModelSpec::shapes`], with the index of the layer that cannot take its input. Every
    /// shape, every layer's weight count and their total are checked against [`MAX_VALUES`].
    pub fn shapes_or_misfit(&self) -> std::result::Result<Vec<(Shape, Shape)>, (usize, Error)> {
        let mut shape = self.input.shape;
        shape
            .check_size(format_args!("input_shape {shape}"))
            .map_err(|e| (0, e))?;
        let mut out = Vec::with_capacity(self.layers.len());
        let mut total: usize = 0;
        for (k, layer) in self.layers.iter().enumerate() {
            let misfit = |e: Error| {
                (
                    k,
                    e.within(format!("layer {} ({})", layer.name, layer.config.class_name())),
                )
            };
            let next = layer.config.output_shape(shape).map_err(misfit)?;
            next.check_size(format_args!("its output shape {next}"))
                .map_err(misfit)?;
            let params = layer.config.params(shape);
            total = total.saturating_add(params);
            if total > MAX_VALUES {
                return Err(misfit(Error::new(Kind::TooManyWeights {
                    in_the_layer: params > MAX_VALUES,
                    most: MAX_VALUES,
                })));
            }
            out.push((shape, next));
            shape = next;
        }
        Ok(out)
    }

    /// The vocabulary size of the Embedding that reads the model's token ids, if it starts with one.
    pub fn vocabulary(&self) -> Option<usize> {
        match self.layers.first().map(|l| &l.config) {
            Some(LayerConfig::Embedding { input_dim, .. }) => Some(*input_dim),
            _ => None,
        }
    }

    /// Total number of weights.
    pub fn params(&self) -> Result<usize> {
        self.count_params(|_| true)
    }

    /// Weights of the layers that are not frozen.
    pub fn trainable_params(&self) -> Result<usize> {
        self.count_params(|l| l.trainable)
    }

    /// Bytes of all the weights, and of those not frozen, as Keras's summary counts them: 4 a
    /// float32 weight, 8 a float64 one.
    pub fn weight_bytes(&self) -> Result<(usize, usize)> {
        let bytes = |counted: fn(&LayerSpec) -> bool| {
            self.count(counted, |l, n| n.saturating_mul(if l.float64 { 8 } else { 4 }))
        };
        Ok((bytes(|_| true)?, bytes(|l| l.trainable)?))
    }

    fn count_params(&self, counted: impl Fn(&LayerSpec) -> bool) -> Result<usize> {
        self.count(counted, |_, n| n)
    }

    /// The sum over the counted layers of `measure(layer, its weights)`.
    fn count(
        &self,
        counted: impl Fn(&LayerSpec) -> bool,
        measure: impl Fn(&LayerSpec, usize) -> usize,
    ) -> Result<usize> {
        let shapes = self.shapes()?;
        Ok(self
            .layers
            .iter()
            .zip(&shapes)
            .filter(|(l, _)| counted(l))
            .map(|(l, (inp, _))| measure(l, l.config.params(*inp)))
            .fold(0, usize::saturating_add))
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.keras(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_follow_keras() {
        let mut n = Namer::default();
        assert_eq!(n.name_for(&LayerConfig::Lstm(LstmConfig::new(3))), "lstm");
        assert_eq!(n.name_for(&LayerConfig::Lstm(LstmConfig::new(3))), "lstm_1");
        let bi = LayerConfig::Bidirectional {
            layer: LstmConfig::new(3),
            merge_mode: MergeMode::Concat,
        };
        assert_eq!(n.name_for(&bi), "bidirectional");
        assert_eq!(n.name_for(&LayerConfig::Lstm(LstmConfig::new(3))), "lstm_3");
    }

    #[test]
    fn keras_parameter_counts() {
        // The counts Keras's model.summary() prints for these layers (the seed lessons' ones are
        // also checked against tests/fixtures/lessons/summaries.json, made by real Keras).
        assert_eq!(LstmConfig::new(32).params(32), 8_320);
        assert_eq!(LstmConfig::new(64).params(2), 17_152);
        assert_eq!(LstmConfig::new(32).params(64), 12_416);
        assert_eq!(LstmConfig::new(30).params(20), 6_120);
        assert_eq!(LstmConfig::new(10).params(5), 640);
        let bi = LayerConfig::Bidirectional {
            layer: LstmConfig::new(32),
            merge_mode: MergeMode::Concat,
        };
        assert_eq!(bi.params(Shape::Seq(Some(500), 32)), 16_640);
    }
}

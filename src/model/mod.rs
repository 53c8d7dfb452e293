//! Pure math on ndarray, no terminal code: a Keras Sequential model with its weights, run on one
//! sample while recording every gate.

pub mod activation;
pub mod cell;
pub mod init;
pub mod kernels;
pub mod layer;
pub mod lstm;
pub mod pipeline;
pub mod rank;
pub mod rich_table;
pub mod spec;
pub mod summary;
#[cfg(test)]
mod tests;
pub mod trace;
pub mod unit;
pub mod weights;

use ndarray::{Array1, Array2, ArrayD, Ix1, Ix2};

use cell::Direction;
use layer::Flow;
pub use layer::{Layer, LayerKind};
use lstm::Lstm;
use spec::{LayerConfig, LstmConfig, ModelSpec, Shape};
use trace::{Input, LayerTrace, Trace};
use weights::{Init, Var, WeightSource};

use crate::error::{Error, InputMismatch, Kind, Result};
use crate::warning::{Warning, WarningKind};

/// The most memory lstm-tui will take for the input, the weights and the recorded trace together.
pub const MEMORY_LIMIT_BYTES: u64 = 4 << 30;

/// A whole model with its weights.
#[derive(Debug, Clone)]
pub struct Model {
    pub spec: ModelSpec,
    pub layers: Vec<Layer>,
    /// Things worth saying that do not stop the run (NaN weights, ...).
    pub warnings: Vec<Warning>,
}

/// The variables a layer needs, in Keras's order.
fn variables(name: &str, config: &LayerConfig, input: Shape) -> Vec<Var> {
    let last = input.width();
    let var = |direction, vname, shape: Vec<usize>, init| Var {
        layer: name.to_string(),
        direction,
        name: vname,
        shape,
        init,
    };
    let lstm_vars = |direction, c: &LstmConfig| {
        Lstm::variables(last, c)
            .into_iter()
            .map(|(vname, shape, init)| var(direction, vname, shape, init))
            .collect::<Vec<_>>()
    };
    match config {
        LayerConfig::Embedding { input_dim, output_dim } => {
            vec![var(None, "embeddings", vec![*input_dim, *output_dim], Init::Uniform005)]
        }
        LayerConfig::Lstm(c) => lstm_vars(None, c),
        LayerConfig::Bidirectional { layer, .. } => {
            let mut v = lstm_vars(Some(Direction::Forward), layer);
            v.extend(lstm_vars(Some(Direction::Backward), layer));
            v
        }
        LayerConfig::Dense { units, use_bias, .. } => {
            let mut v = vec![var(None, "kernel", vec![last, *units], Init::GlorotUniform)];
            if *use_bias {
                v.push(var(None, "bias", vec![*units], Init::Zeros));
            }
            v
        }
        LayerConfig::Flatten | LayerConfig::Dropout { .. } => vec![],
    }
}

fn two_d(a: ArrayD<f32>) -> Array2<f32> {
    a.into_dimensionality::<Ix2>()
        .expect("shape checked by the weight source")
}

fn one_d(a: ArrayD<f32>) -> Array1<f32> {
    a.into_dimensionality::<Ix1>()
        .expect("shape checked by the weight source")
}

/// Bytes one run of `spec` holds at once: its input (twice: as given and in the trace), every
/// weight (an LSTM's kernels twice, as loaded and repacked), and the trace (each recurrent cell's
/// input, six recorded quantities and timestep index per step, and every layer's output).
/// `None` when the count does not fit in 64 bits. A model that takes any number of timesteps
/// counts what its timesteps hold once the input fixes them, and its weights until then.
fn memory_needed(spec: &ModelSpec, shapes: &[(Shape, Shape)]) -> Option<u64> {
    let n = |x: usize| u64::try_from(x).ok();
    let input = match spec.input.shape {
        Shape::Tokens(t) => n(t.unwrap_or(0))?.checked_mul(8)?,
        other => n(other.size().unwrap_or(0))?.checked_mul(4)?,
    };
    let mut total = input.checked_mul(2)?;
    for (layer, (input, output)) in spec.layers.iter().zip(shapes) {
        let steps = match input {
            Shape::Vec(_) => 1,
            sequence => n(sequence.fixed_timesteps().unwrap_or(0))?,
        };
        let width = n(input.width())?;
        // Floats per step of one cell: x, i, f, g, o, c and h, and the step's index (8 bytes).
        let cell = |c: &LstmConfig| steps.checked_mul(width.checked_add(n(c.units)?.checked_mul(6)?)?.checked_add(2)?);
        let (cells, recorded) = match &layer.config {
            LayerConfig::Lstm(c) => (1, cell(c)?),
            LayerConfig::Bidirectional { layer, .. } => (2, cell(layer)?),
            _ => (0, 0),
        };
        let params = n(layer.config.params(*input))?;
        // An LSTM keeps its kernels a second time, repacked for speed.
        let weights = if cells > 0 { params.checked_mul(2)? } else { params };
        let floats = weights
            .checked_add(recorded.checked_mul(cells)?)?
            .checked_add(n(output.size().unwrap_or(0))?)?;
        total = total.checked_add(floats.checked_mul(4)?)?;
    }
    Some(total)
}

/// Refuse a model whose input, weights and one recorded run would not fit in
/// [`MEMORY_LIMIT_BYTES`], before any of them is made.
pub fn check_memory(spec: &ModelSpec) -> Result<()> {
    let shapes = spec.shapes()?;
    match memory_needed(spec, &shapes) {
        Some(need) if need <= MEMORY_LIMIT_BYTES => Ok(()),
        need => Err(Error::new(Kind::TooMuchMemory {
            need: need.map(bytes_str),
            steps: spec.input.shape.fixed_timesteps(),
            most: bytes_str(MEMORY_LIMIT_BYTES),
        })),
    }
}

/// Human-readable bytes: 12.3 GB.
pub fn bytes_str(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} kB", b / 1e3)
    }
}

impl Model {
    /// Check the architecture, refuse what would not fit in memory, then take every variable
    /// from `source`.
    pub fn build(spec: ModelSpec, source: &mut dyn WeightSource) -> Result<Model> {
        check_memory(&spec)?;
        let shapes = spec.shapes()?;
        let mut layers = Vec::with_capacity(spec.layers.len());
        let mut warnings = Vec::new();
        for (ls, (input, output)) in spec.layers.iter().zip(&shapes) {
            let mut arrays = Vec::new();
            for var in variables(&ls.name, &ls.config, *input) {
                let a = source.load(&var)?;
                if a.iter().any(|x| !x.is_finite()) {
                    warnings.push(Warning::new(None, WarningKind::NotFinite { variable: var.key() }));
                }
                arrays.push(a);
            }
            let mut arrays = arrays.into_iter();
            let mut lstm = |c: &LstmConfig, go_backwards: bool| {
                Lstm::new(
                    LstmConfig {
                        go_backwards,
                        ..c.clone()
                    },
                    two_d(arrays.next().expect("kernel")),
                    two_d(arrays.next().expect("recurrent kernel")),
                    c.use_bias.then(|| one_d(arrays.next().expect("bias"))),
                )
            };
            let kind = match &ls.config {
                LayerConfig::Embedding { .. } => LayerKind::Embedding {
                    table: two_d(arrays.next().expect("embeddings")),
                },
                LayerConfig::Lstm(c) => LayerKind::Lstm(lstm(c, c.go_backwards)),
                LayerConfig::Bidirectional { layer, merge_mode } => {
                    let forward = lstm(layer, layer.go_backwards);
                    let backward = lstm(layer, !layer.go_backwards);
                    LayerKind::Bidirectional {
                        cells: Box::new([forward, backward]),
                        merge_mode: *merge_mode,
                    }
                }
                LayerConfig::Dense {
                    use_bias, activation, ..
                } => {
                    let kernel = two_d(arrays.next().expect("kernel"));
                    let bias = use_bias.then(|| one_d(arrays.next().expect("bias")));
                    LayerKind::Dense {
                        kernel,
                        bias,
                        activation: *activation,
                    }
                }
                LayerConfig::Flatten => LayerKind::Flatten,
                LayerConfig::Dropout { .. } => LayerKind::Dropout,
            };
            layers.push(Layer {
                name: ls.name.clone(),
                input_shape: *input,
                output_shape: *output,
                params: ls.config.params(*input),
                kind,
            });
        }
        source.finish()?;
        Ok(Model { spec, layers, warnings })
    }

    /// Total number of weights.
    pub fn params(&self) -> usize {
        self.layers.iter().map(|l| l.params).sum()
    }

    /// Check that an input fits this model's input shape.
    pub fn check_input(&self, input: &Input) -> Result<()> {
        let mismatch = |m| Err(Error::new(Kind::Input(m)));
        match (self.spec.input.shape, input) {
            (Shape::Seq(t, d), Input::Values(v)) if t.is_none_or(|t| t == v.nrows()) && d == v.ncols() => Ok(()),
            (Shape::Seq(steps, features), Input::Values(v)) => mismatch(InputMismatch::Shape {
                found: v.dim(),
                steps,
                features,
            }),
            (Shape::Tokens(t), Input::Tokens(ids)) => {
                if let Some(steps) = t
                    && ids.len() != steps
                {
                    return mismatch(InputMismatch::TokenCount {
                        found: ids.len(),
                        steps,
                    });
                }
                if let Some(input_dim) = self.spec.vocabulary()
                    && let Some((at, &id)) = ids.iter().enumerate().find(|(_, id)| **id >= input_dim)
                {
                    return mismatch(InputMismatch::OutsideVocabulary { id, at, input_dim });
                }
                Ok(())
            }
            (Shape::Tokens(steps), Input::Values(_)) => mismatch(InputMismatch::TokensExpected { steps }),
            (Shape::Seq(..), Input::Tokens(_)) => mismatch(InputMismatch::VectorsExpected),
            (Shape::Vec(_), _) => mismatch(InputMismatch::NotASequence),
        }
    }

    /// Run the model on one sample, recording every cell, on at most `threads` threads
    /// ([`pipeline::available_threads`] for all the machine has). The input must have passed
    /// [`Model::check_input`].
    pub fn trace(&self, input: &Input, threads: usize) -> Trace {
        let mut layers: Vec<LayerTrace> = Vec::with_capacity(self.layers.len());
        let cells: Vec<Option<&Lstm>> = self.layers.iter().map(Layer::lstm).collect();
        let mut first = 0;
        while first < self.layers.len() {
            let flow = match (layers.last(), input) {
                (Some(previous), _) => Flow::Values(previous.output.view()),
                (None, Input::Values(v)) => Flow::Values(v.view().into_dyn()),
                (None, Input::Tokens(ids)) => Flow::Tokens(ids),
            };
            let end = pipeline::group_end(&cells, input.timesteps(), first, threads);
            let traced = match flow {
                Flow::Values(x) if end > first + 1 => {
                    let group: Vec<&Lstm> = cells[first..end].iter().flatten().copied().collect();
                    let runs = pipeline::run(&group, layer::seq(x));
                    group
                        .iter()
                        .zip(runs)
                        .map(|(cell, run)| layer::lstm_output(cell, run))
                        .collect()
                }
                flow => vec![self.layers[first].forward(flow, threads)],
            };
            layers.extend(traced);
            first = end;
        }
        Trace {
            input: input.clone(),
            layers,
        }
    }
}

//! Pure math on ndarray, no terminal code: a Keras Sequential model with its weights, run on one
//! sample while recording every gate.

pub mod activation;
pub mod cell;
pub mod init;
pub mod kernels;
pub mod lstm;
pub mod pipeline;
pub mod spec;
pub mod summary;
#[cfg(test)]
mod tests;
pub mod trace;
pub mod weights;

use ndarray::{Array1, Array2, ArrayD, ArrayView2, ArrayViewD, Axis, Ix1, Ix2, concatenate, s};

use activation::Activation;
use cell::Direction;
use lstm::Lstm;
use spec::{LayerConfig, LstmConfig, MergeMode, ModelSpec, Shape};
use trace::{Input, LayerTrace, Trace};
use weights::{Init, Var, WeightSource};

use crate::bail;
use crate::error::Result;
use crate::warning::{Warning, WarningKind};

/// The most memory lstm-tui will take for the input, the weights and the recorded trace together.
pub const MEMORY_LIMIT_BYTES: u64 = 4 << 30;

/// A layer's weights, by kind.
#[derive(Debug, Clone)]
pub enum Weights {
    None,
    Embedding(Array2<f32>),
    Lstm(Lstm),
    /// Forward and backward cells.
    Bidirectional(Box<[Lstm; 2]>),
    Dense {
        kernel: Array2<f32>,
        bias: Option<Array1<f32>>,
    },
}

/// One layer, ready to run.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub config: LayerConfig,
    pub input_shape: Shape,
    pub output_shape: Shape,
    pub params: usize,
    pub weights: Weights,
}

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
    let last = *input.dims().last().unwrap_or(&0);
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
            let mut v = lstm_vars(Some("forward"), layer);
            v.extend(lstm_vars(Some("backward"), layer));
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
/// (0 until the input fixes them) counts its weights only.
fn memory_needed(spec: &ModelSpec, shapes: &[(Shape, Shape)]) -> Option<u64> {
    let n = |x: usize| u64::try_from(x).ok();
    let input = match spec.input.shape {
        Shape::Tokens(t) => n(t)?.checked_mul(8)?,
        other => n(other.size())?.checked_mul(4)?,
    };
    let mut total = input.checked_mul(2)?;
    for (layer, (input, output)) in spec.layers.iter().zip(shapes) {
        let steps = n(input.timesteps().unwrap_or(1))?;
        let width = n(*input.dims().last().unwrap_or(&0))?;
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
            .checked_add(n(output.size())?)?;
        total = total.checked_add(floats.checked_mul(4)?)?;
    }
    Some(total)
}

/// Refuse a model whose input, weights and one recorded run would not fit in
/// [`MEMORY_LIMIT_BYTES`], before any of them is made.
pub fn check_memory(spec: &ModelSpec) -> Result<()> {
    let shapes = spec.shapes()?;
    let need = memory_needed(spec, &shapes);
    let steps = match spec.input.shape.fixed_timesteps() {
        Some(t) => format!(" of {t} timesteps"),
        None => String::new(),
    };
    match need {
        Some(need) if need <= MEMORY_LIMIT_BYTES => Ok(()),
        Some(need) => bail!(
            "this model needs {} for its input{steps}, its weights and one recorded run; lstm-tui holds at most {}",
            bytes_str(need),
            bytes_str(MEMORY_LIMIT_BYTES)
        ),
        None => bail!(
            "this model's input{steps}, weights and recorded run need more bytes than 64 bits can count; lstm-tui holds at most {}",
            bytes_str(MEMORY_LIMIT_BYTES)
        ),
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
            let weights = match &ls.config {
                LayerConfig::Embedding { .. } => Weights::Embedding(two_d(arrays.next().expect("embeddings"))),
                LayerConfig::Lstm(c) => Weights::Lstm(lstm(c, c.go_backwards)),
                LayerConfig::Bidirectional { layer, .. } => {
                    let forward = lstm(layer, layer.go_backwards);
                    let backward = lstm(layer, !layer.go_backwards);
                    Weights::Bidirectional(Box::new([forward, backward]))
                }
                LayerConfig::Dense { use_bias, .. } => {
                    let kernel = two_d(arrays.next().expect("kernel"));
                    let bias = use_bias.then(|| one_d(arrays.next().expect("bias")));
                    Weights::Dense { kernel, bias }
                }
                LayerConfig::Flatten | LayerConfig::Dropout { .. } => Weights::None,
            };
            layers.push(Layer {
                name: ls.name.clone(),
                config: ls.config.clone(),
                input_shape: *input,
                output_shape: *output,
                params: ls.config.params(*input),
                weights,
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
        match (self.spec.input.shape, input) {
            (Shape::Seq(t, d), Input::Values(v)) if v.dim() == (t, d) => Ok(()),
            (Shape::Seq(t, d), Input::Values(v)) => bail!(
                "the input has shape ({}, {}) but the model's input_shape is ({t}, {d})",
                v.nrows(),
                v.ncols()
            ),
            (Shape::Tokens(t), Input::Tokens(ids)) => {
                if ids.len() != t {
                    bail!(
                        "the input has {} tokens but the model's input_shape is ({t},)",
                        ids.len()
                    );
                }
                if let Some(input_dim) = self.spec.vocabulary()
                    && let Some((at, id)) = ids.iter().enumerate().find(|(_, id)| **id >= input_dim)
                {
                    bail!("token {id} at t={at} is outside the vocabulary (input_dim {input_dim})");
                }
                Ok(())
            }
            (Shape::Tokens(t), Input::Values(_)) => {
                bail!("the model reads token ids (input_shape ({t},)) but the input holds feature vectors")
            }
            (Shape::Seq(..), Input::Tokens(_)) => {
                bail!("the model reads feature vectors but the input holds token ids")
            }
            (Shape::Vec(_), _) => bail!("a model input must be a sequence"),
        }
    }

    /// Run the model on one sample, recording every cell, on at most `threads` threads
    /// ([`pipeline::available_threads`] for all the machine has). The input must have passed
    /// [`Model::check_input`].
    pub fn trace(&self, input: &Input, threads: usize) -> Trace {
        let mut layers: Vec<LayerTrace> = Vec::with_capacity(self.layers.len());
        let mut first = 0;
        while first < self.layers.len() {
            let flow = match (layers.last(), input) {
                (Some(previous), _) => Flow::Values(previous.output.view()),
                (None, Input::Values(v)) => Flow::Values(v.view().into_dyn()),
                (None, Input::Tokens(ids)) => Flow::Tokens(ids),
            };
            let end = pipeline::group_end(&self.layers, first, threads);
            let traced = match flow {
                Flow::Values(x) if end > first + 1 => pipeline::run(&self.layers[first..end], seq(x)),
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

/// What a layer reads: the model's token ids, or the output of the layer before.
enum Flow<'a> {
    Tokens(&'a [usize]),
    Values(ArrayViewD<'a, f32>),
}

fn dense(x: ArrayView2<f32>, kernel: &Array2<f32>, bias: &Option<Array1<f32>>, act: Activation) -> Array2<f32> {
    let mut y = x.dot(kernel);
    if let Some(b) = bias {
        y += b;
    }
    for mut row in y.rows_mut() {
        act.apply(row.as_slice_mut().expect("fresh array rows are contiguous"));
    }
    y
}

fn merge(a: ArrayView2<f32>, b: ArrayView2<f32>, mode: MergeMode) -> Array2<f32> {
    match mode {
        MergeMode::Concat => concatenate(Axis(1), &[a, b]).expect("same number of rows"),
        MergeMode::Sum => &a + &b,
        MergeMode::Mul => &a * &b,
        MergeMode::Ave => (&a + &b) * 0.5,
    }
}

/// The rows a recurrent layer returns: every h (processing order), or only the last one.
fn returned(h: &Array2<f32>, return_sequences: bool) -> ArrayView2<'_, f32> {
    let from = if return_sequences { 0 } else { h.nrows() - 1 };
    h.slice(s![from.., ..])
}

/// A (T, D) result as the layer's output: all of it, or its single row as a vector.
fn output(y: Array2<f32>, return_sequences: bool) -> ArrayD<f32> {
    if return_sequences {
        y.into_dyn()
    } else {
        y.row(0).to_owned().into_dyn()
    }
}

/// An LSTM layer's record: its cell, and what it returns.
fn layer_output(layer: &Layer, cell: trace::CellTrace) -> LayerTrace {
    let return_sequences = matches!(&layer.config, LayerConfig::Lstm(c) if c.return_sequences);
    let y = returned(&cell.values.h, return_sequences).to_owned();
    LayerTrace {
        output: output(y, return_sequences),
        cells: vec![cell],
    }
}

/// A layer input known (from the shape checks) to be a sequence.
fn seq(x: ArrayViewD<'_, f32>) -> ArrayView2<'_, f32> {
    x.into_dimensionality::<Ix2>().expect("shapes were checked")
}

impl Layer {
    fn forward(&self, input: Flow, threads: usize) -> LayerTrace {
        let plain = |output: ArrayD<f32>| LayerTrace { output, cells: vec![] };
        match (&self.weights, &self.config, input) {
            (Weights::Embedding(table), _, Flow::Tokens(ids)) => plain(table.select(Axis(0), ids).into_dyn()),
            (Weights::Lstm(cell), LayerConfig::Lstm(_), Flow::Values(x)) => {
                layer_output(self, cell.run(seq(x), Direction::Forward))
            }
            (Weights::Bidirectional(cells), LayerConfig::Bidirectional { layer, merge_mode }, Flow::Values(x)) => {
                let [fw, bw] = pipeline::both_ways(cells, seq(x), threads);
                let y = returned(&fw.values.h, layer.return_sequences);
                let mut y_rev = returned(&bw.values.h, layer.return_sequences);
                if layer.return_sequences {
                    // Keras flips the backward sequence back so that step t lines up.
                    y_rev.invert_axis(Axis(0));
                }
                let merged = merge(y, y_rev, *merge_mode);
                LayerTrace {
                    output: output(merged, layer.return_sequences),
                    cells: vec![fw, bw],
                }
            }
            (Weights::Dense { kernel, bias }, LayerConfig::Dense { activation, .. }, Flow::Values(x)) => {
                if x.ndim() == 2 {
                    plain(dense(seq(x), kernel, bias, *activation).into_dyn())
                } else {
                    let x = x
                        .into_dimensionality::<Ix1>()
                        .expect("shapes were checked")
                        .insert_axis(Axis(0));
                    plain(dense(x, kernel, bias, *activation).row(0).to_owned().into_dyn())
                }
            }
            (_, LayerConfig::Flatten, Flow::Values(x)) => plain(Array1::from_iter(x.iter().copied()).into_dyn()),
            (_, LayerConfig::Dropout { .. }, Flow::Values(x)) => plain(x.to_owned()),
            _ => unreachable!("shapes were checked when the model was built"),
        }
    }
}

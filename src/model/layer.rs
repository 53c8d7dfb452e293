//! One layer of a model, ready to run: what it is, with the weights and the options that its
//! computation needs held together, and what it does to its input.

use ndarray::{Array1, Array2, ArrayD, ArrayView2, ArrayViewD, Axis, Ix1, Ix2, concatenate, s};

use super::activation::Activation;
use super::cell::Direction;
use super::lstm::Lstm;
use super::pipeline;
use super::spec::{MergeMode, Shape};
use super::trace::{CellTrace, LayerTrace};

/// What a layer computes, each kind with everything it needs.
#[derive(Debug, Clone)]
pub enum LayerKind {
    /// A lookup table (input_dim, output_dim).
    Embedding {
        table: Array2<f32>,
    },
    /// One cell, which holds the LSTM's options.
    Lstm(Lstm),
    /// The forward and the backward cell (the same options, reading the other way), and how
    /// their outputs join.
    Bidirectional {
        cells: Box<[Lstm; 2]>,
        merge_mode: MergeMode,
    },
    Dense {
        /// (input_dim, units)
        kernel: Array2<f32>,
        bias: Option<Array1<f32>>,
        activation: Activation,
    },
    Flatten,
    /// The identity at inference.
    Dropout,
}

/// One layer, ready to run. Its configuration as written is the model's spec, at the same index.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub input_shape: Shape,
    pub output_shape: Shape,
    pub params: usize,
    pub kind: LayerKind,
}

/// What a layer reads: the model's token ids, or the output of the layer before.
pub enum Flow<'a> {
    Tokens(&'a [usize]),
    Values(ArrayViewD<'a, f32>),
}

impl Layer {
    /// The recurrent cells, in the order their traces are recorded: one for an LSTM, forward
    /// and backward for a Bidirectional layer, none for the others.
    pub fn cells(&self) -> &[Lstm] {
        match &self.kind {
            LayerKind::Lstm(cell) => std::slice::from_ref(cell),
            LayerKind::Bidirectional { cells, .. } => &cells[..],
            _ => &[],
        }
    }

    /// The cell of an LSTM layer; `None` for the others.
    pub fn lstm(&self) -> Option<&Lstm> {
        match &self.kind {
            LayerKind::Lstm(cell) => Some(cell),
            _ => None,
        }
    }

    /// Run the layer on its input, recording its cells, on at most `threads` threads.
    pub fn forward(&self, input: Flow, threads: usize) -> LayerTrace {
        let plain = |output: ArrayD<f32>| LayerTrace { output, cells: vec![] };
        match (&self.kind, input) {
            (LayerKind::Embedding { table }, Flow::Tokens(ids)) => plain(table.select(Axis(0), ids).into_dyn()),
            (LayerKind::Lstm(cell), Flow::Values(x)) => lstm_output(cell, cell.run(seq(x), Direction::Forward)),
            (LayerKind::Bidirectional { cells, merge_mode }, Flow::Values(x)) => {
                let return_sequences = cells[0].config.return_sequences;
                let [fw, bw] = pipeline::both_ways(cells, seq(x), threads);
                let y = returned(&fw.values.h, return_sequences);
                let mut y_rev = returned(&bw.values.h, return_sequences);
                if return_sequences {
                    // Keras flips the backward sequence back so that step t lines up.
                    y_rev.invert_axis(Axis(0));
                }
                let merged = merge(y, y_rev, *merge_mode);
                LayerTrace {
                    output: output(merged, return_sequences),
                    cells: vec![fw, bw],
                }
            }
            (
                LayerKind::Dense {
                    kernel,
                    bias,
                    activation,
                },
                Flow::Values(x),
            ) => {
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
            (LayerKind::Flatten, Flow::Values(x)) => plain(Array1::from_iter(x.iter().copied()).into_dyn()),
            (LayerKind::Dropout, Flow::Values(x)) => plain(x.to_owned()),
            (LayerKind::Embedding { .. }, Flow::Values(_)) | (_, Flow::Tokens(_)) => {
                unreachable!("an Embedding, and only an Embedding, reads token ids: the shapes were checked")
            }
        }
    }
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

/// An LSTM layer's record: the run of its cell, and what it returns.
pub fn lstm_output(cell: &Lstm, run: CellTrace) -> LayerTrace {
    let return_sequences = cell.config.return_sequences;
    let y = returned(&run.values.h, return_sequences).to_owned();
    LayerTrace {
        output: output(y, return_sequences),
        cells: vec![run],
    }
}

/// A layer input known (from the shape checks) to be a sequence.
pub fn seq(x: ArrayViewD<'_, f32>) -> ArrayView2<'_, f32> {
    x.into_dimensionality::<Ix2>().expect("shapes were checked")
}

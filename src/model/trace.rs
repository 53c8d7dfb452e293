//! The recorded run of a model on one sample: every gate of every cell at every timestep, and
//! every layer's output. The debugger draws only from this.

use ndarray::{Array1, Array2, ArrayD, ArrayView1};

use super::cell::{Direction, Quantities, Quantity};

/// What one cell computed, one row per step in processing order.
#[derive(Debug, Clone)]
pub struct CellTrace {
    pub direction: Direction,
    /// The original timestep index of each processed step (reversed when reading backwards).
    pub t: Vec<usize>,
    /// The cell's input at each step (steps, input_dim).
    pub x: Array2<f32>,
    /// The gates i, f, g, o and the states c, h after each step, (steps, units) each.
    pub values: Quantities<Array2<f32>>,
}

impl CellTrace {
    pub fn steps(&self) -> usize {
        self.t.len()
    }

    pub fn units(&self) -> usize {
        self.values.h.ncols()
    }

    /// The recorded values of one quantity (steps, units).
    pub fn get(&self, q: Quantity) -> &Array2<f32> {
        self.values.get(q)
    }

    /// The processing step at which this cell read original timestep `t`.
    pub fn step_of(&self, t: usize) -> Option<usize> {
        let n = self.steps();
        (t < n).then(|| if self.t[0] == 0 { t } else { n - 1 - t })
    }

    /// h before step k (zeros before the first step).
    pub fn h_prev(&self, k: usize) -> Array1<f32> {
        self.prev(&self.values.h, k)
    }

    /// c before step k (zeros before the first step).
    pub fn c_prev(&self, k: usize) -> Array1<f32> {
        self.prev(&self.values.c, k)
    }

    fn prev(&self, a: &Array2<f32>, k: usize) -> Array1<f32> {
        if k == 0 {
            Array1::zeros(a.ncols())
        } else {
            a.row(k - 1).to_owned()
        }
    }

    /// The input at step k.
    pub fn x_at(&self, k: usize) -> ArrayView1<'_, f32> {
        self.x.row(k)
    }

    /// The largest magnitude one quantity reaches over the whole run (0 for an empty run).
    pub fn max_abs(&self, q: Quantity) -> f32 {
        self.get(q).iter().fold(0.0, |m, v| m.max(v.abs()))
    }

    /// The largest magnitude of the cell's input over the whole run.
    pub fn max_abs_input(&self) -> f32 {
        self.x.iter().fold(0.0, |m, v| m.max(v.abs()))
    }

    /// How much each unit of a quantity changed at step k since step k − 1 (the states c and h
    /// start from zeros; the gates have no value before the first step, so their change there is 0).
    pub fn change(&self, q: Quantity, k: usize) -> Array1<f32> {
        let now = self.get(q).row(k);
        match (k, q) {
            (0, Quantity::C | Quantity::H) => now.to_owned(),
            (0, _) => Array1::zeros(now.len()),
            _ => &now - &self.get(q).row(k - 1),
        }
    }
}

/// What one layer produced.
#[derive(Debug, Clone)]
pub struct LayerTrace {
    /// The layer's output for the sample, without the batch axis.
    pub output: ArrayD<f32>,
    /// One cell for LSTM, two (forward, backward) for Bidirectional, none otherwise.
    pub cells: Vec<CellTrace>,
}

/// The model's input for one sample.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// (T, D) feature vectors.
    Values(Array2<f32>),
    /// (T,) token ids into an Embedding.
    Tokens(Vec<usize>),
}

impl Input {
    pub fn timesteps(&self) -> usize {
        match self {
            Input::Values(v) => v.nrows(),
            Input::Tokens(t) => t.len(),
        }
    }
}

/// The whole recorded run.
#[derive(Debug, Clone)]
pub struct Trace {
    pub input: Input,
    pub layers: Vec<LayerTrace>,
}

/// What a layer read: the model's input for the first layer, else the layer before's output.
#[derive(Debug, Clone, Copy)]
pub enum LayerInput<'a> {
    Model(&'a Input),
    Layer(&'a ArrayD<f32>),
}

impl Trace {
    /// What layer k read.
    pub fn input_of(&self, k: usize) -> LayerInput<'_> {
        match k.checked_sub(1) {
            Some(before) => LayerInput::Layer(&self.layers[before].output),
            None => LayerInput::Model(&self.input),
        }
    }

    /// Whether layer k ran at every timestep (its output keeps the time axis, one row per
    /// step: an Embedding, or a Dense or Dropout on a sequence) rather than once, on the whole
    /// input, after the last step.
    pub fn runs_every_step(&self, k: usize) -> bool {
        self.layers[k].output.ndim() == 2 && self.layers[k].output.shape()[0] == self.input.timesteps()
    }

    /// The model's output (the last layer's).
    pub fn output(&self) -> &ArrayD<f32> {
        &self.layers.last().expect("a model has at least one layer").output
    }
}

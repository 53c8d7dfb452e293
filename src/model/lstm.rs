//! The LSTM cell in Keras's weight layout, and its recorded run over a sequence.
//!
//! This is the one place that knows how Keras lays out an LSTM's weights: `kernel` is
//! (input_dim, 4·units), `recurrent_kernel` is (units, 4·units), `bias` is (4·units), and the
//! four gates sit side by side along the last axis in the order i, f, c, o. Everything else asks
//! [`Gate::columns`].

use std::ops::Range;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::spec::LstmConfig;
use super::trace::{CellTrace, Direction};

/// The four blocks of an LSTM's weights, in Keras's order along the last axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Input gate i.
    Input,
    /// Forget gate f.
    Forget,
    /// Candidate g (Keras calls it "c").
    Candidate,
    /// Output gate o.
    Output,
}

impl Gate {
    /// Keras's order: i, f, c, o.
    pub const KERAS_ORDER: [Gate; 4] = [Gate::Input, Gate::Forget, Gate::Candidate, Gate::Output];

    /// The columns of kernel, recurrent_kernel and bias that belong to this gate.
    pub fn columns(self, units: usize) -> Range<usize> {
        let k = match self {
            Gate::Input => 0,
            Gate::Forget => 1,
            Gate::Candidate => 2,
            Gate::Output => 3,
        };
        k * units..(k + 1) * units
    }

    /// The letter used on screen and in the trace.
    pub fn letter(self) -> char {
        match self {
            Gate::Input => 'i',
            Gate::Forget => 'f',
            Gate::Candidate => 'g',
            Gate::Output => 'o',
        }
    }
}

/// One LSTM cell with its weights (one direction of a Bidirectional layer is one of these).
#[derive(Debug, Clone)]
pub struct Lstm {
    pub config: LstmConfig,
    /// (input_dim, 4·units)
    pub kernel: Array2<f32>,
    /// (units, 4·units)
    pub recurrent_kernel: Array2<f32>,
    /// (4·units), absent when use_bias is false.
    pub bias: Option<Array1<f32>>,
}

/// A gate's pre-activation split into its three sources, for writing the arithmetic out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateParts {
    /// Σ x_k · kernel[k, col]
    pub wx: f32,
    /// Σ h_prev_k · recurrent_kernel[k, col]
    pub uh: f32,
    /// bias[col], 0 without a bias.
    pub b: f32,
}

impl GateParts {
    /// The pre-activation z = W·x + U·h + b.
    pub fn z(&self) -> f32 {
        self.wx + self.uh + self.b
    }
}

impl Lstm {
    pub fn units(&self) -> usize {
        self.config.units
    }

    pub fn input_dim(&self) -> usize {
        self.kernel.nrows()
    }

    /// The three parts of one gate's pre-activation for one unit, recomputed from the weights.
    pub fn gate_parts(&self, gate: Gate, unit: usize, x: ArrayView1<f32>, h_prev: ArrayView1<f32>) -> GateParts {
        let col = gate.columns(self.units()).start + unit;
        GateParts {
            wx: x.dot(&self.kernel.column(col)),
            uh: h_prev.dot(&self.recurrent_kernel.column(col)),
            b: self.bias.as_ref().map_or(0.0, |b| b[col]),
        }
    }

    /// Run over a whole sequence `xs` (T, input_dim) in time order, recording every gate at
    /// every step, in processing order (from the end when go_backwards).
    pub fn run(&self, xs: ArrayView2<f32>, direction: Direction) -> CellTrace {
        let steps = xs.nrows();
        let u = self.units();
        let order: Vec<usize> = if self.config.go_backwards {
            (0..steps).rev().collect()
        } else {
            (0..steps).collect()
        };
        let x = xs.select(Axis(0), &order);
        // All input contributions at once (one matrix product), then the recurrence step by step.
        let mut z = x.dot(&self.kernel);
        if let Some(b) = &self.bias {
            z += b;
        }
        let mut trace = CellTrace::new(direction, order, x, u);
        let act = self.config.activation;
        let rec = self.config.recurrent_activation;
        let (ci, cf, cg, co) = (
            Gate::Input.columns(u),
            Gate::Forget.columns(u),
            Gate::Candidate.columns(u),
            Gate::Output.columns(u),
        );
        let mut h_prev = vec![0.0f32; u];
        let mut c_prev = vec![0.0f32; u];
        let recurrent = self.recurrent_kernel.as_standard_layout();
        for k in 0..steps {
            let mut zk = z.row_mut(k);
            let zs = zk.as_slice_mut().expect("rows of a fresh array are contiguous");
            for (j, &hj) in h_prev.iter().enumerate() {
                let row = recurrent.row(j);
                let row = row.as_slice().expect("standard layout");
                super::kernels::axpy(zs, hj, row);
            }
            let zs = &*zs;
            for n in 0..u {
                let i = rec.scalar(zs[ci.start + n]);
                let f = rec.scalar(zs[cf.start + n]);
                let g = act.scalar(zs[cg.start + n]);
                let o = rec.scalar(zs[co.start + n]);
                let c = f * c_prev[n] + i * g;
                let h = o * act.scalar(c);
                trace.i[[k, n]] = i;
                trace.f[[k, n]] = f;
                trace.g[[k, n]] = g;
                trace.o[[k, n]] = o;
                trace.c[[k, n]] = c;
                trace.h[[k, n]] = h;
                c_prev[n] = c;
                h_prev[n] = h;
            }
        }
        trace
    }
}

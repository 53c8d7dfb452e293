//! The LSTM cell in Keras's weight layout, and its recorded run over a sequence.
//!
//! This is the one place that knows how Keras lays out an LSTM's weights: `kernel` is
//! (input_dim, 4·units), `recurrent_kernel` is (units, 4·units), `bias` is (4·units), and the
//! four gates sit side by side along the last axis in the order i, f, c, o. Everything else asks
//! [`Gate::columns`].

use std::ops::Range;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};

use super::kernels;
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
        let order: Vec<usize> = if self.config.go_backwards {
            (0..steps).rev().collect()
        } else {
            (0..steps).collect()
        };
        let x = xs.select(Axis(0), &order);
        let chunks = x.axis_chunks_iter(Axis(0), CHUNK).map(|c| c.to_owned());
        self.run_chunks(direction, order, chunks, |_| {})
    }

    /// Run over a sequence that arrives in chunks of rows, already in processing order (the
    /// original timestep of each row is in `order`), handing each chunk's h rows to `emit` as
    /// soon as they are known, so that a layer above can start on them.
    pub fn run_chunks(
        &self,
        direction: Direction,
        order: Vec<usize>,
        chunks: impl IntoIterator<Item = Array2<f32>>,
        mut emit: impl FnMut(ArrayView2<f32>),
    ) -> CellTrace {
        let u = self.units();
        let steps = order.len();
        let mut trace = CellTrace::new(direction, order, Array2::zeros((steps, self.input_dim())), u);
        let (act, rec) = (self.config.activation, self.config.recurrent_activation);
        let recurrent = self.recurrent_kernel.as_standard_layout();
        let recurrent = kernels::Packed::new(recurrent.as_slice().expect("standard layout"), u, 4 * u);
        let mut z = Array2::<f32>::zeros((CHUNK, 4 * u));
        let mut h = vec![0.0f32; u];
        let mut c = vec![0.0f32; u];
        let mut tanh_c = vec![0.0f32; u];
        let mut start = 0;
        for chunk in chunks {
            let end = start + chunk.nrows();
            trace.x.slice_mut(s![start..end, ..]).assign(&chunk);
            // The input part of the chunk's steps in one matrix product.
            let mut zc = z.slice_mut(s![..end - start, ..]);
            general_mat_mul(1.0, &chunk, &self.kernel, 0.0, &mut zc);
            if let Some(b) = &self.bias {
                zc += b;
            }
            for (k, mut zk) in (start..end).zip(zc.rows_mut()) {
                let zs = zk.as_slice_mut().expect("rows of a fresh array are contiguous");
                recurrent.acc(zs, &h);
                for (gate, a) in [
                    (Gate::Input, rec),
                    (Gate::Forget, rec),
                    (Gate::Candidate, act),
                    (Gate::Output, rec),
                ] {
                    a.apply(&mut zs[gate.columns(u)]);
                }
                let (i, f, g, o) = (
                    &zs[Gate::Input.columns(u)],
                    &zs[Gate::Forget.columns(u)],
                    &zs[Gate::Candidate.columns(u)],
                    &zs[Gate::Output.columns(u)],
                );
                for n in 0..u {
                    c[n] = f[n] * c[n] + i[n] * g[n];
                }
                tanh_c.copy_from_slice(&c);
                act.apply(&mut tanh_c);
                for n in 0..u {
                    h[n] = o[n] * tanh_c[n];
                }
                let rows = [
                    &mut trace.i,
                    &mut trace.f,
                    &mut trace.g,
                    &mut trace.o,
                    &mut trace.c,
                    &mut trace.h,
                ];
                for (dst, src) in rows.into_iter().zip([i, f, g, o, &c[..], &h[..]]) {
                    dst.row_mut(k)
                        .as_slice_mut()
                        .expect("a row is contiguous")
                        .copy_from_slice(src);
                }
            }
            emit(trace.h.slice(s![start..end, ..]));
            start = end;
        }
        assert_eq!(start, steps, "the chunks cover every step");
        trace
    }
}

/// Steps whose input part is computed in one matrix product (small enough to stay in cache).
pub const CHUNK: usize = 128;

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};

    fn sigmoid(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }

    /// One unit, one feature, two steps, with the recurrence written out by hand:
    /// z = x·W + h·U + b in Keras's order i, f, c, o; c = f·c_prev + i·g; h = o·tanh(c).
    fn tiny() -> Lstm {
        Lstm {
            config: LstmConfig::new(1),
            kernel: array![[0.5, -0.5, 1.0, 0.25]],
            recurrent_kernel: array![[0.1, 0.2, 0.3, 0.4]],
            bias: Some(array![0.0, 1.0, 0.0, -0.5]),
        }
    }

    #[test]
    fn gates_follow_the_recurrence_by_hand() {
        let xs: Array2<f32> = array![[1.0], [2.0]];
        let t = tiny().run(xs.view(), Direction::Forward);
        // Step 0: h = c = 0 before.
        let (i0, f0, g0, o0) = (sigmoid(0.5), sigmoid(-0.5 + 1.0), (1.0f64).tanh(), sigmoid(0.25 - 0.5));
        let c0 = i0 * g0;
        let h0 = o0 * c0.tanh();
        // Step 1: x = 2, h = h0, c = c0.
        let i1 = sigmoid(2.0 * 0.5 + h0 * 0.1);
        let f1 = sigmoid(2.0 * -0.5 + h0 * 0.2 + 1.0);
        let g1 = (2.0 * 1.0 + h0 * 0.3).tanh();
        let o1 = sigmoid(2.0 * 0.25 + h0 * 0.4 - 0.5);
        let c1 = f1 * c0 + i1 * g1;
        let h1 = o1 * c1.tanh();
        let want = [[i0, f0, g0, o0, c0, h0], [i1, f1, g1, o1, c1, h1]];
        for (k, row) in want.iter().enumerate() {
            let got = [
                t.i[[k, 0]],
                t.f[[k, 0]],
                t.g[[k, 0]],
                t.o[[k, 0]],
                t.c[[k, 0]],
                t.h[[k, 0]],
            ];
            for (q, (g, w)) in got.iter().zip(row).enumerate() {
                assert!((f64::from(*g) - w).abs() < 1e-6, "step {k}, quantity {q}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn gate_parts_add_up_to_the_recorded_gate() {
        let cell = tiny();
        let xs: Array2<f32> = array![[1.0], [2.0]];
        let t = cell.run(xs.view(), Direction::Forward);
        let parts = cell.gate_parts(Gate::Forget, 0, t.x_at(1), t.h_prev(1).view());
        assert_eq!(parts.wx, -1.0);
        assert_eq!(parts.b, 1.0);
        assert!((parts.uh - 0.2 * t.h[[0, 0]]).abs() < 1e-7);
        assert!((crate::model::activation::sigmoid(parts.z()) - t.f[[1, 0]]).abs() < 1e-6);
    }

    #[test]
    fn go_backwards_records_in_processing_order() {
        let mut cell = tiny();
        cell.config.go_backwards = true;
        let xs: Array2<f32> = array![[1.0], [2.0], [3.0]];
        let t = cell.run(xs.view(), Direction::Forward);
        assert_eq!(t.t, vec![2, 1, 0]);
        assert_eq!(t.x[[0, 0]], 3.0);
        assert_eq!(t.step_of(2), Some(0));
        assert_eq!(t.step_of(0), Some(2));
    }
}

//! The LSTM cell in Keras's weight layout, and its recorded run over a sequence.
//!
//! This is the one place that knows how Keras lays out an LSTM's weights: `kernel` is
//! (input_dim, 4·units), `recurrent_kernel` is (units, 4·units), `bias` is (4·units), and the
//! four gates sit side by side along the last axis in the order i, f, c, o. Everything else asks
//! [`Gate::columns`].

use std::ops::Range;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use super::spec::LstmConfig;
use super::trace::{CellTrace, Direction};
use super::{kernels, parallel};

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
    /// every step, in processing order (from the end when go_backwards). Wide layers share the
    /// work between two cores, each owning half of the units.
    pub fn run(&self, xs: ArrayView2<f32>, direction: Direction) -> CellTrace {
        let steps = xs.nrows();
        let u = self.units();
        let order: Vec<usize> = if self.config.go_backwards {
            (0..steps).rev().collect()
        } else {
            (0..steps).collect()
        };
        let x = xs.select(Axis(0), &order);
        let mut trace = CellTrace::new(direction, order, x, u);
        let workers = parallel::workers(u);
        let exchange = parallel::Exchange::new(u);
        let per = u.div_ceil(workers);
        let CellTrace {
            x, i, f, g, o, c, h, ..
        } = &mut trace;
        let mut views = [i, f, g, o, c, h].map(|a| Some(a.view_mut()));
        std::thread::scope(|scope| {
            for w in 0..workers {
                let units = w * per..((w + 1) * per).min(u);
                let out = views.each_mut().map(|v| {
                    let (mine, rest) = v.take().expect("view").split_at(Axis(1), units.len());
                    *v = Some(rest);
                    mine
                });
                let (x, exchange) = (x.view(), &exchange);
                let job = move || self.recur(x, units, out, exchange);
                if w + 1 == workers {
                    job()
                } else {
                    scope.spawn(job);
                }
            }
        });
        trace
    }

    /// The recurrence for a range of units, writing their columns of i, f, g, o, c, h; the whole
    /// h of each step is shared with the other workers through `exchange`.
    fn recur(
        &self,
        x: ArrayView2<f32>,
        units: Range<usize>,
        mut out: [ArrayViewMut2<f32>; 6],
        exchange: &parallel::Exchange,
    ) {
        let (u, w) = (self.units(), units.len());
        let (act, rec) = (self.config.activation, self.config.recurrent_activation);
        // This worker's columns of the weights, gate after gate.
        let columns: Vec<usize> = Gate::KERAS_ORDER
            .iter()
            .flat_map(|g| units.clone().map(move |n| g.columns(u).start + n))
            .collect();
        let recurrent = self.recurrent_kernel.select(Axis(1), &columns);
        let recurrent = kernels::Packed::new(
            recurrent.as_standard_layout().as_slice().expect("standard layout"),
            u,
            4 * w,
        );
        // The input part of every step at once, written straight into the gate records, which
        // hold pre-activations until each step replaces them with the gate values.
        for (gate, dst) in Gate::KERAS_ORDER.iter().zip(out.iter_mut()) {
            let cols: Vec<usize> = units.clone().map(|n| gate.columns(u).start + n).collect();
            general_mat_mul(1.0, &x, &self.kernel.select(Axis(1), &cols), 0.0, dst);
            if let Some(b) = &self.bias {
                *dst += &b.select(Axis(0), &cols);
            }
        }
        let mut zl = vec![0.0f32; 4 * w];
        let mut h = vec![0.0f32; u];
        let mut c = vec![0.0f32; w];
        let mut tanh_c = vec![0.0f32; w];
        for k in 0..x.nrows() {
            for (q, src) in out[..4].iter().enumerate() {
                zl[q * w..(q + 1) * w].copy_from_slice(src.row(k).as_slice().expect("a row is contiguous"));
            }
            exchange.read(k, &mut h);
            recurrent.acc(&mut zl, &h);
            let (i, rest) = zl.split_at_mut(w);
            let (f, rest) = rest.split_at_mut(w);
            let (g, o) = rest.split_at_mut(w);
            rec.apply(i);
            rec.apply(f);
            act.apply(g);
            rec.apply(o);
            for n in 0..w {
                c[n] = f[n] * c[n] + i[n] * g[n];
            }
            tanh_c.copy_from_slice(&c);
            act.apply(&mut tanh_c);
            let hk = &mut h[..w];
            for n in 0..w {
                hk[n] = o[n] * tanh_c[n];
            }
            for (dst, src) in out.iter_mut().zip([&*i, &*f, &*g, &*o, &c, &*hk]) {
                dst.row_mut(k)
                    .as_slice_mut()
                    .expect("a row is contiguous")
                    .copy_from_slice(src);
            }
            exchange.write(k, units.start, hk);
        }
    }
}

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

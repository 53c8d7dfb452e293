//! The LSTM cell in Keras's weight layout, and its recorded run over a sequence.
//!
//! This is the one place that knows how Keras lays out an LSTM's weights: `kernel` is
//! (input_dim, 4·units), `recurrent_kernel` is (units, 4·units), `bias` is (4·units), and the
//! four gates sit side by side along the last axis in the order i, f, c, o. Everything else asks
//! [`Gate::columns`].

use std::ops::Range;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};

use super::activation::Activation;
use super::cell::{Direction, Gate, Quantities, Quantity};
use super::kernels::Packed;
use super::spec::LstmConfig;
use super::trace::CellTrace;
use super::weights::Init;

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
}

/// One LSTM cell with its weights (one direction of a Bidirectional layer is one of these).
#[derive(Clone)]
pub struct Lstm {
    pub config: LstmConfig,
    /// (input_dim, 4·units)
    kernel: Array2<f32>,
    /// (units, 4·units)
    recurrent_kernel: Array2<f32>,
    /// (4·units), absent when use_bias is false.
    bias: Option<Array1<f32>>,
    /// The kernels repacked once for the products a run spends its time in.
    packed_kernel: Packed,
    packed_recurrent: Packed,
}

impl std::fmt::Debug for Lstm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lstm")
            .field("config", &self.config)
            .field("kernel", &self.kernel)
            .field("recurrent_kernel", &self.recurrent_kernel)
            .field("bias", &self.bias)
            .finish_non_exhaustive()
    }
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

/// One gate's weights for one unit: its column of the kernel (one weight per input feature), of
/// the recurrent kernel (one per unit of h(t−1)), and its bias.
#[derive(Debug, Clone, Copy)]
pub struct GateColumn<'a> {
    /// kernel[:, col], input_dim weights.
    pub w: ArrayView1<'a, f32>,
    /// recurrent_kernel[:, col], units weights.
    pub u: ArrayView1<'a, f32>,
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
    /// A cell from Keras's arrays: kernel (input_dim, 4·units), recurrent_kernel (units,
    /// 4·units) and bias (4·units), shapes already checked.
    pub fn new(
        config: LstmConfig,
        kernel: Array2<f32>,
        recurrent_kernel: Array2<f32>,
        bias: Option<Array1<f32>>,
    ) -> Self {
        let pack = |m: &Array2<f32>| {
            let m = m.as_standard_layout();
            Packed::new(m.as_slice().expect("standard layout"), m.nrows(), m.ncols())
        };
        Lstm {
            packed_kernel: pack(&kernel),
            packed_recurrent: pack(&recurrent_kernel),
            config,
            kernel,
            recurrent_kernel,
            // Contiguous, for Lstm::project.
            bias: bias.map(|b| b.as_standard_layout().into_owned()),
        }
    }

    /// The variables an LSTM holds, in Keras's order, with their shapes and how Keras
    /// initialises them: kernel, recurrent_kernel and (with use_bias) bias.
    pub fn variables(input_dim: usize, c: &LstmConfig) -> Vec<(&'static str, Vec<usize>, Init)> {
        let u = c.units;
        let mut v = vec![
            ("kernel", vec![input_dim, 4 * u], Init::GlorotUniform),
            ("recurrent_kernel", vec![u, 4 * u], Init::Orthogonal),
        ];
        if c.use_bias {
            let init = if c.unit_forget_bias {
                Init::UnitForgetBias
            } else {
                Init::Zeros
            };
            v.push(("bias", vec![4 * u], init));
        }
        v
    }

    /// (input_dim, 4·units)
    pub fn kernel(&self) -> &Array2<f32> {
        &self.kernel
    }

    /// (units, 4·units)
    pub fn recurrent_kernel(&self) -> &Array2<f32> {
        &self.recurrent_kernel
    }

    /// (4·units), `None` without use_bias.
    pub fn bias(&self) -> Option<&Array1<f32>> {
        self.bias.as_ref()
    }

    /// Multiply-adds of a run over `steps` steps.
    pub fn macs(&self, steps: usize) -> usize {
        steps * 4 * self.units() * (self.units() + self.input_dim())
    }

    pub fn units(&self) -> usize {
        self.config.units
    }

    pub fn input_dim(&self) -> usize {
        self.kernel.nrows()
    }

    /// The weights one gate gives one unit.
    pub fn gate_column(&self, gate: Gate, unit: usize) -> GateColumn<'_> {
        let col = gate.columns(self.units()).start + unit;
        GateColumn {
            w: self.kernel.column(col),
            u: self.recurrent_kernel.column(col),
            b: self.bias.as_ref().map_or(0.0, |b| b[col]),
        }
    }

    /// The three parts of one gate's pre-activation for one unit, recomputed from the weights.
    pub fn gate_parts(&self, gate: Gate, unit: usize, x: ArrayView1<f32>, h_prev: ArrayView1<f32>) -> GateParts {
        let column = self.gate_column(gate, unit);
        GateParts {
            wx: x.dot(&column.w),
            uh: h_prev.dot(&column.u),
            b: column.b,
        }
    }

    /// The activation a gate's pre-activation goes through: `activation` for the candidate,
    /// `recurrent_activation` for the three gates.
    fn activation(&self, gate: Gate) -> Activation {
        match gate {
            Gate::Candidate => self.config.activation,
            _ => self.config.recurrent_activation,
        }
    }

    /// One step as the textbook writes it, from the input `x` and the state before: z = x·W +
    /// h(t−1)·U + b, split into the gates; c = f·c(t−1) + i·g; h = o·act(c). This is the
    /// reference the recorded run ([`Lstm::run`]) is tested against.
    pub fn step(
        &self,
        x: ArrayView1<f32>,
        h_prev: ArrayView1<f32>,
        c_prev: ArrayView1<f32>,
    ) -> Quantities<Array1<f32>> {
        let activated = |a: Activation, mut v: Array1<f32>| {
            a.apply(v.as_slice_mut().expect("a fresh vector is contiguous"));
            v
        };
        let mut z = x.dot(&self.kernel) + h_prev.dot(&self.recurrent_kernel);
        if let Some(b) = &self.bias {
            z += b;
        }
        let gate = |gate: Gate| {
            activated(
                self.activation(gate),
                z.slice(s![gate.columns(self.units())]).to_owned(),
            )
        };
        let (i, f, g, o) = (
            gate(Gate::Input),
            gate(Gate::Forget),
            gate(Gate::Candidate),
            gate(Gate::Output),
        );
        let c = &f * &c_prev + &i * &g;
        let h = &o * &activated(self.config.activation, c.clone());
        Quantities { i, f, g, o, c, h }
    }

    /// Run over a whole sequence `xs` (T, input_dim) in time order, recording every gate at
    /// every step, in processing order (from the end when go_backwards).
    pub fn run(&self, xs: ArrayView2<f32>, direction: Direction) -> CellTrace {
        let (mut recording, x) = self.start(xs, direction);
        recording.push_all(x.view());
        recording.finish()
    }

    /// What a run over the whole sequence `xs` needs, made ready: an empty recording, and the
    /// input rows in processing order for [`Recording::push_all`].
    pub fn start(&self, xs: ArrayView2<f32>, direction: Direction) -> (Recording<'_>, Array2<f32>) {
        let steps = xs.nrows();
        let order: Vec<usize> = if self.config.go_backwards {
            (0..steps).rev().collect()
        } else {
            (0..steps).collect()
        };
        let x = xs.select(Axis(0), &order);
        (self.recording(direction, order), x)
    }

    /// The input part of the pre-activations, x·kernel + bias, for rows of input: `x` is
    /// (n, input_dim) and `z` (n, 4·units), both row-major.
    pub fn project(&self, x: &[f32], z: &mut [f32]) {
        match &self.bias {
            Some(b) => {
                let b = b.as_slice().expect("made contiguous in Lstm::new");
                z.chunks_exact_mut(b.len()).for_each(|row| row.copy_from_slice(b));
            }
            None => z.fill(0.0),
        }
        self.packed_kernel.acc_rows(z, x);
    }

    /// An empty recording of a run over `order.len()` steps that arrive in chunks, already in
    /// processing order (`order` holds the original timestep of each). Everything the run
    /// writes to is allocated here (and not touched yet), so a thread that then feeds it
    /// allocates nothing.
    pub fn recording(&self, direction: Direction, order: Vec<usize>) -> Recording<'_> {
        let (u, steps) = (self.units(), order.len());
        let rows = || Vec::with_capacity(steps * u);
        Recording {
            cell: self,
            direction,
            x: Vec::with_capacity(steps * self.input_dim()),
            recorded: Quantities::from_fn(|_| rows()),
            order,
            z: vec![0.0; CHUNK * 4 * u],
            h: vec![0.0; u],
            c: vec![0.0; u],
            tanh_c: vec![0.0; u],
        }
    }
}

/// A run of one cell in progress: the rows recorded so far and the state carried between steps.
pub struct Recording<'a> {
    cell: &'a Lstm,
    direction: Direction,
    order: Vec<usize>,
    /// The input rows so far, one after the other.
    x: Vec<f32>,
    /// The rows of every gate and state so far, one after the other.
    recorded: Quantities<Vec<f32>>,
    /// The pre-activations of one chunk of steps (CHUNK, 4·units), row-major.
    z: Vec<f32>,
    h: Vec<f32>,
    c: Vec<f32>,
    tanh_c: Vec<f32>,
}

impl Recording<'_> {
    /// Run the next chunk of at most [`CHUNK`] steps (rows of input) and return its h rows.
    /// `projected` holds the input part of the chunk's first rows, already computed by
    /// [`Lstm::project`] elsewhere (empty when there is none); the rest is computed here.
    pub fn push(&mut self, chunk: ArrayView2<f32>, projected: &[f32]) -> ArrayView2<'_, f32> {
        let cell = self.cell;
        let u = cell.units();
        let act = cell.config.activation;
        let n = chunk.nrows();
        let x = chunk.as_standard_layout();
        let x = x.as_slice().expect("standard layout");
        self.x.extend_from_slice(x);
        let zs = &mut self.z[..n * 4 * u];
        let (ready, rest) = zs.split_at_mut(projected.len());
        ready.copy_from_slice(projected);
        cell.project(&x[projected.len() / (4 * u) * cell.input_dim()..], rest);
        let (h, c, tanh_c) = (&mut self.h, &mut self.c, &mut self.tanh_c);
        let done = self.recorded.h.len() / u;
        for (k, zs) in (done..).zip(zs.chunks_exact_mut(4 * u)) {
            // Every other step reads the matrix from its end (see Packed::acc).
            cell.packed_recurrent.acc(zs, h, k % 2 == 1);
            for gate in Gate::KERAS_ORDER {
                cell.activation(gate).apply(&mut zs[gate.columns(u)]);
            }
            let [i, f, g, o] = Gate::KERAS_ORDER.map(|gate| &zs[gate.columns(u)]);
            for n in 0..u {
                c[n] = f[n] * c[n] + i[n] * g[n];
            }
            tanh_c.copy_from_slice(c);
            act.apply(tanh_c);
            for n in 0..u {
                h[n] = o[n] * tanh_c[n];
            }
            let now = Quantities {
                i,
                f,
                g,
                o,
                c: &c[..],
                h: &h[..],
            };
            for q in Quantity::IN_ORDER {
                self.recorded.get_mut(q).extend_from_slice(now.get(q));
            }
        }
        let h_rows = &self.recorded.h[done * u..];
        ArrayView2::from_shape((n, u), h_rows).expect("n rows of u units")
    }

    /// Run every step of `x`, rows already in processing order.
    pub fn push_all(&mut self, x: ArrayView2<f32>) {
        for chunk in x.axis_chunks_iter(Axis(0), CHUNK) {
            self.push(chunk, &[]);
        }
    }

    /// The record, once every step has been pushed.
    pub fn finish(self) -> CellTrace {
        let (steps, u) = (self.order.len(), self.cell.units());
        let array = |rows: Vec<f32>, width| Array2::from_shape_vec((steps, width), rows).expect("every step pushed");
        CellTrace {
            direction: self.direction,
            t: self.order,
            x: array(self.x, self.cell.input_dim()),
            values: self.recorded.map(|rows| array(rows, u)),
        }
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
        Lstm::new(
            LstmConfig::new(1),
            array![[0.5, -0.5, 1.0, 0.25]],
            array![[0.1, 0.2, 0.3, 0.4]],
            Some(array![0.0, 1.0, 0.0, -0.5]),
        )
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
            let v = &t.values;
            let got = [
                v.i[[k, 0]],
                v.f[[k, 0]],
                v.g[[k, 0]],
                v.o[[k, 0]],
                v.c[[k, 0]],
                v.h[[k, 0]],
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
        assert!((parts.uh - 0.2 * t.values.h[[0, 0]]).abs() < 1e-7);
        assert!((sigmoid(f64::from(parts.z())) - f64::from(t.values.f[[1, 0]])).abs() < 1e-6);
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

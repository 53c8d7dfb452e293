//! The recorded run (the repacked kernels, the chunked steps, the threads) against the textbook
//! step [`Lstm::step`], on seeded random shapes and weights.

use ndarray::{Array1, Array2, ArrayD, ArrayView1, ArrayView2, IxDyn};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Model;
use super::activation::Activation;
use super::cell::{Quantities, Quantity};
use super::lstm::Lstm;
use super::spec::{InputSpec, LayerConfig, LayerSpec, LstmConfig, MergeMode, ModelSpec, Shape};
use super::trace::{CellTrace, Input};
use super::weights::{Var, WeightSource};
use crate::error::Result;

/// A (rows, cols) array of values uniform in [−1, 1) from `seed`.
pub fn uniform(shape: (usize, usize), seed: u64) -> Array2<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Array2::from_shape_fn(shape, |_| rng.random_range(-1.0..1.0))
}

/// Every variable uniform in ±0.5 from one seeded stream, biases too (Keras starts them at 0,
/// which would leave the bias untested).
struct UniformWeights(ChaCha8Rng);

impl WeightSource for UniformWeights {
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>> {
        Ok(ArrayD::from_shape_fn(IxDyn(&var.shape), |_| {
            self.0.random_range(-0.5..0.5)
        }))
    }
}

/// A Sequential model of `layers` (named l0, l1, ...) reading `steps` steps of `features`.
pub fn spec(steps: usize, features: usize, layers: Vec<LayerConfig>) -> ModelSpec {
    ModelSpec {
        name: "sequential".into(),
        input: InputSpec {
            shape: Shape::Seq(Some(steps), features),
            batch_size: None,
        },
        input_layer: None,
        layers: layers
            .into_iter()
            .enumerate()
            .map(|(k, config)| LayerSpec {
                name: format!("l{k}"),
                config,
                trainable: true,
                float64: false,
            })
            .collect(),
    }
}

/// That model with random weights from `seed`.
fn model(steps: usize, features: usize, layers: Vec<LayerConfig>, seed: u64) -> Model {
    let mut weights = UniformWeights(ChaCha8Rng::seed_from_u64(seed));
    Model::build(spec(steps, features, layers), &mut weights).expect("the model builds")
}

/// ε = 2⁻²⁴, the relative rounding error of one f32 operation.
const EPS: f32 = f32::EPSILON / 2.0;

/// How far two evaluations of an activation may differ beyond their inputs' difference: each
/// is within 2e-7 of the exact function (relative, for values beyond 1), as kernels.rs tests
/// tanh and sigmoid against the standard library; the others round once.
fn act_slack(v: f32) -> f32 {
    4e-7 * v.abs().max(1.0)
}

/// The most the recorded run may differ from the reference at one step, for every gate and
/// state, when both start from the same x, h(t−1) and c(t−1).
///
/// Each pre-activation z sums the same n = input_dim + units + 1 terms, in another order and
/// with or without fused multiply-adds; each sum is within γₙ·S of the exact one (S: the sum of
/// the terms' magnitudes, γₙ = n·ε / (1 − n·ε)), so the two are within 2·γₙ·S. Every
/// activation here has a slope of at most 1, so a gate moves at most that much, plus
/// [`act_slack`]. Then c = f·c(t−1) + i·g and h = o·act(c) carry those differences through
/// their products, and each side rounds those products and sums once more (γ₂, ε).
///
/// Without fudge factors this is a worst case: the runs differ by 0.1 % to 9 % of it, and a
/// candidate share of c off by one part in 10⁴, or a bias scaled by 1.001, is caught.
fn bound(
    lstm: &Lstm,
    x: ArrayView1<f32>,
    h_prev: ArrayView1<f32>,
    c_prev: ArrayView1<f32>,
    want: &Quantities<Array1<f32>>,
) -> Quantities<Array1<f32>> {
    let abs = |a: ArrayView2<f32>| a.mapv(f32::abs);
    let n = (lstm.input_dim() + lstm.units() + 1) as f32;
    let gamma = n * EPS / (1.0 - n * EPS);
    let mut s = x.mapv(f32::abs).dot(&abs(lstm.kernel().view()))
        + h_prev.mapv(f32::abs).dot(&abs(lstm.recurrent_kernel().view()));
    if let Some(b) = lstm.bias() {
        s += &b.mapv(f32::abs);
    }
    let dz = s * (2.0 * gamma);
    let gate = |q: Quantity| {
        let g = q.gate().expect("a gate");
        let dz = dz.slice(ndarray::s![g.columns(lstm.units())]);
        ndarray::Zip::from(&dz)
            .and(want.get(q))
            .map_collect(|&dz, &v| dz + act_slack(v))
    };
    let (di, df, dg, d_o) = (
        gate(Quantity::I),
        gate(Quantity::F),
        gate(Quantity::G),
        gate(Quantity::O),
    );
    let (i, f, g, o) = (&want.i, &want.f, &want.g, &want.o);
    let gamma2 = 2.0 * EPS / (1.0 - 2.0 * EPS);
    let dc = &df * &c_prev.mapv(f32::abs)
        + &di * &g.mapv(f32::abs)
        + &dg * &i.mapv(f32::abs)
        + &di * &dg
        + ((f * &c_prev).mapv(f32::abs) + (i * g).mapv(f32::abs)) * (2.0 * gamma2);
    let mut act_c = want.c.clone();
    lstm.config.activation.apply(act_c.as_slice_mut().expect("contiguous"));
    let da = &dc + &act_c.mapv(act_slack);
    let dh = &d_o * &act_c.mapv(f32::abs) + &da * &o.mapv(f32::abs) + &d_o * &da + want.h.mapv(|h| 2.0 * EPS * h.abs());
    Quantities {
        i: di,
        f: df,
        g: dg,
        o: d_o,
        c: dc,
        h: dh,
    }
}

/// Check one recorded cell, step by step, against the reference step from the cell's own
/// recorded state before: its order of reading, its input rows, and every gate and state.
fn check_cell(lstm: &Lstm, cell: &CellTrace, input: ArrayView2<f32>, what: &str) {
    let steps = input.nrows();
    let order: Vec<usize> = if lstm.config.go_backwards {
        (0..steps).rev().collect()
    } else {
        (0..steps).collect()
    };
    assert_eq!(cell.t, order, "{what}: order of reading");
    for k in 0..steps {
        assert_eq!(cell.x_at(k), input.row(cell.t[k]), "{what}: input at step {k}");
        let (h_prev, c_prev) = (cell.h_prev(k), cell.c_prev(k));
        let want = lstm.step(cell.x_at(k), h_prev.view(), c_prev.view());
        let bound = bound(lstm, cell.x_at(k), h_prev.view(), c_prev.view(), &want);
        for q in Quantity::IN_ORDER {
            for (u, ((got, want), bound)) in cell.get(q).row(k).iter().zip(want.get(q)).zip(bound.get(q)).enumerate() {
                assert!(
                    (got - want).abs() <= *bound,
                    "{what}: {}[{u}] at step {k}: {got} recorded, {want} by the reference step (bound {bound})",
                    q.letter()
                );
            }
        }
    }
}

/// Run `model` on random input and check every cell of every recurrent layer.
fn check_model(model: &Model, seed: u64, threads: usize) {
    let Shape::Seq(Some(steps), features) = model.spec.input.shape else {
        unreachable!("the cases read sequences")
    };
    let x = uniform((steps, features), seed);
    let trace = model.trace(&Input::Values(x.clone()), threads);
    for (k, (layer, recorded)) in model.layers.iter().zip(&trace.layers).enumerate() {
        let input = if k == 0 {
            x.clone()
        } else {
            trace.layers[k - 1]
                .output
                .clone()
                .into_dimensionality()
                .expect("a sequence")
        };
        let cells = layer.cells();
        assert_eq!(cells.len(), recorded.cells.len(), "layer {k}: cells recorded");
        for (lstm, cell) in cells.iter().zip(&recorded.cells) {
            check_cell(
                lstm,
                cell,
                input.view(),
                &format!("seed {seed}, layer {k} {}", cell.direction.name()),
            );
        }
    }
}

fn lstm(units: usize, configure: impl FnOnce(&mut LstmConfig)) -> LstmConfig {
    let mut c = LstmConfig::new(units);
    c.return_sequences = true;
    configure(&mut c);
    c
}

#[test]
fn one_unit_one_feature_one_step() {
    check_model(&model(1, 1, vec![LayerConfig::Lstm(lstm(1, |_| {}))], 1), 1, 1);
}

#[test]
fn random_shapes_either_way_with_and_without_bias() {
    // (units, features, steps): a tail of units past the register blocks, steps past one chunk,
    // inputs narrower and wider than the cell.
    let cases = [(3, 5, 7), (17, 2, 131), (40, 129, 9), (130, 3, 4)];
    for (seed, &(units, features, steps)) in (10..).zip(&cases) {
        for go_backwards in [false, true] {
            for use_bias in [true, false] {
                let config = lstm(units, |c| {
                    c.go_backwards = go_backwards;
                    c.use_bias = use_bias;
                });
                check_model(&model(steps, features, vec![LayerConfig::Lstm(config)], seed), seed, 1);
            }
        }
    }
}

#[test]
fn other_activations() {
    let config = lstm(9, |c| {
        c.activation = Activation::Relu;
        c.recurrent_activation = Activation::HardSigmoid;
    });
    check_model(&model(12, 4, vec![LayerConfig::Lstm(config)], 3), 3, 1);
}

#[test]
fn bidirectional_both_cells() {
    for (seed, use_bias) in [(4, true), (5, false)] {
        let layer = lstm(33, |c| c.use_bias = use_bias);
        let bi = LayerConfig::Bidirectional {
            layer,
            merge_mode: MergeMode::Concat,
        };
        check_model(&model(50, 20, vec![bi], seed), seed, 1);
    }
}

#[test]
fn layers_and_directions_side_by_side() {
    // Big enough for a thread each (pipeline::MIN_WORK); the first reads backwards, the second
    // is wider so the first computes part of its input product, the third waits for the whole
    // sequence.
    let stack = vec![
        LayerConfig::Lstm(lstm(48, |c| c.go_backwards = true)),
        LayerConfig::Lstm(lstm(64, |_| {})),
        LayerConfig::Lstm(lstm(40, |c| c.go_backwards = true)),
    ];
    check_model(&model(400, 24, stack, 6), 6, 2);
    let bi = LayerConfig::Bidirectional {
        layer: lstm(48, |_| {}),
        merge_mode: MergeMode::Sum,
    };
    check_model(&model(400, 24, vec![bi], 7), 7, 2);
}

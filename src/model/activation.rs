//! Activation functions exactly as Keras defines them, on f32: Keras 3's, and the one whose
//! meaning Keras 3 changed (hard_sigmoid) also as Keras 2 computed it. Which one a file means is
//! decided where the file is read; here it is only data.

use super::kernels;
use crate::error::{Error, Kind, Result};

/// The activations lstm-tui computes. Anything else is refused by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    Tanh,
    Sigmoid,
    /// Keras 3: clip(x / 6 + 0.5, 0, 1).
    HardSigmoid,
    /// Keras 2 and tf.keras 2: clip(0.2·x + 0.5, 0, 1), what `hard_sigmoid` means in a file they
    /// wrote.
    HardSigmoidKeras2,
    Relu,
    Linear,
    /// Over the last axis; only meaningful on a whole vector.
    Softmax,
}

impl Activation {
    /// Parse a Keras activation name, as Keras 3 means it.
    pub fn from_keras(name: &str) -> Result<Self> {
        Ok(match name {
            "tanh" => Activation::Tanh,
            "sigmoid" => Activation::Sigmoid,
            "hard_sigmoid" => Activation::HardSigmoid,
            "relu" => Activation::Relu,
            "linear" | "None" | "" => Activation::Linear,
            "softmax" => Activation::Softmax,
            other => {
                return Err(Error::new(Kind::NotSupported {
                    what: "activation",
                    found: other.to_string(),
                    offered: "lstm-tui computes tanh, sigmoid, hard_sigmoid, relu, linear and softmax",
                }));
            }
        })
    }

    /// The Keras name.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::HardSigmoid | Activation::HardSigmoidKeras2 => "hard_sigmoid",
            Activation::Relu => "relu",
            Activation::Linear => "linear",
            Activation::Softmax => "softmax",
        }
    }

    /// The short symbol used when writing the arithmetic out (σ for sigmoid).
    pub fn symbol(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "σ",
            Activation::HardSigmoid | Activation::HardSigmoidKeras2 => "hard_σ",
            Activation::Relu => "relu",
            Activation::Linear => "",
            Activation::Softmax => "softmax",
        }
    }

    /// Apply in place to a vector (softmax over the whole slice).
    pub fn apply(self, xs: &mut [f32]) {
        let each = |xs: &mut [f32], f: fn(f32) -> f32| xs.iter_mut().for_each(|x| *x = f(*x));
        match self {
            Activation::Softmax => softmax(xs),
            Activation::Sigmoid => kernels::sigmoid_slice(xs),
            Activation::Tanh => kernels::tanh_slice(xs),
            Activation::HardSigmoid => each(xs, |x| (x / 6.0 + 0.5).clamp(0.0, 1.0)),
            Activation::HardSigmoidKeras2 => each(xs, |x| (0.2 * x + 0.5).clamp(0.0, 1.0)),
            Activation::Relu => each(xs, |x| x.max(0.0)),
            Activation::Linear => {}
        }
    }
}

/// Softmax with the maximum subtracted first, as Keras does.
fn softmax(xs: &mut [f32]) {
    let max = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    xs.iter_mut().for_each(|x| *x -= max);
    kernels::exp_slice(xs);
    let sum: f32 = xs.iter().sum();
    xs.iter_mut().for_each(|x| *x /= sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The activation of one value.
    fn at(a: Activation, x: f32) -> f32 {
        let mut v = [x];
        a.apply(&mut v);
        v[0]
    }

    /// A hard sigmoid is 0.5 at 0, 1 at `edge` and 0 at `-edge`.
    fn assert_ends(a: Activation, edge: f32) {
        assert_eq!(at(a, 0.0), 0.5);
        assert_eq!(at(a, edge), 1.0);
        assert_eq!(at(a, -edge), 0.0);
    }

    #[test]
    fn hard_sigmoid_is_keras3() {
        let a = Activation::HardSigmoid;
        assert_ends(a, 3.0);
        assert!((at(a, 1.5) - 0.75).abs() < 1e-7);
    }

    #[test]
    fn hard_sigmoid_keras2_has_slope_one_fifth() {
        let a = Activation::HardSigmoidKeras2;
        assert_ends(a, 2.5);
        assert!((at(a, 2.0) - 0.9).abs() < 1e-7);
        assert!((at(a, 1.5) - 0.8).abs() < 1e-7);
        assert!((at(Activation::HardSigmoid, 2.0) - at(a, 2.0)).abs() > 0.05);
        assert_eq!(a.name(), "hard_sigmoid");
    }

    #[test]
    fn softmax_sums_to_one() {
        let mut v = [1.0, 2.0, 3.0];
        Activation::Softmax.apply(&mut v);
        assert!((v.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((v[2] - 0.665_240_9).abs() < 1e-6);
    }

    #[test]
    fn unknown_activation_is_named() {
        let e = Activation::from_keras("selu").unwrap_err();
        assert!(e.message().contains("\"selu\""), "{}", e.message());
    }
}

//! Where a model's weights come from: each variable is asked for by its key and Keras shape, and a
//! source (an .npz file, a Keras HDF5 file, or seeded initialisation) answers.

use ndarray::{ArrayD, IxDyn};

use super::cell::Direction;
use crate::error::Result;

/// How Keras initialises a variable when no weights are given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Init {
    /// glorot_uniform: U(±sqrt(6 / (fan_in + fan_out))).
    GlorotUniform,
    /// orthogonal (gain 1).
    Orthogonal,
    /// zeros.
    Zeros,
    /// zeros, except ones on the forget-gate block (LSTM unit_forget_bias).
    UnitForgetBias,
    /// U(±0.05), Keras's default for Embedding.
    Uniform005,
}

/// One variable a layer needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    /// The Keras layer name that owns it.
    pub layer: String,
    /// The cell it belongs to inside a Bidirectional layer.
    pub direction: Option<Direction>,
    /// `kernel`, `recurrent_kernel`, `bias` or `embeddings`.
    pub name: &'static str,
    /// The shape Keras stores it in.
    pub shape: Vec<usize>,
    pub init: Init,
}

impl Var {
    /// The key in a weights .npz: `lstm_1.kernel`, `bidirectional.backward.bias`.
    pub fn key(&self) -> String {
        match self.direction {
            Some(d) => format!("{}.{}.{}", self.layer, d.name(), self.name),
            None => format!("{}.{}", self.layer, self.name),
        }
    }
}

/// Anything that can hand out the variables of a model.
pub trait WeightSource {
    /// The variable, with exactly `var.shape`, or an error naming the file and what was expected.
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>>;

    /// Called after every variable was loaded: complain about arrays nobody asked for.
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// `(16, 128)`, the way numpy writes a shape.
pub fn shape_str(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The error for an array of `shape` in `file` where the layer needs `var`'s.
pub fn shape_mismatch(file: &str, var: &Var, shape: &[usize]) -> crate::error::Error {
    crate::error::Error::new(crate::error::Kind::WrongShape {
        key: var.key(),
        found: shape_str(shape),
        layer: var.layer.clone(),
        expected: shape_str(&var.shape),
    })
    .with_file(file)
}

/// Check a loaded array against the shape the layer needs.
pub fn check_shape(file: &str, var: &Var, array: ArrayD<f32>) -> Result<ArrayD<f32>> {
    if array.shape() != var.shape.as_slice() {
        return Err(shape_mismatch(file, var, array.shape()));
    }
    Ok(array.into_dimensionality::<IxDyn>().expect("already dynamic"))
}

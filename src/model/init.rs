//! Seeded initialisation the way Keras initialises (glorot_uniform kernels, orthogonal recurrent
//! kernels, zero biases with unit_forget_bias, U(±0.05) embeddings). The random stream is ChaCha8
//! from the lesson's seed, so every machine and every run gets the same numbers.

use nalgebra::DMatrix;
use ndarray::{ArrayD, IxDyn};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::cell::Gate;
use super::weights::{Init, Var, WeightSource};
use crate::error::Result;

/// Initialises every variable from one seeded stream, in the order the model asks.
pub struct SeededInit {
    rng: ChaCha8Rng,
}

impl SeededInit {
    pub fn new(seed: u64) -> Self {
        SeededInit {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn uniform(&mut self, n: usize, limit: f32) -> Vec<f32> {
        (0..n).map(|_| self.rng.random_range(-limit..limit)).collect()
    }

    /// Keras's Orthogonal: QR of a normal matrix with the signs of diag(R) folded into Q.
    fn orthogonal(&mut self, rows: usize, cols: usize) -> Vec<f32> {
        let (tall, short) = (rows.max(cols), rows.min(cols));
        let data: Vec<f64> = (0..tall * short)
            .map(|_| StandardNormal.sample(&mut self.rng))
            .collect();
        let qr = DMatrix::from_row_slice(tall, short, &data).qr();
        let (mut q, r) = (qr.q(), qr.r());
        for j in 0..short {
            let sign = if r[(j, j)] < 0.0 { -1.0 } else { 1.0 };
            q.column_mut(j).scale_mut(sign);
        }
        let q = if rows < cols { q.transpose() } else { q };
        // nalgebra is column-major; hand back row-major (rows, cols).
        (0..rows)
            .flat_map(|i| (0..cols).map(move |j| (i, j)))
            .map(|(i, j)| q[(i, j)] as f32)
            .collect()
    }
}

impl WeightSource for SeededInit {
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>> {
        let n: usize = var.shape.iter().product();
        let data = match var.init {
            Init::Zeros => vec![0.0; n],
            Init::UnitForgetBias => {
                let forget = Gate::Forget.columns(n / 4);
                (0..n).map(|k| if forget.contains(&k) { 1.0 } else { 0.0 }).collect()
            }
            Init::Uniform005 => self.uniform(n, 0.05),
            Init::GlorotUniform => {
                let (fan_in, fan_out) = (var.shape[0], var.shape[1]);
                self.uniform(n, (6.0 / (fan_in + fan_out) as f32).sqrt())
            }
            Init::Orthogonal => self.orthogonal(var.shape[0], var.shape[1]),
        };
        Ok(ArrayD::from_shape_vec(IxDyn(&var.shape), data).expect("length matches shape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Ix2;

    fn var(shape: &[usize], init: Init) -> Var {
        Var {
            layer: "lstm".into(),
            direction: None,
            name: "recurrent_kernel",
            shape: shape.to_vec(),
            init,
        }
    }

    #[test]
    fn orthogonal_rows_are_orthonormal() {
        let w = SeededInit::new(7).load(&var(&[8, 32], Init::Orthogonal)).unwrap();
        let w = w.into_dimensionality::<Ix2>().unwrap();
        let gram = w.dot(&w.t());
        for i in 0..8 {
            for j in 0..8 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((gram[[i, j]] - want).abs() < 1e-5, "gram[{i},{j}] = {}", gram[[i, j]]);
            }
        }
    }

    #[test]
    fn glorot_stays_in_its_limit_and_is_reproducible() {
        let v = var(&[16, 128], Init::GlorotUniform);
        let a = SeededInit::new(3).load(&v).unwrap();
        let b = SeededInit::new(3).load(&v).unwrap();
        assert_eq!(a, b);
        let limit = (6.0f32 / 144.0).sqrt();
        assert!(a.iter().all(|x| x.abs() <= limit));
        assert!(a.iter().any(|x| x.abs() > limit * 0.9));
    }

    #[test]
    fn unit_forget_bias_sets_the_forget_block() {
        let b = SeededInit::new(0).load(&var(&[8], Init::UnitForgetBias)).unwrap();
        assert_eq!(b.as_slice().unwrap(), &[0., 0., 1., 1., 0., 0., 0., 0.]);
    }
}

//! The numeric kernels a recorded run spends its time in: the products with an LSTM's kernels
//! (on matrices repacked once, so they need no memory of their own while running) and the gate
//! activations over whole slices. Each is compiled for AVX-512 and for AVX2 + FMA as well as
//! plain code, and the processor's best is chosen at run time. The `avx2-only` feature leaves
//! the AVX-512 versions out, so the AVX2 path can be measured on a machine that has both
//! (`cargo bench --features avx2-only`).
//!
//! exp, sigmoid and tanh here are branch-free polynomial forms (Cephes's single-precision ones),
//! accurate to a few units in the last place, so that they vectorise; the Keras parity tests hold
//! them to 1e-5.

use multiversion::multiversion;

/// Columns kept in registers at once by [`Packed::acc`]: eight AVX-512 or sixteen AVX2 registers.
const BLOCK: usize = 128;

/// A row-major matrix repacked in blocks of [`BLOCK`] columns, each block's rows one after the
/// other, so a vector–matrix product reads memory straight through (the last block is padded
/// with zeros).
#[derive(Clone)]
pub struct Packed {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

impl Packed {
    /// Repack a row-major (rows, cols) matrix.
    pub fn new(m: &[f32], rows: usize, cols: usize) -> Self {
        assert_eq!(m.len(), rows * cols, "matrix shape");
        let blocks = cols.div_ceil(BLOCK);
        let mut data = vec![0.0; blocks * rows * BLOCK];
        for b in 0..blocks {
            let (start, end) = (b * BLOCK, ((b + 1) * BLOCK).min(cols));
            for j in 0..rows {
                let dst = (b * rows + j) * BLOCK;
                data[dst..dst + end - start].copy_from_slice(&m[j * cols + start..j * cols + end]);
            }
        }
        Packed { rows, cols, data }
    }

    /// z += h · m, reading the column blocks from the last when `backwards`. The sums are the
    /// same either way. A product repeated step after step should alternate: the blocks read last
    /// are still in cache when the next step starts with them (on a 1 MB matrix, 11.4 µs a step
    /// instead of 12.7 here).
    pub fn acc(&self, z: &mut [f32], h: &[f32], backwards: bool) {
        assert!(z.len() == self.cols && h.len() == self.rows, "vector lengths");
        packed_acc(z, h, &self.data, backwards);
    }

    /// Z += X · m for n rows at once: `z` is (n, cols) and `x` is (n, rows), both row-major.
    pub fn acc_rows(&self, z: &mut [f32], x: &[f32]) {
        assert!(
            z.len().is_multiple_of(self.cols)
                && x.len().is_multiple_of(self.rows)
                && z.len() / self.cols == x.len() / self.rows,
            "matrix shapes"
        );
        for (z, x) in z.chunks_exact_mut(2 * self.cols).zip(x.chunks_exact(2 * self.rows)) {
            packed_acc2(z, x, &self.data);
        }
        let done = z.len() / self.cols / 2 * 2;
        if done * self.cols < z.len() {
            packed_acc(&mut z[done * self.cols..], &x[done * self.rows..], &self.data, false);
        }
    }
}

#[cfg_attr(
    not(feature = "avx2-only"),
    multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma", "aarch64+neon"))
)]
#[cfg_attr(feature = "avx2-only", multiversion(targets("x86_64+avx2+fma", "aarch64+neon")))]
fn packed_acc2(z: &mut [f32], x: &[f32], data: &[f32]) {
    let (rows, cols) = (x.len() / 2, z.len() / 2);
    let (x0, x1) = x.split_at(rows);
    let (z0, z1) = z.split_at_mut(cols);
    for (b, block) in data.chunks_exact(rows * BLOCK).enumerate() {
        let start = b * BLOCK;
        let width = BLOCK.min(cols - start);
        // Two rows' blocks of z stay in registers while every row of the block is added in.
        let (mut a0, mut a1) = ([0.0f32; BLOCK], [0.0f32; BLOCK]);
        a0[..width].copy_from_slice(&z0[start..start + width]);
        a1[..width].copy_from_slice(&z1[start..start + width]);
        for ((&p, &q), row) in x0.iter().zip(x1).zip(block.chunks_exact(BLOCK)) {
            let row: &[f32; BLOCK] = row.try_into().expect("block length");
            for k in 0..BLOCK {
                a0[k] = p.mul_add(row[k], a0[k]);
                a1[k] = q.mul_add(row[k], a1[k]);
            }
        }
        z0[start..start + width].copy_from_slice(&a0[..width]);
        z1[start..start + width].copy_from_slice(&a1[..width]);
    }
}

#[cfg_attr(
    not(feature = "avx2-only"),
    multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma", "aarch64+neon"))
)]
#[cfg_attr(feature = "avx2-only", multiversion(targets("x86_64+avx2+fma", "aarch64+neon")))]
fn packed_acc(z: &mut [f32], h: &[f32], data: &[f32], backwards: bool) {
    let rows = h.len();
    let blocks = data.len() / (rows * BLOCK);
    for n in 0..blocks {
        let b = if backwards { blocks - 1 - n } else { n };
        let block = &data[b * rows * BLOCK..(b + 1) * rows * BLOCK];
        let start = b * BLOCK;
        let width = BLOCK.min(z.len() - start);
        // One block of z stays in registers while every row is added in.
        let mut acc = [0.0f32; BLOCK];
        acc[..width].copy_from_slice(&z[start..start + width]);
        for (&hj, row) in h.iter().zip(block.chunks_exact(BLOCK)) {
            let row: &[f32; BLOCK] = row.try_into().expect("block length");
            for k in 0..BLOCK {
                acc[k] = hj.mul_add(row[k], acc[k]);
            }
        }
        z[start..start + width].copy_from_slice(&acc[..width]);
    }
}

/// e^x for x in f32's range (inputs below −87.3 give 0, above 88 give e^88).
#[inline(always)]
fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.3, 88.0);
    let n = (x * std::f32::consts::LOG2_E + 0.5).floor();
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let p = 1.987_569_1e-4;
    let p = p * r + 1.398_2e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 5e-1;
    let y = p * r * r + r + 1.0;
    y * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// The logistic function 1 / (1 + e^−x).
#[inline(always)]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// tanh: a polynomial near 0, 1 − 2 / (e^2|x| + 1) elsewhere, with the sign put back.
#[inline(always)]
fn tanh(x: f32) -> f32 {
    let a = x.abs();
    let z = x * x;
    let small =
        ((((-5.704_988_7e-3 * z + 2.063_909e-2) * z - 5.373_971_6e-2) * z + 1.333_144_2e-1) * z - 3.333_328e-1) * z * x
            + x;
    let large = (1.0 - 2.0 / (exp(2.0 * a) + 1.0)).copysign(x);
    if a < 0.625 { small } else { large }
}

/// A function of one value applied to every element of a slice, compiled for each target as the
/// products are.
macro_rules! elementwise {
    ($(#[$doc:meta])* $name:ident = $f:ident) => {
        $(#[$doc])*
        #[cfg_attr(
            not(feature = "avx2-only"),
            multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma", "aarch64+neon"))
        )]
        #[cfg_attr(feature = "avx2-only", multiversion(targets("x86_64+avx2+fma", "aarch64+neon")))]
        pub fn $name(xs: &mut [f32]) {
            for x in xs {
                *x = $f(*x);
            }
        }
    };
}

elementwise!(
    /// Apply the logistic function to every element.
    sigmoid_slice = sigmoid
);
elementwise!(
    /// Apply tanh to every element.
    tanh_slice = tanh
);
elementwise!(
    /// e^x for every element (softmax uses it).
    exp_slice = exp
);

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Vec<f32> {
        (-20_000..=20_000)
            .map(|k| k as f32 * 1e-3)
            .chain([-100.0, -88.5, 88.5, 100.0, 1e-30, -1e-30, 0.0])
            .collect()
    }

    #[test]
    fn tanh_and_sigmoid_agree_with_the_standard_library() {
        let xs = grid();
        let mut t = xs.clone();
        let mut s = xs.clone();
        tanh_slice(&mut t);
        sigmoid_slice(&mut s);
        for ((x, t), s) in xs.iter().zip(&t).zip(&s) {
            let want_t = (*x as f64).tanh();
            let want_s = 1.0 / (1.0 + (-*x as f64).exp());
            assert!(
                (*t as f64 - want_t).abs() <= 2e-7 * want_t.abs().max(1e-3),
                "tanh({x}) = {t}, want {want_t}"
            );
            assert!(
                (*s as f64 - want_s).abs() <= 2e-7 * want_s.max(1e-3),
                "sigmoid({x}) = {s}, want {want_s}"
            );
        }
    }

    #[test]
    fn exp_is_accurate_across_the_range() {
        let mut xs: Vec<f32> = (-870..=880).map(|k| k as f32 * 0.1).collect();
        let want: Vec<f64> = xs.iter().map(|x| (*x as f64).exp()).collect();
        exp_slice(&mut xs);
        for (got, want) in xs.iter().zip(&want) {
            assert!((*got as f64 - want).abs() <= 3e-7 * want, "{got} vs {want}");
        }
    }

    /// A (rows, cols) matrix with 300 columns (two register blocks and a tail) and `n` input rows.
    fn product_case(n: usize) -> (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>) {
        let (rows, cols) = (5, 300);
        let m: Vec<f32> = (0..rows * cols)
            .map(|k| ((k * 37 % 101) as f32 - 50.0) / 50.0)
            .collect();
        let x: Vec<f32> = (0..n * rows).map(|k| (k % 7) as f32 * 0.25 - 0.5).collect();
        let z: Vec<f32> = (0..n * cols).map(|k| (k % cols) as f32).collect();
        let want: Vec<f32> = (0..n * cols)
            .map(|k| {
                let (r, c) = (k / cols, k % cols);
                z[k] + (0..rows).map(|j| x[r * rows + j] * m[j * cols + c]).sum::<f32>()
            })
            .collect();
        (m, x, z, want)
    }

    fn assert_close(got: &[f32], want: &[f32]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-6 * w.abs().max(1.0), "{g} vs {w}");
        }
    }

    #[test]
    fn vector_matrix_product_matches_a_plain_loop_in_either_block_order() {
        let (m, h, mut z, want) = product_case(1);
        let packed = Packed::new(&m, 5, 300);
        let mut z_back = z.clone();
        packed.acc(&mut z, &h, false);
        packed.acc(&mut z_back, &h, true);
        assert_close(&z, &want);
        assert_eq!(z, z_back, "the block order does not change a sum");
    }

    #[test]
    fn matrix_product_matches_a_plain_loop_for_pairs_of_rows_and_a_last_row() {
        let (m, x, mut z, want) = product_case(3);
        Packed::new(&m, 5, 300).acc_rows(&mut z, &x);
        assert_close(&z, &want);
    }
}

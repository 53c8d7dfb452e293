//! Scores that rank a cell's units, to find the ones doing a job: how much h changes over the
//! run, how often the gates are saturated, and how closely h follows a signal the lesson gives
//! (one value per timestep). Each score is one number per unit; [`order`] sorts units by it,
//! highest first.

use super::cell::Quantity;
use super::trace::CellTrace;

/// A gate closer than this to 0 or 1 counts as saturated.
pub const SATURATED: f32 = 0.05;

/// What units are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    /// Σ |h(t) − h(t−1)| over the run, from the zero state before the first step.
    Change,
    /// The fraction of the f, i and o values over the run within [`SATURATED`] of 0 or 1.
    Saturation,
    /// |Pearson's r| of h with the lesson's signal, timestep by timestep.
    Correlation,
}

impl RankBy {
    /// A short name, for a title: `Σ|Δh|`, `saturation`, `|r|`.
    pub fn short(self) -> &'static str {
        match self {
            RankBy::Change => "Σ|Δh|",
            RankBy::Saturation => "saturation",
            RankBy::Correlation => "|r|",
        }
    }
}

/// The total movement of a series that starts from 0: |s0| + Σ |s(k) − s(k−1)|.
pub fn total_change(series: impl IntoIterator<Item = f32>) -> f32 {
    let mut before = 0.0;
    series
        .into_iter()
        .map(|v| {
            let d = (v - before).abs();
            before = v;
            d
        })
        .sum()
}

/// The fraction of `values` within [`SATURATED`] of 0 or of 1 (0 for none).
pub fn saturated_fraction(values: impl IntoIterator<Item = f32>) -> f32 {
    let (mut near, mut all) = (0usize, 0usize);
    for v in values {
        all += 1;
        near += usize::from(v <= SATURATED || v >= 1.0 - SATURATED);
    }
    if all == 0 { 0.0 } else { near as f32 / all as f32 }
}

/// Pearson's correlation of two series of the same length, computed in f64; NaN when either
/// does not vary (or they are shorter than 2).
pub fn pearson(a: &[f32], b: &[f32]) -> f64 {
    let n = a.len().min(b.len());
    if n < 2 {
        return f64::NAN;
    }
    let mean = |s: &[f32]| s[..n].iter().map(|v| f64::from(*v)).sum::<f64>() / n as f64;
    let (ma, mb) = (mean(a), mean(b));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a[..n].iter().zip(&b[..n]) {
        let (dx, dy) = (f64::from(*x) - ma, f64::from(*y) - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    if saa == 0.0 || sbb == 0.0 {
        return f64::NAN;
    }
    sab / (saa * sbb).sqrt()
}

/// Each unit's Σ |Δh| over the run, in the order the cell read its input.
pub fn change(cell: &CellTrace) -> Vec<f32> {
    let h = cell.get(Quantity::H);
    (0..cell.units())
        .map(|u| total_change(h.column(u).iter().copied()))
        .collect()
}

/// Each unit's fraction of saturated f, i and o values over the run.
pub fn saturation(cell: &CellTrace) -> Vec<f32> {
    let gates = [Quantity::F, Quantity::I, Quantity::O];
    (0..cell.units())
        .map(|u| saturated_fraction(gates.iter().flat_map(|q| cell.get(*q).column(u).to_vec())))
        .collect()
}

/// Each unit's Pearson r of h with `signal` (one value per original timestep; a backward
/// cell's steps are matched to the timesteps they read). NaN for a unit whose h does not vary.
pub fn correlation(cell: &CellTrace, signal: &[f32]) -> Vec<f64> {
    let h = cell.get(Quantity::H);
    let aligned: Vec<f32> = cell
        .t
        .iter()
        .map(|&t| signal.get(t).copied().unwrap_or(f32::NAN))
        .collect();
    (0..cell.units())
        .map(|u| pearson(&h.column(u).to_vec(), &aligned))
        .collect()
}

/// Units by score, highest first; ties by unit number, NaN last.
pub fn order(scores: &[f64]) -> Vec<usize> {
    let mut units: Vec<usize> = (0..scores.len()).collect();
    let key = |u: usize| {
        if scores[u].is_nan() {
            f64::NEG_INFINITY
        } else {
            scores[u]
        }
    };
    units.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_change_counts_every_move_from_zero() {
        // 0 → 0.5 → -0.5 → -0.5 → 1: 0.5 + 1 + 0 + 1.5.
        assert_eq!(total_change([0.5, -0.5, -0.5, 1.0]), 3.0);
        assert_eq!(total_change([]), 0.0);
    }

    #[test]
    fn saturation_is_the_share_near_either_end() {
        // 0.01 and 0.97 are within 0.05; 0.05 and 0.95 exactly on the edge count; 0.5, 0.9 do not.
        assert_eq!(saturated_fraction([0.01, 0.97, 0.5, 0.9]), 0.5);
        assert_eq!(saturated_fraction([0.05, 0.95]), 1.0);
        assert_eq!(saturated_fraction([]), 0.0);
    }

    #[test]
    fn pearson_of_hand_computed_series() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        // Means 2 and 5/3; Σdxdy = 1, Σdx² = 2, Σdy² = 2/3: r = 1 / √(4/3) = √3/2.
        assert!((pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0, 2.0]) - 3f64.sqrt() / 2.0).abs() < 1e-12);
        assert!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_nan());
        assert!(pearson(&[1.0], &[1.0]).is_nan());
    }

    #[test]
    fn order_is_highest_first_ties_by_number_nan_last() {
        assert_eq!(order(&[0.2, f64::NAN, 0.9, 0.2, 0.5]), vec![2, 4, 0, 3, 1]);
    }
}

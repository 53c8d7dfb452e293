//! One unit's arithmetic at one step, term by term: for each gate, W·x and U·h(t−1) as the lists
//! of products they sum, with the bias and the value the run recorded. The weights come from
//! [`Lstm::gate_column`], the inputs and the recorded gates from the trace; each sum is the one
//! the unit inspector shows ([`Lstm::gate_parts`]), so the two screens agree to the last digit.

use ndarray::ArrayView1;

use super::cell::{Gate, Quantity};
use super::lstm::{GateParts, Lstm};
use super::trace::CellTrace;

/// A dot product written out: each weight with the value it multiplies, and their sum.
#[derive(Debug, Clone, PartialEq)]
pub struct Products {
    /// (weight, value) for each k, in the order of the vector.
    pub pairs: Vec<(f32, f32)>,
    /// Σ weight·value, computed as the inspector computes it.
    pub sum: f32,
}

impl Products {
    fn new(weights: ArrayView1<f32>, values: ArrayView1<f32>, sum: f32) -> Products {
        Products {
            pairs: weights.iter().copied().zip(values.iter().copied()).collect(),
            sum,
        }
    }

    /// How many products the sum has.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The indices of the products, largest magnitude first (ties in index order).
    pub fn largest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.pairs.len()).collect();
        let size = |k: usize| (self.pairs[k].0 * self.pairs[k].1).abs();
        order.sort_by(|a, b| size(*b).total_cmp(&size(*a)).then(a.cmp(b)));
        order
    }
}

/// One gate of one unit at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct GateStep {
    pub gate: Gate,
    /// The unit's kernel column times x(t).
    pub wx: Products,
    /// The unit's recurrent-kernel column times h(t−1).
    pub uh: Products,
    pub b: f32,
    /// The gate's value the run recorded.
    pub value: f32,
}

impl GateStep {
    /// The three parts as the inspector writes them.
    pub fn parts(&self) -> GateParts {
        GateParts {
            wx: self.wx.sum,
            uh: self.uh.sum,
            b: self.b,
        }
    }
}

/// Every gate of `unit` at processing step `k` of a cell's recorded run, in the debugger's order
/// (f, i, g, o).
pub fn gates_at(lstm: &Lstm, cell: &CellTrace, unit: usize, k: usize) -> Vec<GateStep> {
    let (x, h_prev) = (cell.x_at(k), cell.h_prev(k));
    Quantity::ALL
        .into_iter()
        .filter_map(|q| Some((q, q.gate()?)))
        .map(|(q, gate)| {
            let column = lstm.gate_column(gate, unit);
            let parts = lstm.gate_parts(gate, unit, x, h_prev.view());
            GateStep {
                gate,
                wx: Products::new(column.w, x, parts.wx),
                uh: Products::new(column.u, h_prev.view(), parts.uh),
                b: column.b,
                value: cell.get(q)[[k, unit]],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cell::Direction;
    use crate::model::spec::LstmConfig;
    use ndarray::{Array2, array};

    /// Two units, two features, so that every column is told apart.
    fn cell() -> Lstm {
        Lstm::new(
            LstmConfig::new(2),
            array![
                [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
                [-0.8, -0.7, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1]
            ],
            array![
                [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
                [-1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0]
            ],
            Some(array![0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]),
        )
    }

    #[test]
    fn each_gate_reads_its_own_column_and_sums_to_the_recorded_value() {
        let lstm = cell();
        let xs: Array2<f32> = array![[1.0, 0.5], [0.25, -2.0]];
        let trace = lstm.run(xs.view(), Direction::Forward);
        let gates = gates_at(&lstm, &trace, 1, 1);
        let order: Vec<Gate> = gates.iter().map(|g| g.gate).collect();
        assert_eq!(order, [Gate::Forget, Gate::Input, Gate::Candidate, Gate::Output]);
        // The forget gate's block is columns 2..4 (Keras's order i, f, c, o); unit 1 is column 3.
        let f = &gates[0];
        assert_eq!(f.wx.pairs, vec![(0.4, 0.25), (-0.5, -2.0)]);
        assert_eq!(f.b, 1.5);
        let h0 = trace.values.h.row(0);
        assert_eq!(f.uh.pairs, vec![(4.0, h0[0]), (-4.0, h0[1])]);
        for g in &gates {
            let by_hand: f32 = g.wx.pairs.iter().map(|(w, v)| w * v).sum();
            assert!((g.wx.sum - by_hand).abs() < 1e-6);
            let z = f64::from(g.parts().z());
            let want = if g.gate == Gate::Candidate {
                z.tanh()
            } else {
                1.0 / (1.0 + (-z).exp())
            };
            assert!((want - f64::from(g.value)).abs() < 1e-6, "{:?}", g.gate);
        }
    }

    #[test]
    fn largest_products_come_first() {
        let p = Products::new(
            array![0.1, -3.0, 2.0, 0.5].view(),
            array![1.0, 1.0, -1.0, 4.0].view(),
            0.0,
        );
        assert_eq!(p.largest_first(), vec![1, 2, 3, 0]);
        assert_eq!(p.len(), 4);
    }
}

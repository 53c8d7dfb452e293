//! The scale each quantity is drawn on: gates 0..1, candidate and h −1..1, c and x symmetric
//! around zero up to their largest magnitude over the whole run (shown in the legend).

use super::glyphs::Glyphs;
use super::theme::Ramp;
use crate::model::cell::Quantity;
use crate::model::trace::CellTrace;

/// The largest magnitudes of a cell's unbounded quantities over the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Extent {
    pub x: f32,
    pub c: f32,
}

impl Extent {
    pub fn of(cell: &CellTrace) -> Extent {
        Extent {
            x: cell.max_abs_input(),
            c: cell.max_abs(Quantity::C),
        }
    }
}

/// A value range and its colour ramp.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub lo: f32,
    pub hi: f32,
    pub ramp: Ramp,
}

impl Scale {
    pub const GATE: Scale = Scale {
        lo: 0.0,
        hi: 1.0,
        ramp: Ramp::Sequential,
    };

    /// −m..m (m of at least a tiny amount, so an all-zero row still draws).
    pub fn symmetric(m: f32) -> Scale {
        let m = if m.is_finite() && m > 1e-6 { m } else { 1.0 };
        Scale {
            lo: -m,
            hi: m,
            ramp: Ramp::Diverging,
        }
    }

    /// The scale of a recorded quantity of a cell with these extents.
    pub fn of(q: Quantity, extent: Extent) -> Scale {
        match q {
            Quantity::I | Quantity::F | Quantity::O => Scale::GATE,
            Quantity::G | Quantity::H => Scale::symmetric(1.0),
            Quantity::C => Scale::symmetric(extent.c),
        }
    }

    /// The input x of a cell: symmetric up to its largest magnitude.
    pub fn of_input(extent: Extent) -> Scale {
        Scale::symmetric(extent.x)
    }

    /// Where v sits, 0..1 (NaN at the middle).
    pub fn level(&self, v: f32) -> f32 {
        if v.is_nan() {
            return 0.5;
        }
        ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
    }

    /// Whether a change is big enough to mark: a tenth of the scale or more.
    pub fn marks(&self, delta: f32) -> bool {
        delta.abs() >= 0.1 * (self.hi - self.lo)
    }

    /// The legend: `0‥1`, `±1`, `±2.31`.
    pub fn legend(&self, g: &Glyphs) -> String {
        if self.lo == 0.0 {
            format!("{}{}{}", self.lo, g.range, self.hi)
        } else {
            format!("{}{}", g.plus_minus, short(self.hi))
        }
    }
}

/// A number in at most 5 characters: 0.77, -0.77, 12.3 → 12, 1e4.
pub fn short(v: f32) -> String {
    let a = v.abs();
    let s = if a < 10.0 || a.is_nan() {
        format!("{v:.2}")
    } else if a < 1000.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.0e}")
    };
    if s == "-0.00" { "0.00".to_string() } else { s }
}

//! The scale each row is drawn on. Fixed ranges (the default): gates 0‥1, everything signed
//! (candidate, h, c, a layer's input x, a Dense's values) ±1, or ±(its largest magnitude over
//! the run) when the run goes beyond 1. Auto: each row on its own range, from its values at this
//! step. Either way the scale is a function of the numbers alone, so rows that hold the same
//! numbers (lstm's h(t) and lstm_1's x(t)) are drawn alike. The ends are numbers that
//! [`short`] writes exactly, so a legend never rounds.

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

    /// The largest magnitude over the run of a quantity (1 for the bounded ones).
    pub fn of_quantity(&self, q: Quantity) -> f32 {
        match q {
            Quantity::C => self.c,
            _ => 1.0,
        }
    }
}

/// What a row holds: a gate (0‥1) or a signed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Gate,
    Signed,
}

impl Kind {
    pub fn of(q: Quantity) -> Kind {
        match q {
            Quantity::I | Quantity::F | Quantity::O => Kind::Gate,
            Quantity::G | Quantity::C | Quantity::H => Kind::Signed,
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

    /// The scale of a row of this kind: fixed (gates 0‥1, the rest ±1 or ±`run_max` when the
    /// run goes beyond 1), or auto, fitted to the row's own `values`.
    pub fn of_row<'a>(kind: Kind, run_max: f32, values: impl IntoIterator<Item = &'a f32>, auto: bool) -> Scale {
        match (kind, auto) {
            (Kind::Gate, false) => Scale::GATE,
            (Kind::Signed, false) => Scale::symmetric(ceil_short(run_max).max(1.0)),
            (Kind::Gate, true) => Scale {
                hi: ceil_short(largest(values, |v| v)),
                ..Scale::GATE
            },
            (Kind::Signed, true) => Scale::symmetric(ceil_short(largest(values, f32::abs))),
        }
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

    /// The legend: `0‥1`, `0‥0.87`, `±1`, `±2.31`; at most [`LEGEND_TEXT`] columns.
    pub fn legend(&self, g: &Glyphs) -> String {
        if self.lo == 0.0 {
            format!("0{}{}", g.range, end(self.hi))
        } else {
            format!("{}{}", g.plus_minus, end(self.hi))
        }
    }
}

/// The widest legend: `0..0.87` in ASCII.
pub const LEGEND_TEXT: u16 = 7;

/// The largest of `f` over the finite values (0 for none).
fn largest<'a>(values: impl IntoIterator<Item = &'a f32>, f: impl Fn(f32) -> f32) -> f32 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, |m, v| f(*v).max(m))
}

/// A scale's end as the legend writes it: `1`, `13`, `0.87`.
fn end(v: f32) -> String {
    if v.fract() == 0.0 && v < 1000.0 {
        format!("{v}")
    } else {
        short(v)
    }
}

/// The smallest number at least `m` (and at least 0.01) that [`short`] writes exactly: 0.734 →
/// 0.74, 12.3 → 13, 1234 → 2e3.
pub fn ceil_short(m: f32) -> f32 {
    if !m.is_finite() {
        return 1.0;
    }
    let m = m.max(0.01);
    // Up to the digits `short` prints; a float a hair above them (0.7 × 100 = 70.00001) stays.
    let up = |step: f32| ((m / step - 1e-3).ceil() * step * 100.0).round() / 100.0;
    if m <= 9.99 {
        return up(0.01);
    }
    if m <= 999.0 {
        return up(1.0);
    }
    up(10f32.powi(m.log10().floor() as i32))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::glyphs::{ASCII, UNICODE};

    #[test]
    fn scale_ends_are_written_exactly() {
        for (m, want) in [
            (0.734, 0.74),
            (0.7, 0.7),
            (0.05, 0.05),
            (0.0512, 0.06),
            (0.0, 0.01),
            (2.3271, 2.33),
            (9.999, 10.0),
            (12.3, 13.0),
            (1234.0, 2000.0),
        ] {
            let got = ceil_short(m);
            assert_eq!(got, want, "{m}");
            assert!(got >= m, "{m}");
        }
    }

    #[test]
    fn legends_are_whole_in_both_glyph_sets() {
        let scales = [
            Scale::GATE,
            Scale::of_row(Kind::Gate, 1.0, &[0.2, 0.87], true),
            Scale::of_row(Kind::Signed, 0.05, &[0.01, -0.05], true),
            Scale::of_row(Kind::Signed, 2.3271, &[], false),
            Scale::of_row(Kind::Signed, 0.4, &[], false),
            Scale::of_row(Kind::Signed, 12345.0, &[], false),
        ];
        let unicode: Vec<String> = scales.iter().map(|s| s.legend(&UNICODE)).collect();
        assert_eq!(unicode, ["0‥1", "0‥0.87", "±0.05", "±2.33", "±1", "±2e4"]);
        let ascii: Vec<String> = scales.iter().map(|s| s.legend(&ASCII)).collect();
        assert_eq!(ascii, ["0..1", "0..0.87", "+-0.05", "+-2.33", "+-1", "+-2e4"]);
        assert!(ascii.iter().all(|l| l.len() <= usize::from(LEGEND_TEXT)));
    }

    #[test]
    fn fixed_scales_depend_on_the_kind_auto_ones_on_the_row() {
        let row = [0.1, -0.3, 0.2];
        assert_eq!(Scale::of_row(Kind::Signed, 0.3, &row, false), Scale::symmetric(1.0));
        assert_eq!(Scale::of_row(Kind::Signed, 0.3, &row, true), Scale::symmetric(0.3));
        assert_eq!(Scale::of_row(Kind::Gate, 1.0, &[0.5, f32::NAN], true).hi, 0.5);
        assert_eq!(Scale::of_row(Kind::Gate, 1.0, &row, false), Scale::GATE);
    }
}

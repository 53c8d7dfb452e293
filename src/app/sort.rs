//! `:sort change|saturation|correlation|off`: the focused layer's units in the order of a score
//! ([`crate::model::rank`]), highest first, so that the units doing a job come to the left of
//! its pane and the top of the timeline. The order is kept for that layer until the next `:sort`.

use super::App;
use super::mistake::Mistake;
use crate::model::cell::Direction;
use crate::model::rank::{self, RankBy};

/// A layer's units in ranked order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorted {
    pub by: RankBy,
    /// The recurrent layer sorted (index into [`App::recurrent`]).
    pub layer: usize,
    /// For each of its cells (forward, backward), the units best first.
    pub orders: Vec<Vec<usize>>,
}

/// The words `:sort` takes, with what each ranks by (`None`: back to unit order).
pub const SORTS: &[(&str, Option<RankBy>)] = &[
    ("change", Some(RankBy::Change)),
    ("saturation", Some(RankBy::Saturation)),
    ("correlation", Some(RankBy::Correlation)),
    ("off", None),
];

impl App {
    /// The order a cell's units are shown in, when its layer is sorted.
    pub fn unit_order(&self, layer: usize, cell: Direction) -> Option<&[usize]> {
        let sorted = self.sorted.as_ref().filter(|s| s.layer == layer)?;
        sorted.orders.get(cell.index()).map(Vec::as_slice)
    }

    /// The unit shown at `position` (from the left of a pane, from the top of the timeline).
    pub fn unit_at_position(&self, layer: usize, cell: Direction, position: usize) -> usize {
        self.unit_order(layer, cell)
            .and_then(|o| o.get(position).copied())
            .unwrap_or(position)
    }

    /// Where `unit` is shown among a cell's units.
    pub fn position_of(&self, layer: usize, cell: Direction, unit: usize) -> usize {
        self.unit_order(layer, cell)
            .and_then(|o| o.iter().position(|u| *u == unit))
            .unwrap_or(unit)
    }

    /// Whether `sorted` (a leader's) orders a layer of this app: one order per cell, each of
    /// its units once.
    pub(super) fn fits(&self, sorted: &Sorted) -> bool {
        if sorted.layer >= self.recurrent.len() {
            return false;
        }
        let cells = self.layers().cells(sorted.layer);
        cells.len() == sorted.orders.len()
            && cells.iter().zip(&sorted.orders).all(|(cell, order)| {
                let mut units = order.clone();
                units.sort_unstable();
                units.into_iter().eq(0..cell.units())
            })
    }

    /// What a layer's units are sorted by, for its pane: `Σ|Δh|`, `saturation`, `|r| with
    /// <signal>`.
    pub fn sort_label(&self, layer: usize) -> Option<String> {
        let sorted = self.sorted.as_ref().filter(|s| s.layer == layer)?;
        let signal = self.session.lesson.signal.as_ref();
        Some(match (sorted.by, signal) {
            (RankBy::Correlation, Some(signal)) => format!("|r| with {}", signal.name),
            (by, _) => by.short().to_string(),
        })
    }

    /// `:sort WORD`: rank the focused layer's units; what the message line says, or why not.
    pub(super) fn sort_command(&mut self, arg: &str) -> Result<String, Mistake> {
        let Some((_, by)) = SORTS.iter().find(|(w, _)| *w == arg) else {
            return Err(Mistake::SortWhat { found: arg.to_string() });
        };
        let Some(by) = *by else {
            self.sorted = None;
            return Ok("units in their own order".to_string());
        };
        if self.recurrent.is_empty() {
            return Err(Mistake::NothingToSort);
        }
        let signal = self.session.lesson.signal.as_ref();
        if by == RankBy::Correlation && signal.is_none() {
            return Err(Mistake::NoSignal);
        }
        let layer = self.cursor.layer;
        let cells = self.layers().cells(layer);
        let scores: Vec<Vec<f64>> = cells
            .iter()
            .map(|cell| match by {
                RankBy::Change => rank::change(cell).into_iter().map(f64::from).collect(),
                RankBy::Saturation => rank::saturation(cell).into_iter().map(f64::from).collect(),
                RankBy::Correlation => rank::correlation(cell, &signal.expect("checked").values),
            })
            .collect();
        let ranked: Vec<Vec<f64>> = scores
            .iter()
            .map(|s| {
                s.iter()
                    .map(|v| if by == RankBy::Correlation { v.abs() } else { *v })
                    .collect()
            })
            .collect();
        let orders: Vec<Vec<usize>> = ranked.iter().map(|s| rank::order(s)).collect();
        let k = self.cursor.cell.within(cells.len()).index();
        let best: Vec<String> = orders[k]
            .iter()
            .take(4)
            .map(|&u| match by {
                RankBy::Saturation => format!("u{u} {:.0}%", 100.0 * scores[k][u]),
                RankBy::Correlation => format!("u{u} {:+.2}", scores[k][u]),
                RankBy::Change => format!("u{u} {:.2}", scores[k][u]),
            })
            .collect();
        let name = &self.session.model.layers[self.recurrent[layer]].name;
        let what = match by {
            RankBy::Change => "Σ|Δh| over the run".to_string(),
            RankBy::Saturation => "saturation (share of f, i, o within 0.05 of 0 or 1)".to_string(),
            RankBy::Correlation => format!("|r| of h with {}", signal.map_or("", |s| s.name.as_str())),
        };
        // The best unit in focus, so that the timeline's rows start from it.
        self.cursor.unit = orders[k][0];
        self.sorted = Some(Sorted { by, layer, orders });
        Ok(format!("{name} by {what}: {}, …", best.join(", ")))
    }
}

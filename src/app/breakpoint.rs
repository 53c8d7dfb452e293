//! Breakpoints: at a timestep, or a condition on the recorded trace (`f[3] < 0.1`,
//! `layer=2 max|c| > 2`, `token=not`) parsed with messages that say what was expected.

use std::fmt;

use super::layers::Layers;
use super::mistake::Mistake;
use crate::model::cell::{Direction, Quantity};
use crate::model::trace::{CellTrace, Input};
use crate::session::Session;

/// A comparison in a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    const ALL: [(Cmp, &'static str); 4] = [(Cmp::Le, "<="), (Cmp::Ge, ">="), (Cmp::Lt, "<"), (Cmp::Gt, ">")];

    fn holds(self, a: f32, b: f32) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }

    fn symbol(self) -> &'static str {
        Cmp::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, s)| *s)
            .unwrap_or("?")
    }
}

/// What a condition measures at a timestep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// One unit's value, or its magnitude.
    Unit {
        q: Quantity,
        unit: usize,
        abs: bool,
    },
    /// Over all units of the cell.
    Max {
        q: Quantity,
        abs: bool,
    },
    Min {
        q: Quantity,
    },
    Mean {
        q: Quantity,
        abs: bool,
    },
}

impl Measure {
    fn value(self, cell: &CellTrace, k: usize) -> f32 {
        let row = |q: Quantity| cell.get(q).row(k);
        match self {
            Measure::Unit { q, unit, abs } => {
                let v = row(q)[unit];
                if abs { v.abs() } else { v }
            }
            Measure::Max { q, abs } => row(q)
                .iter()
                .map(|v| if abs { v.abs() } else { *v })
                .fold(f32::NEG_INFINITY, f32::max),
            Measure::Min { q } => row(q).iter().copied().fold(f32::INFINITY, f32::min),
            Measure::Mean { q, abs } => {
                let r = row(q);
                r.iter().map(|v| if abs { v.abs() } else { *v }).sum::<f32>() / r.len().max(1) as f32
            }
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Measure::Unit { q, unit, abs: false } => write!(f, "{}[{unit}]", q.letter()),
            Measure::Unit { q, unit, abs: true } => write!(f, "|{}[{unit}]|", q.letter()),
            Measure::Max { q, abs: false } => write!(f, "max {}", q.letter()),
            Measure::Max { q, abs: true } => write!(f, "max|{}|", q.letter()),
            Measure::Min { q } => write!(f, "min {}", q.letter()),
            Measure::Mean { q, abs: false } => write!(f, "mean {}", q.letter()),
            Measure::Mean { q, abs: true } => write!(f, "mean|{}|", q.letter()),
        }
    }
}

/// A breakpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum Breakpoint {
    /// Stop at this timestep.
    At(usize),
    /// Stop where the input token is this id.
    Token(usize),
    /// Stop where a measure of one cell compares true.
    When {
        /// A recurrent layer, counted as [`Layers`] does.
        layer: usize,
        /// Which of the layer's cells.
        cell: Direction,
        measure: Measure,
        cmp: Cmp,
        value: f32,
    },
}

impl Breakpoint {
    /// Whether the breakpoint stops at timestep t.
    pub fn hits(&self, layers: Layers, t: usize) -> bool {
        match *self {
            Breakpoint::At(at) => at == t,
            Breakpoint::Token(id) => {
                matches!(&layers.session.trace.input, Input::Tokens(ids) if ids.get(t) == Some(&id))
            }
            Breakpoint::When { cmp, value, .. } => self.measured(layers, t).is_some_and(|v| cmp.holds(v, value)),
        }
    }

    /// The measured value at t, for a conditional breakpoint.
    pub fn measured(&self, layers: Layers, t: usize) -> Option<f32> {
        match *self {
            Breakpoint::When {
                layer, cell, measure, ..
            } => {
                let c = layers.cell(layer, cell)?;
                Some(measure.value(c, c.step_of(t)?))
            }
            _ => None,
        }
    }

    /// How the breakpoint reads in messages and the list.
    pub fn describe(&self, layers: Layers) -> String {
        match *self {
            Breakpoint::At(t) => format!("t={t}"),
            Breakpoint::Token(id) => match layers.session.word(id) {
                Some(w) => format!("token={w} (id {id})"),
                None => format!("token={id}"),
            },
            Breakpoint::When {
                layer,
                cell,
                measure,
                cmp,
                value,
            } => {
                let cells = layers.cells(layer);
                let dir = match cells.get(cell.index()) {
                    Some(c) if cells.len() > 1 => format!(" {}", c.direction.name()),
                    _ => String::new(),
                };
                format!("{}{dir}: {measure} {} {value}", layers.name(layer), cmp.symbol())
            }
        }
    }
}

/// Where a condition applies when it does not say: the focused layer and cell.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub layers: Layers<'a>,
    /// Counted as [`Layers`] does.
    pub layer: usize,
    pub cell: Direction,
}

type Result<T> = std::result::Result<T, Mistake>;

/// Parse the text after `:break`.
pub fn parse(text: &str, scope: Scope) -> Result<Breakpoint> {
    let text = text.trim();
    if let Ok(t) = text.parse::<usize>() {
        let steps = scope.layers.session.trace.input.timesteps();
        if t >= steps {
            return Err(Mistake::PastEnd { t, last: steps - 1 });
        }
        return Ok(Breakpoint::At(t));
    }
    let mut layer = scope.layer;
    let mut cell = scope.cell;
    let mut rest = text;
    loop {
        let word = rest.split_whitespace().next().unwrap_or("");
        let Some((key, val)) = word.split_once('=') else { break };
        match key {
            "layer" => layer = parse_layer(val, scope.layers)?,
            "dir" => cell = parse_direction(val)?,
            "token" => {
                if rest.split_whitespace().count() > 1 {
                    return Err(Mistake::TokenNotAlone {
                        token: val.to_string(),
                        rest: rest[word.len()..].trim().to_string(),
                    });
                }
                return parse_token(val, scope.layers.session);
            }
            _ => {
                return Err(Mistake::UnknownSetting { key: key.to_string() });
            }
        }
        rest = rest[word.len()..].trim_start();
    }
    let cells = scope.layers.cells(layer);
    if cells.is_empty() {
        return Err(Mistake::NoRecurrentLayer);
    }
    if cell.within(cells.len()) != cell {
        if text.contains("dir=") {
            return Err(Mistake::OneDirection {
                layer: scope.layers.name(layer).to_string(),
            });
        }
        cell = Direction::Forward;
    }
    if rest.is_empty() {
        return Err(Mistake::NoCondition);
    }
    let compact: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let units = cells[cell.index()].units();
    let (measure, after) = parse_measure(&compact, units, scope.layers.name(layer))?;
    let (cmp, number) = Cmp::ALL
        .iter()
        .find_map(|(c, s)| after.strip_prefix(s).map(|n| (*c, n)))
        .ok_or_else(|| {
            if after.starts_with('=') {
                Mistake::Equals {
                    measure: measure.to_string(),
                }
            } else {
                Mistake::CompareWhat {
                    measure: measure.to_string(),
                    found: after.to_string(),
                }
            }
        })?;
    let value: f32 = number
        .parse()
        .ok()
        .filter(|v: &f32| v.is_finite())
        .ok_or_else(|| Mistake::NumberWhat {
            cmp: cmp.symbol(),
            found: number.to_string(),
        })?;
    Ok(Breakpoint::When {
        layer,
        cell,
        measure,
        cmp,
        value,
    })
}

/// A recurrent layer by number (from 1, top to bottom) or Keras name, counted as [`Layers`] does.
pub fn parse_layer(val: &str, layers: Layers) -> Result<usize> {
    let names: Vec<&str> = (0..layers.count()).map(|k| layers.name(k)).collect();
    let no_layer = |asked: String, by_number| Mistake::NoLayer {
        asked,
        by_number,
        layers: names.iter().map(|n| n.to_string()).collect(),
    };
    if let Ok(n) = val.parse::<usize>() {
        return n
            .checked_sub(1)
            .filter(|k| *k < names.len())
            .ok_or_else(|| no_layer(n.to_string(), true));
    }
    names
        .iter()
        .position(|n| *n == val)
        .ok_or_else(|| no_layer(val.to_string(), false))
}

fn parse_direction(val: &str) -> Result<Direction> {
    match val {
        "forward" | "fw" => Ok(Direction::Forward),
        "backward" | "bw" => Ok(Direction::Backward),
        _ => Err(Mistake::DirectionWhat { found: val.to_string() }),
    }
}

fn parse_token(val: &str, session: &Session) -> Result<Breakpoint> {
    if !matches!(session.trace.input, Input::Tokens(_)) {
        return Err(Mistake::TokenNeedsTokens);
    }
    if let Ok(id) = val.parse::<usize>() {
        return Ok(Breakpoint::Token(id));
    }
    session
        .lesson
        .words
        .iter()
        .find(|(_, w)| w.as_str() == val)
        .map(|(id, _)| Breakpoint::Token(*id))
        .ok_or_else(|| Mistake::NotAToken {
            word: val.to_string(),
            vocabulary: !session.lesson.words.is_empty(),
        })
}

/// Parse `f[3]`, `|f[3]|`, `max f`, `max|c|`, `min g`, `mean h`, `mean|h|` (spaces removed) and
/// return the rest of the text.
fn parse_measure<'a>(s: &'a str, units: usize, layer: &str) -> Result<(Measure, &'a str)> {
    let quantity = |s: &'a str| -> Result<(Quantity, &'a str)> {
        let letter: String = s.chars().take(1).collect();
        if letter.is_empty() || !letter.chars().all(char::is_alphabetic) {
            return Err(Mistake::QuantityWhat);
        }
        let not_a_quantity = || Mistake::NotAQuantity {
            word: s.chars().take_while(|c| c.is_alphanumeric()).collect(),
        };
        let q = Quantity::from_letter(&letter).ok_or_else(not_a_quantity)?;
        let rest = &s[letter.len()..];
        if rest.starts_with(|c: char| c.is_alphanumeric()) {
            return Err(not_a_quantity());
        }
        Ok((q, rest))
    };
    for (name, abs_ok) in [("max", true), ("min", false), ("mean", true)] {
        if let Some(rest) = s.strip_prefix(name) {
            let (abs, rest) = match rest.strip_prefix('|') {
                Some(r) if abs_ok => (true, r),
                Some(_) => return Err(Mistake::MinOfMagnitude),
                None => (false, rest),
            };
            let (q, mut rest) = quantity(rest)?;
            if abs {
                rest = rest.strip_prefix('|').ok_or_else(|| Mistake::OpenBars {
                    closed: format!("{name}|{}|", q.letter()),
                })?;
            }
            if rest.starts_with('[') {
                return Err(Mistake::AggregateOfUnit { aggregate: name, q });
            }
            let m = match name {
                "max" => Measure::Max { q, abs },
                "min" => Measure::Min { q },
                _ => Measure::Mean { q, abs },
            };
            return Ok((m, rest));
        }
    }
    let (abs, s) = match s.strip_prefix('|') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (q, rest) = quantity(s)?;
    let Some(inner) = rest.strip_prefix('[') else {
        return Err(Mistake::WhichUnit { q });
    };
    let (num, rest) = inner.split_once(']').ok_or_else(|| Mistake::OpenBracket {
        q,
        inner: inner.to_string(),
    })?;
    let unit: usize = num.parse().map_err(|_| Mistake::UnitNotNumber {
        q,
        found: num.to_string(),
    })?;
    if unit >= units {
        return Err(Mistake::UnitOutOfRange {
            unit,
            layer: layer.to_string(),
            units,
        });
    }
    let rest = if abs {
        rest.strip_prefix('|').ok_or_else(|| Mistake::OpenBars {
            closed: format!("|{}[{unit}]|", q.letter()),
        })?
    } else {
        rest
    };
    Ok((Measure::Unit { q, unit, abs }, rest))
}

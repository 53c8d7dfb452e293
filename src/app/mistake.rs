//! What can be wrong with a typed `:` command or breakpoint: each mistake with what was
//! expected and what was found, said in one place, [`Mistake`]'s `Display`. The command line
//! reopens with the text and this sentence under it.

use std::fmt;

use super::SPEEDS;
use crate::keys;
use crate::model::cell::Quantity;

/// The quantities a condition reads, as the messages list them.
const QUANTITIES: &str = "f, i, g, o, c or h (forget, input, output gate, candidate, cell state, hidden state)";

/// A mistake in a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    /// A word that is not in the command table.
    UnknownCommand { word: String },
    /// `:goto` without a timestep.
    GotoWhat { last: usize, found: String },
    /// A timestep after the last.
    PastEnd { t: usize, last: usize },
    /// `:delete` without a number.
    DeleteWhat { count: usize },
    /// `:delete N` with no breakpoints at all.
    NothingToDelete,
    /// `:delete N` past the last breakpoint.
    NoBreakpoint { n: usize, count: usize },
    /// `:timeline` without a quantity.
    TimelineWhat { found: String },
    /// `:unit` without a unit of the focused cell.
    UnitWhat { last: usize },
    /// `:speed` not at one of [`SPEEDS`].
    SpeedWhat { found: String },
    /// `:theme` without a theme's name.
    ThemeWhat { found: String },
    /// `:sort` without one of its words.
    SortWhat { found: String },
    /// `:sort correlation` in a lesson without a `[signal]`.
    NoSignal,
    /// `:sort` in a model without a recurrent layer.
    NothingToSort,
    /// A recurrent layer by a number or a name that is not one; `layers` names each.
    NoLayer {
        asked: String,
        by_number: bool,
        layers: Vec<String>,
    },
    /// `dir=` neither forward nor backward.
    DirectionWhat { found: String },
    /// `token=` followed by more.
    TokenNotAlone { token: String, rest: String },
    /// A `key=` setting that is not layer, dir or token.
    UnknownSetting { key: String },
    /// A model without a recurrent layer has no condition to test.
    NoRecurrentLayer,
    /// `dir=` on a layer of one direction.
    OneDirection { layer: String },
    /// Settings and no condition.
    NoCondition,
    /// `=` after a measure (as written: `f[3]`, `max|c|`).
    Equals { measure: String },
    /// No comparison after a measure (as written).
    CompareWhat { measure: String, found: String },
    /// No number after a comparison (`<`, `>=`, ...).
    NumberWhat { cmp: &'static str, found: String },
    /// `token=` on an input of feature vectors.
    TokenNeedsTokens,
    /// A `token=` word that is no token id and is not in the vocabulary.
    NotAToken { word: String, vocabulary: bool },
    /// Nothing where a quantity's letter goes.
    QuantityWhat,
    /// A word that is not one of the quantities.
    NotAQuantity { word: String },
    /// `min|q|`.
    MinOfMagnitude,
    /// Bars opened and not closed; `closed` is how the measure is written.
    OpenBars { closed: String },
    /// `max f[3]`: an aggregate over all units with a unit.
    AggregateOfUnit { aggregate: &'static str, q: Quantity },
    /// A quantity without a unit or an aggregate.
    WhichUnit { q: Quantity },
    /// `f[3` without its `]`.
    OpenBracket { q: Quantity, inner: String },
    /// A unit that is not a whole number.
    UnitNotNumber { q: Quantity, found: String },
    /// A unit the layer does not have.
    UnitOutOfRange { unit: usize, layer: String, units: usize },
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mistake::UnknownCommand { word } => write!(
                f,
                "unknown command \"{word}\": the commands are {}",
                keys::command_names()
            ),
            Mistake::GotoWhat { last, found } => {
                write!(f, "goto takes a timestep from 0 to {last}, got \"{found}\"")
            }
            Mistake::PastEnd { t, last } => write!(f, "t={t} is past the end: timesteps run from 0 to {last}"),
            Mistake::DeleteWhat { count } => write!(f, "delete takes a breakpoint number, 1 to {count}"),
            Mistake::NothingToDelete => f.write_str("there are no breakpoints to delete"),
            Mistake::NoBreakpoint { n, count } => {
                write!(f, "there is no breakpoint {n}: they are numbered 1 to {count} (:list)")
            }
            Mistake::TimelineWhat { found } => {
                write!(f, "timeline takes one of f, i, g, o, c, h, got \"{found}\"")
            }
            Mistake::UnitWhat { last } => write!(f, "unit takes a number from 0 to {last}"),
            Mistake::SpeedWhat { found } => write!(
                f,
                "speed takes one of {} (steps per second), got \"{found}\"",
                SPEEDS.map(|s| s.to_string()).join(", ")
            ),
            Mistake::SortWhat { found } => write!(
                f,
                "sort takes one of change, saturation, correlation, off, got \"{found}\""
            ),
            Mistake::NoSignal => f.write_str(
                "this lesson has no [signal] to correlate with: sort change or saturation, or give the lesson a [signal] (lessons/README.md)",
            ),
            Mistake::NothingToSort => f.write_str("this model has no LSTM layer whose units could be sorted"),
            Mistake::ThemeWhat { found } => {
                write!(f, "theme takes dark, light, mono or high-contrast, got \"{found}\"")
            }
            Mistake::NoLayer {
                asked,
                by_number,
                layers,
            } => {
                let list = layers
                    .iter()
                    .enumerate()
                    .map(|(k, n)| format!("{} = {n}", k + 1))
                    .collect::<Vec<_>>()
                    .join(", ");
                if *by_number {
                    write!(f, "there is no recurrent layer {asked}: the layers are {list}")
                } else {
                    write!(f, "there is no recurrent layer \"{asked}\": the layers are {list}")
                }
            }
            Mistake::DirectionWhat { found } => write!(f, "dir={found}: use dir=forward or dir=backward"),
            Mistake::TokenNotAlone { token, rest } => write!(f, "token={token} stands alone; remove \"{rest}\""),
            Mistake::UnknownSetting { key } => write!(
                f,
                "unknown setting \"{key}=\": use layer=N, dir=forward|backward or token=WORD"
            ),
            Mistake::NoRecurrentLayer => {
                f.write_str("this model has no recurrent layer, so no gate to test; :break N stops at a timestep")
            }
            Mistake::OneDirection { layer } => {
                write!(f, "{layer} has one direction; dir= is for Bidirectional layers")
            }
            Mistake::NoCondition => {
                let examples: Vec<&str> = crate::keys::break_examples().take(3).collect();
                write!(f, "write a condition, e.g. {}", examples.join(", "))
            }
            Mistake::Equals { measure } => write!(
                f,
                "use <, <=, > or >= after {measure} (values are rarely exactly equal)"
            ),
            Mistake::CompareWhat { measure, found } => {
                write!(f, "expected <, <=, > or >= after {measure}, got \"{found}\"")
            }
            Mistake::NumberWhat { cmp, found } => {
                write!(f, "expected a number after {cmp}, got \"{found}\"")
            }
            Mistake::TokenNeedsTokens => {
                f.write_str("token= needs token input, and this lesson's input is feature vectors")
            }
            Mistake::NotAToken {
                word,
                vocabulary: false,
            } => write!(
                f,
                "\"{word}\" is not a token id, and this lesson has no vocabulary: use token=ID"
            ),
            Mistake::NotAToken { word, vocabulary: true } => write!(
                f,
                "\"{word}\" is not in the lesson's vocabulary (a token id works too: token=12)"
            ),
            Mistake::QuantityWhat => write!(f, "expected a quantity: {QUANTITIES}"),
            Mistake::NotAQuantity { word } => write!(f, "\"{word}\" is not a quantity: use {QUANTITIES}"),
            Mistake::MinOfMagnitude => f.write_str("min|q| is not offered: use min q, max|q| or mean|q|"),
            Mistake::OpenBars { closed } => write!(f, "close the bars: {closed}"),
            Mistake::AggregateOfUnit { aggregate, q } => {
                write!(f, "{aggregate} is over all units; for one unit write {}[N]", q.letter())
            }
            Mistake::WhichUnit { q } => write!(
                f,
                "say which unit: {l}[3], or over all units: max {l}, min {l}, mean {l}",
                l = q.letter()
            ),
            Mistake::OpenBracket { q, inner } => write!(f, "close the bracket: {}[{inner}]", q.letter()),
            Mistake::UnitNotNumber { q, found } => {
                write!(f, "the unit in {}[{found}] must be a whole number", q.letter())
            }
            Mistake::UnitOutOfRange { unit, layer, units } => {
                write!(f, "unit {unit} is out of range: {layer} has units 0 to {}", units - 1)
            }
        }
    }
}

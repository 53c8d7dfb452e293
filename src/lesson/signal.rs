//! `[signal]`: a named value per timestep that the lesson says something in the network should
//! follow (the bracket depth, "a not is waiting"), for `:sort correlation`. Its values are
//! checked here against the input's timesteps where the lesson fixes them, and against the
//! recorded run by the session where it does not.

use super::InputSource;
use super::doc::Table;
use crate::error::{Error, InputMismatch, Kind, LessonMistake, Result};
use crate::model::spec::ModelSpec;
use crate::printable::needs_escape;

/// The longest signal name kept, in characters.
const MAX_NAME: usize = 40;

/// A lesson's signal.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    /// What it measures, as the screen names it.
    pub name: String,
    /// One finite value per timestep.
    pub values: Vec<f32>,
    /// Where `values` is in the lesson file (line, column), for a later error.
    pub position: (usize, usize),
}

impl Signal {
    /// The error when the run has `steps` timesteps and the signal another number, placed at its
    /// `values` in `file`.
    pub fn check_steps(&self, file: &str, steps: usize) -> Result<()> {
        if self.values.len() == steps {
            return Ok(());
        }
        Err(Error::in_file(file, mismatch(self.values.len(), steps)).at(self.position.0, self.position.1))
    }
}

fn mismatch(values: usize, steps: usize) -> Kind {
    Kind::Input(InputMismatch::SignalSteps { values, steps })
}

/// The timesteps the lesson's own input has, when the lesson says.
fn timesteps(input: Option<&InputSource>, model: Option<&ModelSpec>) -> Option<usize> {
    match input {
        Some(InputSource::Values(v)) => Some(v.nrows()),
        Some(InputSource::Tokens { ids, pad }) => Some(pad.unwrap_or(ids.len())),
        _ => model.and_then(|m| m.input.shape.fixed_timesteps()),
    }
}

/// Read `[signal]`: `name` and `values`, every value a finite number, as many as the input's
/// timesteps.
pub fn parse(t: &Table, input: Option<&InputSource>, model: Option<&ModelSpec>) -> Result<Signal> {
    t.deny_unknown(&["name", "values"], "[signal]")?;
    let name_node = t.require("name", "what the signal measures, e.g. \"bracket depth\"")?;
    let name = name_node.as_str()?;
    if name.trim().is_empty() || name.chars().count() > MAX_NAME || name.chars().any(needs_escape) {
        return Err(name_node.error(LessonMistake::SignalName { most: MAX_NAME }));
    }
    let values_node = t.require("values", "one number per timestep")?;
    let mut values = Vec::new();
    for v in values_node.as_array()? {
        let x = v.as_f64()?;
        if !x.is_finite() || x.abs() > f64::from(f32::MAX) {
            let value = x.to_string();
            return Err(v.error(LessonMistake::SignalValue { value }));
        }
        values.push(x as f32);
    }
    if let Some(steps) = timesteps(input, model)
        && values.len() != steps
    {
        return Err(values_node.error(mismatch(values.len(), steps)));
    }
    let position = values_node.position();
    Ok(Signal {
        name: name.trim().to_string(),
        values,
        position,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::lesson::{Lesson, parse};

    /// A lesson of 4 timesteps (values given, or an input file) with `signal` appended.
    fn lesson(input: &str, signal: &str) -> Result<Lesson, String> {
        let text = format!(
            "format_version = 1\ntitle = \"t\"\n[model]\ninput_shape = [4, 1]\n[[model.layers]]\n\
             class_name = \"LSTM\"\nunits = 2\n[input]\n{input}\n{signal}"
        );
        parse("t.toml", &text, PathBuf::new()).map_err(|e| e.to_string())
    }

    const VALUES: &str = "values = [[0.0], [1.0], [2.0], [3.0]]";

    #[test]
    fn a_signal_is_a_name_and_a_value_per_timestep() {
        let l = lesson(VALUES, "[signal]\nname = \" depth \"\nvalues = [0, 1, 2.5, -1]").unwrap();
        let s = l.signal.expect("a signal");
        assert_eq!(
            (s.name.as_str(), s.values.as_slice()),
            ("depth", &[0.0, 1.0, 2.5, -1.0][..])
        );
        assert_eq!(s.position, (12, 10));
        assert_eq!(lesson(VALUES, "").unwrap().signal, None);
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        for (signal, says) in [
            (
                "[signal]\nname = \"d\"\nvalues = [0, 1, 2]",
                "t.toml:12:10: [signal] values has 3 values but the input has 4 timesteps: one value per timestep",
            ),
            (
                "[signal]\nname = \"d\"\nvalues = [0, 1, nan, 2]",
                "t.toml:12:17: [signal] values must be finite numbers, got NaN",
            ),
            (
                "[signal]\nname = \"d\"\nvalues = [0, 1, 1e39, 2]",
                "t.toml:12:17: [signal] values must be finite numbers",
            ),
            ("[signal]\nname = \"d\"\nvalues = [0, \"a\", 1, 2]", "t.toml:12:14: "),
            ("[signal]\nvalues = [0, 1, 2, 3]", "t.toml:10:1: [signal] needs `name`"),
            ("[signal]\nname = \"d\"", "[signal] needs `values`"),
            (
                "[signal]\nname = \"\\u001b[2J\"\nvalues = [0, 1, 2, 3]",
                "t.toml:11:8: [signal] name must be 1 to 40 printable characters",
            ),
            (
                "[signal]\nname = \"depth\\u202e\"\nvalues = [0, 1, 2, 3]",
                "t.toml:11:8: [signal] name must be 1 to 40 printable characters",
            ),
            ("[signal]\nname = \"\"\nvalues = [0, 1, 2, 3]", "[signal] name must be"),
            ("[signal]\nname = \"d\"\nvalue = [0, 1, 2, 3]", "t.toml:12:1: "),
            ("signal = 3", "t.toml:10:"),
        ] {
            let e = lesson(VALUES, signal).unwrap_err();
            assert!(e.starts_with(says) || e.contains(says), "{signal}: {e}");
        }
    }

    #[test]
    fn the_recorded_run_is_checked_too() {
        // An input file's timesteps are known only when it is read: the session checks then.
        let l = lesson(VALUES, "[signal]\nname = \"d\"\nvalues = [0, 1, 2, 3]").unwrap();
        let s = l.signal.expect("a signal");
        assert_eq!(s.check_steps("t.toml", 4), Ok(()));
        assert_eq!(
            s.check_steps("t.toml", 5).unwrap_err().to_string(),
            "t.toml:12:10: [signal] values has 4 values but the input has 5 timesteps: one value per timestep"
        );
    }
}

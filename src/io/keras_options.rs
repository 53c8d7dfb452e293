//! The Keras options of a layer, read once for the two places they are written: a layer of a
//! Keras config (config.json, model_config) and a lesson's `[[model.layers]]` table. Each reader
//! turns its layer into [`Options`], a neutral key → value map whose errors point where that
//! format can: at the lesson's line and column, or at the config's layer by name. The LSTM
//! options, the refusals of options that change the numbers (stateful, return_state, ...) and the
//! rule of a Bidirectional's `trainable` are then read here, the same for both.

use std::collections::BTreeMap;

use crate::error::{ConfigMistake, Error, Kind, Result};
use crate::model::activation::Activation;
use crate::model::spec::LstmConfig;

/// Which Keras a layer's options mean: the few names whose meaning changed in Keras 3 are read
/// as the writer meant them. A lesson is Keras 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Keras3,
    /// Keras 1 and 2, and tf.keras 2 (tf_keras), whose versions start with 1 or 2.
    Keras2,
    /// The file does not say, or says something that is not a version.
    Unknown,
}

impl Writer {
    /// From a `keras_version` such as `3.15.1`, `2.21.0` or `2.2.4-tf`.
    pub fn from_version(version: Option<&str>) -> Writer {
        let major = version.and_then(|v| v.trim().split('.').next()?.parse::<u32>().ok());
        match major {
            Some(0..=2) => Writer::Keras2,
            Some(_) => Writer::Keras3,
            None => Writer::Unknown,
        }
    }
}

/// An option's value, as either format gives it. Null and absent are the same: no entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A table, a list, an integer out of range: only shown.
    Other,
}

/// One option: its value, how the file wrote it (for messages) and where it stands.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: Value,
    pub shown: String,
    /// 1-based line and column, where the format gives one.
    pub position: Option<(usize, usize)>,
}

/// A layer's options and how to point at them.
#[derive(Debug, Clone)]
pub struct Options {
    pub entries: BTreeMap<String, Opt>,
    /// The file, for errors.
    pub file: String,
    /// The parts of the file the layer is in, outermost first, when the format has no positions
    /// (`config.json`, `layer lstm (LSTM)`); empty for a lesson.
    pub prefix: Vec<String>,
    /// Where the layer itself starts, for what is missing from it.
    pub position: Option<(usize, usize)>,
    /// How a missing option is said: `[model.layers[0]] needs `units``, or `units is missing`.
    pub table: Option<String>,
    pub writer: Writer,
}

impl Options {
    /// An error of `kind` about `key` (or about the layer when `key` is absent).
    pub fn error(&self, key: Option<&str>, kind: impl Into<Kind>) -> Error {
        let e = self
            .prefix
            .iter()
            .rev()
            .fold(Error::new(kind.into()), |e, part| e.within(part));
        let e = e.with_file(&self.file);
        match key
            .and_then(|k| self.entries.get(k))
            .and_then(|o| o.position)
            .or(self.position)
        {
            Some((line, col)) => e.at(line, col),
            None => e,
        }
    }

    /// `key` has a value of the wrong type or range.
    fn wrong(&self, key: &str, expected: &'static str, found: &Opt) -> Error {
        let kind = Kind::Value {
            key: key.to_string(),
            expected,
            found: found.shown.clone(),
        };
        self.error(Some(key), kind)
    }

    pub fn get(&self, key: &str) -> Option<&Opt> {
        self.entries.get(key)
    }

    fn require(&self, key: &str, what: &str) -> Result<&Opt> {
        self.get(key).ok_or_else(|| match &self.table {
            Some(table) => self.error(
                None,
                Kind::Missing {
                    table: table.clone(),
                    key: key.to_string(),
                    what: what.to_string(),
                },
            ),
            None => self.error(None, Kind::NoKey { key: key.to_string() }),
        })
    }

    /// A positive integer, which must be given.
    pub fn positive(&self, key: &str, what: &str) -> Result<usize> {
        let o = self.require(key, what)?;
        match o.value {
            Value::Int(n) if n > 0 => usize::try_from(n).ok(),
            _ => None,
        }
        .ok_or_else(|| self.wrong(key, "a positive integer", o))
    }

    /// true or false, `default` when absent.
    pub fn flag(&self, key: &str, default: bool) -> Result<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Opt {
                value: Value::Bool(b), ..
            }) => Ok(*b),
            Some(o) => Err(self.wrong(key, "true or false", o)),
        }
    }

    /// A fraction in [0, 1), 0 when absent.
    pub fn rate(&self, key: &str) -> Result<f32> {
        let Some(o) = self.get(key) else {
            return Ok(0.0);
        };
        match o.value {
            Value::Int(n) => Some(n as f64),
            Value::Float(r) => Some(r),
            _ => None,
        }
        .filter(|r| (0.0..1.0).contains(r))
        .map(|r| r as f32)
        .ok_or_else(|| self.wrong(key, "a number from 0 up to (not including) 1", o))
    }

    /// An activation by its Keras name, as the writer meant it; `default` when absent. Where the
    /// format has no positions the message names the key.
    pub fn activation(&self, key: &str, default: Activation) -> Result<Activation> {
        let Some(o) = self.get(key) else {
            return Ok(default);
        };
        // Where the format has no positions, the error names the key.
        let named = |kind: Kind| {
            let kind = match self.position {
                Some(_) => kind,
                None => Kind::In {
                    part: key.to_string(),
                    inner: Box::new(kind),
                },
            };
            self.error(Some(key), kind)
        };
        let name = match &o.value {
            Value::Str(s) => s.as_str(),
            _ => o.shown.as_str(),
        };
        let a = Activation::from_keras(name).map_err(|e| named(*e.kind))?;
        match (a, self.writer) {
            (Activation::HardSigmoid, Writer::Keras2) => Ok(Activation::HardSigmoidKeras2),
            (Activation::HardSigmoid, Writer::Unknown) => Err(named(ConfigMistake::AmbiguousHardSigmoid.into())),
            _ => Ok(a),
        }
    }

    /// An option that changes the numbers: accepted only when off.
    pub fn refuse(&self, key: &str, why: &str) -> Result<()> {
        if self.flag(key, false)? {
            let kind = Kind::Unsupported {
                option: key.to_string(),
                value: "true".to_string(),
                why: why.to_string(),
            };
            return Err(self.error(Some(key), kind));
        }
        Ok(())
    }

    /// The options Keras has on a recurrent layer that lstm-tui does not compute: refused when on.
    pub fn refuse_recurrent(&self) -> Result<()> {
        self.refuse("stateful", "lstm-tui steps through one sequence from zero state")?;
        self.refuse("return_state", "the model would have more than one output")?;
        self.refuse("time_major", "lstm-tui reads (batch, timesteps, features)")
    }

    /// An Embedding's `mask_zero`: refused when on.
    pub fn refuse_mask_zero(&self) -> Result<()> {
        self.refuse(
            "mask_zero",
            "masking changes which steps the LSTM reads; lstm-tui runs every step",
        )
    }

    /// An LSTM's options, its refusals first.
    pub fn lstm(&self) -> Result<LstmConfig> {
        self.refuse_recurrent()?;
        let mut c = LstmConfig::new(self.positive("units", "the number of units (the size of h and c)")?);
        if self.writer != Writer::Keras3 && self.get("recurrent_activation").is_none() {
            return Err(self.error(None, ConfigMistake::RecurrentActivationUnsaid));
        }
        c.activation = self.activation("activation", c.activation)?;
        c.recurrent_activation = self.activation("recurrent_activation", c.recurrent_activation)?;
        c.use_bias = self.flag("use_bias", true)?;
        c.return_sequences = self.flag("return_sequences", false)?;
        c.go_backwards = self.flag("go_backwards", false)?;
        c.unit_forget_bias = self.flag("unit_forget_bias", true)?;
        c.dropout = self.rate("dropout")?;
        c.recurrent_dropout = self.rate("recurrent_dropout")?;
        Ok(c)
    }

    /// Whether the layer's weights are trained: Keras's `trainable`, false also when the LSTM a
    /// Bidirectional wraps (`inner`) is frozen.
    pub fn trainable(&self, inner: Option<&Options>) -> Result<bool> {
        Ok(self.flag("trainable", true)? && inner.map_or(Ok(true), |i| i.flag("trainable", true))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A layer's options as a lesson (positions) or a config (a prefix) gives them.
    fn options(positions: bool, entries: &[(&str, Value, &str)]) -> Options {
        Options {
            entries: entries
                .iter()
                .enumerate()
                .map(|(k, (key, value, shown))| {
                    let opt = Opt {
                        value: value.clone(),
                        shown: shown.to_string(),
                        position: positions.then_some((k + 2, 5)),
                    };
                    (key.to_string(), opt)
                })
                .collect(),
            file: "f".into(),
            prefix: if positions {
                Vec::new()
            } else {
                vec!["config.json".into(), "layer l (LSTM)".into()]
            },
            position: positions.then_some((1, 1)),
            table: positions.then(|| "[model.layers[0]]".into()),
            writer: Writer::Keras3,
        }
    }

    #[test]
    fn both_formats_read_the_same_and_point_where_they_can() {
        let entries = [
            ("units", Value::Int(4), "4"),
            ("go_backwards", Value::Bool(true), "true"),
            ("dropout", Value::Float(0.25), "0.25"),
            ("trainable", Value::Bool(false), "false"),
        ];
        let (lesson, config) = (options(true, &entries), options(false, &entries));
        let c = lesson.lstm().unwrap();
        assert_eq!((c.units, c.go_backwards, c.dropout), (4, true, 0.25));
        assert_eq!(config.lstm().unwrap(), c);
        assert_eq!(
            (
                lesson.trainable(None).unwrap(),
                options(true, &entries[..1]).trainable(Some(&config)).unwrap()
            ),
            (false, false)
        );

        let stateful = [("units", Value::Int(4), "4"), ("stateful", Value::Bool(true), "true")];
        let said = "stateful = true is not supported: lstm-tui steps through one sequence from zero state";
        assert_eq!(
            options(true, &stateful).lstm().unwrap_err().to_string(),
            format!("f:3:5: {said}")
        );
        assert_eq!(
            options(false, &stateful).lstm().unwrap_err().to_string(),
            format!("f: config.json: layer l (LSTM): {said}")
        );
        assert_eq!(
            options(true, &[]).lstm().unwrap_err().to_string(),
            "f:1:1: [model.layers[0]] needs `units`: the number of units (the size of h and c)"
        );
        assert_eq!(
            options(false, &[]).lstm().unwrap_err().to_string(),
            "f: config.json: layer l (LSTM): units is missing"
        );
        let hard = [
            ("units", Value::Int(1), "1"),
            ("recurrent_activation", Value::Str("hard_sigmoid".into()), ""),
        ];
        let keras2 = Options {
            writer: Writer::Keras2,
            ..options(false, &hard)
        };
        assert_eq!(
            keras2.lstm().unwrap().recurrent_activation,
            Activation::HardSigmoidKeras2
        );
        assert_eq!(
            options(true, &hard).lstm().unwrap().recurrent_activation,
            Activation::HardSigmoid
        );
    }
}

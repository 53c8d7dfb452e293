//! Warnings: things worth telling the user that do not stop the run. Each is a [`Warning`] (its
//! kind and where it was found), pushed by the lesson reader, the model file reader, the model
//! and the session into one [`Warnings`] collector, which keeps each warning once. They are
//! printed in one place (`commands`), through [`crate::printable`] like errors.

use std::fmt;

use crate::error::write_place;
use crate::printable::printable;

/// A warning and where it is: `file:line:col: sentence`, as an error is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it is about, as the user named it, when there is one.
    pub file: Option<String>,
    /// 1-based line and column, where the format gives one.
    pub position: Option<(usize, usize)>,
    pub kind: WarningKind,
}

/// What a warning says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// An option of a lesson's layer that Keras ignores too.
    Ignored { option: Ignored, layer: String },
    /// A float64 layer, computed in float32.
    Float64 { layer: String },
    /// A weight variable holding NaN or infinite values.
    NotFinite { variable: String },
    /// A narrative entry after the input's last timestep.
    NoteNeverShows { at: usize, last: usize },
    /// A question asked past the last timestep of an input whose length the model leaves open.
    QuestionNeverAsked { id: String, at: usize, last: usize },
    /// A vocabulary with more tokens than the Embedding reads.
    VocabularyTooLarge { tokens: usize, input_dim: usize },
    /// A model file run without an input: a random one is used.
    RandomInput,
    /// The progress file could not be understood: it was renamed and the course starts afresh.
    ProgressSetAside { detail: String, moved_to: String },
    /// The progress file could not be read, and is left alone: progress is not kept this time.
    ProgressNotRead { detail: String },
    /// The progress could not be written.
    ProgressNotSaved { detail: String },
}

/// The layer options a lesson may give that Keras ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// `input_shape` after the first layer.
    InputShape,
    /// `input_length` on an Embedding.
    InputLength,
}

impl Warning {
    /// A warning about a whole file, or about none when `file` is `None`.
    pub fn new(file: Option<&str>, kind: WarningKind) -> Self {
        Warning {
            file: file.map(str::to_string),
            position: None,
            kind,
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::Ignored {
                option: Ignored::InputShape,
                layer,
            } => write!(
                f,
                "input_shape on {layer} is ignored, as Keras ignores it: a layer after the first takes its input from the layer before"
            ),
            WarningKind::Ignored {
                option: Ignored::InputLength,
                layer,
            } => write!(
                f,
                "input_length on {layer} is ignored, as Keras 3 ignores it: the number of timesteps is [model] input_shape"
            ),
            WarningKind::Float64 { layer } => write!(
                f,
                "layer {layer} has dtype float64; lstm-tui computes in float32 (differences near 1e-7)"
            ),
            WarningKind::NotFinite { variable } => {
                write!(f, "{variable} holds NaN or infinite values; results will too")
            }
            WarningKind::NoteNeverShows { at, last } => write!(
                f,
                "the narrative entry at {at} is past this input's last timestep ({last}); it never shows"
            ),
            WarningKind::QuestionNeverAsked { id, at, last } => write!(
                f,
                "question {id} is asked at {at}, past this input's last timestep ({last}); it is never asked"
            ),
            WarningKind::VocabularyTooLarge { tokens, input_dim } => write!(
                f,
                "the vocabulary has {tokens} tokens but the Embedding reads ids below {input_dim}"
            ),
            WarningKind::ProgressSetAside { detail, moved_to } => write!(
                f,
                "the progress file is set aside as {moved_to} and the course starts afresh: {detail}"
            ),
            WarningKind::ProgressNotRead { detail } => {
                write!(f, "progress is not kept this time: {detail}")
            }
            WarningKind::ProgressNotSaved { detail } => write!(f, "progress is not saved: {detail}"),
            WarningKind::RandomInput => f.write_str(
                "no input given, so a random one (seed 0) is used; give --input, --tokens, --text or --random-input --seed N",
            ),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, self.file.as_deref(), self.position)?;
        f.write_str(&printable(&self.kind.to_string()))
    }
}

/// A warning compares equal to the sentence it prints.
impl PartialEq<str> for Warning {
    fn eq(&self, other: &str) -> bool {
        other == self.to_string().as_str()
    }
}

impl PartialEq<&str> for Warning {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for Warning {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

/// The one collector of warnings: every reader pushes into it, each warning kept once, in the
/// order met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    /// Keep `warning`, unless the same one is already kept.
    pub fn push(&mut self, warning: Warning) {
        if !self.0.contains(&warning) {
            self.0.push(warning);
        }
    }
}

impl IntoIterator for Warnings {
    type Item = Warning;
    type IntoIter = std::vec::IntoIter<Warning>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::ops::Deref for Warnings {
    type Target = [Warning];
    fn deref(&self) -> &[Warning] {
        &self.0
    }
}

impl Extend<Warning> for Warnings {
    fn extend<I: IntoIterator<Item = Warning>>(&mut self, warnings: I) {
        warnings.into_iter().for_each(|w| self.push(w));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_once_and_shown_as_an_error_is() {
        let mut w = Warnings::default();
        let float64 = || {
            Warning::new(
                Some("m.keras"),
                WarningKind::Float64 {
                    layer: "l\x1b[2J".into(),
                },
            )
        };
        w.push(float64());
        w.push(float64());
        w.push(Warning {
            position: Some((3, 4)),
            ..Warning::new(Some("t.toml"), WarningKind::RandomInput)
        });
        assert_eq!(w.len(), 2);
        assert!(matches!(&w[0].kind, WarningKind::Float64 { layer } if layer == "l\x1b[2J"));
        assert_eq!(
            w[0].to_string(),
            "m.keras: layer l\\x1b[2J has dtype float64; lstm-tui computes in float32 (differences near 1e-7)"
        );
        assert!(w[1].to_string().starts_with("t.toml:3:4: no input given"));
    }
}

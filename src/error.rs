//! The one error type of lstm-tui: where the problem is (file, line, column) and what kind of
//! problem it is, with what was expected and what was found as fields.
//!
//! Every mistake in a file a user hands us ends here, is printed as
//! `file:line:col: sentence` and makes the process exit with status 2. The sentence is made from
//! the [`Kind`] in one place, [`Kind`]'s `Display`; text from files in it (a name, a line) is
//! shown through [`printable`], on one line. Warnings ([`crate::warning`]) are shown the same way.

use std::fmt;

use crate::printable::printable;

/// A user-facing error: the place it was found and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in, as the user named it (or a built-in lesson id).
    pub file: Option<String>,
    /// 1-based line and column, where the format gives one.
    pub position: Option<(usize, usize)>,
    /// Boxed, so that a `Result` stays small.
    pub kind: Box<Kind>,
}

/// What is wrong. A few kinds have fields a caller or a test can match; the rest are a sentence
/// saying what is wrong and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Not valid in its format (TOML, JSON): the parser's own words.
    Syntax { format: &'static str, detail: String },
    /// A value of the wrong type or out of its range: `key must be expected, got found`.
    Value {
        key: String,
        expected: &'static str,
        found: String,
    },
    /// Something required is not given: `table needs `key`: what`.
    Missing { table: String, key: String, what: String },
    /// An option lstm-tui does not compute, at the value it has: `key = value is not supported: why`.
    Unsupported { option: String, value: String, why: String },
    /// Not a regular file: `what; lstm-tui reads noun only from a regular file`.
    NotRegularFile { what: String, noun: &'static str },
    /// Larger than lstm-tui reads.
    TooLarge {
        size: Option<u64>,
        noun: &'static str,
        limit: String,
    },
    /// The operating system refused: `cannot action: detail`.
    Io { action: &'static str, detail: String },
    /// Inside a part of the file (`config.json`, `layer lstm (LSTM)`, `--pad 5`): `part: inner`.
    In { part: String, inner: Box<Kind> },
    /// Any other problem, as a sentence.
    Invalid(String),
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind`, with no file attached yet.
    pub fn new(kind: Kind) -> Self {
        Error {
            file: None,
            position: None,
            kind: Box::new(kind),
        }
    }

    /// An error with no file attached yet.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::new(Kind::Invalid(message.into()))
    }

    /// An error about a whole file.
    pub fn in_file(file: impl fmt::Display, message: impl Into<String>) -> Self {
        Error::msg(message).with_file(file)
    }

    /// Attach the file, unless a more precise one is already known.
    pub fn with_file(mut self, file: impl fmt::Display) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }

    /// Attach a 1-based line and column.
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.position = Some((line, col));
        self
    }

    /// The same error, said as inside `part` of its file.
    pub fn within(mut self, part: impl Into<String>) -> Self {
        self.kind = Box::new(Kind::In {
            part: part.into(),
            inner: self.kind,
        });
        self
    }

    /// The kind inside every part the error is said to be in.
    pub fn innermost(&self) -> &Kind {
        let mut kind = &*self.kind;
        while let Kind::In { inner, .. } = kind {
            kind = inner;
        }
        kind
    }

    /// What is wrong, without the place: the sentence after `file:line:col: `.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Syntax { format: "TOML", detail } => write!(f, "invalid TOML: {detail}"),
            Kind::Syntax { format, detail } => write!(f, "not valid {format}: {detail}"),
            Kind::Value { key, expected, found } => write!(f, "{key} must be {expected}, got {found}"),
            Kind::Missing { table, key, what } => write!(f, "{table} needs `{key}`: {what}"),
            Kind::Unsupported { option, value, why } => write!(f, "{option} = {value} is not supported: {why}"),
            Kind::NotRegularFile { what, noun } => write!(f, "{what}; lstm-tui reads {noun} only from a regular file"),
            Kind::TooLarge {
                size: Some(size),
                noun,
                limit,
            } => write!(f, "the file is {size} bytes; lstm-tui reads {noun} of at most {limit}"),
            Kind::TooLarge {
                size: None,
                noun,
                limit,
            } => {
                write!(
                    f,
                    "the file holds more than {limit}, the most lstm-tui reads for {noun}"
                )
            }
            Kind::Io { action, detail } => write!(f, "cannot {action}: {detail}"),
            Kind::In { part, inner } => write!(f, "{part}: {inner}"),
            Kind::Invalid(sentence) => f.write_str(sentence),
        }
    }
}

/// `file:line:col: `, `file: ` or nothing, the file name made printable: where an error or a
/// warning is.
pub(crate) fn write_place(
    f: &mut fmt::Formatter<'_>,
    file: Option<&str>,
    position: Option<(usize, usize)>,
) -> fmt::Result {
    if let Some(file) = file {
        write!(f, "{}:", printable(file))?;
        if let Some((line, col)) = position {
            write!(f, "{line}:{col}:")?;
        }
        f.write_str(" ")?;
    }
    Ok(())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, self.file.as_deref(), self.position)?;
        f.write_str(&printable(&self.message()))
    }
}

impl std::error::Error for Error {}

/// Build an [`Error`] of kind [`Kind::Invalid`] with `format!` syntax.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::error::Error::msg(format!($($arg)*)) };
}

/// Return early with an [`Error`] built with `format!` syntax.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::err!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_said_in_one_sentence_with_its_place() {
        let e = Error::new(Kind::Value {
            key: "units".into(),
            expected: "a positive integer",
            found: "0".into(),
        })
        .with_file("t.toml")
        .at(3, 9);
        assert_eq!(e.to_string(), "t.toml:3:9: units must be a positive integer, got 0");
        let e = Error::new(Kind::Unsupported {
            option: "stateful".into(),
            value: "true".into(),
            why: "no".into(),
        })
        .within("layer l\x1b[2J (LSTM)")
        .within("config.json")
        .with_file("m.keras");
        assert!(
            matches!(&*e.kind, Kind::In { part, inner } if part == "config.json" && matches!(**inner, Kind::In { .. }))
        );
        assert_eq!(
            e.to_string(),
            "m.keras: config.json: layer l\\x1b[2J (LSTM): stateful = true is not supported: no"
        );
        assert_eq!(Error::msg("plain").to_string(), "plain");
    }
}

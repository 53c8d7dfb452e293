//! The one error type of lstm-tui: where the problem is (file, line, column) and what was expected.
//!
//! Every mistake in a file a user hands us ends here, is printed as
//! `file:line:col: message` and makes the process exit with status 2. A message may quote the
//! file (a name, a line): it is shown through [`printable`], on one line.

use std::fmt;

use crate::printable::printable;

/// A user-facing error: the place it was found and a sentence saying what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in, as the user named it (or a built-in lesson id).
    pub file: Option<String>,
    /// 1-based line and column, where the format gives one.
    pub position: Option<(usize, usize)>,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with no file attached yet.
    pub fn msg(message: impl Into<String>) -> Self {
        Error {
            file: None,
            position: None,
            message: message.into(),
        }
    }

    /// An error about a whole file.
    pub fn in_file(file: impl fmt::Display, message: impl Into<String>) -> Self {
        Error {
            file: Some(file.to_string()),
            position: None,
            message: message.into(),
        }
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
        f.write_str(&printable(&self.message))
    }
}

impl std::error::Error for Error {}

/// Build an [`Error`] with `format!` syntax.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::error::Error::msg(format!($($arg)*)) };
}

/// Return early with an [`Error`] built with `format!` syntax.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::err!($($arg)*)) };
}

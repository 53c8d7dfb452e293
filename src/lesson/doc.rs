//! A TOML document read with positions, so that every complaint about a lesson file can name the
//! line and column of the value it is about.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::error::{Error, Kind, LessonMistake, Result};
use crate::io::keras_options::{Opt, Options, Value, Writer};
use crate::warning::{Warning, WarningKind};

/// The source text and the name to print for it.
pub struct Doc<'a> {
    pub file: &'a str,
    src: &'a str,
    /// The byte offset each line starts at.
    lines: Vec<usize>,
    /// Inside long lines, every [`MARK_EVERY`] bytes: a byte offset and how many characters of
    /// its line come before it, so a column is counted from near the offset, not from the start
    /// of a line that may be megabytes long.
    marks: Vec<(usize, usize)>,
}

/// How far apart the column marks inside a long line are, in bytes.
const MARK_EVERY: usize = 1024;

/// A value together with where it stands.
#[derive(Clone)]
pub struct Node<'d, 'a> {
    doc: &'d Doc<'a>,
    value: &'d DeValue<'a>,
    span: Range<usize>,
    /// The dotted path of the key, for messages: `model.layers[2].units`.
    pub key: &'d str,
}

/// A table and its position.
pub struct Table<'d, 'a> {
    doc: &'d Doc<'a>,
    table: &'d DeTable<'a>,
    span: Range<usize>,
    /// Where this table sits, e.g. `model` or `model.layers[1]`.
    pub path: String,
}

impl<'a> Doc<'a> {
    /// The document, with its line and column tables built in one pass over the text.
    pub fn new(file: &'a str, src: &'a str) -> Self {
        let mut lines = vec![0];
        let mut marks = Vec::new();
        let (mut col, mut last) = (0, 0);
        for (at, c) in src.char_indices() {
            if c == '\n' {
                lines.push(at + 1);
                (col, last) = (0, at + 1);
                continue;
            }
            if at - last >= MARK_EVERY {
                marks.push((at, col));
                last = at;
            }
            col += 1;
        }
        Doc {
            file,
            src,
            lines,
            marks,
        }
    }

    /// Parse the whole text, turning a TOML syntax error into a positioned [`Error`].
    pub fn parse(&self) -> Result<Spanned<DeTable<'a>>> {
        DeTable::parse(self.src).map_err(|e| {
            let kind = Kind::Syntax {
                format: "TOML",
                detail: e.message().trim().to_string(),
            };
            match e.span() {
                Some(span) => self.error(&span, kind),
                None => Error::new(kind).with_file(self.file),
            }
        })
    }

    /// The root table.
    pub fn root<'d>(&'d self, parsed: &'d Spanned<DeTable<'a>>) -> Table<'d, 'a> {
        Table {
            doc: self,
            table: parsed.get_ref(),
            span: parsed.span(),
            path: String::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset, found by binary search in the
    /// tables, so that a file with thousands of problems is still reported at once.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.lines.partition_point(|&start| start <= offset);
        let start = self.lines[..line].last().copied().unwrap_or(0);
        let mark = self.marks.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match self.marks[..mark].last() {
            Some(&(at, col)) if at >= start => (at, col),
            _ => (start, 0),
        };
        let rest = self.src.get(from..offset).map_or(0, |s| s.chars().count());
        (line, before + rest + 1)
    }

    /// An error of `kind` pointing at `span`.
    pub fn error(&self, span: &Range<usize>, kind: impl Into<Kind>) -> Error {
        let (line, col) = self.line_col(span.start);
        Error::new(kind.into()).with_file(self.file).at(line, col)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'d, 'a> Table<'d, 'a> {
    /// The value of `key`, if present.
    pub fn get(&self, key: &'d str) -> Option<Node<'d, 'a>> {
        self.table.get(key).map(|v| Node {
            doc: self.doc,
            value: v.get_ref(),
            span: v.span(),
            key,
        })
    }

    /// The value of `key`, or an error naming the missing key.
    pub fn require(&self, key: &'d str, what: &str) -> Result<Node<'d, 'a>> {
        self.get(key).ok_or_else(|| {
            let place = if self.path.is_empty() {
                "the file".to_string()
            } else {
                format!("[{}]", self.path)
            };
            self.doc.error(
                &self.span,
                Kind::Missing {
                    table: place,
                    key: key.to_string(),
                    what: what.to_string(),
                },
            )
        })
    }

    /// A sub-table.
    pub fn table(&self, key: &'d str) -> Result<Option<Table<'d, 'a>>> {
        self.get(key).map(|n| n.as_table(&join(&self.path, key))).transpose()
    }

    /// Every key in this table that is not in `known`, as an error at the first one.
    pub fn deny_unknown(&self, known: &[&str], what: &str) -> Result<()> {
        for (k, span) in self.keys() {
            if !known.contains(&k) {
                let mistake = LessonMistake::UnknownKey {
                    key: k.to_string(),
                    what: what.to_string(),
                    known: known.iter().map(|k| k.to_string()).collect(),
                };
                return Err(self.doc.error(&span, mistake));
            }
        }
        Ok(())
    }

    /// The keys present, in the file's order (the parsed table itself is sorted by name).
    pub fn keys(&self) -> impl Iterator<Item = (&'d str, Range<usize>)> + 'd {
        let table: &'d DeTable<'a> = self.table;
        let mut keys: Vec<_> = table.iter().map(|(k, _)| (k.get_ref().as_ref(), k.span())).collect();
        keys.sort_by_key(|(_, span)| span.start);
        keys.into_iter()
    }

    /// This table as a layer's options for the shared reader: each pointing at its value, what
    /// is missing at the table. A lesson means what Keras 3 means.
    pub fn options(&self) -> Options {
        let entries = self
            .keys()
            .filter_map(|(k, _)| self.get(k))
            .map(|n| {
                let value = match n.value {
                    DeValue::Boolean(b) => Value::Bool(*b),
                    DeValue::Integer(_) => n.as_i64().map_or(Value::Other, Value::Int),
                    DeValue::Float(_) => n.as_f64().map_or(Value::Other, Value::Float),
                    DeValue::String(s) => Value::Str(s.to_string()),
                    _ => Value::Other,
                };
                let opt = Opt {
                    value,
                    shown: n.shown(),
                    position: Some(self.doc.line_col(n.span.start)),
                };
                (n.key.to_string(), opt)
            })
            .collect();
        Options {
            entries,
            file: self.doc.file.to_string(),
            prefix: Vec::new(),
            position: Some(self.doc.line_col(self.span.start)),
            table: Some(if self.path.is_empty() {
                "the file".to_string()
            } else {
                format!("[{}]", self.path)
            }),
            writer: Writer::Keras3,
        }
    }

    /// An error of `kind` pointing at the table itself.
    pub fn error(&self, kind: impl Into<Kind>) -> Error {
        self.doc.error(&self.span, kind)
    }

    /// An error of `kind` at a key's name.
    pub fn key_error(&self, span: &Range<usize>, kind: impl Into<Kind>) -> Error {
        self.doc.error(span, kind)
    }
}

impl<'d, 'a> Node<'d, 'a> {
    /// Where this value is: line and column, from 1.
    pub fn position(&self) -> (usize, usize) {
        self.doc.line_col(self.span.start)
    }

    /// An error of `kind` pointing at this value.
    pub fn error(&self, kind: impl Into<Kind>) -> Error {
        self.doc.error(&self.span, kind)
    }

    /// A warning pointing at this value.
    pub fn warning(&self, kind: WarningKind) -> Warning {
        Warning {
            position: Some(self.doc.line_col(self.span.start)),
            ..Warning::new(Some(self.doc.file), kind)
        }
    }

    /// A value of the wrong type or range: what was expected, what was found.
    fn wrong(&self, expected: &'static str, found: String) -> Error {
        self.doc.error(
            &self.span,
            Kind::Value {
                key: self.key.to_string(),
                expected,
                found,
            },
        )
    }

    fn kind(&self) -> &'static str {
        self.value.type_str()
    }

    pub fn as_table(&self, path: &str) -> Result<Table<'d, 'a>> {
        match self.value {
            DeValue::Table(t) => Ok(Table {
                doc: self.doc,
                table: t,
                span: self.span.clone(),
                path: path.to_string(),
            }),
            _ => Err(self.wrong("a table", self.kind().to_string())),
        }
    }

    pub fn as_array(&self) -> Result<Vec<Node<'d, 'a>>> {
        match self.value {
            DeValue::Array(a) => Ok(items(self.doc, a, self.key)),
            _ => Err(self.wrong("an array", self.kind().to_string())),
        }
    }

    /// An array of tables (`[[model.layers]]`).
    pub fn as_tables(&self, path: &str) -> Result<Vec<Table<'d, 'a>>> {
        self.as_array()?
            .iter()
            .enumerate()
            .map(|(k, n)| n.as_table(&format!("{path}[{k}]")))
            .collect()
    }

    pub fn as_str(&self) -> Result<&'d str> {
        self.value
            .as_str()
            .ok_or_else(|| self.wrong("a string", self.kind().to_string()))
    }

    pub fn as_bool(&self) -> Result<bool> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong("true or false", self.kind().to_string()))
    }

    /// Any integer.
    pub fn as_i64(&self) -> Result<i64> {
        let bad = || self.wrong("an integer", self.shown());
        let i = self.value.as_integer().ok_or_else(bad)?;
        i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).map_err(|_| bad())
    }

    /// A positive integer (sizes, units, timesteps).
    pub fn as_positive(&self) -> Result<usize> {
        let bad = || self.wrong("a positive integer", self.shown());
        match self.as_i64() {
            Ok(v) if v > 0 => usize::try_from(v).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }

    /// A non-negative integer (seeds, token ids, timesteps).
    pub fn as_index(&self) -> Result<usize> {
        let bad = || self.wrong("a whole number ≥ 0", self.shown());
        match self.as_i64() {
            Ok(v) if v >= 0 => usize::try_from(v).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }

    /// A number (integers are accepted where a float is wanted).
    pub fn as_f64(&self) -> Result<f64> {
        if let Some(f) = self.value.as_float() {
            let s = f.as_str().replace('_', "");
            return match s.as_str() {
                "inf" | "+inf" => Ok(f64::INFINITY),
                "-inf" => Ok(f64::NEG_INFINITY),
                "nan" | "+nan" | "-nan" => Ok(f64::NAN),
                _ => s.parse().map_err(|_| {
                    self.error(LessonMistake::NotANumber {
                        key: self.key.to_string(),
                    })
                }),
            };
        }
        self.as_i64()
            .map(|v| v as f64)
            .map_err(|_| self.wrong("a number", self.shown()))
    }

    /// A rate in [0, 1).
    pub fn as_rate(&self) -> Result<f32> {
        let v = self.as_f64()?;
        if !(0.0..1.0).contains(&v) {
            return Err(self.wrong("a number from 0 up to (not including) 1", v.to_string()));
        }
        Ok(v as f32)
    }

    /// The value as it was written, for messages.
    fn shown(&self) -> String {
        match self.value {
            DeValue::Integer(i) => {
                let s = i.as_str();
                let neg = self.doc.src.get(self.span.clone()).is_some_and(|t| t.starts_with('-'));
                if neg && !s.starts_with('-') {
                    format!("-{s}")
                } else {
                    s.to_string()
                }
            }
            DeValue::Float(f) => f.as_str().to_string(),
            DeValue::String(s) => format!("\"{s}\""),
            DeValue::Boolean(b) => b.to_string(),
            other => other.type_str().to_string(),
        }
    }
}

fn items<'d, 'a>(doc: &'d Doc<'a>, a: &'d DeArray<'a>, key: &'d str) -> Vec<Node<'d, 'a>> {
    a.iter()
        .map(|v| Node {
            doc,
            value: v.get_ref(),
            span: v.span(),
            key,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `line_col` must give, counted from the start of the text.
    fn counted(src: &str, offset: usize) -> (usize, usize) {
        let before = &src[..offset];
        let line = before.matches('\n').count() + 1;
        (line, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
    }

    #[test]
    fn line_and_column_are_those_counted_from_the_start() {
        // Short lines, an empty one, and lines of multi-byte characters longer than a mark's
        // stride, so that columns are counted from marks as well as from line starts.
        let long = "é—x".repeat(700);
        let src = format!("a = 1\n\nb = \"{long}\"\n{long}\nend");
        let doc = Doc::new("x.toml", &src);
        assert!(doc.marks.len() > 4);
        for (offset, _) in src.char_indices().chain([(src.len(), ' ')]) {
            assert_eq!(doc.line_col(offset), counted(&src, offset), "at byte {offset}");
        }
        assert_eq!(doc.line_col(usize::MAX), counted(&src, src.len()));
    }
}

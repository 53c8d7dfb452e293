//! The trace written out for other tools: JSON (the documented schema) and CSV, names from the
//! file escaped in both (see [`crate::printable`]).

use std::borrow::Cow;
use std::io::Write;

use ndarray::{ArrayView1, ArrayViewD, Axis};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::model::trace::{CellTrace, Input};
use crate::printable::printable;
use crate::session::Session;

/// An n-dimensional array as nested JSON lists of f32 (shortest form that reads back exactly).
struct Nd<'a>(ArrayViewD<'a, f32>);

impl Serialize for Nd<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len_of(Axis(0))))?;
        if self.0.ndim() == 1 {
            for x in self.0.iter() {
                seq.serialize_element(x)?;
            }
        } else {
            for sub in self.0.axis_iter(Axis(0)) {
                seq.serialize_element(&Nd(sub))?;
            }
        }
        seq.end()
    }
}

fn row(a: ArrayView1<'_, f32>) -> Nd<'_> {
    Nd(a.into_dyn())
}

struct Steps<'a>(&'a CellTrace);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut seq = s.serialize_seq(Some(c.steps()))?;
        for k in 0..c.steps() {
            seq.serialize_element(&Step(c, k))?;
        }
        seq.end()
    }
}

struct Step<'a>(&'a CellTrace, usize);

impl Serialize for Step<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, k) = (self.0, self.1);
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("t", &c.t[k])?;
        m.serialize_entry("x", &row(c.x.row(k)))?;
        for (q, values) in c.values.iter() {
            m.serialize_entry(q.letter(), &row(values.row(k)))?;
        }
        m.end()
    }
}

struct Cell<'a>(&'a CellTrace);

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("direction", self.0.direction.name())?;
        m.serialize_entry("steps", &Steps(self.0))?;
        m.end()
    }
}

struct Layers<'a>(&'a Session);

impl Serialize for Layers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let session = self.0;
        let batch = session.model.spec.input.batch_size;
        let mut seq = s.serialize_seq(Some(session.model.layers.len()))?;
        let model = &session.model;
        for ((layer, spec), lt) in model.layers.iter().zip(&model.spec.layers).zip(&session.trace.layers) {
            let shape: Vec<Option<usize>> = std::iter::once(batch).chain(layer.output_shape.dims()).collect();
            let recurrent = !layer.cells().is_empty();
            let mut m = serde_json::Map::new();
            m.insert("name".into(), layer.name.clone().into());
            m.insert("class_name".into(), spec.config.class_name().into());
            m.insert(
                "output_shape".into(),
                serde_json::to_value(&shape).map_err(serde::ser::Error::custom)?,
            );
            m.insert("params".into(), layer.params.into());
            seq.serialize_element(&LayerEntry {
                head: m,
                output: Nd(lt.output.view()),
                cells: recurrent.then_some(&lt.cells),
            })?;
        }
        seq.end()
    }
}

struct LayerEntry<'a> {
    head: serde_json::Map<String, serde_json::Value>,
    output: Nd<'a>,
    cells: Option<&'a Vec<CellTrace>>,
}

impl Serialize for LayerEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in &self.head {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("output", &self.output)?;
        if let Some(cells) = self.cells {
            let cells: Vec<Cell> = cells.iter().map(Cell).collect();
            m.serialize_entry("cells", &cells)?;
        }
        m.end()
    }
}

struct Document<'a>(&'a Session);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let session = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("source", &session.source)?;
        match &session.trace.input {
            Input::Values(v) => m.serialize_entry("input", &Nd(v.view().into_dyn()))?,
            Input::Tokens(t) => m.serialize_entry("input", t)?,
        }
        m.serialize_entry("layers", &Layers(session))?;
        m.serialize_entry("output", &Nd(session.trace.output().view()))?;
        m.end()
    }
}

/// Write the trace as JSON. Keys in each layer: name, class_name, output_shape, params, output,
/// and cells on recurrent layers. Control characters in names are `\u` escapes.
pub fn write_json(session: &Session, out: &mut dyn Write) -> std::io::Result<()> {
    crate::printable::write_json(&mut *out, &Document(session))?;
    writeln!(out)
}

/// A layer name as one CSV field: escaped as [`printable`] does, quoted (RFC 4180) when it holds
/// a comma or a quote.
fn csv_field(name: &str) -> Cow<'_, str> {
    let name = printable(name);
    if name.contains([',', '"']) {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    } else {
        name
    }
}

/// Write the trace as CSV: `layer,direction,step,t,unit,i,f,g,o,c,h`.
pub fn write_csv(session: &Session, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "layer,direction,step,t,unit,i,f,g,o,c,h")?;
    for (layer, lt) in session.model.layers.iter().zip(&session.trace.layers) {
        let name = csv_field(&layer.name);
        for cell in &lt.cells {
            for k in 0..cell.steps() {
                for u in 0..cell.units() {
                    write!(out, "{name},{},{k},{},{u}", cell.direction.name(), cell.t[k])?;
                    for (_, values) in cell.values.iter() {
                        write!(out, ",{}", values[[k, u]])?;
                    }
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_escaped_and_quoted() {
        for (text, field) in [
            ("lstm_1", "lstm_1"),
            ("a\x1b[2J", "a\\x1b[2J"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"\n", "\"say \"\"hi\"\"\\n\""),
        ] {
            assert_eq!(csv_field(text), field);
        }
    }
}

//! HDF5 files (Keras weights) read with the pure-Rust hdf5-reader: groups, string attributes and
//! float datasets. A dataset's shape and type are checked against what the model needs, and its
//! size against the file, before any of its data is read.

use std::sync::Arc;

use hdf5_reader::error::Error as H5Error;
use hdf5_reader::group::Group;
use hdf5_reader::storage::{BytesStorage, DynStorage, FileStorage, Storage, StorageBuffer};
use hdf5_reader::{Dataset, Datatype, Hdf5File, OpenOptions};
use ndarray::ArrayD;

use super::archive::InPlace;
use super::file::Opened;
use super::npy::MAX_BYTES;
use crate::error::{Error, Kind, Result, WeightsMistake};
use crate::model::weights::shape_str;

/// An HDF5 file, held in memory or read where it lies on disk.
pub struct H5 {
    /// The file named in messages.
    pub file: String,
    /// Which part of the file this is, said before its messages: `model.weights.h5` inside a
    /// .keras archive, empty for a file of its own.
    part: String,
    h5: Hdf5File,
    len: u64,
}

/// An archive member's bytes where they lie in the archive's file.
struct Slice(InPlace);

impl Storage for Slice {
    fn len(&self) -> u64 {
        self.0.len
    }

    fn read_range(&self, offset: u64, len: usize) -> hdf5_reader::error::Result<StorageBuffer> {
        let eof = H5Error::UnexpectedEof {
            offset,
            needed: len as u64,
            available: self.0.len.saturating_sub(offset),
        };
        match offset.checked_add(len as u64) {
            Some(end) if end <= self.0.len => {}
            _ => return Err(eof),
        }
        let mut buf = vec![0; len];
        read_exact_at(&self.0.file, &mut buf, self.0.start + offset)?;
        Ok(StorageBuffer::from_vec(buf))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                offset += n as u64;
                buf = &mut buf[n..];
            }
        }
    }
    Ok(())
}

/// The element types lstm-tui reads weights from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Float {
    F32,
    F64,
}

impl H5 {
    /// Open the bytes of an HDF5 file; `file` and `part` (empty, or the archive member) name it
    /// in messages.
    pub fn new(file: &str, part: &str, bytes: Vec<u8>) -> Result<H5> {
        H5::from_storage(file, part, Arc::new(BytesStorage::new(bytes)))
    }

    /// Open an HDF5 file on disk without reading it whole: its parts are read where they lie, as
    /// they are asked for.
    pub fn open(file: &str, opened: Opened) -> Result<H5> {
        let storage = FileStorage::from_file(opened.file).map_err(|e| unreadable(file, "", e))?;
        H5::from_storage(file, "", Arc::new(storage))
    }

    /// Open an HDF5 file stored as it is inside an archive on disk (`part` names the member),
    /// read where it lies as [`H5::open`] reads a file.
    pub fn open_in_place(file: &str, part: &str, member: InPlace) -> Result<H5> {
        H5::from_storage(file, part, Arc::new(Slice(member)))
    }

    fn from_storage(file: &str, part: &str, storage: DynStorage) -> Result<H5> {
        let len = storage.len();
        let options = OpenOptions {
            max_read_bytes: MAX_BYTES as usize,
            ..OpenOptions::default()
        };
        let h5 = Hdf5File::from_storage_with_options(storage, options).map_err(|e| unreadable(file, part, e))?;
        Ok(H5 {
            file: file.to_string(),
            part: part.to_string(),
            h5,
            len,
        })
    }

    /// An error about this file.
    pub fn fail(&self, kind: impl Into<Kind>) -> Error {
        in_part(Error::in_file(&self.file, kind.into()), &self.part)
    }

    fn error(&self, path: &str, e: H5Error) -> Error {
        let path = (!path.is_empty() && path != "/").then(|| path.to_string());
        self.fail(WeightsMistake::Hdf5Damaged {
            path,
            detail: e.to_string(),
        })
    }

    fn group(&self, path: &str) -> Result<Group> {
        self.h5.group(path).map_err(|e| self.error(path, e))
    }

    /// Whether `path` is a group.
    pub fn has_group(&self, path: &str) -> bool {
        self.h5.group(path).is_ok()
    }

    /// The names of the groups and of the datasets directly in a group.
    pub fn members(&self, path: &str) -> Result<(Vec<String>, Vec<String>)> {
        self.group(path)?.member_names().map_err(|e| self.error(path, e))
    }

    /// Every dataset below a group, as full paths, in listing order.
    pub fn datasets_below(&self, path: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut stack = vec![path.trim_end_matches('/').to_string()];
        // HDF5 groups may link back to a parent: never walk more groups than a file could hold.
        let mut budget = self.len / 8 + 16;
        while let Some(group) = stack.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return Err(self.fail(WeightsMistake::EndlessGroups { path: path.to_string() }));
            }
            let (groups, datasets) = self.members(&group)?;
            out.extend(datasets.iter().map(|d| format!("{group}/{d}")));
            stack.extend(groups.iter().rev().map(|g| format!("{group}/{g}")));
        }
        out.sort();
        Ok(out)
    }

    /// A string attribute of a group (`/` for the root), or `None` when absent.
    pub fn attr_string(&self, path: &str, name: &str) -> Result<Option<String>> {
        Ok(self.attr_strings(path, name)?.and_then(|v| v.into_iter().next()))
    }

    /// A string or string-array attribute of a group, or `None` when absent.
    pub fn attr_strings(&self, path: &str, name: &str) -> Result<Option<Vec<String>>> {
        let group = self.group(path)?;
        let attrs = group.attributes().map_err(|e| self.error(path, e))?;
        let Some(attr) = attrs.into_iter().find(|a| a.name == name) else {
            return Ok(None);
        };
        // h5py writes an empty list of names as an empty float array.
        if attr.shape.contains(&0) {
            return Ok(Some(Vec::new()));
        }
        let strings = if attr.shape.is_empty() {
            attr.read_string().map(|s| vec![s])
        } else {
            attr.read_strings()
        };
        strings
            .map(Some)
            .map_err(|e| self.error(&format!("{path} attribute {name}"), e))
    }

    fn dataset(&self, path: &str) -> Result<Dataset> {
        self.h5.dataset(path).map_err(|e| match innermost(&e) {
            H5Error::DatasetNotFound(_) | H5Error::GroupNotFound(_) => {
                self.fail(WeightsMistake::NoDataset { path: path.to_string() })
            }
            _ => self.error(path, e),
        })
    }

    /// Read a float32 or float64 dataset as f32, after checking that it has exactly `shape` and
    /// that its data can be in the file. `what` says what the array is for, in messages.
    pub fn read_f32(&self, path: &str, shape: &[usize], what: &str) -> Result<ArrayD<f32>> {
        let ds = self.dataset(path)?;
        let declared: Vec<u64> = ds.shape().to_vec();
        if declared.len() != shape.len() || declared.iter().zip(shape).any(|(&a, &b)| a != b as u64) {
            let declared: Vec<usize> = declared
                .iter()
                .map(|&d| usize::try_from(d).unwrap_or(usize::MAX))
                .collect();
            return Err(self.fail(Kind::WrongShape {
                key: path.to_string(),
                found: shape_str(&declared),
                layer: what.to_string(),
                expected: shape_str(shape),
            }));
        }
        let float = match ds.dtype() {
            Datatype::FloatingPoint { size: 4, .. } => Float::F32,
            Datatype::FloatingPoint { size: 8, .. } => Float::F64,
            Datatype::FloatingPoint { size, .. } => {
                return Err(self.fail(WeightsMistake::FloatWidth {
                    key: path.to_string(),
                    bits: 8 * *size as usize,
                }));
            }
            other => {
                return Err(self.fail(WeightsMistake::NotFloats {
                    key: path.to_string(),
                    found: type_name(other).to_string(),
                }));
            }
        };
        let item: u64 = if float == Float::F32 { 4 } else { 8 };
        let bytes = shape.iter().fold(item, |acc, &d| acc.saturating_mul(d as u64));
        // Uncompressed data must lie inside the file; chunked data may be compressed.
        if ds.chunks().is_none() && bytes > self.len {
            return Err(self.fail(WeightsMistake::PastTheEnd {
                key: path.to_string(),
                bytes,
                len: self.len,
            }));
        }
        let read = match float {
            Float::F32 => ds.read_array::<f32>(),
            Float::F64 => ds.read_array::<f64>().map(|a| a.mapv(|x| x as f32)),
        };
        read.map_err(|e| self.error(path, e))
    }
}

/// The error under any path context the reader wrapped around it.
fn innermost(e: &H5Error) -> &H5Error {
    match e {
        H5Error::Context { source, .. } => innermost(source),
        e => e,
    }
}

fn type_name(t: &Datatype) -> &'static str {
    match t {
        Datatype::FixedPoint { .. } => "integers",
        Datatype::String { .. } | Datatype::VarLen { .. } => "strings",
        Datatype::Compound { .. } => "compound records",
        _ => "values of an unusual HDF5 type",
    }
}

/// `file` is not HDF5 (said inside `part` when it is a part of another file).
fn unreadable(file: &str, part: &str, e: impl std::fmt::Display) -> Error {
    let e = Error::new(Kind::Unreadable {
        format: "HDF5 file",
        detail: e.to_string(),
    })
    .with_file(file);
    in_part(e, part)
}

/// `e` said inside `part`, unless `part` is empty (the file itself).
fn in_part(e: Error, part: &str) -> Error {
    if part.is_empty() { e } else { e.within(part) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(rel: &str) -> H5 {
        let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        H5::new(rel, "", std::fs::read(path).expect("fixture")).expect("opens")
    }

    #[test]
    fn reads_legacy_attributes_and_datasets() {
        let h5 = open("parity/basic/model.h5");
        let config = h5.attr_string("/", "model_config").unwrap().unwrap();
        assert!(config.starts_with("{\"class_name\": \"Sequential\""), "{config}");
        let names = h5.attr_strings("model_weights", "layer_names").unwrap().unwrap();
        assert_eq!(names, ["lstm", "dense"]);
        let weights = h5.attr_strings("model_weights/lstm", "weight_names").unwrap().unwrap();
        assert_eq!(
            weights,
            [
                "sequential/lstm/lstm_cell/kernel",
                "sequential/lstm/lstm_cell/recurrent_kernel",
                "sequential/lstm/lstm_cell/bias"
            ]
        );
        assert_eq!(h5.attr_string("/", "no_such").unwrap(), None);
        let k = h5
            .read_f32("model_weights/lstm/sequential/lstm/lstm_cell/kernel", &[3, 16], "lstm")
            .unwrap();
        assert_eq!(k.shape(), [3, 16]);
        let e = h5
            .read_f32("model_weights/lstm/sequential/lstm/lstm_cell/kernel", &[4, 16], "lstm")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "parity/basic/model.h5: model_weights/lstm/sequential/lstm/lstm_cell/kernel has shape (3, 16) but lstm needs (4, 16)"
        );
        let e = h5.read_f32("model_weights/lstm/nothing", &[1], "lstm").unwrap_err();
        assert_eq!(
            e.to_string(),
            "parity/basic/model.h5: no dataset model_weights/lstm/nothing"
        );
    }

    #[test]
    fn lists_keras3_weight_datasets() {
        let h5 = open("parity/basic/model.weights.h5");
        assert_eq!(
            h5.datasets_below("layers").unwrap(),
            [
                "layers/dense/vars/0",
                "layers/dense/vars/1",
                "layers/lstm/cell/vars/0",
                "layers/lstm/cell/vars/1",
                "layers/lstm/cell/vars/2"
            ]
        );
    }
}

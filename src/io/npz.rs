//! .npz archives: named arrays, and the model weights they hold, keyed `<layer>.kernel`,
//! `<layer>.forward.recurrent_kernel`, ... in Keras's shapes.

use std::collections::BTreeSet;
use std::path::Path;

use ndarray::ArrayD;

use super::archive::Archive;
use super::file::{self, Role};
use super::npy::{self, NpyArray};
use crate::error::{Error, Kind, Result};
use crate::model::weights::{Var, WeightSource, check_shape, shape_mismatch, shape_str};

/// An open .npz archive.
pub struct NpzFile {
    file: String,
    archive: Archive,
}

impl NpzFile {
    /// An archive on disk, read one member at a time: a member is refused by its .npy header
    /// (its shape, its dtype) before its data is read.
    pub fn open(path: &Path) -> Result<Self> {
        let file = path.display().to_string();
        let archive = Archive::open(&file, file::open(path, Role::Weights)?)?;
        Ok(NpzFile { file, archive })
    }

    /// An archive from its bytes; `file` names it in messages.
    pub fn from_bytes(file: &str, bytes: Vec<u8>) -> Result<Self> {
        let archive = Archive::new(file, bytes)?;
        Ok(NpzFile {
            file: file.to_string(),
            archive,
        })
    }

    /// The array names (member names without `.npy`).
    pub fn names(&self) -> Vec<String> {
        self.archive
            .names()
            .iter()
            .map(|n| n.trim_end_matches(".npy").to_string())
            .collect()
    }

    /// One array by name.
    pub fn array(&mut self, name: &str) -> Result<NpyArray> {
        self.array_if(name, &|_, _| Ok(()))
    }

    /// One array by name, when `accept` takes its shape and dtype: they are shown to it before
    /// any of the data is unpacked.
    pub fn array_if(&mut self, name: &str, accept: &dyn Fn(&[usize], &str) -> Result<()>) -> Result<NpyArray> {
        let label = format!("{}: {name}", self.file);
        let bytes = self
            .archive
            .read_with(&format!("{name}.npy"), npy::MAX_BYTES, |member, _, _| {
                npy::read_exact_size(&label, member, accept)
            })?;
        npy::parse(&label, &bytes)
    }
}

/// An .npz archive answering for the model's variables.
pub struct NpzWeights {
    npz: NpzFile,
    unused: BTreeSet<String>,
}

impl NpzWeights {
    pub fn open(path: &Path) -> Result<Self> {
        Ok(NpzWeights::new(NpzFile::open(path)?))
    }

    /// Weights from the bytes of an .npz file; `file` names it in messages.
    pub fn from_bytes(file: &str, bytes: Vec<u8>) -> Result<Self> {
        Ok(NpzWeights::new(NpzFile::from_bytes(file, bytes)?))
    }

    fn new(npz: NpzFile) -> Self {
        let unused = npz.names().into_iter().collect();
        NpzWeights { npz, unused }
    }
}

impl WeightSource for NpzWeights {
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>> {
        let key = var.key();
        let file = self.npz.file.clone();
        if !self.unused.remove(&key) {
            return Err(Error::new(Kind::NoArray {
                key,
                layer: var.layer.clone(),
                shape: shape_str(&var.shape),
            })
            .with_file(&file));
        }
        let integers = || Error::new(Kind::IntegerWeights { key: key.clone() }).with_file(&file);
        // Refused by its header, before an array of the wrong size is unpacked.
        let accept = |shape: &[usize], dtype: &str| match dtype.get(1..2) {
            Some("f") if shape == var.shape.as_slice() => Ok(()),
            Some("f") => Err(shape_mismatch(&file, var, shape)),
            _ => Err(integers()),
        };
        match self.npz.array_if(&key, &accept)? {
            NpyArray::Float(a) => check_shape(&file, var, a),
            NpyArray::Int(_) | NpyArray::UInt(_) => Err(integers()),
        }
    }

    fn finish(&mut self) -> Result<()> {
        match self.unused.first() {
            None => Ok(()),
            Some(k) => Err(Error::new(Kind::UnusedArray { key: k.clone() }).with_file(&self.npz.file)),
        }
    }
}

//! Weights from an .npz file: one array per variable, keyed `<layer>.kernel`,
//! `<layer>.forward.recurrent_kernel`, ... in Keras's shapes.

use std::collections::BTreeSet;
use std::path::Path;

use ndarray::ArrayD;

use super::archive::Archive;
use super::npy::{self, NpyArray};
use crate::error::{Error, Result};
use crate::model::weights::{Var, WeightSource, check_shape};

/// An .npz archive answering for the model's variables.
pub struct NpzWeights {
    file: String,
    archive: Archive,
    unused: BTreeSet<String>,
}

impl NpzWeights {
    pub fn open(path: &Path) -> Result<Self> {
        let file = path.display().to_string();
        let archive = Archive::new(&file, npy::read_bytes(path)?)?;
        let unused = archive
            .names()
            .iter()
            .map(|n| n.trim_end_matches(".npy").to_string())
            .collect();
        Ok(NpzWeights { file, archive, unused })
    }
}

impl WeightSource for NpzWeights {
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>> {
        let key = var.key();
        if !self.unused.remove(&key) {
            return Err(Error::in_file(
                &self.file,
                format!(
                    "no array {key} (layer {} needs it with shape {})",
                    var.layer,
                    crate::model::weights::shape_str(&var.shape)
                ),
            ));
        }
        let bytes = self.archive.read(&format!("{key}.npy"))?;
        match npy::parse(&format!("{}: {key}", self.file), &bytes)? {
            NpyArray::Float(a) => check_shape(&self.file, var, a),
            NpyArray::Int(_) => Err(Error::in_file(
                &self.file,
                format!("{key} holds integers; weights must be float32 or float64"),
            )),
        }
    }

    fn finish(&mut self) -> Result<()> {
        match self.unused.first() {
            None => Ok(()),
            Some(k) => Err(Error::in_file(
                &self.file,
                format!("array {k} belongs to no layer of the model (keys are <layer>.<variable>, e.g. lstm_1.kernel)"),
            )),
        }
    }
}

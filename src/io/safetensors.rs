//! PyTorch weights: a `.safetensors` state_dict of `nn.LSTM` (and `nn.Linear`, `nn.Embedding`)
//! modules, converted once, on load, into Keras's layout so the rest of lstm-tui sees a Keras
//! model. A lesson with `framework = "pytorch"` says which module (and which stacked layer of an
//! `nn.LSTM`) each of its layers takes its tensors from; docs/pytorch.md describes it.
//!
//! `nn.LSTM` stores `weight_ih_l{k}` (4H, D) and `weight_hh_l{k}` (4H, H) with the gates stacked
//! by rows in the order i, f, g, o, and two biases `bias_ih_l{k}`, `bias_hh_l{k}` that are added;
//! `_reverse` names the backward direction. Keras's kernel (D, 4H) and recurrent_kernel (H, 4H)
//! are their transposes with the gates i, f, c, o along the columns: the same order, so the
//! conversion is a transpose and one sum. `nn.Linear.weight` (out, in) is Dense's kernel
//! transposed; `nn.Embedding.weight` is Keras's embeddings as they are. An `nn.LSTM` with
//! `proj_size` (its h projected by `weight_hr_l{k}`) has no Keras counterpart and is refused by
//! that name. Pickled `.pt` files are never read: unpickling runs code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ndarray::{Array2, ArrayD, Ix2};
use safetensors::tensor::{Dtype, Metadata, SafeTensors};

use super::file::{self, Role};
use crate::error::{Error, Kind, Result, WeightsMistake, WrongFile};
use crate::model::cell::Direction;
use crate::model::spec::{LayerConfig, ModelSpec};
use crate::model::weights::{Var, WeightSource, shape_str};

/// Which tensors of a state_dict form one layer: the module's prefix (`lstm` for `lstm.weight_ih_l0`,
/// empty for a bare `nn.LSTM` state_dict) and, for an `nn.LSTM`, which of its stacked layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tensors {
    pub module: String,
    pub layer: Option<usize>,
}

impl Tensors {
    /// The full name of one of the module's tensors: `lstm.weight_ih_l0_reverse`.
    fn name(&self, tensor: &str, backward: bool) -> String {
        let mut name = if self.module.is_empty() {
            tensor.to_string()
        } else {
            format!("{}.{tensor}", self.module)
        };
        if let Some(k) = self.layer {
            name.push_str(&format!("_l{k}"));
        }
        if backward {
            name.push_str("_reverse");
        }
        name
    }
}

/// The message for a pickled PyTorch file.
pub fn refuse_pickle(file: &str) -> Error {
    Error::new(Kind::WrongFile(WrongFile::Pickle)).with_file(file)
}

/// A safetensors state_dict answering a Keras model's variables.
pub struct TorchWeights {
    file: String,
    bytes: Vec<u8>,
    /// Where the tensor data starts in `bytes`.
    data_start: usize,
    metadata: Metadata,
    /// Keras layer name → its tensors and configuration.
    layers: BTreeMap<String, (Tensors, LayerConfig)>,
    used: BTreeSet<String>,
}

impl TorchWeights {
    /// Open a .safetensors file for the layers of `model` that `tensors` maps. The file is read
    /// whole, so it is refused first when larger than the model's weights can take.
    pub fn open(path: &Path, model: &ModelSpec, tensors: &BTreeMap<String, Tensors>) -> Result<TorchWeights> {
        let limit = super::keras::weights_limit(model);
        let why = super::keras::weights_limit_reason(model);
        TorchWeights::from_bytes(
            &path.display().to_string(),
            file::read_at_most(path, Role::Weights, limit, &why)?,
            model,
            tensors,
        )
    }

    /// Read the bytes of a .safetensors file; `file` names it in messages.
    pub fn from_bytes(
        file: &str,
        bytes: Vec<u8>,
        model: &ModelSpec,
        tensors: &BTreeMap<String, Tensors>,
    ) -> Result<TorchWeights> {
        let layers = model
            .layers
            .iter()
            .filter_map(|l| {
                tensors
                    .get(&l.name)
                    .map(|t| (l.name.clone(), (t.clone(), l.config.clone())))
            })
            .collect();
        let (header, metadata) = SafeTensors::read_metadata(&bytes).map_err(|e| {
            Error::new(Kind::Unreadable {
                format: "safetensors file",
                detail: e.to_string(),
            })
            .with_file(file)
        })?;
        Ok(TorchWeights {
            file: file.to_string(),
            data_start: 8 + header,
            bytes,
            metadata,
            layers,
            used: BTreeSet::new(),
        })
    }

    fn fail(&self, kind: impl Into<Kind>) -> Error {
        Error::in_file(&self.file, kind.into())
    }

    /// Every tensor name in the file, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.metadata.tensors().keys().cloned().collect();
        names.sort();
        names
    }

    /// One tensor as f32, checked to have `shape`. `what` says what it is for, in messages.
    fn tensor(&mut self, name: &str, shape: &[usize], what: &str) -> Result<ArrayD<f32>> {
        let Some(info) = self.metadata.info(name) else {
            return Err(self.fail(WeightsMistake::NoTensor {
                key: name.to_string(),
                layer: what.to_string(),
                shape: shape_str(shape),
                has: self.names(),
            }));
        };
        if info.shape != shape {
            return Err(self.fail(Kind::WrongShape {
                key: name.to_string(),
                found: shape_str(&info.shape),
                layer: what.to_string(),
                expected: shape_str(shape),
            }));
        }
        let (start, end) = info.data_offsets;
        let data = &self.bytes[self.data_start + start..self.data_start + end];
        let values: Vec<f32> = match info.dtype {
            Dtype::F32 => data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            Dtype::F64 => data
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) as f32)
                .collect(),
            other => {
                return Err(self.fail(WeightsMistake::TensorDtype {
                    key: name.to_string(),
                    dtype: format!("{other:?}"),
                }));
            }
        };
        self.used.insert(name.to_string());
        Ok(ArrayD::from_shape_vec(shape.to_vec(), values).expect("length checked by safetensors"))
    }

    /// Refuse an `nn.LSTM(proj_size=P)`: it multiplies h (H) by `weight_hr_l{k}` (P, H) and feeds
    /// the P values back through `weight_hh_l{k}` (4H, P). Keras's LSTM has no projection; say
    /// so before a shape check calls it a mismatch.
    fn refuse_projection(&self, tensors: &Tensors, layer: &str, backward: bool) -> Result<()> {
        let hr = tensors.name("weight_hr", backward);
        let hh = tensors.name("weight_hh", backward);
        let projection = match (self.metadata.info(&hr), self.metadata.info(&hh)) {
            (Some(info), _) => Some((hr, info.shape.clone())),
            (None, Some(info)) => match info.shape.as_slice() {
                &[rows, cols] if rows % 4 == 0 && cols < rows / 4 => Some((hh, info.shape.clone())),
                _ => None,
            },
            (None, None) => None,
        };
        let Some((name, shape)) = projection else {
            return Ok(());
        };
        let p = if name.contains("weight_hr") { shape[0] } else { shape[1] };
        Err(self.fail(WeightsMistake::Projected {
            key: name,
            shape: shape_str(&shape),
            layer: layer.to_string(),
            proj_size: p,
        }))
    }

    /// A PyTorch (rows, cols) matrix for a Keras variable of shape (cols, rows), transposed.
    fn transposed(&mut self, name: &str, var: &Var) -> Result<ArrayD<f32>> {
        let torch_shape = [var.shape[1], var.shape[0]];
        let what = format!(
            "{} (Keras {} {}, transposed)",
            var.layer,
            var.name,
            shape_str(&var.shape)
        );
        let a = self.tensor(name, &torch_shape, &what)?;
        let a: Array2<f32> = a.into_dimensionality::<Ix2>().expect("shape checked");
        Ok(a.reversed_axes().as_standard_layout().into_owned().into_dyn())
    }
}

impl WeightSource for TorchWeights {
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>> {
        let Some((tensors, config)) = self.layers.get(&var.layer).cloned() else {
            return Err(self.fail(WeightsMistake::NoTensorsFor {
                layer: var.layer.clone(),
            }));
        };
        let backward = var.direction == Some(Direction::Backward);
        let what = format!("{} (Keras {})", var.layer, var.name);
        if config.is_recurrent() {
            self.refuse_projection(&tensors, &var.layer, backward)?;
        }
        match (&config, var.name) {
            (LayerConfig::Lstm(_) | LayerConfig::Bidirectional { .. }, "kernel") => {
                self.transposed(&tensors.name("weight_ih", backward), var)
            }
            (LayerConfig::Lstm(_) | LayerConfig::Bidirectional { .. }, "recurrent_kernel") => {
                self.transposed(&tensors.name("weight_hh", backward), var)
            }
            (LayerConfig::Lstm(_) | LayerConfig::Bidirectional { .. }, "bias") => {
                let ih = self.tensor(&tensors.name("bias_ih", backward), &var.shape, &what)?;
                let hh = self.tensor(&tensors.name("bias_hh", backward), &var.shape, &what)?;
                Ok(ih + hh)
            }
            (LayerConfig::Dense { .. }, "kernel") => self.transposed(&tensors.name("weight", false), var),
            (LayerConfig::Dense { .. }, "bias") => self.tensor(&tensors.name("bias", false), &var.shape, &what),
            (LayerConfig::Embedding { .. }, "embeddings") => {
                self.tensor(&tensors.name("weight", false), &var.shape, &what)
            }
            _ => Err(self.fail(WeightsMistake::NoPytorchCounterpart {
                layer: var.layer.clone(),
                class: config.class_name(),
            })),
        }
    }

    fn finish(&mut self) -> Result<()> {
        let unused: Vec<String> = self.names().into_iter().filter(|n| !self.used.contains(n)).collect();
        let Some(first) = unused.first() else {
            return Ok(());
        };
        if first.contains("weight_hr_l") {
            return Err(self.fail(WeightsMistake::ProjectionTensor { key: first.clone() }));
        }
        Err(self.fail(WeightsMistake::UnusedTensor {
            key: first.clone(),
            unused: unused.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use safetensors::tensor::{Dtype, TensorView};

    use super::*;
    use crate::model::Model;
    use crate::model::spec::{InputSpec, LayerSpec, LstmConfig, Shape};

    /// A state_dict of float32 zeros with these names and shapes.
    fn state_dict(tensors: &[(&str, &[usize])]) -> Vec<u8> {
        let data: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
            .iter()
            .map(|(name, shape)| {
                (
                    name.to_string(),
                    shape.to_vec(),
                    vec![0u8; 4 * shape.iter().product::<usize>()],
                )
            })
            .collect();
        let views = data
            .iter()
            .map(|(name, shape, bytes)| (name.clone(), TensorView::new(Dtype::F32, shape.clone(), bytes).unwrap()));
        safetensors::serialize(views, None).unwrap()
    }

    /// An nn.LSTM(3, 4) state_dict whose weight_hh has `hh_columns` columns, with a weight_hr of
    /// this shape when given.
    fn nn_lstm(hh_columns: usize, weight_hr: Option<&[usize]>) -> Vec<u8> {
        let hh = [16, hh_columns];
        let mut tensors: Vec<(&str, &[usize])> = vec![
            ("lstm.weight_ih_l0", &[16, 3]),
            ("lstm.weight_hh_l0", &hh),
            ("lstm.bias_ih_l0", &[16]),
            ("lstm.bias_hh_l0", &[16]),
        ];
        tensors.extend(weight_hr.map(|shape| ("lstm.weight_hr_l0", shape)));
        state_dict(&tensors)
    }

    /// LSTM(4) on (5, 3) mapped to `lstm` layer 0, loaded from `bytes`.
    fn build(bytes: Vec<u8>) -> Result<Model> {
        let spec = ModelSpec {
            name: "sequential".into(),
            input: InputSpec {
                shape: Shape::Seq(Some(5), 3),
                batch_size: None,
            },
            input_layer: None,
            layers: vec![LayerSpec {
                name: "lstm".into(),
                config: LayerConfig::Lstm(LstmConfig::new(4)),
                trainable: true,
                float64: false,
            }],
        };
        let tensors = BTreeMap::from([(
            "lstm".to_string(),
            Tensors {
                module: "lstm".into(),
                layer: Some(0),
            },
        )]);
        let mut weights = TorchWeights::from_bytes("p.safetensors", bytes, &spec, &tensors)?;
        Model::build(spec, &mut weights)
    }

    #[test]
    fn proj_size_is_refused_by_name() {
        // nn.LSTM(3, 4, proj_size=2): weight_hh is (4H, P) and weight_hr (P, H).
        let projected = nn_lstm(2, Some(&[2, 4]));
        assert_eq!(
            build(projected).unwrap_err().to_string(),
            "p.safetensors: lstm.weight_hr_l0 has shape (2, 4): layer lstm is an nn.LSTM with proj_size = 2, which Keras's LSTM does not have (h is projected to 2 values before it is fed back); lstm-tui runs nn.LSTM with proj_size = 0 only"
        );
        // Without weight_hr, the shape of weight_hh still gives it away.
        let no_hr = nn_lstm(2, None);
        let e = build(no_hr).unwrap_err();
        assert!(matches!(
            e.innermost(),
            Kind::Weights(WeightsMistake::Projected { proj_size: 2, .. })
        ));
        let e = e.to_string();
        assert!(
            e.starts_with(
                "p.safetensors: lstm.weight_hh_l0 has shape (16, 2): layer lstm is an nn.LSTM with proj_size = 2"
            ),
            "{e}"
        );
        let plain = nn_lstm(4, None);
        assert!(build(plain).is_ok());
    }
}

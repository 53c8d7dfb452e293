//! Keras model files: a Keras 3 `.keras` archive (config.json + model.weights.h5), a legacy
//! full-model `.h5` (the model_config attribute + the model_weights group, as Keras 3 and
//! tf.keras 2 write it), and weights-only HDF5 files (`.weights.h5`, or a legacy `save_weights`
//! `.h5`) for a lesson that lists the layers.
//!
//! Where the weights are:
//! - Keras 3 (`.keras`, `.weights.h5`): `layers/<key>/vars/<i>` for Dense and Embedding,
//!   `layers/<key>/cell/vars/<i>` for an LSTM and `layers/<key>/{forward,backward}_layer/cell/vars/<i>`
//!   for a Bidirectional LSTM, in the layer's variable order (kernel, recurrent_kernel, bias).
//!   `<key>` is not the layer's name but its class in snake_case, numbered per class in layer
//!   order (`lstm`, `lstm_1`, ...), as Keras's saving code names them.
//! - Legacy HDF5: the `layer_names` attribute of `model_weights` (of the root for a weights-only
//!   file) lists the layers, and each layer group's `weight_names` attribute lists its datasets
//!   (`sequential/lstm/lstm_cell/kernel` in Keras 3, `lstm/lstm_cell/kernel:0` in tf.keras 2).
//!   They are matched by their last name, and by `forward_`/`backward_` inside a Bidirectional.

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use ndarray::ArrayD;

use super::archive::Archive;
use super::file::{self, Role};
use super::h5::H5;
use super::keras_config::{self, KerasModel, Writer};
use super::npy::MAX_BYTES;
use crate::error::{Error, Kind as ErrorKind, Result, WeightsMistake, WrongFile};
use crate::model::spec::{LayerConfig, ModelSpec, Namer};
use crate::model::weights::{Var, WeightSource};

/// The largest config.json read from a .keras archive: real ones are a few kB per layer.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// A model file read: its architecture and its weights.
pub struct KerasFile {
    pub model: KerasModel,
    pub weights: KerasWeights,
}

/// What kind of file the bytes are, by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Hdf5,
    Other,
}

/// HDF5 files start with this signature (at 0, or after a user block of 512, 1024, ... bytes).
const HDF5_MAGIC: &[u8] = b"\x89HDF\r\n\x1a\n";

/// Sniff a file's kind from its bytes.
pub fn kind(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    let mut at = 0usize;
    while at + HDF5_MAGIC.len() <= bytes.len() {
        if &bytes[at..at + HDF5_MAGIC.len()] == HDF5_MAGIC {
            return Kind::Hdf5;
        }
        at = if at == 0 { 512 } else { at * 2 };
    }
    Kind::Other
}

/// A Keras file's container, told apart by its content.
enum Container {
    Zip(Archive),
    Hdf5(H5),
    Other,
}

impl Container {
    fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Container> {
        Ok(match kind(&bytes) {
            Kind::Zip => Container::Zip(Archive::new(name, bytes)?),
            Kind::Hdf5 => Container::Hdf5(H5::new(name, "", bytes)?),
            Kind::Other => Container::Other,
        })
    }

    /// The container of a file on disk, opened where it lies: its parts are read when asked for,
    /// so a file refused for one of them is refused without the rest being read.
    fn open(path: &Path, role: Role) -> Result<Container> {
        let name = path.display().to_string();
        let mut opened = file::open(path, role)?;
        let kind = sniff(&mut opened.file, opened.len).map_err(|e| {
            Error::in_file(
                &name,
                ErrorKind::Io {
                    action: "read it",
                    detail: e.to_string(),
                },
            )
        })?;
        Ok(match kind {
            Kind::Zip => Container::Zip(Archive::open(&name, opened)?),
            Kind::Hdf5 => Container::Hdf5(H5::open(&name, opened)?),
            Kind::Other => Container::Other,
        })
    }
}

/// [`kind`] of a file of `len` bytes, from the few bytes that tell.
fn sniff(file: &mut std::fs::File, len: u64) -> std::io::Result<Kind> {
    let mut head = [0u8; HDF5_MAGIC.len()];
    let mut at = 0u64;
    while at + head.len() as u64 <= len {
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(&mut head)?;
        match kind(&head) {
            Kind::Zip if at == 0 => return Ok(Kind::Zip),
            Kind::Hdf5 => return Ok(Kind::Hdf5),
            _ => at = if at == 0 { 512 } else { at * 2 },
        }
    }
    Ok(Kind::Other)
}

/// Open a Keras model file (.keras or full-model .h5) from disk.
pub fn open_model(path: &Path) -> Result<KerasFile> {
    load_model(&path.display().to_string(), Container::open(path, Role::Model)?)
}

/// Read only the architecture of a Keras model file (.keras or full-model .h5).
pub fn read_architecture(path: &Path) -> Result<KerasModel> {
    let name = path.display().to_string();
    match Container::open(path, Role::Model)? {
        Container::Zip(mut archive) => {
            let config = config_json(&name, &mut archive)?;
            keras_config::parse(&name, "config.json", &config, archive_writer(&mut archive))
        }
        Container::Hdf5(h5) => keras_config::parse(&name, "model_config", &model_config(&h5)?, h5_writer(&h5)),
        Container::Other => Err(not_a_model(&name)),
    }
}

fn not_a_model(name: &str) -> Error {
    Error::in_file(name, ErrorKind::WrongFile(WrongFile::NotKerasModel))
}

/// config.json from a .keras archive, after checking the archive holds what a .keras file holds.
fn config_json(name: &str, archive: &mut Archive) -> Result<String> {
    for member in ["config.json", "model.weights.h5"] {
        if !archive.contains(member) {
            let has = archive.names();
            return Err(Error::in_file(name, ErrorKind::NoMember { member, has }));
        }
    }
    let config = archive.read_limited("config.json", MAX_CONFIG_BYTES)?;
    String::from_utf8(config).map_err(|_| Error::in_file(name, ErrorKind::MemberNotUtf8 { member: "config.json" }))
}

/// The largest metadata.json read from a .keras archive: real ones are under 100 bytes.
const MAX_METADATA_BYTES: u64 = 64 << 10;

/// Which Keras wrote a .keras archive: the `keras_version` of its metadata.json.
fn archive_writer(archive: &mut Archive) -> Writer {
    if !archive.contains("metadata.json") {
        return Writer::Unknown;
    }
    let metadata = archive.read_limited("metadata.json", MAX_METADATA_BYTES).ok();
    let json: Option<serde_json::Value> = metadata.and_then(|m| serde_json::from_slice(&m).ok());
    Writer::from_version(json.as_ref().and_then(|j| j.get("keras_version")?.as_str()))
}

/// Which Keras wrote a legacy .h5 file: its root's `keras_version` attribute.
fn h5_writer(h5: &H5) -> Writer {
    Writer::from_version(h5.attr_string("/", "keras_version").ok().flatten().as_deref())
}

/// The model_config attribute of a legacy .h5 file.
fn model_config(h5: &H5) -> Result<String> {
    match h5.attr_string("/", "model_config")? {
        Some(config) => Ok(config),
        None => {
            let weights_only = h5.has_group("layers") || h5.attr_strings("/", "layer_names")?.is_some();
            Err(h5.fail(WeightsMistake::NoModelConfig { weights_only }))
        }
    }
}

/// Read a Keras model file from its bytes (either format, told apart by content); `name` names
/// it in messages.
pub fn load_model_bytes(name: &str, bytes: Vec<u8>) -> Result<KerasFile> {
    load_model(name, Container::from_bytes(name, bytes)?)
}

fn load_model(name: &str, container: Container) -> Result<KerasFile> {
    match container {
        Container::Zip(archive) => load_keras(name, archive),
        Container::Hdf5(h5) => load_h5(name, h5),
        Container::Other => Err(not_a_model(name)),
    }
}

/// Read a Keras 3 `.keras` archive from its bytes.
pub fn load_keras_bytes(name: &str, bytes: Vec<u8>) -> Result<KerasFile> {
    load_keras(name, Archive::new(name, bytes)?)
}

fn load_keras(name: &str, mut archive: Archive) -> Result<KerasFile> {
    let config = config_json(name, &mut archive)?;
    let model = keras_config::parse(name, "config.json", &config, archive_writer(&mut archive))?;
    let weights = archive_weights(name, &mut archive, &model.spec, "config.json")?;
    Ok(KerasFile { model, weights })
}

/// Read a legacy full-model `.h5` file from its bytes.
pub fn load_h5_bytes(name: &str, bytes: Vec<u8>) -> Result<KerasFile> {
    load_h5(name, H5::new(name, "", bytes)?)
}

fn load_h5(name: &str, h5: H5) -> Result<KerasFile> {
    let model = keras_config::parse(name, "model_config", &model_config(&h5)?, h5_writer(&h5))?;
    let weights = KerasWeights::new(h5, &model.spec, "model_config")?;
    Ok(KerasFile { model, weights })
}

/// Open the weights of a Keras file for a model described elsewhere (a lesson): a
/// `.weights.h5`, a legacy `.h5`, or the weights inside a `.keras` archive.
pub fn open_weights(path: &Path, spec: &ModelSpec, arch: &str) -> Result<KerasWeights> {
    weights_in(
        &path.display().to_string(),
        Container::open(path, Role::Weights)?,
        spec,
        arch,
    )
}

/// [`open_weights`] from the bytes of the file; `name` names it in messages.
pub fn weights_from_bytes(name: &str, bytes: Vec<u8>, spec: &ModelSpec, arch: &str) -> Result<KerasWeights> {
    weights_in(name, Container::from_bytes(name, bytes)?, spec, arch)
}

fn weights_in(name: &str, container: Container, spec: &ModelSpec, arch: &str) -> Result<KerasWeights> {
    match container {
        Container::Zip(mut archive) => archive_weights(name, &mut archive, spec, arch),
        Container::Hdf5(h5) => KerasWeights::new(h5, spec, arch),
        Container::Other => Err(Error::in_file(name, ErrorKind::WrongFile(WrongFile::NotKerasWeights))),
    }
}

/// The weights inside a `.keras` archive, for `spec` (described in `arch`).
fn archive_weights(name: &str, archive: &mut Archive, spec: &ModelSpec, arch: &str) -> Result<KerasWeights> {
    // A model too large to hold is refused before its weights are unpacked.
    crate::model::check_memory(spec).map_err(|e| e.with_file(name))?;
    let (member, limit) = ("model.weights.h5", weights_limit(spec));
    let h5 = match archive.in_place(member, limit)? {
        Some(in_place) => H5::open_in_place(name, member, in_place)?,
        None => H5::new(name, member, archive.read_limited(member, limit)?)?,
    };
    KerasWeights::new(h5, spec, arch)
}

/// The most a model's weights file may take: float64 weights with two optimizer slots each,
/// plus room for the file format's own bookkeeping, in whole MiB (at most [`MAX_BYTES`]).
pub fn weights_limit(spec: &ModelSpec) -> u64 {
    let params = spec.params().unwrap_or(0) as u64;
    let bytes = params.saturating_mul(8 * 3).saturating_add(64 << 20);
    bytes.div_ceil(1 << 20).saturating_mul(1 << 20).min(MAX_BYTES)
}

/// Why [`weights_limit`] is what it is, for the message refusing a larger file.
pub fn weights_limit_reason(spec: &ModelSpec) -> String {
    format!("(enough for this model's {} weights)", spec.params().unwrap_or(0))
}

/// How the datasets are laid out.
enum Layout {
    /// Keras 3: layer name → `layers/<key>`.
    Keras3(HashMap<String, String>),
    /// Legacy: layer name → its datasets' full paths, from `weight_names`.
    Legacy(HashMap<String, Vec<String>>),
}

/// Weights in a Keras HDF5 file, answering the model's variables.
pub struct KerasWeights {
    h5: H5,
    layout: Layout,
    /// Where the datasets live: `layers`, `model_weights`, or the root.
    root: String,
    /// Layer name → its configuration.
    layers: HashMap<String, LayerConfig>,
    /// What describes the architecture, for messages: `config.json`, `the lesson`.
    arch: String,
    used: BTreeSet<String>,
}

impl KerasWeights {
    /// Find the weights of `spec`'s layers in an HDF5 file, in whichever layout it has.
    pub fn new(h5: H5, spec: &ModelSpec, arch: &str) -> Result<KerasWeights> {
        let layers = spec.layers.iter().map(|l| (l.name.clone(), l.config.clone())).collect();
        let (layout, root) = if h5.has_group("layers") {
            let mut namer = Namer::default();
            let keys = spec
                .layers
                .iter()
                .map(|l| (l.name.clone(), format!("layers/{}", namer.next(&l.config.name_stem()))))
                .collect();
            (Layout::Keras3(keys), "layers".to_string())
        } else {
            let root = if h5.has_group("model_weights") {
                "model_weights"
            } else {
                ""
            };
            let Some(names) = h5.attr_strings(if root.is_empty() { "/" } else { root }, "layer_names")? else {
                return Err(h5.fail(WeightsMistake::NoKerasWeights));
            };
            let mut paths = HashMap::new();
            for layer in names {
                let group = format!("{root}/{layer}");
                let weights = h5.attr_strings(&group, "weight_names")?.unwrap_or_default();
                paths.insert(layer, weights.iter().map(|w| format!("{group}/{w}")).collect());
            }
            (Layout::Legacy(paths), root.to_string())
        };
        Ok(KerasWeights {
            h5,
            layout,
            root,
            layers,
            arch: arch.to_string(),
            used: BTreeSet::new(),
        })
    }

    /// The dataset holding a variable.
    fn path(&self, var: &Var) -> Result<String> {
        let no_layer = || {
            self.h5.fail(WeightsMistake::NoLayer {
                layer: var.layer.clone(),
                arch: self.arch.clone(),
            })
        };
        let config = self.layers.get(&var.layer).ok_or_else(no_layer)?;
        match &self.layout {
            Layout::Keras3(keys) => {
                let key = keys.get(&var.layer).ok_or_else(no_layer)?;
                let index = match var.name {
                    "kernel" | "embeddings" => 0,
                    "recurrent_kernel" => 1,
                    "bias" if config.is_recurrent() => 2,
                    _ => 1,
                };
                Ok(match (config, var.direction) {
                    (LayerConfig::Lstm(_), _) => format!("{key}/cell/vars/{index}"),
                    (LayerConfig::Bidirectional { .. }, Some(d)) => {
                        format!("{key}/{}_layer/cell/vars/{index}", d.name())
                    }
                    _ => format!("{key}/vars/{index}"),
                })
            }
            Layout::Legacy(paths) => {
                let Some(list) = paths.get(&var.layer) else {
                    return Err(self.h5.fail(WeightsMistake::NoWeightsFor {
                        layer: var.layer.clone(),
                        listed: sorted_keys(paths),
                    }));
                };
                let found: Vec<&String> = list
                    .iter()
                    .filter(|p| last_name(p) == var.name)
                    .filter(|p| {
                        var.direction
                            .is_none_or(|d| p.split('/').any(|s| s.starts_with(d.name())))
                    })
                    .collect();
                match found.as_slice() {
                    [one] => Ok((*one).clone()),
                    [] => Err(self.h5.fail(WeightsMistake::NoWeightNamed {
                        layer: var.layer.clone(),
                        weight: var
                            .direction
                            .map_or(var.name.to_string(), |d| format!("{} {}", d.name(), var.name)),
                        list: list.clone(),
                    })),
                    many => Err(self.h5.fail(WeightsMistake::AmbiguousWeight {
                        layer: var.layer.clone(),
                        count: many.len(),
                        weight: var.name.to_string(),
                        list: list.clone(),
                    })),
                }
            }
        }
    }
}

/// `kernel` from `sequential/lstm/lstm_cell/kernel:0`.
fn last_name(path: &str) -> &str {
    let last = path.rsplit('/').next().unwrap_or(path);
    last.split(':').next().unwrap_or(last)
}

fn sorted_keys<V>(m: &HashMap<String, V>) -> String {
    let mut keys: Vec<&str> = m.keys().map(String::as_str).collect();
    keys.sort();
    keys.join(", ")
}

impl WeightSource for KerasWeights {
    fn load(&mut self, var: &Var) -> Result<ArrayD<f32>> {
        let path = self.path(var)?;
        let array = self
            .h5
            .read_f32(&path, &var.shape, &format!("{} in {}", var.key(), self.arch))?;
        self.used.insert(path.trim_start_matches('/').to_string());
        Ok(array)
    }

    fn finish(&mut self) -> Result<()> {
        let all = self.h5.datasets_below(&self.root)?;
        match all.iter().find(|p| !self.used.contains(p.trim_start_matches('/'))) {
            None => Ok(()),
            Some(p) => Err(self.h5.fail(WeightsMistake::UnusedDataset {
                path: p.trim_start_matches('/').to_string(),
                arch: self.arch.clone(),
            })),
        }
    }
}

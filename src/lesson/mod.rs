//! The lesson file format (TOML, `format_version = 1`): the model, its input, the words of a
//! token vocabulary and the narrative a teacher attaches to timesteps and layers.
//! lessons/README.md documents the format; this module reads it with precise errors.

pub mod builtin;
pub mod doc;
mod layers;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ndarray::Array2;

use crate::error::Result;
use crate::io::safetensors::Tensors;
use crate::model::spec::{InputSpec, ModelSpec, Shape};
use crate::model::trace::Quantity;
use doc::{Doc, Node, Table};

/// The only format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// Where the model's input comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum InputSource {
    /// Written out in the lesson, (T, D).
    Values(Array2<f32>),
    /// Token ids, pre-padded with zeros (and pre-truncated) to `pad` as pad_sequences does.
    Tokens { ids: Vec<usize>, pad: Option<usize> },
    /// An .npy file (relative to the lesson), and which sample of a batch.
    File { path: PathBuf, sample: Option<usize> },
    /// Uniform random values from a seed.
    Random { seed: u64, low: f32, high: f32 },
}

/// Which timesteps a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// Every timestep.
    Always,
    /// One timestep.
    Step(usize),
    /// The last timestep.
    Last,
    /// From..=to.
    Range(usize, usize),
}

impl At {
    /// Whether the note applies at `t` of `steps`.
    pub fn covers(self, t: usize, steps: usize) -> bool {
        match self {
            At::Always => true,
            At::Step(s) => s == t,
            At::Last => t + 1 == steps,
            At::Range(a, b) => (a..=b).contains(&t),
        }
    }
}

/// A piece of narrative.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub at: At,
    /// The Keras layer name it is about; `None` for any layer.
    pub layer: Option<String>,
    pub text: String,
    /// The quantity the student should look at; the timeline switches to it.
    pub look_at: Option<Quantity>,
}

/// Where the weights' layout comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Framework {
    /// Keras names and shapes (.npz, .keras, .h5).
    #[default]
    Keras,
    /// A PyTorch state_dict (.safetensors): each layer's tensors, by Keras layer name.
    Pytorch(BTreeMap<String, Tensors>),
}

/// A parsed lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The name used in messages: the path, or the built-in id.
    pub file: String,
    /// The folder relative paths are resolved against.
    pub dir: PathBuf,
    pub title: String,
    pub model: ModelSpec,
    pub seed: u64,
    /// A weights file (relative to the lesson) instead of seeded initialisation.
    pub weights: Option<PathBuf>,
    /// How the weights file names and lays out its arrays.
    pub framework: Framework,
    pub input: InputSource,
    /// Token id → word, for showing the word at t.
    pub words: BTreeMap<usize, String>,
    pub narrative: Vec<Note>,
    /// Things in the file that Keras would ignore too, said once.
    pub warnings: Vec<String>,
}

impl Lesson {
    /// The most specific note for timestep `t` (of `steps`) while `layer` is focused.
    pub fn note_for(&self, t: usize, steps: usize, layer: &str) -> Option<&Note> {
        self.narrative
            .iter()
            .filter(|n| n.at.covers(t, steps) && n.layer.as_deref().is_none_or(|l| l == layer))
            .max_by_key(|n| (n.at != At::Always) as u8 * 2 + n.layer.is_some() as u8)
    }
}

/// Read a lesson from a file on disk.
pub fn load_file(path: &Path) -> Result<Lesson> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::error::Error::in_file(&file, format!("cannot read the lesson: {e}")))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&file, &text, dir)
}

/// Parse lesson text; `file` names it in messages, `dir` resolves relative paths.
pub fn parse(file: &str, text: &str, dir: PathBuf) -> Result<Lesson> {
    let doc = Doc::new(file, text);
    let parsed = doc.parse()?;
    let root = doc.root(&parsed);
    root.deny_unknown(
        &["format_version", "title", "model", "input", "vocabulary", "narrative"],
        "the lesson",
    )?;

    let version = root.require("format_version", "the lesson format version, 1")?;
    if version.as_i64()? != FORMAT_VERSION {
        return Err(version.error(format!(
            "format_version {} is not known to this lstm-tui (it reads format_version = {FORMAT_VERSION})",
            version.as_i64()?
        )));
    }
    let title = root.require("title", "a title for the lesson")?.as_str()?.to_string();
    let model_table = root
        .table("model")?
        .ok_or_else(|| root.error("the lesson needs a [model] table"))?;
    let mut warnings = Vec::new();
    let (model, seed, weights, framework) = parse_model(&model_table, &dir, &mut warnings)?;
    let input = match root.table("input")? {
        Some(t) => parse_input(&t, &dir)?,
        None => {
            return Err(root.error("the lesson needs an [input] table: values, tokens, file or random"));
        }
    };
    let words = match root.table("vocabulary")? {
        Some(t) => parse_vocabulary(&t)?,
        None => BTreeMap::new(),
    };
    let narrative = match root.get("narrative") {
        Some(n) => n
            .as_tables("narrative")?
            .iter()
            .map(|t| parse_note(t, &model))
            .collect::<Result<_>>()?,
        None => Vec::new(),
    };
    Ok(Lesson {
        file: file.to_string(),
        dir,
        title,
        model,
        seed,
        weights,
        framework,
        input,
        words,
        narrative,
        warnings,
    })
}

/// What `[model]` gives: the architecture, the seed, the weights file and its framework.
type ParsedModel = (ModelSpec, u64, Option<PathBuf>, Framework);

fn parse_model(t: &Table, dir: &Path, warnings: &mut Vec<String>) -> Result<ParsedModel> {
    const KEYS: &[&str] = &[
        "input_shape",
        "batch_size",
        "seed",
        "weights",
        "name",
        "layers",
        "file",
        "framework",
    ];
    t.deny_unknown(KEYS, "[model]")?;
    if let Some(file) = t.get("file") {
        return model_file(t, &file, dir, warnings);
    }
    let pytorch = match t.get("framework") {
        None => false,
        Some(n) => match n.as_str()? {
            "keras" => false,
            "pytorch" => true,
            other => return Err(n.error(format!("framework must be \"keras\" or \"pytorch\", got \"{other}\""))),
        },
    };
    let shape_node = t.require("input_shape", "[timesteps, features], or [timesteps] for token ids")?;
    let shape = parse_input_shape(&shape_node)?;
    let batch_size = t.get("batch_size").map(|n| n.as_positive()).transpose()?;
    let seed = t.get("seed").map(|n| n.as_index()).transpose()?.unwrap_or(0) as u64;
    let weights = t.get("weights").map(|n| n.as_str().map(|s| dir.join(s))).transpose()?;
    let name = t
        .get("name")
        .map(|n| n.as_str().map(str::to_string))
        .transpose()?
        .unwrap_or("sequential".into());
    let layers_node = t.require("layers", "one [[model.layers]] table per layer")?;
    let tables = layers_node.as_tables("model.layers")?;
    if tables.is_empty() {
        return Err(layers_node.error("model.layers is empty: a model needs at least one layer"));
    }
    let layers = layers::parse_layers(&tables, warnings)?;
    let framework = if pytorch {
        let weights_node = t.require("weights", "the .safetensors file holding the state_dict")?;
        if !weights_node.as_str()?.ends_with(".safetensors") {
            return Err(weights_node.error("framework = \"pytorch\" reads a .safetensors state_dict"));
        }
        Framework::Pytorch(layers::parse_tensors(&tables, &layers)?)
    } else {
        layers::deny_tensors(&tables)?;
        Framework::Keras
    };
    let spec = ModelSpec {
        name,
        input: InputSpec { shape, batch_size },
        layers,
    };
    // Shapes that do not fit together are reported at the layer that cannot take its input.
    if let Err(e) = spec.shapes() {
        let at = spec
            .layers
            .iter()
            .position(|l| e.message.starts_with(&format!("layer {} ", l.name)))
            .unwrap_or(0);
        return Err(tables[at].error(e.message));
    }
    Ok((spec, seed, weights, framework))
}

/// `[model] file = "sentiment.keras"`: the architecture and weights of a Keras model file.
fn model_file(t: &Table, file: &Node, dir: &Path, warnings: &mut Vec<String>) -> Result<ParsedModel> {
    for (key, span) in t.keys() {
        if key != "file" {
            return Err(t.key_error(
                &span,
                format!("[model] names a model file, which gives the architecture and the weights: `{key}` cannot be given with it"),
            ));
        }
    }
    let path = dir.join(file.as_str()?);
    if !path.exists() {
        return Err(file.error(format!("no such file: {}", path.display())));
    }
    let model = crate::io::keras::read_architecture(&path)?;
    warnings.extend(model.warnings);
    Ok((model.spec, 0, Some(path), Framework::Keras))
}

impl Lesson {
    /// A model file given as SOURCE, as a lesson: titled with the file's name, no narrative, and
    /// (as it holds none) a random input the caller should say it chose.
    pub fn for_model_file(path: &Path, spec: ModelSpec, warnings: Vec<String>) -> Lesson {
        Lesson {
            file: path.display().to_string(),
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            title: path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
            model: spec,
            seed: 0,
            weights: Some(path.to_path_buf()),
            framework: Framework::Keras,
            input: InputSource::Random {
                seed: 0,
                low: 0.0,
                high: 1.0,
            },
            words: BTreeMap::new(),
            narrative: Vec::new(),
            warnings,
        }
    }
}

fn parse_input_shape(n: &Node) -> Result<Shape> {
    let dims = n
        .as_array()?
        .iter()
        .map(Node::as_positive)
        .collect::<Result<Vec<_>>>()?;
    match dims.as_slice() {
        [t] => Ok(Shape::Tokens(*t)),
        [t, d] => Ok(Shape::Seq(*t, *d)),
        _ => Err(n.error(format!(
            "input_shape must be [timesteps, features] or [timesteps], without the batch axis; got {} numbers",
            dims.len()
        ))),
    }
}

fn parse_input(t: &Table, dir: &Path) -> Result<InputSource> {
    t.deny_unknown(&["values", "tokens", "pad", "file", "sample", "random"], "[input]")?;
    let given: Vec<&str> = ["values", "tokens", "file", "random"]
        .into_iter()
        .filter(|k| t.get(k).is_some())
        .collect();
    if given.len() != 1 {
        return Err(t.error(format!(
            "[input] needs exactly one of values, tokens, file or random; found {}",
            if given.is_empty() {
                "none".to_string()
            } else {
                given.join(" and ")
            }
        )));
    }
    if let Some(n) = t.get("values") {
        let rows = n.as_array()?;
        let mut data = Vec::new();
        let mut width = None;
        for row in &rows {
            let vals = row
                .as_array()?
                .iter()
                .map(|v| v.as_f64().map(|x| x as f32))
                .collect::<Result<Vec<_>>>()?;
            if *width.get_or_insert(vals.len()) != vals.len() {
                return Err(row.error(format!(
                    "every row of values must have the same length ({}), this one has {}",
                    width.unwrap_or(0),
                    vals.len()
                )));
            }
            data.extend(vals);
        }
        if rows.is_empty() || width == Some(0) {
            return Err(n.error("values is empty: write one row of features per timestep"));
        }
        let shape = (rows.len(), width.unwrap_or(0));
        return Ok(InputSource::Values(
            Array2::from_shape_vec(shape, data).expect("rectangular"),
        ));
    }
    if let Some(n) = t.get("tokens") {
        let ids = n.as_array()?.iter().map(Node::as_index).collect::<Result<Vec<_>>>()?;
        if ids.is_empty() {
            return Err(n.error("tokens is empty"));
        }
        let pad = t.get("pad").map(|p| p.as_positive()).transpose()?;
        return Ok(InputSource::Tokens { ids, pad });
    }
    if let Some(n) = t.get("file") {
        let sample = t.get("sample").map(|s| s.as_index()).transpose()?;
        return Ok(InputSource::File {
            path: dir.join(n.as_str()?),
            sample,
        });
    }
    let r = t
        .get("random")
        .expect("one of the four is present")
        .as_table("input.random")?;
    r.deny_unknown(&["seed", "low", "high"], "[input.random]")?;
    let seed = r.get("seed").map(|n| n.as_index()).transpose()?.unwrap_or(0) as u64;
    let low = r.get("low").map(|n| n.as_f64()).transpose()?.unwrap_or(0.0) as f32;
    let high = r.get("high").map(|n| n.as_f64()).transpose()?.unwrap_or(1.0) as f32;
    if low >= high || !low.is_finite() || !high.is_finite() {
        return Err(r.error(format!(
            "random needs finite low < high, got low = {low}, high = {high}"
        )));
    }
    Ok(InputSource::Random { seed, low, high })
}

fn parse_vocabulary(t: &Table) -> Result<BTreeMap<usize, String>> {
    let mut words = BTreeMap::new();
    for (word, _) in t.keys() {
        let id = t.get(word).expect("key listed").as_index()?;
        if let Some(other) = words.insert(id, word.to_string()) {
            return Err(t
                .get(word)
                .expect("key listed")
                .error(format!("token id {id} is given to both \"{other}\" and \"{word}\"")));
        }
    }
    Ok(words)
}

fn parse_note(t: &Table, model: &ModelSpec) -> Result<Note> {
    t.deny_unknown(&["at", "layer", "text", "look_at"], "a [[narrative]] entry")?;
    let at = match t.get("at") {
        None => At::Always,
        Some(n) => parse_at(&n)?,
    };
    let layer = match t.get("layer") {
        None => None,
        Some(n) => {
            let name = n.as_str()?;
            if !model.layers.iter().any(|l| l.name == name) {
                let names: Vec<&str> = model.layers.iter().map(|l| l.name.as_str()).collect();
                return Err(n.error(format!(
                    "no layer is named \"{name}\" (the layers are: {})",
                    names.join(", ")
                )));
            }
            Some(name.to_string())
        }
    };
    let text = t.require("text", "the words to show")?.as_str()?.trim().to_string();
    let look_at = match t.get("look_at") {
        None => None,
        Some(n) => {
            Some(Quantity::from_letter(n.as_str()?).ok_or_else(|| n.error("look_at must be one of f, i, g, o, c, h"))?)
        }
    };
    Ok(Note {
        at,
        layer,
        text,
        look_at,
    })
}

fn parse_at(n: &Node) -> Result<At> {
    if let Ok(s) = n.as_str() {
        let bad = || {
            n.error(format!(
                "at must be a timestep, \"last\" or a range like \"3-7\", got \"{s}\""
            ))
        };
        return match s {
            "last" => Ok(At::Last),
            _ => {
                let (a, b) = s.split_once('-').ok_or_else(bad)?;
                let (a, b) = (
                    a.trim().parse().map_err(|_| bad())?,
                    b.trim().parse().map_err(|_| bad())?,
                );
                if a > b {
                    return Err(bad());
                }
                Ok(At::Range(a, b))
            }
        };
    }
    Ok(At::Step(n.as_index()?))
}

//! The lesson file format (TOML, `format_version = 1`): the model, its input, the words of a
//! token vocabulary, a signal per timestep and the narrative a teacher attaches to timesteps and layers.
//! lessons/README.md documents the format; this module reads it with precise errors.

pub mod builtin;
pub mod doc;
mod layers;
pub mod question;
pub mod signal;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ndarray::Array2;

use crate::error::{Error, LessonMistake, Result};
use crate::io::file::{self, Role};
use crate::io::safetensors::Tensors;
use crate::model::cell::Quantity;
use crate::model::spec::{InputSpec, ModelSpec, Shape};
use crate::warning::Warnings;
use doc::{Doc, Node, Table};
pub use question::Question;
pub use signal::Signal;

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
    /// How many of `steps` timesteps the note covers: a narrower note is more specific.
    pub fn width(self, steps: usize) -> usize {
        match self {
            At::Always => steps,
            At::Step(_) | At::Last => 1,
            // Saturating: a model that takes any number of timesteps lets a range end anywhere.
            At::Range(a, b) => b.saturating_sub(a).saturating_add(1),
        }
    }

    /// The last timestep it names by number; `None` for every step and for "last", which fit
    /// any number of timesteps.
    pub fn end(self) -> Option<usize> {
        match self {
            At::Step(t) | At::Range(_, t) => Some(t),
            At::Always | At::Last => None,
        }
    }

    /// The first timestep it covers: where guided mode (`>`) takes the student.
    pub fn start(self, steps: usize) -> usize {
        match self {
            At::Always => 0,
            At::Step(t) | At::Range(t, _) => t,
            At::Last => steps.saturating_sub(1),
        }
    }

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
    /// A value per timestep that units may follow, for `:sort correlation`.
    pub signal: Option<Signal>,
    pub narrative: Vec<Note>,
    /// The questions it asks, in the file's order.
    pub questions: Vec<Question>,
}

impl Lesson {
    /// The most specific note for timestep `t` (of `steps`) while `layer` is focused: one with
    /// an `at` before one without, then one naming the layer, then the one covering the fewest
    /// timesteps, then the later one in the file.
    pub fn note_for(&self, t: usize, steps: usize, layer: &str) -> Option<&Note> {
        self.notes_at(t, steps, layer).first().map(|&k| &self.narrative[k])
    }

    /// Every note (its index) that applies at timestep `t` while `layer` is focused, the most
    /// specific first (as [`Lesson::note_for`] ranks them): a general note is shown beside a
    /// layer's own, not hidden by it.
    pub fn notes_at(&self, t: usize, steps: usize, layer: &str) -> Vec<usize> {
        let mut notes: Vec<usize> = (0..self.narrative.len())
            .filter(|&k| {
                let n = &self.narrative[k];
                n.at.covers(t, steps) && n.layer.as_deref().is_none_or(|l| l == layer)
            })
            .collect();
        notes.sort_by_key(|&k| {
            let n = &self.narrative[k];
            std::cmp::Reverse((
                n.at != At::Always,
                n.layer.is_some(),
                std::cmp::Reverse(n.at.width(steps)),
                k,
            ))
        });
        notes
    }

    /// The notes (their indices) in the order guided mode visits them: by the first timestep
    /// each covers, then as the file gives them; notes for every step (no `at`) come last.
    pub fn tour(&self, steps: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.narrative.len()).collect();
        order.sort_by_key(|&k| {
            let at = self.narrative[k].at;
            (at == At::Always, at.start(steps), k)
        });
        order
    }
}

/// Read a lesson from a file on disk, with every problem found in it; its warnings go to
/// `warnings`, also when it has problems.
pub fn load_file(path: &Path, warnings: &mut Warnings) -> Result<Lesson, Vec<Error>> {
    let text = file::read_text(path, Role::Lesson).map_err(|e| vec![e])?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse_all(&path.display().to_string(), &text, dir, warnings)
}

/// Parse lesson text, leaving out its warnings; `file` names it in messages, `dir` resolves
/// relative paths.
pub fn parse(file: &str, text: &str, dir: PathBuf) -> Result<Lesson> {
    parse_all(file, text, dir, &mut Warnings::default()).map_err(|mut problems| problems.remove(0))
}

/// Parse lesson text and report every problem found, not only the first: each section (and each
/// layer, and each narrative entry) is read even when another one is wrong. Its warnings go to
/// `warnings`, also when it has problems.
pub fn parse_all(file: &str, text: &str, dir: PathBuf, warnings: &mut Warnings) -> Result<Lesson, Vec<Error>> {
    let doc = Doc::new(file, text);
    let parsed = doc.parse().map_err(|e| vec![e])?;
    let root = doc.root(&parsed);
    let mut problems = Problems::default();
    problems.take(root.deny_unknown(
        &[
            "format_version",
            "title",
            "model",
            "input",
            "vocabulary",
            "signal",
            "narrative",
            "question",
        ],
        "the lesson",
    ));
    problems.take(check_version(&root));
    let title = problems.take(
        root.require("title", "a title for the lesson")
            .and_then(|n| n.as_str().map(str::to_string)),
    );
    let model = match root.table("model") {
        Ok(Some(t)) => match parse_model(&t, &dir, warnings) {
            Ok(m) => Some(m),
            Err(errors) => {
                problems.0.extend(errors);
                None
            }
        },
        Ok(None) => problems.take(Err(root.error(LessonMistake::NoModelTable))),
        Err(e) => problems.take(Err(e)),
    };
    let input = match root.table("input") {
        Ok(Some(t)) => model
            .as_ref()
            .and_then(|(m, ..)| problems.take(parse_input(&t, &dir, m))),
        Ok(None) => problems.take(Err(root.error(LessonMistake::NoInputTable))),
        Err(e) => problems.take(Err(e)),
    };
    let words = match root.table("vocabulary") {
        Ok(Some(t)) => problems.take(parse_vocabulary(&t)).unwrap_or_default(),
        Ok(None) => BTreeMap::new(),
        Err(e) => problems.take(Err(e)).unwrap_or_default(),
    };
    let signal = match root.table("signal") {
        Ok(Some(t)) => problems.take(signal::parse(&t, input.as_ref(), model.as_ref().map(|(m, ..)| m))),
        Ok(None) => None,
        Err(e) => problems.take(Err(e)),
    };
    let mut narrative = Vec::new();
    if let Some(entries) = root
        .get("narrative")
        .and_then(|n| problems.take(n.as_tables("narrative")))
    {
        for t in &entries {
            narrative.extend(problems.take(parse_note(t, model.as_ref().map(|(m, ..)| m))));
        }
    }
    let mut questions: Vec<Question> = Vec::new();
    if let Some(entries) = root
        .get("question")
        .and_then(|n| problems.take(n.as_tables("question")))
    {
        for (k, t) in entries.iter().enumerate() {
            let Some(q) = problems.take(question::parse_question(t, k + 1, model.as_ref().map(|(m, ..)| m))) else {
                continue;
            };
            if questions.iter().any(|other| other.id == q.id) {
                let mistake = || LessonMistake::DuplicateQuestionId { id: q.id.clone() };
                problems
                    .0
                    .push(t.get("id").map_or_else(|| t.error(mistake()), |n| n.error(mistake())));
            }
            questions.push(q);
        }
    }
    match (title, model, input) {
        (Some(title), Some((model, seed, weights, framework)), Some(input)) if problems.0.is_empty() => Ok(Lesson {
            file: file.to_string(),
            dir,
            title,
            model,
            seed,
            weights,
            framework,
            input,
            words,
            signal,
            narrative,
            questions,
        }),
        _ => Err(problems.0),
    }
}

/// Problems gathered while reading on.
#[derive(Default)]
struct Problems(Vec<Error>);

impl Problems {
    /// The value, or `None` with the problem kept.
    fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }
}

fn check_version(root: &Table) -> Result<()> {
    let version = root.require("format_version", "the lesson format version, 1")?;
    if version.as_i64()? != FORMAT_VERSION {
        return Err(version.error(LessonMistake::FormatVersion {
            found: version.as_i64()?,
            known: FORMAT_VERSION,
        }));
    }
    Ok(())
}

/// What `[model]` gives: the architecture, the seed, the weights file and its framework.
type ParsedModel = (ModelSpec, u64, Option<PathBuf>, Framework);

fn parse_model(t: &Table, dir: &Path, warnings: &mut Warnings) -> Result<ParsedModel, Vec<Error>> {
    let one = |e: Error| vec![e];
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
    t.deny_unknown(KEYS, "[model]").map_err(one)?;
    if let Some(file) = t.get("file") {
        return model_file(t, &file, dir, warnings).map_err(one);
    }
    let pytorch = match t.get("framework").map(|n| (n.as_str(), n)) {
        None => false,
        Some((Ok("keras"), _)) => false,
        Some((Ok("pytorch"), _)) => true,
        Some((Ok(other), n)) => {
            return Err(one(n.error(LessonMistake::Framework {
                found: other.to_string(),
            })));
        }
        Some((Err(e), _)) => return Err(one(e)),
    };
    let shape_node = t
        .require("input_shape", "[timesteps, features], or [timesteps] for token ids")
        .map_err(one)?;
    let shape = parse_input_shape(&shape_node).map_err(one)?;
    let batch_size = t.get("batch_size").map(|n| n.as_positive()).transpose().map_err(one)?;
    let seed = t
        .get("seed")
        .map(|n| n.as_index())
        .transpose()
        .map_err(one)?
        .unwrap_or(0) as u64;
    let weights = t
        .get("weights")
        .map(|n| n.as_str().map(|s| dir.join(s)))
        .transpose()
        .map_err(one)?;
    let name = t
        .get("name")
        .map(|n| n.as_str().map(str::to_string))
        .transpose()
        .map_err(one)?
        .unwrap_or("sequential".into());
    let layers_node = t
        .require("layers", "one [[model.layers]] table per layer")
        .map_err(one)?;
    let tables = layers_node.as_tables("model.layers").map_err(one)?;
    if tables.is_empty() {
        return Err(one(layers_node.error(LessonMistake::NoLayers)));
    }
    let layers = layers::parse_layers(&tables, shape, warnings)?;
    let framework = if pytorch {
        let weights_node = t
            .require("weights", "the .safetensors file holding the state_dict")
            .map_err(one)?;
        if !weights_node.as_str().map_err(one)?.ends_with(".safetensors") {
            return Err(one(weights_node.error(LessonMistake::PytorchWeightsFile)));
        }
        Framework::Pytorch(layers::parse_tensors(&tables, &layers).map_err(one)?)
    } else {
        layers::deny_tensors(&tables).map_err(one)?;
        Framework::Keras
    };
    let spec = ModelSpec {
        name,
        input: InputSpec { shape, batch_size },
        input_layer: None,
        layers,
    };
    // Shapes that do not fit together are reported at the layer that cannot take its input.
    if let Err((at, e)) = spec.shapes_or_misfit() {
        return Err(one(tables[at].error(*e.kind)));
    }
    Ok((spec, seed, weights, framework))
}

/// `[model] file = "sentiment.keras"`: the architecture and weights of a Keras model file.
fn model_file(t: &Table, file: &Node, dir: &Path, warnings: &mut Warnings) -> Result<ParsedModel> {
    for (key, span) in t.keys() {
        if key != "file" {
            let key = key.to_string();
            return Err(t.key_error(&span, LessonMistake::ModelFileWith { key }));
        }
    }
    let path = dir.join(file.as_str()?);
    // A symlink loop or a path that cannot be looked up is not "no such file": the reader says why.
    if matches!(path.try_exists(), Ok(false)) {
        let path = path.display().to_string();
        return Err(file.error(LessonMistake::NoSuchFile { path }));
    }
    let model = crate::io::keras::read_architecture(&path)?;
    warnings.extend(model.warnings);
    Ok((model.spec, 0, Some(path), Framework::Keras))
}

impl Lesson {
    /// A model file given as SOURCE, as a lesson: titled with the file's name, no narrative, and
    /// (as it holds none) a random input the caller should say it chose.
    pub fn for_model_file(path: &Path, spec: ModelSpec) -> Lesson {
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
            signal: None,
            narrative: Vec::new(),
            questions: Vec::new(),
        }
    }
}

fn parse_input_shape(n: &Node) -> Result<Shape> {
    let dims = n
        .as_array()?
        .iter()
        .map(Node::as_positive)
        .collect::<Result<Vec<_>>>()?;
    let shape = match dims.as_slice() {
        [t] => Shape::Tokens(Some(*t)),
        [t, d] => Shape::Seq(Some(*t), *d),
        _ => {
            return Err(n.error(LessonMistake::InputShapeRank { count: dims.len() }));
        }
    };
    shape
        .check_size(format_args!("input_shape {dims:?}"))
        .map_err(|e| n.error(*e.kind))?;
    Ok(shape)
}

/// `[input]`. Values and tokens written in the lesson are checked against the model here, where
/// their line is known; files are checked when they are read.
fn parse_input(t: &Table, dir: &Path, model: &ModelSpec) -> Result<InputSource> {
    t.deny_unknown(&["values", "tokens", "pad", "file", "sample", "random"], "[input]")?;
    let given: Vec<&str> = ["values", "tokens", "file", "random"]
        .into_iter()
        .filter(|k| t.get(k).is_some())
        .collect();
    if given.len() != 1 {
        return Err(t.error(LessonMistake::InputCount { given }));
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
                return Err(row.error(LessonMistake::RaggedValues {
                    width: width.unwrap_or(0),
                    found: vals.len(),
                }));
            }
            data.extend(vals);
        }
        if rows.is_empty() || width == Some(0) {
            return Err(n.error(LessonMistake::EmptyValues));
        }
        let shape = (rows.len(), width.unwrap_or(0));
        match model.input.shape {
            Shape::Seq(steps, features) if steps.is_none_or(|t| t == shape.0) && features == shape.1 => {}
            Shape::Seq(steps, features) => {
                return Err(n.error(LessonMistake::ValuesShape {
                    rows: shape.0,
                    cols: shape.1,
                    steps,
                    features,
                }));
            }
            _ => {
                return Err(n.error(LessonMistake::ValuesForTokens));
            }
        }
        return Ok(InputSource::Values(
            Array2::from_shape_vec(shape, data).expect("rectangular"),
        ));
    }
    if let Some(n) = t.get("tokens") {
        let ids = n.as_array()?.iter().map(Node::as_index).collect::<Result<Vec<_>>>()?;
        if ids.is_empty() {
            return Err(n.error(LessonMistake::EmptyTokens));
        }
        let pad = t.get("pad").map(|p| p.as_positive()).transpose()?;
        let Shape::Tokens(steps) = model.input.shape else {
            return Err(n.error(LessonMistake::TokensForVectors));
        };
        match (pad, t.get("pad"), steps) {
            (Some(p), Some(node), Some(steps)) if p != steps => {
                return Err(node.error(LessonMistake::PadSteps { pad: p, steps }));
            }
            (None, _, Some(steps)) if ids.len() != steps => {
                return Err(n.error(LessonMistake::TokenSteps {
                    count: ids.len(),
                    steps,
                }));
            }
            _ => {}
        }
        if let Some(input_dim) = model.vocabulary()
            && let Some((k, id)) = ids.iter().enumerate().find(|(_, id)| **id >= input_dim)
        {
            return Err(n.as_array()?[k].error(LessonMistake::TokenOutside { id: *id, input_dim }));
        }
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
    if !(low < high && (high - low).is_finite()) {
        return Err(r.error(LessonMistake::RandomRange {
            low: low.to_string(),
            high: high.to_string(),
        }));
    }
    Ok(InputSource::Random { seed, low, high })
}

fn parse_vocabulary(t: &Table) -> Result<BTreeMap<usize, String>> {
    let mut words = BTreeMap::new();
    for (word, _) in t.keys() {
        let id = t.get(word).expect("key listed").as_index()?;
        if let Some(other) = words.insert(id, word.to_string()) {
            let mistake = LessonMistake::SharedTokenId {
                id,
                other,
                word: word.to_string(),
            };
            return Err(t.get(word).expect("key listed").error(mistake));
        }
    }
    Ok(words)
}

/// One narrative entry. Without a model (its section had problems) the entry is still read, and
/// only what needs the model (the timestep range, the layer's name) goes unchecked.
fn parse_note(t: &Table, model: Option<&ModelSpec>) -> Result<Note> {
    t.deny_unknown(&["at", "layer", "text", "look_at"], "a [[narrative]] entry")?;
    let at = match t.get("at") {
        None => At::Always,
        Some(n) => parse_at(&n, model.and_then(|m| m.input.shape.fixed_timesteps()))?,
    };
    let (name, layer) = match (t.get("layer"), model) {
        (None, _) => (None, None),
        (Some(n), None) => (Some(n.as_str()?.to_string()), None),
        (Some(n), Some(model)) => {
            let name = n.as_str()?;
            match model.layers.iter().find(|l| l.name == name) {
                Some(l) => (Some(l.name.clone()), Some(l)),
                None => {
                    return Err(n.error(LessonMistake::NoLayerNamed {
                        name: name.to_string(),
                        layers: model.layers.iter().map(|l| l.name.clone()).collect(),
                    }));
                }
            }
        }
    };
    let text = t.require("text", "the words to show")?.as_str()?.trim().to_string();
    let look_at = match t.get("look_at") {
        None => None,
        Some(n) => {
            let q = Quantity::from_letter(n.as_str()?).ok_or_else(|| n.error(LessonMistake::LookAt))?;
            if let Some(l) = layer.filter(|l| !l.config.is_recurrent()) {
                return Err(n.error(LessonMistake::LookAtNoGates {
                    layer: l.name.clone(),
                    class: l.config.class_name(),
                }));
            }
            Some(q)
        }
    };
    Ok(Note {
        at,
        layer: name,
        text,
        look_at,
    })
}

/// `at`: a timestep, "last", or a range "a-b", within the model's `steps` timesteps.
/// `at` of a narrative entry, checked against the model's timesteps when it fixes them (a model
/// file that takes any number is checked once the input is known, by the session).
fn parse_at(n: &Node, steps: Option<usize>) -> Result<At> {
    let at = match n.as_str() {
        Ok(s) => {
            let bad = || n.error(LessonMistake::BadAt { at: s.to_string() });
            let number = |x: &str| x.trim().parse::<usize>().map_err(|_| bad());
            match s.split_once('-') {
                _ if s.trim() == "last" => At::Last,
                None => At::Step(number(s)?),
                Some((a, b)) => {
                    let (a, b) = (number(a)?, number(b)?);
                    if a > b {
                        return Err(bad());
                    }
                    At::Range(a, b)
                }
            }
        }
        Err(_) => At::Step(n.as_index()?),
    };
    if let (Some(steps), Some(end)) = (steps, at.end())
        && end >= steps
    {
        return Err(n.error(LessonMistake::AtPastEnd { end, steps }));
    }
    Ok(at)
}

//! Everything a command needs from a SOURCE (a built-in lesson id or a file): the lesson, the
//! model with its weights, the input sample and the recorded trace.

use std::path::{Path, PathBuf};

use ndarray::{Array2, Axis, Ix1, Ix2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::io::npy::{self, NpyArray};
use crate::io::npz::NpzWeights;
use crate::lesson::{self, InputSource, Lesson};
use crate::model::Model;
use crate::model::init::SeededInit;
use crate::model::spec::Shape;
use crate::model::trace::{Input, Trace};
use crate::model::weights::WeightSource;

/// Command-line choices that override what the lesson says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--input FILE`: an .npy sample or batch.
    pub input: Option<PathBuf>,
    /// `--weights FILE`.
    pub weights: Option<PathBuf>,
    /// `--sample N`: which sample of a batch.
    pub sample: Option<usize>,
}

/// A loaded SOURCE, run once and recorded.
#[derive(Debug, Clone)]
pub struct Session {
    /// The SOURCE as the user typed it.
    pub source: String,
    pub lesson: Lesson,
    pub model: Model,
    pub trace: Trace,
    /// Everything worth telling the user that did not stop the run.
    pub warnings: Vec<String>,
}

/// Read a lesson: a built-in id, or a path to a lesson file.
pub fn read_lesson(source: &str) -> Result<Lesson> {
    read_lesson_all(source).map_err(|mut problems| problems.remove(0))
}

/// Read a lesson, with every problem found in it.
fn read_lesson_all(source: &str) -> Result<Lesson, Vec<Error>> {
    if let Some(text) = lesson::builtin::get(source) {
        return lesson::parse_all(&format!("{source} (built-in)"), text, PathBuf::new());
    }
    let path = Path::new(source);
    if !path.exists() {
        let ids: Vec<&str> = lesson::builtin::LESSONS.iter().map(|(id, _)| *id).collect();
        let message = format!(
            "no such file, and not a built-in lesson (those are: {})",
            ids.join(", ")
        );
        return Err(vec![Error::in_file(source, message)]);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => lesson::load_file(path),
        _ => Err(vec![Error::in_file(
            source,
            "lstm-tui reads lesson files ending in .toml",
        )]),
    }
}

/// Every problem `lstm-tui check` finds in SOURCE: all of its lesson file's, or else the first
/// one met loading its weights and input.
pub fn check(source: &str) -> Vec<Error> {
    match read_lesson_all(source) {
        Err(problems) => problems,
        Ok(_) => Session::load(source, &Overrides::default()).err().into_iter().collect(),
    }
}

fn weight_source(lesson: &Lesson, overrides: &Overrides) -> Result<Box<dyn WeightSource>> {
    match overrides.weights.as_ref().or(lesson.weights.as_ref()) {
        None => Ok(Box::new(SeededInit::new(lesson.seed))),
        Some(path) if path.extension().is_some_and(|e| e == "npz") => Ok(Box::new(NpzWeights::open(path)?)),
        Some(path) => Err(Error::in_file(path.display(), "weights must be an .npz file")),
    }
}

impl Session {
    /// Load SOURCE, build the model, pick the input and record the run.
    pub fn load(source: &str, overrides: &Overrides) -> Result<Session> {
        let lesson = read_lesson(source)?;
        let mut weights = weight_source(&lesson, overrides)?;
        let model = Model::build(lesson.model.clone(), weights.as_mut()).map_err(|e| e.with_file(&lesson.file))?;
        let (input, origin) = pick_input(&lesson, overrides, &model)?;
        model.check_input(&input).map_err(|e| e.with_file(&origin))?;
        let trace = model.trace(&input);
        let mut warnings = lesson.warnings.clone();
        warnings.extend(model.warnings.iter().cloned());
        Ok(Session {
            source: source.to_string(),
            lesson,
            model,
            trace,
            warnings,
        })
    }

    /// The word for a token id, when the lesson gives one.
    pub fn word(&self, id: usize) -> Option<&str> {
        self.lesson.words.get(&id).map(String::as_str)
    }
}

/// Pre-pad with zeros, or drop from the front, to `len` tokens, as Keras's pad_sequences does.
pub fn pad_tokens(ids: &[usize], len: usize) -> Vec<usize> {
    if ids.len() >= len {
        ids[ids.len() - len..].to_vec()
    } else {
        let mut out = vec![0; len - ids.len()];
        out.extend_from_slice(ids);
        out
    }
}

/// The input sample and the name of where it came from (for messages): `--input` first, else the lesson's.
fn pick_input(lesson: &Lesson, overrides: &Overrides, model: &Model) -> Result<(Input, String)> {
    let shape = model.spec.input.shape;
    let from = |path: &PathBuf, sample| Ok((from_file(path, sample, shape)?, path.display().to_string()));
    let written = |input| Ok((input, lesson.file.clone()));
    match (&overrides.input, &lesson.input) {
        (Some(path), _) => from(path, overrides.sample),
        (None, InputSource::File { path, sample }) => from(path, overrides.sample.or(*sample)),
        (None, InputSource::Values(v)) => written(Input::Values(v.clone())),
        (None, InputSource::Tokens { ids, pad }) => {
            written(Input::Tokens(pad.map_or_else(|| ids.clone(), |n| pad_tokens(ids, n))))
        }
        (None, InputSource::Random { seed, low, high }) => written(random_input(model, *seed, *low, *high)),
    }
}

/// Uniform random values (or token ids from 1 up to the vocabulary size) from a seed.
pub fn random_input(model: &Model, seed: u64, low: f32, high: f32) -> Input {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    match model.spec.input.shape {
        Shape::Tokens(t) => {
            let vocab = match model.layers.first().map(|l| &l.config) {
                Some(crate::model::spec::LayerConfig::Embedding { input_dim, .. }) => *input_dim,
                _ => 2,
            };
            Input::Tokens((0..t).map(|_| rng.random_range(1..vocab.max(2))).collect())
        }
        Shape::Seq(t, d) => Input::Values(Array2::from_shape_fn((t, d), |_| rng.random_range(low..high))),
        Shape::Vec(d) => Input::Values(Array2::from_shape_fn((1, d), |_| rng.random_range(low..high))),
    }
}

/// One sample from an .npy file holding a sample or a batch.
pub fn from_file(path: &Path, sample: Option<usize>, shape: Shape) -> Result<Input> {
    let file = path.display().to_string();
    let array = npy::read(path)?;
    let batch_rank = match shape {
        Shape::Tokens(_) => 2,
        _ => 3,
    };
    let dims = array.shape().to_vec();
    let pick = |n: usize| -> Result<usize> {
        let s = sample.unwrap_or(0);
        if s >= n {
            return Err(Error::in_file(
                &file,
                format!(
                    "--sample {s} is out of range: the batch holds {n} samples (0 to {})",
                    n - 1
                ),
            ));
        }
        Ok(s)
    };
    let batched = dims.len() == batch_rank;
    if !batched && sample.is_some_and(|s| s > 0) {
        return Err(Error::in_file(
            &file,
            format!(
                "--sample {} given, but the file holds one sample of shape {}",
                sample.unwrap_or(0),
                crate::model::weights::shape_str(&dims)
            ),
        ));
    }
    if dims.contains(&0) {
        return Err(Error::in_file(
            &file,
            format!("the input is empty (shape {})", crate::model::weights::shape_str(&dims)),
        ));
    }
    match (shape, array) {
        (Shape::Tokens(_), NpyArray::Int(a)) if a.ndim() <= 2 => {
            let a = if batched {
                a.index_axis_move(Axis(0), pick(dims[0])?)
            } else {
                a
            };
            let a = a
                .into_dimensionality::<Ix1>()
                .map_err(|_| Error::in_file(&file, "expected token ids of shape (T,) or (B, T)"))?;
            let ids = a
                .iter()
                .enumerate()
                .map(|(t, &id)| {
                    usize::try_from(id).map_err(|_| Error::in_file(&file, format!("token {id} at t={t} is negative")))
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Input::Tokens(ids))
        }
        (Shape::Tokens(_), NpyArray::Float(_)) => Err(Error::in_file(
            &file,
            "the model reads token ids but the file holds floats; save the ids as an integer array",
        )),
        (Shape::Seq(..), NpyArray::Float(a)) if a.ndim() == 2 || a.ndim() == 3 => {
            let a = if batched {
                a.index_axis_move(Axis(0), pick(dims[0])?)
            } else {
                a
            };
            Ok(Input::Values(
                a.into_dimensionality::<Ix2>()
                    .expect("rank checked")
                    .as_standard_layout()
                    .into_owned(),
            ))
        }
        (Shape::Seq(..), NpyArray::Int(_)) => Err(Error::in_file(
            &file,
            "the model reads float features but the file holds integers",
        )),
        (s, _) => Err(Error::in_file(
            &file,
            format!(
                "expected {} but the file has shape {}",
                match s {
                    Shape::Tokens(_) => "token ids of shape (T,) or a batch (B, T)",
                    _ => "features of shape (T, D) or a batch (B, T, D)",
                },
                crate::model::weights::shape_str(&dims)
            ),
        )),
    }
}

//! Everything a command needs from a SOURCE (a built-in lesson id, a lesson file or a Keras model
//! file): the lesson, the model with its weights, the input sample and the recorded trace.

use std::path::{Path, PathBuf};

use ndarray::{Array2, ArrayD, Ix1, Ix2};
use rand::distr::Uniform;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, InputMismatch, Kind, OptionMistake, Result, WrongFile};
use crate::io::keras;
use crate::io::npy::{self, NpyArray};
use crate::io::npz::NpzWeights;
use crate::io::safetensors::{self, TorchWeights};
use crate::io::text::Vocabulary;
use crate::lesson::{self, Framework, InputSource, Lesson};
use crate::model::Model;
use crate::model::init::SeededInit;
use crate::model::spec::{ModelSpec, Shape};
use crate::model::trace::{Input, Trace};
use crate::model::weights::WeightSource;
use crate::warning::{Warning, WarningKind, Warnings};

/// Command-line choices that override what the lesson says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--input FILE`: an .npy sample or batch.
    pub input: Option<PathBuf>,
    /// `--weights FILE`.
    pub weights: Option<PathBuf>,
    /// `--sample N`: which sample of a batch.
    pub sample: Option<usize>,
    /// `--tokens "12 5 981"`.
    pub tokens: Option<Vec<usize>>,
    /// `--text "..."`, tokenised with the `--vocab` vocabulary.
    pub text: Option<String>,
    /// `--vocab FILE`: a TextVectorization vocabulary, also the words shown on screen.
    pub vocab: Option<PathBuf>,
    /// `--pad N`: pre-pad (or pre-truncate) token ids to N, as pad_sequences does.
    pub pad: Option<usize>,
    /// `--random-input [--seed N]`: the seed.
    pub random: Option<u64>,
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
    pub warnings: Vec<Warning>,
}

/// A SOURCE opened: the lesson, the weights when the source file holds them, and whether it
/// says what input to run.
struct Opened {
    lesson: Lesson,
    weights: Option<Box<dyn WeightSource>>,
    has_input: bool,
}

/// Read a lesson: a built-in id, a path to a lesson file, or a Keras model file.
pub fn read_lesson(source: &str) -> Result<Lesson> {
    Ok(open_source(source, &mut Warnings::default()).map_err(first)?.lesson)
}

fn first(mut problems: Vec<Error>) -> Error {
    problems.remove(0)
}

/// What `lstm-tui check` finds in SOURCE.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every warning a run would give, or those met before loading stopped at a problem.
    pub warnings: Warnings,
    /// Every problem of its lesson file, or else the first one met loading its weights and input.
    pub problems: Vec<Error>,
}

/// Everything `lstm-tui check` finds in SOURCE.
pub fn check(source: &str) -> Checked {
    let mut warnings = Warnings::default();
    let problems = match open_source(source, &mut warnings) {
        Err(problems) => problems,
        Ok(opened) => match Session::from_opened(source, opened, &Overrides::default(), &mut warnings) {
            Ok(_) => Vec::new(),
            Err(e) => vec![e],
        },
    };
    Checked { warnings, problems }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// File endings of pickled PyTorch files, which are never opened.
const PICKLES: &[&str] = &["pt", "pth", "bin", "ckpt", "pkl", "pickle"];

/// A SOURCE, with every problem found in it when it is a lesson file.
fn open_source(source: &str, warnings: &mut Warnings) -> Result<Opened, Vec<Error>> {
    if let Some(text) = lesson::builtin::get(source) {
        let lesson = lesson::parse_all(&format!("{source} (built-in)"), text, PathBuf::new(), warnings)?;
        let weights = builtin_weights(&lesson).map_err(|e| vec![e])?;
        return Ok(Opened {
            lesson,
            weights,
            has_input: true,
        });
    }
    let path = Path::new(source);
    if PICKLES.contains(&extension(path).as_str()) {
        return Err(vec![safetensors::refuse_pickle(source)]);
    }
    // A symlink loop or a path that cannot be looked up is not "no such file": the reader says why.
    if matches!(path.try_exists(), Ok(false)) {
        let lessons = lesson::builtin::LESSONS.iter().map(|(id, _)| id.to_string()).collect();
        return Err(vec![wrong_file(source, WrongFile::NoSuchFile { lessons })]);
    }
    let one = |e: Error| vec![e];
    match extension(path).as_str() {
        "toml" => Ok(Opened {
            lesson: lesson::load_file(path, warnings)?,
            weights: None,
            has_input: true,
        }),
        "keras" | "h5" | "hdf5" => {
            let file = keras::open_model(path).map_err(one)?;
            warnings.extend(file.model.warnings);
            Ok(Opened {
                lesson: Lesson::for_model_file(path, file.model.spec),
                weights: Some(Box::new(file.weights)),
                has_input: false,
            })
        }
        "safetensors" => Err(one(wrong_file(source, WrongFile::WeightsWithoutArchitecture))),
        "npz" => Err(one(wrong_file(source, WrongFile::WeightsOnly))),
        _ => Err(one(wrong_file(source, WrongFile::NotALesson))),
    }
}

/// The error for `file`, which is not the file its role needs.
fn wrong_file(file: impl std::fmt::Display, wrong: WrongFile) -> Error {
    Error::new(Kind::WrongFile(wrong)).with_file(file)
}

/// The error for a command-line option that does not fit.
fn option_mistake(mistake: OptionMistake) -> Error {
    Error::new(Kind::Option(mistake))
}

/// The error for an input file that does not fit the model.
fn input_mismatch(file: &str, mismatch: InputMismatch) -> Error {
    Error::new(Kind::Input(mismatch)).with_file(file)
}

/// `e`, said as about `part` (an option) of the lesson `file`.
fn about(file: &str, part: String, e: Error) -> Error {
    Error::new(Kind::In { part, inner: e.kind }).with_file(file)
}

/// The weights a built-in lesson names, from the files built in beside it.
fn builtin_weights(lesson: &Lesson) -> Result<Option<Box<dyn WeightSource>>> {
    let Some(path) = &lesson.weights else {
        return Ok(None);
    };
    let name = path.display().to_string();
    let bytes = lesson::builtin::file(&name)
        .ok_or_else(|| wrong_file(&lesson.file, WrongFile::NoBuiltin { name: name.clone() }))?;
    let file = format!("{name} (built-in)");
    Ok(Some(Box::new(NpzWeights::from_bytes(&file, bytes.to_vec())?)))
}

fn weight_source(lesson: &Lesson, overrides: &Overrides) -> Result<Box<dyn WeightSource>> {
    match overrides.weights.as_ref().or(lesson.weights.as_ref()) {
        None => Ok(Box::new(SeededInit::new(lesson.seed))),
        Some(path) => open_weights(path, lesson),
    }
}

/// A weights file for a lesson's model, by its ending and the lesson's framework.
fn open_weights(path: &Path, lesson: &Lesson) -> Result<Box<dyn WeightSource>> {
    let file = path.display().to_string();
    match (extension(path).as_str(), &lesson.framework) {
        (e, _) if PICKLES.contains(&e) => Err(safetensors::refuse_pickle(&file)),
        ("npz", Framework::Keras) => Ok(Box::new(NpzWeights::open(path)?)),
        ("keras" | "h5" | "hdf5", Framework::Keras) => {
            Ok(Box::new(keras::open_weights(path, &lesson.model, &lesson.file)?))
        }
        ("safetensors", Framework::Pytorch(tensors)) => Ok(Box::new(TorchWeights::open(path, &lesson.model, tensors)?)),
        ("safetensors", Framework::Keras) => Err(wrong_file(
            &file,
            WrongFile::PytorchWeights {
                lesson: lesson.file.clone(),
            },
        )),
        (_, Framework::Pytorch(_)) => Err(wrong_file(&file, WrongFile::NotSafetensors)),
        _ => Err(wrong_file(&file, WrongFile::NotWeights)),
    }
}

/// Where the input came from, for messages.
enum Origin {
    /// A file: errors name it.
    File(String),
    /// A command-line option: errors name the model's file and the option.
    Option(&'static str),
}

impl Session {
    /// Load SOURCE, build the model, pick the input and record the run.
    pub fn load(source: &str, overrides: &Overrides) -> Result<Session> {
        let mut warnings = Warnings::default();
        let opened = open_source(source, &mut warnings).map_err(first)?;
        Session::from_opened(source, opened, overrides, &mut warnings)
    }

    /// The session of an opened SOURCE, with every warning pushed to `warnings`.
    fn from_opened(source: &str, opened: Opened, overrides: &Overrides, warnings: &mut Warnings) -> Result<Session> {
        let Opened {
            mut lesson,
            weights,
            has_input,
        } = opened;
        let vocab = overrides.vocab.as_deref().map(Vocabulary::read).transpose()?;
        if let Some(v) = &vocab {
            lesson.words = v.words();
        }
        let (planned, origin) = pick_input(&lesson, overrides, vocab.as_ref(), has_input, warnings)?;
        let shape = lesson.model.input.shape;
        let steps = planned.timesteps(shape);
        if overrides.pad.is_some() && !matches!(shape, Shape::Tokens(_)) {
            return Err(option_mistake(OptionMistake::PadVectors));
        }
        if let (Some(n), Some(t)) = (overrides.pad, shape.fixed_timesteps())
            && n != t
        {
            return Err(option_mistake(OptionMistake::PadLength { pad: n, steps: t }).with_file(&lesson.file));
        }
        if shape.takes_any_timesteps() {
            lesson.model.input.shape = shape.with_timesteps(steps);
        }
        // Everything this run will hold is counted before any of it is made, with the input's
        // own timesteps (an input that does not fit is refused once made, when it is small).
        let mut counted = lesson.model.clone();
        counted.input.shape = shape.with_timesteps(steps);
        crate::model::check_memory(&counted).map_err(|e| {
            match (shape.fixed_timesteps() == Some(steps), overrides.pad, &origin) {
                (true, ..) => e.with_file(&lesson.file),
                (false, Some(n), _) => about(&lesson.file, format!("--pad {n}"), e),
                (false, None, Origin::File(file)) => e.with_file(file),
                (false, None, Origin::Option(option)) => about(&lesson.file, option.to_string(), e),
            }
        })?;
        let input = planned.make(&lesson.model)?;
        // The signal is about the lesson's own input: another one given on the command line
        // drops it.
        let overridden = overrides.input.is_some()
            || overrides.tokens.is_some()
            || overrides.text.is_some()
            || overrides.random.is_some();
        if overridden {
            lesson.signal = None;
        }
        if let Some(signal) = &lesson.signal {
            signal.check_steps(&lesson.file, input.timesteps())?;
        }
        if shape.takes_any_timesteps() {
            let past = lesson
                .narrative
                .iter()
                .filter_map(|note| note.at.end())
                .filter(|&end| end >= steps);
            warnings.extend(
                past.map(|at| Warning::new(Some(&lesson.file), WarningKind::NoteNeverShows { at, last: steps - 1 })),
            );
            let unasked = lesson
                .questions
                .iter()
                .filter_map(|q| q.at.end().map(|at| (q, at)))
                .filter(|&(_, at)| at >= steps);
            warnings.extend(unasked.map(|(q, at)| {
                Warning::new(
                    Some(&lesson.file),
                    WarningKind::QuestionNeverAsked {
                        id: q.id.clone(),
                        at,
                        last: steps - 1,
                    },
                )
            }));
        }
        let mut weights = match (overrides.weights.as_deref(), weights) {
            (None, Some(from_file)) => from_file,
            _ => weight_source(&lesson, overrides)?,
        };
        let model = Model::build(lesson.model.clone(), weights.as_mut()).map_err(|e| e.with_file(&lesson.file))?;
        model
            .check_input(&input)
            .map_err(|e| input_error(e, &origin, &input, &lesson, overrides.pad))?;
        if let Some(v) = &vocab {
            warnings.extend(vocabulary_warning(v, &model));
        }
        let trace = model.trace(&input, crate::model::pipeline::available_threads());
        warnings.extend(model.warnings.iter().cloned());
        Ok(Session {
            source: source.to_string(),
            lesson,
            model,
            trace,
            warnings: warnings.to_vec(),
        })
    }

    /// The word for a token id, when the lesson gives one.
    pub fn word(&self, id: usize) -> Option<&str> {
        self.lesson.words.get(&id).map(String::as_str)
    }
}

/// An input that does not fit the model: named by its file, or by its option and the model's
/// file, with the `--pad` that would fix token ids of the wrong length.
fn input_error(e: Error, origin: &Origin, input: &Input, lesson: &Lesson, pad: Option<usize>) -> Error {
    match origin {
        Origin::File(file) => e.with_file(file),
        Origin::Option(option) => {
            let pad_to = match (input, lesson.model.input.shape) {
                (Input::Tokens(ids), Shape::Tokens(Some(t))) if ids.len() != t && pad.is_none() => Some(t),
                _ => None,
            };
            let kind = Kind::Given {
                option: option.to_string(),
                inner: e.kind,
                pad_to,
            };
            Error::in_file(&lesson.file, kind)
        }
    }
}

/// A vocabulary larger than the Embedding's: its last words would be refused as inputs.
fn vocabulary_warning(vocab: &Vocabulary, model: &Model) -> Option<Warning> {
    match model.spec.vocabulary() {
        Some(input_dim) if vocab.len() > input_dim => Some(Warning::new(
            Some(&vocab.file),
            WarningKind::VocabularyTooLarge {
                tokens: vocab.len(),
                input_dim,
            },
        )),
        _ => None,
    }
}

/// An input chosen but not yet made: what is sized by the model or by `--pad` (a random input,
/// padding) is only made once the memory it takes has been checked.
struct Planned {
    what: Chosen,
    /// `--pad N`.
    pad: Option<usize>,
}

/// Where a [`Planned`] input comes from.
enum Chosen {
    /// Already read or given.
    Given(Input),
    /// The lesson's token ids, to pre-pad (or cut) to `len`.
    Padded { ids: Vec<usize>, len: usize },
    /// An .npy file (named `file`) whose header, read and checked, gives `steps` timesteps a
    /// sample; its data is read from `rest` only once the memory it takes has been checked.
    File {
        file: String,
        header: npy::Started,
        rest: Box<dyn std::io::Read>,
        steps: usize,
        sample: Option<usize>,
    },
    /// Uniform random values (or token ids) from a seed, of the model's shape.
    Random { seed: u64, low: f32, high: f32 },
}

impl Planned {
    /// How many timesteps the input will have, for a model of input shape `shape`.
    fn timesteps(&self, shape: Shape) -> usize {
        match (self.pad, &self.what) {
            (Some(n), _) => n,
            (None, Chosen::Given(input)) => input.timesteps(),
            (None, Chosen::Padded { len, .. }) => *len,
            (None, Chosen::File { steps, .. }) => *steps,
            (None, Chosen::Random { .. }) => shape.fixed_timesteps().unwrap_or(RANDOM_FREE_TIMESTEPS),
        }
    }

    /// Make the input for `spec`, whose timesteps are fixed by now.
    fn make(self, spec: &ModelSpec) -> Result<Input> {
        let input = match self.what {
            Chosen::Given(input) => input,
            Chosen::Padded { ids, len } => Input::Tokens(pad_tokens(&ids, len)),
            Chosen::File {
                file,
                header,
                mut rest,
                sample,
                ..
            } => {
                let array = if is_batch(header.shape(), spec.input.shape) {
                    header.finish_sample(&file, &mut rest, sample.unwrap_or(0))?
                } else {
                    npy::parse(&file, &header.finish(&file, &mut rest)?)?
                };
                from_array(&file, array)?
            }
            Chosen::Random { seed, low, high } => random_input(spec, seed, low, high)?,
        };
        Ok(match (self.pad, input) {
            (None, input) => input,
            (Some(n), Input::Tokens(ids)) => Input::Tokens(pad_tokens(&ids, n)),
            (Some(_), Input::Values(_)) => return Err(option_mistake(OptionMistake::PadVectors)),
        })
    }
}

/// The input to run: from the command line when given there, else from the lesson; then padded
/// when `--pad` says so.
fn pick_input(
    lesson: &Lesson,
    o: &Overrides,
    vocab: Option<&Vocabulary>,
    has_input: bool,
    warnings: &mut Warnings,
) -> Result<(Planned, Origin)> {
    let spec = &lesson.model;
    let given = |input| Chosen::Given(input);
    let (what, origin) = if let Some(path) = &o.input {
        (
            from_file(path, o.sample, spec.input.shape)?,
            Origin::File(path.display().to_string()),
        )
    } else if let Some(ids) = &o.tokens {
        (given(Input::Tokens(ids.clone())), Origin::Option("--tokens"))
    } else if let Some(text) = &o.text {
        let vocab = vocab.ok_or_else(|| option_mistake(OptionMistake::TextNeedsVocab))?;
        let ids = vocab.encode(text);
        if ids.is_empty() {
            return Err(option_mistake(OptionMistake::NoWords { text: text.clone() }));
        }
        (given(Input::Tokens(ids)), Origin::Option("--text"))
    } else if let Some(seed) = o.random {
        (
            Chosen::Random {
                seed,
                low: 0.0,
                high: 1.0,
            },
            Origin::Option("--random-input"),
        )
    } else {
        if !has_input {
            warnings.push(Warning::new(Some(&lesson.file), WarningKind::RandomInput));
        }
        let origin = match &lesson.input {
            InputSource::File { path, .. } => path.display().to_string(),
            _ => lesson.file.clone(),
        };
        (from_lesson(lesson, o.sample, spec)?, Origin::File(origin))
    };
    Ok((Planned { what, pad: o.pad }, origin))
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

fn from_lesson(lesson: &Lesson, sample: Option<usize>, spec: &ModelSpec) -> Result<Chosen> {
    Ok(match &lesson.input {
        InputSource::Values(v) => Chosen::Given(Input::Values(v.clone())),
        InputSource::Tokens { ids, pad: None } => Chosen::Given(Input::Tokens(ids.clone())),
        InputSource::Tokens { ids, pad: Some(n) } => Chosen::Padded {
            ids: ids.clone(),
            len: *n,
        },
        InputSource::File { path, sample: s } => from_file(path, sample.or(*s), spec.input.shape)?,
        InputSource::Random { seed, low, high } => Chosen::Random {
            seed: *seed,
            low: *low,
            high: *high,
        },
    })
}

/// How many timesteps a random input has when the model takes any number (timesteps None).
pub const RANDOM_FREE_TIMESTEPS: usize = 10;

/// Uniform random values (or token ids from 1 up to the vocabulary size) from a seed;
/// [`RANDOM_FREE_TIMESTEPS`] of them when the model takes any number. Refused when `low..high`
/// is not a finite range.
pub fn random_input(spec: &ModelSpec, seed: u64, low: f32, high: f32) -> Result<Input> {
    // The same test rand's sampling makes, asked first so that it cannot panic below.
    Uniform::new(low, high).map_err(|e| {
        option_mistake(OptionMistake::RandomRange {
            low: low.to_string(),
            high: high.to_string(),
            detail: e.to_string(),
        })
    })?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let t = spec.input.shape.fixed_timesteps().unwrap_or(RANDOM_FREE_TIMESTEPS);
    Ok(match spec.input.shape {
        Shape::Tokens(_) => {
            let vocab = spec.vocabulary().unwrap_or(2);
            Input::Tokens((0..t).map(|_| rng.random_range(1..vocab.max(2))).collect())
        }
        Shape::Seq(_, d) => Input::Values(Array2::from_shape_fn((t, d), |_| rng.random_range(low..high))),
        Shape::Vec(d) => Input::Values(Array2::from_shape_fn((1, d), |_| rng.random_range(low..high))),
    })
}

/// Whether an array of shape `dims` is a batch of inputs for a model of input shape `shape`:
/// of rank (B, T) for token ids, (B, T, D) for vectors.
fn is_batch(dims: &[usize], shape: Shape) -> bool {
    let rank = match shape {
        Shape::Tokens(_) => 2,
        _ => 3,
    };
    dims.len() == rank
}

/// The timesteps of one sample of an .npy array of shape `dims` (0 when it holds none).
fn file_timesteps(dims: &[usize], shape: Shape) -> usize {
    let at = usize::from(is_batch(dims, shape));
    dims.get(at).copied().unwrap_or(0)
}

/// An .npy file holding a sample or a batch, its header read and checked against the model and
/// the file's size, its data not yet read: the header says how many timesteps it has, so that
/// the memory they take is checked first, and a file refused for its shape is refused before
/// its data is held.
fn from_file(path: &Path, sample: Option<usize>, shape: Shape) -> Result<Chosen> {
    let file = path.display().to_string();
    let opened = crate::io::file::open(path, crate::io::file::Role::Input)?;
    let claimed = opened.len;
    let mut rest = opened.stream();
    let header = npy::start(&file, &mut rest)?;
    // A file reporting less than its header (as /proc files do) is checked as it is read.
    if let Some(data) = claimed.checked_sub(header.header_len()) {
        header.check_sizes(&file, data)?;
    }
    check_header(&file, header.shape(), header.dtype(), sample, shape)?;
    let steps = file_timesteps(header.shape(), shape);
    Ok(Chosen::File {
        file,
        header,
        rest: Box::new(rest),
        steps,
        sample,
    })
}

/// Whether an .npy array of shape `dims` and `dtype` is an input for a model of input shape
/// `shape`, a sample of it or a batch holding sample `sample`; said from its header alone.
fn check_header(file: &str, dims: &[usize], dtype: &str, sample: Option<usize>, shape: Shape) -> Result<()> {
    let fail = |m: InputMismatch| Err(input_mismatch(file, m));
    let batched = is_batch(dims, shape);
    let dims_str = crate::model::weights::shape_str(dims);
    if !batched && let Some(s) = sample.filter(|&s| s > 0) {
        return Err(option_mistake(OptionMistake::SampleOfOne {
            sample: s,
            shape: dims_str,
        })
        .with_file(file));
    }
    if dims.contains(&0) {
        return fail(InputMismatch::Empty { shape: dims_str });
    }
    let floats = dtype.get(1..2) == Some("f");
    match shape {
        Shape::Tokens(_) if floats => return fail(InputMismatch::FloatsForTokens),
        Shape::Tokens(_) if dims.len() == 1 || dims.len() == 2 => {}
        Shape::Seq(..) if !floats => return fail(InputMismatch::IntegersForFeatures),
        Shape::Seq(..) if dims.len() == 2 || dims.len() == 3 => {}
        s => {
            return fail(InputMismatch::FileShape {
                tokens: matches!(s, Shape::Tokens(_)),
                found: dims_str,
            });
        }
    }
    if batched && let Some(s) = sample.filter(|&s| s >= dims[0]) {
        return Err(option_mistake(OptionMistake::SampleOutOfRange {
            sample: s,
            count: dims[0],
        })
        .with_file(file));
    }
    // Features the model does not read: what the model's input check says, before the data is read.
    if let Shape::Seq(_, d) = shape
        && let [.., steps, features] = dims
        && *features != d
    {
        return fail(InputMismatch::Shape {
            found: (*steps, *features),
            steps: Some(shape.fixed_timesteps().unwrap_or(*steps)),
            features: d,
        });
    }
    Ok(())
}

/// The token ids of an integer array of shape (T,), each refused with its own value when it is
/// no id.
fn token_ids<T>(file: &str, a: ArrayD<T>) -> Result<Input>
where
    T: Copy + Default + PartialOrd + std::fmt::Display + TryInto<usize>,
{
    let a = a
        .into_dimensionality::<Ix1>()
        .map_err(|_| input_mismatch(file, InputMismatch::TokenShape))?;
    let ids = a
        .iter()
        .enumerate()
        .map(|(t, &id)| {
            id.try_into().map_err(|_| {
                let negative = id < T::default();
                input_mismatch(
                    file,
                    InputMismatch::BadToken {
                        id: id.to_string(),
                        t,
                        negative,
                    },
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Input::Tokens(ids))
}

/// The input in one sample of an .npy file (named `file`), whose header [`check_header`] has
/// taken.
fn from_array(file: &str, array: NpyArray) -> Result<Input> {
    match array {
        NpyArray::Int(a) => token_ids(file, a),
        NpyArray::UInt(a) => token_ids(file, a),
        NpyArray::Float(a) => {
            let a = a
                .into_dimensionality::<Ix2>()
                .map_err(|_| input_mismatch(file, InputMismatch::FeatureShape))?;
            Ok(Input::Values(a.as_standard_layout().into_owned()))
        }
    }
}

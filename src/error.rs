//! The one error type of lstm-tui: where the problem is (file, line, column) and what kind of
//! problem it is, with what was expected and what was found as fields.
//!
//! Every mistake in a file a user hands us ends here, is printed as
//! `file:line:col: sentence` and makes the process exit with status 2. The sentence is made from
//! the [`Kind`] in one place, [`Kind`]'s `Display`; text from files in it (a name, a line) is
//! shown through [`printable`], on one line. Warnings ([`crate::warning`]) are shown the same way.

mod display;
mod lesson;

pub(crate) use display::write_place;
pub use lesson::LessonMistake;

use std::fmt;

use crate::keys::KeysError;
use crate::printable::printable;

/// A user-facing error: the place it was found and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file the problem is in, as the user named it (or a built-in lesson id).
    pub file: Option<String>,
    /// 1-based line and column, where the format gives one.
    pub position: Option<(usize, usize)>,
    /// Boxed, so that a `Result` stays small.
    pub kind: Box<Kind>,
}

/// What is wrong, with what was expected and what was found as fields a caller or a test can
/// match; each kind is said in one sentence by its `Display` (error/display.rs, error/lesson.rs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Not valid in its format (TOML, JSON): the parser's own words.
    Syntax { format: &'static str, detail: String },
    /// A value of the wrong type or out of its range: `key must be expected, got found`.
    Value {
        key: String,
        expected: &'static str,
        found: String,
    },
    /// Something required is not given: `table needs `key`: what`.
    Missing { table: String, key: String, what: String },
    /// An option lstm-tui does not compute, at the value it has: `key = value is not supported: why`.
    Unsupported { option: String, value: String, why: String },
    /// Not a regular file: `what; lstm-tui reads noun only from a regular file`.
    NotRegularFile { what: String, noun: &'static str },
    /// Larger than lstm-tui reads.
    TooLarge {
        size: Option<u64>,
        noun: &'static str,
        limit: String,
    },
    /// The operating system refused: `cannot action: detail`.
    Io { action: &'static str, detail: String },
    /// Standard output was closed by its reader (`lstm-tui list | head -1`): not a failure, so
    /// the command ends quietly with status 0, as other Unix tools do.
    OutputClosed,
    /// Inside a part of the file (`config.json`, `layer lstm (LSTM)`, `--pad 5`): `part: inner`.
    In { part: String, inner: Box<Kind> },
    /// A name lstm-tui does not compute: `what "found" is not supported (offered)`.
    NotSupported {
        what: &'static str,
        found: String,
        offered: &'static str,
    },
    /// A shape of more values than one array can hold (`most`).
    TooManyValues { what: String, product: u128, most: usize },
    /// More weights than lstm-tui can count or hold (`most`), in one layer or with it.
    TooManyWeights { in_the_layer: bool, most: usize },
    /// More memory than lstm-tui holds for a model; `need` is `None` past what 64 bits count.
    TooMuchMemory {
        need: Option<String>,
        steps: Option<usize>,
        most: String,
    },
    /// A layer whose input does not fit it.
    Misfit(Misfit),
    /// A `--keys` string that does not name keys.
    Keys(KeysError),
    /// A `--size` that is not COLSxROWS from 1x1 to `most`.
    Size { given: String, most: (u16, u16) },
    /// `lstm-tui run` without a terminal.
    NoTerminal,
    /// The terminal refused: `terminal: detail`.
    Terminal { detail: String },
    /// The server cannot listen on its address.
    Listen { address: String, detail: String },
    /// The server's keys, its way in and its presenter.
    Serve(ServeMistake),
    /// A file given for one role that holds something else, or no file at all.
    WrongFile(WrongFile),
    /// A command-line option that does not fit the lesson or its input.
    Option(OptionMistake),
    /// An input that does not fit the model.
    Input(InputMismatch),
    /// Not readable as its format at all: `not a readable format: detail`.
    Unreadable { format: &'static str, detail: String },
    /// Not valid as its format, said by its own reader: `not a valid noun: detail`.
    NotValid { noun: &'static str, detail: String },
    /// A file or an archive member that ends or breaks while read: `[member ]is damaged: detail`.
    Damaged { member: Option<String>, detail: String },
    /// An archive member that cannot be found or opened.
    MemberUnreadable { member: String, detail: String },
    /// An archive member whose header declares more than is read.
    MemberTooLarge { member: String, declared: u64, most: u64 },
    /// An archive member that unpacks to more than its header declares and than is read.
    ZipBomb { member: String, declared: u64, most: u64 },
    /// An .npy member that goes on past the `end` its header's shape of dtype needs.
    LongerThanShape { end: u64, shape: String, dtype: String },
    /// .npy data longer than its header's shape needs.
    ExtraBytes { extra: u64, shape: String },
    /// .npy data shorter than its header's shape of dtype needs (`need`, `None` past counting).
    ShortData {
        shape: String,
        dtype: String,
        need: Option<u64>,
        have: u64,
    },
    /// An .npy array that would take more than `most` bytes once read.
    ArrayTooLarge {
        shape: String,
        dtype: String,
        bytes: Option<u64>,
        most: u64,
    },
    /// An .npy dtype that lstm-tui does not read.
    Dtype { dtype: String },
    /// Values that do not fill their shape.
    Unshaped { detail: String },
    /// A weight an .npz file does not hold, with the layer and shape that need it.
    NoArray { key: String, layer: String, shape: String },
    /// Integer weights.
    IntegerWeights { key: String },
    /// An .npz array no layer reads.
    UnusedArray { key: String },
    /// An array of another shape than its variable needs: `key has shape found but layer needs expected`.
    WrongShape {
        key: String,
        found: String,
        layer: String,
        expected: String,
    },
    /// Not a regular file to write to: `what; lstm-tui writes its output only to a regular file, ...`.
    NotRegularOutput { what: String },
    /// A text file that is not UTF-8: the first `valid_up_to` bytes are.
    NotUtf8 { valid_up_to: usize },
    /// An archive member that is not UTF-8 text.
    MemberNotUtf8 { member: &'static str },
    /// A .keras archive without one of its members; `has` are the members it has.
    NoMember { member: &'static str, has: Vec<String> },
    /// A command-line option whose value does not fit the lesson: `option: inner`, with a hint to
    /// pad the token ids to `pad_to` timesteps when that would make them fit.
    Given {
        option: String,
        inner: Box<Kind>,
        pad_to: Option<usize>,
    },
    /// A vocabulary file that is not as `get_vocabulary()` writes it.
    Vocabulary(VocabularyMistake),
    /// A Keras model config (config.json, model_config) that lstm-tui does not read.
    Config(ConfigMistake),
    /// A key that must be given and is not: `key is missing`.
    NoKey { key: String },
    /// A lesson file's value that lstm-tui cannot use (its position is the error's).
    Lesson(LessonMistake),
    /// A weights file (HDF5, .keras, .safetensors) that does not hold what the model needs.
    Weights(WeightsMistake),
    /// `lstm-tui reset` given something other than a built-in lesson id (`lessons`).
    NotABuiltinLesson { given: String, lessons: Vec<String> },
}

/// How a Keras model config is not one lstm-tui reads: its place (`config.json`, the layer)
/// is the error's part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigMistake {
    /// No `config` at all.
    NoConfig,
    /// A model class other than Sequential or Functional.
    ModelClass { class: String },
    /// A model config without a `layers` list.
    NoLayersList,
    /// A `config` that is neither a table nor a list.
    NotTableOrList,
    /// The `number`th layer (from 1), of `class`, has no config.
    LayerWithoutConfig { number: usize, class: String },
    /// An InputLayer after the first layer.
    LateInputLayer,
    /// No layers.
    NoLayers,
    /// An input whose feature size is None.
    FreeFeatures,
    /// An input of `dims` dimensions besides the batch, other than 1 or 2.
    InputRank { dims: usize },
    /// A Flatten over a sequence of any length.
    FlattenAnyLength { layer: String },
    /// A layer whose output is empty.
    EmptyOutput { layer: String },
    /// An input shape `key` with no dimension.
    EmptyShape { key: String },
    /// An input layer that does not say its shape.
    InputLayerShape,
    /// A Sequential model never built, so without an input shape.
    NeverBuilt,
    /// A dtype other than float32 or float64.
    Dtype { name: String },
    /// Bidirectional(LSTM(go_backwards=True)) without a backward_layer; `writer_unknown` when
    /// tf.keras 2, which accepted it, may have written it.
    GoBackwardsTwice { writer_unknown: bool },
    /// A Bidirectional whose two layers read the same way.
    SameDirection { go_backwards: bool },
    /// A backward_layer configured unlike the forward one.
    BackwardDiffers,
    /// A Masking layer.
    Masking,
    /// A model inside the model.
    NestedModel,
    /// TextVectorization inside the model.
    TextVectorization,
    /// A layer class lstm-tui does not run.
    UnsupportedLayer { class: String },
    /// A wrapped layer (`key`) without its config.
    NoInnerConfig { key: String },
    /// A Bidirectional wrapping something other than an LSTM.
    WrappedClass { class: String },
    /// A model that is not a single chain.
    Branching(Branch),
    /// hard_sigmoid in a file that does not say which Keras, and so which hard_sigmoid, it means.
    AmbiguousHardSigmoid,
    /// No recurrent_activation in a file that may be from Keras 2.0 to 2.3, whose default differed.
    RecurrentActivationUnsaid,
}

/// How a Functional model branches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Branch {
    /// More than one input or output (`ends`: `inputs` or `outputs`), with their names.
    Ends { ends: &'static str, names: Vec<String> },
    /// A layer called `count` times.
    CalledTimes { layer: String, count: usize },
    /// A layer that reads `one`, not the layer before it (`previous`).
    ReadsOther {
        layer: String,
        one: String,
        previous: String,
    },
    /// A layer that takes several inputs.
    ManyInputs { layer: String, names: Vec<String> },
    /// An output that is not the last layer.
    OutputNotLast { output: String, last: String },
}

/// How a weights file does not hold the model's weights. `key` is a dataset's path or a
/// tensor's name; `layer` says what needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightsMistake {
    /// HDF5 that cannot be read at `path` (`None` at the root).
    Hdf5Damaged { path: Option<String>, detail: String },
    /// HDF5 groups nested past every bound, from `path`.
    EndlessGroups { path: String },
    /// No dataset at `path`.
    NoDataset { path: String },
    /// Floats of another width than 32 or 64 `bits`.
    FloatWidth { key: String, bits: usize },
    /// Values that are not floats (`found` names their type).
    NotFloats { key: String, found: String },
    /// A dataset that declares more bytes than the whole file holds (`len`).
    PastTheEnd { key: String, bytes: u64, len: u64 },
    /// An HDF5 file without model_config; `weights_only` when it holds weights.
    NoModelConfig { weights_only: bool },
    /// An HDF5 file with neither a Keras 3 layers group nor a legacy layer_names attribute.
    NoKerasWeights,
    /// A layer of the model that the file's architecture `arch` does not have.
    NoLayer { layer: String, arch: String },
    /// A layer the file lists no weights for; `listed` are the layers it lists.
    NoWeightsFor { layer: String, listed: String },
    /// A layer without the weight `weight` among its weights (`list`).
    NoWeightNamed {
        layer: String,
        weight: String,
        list: Vec<String>,
    },
    /// A layer with `count` datasets that could be its `weight`.
    AmbiguousWeight {
        layer: String,
        count: usize,
        weight: String,
        list: Vec<String>,
    },
    /// A dataset that belongs to no layer of the architecture `arch`.
    UnusedDataset { path: String, arch: String },
    /// No tensor `key` for `layer`, which needs it of `shape`; `has` are the file's tensors.
    NoTensor {
        key: String,
        layer: String,
        shape: String,
        has: Vec<String>,
    },
    /// A tensor of another dtype than float32 or float64.
    TensorDtype { key: String, dtype: String },
    /// An nn.LSTM with proj_size, seen in tensor `key` of `shape`.
    Projected {
        key: String,
        shape: String,
        layer: String,
        proj_size: usize,
    },
    /// A layer the lesson maps to no tensors.
    NoTensorsFor { layer: String },
    /// A layer of a `class` PyTorch has no counterpart for.
    NoPytorchCounterpart { layer: String, class: &'static str },
    /// A projection tensor `key` left over.
    ProjectionTensor { key: String },
    /// A tensor no layer of the lesson reads; `unused` are all such.
    UnusedTensor { key: String, unused: Vec<String> },
}

/// How a vocabulary file (one word a line) is not as `get_vocabulary()` writes it; the line is
/// the error's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VocabularyMistake {
    /// A line of the reserved token `index` (0: empty, the padding; 1: `[UNK]`, the
    /// out-of-vocabulary token) that holds `found` instead.
    Reserved { index: usize, found: String },
    /// An empty line after the first two.
    EmptyWord,
    /// A word already on line `first`.
    Repeated { word: String, first: usize },
}

/// How a layer cannot take its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misfit {
    /// An Embedding whose input is not token ids (`input`, in Keras's notation).
    EmbeddingNotFirst { input: String },
    /// Token ids into a layer other than an Embedding.
    TokensWithoutEmbedding { class: &'static str },
    /// One vector of `width` into a layer that steps through a sequence.
    NotASequence { class: &'static str, width: usize },
    /// A sequence of any length into a Flatten.
    FlattenAnyLength { input: String },
}

/// What is wrong with how a classroom server is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeMistake {
    /// Neither XDG_DATA_HOME nor HOME, so no place for the host key.
    NoDataHome,
    /// A host key file that is not an OpenSSH private key.
    NotPrivateKey { detail: String },
    /// A host key behind a passphrase.
    Encrypted,
    /// A host key others can read (`mode`).
    ReadableByOthers { mode: u32 },
    /// No randomness for a new host key.
    NoRandomness { detail: String },
    /// An authorized_keys line without a public key.
    KeyLine { detail: String },
    /// An authorized_keys file without keys.
    NoPublicKeys,
    /// A class code file whose first line is empty.
    EmptyClassCode,
    /// No way in for students.
    NoWayIn,
    /// `--present` naming a lesson that `--lesson` does not (`lessons`).
    PresentNotALesson { present: String, lessons: Vec<String> },
    /// No lesson to present.
    NothingToPresent,
    /// A second presenter.
    AlreadyPresenting,
}

/// A file given as a lesson or as weights that is not one lstm-tui reads there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrongFile {
    /// No such file, and no built-in lesson of the name; `lessons` are those.
    NoSuchFile { lessons: Vec<String> },
    /// A file a built-in lesson names that is not built in.
    NoBuiltin { name: String },
    /// A .safetensors file given as the lesson.
    WeightsWithoutArchitecture,
    /// An .npz file given as the lesson.
    WeightsOnly,
    /// Another ending given as the lesson.
    NotALesson,
    /// A pickled PyTorch file, which is a program.
    Pickle,
    /// PyTorch weights for a Keras lesson (named).
    PytorchWeights { lesson: String },
    /// Other weights than .safetensors for a PyTorch lesson.
    NotSafetensors,
    /// Weights of an ending lstm-tui does not read.
    NotWeights,
    /// A model file that is neither a zip archive nor HDF5.
    NotKerasModel,
    /// A weights file that is neither HDF5 nor a zip archive.
    NotKerasWeights,
}

/// A command-line option that does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionMistake {
    /// `--pad` for an input of feature vectors.
    PadVectors,
    /// `--pad` to another length than the model's timesteps.
    PadLength { pad: usize, steps: usize },
    /// `--text` without `--vocab`.
    TextNeedsVocab,
    /// `--text` with no word of the vocabulary.
    NoWords { text: String },
    /// A random input's range that is not finite low < high.
    RandomRange { low: String, high: String, detail: String },
    /// `--sample` past the batch.
    SampleOutOfRange { sample: usize, count: usize },
    /// `--sample` past the first axis of a file (of `shape`).
    NoSample { sample: usize, shape: String },
    /// `--sample` above 0 for a file of one sample.
    SampleOfOne { sample: usize, shape: String },
}

/// How an input does not fit the model that reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputMismatch {
    /// Feature vectors of another shape than the model's `(steps, features)`.
    Shape {
        found: (usize, usize),
        steps: Option<usize>,
        features: usize,
    },
    /// Another number of token ids than the model's timesteps.
    TokenCount { found: usize, steps: usize },
    /// A lesson's `[signal]` of another number of values than the input's timesteps.
    SignalSteps { values: usize, steps: usize },
    /// A token id the Embedding has no row for.
    OutsideVocabulary { id: usize, at: usize, input_dim: usize },
    /// Feature vectors for a model that reads token ids.
    TokensExpected { steps: Option<usize> },
    /// Token ids for a model that reads feature vectors.
    VectorsExpected,
    /// A model whose input is not a sequence.
    NotASequence,
    /// A file of token ids that is not (T,) or (B, T).
    TokenShape,
    /// A file of features that is not (T, D) or (B, T, D).
    FeatureShape,
    /// A token id in a file that is negative or too large.
    BadToken { id: String, t: usize, negative: bool },
    /// A file holding no values.
    Empty { shape: String },
    /// Floats in a file for a model that reads token ids.
    FloatsForTokens,
    /// Integers in a file for a model that reads feature vectors.
    IntegersForFeatures,
    /// A file of another rank than the model's input (with or without a batch).
    FileShape { tokens: bool, found: String },
}

impl From<LessonMistake> for Kind {
    fn from(mistake: LessonMistake) -> Kind {
        Kind::Lesson(mistake)
    }
}

impl From<ConfigMistake> for Kind {
    fn from(mistake: ConfigMistake) -> Kind {
        Kind::Config(mistake)
    }
}

impl From<WeightsMistake> for Kind {
    fn from(mistake: WeightsMistake) -> Kind {
        Kind::Weights(mistake)
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind`, with no file attached yet.
    pub fn new(kind: Kind) -> Self {
        Error {
            file: None,
            position: None,
            kind: Box::new(kind),
        }
    }

    /// An error of `kind` about a whole file.
    pub fn in_file(file: impl fmt::Display, kind: Kind) -> Self {
        Error::new(kind).with_file(file)
    }

    /// Attach the file, unless a more precise one is already known.
    pub fn with_file(mut self, file: impl fmt::Display) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }

    /// Attach a 1-based line and column.
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.position = Some((line, col));
        self
    }

    /// The same error, said as inside `part` of its file.
    pub fn within(mut self, part: impl Into<String>) -> Self {
        self.kind = Box::new(Kind::In {
            part: part.into(),
            inner: self.kind,
        });
        self
    }

    /// The kind inside every part the error is said to be in.
    pub fn innermost(&self) -> &Kind {
        let mut kind = &*self.kind;
        while let Kind::In { inner, .. } = kind {
            kind = inner;
        }
        kind
    }

    /// What is wrong, without the place: the sentence after `file:line:col: `.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_said_in_one_sentence_with_its_place() {
        let e = Error::new(Kind::Value {
            key: "units".into(),
            expected: "a positive integer",
            found: "0".into(),
        })
        .with_file("t.toml")
        .at(3, 9);
        assert_eq!(e.to_string(), "t.toml:3:9: units must be a positive integer, got 0");
        let e = Error::new(Kind::Unsupported {
            option: "stateful".into(),
            value: "true".into(),
            why: "no".into(),
        })
        .within("layer l\x1b[2J (LSTM)")
        .within("config.json")
        .with_file("m.keras");
        assert!(
            matches!(&*e.kind, Kind::In { part, inner } if part == "config.json" && matches!(**inner, Kind::In { .. }))
        );
        assert_eq!(
            e.to_string(),
            "m.keras: config.json: layer l\\x1b[2J (LSTM): stateful = true is not supported: no"
        );
    }
}

//! The one error type of lstm-tui: where the problem is (file, line, column) and what kind of
//! problem it is, with what was expected and what was found as fields.
//!
//! Every mistake in a file a user hands us ends here, is printed as
//! `file:line:col: sentence` and makes the process exit with status 2. The sentence is made from
//! the [`Kind`] in one place, [`Kind`]'s `Display`; text from files in it (a name, a line) is
//! shown through [`printable`], on one line. Warnings ([`crate::warning`]) are shown the same way.

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

/// What is wrong. A few kinds have fields a caller or a test can match; the rest are a sentence
/// saying what is wrong and what was expected.
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
    /// Any other problem, as a sentence.
    Invalid(String),
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

    /// An error with no file attached yet.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::new(Kind::Invalid(message.into()))
    }

    /// An error about a whole file.
    pub fn in_file(file: impl fmt::Display, message: impl Into<String>) -> Self {
        Error::msg(message).with_file(file)
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

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Syntax { format: "TOML", detail } => write!(f, "invalid TOML: {detail}"),
            Kind::Syntax { format, detail } => write!(f, "not valid {format}: {detail}"),
            Kind::Value { key, expected, found } => write!(f, "{key} must be {expected}, got {found}"),
            Kind::Missing { table, key, what } => write!(f, "{table} needs `{key}`: {what}"),
            Kind::Unsupported { option, value, why } => write!(f, "{option} = {value} is not supported: {why}"),
            Kind::NotRegularFile { what, noun } => write!(f, "{what}; lstm-tui reads {noun} only from a regular file"),
            Kind::TooLarge {
                size: Some(size),
                noun,
                limit,
            } => write!(f, "the file is {size} bytes; lstm-tui reads {noun} of at most {limit}"),
            Kind::TooLarge {
                size: None,
                noun,
                limit,
            } => {
                write!(
                    f,
                    "the file holds more than {limit}, the most lstm-tui reads for {noun}"
                )
            }
            Kind::Io { action, detail } => write!(f, "cannot {action}: {detail}"),
            Kind::In { part, inner } => write!(f, "{part}: {inner}"),
            Kind::NotSupported { what, found, offered } => {
                write!(f, "{what} \"{found}\" is not supported ({offered})")
            }
            Kind::TooManyValues { what, product, most } => write!(
                f,
                "{what} holds {product} values, more than lstm-tui can count or hold (at most {most} in one array)"
            ),
            Kind::TooManyWeights { in_the_layer, most } => write!(
                f,
                "{} than lstm-tui can count or hold (at most {most}); expected sizes a computer can hold",
                if *in_the_layer {
                    "it has more weights"
                } else {
                    "with it the model has more weights"
                }
            ),
            Kind::TooMuchMemory { need, steps, most } => {
                let steps = steps.map_or(String::new(), |t| format!(" of {t} timesteps"));
                match need {
                    Some(need) => write!(
                        f,
                        "this model needs {need} for its input{steps}, its weights and one recorded run; lstm-tui holds at most {most}"
                    ),
                    None => write!(
                        f,
                        "this model's input{steps}, weights and recorded run need more bytes than 64 bits can count; lstm-tui holds at most {most}"
                    ),
                }
            }
            Kind::Unreadable { format, detail } => write!(f, "not a readable {format}: {detail}"),
            Kind::NotValid { noun, detail } => write!(f, "not a valid {noun}: {detail}"),
            Kind::Damaged {
                member: Some(member),
                detail,
            } => write!(f, "{member} is damaged: {detail}"),
            Kind::Damaged { member: None, detail } => write!(f, "is damaged: {detail}"),
            Kind::MemberUnreadable { member, detail } => {
                write!(f, "cannot read {member} from the archive: {detail}")
            }
            Kind::MemberTooLarge { member, declared, most } => {
                write!(
                    f,
                    "{member} unpacks to {declared} bytes; lstm-tui reads it up to {most} bytes"
                )
            }
            Kind::ZipBomb { member, declared, most } => write!(
                f,
                "{member} unpacks to more than {most} bytes (its header says {declared}): refused, as a zip bomb would be"
            ),
            Kind::LongerThanShape { end, shape, dtype } => write!(
                f,
                "unpacks to more than the {end} bytes its header's shape {shape} of {dtype} needs: refused while reading"
            ),
            Kind::ExtraBytes { extra, shape } => {
                write!(f, "{extra} more bytes than its header's shape {shape} needs")
            }
            Kind::ShortData {
                shape,
                dtype,
                need,
                have,
            } => write!(
                f,
                "the header declares shape {shape} of {dtype} ({} bytes) but the file holds only {have} bytes of data",
                need.map_or("too many".to_string(), |n| n.to_string())
            ),
            Kind::ArrayTooLarge {
                shape,
                dtype,
                bytes,
                most,
            } => write!(
                f,
                "the array of shape {shape} of {dtype} takes {} bytes once read; lstm-tui reads arrays up to {most} bytes",
                bytes.map_or("too many".to_string(), |n| n.to_string())
            ),
            Kind::Dtype { dtype } => write!(
                f,
                "dtype {dtype} is not supported (lstm-tui reads float32, float64 and integer arrays)"
            ),
            Kind::Unshaped { detail } => write!(f, "cannot read the array: {detail}"),
            Kind::NoArray { key, layer, shape } => {
                write!(f, "no array {key} (layer {layer} needs it with shape {shape})")
            }
            Kind::IntegerWeights { key } => {
                write!(f, "{key} holds integers; weights must be float32 or float64")
            }
            Kind::UnusedArray { key } => write!(
                f,
                "array {key} belongs to no layer of the model (keys are <layer>.<variable>, e.g. lstm_1.kernel)"
            ),
            Kind::Misfit(misfit) => misfit.fmt(f),
            Kind::Keys(keys) => keys.fmt(f),
            Kind::Size { given, most: (w, h) } => write!(
                f,
                "--size {given}: expected COLSxROWS, e.g. 120x40, from 1x1 to {w}x{h}"
            ),
            Kind::NoTerminal => {
                f.write_str("lstm-tui run needs a terminal; `lstm-tui frame` prints a screen as text instead")
            }
            Kind::Terminal { detail } => write!(f, "terminal: {detail}"),
            Kind::Listen { address, detail } => write!(f, "cannot listen on {address}: {detail}"),
            Kind::Serve(mistake) => mistake.fmt(f),
            Kind::WrongFile(wrong) => wrong.fmt(f),
            Kind::Option(mistake) => mistake.fmt(f),
            Kind::Input(mismatch) => mismatch.fmt(f),
            Kind::WrongShape {
                key,
                found,
                layer,
                expected,
            } => write!(f, "{key} has shape {found} but {layer} needs {expected}"),
            Kind::Invalid(sentence) => f.write_str(sentence),
        }
    }
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Misfit::EmbeddingNotFirst { input } => write!(
                f,
                "Embedding takes token ids of shape (timesteps,), but its input has shape {input}; an Embedding must come first, with input_shape = [timesteps]"
            ),
            Misfit::TokensWithoutEmbedding { class } => write!(
                f,
                "{class} cannot read token ids: input_shape = [timesteps] needs an Embedding first (for vectors write input_shape = [timesteps, features])"
            ),
            Misfit::NotASequence { class, width } => write!(
                f,
                "{class} needs a sequence (timesteps, features) but gets a single vector (None, {width}); the layer before it needs return_sequences = true"
            ),
            Misfit::FlattenAnyLength { input } => write!(
                f,
                "Flatten needs a fixed number of timesteps; its input {input} takes any number"
            ),
        }
    }
}

impl fmt::Display for ServeMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeMistake::NoDataHome => {
                f.write_str("neither XDG_DATA_HOME nor HOME is set: give the host key's place with --host-key FILE")
            }
            ServeMistake::NotPrivateKey { detail } => write!(f, "not an OpenSSH private key: {detail}"),
            ServeMistake::Encrypted => {
                f.write_str("the host key is encrypted; the server needs it without a passphrase")
            }
            ServeMistake::ReadableByOthers { mode } => {
                write!(f, "the host key is readable by others (mode {mode:o}); chmod 600 it")
            }
            ServeMistake::NoRandomness { detail } => write!(f, "no randomness for a host key: {detail}"),
            ServeMistake::KeyLine { detail } => write!(
                f,
                "expected an OpenSSH public key line ([options] type base64-key [comment]): {detail}"
            ),
            ServeMistake::NoPublicKeys => f.write_str("no public keys in this file"),
            ServeMistake::EmptyClassCode => f.write_str("the class code file's first line is empty"),
            ServeMistake::NoWayIn => f.write_str(
                "lstm-tui serve needs a way in for students: --authorized-keys FILE (their public keys), \
                 --class-code-file FILE (a code they type), or --open (anyone who can reach the port)",
            ),
            ServeMistake::PresentNotALesson { present, lessons } => write!(
                f,
                "--present {present} is not one of the lessons named with --lesson ({}); name it with --lesson too",
                lessons.join(", ")
            ),
            ServeMistake::NothingToPresent => f.write_str("there is no lesson to present"),
            ServeMistake::AlreadyPresenting => f.write_str("someone is already presenting this class"),
        }
    }
}

impl fmt::Display for WrongFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WrongFile::NoSuchFile { lessons } => write!(
                f,
                "no such file, and not a built-in lesson (those are: {})",
                lessons.join(", ")
            ),
            WrongFile::NoBuiltin { name } => write!(f, "no file {name} is built in beside the lessons"),
            WrongFile::WeightsWithoutArchitecture => f.write_str(
                "a .safetensors file holds PyTorch weights but not the architecture: write a lesson with \
                 framework = \"pytorch\" that lists the layers and the tensors each takes (see docs/pytorch.md)",
            ),
            WrongFile::WeightsOnly => f.write_str(
                "an .npz file holds weights only: name it in a lesson's [model] weights, or pass it with --weights",
            ),
            WrongFile::NotALesson => f.write_str("lstm-tui reads lesson files (.toml) and Keras models (.keras, .h5)"),
            WrongFile::Pickle => f.write_str(
                "pickled PyTorch files (.pt, .pth, .bin, .ckpt, .pkl) are Python programs and lstm-tui does not run them; \
                 save the weights as safetensors instead: safetensors.torch.save_file(model.state_dict(), \"model.safetensors\")",
            ),
            WrongFile::PytorchWeights { lesson } => write!(
                f,
                "PyTorch weights need a lesson that says framework = \"pytorch\" and which tensors form each layer; {lesson} does not (see docs/pytorch.md)"
            ),
            WrongFile::NotSafetensors => {
                f.write_str("a lesson with framework = \"pytorch\" reads its weights from a .safetensors file")
            }
            WrongFile::NotWeights => f.write_str(
                "weights must be an .npz, .keras, .h5 (.weights.h5) or, for a PyTorch lesson, .safetensors file",
            ),
        }
    }
}

impl fmt::Display for OptionMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionMistake::PadVectors => f.write_str("--pad pre-pads token ids, but this input holds feature vectors"),
            OptionMistake::PadLength { pad, steps } => write!(
                f,
                "--pad {pad}: the model's input_shape is ({steps},); pad to its {steps} timesteps"
            ),
            OptionMistake::TextNeedsVocab => f.write_str("--text needs --vocab FILE to turn words into token ids"),
            OptionMistake::NoWords { text } => write!(f, "--text \"{text}\" holds no words"),
            OptionMistake::RandomRange { low, high, detail } => write!(
                f,
                "a random input needs finite low < high, got {low} to {high} ({detail})"
            ),
            OptionMistake::SampleOutOfRange { sample, count } => write!(
                f,
                "--sample {sample} is out of range: the batch holds {count} samples (0 to {})",
                count - 1
            ),
            OptionMistake::SampleOfOne { sample, shape } => write!(
                f,
                "--sample {sample} given, but the file holds one sample of shape {shape}"
            ),
        }
    }
}

impl fmt::Display for InputMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let steps = |t: &Option<usize>| t.map_or("None".to_string(), |t| t.to_string());
        match self {
            InputMismatch::Shape {
                found: (rows, cols),
                steps: t,
                features,
            } => write!(
                f,
                "the input has shape ({rows}, {cols}) but the model's input_shape is ({}, {features})",
                steps(t)
            ),
            InputMismatch::TokenCount { found, steps } => {
                write!(
                    f,
                    "the input has {found} tokens but the model's input_shape is ({steps},)"
                )
            }
            InputMismatch::OutsideVocabulary { id, at, input_dim } => {
                write!(
                    f,
                    "token {id} at t={at} is outside the vocabulary (input_dim {input_dim})"
                )
            }
            InputMismatch::TokensExpected { steps: t } => write!(
                f,
                "the model reads token ids (input_shape ({},)) but the input holds feature vectors",
                steps(t)
            ),
            InputMismatch::VectorsExpected => {
                f.write_str("the model reads feature vectors but the input holds token ids")
            }
            InputMismatch::NotASequence => f.write_str("a model input must be a sequence"),
            InputMismatch::TokenShape => f.write_str("expected token ids of shape (T,) or (B, T)"),
            InputMismatch::FeatureShape => f.write_str("expected features of shape (T, D) or a batch (B, T, D)"),
            InputMismatch::BadToken { id, t, negative } => write!(
                f,
                "token {id} at t={t} is {}",
                if *negative {
                    "negative"
                } else {
                    "too large for a token id"
                }
            ),
            InputMismatch::Empty { shape } => write!(f, "the input is empty (shape {shape})"),
            InputMismatch::FloatsForTokens => {
                f.write_str("the model reads token ids but the file holds floats; save the ids as an integer array")
            }
            InputMismatch::IntegersForFeatures => {
                f.write_str("the model reads float features but the file holds integers")
            }
            InputMismatch::FileShape { tokens, found } => write!(
                f,
                "expected {} but the file has shape {found}",
                if *tokens {
                    "token ids of shape (T,) or a batch (B, T)"
                } else {
                    "features of shape (T, D) or a batch (B, T, D)"
                }
            ),
        }
    }
}

/// `file:line:col: `, `file: ` or nothing, the file name made printable: where an error or a
/// warning is.
pub(crate) fn write_place(
    f: &mut fmt::Formatter<'_>,
    file: Option<&str>,
    position: Option<(usize, usize)>,
) -> fmt::Result {
    if let Some(file) = file {
        write!(f, "{}:", printable(file))?;
        if let Some((line, col)) = position {
            write!(f, "{line}:{col}:")?;
        }
        f.write_str(" ")?;
    }
    Ok(())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, self.file.as_deref(), self.position)?;
        f.write_str(&printable(&self.message()))
    }
}

impl std::error::Error for Error {}

/// Build an [`Error`] of kind [`Kind::Invalid`] with `format!` syntax.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::error::Error::msg(format!($($arg)*)) };
}

/// Return early with an [`Error`] built with `format!` syntax.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::err!($($arg)*)) };
}

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
        assert_eq!(Error::msg("plain").to_string(), "plain");
    }
}

//! The mistakes a lesson file (TOML) can hold, each said in one sentence; the error's file,
//! line and column point at the value.

use std::fmt;

use crate::printable::printable;

/// How a value in a lesson file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonMistake {
    /// A key that `what` (a table) does not take; `known` are those it takes.
    UnknownKey {
        key: String,
        what: String,
        known: Vec<String>,
    },
    /// A float `key` that does not parse as a number.
    NotANumber { key: String },
    /// A `format_version` this lstm-tui does not read (it reads `known`).
    FormatVersion { found: i64, known: i64 },
    /// No `[model]` table.
    NoModelTable,
    /// No `[input]` table.
    NoInputTable,
    /// A framework other than keras or pytorch.
    Framework { found: String },
    /// An empty `model.layers`.
    NoLayers,
    /// A PyTorch lesson whose weights are not a .safetensors file.
    PytorchWeightsFile,
    /// `[model] file` given with another `[model]` key.
    ModelFileWith { key: String },
    /// A file that does not exist.
    NoSuchFile { path: String },
    /// An input_shape of `count` numbers, not 1 or 2.
    InputShapeRank { count: usize },
    /// Another number of input kinds than one (`given` are those given).
    InputCount { given: Vec<&'static str> },
    /// A row of values of another length than the first row's `width`.
    RaggedValues { width: usize, found: usize },
    /// No values.
    EmptyValues,
    /// Values of `rows` × `cols` for a model of (`steps`, `features`).
    ValuesShape {
        rows: usize,
        cols: usize,
        steps: Option<usize>,
        features: usize,
    },
    /// Values for a model that reads token ids.
    ValuesForTokens,
    /// No tokens.
    EmptyTokens,
    /// Tokens for a model that reads feature vectors.
    TokensForVectors,
    /// A pad to another length than the model's `steps`.
    PadSteps { pad: usize, steps: usize },
    /// `count` token ids, without a pad, for a model of `steps` timesteps.
    TokenSteps { count: usize, steps: usize },
    /// A token id the Embedding has no row for.
    TokenOutside { id: usize, input_dim: usize },
    /// A random input whose range is not finite low < high.
    RandomRange { low: String, high: String },
    /// A token id given to two words.
    SharedTokenId { id: usize, other: String, word: String },
    /// A `[signal]` name that is not 1 to `most` printable characters on one line.
    SignalName { most: usize },
    /// A `[signal]` value that is not a finite float32.
    SignalValue { value: String },
    /// Text shown to the student (`what`) that is empty.
    EmptyText { what: String },
    /// Text shown to the student that holds a line break (`None`) or another character that is
    /// not printable.
    Unprintable { what: String, c: Option<char> },
    /// An `at` that is not a timestep, "last" or a range.
    BadAt { at: String },
    /// An `at` past the last of `steps` timesteps.
    AtPastEnd { end: usize, steps: usize },
    /// A layer name the model does not have; `layers` are its names.
    NoLayerNamed { name: String, layers: Vec<String> },
    /// A `look_at` that is not a gate or state letter.
    LookAt,
    /// A `look_at` on a layer (of `class`) without gates.
    LookAtNoGates { layer: String, class: &'static str },
    /// A question id that is not 1 to `most` letters, digits, - or _.
    QuestionId { id: String, most: usize },
    /// Two questions with one id.
    DuplicateQuestionId { id: String },
    /// A question asked over a range of steps.
    QuestionAtRange,
    /// A key of a number question (`key`) in a question with choices.
    NumberKeyWithChoices { key: &'static str },
    /// A question with both choices and a number.
    ChoicesAndNumber,
    /// A question with neither choices nor a number.
    NoAnswer,
    /// Another number of choices than 2 to `most`.
    ChoiceCount { count: usize, most: usize },
    /// Another number of right choices than one.
    RightChoices { count: usize },
    /// A question's number that is not finite.
    NumberNotFinite { value: String },
    /// A tolerance that is not positive and finite.
    Tolerance { value: String },
    /// Two layers with one name.
    DuplicateLayerName { name: String },
    /// A layer's input_shape other than `[model]`'s.
    InputShapeDiffers {
        layer: String,
        given: String,
        model: String,
    },
    /// A class_name lstm-tui does not run; `keras_layer` when it is a Keras layer it could.
    UnknownClass { class: String, keras_layer: bool },
    /// An option a layer of `class` does not take; `reads` are those it takes.
    UnknownOption {
        class: String,
        key: String,
        reads: Vec<String>,
    },
    /// A Bidirectional without its `[model.layers.layer]`.
    NoWrappedLayer,
    /// A Bidirectional wrapping something other than an LSTM.
    WrapsNotLstm { class: String },
    /// An option the wrapped LSTM does not take.
    UnknownLstmOption { key: String },
    /// `go_backwards = true` inside a Bidirectional.
    WrappedGoBackwards,
    /// A PyTorch lesson's layer with weights but no `tensors`; `recurrent` for an LSTM.
    NeedsTensors { layer: String, recurrent: bool },
    /// `tensors` on a layer (of `class`) without weights.
    TensorsWithoutWeights { class: &'static str },
    /// An LSTM's `tensors` without `layer`.
    NeedsTorchLayer,
    /// `tensors.layer` on a layer (of `class`) that is not an LSTM.
    TorchLayerNotLstm { class: &'static str },
    /// A PyTorch LSTM with other activations or direction than nn.LSTM has.
    TorchLstmDefaults { layer: String },
    /// `tensors` in a lesson that is not a PyTorch lesson.
    TensorsWithoutPytorch,
}

impl fmt::Display for LessonMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonMistake::UnknownKey { key, what, known } => write!(
                f,
                "unknown key `{key}` in {what} (expected one of: {})",
                known.join(", ")
            ),
            LessonMistake::NotANumber { key } => write!(f, "{key} must be a number"),
            LessonMistake::FormatVersion { found, known } => write!(
                f,
                "format_version {found} is not known to this lstm-tui (it reads format_version = {known})"
            ),
            LessonMistake::NoModelTable => f.write_str("the lesson needs a [model] table"),
            LessonMistake::NoInputTable => {
                f.write_str("the lesson needs an [input] table: values, tokens, file or random")
            }
            LessonMistake::Framework { found } => {
                write!(f, "framework must be \"keras\" or \"pytorch\", got \"{found}\"")
            }
            LessonMistake::NoLayers => f.write_str("model.layers is empty: a model needs at least one layer"),
            LessonMistake::PytorchWeightsFile => f.write_str("framework = \"pytorch\" reads a .safetensors state_dict"),
            LessonMistake::ModelFileWith { key } => write!(
                f,
                "[model] names a model file, which gives the architecture and the weights: `{key}` cannot be given with it"
            ),
            LessonMistake::NoSuchFile { path } => write!(f, "no such file: {path}"),
            LessonMistake::InputShapeRank { count } => write!(
                f,
                "input_shape must be [timesteps, features] or [timesteps], without the batch axis; got {count} numbers"
            ),
            LessonMistake::InputCount { given } => write!(
                f,
                "[input] needs exactly one of values, tokens, file or random; found {}",
                if given.is_empty() {
                    "none".to_string()
                } else {
                    given.join(" and ")
                }
            ),
            LessonMistake::RaggedValues { width, found } => write!(
                f,
                "every row of values must have the same length ({width}), this one has {found}"
            ),
            LessonMistake::EmptyValues => f.write_str("values is empty: write one row of features per timestep"),
            LessonMistake::ValuesShape {
                rows,
                cols,
                steps,
                features,
            } => write!(
                f,
                "values has {rows} rows of {cols} but input_shape is [{}, {features}]: one row of {features} features per timestep",
                steps.map_or("None".to_string(), |t| t.to_string())
            ),
            LessonMistake::ValuesForTokens => {
                f.write_str("the model reads token ids (input_shape = [timesteps]): write tokens, not values")
            }
            LessonMistake::EmptyTokens => f.write_str("tokens is empty"),
            LessonMistake::TokensForVectors => f.write_str(
                "the model reads feature vectors (input_shape = [timesteps, features]): write values, not tokens",
            ),
            LessonMistake::PadSteps { pad, steps } => write!(
                f,
                "pad = {pad} but input_shape is [{steps}]: pad to the number of timesteps"
            ),
            LessonMistake::TokenSteps { count, steps } => write!(
                f,
                "tokens has {count} ids but input_shape is [{steps}]; add pad = {steps} to pre-pad with zeros, as pad_sequences does"
            ),
            LessonMistake::TokenOutside { id, input_dim } => write!(
                f,
                "token id {id} is outside the Embedding's vocabulary (input_dim = {input_dim}, ids 0 to {})",
                input_dim - 1
            ),
            LessonMistake::RandomRange { low, high } => write!(
                f,
                "random needs finite low < high (as 32-bit floats, and high - low finite too), got low = {low}, high = {high}"
            ),
            LessonMistake::SharedTokenId { id, other, word } => {
                write!(f, "token id {id} is given to both \"{other}\" and \"{word}\"")
            }
            LessonMistake::SignalName { most } => {
                write!(f, "[signal] name must be 1 to {most} printable characters on one line")
            }
            LessonMistake::SignalValue { value } => write!(f, "[signal] values must be finite numbers, got {value}"),
            LessonMistake::EmptyText { what } => write!(f, "{what} is empty"),
            LessonMistake::Unprintable { what, c: None } => {
                write!(f, "{what} holds a line break (write it on one line)")
            }
            LessonMistake::Unprintable { what, c: Some(c) } => write!(
                f,
                "{what} holds the character U+{:04X}, which is not printable",
                *c as u32
            ),
            LessonMistake::BadAt { at } => write!(
                f,
                "at must be a timestep, \"last\" or a range like \"3-7\", got \"{at}\""
            ),
            LessonMistake::AtPastEnd { end, steps } => write!(
                f,
                "at {end} is past the last timestep: input_shape has {steps} timesteps, t = 0 to {}",
                steps - 1
            ),
            LessonMistake::NoLayerNamed { name, layers } => write!(
                f,
                "no layer is named \"{}\" (the layers are: {})",
                printable(name),
                layers.join(", ")
            ),
            LessonMistake::LookAt => f.write_str("look_at must be one of f, i, g, o, c, h"),
            LessonMistake::LookAtNoGates { layer, class } => write!(
                f,
                "look_at points at a gate or state, but {layer} ({class}) has none: name an LSTM or Bidirectional layer"
            ),
            LessonMistake::QuestionId { id, most } => write!(
                f,
                "id must be 1 to {most} letters, digits, - or _, got \"{}\"",
                printable(id)
            ),
            LessonMistake::DuplicateQuestionId { id } => {
                write!(f, "two questions have the id \"{id}\": give each its own id")
            }
            LessonMistake::QuestionAtRange => {
                f.write_str("a question is asked at one step: at = 3 or at = \"last\", not a range")
            }
            LessonMistake::NumberKeyWithChoices { key } => write!(
                f,
                "`{key}` belongs to a question answered with a number; with choices, each choice has its own explanation"
            ),
            LessonMistake::ChoicesAndNumber => f.write_str("a question has either choices or a number, not both"),
            LessonMistake::NoAnswer => f.write_str(
                "a [[question]] needs choices (one of them with right = true) or a number with a tolerance",
            ),
            LessonMistake::ChoiceCount { count, most } => write!(
                f,
                "choices must list 2 to {most} choices (one number key each), got {count}"
            ),
            LessonMistake::RightChoices { count } => match count {
                0 => f.write_str("no choice is right: give exactly one choice right = true"),
                _ => write!(f, "{count} choices are right: give exactly one choice right = true"),
            },
            LessonMistake::NumberNotFinite { value } => write!(f, "number must be finite, got {value}"),
            LessonMistake::Tolerance { value } => write!(
                f,
                "tolerance must be a positive, finite number (0.5 for a whole number), got {value}"
            ),
            LessonMistake::DuplicateLayerName { name } => {
                write!(f, "two layers are named \"{name}\"; layer names must be unique")
            }
            LessonMistake::InputShapeDiffers { layer, given, model } => write!(
                f,
                "input_shape on {layer} is {given} but [model] input_shape is {model}: the model has one input shape"
            ),
            LessonMistake::UnknownClass { class, keras_layer } => {
                let what = if *keras_layer {
                    "is a Keras layer lstm-tui does not step through yet"
                } else {
                    "is not a layer lstm-tui knows"
                };
                write!(
                    f,
                    "class_name \"{class}\" {what} (supported: LSTM, Bidirectional, Embedding, Dense, Flatten, Dropout)"
                )
            }
            LessonMistake::UnknownOption { class, key, reads } => write!(
                f,
                "{class} option `{key}` is not supported by lstm-tui (it reads: {})",
                reads.join(", ")
            ),
            LessonMistake::NoWrappedLayer => {
                f.write_str("Bidirectional needs the wrapped layer as [model.layers.layer]")
            }
            LessonMistake::WrapsNotLstm { class } => {
                write!(f, "Bidirectional wraps an LSTM here, got \"{class}\"")
            }
            LessonMistake::UnknownLstmOption { key } => {
                write!(f, "LSTM option `{key}` is not supported by lstm-tui")
            }
            LessonMistake::WrappedGoBackwards => f.write_str(
                "go_backwards = true inside a Bidirectional is refused by Keras 3: the backward copy would read backwards too (Bidirectional reads both ways by itself: leave go_backwards out)",
            ),
            LessonMistake::NeedsTensors { layer, recurrent } => write!(
                f,
                "layer {layer} needs `tensors`: which tensors of the state_dict it takes, e.g. tensors = {{ module = \"{}\"{} }}",
                if *recurrent { "lstm" } else { "fc" },
                if *recurrent { ", layer = 0" } else { "" }
            ),
            LessonMistake::TensorsWithoutWeights { class } => write!(f, "{class} has no weights, so no tensors"),
            LessonMistake::NeedsTorchLayer => f.write_str(
                "an LSTM needs `layer`: which stacked layer of the nn.LSTM (0 for weight_ih_l0)",
            ),
            LessonMistake::TorchLayerNotLstm { class } => write!(
                f,
                "`layer` numbers the stacked layers of an nn.LSTM; {class} takes module.weight and module.bias"
            ),
            LessonMistake::TorchLstmDefaults { layer } => write!(
                f,
                "layer {layer}: nn.LSTM always uses tanh and sigmoid and reads forwards; leave activation, recurrent_activation and go_backwards at their defaults"
            ),
            LessonMistake::TensorsWithoutPytorch => {
                f.write_str("`tensors` maps PyTorch weights: it needs framework = \"pytorch\" in [model]")
            }
        }
    }
}

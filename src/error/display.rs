//! The sentences of the errors: each [`Kind`] and sub-kind says itself here, in one place, and
//! [`Error`] puts the place in front.

use std::fmt;

use super::*;

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
            Kind::OutputClosed => f.write_str("standard output was closed before the output was written"),
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
            Kind::NotRegularOutput { what } => write!(
                f,
                "{what}; lstm-tui writes its output only to a regular file, or to standard output with -o -"
            ),
            Kind::NotUtf8 { valid_up_to } => write!(f, "not UTF-8 text (byte {valid_up_to} is not)"),
            Kind::MemberNotUtf8 { member } => write!(f, "{member} is not UTF-8 text"),
            Kind::NoMember { member, has } => write!(
                f,
                "the archive has no {member} (a .keras file holds config.json, metadata.json and model.weights.h5; it has: {})",
                has.join(", ")
            ),
            Kind::Given { option, inner, pad_to } => {
                write!(f, "{option}: {inner}")?;
                match pad_to {
                    Some(t) => write!(
                        f,
                        "; add --pad {t} to pre-pad the ids with zeros (or cut them) to {t}, as pad_sequences does"
                    ),
                    None => Ok(()),
                }
            }
            Kind::Vocabulary(mistake) => mistake.fmt(f),
            Kind::Weights(mistake) => mistake.fmt(f),
            Kind::Config(mistake) => mistake.fmt(f),
            Kind::Lesson(mistake) => mistake.fmt(f),
            Kind::NoKey { key } => write!(f, "{key} is missing"),
            Kind::NotABuiltinLesson { given, lessons } => write!(
                f,
                "reset takes a built-in lesson id ({}), got \"{}\"",
                lessons.join(", "),
                printable(given)
            ),
        }
    }
}

/// Keras 3's refusal of Bidirectional(LSTM(go_backwards=True)) without a backward_layer.
const GO_BACKWARDS_TWICE: &str = "the wrapped LSTM has go_backwards = true and there is no backward_layer: Keras 3 refuses this, as the backward copy would read backwards too (Bidirectional reads both ways by itself: leave go_backwards out)";

/// The layer classes lstm-tui runs, for messages.
const SUPPORTED: &str = "Embedding, LSTM, Bidirectional(LSTM), Dense, Flatten and Dropout";

impl fmt::Display for ConfigMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigMistake::NoConfig => f.write_str("no \"config\": this is not a Keras model config"),
            ConfigMistake::ModelClass { class } => write!(
                f,
                "the class_name is \"{class}\": lstm-tui reads Sequential models and Functional models that are a single chain"
            ),
            ConfigMistake::NoLayersList => f.write_str("the model config has no \"layers\" list"),
            ConfigMistake::NotTableOrList => f.write_str("\"config\" is neither a table nor a list of layers"),
            ConfigMistake::LayerWithoutConfig { number, class } => write!(f, "layer {number} ({class}) has no config"),
            ConfigMistake::LateInputLayer => {
                f.write_str("an InputLayer after the first layer: the model has more than one input")
            }
            ConfigMistake::NoLayers => f.write_str("the model has no layers"),
            ConfigMistake::FreeFeatures => f.write_str("the input's feature size is None; lstm-tui needs it fixed"),
            ConfigMistake::InputRank { dims } => write!(
                f,
                "the input has {dims} dimensions besides the batch; lstm-tui reads (timesteps,) token ids or (timesteps, features)"
            ),
            ConfigMistake::FlattenAnyLength { layer } => write!(
                f,
                "layer {layer} (Flatten) flattens a sequence of any length (timesteps None); lstm-tui needs a fixed number of timesteps there"
            ),
            ConfigMistake::EmptyOutput { layer } => write!(f, "layer {layer} has an empty output"),
            ConfigMistake::EmptyShape { key } => write!(f, "{key} is empty"),
            ConfigMistake::InputLayerShape => f.write_str("the input layer does not say its shape (batch_shape)"),
            ConfigMistake::NeverBuilt => f.write_str(
                "the config does not say the model's input shape (the model was never built); build it with keras.Input(shape=...) before saving",
            ),
            ConfigMistake::Dtype { name } => write!(
                f,
                "dtype {name} is not supported; lstm-tui reads float32 and float64 models"
            ),
            ConfigMistake::GoBackwardsTwice { writer_unknown } => {
                f.write_str(GO_BACKWARDS_TWICE)?;
                if *writer_unknown {
                    f.write_str(
                        "; tf.keras 2 accepted it, and the file does not say which Keras wrote it (no keras_version)",
                    )?;
                }
                Ok(())
            }
            ConfigMistake::SameDirection { go_backwards } => write!(
                f,
                "layer and backward_layer both have go_backwards = {go_backwards}: Keras refuses a Bidirectional whose two layers read the same way"
            ),
            ConfigMistake::BackwardDiffers => f.write_str(
                "backward_layer is configured differently from the forward layer; lstm-tui runs the same LSTM both ways",
            ),
            ConfigMistake::Masking => f.write_str(
                "masking is not supported: lstm-tui runs the LSTM on every timestep (remove the Masking layer, or pass an input without the padding)",
            ),
            ConfigMistake::NestedModel => write!(
                f,
                "a model nested inside the model is not supported; lstm-tui runs a single chain of {SUPPORTED} layers"
            ),
            ConfigMistake::TextVectorization => f.write_str(
                "TextVectorization inside the model is not supported: save the model without it and pass its vocabulary with --vocab",
            ),
            ConfigMistake::UnsupportedLayer { class } => {
                write!(f, "{class} is not supported: lstm-tui steps through {SUPPORTED} layers")
            }
            ConfigMistake::NoInnerConfig { key } => write!(f, "{key} has no config"),
            ConfigMistake::WrappedClass { class } => write!(
                f,
                "Bidirectional({class}) is not supported: lstm-tui steps through Bidirectional(LSTM)"
            ),
            ConfigMistake::Branching(branch) => write!(f, "a branching model is not supported: {branch}"),
            ConfigMistake::AmbiguousHardSigmoid => f.write_str(
                "hard_sigmoid is clip(x/6 + 0.5, 0, 1) in Keras 3 but clip(0.2·x + 0.5, 0, 1) in Keras 2, and the file does not say which Keras wrote it (no keras_version)",
            ),
            ConfigMistake::RecurrentActivationUnsaid => f.write_str(
                "recurrent_activation is missing: its default is sigmoid in tf.keras 2 and Keras 3 but was hard_sigmoid in Keras 2.0 to 2.3, and the file does not say it",
            ),
        }
    }
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Branch::Ends { ends, names } => {
                write!(f, "the model has {} {ends} ({})", names.len(), names.join(", "))
            }
            Branch::CalledTimes { layer, count } => write!(f, "layer {layer} is called {count} times"),
            Branch::ReadsOther { layer, one, previous } => write!(
                f,
                "layer {layer} reads the output of {one}, not of the layer before it ({previous})"
            ),
            Branch::ManyInputs { layer, names } => {
                write!(f, "layer {layer} takes {} inputs ({})", names.len(), names.join(", "))
            }
            Branch::OutputNotLast { output, last } => {
                write!(f, "the model's output is {output}, not the last layer {last}")
            }
        }
    }
}

impl fmt::Display for WeightsMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightsMistake::Hdf5Damaged { path, detail } => {
                if let Some(path) = path {
                    write!(f, "{path}: ")?;
                }
                write!(
                    f,
                    "cannot read it; the file is damaged, cut short or not as Keras writes it ({detail})"
                )
            }
            WeightsMistake::EndlessGroups { path } => write!(f, "{path}: the groups nest without end"),
            WeightsMistake::NoDataset { path } => write!(f, "no dataset {path}"),
            WeightsMistake::FloatWidth { key, bits } => {
                write!(
                    f,
                    "{key} holds float{bits} values; lstm-tui reads float32 and float64 weights"
                )
            }
            WeightsMistake::NotFloats { key, found } => {
                write!(f, "{key} holds {found}; weights must be float32 or float64")
            }
            WeightsMistake::PastTheEnd { key, bytes, len } => {
                write!(
                    f,
                    "{key} declares {bytes} bytes of data but the whole file is {len} bytes"
                )
            }
            WeightsMistake::NoModelConfig { weights_only } => write!(
                f,
                "not a Keras model file: {}",
                if *weights_only {
                    "it holds weights only (model.save_weights): write a lesson that lists the layers and says weights = \"this file\""
                } else {
                    "it has no model_config attribute"
                }
            ),
            WeightsMistake::NoKerasWeights => f.write_str(
                "holds no Keras weights: no layers group (Keras 3) and no layer_names attribute (legacy HDF5)",
            ),
            WeightsMistake::NoLayer { layer, arch } => write!(f, "no layer {layer} in {arch}"),
            WeightsMistake::NoWeightsFor { layer, listed } => {
                write!(f, "no weights for layer {layer} (the file lists layers {listed})")
            }
            WeightsMistake::NoWeightNamed { layer, weight, list } => write!(
                f,
                "layer {layer} has no {weight} among its weights ({})",
                list.join(", ")
            ),
            WeightsMistake::AmbiguousWeight {
                layer,
                count,
                weight,
                list,
            } => write!(
                f,
                "layer {layer} has {count} datasets that could be its {weight}: {}",
                list.join(", ")
            ),
            WeightsMistake::UnusedDataset { path, arch } => write!(
                f,
                "{path} belongs to no layer in {arch}: the architecture and the weights disagree"
            ),
            WeightsMistake::NoTensor { key, layer, shape, has } => write!(
                f,
                "no tensor {key} ({layer} needs it with shape {shape}); the file has: {}",
                has.join(", ")
            ),
            WeightsMistake::TensorDtype { key, dtype } => write!(
                f,
                "{key} is {dtype}; lstm-tui reads float32 and float64 weights (convert with .float() before saving)"
            ),
            WeightsMistake::Projected {
                key,
                shape,
                layer,
                proj_size: p,
            } => write!(
                f,
                "{key} has shape {shape}: layer {layer} is an nn.LSTM with proj_size = {p}, which Keras's LSTM does not have (h is projected to {p} values before it is fed back); lstm-tui runs nn.LSTM with proj_size = 0 only"
            ),
            WeightsMistake::NoTensorsFor { layer } => write!(
                f,
                "the lesson does not say which tensors form layer {layer} (add tensors = {{ module = \"...\" }})"
            ),
            WeightsMistake::NoPytorchCounterpart { layer, class } => {
                write!(f, "layer {layer} ({class}) has no PyTorch counterpart")
            }
            WeightsMistake::ProjectionTensor { key } => write!(
                f,
                "{key}: nn.LSTM with proj_size is not supported (Keras's LSTM has no projection)"
            ),
            WeightsMistake::UnusedTensor { key, unused } => write!(
                f,
                "tensor {key} belongs to no layer of the lesson ({} unused: {}); map it with tensors = {{ ... }} or remove it from the file",
                unused.len(),
                unused.join(", ")
            ),
        }
    }
}

impl fmt::Display for VocabularyMistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VocabularyMistake::Reserved { index, found } => {
                let (line, must, token) = match index {
                    0 => ("first", "empty", "padding"),
                    _ => ("second", "[UNK]", "out-of-vocabulary"),
                };
                write!(
                    f,
                    "the {line} line must be {must} (index {index} is the {token} token, as get_vocabulary() writes it), got \"{found}\""
                )
            }
            VocabularyMistake::EmptyWord => f.write_str("an empty line: every index after 1 needs a word"),
            VocabularyMistake::Repeated { word, first } => write!(f, "\"{word}\" is already on line {first}"),
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
            WrongFile::NotKerasModel => f.write_str(
                "not a Keras model file: a .keras file is a zip archive and an .h5 file is HDF5, this is neither",
            ),
            WrongFile::NotKerasWeights => {
                f.write_str("not a Keras weights file: neither HDF5 (.weights.h5, .h5) nor a .keras archive")
            }
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
            OptionMistake::NoSample { sample, shape } => write!(f, "has no sample {sample}: its shape is {shape}"),
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
            InputMismatch::SignalSteps { values, steps } => write!(
                f,
                "[signal] values has {values} values but the input has {steps} timesteps: one value per timestep"
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

"""(Re)write every test fixture under tests/fixtures/ from Keras's own numbers.

Run from the repository root:

    python -m venv .venv && .venv/bin/pip install -r tools/requirements.txt \
        && KERAS_BACKEND=jax .venv/bin/python tools/make_fixtures.py

Keras's TextVectorization layer needs TensorFlow, which tools/requirements.txt leaves out
(TensorFlow pins an older h5py). Without TensorFlow the files in tests/fixtures/text/ made by
TextVectorization are left as they are; to rewrite them too, use a second venv:

    python -m venv .venv-text && .venv-text/bin/pip install -r tools/requirements-text.txt \
        && KERAS_BACKEND=jax .venv-text/bin/python tools/make_fixtures.py

Everything is seeded: every file comes out byte for byte the same on every run, except the
.keras archives, which carry Keras's save date (metadata.json, zip entry times) and object ids
(config.json "shared_object_id"), so their bytes change while their weights do not.

What is written (see tests/fixtures/README.md, also written by this script):
  parity/<case>/   Keras models with random weights, their inputs, per-layer outputs and
                   per-step LSTM cell states, a summary, and the same model as an lstm-tui lesson file
  text/            TextVectorization vocabulary and tokenisations, pad_sequences results
  pytorch/<case>/  nn.LSTM + nn.Linear weights in PyTorch's state_dict layout (safetensors)
                   with expected values computed in numpy from nn.LSTM's equations
  corrupt/         broken files for error tests
"""

import io
import json
import os
import shutil
import sys
import tomllib
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if os.environ["KERAS_BACKEND"] != "jax":
    sys.exit("make_fixtures.py: run with KERAS_BACKEND=jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

try:  # silence the "HDF5 is a legacy format" warning printed on every model.save("*.h5")
    import absl.logging

    absl.logging.set_verbosity(absl.logging.ERROR)
except ImportError:
    pass

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ATOL = 1e-5


# --------------------------------------------------------------------------------------------
# Parity cases: a case is the model as a lesson would describe it, plus how to feed it.


def L(class_name, **kwargs):
    """One layer as the lesson file writes it: class name plus non-default Keras arguments."""
    return {"class_name": class_name, **kwargs}


@dataclass
class Case:
    input_shape: list  # [timesteps, features], or [timesteps] for token ids
    layers: list
    batch_size: int | None = None  # fixed batch size (keras.Input(batch_shape=...))
    functional: bool = False  # keras.Model(inputs, outputs) instead of keras.Sequential
    batch: int | None = None  # input.npy holds this many samples; expected is for `sample`
    sample: int = 0
    input_scale: float = 1.0
    weight_scale: float = 0.5
    lesson: bool = True  # write model.toml, weights.npz, summary.json, model.h5 ...
    state_steps: bool = True  # write per-step cell states to expected.npz
    vocab: int = 0  # set for token inputs: ids are drawn from [0, vocab)
    doc: str = ""  # the README row, from the case function's docstring


CASES = {}


def case(fn):
    """Register a parity case; the function name is the folder name, its docstring the README row."""
    c = fn()
    c.doc = " ".join(fn.__doc__.split())
    CASES[fn.__name__] = c
    return fn


@case
def basic():
    """(6,3) → LSTM(4) → Dense(2)"""
    return Case([6, 3], [L("LSTM", units=4), L("Dense", units=2)])


@case
def stacked():
    """(5,3) → LSTM(5, rs) → LSTM(4, rs) → LSTM(3) → Dense(2, softmax)"""
    return Case(
        [5, 3],
        [
            L("LSTM", units=5, return_sequences=True),
            L("LSTM", units=4, return_sequences=True),
            L("LSTM", units=3),
            L("Dense", units=2, activation="softmax"),
        ],
    )


@case
def go_backwards_seq():
    """(6,3) → LSTM(4, rs, go_backwards) → Dense(2) per step; LSTM output stays in processing (reversed) order"""
    return Case(
        [6, 3],
        [L("LSTM", units=4, return_sequences=True, go_backwards=True), L("Dense", units=2)],
    )


@case
def go_backwards_last():
    """(6,3) → LSTM(4, go_backwards) → Dense(2)"""
    return Case([6, 3], [L("LSTM", units=4, go_backwards=True), L("Dense", units=2)])


@case
def no_bias():
    """(6,3) → LSTM(4, use_bias=False) → Dense(2, use_bias=False)"""
    return Case(
        [6, 3],
        [L("LSTM", units=4, use_bias=False), L("Dense", units=2, use_bias=False)],
    )


@case
def activations():
    """(6,3), inputs ×3 → LSTM(4, relu/hard_sigmoid, rs) → LSTM(4, linear/sigmoid, rs) → LSTM(3, sigmoid/tanh, rs) → LSTM(3, tanh/linear) → Dense(4, relu) → Dense(4, tanh) → Dense(3, linear) → Dense(3, sigmoid) → Dense(2, softmax)"""
    return Case(
        [6, 3],
        [
            L("LSTM", units=4, return_sequences=True, activation="relu",
              recurrent_activation="hard_sigmoid"),
            L("LSTM", units=4, return_sequences=True, activation="linear"),
            L("LSTM", units=3, return_sequences=True, activation="sigmoid",
              recurrent_activation="tanh"),
            L("LSTM", units=3, recurrent_activation="linear"),
            L("Dense", units=4, activation="relu"),
            L("Dense", units=4, activation="tanh"),
            L("Dense", units=3, activation="linear"),
            L("Dense", units=3, activation="sigmoid"),
            L("Dense", units=2, activation="softmax"),
        ],
        input_scale=3.0,
    )


@case
def hard_sigmoid():
    """(7,2), inputs ×6 → LSTM(5, recurrent_activation=hard_sigmoid, rs): gate inputs beyond ±3, so the clip at 0 and 1 is hit"""
    return Case(
        [7, 2],
        [L("LSTM", units=5, return_sequences=True, recurrent_activation="hard_sigmoid")],
        input_scale=6.0,
    )


@case
def dropout():
    """(6,3) → LSTM(4, dropout=0.2, recurrent_dropout=0.1, rs) → Dropout(0.5) → LSTM(3): identity at inference"""
    return Case(
        [6, 3],
        [
            L("LSTM", units=4, dropout=0.2, recurrent_dropout=0.1, return_sequences=True),
            L("Dropout", rate=0.5),
            L("LSTM", units=3),
        ],
    )


def bidirectional_case(merge_mode, return_sequences):
    inner = L("LSTM", units=3)
    if return_sequences:
        inner["return_sequences"] = True
    bidi = L("Bidirectional")
    if merge_mode != "concat":  # concat is the default
        bidi["merge_mode"] = merge_mode
    bidi["layer"] = inner
    return Case([5, 3], [bidi, L("Dense", units=2)])


def _register_bidirectional_cases():
    for mode in ("concat", "sum", "mul", "ave"):
        for rs, tail in ((True, "seq"), (False, "last")):
            name = f"bidi_{mode}_{tail}"
            c = bidirectional_case(mode, rs)
            per_step = " per step" if rs else ""
            c.doc = (
                f"(5,3) → Bidirectional(LSTM(3{', rs' if rs else ''}), merge_mode={mode})"
                f" → Dense(2){per_step}"
            )
            CASES[name] = c


_register_bidirectional_cases()


@case
def bidi_stacked():
    """(5,3) → Bidirectional(LSTM(3, rs)) → Bidirectional(LSTM(3, rs), sum) → LSTM(2) → Dense(1): default names bidirectional, bidirectional_1, lstm_2 (the wrapped LSTMs take lstm and lstm_1)"""
    return Case(
        [5, 3],
        [
            L("Bidirectional", layer=L("LSTM", units=3, return_sequences=True)),
            L("Bidirectional", merge_mode="sum",
              layer=L("LSTM", units=3, return_sequences=True)),
            L("LSTM", units=2),
            L("Dense", units=1),
        ],
    )


@case
def embedding():
    """tokens (7,) with ids 0 and 19 → Embedding(20, 4) → LSTM(3) → Dense(1, sigmoid)"""
    return Case(
        [7],
        [
            L("Embedding", input_dim=20, output_dim=4),
            L("LSTM", units=3),
            L("Dense", units=1, activation="sigmoid"),
        ],
        vocab=20,
    )


@case
def embedding_bidirectional():
    """tokens (7,) → Embedding(20, 4) → Bidirectional(LSTM(3)) → Dense(1, sigmoid)"""
    return Case(
        [7],
        [
            L("Embedding", input_dim=20, output_dim=4),
            L("Bidirectional", layer=L("LSTM", units=3)),
            L("Dense", units=1, activation="sigmoid"),
        ],
        vocab=20,
    )


@case
def dense_3d():
    """(6,3) → LSTM(4, rs) → Dense(3, softmax) per timestep, output (6,3)"""
    return Case(
        [6, 3],
        [L("LSTM", units=4, return_sequences=True), L("Dense", units=3, activation="softmax")],
    )


@case
def flatten():
    """(5,3) → LSTM(4, rs) → Flatten → Dense(2, tanh)"""
    return Case(
        [5, 3],
        [
            L("LSTM", units=4, return_sequences=True),
            L("Flatten"),
            L("Dense", units=2, activation="tanh"),
        ],
    )


@case
def batch_size():
    """batch_size = 5 in the lesson ↔ keras.Input(batch_shape=(5, 6, 3)) → LSTM(4) → Dense(2); summary shapes start with 5; input.npy is one sample"""
    return Case([6, 3], [L("LSTM", units=4), L("Dense", units=2)], batch_size=5)


@case
def explicit_names():
    """every layer named: encoder LSTM(4, rs) → bi Bidirectional(inner LSTM(3)) → head Dense(2); sublayers forward_inner / backward_inner"""
    return Case(
        [6, 3],
        [
            L("LSTM", name="encoder", units=4, return_sequences=True),
            L("Bidirectional", name="bi", layer=L("LSTM", name="inner", units=3)),
            L("Dense", name="head", units=2),
        ],
    )


@case
def batch_input():
    """like basic, but input.npy is a batch (3, 6, 3); expected.npz holds sample index 1"""
    return Case([6, 3], [L("LSTM", units=4), L("Dense", units=2)], batch=3, sample=1)


@case
def functional():
    """keras.Model(inputs, outputs) chain: Input(6,3) → LSTM(4, rs) → LSTM(3) → Dense(2); summary.json lists the InputLayer too"""
    return Case(
        [6, 3],
        [L("LSTM", units=4, return_sequences=True), L("LSTM", units=3), L("Dense", units=2)],
        functional=True,
    )


@case
def lesson5_size():
    """lesson5 model, 500 tokens → Embedding(10000, 32) → LSTM(32, rs) → LSTM(32, rs) → LSTM(32) → Dense(1, sigmoid); only model.keras (~1.4 MB), input.npy, expected.npz (layer outputs, output)"""
    return Case(
        [500],
        [
            L("Embedding", input_dim=10000, output_dim=32),
            L("LSTM", units=32, return_sequences=True),
            L("LSTM", units=32, return_sequences=True),
            L("LSTM", units=32),
            L("Dense", units=1, activation="sigmoid"),
        ],
        vocab=10000,
        weight_scale=0.3,
        lesson=False,
        state_steps=False,
    )


# --------------------------------------------------------------------------------------------
# Building, filling and running a Keras model


def build_layer(spec):
    kwargs = dict(spec)
    class_name = kwargs.pop("class_name")
    if "layer" in kwargs:
        kwargs["layer"] = build_layer(kwargs["layer"])
    return getattr(keras.layers, class_name)(**kwargs)


def build_model(c):
    keras.utils.clear_session()  # default names start again at lstm, dense, ...
    dtype = "int32" if c.vocab else "float32"
    if c.batch_size:
        inputs = keras.Input(batch_shape=(c.batch_size, *c.input_shape), dtype=dtype)
    else:
        inputs = keras.Input(shape=tuple(c.input_shape), dtype=dtype)
    if not c.functional:
        return keras.Sequential([inputs] + [build_layer(s) for s in c.layers])
    x = inputs
    for spec in c.layers:
        x = build_layer(spec)(x)
    return keras.Model(inputs, x)


def fill_weights(model, rng, scale):
    """Overwrite every variable with random nonzero values so no initialiser value survives."""
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            new = [(rng.normal(size=w.shape) * scale).astype(np.float32) for w in weights]
            assert all(np.all(w != 0) for w in new)
            layer.set_weights(new)


def make_input(c, rng):
    shape = ([c.batch] if c.batch else []) + list(c.input_shape)
    if not c.vocab:
        return (rng.uniform(-1, 1, size=shape) * c.input_scale).astype(np.float32)
    ids = rng.integers(1, c.vocab - 1, size=shape).astype(np.int32)
    ids[..., 1] = 0  # the padding id and the largest id both occur
    ids[..., -2] = c.vocab - 1
    return ids


def rnn_layers(layer):
    """The RNN sublayers of a layer, keyed by the suffix used in the fixture keys."""
    if isinstance(layer, keras.layers.Bidirectional):
        return {"forward": layer.forward_layer, "backward": layer.backward_layer}
    if isinstance(layer, keras.layers.RNN):
        return {"": layer}
    return {}


def weight_arrays(model):
    out = {}
    for layer in model.layers:
        parts = rnn_layers(layer) or {"": layer}
        for suffix, sub in parts.items():
            prefix = f"{layer.name}.{suffix}." if suffix else f"{layer.name}."
            for v in sub.weights:
                out[prefix + v.name] = np.asarray(keras.ops.convert_to_numpy(v.value), np.float32)
    return out


def step_cell(rnn, xs, tensor=lambda a: a):
    """Feed xs (T, D) to the real Keras cell one step at a time, in the layer's processing order.
    `tensor` wraps each argument for cells that take their framework's tensors (tf.keras 2:
    tf.constant)."""
    cell = rnn.cell
    h = np.zeros((1, cell.units), np.float32)
    c = np.zeros((1, cell.units), np.float32)
    order = range(len(xs) - 1, -1, -1) if rnn.go_backwards else range(len(xs))
    hs, cs = [], []
    for t in order:
        _, (h, c) = cell(tensor(xs[t][None]), [tensor(h), tensor(c)], training=False)
        h, c = np.asarray(h), np.asarray(c)
        hs.append(h[0])
        cs.append(c[0])
    return np.stack(hs), np.stack(cs)


MERGE = {
    "concat": lambda a, b: np.concatenate([a, b], axis=-1),
    "sum": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "ave": lambda a, b: (a + b) / 2,
}


def check_rnn_output(name, layer, y, states):
    """The stepped states must reproduce the layer's own output."""
    if isinstance(layer, keras.layers.Bidirectional):
        hf, hb = states["forward"][0], states["backward"][0]
        if layer.return_sequences:  # Keras flips the backward output back to input order
            want = MERGE[layer.merge_mode](hf, hb[::-1])
        else:
            want = MERGE[layer.merge_mode](hf[-1], hb[-1])
    else:
        h = states[""][0]
        want = h if layer.return_sequences else h[-1]
    err = np.max(np.abs(want - y))
    assert err <= ATOL, f"{name}: stepped cell differs from the layer output by {err}"


def run_layers(model, c, x):
    """Apply the layers one by one to the batch x; return its output and, for sample c.sample,
    every layer's output and every LSTM's stepped states as {key: array}."""
    expected = {}
    cur = x
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        layer_in = cur
        cur = np.asarray(layer(cur, training=False))
        y = cur[c.sample]
        expected[f"{layer.name}.output"] = y.astype(np.float32)
        parts = rnn_layers(layer)
        if parts:
            states = {k: step_cell(sub, layer_in[c.sample]) for k, sub in parts.items()}
            check_rnn_output(layer.name, layer, y, states)
            if c.state_steps:
                for k, (h, cs) in states.items():
                    key = f"{layer.name}.{k}" if k else layer.name
                    expected[f"{key}.h"] = h.astype(np.float32)
                    expected[f"{key}.c"] = cs.astype(np.float32)
    return cur, expected


def summary(model):
    layers = [
        {
            "name": layer.name,
            "class_name": type(layer).__name__,
            "output_shape": list(layer.output.shape),
            "params": int(layer.count_params()),
        }
        for layer in model.layers
    ]
    return {"layers": layers, "total_params": int(model.count_params())}


# --------------------------------------------------------------------------------------------
# The lesson file


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(v)


def toml_table(spec):
    return [f"{k} = {toml_value(v)}" for k, v in spec.items() if k != "layer"]


def lesson_toml(name, c):
    lines = [
        "format_version = 1",
        f'title = "parity: {name}"',
        "",
        "[model]",
        f"input_shape = {toml_value(c.input_shape)}",
    ]
    if c.batch_size:
        lines.append(f"batch_size = {c.batch_size}")
    lines += ["seed = 0", 'weights = "weights.npz"']
    for spec in c.layers:
        lines += ["", "[[model.layers]]"] + toml_table(spec)
        if "layer" in spec:
            lines += ["[model.layers.layer]"] + toml_table(spec["layer"])
    lines += ["", "[input]", 'file = "input.npy"']
    if c.batch:
        lines.append(f"# input.npy holds {c.batch} samples; expected.npz is for sample {c.sample}")
    text = "\n".join(lines) + "\n"

    parsed = tomllib.loads(text)  # the file must say exactly what the case says
    assert parsed["model"]["layers"] == c.layers, name
    assert parsed["model"]["input_shape"] == c.input_shape, name
    return text


# --------------------------------------------------------------------------------------------
# Writing one parity case


def seed_of(name):
    return zlib.crc32(name.encode())


def json_rows(rows):
    """A JSON list with one compact object a line."""
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n"


def save_npz(path, arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def write_parity_case(name, c, root):
    out = root / name
    out.mkdir(parents=True)
    rng = np.random.default_rng(seed_of(name))

    model = build_model(c)
    fill_weights(model, rng, c.weight_scale)
    x = make_input(c, rng)

    batch = x if c.batch else x[None]
    if c.batch_size:  # a model with a fixed batch size is fed a full batch of copies
        batch = np.repeat(batch, c.batch_size, axis=0)
    predicted = model.predict(batch, batch_size=len(batch), verbose=0)
    final, expected = run_layers(model, c, batch)
    err = np.max(np.abs(final - predicted))
    assert err <= ATOL, f"{name}: layer-by-layer run differs from model.predict by {err}"
    expected["output"] = np.asarray(predicted[c.sample], np.float32)

    np.save(out / "input.npy", x)
    save_npz(out / "expected.npz", expected)
    model.save(out / "model.keras")
    if not c.lesson:
        return

    save_npz(out / "weights.npz", weight_arrays(model))
    (out / "model.toml").write_text(lesson_toml(name, c))
    info = summary(model)
    text = '{"layers": ' + json_rows(info["layers"]).rstrip("\n")
    text += f',\n"total_params": {info["total_params"]}}}\n'
    assert json.loads(text) == info
    (out / "summary.json").write_text(text)
    model.save_weights(out / "model.weights.h5")
    try:
        model.save(out / "model.h5")
    except Exception as e:  # noqa: BLE001 - report and go on
        print(f"  {name}: Keras would not write model.h5 ({type(e).__name__}: {e})")


def write_parity():
    root = FIXTURES / "parity"
    shutil.rmtree(root, ignore_errors=True)
    for name, c in CASES.items():
        print(f"parity/{name}")
        write_parity_case(name, c, root)


# --------------------------------------------------------------------------------------------
# Text: TextVectorization and pad_sequences

CORPUS = [
    "This movie was great, and the acting was wonderful.",
    "The plot was boring and the ending was terrible!",
    "I loved the music; the actors were brilliant.",
    "What a waste of time. Awful film.",
    "A wonderful story with great characters.",
    "The worst movie I have seen this year.",
    "Funny, clever and beautifully shot.",
    "I would not watch it again.",
    "The acting was bad but the music was great.",
]

TEXT_CASES = [
    "This movie was great",
    "THE ACTING WAS WONDERFUL!!!",
    "Great, great... GREAT?",
    "I loved the zombies",  # "zombies" is not in the vocabulary
    "  the   plot\twas\nboring  ",
    "don't watch it",  # the apostrophe is stripped: "dont"
    "well-shot film (2019)",
    "The CAFÉ scene was great",
    "",
]

PAD_CASES = [
    ([5, 8, 2], 6),
    ([5, 8, 2, 9, 4, 7, 3, 1], 5),
    ([4, 4, 4, 4], 4),
    ([], 3),
    ([12], 1),
]


def write_text():
    out = FIXTURES / "text"
    out.mkdir(parents=True, exist_ok=True)
    pads = [
        {
            "tokens": tokens,
            "maxlen": maxlen,
            "padded": keras.utils.pad_sequences([tokens], maxlen=maxlen)[0].tolist(),
        }
        for tokens, maxlen in PAD_CASES
    ]
    (out / "pad_sequences.json").write_text(json_rows(pads))

    try:
        import tensorflow  # noqa: F401  (TextVectorization needs it)
    except ImportError:
        print("text/: TensorFlow not installed, vocab.txt / cases.json / corpus.txt kept as they are")
        return
    vectorizer = keras.layers.TextVectorization()
    vectorizer.adapt(CORPUS)
    vocab = [str(t) for t in vectorizer.get_vocabulary()]
    assert vocab[:2] == ["", "[UNK]"]
    (out / "corpus.txt").write_text("\n".join(CORPUS) + "\n")
    (out / "vocab.txt").write_text("\n".join(vocab) + "\n")
    cases = []
    for text in TEXT_CASES:
        tokens = keras.ops.convert_to_numpy(vectorizer([text]))[0]
        cases.append({"text": text, "tokens": [int(t) for t in tokens]})
    (out / "cases.json").write_text(json_rows(cases))


# --------------------------------------------------------------------------------------------
# PyTorch nn.LSTM layout, computed in numpy

PYTORCH_README = """\
# PyTorch nn.LSTM fixtures

Made by tools/make_fixtures.py in numpy (no PyTorch needed). Each folder has

- `model.safetensors`: a state_dict as PyTorch names it, float32: `lstm.weight_ih_l{k}` (4H, D_k),
  `lstm.weight_hh_l{k}` (4H, H), `lstm.bias_ih_l{k}` (4H), `lstm.bias_hh_l{k}` (4H), the same with a
  `_reverse` suffix for the backward direction, and the nn.Linear head `fc.weight` (out, in),
  `fc.bias` (out). Rows of the 4H axis are the gates in the order i, f, g, o.
- `input.npy`: one sequence (T, D), float32 (batch_first without the batch axis).
- `expected.npz`: float32 results, computed in float64 from the float32 weights.

Equations (nn.LSTM's documentation), with h_0 = c_0 = 0, σ the logistic sigmoid and W·x a
matrix-vector product:

    i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

where weight_ih_l{k} = [W_ii; W_if; W_ig; W_io] and weight_hh_l{k} = [W_hi; W_hf; W_hg; W_ho]
(stacked by rows), and bias_ih / bias_hh split the same way. No dropout, no projection.

- The backward direction (`_reverse`) runs the same equations over x_{T-1}, ..., x_0.
- Layer k > 0 reads the output sequence of layer k-1 (both directions concatenated, in time
  order, for a bidirectional LSTM).
- `lstm.output` (T, H or 2H) is what nn.LSTM returns with batch_first=True: at time t the
  forward h_t, then (bidirectional) the backward h at t, i.e. after reading x_{T-1} ... x_t.
- `lstm.l{k}.h` / `lstm.l{k}.c` (and `lstm.l{k}_reverse.h` / `.c`) are the per-step states
  (T, H) in processing order: for `_reverse`, row 0 is after reading x_{T-1}.
- `lstm.h_n` / `lstm.c_n` (layers × directions, H) are nn.LSTM's final states, ordered
  l0, l0_reverse, l1, ...
- `fc.output` = fc.weight · lstm.output[T-1] + fc.bias: the head applied to the last
  timestep's output. For the bidirectional case the backward half of that row has read only
  x_{T-1}.

| case | model |
| --- | --- |
| lstm2_linear | nn.LSTM(3, 4, num_layers=2, batch_first=True), T=5 → nn.Linear(4, 2) |
| bilstm_linear | nn.LSTM(3, 3, bidirectional=True, batch_first=True), T=4 → nn.Linear(6, 1) |
"""


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def torch_lstm_direction(xs, w_ih, w_hh, b_ih, b_hh, reverse):
    """nn.LSTM's equations for one layer and direction; states (T, H) in processing order."""
    hidden = w_hh.shape[1]
    h = np.zeros(hidden)
    c = np.zeros(hidden)
    order = range(len(xs) - 1, -1, -1) if reverse else range(len(xs))
    hs, cs = [], []
    for t in order:
        z = w_ih @ xs[t] + b_ih + w_hh @ h + b_hh
        i, f, g, o = np.split(z, 4)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        hs.append(h)
        cs.append(c)
    return np.stack(hs), np.stack(cs)


def write_pytorch_case(out, name, rng, *, d, hidden, layers, bidirectional, steps, out_dim):
    folder = out / name
    folder.mkdir(parents=True)
    tensors = {}
    expected = {}
    xs = rng.uniform(-1, 1, size=(steps, d)).astype(np.float32)
    seq = xs.astype(np.float64)
    h_n, c_n = [], []
    directions = ["", "_reverse"] if bidirectional else [""]
    for k in range(layers):
        outputs = []
        for suffix in directions:
            key = f"l{k}{suffix}"
            d_in = seq.shape[1]
            w = {
                "weight_ih": rng.normal(size=(4 * hidden, d_in)) * 0.5,
                "weight_hh": rng.normal(size=(4 * hidden, hidden)) * 0.5,
                "bias_ih": rng.normal(size=(4 * hidden,)) * 0.5,
                "bias_hh": rng.normal(size=(4 * hidden,)) * 0.5,
            }
            w = {n: a.astype(np.float32) for n, a in w.items()}
            for n, a in w.items():
                tensors[f"lstm.{n}_{key}"] = a
            w64 = {n: a.astype(np.float64) for n, a in w.items()}
            hs, cs = torch_lstm_direction(
                seq, w64["weight_ih"], w64["weight_hh"], w64["bias_ih"], w64["bias_hh"],
                reverse=bool(suffix),
            )
            expected[f"lstm.{key}.h"] = hs
            expected[f"lstm.{key}.c"] = cs
            h_n.append(hs[-1])
            c_n.append(cs[-1])
            outputs.append(hs[::-1] if suffix else hs)  # back in time order
        seq = np.concatenate(outputs, axis=1)
    fc_w = (rng.normal(size=(out_dim, seq.shape[1])) * 0.5).astype(np.float32)
    fc_b = (rng.normal(size=(out_dim,)) * 0.5).astype(np.float32)
    tensors["fc.weight"] = fc_w
    tensors["fc.bias"] = fc_b
    expected["lstm.output"] = seq
    expected["lstm.h_n"] = np.stack(h_n)
    expected["lstm.c_n"] = np.stack(c_n)
    expected["fc.output"] = fc_w.astype(np.float64) @ seq[-1] + fc_b
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    np.save(folder / "input.npy", xs)
    save_npz(folder / "expected.npz", {k: v.astype(np.float32) for k, v in expected.items()})


def write_pytorch():
    out = FIXTURES / "pytorch"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    print("pytorch/")
    write_pytorch_case(out, "lstm2_linear", np.random.default_rng(seed_of("lstm2_linear")),
                       d=3, hidden=4, layers=2, bidirectional=False, steps=5, out_dim=2)
    write_pytorch_case(out, "bilstm_linear", np.random.default_rng(seed_of("bilstm_linear")),
                       d=3, hidden=3, layers=1, bidirectional=True, steps=4, out_dim=1)
    (out / "README.md").write_text(PYTORCH_README)


# --------------------------------------------------------------------------------------------
# Corrupt files, made from the basic parity case

CORRUPT = {
    "truncated.keras": "first half of parity/basic/model.keras",
    "config_mismatch.keras": "parity/basic/model.keras with the Dense layer's units changed from 2 "
    "to 3 in config.json; model.weights.h5 still holds a (4, 2) kernel and a (2,) bias",
    "missing_weights.keras": "parity/basic/model.keras without model.weights.h5 "
    "(config.json and metadata.json only)",
    "zip_bomb.keras": "config.json decompresses to ~200 MB (200,000,000 spaces, then basic's "
    "config, so it is valid JSON); metadata.json and model.weights.h5 are basic's",
    "truncated.h5": "first half of parity/basic/model.h5",
    "truncated_weights.h5": "first half of parity/basic/model.weights.h5",
    "truncated_member.npz": "a valid zip whose member lstm.kernel.npy is cut short: its header says "
    "(3, 16) float32, its data holds 40 bytes",
    "truncated.npz": "first half of parity/basic/weights.npz (the zip itself is cut)",
    "complex64.npy": "a (4, 3) complex64 array",
    "short_data.npy": "header says (100, 4) float32, the data holds 10 rows",
    "not_a_zip.keras": "a text file named .keras",
}


def zip_copy(src, dst, *, drop=(), replace=None):
    replace = replace or {}
    """Copy a zip member by member, keeping each member's name and compression (Keras stores)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info, replace.get(info.filename, zin.read(info.filename)))


def first_half(src, dst):
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])


def npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def write_corrupt():
    out = FIXTURES / "corrupt"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    print("corrupt/")
    basic = FIXTURES / "parity" / "basic"
    keras_file = basic / "model.keras"

    first_half(keras_file, out / "truncated.keras")
    first_half(basic / "model.h5", out / "truncated.h5")
    first_half(basic / "model.weights.h5", out / "truncated_weights.h5")
    first_half(basic / "weights.npz", out / "truncated.npz")

    with zipfile.ZipFile(keras_file) as z:
        config = json.loads(z.read("config.json"))
    dense = next(l for l in config["config"]["layers"] if l["class_name"] == "Dense")
    assert dense["config"]["units"] == 2
    dense["config"]["units"] = 3
    zip_copy(keras_file, out / "config_mismatch.keras",
             replace={"config.json": json.dumps(config).encode()})

    zip_copy(keras_file, out / "missing_weights.keras", drop={"model.weights.h5"})

    with zipfile.ZipFile(keras_file) as zin, zipfile.ZipFile(
        out / "zip_bomb.keras", "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as zout:
        for info in zin.infolist():
            if info.filename != "config.json":
                zout.writestr(info, zin.read(info.filename))
                continue
            with zout.open("config.json", "w") as f:
                chunk = b" " * 1_000_000
                for _ in range(200):
                    f.write(chunk)
                f.write(zin.read("config.json"))
    assert (out / "zip_bomb.keras").stat().st_size < 300_000

    member = npy_bytes(np.ones((3, 16), np.float32))
    header_len = len(member) - 3 * 16 * 4
    with zipfile.ZipFile(out / "truncated_member.npz", "w") as z:  # fixed dates: same bytes every run
        z.writestr(zipfile.ZipInfo("lstm.kernel.npy"), member[: header_len + 40])
        z.writestr(zipfile.ZipInfo("dense.bias.npy"), npy_bytes(np.ones(2, np.float32)))

    rng = np.random.default_rng(seed_of("corrupt"))
    complex_array = (rng.normal(size=(4, 3)) + 1j * rng.normal(size=(4, 3))).astype(np.complex64)
    np.save(out / "complex64.npy", complex_array)

    full = npy_bytes(rng.normal(size=(100, 4)).astype(np.float32))
    header_len = len(full) - 100 * 4 * 4
    (out / "short_data.npy").write_bytes(full[: header_len + 10 * 4 * 4])

    (out / "not_a_zip.keras").write_text("this is not a zip archive\n")


# --------------------------------------------------------------------------------------------
# tests/fixtures/README.md


def readme():
    lines = [
        "# Test fixtures",
        "",
        "Everything here is made by tools/make_fixtures.py from Keras "
        f"{keras.__version__} (jax backend, CPU) with fixed seeds; rerun it with "
        "`python -m venv .venv && .venv/bin/pip install -r tools/requirements.txt && "
        "KERAS_BACKEND=jax .venv/bin/python tools/make_fixtures.py` "
        "(text/vocab.txt, text/cases.json and text/corpus.txt need TensorFlow for Keras's "
        "TextVectorization: use tools/requirements-text.txt instead, see the script's docstring). "
        "Do not edit the files by hand.",
        "",
        "## parity/<case>/",
        "",
        "- `model.toml`: an lstm-tui lesson file for the same model (`weights = \"weights.npz\"`, "
        "`[input] file = \"input.npy\"`). Layer names are Keras's defaults, so the lesson file "
        "has no `name =` except in `explicit_names`.",
        "- `weights.npz`: float32, one array per variable, keys `<layer>.kernel`, "
        "`<layer>.recurrent_kernel`, `<layer>.bias`, `<layer>.embeddings`, and "
        "`<layer>.forward.*` / `<layer>.backward.*` for Bidirectional; shapes as Keras stores them.",
        "- `input.npy`: one sample, float32 (T, D) or int32 (T,) token ids. In `batch_input` it is "
        "a batch (3, T, D) and expected.npz holds the numbers for **sample index 1**.",
        "- `expected.npz`: float32 numbers from Keras: `<layer>.output` for every layer (batch axis "
        "removed), `output` (the model output), and for every LSTM `<layer>.h` / `<layer>.c` (T, u): "
        "the states from stepping the Keras cell one timestep at a time in processing order "
        "(reversed for go_backwards and for the backward direction; `<layer>.forward.h`, "
        "`<layer>.backward.h`, ... for Bidirectional). The script checks that the stepped h "
        "reproduces each layer's output to 1e-5.",
        "- `summary.json`: `{\"layers\": [{name, class_name, output_shape, params}], "
        "\"total_params\"}` from Keras (the Functional model also lists its InputLayer).",
        "- `model.keras` (model.save), `model.h5` (legacy HDF5 model.save), "
        "`model.weights.h5` (model.save_weights).",
        "",
        "Weights are random normal × 0.5 (biases too), inputs uniform(-1, 1) unless noted. "
        "`rs` = return_sequences.",
        "",
        "| case | model |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {c.doc} |" for name, c in CASES.items()]
    lines += [
        "",
        "## text/",
        "",
        "- `corpus.txt`: the sentences a default `keras.layers.TextVectorization()` "
        "(standardize lower_and_strip_punctuation, split whitespace) was adapted on.",
        "- `vocab.txt`: `get_vocabulary()`, one token a line (line 1 is empty: index 0 is \"\", "
        "index 1 is \"[UNK]\").",
        "- `cases.json`: `[{\"text\", \"tokens\"}]`, Keras's own tokenisation of each text "
        "(capitals, punctuation, an unknown word, odd whitespace, non-ASCII, empty).",
        "- `pad_sequences.json`: `[{\"tokens\", \"maxlen\", \"padded\"}]` from "
        "`keras.utils.pad_sequences` with its defaults (padding=\"pre\", truncating=\"pre\", value 0).",
        "",
        "## pytorch/",
        "",
        "PyTorch nn.LSTM state_dict layout in safetensors, with expected values computed in numpy; "
        "see pytorch/README.md.",
        "",
        "## corrupt/",
        "",
        "| file | what is wrong |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {what} |" for name, what in CORRUPT.items()]
    lines += ["", H5_LAYOUT]
    (FIXTURES / "README.md").write_text("\n".join(lines) + "\n")


# What the HDF5 readers rely on, read off these fixtures with h5py (kept in the README).
H5_LAYOUT = """\
## How Keras 3 lays out the HDF5 files (read off these fixtures with h5py)

- `model.weights.h5`, standalone and inside `.keras`, keys layer groups **not by layer name** but by
  the snake_case class name with a per-class counter in layer order (weightless layers count too):
  in `explicit_names` the layer "encoder" is stored under `layers/lstm/...`, and in
  `bidi_stacked` the layer Keras calls `lstm_2` is `layers/lstm`. The real name is only in the
  attribute `layers/<key>/vars.attrs["name"]`. A Functional model also has an empty
  `layers/input_layer`. h5py lists groups alphabetically: take the layer order from config.json.
- LSTM: `layers/<key>/cell/vars/{0,1,2}` (kernel, recurrent_kernel, bias); Dense
  `layers/<key>/vars/{0,1}`; Embedding `layers/<key>/vars/0`; Bidirectional
  `layers/<key>/forward_layer/cell/vars/{0,1,2}` and `layers/<key>/backward_layer/cell/vars/{0,1,2}`.
- Legacy `model.h5`: root attributes `model_config`, `keras_version`, `backend`; `model_weights`
  has the attribute `layer_names`, each layer group `weight_names`
  (e.g. `sequential/lstm/lstm_cell/kernel`). Paths use real names:
  `model_weights/bidirectional/sequential/bidirectional/forward_lstm/lstm_cell/kernel`,
  `model_weights/encoder/sequential/encoder/lstm_cell/kernel`,
  `model_weights/embedding/sequential/embedding/embeddings`.
- A Bidirectional's wrapped LSTM takes a default name: Bidirectional(LSTM) → Bidirectional(LSTM)
  → LSTM are named bidirectional, bidirectional_1, lstm_2. Keras 3.15 refuses go_backwards=True on
  the layer a Bidirectional wraps.
- `.keras` zip members are stored uncompressed; config.json of a Sequential model lists the
  InputLayer although `model.layers` leaves it out."""


def main():
    np.random.seed(0)  # nothing should use the global generator, but make sure it is fixed
    keras.utils.set_random_seed(0)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    write_parity()
    write_text()
    write_pytorch()
    write_corrupt()
    readme()
    print("done:", FIXTURES)


if __name__ == "__main__":
    main()

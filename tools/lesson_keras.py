"""The built-in lessons as Keras models, for tools/train_lessons.py: each lesson's model built
exactly as its [model] table says, its weights in and out in lessons/README.md's .npz layout, and
a numpy re-run of every LSTM cell step by step (checked against Keras's own output) from which the
lessons' figures are measured.

Importing it sets up Keras 3 on jax, on one CPU thread, so that training is reproducible.
"""

import io
import os
import sys
import tomllib
import zipfile
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
)
os.environ.setdefault("OMP_NUM_THREADS", "1")
if os.environ["KERAS_BACKEND"] != "jax":
    sys.exit("train_lessons.py: run with KERAS_BACKEND=jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lesson_summaries import build_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
TEMPLATES = ROOT / "tools" / "lessons"
FIXTURES = ROOT / "tests" / "fixtures" / "lessons"
GATES = ["kernel", "recurrent_kernel", "bias"]
NAMES = {"LSTM": GATES, "Dense": ["kernel", "bias"], "Embedding": ["embeddings"]}


# --------------------------------------------------------------------------------------------
# Files


def npz_bytes(arrays):
    """np.savez_compressed's format (one deflated .npy member per array) with fixed entry times,
    so that the same arrays always give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, buf.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def weights_of(model):
    """The model's variables keyed as lessons/README.md says (<layer>.<variable>)."""
    arrays = {}
    for layer in model.layers:
        kind, weights = type(layer).__name__, layer.get_weights()
        if kind == "Bidirectional":
            half = len(weights) // 2
            for direction, part in (("forward", weights[:half]), ("backward", weights[half:])):
                arrays.update({f"{layer.name}.{direction}.{n}": w for n, w in zip(GATES, part)})
        else:
            arrays.update({f"{layer.name}.{n}": w for n, w in zip(NAMES.get(kind, []), weights)})
    return {k: v.astype(np.float32) for k, v in arrays.items()}


def set_weights_from(model, arrays):
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Bidirectional":
            ws = [arrays[f"{layer.name}.{d}.{n}"] for d in ("forward", "backward") for n in GATES]
        else:
            ws = [arrays[f"{layer.name}.{n}"] for n in NAMES.get(kind, [])]
        if ws:
            layer.set_weights(ws)


def lesson_model(lesson_id, any_timesteps=False, any_batch=False, lstm_options=None):
    """The Keras model of tools/lessons/<id>.toml, exactly; for training, the same layers taking
    any number of timesteps, or any batch size, and with training-only options on the LSTMs
    (regularizers change the loss, not the model's variables)."""
    text = (TEMPLATES / f"{lesson_id}.toml").read_text()
    # Only [model] is read; the rest of a template has placeholders that are not TOML yet.
    lesson = tomllib.loads(text[text.index("[model]") : text.index("[input]")])
    m = dict(lesson["model"])
    if lstm_options:
        m["layers"] = [dict(s, **lstm_options) if s["class_name"] == "LSTM" else s for s in m["layers"]]
    if any_timesteps:
        m["input_shape"] = [None, *m["input_shape"][1:]]
    if any_batch:
        m.pop("batch_size", None)
    return build_model(dict(lesson, model=m))


# --------------------------------------------------------------------------------------------
# Tracing: every LSTM cell's gates and states, per step, in numpy from the Keras weights.


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


ACTIVATIONS = {"linear": lambda z: z, "sigmoid": sigmoid, "softmax": softmax}


def lstm_steps(x, kernel, recurrent, bias, backwards=False):
    """x (B, T, D) → dict of (B, T, U) arrays i, f, g, o, c, h in processing order."""
    b, steps, _ = x.shape
    u = recurrent.shape[0]
    h = np.zeros((b, u), np.float32)
    c = np.zeros((b, u), np.float32)
    out = {k: np.zeros((b, steps, u), np.float32) for k in "ifgoch"}
    order = range(steps - 1, -1, -1) if backwards else range(steps)
    for k, t in enumerate(order):
        z = x[:, t] @ kernel + h @ recurrent + bias
        i, f, g, o = sigmoid(z[:, :u]), sigmoid(z[:, u : 2 * u]), np.tanh(z[:, 2 * u : 3 * u]), sigmoid(z[:, 3 * u :])
        c = f * c + i * g
        h = o * np.tanh(c)
        for name, v in zip("ifgoch", (i, f, g, o, c, h)):
            out[name][:, k] = v
    return out


def trace(model, x):
    """Per layer name: its LSTM cell record(s) (checked against Keras's own output) and output."""
    cells, outputs = {}, {}
    y = x
    for layer in model.layers:
        kind = type(layer).__name__
        w = layer.get_weights()
        if kind == "Embedding":
            y = w[0][y]
        elif kind == "LSTM":
            rec = lstm_steps(y, *w)
            cells[layer.name] = [rec]
            y = rec["h"] if layer.return_sequences else rec["h"][:, -1]
        elif kind == "Bidirectional":
            fwd, bwd = lstm_steps(y, *w[:3]), lstm_steps(y, *w[3:], backwards=True)
            cells[layer.name] = [fwd, bwd]
            y = np.concatenate([fwd["h"][:, -1], bwd["h"][:, -1]], axis=-1)
        elif kind == "Dense":
            y = ACTIVATIONS[layer.activation.__name__](y @ w[0] + w[1])
        elif kind == "Flatten":
            y = y.reshape(y.shape[0], -1)
        outputs[layer.name] = y
    keras_out = np.asarray(model.predict(x, verbose=0, batch_size=256))
    assert np.allclose(keras_out, y, atol=1e-4), np.abs(keras_out - y).max()
    return cells, outputs


def corr(a, b):
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


def best_unit(q, signal, steps=None):
    """The unit of q (B, T, U) whose value correlates most (by |r|) with signal (B, T) over the
    given steps, and its r."""
    steps = slice(None) if steps is None else steps
    rs = [corr(q[:, steps, u], signal[:, steps]) for u in range(q.shape[-1])]
    u = int(np.argmax(np.abs(rs)))
    return u, round(rs[u], 3), [round(r, 3) for r in rs]


def fit(model, x, y, epochs, lr, batch=64, loss="binary_crossentropy", metrics=("accuracy",), **kw):
    weighted = {"weighted_metrics": list(metrics)} if "sample_weight" in kw else {"metrics": list(metrics)}
    model.compile(optimizer=keras.optimizers.Adam(lr), loss=loss, **weighted)
    hist = model.fit(x, y, epochs=epochs, batch_size=batch, verbose=2, shuffle=True, **kw)
    return {k: round(float(v[-1]), 4) for k, v in hist.history.items()}


def fixed(x, digits=2):
    """Inputs written into a lesson are rounded as the lesson prints them."""
    return np.round(x, digits).astype(np.float32)


def toml_rows(x, digits=2):
    """A (T, D) input as TOML rows, one timestep a line."""
    fmt = f"{{:.{digits}f}}"
    return "\n".join("    [" + ", ".join(fmt.format(v) for v in row) + "]," for row in x)

"""(Re)write tests/fixtures/files/: the model-file fixtures beyond tools/make_fixtures.py's parity
cases, for reading .keras, .h5, .weights.h5 and .safetensors files.

Run from the repository root, after tools/make_fixtures.py (it reuses that script's helpers and
reads its pytorch/ and parity/basic/ fixtures):

    KERAS_BACKEND=jax .venv-text/bin/python tools/make_file_fixtures.py

with the venv of tools/requirements-text.txt (Keras 3 + jax + TensorFlow, for TextVectorization).
The tf2/ cases need tf.keras 2 too: `pip install --no-deps -r tools/requirements-tf2.txt` into
that venv (--no-deps: tf_keras would otherwise pull a different TensorFlow); when tf_keras is not
installed, tf2/ is left as it is. What is written is described in
tests/fixtures/files/README.md, which this script writes too.
"""

import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures as mf  # noqa: E402  (sets KERAS_BACKEND=jax before importing keras)
from make_fixtures import L, Case, json_rows, save_npz, seed_of  # noqa: E402

import h5py  # noqa: E402
import keras  # noqa: E402
from safetensors.numpy import load_file, save_file  # noqa: E402

OUT = mf.FIXTURES / "files"
README = []  # (section, name, description) rows for the README


def note(section, name, what):
    README.append((section, name, " ".join(what.split())))


# --------------------------------------------------------------------------------------------
# Models taking any number of timesteps, and a float64 model (Keras 3)


def write_keras_case(folder, model, x, doc):
    """model.keras, model.h5, input.npy, expected.npz (layer outputs, per-step states), summary."""
    folder.mkdir(parents=True)
    c = Case(list(x.shape), [], state_steps=True)
    final, expected = mf.run_layers(model, c, x[None])
    predicted = model.predict(x[None], verbose=0)
    err = np.max(np.abs(final - predicted))
    assert err <= mf.ATOL, f"{folder.name}: layer-by-layer run differs from predict by {err}"
    expected["output"] = np.asarray(predicted[0], np.float32)
    expected = {k: np.asarray(v, np.float32) for k, v in expected.items()}
    np.save(folder / "input.npy", x)
    save_npz(folder / "expected.npz", expected)
    model.save(folder / "model.keras")
    model.save(folder / "model.h5")
    info = mf.summary(model)
    info["trainable_params"] = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    info["non_trainable_params"] = int(sum(np.prod(w.shape) for w in model.non_trainable_weights))
    (folder / "summary.json").write_text(json.dumps(info) + "\n")
    note("keras3", folder.name, doc)


def write_keras3_cases():
    out = OUT / "keras3"
    rng = np.random.default_rng(seed_of("files/keras3"))

    keras.utils.clear_session()
    inputs = keras.Input(shape=(None, 3))
    model = keras.Sequential(
        [inputs, keras.layers.LSTM(4, return_sequences=True), keras.layers.LSTM(3), keras.layers.Dense(2)]
    )
    mf.fill_weights(model, rng, 0.5)
    x = rng.uniform(-1, 1, size=(7, 3)).astype(np.float32)
    write_keras_case(out / "free_seq", model, x,
                     "Input(shape=(None, 3)) → LSTM(4, rs) → LSTM(3) → Dense(2): any number of "
                     "timesteps (summary shows None); input.npy has 7")

    keras.utils.clear_session()
    inputs = keras.Input(shape=(None,), dtype="int32")
    model = keras.Sequential(
        [inputs, keras.layers.Embedding(30, 4), keras.layers.LSTM(3), keras.layers.Dense(1, activation="sigmoid")]
    )
    mf.fill_weights(model, rng, 0.5)
    ids = rng.integers(1, 30, size=(9,)).astype(np.int32)
    write_keras_case(out / "free_tokens", model, ids,
                     "Input(shape=(None,), int32) → Embedding(30, 4) → LSTM(3) → Dense(1, sigmoid); "
                     "input.npy has 9 token ids")

    keras.utils.clear_session()
    model = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(4), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    xs = rng.uniform(-1, 1, size=(32, 5, 3)).astype(np.float32)
    model.fit(xs, xs.sum(axis=(1, 2))[:, None], epochs=2, batch_size=8, verbose=0)
    write_keras_case(out / "trained", model, xs[0],
                     "(5,3) → LSTM(4) → Dense(1), compiled with Adam and fitted for 2 epochs: the "
                     "files also hold the optimizer's variables (and the .h5 its training_config)")
    with zipfile.ZipFile(out / "trained" / "model.keras") as z, h5py.File(io.BytesIO(z.read("model.weights.h5"))) as f:
        assert "optimizer" in f
    with h5py.File(out / "trained" / "model.h5") as f:
        assert "optimizer_weights" in f

    import jax

    jax.config.update("jax_enable_x64", True)  # else jax computes float64 layers in float32
    keras.utils.clear_session()
    inputs = keras.Input(shape=(6, 3), dtype="float64")
    model = keras.Sequential(
        [inputs, keras.layers.LSTM(4, dtype="float64"), keras.layers.Dense(2, dtype="float64")]
    )
    mf.fill_weights(model, rng, 0.5)
    x = rng.uniform(-1, 1, size=(6, 3)).astype(np.float32)
    write_keras_case(out / "float64", model, x,
                     "(6,3) → LSTM(4) → Dense(2), every layer dtype float64 (weights stored as "
                     "float64); expected computed by Keras in float64")
    with zipfile.ZipFile(out / "float64" / "model.keras") as z, h5py.File(io.BytesIO(z.read("model.weights.h5"))) as f:
        assert f["layers/lstm/cell/vars/0"].dtype == np.float64
    jax.config.update("jax_enable_x64", False)

    keras.utils.clear_session()
    inputs = keras.Input(shape=(6,), dtype="int32")
    x = keras.layers.Embedding(20, 4, trainable=False)(inputs)
    x = keras.layers.LSTM(3, return_sequences=True)(x)
    x = keras.layers.Bidirectional(keras.layers.LSTM(2, trainable=False))(x)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    mf.fill_weights(model, rng, 0.5)
    ids = rng.integers(1, 20, size=(6,)).astype(np.int32)
    write_keras_case(out / "frozen", model, ids,
                     "Functional: Input(6, int32) → Embedding(20, 4, trainable=False) → LSTM(3, rs) → "
                     "Bidirectional(LSTM(2, trainable=False)) → Dense(1, sigmoid): frozen layers "
                     "compute the same but count as non-trainable (summary.json: 101 trainable, 176 "
                     "not), and the summary lists the InputLayer")


# --------------------------------------------------------------------------------------------
# Files written by tf.keras 2 (tf_keras)


def write_tf2_cases():
    try:
        import tf_keras as k2
    except ImportError:
        print("files/tf2: tf_keras not installed, left as it is")
        return
    out = OUT / "tf2"
    shutil.rmtree(out, ignore_errors=True)
    rng = np.random.default_rng(seed_of("files/tf2"))

    def fill(model):
        for layer in model.layers:
            w = layer.get_weights()
            if w:
                layer.set_weights([(rng.normal(size=a.shape) * 0.5).astype(np.float32) for a in w])

    import tensorflow as tf

    def step(rnn, xs):
        """h and c from the tf.keras 2 cell, step by step, and its gates i, f, g, o at each step,
        computed with the cell's own activations from its weights (checked against h and c)."""
        hs, cs = mf.step_cell(rnn, xs, tensor=tf.constant)
        cell = rnn.cell
        kernel, recurrent, bias = (np.asarray(w) for w in cell.weights)
        order = range(len(xs) - 1, -1, -1) if rnn.go_backwards else range(len(xs))
        h_prev = np.zeros((1, cell.units), np.float32)
        c_prev = np.zeros((1, cell.units), np.float32)
        gates = {q: [] for q in "ifgo"}
        for k, t in enumerate(order):
            z = tf.matmul(tf.constant(xs[t][None]), kernel) + tf.matmul(tf.constant(h_prev), recurrent) + bias
            zi, zf, zc, zo = tf.split(z, 4, axis=1)
            i, f, o = (np.asarray(cell.recurrent_activation(q)) for q in (zi, zf, zo))
            g = np.asarray(cell.activation(zc))
            c = f * c_prev + i * g
            h = o * np.asarray(cell.activation(tf.constant(c)))
            err = max(np.max(np.abs(c[0] - cs[k])), np.max(np.abs(h[0] - hs[k])))
            assert err <= mf.ATOL, f"{rnn.name}: gates do not give the cell's h and c (by {err})"
            for q, v in zip("ifgo", (i, f, g, o)):
                gates[q].append(v[0])
            h_prev, c_prev = hs[k][None], cs[k][None]
        return hs, cs, {q: np.stack(v) for q, v in gates.items()}

    def record(expected, prefix, rnn, xs):
        hs, cs, gates = step(rnn, xs)
        expected[f"{prefix}.h"], expected[f"{prefix}.c"] = hs, cs
        for q, v in gates.items():
            expected[f"{prefix}.{q}"] = v

    def write(name, model, x, doc):
        folder = out / name
        folder.mkdir(parents=True)
        expected = {}
        cur = x[None]
        for layer in model.layers:
            if isinstance(layer, k2.layers.InputLayer):
                continue
            layer_in = cur
            cur = np.asarray(layer(cur))
            expected[f"{layer.name}.output"] = cur[0]
            if isinstance(layer, k2.layers.Bidirectional):
                for d, sub in (("forward", layer.forward_layer), ("backward", layer.backward_layer)):
                    record(expected, f"{layer.name}.{d}", sub, layer_in[0])
            elif isinstance(layer, k2.layers.LSTM):
                record(expected, layer.name, layer, layer_in[0])
        predicted = model.predict(x[None], verbose=0)
        assert np.max(np.abs(cur - predicted)) <= mf.ATOL
        expected["output"] = predicted[0]
        np.save(folder / "input.npy", x)
        save_npz(folder / "expected.npz", {k: np.asarray(v, np.float32) for k, v in expected.items()})
        model.save(folder / "model.h5")
        model.save_weights(folder / "weights.h5")
        model.save(folder / "model.keras")
        note("tf2", name, doc)

    k2.backend.clear_session()
    model = k2.Sequential(
        [
            k2.layers.Embedding(20, 4, input_length=7),
            k2.layers.Bidirectional(k2.layers.LSTM(3, return_sequences=True)),
            k2.layers.LSTM(2),
            k2.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.build((None, 7))
    fill(model)
    ids = rng.integers(1, 20, size=(7,)).astype(np.int32)
    write("embedding_bidi", model, ids,
          f"tf.keras {k2.__version__}: Embedding(20, 4, input_length=7) → Bidirectional(LSTM(3, rs)) → "
          "LSTM(2) → Dense(1, sigmoid); model.h5 names datasets `kernel:0`, weights.h5 is "
          "save_weights in the legacy layout (layer_names at the root), model.keras the native format")

    k2.backend.clear_session()
    model = k2.Sequential(
        [
            k2.layers.LSTM(4, return_sequences=True, input_shape=(6, 3)),
            k2.layers.LSTM(3, go_backwards=True),
            k2.layers.Dense(2, activation="softmax"),
        ]
    )
    fill(model)
    x = rng.uniform(-1, 1, size=(6, 3)).astype(np.float32)
    write("stacked", model, x,
          f"tf.keras {k2.__version__}: LSTM(4, rs, input_shape=(6, 3)) → LSTM(3, go_backwards) → "
          "Dense(2, softmax)")

    k2.backend.clear_session()
    inputs = k2.Input(shape=(6, 3))
    y = k2.layers.LSTM(4, return_sequences=True)(inputs)
    y = k2.layers.Bidirectional(k2.layers.LSTM(3), merge_mode="sum")(y)
    model = k2.Model(inputs, k2.layers.Dense(2)(y))
    fill(model)
    x = rng.uniform(-1, 1, size=(6, 3)).astype(np.float32)
    write("functional", model, x,
          f"tf.keras {k2.__version__} Functional chain: Input(6, 3) → LSTM(4, rs) → "
          "Bidirectional(LSTM(3), sum) → Dense(2); inbound nodes in the tf.keras 2 list form")

    k2.backend.clear_session()
    inputs = k2.Input(shape=(6, 3))
    a = k2.layers.LSTM(4)(inputs)
    b = k2.layers.LSTM(4, go_backwards=True)(inputs)
    model = k2.Model(inputs, k2.layers.Dense(1)(k2.layers.Concatenate()([a, b])))
    fill(model)
    model.save(out / "branching.h5")
    note("tf2", "branching.h5", "a tf.keras 2 Functional model with two LSTMs reading the input and a "
         "Concatenate: refused as branching, naming lstm_1")

    # hard_sigmoid is clip(0.2·x + 0.5, 0, 1) in tf.keras 2 (clip(x/6 + 0.5, 0, 1) in Keras 3).
    k2.backend.clear_session()
    model = k2.Sequential(
        [
            k2.layers.LSTM(5, activation="hard_sigmoid", recurrent_activation="hard_sigmoid",
                           return_sequences=True, input_shape=(7, 2)),
            k2.layers.Dense(3, activation="hard_sigmoid"),
        ]
    )
    fill(model)
    x = (rng.uniform(-1, 1, size=(7, 2)) * 6).astype(np.float32)
    write("hard_sigmoid", model, x,
          f"tf.keras {k2.__version__}: LSTM(5, activation=hard_sigmoid, recurrent_activation=hard_sigmoid, "
          "rs, input_shape=(7, 2)) → Dense(3, hard_sigmoid), inputs ×6 so gates pass ±2.5 (clipped); "
          "expected.npz also has every gate (`lstm.i`, `.f`, `.g`, `.o`)")
    with h5py.File(out / "hard_sigmoid" / "model.h5") as f:
        assert f.attrs["keras_version"].startswith("2.")
    with zipfile.ZipFile(out / "hard_sigmoid" / "model.keras") as z:
        assert json.loads(z.read("metadata.json"))["keras_version"].startswith("2.")
    gate = np.load(out / "hard_sigmoid" / "expected.npz")["lstm.i"]
    assert (gate == 0).any() and (gate == 1).any(), "the clip is reached"

    # tf.keras 2 makes the backward copy with go_backwards flipped (Keras 3 refuses this model).
    k2.backend.clear_session()
    model = k2.Sequential(
        [
            k2.layers.LSTM(4, return_sequences=True, input_shape=(6, 3)),
            k2.layers.Bidirectional(k2.layers.LSTM(3, go_backwards=True, return_sequences=True)),
            k2.layers.Dense(2),
        ]
    )
    bidi = model.layers[1]
    assert bidi.forward_layer.go_backwards and not bidi.backward_layer.go_backwards
    fill(model)
    x = rng.uniform(-1, 1, size=(6, 3)).astype(np.float32)
    write("bidi_go_backwards", model, x,
          f"tf.keras {k2.__version__}: LSTM(4, rs) → Bidirectional(LSTM(3, go_backwards=True, rs)) → "
          "Dense(2): the forward layer reads backwards and the backward copy forwards")


# --------------------------------------------------------------------------------------------
# Models lstm-tui refuses, each with the layer and the option its message must name


def unsupported_models():
    """(file name, layer name, word the message names, a function building the model)."""
    kl = keras.layers

    def seq(*layers, shape=(6, 3), **kw):
        return keras.Sequential([keras.Input(shape=shape, **kw), *layers])

    def attention():
        x = keras.Input(shape=(6, 3))
        q = kl.LSTM(4, return_sequences=True)(x)
        return keras.Model(x, kl.LSTM(2)(kl.Attention()([q, q])))

    def branching_add():
        x = keras.Input(shape=(6, 3))
        a = kl.LSTM(4, return_sequences=True)(x)
        b = kl.LSTM(4, return_sequences=True)(x)
        return keras.Model(x, kl.LSTM(2)(kl.Add()([a, b])))

    def return_state():
        x = keras.Input(shape=(6, 3))
        _, h, _ = kl.LSTM(4, return_sequences=True, return_state=True)(x)
        return keras.Model(x, kl.Dense(2)(h))

    def merge_mode_none():
        x = keras.Input(shape=(6, 3))
        forward, _ = kl.Bidirectional(kl.LSTM(3), merge_mode=None)(x)
        return keras.Model(x, kl.Dense(1)(forward))

    def shared_layer():
        x = keras.Input(shape=(6, 3))
        shared = kl.Dense(4)
        return keras.Model(x, shared(shared(kl.LSTM(4)(x))))

    yield "gru", "gru", "GRU", lambda: seq(kl.GRU(4), kl.Dense(2))
    yield "simple_rnn", "simple_rnn", "SimpleRNN", lambda: seq(kl.SimpleRNN(4), kl.Dense(2))
    yield "conv1d", "conv1d", "Conv1D", lambda: seq(kl.Conv1D(4, 2), kl.LSTM(3))
    yield "bidirectional_gru", "bidirectional", "GRU", lambda: seq(kl.Bidirectional(kl.GRU(3)))
    yield "time_distributed", "time_distributed", "TimeDistributed", lambda: seq(
        kl.LSTM(4, return_sequences=True), kl.TimeDistributed(kl.Dense(2))
    )
    yield "masking", "masking", "mask", lambda: seq(kl.Masking(), kl.LSTM(3))
    yield "mask_zero", "embedding", "mask_zero", lambda: seq(
        kl.Embedding(20, 4, mask_zero=True), kl.LSTM(3), shape=(7,), dtype="int32"
    )
    yield "stateful", "lstm", "stateful", lambda: keras.Sequential(
        [keras.Input(batch_shape=(1, 6, 3)), kl.LSTM(4, stateful=True)]
    )
    yield "float16", "lstm", "float16", lambda: seq(kl.LSTM(4, dtype="float16"), kl.Dense(2, dtype="float16"))
    yield "mixed_float16", "lstm", "mixed_float16", lambda: seq(
        kl.LSTM(4, dtype=keras.DTypePolicy("mixed_float16"))
    )
    yield "nested", "sequential", "nested", lambda: seq(keras.Sequential([kl.LSTM(4)]), kl.Dense(2))
    yield "attention", "attention", "branching", attention
    yield "branching_add", "lstm_1", "branching", branching_add
    yield "return_state", "lstm", "return_state", return_state
    yield "merge_mode_none", "bidirectional", "merge_mode", merge_mode_none
    yield "shared_layer", "dense", "called 2 times", shared_layer


def write_bidi_go_backwards(path, keep_backward):
    """A Keras 3 .keras file of Bidirectional(LSTM(3)) edited to wrap LSTM(3, go_backwards=True),
    with or without its backward_layer (go_backwards = true too): Keras 3 cannot build either."""
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input(shape=(6, 3)), keras.layers.Bidirectional(keras.layers.LSTM(3))])
    buf = io.BytesIO()
    model.save(path)
    with zipfile.ZipFile(path) as zin:
        members = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    config = json.loads(members["config.json"])
    bidi = config["config"]["layers"][1]["config"]
    bidi["layer"]["config"]["go_backwards"] = True
    if keep_backward:
        assert bidi["backward_layer"]["config"]["go_backwards"] is True
    else:
        del bidi["backward_layer"]
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(buf, "w") as zout:
        for name, data in members.items():
            zout.writestr(zipfile.ZipInfo(name), data)
    path.write_bytes(buf.getvalue())
    try:
        keras.saving.load_model(path)
    except ValueError as e:
        assert "go_backwards" in str(e), e
    else:
        raise AssertionError(f"{path.name}: Keras 3 loaded it")


def write_unsupported():
    out = OUT / "unsupported"
    out.mkdir(parents=True)
    rows = []
    for name, layer, says, build in unsupported_models():
        keras.utils.clear_session()  # default names start again at lstm, dense, ...
        build().save(out / f"{name}.keras")
        rows.append({"file": f"{name}.keras", "layer": layer, "says": says})
        note("unsupported", f"{name}.keras", f"layer {layer}: the message names it and says “{says}”")
    for name, keep_backward in (("bidi_go_backwards", False), ("bidi_both_go_backwards", True)):
        write_bidi_go_backwards(out / f"{name}.keras", keep_backward)
        rows.append({"file": f"{name}.keras", "layer": "bidirectional", "says": "go_backwards"})
        what = ("and its backward_layer too" if keep_backward else "and the backward_layer taken out")
        note("unsupported", f"{name}.keras",
             f"a Keras 3 Bidirectional(LSTM(3)) whose config.json is edited: the LSTM has go_backwards "
             f"= true {what}; Keras 3 refuses to load it (two layers reading backwards)")
    (out / "cases.json").write_text(json_rows(rows))


# --------------------------------------------------------------------------------------------
# Corrupt model and weight files, made from parity/basic


def write_corrupt():
    out = OUT / "corrupt"
    out.mkdir(parents=True)
    basic = mf.FIXTURES / "parity" / "basic"

    # A zip bomb whose headers lie: config.json claims 2,799 bytes and unpacks to ~200 MB.
    with zipfile.ZipFile(basic / "model.keras") as zin:
        members = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for name, data in members.items():
            if name != "config.json":
                zout.writestr(zipfile.ZipInfo(name), data)
                continue
            info = zipfile.ZipInfo("config.json")
            info.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(info, "w") as f:
                for _ in range(200):
                    f.write(b" " * 1_000_000)
                f.write(data)
    data = bytearray(buf.getvalue())
    real = 200_000_000 + len(members["config.json"])
    lie = (2799).to_bytes(4, "little")
    old = real.to_bytes(4, "little")
    # local header: uncompressed size at +22; central directory entry: at +24
    patched = 0
    for sig, at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = data.find(sig)
        while pos >= 0:
            if data[pos + name_at : pos + name_at + 11] == b"config.json":
                assert data[pos + at : pos + at + 4] == old
                data[pos + at : pos + at + 4] = lie
                patched += 1
            pos = data.find(sig, pos + 4)
    assert patched == 2 and len(data) < 300_000
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert z.getinfo("config.json").file_size == 2799
    (out / "zip_bomb_lying.keras").write_bytes(bytes(data))
    note("corrupt", "zip_bomb_lying.keras",
         "like corrupt/zip_bomb.keras, but the zip headers say config.json is 2,799 bytes; it "
         "unpacks to ~200 MB")

    # A dataset gone from model.weights.h5 inside the .keras archive.
    h5 = io.BytesIO(members["model.weights.h5"])
    with h5py.File(h5, "a") as f:
        del f["layers/dense/vars/1"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for name, data in members.items():
            zout.writestr(zipfile.ZipInfo(name), h5.getvalue() if name == "model.weights.h5" else data)
    (out / "missing_dataset.keras").write_bytes(buf.getvalue())
    note("corrupt", "missing_dataset.keras",
         "parity/basic/model.keras without the dataset layers/dense/vars/1 (the Dense bias)")

    # The same in a legacy .h5: weight_names still lists the dataset.
    shutil.copy(basic / "model.h5", out / "missing_dataset.h5")
    with h5py.File(out / "missing_dataset.h5", "a") as f:
        del f["model_weights/dense/sequential/dense/bias"]
    note("corrupt", "missing_dataset.h5",
         "parity/basic/model.h5 without model_weights/dense/sequential/dense/bias, which the "
         "weight_names attribute still lists")

    # A dataset whose dataspace declares far more data than the file holds.
    data = (basic / "model.weights.h5").read_bytes()
    dims = lambda a, b: a.to_bytes(8, "little") + b.to_bytes(8, "little")  # noqa: E731
    assert data.count(dims(4, 2)) == 2  # the dataspace: dims, then max dims
    (out / "huge_dataset.weights.h5").write_bytes(data.replace(dims(4, 2), dims(4, 2_000_000)))
    (out / "huge_dataset.toml").write_text(
        'format_version = 1\ntitle = "a dataset larger than its file"\n\n[model]\n'
        'input_shape = [6, 3]\nweights = "huge_dataset.weights.h5"\n\n'
        '[[model.layers]]\nclass_name = "LSTM"\nunits = 4\n\n'
        '[[model.layers]]\nclass_name = "Dense"\nunits = 2000000\n\n'
        "[input]\nrandom = { seed = 1 }\n"
    )
    note("corrupt", "huge_dataset.weights.h5",
         "parity/basic/model.weights.h5 with the Dense kernel's dataspace patched from (4, 2) to "
         "(4, 2000000): 32 MB declared in a 16 kB file (libhdf5 refuses to open the dataset); huge_dataset.toml is a lesson whose Dense "
         "layer has 2,000,000 units, so the shape is what the lesson asks for")


# --------------------------------------------------------------------------------------------
# PyTorch lessons for the pytorch/ fixtures


def pytorch_lesson(title, input_shape, weights, layers, input_file):
    text = f'format_version = 1\ntitle = "{title}"\n\n[model]\nframework = "pytorch"\n'
    text += f"input_shape = {json.dumps(input_shape)}\nweights = \"{weights}\"\n"
    for layer in layers:
        text += "\n[[model.layers]]\n"
        for key, value in layer.items():
            if key == "layer":
                text += "[model.layers.layer]\n"
                text += "".join(f"{k} = {json.dumps(v)}\n" for k, v in value.items())
            elif key == "tensors":
                inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
                text += f"tensors = {{ {inner} }}\n"
            else:
                text += f"{key} = {json.dumps(value)}\n"
        # [model.layers.layer] must come after the layer's own keys
    text += f'\n[input]\nfile = "{input_file}"\n'
    return text


def write_pytorch_lessons():
    out = OUT / "pytorch"
    out.mkdir(parents=True)
    src = "../../pytorch"

    t = load_file(str(mf.FIXTURES / "pytorch" / "lstm2_linear" / "model.safetensors"))
    hidden, d = t["lstm.weight_ih_l0"].shape[0] // 4, t["lstm.weight_ih_l0"].shape[1]
    steps = np.load(mf.FIXTURES / "pytorch" / "lstm2_linear" / "input.npy").shape[0]
    (out / "lstm2_linear.toml").write_text(pytorch_lesson(
        "nn.LSTM(3, 4, num_layers=2) → nn.Linear(4, 2)", [steps, d],
        f"{src}/lstm2_linear/model.safetensors",
        [
            {"class_name": "LSTM", "units": hidden, "return_sequences": True,
             "tensors": {"module": "lstm", "layer": 0}},
            {"class_name": "LSTM", "units": hidden, "tensors": {"module": "lstm", "layer": 1}},
            {"class_name": "Dense", "units": t["fc.weight"].shape[0], "tensors": {"module": "fc"}},
        ],
        f"{src}/lstm2_linear/input.npy",
    ))
    note("pytorch", "lstm2_linear.toml",
         "lesson for pytorch/lstm2_linear: LSTM(4, rs) ← lstm layer 0, LSTM(4) ← lstm layer 1, "
         "Dense(2) ← fc")

    t = load_file(str(mf.FIXTURES / "pytorch" / "bilstm_linear" / "model.safetensors"))
    hidden, d = t["lstm.weight_ih_l0"].shape[0] // 4, t["lstm.weight_ih_l0"].shape[1]
    steps = np.load(mf.FIXTURES / "pytorch" / "bilstm_linear" / "input.npy").shape[0]
    (out / "bilstm_linear.toml").write_text(pytorch_lesson(
        "nn.LSTM(3, 3, bidirectional=True) → nn.Linear(6, 1) on every step", [steps, d],
        f"{src}/bilstm_linear/model.safetensors",
        [
            {"class_name": "Bidirectional", "tensors": {"module": "lstm", "layer": 0},
             "layer": {"class_name": "LSTM", "units": hidden, "return_sequences": True}},
            {"class_name": "Dense", "units": t["fc.weight"].shape[0], "tensors": {"module": "fc"}},
        ],
        f"{src}/bilstm_linear/input.npy",
    ))
    note("pytorch", "bilstm_linear.toml",
         "lesson for pytorch/bilstm_linear: Bidirectional(LSTM(3, rs)) ← lstm layer 0 and its "
         "_reverse tensors, Dense(1) ← fc applied at every step (its last row is nn.Linear on "
         "output[:, -1])")

    bare = {k[len("lstm."):]: v for k, v in load_file(
        str(mf.FIXTURES / "pytorch" / "lstm2_linear" / "model.safetensors")).items()
        if k.startswith("lstm.")}
    save_file(bare, str(out / "bare_lstm.safetensors"), metadata={"format": "pt"})
    steps = np.load(mf.FIXTURES / "pytorch" / "lstm2_linear" / "input.npy").shape[0]
    (out / "bare_lstm.toml").write_text(pytorch_lesson(
        "a bare nn.LSTM state_dict", [steps, d], "bare_lstm.safetensors",
        [
            {"class_name": "LSTM", "units": 4, "return_sequences": True,
             "tensors": {"module": "", "layer": 0}},
            {"class_name": "LSTM", "units": 4, "return_sequences": True,
             "tensors": {"module": "", "layer": 1}},
        ],
        f"{src}/lstm2_linear/input.npy",
    ))
    note("pytorch", "bare_lstm.toml",
         "bare_lstm.safetensors is pytorch/lstm2_linear's nn.LSTM state_dict saved on its own "
         "(weight_ih_l0, ... without a module prefix, no fc); the lesson maps it with module = \"\"")


# --------------------------------------------------------------------------------------------
# TextVectorization on non-ASCII capitals and odd whitespace

UNICODE_CORPUS = ["café cafÉ CAFÉ straße x", "naïve x x"]
UNICODE_CASES = ["CAFÉ café Café", "a\x0bb x\u00a0x x", "NAÏVE naïve", "Straße STRASSE"]


def write_text_unicode():
    out = OUT / "text"
    try:
        import tensorflow  # noqa: F401  (TextVectorization needs it)
    except ImportError:
        print("files/text: TensorFlow not installed, left as it is")
        return
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    vectorizer = keras.layers.TextVectorization()
    vectorizer.adapt(UNICODE_CORPUS)
    vocab = [str(t) for t in vectorizer.get_vocabulary()]
    (out / "vocab.txt").write_text("\n".join(vocab) + "\n")
    cases = [
        {"text": text, "tokens": [int(t) for t in keras.ops.convert_to_numpy(vectorizer([text]))[0]]}
        for text in UNICODE_CASES
    ]
    (out / "cases.json").write_text(json_rows(cases))
    note("text", "vocab.txt, cases.json",
         "a TextVectorization() adapted on " + json.dumps(UNICODE_CORPUS, ensure_ascii=False)
         + " and its tokens for texts with non-ASCII capitals (only ASCII letters are lower-cased), "
         "a vertical tab (a separator) and a no-break space (not one)")


# --------------------------------------------------------------------------------------------


def write_readme():
    titles = {
        "keras3": "keras3/<case>/: Keras 3 models (model.keras, model.h5, input.npy, expected.npz "
        "with `<layer>.output`, `<layer>.h`, `<layer>.c` and `output` as in parity/, summary.json)",
        "tf2": "tf2/<case>/: files written by tf.keras 2 (model.h5, weights.h5, model.keras, "
        "input.npy, expected.npz as in parity/)",
        "unsupported": "unsupported/: Keras 3 models lstm-tui must refuse; cases.json lists each "
        "file, the layer its message names and a word it must contain",
        "corrupt": "corrupt/: damaged model and weight files",
        "pytorch": "pytorch/: lessons with framework = \"pytorch\" for the fixtures in ../pytorch/",
        "text": "text/: TextVectorization corner cases (made with TensorFlow)",
    }
    lines = [
        "# Model-file fixtures",
        "",
        "Made by tools/make_file_fixtures.py (see its docstring) with Keras "
        f"{keras.__version__}; do not edit by hand.",
    ]
    for section, title in titles.items():
        rows = [r for r in README if r[0] == section]
        if not rows:
            continue
        lines += ["", f"## {title}", "", "| file | what |", "| --- | --- |"]
        lines += [f"| {name} | {what} |" for _, name, what in rows]
    (OUT / "README.md").write_text("\n".join(lines) + "\n")


def main():
    keras.utils.set_random_seed(0)
    keep = {}
    for kept in ("tf2", "text"):  # need optional packages: keep the old files if they are missing
        if (OUT / kept).exists():
            keep[kept] = OUT.parent / f".files-{kept}"
            shutil.rmtree(keep[kept], ignore_errors=True)
            shutil.move(OUT / kept, keep[kept])
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    for kept, tmp in keep.items():
        shutil.move(tmp, OUT / kept)
    write_keras3_cases()
    write_tf2_cases()
    write_unsupported()
    write_corrupt()
    write_pytorch_lessons()
    write_text_unicode()
    write_readme()
    print("done:", OUT)


if __name__ == "__main__":
    main()

"""Write tests/fixtures/summaries/: the exact text model.summary() prints, for every built-in
lesson and for the model files under tests/fixtures/files/, so `lstm-tui summary` is compared
with it byte for byte.

Keras 3 (the venv of tools/requirements.txt):

    KERAS_BACKEND=jax .venv/bin/python tools/summary_texts.py keras3

writes, per lesson and per tests/fixtures/files/keras3/<case>/model.keras:
  <name>.keras3.txt        standard output not a terminal (Keras lays out for 80 columns)
  <name>.keras3-120.txt    a 120-column terminal (COLUMNS=120: the table's full 88 columns)
  <name>.keras3-40.txt     a 40-column terminal (cells wrap, long names end in an ellipsis)
  <name>.keras3-ascii.txt  a console that cannot encode box characters (rich's ASCII rules)
and pytorch_numel.json: sum(p.numel()) of each PyTorch lesson's state_dict under
tests/fixtures/files/pytorch/.

tf.keras 2 (the venv of tools/requirements-text.txt with tools/requirements-tf2.txt on top, as
tools/make_file_fixtures.py describes):

    .venv-text/bin/python tools/summary_texts.py keras2

writes <name>.keras2.txt per lesson and per tests/fixtures/files/tf2/<case>/model.h5.

Lessons are built by build_lesson (keras.Input, then each [[model.layers]] table's options as
written), which tools/lesson_summaries.py uses too. Keras prints through `print`/rich to standard
output; it is captured here with the terminal width set through COLUMNS, which both Keras
(shutil.get_terminal_size) and rich read.
"""

import io
import json
import os
import sys
import tomllib
import warnings
from contextlib import redirect_stdout
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "summaries"
FILES = ROOT / "tests" / "fixtures" / "files"


class Capture(io.StringIO):
    """Standard output as a pipe with a given encoding (rich draws ASCII rules unless UTF-8)."""

    def __init__(self, encoding):
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self):
        return self._encoding

    def isatty(self):
        return False


def printed(model, columns=None, encoding="utf-8"):
    """What model.summary() writes to standard output, with COLUMNS set when given."""
    saved = os.environ.pop("COLUMNS", None)
    if columns is not None:
        os.environ["COLUMNS"] = str(columns)
    out = Capture(encoding)
    try:
        with redirect_stdout(out):
            model.summary()
    finally:
        os.environ.pop("COLUMNS", None)
        if saved is not None:
            os.environ["COLUMNS"] = saved
    return out.getvalue()


def build_layer(keras, spec):
    kwargs = dict(spec)
    class_name = kwargs.pop("class_name")
    if "layer" in kwargs:
        kwargs["layer"] = build_layer(keras, kwargs["layer"])
    return getattr(keras.layers, class_name)(**kwargs)


def build_lesson(keras, lesson):
    """The model a lesson file's [model] table describes, in `keras` (Keras 3 or tf_keras)."""
    keras.backend.clear_session()  # default names start again at lstm, dense, ...
    m = lesson["model"]
    shape = tuple(m["input_shape"])
    dtype = "int32" if len(shape) == 1 else "float32"
    if "batch_size" in m:
        inputs = keras.Input(batch_shape=(m["batch_size"], *shape), dtype=dtype)
    else:
        inputs = keras.Input(shape=shape, dtype=dtype)
    with warnings.catch_warnings():
        # "Do not pass an input_shape argument to a layer": lesson4 does so on purpose.
        warnings.simplefilter("ignore", UserWarning)
        layers = [build_layer(keras, s) for s in m["layers"]]
    return keras.Sequential([inputs, *layers], name=m.get("name", "sequential"))


def lessons(keras):
    for path in sorted((ROOT / "lessons").glob("lesson*.toml")):
        yield path.stem, build_lesson(keras, tomllib.loads(path.read_text()))


def write(name, text):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(text, encoding="utf-8")
    print("wrote", (OUT / name).relative_to(ROOT))


def keras3():
    import keras
    from safetensors.numpy import load_file

    models = list(lessons(keras))
    for case in sorted((FILES / "keras3").glob("*/model.keras")):
        models.append((f"files-keras3-{case.parent.name}", keras.saving.load_model(case, compile=False)))
    for name, model in models:
        write(f"{name}.keras3.txt", printed(model))
        write(f"{name}.keras3-120.txt", printed(model, columns=120))
        write(f"{name}.keras3-40.txt", printed(model, columns=40))
        write(f"{name}.keras3-ascii.txt", printed(model, encoding="ascii"))
    numel = {}
    for toml in sorted((FILES / "pytorch").glob("*.toml")):
        weights = (toml.parent / tomllib.loads(toml.read_text())["model"]["weights"]).resolve()
        numel[toml.name] = int(sum(t.size for t in load_file(weights).values()))
    write("pytorch_numel.json", json.dumps(numel, indent=1, sort_keys=True) + "\n")


def keras2():
    import tf_keras as keras

    models = list(lessons(keras))
    for case in sorted((FILES / "tf2").glob("*/model.h5")):
        models.append((f"files-tf2-{case.parent.name}", keras.models.load_model(case, compile=False)))
    for name, model in models:
        write(f"{name}.keras2.txt", printed(model))


def main():
    which = sys.argv[1:] == ["keras3"] and keras3 or sys.argv[1:] == ["keras2"] and keras2
    if not which:
        sys.exit("usage: summary_texts.py keras3|keras2")
    if which is keras3 and os.environ["KERAS_BACKEND"] != "jax":
        sys.exit("summary_texts.py: run with KERAS_BACKEND=jax")
    which()


if __name__ == "__main__":
    main()

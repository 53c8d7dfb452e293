"""Write tests/fixtures/lessons/summaries.json: what Keras's model.summary() reports for every
built-in lesson (layer names, classes, output shapes with the batch axis, parameter counts and
how many of them are trainable).

Run from the repository root, in the venv of tools/requirements.txt:

    KERAS_BACKEND=jax .venv/bin/python tools/lesson_summaries.py

Each lessons/lessonN.toml is read with tomllib and built as the Keras model it describes:
keras.Input(shape=input_shape) (or batch_shape=(batch_size, ...) when the lesson fixes a batch
size, dtype int32 for token ids), then one keras.layers.<class_name>(**options) per
[[model.layers]] table with the options exactly as the lesson writes them, an input_shape on a
later layer included (Keras ignores it, as lstm-tui does). No weights are needed: the summary
depends only on the architecture.
"""

import json
import os
import sys
import tomllib
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summary_texts import build_lesson  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "lessons" / "summaries.json"


def build_model(lesson):
    """The lesson's model in Keras 3 (summary_texts.build_lesson, shared with tf_keras)."""
    return build_lesson(keras, lesson)


def summary(model):
    return {
        "layers": [
            {
                "name": layer.name,
                "class_name": type(layer).__name__,
                "output_shape": list(layer.output.shape),
                "params": int(layer.count_params()),
            }
            for layer in model.layers
        ],
        "total_params": int(model.count_params()),
        "trainable_params": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
    }


def compact(out):
    """JSON with one layer a line, so that a change to one lesson reads as a small diff."""
    parts = [f'"keras_version": {json.dumps(out["keras_version"])}']
    for key, info in out.items():
        if key == "keras_version":
            continue
        rows = ",\n".join("   " + json.dumps(row) for row in info["layers"])
        parts.append(
            f'"{key}": {{\n  "layers": [\n{rows}\n  ],\n  "total_params": {info["total_params"]},\n'
            f'  "trainable_params": {info["trainable_params"]}\n }}'
        )
    text = "{\n " + ",\n ".join(parts) + "\n}\n"
    assert json.loads(text) == out
    return text


def main():
    if os.environ["KERAS_BACKEND"] != "jax":
        sys.exit("lesson_summaries.py: run with KERAS_BACKEND=jax")
    out = {"keras_version": keras.__version__}
    for path in sorted((ROOT / "lessons").glob("lesson*.toml")):
        lesson = tomllib.loads(path.read_text())
        out[path.stem] = summary(build_model(lesson))
        print(f"{path.stem}: {out[path.stem]['total_params']:,} parameters")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(compact(out))
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()

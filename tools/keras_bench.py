"""Time Keras 3 model.predict (jax backend, CPU) on one sequence, for comparison with lstm-tui.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_bench.py [--model big|bidi|lesson5] [--repeat 20]

Models (weights as Keras initialises them; the numbers do not matter for timing):
  big      input (2000, 64) → LSTM(256, return_sequences) → LSTM(256)
  bidi     input (2000, 64) → Bidirectional(LSTM(256))
  lesson5  500 token ids → Embedding(10000, 32) → LSTM(32, rs) → LSTM(32, rs) → LSTM(32)
           → Dense(1, sigmoid)

After two warm-up calls (the first one compiles), model.predict(x, verbose=0) on a batch of
one sequence is timed --repeat times. Prints one JSON line:
  {"keras_version": ..., "backend": "jax", "median_ms": ..., "model": ..., "repeat": ...}
Writes no files.
"""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402


def big_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(2000, 64)),
            keras.layers.LSTM(256, return_sequences=True),
            keras.layers.LSTM(256),
        ]
    )
    x = np.random.default_rng(0).uniform(-1, 1, size=(1, 2000, 64)).astype(np.float32)
    return model, x


def bidi_model():
    model = keras.Sequential(
        [keras.Input(shape=(2000, 64)), keras.layers.Bidirectional(keras.layers.LSTM(256))]
    )
    x = np.random.default_rng(0).uniform(-1, 1, size=(1, 2000, 64)).astype(np.float32)
    return model, x


def lesson5_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(500,), dtype="int32"),
            keras.layers.Embedding(10000, 32),
            keras.layers.LSTM(32, return_sequences=True),
            keras.layers.LSTM(32, return_sequences=True),
            keras.layers.LSTM(32),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    x = np.random.default_rng(0).integers(0, 10000, size=(1, 500)).astype(np.int32)
    return model, x


MODELS = {"big": big_model, "bidi": bidi_model, "lesson5": lesson5_model}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="big")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    keras.utils.set_random_seed(0)
    model, x = MODELS[args.model]()
    for _ in range(2):
        model.predict(x, verbose=0)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        model.predict(x, verbose=0)
        times.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "keras_version": keras.__version__,
                "backend": keras.backend.backend(),
                "median_ms": round(statistics.median(times), 3),
                "model": args.model,
                "repeat": args.repeat,
            }
        )
    )


if __name__ == "__main__":
    main()

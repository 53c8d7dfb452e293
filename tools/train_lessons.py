"""Train the built-in lessons' models on small synthetic tasks and write their weights, the
units found doing a job, and the lesson files that talk about them.

Run from the repository root, in the venv of tools/requirements.txt:

    nice -n 15 .venv/bin/python tools/train_lessons.py            # train all, then render
    nice -n 15 .venv/bin/python tools/train_lessons.py lesson7    # train one, then render all
    .venv/bin/python tools/train_lessons.py --render              # render from the saved weights

For each lesson the model is exactly the one its [model] table describes (built as
tools/lesson_summaries.py builds it); lesson5 and lesson6 are trained on short reviews with a
model of the same layers that takes any number of timesteps, and their weights are then set on
the 500-step model, since an LSTM's weights do not depend on the number of timesteps.

The tasks and what is measured on each are in tools/lesson_tasks.py; building the models, their
weights in and out, and a numpy re-run of every cell step by step are in tools/lesson_keras.py.

What is written:
  lessons/<id>.npz                    the trained weights, in the layout lessons/README.md
                                      describes (np.savez_compressed's format, fixed entry times)
  lessons/<id>.toml                   rendered from tools/lessons/<id>.toml: every @name@ is
                                      replaced by a figure this script measured, and @signal@
                                      by the [signal] the task defines for the lesson's input
  tests/fixtures/lessons/trained.json per lesson: the figures (units found, correlations, scores,
                                      accuracies), checked against the recorded trace by
                                      tests/integration/trained.rs
  tests/fixtures/lessons/<id>_batch.npz  a batch of task inputs and the signal each unit was
                                      correlated with, so the test can recompute the correlation

Everything is seeded (numpy's default_rng and keras.utils.set_random_seed), and jax on CPU runs
one thread (XLA_FLAGS, set in lesson_keras.py): two runs from scratch wrote the same bytes on
this machine (jax 0.10.2, CPU). How long each lesson took to train is printed, not stored. The
whole run takes a few minutes of CPU time.
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lesson_keras import (  # noqa: E402  (sets up Keras on jax first)
    FIXTURES,
    LESSONS,
    TEMPLATES,
    fit,
    keras,
    lesson_model,
    np,
    npz_bytes,
    set_weights_from,
    toml_rows,
    weights_of,
)
from lesson_tasks import TASKS, WORDS, flag_task  # noqa: E402


# --------------------------------------------------------------------------------------------
# Training


def run_lesson(lesson_id, train):
    """Train (or load) one lesson's weights; return its figures and fixture batch."""
    cfg = TASKS[lesson_id]
    keras.utils.clear_session()
    keras.utils.set_random_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    path = LESSONS / f"{lesson_id}.npz"
    figures = {}
    if train:
        model = lesson_model(
            lesson_id, any_timesteps=cfg.get("any_timesteps", False), any_batch=True, lstm_options=cfg.get("lstm_options")
        )
        if lesson_id == "lesson9":  # the word vectors lesson5 learned, frozen
            emb = np.load(LESSONS / "lesson5.npz")["embedding.embeddings"][: len(WORDS)]
            model.layers[0].set_weights([emb])
        start = time.time()
        metrics = cfg.get("metrics", ("accuracy",))
        if "lengths" in cfg:  # the same model on sequences of several lengths, in turn
            sets = [flag_task(rng, cfg["n"], steps=n) for n in cfg["lengths"]]
            model.compile(optimizer=keras.optimizers.Adam(cfg["lr"]), loss=cfg["loss"], metrics=list(metrics))
            for epoch in range(cfg["epochs"]):
                for x, y in sets:
                    h = model.fit(x, y, epochs=1, batch_size=64, verbose=0, shuffle=True)
                print(f"epoch {epoch + 1}: " + ", ".join(f"{k} {v[-1]:.4f}" for k, v in h.history.items()), flush=True)
            hist = {k: round(float(v[-1]), 4) for k, v in h.history.items()}
            x = sets[-1][0]
        else:
            data = cfg["data"](rng, cfg["n"])
            x, y = data[0], data[1]
            if lesson_id in ("lesson8", "lesson9"):  # a target per step, as Dense gives (B, T, 1)
                y = y[..., None]
            extra = {"sample_weight": data[2]} if lesson_id == "lesson9" else {}
            hist = fit(model, x, y, cfg["epochs"], cfg["lr"], loss=cfg["loss"], metrics=metrics, batch=cfg.get("batch", 64), **extra)
        # The time is printed, not kept: the files must come out the same on every run.
        print(f"{lesson_id}: trained in {time.time() - start:.0f} s", flush=True)
        figures["train"] = dict(hist, samples=int(len(x)), epochs=cfg["epochs"])
        path.write_bytes(npz_bytes(weights_of(model)))
    keras.utils.clear_session()
    model = lesson_model(lesson_id)
    set_weights_from(model, dict(np.load(path)))
    found, batch = cfg["analyse"](model, cfg["input"]())
    figures.update(found)
    return figures, batch


def main():
    args = sys.argv[1:]
    render_only = "--render" in args
    chosen = [a for a in args if not a.startswith("--")] or (list(TASKS) if not render_only else [])
    out_json = FIXTURES / "trained.json"
    saved = json.loads(out_json.read_text()) if out_json.exists() else {}
    for lesson_id in TASKS:
        train = lesson_id in chosen
        if not train and not (LESSONS / f"{lesson_id}.npz").exists():
            continue
        print(f"== {lesson_id} ({'training' if train else 'from its saved weights'})", flush=True)
        figures, batch = run_lesson(lesson_id, train)
        if not train and "train" in saved.get(lesson_id, {}):
            figures["train"] = saved[lesson_id]["train"]
        saved[lesson_id] = figures
        print(json.dumps(figures), flush=True)
        if batch is not None:
            (FIXTURES / f"{lesson_id}_batch.npz").write_bytes(npz_bytes({k: v.astype(np.float32) for k, v in batch.items()}))
    out_json.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n")
    render(saved)


def render(saved):
    for template in sorted(TEMPLATES.glob("lesson*.toml")):
        figures = saved.get(template.stem)
        if figures is None:
            continue
        text = template.read_text()
        x = TASKS[template.stem]["input"]()
        if x.dtype.kind == "f":
            text = text.replace("@input_values@", toml_rows(x))
        else:
            text = text.replace("@input_tokens@", ", ".join(str(int(v)) for v in x[x > 0]))
        if "@signal@" in text:  # [signal]: the task's own measure, step by step, on this input
            name, measure = TASKS[template.stem]["signal"]
            values = ", ".join(f"{float(v):g}" for v in measure(x))
            text = text.replace("@signal@", f'name = "{name}"\nvalues = [{values}]')
        if "@vocabulary@" in text:
            ids = sorted({0, 1, *(int(v) for v in x)})
            text = text.replace("@vocabulary@", "\n".join(f'"{WORDS[k]}" = {k}' for k in ids))
        for key, value in flatten(figures).items():
            text = text.replace(f"@{key}@", str(value))
        assert "@" not in text.replace("@@", ""), f"{template.name}: a placeholder is left: {text[text.index('@'):][:40]}"
        (LESSONS / template.name).write_text(text)


def flatten(figures, prefix=""):
    out = {}
    for k, v in figures.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        elif isinstance(v, list):
            out.update({f"{prefix}{k}.{i}": e for i, e in enumerate(v)})
        else:
            out[f"{prefix}{k}"] = v
    return out


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Keras 3 and lstm-tui on the same models, interleaved in one run so that both see the same
# machine noise. Needs a venv with tools/requirements.txt (default: .venv) and a release build.
#
#   tools/bench_side_by_side.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
python=${PYTHON:-.venv/bin/python}
cargo build --release --quiet
for round in $(seq "$rounds"); do
  echo "round $round"
  KERAS_BACKEND=jax "$python" tools/keras_bench.py --model big --repeat 10
  target/release/lstm-tui bench benches/lstm256.toml --repeat 10
  target/release/lstm-tui bench benches/lstm256.toml --repeat 10 --threads 1
  KERAS_BACKEND=jax "$python" tools/keras_bench.py --model bidi --repeat 10
  target/release/lstm-tui bench benches/bilstm256.toml --repeat 10
  target/release/lstm-tui bench benches/bilstm256.toml --repeat 10 --threads 1
  KERAS_BACKEND=jax "$python" tools/keras_bench.py --model lesson5 --repeat 20
  target/release/lstm-tui bench lesson5 --repeat 20
done

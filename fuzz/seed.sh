#!/bin/sh
# Fill fuzz/corpus/<target>/ with the test fixtures as starting inputs, and the special sizes
# and nested headers of special_seeds.py. Run from fuzz/.
set -e
F=../tests/fixtures
mkdir -p corpus/keras corpus/h5 corpus/npz corpus/npy corpus/lesson corpus/safetensors
for f in $F/parity/*/model.keras $F/files/keras3/*/model.keras $F/files/tf2/*/model.keras $F/files/unsupported/*.keras $F/corrupt/*.keras; do
    cp "$f" "corpus/keras/$(echo "$f" | tr / _)"
done
for f in $F/parity/*/model.h5 $F/parity/*/model.weights.h5 $F/files/keras3/*/model.h5 $F/files/tf2/*/*.h5 $F/corrupt/*.h5 $F/files/corrupt/*.h5; do
    cp "$f" "corpus/h5/$(echo "$f" | tr / _)"
done
for f in $F/parity/*/weights.npz $F/parity/*/expected.npz $F/parity/*/input.npy $F/corrupt/*.npz $F/corrupt/*.npy; do
    cp "$f" "corpus/npz/$(echo "$f" | tr / _)"
done
for f in $F/parity/*/input.npy $F/pytorch/*/input.npy $F/corrupt/*.npy; do
    cp "$f" "corpus/npy/$(echo "$f" | tr / _)"
done
for f in $F/parity/*/model.toml $F/files/pytorch/*.toml ../lessons/*.toml; do
    cp "$f" "corpus/lesson/$(echo "$f" | tr / _)"
done
for f in $F/pytorch/*/model.safetensors $F/files/pytorch/*.safetensors; do
    cp "$f" "corpus/safetensors/$(echo "$f" | tr / _)"
done
python3 special_seeds.py

#!/usr/bin/env python3
"""Starting inputs the fixtures lack: sizes at the edge of overflow and deeply nested .npy
headers, written into corpus/<target>/special_*. Run from fuzz/ (seed.sh runs it). Standard
library only, so it runs without the fixture environments."""

import io
import json
import struct
import zipfile
from pathlib import Path

FIXTURES = Path("../tests/fixtures")
HUGE = [2**31, 2**32, 4_000_000_000, 2**62, 2**63 - 1, 2**63, 2**64 - 1, 2**64]


def put(target, name, data):
    folder = Path("corpus") / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / f"special_{name}").write_bytes(data)


def npy(header, data=b"", version=1):
    """An .npy file with the header text as given (padded as numpy pads it)."""
    text = header.encode()
    prefix = 10 if version == 1 else 12
    text += b" " * (-(prefix + len(text) + 1) % 64) + b"\n"
    size = struct.pack("<H" if version == 1 else "<I", len(text))
    return b"\x93NUMPY" + bytes([version, 0]) + size + text + data


def npy_dict(descr="<f4", fortran="False", shape="(2,)"):
    return f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}"


def npy_seeds():
    seeds = {}
    for depth in (2, 22, 200):
        for kind, (open_, close) in (("tuple", "()"), ("list", "[]"), ("dict", "{}")):
            shape = open_ * depth + close * depth
            seeds[f"nested_{kind}_{depth}"] = npy(npy_dict(shape=shape))
    for n in HUGE:
        seeds[f"dim_{n}"] = npy(npy_dict(shape=f"({n},)"))
        seeds[f"dims_{n}_3"] = npy(npy_dict(shape=f"({n}, 3)"))
        seeds[f"dims_0_{n}"] = npy(npy_dict(shape=f"(0, {n})"))
    seeds["dims_2p32_2p32"] = npy(npy_dict(shape=f"({2**32}, {2**32})"))
    seeds["dims_64_ones"] = npy(npy_dict(shape="(" + "1, " * 64 + ")"), struct.pack("<f", 1.0))
    seeds["dims_65_ones"] = npy(npy_dict(shape="(" + "1, " * 65 + ")"), struct.pack("<f", 1.0))
    seeds["big_endian"] = npy(npy_dict(">i4", shape="(2,)"), struct.pack(">ii", 258, -2))
    seeds["fortran"] = npy(npy_dict("<f8", "True", "(2, 3)"), struct.pack("<6d", *range(6)))
    seeds["uint64_max"] = npy(npy_dict("<u8", shape="(1,)"), struct.pack("<Q", 2**64 - 1))
    seeds["version3"] = npy(npy_dict(shape="(1,)"), struct.pack("<f", 1.0), version=3)
    seeds["long_header_field"] = b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**32 - 1) + b"{}"
    return seeds


def lesson(input_shape="[4, 3]", layers='class_name = "LSTM"\nunits = 2', input_="random = { seed = 1 }", extra=""):
    return (
        f'format_version = 1\ntitle = "t"\n[model]\ninput_shape = {input_shape}\n'
        f"[[model.layers]]\n{layers}\n[input]\n{input_}\n{extra}"
    )


def lesson_seeds():
    seeds = {}
    for n in HUGE[:-1]:
        seeds[f"timesteps_{n}"] = lesson(input_shape=f"[{n}, 3]")
        seeds[f"features_{n}"] = lesson(input_shape=f"[4, {n}]")
        seeds[f"units_{n}"] = lesson(layers=f'class_name = "LSTM"\nunits = {n}')
        seeds[f"input_dim_{n}"] = lesson(
            input_shape="[4]",
            layers=f'class_name = "Embedding"\ninput_dim = {n}\noutput_dim = 2\n'
            '[[model.layers]]\nclass_name = "LSTM"\nunits = 2',
        )
        seeds[f"pad_{n}"] = lesson(
            input_shape="[4]",
            layers='class_name = "Embedding"\ninput_dim = 10\noutput_dim = 2\n'
            '[[model.layers]]\nclass_name = "LSTM"\nunits = 2',
            input_=f"tokens = [1, 2]\npad = {n}",
        )
        seeds[f"at_{n}"] = lesson(extra=f'[[narrative]]\nat = {n}\ntext = "x"\n')
        seeds[f"range_{n}"] = lesson(extra=f'[[narrative]]\nat = "0-{n}"\ntext = "x"\n')
    for low, high in (("-inf", "inf"), ("nan", "1.0"), ("0.0", "1e308"), ("-1e308", "1e308")):
        seeds[f"random_{low}_{high}"] = lesson(input_=f"random = {{ seed = 1, low = {low}, high = {high} }}")
    notes = "".join(f'[[narrative]]\nat = {k % 4}\ntext = "n{k}"\n' for k in range(400))
    seeds["notes_400"] = lesson(extra=notes)
    wrong = "".join(f'[[narrative]]\nat = 9\ntext = "n{k}"\n' for k in range(400))
    seeds["wrong_notes_400"] = lesson(extra=wrong)
    inline = ", ".join(f'{{ at = 9, text = "n{k}" }}' for k in range(300))
    seeds["inline_notes_300"] = f"narrative = [{inline}]\n" + lesson()
    return seeds


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def npz_seeds():
    seeds = {}
    for n in HUGE:
        seeds[f"kernel_{n}"] = zip_bytes({"lstm.kernel.npy": npy(npy_dict(shape=f"({n}, 16)"))})
        seeds[f"bias_{n}"] = zip_bytes({"lstm.bias.npy": npy(npy_dict(shape=f"({n},)"))})
    seeds["nested_member"] = zip_bytes({"lstm.kernel.npy": npy(npy_dict(shape="[" * 22 + "]" * 22))})
    return seeds


def keras_seeds():
    """parity/basic's .keras with config.json sizes pushed to the edge."""
    source = FIXTURES / "parity/basic/model.keras"
    if not source.exists():
        return {}
    with zipfile.ZipFile(source) as z:
        members = {name: z.read(name) for name in z.namelist()}
    config = json.loads(members["config.json"])
    layers = config["config"]["layers"]
    seeds = {}
    for n in HUGE[:-1]:
        for what, edit in (
            ("timesteps", lambda c, n=n: c[0]["config"].__setitem__("batch_shape", [None, n, 3])),
            ("features", lambda c, n=n: c[0]["config"].__setitem__("batch_shape", [None, 6, n])),
            ("units", lambda c, n=n: c[1]["config"].__setitem__("units", n)),
            ("batch", lambda c, n=n: c[0]["config"].__setitem__("batch_shape", [n, 6, 3])),
        ):
            edited = json.loads(json.dumps(layers))
            edit(edited)
            config["config"]["layers"] = edited
            seeds[f"{what}_{n}"] = zip_bytes({**members, "config.json": json.dumps(config)})
    return seeds


def safetensors_seeds():
    """Headers for pytorch/lstm2_linear's tensors with shapes at the edge."""
    def file(header, data=b""):
        text = json.dumps(header).encode()
        return struct.pack("<Q", len(text)) + text + data

    seeds = {}
    for n in HUGE[:-1]:
        seeds[f"shape_{n}"] = file({"lstm.weight_ih_l0": {"dtype": "F32", "shape": [n, 3], "data_offsets": [0, 0]}})
        seeds[f"square_{n}"] = file({"lstm.weight_ih_l0": {"dtype": "F32", "shape": [n, n], "data_offsets": [0, 48]}}, b"\0" * 48)
        seeds[f"offset_{n}"] = file({"lstm.weight_ih_l0": {"dtype": "F32", "shape": [16, 3], "data_offsets": [n, n + 192]}})
    return seeds


def main():
    for target, seeds in (
        ("npy", npy_seeds()),
        ("npz", {**npz_seeds(), **npy_seeds()}),
        ("lesson", lesson_seeds()),
        ("keras", keras_seeds()),
        ("safetensors", safetensors_seeds()),
    ):
        for name, data in seeds.items():
            put(target, name, data)


if __name__ == "__main__":
    main()

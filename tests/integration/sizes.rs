//! Sizes from files and arguments: overflowing shapes and weight counts, a padding or screen too
//! large, a random range that is not finite, an .npz member that inflates, a token id beyond
//! int64, and memory checked before anything is allocated. Each is refused with exit status 2, a
//! message naming the file or option and what was expected, and (run with at most 1 GiB of
//! address space) without coming near that much memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use ndarray::{Array1, Array2};
use ndarray_npy::WriteNpyExt;
use tempfile::TempDir;

use crate::common::fixture;

/// The address space every refused command runs in: 1 GiB, in kB as `ulimit -v` takes it.
const ADDRESS_SPACE_KB: u64 = 1 << 20;

/// Run `lstm-tui args...` with at most [`ADDRESS_SPACE_KB`] of memory and expect it refused:
/// exit status 2, nothing on standard output, no panic; the message, with `dir` shown as `DIR`.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: nothing printed");
    assert!(!err.contains("panicked") && !err.contains("memory allocation"), "{err}");
    err.trim_end().replace(&dir.display().to_string(), "DIR")
}

/// A lesson: `input_shape`, one layer table's body, and the `[input]` table's body.
fn lesson(dir: &TempDir, input_shape: &str, layers: &str, input: &str) -> PathBuf {
    let path = dir.path().join("x.toml");
    let text = format!(
        "format_version = 1\ntitle = \"sizes\"\n[model]\ninput_shape = {input_shape}\n{layers}\n[input]\n{input}\n"
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

const LSTM: &str = "[[model.layers]]\nclass_name = \"LSTM\"\nunits = 2";
const RANDOM: &str = "random = { seed = 1 }";

/// Before the fix the random input was made before the memory check: 48 GB, and an abort.
#[test]
fn a_huge_input_is_counted_before_it_is_made() {
    let dir = TempDir::new().unwrap();
    let file = lesson(&dir, "[4000000000, 3]", LSTM, RANDOM);
    for command in ["check", "trace", "frame", "bench"] {
        assert_eq!(
            refused(dir.path(), &[command, path(&file)]),
            "lstm-tui: DIR/x.toml: this model needs 368.0 GB for its input of 4000000000 timesteps, its weights and one recorded run; lstm-tui holds at most 4.3 GB",
            "{command}"
        );
    }
}

#[test]
fn a_shape_whose_product_overflows() {
    let dir = TempDir::new().unwrap();
    let file = lesson(&dir, "[4294967296, 4294967296]", LSTM, RANDOM);
    for command in ["check", "summary", "trace"] {
        assert_eq!(
            refused(dir.path(), &[command, path(&file)]),
            "lstm-tui: DIR/x.toml:4:15: input_shape [4294967296, 4294967296] holds 18446744073709551616 values, more than lstm-tui can count or hold (at most 9223372036854775807 in one array)",
            "{command}"
        );
    }
    // An output too large: Dense(2^62) at each of two timesteps.
    let dense = "[[model.layers]]\nclass_name = \"Dense\"\nunits = 4611686018427387904";
    let file = lesson(&dir, "[2, 3]", dense, RANDOM);
    assert_eq!(
        refused(dir.path(), &["summary", path(&file)]),
        "lstm-tui: DIR/x.toml:5:1: layer dense (Dense): its output shape (None, 2, 4611686018427387904) holds 9223372036854775808 values, more than lstm-tui can count or hold (at most 9223372036854775807 in one array)"
    );
}

/// 2^62 × 4 weights wrapped to 0, which passed the memory check; summary printed the count.
#[test]
fn a_weight_count_that_overflows_is_never_printed() {
    let dir = TempDir::new().unwrap();
    let embedding = "[[model.layers]]\nclass_name = \"Embedding\"\ninput_dim = 4611686018427387904\noutput_dim = 4";
    let file = lesson(&dir, "[4]", embedding, "tokens = [1, 2, 3, 4]");
    for command in ["summary", "check", "trace"] {
        assert_eq!(
            refused(dir.path(), &[command, path(&file)]),
            "lstm-tui: DIR/x.toml:5:1: layer embedding (Embedding): it has more weights than lstm-tui can count or hold (at most 9223372036854775807); expected sizes a computer can hold",
            "{command}"
        );
    }
    // Each layer's count fits, their total does not.
    let layers = "[[model.layers]]\nclass_name = \"Embedding\"\ninput_dim = 2305843009213693952\noutput_dim = 3\n\
                  [[model.layers]]\nclass_name = \"LSTM\"\nunits = 1\n\
                  [[model.layers]]\nclass_name = \"Dense\"\nunits = 1500000000000000000";
    let file = lesson(&dir, "[4]", layers, "tokens = [1, 2, 3, 4]");
    assert_eq!(
        refused(dir.path(), &["summary", path(&file), "--explain"]),
        "lstm-tui: DIR/x.toml:12:1: layer dense (Dense): with it the model has more weights than lstm-tui can count or hold (at most 9223372036854775807); expected sizes a computer can hold"
    );
}

#[test]
fn pad_near_the_largest_count() {
    let dir = TempDir::new().unwrap();
    let free = fixture("files/keras3/free_tokens/model.keras");
    let free = path(&free);
    assert_eq!(
        refused(
            dir.path(),
            &["trace", free, "--tokens", "3 1", "--pad", "18446744073709551615"]
        ),
        format!(
            "lstm-tui: {free}: --pad 18446744073709551615: input_shape (None, 18446744073709551615) holds 18446744073709551615 values, more than lstm-tui can count or hold (at most 9223372036854775807 in one array)"
        )
    );
    assert_eq!(
        refused(dir.path(), &["frame", free, "--tokens", "3 1", "--pad", "1000000000"]),
        format!(
            "lstm-tui: {free}: --pad 1000000000: this model needs 128.0 GB for its input of 1000000000 timesteps, its weights and one recorded run; lstm-tui holds at most 4.3 GB"
        )
    );
    // A model that fixes its timesteps names them.
    assert_eq!(
        refused(
            dir.path(),
            &["trace", "lesson5", "--tokens", "3 1", "--pad", "18446744073709551615"]
        ),
        "lstm-tui: lesson5 (built-in): --pad 18446744073709551615: the model's input_shape is (500,); pad to its 500 timesteps"
    );
    // A lesson's own pad, on a model file that takes any number of timesteps.
    let file = dir.path().join("x.toml");
    std::fs::write(
        &file,
        format!(
            "format_version = 1\ntitle = \"pad\"\n[model]\nfile = \"{free}\"\n[input]\ntokens = [3, 1]\npad = 9223372036854775807\n"
        ),
    )
    .unwrap();
    assert_eq!(
        refused(dir.path(), &["check", path(&file)]),
        "lstm-tui: DIR/x.toml: layer embedding (Embedding): its output shape (None, 9223372036854775807, 4) holds 36893488147419103228 values, more than lstm-tui can count or hold (at most 9223372036854775807 in one array)"
    );
}

#[test]
fn a_random_range_that_is_not_finite() {
    let dir = TempDir::new().unwrap();
    for (range, shown) in [
        (
            "low = -3e38, high = 3e38",
            "low = -300000000000000000000000000000000000000, high = 300000000000000000000000000000000000000",
        ),
        ("low = 0, high = inf", "low = 0, high = inf"),
        ("low = -inf, high = 0", "low = -inf, high = 0"),
        ("low = nan, high = 1", "low = NaN, high = 1"),
        ("low = 0, high = 1e39", "low = 0, high = inf"),
        ("low = 1, high = 1", "low = 1, high = 1"),
    ] {
        let file = lesson(&dir, "[4, 3]", LSTM, &format!("random = {{ seed = 1, {range} }}"));
        assert_eq!(
            refused(dir.path(), &["trace", path(&file)]),
            format!(
                "lstm-tui: DIR/x.toml:9:10: random needs finite low < high (as 32-bit floats, and high - low finite too), got {shown}"
            ),
            "{range}"
        );
    }
}

/// A uint64 id of 2^64 - 1 was shown as 9223372036854775807.
#[test]
fn a_uint64_token_id_keeps_its_value() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("ids.npy");
    Array1::from(vec![1u64, u64::MAX, 3])
        .write_npy(std::fs::File::create(&file).unwrap())
        .unwrap();
    let free = fixture("files/keras3/free_tokens/model.keras");
    assert_eq!(
        refused(dir.path(), &["trace", path(&free), "--input", path(&file)]),
        "lstm-tui: DIR/ids.npy: token 18446744073709551615 at t=1 is outside the vocabulary (input_dim 30)"
    );
    // The largest int64 too, and a negative one.
    Array1::from(vec![i64::MAX, -1])
        .write_npy(std::fs::File::create(&file).unwrap())
        .unwrap();
    assert_eq!(
        refused(dir.path(), &["trace", path(&free), "--input", path(&file)]),
        "lstm-tui: DIR/ids.npy: token -1 at t=1 is negative"
    );
}

/// An .npy header (version 1.0) for an array of `descr` and `shape`, without its data.
fn npy_header(descr: &str, shape: &str) -> Vec<u8> {
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + dict.len() + 1) % 64 != 0 {
        dict.push(' ');
    }
    dict.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out
}

/// An int8 array takes 8 bytes an element once read: more than 1 GiB of it is refused before.
/// (One sample of this batch is small, so the run itself would fit.)
#[test]
fn an_array_too_large_once_read() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("ids.npy");
    let header = npy_header("|i1", "(14000000, 10)");
    std::fs::write(&file, &header).unwrap();
    // The data: 140 MB of zeros, as a sparse file.
    let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.set_len(header.len() as u64 + 140_000_000).unwrap();
    let free = fixture("files/keras3/free_tokens/model.keras");
    assert_eq!(
        refused(dir.path(), &["trace", path(&free), "--input", path(&file)]),
        "lstm-tui: DIR/ids.npy: the array of shape (14000000, 10) of |i1 takes 1120000000 bytes once read; lstm-tui reads arrays up to 1073741824 bytes"
    );
    // A tenth of it is read, and its sample 3 run.
    let f = std::fs::File::create(&file).unwrap();
    let mut ids = Array2::<i8>::zeros((1_400_000, 10));
    ids[[3, 9]] = 7;
    ids.write_npy(f).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["trace", path(&free), "--input", path(&file), "--sample", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["input"], serde_json::json!([0, 0, 0, 0, 0, 0, 0, 0, 0, 7]));
}

/// An input file's timesteps are counted from its header, before its data is decoded.
#[test]
fn an_input_file_is_counted_before_it_is_decoded() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("ids.npy");
    Array1::<i8>::ones(40_000_000)
        .write_npy(std::fs::File::create(&file).unwrap())
        .unwrap();
    let free = fixture("files/keras3/free_tokens/model.keras");
    let e = refused(dir.path(), &["trace", path(&free), "--input", path(&file)]);
    assert!(
        e.starts_with("lstm-tui: DIR/ids.npy: this model needs ")
            && e.ends_with(" GB for its input of 40000000 timesteps, its weights and one recorded run; lstm-tui holds at most 4.3 GB"),
        "{e}"
    );
    // A model that fixes its timesteps counts the file's too.
    let lesson = fixture("parity/embedding/model.keras");
    let e = refused(dir.path(), &["trace", path(&lesson), "--input", path(&file)]);
    assert!(e.starts_with("lstm-tui: DIR/ids.npy: this model needs "), "{e}");
}

/// An .npz archive of one deflated member, `name`, holding `bytes`.
fn npz(path: &Path, name: &str, bytes: &[&[u8]]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file(name, options).unwrap();
    for b in bytes {
        zip.write_all(b).unwrap();
    }
    zip.finish().unwrap();
}

/// A member whose header says (3, 8) float32 (96 bytes of data) but which unpacks to 16 MiB.
#[test]
fn an_npz_member_is_read_no_further_than_its_shape() {
    let dir = TempDir::new().unwrap();
    let weights = dir.path().join("w.npz");
    let header = npy_header("<f4", "(3, 8)");
    let zeros = vec![0u8; 16 << 20];
    npz(&weights, "lstm.kernel.npy", &[&header, &zeros]);
    let file = lesson(&dir, "[4, 3]", LSTM, RANDOM);
    assert_eq!(
        refused(dir.path(), &["trace", path(&file), "--weights", path(&weights)]),
        format!(
            "lstm-tui: DIR/w.npz: lstm.kernel: unpacks to more than the {} bytes its header's shape (3, 8) of <f4 needs: refused while reading",
            header.len() + 96
        )
    );
}

/// A member whose header declares a 1 GB array where the layer needs (3, 8) is refused by its
/// header, before any of its data is unpacked (here there is none).
#[test]
fn an_npz_member_of_the_wrong_shape_is_refused_by_its_header() {
    let dir = TempDir::new().unwrap();
    let weights = dir.path().join("w.npz");
    npz(&weights, "lstm.kernel.npy", &[&npy_header("<f4", "(250000000,)")]);
    let file = lesson(&dir, "[4, 3]", LSTM, RANDOM);
    assert_eq!(
        refused(dir.path(), &["trace", path(&file), "--weights", path(&weights)]),
        "lstm-tui: DIR/w.npz: lstm.kernel has shape (250000000,) but lstm needs (3, 8)"
    );
    npz(&weights, "lstm.kernel.npy", &[&npy_header("<i8", "(3, 8)")]);
    assert_eq!(
        refused(dir.path(), &["trace", path(&file), "--weights", path(&weights)]),
        "lstm-tui: DIR/w.npz: lstm.kernel holds integers; weights must be float32 or float64"
    );
}

#[test]
fn screens_are_bounded() {
    let dir = TempDir::new().unwrap();
    // The size is checked first: this lesson would be refused for its memory otherwise.
    let huge = lesson(&dir, "[4000000000, 3]", LSTM, RANDOM);
    for size in ["1001x40", "120x501", "65535x65535", "0x10", "99999x1"] {
        let want = format!("lstm-tui: --size {size}: expected COLSxROWS, e.g. 120x40, from 1x1 to 1000x500");
        assert_eq!(refused(dir.path(), &["frame", path(&huge), "--size", size]), want);
        assert_eq!(
            refused(dir.path(), &["bench", path(&huge), "--render", "--size", size]),
            want
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["frame", "lesson1", "--size", "1000x500"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 500);
}

#[test]
fn bench_repeats_are_bounded() {
    let dir = TempDir::new().unwrap();
    let e = refused(dir.path(), &["bench", "lesson1", "--repeat", "18446744073709551615"]);
    assert!(e.starts_with("error: invalid value '18446744073709551615' for '--repeat <REPEAT>': 18446744073709551615 is not in 1..=1000000"), "{e}");
}

/// A narrative range ending at the largest timestep, on a model file that takes any number of
/// timesteps (so it is checked only against the input): its width overflowed.
#[test]
fn a_narrative_range_to_the_largest_timestep() {
    let dir = TempDir::new().unwrap();
    let free = fixture("files/keras3/free_tokens/model.keras");
    let file = dir.path().join("x.toml");
    std::fs::write(
        &file,
        format!(
            "format_version = 1\ntitle = \"at\"\n[model]\nfile = \"{}\"\n[input]\ntokens = [3, 1, 4]\n\
             [[narrative]]\nat = \"0-18446744073709551615\"\ntext = \"from the first word on\"\n",
            free.display()
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["frame", path(&file), "--size", "100x30"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let screen = String::from_utf8(out.stdout).unwrap();
    assert!(screen.contains("from the first word on"), "{screen}");
}

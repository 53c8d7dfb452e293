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

/// Found by fuzzing: a header of shape (0, 2^63) needs no data, so it passed the check of the
/// data's size, while no array can take that shape. Such a shape, a dimension above 2^63 − 1
/// alone, and dimensions that multiply past it are refused by the header, naming the dimension.
#[test]
fn a_shape_no_array_can_hold_is_refused_by_its_header() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("x.npy");
    let seq = fixture("parity/basic/model.keras");
    let tokens = fixture("files/keras3/free_tokens/model.keras");
    let above = "dimension 2 of the shape is above 9223372036854775807, the most values one array can hold";
    for (descr, shape, model, want) in [
        (
            "<f4",
            "(0, 9223372036854775808)",
            &seq,
            format!("at byte 54 of the header, {above}"),
        ),
        (
            "<i8",
            "(0, 9223372036854775808)",
            &tokens,
            format!("at byte 54 of the header, {above}"),
        ),
        (
            "<f4",
            "(1, 9223372036854775808, 3)",
            &seq,
            format!("at byte 54 of the header, {above}"),
        ),
        (
            "<f4",
            "(18446744073709551615, 3)",
            &seq,
            "at byte 51 of the header, dimension 1 of the shape is above 9223372036854775807, \
             the most values one array can hold"
                .to_string(),
        ),
        (
            "<f4",
            "(0, 4611686018427387904, 2)",
            &seq,
            "the shape (0, 4611686018427387904, 2)'s dimensions other than 0 multiply to more than \
             9223372036854775807, the most values one array can hold"
                .to_string(),
        ),
    ] {
        std::fs::write(&file, npy_header(descr, shape)).unwrap();
        for command in ["trace", "frame"] {
            assert_eq!(
                refused(dir.path(), &[command, path(model), "--input", path(&file)]),
                format!("lstm-tui: DIR/x.npy: not a valid .npy file: {want}"),
                "{command} {shape}"
            );
        }
    }
    // At the limit the header is read, and the file is refused as empty.
    std::fs::write(&file, npy_header("<f4", "(0, 9223372036854775807)")).unwrap();
    assert_eq!(
        refused(dir.path(), &["trace", path(&seq), "--input", path(&file)]),
        "lstm-tui: DIR/x.npy: the input is empty (shape (0, 9223372036854775807))"
    );
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

/// Just under the 1 GiB a file may take: each file below is refused for what it holds, and must
/// be refused without being read whole (in 1 GiB of address space, reading it would abort).
const NEAR_THE_CAP: u64 = 1000 << 20;

/// A file of `head` followed by zeros (a sparse file) to `len` bytes.
fn sparse(path: &Path, head: &[u8], len: u64) {
    std::fs::write(path, head).unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_len(len).unwrap();
}

/// A zip archive of stored (uncompressed) members, each `(name, head, len)`: its first bytes,
/// then zeros to `len` bytes, left sparse. Only whole members get their CRC: a reader that
/// refuses a longer one early never reaches its end to check it.
fn stored_zip(path: &Path, members: &[(&str, &[u8], u64)]) {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::create(path).unwrap();
    let (mut central, mut at) = (Vec::new(), 0u32);
    for &(name, head, len) in members {
        let len = u32::try_from(len).unwrap();
        let mut entry = vec![];
        for (n, bytes) in [(20u16, 2), (0, 2), (0, 2), (0, 2), (0x21, 2)] {
            entry.extend_from_slice(&u32::from(n).to_le_bytes()[..bytes]);
        }
        let crc = if head.len() as u64 == u64::from(len) {
            crc32(head)
        } else {
            0
        };
        entry.extend_from_slice(&crc.to_le_bytes());
        entry.extend_from_slice(&len.to_le_bytes());
        entry.extend_from_slice(&len.to_le_bytes());
        entry.extend_from_slice(&(name.len() as u16).to_le_bytes());
        entry.extend_from_slice(&0u16.to_le_bytes());
        f.write_all(b"PK\x03\x04").unwrap();
        f.write_all(&entry).unwrap();
        f.write_all(name.as_bytes()).unwrap();
        f.write_all(head).unwrap();
        let start = u64::from(at) + 30 + name.len() as u64;
        f.seek(SeekFrom::Start(start + u64::from(len))).unwrap();
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        central.extend_from_slice(&entry);
        central.extend_from_slice(&[0; 10]); // comment length, disk, attributes
        central.extend_from_slice(&at.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        at = u32::try_from(start + u64::from(len)).unwrap();
    }
    f.write_all(&central).unwrap();
    let n = (members.len() as u16).to_le_bytes();
    f.write_all(b"PK\x05\x06\x00\x00\x00\x00").unwrap();
    f.write_all(&[n, n].concat()).unwrap();
    f.write_all(&(central.len() as u32).to_le_bytes()).unwrap();
    f.write_all(&at.to_le_bytes()).unwrap();
    f.write_all(&[0, 0]).unwrap();
}

/// The CRC-32 of zip archives, bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Inputs near the cap refused by their header: data past its shape, features the model does
/// not read, more timesteps than memory holds. Each was read whole first (wide.npy decoded as
/// well: 3 GB at its peak).
#[test]
fn an_input_near_the_cap_is_refused_by_its_header() {
    let dir = TempDir::new().unwrap();
    let basic = fixture("parity/basic/model.keras");
    let cases = [
        ("long.npy", "(10, 3)", 0),
        ("wide.npy", "(6, 43690666)", 6 * 43690666 * 4),
        ("steps.npy", "(87381333, 3)", 87381333 * 3 * 4),
    ];
    let mut errors = vec![];
    for (name, shape, data) in cases {
        let file = dir.path().join(name);
        let head = npy_header("<f4", shape);
        let len = if data == 0 {
            NEAR_THE_CAP
        } else {
            head.len() as u64 + data
        };
        sparse(&file, &head, len);
        errors.push(refused(dir.path(), &["trace", path(&basic), "--input", path(&file)]));
    }
    assert_eq!(
        errors,
        [
            "lstm-tui: DIR/long.npy: 1048575752 more bytes than its header's shape (10, 3) needs",
            "lstm-tui: DIR/wide.npy: the input has shape (6, 43690666) but the model's input_shape is (6, 3)",
            "lstm-tui: DIR/steps.npy: this model needs 12.2 GB for its input of 87381333 timesteps, its weights and one recorded run; lstm-tui holds at most 4.3 GB",
        ]
    );
}

/// An .npz archive near the cap whose kernel member is far larger than the layer's: the archive
/// is read where it lies and the member refused by its header.
#[test]
fn an_npz_near_the_cap_is_refused_by_its_member_header() {
    let dir = TempDir::new().unwrap();
    let weights = dir.path().join("w.npz");
    let head = npy_header("<f4", "(65000000, 4)");
    stored_zip(
        &weights,
        &[("lstm.kernel.npy", &head, head.len() as u64 + 65_000_000 * 16)],
    );
    let file = lesson(&dir, "[4, 3]", LSTM, RANDOM);
    assert_eq!(
        refused(dir.path(), &["trace", path(&file), "--weights", path(&weights)]),
        "lstm-tui: DIR/w.npz: lstm.kernel has shape (65000000, 4) but lstm needs (3, 8)"
    );
}

/// parity/basic's .keras with its model.weights.h5 grown to near the cap: refused by the
/// member's size, which the small model's weights cannot need, before it is unpacked.
#[test]
fn a_keras_file_with_a_weights_member_near_the_cap() {
    let dir = TempDir::new().unwrap();
    let source = std::fs::File::open(fixture("parity/basic/model.keras")).unwrap();
    let mut archive = zip::ZipArchive::new(source).unwrap();
    let mut member = |name: &str| {
        let mut bytes = vec![];
        std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut bytes).unwrap();
        bytes
    };
    let (config, metadata, weights) = (
        member("config.json"),
        member("metadata.json"),
        member("model.weights.h5"),
    );
    let file = dir.path().join("big.keras");
    stored_zip(
        &file,
        &[
            ("metadata.json", &metadata, metadata.len() as u64),
            ("config.json", &config, config.len() as u64),
            ("model.weights.h5", &weights, NEAR_THE_CAP),
        ],
    );
    assert_eq!(
        refused(dir.path(), &["check", path(&file)]),
        "lstm-tui: DIR/big.keras: model.weights.h5 unpacks to 1048576000 bytes; lstm-tui reads it up to 68157440 bytes"
    ); // Read where it lies, the member is still read through once for its CRC: one byte more than
    // the real weights, and a CRC that is not its own.
    let len = weights.len() as u64 + 1;
    stored_zip(
        &file,
        &[
            ("metadata.json", &metadata, metadata.len() as u64),
            ("config.json", &config, config.len() as u64),
            ("model.weights.h5", &weights, len),
        ],
    );
    assert_eq!(
        refused(dir.path(), &["check", path(&file)]),
        "lstm-tui: DIR/big.keras: model.weights.h5 is damaged: Invalid checksum"
    );
}

/// An HDF5 weights file grown to near the cap, for a model whose shapes it does not have: its
/// datasets are read where they lie, and the first one refused by its shape.
#[test]
fn an_h5_file_near_the_cap_is_read_where_it_lies() {
    let dir = TempDir::new().unwrap();
    let weights = dir.path().join("w.h5");
    sparse(
        &weights,
        &std::fs::read(fixture("parity/basic/model.h5")).unwrap(),
        NEAR_THE_CAP,
    );
    let file = lesson(&dir, "[6, 3]", LSTM, RANDOM);
    assert_eq!(
        refused(dir.path(), &["trace", path(&file), "--weights", path(&weights)]),
        "lstm-tui: DIR/w.h5: model_weights/lstm/sequential/lstm/lstm_cell/kernel has shape (3, 16) but lstm.kernel in DIR/x.toml needs (3, 8)"
    );
}

/// A safetensors file is read whole, so one larger than the lesson's model can need is refused
/// by its size before it is read.
#[test]
fn a_safetensors_file_larger_than_its_model_needs() {
    let dir = TempDir::new().unwrap();
    let weights = dir.path().join("w.safetensors");
    let real = std::fs::read(fixture("files/pytorch/bare_lstm.safetensors")).unwrap();
    sparse(&weights, &real, NEAR_THE_CAP);
    let text = std::fs::read_to_string(fixture("files/pytorch/bare_lstm.toml")).unwrap();
    let file = dir.path().join("x.toml");
    std::fs::write(
        &file,
        text.replace("bare_lstm.safetensors", path(&weights))
            .replace("file = \"../../pytorch/lstm2_linear/input.npy\"", RANDOM),
    )
    .unwrap();
    assert_eq!(
        refused(dir.path(), &["check", path(&file)]),
        "lstm-tui: DIR/w.safetensors: the file is 1048576000 bytes; lstm-tui reads a weights file of at most 65 MiB (enough for this model's 272 weights)"
    );
    // The real one, of the same lesson, still loads.
    std::fs::write(
        &file,
        text.replace(
            "bare_lstm.safetensors",
            path(&fixture("files/pytorch/bare_lstm.safetensors")),
        )
        .replace("file = \"../../pytorch/lstm2_linear/input.npy\"", RANDOM),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lstm-tui"))
        .args(["check", path(&file)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Only the sample asked for is held of a batch: 20,000,000 samples of int8 token ids take
/// 960 MB once decoded, which was done before the sample was picked and its ids checked.
#[test]
fn one_sample_of_a_batch_near_the_cap_is_held() {
    use std::io::{Seek, SeekFrom};
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("ids.npy");
    let head = npy_header("|i1", "(20000000, 6)");
    sparse(&file, &head, head.len() as u64 + 120_000_000);
    let mut f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.seek(SeekFrom::Start(head.len() as u64 + 3 * 6)).unwrap();
    f.write_all(&[1, 2, 3, 4, 5, 120]).unwrap();
    let free = fixture("files/keras3/free_tokens/model.keras");
    assert_eq!(
        refused(
            dir.path(),
            &["trace", path(&free), "--input", path(&file), "--sample", "3"]
        ),
        "lstm-tui: DIR/ids.npy: token 120 at t=5 is outside the vocabulary (input_dim 30)"
    );
}

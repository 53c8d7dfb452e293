//! .npy arrays: float32/float64 values and integer token ids, read with the header checked
//! against the bytes really present before anything is allocated.

use std::io::Read;

use ndarray::{ArrayD, Axis, IxDyn, ShapeBuilder};

use super::npy_header::{self, Header, MAX_HEADER_BYTES};
use crate::error::{Error, Kind, OptionMistake, Result};
use crate::model::weights::shape_str;

/// The largest file or archive member lstm-tui reads (1 GiB).
pub const MAX_BYTES: u64 = 1 << 30;

/// An array as it came out of an .npy file.
#[derive(Debug, Clone, PartialEq)]
pub enum NpyArray {
    /// float32 or float64 (converted to f32).
    Float(ArrayD<f32>),
    /// Any signed integer type, or an unsigned one narrower than 64 bits, for token ids.
    Int(ArrayD<i64>),
    /// uint64, kept as it is: its values above int64's are token ids too large, to be shown as
    /// they are.
    UInt(ArrayD<u64>),
}

impl NpyArray {
    /// Sample `s` of the array's first axis.
    fn sample(self, file: &str, s: usize) -> Result<NpyArray> {
        let n = self.shape().first().copied().unwrap_or(0);
        if s >= n {
            let shape = shape_str(self.shape());
            return Err(Error::in_file(
                file,
                Kind::Option(OptionMistake::NoSample { sample: s, shape }),
            ));
        }
        Ok(match self {
            NpyArray::Float(a) => NpyArray::Float(a.index_axis_move(Axis(0), s)),
            NpyArray::Int(a) => NpyArray::Int(a.index_axis_move(Axis(0), s)),
            NpyArray::UInt(a) => NpyArray::UInt(a.index_axis_move(Axis(0), s)),
        })
    }

    pub fn shape(&self) -> &[usize] {
        match self {
            NpyArray::Float(a) => a.shape(),
            NpyArray::Int(a) => a.shape(),
            NpyArray::UInt(a) => a.shape(),
        }
    }
}

/// What an .npy header says: the array's shape and element type, and where its data starts.
struct Layout {
    header: Header,
    /// Bytes per element.
    item: u64,
    /// Whether the values are stored big-endian.
    big: bool,
    /// Where the data starts.
    start: u64,
}

impl Layout {
    /// The number of elements, and of bytes of data, the shape needs (`None` when too many to count).
    fn sizes(&self) -> (Option<u64>, Option<u64>) {
        let count = self
            .header
            .shape
            .iter()
            .try_fold(1u64, |acc, &d| acc.checked_mul(d as u64));
        (count, count.and_then(|c| c.checked_mul(self.item)))
    }

    fn dtype(&self) -> &str {
        &self.header.descr
    }

    /// Refuse data of `have` bytes that is not what the shape needs, and an array too large to
    /// hold once decoded.
    fn check_sizes(&self, file: &str, have: u64) -> Result<()> {
        let bad = |kind: Kind| Error::new(kind).with_file(file);
        let (count, need) = self.sizes();
        let (dtype, shape) = (self.dtype(), &self.header.shape);
        match need {
            Some(n) if n == have => {}
            Some(n) if n < have => {
                return Err(bad(Kind::ExtraBytes {
                    extra: have - n,
                    shape: shape_str(shape),
                }));
            }
            _ => {
                return Err(bad(Kind::ShortData {
                    shape: shape_str(shape),
                    dtype: dtype.to_string(),
                    need,
                    have,
                }));
            }
        }
        // What the array takes once decoded (integers widen to 8 bytes), checked before decoding.
        let decoded = count.and_then(|c| c.checked_mul(if dtype.get(1..2) == Some("f") { 4 } else { 8 }));
        if decoded.is_none_or(|b| b > MAX_BYTES) {
            return Err(bad(Kind::ArrayTooLarge {
                shape: shape_str(shape),
                dtype: dtype.to_string(),
                bytes: decoded,
                most: MAX_BYTES,
            }));
        }
        Ok(())
    }
}

/// Read the header at the start of `bytes`; `file` names it in messages.
fn layout(file: &str, bytes: &[u8]) -> Result<Layout> {
    let bad = |kind: Kind| Error::new(kind).with_file(file);
    let (header, start) = npy_header::read(bytes).map_err(|e| {
        bad(Kind::NotValid {
            noun: ".npy file",
            detail: e.to_string(),
        })
    })?;
    let dtype = header.descr.as_str();
    let unsupported = || {
        bad(Kind::Dtype {
            dtype: dtype.to_string(),
        })
    };
    let item: u64 = match dtype.get(1..) {
        Some("f4" | "i4" | "u4") => 4,
        Some("f8" | "i8" | "u8") => 8,
        Some("i2" | "u2") => 2,
        Some("i1" | "u1") => 1,
        _ => return Err(unsupported()),
    };
    let big = match dtype.get(..1) {
        Some("<") => false,
        Some(">") => true,
        Some("=") => cfg!(target_endian = "big"),
        Some("|") if item == 1 => false,
        _ => return Err(unsupported()),
    };
    Ok(Layout {
        header,
        item,
        big,
        start: start as u64,
    })
}

/// The shape an .npy file's header declares, read without decoding the data.
pub fn shape(file: &str, bytes: &[u8]) -> Result<Vec<usize>> {
    Ok(layout(file, bytes)?.header.shape)
}

/// An .npy file whose header has been read from a stream, and its data not yet.
pub struct Started {
    /// The bytes read so far: the header.
    bytes: Vec<u8>,
    layout: Layout,
}

impl Started {
    /// The shape the header declares.
    pub fn shape(&self) -> &[usize] {
        &self.layout.header.shape
    }

    /// The bytes of the header, before the data.
    pub fn header_len(&self) -> u64 {
        self.layout.start
    }

    /// The dtype the header declares (`<f4`).
    pub fn dtype(&self) -> &str {
        self.layout.dtype()
    }

    /// Refuse a file whose data, `have` bytes of it, is not what the header's shape needs, or
    /// whose array would be too large once read: what [`parse`] refuses for its sizes, said
    /// before the data is read.
    pub fn check_sizes(&self, file: &str, have: u64) -> Result<()> {
        self.layout.check_sizes(file, have)
    }

    /// Read the data the header's shape needs from the rest of `stream`, and no more: a stream
    /// that goes on is refused while it is read. The whole file's bytes, for [`parse`].
    pub fn finish(self, file: &str, stream: &mut dyn Read) -> Result<Vec<u8>> {
        let Started { mut bytes, layout } = self;
        let (_, need) = layout.sizes();
        let Some(end) = need.and_then(|n| n.checked_add(layout.start)) else {
            return Ok(bytes); // parse says the shape is too large
        };
        let more = end.saturating_sub(bytes.len() as u64);
        bytes.reserve(more.min(16 << 20) as usize);
        stream
            .take(more.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(file, e))?;
        if bytes.len() as u64 > end {
            return Err(Error::new(Kind::LongerThanShape {
                end,
                shape: shape_str(&layout.header.shape),
                dtype: layout.dtype().to_string(),
            })
            .with_file(file));
        }
        Ok(bytes)
    }
}

impl Started {
    /// Sample `sample` of a batch (the array's first axis) from the rest of `stream`, read
    /// through to its end but holding only that sample: a batch of many samples takes the memory
    /// of one. A column-major array, whose samples are not contiguous, is read whole. The sizes
    /// must have passed [`Started::check_sizes`] and `sample` must be in range.
    pub fn finish_sample(self, file: &str, stream: &mut dyn Read, sample: usize) -> Result<NpyArray> {
        let shape = self.layout.header.shape.clone();
        let (Some(&batch), Some(need), false) =
            (shape.first(), self.layout.sizes().1, self.layout.header.fortran_order)
        else {
            let bytes = self.finish(file, stream)?;
            return parse(file, &bytes)?.sample(file, sample);
        };
        let per = need / batch.max(1) as u64;
        let skip = |stream: &mut dyn Read, n: u64| -> Result<u64> {
            std::io::copy(&mut stream.take(n), &mut std::io::sink()).map_err(|e| damaged(file, e))
        };
        let before = skip(stream, per * sample as u64)?;
        let mut data = Vec::with_capacity(per.min(16 << 20) as usize); // the header may lie
        stream.take(per).read_to_end(&mut data).map_err(|e| damaged(file, e))?;
        let after = need.saturating_sub(per * (sample as u64 + 1));
        let rest = skip(stream, after.saturating_add(1))?;
        let have = before + data.len() as u64 + rest;
        if have > need {
            return Err(Error::new(Kind::LongerThanShape {
                end: self.layout.start + need,
                shape: shape_str(&shape),
                dtype: self.layout.dtype().to_string(),
            })
            .with_file(file));
        }
        self.layout.check_sizes(file, have)?;
        decode(file, &self.layout, &shape[1..], &data)
    }
}

fn damaged(file: &str, e: std::io::Error) -> Error {
    Error::new(Kind::Damaged {
        member: None,
        detail: e.to_string(),
    })
    .with_file(file)
}

/// Read the header of an .npy file from the start of `stream`, and nothing past it. A header
/// longer than lstm-tui reads is refused by its length field alone.
pub fn start(file: &str, stream: &mut dyn Read) -> Result<Started> {
    let mut bytes = Vec::new();
    stream.take(12).read_to_end(&mut bytes).map_err(|e| damaged(file, e))?;
    if let Ok((start, len)) = npy_header::extent(&bytes) {
        let header_end = (start as u64).saturating_add(len.min(MAX_HEADER_BYTES));
        let more = header_end.saturating_sub(bytes.len() as u64);
        stream
            .take(more)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(file, e))?;
    }
    let layout = layout(file, &bytes)?;
    Ok(Started { bytes, layout })
}

/// The bytes of one .npy file from a stream (an archive member), read no further than its
/// header's shape needs: a member that goes on is refused while it is read, not after.
/// `accept` is shown the header's shape and dtype before any data is read, and may refuse them.
pub fn read_exact_size(
    file: &str,
    stream: &mut dyn Read,
    accept: &dyn Fn(&[usize], &str) -> Result<()>,
) -> Result<Vec<u8>> {
    let started = start(file, stream)?;
    accept(started.shape(), started.dtype())?;
    started.finish(file, stream)
}

/// The values of `data` as `$t` numbers in the given byte order, each passed through `$to`.
macro_rules! values {
    ($data:expr, $big:expr, $t:ty, $to:expr) => {{
        let (chunks, _) = $data.as_chunks::<{ size_of::<$t>() }>();
        let from = if $big { <$t>::from_be_bytes } else { <$t>::from_le_bytes };
        chunks.iter().map(|&b| $to(from(b))).collect::<Vec<_>>()
    }};
}

/// Parse the bytes of one .npy file; `file` names it in messages.
pub fn parse(file: &str, bytes: &[u8]) -> Result<NpyArray> {
    let layout = layout(file, bytes)?;
    let data = bytes.get(layout.start as usize..).unwrap_or_default();
    layout.check_sizes(file, data.len() as u64)?;
    decode(file, &layout, &layout.header.shape, data)
}

/// The array of `shape` whose values, laid out as `layout` says, are `data`.
fn decode(file: &str, layout: &Layout, shape: &[usize], data: &[u8]) -> Result<NpyArray> {
    let dims = IxDyn(shape).set_f(layout.header.fortran_order);
    let shaped = |e: ndarray::ShapeError| Error::new(Kind::Unshaped { detail: e.to_string() }).with_file(file);
    let big = layout.big;
    Ok(match layout.dtype().get(1..) {
        Some("f4") => NpyArray::Float(ArrayD::from_shape_vec(dims, values!(data, big, f32, |x| x)).map_err(shaped)?),
        Some("f8") => {
            NpyArray::Float(ArrayD::from_shape_vec(dims, values!(data, big, f64, |x| x as f32)).map_err(shaped)?)
        }
        Some("u8") => NpyArray::UInt(ArrayD::from_shape_vec(dims, values!(data, big, u64, |x| x)).map_err(shaped)?),
        int => {
            let ids = match int {
                Some("i8") => values!(data, big, i64, |x| x),
                Some("i4") => values!(data, big, i32, i64::from),
                Some("i2") => values!(data, big, i16, i64::from),
                Some("i1") => values!(data, big, i8, i64::from),
                Some("u4") => values!(data, big, u32, i64::from),
                Some("u2") => values!(data, big, u16, i64::from),
                _ => values!(data, big, u8, i64::from), // the dtype was checked by `layout`
            };
            NpyArray::Int(ArrayD::from_shape_vec(dims, ids).map_err(shaped)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Array3};
    use ndarray_npy::WriteNpyExt;

    use super::*;
    use crate::model::spec::MAX_VALUES;

    fn npy(array: &impl WriteNpyExt) -> Vec<u8> {
        let mut bytes = Vec::new();
        array.write_npy(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn arrays_come_back_as_written_in_either_order() {
        let c = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 100 + j * 10 + k) as f64 - 50.5);
        let f = c.t().to_owned();
        assert!(f.t().is_standard_layout(), "written column-major");
        let want = |a: &Array3<f64>| a.mapv(|x| x as f32).into_dyn();
        assert_eq!(parse("c.npy", &npy(&c)).unwrap(), NpyArray::Float(want(&c)));
        assert_eq!(parse("f.npy", &npy(&f)).unwrap(), NpyArray::Float(want(&f)));
        let ids = Array2::from_shape_fn((2, 3), |(i, j)| (i as i16 - 1) * 1000 + j as i16);
        assert_eq!(
            parse("ids.npy", &npy(&ids)).unwrap(),
            NpyArray::Int(ids.mapv(i64::from).into_dyn())
        );
    }

    #[test]
    fn big_endian_values_are_read_in_their_order() {
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        let text = b"{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }\n";
        bytes.extend_from_slice(&(text.len() as u16).to_le_bytes());
        bytes.extend_from_slice(text);
        bytes.extend_from_slice(&[0, 0, 1, 2, 0xff, 0xff, 0xff, 0xfe]);
        let want = ndarray::arr1(&[0x0102, -2]).into_dyn();
        assert_eq!(parse("be.npy", &bytes).unwrap(), NpyArray::Int(want));
    }

    /// A sample read from a stream is the sample of the whole array, in either order.
    #[test]
    fn one_sample_streamed_is_that_sample_of_the_whole() {
        let c = Array3::from_shape_fn((4, 3, 2), |(i, j, k)| (i * 100 + j * 10 + k) as f32);
        let mut f = Array3::zeros(c.raw_dim().f());
        f.assign(&c);
        assert!(!f.is_standard_layout(), "written column-major");
        for (name, a) in [("c.npy", &c), ("f.npy", &f)] {
            let bytes = npy(a);
            let whole = parse(name, &bytes).unwrap();
            for s in 0..4 {
                let mut stream = bytes.as_slice();
                let one = start(name, &mut stream)
                    .unwrap()
                    .finish_sample(name, &mut stream, s)
                    .unwrap();
                assert_eq!(one, whole.clone().sample(name, s).unwrap(), "{name} sample {s}");
                assert_eq!(one, NpyArray::Float(c.index_axis(Axis(0), s).into_owned().into_dyn()));
            }
        }
        // One byte more than the header's shape: refused while reading, past the sample.
        let mut longer = npy(&c);
        longer.push(0);
        let mut stream = longer.as_slice();
        let e = start("c.npy", &mut stream)
            .unwrap()
            .finish_sample("c.npy", &mut stream, 1)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.npy: unpacks to more than the 224 bytes its header's shape (4, 3, 2) of <f4 needs: refused while reading"
        );
    }

    /// Found by fuzzing: a header with shape (0, 2^63) passed the early check (no data needed)
    /// while the whole file was refused by ndarray. Both now refuse it, and what an array can
    /// hold at the limit both accept.
    #[test]
    fn the_early_check_and_the_whole_file_agree_on_shapes_no_array_holds() {
        let file = |shape: &str| {
            let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
            let text = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}\n");
            bytes.extend_from_slice(&(text.len() as u16).to_le_bytes());
            bytes.extend_from_slice(text.as_bytes());
            bytes
        };
        let early = |bytes: &[u8]| {
            let mut stream = bytes;
            start("x.npy", &mut stream).and_then(|h| h.check_sizes("x.npy", stream.len() as u64))
        };
        let bytes = file("(0, 9223372036854775808)");
        let want = "x.npy: not a valid .npy file: at byte 54 of the header, dimension 2 of the shape is above \
                    9223372036854775807, the most values one array can hold";
        assert_eq!(early(&bytes).unwrap_err().to_string(), want);
        assert_eq!(parse("x.npy", &bytes).unwrap_err().to_string(), want);
        let bytes = file("(0, 3037000500, 3037000500)");
        assert!(early(&bytes).unwrap_err().message().contains("multiply to more than"));
        assert!(
            parse("x.npy", &bytes)
                .unwrap_err()
                .message()
                .contains("multiply to more than")
        );
        let bytes = file("(0, 9223372036854775807)");
        early(&bytes).unwrap();
        assert_eq!(parse("x.npy", &bytes).unwrap().shape(), [0, MAX_VALUES]);
    }

    /// 22 levels of brackets took 15 s in the Python-literal parser used before.
    #[test]
    fn a_deeply_nested_header_is_refused() {
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        let text = format!(
            "{{'descr': '<f4', 'fortran_order': False, 'shape': {}{}, }}\n",
            "[".repeat(22),
            "]".repeat(22)
        );
        bytes.extend_from_slice(&(text.len() as u16).to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
        assert_eq!(
            parse("nested.npy", &bytes).unwrap_err().to_string(),
            "nested.npy: not a valid .npy file: the header is not as numpy writes it: at byte 50 of it, \
             expected a tuple of whole numbers like (3, 4)"
        );
    }

    /// Found by fuzzing: a version 3 header whose length field says 4 GiB made the reader
    /// allocate 4 GiB for an 87-byte file.
    #[test]
    fn a_header_longer_than_the_file_is_refused_before_allocating() {
        let mut bytes = b"\x93NUMPY\x03\x00".to_vec();
        bytes.extend_from_slice(&0xffff_2020u32.to_le_bytes());
        bytes.extend_from_slice(&[0xff; 75]);
        let e = parse("x.npy", &bytes).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.npy: not a valid .npy file: its header says it is 4294909984 bytes long; lstm-tui reads headers up to 65535 bytes"
        );
        let mut v1 = b"\x93NUMPY\x01\x00".to_vec();
        v1.extend_from_slice(&60000u16.to_le_bytes());
        assert!(parse("y.npy", &v1).unwrap_err().message().contains("60000 bytes long"));
    }
}

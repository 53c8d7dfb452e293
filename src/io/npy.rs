//! .npy arrays: float32/float64 values and integer token ids, read with the header checked
//! against the bytes really present before anything is allocated.

use std::io::{Cursor, Read};

use ndarray::ArrayD;
use ndarray_npy::ReadNpyExt;
use ndarray_npy::npy::header::Header;
use py_literal::Value as PyValue;

use crate::error::{Error, Result};
use crate::model::weights::shape_str;

/// The largest file or archive member lstm-tui reads (1 GiB).
pub const MAX_BYTES: u64 = 1 << 30;

/// An array as it came out of an .npy file.
#[derive(Debug, Clone, PartialEq)]
pub enum NpyArray {
    /// float32 or float64 (converted to f32).
    Float(ArrayD<f32>),
    /// Any integer type, for token ids: i128 holds every int64 and uint64 value exactly.
    Int(ArrayD<i128>),
}

impl NpyArray {
    pub fn shape(&self) -> &[usize] {
        match self {
            NpyArray::Float(a) => a.shape(),
            NpyArray::Int(a) => a.shape(),
        }
    }
}

fn descr(header: &Header) -> String {
    match &header.type_descriptor {
        PyValue::String(s) => s.clone(),
        other => format!("{other}"),
    }
}

/// Where the header text starts and how long its length field says it is, from the preamble
/// (`None` when `bytes` does not start with one).
fn header_extent(bytes: &[u8]) -> Option<(u64, u64)> {
    match (bytes.get(6), bytes.get(8..10), bytes.get(8..12)) {
        // version 1.0: a 2-byte length after the 8-byte preamble
        (Some(1), Some(b), _) => Some((10, u64::from(u16::from_le_bytes([b[0], b[1]])))),
        // versions 2.0 and 3.0: a 4-byte length
        (Some(2 | 3), _, Some(b)) => Some((12, u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))),
        _ => None,
    }
}

/// The header's length field against the bytes present: the reader allocates what the field
/// says before reading, so a lying field (up to 4 GiB) must be refused first.
fn check_header_length(bytes: &[u8]) -> std::result::Result<(), String> {
    let Some((start, len)) = header_extent(bytes) else {
        return Ok(()); // not an .npy preamble: the reader says what is wrong
    };
    let have = (bytes.len() as u64).saturating_sub(start);
    if len > have {
        return Err(format!(
            "not a valid .npy file: its header says it is {len} bytes long but only {have} bytes follow"
        ));
    }
    Ok(())
}

/// What an .npy header says: the array's shape and element type, and where its data starts.
struct Layout {
    header: Header,
    dtype: String,
    /// Bytes per element.
    item: u64,
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
}

/// Read the header at the start of `bytes`; `file` names it in messages.
fn layout(file: &str, bytes: &[u8]) -> Result<Layout> {
    let bad = |m: String| Error::in_file(file, m);
    check_header_length(bytes).map_err(bad)?;
    let mut cursor = Cursor::new(bytes);
    let header = Header::from_reader(&mut cursor).map_err(|e| bad(format!("not a valid .npy file: {e}")))?;
    let dtype = descr(&header);
    let item: u64 = match dtype.get(1..) {
        Some("f4" | "i4" | "u4") => 4,
        Some("f8" | "i8" | "u8") => 8,
        Some("i2" | "u2") => 2,
        Some("i1" | "u1") => 1,
        _ => {
            return Err(bad(format!(
                "dtype {dtype} is not supported (lstm-tui reads float32, float64 and integer arrays)"
            )));
        }
    };
    Ok(Layout {
        header,
        dtype,
        item,
        start: cursor.position(),
    })
}

/// The bytes of one .npy file from a stream (an archive member), read no further than its
/// header's shape needs: a member that goes on is refused while it is read, not after.
pub fn read_exact_size(file: &str, stream: &mut dyn Read) -> Result<Vec<u8>> {
    let damaged = |e: std::io::Error| Error::in_file(file, format!("is damaged: {e}"));
    let mut bytes = Vec::new();
    stream.take(12).read_to_end(&mut bytes).map_err(damaged)?;
    if let Some((start, len)) = header_extent(&bytes) {
        let header_end = start.saturating_add(len);
        let more = header_end.saturating_sub(bytes.len() as u64);
        stream.take(more).read_to_end(&mut bytes).map_err(damaged)?;
    }
    let layout = layout(file, &bytes)?;
    let (_, need) = layout.sizes();
    let Some(end) = need.and_then(|n| n.checked_add(layout.start)) else {
        return Ok(bytes); // parse says the shape is too large
    };
    let more = end.saturating_sub(bytes.len() as u64);
    bytes.reserve(more.min(16 << 20) as usize);
    stream
        .take(more.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(damaged)?;
    if bytes.len() as u64 > end {
        return Err(Error::in_file(
            file,
            format!(
                "unpacks to more than the {end} bytes its header's shape {} of {} needs: refused while reading",
                shape_str(&layout.header.shape),
                layout.dtype
            ),
        ));
    }
    Ok(bytes)
}

/// Parse the bytes of one .npy file; `file` names it in messages.
pub fn parse(file: &str, bytes: &[u8]) -> Result<NpyArray> {
    let bad = |m: String| Error::in_file(file, m);
    let layout = layout(file, bytes)?;
    let (count, need) = layout.sizes();
    let Layout {
        header, dtype, start, ..
    } = layout;
    let have = (bytes.len() as u64).saturating_sub(start);
    match need {
        Some(n) if n == have => {}
        Some(n) if n < have => {
            return Err(bad(format!(
                "{} more bytes than its header's shape {} needs",
                have - n,
                shape_str(&header.shape)
            )));
        }
        _ => {
            return Err(bad(format!(
                "the header declares shape {} of {dtype} ({} bytes) but the file holds only {have} bytes of data",
                shape_str(&header.shape),
                need.map_or("too many".to_string(), |n| n.to_string())
            )));
        }
    }
    // What the array takes once decoded (integers widen to 16 bytes), checked before decoding.
    let decoded = count.and_then(|c| c.checked_mul(if dtype.get(1..2) == Some("f") { 4 } else { 16 }));
    if decoded.is_none_or(|b| b > MAX_BYTES) {
        return Err(bad(format!(
            "the array of shape {} of {dtype} takes {} bytes once read; lstm-tui reads arrays up to {MAX_BYTES} bytes",
            shape_str(&header.shape),
            decoded.map_or("too many".to_string(), |n| n.to_string())
        )));
    }
    let read = |e: ndarray_npy::ReadNpyError| bad(format!("cannot read the array: {e}"));
    let reader = Cursor::new(bytes);
    Ok(match dtype.get(1..) {
        Some("f4") => NpyArray::Float(ArrayD::<f32>::read_npy(reader).map_err(read)?),
        Some("f8") => NpyArray::Float(ArrayD::<f64>::read_npy(reader).map_err(read)?.mapv(|x| x as f32)),
        Some("i8") => NpyArray::Int(ArrayD::<i64>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("i4") => NpyArray::Int(ArrayD::<i32>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("i2") => NpyArray::Int(ArrayD::<i16>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("i1") => NpyArray::Int(ArrayD::<i8>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("u1") => NpyArray::Int(ArrayD::<u8>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("u2") => NpyArray::Int(ArrayD::<u16>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("u4") => NpyArray::Int(ArrayD::<u32>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        Some("u8") => NpyArray::Int(ArrayD::<u64>::read_npy(reader).map_err(read)?.mapv(i128::from)),
        _ => unreachable!("dtype checked above"),
    })
}

/// Read an .npy input file.
pub fn read(path: &std::path::Path) -> Result<NpyArray> {
    parse(
        &path.display().to_string(),
        &super::file::read(path, super::file::Role::Input)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "x.npy: not a valid .npy file: its header says it is 4294909984 bytes long but only 75 bytes follow"
        );
        let mut v1 = b"\x93NUMPY\x01\x00".to_vec();
        v1.extend_from_slice(&60000u16.to_le_bytes());
        assert!(parse("y.npy", &v1).unwrap_err().message.contains("60000 bytes long"));
    }
}

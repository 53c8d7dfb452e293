//! The header of an .npy file, read by a small parser that takes one pass over it.
//!
//! After the preamble (`\x93NUMPY`, the format version and the header's length) numpy writes a
//! Python dict literal with three keys, padded with spaces:
//! `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. Only that is read: strings
//! without escapes, `True`/`False`, and a tuple of whole numbers. Nothing nests, so a hostile
//! header costs at most one look at each of its bytes; a general Python literal parser took
//! exponential time on nested brackets.
//!
//! A shape is read only if an array can hold it: no dimension above [`MAX_VALUES`], and the
//! dimensions other than 0 multiplying to no more (as ndarray requires even of an empty array).

use crate::model::spec::MAX_VALUES;
use crate::model::weights::shape_str;

/// The numpy format versions read: 1.0, 2.0 and 3.0.
const VERSIONS: [u8; 3] = [1, 2, 3];

/// The longest header read, in bytes (numpy's own are under 200; version 1.0 allows 65,535).
pub const MAX_HEADER_BYTES: u64 = 65_535;

/// The most dimensions an array may have (numpy's limit).
pub const MAX_DIMS: usize = 64;

/// What the header says about the array that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The dtype, e.g. `<f4`.
    pub descr: String,
    /// Whether the values are stored column-major.
    pub fortran_order: bool,
    pub shape: Vec<usize>,
}

/// What is wrong with a preamble or a header; said in its `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// The bytes do not start with `\x93NUMPY`.
    NotNpy,
    /// The bytes end before the preamble does.
    CutPreamble,
    /// A format version other than 1.0, 2.0 and 3.0.
    Version { major: u8, minor: u8 },
    /// A header longer than [`MAX_HEADER_BYTES`].
    TooLong { len: u64 },
    /// A header longer than the bytes that follow the preamble.
    Cut { len: u64, have: u64 },
    /// At byte `at` of the header, something other than `expected`.
    Expected { at: usize, expected: &'static str },
    /// At byte `at`, dimension `dim` (counted from 1) above [`MAX_VALUES`].
    DimensionTooLarge { at: usize, dim: usize },
    /// A shape whose dimensions other than 0 multiply to more than [`MAX_VALUES`].
    TooManyValues { shape: Vec<usize> },
    /// At byte `at`, a key other than descr, fortran_order and shape.
    UnknownKey { at: usize, key: String },
    /// At byte `at`, a key given before.
    Twice { at: usize, key: String },
    /// A key the header must have.
    Missing { key: &'static str },
    /// More than [`MAX_DIMS`] dimensions.
    TooManyDimensions,
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at_byte = |f: &mut std::fmt::Formatter<'_>, at: &usize| {
            write!(f, "the header is not as numpy writes it: at byte {at} of it, expected ")
        };
        match self {
            HeaderError::NotNpy => f.write_str("not an .npy file: it does not start with \\x93NUMPY"),
            HeaderError::CutPreamble => f.write_str("the file ends inside its preamble"),
            HeaderError::Version { major, minor } => write!(
                f,
                "format version {major}.{minor} is not one lstm-tui reads (1.0, 2.0 or 3.0)"
            ),
            HeaderError::TooLong { len } => write!(
                f,
                "its header says it is {len} bytes long; lstm-tui reads headers up to {MAX_HEADER_BYTES} bytes"
            ),
            HeaderError::Cut { len, have } => {
                write!(f, "its header says it is {len} bytes long but only {have} bytes follow")
            }
            HeaderError::Expected { at, expected } => {
                at_byte(f, at)?;
                f.write_str(expected)
            }
            HeaderError::DimensionTooLarge { at, dim } => write!(
                f,
                "at byte {at} of the header, dimension {dim} of the shape is above {MAX_VALUES}, \
                 the most values one array can hold"
            ),
            HeaderError::TooManyValues { shape } => write!(
                f,
                "the shape {}'s dimensions other than 0 multiply to more than {MAX_VALUES}, \
                 the most values one array can hold",
                shape_str(shape)
            ),
            HeaderError::UnknownKey { at, key } => {
                at_byte(f, at)?;
                write!(
                    f,
                    "unknown key '{key}' (an .npy header has descr, fortran_order and shape)"
                )
            }
            HeaderError::Twice { at, key } => {
                at_byte(f, at)?;
                write!(f, "the key '{key}' appears twice")
            }
            HeaderError::Missing { key } => write!(f, "the header has no '{key}'"),
            HeaderError::TooManyDimensions => {
                write!(
                    f,
                    "the shape has more than {MAX_DIMS} dimensions, the most numpy allows"
                )
            }
        }
    }
}

impl std::error::Error for HeaderError {}

type Result<T> = std::result::Result<T, HeaderError>;

/// Where the header text starts and how long the preamble at the start of `bytes` says it is.
pub fn extent(bytes: &[u8]) -> Result<(usize, u64)> {
    if !bytes.starts_with(b"\x93NUMPY") {
        return Err(HeaderError::NotNpy);
    }
    let (major, minor) = match bytes.get(6..8) {
        Some(&[major, minor]) => (major, minor),
        _ => return Err(HeaderError::CutPreamble),
    };
    if !VERSIONS.contains(&major) || minor != 0 {
        return Err(HeaderError::Version { major, minor });
    }
    match (major, bytes.get(8..10), bytes.get(8..12)) {
        (1, Some(&[a, b]), _) => Ok((10, u64::from(u16::from_le_bytes([a, b])))),
        (_, _, Some(&[a, b, c, d])) if major > 1 => Ok((12, u64::from(u32::from_le_bytes([a, b, c, d])))),
        _ => Err(HeaderError::CutPreamble),
    }
}

/// Read the preamble and header at the start of `bytes`: the header and where the data starts.
/// A header's length is checked before anything else is done with it.
pub fn read(bytes: &[u8]) -> Result<(Header, usize)> {
    let (start, len) = extent(bytes)?;
    if len > MAX_HEADER_BYTES {
        return Err(HeaderError::TooLong { len });
    }
    let have = (bytes.len() as u64).saturating_sub(start as u64);
    if len > have {
        return Err(HeaderError::Cut { len, have });
    }
    let end = start + len as usize;
    Ok((parse(&bytes[start..end])?, end))
}

/// Parse the header's dict literal.
pub fn parse(text: &[u8]) -> Result<Header> {
    let mut p = Parser { text, at: 0 };
    p.expect(b'{', "the header to start with {")?;
    let (mut descr, mut fortran_order, mut shape) = (None, None, None);
    loop {
        p.skip_space();
        if p.eat(b'}') {
            break;
        }
        let key_at = p.at;
        let key = p.string()?;
        p.expect(b':', "a : after the key")?;
        let (seen, value) = match key.as_str() {
            "descr" => (descr.is_some(), p.string().map(|s| descr = Some(s))),
            "fortran_order" => (fortran_order.is_some(), p.boolean().map(|b| fortran_order = Some(b))),
            "shape" => (shape.is_some(), p.shape().map(|s| shape = Some(s))),
            _ => {
                return Err(HeaderError::UnknownKey { at: key_at, key });
            }
        };
        if seen {
            return Err(HeaderError::Twice { at: key_at, key });
        }
        value?;
        p.skip_space();
        if p.eat(b'}') {
            break;
        }
        p.expect(b',', "a , or } after the value")?;
    }
    p.skip_space();
    if p.at < text.len() {
        return Err(p.fail("nothing but spaces after the closing }"));
    }
    let missing = |key| HeaderError::Missing { key };
    Ok(Header {
        descr: descr.ok_or_else(|| missing("descr"))?,
        fortran_order: fortran_order.ok_or_else(|| missing("fortran_order"))?,
        shape: shape.ok_or_else(|| missing("shape"))?,
    })
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn fail(&self, expected: &'static str) -> HeaderError {
        HeaderError::Expected { at: self.at, expected }
    }

    fn skip_space(&mut self) {
        while self.text.get(self.at).is_some_and(|b| b" \t\r\n\x0c".contains(b)) {
            self.at += 1;
        }
    }

    /// Skip spaces, then take `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.text.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8, expected: &'static str) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.fail(expected))
        }
    }

    /// A quoted string without escapes.
    fn string(&mut self) -> Result<String> {
        self.skip_space();
        let quote = match self.text.get(self.at) {
            Some(&q @ (b'\'' | b'"')) => q,
            _ => return Err(self.fail("a quoted string")),
        };
        let start = self.at + 1;
        let len = self.text[start..]
            .iter()
            .position(|&b| b == quote || b == b'\\' || b == b'\n')
            .filter(|&n| self.text[start + n] == quote)
            .ok_or_else(|| self.fail("a string closed on its line, without escapes"))?;
        self.at = start + len + 1;
        Ok(String::from_utf8_lossy(&self.text[start..start + len]).into_owned())
    }

    fn boolean(&mut self) -> Result<bool> {
        self.skip_space();
        for (word, value) in [(&b"True"[..], true), (&b"False"[..], false)] {
            if self.text[self.at..].starts_with(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(self.fail("True or False"))
    }

    /// A tuple of whole numbers: `()`, `(3,)`, `(3, 4)`.
    fn shape(&mut self) -> Result<Vec<usize>> {
        self.expect(b'(', "a tuple of whole numbers like (3, 4)")?;
        let start = self.at - 1;
        let mut dims = Vec::new();
        let mut trailing_comma = false;
        loop {
            if self.eat(b')') {
                break;
            }
            if dims.len() == MAX_DIMS {
                return Err(HeaderError::TooManyDimensions);
            }
            dims.push(self.whole_number(dims.len() + 1)?);
            trailing_comma = self.eat(b',');
            if !trailing_comma {
                self.expect(b')', "a , or ) in the shape")?;
                break;
            }
        }
        if dims.len() == 1 && !trailing_comma {
            return Err(HeaderError::Expected {
                at: start,
                expected: "a tuple for the shape: one dimension is written (n,)",
            });
        }
        let held = dims
            .iter()
            .filter(|&&d| d != 0)
            .try_fold(1usize, |n, &d| n.checked_mul(d));
        if held.is_none_or(|n| n > MAX_VALUES) {
            return Err(HeaderError::TooManyValues { shape: dims });
        }
        Ok(dims)
    }

    /// Dimension `dim` of the shape (counted from 1), at most [`MAX_VALUES`].
    fn whole_number(&mut self, dim: usize) -> Result<usize> {
        self.skip_space();
        let start = self.at;
        let digits = self.text[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err(self.fail("a whole number ≥ 0 in the shape"));
        }
        self.at += digits;
        std::str::from_utf8(&self.text[start..self.at])
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&d| d <= MAX_VALUES)
            .ok_or(HeaderError::DimensionTooLarge { at: start, dim })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(descr: &str, fortran_order: bool, shape: &[usize]) -> Header {
        Header {
            descr: descr.to_string(),
            fortran_order,
            shape: shape.to_vec(),
        }
    }

    #[test]
    fn headers_as_numpy_writes_them_are_read() {
        let numpy = b"{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }          \n";
        assert_eq!(parse(numpy), Ok(header("<f4", false, &[3, 4])));
        assert_eq!(
            parse(b"{\"shape\":(7,),\"fortran_order\":True,\"descr\":\"|u1\"}"),
            Ok(header("|u1", true, &[7]))
        );
        assert_eq!(
            parse(b"{'descr': '<i8', 'fortran_order': False, 'shape': ()}"),
            Ok(header("<i8", false, &[]))
        );
    }

    #[test]
    fn headers_numpy_would_not_write_are_refused_with_the_place() {
        let bad = |text: &[u8]| parse(text).unwrap_err();
        let one_dim = bad(b"{'descr': '<f4', 'fortran_order': False, 'shape': (3), }");
        assert_eq!(
            one_dim,
            HeaderError::Expected {
                at: 50,
                expected: "a tuple for the shape: one dimension is written (n,)"
            }
        );
        assert_eq!(
            one_dim.to_string(),
            "the header is not as numpy writes it: at byte 50 of it, expected a tuple for the shape: one dimension is written (n,)"
        );
        assert_eq!(
            bad(b"{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}"),
            HeaderError::Expected {
                at: 34,
                expected: "True or False"
            }
        );
        assert_eq!(
            bad(b"{'descr': '<f4', 'descr': '<f4'}"),
            HeaderError::Twice {
                at: 17,
                key: "descr".into()
            }
        );
        assert_eq!(
            bad(b"{'descr': '<f4', 'fortran_order': False}"),
            HeaderError::Missing { key: "shape" }
        );
        assert!(matches!(
            bad(b"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"),
            HeaderError::Expected {
                expected: "a whole number ≥ 0 in the shape",
                ..
            }
        ));
        assert!(matches!(
            bad(b"{'descr': 'a\\'b'}"),
            HeaderError::Expected {
                expected: "a string closed on its line, without escapes",
                ..
            }
        ));
        assert!(matches!(bad(b"{'evil': 1}"), HeaderError::UnknownKey { key, .. } if key == "evil"));
        assert!(matches!(
            bad(b"{} x"),
            HeaderError::Expected {
                expected: "nothing but spaces after the closing }",
                ..
            }
        ));
        assert_eq!(
            bad(b"{'shape': (99999999999999999999999,)}"),
            HeaderError::DimensionTooLarge { at: 11, dim: 1 }
        );
        let many = format!("{{'shape': ({})}}", "1,".repeat(MAX_DIMS + 1));
        assert_eq!(bad(many.as_bytes()), HeaderError::TooManyDimensions);
        assert!(
            HeaderError::TooManyDimensions
                .to_string()
                .contains("more than 64 dimensions")
        );
    }

    /// Found by fuzzing: (0, 2^63) holds no values, so its data was not too short, but ndarray
    /// cannot shape even an empty array whose other dimensions multiply past `isize::MAX`.
    #[test]
    fn a_shape_no_array_can_hold_is_refused_naming_its_dimension() {
        let shape =
            |dims: &str| parse(format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {dims}}}").as_bytes());
        let e = shape("(0, 9223372036854775808)").unwrap_err();
        assert_eq!(e, HeaderError::DimensionTooLarge { at: 54, dim: 2 });
        assert_eq!(
            e.to_string(),
            "at byte 54 of the header, dimension 2 of the shape is above 9223372036854775807, \
             the most values one array can hold"
        );
        assert_eq!(
            shape("(3, 18446744073709551616)").unwrap_err(),
            HeaderError::DimensionTooLarge { at: 54, dim: 2 }
        );
        let e = shape("(0, 4611686018427387904, 2)").unwrap_err();
        assert_eq!(
            e,
            HeaderError::TooManyValues {
                shape: vec![0, 1 << 62, 2]
            }
        );
        assert_eq!(
            e.to_string(),
            "the shape (0, 4611686018427387904, 2)'s dimensions other than 0 multiply to more than \
             9223372036854775807, the most values one array can hold"
        );
        assert_eq!(
            shape("(0, 4294967296, 4294967296)").unwrap_err(),
            HeaderError::TooManyValues {
                shape: vec![0, 1 << 32, 1 << 32]
            }
        );
        // At the limit, the shapes are read.
        assert_eq!(shape("(0, 9223372036854775807)").unwrap().shape, [0, MAX_VALUES]);
        assert_eq!(
            shape("(4611686018427387903, 0, 2)").unwrap().shape,
            [(1 << 62) - 1, 0, 2]
        );
    }

    /// A general Python literal parser took exponential time on this (22 levels: 15 s); here
    /// the first bracket is already wrong.
    #[test]
    fn a_deeply_nested_shape_is_refused_at_its_second_bracket() {
        let depth = 10_000;
        let text = format!(
            "{{'descr': '<f4', 'fortran_order': False, 'shape': {}{}, }}",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        assert_eq!(
            parse(text.as_bytes()).unwrap_err(),
            HeaderError::Expected {
                at: 51,
                expected: "a whole number ≥ 0 in the shape"
            }
        );
        let lists = text.replace('(', "[").replace(')', "]");
        assert_eq!(
            parse(lists.as_bytes()).unwrap_err(),
            HeaderError::Expected {
                at: 50,
                expected: "a tuple of whole numbers like (3, 4)"
            }
        );
    }

    #[test]
    fn the_preamble_is_checked_before_the_header() {
        assert_eq!(read(b"PK\x03\x04").unwrap_err(), HeaderError::NotNpy);
        assert_eq!(
            HeaderError::NotNpy.to_string(),
            "not an .npy file: it does not start with \\x93NUMPY"
        );
        assert_eq!(
            read(b"\x93NUMPY\x04\x00\x00\x00").unwrap_err(),
            HeaderError::Version { major: 4, minor: 0 }
        );
        assert_eq!(read(b"\x93NUMPY\x01\x00\x05").unwrap_err(), HeaderError::CutPreamble);
        let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
        v2.extend_from_slice(&70_000u32.to_le_bytes());
        v2.resize(12 + 70_000, b' ');
        assert_eq!(read(&v2).unwrap_err(), HeaderError::TooLong { len: 70_000 });
        assert!(
            HeaderError::TooLong { len: 70_000 }
                .to_string()
                .contains("headers up to 65535 bytes")
        );
        let mut v1 = b"\x93NUMPY\x01\x00".to_vec();
        let text = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
        v1.extend_from_slice(&(text.len() as u16).to_le_bytes());
        v1.extend_from_slice(text);
        assert_eq!(read(&v1), Ok((header("<f4", false, &[2]), v1.len())));
    }
}

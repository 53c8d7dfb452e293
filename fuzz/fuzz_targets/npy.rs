//! One .npy array: its header alone, the whole file, the same bytes streamed as an archive
//! member, and its header and size judged before its data is read (as an --input file is), each
//! of which must agree with the whole file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lstm_tui::io::{npy, npy_header};

fuzz_target!(|data: &[u8]| {
    // The bytes as a header's dict, without a preamble.
    if let Ok(header) = npy_header::parse(data) {
        assert!(header.shape.len() <= npy_header::MAX_DIMS);
    }
    let whole = npy::parse("fuzz.npy", data);
    // An --input file is judged by its header and its size before its data is read: that must
    // agree with parsing the whole file.
    let mut stream = data;
    let early = npy::start("fuzz.npy", &mut stream).and_then(|header| {
        let have = data.len() as u64 - header.header_len();
        header.check_sizes("fuzz.npy", have)
    });
    assert_eq!(early.is_ok(), whole.is_ok(), "{early:?} {whole:?}");
    if let Ok(array) = &whole {
        let count = match array {
            npy::NpyArray::Float(a) => a.len(),
            npy::NpyArray::Int(a) => a.len(),
            npy::NpyArray::UInt(a) => a.len(),
        };
        assert_eq!(count, array.shape().iter().product::<usize>());
        // A file that parses is read whole, and no further, from a stream.
        let mut stream = data;
        let streamed = npy::read_exact_size("fuzz.npy", &mut stream, &|_, _| Ok(())).expect("a valid file streams");
        assert_eq!(streamed, data);
    }
});

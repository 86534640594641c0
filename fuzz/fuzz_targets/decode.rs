//! Bytes → SourceFile: encoding detection and the line index.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = zwlint::source::SourceFile::decode("f.txt", data) {
        let n = src.text.len();
        for off in [0, n / 3, n / 2, n] {
            let off = (0..=off).rev().find(|&o| src.text.is_char_boundary(o)).unwrap_or(0);
            let (line, col) = src.line_col(off);
            assert!(line >= 1 && col >= 1);
        }
    }
});

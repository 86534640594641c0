//! Arbitrary bytes as a .docx archive, and arbitrary text as document.xml.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = zwlint::docx::extract(data);
    if let Ok(xml) = std::str::from_utf8(data) {
        let _ = zwlint::docx::paragraphs(xml);
    }
});

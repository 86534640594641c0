//! Text → Document (plain text and Markdown): spans stay inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zwlint::document::{extract, ExtractOptions};
use zwlint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for markdown in [false, true] {
        let src = SourceFile::from_text("f.txt", text.to_string(), "UTF-8");
        let doc = extract(&src, &ExtractOptions { markdown, today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20), ..Default::default() });
        for s in doc.title.iter().chain(doc.paragraphs.iter()).chain(doc.sentences.iter().map(|s| &s.span)) {
            assert!(s.start <= s.end && s.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
            let m = doc.map.span_to_source(s);
            assert!(m.end <= src.text.len());
        }
        for d in &doc.dates {
            assert!(d.span.end <= doc.text.len());
        }
    }
});

//! A full check (decode, extract, segment, every rule) on arbitrary bytes.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zwlint::check::{CheckOptions, Linter};
use zwlint::rules::RuleSet;
use zwlint::source::SourceFile;

static LINTER: LazyLock<Linter> = LazyLock::new(|| Linter::new(RuleSet::embedded().unwrap()));

fuzz_target!(|data: &[u8]| {
    let (path, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => ("f.md", rest),
        Some((_, rest)) => ("f.txt", rest),
        None => return,
    };
    let Ok(src) = SourceFile::decode(path, bytes) else { return };
    let r = LINTER.check(src, &CheckOptions { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20), ..Default::default() });
    let t = &r.source.text;
    for d in &r.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= t.len());
        assert!(t.is_char_boundary(d.span.start) && t.is_char_boundary(d.span.end));
    }
});

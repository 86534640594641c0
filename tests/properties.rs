//! Property tests for the span invariants: on arbitrary drafts, every
//! diagnostic span lies inside the text, on char boundaries, and its
//! line/column agree with its byte offsets; checking never panics.

use std::sync::LazyLock;

use proptest::prelude::*;
use zwlint::check::{CheckOptions, Linter};
use zwlint::rules::RuleSet;
use zwlint::source::SourceFile;

static LINTER: LazyLock<Linter> = LazyLock::new(|| Linter::new(RuleSet::embedded().unwrap()));

/// Pieces drafts are made of: Han text, figures, dates, punctuation of both
/// widths, quotes and brackets, line ends of every kind, emoji and CJK
/// Extension B characters, footer keys.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("东城县".to_string()),
        Just("召开会议".to_string()),
        Just("会议强调".to_string()),
        Just("近日".to_string()),
        Just("全省首创".to_string()),
        Just("11月18日".to_string()),
        Just("2026年11月20日8时35分".to_string()),
        Just("12.5万元".to_string()),
        Just("108%".to_string()),
        Just("，".to_string()),
        Just(",".to_string()),
        Just("。".to_string()),
        Just("……".to_string()),
        Just("...".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("（".to_string()),
        Just("》".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("😀".to_string()),
        Just("𠀀𪚥".to_string()),
        Just("（报送单位：东城县农业农村局　联系人：王敏　电话：0394-8212345　报送日期：2026年11月20日）".to_string()),
        "[\\u{4e00}-\\u{9fa5}]{1,12}",
        "[0-9]{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_inside_and_consistent(text in draft(), md in any::<bool>()) {
        let path = if md { "p.md" } else { "p.txt" };
        let src = SourceFile::from_text(path, text.clone(), "UTF-8");
        let report = LINTER.check(src, &CheckOptions { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20), ..Default::default() });
        let t = &report.source.text;
        for d in &report.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= t.len(), "{d:?} outside text of {} bytes", t.len());
            prop_assert!(t.is_char_boundary(d.span.start) && t.is_char_boundary(d.span.end), "{d:?} not on char boundaries");
            let (line, col) = report.source.line_col(d.span.start);
            let start = report.source.lines.line_start(line - 1);
            prop_assert_eq!(t[start..d.span.start].chars().count() + 1, col);
            prop_assert!(!t[start..d.span.start].contains('\n'));
        }
        prop_assert!(report.score <= 100);
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(src) = SourceFile::decode("x.txt", &bytes) {
            let _ = LINTER.check(src, &CheckOptions::default());
        }
        let _ = zwlint::docx::extract(&bytes);
    }
}

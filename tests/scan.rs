//! The literal scan (one Aho-Corasick pass per document for every phrase
//! set and every regex's required literals) gives exactly the findings of
//! searching each phrase set and running each regex on its own.

mod common;

use zwlint::check::{CheckOptions, Linter};
use zwlint::rules::kinds::Ctx;
use zwlint::rules::RuleSet;
use zwlint::source::SourceFile;

#[test]
fn scan_finds_what_each_rule_finds_alone() {
    let linter = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let mut sources = common::bundled_sources();
    for rule in &linter.rules.rules {
        for ex in rule.bad.iter().chain(&rule.ok) {
            sources.push(SourceFile::from_text("example.txt", ex.draft(), "UTF-8"));
        }
    }
    assert!(sources.len() > 100, "only {} texts", sources.len());
    let opts = CheckOptions {
        report_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        ..Default::default()
    };
    let mut hits = 0;
    for src in &sources {
        let doc = linter.extract(src, &opts);
        let tokens = linter.segmenter.segment(&doc);
        let alone = Ctx::new(&doc, &tokens);
        let scanned = Ctx::with_scan(&doc, &tokens, linter.rules.scan());
        for rule in &linter.rules.rules {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            rule.run(&alone, &mut a);
            rule.run(&scanned, &mut b);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{} on {}", rule.id, src.path.display());
            hits += a.len();
        }
    }
    assert!(hits > 100, "only {hits} findings compared");
}

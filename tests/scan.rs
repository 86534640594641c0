//! The literal scan (one Aho-Corasick pass per document for every phrase
//! set and every regex's required literals) gives exactly the findings of
//! searching each phrase set and running each regex on its own.

use std::path::Path;

use zwlint::check::{CheckOptions, Linter};
use zwlint::input::{read, Input};
use zwlint::rules::kinds::Ctx;
use zwlint::rules::RuleSet;
use zwlint::source::SourceFile;

fn drafts() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures/drafts", "../shared/eval/cases"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut ps: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        ps.sort();
        for p in ps.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")) {
            if let Ok(s) = read(&Input::File(p)) {
                out.push(s);
            }
        }
    }
    out
}

#[test]
fn scan_finds_what_each_rule_finds_alone() {
    let linter = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let mut sources = drafts();
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

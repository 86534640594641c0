//! Every rule file's examples: each `bad` example must fire the rule, each
//! `ok` example must not.

use std::sync::LazyLock;

use zwlint::check::{CheckOptions, Linter};
use zwlint::rules::RuleSet;
use zwlint::source::SourceFile;

static LINTER: LazyLock<Linter> = LazyLock::new(|| Linter::new(RuleSet::embedded().expect("embedded rules compile")));

#[test]
fn every_rule_example() {
    let linter = &*LINTER;
    let mut failures = Vec::new();
    for (i, rule) in linter.rules.rules.iter().enumerate() {
        for (bad, examples) in [(true, &rule.bad), (false, &rule.ok)] {
            for ex in examples {
                let src = SourceFile::from_text("example.txt", ex.draft(), "UTF-8");
                let opts = CheckOptions {
                    item_type: ex.item_type,
                    report_date: ex.date.or(chrono::NaiveDate::from_ymd_opt(2026, 11, 20)),
                    today: None,
                };
                let doc = linter.extract(&src, &opts);
                let tokens = linter.segmenter.segment(&doc);
                let fired = linter.hits(&doc, &tokens).iter().filter(|(r, _)| *r == i).count();
                if bad && fired == 0 {
                    failures.push(format!("{} ({}): bad example did not fire: {:?}", rule.id, rule.file, ex.text));
                }
                if !bad && fired > 0 {
                    failures.push(format!("{} ({}): ok example fired {fired}×: {:?}", rule.id, rule.file, ex.text));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} rule example(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_relation_and_kind_has_a_rule() {
    use zwlint::rules::schema::Kind;
    let rules: Vec<_> = LINTER.rules.rules.iter().filter(|r| !matches!(r.imp, zwlint::rules::Imp::Batch)).collect();
    for kind in [
        Kind::Phrase,
        Kind::Pattern,
        Kind::Metric,
        Kind::Require,
        Kind::Ratio,
        Kind::TitleBody,
        Kind::Dates,
        Kind::Repetition,
        Kind::Builtin,
    ] {
        assert!(rules.iter().any(|r| r.kind == kind), "no rule of kind {}", kind.key());
    }
}

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

/// Every citation can be followed: each tag a rule's `source` (or a word
/// list's `# source:` line) cites is a section of docs/sources.md, each
/// national standard a rule names is listed there, every project-chosen
/// figure says so (no bare `[P]`/`[K]`), and no user-facing text points at
/// the research notes (`domain.md`), which are not shipped.
#[test]
fn every_citation_is_defined_in_docs_sources() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = std::fs::read_to_string(root.join("docs/sources.md")).unwrap();
    let defined: Vec<&str> =
        sources.lines().filter_map(|l| l.strip_prefix("### [")?.split_once(']').map(|(t, _)| t)).collect();
    assert!(defined.len() > 20, "{defined:?}");
    let tag_re = regex::Regex::new(r"\[([A-Z][0-9]*)\]").unwrap();
    let std_re = regex::Regex::new(r"GB/T \d+[—-]\d{4}").unwrap();
    let mut failures = Vec::new();
    let mut cited = 0;
    let mut check = |what: &str, text: &str| {
        for c in tag_re.captures_iter(text) {
            cited += 1;
            if !defined.contains(&&c[1]) {
                failures.push(format!("{what}: [{}] is not defined in docs/sources.md", &c[1]));
            }
        }
        for m in std_re.find_iter(text) {
            let name = m.as_str().replace('-', "—");
            if !sources.contains(&format!("### {name}")) {
                failures.push(format!("{what}: {name} is not listed in docs/sources.md"));
            }
        }
    };
    for rule in &LINTER.rules.rules {
        assert!(!rule.source.trim().is_empty(), "{} has no source", rule.id);
        check(&rule.id, &rule.source);
        // explain shows every cited tag with its title.
        let shown = zwlint::rules::cited_sources(&rule.source);
        assert_eq!(shown.len(), zwlint::rules::cited_tags(&rule.source).len(), "{}", rule.id);
    }
    for e in std::fs::read_dir(root.join("dictionaries/lists")).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let first = text.lines().next().unwrap_or("");
        assert!(first.starts_with("# source:"), "{}", e.path().display());
        check(&e.path().display().to_string(), first);
    }
    assert!(cited > 100, "only {cited} citations");
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // No user-facing text cites the research notes or undefined markers.
    let mut files = vec![root.join("README.md"), root.join("Cargo.toml")];
    for dir in ["rules", "docs", "dictionaries", "src"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "toml" || x == "md" || x == "txt" || x == "rs") {
                    files.push(p);
                }
            }
        }
    }
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        for bad in [
            concat!("domain", ".md"),
            concat!("[", "P]"),
            concat!("[", "K]"),
            concat!("practitioner", " norm"),
        ] {
            assert!(!text.contains(bad), "{} mentions {bad}", p.display());
        }
    }
}

/// Every rule encodes a norm listed in docs/norms.md, and every rule id that
/// page names exists (rules that are mechanics of the tool, not norms, are
/// listed in its last section).
#[test]
fn every_rule_is_in_docs_norms() {
    let norms = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/norms.md")).expect("docs/norms.md");
    let ids: Vec<&str> = LINTER.rules.rules.iter().map(|r| r.id.as_str()).collect();
    let missing: Vec<&str> = ids.iter().copied().filter(|id| !norms.contains(&format!("`{id}`"))).collect();
    assert!(missing.is_empty(), "rules not listed in docs/norms.md: {missing:?}");
    let named: Vec<&str> = norms
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.split_once('.').is_some_and(|(rel, name)| {
                zwlint::diagnostic::Relation::parse(rel).is_some()
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
        })
        .collect();
    let unknown: Vec<&str> = named.iter().copied().filter(|n| !ids.contains(n)).collect();
    assert!(unknown.is_empty(), "docs/norms.md names rules that do not exist: {unknown:?}");
}

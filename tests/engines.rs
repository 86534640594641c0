//! The light regexes a one-draft run builds (no lazy DFA) find exactly what
//! the full ones find: every group of every match of every rule pattern, on
//! the bundled drafts, the eval cases and every rule example.

mod common;

use zwlint::re::Regex;
use zwlint::rules::RuleSet;

fn texts(rules: &RuleSet) -> Vec<String> {
    let mut out: Vec<String> = common::bundled_sources().into_iter().map(|s| s.text).collect();
    for rule in &rules.rules {
        for ex in rule.bad.iter().chain(&rule.ok) {
            out.push(ex.draft().to_string());
        }
    }
    out
}

type Groups = Vec<Vec<Option<(usize, usize)>>>;

fn groups(re: &Regex, text: &str) -> Groups {
    re.captures_iter(text)
        .map(|c| (0..c.len()).map(|i| c.get(i).map(|m| (m.start(), m.end()))).collect())
        .collect()
}

#[test]
fn light_and_full_regexes_agree_on_every_rule_pattern() {
    let rules = RuleSet::embedded().expect("embedded rules compile");
    let mut patterns = Vec::new();
    for rule in &rules.rules {
        rule.imp.visit(&mut |_| {}, &mut |re| patterns.push(re.hir().clone()));
    }
    patterns.sort_by_key(|h| h.to_string());
    patterns.dedup();
    let texts = texts(&rules);
    assert!(patterns.len() > 50 && texts.len() > 100, "{} patterns, {} texts", patterns.len(), texts.len());
    let mut matches = 0;
    for hir in patterns {
        let (light, full) = (Regex::pinned(hir.clone(), false), Regex::pinned(hir.clone(), true));
        for text in &texts {
            // Paragraphs, as most rules search them, and the whole text.
            for hay in text.split('\n').chain([text.as_str()]) {
                let g = groups(&full, hay);
                assert_eq!(groups(&light, hay), g, "{hir} on {hay}");
                assert_eq!(light.is_match(hay), !g.is_empty(), "{hir} on {hay}");
                matches += g.len();
            }
        }
    }
    assert!(matches > 1000, "only {matches} matches compared");
}

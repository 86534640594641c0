//! The user dictionary keeps every phrase the rules depend on as one jieba
//! token, so token-aligned phrase rules can match them.

use zwlint::rules::{embedded_list_files, parse_list};
use zwlint::segment::{Segmenter, USER_DICT};

/// Phrases that deliberately are not single tokens (see dictionaries/README.md):
/// as one token they would swallow the 为 of 作为/成为/因为.
const NOT_WHOLE: &[&str] = &["为深入贯彻落实", "为认真贯彻落实", "为全面贯彻落实"];

#[test]
fn user_dict_parses() {
    for (i, line) in USER_DICT.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        assert!(
            (1..=3).contains(&parts.len()) && parts.get(1).is_none_or(|f| f.parse::<usize>().is_ok()),
            "dictionaries/user.dict:{}: expected `word [freq] [tag]`, got {line:?}",
            i + 1
        );
    }
}

#[test]
fn every_list_phrase_is_one_token() {
    let seg = Segmenter::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, text) in embedded_list_files() {
        // A generated list (examples/derive_boilerplate.rs) holds runs of up
        // to four tokens, matched on token boundaries: tests/derived_list.rs
        // checks it.
        if text.lines().any(|l| l.starts_with("# GENERATED FILE")) {
            continue;
        }
        for phrase in parse_list(text) {
            let parts: Vec<&str> = if phrase.contains('…') {
                phrase.split('…').filter(|p| p.chars().count() >= 2).collect()
            } else {
                vec![phrase.as_str()]
            };
            for part in parts {
                // Single characters and phrases with punctuation are matched as
                // characters, not tokens.
                if part.chars().count() < 2 || part.chars().any(|c| !c.is_alphanumeric()) || NOT_WHOLE.contains(&part) {
                    continue;
                }
                checked += 1;
                let tokens: Vec<String> = seg.cut(part);
                if tokens.len() != 1 {
                    failures.push(format!("{path}: {part} → {}", tokens.join("/")));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} phrases checked");
    assert!(
        failures.is_empty(),
        "{} phrase(s) not kept whole by dictionaries/user.dict:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

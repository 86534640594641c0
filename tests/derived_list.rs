//! The generated list `dictionaries/lists/derived-boilerplate.txt` is exactly
//! what `examples/derive_boilerplate.rs` derives from the shared corpus
//! (`../shared/corpus/real`, or `$ZWLINT_SHARED/corpus/real`). Without the
//! corpus the test says NOT RUN and passes, or fails when `CI=true`
//! (`common::cannot_run`): the corpus is never copied into the repository.

mod common;

#[allow(dead_code)]
#[path = "../examples/derive_boilerplate.rs"]
mod derive_boilerplate;

const LIST: &str = "dictionaries/lists/derived-boilerplate.txt";

fn shipped() -> String {
    std::fs::read_to_string(common::root().join(LIST)).expect("the derived list is shipped")
}

fn entries(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

#[test]
fn shipped_list_is_what_the_program_derives() {
    let Some(corpus) = common::shared_path("corpus/real") else {
        return;
    };
    let shipped = shipped();
    let date = shipped
        .lines()
        .find_map(|l| l.strip_prefix("# generated on "))
        .expect("the header names the generation date");
    let derived = derive_boilerplate::derive(&corpus, common::root()).expect("derivation runs");
    let fresh = derive_boilerplate::render(&derived, date);
    if fresh != shipped {
        let tmp = tempfile::Builder::new().suffix(".txt").tempfile().unwrap();
        std::fs::write(tmp.path(), &fresh).unwrap();
        let (old, new) = (entries(&shipped), entries(&fresh));
        let gone: Vec<&&str> = old.iter().filter(|p| !new.contains(p)).collect();
        let added: Vec<&&str> = new.iter().filter(|p| !old.contains(p)).collect();
        let kept = tmp.keep().unwrap().1;
        panic!(
            "{LIST} is not the program's output (regenerated into {}); not derived any more: {gone:?}; \
             newly derived: {added:?}. Regenerate with:\n  {}",
            kept.display(),
            derive_boilerplate::COMMAND
        );
    }
}

/// The list is usable without the corpus: a `# source:` line, the notice
/// that it is generated, phrases of 4–8 Han characters, each once, and at
/// most four tokens as zwlint segments it (a token n-gram).
#[test]
fn shipped_list_is_well_formed() {
    let text = shipped();
    assert!(text.starts_with("# source:"), "{LIST} must start with its source line");
    assert!(text.contains("# GENERATED FILE - do not edit by hand"), "{LIST} must say it is generated");
    let phrases = entries(&text);
    assert_eq!(phrases.len(), derive_boilerplate::TOP_N, "{LIST}: list size");
    let seg = zwlint::segment::Segmenter::new();
    let mut seen = std::collections::BTreeSet::new();
    for p in &phrases {
        let n = p.chars().count();
        assert!(
            p.chars().all(zwlint::document::is_han)
                && (derive_boilerplate::MIN_KEPT_CHARS..=derive_boilerplate::MAX_CHARS).contains(&n),
            "{LIST}: {p:?}"
        );
        assert!(seen.insert(*p), "{LIST}: {p} twice");
        assert!(seg.cut(p).len() <= derive_boilerplate::MAX_TOKENS, "{LIST}: {p} → {:?}", seg.cut(p));
    }
}

//! Snapshots of what a user sees, on a few fixed fixtures that exercise a few
//! stable rules (format.halfwidth-punctuation, format.unbalanced-pairs,
//! title.number-not-in-body, timeliness.emergency-late).
//!
//! When rules are added or reworded these snapshots may change: review the
//! `.snap.new` files (or run `INSTA_UPDATE=always cargo test --test
//! snapshots` and read the diff) before accepting them.

mod common;

use common::{fixture, run_expect};

fn drafts(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| fixture(&format!("drafts/{n}"))).collect()
}

fn check(extra: &[&str], files: &[&str], code: i32) -> String {
    let files = drafts(files);
    let mut args: Vec<&str> = vec!["check"];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(String::as_str));
    run_expect(&args, code).stdout
}

/// Wide characters, “curly quotes”, —— and …… before the finding on the
/// same line: the caret must sit under the half-width comma.
#[test]
fn human_wide_chars() {
    let out = check(&["--color", "never"], &["wide-chars.txt"], 0);
    insta::assert_snapshot!("human_wide_chars", out);
}

/// Several files: per-file summaries, then the totals line.
#[test]
fn human_multi_file() {
    let out = check(&["--color", "never"], &["clean.txt", "emergency-late.txt", "pairs.txt", "warning-only.txt"], 1);
    insta::assert_snapshot!("human_multi_file", out);
}

/// A file that cannot be read is reported in place and counted in the totals.
#[test]
fn human_input_error() {
    let out = check(&["--color", "never"], &["clean.txt", "does-not-exist.txt"], 2);
    insta::assert_snapshot!("human_input_error", out);
}

/// Markdown: snippets show the original lines (markup included) and the
/// carets sit under the characters found in the extracted text.
#[test]
fn human_markdown() {
    let out = check(&["--color", "never"], &["markdown.md"], 1);
    insta::assert_snapshot!("human_markdown", out);
}

#[test]
fn concise_multi_file() {
    let out = check(&["--format", "concise"], &["clean.txt", "emergency-late.txt", "pairs.txt", "warning-only.txt"], 1);
    insta::assert_snapshot!("concise_multi_file", out);
}

#[test]
fn json_pairs() {
    let out = check(&["--format", "json"], &["pairs.txt"], 1);
    insta::assert_snapshot!("json_pairs", out);
}

/// `explain` of a test-only rule (its text is under our control).
#[test]
fn explain_fixture_rule() {
    let rules = fixture("rules/custom");
    let out = run_expect(&["explain", "format.fixture-warning", "--rules", &rules], 0).stdout;
    insta::assert_snapshot!("explain_fixture_rule", out);
}

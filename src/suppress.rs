//! Suppression of findings: Markdown comments and `per-file-ignores`.
//!
//! Markdown drafts may carry `<!-- zwlint-disable RULE[,RULE] -->` …
//! `<!-- zwlint-enable [RULE] -->` and `<!-- zwlint-disable-next-line RULE -->`
//! (RULE is a rule id or a relation key; none means every rule). Plain-text
//! drafts cannot carry comments that would end up in the bulletin, so they
//! are silenced from the configuration (`[per-file-ignores]`). A suppression
//! that suppresses nothing is reported at `info`.

use std::sync::LazyLock;

use crate::config::Selector;
use crate::diagnostic::{Diagnostic, Relation, Severity};
use crate::document::Span;
use crate::re::Regex;
use crate::rules::{Rule, RuleSet, UNUSED_SUPPRESSION_RULE};
use crate::source::SourceFile;

static COMMENT_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"<!--\s*zwlint-(disable-next-line|disable|enable)\b([^>]*?)-->").unwrap());

/// One suppression: the source range it silences and which rules.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment itself (where an unused suppression is reported).
    pub at: Span,
    /// The silenced byte range of the source.
    pub range: Span,
    /// Rule ids or relation keys; empty = every rule.
    pub rules: Vec<String>,
    pub used: bool,
}

impl Suppression {
    fn covers(&self, d: &Diagnostic) -> bool {
        self.range.start <= d.span.start
            && d.span.start < self.range.end
            && (self.rules.is_empty() || self.rules.iter().any(|r| r == &d.rule || r == d.relation.key()))
    }
}

fn parse_rules(s: &str) -> Vec<String> {
    s.split([',', '，', ' ', '　']).map(str::trim).filter(|r| !r.is_empty()).map(String::from).collect()
}

/// Suppression comments of a Markdown source.
pub fn markdown_comments(src: &SourceFile) -> Vec<Suppression> {
    let text = &src.text;
    let mut out: Vec<Suppression> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for c in COMMENT_RE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let rules = parse_rules(&c[2]);
        match &c[1] {
            "disable-next-line" => {
                let line = src.lines.line_of(m.start());
                let range = if line + 1 < src.lines.len() {
                    src.lines.line_range(text, line + 1)
                } else {
                    text.len()..text.len()
                };
                out.push(Suppression { at: m.range(), range, rules, used: false });
            }
            "disable" => {
                open.push(out.len());
                out.push(Suppression {
                    at: m.range(),
                    range: m.end()..text.len(),
                    rules,
                    used: false,
                });
            }
            _ => {
                // enable: close the matching open disables (all when no rule given).
                open.retain(|&i| {
                    let s = &mut out[i];
                    let matches = rules.is_empty() || s.rules.iter().any(|r| rules.contains(r));
                    if matches {
                        s.range.end = m.start();
                    }
                    !matches
                });
            }
        }
    }
    out
}

/// Drop suppressed findings; report unused suppressions at `info` (when
/// that rule is enabled).
pub fn apply(src: &SourceFile, diags: &mut Vec<Diagnostic>, per_file: &[&Selector], rules: &RuleSet, anchor: &Span) {
    let mut sups = if is_markdown(src) {
        markdown_comments(src)
    } else {
        Vec::new()
    };
    let mut used_per_file = vec![false; per_file.len()];
    diags.retain(|d| {
        let mut keep = true;
        for (i, sel) in per_file.iter().enumerate() {
            if sel.matches(&d.rule, d.relation) {
                used_per_file[i] = true;
                keep = false;
            }
        }
        for s in sups.iter_mut() {
            if s.covers(d) {
                s.used = true;
                keep = false;
            }
        }
        keep
    });
    let Some(rule) = rules.get(UNUSED_SUPPRESSION_RULE) else {
        return;
    };
    for s in sups.iter().filter(|s| !s.used) {
        let what = src.text[s.at.clone()].trim().to_string();
        diags.push(unused(rule, s.at.clone(), what));
    }
    for (i, sel) in per_file.iter().enumerate() {
        if !used_per_file[i] {
            let what = format!("per-file-ignores 中的 “{}”", sel.text);
            diags.push(unused(rule, anchor.clone(), what));
        }
    }
}

fn unused(rule: &Rule, span: Span, what: String) -> Diagnostic {
    Diagnostic {
        rule: rule.id.clone(),
        relation: Relation::Format,
        severity: rule.severity.max(Severity::Info),
        message: rule.message.replace("{what}", &what),
        suggestion: rule.suggestion.clone(),
        span,
        document: false,
    }
}

pub fn is_markdown(src: &SourceFile) -> bool {
    src.path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

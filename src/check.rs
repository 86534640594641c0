//! The pipeline for one file: decoded source → document → tokens → rules →
//! diagnostics (mapped to source offsets, sorted, de-duplicated) → report.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Relation, Severity};
use crate::document::{extract, Document, ExtractOptions, ItemType, TypeSource};
use crate::rules::kinds::Ctx;
use crate::rules::{interpolate, Hit, RuleSet};
use crate::segment::{Segmenter, Tokens};
use crate::source::SourceFile;

/// Options for a run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub item_type: Option<ItemType>,
    pub report_date: Option<NaiveDate>,
    pub today: Option<NaiveDate>,
}

/// The result of checking one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: SourceFile,
    pub item_type: ItemType,
    pub type_source: TypeSource,
    pub report_date: NaiveDate,
    /// Han characters of the body.
    pub chars: usize,
    pub score: u32,
    pub diagnostics: Vec<Diagnostic>,
    /// Body text (paragraphs joined by line breaks), for cross-item checks.
    pub body: String,
    /// Source span of the title line (where document-level findings point).
    pub anchor: std::ops::Range<usize>,
}

impl FileReport {
    pub fn count(&self, sev: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == sev).count()
    }

    /// Findings per relation, every relation present (zero included).
    pub fn per_relation(&self) -> BTreeMap<Relation, usize> {
        let mut m: BTreeMap<Relation, usize> = Relation::ALL.iter().map(|r| (*r, 0)).collect();
        for d in &self.diagnostics {
            *m.entry(d.relation).or_default() += 1;
        }
        m
    }
}

/// Score 0–100: 100 minus 15 per error, 5 per warning, 1 per info.
pub fn score(diags: &[Diagnostic]) -> u32 {
    let p: u32 = diags.iter().map(|d| d.severity.penalty()).sum();
    100u32.saturating_sub(p)
}

/// A segmenter and a compiled rule set, built once per process and shared
/// read-only by every file of a run.
pub struct Linter {
    pub segmenter: Segmenter,
    pub rules: RuleSet,
}

impl Linter {
    pub fn new(rules: RuleSet) -> Linter {
        Linter {
            segmenter: Segmenter::new(),
            rules,
        }
    }

    pub fn extract(&self, src: &SourceFile, opts: &CheckOptions) -> Document {
        extract_doc(src, opts)
    }

    /// Run every rule on a document; hits keep document-text offsets.
    pub fn hits(&self, doc: &Document, tokens: &Tokens) -> Vec<(usize, Hit)> {
        hits(&self.rules, doc, tokens)
    }

    /// Check one decoded file.
    pub fn check(&self, source: SourceFile, opts: &CheckOptions) -> FileReport {
        check_file(&self.segmenter, &self.rules, source, opts)
    }
}

/// Run every rule of `rules` on a document.
pub fn hits(rules: &RuleSet, doc: &Document, tokens: &Tokens) -> Vec<(usize, Hit)> {
    let ctx = Ctx::new(doc, tokens);
    let mut all = Vec::new();
    let mut buf = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        rule.run(&ctx, &mut buf);
        all.extend(buf.drain(..).map(|h| (i, h)));
    }
    all
}

/// Check one decoded file with a segmenter and a rule set.
pub fn check_file(segmenter: &Segmenter, rules: &RuleSet, source: SourceFile, opts: &CheckOptions) -> FileReport {
    {
        let doc = extract_doc(&source, opts);
        let tokens = segmenter.segment(&doc);
        let mut diagnostics: Vec<Diagnostic> = hits(rules, &doc, &tokens)
            .into_iter()
            .map(|(i, hit)| {
                let rule = &rules.rules[i];
                Diagnostic {
                    rule: rule.id.clone(),
                    relation: rule.relation,
                    severity: rule.severity,
                    message: interpolate(&rule.message, &doc, &hit),
                    suggestion: rule.suggestion.as_ref().map(|s| interpolate(s, &doc, &hit)),
                    span: doc.map.span_to_source(&hit.span),
                    document: hit.document,
                }
            })
            .collect();
        sort_diagnostics(&mut diagnostics);
        FileReport {
            item_type: doc.item_type,
            type_source: doc.type_source,
            report_date: doc.report_date,
            chars: doc.body_han(),
            score: score(&diagnostics),
            diagnostics,
            source,
            body: doc.paragraphs.iter().map(|p| doc.slice(p)).collect::<Vec<_>>().join("\n"),
            anchor: doc.map.span_to_source(&doc.anchor()),
        }
    }
}

/// Sort by position, then rule; drop exact repeats.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule, &a.message).cmp(&(b.span.start, b.span.end, &b.rule, &b.message))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}

/// Extract the document of a source, Markdown by extension.
pub fn extract_doc(src: &SourceFile, opts: &CheckOptions) -> Document {
    let markdown = crate::suppress::is_markdown(src);
    extract(
        src,
        &ExtractOptions {
            item_type: opts.item_type,
            report_date: opts.report_date,
            today: opts.today,
            markdown,
        },
    )
}

//! The pipeline for one file: decoded source → document → tokens → rules →
//! diagnostics (mapped to source offsets, sorted, de-duplicated) → report.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

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
        Linter { segmenter: Segmenter::new(), rules }
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
    hits_each(rules, &[(doc, tokens)]).pop().unwrap_or_default()
}

/// [`hits`] for each of several documents, run rule by rule over all of
/// them: a rule's regexes and phrase automata stay in the processor's
/// caches from one document to the next.
pub fn hits_each(rules: &RuleSet, docs: &[(&Document, &Tokens)]) -> Vec<Vec<(usize, Hit)>> {
    let ctxs: Vec<Ctx> = docs.iter().map(|(d, t)| Ctx::with_scan(d, t, rules.scan())).collect();
    let mut all: Vec<Vec<(usize, Hit)>> = vec![Vec::new(); docs.len()];
    let mut buf = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        for (ctx, hits) in ctxs.iter().zip(&mut all) {
            rule.run(ctx, &mut buf);
            hits.extend(buf.drain(..).map(|h| (i, h)));
        }
    }
    all
}

/// Files larger than this are checked chunk by chunk (see [`check_large`]).
pub const LARGE_FILE_BYTES: usize = 1 << 20;
/// Size of one chunk of a large file.
const CHUNK_BYTES: usize = 256 * 1024;

/// Check one decoded file with a segmenter and a rule set.
pub fn check_file(segmenter: &Segmenter, rules: &RuleSet, source: SourceFile, opts: &CheckOptions) -> FileReport {
    if source.text.len() > LARGE_FILE_BYTES {
        return check_large(segmenter, rules, source, opts);
    }
    let doc = extract_doc(&source, opts);
    let tokens = segmenter.segment(&doc);
    let hits = hits(rules, &doc, &tokens);
    report(rules, &doc, hits, source)
}

/// [`check_file`] for several files with the same segmenter and rules, the
/// rules run over all of them together (see [`hits_each`]); each file's
/// report is the one [`check_file`] gives it.
pub fn check_files(
    segmenter: &Segmenter,
    rules: &RuleSet,
    sources: Vec<SourceFile>,
    opts: &CheckOptions,
) -> Vec<FileReport> {
    type Numbered = Vec<(usize, SourceFile)>;
    let (large, small): (Numbered, Numbered) =
        sources.into_iter().enumerate().partition(|(_, s)| s.text.len() > LARGE_FILE_BYTES);
    let docs: Vec<(usize, SourceFile, Document)> = small
        .into_iter()
        .map(|(i, s)| {
            let doc = extract_doc(&s, opts);
            (i, s, doc)
        })
        .collect();
    let tokens: Vec<Tokens> = docs.iter().map(|(_, _, d)| segmenter.segment(d)).collect();
    let pairs: Vec<(&Document, &Tokens)> = docs.iter().map(|(_, _, d)| d).zip(&tokens).collect();
    let all = hits_each(rules, &pairs);
    let mut out: Vec<(usize, FileReport)> =
        docs.into_iter().zip(all).map(|((i, s, doc), hits)| (i, report(rules, &doc, hits, s))).collect();
    out.extend(large.into_iter().map(|(i, s)| (i, check_large(segmenter, rules, s, opts))));
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// The report of a document from its rules' hits.
fn report(rules: &RuleSet, doc: &Document, hits: Vec<(usize, Hit)>, source: SourceFile) -> FileReport {
    let mut diagnostics: Vec<Diagnostic> = hits
        .into_iter()
        .map(|(i, hit)| {
            let rule = &rules.rules[i];
            let hit = hit.resolve_lines(|at| source.lines.line_of(doc.map.to_source(at)) + 1);
            Diagnostic {
                rule: rule.id.clone(),
                relation: rule.relation,
                severity: rule.severity,
                message: interpolate(&rule.message, doc, &hit),
                suggestion: rule.suggestion.as_ref().map(|s| interpolate(s, doc, &hit)),
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
            body_only: false,
        },
    )
}

/// Rules that look at one sentence or paragraph at a time, so that they can
/// run on the chunks of a large file.
fn is_local(rule: &crate::rules::Rule) -> bool {
    use crate::rules::schema::Scope;
    use crate::rules::Imp;
    let scope_ok =
        !matches!(rule.scope, Some(Scope::Title | Scope::Lead | Scope::Footer | Scope::Document | Scope::All));
    match &rule.imp {
        Imp::Phrase { cond, .. } | Imp::Pattern { cond, .. } => {
            scope_ok && cond.if_document.is_none() && cond.unless_document.is_none()
        }
        Imp::Metric { .. } => matches!(rule.scope, Some(Scope::Paragraph | Scope::Sentence)),
        Imp::Builtin { check, .. } => check.is_local(),
        _ => false,
    }
}

/// A file too large to be one item (a concatenation, a report, a corpus):
/// memory stays bounded by checking it in chunks of whole lines with the
/// rules that look at one sentence or paragraph at a time. Title, footer
/// and whole-item rules do not apply.
pub fn check_large(segmenter: &Segmenter, rules: &RuleSet, source: SourceFile, opts: &CheckOptions) -> FileReport {
    // Each chunk loads the dictionary groups of its character pairs (see
    // `Segmenter::prefer_groups`); 10.9 MB of real text need ~13 % fewer
    // instructions than with every entry loaded first.
    segmenter.prefer_groups();
    let local = RuleSet::new(rules.rules.iter().filter(|r| is_local(r)).cloned().collect());
    let text = &source.text;
    let item_type = opts.item_type.unwrap_or(ItemType::Comprehensive);
    // Chunks of whole lines, each ending at a line end after CHUNK_BYTES
    // (or at the end of the text).
    let mut bounds = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + CHUNK_BYTES).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(nl) = text[end..].find('\n') {
            end += nl + 1;
        } else {
            end = text.len();
        }
        bounds.push((start, end));
        start = end;
    }
    // Chunks are independent: check them in parallel, then merge in order.
    let per_chunk: Vec<(usize, Vec<Diagnostic>)> = bounds
        .par_iter()
        .map(|&(start, end)| {
            let chunk = SourceFile::from_text(source.path.clone(), text[start..end].to_string(), source.encoding);
            let doc = extract(
                &chunk,
                &ExtractOptions {
                    item_type: Some(item_type),
                    report_date: opts.report_date,
                    today: opts.today,
                    markdown: crate::suppress::is_markdown(&source),
                    body_only: true,
                },
            );
            let tokens = segmenter.segment(&doc);
            let mut diagnostics = Vec::new();
            // Lines before the chunk (it starts at a line start).
            let lines_before = source.lines.line_of(start);
            for (i, hit) in hits(&local, &doc, &tokens) {
                let rule = &local.rules[i];
                let hit = hit.resolve_lines(|at| lines_before + chunk.lines.line_of(doc.map.to_source(at)) + 1);
                let span = doc.map.span_to_source(&hit.span);
                diagnostics.push(Diagnostic {
                    rule: rule.id.clone(),
                    relation: rule.relation,
                    severity: rule.severity,
                    message: interpolate(&rule.message, &doc, &hit),
                    suggestion: rule.suggestion.as_ref().map(|s| interpolate(s, &doc, &hit)),
                    span: span.start + start..span.end + start,
                    document: false,
                });
            }
            (doc.body_han(), diagnostics)
        })
        .collect();
    let chars = per_chunk.iter().map(|(c, _)| c).sum();
    let mut diagnostics: Vec<Diagnostic> = per_chunk.into_iter().flat_map(|(_, d)| d).collect();
    sort_diagnostics(&mut diagnostics);
    FileReport {
        item_type,
        type_source: if opts.item_type.is_some() {
            TypeSource::Option
        } else {
            TypeSource::Guess
        },
        report_date: opts.report_date.or(opts.today).unwrap_or_else(|| chrono::Local::now().date_naive()),
        chars,
        score: score(&diagnostics),
        diagnostics,
        body: String::new(),
        anchor: 0..0,
        source,
    }
}

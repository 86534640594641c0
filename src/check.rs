//! The pipeline for one file: decoded source → document → tokens → rules →
//! diagnostics (mapped to source offsets, sorted, de-duplicated) → report.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Relation, Severity};
use crate::document::{extract, Document, ExtractOptions, ItemType, TypeSource};
use crate::rules::kinds::Ctx;
use crate::rules::{interpolate, Hit, RuleSet, POOL_MIN};
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
    /// For an inferred type: the cue that decided it.
    pub type_cue: Option<String>,
    /// False when the type was inferred from a weak cue.
    pub type_confident: bool,
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

/// Files larger than this are texts rather than drafts (a concatenation, a
/// report, a corpus): they are checked whole like any other, with the
/// segmenter loading whole dictionary groups from the start (see
/// [`Segmenter::prefer_groups`]).
pub const LARGE_FILE_BYTES: usize = 1 << 20;

/// Check one decoded file with a segmenter and a rule set.
pub fn check_file(segmenter: &Segmenter, rules: &RuleSet, source: SourceFile, opts: &CheckOptions) -> FileReport {
    check_files(segmenter, rules, vec![source], opts).pop().expect("one report per file")
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
    // A large text loads whole dictionary groups from the start: 10.9 MB
    // of real text need ~13 % fewer instructions than with its exact
    // entries loaded first.
    if sources.iter().any(|s| s.text.len() > LARGE_FILE_BYTES) {
        segmenter.prefer_groups();
    }
    let docs: Vec<(SourceFile, Document)> = sources
        .into_iter()
        .map(|s| {
            let doc = extract_doc(&s, opts);
            (s, doc)
        })
        .collect();
    let tokens: Vec<Tokens> = docs.iter().map(|(_, d)| segmenter.segment(d)).collect();
    let pairs: Vec<(&Document, &Tokens)> = docs.iter().map(|(_, d)| d).zip(&tokens).collect();
    let all = hits_each(rules, &pairs);
    // The tokens are done with: free them before the reports are built.
    drop(pairs);
    drop(tokens);
    docs.into_iter().zip(all).map(|((s, doc), hits)| report(rules, &doc, hits, s)).collect()
}

/// Appended to the message of a type-dependent finding that is reported as
/// info because the item type was inferred from a weak cue.
pub const UNSURE_TYPE_NOTE: &str =
    "（稿件类别系推断、把握不大，仅作提示；用 --type 或稿首“类别：”注明类别后按警告报告）";

/// Appended to the message of a pooled finding reported as info because it
/// is the only one of its pool in the document.
pub const LONE_POOL_NOTE: &str = "（全文仅此一处，作提示；同类问题有两处以上时按警告报告）";

/// The report of a document from its rules' hits.
fn report(rules: &RuleSet, doc: &Document, hits: Vec<(usize, Hit)>, source: SourceFile) -> FileReport {
    let mut pools: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, _) in &hits {
        if let Some(p) = &rules.rules[*i].pool {
            *pools.entry(p.as_str()).or_default() += 1;
        }
    }
    let mut diagnostics: Vec<Diagnostic> = hits
        .into_iter()
        .map(|(i, hit)| {
            let rule = &rules.rules[i];
            let hit = hit.resolve_lines(|at| source.lines.line_of(doc.map.to_source(at)) + 1);
            // A rule that depends on the type warns only when the type is sure.
            let unsure = !doc.type_confident && rule.type_dependent() && rule.severity > Severity::Info;
            // A pooled finding warns only when its pool has company.
            let lone = rule.severity > Severity::Info
                && rule.pool.as_ref().is_some_and(|p| pools.get(p.as_str()).copied().unwrap_or(0) < POOL_MIN);
            let mut message = interpolate(&rule.message, doc, &hit);
            if unsure {
                message.push_str(UNSURE_TYPE_NOTE);
            } else if lone {
                message.push_str(LONE_POOL_NOTE);
            }
            Diagnostic {
                rule: rule.id.clone(),
                relation: rule.relation,
                severity: if unsure || lone { Severity::Info } else { rule.severity },
                message,
                suggestion: rule.suggestion.as_ref().map(|s| interpolate(s, doc, &hit)),
                span: doc.map.span_to_source(&hit.span),
                document: hit.document,
            }
        })
        .collect();
    sort_diagnostics(&mut diagnostics);
    demote_same_span(&mut diagnostics);
    FileReport {
        item_type: doc.item_type,
        type_source: doc.type_source,
        type_cue: doc.type_cue.clone(),
        type_confident: doc.type_confident,
        report_date: doc.report_date,
        chars: doc.body_han(),
        score: score(&diagnostics),
        diagnostics,
        source,
        body: doc.paragraphs.iter().map(|p| doc.slice(p)).collect::<Vec<_>>().join("\n"),
        anchor: doc.map.span_to_source(&doc.anchor()),
    }
}

/// Appended to a warning demoted because another rule already warns on
/// exactly the same words.
pub const SAME_SPAN_NOTE: &str = "（同一处已由另一条规则按警告报告，此处仅作提示）";

/// One defect, one warning: when several rules warn on exactly the same
/// span (a slogan title is both 口号式标题 and 修辞渲染), the first (by rule
/// id) keeps its warning and the others become info with a note. Errors
/// stay errors; findings about the whole document (anchored at its title)
/// are different defects and keep theirs. `diagnostics` must be sorted by span.
/// The longest span (bytes, 30 Han characters) taken for "the same words".
const SAME_WORDS_MAX_BYTES: usize = 90;

fn demote_same_span(diagnostics: &mut [Diagnostic]) {
    for i in 1..diagnostics.len() {
        let same = (0..i).rev().take_while(|&j| diagnostics[j].span == diagnostics[i].span).any(|j| {
            diagnostics[j].severity == Severity::Warning
                && diagnostics[j].rule != diagnostics[i].rule
                && !diagnostics[j].document
        });
        // Words, not sentences: two findings on one whole sentence (too
        // long; too many filler adverbs) are two defects.
        let words = diagnostics[i].span.len() <= SAME_WORDS_MAX_BYTES;
        if same && words && diagnostics[i].severity == Severity::Warning && !diagnostics[i].document {
            diagnostics[i].severity = Severity::Info;
            diagnostics[i].message.push_str(SAME_SPAN_NOTE);
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

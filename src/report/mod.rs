//! Renderers: one per output format, all behind the streaming [`Reporter`]
//! trait — `begin`, then one call per file in output order, then `end` with
//! the batch [`Summary`]. Each call renders into a `String` (or, for a file
//! with many findings and a reporter that [`Reporter::streams`], into
//! pieces of bounded size); only `main.rs` prints, so memory stays bounded
//! however many files a batch holds, and however large one is.

pub mod concise;
pub mod csv;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;

use std::collections::BTreeMap;

use crate::check::FileReport;
use crate::diagnostic::{Relation, Severity};
use crate::document::ItemType;
use crate::input::InputError;

/// The outcome of one input.
#[derive(Debug, Clone)]
pub enum Outcome {
    Checked(Box<FileReport>),
    Failed(InputError),
}

impl Outcome {
    pub fn path(&self) -> std::path::PathBuf {
        match self {
            Outcome::Checked(r) => r.source.path.clone(),
            Outcome::Failed(e) => e.path.clone(),
        }
    }
}

/// Display path: forward slashes, no leading `./`.
pub fn display_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(String::from).unwrap_or(s)
}

/// `s` as it may be shown on a terminal, in a CI log or in XML: control
/// characters (C0 including line breaks and tabs, DEL, C1) and Unicode
/// bidirectional controls are written as escapes (`\n`, `\t`, `\u{1b}`,
/// `\u{202e}`), so that a file name (or text quoted from a draft) cannot
/// start a line, move the cursor, colour the output or reorder what follows.
/// Borrowed unchanged when there is nothing to escape.
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => {
                use std::fmt::Write;
                write!(out, "\\u{{{:x}}}", c as u32).unwrap();
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`display_path`] made safe to show (see [`shown`]): for the formats read
/// by people (human, concise, the GitHub log line, JUnit, CSV). The JSON
/// formats keep the exact path, escaped by serde.
pub fn shown_path(p: &std::path::Path) -> String {
    let s = display_path(p);
    let escaped = match shown(&s) {
        std::borrow::Cow::Owned(o) => Some(o),
        std::borrow::Cow::Borrowed(_) => None,
    };
    escaped.unwrap_or(s)
}

/// The item type and how it was decided: `经验（推断：标题讲做法“推行”）`,
/// `动态（推断，把握不大：没有其他类别的线索）`, `紧急（标注）`, `综合`
/// (given with `--type`).
pub fn type_label(r: &FileReport) -> String {
    let name = r.item_type.name();
    match r.type_source {
        crate::document::TypeSource::Option => name.to_string(),
        crate::document::TypeSource::Header => format!("{name}（标注）"),
        crate::document::TypeSource::Guess => {
            let sure = if r.type_confident { "" } else { "，把握不大" };
            match &r.type_cue {
                Some(cue) => format!("{name}（推断{sure}：{cue}）"),
                None => format!("{name}（推断{sure}）"),
            }
        }
    }
}

/// One line about an item for the terse formats: type (and where it came
/// from), Han characters, score, report date, encoding.
pub fn item_line(r: &FileReport) -> String {
    format!(
        "{}，正文 {} 字，得分 {}，报送日期 {}，编码 {}",
        type_label(r),
        r.chars,
        r.score,
        r.report_date.format("%Y-%m-%d"),
        r.source.encoding
    )
}

/// What the batch summary keeps of one checked file (no text).
#[derive(Debug, Clone)]
pub struct FileRow {
    pub path: String,
    pub item_type: ItemType,
    pub chars: usize,
    pub score: u32,
    pub counts: BTreeMap<Relation, usize>,
    pub severities: [usize; 3],
}

impl FileRow {
    pub fn of(r: &FileReport) -> FileRow {
        FileRow {
            path: display_path(&r.source.path),
            item_type: r.item_type,
            chars: r.chars,
            score: r.score,
            counts: r.per_relation(),
            severities: [
                r.count(Severity::Info),
                r.count(Severity::Warning),
                r.count(Severity::Error),
            ],
        }
    }

    /// Relations with findings, most first.
    pub fn worst(&self, n: usize) -> Vec<(Relation, usize)> {
        let mut v: Vec<(Relation, usize)> =
            self.counts.iter().filter(|(_, c)| **c > 0).map(|(r, c)| (*r, *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
}

/// A near-duplicate pair found in the batch.
#[derive(Debug, Clone)]
pub struct DuplicatePair {
    pub first: String,
    pub second: String,
    pub similarity: f64,
}

/// Totals of a batch.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub failed: usize,
    /// Findings by severity: info, warning, error.
    pub severities: [usize; 3],
    pub relations: BTreeMap<Relation, usize>,
    /// rule id → (relation, severity, count).
    pub rules: BTreeMap<String, (Relation, Severity, usize)>,
    pub rows: Vec<FileRow>,
    pub duplicates: Vec<DuplicatePair>,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Checked(r) => {
                self.files += 1;
                for d in &r.diagnostics {
                    self.severities[d.severity as usize] += 1;
                    *self.relations.entry(d.relation).or_default() += 1;
                    let e = self.rules.entry(d.rule.clone()).or_insert((d.relation, d.severity, 0));
                    e.2 += 1;
                }
                self.rows.push(FileRow::of(r));
            }
        }
    }

    pub fn total(&self) -> usize {
        self.severities.iter().sum()
    }
}

/// A report with more findings than this is written piece by piece by a
/// reporter that [`Reporter::streams`] (a draft has a few dozen).
pub const STREAM_DIAGNOSTICS: usize = 2048;

/// A streaming renderer.
pub trait Reporter {
    fn begin(&mut self, _out: &mut String) {}
    /// Write a file's report. Provided for a reporter with a
    /// [`Reporter::file_renderer`]; every other reporter implements it.
    fn file(&mut self, report: &FileReport, out: &mut String) {
        let rendered = self
            .file_renderer()
            .map(|f| f.render(report))
            .expect("a reporter without a file renderer implements `file`");
        self.file_rendered(rendered, out);
    }
    fn failed(&mut self, err: &InputError, out: &mut String);
    fn end(&mut self, _summary: &Summary, _out: &mut String) {}
    /// For a reporter whose output for a file depends on that file alone:
    /// a renderer the batch runner may call on worker threads. Its result,
    /// passed to [`Reporter::file_rendered`], writes exactly what
    /// [`Reporter::file`] writes.
    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        None
    }
    /// Write a file's report to `sink`. A reporter that [`Reporter::streams`]
    /// writes it in pieces of bounded size; by default it is rendered whole
    /// with [`Reporter::file`].
    fn file_to(&mut self, report: &FileReport, sink: &mut dyn FnMut(&str)) {
        let mut out = String::new();
        self.file(report, &mut out);
        sink(&out);
    }
    /// Whether [`Reporter::file_to`] writes a report in pieces: the batch
    /// runner then writes a file with more than [`STREAM_DIAGNOSTICS`]
    /// findings that way rather than have it rendered whole on a worker.
    fn streams(&self) -> bool {
        false
    }
    /// Write a file's output that the [`Reporter::file_renderer`] made.
    fn file_rendered(&mut self, rendered: String, out: &mut String) {
        if out.is_empty() {
            // No copy: a large file's report can be megabytes.
            *out = rendered;
        } else {
            out.push_str(&rendered);
        }
    }
}

/// The items of a JSON array that a reporter writes file by file: a line
/// break before the first item, a comma and a line break before the others.
#[derive(Default)]
pub(crate) struct JsonItems {
    any: bool,
}

impl JsonItems {
    /// Add `item` to `file`, the items of one file.
    pub(crate) fn push(file: &mut String, item: &str) {
        if !file.is_empty() {
            file.push_str(",\n");
        }
        file.push_str(item);
    }

    /// Write the items of one file (empty for none).
    pub(crate) fn write(&mut self, items: &str, out: &mut String) {
        if !items.is_empty() {
            out.push_str(if self.any { ",\n" } else { "\n" });
            out.push_str(items);
            self.any = true;
        }
    }
}

/// Renders one file's report; shared by worker threads.
pub trait FileRenderer: Sync {
    fn render(&self, report: &FileReport) -> String;
}

/// Render a whole list of outcomes with one reporter (tests, small runs).
pub fn render_all(rep: &mut dyn Reporter, outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let mut summary = Summary::default();
    rep.begin(&mut out);
    for o in outcomes {
        summary.add(o);
        match o {
            Outcome::Checked(r) => rep.file(r, &mut out),
            Outcome::Failed(e) => rep.failed(e, &mut out),
        }
    }
    rep.end(&summary, &mut out);
    out
}

/// How `--statistics` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsFormat {
    /// An aligned table and a total line (human and concise formats).
    Table,
    Json,
    /// A header and a row per rule, with a BOM like the csv report.
    Csv,
    /// The other formats have no place for per-rule counts.
    Unsupported,
}

/// `--statistics`: findings per rule across the batch, most first.
pub fn statistics(summary: &Summary, format: StatsFormat) -> String {
    let mut rows: Vec<(&String, &(Relation, Severity, usize))> = summary.rules.iter().collect();
    rows.sort_by(|a, b| b.1 .2.cmp(&a.1 .2).then(a.0.cmp(b.0)));
    if format == StatsFormat::Csv {
        let mut out = String::from("\u{feff}rule,relation,relation_zh,severity,count\n");
        for (id, (rel, sev, n)) in rows {
            out.push_str(&format!("{},{},{},{},{n}\n", csv::field(id), rel.key(), rel.zh(), sev.key()));
        }
        return out;
    }
    if format == StatsFormat::Json {
        let v: Vec<_> = rows
            .iter()
            .map(|(id, (rel, sev, n))| serde_json::json!({"rule": id, "relation": rel.key(), "severity": sev.key(), "count": n}))
            .collect();
        return serde_json::to_string_pretty(&v).unwrap() + "\n";
    }
    use std::fmt::Write;
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4);
    let mut out = String::new();
    for (id, (rel, sev, n)) in rows {
        // Relation names are 3 or 4 CJK characters: pad to 4 (8 columns).
        let zh = rel.zh();
        let pad = " ".repeat(2 * 4usize.saturating_sub(zh.chars().count()));
        writeln!(out, "{n:>6}  {id:<w$}  {zh}{pad}  {}", sev.key()).unwrap();
    }
    writeln!(out, "共 {} 处问题，{} 个文件。", summary.total(), summary.files).unwrap();
    out
}

/// JSON-escape for hand-streamed JSON.
pub(crate) fn js(v: impl serde::Serialize) -> String {
    serde_json::to_string(&v).expect("serializable")
}

mod listing;
mod snippet;
pub use listing::{explain, rules_list, segment};

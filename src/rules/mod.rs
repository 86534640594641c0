//! Rule files → compiled [`RuleSet`]. Rule files are TOML, one rule per
//! file, decoded strictly and compiled once per process; see README for the
//! format.

pub mod builtin;
pub mod kinds;
pub mod matcher;
pub mod scan;
pub mod schema;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use toml::Spanned;

use crate::diagnostic::{Relation, Severity};
use crate::document::{Document, ItemType, Span};
use matcher::{Conditions, LazyRegex, PhraseSet};
use schema::{Kind, MatchMode, Measure, RawExample, RawRule, Scope, HEADER_KEYS};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The rule files compiled into the binary: (path, contents).
pub fn embedded_rule_files() -> &'static [(&'static str, &'static str)] {
    embedded::RULE_FILES
}

/// The word lists compiled into the binary: (path, contents).
pub fn embedded_list_files() -> &'static [(&'static str, &'static str)] {
    embedded::LIST_FILES
}

/// A rule file error, located at `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)
    }
}

impl std::error::Error for RuleError {}

fn line_col(src: &str, off: usize) -> (usize, usize) {
    let off = off.min(src.len());
    let before = &src[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// An example draft carried by a rule.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub item_type: Option<ItemType>,
    pub date: Option<NaiveDate>,
}

impl Example {
    /// A one-line example is a body sentence: give it a neutral title so
    /// that it is not taken as the title itself.
    pub fn draft(&self) -> String {
        if self.text.contains('\n') {
            self.text.clone()
        } else {
            format!("示例\n{}\n", self.text)
        }
    }
}

/// Per-kind compiled state.
#[derive(Debug, Clone)]
pub enum Imp {
    Phrase {
        set: PhraseSet,
        cond: Conditions,
        token: bool,
        once: bool,
    },
    Pattern {
        re: LazyRegex,
        group: usize,
        cond: Conditions,
        token: bool,
        once: bool,
    },
    Metric {
        measure: Measure,
        set: Option<PhraseSet>,
        re: Option<LazyRegex>,
        token: bool,
        max: Option<f64>,
        min: Option<f64>,
        max_by_type: BTreeMap<ItemType, f64>,
        min_by_type: BTreeMap<ItemType, f64>,
        cond: Conditions,
    },
    Require {
        any: Option<(Option<PhraseSet>, Option<LazyRegex>)>,
        elements: Vec<(String, LazyRegex)>,
        token: bool,
        cond: Conditions,
        exempt: Option<LazyRegex>,
        /// The rule applies only when the title has one of these words
        /// outside a 《…》.
        if_title: Option<PhraseSet>,
        /// Report at the first match of `if_document` (我县 standing for a
        /// place name) rather than at the document.
        at_if_document: bool,
    },
    Ratio {
        a: PhraseSet,
        b: PhraseSet,
        min_a: usize,
        max_b: usize,
        token: bool,
        cond: Conditions,
    },
    TitleBody {
        check: TitleCheck,
        against: Scope,
        threshold: f64,
        stop: PhraseSet,
    },
    Dates {
        check: DateCheck,
        set: PhraseSet,
        token: bool,
        max_days: Option<i64>,
        max_days_by_type: BTreeMap<ItemType, i64>,
        max_minutes: i64,
        exempt: Option<LazyRegex>,
        cond: Conditions,
        once: bool,
    },
    Repetition {
        check: RepeatCheck,
        threshold: f64,
        min_chars: usize,
    },
    /// Produced by the batch runner, not by running on one document
    /// (near-duplicate submissions, unused suppressions).
    Batch,
    Builtin {
        check: builtin::Builtin,
        threshold: Option<f64>,
        set: PhraseSet,
        max: Option<f64>,
        min: Option<f64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleCheck {
    Numbers,
    Coverage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCheck {
    Lag,
    Emergency,
    Vague,
    RelativeYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatCheck {
    Sentences,
    TitleLead,
}

/// A compiled rule.
/// Findings a document needs in a rule's pool before they are reported at
/// the rules' severity (see [`Rule::pool`]).
pub const POOL_MIN: usize = 2;

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub relation: Relation,
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
    pub suggestion: Option<String>,
    pub description: String,
    pub source: String,
    pub scope: Option<Scope>,
    pub types: Option<Vec<ItemType>>,
    /// Findings of the rules of one pool keep their severity only when the
    /// document has at least [`POOL_MIN`] of them; a lone one is info.
    pub pool: Option<String>,
    pub bad: Vec<Example>,
    pub ok: Vec<Example>,
    /// The file the rule came from.
    pub file: String,
    /// The rule file's TOML text (for re-compiling with overridden parameters).
    pub text: std::sync::Arc<str>,
    pub imp: Imp,
}

/// A raw finding of a rule: a span of the document text and the values its
/// message interpolates.
#[derive(Debug, Clone)]
pub struct Hit {
    pub span: Span,
    pub vars: Vec<(&'static str, String)>,
    pub document: bool,
    /// Variables whose value is the line number (1-based, in the source
    /// file as reports count lines) of a document text offset; the checker
    /// resolves them with [`Hit::resolve_lines`].
    pub lines: Vec<(&'static str, usize)>,
}

impl Hit {
    pub fn at(span: Span) -> Hit {
        Hit { span, vars: Vec::new(), document: false, lines: Vec::new() }
    }

    pub fn doc(doc: &Document) -> Hit {
        Hit {
            span: doc.anchor(),
            vars: Vec::new(),
            document: true,
            lines: Vec::new(),
        }
    }

    pub fn var(mut self, k: &'static str, v: impl ToString) -> Hit {
        self.vars.push((k, v.to_string()));
        self
    }

    /// A variable showing the line of the document text offset `at`.
    pub fn line_var(mut self, k: &'static str, at: usize) -> Hit {
        self.lines.push((k, at));
        self
    }

    /// Turn the line variables into ordinary ones; `line_of` gives the
    /// 1-based line of a document text offset.
    pub fn resolve_lines(mut self, line_of: impl Fn(usize) -> usize) -> Hit {
        for (k, at) in std::mem::take(&mut self.lines) {
            self.vars.push((k, line_of(at).to_string()));
        }
        self
    }
}

/// Quote `s` for a message: a text that is one quoted phrase already
/// (`“零就业”`) is shown as it is; otherwise it is put in “…”, and quotation
/// marks inside become single ones (GB/T 15834—2011 4.8, quotation marks: a quotation
/// inside a quotation uses ‘’).
pub fn quote(s: &str) -> String {
    let inner = s.strip_prefix('“').and_then(|r| r.strip_suffix('”'));
    if inner.is_some_and(|r| !r.contains(['“', '”'])) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 6);
    out.push('“');
    out.extend(s.chars().map(|c| match c {
        '“' => '‘',
        '”' => '’',
        c => c,
    }));
    out.push('”');
    out
}

/// How far (in characters) the text shown for `{match}` may reach past the
/// span to include the rest of a quoted phrase the span cuts into.
const QUOTE_REACH: usize = 20;

/// The text shown for a span: the span's text, widened to the whole of a
/// quoted phrase that it cuts into (`跑出“加速度` → `跑出“加速度”`), when the
/// other quotation mark is on the same line within [`QUOTE_REACH`]
/// characters. Only the message changes; the span stays as the rule found it.
pub fn shown_text<'a>(doc: &'a Document, span: &Span) -> &'a str {
    let text = &doc.text;
    let m = &text[span.clone()];
    // Quotation marks left open at the end, and closed without an opener.
    let (mut open, mut unopened) = (0usize, 0usize);
    for c in m.chars() {
        match c {
            '“' => open += 1,
            '”' if open > 0 => open -= 1,
            '”' => unopened += 1,
            _ => {}
        }
    }
    let (mut start, mut end) = (span.start, span.end);
    if open > 0 {
        let mut need = open;
        for (i, c) in text[end..].char_indices().take(QUOTE_REACH) {
            match c {
                '\n' | '\r' | '“' => break,
                '”' => {
                    need -= 1;
                    if need == 0 {
                        end += i + c.len_utf8();
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    if unopened > 0 {
        let mut need = unopened;
        for (i, c) in text[..start].char_indices().rev().take(QUOTE_REACH) {
            match c {
                '\n' | '\r' | '”' => break,
                '“' => {
                    need -= 1;
                    if need == 0 {
                        start = i;
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    &text[start..end]
}

/// Fill `{match}` and the hit's variables into a message template. A
/// variable written inside quotation marks (`“{match}”`) is quoted with
/// [`quote`], so that a text that carries its own quotation marks is not
/// quoted twice.
pub fn interpolate(template: &str, doc: &Document, hit: &Hit) -> String {
    let mut out = template.to_string();
    if out.contains("{match}") {
        let m = shown_text(doc, &hit.span);
        out = out.replace("“{match}”", &quote(m)).replace("{match}", m);
    }
    if out.contains("{type}") {
        out = out.replace("{type}", doc.item_type.name());
    }
    // Unresolved line variables (a caller that did not resolve them): the
    // line in the document text.
    let doc_line =
        |at: usize| doc.text.as_bytes()[..at.min(doc.text.len())].iter().filter(|&&b| b == b'\n').count() + 1;
    let lines = hit.lines.iter().map(|&(k, at)| (k, doc_line(at).to_string()));
    for (k, v) in hit.vars.iter().map(|(k, v)| (*k, v.clone())).chain(lines) {
        out = out.replace(&format!("“{{{k}}}”"), &quote(&v)).replace(&format!("{{{k}}}"), &v);
    }
    out
}

/// Fill named variables into a template (no document needed).
pub fn interpolate_vars(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("“{{{k}}}”"), &quote(v)).replace(&format!("{{{k}}}"), v);
    }
    out
}

impl Rule {
    /// Whether the rule applies to an item of this type.
    pub fn applies_to(&self, t: ItemType) -> bool {
        self.types.as_ref().is_none_or(|ts| ts.contains(&t))
    }

    /// Whether what the rule reports depends on the item type: it is limited
    /// to some types, or its limits differ by type. Such a rule only warns
    /// when the type is declared or inferred with confidence.
    pub fn type_dependent(&self) -> bool {
        self.types.is_some()
            || match &self.imp {
                Imp::Metric { max_by_type, min_by_type, .. } => !max_by_type.is_empty() || !min_by_type.is_empty(),
                Imp::Dates { max_days_by_type, .. } => !max_days_by_type.is_empty(),
                _ => false,
            }
    }

    /// Run on one document.
    pub fn run(&self, ctx: &kinds::Ctx, out: &mut Vec<Hit>) {
        if self.applies_to(ctx.doc.item_type) {
            kinds::run(self, ctx, out);
        }
    }

    /// One-line summary (the first line of the description).
    pub fn summary(&self) -> &str {
        self.description.lines().next().unwrap_or("")
    }
}

/// `docs/sources.md`: every source the rules cite, by tag (`[S3]`, `[H]`),
/// in the binary so that `zwlint explain` can show what a tag stands for.
pub const SOURCES_MD: &str = include_str!("../../docs/sources.md");

/// A source of `docs/sources.md` that a rule cites by tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSource {
    /// The tag without brackets: `S3`, `H`, `M1`.
    pub tag: String,
    /// The heading of its section.
    pub title: String,
    /// Where to read it (the rest of its `地址：`/`查阅：` line), if given.
    pub address: Option<String>,
}

/// The tags (`S3` for `[S3]`) a `source` text cites, in order, once each: an
/// ASCII capital letter followed by digits, in square brackets.
pub fn cited_tags(source: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for (i, _) in source.match_indices('[') {
        let rest = &source[i + 1..];
        let Some(end) = rest.find(']') else { continue };
        let tag = &rest[..end];
        let mut cs = tag.chars();
        if cs.next().is_some_and(|c| c.is_ascii_uppercase()) && cs.all(|c| c.is_ascii_digit()) && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// The sections of `docs/sources.md` with a tag: `### [S3] title`.
pub fn source_list() -> Vec<CitedSource> {
    let mut out = Vec::new();
    for section in SOURCES_MD.split("\n### ").skip(1) {
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        let Some(rest) = heading.strip_prefix('[') else {
            continue;
        };
        let Some((tag, title)) = rest.split_once(']') else {
            continue;
        };
        let body = body.split("\n## ").next().unwrap_or("");
        let address = ["地址：", "查阅："].iter().find_map(|k| {
            let at = body.find(k)?;
            let text: String = body[at + k.len()..].lines().map(str::trim).collect::<Vec<_>>().join("");
            Some(text.trim().trim_end_matches(['。', ' ']).to_string())
        });
        out.push(CitedSource {
            tag: tag.to_string(),
            title: title.trim().to_string(),
            address,
        });
    }
    out
}

/// The sources a `source` text cites by tag, in citation order; a tag that
/// `docs/sources.md` does not define is left out (a test keeps none).
pub fn cited_sources(source: &str) -> Vec<CitedSource> {
    let list = source_list();
    cited_tags(source).into_iter().filter_map(|t| list.iter().find(|s| s.tag == t).cloned()).collect()
}

/// Id of the batch rule for near-duplicate submissions.
pub const DUPLICATE_RULE: &str = "focus.duplicate-submission";
/// Id of the batch rule for suppressions that suppressed nothing.
pub const UNUSED_SUPPRESSION_RULE: &str = "format.unused-suppression";

/// Id of the batch rule for a file whose last character was cut short.
pub const CUT_CHARACTER_RULE: &str = "format.incomplete-last-character";

/// Rules whose findings the batch runner makes; they carry the same
/// metadata as rule files so they can be listed, explained, selected and
/// re-levelled.
fn batch_rules() -> Vec<Rule> {
    let mk = |id: &str, relation, severity, message: &str, suggestion: &str, description: &str, source: &str| Rule {
        id: id.to_string(),
        relation,
        severity,
        kind: Kind::Builtin,
        message: message.to_string(),
        suggestion: Some(suggestion.to_string()),
        description: description.to_string(),
        source: source.to_string(),
        scope: None,
        types: None,
        pool: None,
        bad: Vec::new(),
        ok: Vec::new(),
        file: "<built-in>".to_string(),
        text: "".into(),
        imp: Imp::Batch,
    };
    vec![
        mk(
            DUPLICATE_RULE,
            Relation::Focus,
            Severity::Warning,
            "与 {other} 正文高度相似（约{similarity}），可能是重复报送，或两家单位报送了同一事件",
            "同一事件只报一条：合并两条信息，或删去重复的一条",
            "同一批次中两条信息的正文高度相似。\n\
             同一条信息报送两次，或几个单位用几乎相同的文字报送同一件事，编辑部要逐条比对才能发现。\n\
             按正文的字符片段（5字）估计相似度（MinHash），阈值可在配置 [duplicates] 中调整；--no-cross 关闭。",
            "实务规范：信息写作常见问题（重复报送）[S29]；一文一事 [S9]",
        ),
        mk(
            UNUSED_SUPPRESSION_RULE,
            Relation::Format,
            Severity::Info,
            "这条屏蔽没有屏蔽任何问题：{what}",
            "删去不再需要的 zwlint-disable 注释或 per-file-ignores 条目",
            "屏蔽注释（<!-- zwlint-disable … -->）或配置中的 per-file-ignores 条目没有屏蔽任何问题。\n\
             多余的屏蔽会在日后掩盖真正的问题，应当删去。",
            "本项目的约定 [H]（做法参照 Python 代码检查工具 Ruff 的 RUF100 规则：删去不再需要的屏蔽注释）",
        ),
        mk(
            CUT_CHARACTER_RULE,
            Relation::Format,
            Severity::Warning,
            "文件末尾的字符不完整（UTF-8 编码在一个字的中间截断），这半个字已舍去",
            "核对稿件结尾是否缺字，从原稿重新导出或复制完整的文件",
            "文件在一个 UTF-8 字符的中间结束，最后一个字只剩半个：稿件在复制、传输或截取时被截断了。\n\
             zwlint 舍去这半个字，其余部分照常按 UTF-8 检查；问题标在最后一个完整的字上。\n\
             被截断的文件末尾可能还缺了更多内容（如落款），应从原稿重新取得完整的文件。",
            "house style（稿件文件须完整）",
        ),
    ]
}

/// Word lists available to rules by name (file stem).
#[derive(Debug, Clone, Default)]
pub struct Lists {
    lists: HashMap<String, Vec<String>>,
}

impl Lists {
    pub fn embedded() -> Lists {
        let mut l = Lists::default();
        for (path, text) in embedded_list_files() {
            l.add(path, text);
        }
        l
    }

    pub fn add(&mut self, path: &str, text: &str) {
        let name = Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.lists.insert(name, parse_list(text));
    }

    pub fn get(&self, name: &str) -> Option<&Vec<String>> {
        self.lists.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.lists.iter()
    }
}

/// One phrase per line; `#` comments and blank lines ignored.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// All rules of a run, compiled.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The literal scan of the rules, built at first use; rules added
    /// afterwards are searched on their own.
    scan: std::sync::OnceLock<std::sync::Arc<scan::Scan>>,
}

impl RuleSet {
    /// The rules compiled into the binary.
    pub fn embedded() -> Result<RuleSet, RuleError> {
        let lists = Lists::embedded();
        let mut set = RuleSet::default();
        // Two threads compile half the files each.
        let files = embedded_rule_files();
        let (first, second) = files.split_at(files.len() / 2);
        let compile_all = |fs: &[(&str, &str)]| fs.iter().map(|(p, t)| compile(p, t, &lists)).collect::<Vec<_>>();
        let (a, b) = std::thread::scope(|s| {
            let h = s.spawn(|| compile_all(second));
            (compile_all(first), h.join().expect("rule compilation does not panic"))
        });
        for rule in a.into_iter().chain(b) {
            set.push(rule?)?;
        }
        for rule in batch_rules() {
            set.push(rule)?;
        }
        Ok(set)
    }

    /// Add every `*.toml` below `dir` (word lists from `dir/lists/*.txt`).
    pub fn load_dir(&mut self, dir: &Path, base_lists: &Lists) -> Result<(), RuleError> {
        let err = |m: String| RuleError { file: dir.display().to_string(), line: 1, col: 1, message: m };
        let mut lists = base_lists.clone();
        let mut files = Vec::new();
        walk(dir, &mut files).map_err(|e| err(format!("无法读取规则目录：{e}")))?;
        files.sort();
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt")) {
            let text = crate::input::read_regular_to_string(f).map_err(|e| err(format!("{}: {e}", f.display())))?;
            lists.add(&f.to_string_lossy(), &text);
        }
        let mut n = 0;
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "toml")) {
            let text = crate::input::read_regular_to_string(f).map_err(|e| RuleError {
                file: f.display().to_string(),
                line: 1,
                col: 1,
                message: format!("无法读取规则文件：{e}"),
            })?;
            self.push(compile_user(&f.display().to_string(), &text, &lists)?)?;
            n += 1;
        }
        if n == 0 {
            return Err(err("目录中没有规则文件（*.toml）".into()));
        }
        Ok(())
    }

    fn push(&mut self, rule: Rule) -> Result<(), RuleError> {
        if let Some(prev) = self.rules.iter().find(|r| r.id == rule.id) {
            return Err(RuleError {
                file: rule.file.clone(),
                line: 1,
                col: 1,
                message: format!("规则 id “{}” 与 {} 重复", rule.id, prev.file),
            });
        }
        self.rules.push(rule);
        Ok(())
    }

    /// A rule set of `rules`.
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        RuleSet { rules, scan: Default::default() }
    }

    /// The literal scan of the rules (built on first call).
    pub fn scan(&self) -> &scan::Scan {
        self.scan.get_or_init(|| std::sync::Arc::new(scan::Scan::new(&self.rules)))
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Compile the regexes (light or full, as [`crate::re::light_first`]
    /// says) and phrase automata of every rule now, last rule first. Run on
    /// a second thread while the first checks a document, the two compile
    /// the rules between them (a document runs them first rule first);
    /// otherwise each is compiled when first used.
    pub fn warm_up(&self) {
        self.scan();
        let full = !crate::re::light_first();
        for rule in self.rules.iter().rev() {
            rule.imp.warm_up(&|re| re.warm_up(full));
        }
    }

    /// [`RuleSet::warm_up`] for a run of one text: only the regexes that
    /// may match somewhere in it (see [`scan::Found::may_match`]).
    pub fn warm_up_for(&self, text: &str) {
        let found = self.scan().run(text);
        let full = !crate::re::light_first();
        for rule in self.rules.iter().rev() {
            rule.imp.warm_up(&|re| {
                if found.may_match(re) {
                    re.warm_up(full);
                }
            });
        }
    }
}

impl Imp {
    /// Compile the regexes of the rule. Phrase sets are searched by the
    /// rule set's scan (built first by [`RuleSet::warm_up`]). Of the
    /// conditions, only the document gates run on every document; the
    /// others run around a match, and stay lazy.
    fn warm_up(&self, one: &dyn Fn(&LazyRegex)) {
        let re = |r: &Option<LazyRegex>| {
            if let Some(r) = r {
                one(r);
            }
        };
        let cond = |c: &Conditions| {
            re(&c.if_document);
            re(&c.unless_document);
        };
        match self {
            Imp::Phrase { cond: c, .. } | Imp::Ratio { cond: c, .. } => cond(c),
            Imp::Pattern { re: r, cond: c, .. } => {
                cond(c);
                one(r);
            }
            Imp::Metric { re: r, cond: c, .. } => {
                cond(c);
                re(r);
            }
            Imp::Require { any, elements, cond: c, exempt, .. } => {
                cond(c);
                re(exempt);
                for (_, r) in elements {
                    one(r);
                }
                if let Some((_, r)) = any {
                    re(r);
                }
            }
            Imp::Dates { exempt, cond: c, .. } => {
                cond(c);
                re(exempt);
            }
            Imp::TitleBody { .. } | Imp::Builtin { .. } | Imp::Repetition { .. } | Imp::Batch => {}
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

struct Compiler<'a> {
    file: &'a str,
    src: &'a str,
    lists: &'a Lists,
    /// Compile every regex now (see [`compile_user`]).
    eager: bool,
}

impl Compiler<'_> {
    fn err_at(&self, off: usize, msg: impl Into<String>) -> RuleError {
        let (line, col) = line_col(self.src, off);
        RuleError { file: self.file.to_string(), line, col, message: msg.into() }
    }

    /// Position of a top-level key, for errors about keys.
    fn key_offset(&self, key: &str) -> usize {
        let mut off = 0;
        for l in self.src.split_inclusive('\n') {
            let t = l.trim_start();
            if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
                return off + (l.len() - t.len());
            }
            off += l.len();
        }
        0
    }

    fn regex(&self, s: &Spanned<String>) -> Result<LazyRegex, RuleError> {
        let invalid = |e: regex::Error| {
            let msg = e.to_string();
            let last = msg.lines().last().unwrap_or(&msg).trim().to_string();
            self.err_at(s.span().start, format!("正则表达式无效（invalid regex）：{last}"))
        };
        let re = LazyRegex::new(s.get_ref()).map_err(invalid)?;
        if re.matches_empty() {
            return Err(self.err_at(
                s.span().start,
                "正则表达式能匹配空字符串，会在任何位置命中（regex matches the empty string）",
            ));
        }
        if self.eager {
            re.check().map_err(invalid)?;
        }
        Ok(re)
    }

    fn opt_regex(&self, s: &Option<Spanned<String>>) -> Result<Option<LazyRegex>, RuleError> {
        s.as_ref().map(|s| self.regex(s)).transpose()
    }

    fn phrases(
        &self,
        words: &Option<Vec<String>>,
        lists: &Option<Vec<Spanned<String>>>,
    ) -> Result<Vec<String>, RuleError> {
        let mut out: Vec<String> = words.clone().unwrap_or_default();
        for name in lists.iter().flatten() {
            match self.lists.get(name.get_ref()) {
                Some(l) => out.extend(l.iter().cloned()),
                None => {
                    return Err(self.err_at(
                        name.span().start,
                        format!("找不到词表 “{}”（dictionaries/lists/{}.txt）", name.get_ref(), name.get_ref()),
                    ));
                }
            }
        }
        Ok(out)
    }

    fn conditions(&self, r: &RawRule) -> Result<Conditions, RuleError> {
        Ok(Conditions {
            exceptions: r.exceptions.as_ref().map(|e| PhraseSet::new(e.iter().cloned())),
            unless: self.opt_regex(&r.unless)?,
            if_sentence: self.opt_regex(&r.if_sentence)?,
            unless_sentence: self.opt_regex(&r.unless_sentence)?,
            if_document: self.opt_regex(&r.if_document)?,
            unless_document: self.opt_regex(&r.unless_document)?,
            unless_before: self.opt_regex(&r.unless_before)?,
            unless_after: self.opt_regex(&r.unless_after)?,
            unless_near: self.opt_regex(&r.unless_near)?,
            unless_next_sentence: self.opt_regex(&r.unless_next_sentence)?,
            skip_cited: r.skip_cited,
            unless_goal: r.unless_goal.unwrap_or(false),
            near: r.near.unwrap_or(10),
        })
    }

    fn types<T: Copy>(&self, m: &Option<BTreeMap<String, T>>, key: &str) -> Result<BTreeMap<ItemType, T>, RuleError> {
        let mut out = BTreeMap::new();
        for (k, v) in m.iter().flatten() {
            let t = ItemType::parse(k).ok_or_else(|| {
                self.err_at(self.key_offset(key), format!("未知信息类别 “{k}”（动态/综合/经验/问题建议/紧急）"))
            })?;
            out.insert(t, *v);
        }
        Ok(out)
    }

    fn check_name<'s>(&self, r: &'s RawRule, allowed: &[&str]) -> Result<&'s str, RuleError> {
        let Some(c) = &r.check else {
            return Err(self.err_at(
                self.key_offset("kind"),
                format!("{} 规则需要 check（{}）", r.kind.key(), allowed.join(" | ")),
            ));
        };
        if !allowed.contains(&c.get_ref().as_str()) {
            return Err(
                self.err_at(c.span().start, format!("未知 check “{}”，可选：{}", c.get_ref(), allowed.join(" | ")))
            );
        }
        Ok(c.get_ref())
    }
}

/// Serde/TOML decoding messages in Chinese, for rule and config files. The
/// names of keys and values stay as written.
pub fn localize_toml_error(msg: &str) -> String {
    let msg = msg.trim();
    let list = |rest: &str| rest.replace("`, `", "`、`");
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return match rest.split_once(", expected one of ") {
            Some((key, allowed)) => format!("未知的键 {key}；可用的键：{}", list(allowed)),
            None => match rest.split_once(", expected ") {
                Some((key, allowed)) => format!("未知的键 {key}；可用的键：{allowed}"),
                None => format!("未知的键 {}", rest.split(',').next().unwrap_or(rest)),
            },
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((v, allowed)) => format!("未知的取值 {v}；可选：{}", list(allowed)),
            None => format!("未知的取值 {rest}"),
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("缺少必需的键 {rest}");
    }
    if let Some(rest) = msg.strip_prefix("duplicate key ") {
        return format!("重复的键 {rest}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return format!("类型不对：{rest}");
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        return format!("取值不对：{rest}");
    }
    format!("TOML 格式错误：{msg}")
}

/// Decode and compile one rule file. Its regexes are compiled when first
/// used (the embedded rules' are compiled in the tests).
pub fn compile(file: &str, src: &str, lists: &Lists) -> Result<Rule, RuleError> {
    compile_with(file, src, lists, false)
}

/// [`compile`] for a rule file from the user: every regex is compiled now,
/// so that a pattern too big to compile is an error at `file:line`, not a
/// failure during a check.
pub fn compile_user(file: &str, src: &str, lists: &Lists) -> Result<Rule, RuleError> {
    compile_with(file, src, lists, true)
}

fn compile_with(file: &str, src: &str, lists: &Lists, eager: bool) -> Result<Rule, RuleError> {
    let c = Compiler { file, src, lists, eager };
    let toml_error = |e: toml::de::Error| {
        let off = e.span().map_or(0, |s| s.start);
        c.err_at(off, localize_toml_error(e.message()))
    };
    // Parsed once: the top-level keys are read from the parse that is
    // then decoded.
    let table = toml::de::DeTable::parse(src).map_err(toml_error)?;
    let keys: Vec<String> = table.get_ref().keys().map(|k| k.get_ref().to_string()).collect();
    let raw = <RawRule as serde::Deserialize>::deserialize(toml::de::Deserializer::from(table)).map_err(toml_error)?;
    // Keys must belong to the header or to this kind.
    for key in &keys {
        if !HEADER_KEYS.contains(&key.as_str()) && !raw.kind.keys().contains(&key.as_str()) {
            return Err(c.err_at(
                c.key_offset(key),
                format!("键 “{key}” 不适用于 {} 规则（key not valid for kind {}）", raw.kind.key(), raw.kind.key()),
            ));
        }
    }
    if !raw.id.starts_with(raw.relation.key()) || !raw.id[raw.relation.key().len()..].starts_with('.') {
        return Err(c.err_at(c.key_offset("id"), format!("规则 id 应以关系键开头，如 “{}.xxx”", raw.relation.key())));
    }
    let types = match &raw.types {
        None => None,
        Some(ts) => Some(
            ts.iter()
                .map(|t| {
                    ItemType::parse(t.get_ref())
                        .ok_or_else(|| c.err_at(t.span().start, format!("未知信息类别 “{}”", t.get_ref())))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let example = |e: &RawExample| -> Result<Example, RuleError> {
        Ok(match e {
            RawExample::Text(t) => Example { text: t.clone(), item_type: None, date: None },
            RawExample::Full(f) => Example {
                text: f.text.clone(),
                item_type: match &f.item_type {
                    None => None,
                    Some(t) => Some(
                        ItemType::parse(t)
                            .ok_or_else(|| c.err_at(c.key_offset("examples"), format!("示例的信息类别 “{t}” 未知")))?,
                    ),
                },
                date: match &f.date {
                    None => None,
                    Some(d) => {
                        Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                            c.err_at(c.key_offset("examples"), format!("示例日期 “{d}” 应为 YYYY-MM-DD"))
                        })?)
                    }
                },
            },
        })
    };
    let bad = raw.examples.bad.iter().map(example).collect::<Result<Vec<_>, _>>()?;
    let ok = raw.examples.ok.iter().map(example).collect::<Result<Vec<_>, _>>()?;
    if bad.is_empty() {
        return Err(c.err_at(c.key_offset("examples"), "每条规则至少要有一个 bad 示例"));
    }

    let token = raw.match_mode.map(|m| m == MatchMode::Token);
    let imp = match raw.kind {
        Kind::Phrase => {
            let words = c.phrases(&raw.words, &raw.lists)?;
            if words.is_empty() {
                return Err(c.err_at(c.key_offset("kind"), "phrase 规则需要 words 或 lists"));
            }
            Imp::Phrase {
                set: PhraseSet::new(words),
                cond: c.conditions(&raw)?,
                token: token.unwrap_or(true),
                once: raw.once.unwrap_or(false),
            }
        }
        Kind::Pattern => {
            let Some(re) = &raw.regex else {
                return Err(c.err_at(c.key_offset("kind"), "pattern 规则需要 regex"));
            };
            let compiled = c.regex(re)?;
            let group = raw.group.unwrap_or(0);
            if group >= compiled.groups() {
                return Err(c.err_at(
                    c.key_offset("group"),
                    format!("group = {group}，但正则只有 {} 个分组", compiled.groups() - 1),
                ));
            }
            Imp::Pattern {
                re: compiled,
                group,
                cond: c.conditions(&raw)?,
                token: token.unwrap_or(false),
                once: raw.once.unwrap_or(false),
            }
        }
        Kind::Metric => {
            let Some(measure) = raw.measure else {
                return Err(c.err_at(c.key_offset("kind"), "metric 规则需要 measure（han | chars | count | density）"));
            };
            let words = c.phrases(&raw.words, &raw.lists)?;
            let re = c.opt_regex(&raw.regex)?;
            if matches!(measure, Measure::Count | Measure::Density) && words.is_empty() && re.is_none() {
                return Err(c.err_at(c.key_offset("measure"), "count/density 需要 words、lists 或 regex"));
            }
            let max_by_type = c.types(&raw.max_by_type, "max_by_type")?;
            let min_by_type = c.types(&raw.min_by_type, "min_by_type")?;
            if raw.max.is_none() && raw.min.is_none() && max_by_type.is_empty() && min_by_type.is_empty() {
                return Err(c.err_at(c.key_offset("measure"), "metric 规则需要 max 或 min"));
            }
            Imp::Metric {
                measure,
                set: (!words.is_empty()).then(|| PhraseSet::new(words)),
                re,
                token: token.unwrap_or(true),
                max: raw.max,
                min: raw.min,
                max_by_type,
                min_by_type,
                cond: c.conditions(&raw)?,
            }
        }
        Kind::Require => {
            let words = c.phrases(&raw.words, &raw.lists)?;
            let re = c.opt_regex(&raw.regex)?;
            let mut elements = Vec::new();
            for e in raw.elements.iter().flatten() {
                elements.push((e.name.clone(), c.regex(&e.regex)?));
            }
            let any =
                (!words.is_empty() || re.is_some()).then(|| ((!words.is_empty()).then(|| PhraseSet::new(words)), re));
            if any.is_none() && elements.is_empty() {
                return Err(c.err_at(c.key_offset("kind"), "require 规则需要 words、lists、regex 或 elements"));
            }
            Imp::Require {
                any,
                elements,
                token: token.unwrap_or(false),
                cond: c.conditions(&raw)?,
                exempt: c.opt_regex(&raw.exempt)?,
                if_title: raw.if_title.clone().map(PhraseSet::new),
                at_if_document: raw.at_if_document.unwrap_or(false),
            }
        }
        Kind::Ratio => {
            let a = c.phrases(&raw.a_words, &raw.a_lists)?;
            let b = c.phrases(&raw.b_words, &raw.b_lists)?;
            if a.is_empty() || b.is_empty() {
                return Err(c.err_at(c.key_offset("kind"), "ratio 规则需要 a_words/a_lists 和 b_words/b_lists"));
            }
            Imp::Ratio {
                a: PhraseSet::new(a),
                b: PhraseSet::new(b),
                min_a: raw.min_a.unwrap_or(1),
                max_b: raw.max_b.unwrap_or(0),
                token: token.unwrap_or(true),
                cond: c.conditions(&raw)?,
            }
        }
        Kind::TitleBody => {
            let check = match c.check_name(&raw, &["numbers", "coverage"])? {
                "numbers" => TitleCheck::Numbers,
                _ => TitleCheck::Coverage,
            };
            Imp::TitleBody {
                check,
                against: raw.against.unwrap_or(Scope::Body),
                threshold: raw.threshold.unwrap_or(0.2),
                stop: PhraseSet::new(raw.exceptions.clone().unwrap_or_default()),
            }
        }
        Kind::Dates => {
            let check = match c.check_name(&raw, &["lag", "emergency", "vague", "relative-year"])? {
                "lag" => DateCheck::Lag,
                "emergency" => DateCheck::Emergency,
                "vague" => DateCheck::Vague,
                _ => DateCheck::RelativeYear,
            };
            let words = c.phrases(&raw.words, &raw.lists)?;
            if matches!(check, DateCheck::Vague | DateCheck::RelativeYear) && words.is_empty() {
                return Err(c.err_at(c.key_offset("check"), "vague/relative-year 需要 words 或 lists"));
            }
            Imp::Dates {
                check,
                set: PhraseSet::new(words),
                token: token.unwrap_or(true),
                max_days: raw.max_days,
                max_days_by_type: c.types(&raw.max_days_by_type, "max_days_by_type")?,
                max_minutes: raw.max_minutes.unwrap_or(60),
                exempt: c.opt_regex(&raw.exempt)?,
                cond: c.conditions(&raw)?,
                once: raw.once.unwrap_or(false),
            }
        }
        Kind::Repetition => {
            let check = match c.check_name(&raw, &["sentences", "title-lead"])? {
                "sentences" => RepeatCheck::Sentences,
                _ => RepeatCheck::TitleLead,
            };
            Imp::Repetition {
                check,
                threshold: raw.threshold.unwrap_or(0.8),
                min_chars: raw.min_chars.unwrap_or(8),
            }
        }
        Kind::Builtin => {
            let names: Vec<&str> = builtin::Builtin::names().collect();
            let name = c.check_name(&raw, &names)?;
            Imp::Builtin {
                check: builtin::Builtin::parse(name).expect("checked above"),
                threshold: raw.threshold,
                set: PhraseSet::new(c.phrases(&raw.words, &raw.lists)?),
                max: raw.max,
                min: raw.min,
            }
        }
    };
    Ok(Rule {
        id: raw.id,
        relation: raw.relation,
        severity: raw.severity,
        kind: raw.kind,
        message: raw.message,
        suggestion: raw.suggestion,
        description: raw.description.trim().to_string(),
        source: raw.source,
        scope: raw.scope,
        types,
        pool: raw.pool,
        bad,
        ok,
        file: file.to_string(),
        text: src.into(),
        imp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_once() {
        assert_eq!(quote("零关税"), "“零关税”");
        assert_eq!(quote("“零关税”"), "“零关税”");
        assert_eq!(quote("跑出“加速度”"), "“跑出‘加速度’”");
        assert_eq!(quote("“零就业”家庭"), "“‘零就业’家庭”");
        assert_eq!(quote("“A”与“B”"), "“‘A’与‘B’”");
    }

    #[test]
    fn cited_tags_in_order_once() {
        assert_eq!(cited_tags("甲 [S3]；乙 [S17][S3]；[H]，[M1]；[x] [S] [3]"), vec!["S3", "S17", "H", "M1", "S"]);
        let s = cited_sources("[S3][H][Z99]");
        assert_eq!(s.iter().map(|c| c.tag.as_str()).collect::<Vec<_>>(), vec!["S3", "H"]);
        assert!(s[0].address.as_deref().is_some_and(|a| a.starts_with("fymate.net/")), "{s:?}");
        assert_eq!(s[1].address, None);
    }
}

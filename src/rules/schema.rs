//! The rule-file format, decoded strictly: unknown keys, wrong types, an
//! unknown relation, kind or severity are errors with `file:line:col`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Relation, Severity};

/// Which cited text a wording rule skips (`skip_cited`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SkipCited {
    /// 《…》 and 【…】: titles of works, documents and columns.
    Titles,
    /// Titles and short “…” terms and names.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Phrase,
    Pattern,
    Metric,
    Require,
    Ratio,
    TitleBody,
    Dates,
    Repetition,
    Builtin,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Phrase => "phrase",
            Kind::Pattern => "pattern",
            Kind::Metric => "metric",
            Kind::Require => "require",
            Kind::Ratio => "ratio",
            Kind::TitleBody => "title-body",
            Kind::Dates => "dates",
            Kind::Repetition => "repetition",
            Kind::Builtin => "builtin",
        }
    }

    /// Kind-specific keys a rule of this kind may set (besides the header).
    pub fn keys(self) -> &'static [&'static str] {
        const COND: &[&str] = &[];
        let _ = COND;
        match self {
            Kind::Phrase => &[
                "words",
                "lists",
                "match",
                "exceptions",
                "unless",
                "if_sentence",
                "unless_sentence",
                "if_document",
                "unless_document",
                "unless_before",
                "unless_after",
                "unless_near",
                "unless_next_sentence",
                "skip_cited",
                "unless_goal",
                "near",
                "once",
            ],
            Kind::Pattern => &[
                "regex",
                "group",
                "match",
                "exceptions",
                "unless",
                "if_sentence",
                "unless_sentence",
                "if_document",
                "unless_document",
                "unless_before",
                "unless_after",
                "unless_near",
                "unless_next_sentence",
                "skip_cited",
                "unless_goal",
                "near",
                "once",
            ],
            Kind::Metric => &[
                "measure",
                "words",
                "lists",
                "regex",
                "match",
                "max",
                "min",
                "max_by_type",
                "min_by_type",
                "if_document",
                "unless_document",
            ],
            Kind::Require => &[
                "words",
                "lists",
                "regex",
                "elements",
                "match",
                "if_document",
                "unless_document",
                "exempt",
                "if_title",
                "at_if_document",
                "exceptions",
                "unless",
                "unless_before",
                "unless_after",
                "unless_near",
                "unless_next_sentence",
                "skip_cited",
                "unless_goal",
                "near",
            ],
            Kind::Ratio => &[
                "a_words",
                "a_lists",
                "b_words",
                "b_lists",
                "min_a",
                "max_b",
                "match",
                "if_document",
                "unless_document",
                "exceptions",
                "unless",
                "unless_before",
                "unless_after",
                "unless_near",
                "unless_next_sentence",
                "skip_cited",
                "unless_goal",
                "near",
            ],
            Kind::TitleBody => &["check", "against", "threshold", "exceptions"],
            Kind::Dates => &[
                "check",
                "words",
                "lists",
                "match",
                "max_days",
                "max_days_by_type",
                "max_minutes",
                "exempt",
                "unless_before",
                "unless_after",
                "once",
            ],
            Kind::Repetition => &["check", "threshold", "min_chars"],
            Kind::Builtin => &["check", "threshold", "words", "lists", "max", "min"],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Title,
    Lead,
    Body,
    Paragraph,
    Sentence,
    Footer,
    /// Title and body.
    Document,
    /// Everything, header and footer included.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Matches start and end on jieba token boundaries.
    Token,
    /// Plain substring matches.
    Char,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Han characters (U+4E00–U+9FFF).
    Han,
    /// Characters other than white space.
    Chars,
    /// Matches of `words`/`lists`/`regex`.
    Count,
    /// Matches per 100 Han characters.
    Density,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawElement {
    pub name: String,
    pub regex: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawExample {
    Text(String),
    Full(RawExampleFull),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExampleFull {
    pub text: String,
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    #[serde(default)]
    pub bad: Vec<RawExample>,
    #[serde(default)]
    pub ok: Vec<RawExample>,
}

/// A rule file as written. Header keys first, then every kind-specific key;
/// which of those a kind accepts is checked after decoding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: String,
    pub relation: Relation,
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
    pub suggestion: Option<String>,
    pub description: String,
    pub source: String,
    pub scope: Option<Scope>,
    pub types: Option<Vec<Spanned<String>>>,
    pub pool: Option<String>,
    pub examples: RawExamples,

    pub words: Option<Vec<String>>,
    pub lists: Option<Vec<Spanned<String>>>,
    #[serde(rename = "match")]
    pub match_mode: Option<MatchMode>,
    pub exceptions: Option<Vec<String>>,
    pub regex: Option<Spanned<String>>,
    pub group: Option<usize>,
    pub unless: Option<Spanned<String>>,
    pub if_sentence: Option<Spanned<String>>,
    pub unless_sentence: Option<Spanned<String>>,
    pub if_document: Option<Spanned<String>>,
    pub unless_document: Option<Spanned<String>>,
    pub unless_before: Option<Spanned<String>>,
    pub unless_after: Option<Spanned<String>>,
    pub unless_near: Option<Spanned<String>>,
    pub unless_next_sentence: Option<Spanned<String>>,
    pub skip_cited: Option<SkipCited>,
    pub unless_goal: Option<bool>,
    pub near: Option<usize>,
    pub once: Option<bool>,

    pub measure: Option<Measure>,
    pub max: Option<f64>,
    pub min: Option<f64>,
    pub max_by_type: Option<BTreeMap<String, f64>>,
    pub min_by_type: Option<BTreeMap<String, f64>>,

    pub elements: Option<Vec<RawElement>>,
    pub exempt: Option<Spanned<String>>,
    pub if_title: Option<Vec<String>>,
    pub at_if_document: Option<bool>,

    pub a_words: Option<Vec<String>>,
    pub a_lists: Option<Vec<Spanned<String>>>,
    pub b_words: Option<Vec<String>>,
    pub b_lists: Option<Vec<Spanned<String>>>,
    pub min_a: Option<usize>,
    pub max_b: Option<usize>,

    pub check: Option<Spanned<String>>,
    pub against: Option<Scope>,
    pub threshold: Option<f64>,
    pub min_chars: Option<usize>,
    pub max_days: Option<i64>,
    pub max_days_by_type: Option<BTreeMap<String, i64>>,
    pub max_minutes: Option<i64>,
}

/// Header keys every rule may set.
pub const HEADER_KEYS: &[&str] = &[
    "id",
    "relation",
    "severity",
    "kind",
    "message",
    "suggestion",
    "description",
    "source",
    "scope",
    "types",
    "pool",
    "examples",
];

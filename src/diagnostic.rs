//! Findings, relations and severities: the public contract.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    /// Points this severity takes off an item's score of 100.
    pub fn penalty(self) -> u32 {
        match self {
            Severity::Info => 1,
            Severity::Warning => 5,
            Severity::Error => 15,
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The ten relationships (十大关系) plus format. The keys are a public
/// contract (JSON, SARIF, configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Truth,
    Depth,
    Length,
    Detail,
    Breadth,
    Focus,
    Balance,
    Substance,
    Title,
    Timeliness,
    Format,
}

impl Relation {
    pub const ALL: [Relation; 11] = [
        Relation::Truth,
        Relation::Depth,
        Relation::Length,
        Relation::Detail,
        Relation::Breadth,
        Relation::Focus,
        Relation::Balance,
        Relation::Substance,
        Relation::Title,
        Relation::Timeliness,
        Relation::Format,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Relation::Truth => "truth",
            Relation::Depth => "depth",
            Relation::Length => "length",
            Relation::Detail => "detail",
            Relation::Breadth => "breadth",
            Relation::Focus => "focus",
            Relation::Balance => "balance",
            Relation::Substance => "substance",
            Relation::Title => "title",
            Relation::Timeliness => "timeliness",
            Relation::Format => "format",
        }
    }

    /// 关系 name, e.g. 华和实.
    pub fn zh(self) -> &'static str {
        match self {
            Relation::Truth => "真和假",
            Relation::Depth => "深和浅",
            Relation::Length => "长和短",
            Relation::Detail => "详和略",
            Relation::Breadth => "宽和窄",
            Relation::Focus => "精和散",
            Relation::Balance => "喜和忧",
            Relation::Substance => "华和实",
            Relation::Title => "文和题",
            Relation::Timeliness => "缓和急",
            Relation::Format => "编报规范",
        }
    }

    /// What the relation guards against, e.g. 苍白.
    pub fn avoid(self) -> &'static str {
        match self {
            Relation::Truth => "失真",
            Relation::Depth => "肤浅",
            Relation::Length => "空泛",
            Relation::Detail => "残缺",
            Relation::Breadth => "狭窄",
            Relation::Focus => "冗杂",
            Relation::Balance => "遮丑",
            Relation::Substance => "苍白",
            Relation::Title => "脱节",
            Relation::Timeliness => "滞后",
            Relation::Format => "不规范",
        }
    }

    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// One finding. `span` is a byte range into the decoded source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub relation: Relation,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    pub span: Span,
    /// A finding about the whole item; `span` is then the title line.
    pub document: bool,
}

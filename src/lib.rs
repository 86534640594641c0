//! zwlint — a content linter for Chinese government information items
//! (政务信息).
//!
//! Data flow, one owner per arrow:
//! path → bytes ([`input`]) → [`source::SourceFile`] → [`document::Document`]
//! → [`segment::Tokens`] → [`rules`] → [`diagnostic::Diagnostic`]s
//! ([`check`]) → one renderer ([`report`]). The library never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod docx;
pub mod duplicates;
pub mod facts;
pub mod input;
pub mod re;
pub mod report;
pub mod rules;
pub mod run;
pub mod segment;
pub mod source;
pub mod suppress;

pub use check::{CheckOptions, FileReport, Linter};
pub use diagnostic::{Diagnostic, Relation, Severity};
pub use document::{Document, ItemType};
pub use rules::RuleSet;
pub use source::SourceFile;

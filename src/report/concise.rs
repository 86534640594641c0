//! `path:line:col: severity rule-id message`, one finding per line; then,
//! unless `--quiet`, one `path: 类别，正文 N 字，得分 S…` line per file
//! (no line number, so `%f:%l:%c:` parsers skip it).

use std::fmt::Write;

use super::{shown, shown_path, Reporter};
use crate::check::FileReport;
use crate::input::InputError;

#[derive(Default)]
pub struct Concise {
    pub quiet: bool,
}

impl Reporter for Concise {
    fn file(&mut self, r: &FileReport, out: &mut String) {
        let path = shown_path(&r.source.path);
        for d in &r.diagnostics {
            let (l, c) = r.source.line_col(d.span.start);
            writeln!(out, "{path}:{l}:{c}: {} {} {}", d.severity, d.rule, shown(&d.message)).unwrap();
        }
        if !self.quiet {
            writeln!(out, "{path}: {}", super::item_line(r)).unwrap();
        }
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        writeln!(out, "{}:1:1: error input {}", shown_path(&e.path), shown(&e.message)).unwrap();
    }
}

pub fn render(outcomes: &[super::Outcome]) -> String {
    super::render_all(&mut Concise::default(), outcomes)
}

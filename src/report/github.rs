//! GitHub Actions workflow commands: one annotation per finding.

use std::fmt::Write;

use super::{display_path, Reporter};
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::input::InputError;

#[derive(Default)]
pub struct Github;

fn esc_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn esc_prop(s: &str) -> String {
    esc_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn file(&mut self, r: &FileReport, out: &mut String) {
        let path = esc_prop(&display_path(&r.source.path));
        for d in &r.diagnostics {
            let (l, c) = r.source.line_col(d.span.start);
            let (el, ec) = r.source.line_col(d.span.end);
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = esc_prop(&format!("{} [{}]", d.rule, d.relation.zh()));
            let mut msg = d.message.clone();
            if let Some(s) = &d.suggestion {
                msg.push_str(&format!("\n建议：{s}"));
            }
            writeln!(
                out,
                "::{cmd} file={path},line={l},col={c},endLine={el},endColumn={ec},title={title}::{}",
                esc_data(&msg)
            )
            .unwrap();
        }
        // A plain log line (not an annotation): the item's type and score.
        writeln!(out, "{}: {}", display_path(&r.source.path), super::item_line(r)).unwrap();
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        writeln!(out, "::error file={},title=zwlint::{}", esc_prop(&display_path(&e.path)), esc_data(&e.message))
            .unwrap();
    }
}

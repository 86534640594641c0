//! GitHub Actions workflow commands: one annotation per finding, then a plain
//! log line per item.
//!
//! The runner reads every line of a step's output for commands: `::name
//! props::data` at the start of a line (after leading blanks), and the legacy
//! `##[name props]data` anywhere in a line. So annotation properties and data
//! are escaped as the runner unescapes them (`%`, CR, LF; and `:` `,` in
//! properties), and the plain line, which the runner does not unescape, is
//! written so that it can be neither.

use std::fmt::Write;

use super::{display_path, shown, shown_path, Reporter};
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

/// A path for the plain log line: control characters escaped (see
/// [`shown`]), no legacy `##[` command, and no `::` at its start.
fn log_path(p: &std::path::Path) -> String {
    let mut s = shown_path(p).replace("##[", "##%5B");
    let blank = s.len() - s.trim_start().len();
    if s[blank..].starts_with("::") {
        s.replace_range(blank..blank + 1, "%3A");
    }
    s
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
            let mut msg = shown(&d.message).into_owned();
            if let Some(s) = &d.suggestion {
                msg.push_str(&format!("\n建议：{}", shown(s)));
            }
            writeln!(
                out,
                "::{cmd} file={path},line={l},col={c},endLine={el},endColumn={ec},title={title}::{}",
                esc_data(&msg)
            )
            .unwrap();
        }
        // A plain log line (not an annotation): the item's type and score.
        writeln!(out, "{}: {}", log_path(&r.source.path), super::item_line(r)).unwrap();
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        writeln!(
            out,
            "::error file={},title=zwlint::{}",
            esc_prop(&display_path(&e.path)),
            esc_data(&shown(&e.message))
        )
        .unwrap();
    }
}

//! JUnit XML: a test suite per file, a failing test case per finding (a
//! clean file is one passing case).

use std::fmt::Write;

use super::{shown, shown_path, Reporter};
use crate::check::FileReport;
use crate::input::InputError;

#[derive(Default)]
pub struct Junit;

/// XML-escaped, with control characters (not allowed in XML 1.0, even as
/// references) written as escapes (see [`shown`]).
fn esc(s: &str) -> String {
    shown(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl Reporter for Junit {
    fn begin(&mut self, out: &mut String) {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"zwlint\">\n");
    }

    fn file(&mut self, r: &FileReport, out: &mut String) {
        let path = esc(&shown_path(&r.source.path));
        let n = r.diagnostics.len();
        writeln!(out, "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\" errors=\"0\">", n.max(1)).unwrap();
        writeln!(out, "    <properties>").unwrap();
        for (k, v) in [
            ("item_type", r.item_type.name().to_string()),
            ("chars", r.chars.to_string()),
            ("score", r.score.to_string()),
            ("report_date", r.report_date.format("%Y-%m-%d").to_string()),
            ("encoding", r.source.encoding.to_string()),
        ] {
            writeln!(out, "      <property name=\"{k}\" value=\"{}\"/>", esc(&v)).unwrap();
        }
        writeln!(out, "    </properties>").unwrap();
        if n == 0 {
            writeln!(out, "    <testcase name=\"{path}\" classname=\"zwlint\"/>").unwrap();
        }
        for d in &r.diagnostics {
            let (l, c) = r.source.line_col(d.span.start);
            writeln!(
                out,
                "    <testcase name=\"{path}:{l}:{c} {}\" classname=\"{}\" file=\"{path}\" line=\"{l}\">",
                esc(&d.rule),
                d.relation.key()
            )
            .unwrap();
            writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}:{l}:{c} [{}] {}</failure>",
                d.severity,
                esc(&d.message),
                path,
                d.relation.zh(),
                esc(&d.message)
            )
            .unwrap();
            writeln!(out, "    </testcase>").unwrap();
        }
        writeln!(out, "  </testsuite>").unwrap();
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        let path = esc(&shown_path(&e.path));
        writeln!(out, "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">").unwrap();
        writeln!(
            out,
            "    <testcase name=\"{path}\" classname=\"zwlint\"><error message=\"{}\"/></testcase>",
            esc(&e.message)
        )
        .unwrap();
        writeln!(out, "  </testsuite>").unwrap();
    }

    fn end(&mut self, _s: &super::Summary, out: &mut String) {
        out.push_str("</testsuites>\n");
    }
}

//! One row per item, for editors' spreadsheets: path, item type, Han
//! characters, score, counts per severity and relation, top three findings.

use std::fmt::Write;

use super::{shown, shown_path, Reporter};
use crate::check::FileReport;
use crate::diagnostic::Relation;
use crate::input::InputError;

#[derive(Default)]
pub struct Csv;

pub(crate) fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Reporter for Csv {
    fn begin(&mut self, out: &mut String) {
        // A BOM so that spreadsheet programs open the UTF-8 file correctly.
        out.push('\u{feff}');
        let mut cols: Vec<String> = ["path", "item_type", "chars", "score", "error", "warning", "info"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        cols.extend(Relation::ALL.iter().map(|r| r.key().to_string()));
        cols.extend(["finding_1", "finding_2", "finding_3", "input_error"].iter().map(|s| s.to_string()));
        writeln!(out, "{}", cols.join(",")).unwrap();
    }

    fn file(&mut self, r: &FileReport, out: &mut String) {
        let counts = r.per_relation();
        let mut row = vec![
            field(&shown_path(&r.source.path)),
            r.item_type.name().to_string(),
            r.chars.to_string(),
            r.score.to_string(),
            r.count(crate::diagnostic::Severity::Error).to_string(),
            r.count(crate::diagnostic::Severity::Warning).to_string(),
            r.count(crate::diagnostic::Severity::Info).to_string(),
        ];
        row.extend(Relation::ALL.iter().map(|rel| counts[rel].to_string()));
        let mut top: Vec<_> = r.diagnostics.iter().collect();
        top.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.span.start.cmp(&b.span.start)));
        for i in 0..3 {
            row.push(top.get(i).map_or(String::new(), |d| {
                let (l, _) = r.source.line_col(d.span.start);
                field(&format!("{} 第{l}行 {}", d.rule, shown(&d.message)))
            }));
        }
        row.push(String::new());
        writeln!(out, "{}", row.join(",")).unwrap();
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        let mut row = vec![field(&shown_path(&e.path))];
        row.extend(std::iter::repeat_n(String::new(), 6 + Relation::ALL.len() + 3));
        row.push(field(&shown(&e.message)));
        writeln!(out, "{}", row.join(",")).unwrap();
    }
}

//! GitLab Code Quality report: a JSON array of issues, shown in merge
//! requests when a job declares `artifacts: reports: codequality:`.
//! Fingerprints hash the path, the rule, the flagged text and its
//! occurrence number, so a finding keeps its fingerprint when lines move.

use std::collections::HashMap;

use serde_json::json;

use super::{display_path, js, FileRenderer, JsonItems, Reporter};
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::input::InputError;

#[derive(Default)]
pub struct Gitlab {
    items: JsonItems,
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms.
fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

impl FileRenderer for Gitlab {
    fn render(&self, r: &FileReport) -> String {
        let mut out = String::new();
        let path = display_path(&r.source.path);
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for d in &r.diagnostics {
            let text = &r.source.text[d.span.start..d.span.end];
            let k = seen.entry((d.rule.as_str(), text)).or_default();
            *k += 1;
            let (l, _) = r.source.line_col(d.span.start);
            let (el, _) = r.source.line_col(d.span.end);
            let mut description = format!("[{}] {}", d.relation.zh(), d.message);
            if let Some(s) = &d.suggestion {
                description.push_str(&format!("（建议：{s}）"));
            }
            let v = json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": fnv(&[&path, &d.rule, text, &k.to_string()]),
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {"path": path, "lines": {"begin": l, "end": el.max(l)}},
            });
            JsonItems::push(&mut out, &js(v));
        }
        out
    }
}

impl Reporter for Gitlab {
    fn begin(&mut self, out: &mut String) {
        out.push('[');
    }

    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        Some(self)
    }

    fn file_rendered(&mut self, rendered: String, out: &mut String) {
        self.items.write(&rendered, out);
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        let path = display_path(&e.path);
        let v = json!({
            "description": e.message,
            "check_name": "input",
            "fingerprint": fnv(&[&path, "input"]),
            "severity": "critical",
            "location": {"path": path, "lines": {"begin": 1}},
        });
        self.items.write(&js(v), out);
    }

    fn end(&mut self, _s: &super::Summary, out: &mut String) {
        out.push_str("\n]\n");
    }
}

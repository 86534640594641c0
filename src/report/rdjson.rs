//! reviewdog's Diagnostic Format (rdjson). Its columns count UTF-8 bytes
//! from 1 (`世界`: 世 at 1, 界 at 4), unlike our JSON and SARIF.

use serde_json::json;

use super::{display_path, js, FileRenderer, JsonItems, Reporter};
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::input::InputError;
use crate::source::SourceFile;

#[derive(Default)]
pub struct Rdjson {
    items: JsonItems,
}

fn pos(src: &SourceFile, off: usize) -> serde_json::Value {
    let line = src.lines.line_of(off);
    json!({"line": line + 1, "column": off - src.lines.line_start(line) + 1})
}

impl FileRenderer for Rdjson {
    fn render(&self, r: &FileReport) -> String {
        let mut out = String::new();
        for d in &r.diagnostics {
            let v = json!({
                "message": format!("[{}] {}", d.relation.zh(), d.message),
                "location": {
                    "path": display_path(&r.source.path),
                    "range": {"start": pos(&r.source, d.span.start), "end": pos(&r.source, d.span.end)},
                },
                "severity": match d.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                },
                "code": {"value": d.rule},
            });
            JsonItems::push(&mut out, &js(v));
        }
        out
    }
}

impl Reporter for Rdjson {
    fn begin(&mut self, out: &mut String) {
        out.push_str("{\"source\": {\"name\": \"zwlint\"},\n\"diagnostics\": [");
    }

    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        Some(self)
    }

    fn file_rendered(&mut self, rendered: String, out: &mut String) {
        self.items.write(&rendered, out);
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        let v = json!({
            "message": e.message,
            "location": {"path": display_path(&e.path)},
            "severity": "ERROR",
            "code": {"value": "input"},
        });
        self.items.write(&js(v), out);
    }

    fn end(&mut self, _s: &super::Summary, out: &mut String) {
        out.push_str("\n]}\n");
    }
}

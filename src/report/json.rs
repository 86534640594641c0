//! The versioned JSON contract (see README, "JSON schema"), streamed file by
//! file.

use serde_json::{json, Map, Value};

use super::{display_path, js, FileRenderer, Reporter, Summary};
use crate::check::FileReport;
use crate::diagnostic::Relation;
use crate::document::TypeSource;
use crate::input::InputError;

pub const VERSION: u32 = 1;

#[derive(Default)]
pub struct Json {
    files: usize,
    errors: Vec<Value>,
}

/// One file's JSON object.
pub fn file_value(r: &FileReport) -> Value {
    let src = &r.source;
    let diags: Vec<Value> = r
        .diagnostics
        .iter()
        .map(|d| {
            let (l, c) = src.line_col(d.span.start);
            let (el, ec) = src.line_col(d.span.end);
            json!({
                "rule": d.rule,
                "relation": d.relation.key(),
                "relation_zh": d.relation.zh(),
                "severity": d.severity.key(),
                "message": d.message,
                "suggestion": d.suggestion,
                "line": l,
                "column": c,
                "end_line": el,
                "end_column": ec,
                "byte_start": d.span.start,
                "byte_end": d.span.end,
                "text": &src.text[d.span.clone()],
                "document": d.document,
            })
        })
        .collect();
    let counts: Map<String, Value> =
        r.per_relation().into_iter().map(|(k, v)| (k.key().to_string(), json!(v))).collect();
    json!({
        "path": display_path(&src.path),
        "encoding": src.encoding,
        "item_type": r.item_type.name(),
        "item_type_source": match r.type_source {
            TypeSource::Option => "option",
            TypeSource::Header => "header",
            TypeSource::Guess => "guess",
        },
        "report_date": r.report_date.format("%Y-%m-%d").to_string(),
        "chars": r.chars,
        "score": r.score,
        "counts": counts,
        "diagnostics": diags,
    })
}

/// `s` with `pad` before each line (pretty JSON: no raw line breaks inside
/// strings, no trailing line break).
fn indent(s: &str, pad: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for (i, l) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(pad);
        out.push_str(l);
    }
    out
}

impl FileRenderer for Json {
    fn render(&self, r: &FileReport) -> String {
        indent(&serde_json::to_string_pretty(&file_value(r)).unwrap(), "    ")
    }
}

impl Reporter for Json {
    fn begin(&mut self, out: &mut String) {
        out.push_str(&format!("{{\n  \"version\": {VERSION},\n  \"files\": ["));
    }

    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        Some(self)
    }

    fn file_rendered(&mut self, rendered: String, out: &mut String) {
        if self.files > 0 {
            out.push(',');
        }
        self.files += 1;
        out.push('\n');
        out.push_str(&rendered);
    }

    fn failed(&mut self, e: &InputError, _out: &mut String) {
        self.errors.push(json!({"path": display_path(&e.path), "message": e.message}));
    }

    fn end(&mut self, s: &Summary, out: &mut String) {
        if self.files > 0 {
            out.push_str("\n  ");
        }
        out.push_str("],\n  \"errors\": ");
        out.push_str(&serde_json::to_string(&self.errors).unwrap());
        let rel: Map<String, Value> = Relation::ALL
            .iter()
            .map(|r| (r.key().to_string(), json!(s.relations.get(r).copied().unwrap_or(0))))
            .collect();
        let rules: Map<String, Value> = s.rules.iter().map(|(k, v)| (k.clone(), json!(v.2))).collect();
        let dups: Vec<Value> = s
            .duplicates
            .iter()
            .map(
                |d| json!({"first": d.first, "second": d.second, "similarity": (d.similarity * 100.0).round() / 100.0}),
            )
            .collect();
        let summary = json!({
            "files": s.files,
            "failed": s.failed,
            "diagnostics": s.total(),
            "error": s.severities[2],
            "warning": s.severities[1],
            "info": s.severities[0],
            "relations": rel,
            "rules": rules,
        });
        out.push_str(",\n  \"duplicates\": ");
        out.push_str(&js(dups));
        out.push_str(",\n  \"summary\": ");
        out.push_str(indent(&serde_json::to_string_pretty(&summary).unwrap(), "  ").trim_start());
        out.push_str("\n}\n");
    }
}

pub fn render(outcomes: &[super::Outcome]) -> String {
    super::render_all(&mut Json::default(), outcomes)
}

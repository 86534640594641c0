//! The versioned JSON contract (see README, "JSON schema").

use serde_json::{json, Map, Value};

use super::{display_path, Outcome};
use crate::diagnostic::{Relation, Severity};

pub const VERSION: u32 = 1;

pub fn render(outcomes: &[Outcome]) -> String {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut by_sev = [0usize; 3];
    let mut by_rel: Map<String, Value> = Relation::ALL.iter().map(|r| (r.key().to_string(), json!(0))).collect();
    let mut total = 0;
    for o in outcomes {
        match o {
            Outcome::Checked(r) => {
                let src = &r.source;
                let diags: Vec<Value> = r
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let (l, c) = src.line_col(d.span.start);
                        let (el, ec) = src.line_col(d.span.end);
                        by_sev[d.severity as usize] += 1;
                        total += 1;
                        let n = by_rel[d.relation.key()].as_u64().unwrap_or(0) + 1;
                        by_rel.insert(d.relation.key().to_string(), json!(n));
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
                files.push(json!({
                    "path": display_path(&src.path),
                    "encoding": src.encoding,
                    "item_type": r.item_type.name(),
                    "item_type_source": match r.type_source {
                        crate::document::TypeSource::Option => "option",
                        crate::document::TypeSource::Header => "header",
                        crate::document::TypeSource::Guess => "guess",
                    },
                    "report_date": r.report_date.format("%Y-%m-%d").to_string(),
                    "chars": r.chars,
                    "score": r.score,
                    "counts": counts,
                    "diagnostics": diags,
                }));
            }
            Outcome::Failed(e) => errors.push(json!({
                "path": display_path(&e.path),
                "message": e.message,
            })),
        }
    }
    let summary = json!({
        "files": files.len(),
        "failed": errors.len(),
        "diagnostics": total,
        "error": by_sev[Severity::Error as usize],
        "warning": by_sev[Severity::Warning as usize],
        "info": by_sev[Severity::Info as usize],
        "relations": by_rel,
    });
    let mut s = serde_json::to_string_pretty(&json!({
        "version": VERSION,
        "files": files,
        "errors": errors,
        "summary": summary,
    }))
    .expect("JSON values serialize");
    s.push('\n');
    s
}

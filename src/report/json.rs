//! The versioned JSON contract (see README, "JSON schema"), streamed file by
//! file, and a large file's findings a piece at a time: no JSON tree of a
//! whole file is built (a 50 MB text has about 190,000 findings).

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{display_path, js, FileRenderer, Reporter, Summary};
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Relation};
use crate::document::TypeSource;
use crate::input::InputError;
use crate::source::SourceFile;

pub const VERSION: u32 = 1;

#[derive(Default)]
pub struct Json {
    files: usize,
    errors: Vec<Value>,
}

/// One finding as written: the fields in the order of the file's other
/// objects (serde_json's maps sort their keys).
#[derive(Serialize)]
struct Finding<'a> {
    byte_end: usize,
    byte_start: usize,
    column: usize,
    document: bool,
    end_column: usize,
    end_line: usize,
    line: usize,
    message: &'a str,
    relation: &'static str,
    relation_zh: &'static str,
    rule: &'a str,
    severity: &'static str,
    suggestion: Option<&'a str>,
    text: &'a str,
}

impl<'a> Finding<'a> {
    fn of(src: &'a SourceFile, d: &'a Diagnostic) -> Finding<'a> {
        let (line, column) = src.line_col(d.span.start);
        let (end_line, end_column) = src.line_col(d.span.end);
        Finding {
            byte_end: d.span.end,
            byte_start: d.span.start,
            column,
            document: d.document,
            end_column,
            end_line,
            line,
            message: &d.message,
            relation: d.relation.key(),
            relation_zh: d.relation.zh(),
            rule: &d.rule,
            severity: d.severity.key(),
            suggestion: d.suggestion.as_deref(),
            text: &src.text[d.span.clone()],
        }
    }
}

/// Findings are passed on in pieces of about this many bytes.
const PIECE: usize = 64 << 10;

/// Write one file's object, pretty-printed at the depth of the `files`
/// array, to `emit` in pieces of about [`PIECE`] bytes. The same text as
/// [`file_value`] pretty-printed and indented.
fn write_file(r: &FileReport, emit: &mut dyn FnMut(&str)) {
    let mut head = file_head(r);
    head.insert("diagnostics".into(), Value::Array(Vec::new()));
    let whole = indent(&serde_json::to_string_pretty(&Value::Object(head)).unwrap(), "    ");
    if r.diagnostics.is_empty() {
        emit(&whole);
        return;
    }
    // Outside strings there are no line breaks or quotes in them: the
    // findings go where the empty array is.
    const EMPTY: &str = "\n      \"diagnostics\": []";
    let at = whole.find(EMPTY).expect("the diagnostics key");
    let mut buf = String::with_capacity(PIECE + (PIECE >> 2));
    buf.push_str(&whole[..at + EMPTY.len() - 1]);
    let mut scratch = Vec::new();
    for (i, d) in r.diagnostics.iter().enumerate() {
        buf.push_str(if i == 0 { "\n" } else { ",\n" });
        scratch.clear();
        serde_json::to_writer_pretty(&mut scratch, &Finding::of(&r.source, d)).expect("serializable");
        let text = std::str::from_utf8(&scratch).expect("serde_json writes UTF-8");
        for (j, l) in text.split('\n').enumerate() {
            if j > 0 {
                buf.push('\n');
            }
            buf.push_str("        ");
            buf.push_str(l);
        }
        if buf.len() >= PIECE {
            emit(&buf);
            buf.clear();
        }
    }
    buf.push_str("\n      ");
    buf.push_str(&whole[at + EMPTY.len() - 1..]);
    emit(&buf);
}

/// A file's object without its findings.
fn file_head(r: &FileReport) -> Map<String, Value> {
    let src = &r.source;
    let counts: Map<String, Value> =
        r.per_relation().into_iter().map(|(k, v)| (k.key().to_string(), json!(v))).collect();
    let v = json!({
        "path": display_path(&src.path),
        "encoding": src.encoding,
        "item_type": r.item_type.name(),
        "item_type_source": match r.type_source {
            TypeSource::Option => "option",
            TypeSource::Header => "header",
            TypeSource::Guess => "guess",
        },
        "item_type_confidence": if r.type_confident { "high" } else { "low" },
        "item_type_cue": r.type_cue,
        "report_date": r.report_date.format("%Y-%m-%d").to_string(),
        "chars": r.chars,
        "score": r.score,
        "counts": counts,
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!("an object"),
    }
}

/// One file's JSON object, as a tree (the reporter writes the same object
/// without building one).
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
    let mut m = file_head(r);
    m.insert("diagnostics".into(), Value::Array(diags));
    Value::Object(m)
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
        let mut out = String::new();
        write_file(r, &mut |s| out.push_str(s));
        out
    }
}

impl Reporter for Json {
    fn begin(&mut self, out: &mut String) {
        out.push_str(&format!("{{\n  \"version\": {VERSION},\n  \"files\": ["));
    }

    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        Some(self)
    }

    fn streams(&self) -> bool {
        true
    }

    fn file_to(&mut self, r: &FileReport, sink: &mut dyn FnMut(&str)) {
        sink(if self.files > 0 { ",\n" } else { "\n" });
        self.files += 1;
        write_file(r, sink);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckOptions, Linter};
    use crate::rules::RuleSet;

    /// A report with many findings, some with odd text.
    fn large_report() -> FileReport {
        let line = "截至2026年11月18日,西岭县新建农村公路56公里，惠及群众3.2万人（涉及12个乡镇。\n";
        let text = format!("西岭县新建农村公路56公里\n{}", line.repeat(1200));
        let src = SourceFile::from_text("drafts/大.txt", text, "UTF-8");
        let mut r = Linter::new(RuleSet::embedded().unwrap()).check(src, &CheckOptions::default());
        let mut odd = r.diagnostics[0].clone();
        odd.message = "引号\"、反斜杠\\、换行\n和控制字符\u{1b}".into();
        odd.suggestion = None;
        odd.document = true;
        r.diagnostics.push(odd);
        r
    }

    #[test]
    fn findings_are_written_in_bounded_pieces_as_the_tree_would_be() {
        let r = large_report();
        assert!(r.diagnostics.len() > crate::report::STREAM_DIAGNOSTICS, "{}", r.diagnostics.len());
        let mut pieces: Vec<String> = Vec::new();
        write_file(&r, &mut |s| pieces.push(s.to_string()));
        let whole: String = pieces.concat();
        assert!(whole.len() > 8 * PIECE, "{}", whole.len());
        assert!(pieces.len() > 8);
        // A piece is at most one finding over the bound.
        assert!(pieces.iter().all(|p| p.len() < PIECE + 4096), "{:?}", pieces.iter().map(String::len).max());
        // Byte for byte what the JSON tree of the file pretty-prints to.
        let tree = indent(&serde_json::to_string_pretty(&file_value(&r)).unwrap(), "    ");
        assert!(whole == tree, "streamed output differs from the tree");
        // And with no findings.
        let mut clean = r.clone();
        clean.diagnostics.clear();
        let mut one = String::new();
        write_file(&clean, &mut |s| one.push_str(s));
        assert_eq!(one, indent(&serde_json::to_string_pretty(&file_value(&clean)).unwrap(), "    "));
    }

    #[test]
    fn a_streamed_file_joins_the_batch_like_a_rendered_one() {
        let r = large_report();
        let mut streamed = Json::default();
        let mut rendered = Json::default();
        let (mut a, mut b) = (String::new(), String::new());
        streamed.begin(&mut a);
        rendered.begin(&mut b);
        for _ in 0..2 {
            streamed.file_to(&r, &mut |s| a.push_str(s));
            let piece = rendered.render(&r);
            rendered.file_rendered(piece, &mut b);
        }
        let summary = Summary::default();
        streamed.end(&summary, &mut a);
        rendered.end(&summary, &mut b);
        assert!(a == b);
        let v: Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v["files"].as_array().unwrap().len(), 2);
    }
}

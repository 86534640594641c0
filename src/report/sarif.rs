//! SARIF 2.1.0: one run; `tool.driver.rules` from the rule registry;
//! columns in Unicode code points.

use serde_json::{json, Value};

use super::{display_path, js, FileRenderer, JsonItems, Reporter, Summary};
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::input::InputError;
use crate::rules::RuleSet;

pub struct Sarif {
    index: std::collections::HashMap<String, usize>,
    rules: Vec<Value>,
    results: JsonItems,
    failed: Vec<Value>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

impl Sarif {
    pub fn new(rules: &RuleSet) -> Sarif {
        let mut index = std::collections::HashMap::new();
        let mut list = Vec::new();
        for (i, r) in rules.rules.iter().enumerate() {
            index.insert(r.id.clone(), i);
            let mut help = format!("{}\n\n依据：{}", r.description, r.source);
            if let Some(s) = &r.suggestion {
                help.push_str(&format!("\n修改建议：{s}"));
            }
            list.push(json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.description},
                "help": {"text": help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {
                    "relation": r.relation.key(),
                    "relation_zh": r.relation.zh(),
                    "tags": [r.relation.key(), r.relation.zh()],
                    "source": r.source,
                },
            }));
        }
        Sarif {
            index,
            rules: list,
            results: JsonItems::default(),
            failed: Vec::new(),
        }
    }
}

impl FileRenderer for Sarif {
    fn render(&self, r: &FileReport) -> String {
        let mut out = String::new();
        let src = &r.source;
        let uri = display_path(&src.path);
        for d in &r.diagnostics {
            let (l, c) = src.line_col(d.span.start);
            let (el, ec) = src.line_col(d.span.end);
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": match &d.suggestion {
                    Some(s) => format!("[{}] {}（建议：{s}）", d.relation.zh(), d.message),
                    None => format!("[{}] {}", d.relation.zh(), d.message),
                }},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": l, "startColumn": c, "endLine": el, "endColumn": ec,
                        "snippet": {"text": &src.text[d.span.clone()]},
                    },
                }}],
                "properties": {"relation": d.relation.key(), "item_type": r.item_type.name(), "score": r.score},
            });
            if let Some(i) = self.index.get(&d.rule) {
                result["ruleIndex"] = json!(i);
            }
            JsonItems::push(&mut out, &js(&result));
        }
        out
    }
}

impl Reporter for Sarif {
    fn begin(&mut self, out: &mut String) {
        let driver = json!({
            "name": "zwlint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/zwlint/zwlint",
            "rules": self.rules,
        });
        out.push_str("{\n\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n\"version\": \"2.1.0\",\n\"runs\": [{\n\"tool\": {\"driver\": ");
        out.push_str(&js(&driver));
        out.push_str("},\n\"columnKind\": \"unicodeCodePoints\",\n\"results\": [");
    }

    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        Some(self)
    }

    fn file_rendered(&mut self, rendered: String, out: &mut String) {
        self.results.write(&rendered, out);
    }

    fn failed(&mut self, e: &InputError, _out: &mut String) {
        self.failed.push(json!({
            "level": "error",
            "message": {"text": format!("{}: {}", display_path(&e.path), e.message)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": display_path(&e.path)}}}],
        }));
    }

    fn end(&mut self, _s: &Summary, out: &mut String) {
        out.push_str("\n],\n\"invocations\": [");
        out.push_str(&js(json!({
            "executionSuccessful": self.failed.is_empty(),
            "toolExecutionNotifications": self.failed,
        })));
        out.push_str("]\n}]\n}\n");
    }
}

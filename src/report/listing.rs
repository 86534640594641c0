//! `zwlint rules`, `zwlint explain`, `zwlint segment`.

use std::fmt::Write;

use serde_json::json;

use crate::check::{CheckOptions, Linter};
use crate::rules::{Rule, RuleSet};
use crate::source::SourceFile;

pub fn rules_list(set: &RuleSet, as_json: bool) -> String {
    if as_json {
        let v: Vec<_> = set
            .rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "relation": r.relation.key(), "relation_zh": r.relation.zh(),
                    "severity": r.severity.key(), "kind": r.kind.key(), "summary": r.summary(),
                    "source": r.source,
                })
            })
            .collect();
        return serde_json::to_string_pretty(&v).unwrap() + "\n";
    }
    let mut rules: Vec<&Rule> = set.rules.iter().collect();
    rules.sort_by(|a, b| (a.relation, &a.id).cmp(&(b.relation, &b.id)));
    let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        // Relation names are 3 or 4 CJK characters: pad to 4 (8 columns).
        let zh = r.relation.zh();
        let pad = " ".repeat(2 * 4usize.saturating_sub(zh.chars().count()));
        writeln!(out, "{:<w$}  {zh}{pad}  {:<7}  {}", r.id, r.severity.key(), r.summary()).unwrap();
    }
    writeln!(out, "共 {} 条规则。用 zwlint explain <id> 查看说明。", set.rules.len()).unwrap();
    out
}

pub fn explain(r: &Rule) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "{}  [{} · 避免{}]  {}  ({})",
        r.id,
        r.relation.zh(),
        r.relation.avoid(),
        r.severity.zh(),
        r.kind.key()
    )
    .unwrap();
    writeln!(out).unwrap();
    writeln!(out, "{}", r.description).unwrap();
    writeln!(out).unwrap();
    if let Some(ts) = &r.types {
        let names: Vec<&str> = ts.iter().map(|t| t.name()).collect();
        writeln!(out, "适用类别：{}", names.join("、")).unwrap();
    }
    writeln!(out, "依据：{}", r.source).unwrap();
    let cited = crate::rules::cited_sources(&r.source);
    for c in &cited {
        match &c.address {
            Some(a) => writeln!(out, "  [{}] {} — {a}", c.tag, c.title).unwrap(),
            None => writeln!(out, "  [{}] {}", c.tag, c.title).unwrap(),
        }
    }
    if !cited.is_empty() {
        writeln!(out, "  （各出处的说明见 docs/sources.md）").unwrap();
    }
    if let Some(s) = &r.suggestion {
        writeln!(out, "修改建议：{s}").unwrap();
    }
    for (title, exs) in [("反例（会报告）", &r.bad), ("正例（不报告）", &r.ok)] {
        if exs.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}：").unwrap();
        for e in exs {
            for (i, l) in e.text.trim_end().lines().enumerate() {
                writeln!(out, "  {} {l}", if i == 0 { "•" } else { " " }).unwrap();
            }
        }
    }
    out
}

pub fn segment(linter: &Linter, src: &SourceFile, as_json: bool) -> String {
    let doc = linter.extract(src, &CheckOptions::default());
    let tokens = linter.segmenter.segment(&doc);
    let mut rows = Vec::new();
    for t in &tokens.tokens {
        let s = doc.map.span_to_source(&t.span);
        let (l, c) = src.line_col(s.start);
        let word = &doc.text[t.span.clone()];
        rows.push((l, c, word, tokens.pos(word).as_str().to_string(), s));
    }
    if as_json {
        let v: Vec<_> = rows
            .iter()
            .map(|(l, c, w, p, s)| json!({"word": w, "pos": p, "line": l, "column": c, "byte_start": s.start, "byte_end": s.end}))
            .collect();
        return serde_json::to_string_pretty(&v).unwrap() + "\n";
    }
    let mut out = String::new();
    let mut last_line = 0;
    for (l, c, w, p, _) in rows {
        if l != last_line {
            writeln!(out, "— 第{l}行").unwrap();
            last_line = l;
        }
        writeln!(out, "{l}:{c}\t{w}\t{p}").unwrap();
    }
    out
}

//! rustc-style snippets with carets under the exact characters, then a
//! summary per file and totals.

use std::fmt::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{display_path, Outcome};
use crate::check::FileReport;
use crate::diagnostic::{Relation, Severity};
use crate::document::TypeSource;

pub struct HumanOptions {
    pub color: bool,
}

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR.with_name(Some("错误")),
        Severity::Warning => Level::WARNING.with_name(Some("警告")),
        Severity::Info => Level::INFO.with_name(Some("提示")),
    }
}

pub fn render(outcomes: &[Outcome], opts: &HumanOptions) -> String {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    let (mut files, mut failed) = (0, 0);
    let mut sev = [0usize; 3];
    for o in outcomes {
        match o {
            Outcome::Checked(r) => {
                files += 1;
                for d in &r.diagnostics {
                    sev[d.severity as usize] += 1;
                }
                render_file(&mut out, &renderer, r);
            }
            Outcome::Failed(e) => {
                failed += 1;
                let report = &[Group::with_title(
                    Level::ERROR
                        .with_name(Some("错误"))
                        .primary_title(format!("{}: {}", display_path(&e.path), e.message)),
                )];
                writeln!(out, "{}\n", renderer.render(report)).unwrap();
            }
        }
    }
    write!(out, "共检查 {files} 个文件").unwrap();
    if failed > 0 {
        write!(out, "，{failed} 个文件无法检查").unwrap();
    }
    writeln!(
        out,
        "：错误 {}，警告 {}，提示 {}。",
        sev[Severity::Error as usize],
        sev[Severity::Warning as usize],
        sev[Severity::Info as usize]
    )
    .unwrap();
    out
}

fn render_file(out: &mut String, renderer: &Renderer, r: &FileReport) {
    let src = &r.source;
    let path = display_path(&src.path);
    for d in &r.diagnostics {
        let (line, _) = src.line_col(d.span.start);
        let line0 = line - 1;
        // The snippet is the lines the span covers, so carets stay on them.
        let start = src.lines.line_start(line0);
        let last = src.lines.line_of(d.span.end.saturating_sub(1).max(d.span.start));
        let end = src.lines.line_range(&src.text, last).end;
        let snippet_text = &src.text[start..end.max(start)];
        let span = (d.span.start - start)..(d.span.end.min(end).max(d.span.start) - start);
        let title = format!("[{}] {}", d.relation.zh(), d.message);
        let label = if d.document { "全文问题" } else { "" };
        let mut groups = vec![level(d.severity).primary_title(title).id(d.rule.as_str()).element(
            Snippet::source(snippet_text)
                .line_start(line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(span).label(label)),
        )];
        if let Some(s) = &d.suggestion {
            groups.push(Group::with_title(Level::HELP.with_name(Some("建议")).secondary_title(s.as_str())));
        }
        writeln!(out, "{}\n", renderer.render(&groups)).unwrap();
    }
    let guessed = match r.type_source {
        TypeSource::Guess => "（推断）",
        TypeSource::Header => "（标注）",
        TypeSource::Option => "",
    };
    writeln!(
        out,
        "{path}：{}{guessed}，正文 {} 字，得分 {}，报送日期 {}，编码 {}",
        r.item_type.name(),
        r.chars,
        r.score,
        r.report_date.format("%Y-%m-%d"),
        src.encoding
    )
    .unwrap();
    let counts = r.per_relation();
    let parts: Vec<String> = Relation::ALL
        .iter()
        .filter(|rel| counts[rel] > 0)
        .map(|rel| format!("{} {}", rel.zh(), counts[rel]))
        .collect();
    if parts.is_empty() {
        writeln!(out, "  未发现问题\n").unwrap();
    } else {
        writeln!(
            out,
            "  错误 {}，警告 {}，提示 {}：{}\n",
            r.count(Severity::Error),
            r.count(Severity::Warning),
            r.count(Severity::Info),
            parts.join("，")
        )
        .unwrap();
    }
}

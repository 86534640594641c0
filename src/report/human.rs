//! rustc-style snippets with carets under the exact characters, then a
//! summary per file, totals, and for a batch a ranking table so an editor
//! sees at a glance which items to send back.

use std::fmt::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use unicode_width::UnicodeWidthStr;

use super::{shown, shown_path, snippet, FileRenderer, Outcome, Reporter, Summary};
use crate::check::FileReport;
use crate::diagnostic::{Relation, Severity};
use crate::input::InputError;

#[derive(Debug, Clone, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Findings only: no per-file summary, totals or ranking.
    pub quiet: bool,
}

pub struct Human {
    opts: HumanOptions,
    renderer: Renderer,
}

impl Human {
    pub fn new(opts: HumanOptions) -> Human {
        let renderer = if opts.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .decor_style(DecorStyle::Ascii);
        Human { opts, renderer }
    }
}

fn level_name(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn level(sev: Severity) -> Level<'static> {
    let name = Some(level_name(sev));
    match sev {
        Severity::Error => Level::ERROR.with_name(name),
        Severity::Warning => Level::WARNING.with_name(name),
        Severity::Info => Level::INFO.with_name(name),
    }
}

impl FileRenderer for Human {
    fn render(&self, r: &FileReport) -> String {
        let mut out = String::new();
        render_file(&mut out, &self.renderer, r, self.opts.quiet, !self.opts.color);
        out
    }
}

impl Reporter for Human {
    fn file(&mut self, r: &FileReport, out: &mut String) {
        render_file(out, &self.renderer, r, self.opts.quiet, !self.opts.color);
    }

    fn file_renderer(&self) -> Option<&dyn FileRenderer> {
        Some(self)
    }

    fn failed(&mut self, e: &InputError, out: &mut String) {
        let report =
            &[Group::with_title(Level::ERROR.with_name(Some("错误")).primary_title(
                format!("{}: {}", shown_path(&e.path), shown(&e.message)),
            ))];
        writeln!(out, "{}\n", self.renderer.render(report)).unwrap();
    }

    fn end(&mut self, s: &Summary, out: &mut String) {
        if self.opts.quiet {
            return;
        }
        if !s.duplicates.is_empty() {
            writeln!(out, "疑似重复报送（正文相似度）：").unwrap();
            for d in &s.duplicates {
                writeln!(out, "  {:>3.0}%  {}  ≈  {}", d.similarity * 100.0, shown(&d.first), shown(&d.second))
                    .unwrap();
            }
            writeln!(out).unwrap();
        }
        if s.rows.len() > 1 {
            ranking(out, s);
        }
        write!(out, "共检查 {} 个文件", s.files).unwrap();
        if s.failed > 0 {
            write!(out, "，{} 个文件无法检查", s.failed).unwrap();
        }
        writeln!(out, "：错误 {}，警告 {}，提示 {}。", s.severities[2], s.severities[1], s.severities[0]).unwrap();
    }
}

/// Pad `s` to display width `w` (CJK characters count 2).
fn pad(s: &str, w: usize) -> String {
    let n = s.width();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

/// Items sorted by score, lowest first, with their worst relations.
fn ranking(out: &mut String, s: &Summary) {
    let mut rows: Vec<_> = s.rows.iter().collect();
    rows.sort_by(|a, b| a.score.cmp(&b.score).then(a.path.cmp(&b.path)));
    let pw = rows.iter().map(|r| shown(&r.path).width()).max().unwrap_or(4).clamp(4, 60);
    writeln!(out, "稿件排序（得分由低到高）：").unwrap();
    writeln!(out, "  得分  错误 警告 提示  类别      {}  主要问题", pad("文件", pw)).unwrap();
    for r in rows {
        let worst: Vec<String> = r.worst(3).into_iter().map(|(rel, n)| format!("{} {n}", rel.zh())).collect();
        writeln!(
            out,
            "  {:>4}  {:>4} {:>4} {:>4}  {}  {}  {}",
            r.score,
            r.severities[2],
            r.severities[1],
            r.severities[0],
            pad(r.item_type.name(), 8),
            pad(&shown(&r.path), pw),
            if worst.is_empty() {
                "—".to_string()
            } else {
                worst.join("，")
            }
        )
        .unwrap();
    }
    writeln!(out).unwrap();
}

/// The middle of a span longer than [`snippet::LONG_LINE`] on one line
/// (byte range of `text`), left out of what annotate-snippets is given.
fn long_span_cut(text: &str, span: &std::ops::Range<usize>) -> Option<(usize, usize)> {
    let keep = snippet::LONG_LINE / 4;
    if span.len() <= snippet::LONG_LINE {
        return None;
    }
    let mut a = span.start + keep;
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let mut b = span.end - keep;
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    (a < b && !text[a..b].contains(['\n', '\r'])).then_some((a, b))
}

/// annotate-snippets counts the column of the origin line (`--> path:L:C`)
/// from the start of the snippet; for a window of a long line (see
/// [`snippet::window`]) it is set to the column in the whole line. The
/// origin is the first line with `-->` that ends with the window's
/// `:L:C` (its text is never styled).
fn origin_column(rendered: &mut String, line: usize, window_col: usize, col: usize) {
    let from = format!(":{line}:{window_col}");
    let mut at = 0;
    for l in rendered.split_inclusive('\n') {
        let text = l.trim_end_matches('\n');
        if text.contains("-->") && text.ends_with(&from) {
            let end = at + text.len();
            rendered.replace_range(end - from.len()..end, &format!(":{line}:{col}"));
            return;
        }
        at += l.len();
    }
}

/// `plain`: no colour, so the common case may skip annotate-snippets (see
/// [`snippet`]).
fn render_file(out: &mut String, renderer: &Renderer, r: &FileReport, quiet: bool, plain: bool) {
    let src = &r.source;
    let path = shown_path(&src.path);
    for d in &r.diagnostics {
        let (line, col) = src.line_col(d.span.start);
        let line0 = line - 1;
        // The snippet is the lines the span covers, so carets stay on them.
        let start = src.lines.line_start(line0);
        let last = src.lines.line_of(d.span.end.saturating_sub(1).max(d.span.start));
        let end = src.lines.line_range(&src.text, last).end;
        let snippet_text = &src.text[start..end.max(start)];
        let span = (d.span.start - start)..(d.span.end.min(end).max(d.span.start) - start);
        // A long line is shown through a window around the span.
        let shown = snippet::window(snippet_text, span.clone());
        let chars_before = if shown.start == 0 {
            0
        } else {
            src.line_col(start + shown.start).1 - 1
        };
        let snippet_text = &snippet_text[shown.clone()];
        let span = span.start - shown.start..span.end - shown.start;
        let title = format!("[{}] {}", d.relation.zh(), d.message);
        let label = if d.document { "全文问题" } else { "" };
        // Under the snippet: where a .docx finding is (paragraph and
        // character), and the suggestion.
        let place = crate::input::is_docx(&src.path).then(|| format!("第{line}段第{col}字"));
        let notes: Vec<(Level<'static>, &str, &str)> = place
            .as_deref()
            .map(|p| (Level::NOTE, "位置", p))
            .into_iter()
            .chain(d.suggestion.as_deref().map(|s| (Level::HELP, "建议", s)))
            .collect();
        if plain {
            let f = snippet::Finding {
                level: level_name(d.severity),
                id: d.rule.as_str(),
                title: &title,
                path: &path,
                line_no: line,
                chars_before,
                line: snippet_text,
                span: span.clone(),
                label,
                notes: &notes.iter().map(|(_, name, text)| (*name, *text)).collect::<Vec<_>>(),
            };
            if snippet::render(out, &f) {
                out.push_str("\n\n");
                continue;
            }
        }
        // annotate-snippets shows the whole of a span: of a long one (a
        // paragraph-long line), keep both ends with `...` between.
        let cut;
        let (snippet_text, span) = match long_span_cut(snippet_text, &span) {
            Some((a, b)) => {
                cut = format!("{}...{}", &snippet_text[..a], &snippet_text[b..]);
                (cut.as_str(), span.start..span.end - (b - a) + 3)
            }
            None => (snippet_text, span),
        };
        let window_col = snippet_text[..span.start].chars().count() + 1;
        let mut groups = vec![level(d.severity).primary_title(title).id(d.rule.as_str()).element(
            Snippet::source(snippet_text)
                .line_start(line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(span).label(label)),
        )];
        for (lvl, name, text) in notes {
            groups.push(Group::with_title(lvl.with_name(Some(name)).secondary_title(text)));
        }
        let mut rendered = renderer.render(&groups);
        if chars_before > 0 {
            origin_column(&mut rendered, line, window_col, col);
        }
        writeln!(out, "{rendered}\n").unwrap();
    }
    if quiet {
        return;
    }
    writeln!(
        out,
        "{path}：{}，正文 {} 字，得分 {}，报送日期 {}，编码 {}",
        super::type_label(r),
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

pub fn render(outcomes: &[Outcome], opts: &HumanOptions) -> String {
    super::render_all(&mut Human::new(opts.clone()), outcomes)
}

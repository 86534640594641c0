//! The common case of a human-format finding, rendered directly: one primary
//! annotation on one line, plain (uncoloured) ASCII output, then title-only
//! notes. The result is byte for byte what annotate-snippets renders for the
//! same report; that crate's layout (rustc's) is followed step by step on a
//! grid of characters, including its quirks (a wide character takes one cell
//! of the grid but two columns of width). Everything else — colour, spans
//! across lines, control characters that annotate-snippets replaces, texts
//! with line breaks — is left to annotate-snippets: [`render`] returns
//! `false` and writes nothing.
//!
//! On the bench drafts (paragraph-long lines) annotate-snippets took about
//! 85,000 instructions per finding, a quarter of a batch run in human
//! format; this takes about 31,000, mostly one pass over the line (callgrind,
//! `--toggle-collect='*render_file*'`). The module's tests compare both on
//! thousands of generated cases, so a new annotate-snippets with another
//! layout fails them rather than changing the output silently.

use std::ops::Range;

/// annotate-snippets' default terminal width.
const TERM_WIDTH: usize = 140;
/// Lines longer than this many bytes are shown through a [`window`].
pub const LONG_LINE: usize = 4096;
/// Characters a [`window`] keeps on each side of the finding. The layout
/// shows less than a terminal width (less the margin) beside a span, so
/// that many characters of width one or two keep the window's layout that
/// of the whole line.
const WINDOW_CONTEXT: usize = TERM_WIDTH;
/// `DecorStyle::Ascii`'s margin marker.
const MARGIN: &str = "...";

/// One finding: `level[id]: title`, the line `line` (1-based number
/// `line_no`) with `span` (byte offsets into `line`) underlined and labelled,
/// then each note as `name: text`.
pub struct Finding<'a> {
    pub level: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    pub line_no: usize,
    /// Characters of the source line before `line` (a [`window`] of it).
    pub chars_before: usize,
    pub line: &'a str,
    pub span: Range<usize>,
    pub label: &'a str,
    pub notes: &'a [(&'a str, &'a str)],
}

/// Whether `s` has a character annotate-snippets replaces or measures in its
/// own way (see its `OUTPUT_REPLACEMENTS` and `char_width`: C0 controls,
/// DEL, U+200D, U+202A–U+202E, U+2066–U+2069), or a line break. Checked on
/// bytes: those characters are ASCII or begin with E2 80 / E2 81.
fn special(s: &str) -> bool {
    let b = s.as_bytes();
    // Blocks without early exit, so that the compiler can vectorise them.
    b.chunks(32).any(|c| c.iter().fold(false, |any, &x| any | (x < 0x20) | (x == 0x7f)))
        || memchr::memchr_iter(0xe2, b).any(|i| {
            matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8d | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            )
        })
}

/// Display width as annotate-snippets measures it (unicode-width, 1 when
/// undefined), with the common cases first.
#[inline]
fn char_width(c: char) -> usize {
    match c {
        ' '..='~' => 1,
        '\u{4e00}'..='\u{9fff}' => 2,
        _ => unicode_width::UnicodeWidthChar::width(c).unwrap_or(1),
    }
}

fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// annotate-snippets' `StyledBuffer`, without styles: rows of cells, one
/// character per cell.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<char>>,
}

impl Grid {
    fn row(&mut self, r: usize) -> &mut Vec<char> {
        while r >= self.rows.len() {
            self.rows.push(Vec::with_capacity(TERM_WIDTH));
        }
        &mut self.rows[r]
    }

    fn putc(&mut self, r: usize, col: usize, c: char) {
        let row = self.row(r);
        if col >= row.len() {
            row.resize(col + 1, ' ');
        }
        row[col] = c;
    }

    fn puts(&mut self, r: usize, col: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        let row = self.row(r);
        let end = col + s.chars().count();
        if end > row.len() {
            row.resize(end, ' ');
        }
        for (cell, c) in row[col..end].iter_mut().zip(s.chars()) {
            *cell = c;
        }
    }

    fn append(&mut self, r: usize, s: &str) {
        let col = self.rows.get(r).map_or(0, Vec::len);
        self.puts(r, col, s);
    }

    fn replace(&mut self, r: usize, start: usize, end: usize, s: &str) {
        let row = &mut self.rows[r];
        if start == end || start > row.len() || end > row.len() {
            return;
        }
        row.splice(start..end, s.chars());
    }

    fn render(&self, out: &mut String) {
        out.reserve(self.rows.iter().map(|r| 3 * r.len() + 1).sum());
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.extend(row.iter());
        }
    }
}

/// annotate-snippets' `Margin`: the part of a long line that is shown.
struct Margin {
    computed_left: usize,
    computed_right: usize,
    term_width: usize,
}

impl Margin {
    fn new(
        whitespace_left: usize,
        span_left: usize,
        span_right: usize,
        label_right: usize,
        term_width: usize,
        max_line_len: usize,
    ) -> Margin {
        const PASSING: usize = 6;
        let whitespace_left = whitespace_left.min(span_left).saturating_sub(PASSING);
        let span_left = span_left.saturating_sub(PASSING);
        let span_right = span_right + PASSING;
        let label_right = label_right + PASSING;
        let mut left = if whitespace_left > 20 { whitespace_left - 16 } else { 0 };
        let mut right = max_line_len.max(left);
        if right - left > term_width {
            if label_right.saturating_sub(whitespace_left) <= term_width && label_right >= whitespace_left {
                left = whitespace_left;
                right = left + term_width;
            } else if label_right - span_left <= term_width {
                left = span_left.saturating_sub((term_width - (label_right - span_left)) / 2);
                right = left + term_width;
            } else if span_right - span_left <= term_width {
                left = span_left.saturating_sub((term_width - (span_right - span_left)) / 5 * 2);
                right = left + term_width;
            } else {
                left = span_left;
                right = span_right;
            }
        }
        Margin { computed_left: left, computed_right: right, term_width }
    }

    fn left(&self, line_len: usize) -> usize {
        self.computed_left.min(line_len)
    }

    fn right(&self, line_len: usize) -> usize {
        if line_len.saturating_sub(self.computed_left) <= self.term_width {
            line_len
        } else {
            line_len.min(self.computed_right)
        }
    }
}

/// The part of `line` to show for a finding at `span` (byte offsets into
/// `line`): all of a line of at most [`LONG_LINE`] bytes, else the span with
/// [`WINDOW_CONTEXT`] characters on each side, so that rendering a finding
/// costs the same on a megabyte-long line as on a paragraph. The layout
/// shows no more than that beside the span anyway and marks the line as
/// going on with `...`, so the window looks the same as the whole line
/// (but for lines of zero-width characters, or a window opening with more
/// than twenty spaces).
pub fn window(line: &str, span: Range<usize>) -> Range<usize> {
    if line.len() <= LONG_LINE {
        return 0..line.len();
    }
    let before = &line[..span.start];
    let start = before.char_indices().rev().nth(WINDOW_CONTEXT - 1).map_or(0, |(i, _)| i);
    let after = &line[span.end..];
    let end = after.char_indices().nth(WINDOW_CONTEXT).map_or(line.len(), |(i, _)| span.end + i);
    start..end
}

/// Render `f` as annotate-snippets' plain ASCII renderer would, appending to
/// `out`; `false` (and nothing written) for a case it does not cover.
pub fn render(out: &mut String, f: &Finding<'_>) -> bool {
    let texts = [f.level, f.id, f.title, f.path, f.line, f.label];
    let notes = f.notes.iter().flat_map(|(a, b)| [*a, *b]);
    if texts.into_iter().chain(notes).any(special)
        || f.line.is_empty()
        || f.span.start > f.span.end
        || f.span.end > f.line.len()
        || !f.line.is_char_boundary(f.span.start)
        || !f.line.is_char_boundary(f.span.end)
    {
        return false;
    }
    let line = f.line;
    let mut g = Grid::default();
    // Title.
    for s in [f.level, "[", f.id, "]", ": ", f.title] {
        g.append(0, s);
    }
    // One pass over the line: where the span starts (characters and
    // columns before it) and ends (columns), the line's width, and its
    // leading whitespace (in characters, as annotate-snippets counts it).
    let (mut start_char, mut start_w, mut end_w) = (0, 0, 0);
    let (mut chars, mut line_w, mut first_text) = (0, 0, None);
    for (i, c) in line.char_indices() {
        if i == f.span.start {
            (start_char, start_w) = (chars, line_w);
        }
        if i == f.span.end {
            end_w = line_w;
        }
        if first_text.is_none() && !c.is_whitespace() {
            first_text = Some(chars);
        }
        chars += 1;
        line_w += char_width(c);
    }
    if f.span.start == line.len() {
        (start_char, start_w) = (chars, line_w);
    }
    if f.span.end == line.len() {
        end_w = line_w;
    }
    // A span of no width is shown one column wide.
    if end_w == start_w {
        end_w += 1;
    }
    // Origin.
    let n = f.line_no.to_string().len();
    g.append(1, &" ".repeat(n));
    g.append(1, "--> ");
    g.append(1, &format!("{}:{}:{}", f.path, f.line_no, f.chars_before + start_char + 1));
    g.putc(2, n + 1, '|');
    // The margin of a long line.
    // A line of whitespace only has no margin of it.
    let whitespace = first_text.unwrap_or(0);
    let width_offset = 3 + n;
    let code_offset = width_offset;
    let label_right = end_w + str_width(f.label) + 1;
    let margin = Margin::new(
        whitespace,
        start_w.min(end_w),
        start_w.max(end_w),
        label_right,
        TERM_WIDTH.saturating_sub(code_offset),
        line_w,
    );
    // The source line.
    let row = 3;
    let mut left = margin.left(line_w);
    let right = margin.right(line_w);
    // The shown part: skip characters until `left` columns are passed,
    // then take those that fit in `right - left` columns.
    let (mut skipped, mut taken) = (0, 0);
    let mut it = line.char_indices().peekable();
    while let Some(&(_, c)) = it.peek() {
        if skipped >= left {
            break;
        }
        skipped += char_width(c);
        it.next();
    }
    let from = it.peek().map_or(line.len(), |&(i, _)| i);
    let mut to = line.len();
    for (i, c) in it {
        taken += char_width(c);
        if taken > right - left {
            to = i;
            break;
        }
    }
    let code = &line[from..to];
    left = left.max(skipped);
    let (width_taken, bytes_taken) = if margin.computed_left > 0 {
        let (mut w, mut b) = (0, 0);
        for c in code.chars() {
            w += char_width(c);
            b += c.len_utf8();
            if w >= MARGIN.len() {
                break;
            }
        }
        g.puts(row, code_offset, MARGIN);
        (w, b)
    } else {
        (0, 0)
    };
    g.puts(row, code_offset + width_taken, &code[bytes_taken..]);
    if line_w > right {
        let (mut w, mut n) = (0, 0);
        for c in code.chars().rev() {
            w += char_width(c);
            n += 1;
            if w >= MARGIN.len() {
                break;
            }
        }
        g.puts(row, code_offset + width_taken + code[bytes_taken..].chars().count() - n, MARGIN);
    }
    g.puts(row, 0, &f.line_no.to_string());
    g.putc(row, width_offset - 2, '|');
    // The annotation: separator, label, carets.
    g.putc(row + 1, width_offset - 2, '|');
    let label_col = if end_w == 0 { end_w + 2 } else { end_w + 1 }.saturating_sub(left);
    g.puts(row + 1, code_offset + label_col, f.label);
    for p in start_w..end_w {
        g.putc(row + 1, (code_offset + p).saturating_sub(left), '^');
    }
    let width = end_w - start_w;
    if width > margin.term_width * 2 && width > 5 * 2 + MARGIN.len() {
        let pad = (margin.term_width / 3).max(5);
        let a = code_offset + (start_w + pad).saturating_sub(left);
        let b = code_offset + (end_w - pad).saturating_sub(left);
        g.replace(row, a, b, MARGIN);
        g.replace(row + 1, a, b, MARGIN);
    }
    if !f.notes.is_empty() {
        let r = g.rows.len();
        g.putc(r, n + 1, '|');
    }
    g.render(out);
    // Notes.
    for (name, text) in f.notes {
        out.push('\n');
        out.push_str(name);
        out.push_str(": ");
        out.push_str(text);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotate_snippets::renderer::DecorStyle;
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

    fn reference(f: &Finding<'_>) -> String {
        let renderer = Renderer::plain().decor_style(DecorStyle::Ascii);
        let mut groups = vec![
            Level::ERROR.with_name(Some(f.level)).primary_title(f.title).id(f.id).element(
                Snippet::source(f.line)
                    .line_start(f.line_no)
                    .path(f.path)
                    .annotation(AnnotationKind::Primary.span(f.span.clone()).label(f.label)),
            ),
        ];
        for (name, text) in f.notes {
            groups.push(Group::with_title(Level::HELP.with_name(Some(*name)).secondary_title(*text)));
        }
        renderer.render(&groups)
    }

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "政务信息",
        "力戒冗长繁琐",
        "，",
        "。",
        "“",
        "”",
        "……",
        "——",
        "　",
        " ",
        "2026年11月",
        "GDP",
        "3.5%",
        "ab",
        "（一）",
        "Ａ",
        "😀",
        "e\u{301}",
        "\u{200b}",
        "x",
    ];

    fn check(f: &Finding<'_>) {
        let mut ours = String::new();
        assert!(render(&mut ours, f), "not covered: {:?}", f.line);
        assert_eq!(ours, reference(f), "line {:?} span {:?} label {:?}", f.line, f.span, f.label);
    }

    #[test]
    fn matches_annotate_snippets_on_generated_lines() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let notes: &[&[(&str, &str)]] = &[
            &[],
            &[("建议", "改为“……”")],
            &[("位置", "第3段第8字"), ("建议", "删去")],
        ];
        for case in 0..6000 {
            let pieces = match case % 3 {
                0 => rng.below(8) + 1,
                1 => rng.below(60) + 1,
                _ => rng.below(400) + 1,
            };
            let mut line = String::new();
            if rng.below(4) == 0 {
                line.push_str(&["　", " "][rng.below(2)].repeat(rng.below(60)));
            }
            for _ in 0..pieces {
                line.push_str(PIECES[rng.below(PIECES.len())]);
            }
            let bounds: Vec<usize> = (0..=line.len()).filter(|&i| line.is_char_boundary(i)).collect();
            let a = bounds[rng.below(bounds.len())];
            let b = match rng.below(4) {
                0 => a,
                1 => bounds[rng.below(bounds.len())].max(a),
                _ => bounds[(bounds.iter().position(|&x| x == a).unwrap() + rng.below(12)).min(bounds.len() - 1)],
            };
            let line_no = [1, 9, 10, 99, 100, 12345][rng.below(6)];
            let label = if rng.below(3) == 0 { "全文问题" } else { "" };
            check(&Finding {
                level: ["错误", "警告", "提示"][rng.below(3)],
                id: "format.ellipsis-dash",
                title: "[编报规范] “...”不是规范的省略号或破折号",
                path: "drafts/稿件 1.txt",
                line_no,
                chars_before: 0,
                line: &line,
                span: a..b,
                label,
                notes: notes[rng.below(notes.len())],
            });
        }
    }

    #[test]
    fn a_window_of_a_long_line_renders_as_the_whole_line() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for case in 0..400 {
            // Every third line is ASCII only: one column per character.
            let pieces = if case % 3 == 2 {
                &["x", "ab", "GDP", "3.5%"][..]
            } else {
                PIECES
            };
            let mut line = String::new();
            while line.len() <= LONG_LINE + [0, 100, 5000, 40_000][case % 4] {
                line.push_str(pieces[rng.below(pieces.len())]);
            }
            let bounds: Vec<usize> = (0..=line.len()).filter(|&i| line.is_char_boundary(i)).collect();
            let a = bounds[rng.below(bounds.len())];
            let b = match rng.below(4) {
                0 => a,
                1 => bounds[rng.below(bounds.len())].max(a),
                _ => bounds[(bounds.iter().position(|&x| x == a).unwrap() + rng.below(40)).min(bounds.len() - 1)],
            };
            let finding = |line, span, chars_before| Finding {
                level: "警告",
                id: "x.y",
                title: "t",
                path: "p",
                line_no: 3,
                chars_before,
                line,
                span,
                label: ["", "全文问题"][case % 2],
                notes: &[("建议", "s")],
            };
            let mut whole = String::new();
            assert!(render(&mut whole, &finding(&line, a..b, 0)));
            let w = window(&line, a..b);
            assert!(w.start <= a && b <= w.end, "{w:?} holds {a}..{b}");
            assert!(w.len() <= b - a + 2 * 4 * WINDOW_CONTEXT, "{w:?} is a window");
            let mut part = String::new();
            let before = line[..w.start].chars().count();
            assert!(render(&mut part, &finding(&line[w.clone()], a - w.start..b - w.start, before)));
            assert_eq!(part, whole, "case {case}: span {a}..{b} window {w:?}");
        }
        // Short lines are shown whole.
        assert_eq!(window("政务信息", 3..6), 0..12);
    }

    #[test]
    fn edge_cases_match() {
        let long = "长".repeat(300);
        let cases: Vec<(&str, Range<usize>)> = vec![
            ("a", 0..0),
            ("a", 1..1),
            ("a", 0..1),
            ("　　", 0..3),
            ("   ", 3..3),
            (&long, 0..long.len()),
            (&long, 0..0),
            (&long, long.len()..long.len()),
            (&long, 300..600),
            (&long, 3..long.len() - 3),
        ];
        for (line, span) in cases {
            for label in ["", "全文问题"] {
                check(&Finding {
                    level: "警告",
                    id: "x.y",
                    title: "t",
                    path: "p",
                    line_no: 7,
                    chars_before: 0,
                    line,
                    span: span.clone(),
                    label,
                    notes: &[("建议", "s")],
                });
            }
        }
    }

    #[test]
    fn widths_are_unicode_widths() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(char_width(c), unicode_width::UnicodeWidthChar::width(c).unwrap_or(1), "{:?}", c);
        }
    }

    #[test]
    fn special_characters_are_exactly_those_annotate_snippets_treats_apart() {
        let apart = |c: char| {
            c < ' '
                || c == '\u{7f}'
                || c == '\u{200d}'
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        };
        for c in ('\0'..='\u{3000}').chain(['\u{4e00}', '\u{ff0c}', '\u{1f600}']) {
            assert_eq!(special(&format!("ab{c}cd")), apart(c), "{:?}", c);
        }
    }

    #[test]
    fn special_characters_are_left_to_annotate_snippets() {
        for line in ["a\tb", "a\u{200d}b", "a\rb", ""] {
            let f = Finding {
                level: "警告",
                id: "x",
                title: "t",
                path: "p",
                line_no: 1,
                chars_before: 0,
                line,
                span: 0..0,
                label: "",
                notes: &[],
            };
            let mut out = String::new();
            assert!(!render(&mut out, &f));
            assert!(out.is_empty());
        }
    }
}

//! Built-in checks on the structure of the body.

use super::super::kinds::Ctx;
use super::super::Hit;
use super::Params;

/// Characters that close a complete sentence, possibly followed by closing
/// quotes or brackets.
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | ')' | '】')
    });
    t.ends_with(['。', '！', '？', '；', '…', '.', '!', '?', ';'])
}

/// A heading line: at most 20 Han characters and no comma (一、主要做法).
fn looks_like_heading(s: &str) -> bool {
    let t = s.trim();
    let han = t.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    !t.contains(['，', ',']) && han <= 20
}

/// The last body paragraph stops mid-sentence: no sentence-final
/// punctuation, and not a heading. Reports its last characters.
pub fn truncated_body(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let Some(last) = doc.paragraphs.last() else { return };
    let text = doc.slice(last);
    let trimmed = text.trim_end();
    if trimmed.is_empty() || ends_sentence(trimmed) || looks_like_heading(trimmed) {
        return;
    }
    let end = last.start + trimmed.len();
    // Highlight the last clause: from the last comma-like mark, at most 12 characters.
    let tail_start = trimmed
        .char_indices()
        .rev()
        .take(12)
        .take_while(|(_, c)| !matches!(c, '，' | '、' | '：' | '；'))
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    let start = last.start + tail_start;
    let span = if start < end { start..end } else { last.start..end };
    out.push(Hit::at(span));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_and_headings() {
        assert!(ends_sentence("已完成。"));
        assert!(ends_sentence("提出“三个不”。”"));
        assert!(!ends_sentence("并将于"));
        assert!(looks_like_heading("一、主要做法"));
        assert!(!looks_like_heading("县税务局已将其列入重点辅导名单，并将于"));
    }
}

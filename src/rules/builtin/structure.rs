//! Built-in checks on the structure of the body.

use std::sync::LazyLock;

use super::super::kinds::Ctx;
use super::super::Hit;
use super::Params;
use crate::re::Regex;

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

static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"\d{1,4}(?:年|月|日|号|时)|今年|去年|本月|上月|近日|日前|近期|目前|当前|前三季度|上半年|以来")
        .unwrap()
});
static FIGURE_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"\d+(?:\.\d+)?").unwrap());

/// Figures of `s` worth finding again: two or more digits (or a decimal),
/// not a year, month, day or time.
fn key_figures(s: &str) -> Vec<&str> {
    FIGURE_RE
        .find_iter(s)
        .filter(|m| m.as_str().len() >= 2)
        .filter(|m| !matches!(s[m.end()..].chars().next(), Some('年' | '月' | '日' | '号' | '时' | '点' | '分' | '至')))
        .map(|m| m.as_str())
        .collect()
}

/// `buried-lead`: the title's figures (接待游客386.2万人次) are in the body,
/// but none of them in the first paragraph, and that paragraph gives no
/// time — the lead is background (地处…，境内有…) and the news comes later.
/// Reports the first sentence.
pub fn buried_lead(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let (Some(title), Some(first), Some(sentence)) = (&doc.title, doc.paragraphs.first(), doc.sentences.first()) else {
        return;
    };
    if doc.paragraphs.len() < 2 {
        return;
    }
    let figures = key_figures(doc.slice(title));
    if figures.is_empty() {
        return;
    }
    let lead = doc.slice(first);
    if crate::document::han_count(lead) < 10 {
        return;
    }
    // A lead that opens with its time (2026年6至10月，…) is about the news,
    // whatever figure it starts with; background has no time.
    if TIME_RE.is_match(lead) || figures.iter().any(|f| key_figures(lead).contains(f)) {
        return;
    }
    let later = doc.paragraphs[1..].iter().position(|p| {
        let text = doc.slice(p);
        figures.iter().any(|f| key_figures(text).contains(f))
    });
    if let Some(k) = later {
        out.push(Hit::at(sentence.span.clone()).var("paragraph", (k + 2).to_string()));
    }
}

/// Place and unit names: ××县, ××镇, ××市, ××区 (not 我县, 全县, 该市 …),
/// national bodies, ××部, ××科技园, ××公司.
static PLACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"\p{Han}[^我该本全各此外郊两几多某每同向对和与及到赴送至从由经在一二三四五六七八九十\P{Han}](?:县|镇|乡|省)(?:[^长委级域内外城]|$)|\p{Han}[^我该本全各此外郊两几多某每城超门夜一二三四五六七八九十\P{Han}]市(?:[^场民值长委级域内外区]|$)|\p{Han}[^我该本全各此外郊两几多某每城小社园景辖矿片街发护范验业住库校新老一二三四五六七八九十\P{Han}]区(?:[^长委级域内外]|$)|全国|我国|中国|国务院|中共中央|党中央|中央|国家|[\p{Han}]{1,4}国(?:[^家务内有企资]|$)|[\p{Han}]{1,8}(?:部|署|总局)(?:[^门分署长]|$)|[\p{Han}]{2,8}(?:科技园|产业园|工业园|园区|开发区|高新区|示范区|新区|港区|景区|林场|农场|集团|公司|大学|学院)").unwrap()
});
static LOCAL_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"辖区|县|乡|镇|街道|社区|村").unwrap());
/// 我县, 该市: reported by `detail.unnamed-self`.
static SELF_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:我|该)(?:省|市|县|区|镇|乡)(?:[^场民值长委级]|$)").unwrap());

/// `no-place`: neither the title nor the body names a place or a unit — no
/// word the dictionary tags as a place (ns) or an organisation (nt), no
/// ××县 or ××公司 — so that once the footer is dropped nobody knows where
/// or whose the news is. Only for local items: a footer, or words such as
/// 辖区, 县, 镇 in the text. Reports the whole document.
pub fn no_place(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    if doc.paragraphs.is_empty() || SELF_RE.is_match(&ctx.joined) || PLACE_RE.is_match(&ctx.joined) {
        return;
    }
    // Only a local item (a footer, or 辖区/县/镇 words) is expected to name
    // its place; national news names none.
    if doc.footer.is_none() && !LOCAL_RE.is_match(&ctx.joined) {
        return;
    }
    for span in doc.text_spans() {
        for t in ctx.tokens.within(span) {
            let tag = ctx.tokens.pos(doc.slice(&t.span));
            if matches!(tag.as_str(), "ns" | "nt") {
                return;
            }
        }
    }
    out.push(Hit::doc(doc));
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

//! Built-in style checks for 精和散 (focus): restated title, restated
//! figures, and paragraphs about an unrelated matter (一文一事).

use std::cell::OnceCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::super::kinds::{Bigrams, Ctx};
use super::super::Hit;
use super::Params;
use crate::document::{han_count, DateKind, Document, FooterKey, Span};
use crate::re::Regex;

/// Share of `a`'s bigrams that also occur in `b`.
fn containment(a: &Bigrams, b: &Bigrams) -> f64 {
    let n = a.total();
    if n == 0 {
        return 0.0;
    }
    a.common(b) as f64 / n as f64
}

static NUM_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"\d+(?:\.\d+)?").unwrap());

/// Figures of `s`: numbers that are not parts of dates or times (2026年,
/// 10月, 18日, 8时, the 1 of 1至10月).
fn figures(s: &str) -> Vec<&str> {
    NUM_RE
        .find_iter(s)
        .filter(|m| {
            let next = s[m.end()..].chars().next();
            !matches!(
                next,
                Some('年' | '月' | '日' | '号' | '时' | '点' | '分' | '至' | '－' | '-' | '—' | '～' | ':' | '：')
            )
        })
        .map(|m| m.as_str())
        .collect()
}

/// `title-restated`: the first body sentence says little more than the
/// title — bigram Dice similarity ≥ `threshold` (default 0.7) — and adds no
/// date and no figure of its own. A lead that restates the event with its
/// date (“11月18日，…建成投产。”) is the normal opening and is not reported.
pub fn title_restated(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let (Some(title), Some(first)) = (&doc.title, doc.sentences.first()) else {
        return;
    };
    let t = doc.slice(title);
    let s = doc.slice(&first.span);
    // A first paragraph with no sentence-final mark is the title repeated as
    // a heading (a reproduced communiqué or letter), not a lead sentence.
    if !s.trim_end().ends_with(['。', '！', '？', '!', '?', '；', '…', '”', '’', '）']) {
        return;
    }
    // A lead that adds a time of its own, even a vague one (近日, 日前), is
    // not a bare restatement: timeliness.vague-time speaks to the vagueness.
    if !p.set.is_empty() && !p.set.find(&doc.text, &first.span, None).is_empty() {
        let in_title = !p.set.find(&doc.text, title, None).is_empty();
        if !in_title {
            return;
        }
    }
    let sim = Bigrams::of(t).dice(&Bigrams::of(s));
    if sim < p.threshold.unwrap_or(0.7) {
        return;
    }
    let dated = doc.dates.iter().any(|d| d.span.start >= first.span.start && d.span.end <= first.span.end);
    let title_figs: HashSet<&str> = NUM_RE.find_iter(t).map(|m| m.as_str()).collect();
    // Figures of the sentence's own dates are the date, not new facts.
    let in_date = |at: usize| {
        let at = first.span.start + at;
        doc.dates.iter().any(|d| d.span.start <= at && at < d.span.end)
    };
    let new_figure = NUM_RE.find_iter(s).any(|m| !title_figs.contains(m.as_str()) && !in_date(m.start()));
    if new_figure {
        return;
    }
    // A date before the title's words is a normal lead unless the rest of
    // the sentence is nothing but the title again (截至11月18日，棠溪县已完成
    // …17座。 under 棠溪县完成…17座).
    let mut sim = sim;
    if dated {
        let rest = s.split_once('，').map_or("", |(_, r)| r);
        let again = Bigrams::of(t).dice(&Bigrams::of(rest));
        if again < 0.85 || han_count(rest) > han_count(t) + 4 {
            return;
        }
        sim = again;
    }
    out.push(Hit::at(first.span.clone()).var("similarity", format!("{:.0}%", sim * 100.0)));
}

/// `restated-figures`: a later sentence repeats the figures of an earlier
/// one — at least `min` (default 2) distinct figures, all of them found in
/// one earlier sentence whose wording covers at least `threshold` (default
/// 0.5) of the later sentence’s character bigrams (70% of that when every
/// figure has three or more digits). Catches the closing
/// “综上所述，…” or “通过…，全县共…” sentence that restates the lead.
pub fn restated_figures(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let min = p.min.unwrap_or(2.0) as usize;
    let threshold = p.threshold.unwrap_or(0.5);
    if doc.sentences.len() > 400 {
        return;
    }
    // Only sentences with `min` figures or more take part (a sentence
    // restated holds all the figures of the later one).
    // Bigrams are counted only for the sentences whose figures are compared.
    let sents: Vec<(&Span, HashSet<&str>, OnceCell<Bigrams>)> = doc
        .sentences
        .iter()
        .filter_map(|s| {
            let figs: HashSet<&str> = figures(doc.slice(&s.span)).into_iter().collect();
            (figs.len() >= min).then(|| (&s.span, figs, OnceCell::new()))
        })
        .collect();
    let bigrams = |k: usize| sents[k].2.get_or_init(|| Bigrams::of(doc.slice(sents[k].0)));
    for (j, (sj, fj, _)) in sents.iter().enumerate() {
        // Figures of three or more digits (1286, 412) rarely recur by
        // chance: a paraphrase with fewer shared words is still a restatement.
        let distinctive = fj.iter().all(|f| f.chars().filter(char::is_ascii_digit).count() >= 3);
        let need = if distinctive { threshold * 0.7 } else { threshold };
        let first = (0..j).find(|&i| fj.is_subset(&sents[i].1) && containment(bigrams(j), bigrams(i)) >= need);
        if let Some(i) = first {
            out.push(Hit::at((*sj).clone()).var("count", fj.len()).line_var("line", sents[i].0.start));
        }
    }
}

/// Content words of a span: nouns, verbs, adjectives, idioms of two or more
/// characters, minus the stop words.
fn content_words<'a>(ctx: &'a Ctx, span: &Span, stop: &FxHashSet<&str>) -> FxHashSet<&'a str> {
    let doc: &Document = ctx.doc;
    ctx.tokens
        .within(span)
        .iter()
        .map(|t| doc.slice(&t.span))
        .filter(|w| w.chars().count() >= 2 && han_count(w) == w.chars().count() && !stop.contains(w))
        .filter(|w| {
            let pos = ctx.tokens.pos(w);
            matches!(pos.as_str().as_bytes().first(), Some(b'n' | b'v' | b'a' | b'i' | b'l' | b'j'))
        })
        .collect()
}

/// Whether paragraph `i` opens (within its first few characters) with a
/// day-level event date that lies outside the dates of the first paragraph.
/// A unit that "also" did something on that day (县水利局还在…举办, 此外, 同日).
static ALSO_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^[^，。；]{0,4}，?(?:此外|另外|同日|同一天|当天还)|^[^。；]{0,14}?[局委办院馆站所队镇乡村区县市]还(?:在|到|于|组织|举办|开展|召开|收到|接收|接待)").unwrap()
});
/// A paragraph that says the unit also held something (10月下旬，县人社局还举办了…):
/// another event even without a day of its own. 此外 alone is not enough:
/// news adds related facts with it.
static ALSO_HELD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^[^。；]{0,14}?[局委办院馆站所队镇乡村区县市]还(?:组织|举办|举行|开展|召开)(?:了)?").unwrap()
});

fn opens_new_date(doc: &Document, i: usize) -> bool {
    let para = &doc.paragraphs[i];
    let lead = &doc.paragraphs[0];
    let opening = doc.dates.iter().find(|d| {
        d.span.start >= para.start
            && doc.text[para.start..d.span.start].chars().count() <= 4
            && !d.deadline
            && d.kind != DateKind::TimeOnly
    });
    let Some(o) = opening else { return false };
    // Within the lead's span but told as something the unit also did
    // (11月19日下午，县水利局还在县体育馆举办…): another event all the same.
    let clause_end = doc.text[o.span.end..para.end].find(['。', '；']).map_or(para.end, |k| o.span.end + k);
    // 另外，11月18日，… : the writer marks it as something else.
    if ALSO_RE.is_match(&doc.text[o.span.end..clause_end]) || ALSO_RE.is_match(&doc.text[para.start..o.span.start]) {
        return true;
    }
    !doc.dates
        .iter()
        .filter(|d| d.span.start >= lead.start && d.span.end <= lead.end && d.kind != DateKind::TimeOnly)
        .any(|d| d.date <= o.date && o.date <= d.end)
}

/// `unrelated-paragraph` (一文一事): a body paragraph other than the first
/// that opens with an event date of its own and whose content words are
/// almost all absent from the title and the rest of the body — at most
/// `threshold` (default 0.15) of them found elsewhere, among at least `min`
/// (default 8) distinct content words. `words`/`lists` are stop words (工作,
/// 开展 …) that say nothing about the topic, as are the words of the footer's
/// 报送单位.
pub fn unrelated_paragraph(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let paras = &doc.paragraphs;
    if paras.len() < 2 || paras.len() > 12 {
        return;
    }
    let threshold = p.threshold.unwrap_or(0.15);
    let min = p.min.unwrap_or(8.0) as usize;
    // Only a paragraph of 40+ Han characters that opens with a date of its
    // own, or says the unit also did something (10月下旬，县人社局还举办…),
    // can be reported; most documents have none, and need no words.
    // (paragraph, marked by the writer as something the unit also did)
    // A 综合 item covers several aspects: only what the writer marks as
    // something else the unit also did is a candidate there.
    let round_up = doc.item_type == crate::document::ItemType::Comprehensive;
    let candidates: Vec<(usize, bool)> = (1..paras.len())
        .filter(|&i| han_count(doc.slice(&paras[i])) >= 40)
        .filter_map(|i| {
            let also = ALSO_HELD_RE.is_match(doc.slice(&paras[i]));
            (also || !round_up && opens_new_date(doc, i)).then_some((i, also))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let stop: FxHashSet<&str> = p.set.phrases().iter().map(|s| s.as_str()).collect();
    // Whether a word is a content word depends on the word alone, so a
    // content word of one paragraph is one of another's exactly when it is
    // among that paragraph's words (of two or more characters: 6+ bytes).
    let words: Vec<FxHashSet<&str>> = paras
        .iter()
        .map(|s| ctx.tokens.within(s).iter().filter(|t| t.span.len() >= 6).map(|t| doc.slice(&t.span)).collect())
        .collect();
    // The reporting unit's own name (审计局 in every paragraph of an
    // 审计局 item) says nothing about the topic.
    let unit = doc.footer.as_ref().and_then(|f| f.get(FooterKey::Unit)).map_or("", |f| f.value.as_str());
    for (i, also) in candidates {
        let mut wi = content_words(ctx, &paras[i], &stop);
        wi.retain(|w| !unit.contains(w));
        if wi.len() < min {
            continue;
        }
        // The title's content words are among its substrings.
        let elsewhere = |w: &str| {
            doc.title.as_ref().is_some_and(|t| doc.slice(t).contains(w))
                || words.iter().enumerate().any(|(k, wk)| k != i && wk.contains(w))
        };
        let shared = wi.iter().filter(|w| elsewhere(w)).count();
        let share = shared as f64 / wi.len() as f64;
        // …还举办了…: the writer says it is another matter; broad words
        // (全县, 企业) shared with the rest weigh less then.
        if share <= if also { threshold * 2.0 } else { threshold } {
            out.push(Hit::at(paras[i].clone()).var("overlap", format!("{:.0}%", share * 100.0)));
        }
    }
}

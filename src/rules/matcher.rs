//! Compiled matchers shared by the rule kinds: phrase sets (aho-corasick for
//! plain phrases, a regex per gapped phrase `在…正确领导下`) and the context
//! conditions of phrase and pattern rules.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::document::{Document, Span};
use crate::segment::Tokens;

/// Maximum characters a `…` gap in a phrase may stand for.
pub const GAP_CHARS: usize = 12;

#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<String>,
    ac: Option<AhoCorasick>,
    gapped: Vec<Regex>,
}

impl PhraseSet {
    pub fn new(phrases: impl IntoIterator<Item = String>) -> PhraseSet {
        let mut plain = Vec::new();
        let mut gapped = Vec::new();
        let mut all = Vec::new();
        for p in phrases {
            let p = p.trim().to_string();
            if p.is_empty() || all.contains(&p) {
                continue;
            }
            if p.contains('…') && p.trim_matches('…').contains('…') {
                let parts: Vec<String> = p.split('…').map(regex::escape).collect();
                let gap = format!("[^。！？；\\n]{{0,{GAP_CHARS}}}?");
                gapped.push(Regex::new(&parts.join(&gap)).expect("escaped phrase is a valid regex"));
            } else {
                plain.push(p.trim_matches('…').to_string());
            }
            all.push(p);
        }
        let ac = (!plain.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&plain)
                .expect("phrase automaton builds")
        });
        PhraseSet { phrases: all, ac, gapped }
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    /// Non-overlapping matches in `span` of `doc.text`, leftmost first and
    /// longest at each position. With `tokens`, a match must start and end on
    /// token boundaries.
    pub fn find(&self, text: &str, span: &Span, tokens: Option<&Tokens>) -> Vec<Span> {
        let hay = &text[span.clone()];
        let mut cands: Vec<Span> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(hay) {
                cands.push(span.start + m.start()..span.start + m.end());
            }
        }
        for re in &self.gapped {
            for m in re.find_iter(hay) {
                cands.push(span.start + m.start()..span.start + m.end());
            }
        }
        if let Some(t) = tokens {
            cands.retain(|c| t.aligned(c));
        }
        select(cands)
    }

    /// Number of (non-overlapping) matches.
    pub fn count(&self, text: &str, span: &Span, tokens: Option<&Tokens>) -> usize {
        self.find(text, span, tokens).len()
    }
}

/// Keep leftmost, then longest, non-overlapping spans.
pub fn select(mut cands: Vec<Span>) -> Vec<Span> {
    cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Span> = Vec::with_capacity(cands.len());
    for c in cands {
        if out.last().is_none_or(|l| c.start >= l.end) {
            out.push(c);
        }
    }
    out
}

/// Context conditions for phrase and pattern matches.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub exceptions: Option<PhraseSet>,
    pub unless: Option<Regex>,
    pub if_sentence: Option<Regex>,
    pub unless_sentence: Option<Regex>,
    pub if_document: Option<Regex>,
    pub unless_document: Option<Regex>,
    pub unless_before: Option<Regex>,
    pub unless_after: Option<Regex>,
    pub unless_near: Option<Regex>,
    /// Window, in characters, for `unless_before`/`unless_after`/`unless_near`.
    pub near: usize,
}

/// Text of `sentence` up to `n` chars before `at`.
fn before(text: &str, sentence: &Span, at: usize, n: usize) -> usize {
    let s = &text[sentence.start..at];
    s.char_indices().rev().nth(n.saturating_sub(1)).map_or(sentence.start, |(i, _)| sentence.start + i)
}

fn after(text: &str, sentence: &Span, at: usize, n: usize) -> usize {
    let s = &text[at..sentence.end.max(at)];
    s.char_indices().nth(n).map_or(sentence.end.max(at), |(i, _)| at + i)
}

impl Conditions {
    /// Document-level gate: `if_document` / `unless_document` over the
    /// title and body.
    pub fn document_ok(&self, doc_text: &str) -> bool {
        if let Some(re) = &self.if_document {
            if !re.is_match(doc_text) {
                return false;
            }
        }
        if let Some(re) = &self.unless_document {
            if re.is_match(doc_text) {
                return false;
            }
        }
        true
    }

    /// Whether a match at `m` survives the per-match conditions.
    pub fn match_ok(&self, doc: &Document, tokens: Option<&Tokens>, m: &Span) -> bool {
        let text = &doc.text;
        let sentence = doc.sentence_at(m.start);
        let sentence = sentence.start.min(m.start)..sentence.end.max(m.end);
        if let Some(ex) = &self.exceptions {
            if ex.find(text, &sentence, tokens).iter().any(|e| e.start < m.end && m.start < e.end && e != m) {
                return false;
            }
        }
        if let Some(re) = &self.unless {
            let hay = &text[sentence.clone()];
            if re.find_iter(hay).any(|e| {
                let e = sentence.start + e.start()..sentence.start + e.end();
                e.start < m.end && m.start < e.end
            }) {
                return false;
            }
        }
        let sent = &text[sentence.clone()];
        if let Some(re) = &self.if_sentence {
            if !re.is_match(sent) {
                return false;
            }
        }
        if let Some(re) = &self.unless_sentence {
            if re.is_match(sent) {
                return false;
            }
        }
        let b = before(text, &sentence, m.start, self.near);
        let a = after(text, &sentence, m.end, self.near);
        if let Some(re) = &self.unless_before {
            if re.is_match(&text[b..m.start]) {
                return false;
            }
        }
        if let Some(re) = &self.unless_after {
            if re.is_match(&text[m.end..a]) {
                return false;
            }
        }
        if let Some(re) = &self.unless_near {
            if re.is_match(&text[b..a]) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gapped_and_plain() {
        let set = PhraseSet::new(["高度重视".to_string(), "吹响…号角".to_string()]);
        let t = "县委高度重视，吹响了冬季攻坚的号角。";
        let m = set.find(t, &(0..t.len()), None);
        assert_eq!(m.len(), 2);
        assert_eq!(&t[m[1].clone()], "吹响了冬季攻坚的号角");
    }
}

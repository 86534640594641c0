//! Compiled matchers shared by the rule kinds: phrase sets (aho-corasick for
//! plain phrases, a regex per gapped phrase `在…正确领导下`) and the context
//! conditions of phrase and pattern rules.

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::kinds::Ctx;
use crate::document::Span;
use crate::re::Regex;
use crate::segment::Tokens;

/// A regex compiled when first used: a run compiles only the patterns its
/// documents reach (most condition patterns are consulted only around a
/// match). The syntax is checked when the rule is compiled.
#[derive(Clone)]
pub struct LazyRegex {
    pattern: Arc<str>,
    /// Shared by every rule with the same pattern.
    shared: Arc<Shared>,
}

struct Shared {
    /// Literals one of which every match contains (see
    /// [`crate::re::required_literals`]).
    required: Option<Arc<[String]>>,
    re: Regex,
}

/// Each pattern parsed once, so that rules sharing a pattern parse and
/// compile it once.
type Compiled = std::sync::Mutex<rustc_hash::FxHashMap<Arc<str>, Arc<Shared>>>;
static COMPILED: std::sync::LazyLock<Compiled> = std::sync::LazyLock::new(Default::default);

impl LazyRegex {
    pub fn new(pattern: &str) -> Result<LazyRegex, regex::Error> {
        let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((pattern, shared)) = compiled.get_key_value(pattern) {
            return Ok(LazyRegex { pattern: pattern.clone(), shared: shared.clone() });
        }
        let hir = crate::re::parse(pattern)?;
        let shared = Arc::new(Shared {
            required: crate::re::required_of(&hir).map(Into::into),
            re: Regex::from_hir(hir),
        });
        let pattern: Arc<str> = pattern.into();
        compiled.insert(pattern.clone(), shared.clone());
        Ok(LazyRegex { pattern, shared })
    }

    /// Literals one of which every match contains, if known.
    pub fn required(&self) -> Option<&[String]> {
        self.shared.required.as_deref()
    }

    /// Identity of the compiled pattern (shared by equal patterns).
    pub(crate) fn key(&self) -> usize {
        Arc::as_ptr(&self.shared) as usize
    }

    /// `Regex::captures_len` without compiling.
    pub fn groups(&self) -> usize {
        self.shared.re.captures_len()
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        &self.shared.re
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.pattern).finish()
    }
}

/// Documents at least this long (bytes) are searched with a DFA.
const LONG_TEXT: usize = 256 * 1024;

/// Overlapping Aho-Corasick automata over a list of literals, built at
/// first use: a contiguous NFA, cheap to build, for drafts; a DFA, slower
/// to build and faster to search, for long texts.
#[derive(Debug, Clone)]
pub(super) struct Automata {
    lits: Arc<[String]>,
    nfa: OnceLock<Option<AhoCorasick>>,
    dfa: OnceLock<Option<AhoCorasick>>,
}

impl Automata {
    pub(super) fn new(lits: impl Into<Arc<[String]>>) -> Automata {
        Automata {
            lits: lits.into(),
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
        }
    }

    pub(super) fn lits(&self) -> &Arc<[String]> {
        &self.lits
    }

    /// The automaton for a text of `len` bytes (`None` without literals).
    pub(super) fn for_len(&self, len: usize) -> Option<&AhoCorasick> {
        let (cell, kind) = if len >= LONG_TEXT {
            (&self.dfa, AhoCorasickKind::DFA)
        } else {
            (&self.nfa, AhoCorasickKind::ContiguousNFA)
        };
        cell.get_or_init(|| {
            (!self.lits.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(kind))
                    .build(&*self.lits)
                    .expect("literal automaton builds")
            })
        })
        .as_ref()
    }
}

/// Maximum characters a `…` gap in a phrase may stand for.
pub const GAP_CHARS: usize = 12;

#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<String>,
    /// Phrases without gaps, and their automata.
    plain: Automata,
    gapped: Arc<[Gapped]>,
}

/// A phrase with `…` gaps: its literal parts, matched as the regex
/// `A[^。！？；\n]{0,12}?B` would be (leftmost start, then the shortest
/// gaps), without compiling one; a phrase that starts with a gap keeps the
/// regex.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // a few dozen per rule set, never moved in bulk
enum Gapped {
    /// The parts, and a searcher for the first.
    Parts(Vec<String>, memchr::memmem::Finder<'static>),
    Re(Regex),
}

/// End of the shortest match of `gap rest[0] gap rest[1] …` at `pos`.
fn gap_match(hay: &str, pos: usize, rest: &[String]) -> Option<usize> {
    let Some((part, rest)) = rest.split_first() else {
        return Some(pos);
    };
    let mut p = pos;
    for k in 0..=GAP_CHARS {
        if hay[p..].starts_with(part.as_str()) {
            if let Some(e) = gap_match(hay, p + part.len(), rest) {
                return Some(e);
            }
        }
        if k == GAP_CHARS {
            break;
        }
        let c = hay[p..].chars().next()?;
        if matches!(c, '。' | '！' | '？' | '；' | '\n') {
            return None;
        }
        p += c.len_utf8();
    }
    None
}

impl Gapped {
    /// Non-overlapping matches, as `Regex::find_iter` gives them. `starts`,
    /// when given, are the positions in `hay` where the first part occurs,
    /// in order (from a [`super::scan::Scan`]).
    fn find_iter(
        &self,
        hay: &str,
        mut starts: Option<&mut dyn Iterator<Item = usize>>,
        mut f: impl FnMut(usize, usize),
    ) {
        match self {
            Gapped::Re(re) => re.find_iter(hay).for_each(|m| f(m.start(), m.end())),
            Gapped::Parts(parts, finder) => {
                let first = parts[0].as_str();
                let mut from = 0;
                let mut next = |from: usize| -> Option<usize> {
                    match starts {
                        Some(ref mut it) => it.find(|&s| s >= from),
                        None => finder.find(&hay.as_bytes()[from..]).map(|i| from + i),
                    }
                };
                while let Some(s) = next(from) {
                    match gap_match(hay, s + first.len(), &parts[1..]) {
                        Some(e) => {
                            f(s, e);
                            from = e;
                        }
                        None => from = s + first.chars().next().map_or(1, char::len_utf8),
                    }
                }
            }
        }
    }

    /// The literal a match starts with, if the phrase starts with one.
    pub(super) fn first(&self) -> Option<&str> {
        match self {
            Gapped::Parts(parts, _) => Some(&parts[0]),
            Gapped::Re(_) => None,
        }
    }
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
                let parts: Vec<String> = p.split('…').map(str::to_string).collect();
                if parts[0].is_empty() {
                    let parts: Vec<String> = parts.iter().map(|x| regex::escape(x)).collect();
                    let gap = format!("[^。！？；\\n]{{0,{GAP_CHARS}}}?");
                    gapped
                        .push(Gapped::Re(crate::re::new(&parts.join(&gap)).expect("escaped phrase is a valid regex")));
                } else {
                    let finder = memchr::memmem::Finder::new(parts[0].as_bytes()).into_owned();
                    gapped.push(Gapped::Parts(parts, finder));
                }
            } else {
                plain.push(p.trim_matches('…').to_string());
            }
            all.push(p);
        }
        PhraseSet {
            phrases: all,
            plain: Automata::new(plain),
            gapped: gapped.into(),
        }
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
        self.find_with(text, span, tokens, None)
    }

    /// [`PhraseSet::find`], with the occurrences of the set's literals in
    /// the whole text given by a scan instead of searched for here.
    pub(super) fn find_with(
        &self,
        text: &str,
        span: &Span,
        tokens: Option<&Tokens>,
        found: Option<super::scan::SetView>,
    ) -> Vec<Span> {
        let hay = &text[span.clone()];
        let mut cands: Vec<Span> = Vec::new();
        match found {
            Some(f) => cands.extend(f.plain(span)),
            None => {
                if let Some(ac) = self.plain.for_len(text.len()) {
                    for m in ac.find_overlapping_iter(hay) {
                        cands.push(span.start + m.start()..span.start + m.end());
                    }
                }
            }
        }
        for (i, g) in self.gapped.iter().enumerate() {
            let mut starts;
            let starts: Option<&mut dyn Iterator<Item = usize>> = match found.and_then(|f| f.firsts(i, span.start)) {
                Some(firsts) => {
                    let n = g.first().map_or(0, str::len);
                    starts = firsts
                        .iter()
                        .map(|&s| s as usize)
                        .take_while(move |&s| s < span.end)
                        .filter(move |&s| s + n <= span.end)
                        .map(|s| s - span.start);
                    Some(&mut starts)
                }
                None => None,
            };
            g.find_iter(hay, starts, |a, b| cands.push(span.start + a..span.start + b));
        }
        if let Some(t) = tokens {
            cands.retain(|c| t.aligned(c));
        }
        select(cands)
    }

    /// Identity of the set (shared by its clones).
    pub(super) fn key(&self) -> usize {
        Arc::as_ptr(self.plain.lits()) as *const u8 as usize
    }

    /// The literals a scan looks for: the plain phrases, and the first part
    /// of each gapped phrase (`None` for one that starts with a gap).
    pub(super) fn literals(&self) -> (&[String], Vec<Option<&str>>) {
        (self.plain.lits(), self.gapped.iter().map(Gapped::first).collect())
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
    pub unless: Option<LazyRegex>,
    pub if_sentence: Option<LazyRegex>,
    pub unless_sentence: Option<LazyRegex>,
    pub if_document: Option<LazyRegex>,
    pub unless_document: Option<LazyRegex>,
    pub unless_before: Option<LazyRegex>,
    pub unless_after: Option<LazyRegex>,
    pub unless_near: Option<LazyRegex>,
    /// Skip when the next sentence of the paragraph matches (a topic
    /// sentence whose evidence follows).
    pub unless_next_sentence: Option<LazyRegex>,
    /// Skip matches inside a cited name or term ([`Document::is_cited`]).
    pub skip_cited: Option<super::schema::SkipCited>,
    /// Skip matches in a goal, plan or exhortation ([`goal_from`]).
    pub unless_goal: bool,
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
    pub fn document_ok(&self, ctx: &Ctx) -> bool {
        if let Some(re) = &self.if_document {
            if !ctx.is_match(re, &ctx.joined) {
                return false;
            }
        }
        if let Some(re) = &self.unless_document {
            if ctx.is_match(re, &ctx.joined) {
                return false;
            }
        }
        true
    }

    /// Whether a match at `m` survives the per-match conditions. The
    /// sentence-wide parts (exceptions, `unless`, `if_sentence`,
    /// `unless_sentence`) are computed once per sentence and kept in `cache`,
    /// so that many matches in one long sentence cost linear time.
    pub fn match_ok(&self, ctx: &Ctx, m: &Span, cache: &mut SentenceCache) -> bool {
        let doc = ctx.doc;
        let text = &doc.text;
        let sentence = doc.sentence_at(m.start);
        let sentence = sentence.start.min(m.start)..sentence.end.max(m.end);
        if cache.span.as_ref() != Some(&sentence) {
            // Conditions whose regex cannot match their part of the text (no
            // required literal in it) are not run.
            let is_match = |re: &LazyRegex, span: Span| ctx.may_match_in(re, &span) && re.is_match(&text[span]);
            *cache = SentenceCache {
                span: Some(sentence.clone()),
                exceptions: self
                    .exceptions
                    .as_ref()
                    .map_or_else(Vec::new, |ex| ctx.find(ex, &sentence, Some(ctx.tokens))),
                unless: self.unless.as_ref().filter(|re| ctx.may_match_in(re, &sentence)).map_or_else(Vec::new, |re| {
                    re.find_iter(&text[sentence.clone()])
                        .map(|e| sentence.start + e.start()..sentence.start + e.end())
                        .collect()
                }),
                sentence_ok: self.if_sentence.as_ref().is_none_or(|re| is_match(re, sentence.clone()))
                    && !self.unless_sentence.as_ref().is_some_and(|re| is_match(re, sentence.clone())),
                goal_from: if self.unless_goal {
                    goal_from(text, ctx.tokens, &sentence)
                } else {
                    None
                },
            };
        }
        if !cache.sentence_ok
            || self.skip_cited.is_some_and(|k| doc.is_cited(m, k == super::schema::SkipCited::All))
            || cache.goal_from.is_some_and(|g| g <= m.start)
            || cache.exceptions.iter().any(|e| e.start < m.end && m.start < e.end && e != m)
            || cache.unless.iter().any(|e| e.start < m.end && m.start < e.end)
        {
            return false;
        }
        let is_match = |re: &LazyRegex, span: Span| ctx.may_match_in(re, &span) && re.is_match(&text[span]);
        let b = before(text, &sentence, m.start, self.near);
        let a = after(text, &sentence, m.end, self.near);
        if let Some(re) = &self.unless_before {
            if is_match(re, b..m.start) {
                return false;
            }
        }
        if let Some(re) = &self.unless_after {
            if is_match(re, m.end..a) {
                return false;
            }
        }
        if let Some(re) = &self.unless_near {
            if is_match(re, b..a) {
                return false;
            }
        }
        if let Some(re) = &self.unless_next_sentence {
            if doc.next_sentence(m.start).is_some_and(|n| is_match(re, n)) {
                return false;
            }
        }
        true
    }
}

/// Words that put what follows them in the same sentence into the future or
/// the optative: a goal, plan, requirement or call (要、将、力争、确保…), not
/// a result achieved. Matched as whole jieba tokens (主要、将军 are not).
const GOAL_WORDS: &[&str] = &[
    "要",
    "将",
    "将要",
    "力争",
    "确保",
    "努力",
    "争取",
    "旨在",
    "以期",
    "号召",
    "希望",
    "必须",
    "应",
    "应当",
    "应该",
    "需",
    "需要",
    "务必",
    "力求",
    "期待",
    "期望",
    "致力于",
    "预计",
    "计划",
    "拟",
    "目标",
    "要求",
    "倡议",
    "以便",
    "为了",
];

/// Where the first goal word (as a whole token) or target year (到2030年)
/// of `sentence` ends: a match from there on is in a goal clause. One pass
/// over the sentence, kept per sentence by [`SentenceCache`].
pub fn goal_from(text: &str, tokens: &Tokens, sentence: &Span) -> Option<usize> {
    let word = tokens
        .within(sentence)
        .iter()
        .find(|t| GOAL_WORDS.contains(&&text[t.span.clone()]))
        .map(|t| t.span.end);
    let year = TARGET_YEAR_RE.find(&text[sentence.clone()]).map(|m| sentence.start + m.end());
    word.into_iter().chain(year).min()
}

static TARGET_YEAR_RE: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| crate::re::new(r"(?:到|至|力争)\d{4}年").unwrap());

/// What [`Conditions::match_ok`] computed for the last sentence it saw.
#[derive(Debug, Default)]
pub struct SentenceCache {
    span: Option<Span>,
    exceptions: Vec<Span>,
    unless: Vec<Span>,
    sentence_ok: bool,
    goal_from: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gapped_parts_match_like_the_regex() {
        let phrases = ["吹响…号角", "在…正确领导下", "为…奠定…基础", "实现…双赢", "A…B"];
        let hays = [
            "县委高度重视，吹响了冬季攻坚的号角。吹响号角！吹响一二三四五六七八九十十一十二号角吹响一二三四五六七八九十十一十二十三号角",
            "在县委县政府的正确领导下，在上级正确领导下；在。正确领导下在在正确领导下",
            "为全面发展奠定了坚实基础，为为奠定奠定基础基础。为…奠定…基础",
            "实现了双赢实现实现双赢双赢",
            "AAB AxB A\nB AB B A",
        ];
        for p in phrases {
            let parts: Vec<String> = p.split('…').map(regex::escape).collect();
            let re = crate::re::new(&parts.join(&format!("[^。！？；\\n]{{0,{GAP_CHARS}}}?"))).unwrap();
            let first = p.split('…').next().unwrap();
            let finder = memchr::memmem::Finder::new(first.as_bytes()).into_owned();
            let g = Gapped::Parts(p.split('…').map(str::to_string).collect(), finder);
            for h in hays {
                let want: Vec<(usize, usize)> = re.find_iter(h).map(|m| (m.start(), m.end())).collect();
                let mut got = Vec::new();
                g.find_iter(h, None, |a, b| got.push((a, b)));
                assert_eq!(got, want, "{p} in {h}");
            }
        }
    }

    #[test]
    fn gapped_and_plain() {
        let set = PhraseSet::new(["高度重视".to_string(), "吹响…号角".to_string()]);
        let t = "县委高度重视，吹响了冬季攻坚的号角。";
        let m = set.find(t, &(0..t.len()), None);
        assert_eq!(m.len(), 2);
        assert_eq!(&t[m[1].clone()], "吹响了冬季攻坚的号角");
    }
}

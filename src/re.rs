//! Regexes that compile quickly.
//!
//! Most of zwlint's start-up went into compiling regexes, and most of that
//! into the UTF-8 automata of two Unicode classes: `\d` (every decimal digit
//! of every script, 70 ranges) and `\p{Han}` (the Han script, 20-odd ranges
//! scattered over several blocks). Drafts are Chinese text, so before a
//! pattern is compiled its syntax tree is rewritten:
//!
//! - `\d` matches ASCII and full-width digits (`0-9`, `０-９`) only;
//! - `\p{Han}` matches the CJK blocks whole (ideographs, extensions, radicals,
//!   compatibility ideographs, 々〆〇 and the Suzhou numerals), a superset
//!   that differs only in unassigned code points inside those blocks.
//!
//! A class that is one of them plus a few characters (`[\d.]`,
//! `[\p{Han}A-Z]`) is rewritten the same way; wide classes that contain them
//! (`\w`, `[^，。]`) and negated classes (`\D`, `[^\d]`) are left alone.
//! Patterns are checked against the original syntax first, so error
//! messages and positions are those of the pattern as written.
//!
//! [`Regex`] is built from that syntax tree on regex-automata's meta engine
//! (the regex crate's own engine and configuration) when first searched,
//! light or full (see [`LIGHT_BYTES`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{LazyLock, OnceLock};

use regex_automata::meta;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

fn class_of(pattern: &str) -> ClassUnicode {
    match regex_syntax::parse(pattern).expect("built-in class").into_kind() {
        HirKind::Class(Class::Unicode(c)) => c,
        _ => unreachable!("{pattern} is a Unicode class"),
    }
}

static DIGIT: LazyLock<ClassUnicode> = LazyLock::new(|| class_of(r"\d"));
static HAN: LazyLock<ClassUnicode> = LazyLock::new(|| class_of(r"\p{Han}"));

fn ranges(rs: &[(char, char)]) -> ClassUnicode {
    ClassUnicode::new(rs.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)))
}

static FAST_DIGIT: LazyLock<ClassUnicode> = LazyLock::new(|| ranges(&[('0', '9'), ('０', '９')]));
static FAST_HAN: LazyLock<ClassUnicode> = LazyLock::new(|| {
    ranges(&[
        ('\u{2E80}', '\u{2FDF}'),   // CJK radicals, Kangxi radicals
        ('\u{3005}', '\u{3007}'),   // 々〆〇
        ('\u{3021}', '\u{3029}'),   // Suzhou numerals
        ('\u{3038}', '\u{303B}'),   // 〸〹〺〻
        ('\u{3400}', '\u{4DBF}'),   // extension A
        ('\u{4E00}', '\u{9FFF}'),   // unified ideographs
        ('\u{F900}', '\u{FAFF}'),   // compatibility ideographs
        ('\u{16FE2}', '\u{16FE3}'), // 𖿢𖿣
        ('\u{16FF0}', '\u{16FF1}'),
        ('\u{20000}', '\u{3FFFF}'), // extensions B–I, compatibility supplement
    ])
});

fn contains(outer: &ClassUnicode, inner: &ClassUnicode) -> bool {
    let mut c = inner.clone();
    c.difference(outer);
    c.ranges().is_empty()
}

fn size(c: &ClassUnicode) -> u32 {
    c.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum()
}

/// `class` with `big` swapped for `small` when the class is `big` plus a few
/// more characters (`[\d.]`); a wide class that happens to contain it (`\w`,
/// `[^，。]`) is left alone. `None` when it is not such a class.
fn swap(class: &ClassUnicode, big: &ClassUnicode, small: &ClassUnicode) -> Option<ClassUnicode> {
    // Sizes first: most classes are far smaller than `big`.
    let extra = size(class).checked_sub(size(big))?;
    (extra < 20_000 && contains(class, big)).then(|| {
        let mut c = class.clone();
        c.difference(big);
        c.union(small);
        c
    })
}

/// `hir` with the fast classes, or `None` when it has no class to change
/// (most of a pattern is literals; they are not rebuilt).
fn rewrite(hir: &Hir) -> Option<Hir> {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let digits = swap(c, &DIGIT, &FAST_DIGIT);
            let han = swap(digits.as_ref().unwrap_or(c), &HAN, &FAST_HAN);
            han.or(digits).map(|c| Hir::class(Class::Unicode(c)))
        }
        HirKind::Repetition(r) => {
            let sub = rewrite(&r.sub)?;
            Some(Hir::repetition(regex_syntax::hir::Repetition { sub: Box::new(sub), ..r.clone() }))
        }
        HirKind::Capture(c) => {
            let sub = rewrite(&c.sub)?;
            Some(Hir::capture(regex_syntax::hir::Capture { sub: Box::new(sub), ..c.clone() }))
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let new: Vec<Option<Hir>> = subs.iter().map(rewrite).collect();
            if new.iter().all(Option::is_none) {
                return None;
            }
            let subs = new.into_iter().zip(subs).map(|(n, old)| n.unwrap_or_else(|| old.clone())).collect();
            Some(match hir.kind() {
                HirKind::Concat(_) => Hir::concat(subs),
                _ => Hir::alternation(subs),
            })
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) | HirKind::Look(_) => None,
    }
}

/// Capacity of each regex's lazy DFA cache per thread (the regex crate's
/// default is 2 MiB). On long texts the larger patterns outgrow 2 MiB, and
/// their states are thrown away and rebuilt over and over: 9 % fewer
/// instructions on a 2.5 MB report with 8 MiB (callgrind), none more with
/// 32 MiB; drafts never fill it.
const DFA_CACHE: usize = 8 << 20;

/// Parse `pattern`. Errors are those the regex crate gives for it.
pub fn parse(pattern: &str) -> Result<Hir, regex::Error> {
    regex_syntax::parse(pattern).map_err(|e| regex::Error::Syntax(e.to_string()))
}

/// Parse `pattern`; it is compiled when first searched. Errors are those of
/// the pattern as written.
pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
    parse(pattern).map(Regex::from_hir)
}

/// The regex crate's default limit on a compiled pattern.
const NFA_SIZE_LIMIT: usize = 10 << 20;

/// A pattern searches its first this many bytes (in all calls together)
/// with a light regex, and builds the full one after that.
///
/// A light regex is built without the lazy DFA (whose reverse automaton is
/// 43 % of the instructions of building the rules' patterns), without a
/// literal prefilter and without the one-pass DFA, and searches with the
/// bounded backtracker or the PikeVM. Measured with callgrind on the bench
/// drafts: a light regex costs some 0.8 M fewer instructions to build (one
/// draft uses some 70 patterns), and searching a 1.9 KB draft with light
/// regexes only costs some 21 M more than with full ones (all patterns
/// together). So a run that checks one draft builds light regexes only
/// (one draft: 186 M instructions with full regexes, 132 M), and a batch
/// (see [`set_light_first`]) builds the full ones. The engines find the same matches (regex-automata's engines agree
/// by design; `tests/engines.rs` checks it on every rule pattern).
pub const LIGHT_BYTES: usize = 4096;

static LIGHT_FIRST: AtomicBool = AtomicBool::new(true);

/// Whether patterns are built light until they have searched
/// [`LIGHT_BYTES`] (the default), or full at once. A run over many files
/// turns it off: its patterns search far more than that, and would be built
/// twice. Matches are the same either way.
pub fn set_light_first(yes: bool) {
    LIGHT_FIRST.store(yes, Relaxed);
}

/// See [`set_light_first`].
pub fn light_first() -> bool {
    LIGHT_FIRST.load(Relaxed)
}

/// A compiled pattern, with the part of the regex crate's `Regex` API that
/// zwlint uses, over the same engine (regex-automata's meta regex, with the
/// regex crate's configuration). It is built from the syntax tree parsed
/// when the pattern was checked, with the fast classes, when first searched:
/// light for the first [`LIGHT_BYTES`], then full.
#[derive(Debug)]
pub struct Regex {
    hir: Hir,
    /// Always the full regex (`Some(true)`) or the light one; `None`: by
    /// bytes searched.
    pinned: Option<bool>,
    /// Bytes searched so far.
    searched: AtomicUsize,
    light: OnceLock<meta::Regex>,
    full: OnceLock<meta::Regex>,
}

impl Clone for Regex {
    fn clone(&self) -> Regex {
        Regex {
            hir: self.hir.clone(),
            pinned: self.pinned,
            searched: AtomicUsize::new(self.searched.load(Relaxed)),
            light: self.light.clone(),
            full: self.full.clone(),
        }
    }
}

/// A match: its byte range in the haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(haystack: &'h str, span: regex_automata::Span) -> Match<'h> {
        Match { haystack, start: span.start, end: span.end }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The groups of one match.
#[derive(Clone, Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    caps: regex_automata::util::captures::Captures,
}

impl<'h> Captures<'h> {
    /// Group `i` (0 is the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.caps.get_group(i).map(|sp| Match::new(self.haystack, sp))
    }

    /// The group called `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        self.caps.get_group_by_name(name).map(|sp| Match::new(self.haystack, sp))
    }

    /// Number of groups, including group 0.
    pub fn len(&self) -> usize {
        self.caps.group_len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i).map(|m| m.as_str()).unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

impl std::ops::Index<&str> for Captures<'_> {
    type Output = str;

    fn index(&self, name: &str) -> &str {
        self.name(name).map(|m| m.as_str()).unwrap_or_else(|| panic!("no group named '{name}'"))
    }
}

/// The matches of [`Regex::find_iter`].
#[derive(Debug)]
pub struct Matches<'r, 'h> {
    haystack: &'h str,
    it: meta::FindMatches<'r, 'h>,
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;

    fn next(&mut self) -> Option<Match<'h>> {
        self.it.next().map(|m| Match::new(self.haystack, m.span()))
    }
}

/// The matches of [`Regex::captures_iter`].
#[derive(Debug)]
pub struct CaptureMatches<'r, 'h> {
    haystack: &'h str,
    it: meta::CapturesMatches<'r, 'h>,
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;

    fn next(&mut self) -> Option<Captures<'h>> {
        self.it.next().map(|caps| Captures { haystack: self.haystack, caps })
    }
}

impl Regex {
    /// A parsed pattern, to be compiled when first searched.
    pub fn from_hir(hir: Hir) -> Regex {
        Regex {
            hir,
            pinned: None,
            searched: AtomicUsize::new(0),
            light: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    /// A regex that always searches with the full engine, or always with
    /// the light one (to compare them).
    pub fn pinned(hir: Hir, full: bool) -> Regex {
        Regex { pinned: Some(full), ..Regex::from_hir(hir) }
    }

    /// Build the full regex, or the light one, now.
    pub fn warm_up(&self, full: bool) {
        self.built(full);
    }

    fn built(&self, full: bool) -> &meta::Regex {
        let cell = if full { &self.full } else { &self.light };
        // Patterns from rule files are compiled once when loaded (see
        // [`Regex::check`]), and zwlint's own in its tests, so this holds.
        cell.get_or_init(|| self.build(full).unwrap_or_else(|e| panic!("pattern {} does not compile: {e}", self.hir)))
    }

    fn build(&self, full: bool) -> Result<meta::Regex, regex::Error> {
        let config = meta::Config::new()
            .hybrid(full)
            .auto_prefilter(full)
            .onepass(full)
            .dfa(full)
            .match_kind(regex_automata::MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .hybrid_cache_capacity(DFA_CACHE);
        let fast = rewrite(&self.hir);
        meta::Builder::new()
            .configure(config)
            .build_from_hir(fast.as_ref().unwrap_or(&self.hir))
            .map_err(|e| match e.size_limit() {
                Some(n) => regex::Error::CompiledTooBig(n),
                None => regex::Error::Syntax(e.to_string()),
            })
    }

    /// Whether the pattern can match the empty string (`''`, `a*`, `^`,
    /// `x?`): such a pattern matches at every position.
    pub fn matches_empty(&self) -> bool {
        self.hir.properties().minimum_len() == Some(0)
    }

    /// Compile the full regex now (its automata are the largest), and keep
    /// it: a pattern that parses can still be too big to compile, and a
    /// rule file should say so when it is loaded.
    pub fn check(&self) -> Result<(), regex::Error> {
        if self.full.get().is_some() {
            return Ok(());
        }
        let _ = self.full.set(self.build(true)?);
        Ok(())
    }

    /// The engine for searching `len` more bytes.
    fn engine(&self, len: usize) -> &meta::Regex {
        if let Some(full) = self.pinned {
            return self.built(full);
        }
        if let Some(full) = self.full.get() {
            return full;
        }
        if !light_first() {
            return self.built(true);
        }
        let before = self.searched.fetch_add(len, Relaxed);
        self.built(before + len > LIGHT_BYTES)
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.engine(haystack.len()).is_match(haystack)
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.engine(haystack.len()).find(haystack).map(|m| Match::new(haystack, m.span()))
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        Matches {
            haystack,
            it: self.engine(haystack.len()).find_iter(haystack),
        }
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let re = self.engine(haystack.len());
        let mut caps = re.create_captures();
        re.captures(haystack, &mut caps);
        caps.is_match().then_some(Captures { haystack, caps })
    }

    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        CaptureMatches {
            haystack,
            it: self.engine(haystack.len()).captures_iter(haystack),
        }
    }

    /// [`Regex::captures`] of a match starting at `start` or later, with the
    /// text before `start` seen by look-arounds such as `^` and `\b`.
    pub fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        let re = self.engine(haystack.len().saturating_sub(start));
        let mut caps = re.create_captures();
        re.search_captures(&regex_automata::Input::new(haystack).span(start..haystack.len()), &mut caps);
        caps.is_match().then_some(Captures { haystack, caps })
    }

    /// Number of groups, including group 0.
    pub fn captures_len(&self) -> usize {
        self.hir.properties().explicit_captures_len() + 1
    }

    /// The parsed pattern.
    pub fn hir(&self) -> &Hir {
        &self.hir
    }
}

/// Most literals a requirement may list before it is not worth checking.
const MAX_REQUIRED: usize = 64;
/// Widest class whose characters are listed as literals.
const MAX_CLASS_CHARS: u32 = 16;

/// Literals at least one of which occurs in every match of `pattern`, or
/// `None` when no such set is known (the pattern can match without one, or
/// the set would be too large). A text containing none of them cannot
/// match, so a rule can skip a document without running its regex.
/// Literals containing a line break are not listed (texts joined by line
/// breaks could create them).
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    required_of(&regex_syntax::parse(pattern).ok()?)
}

/// [`required_literals`] of a parsed pattern.
pub fn required_of(hir: &Hir) -> Option<Vec<String>> {
    let mut lits = required(hir)?;
    lits.sort();
    lits.dedup();
    Some(lits)
}

/// How common a literal is: its frequency in jieba's dictionary (the
/// character 的 is some 300,000, a rare word a few dozen), 10 for a literal
/// that is not a dictionary word, at least 1,000 for a single character
/// (it also occurs inside other words).
fn commonness(lit: &str) -> u64 {
    let freq = crate::segment::dict::lookup(lit).map_or(10, |e| crate::segment::dict::freq(e) as u64);
    if lit.chars().count() == 1 {
        freq.max(1_000)
    } else {
        freq
    }
}

fn required(hir: &Hir) -> Option<Vec<String>> {
    let lits = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Literal(l) => vec![String::from_utf8(l.0.to_vec()).ok()?],
        HirKind::Class(Class::Unicode(c)) => {
            if size(c) > MAX_CLASS_CHARS {
                return None;
            }
            c.iter().flat_map(|r| r.start()..=r.end()).map(String::from).collect()
        }
        HirKind::Repetition(r) if r.min > 0 => return required(&r.sub),
        HirKind::Repetition(_) => return None,
        HirKind::Capture(c) => return required(&c.sub),
        // The child whose literals are rarest in Chinese text (then longest).
        HirKind::Concat(subs) => {
            return subs.iter().filter_map(required).min_by_key(|l| {
                let shortest = l.iter().map(String::len).min().unwrap_or(0);
                (l.iter().map(|w| commonness(w)).sum::<u64>(), std::cmp::Reverse(shortest))
            })
        }
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for s in subs {
                all.extend(required(s)?);
            }
            all
        }
    };
    let usable = !lits.is_empty()
        && lits.len() <= MAX_REQUIRED
        && lits.iter().all(|l| !l.is_empty() && !l.contains(['\n', '\r']));
    usable.then_some(lits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_matches_on_chinese_text() {
        let text = "2026年11月16日，东城县１４家企业共投资3.5亿元，𠀀字与〇、々也算汉字；٣ is not a digit here.";
        for p in [
            r"\d+",
            r"[\d.]+",
            r"\p{Han}+",
            r"[\p{Han}A-Z]{2,4}",
            r"(\d+)(万|亿)?元",
            r"[^\d]+",
            r"\D+",
            r"(?m)^\p{Han}",
            r"[^，。；]{2,}",
            r"\w+",
        ] {
            let fast = new(p).unwrap();
            let slow = regex::Regex::new(p).unwrap();
            let f: Vec<_> = fast.find_iter(text).map(|m| m.range()).collect();
            let s: Vec<_> = slow.find_iter(text).map(|m| m.range()).collect();
            if p.contains(r"\d") && !p.contains("^") && !p.contains(r"\D") {
                // Only the Arabic-Indic ٣ differs.
                assert!(f.iter().all(|r| !text[r.clone()].contains('٣')), "{p}");
            } else {
                assert_eq!(f, s, "{p}");
            }
            assert_eq!(fast.captures_len(), slow.captures_len(), "{p}");
        }
    }

    #[test]
    fn every_ideograph_in_the_bmp_is_han() {
        let fast = new(r"^\p{Han}$").unwrap();
        let slow = regex::Regex::new(r"^\p{Han}$").unwrap();
        for c in (0u32..0x10000).filter_map(char::from_u32) {
            let s = c.to_string();
            if slow.is_match(&s) {
                assert!(fast.is_match(&s), "{c:?}");
            }
        }
    }

    #[test]
    fn light_and_full_regexes_find_the_same() {
        let text = "2026年11月16日，东城县１４家企业共投资3.5亿元（上年同期为2.1亿元），同比增长66.7%。\n据统计，全县共有12个乡镇。";
        for p in [
            r"(\d+(?:\.\d+)?)(万|亿)?元",
            r"[^，。；]{0,6}?(同比)?增长(\d+(?:\.\d+)?)%",
            r"(?m)^据[^，]{0,4}",
            r"\b\w+\b",
        ] {
            let hir = parse(p).unwrap();
            let (light, full) = (Regex::pinned(hir.clone(), false), Regex::pinned(hir, true));
            let groups = |re: &Regex| -> Vec<Vec<Option<(usize, usize)>>> {
                let caps = re.captures_iter(text);
                caps.map(|c| (0..c.len()).map(|i| c.get(i).map(|m| (m.start(), m.end()))).collect()).collect()
            };
            assert_eq!(groups(&light), groups(&full), "{p}");
            assert!(!groups(&full).is_empty(), "{p}");
            assert_eq!(
                light.captures_at(text, 30).map(|c| c.get(0).unwrap().range()),
                full.captures_at(text, 30).map(|c| c.get(0).unwrap().range())
            );
        }
    }

    #[test]
    fn errors_are_those_of_the_pattern() {
        let e = new(r"(\d").unwrap_err().to_string();
        assert!(e.contains(r"(\d"), "{e}");
    }

    #[test]
    fn required_literals_are_needed_by_every_match() {
        let r = |p: &str| required_literals(p);
        assert_eq!(r("高度重视"), Some(vec!["高度重视".to_string()]));
        assert_eq!(r(r"\d+(万|亿)元"), Some(vec!["元".into()]));
        assert_eq!(r(r"\d+(万|亿)"), Some(vec!["万".into(), "亿".into()]));
        assert_eq!(r(r"(?:首创|全国第一)[^。]{0,4}"), Some(vec!["全国第一".into(), "首创".into()]));
        assert_eq!(r(r"[年月]\d+日"), Some(vec!["日".into()]));
        assert_eq!(r(r"\d+"), None);
        assert_eq!(r(r"(?:会议)?强调"), Some(vec!["强调".into()]));
        assert_eq!(r(r"会议|\d+"), None);
        assert_eq!(r("a\nb"), None);
        // Every match of a pattern contains one of its literals.
        let text = "会议强调，全国第一、首创3万元；2026年11月20日，总投资12亿元。";
        for p in [r"\d+(万|亿)元", r"(?:首创|全国第一)", r"[年月]\d+日", r"(?:会议)?强调"] {
            let lits = r(p).unwrap();
            for m in regex::Regex::new(p).unwrap().find_iter(text) {
                assert!(lits.iter().any(|l| m.as_str().contains(l.as_str())), "{p}: {}", m.as_str());
            }
        }
    }
}

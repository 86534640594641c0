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

use std::sync::LazyLock;

use regex::Regex;
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
/// `[^，。]`) is left alone.
fn swap(class: &mut ClassUnicode, big: &ClassUnicode, small: &ClassUnicode) {
    if contains(class, big) && size(class) - size(big) < 20_000 {
        class.difference(big);
        class.union(small);
    }
}

fn rewrite(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(mut c)) => {
            swap(&mut c, &DIGIT, &FAST_DIGIT);
            swap(&mut c, &HAN, &FAST_HAN);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Repetition(mut r) => {
            r.sub = Box::new(rewrite(*r.sub));
            Hir::repetition(r)
        }
        HirKind::Capture(mut c) => {
            c.sub = Box::new(rewrite(*c.sub));
            Hir::capture(c)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(rewrite).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(rewrite).collect()),
        kind @ (HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) | HirKind::Look(_)) => {
            // Rebuild leaf kinds as they were.
            match kind {
                HirKind::Empty => Hir::empty(),
                HirKind::Literal(l) => Hir::literal(l.0),
                HirKind::Class(c) => Hir::class(c),
                HirKind::Look(l) => Hir::look(l),
                _ => unreachable!(),
            }
        }
    }
}

/// Capacity of each regex's lazy DFA cache per thread (the regex crate's
/// default is 2 MiB). On long texts the larger patterns outgrow 2 MiB, and
/// their states are thrown away and rebuilt over and over: 9 % fewer
/// instructions on a 2.5 MB report with 8 MiB (callgrind), none more with
/// 32 MiB; drafts never fill it.
const DFA_CACHE: usize = 8 << 20;

/// Compile `pattern` with the fast classes. Errors are those of the pattern
/// as written.
pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return Regex::new(pattern);
    };
    match regex::RegexBuilder::new(&rewrite(hir).to_string()).dfa_size_limit(DFA_CACHE).build() {
        Ok(re) => Ok(re),
        // The printed form should always parse; fall back to the original.
        Err(_) => Regex::new(pattern),
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
            let slow = Regex::new(p).unwrap();
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
        let slow = Regex::new(r"^\p{Han}$").unwrap();
        for c in (0u32..0x10000).filter_map(char::from_u32) {
            let s = c.to_string();
            if slow.is_match(&s) {
                assert!(fast.is_match(&s), "{c:?}");
            }
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
            for m in Regex::new(p).unwrap().find_iter(text) {
                assert!(lits.iter().any(|l| m.as_str().contains(l.as_str())), "{p}: {}", m.as_str());
            }
        }
    }
}

//! Document → tokens. One [`Segmenter`] (a `jieba_rs::Jieba` with the
//! government user dictionary) is built once per process and shared
//! read-only; each document is segmented once, paragraph by paragraph.

use std::sync::{Arc, RwLock};

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

use crate::document::{Document, Span};

pub mod dict;
mod posseg;

/// The user dictionary shipped in `dictionaries/user.dict`.
pub const USER_DICT: &str = include_str!("../dictionaries/user.dict");

/// Part-of-speech tag, stored inline (jieba tags are at most 4 ASCII bytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pos([u8; 4]);

impl Pos {
    fn new(s: &str) -> Pos {
        let mut b = [0u8; 4];
        for (i, c) in s.bytes().take(4).enumerate() {
            b[i] = c;
        }
        Pos(b)
    }

    pub fn as_str(&self) -> &str {
        let n = self.0.iter().position(|&b| b == 0).unwrap_or(4);
        std::str::from_utf8(&self.0[..n]).unwrap_or("x")
    }

    /// Nouns, verbs, place and organisation names, idioms: words that carry
    /// content (used by title-body coverage).
    pub fn is_content(&self) -> bool {
        matches!(self.0[0], b'n' | b'v' | b'a' | b'i' | b'l' | b'j' | b'm' | b'e') && self.as_str() != "eng"
            || self.as_str() == "eng"
    }
}

impl std::fmt::Debug for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Token {
    pub span: Span,
}

/// Tokens of one document, with a boundary table for token-aligned matching.
/// Part-of-speech tags are looked up when asked for ([`Tokens::pos`]): few
/// rules need them.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// `boundary[i]` is true when a token starts or ends at byte `i`.
    boundary: Vec<bool>,
    /// Tags of the words only user dictionaries have.
    extra_tags: Arc<FxHashMap<Box<str>, Box<str>>>,
}

impl Tokens {
    /// jieba's part-of-speech tag of a token's word (`word` is the token's
    /// text): the dictionary's tag, or jieba's guess for a word it lacks.
    pub fn pos(&self, word: &str) -> Pos {
        tag_of(&self.extra_tags, word)
    }

    pub fn is_boundary(&self, off: usize) -> bool {
        self.boundary.get(off).copied().unwrap_or(false)
    }

    /// True when `span` starts and ends on token boundaries.
    pub fn aligned(&self, span: &Span) -> bool {
        self.is_boundary(span.start) && self.is_boundary(span.end)
    }

    /// Tokens inside `span`.
    pub fn within(&self, span: &Span) -> &[Token] {
        let a = self.tokens.partition_point(|t| t.span.start < span.start);
        let b = self.tokens.partition_point(|t| t.span.start < span.end);
        &self.tokens[a..b.max(a)]
    }
}

/// A word that never occurs in a text jieba looks words up in (it is not
/// made of Han or ASCII alphanumeric characters, and is not one character),
/// carrying the frequency of every entry not loaded, so that jieba's total
/// and therefore every route score stay those of the full dictionary.
const FILLER: &str = "\u{0}\u{0}";

/// The jieba instance of a [`Segmenter`] and which default entries it has.
struct State {
    jieba: Jieba,
    /// Bit `e` is set when default entry `e` is in `jieba`.
    loaded: Vec<u64>,
    /// Sum of the frequencies of the entries in `jieba` (filler aside).
    loaded_sum: usize,
    /// Bit `k` is set when every entry of group `k` (the entries that
    /// start with the same two characters) is loaded.
    groups: Vec<u64>,
}

impl State {
    fn has(&self, e: u32) -> bool {
        self.loaded[e as usize / 64] >> (e % 64) & 1 == 1
    }

    fn has_group(&self, k: usize) -> bool {
        self.groups[k / 64] >> (k % 64) & 1 == 1
    }
}

/// Texts prepared entry by entry before whole buckets are loaded (see
/// [`Segmenter::prepare`]).
const EXACT_TEXTS: usize = 16;

/// jieba with the default dictionary and user dictionaries, loaded lazily.
///
/// Segmentation is identical to `Jieba::new()` followed by `load_dict` of
/// each user dictionary: a document is segmented only after every default
/// entry that occurs in its text is loaded (with a user dictionary's
/// frequency where one overrides it), and one filler entry keeps jieba's
/// total frequency that of the full dictionary. Words only in user
/// dictionaries are always loaded. A two-kilobyte draft needs a few
/// thousand of the 349,045 entries.
fn tag_of(extra_tags: &FxHashMap<Box<str>, Box<str>>, word: &str) -> Pos {
    if let Some(t) = extra_tags.get(word) {
        Pos::new(t)
    } else if let Some(e) = dict::lookup(word) {
        Pos::new(dict::tag(e))
    } else {
        Pos::new(posseg::guess_tag(word))
    }
}

pub struct Segmenter {
    words: Words,
    state: RwLock<State>,
    /// Texts prepared so far.
    texts: std::sync::atomic::AtomicUsize,
}

/// What user dictionaries change in the default dictionary.
#[derive(Default)]
struct Words {
    /// Words of user dictionaries not in the default dictionary, in first
    /// appearance order: word, frequency (the last given), tag (the first).
    extra: Vec<(String, usize, String)>,
    extra_index: FxHashMap<String, usize>,
    extra_tags: Arc<FxHashMap<Box<str>, Box<str>>>,
    /// Default entries whose frequency a user dictionary replaced.
    overrides: FxHashMap<u32, usize>,
    /// Total frequency of the full dictionary.
    total: usize,
}

impl Words {
    fn apply_dict(&mut self, text: &str) {
        for line in text.lines() {
            let mut it = line.split_whitespace();
            let Some(word) = it.next() else { continue };
            let freq: usize = it.next().map_or(0, |f| f.parse().unwrap_or(0));
            let tag = it.next().unwrap_or("");
            if let Some(&i) = self.extra_index.get(word) {
                self.total = self.total + freq - self.extra[i].1;
                self.extra[i].1 = freq;
            } else if let Some(e) = dict::lookup(word) {
                let old = self.overrides.get(&e).copied().unwrap_or_else(|| dict::freq(e));
                self.total = self.total + freq - old;
                self.overrides.insert(e, freq);
            } else {
                self.extra_index.insert(word.to_string(), self.extra.len());
                self.extra.push((word.to_string(), freq, tag.to_string()));
                self.total += freq;
            }
        }
        self.extra_tags = Arc::new(self.extra.iter().map(|(w, _, t)| (w.as_str().into(), t.as_str().into())).collect());
    }

    /// A jieba instance with the user-only words and the filler.
    fn fresh_state(&self) -> State {
        let mut st = State {
            jieba: Jieba::empty(),
            loaded: vec![0; dict::ENTRIES.div_ceil(64)],
            loaded_sum: 0,
            groups: vec![0; dict::groups().div_ceil(64)],
        };
        for (w, f, t) in &self.extra {
            st.jieba.add_word(w, Some(*f), Some(t));
            st.loaded_sum += f;
        }
        st.jieba.add_word(FILLER, Some(self.total - st.loaded_sum), Some("x"));
        st
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// The default jieba dictionary plus the embedded user dictionary.
    pub fn new() -> Segmenter {
        let mut words = Words { total: dict::TOTAL as usize, ..Words::default() };
        // Valid: tests/dictionary.rs checks it.
        words.apply_dict(USER_DICT);
        Segmenter {
            state: RwLock::new(words.fresh_state()),
            words,
            texts: Default::default(),
        }
    }

    /// Add extra user dictionaries (jieba format: `word [freq] [tag]`),
    /// with jieba's semantics: a word already present gets the new
    /// frequency and keeps its tag.
    pub fn load_dict(&mut self, text: &str) -> Result<(), String> {
        // jieba's own parser, for its error messages.
        Jieba::empty().load_dict(&mut text.as_bytes()).map_err(|e| e.to_string())?;
        self.words.apply_dict(text);
        *self.state.get_mut().unwrap_or_else(|e| e.into_inner()) = self.words.fresh_state();
        Ok(())
    }

    /// Let every later text load whole groups (see [`Segmenter::prepare`]),
    /// as for a large file: scanning its chunks for character pairs costs
    /// less than scanning them for words or loading all 349k entries.
    pub fn prefer_groups(&self) {
        self.texts.fetch_max(EXACT_TEXTS, std::sync::atomic::Ordering::Relaxed);
    }

    /// Load the default entries that occur in `texts`.
    ///
    /// The first texts of a run load exactly the entries they contain
    /// (found by scanning the text for dictionary words): one draft needs a
    /// few thousand entries. Later texts load whole groups (the entries that
    /// start with the same two characters) instead, so that a text whose
    /// character pairs have all been seen needs a lookup and a bit test per
    /// character rather than a dictionary scan.
    pub fn prepare<'t>(&self, texts: impl IntoIterator<Item = &'t str>) {
        let by_group = self.texts.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= EXACT_TEXTS;
        // Under the read lock: the groups (or entries) the texts need that
        // are not loaded yet.
        let needed: Vec<u32> = {
            let st = self.state.read().unwrap_or_else(|e| e.into_inner());
            let mut v = Vec::new();
            for t in texts {
                if by_group {
                    dict::groups_in(t, |k| {
                        if !st.has_group(k) {
                            v.push(k as u32)
                        }
                    });
                } else {
                    dict::scan(t, |e| {
                        if !st.has(e) {
                            v.push(e)
                        }
                    });
                }
            }
            v
        };
        if needed.is_empty() {
            return;
        }
        let mut st = self.state.write().unwrap_or_else(|e| e.into_inner());
        let entries = if by_group {
            let mut groups = needed;
            groups.sort_unstable();
            groups.dedup();
            let mut entries = Vec::new();
            for k in groups.into_iter().map(|k| k as usize) {
                if !st.has_group(k) {
                    entries.extend(dict::group_entries(k).filter(|&e| !st.has(e)));
                    st.groups[k / 64] |= 1 << (k % 64);
                }
            }
            entries
        } else {
            needed
        };
        self.add(&mut st, &entries);
    }

    fn add(&self, st: &mut State, entries: &[u32]) {
        let before = st.loaded_sum;
        for &e in entries {
            if st.has(e) {
                continue;
            }
            st.loaded[e as usize / 64] |= 1 << (e % 64);
            let freq = self.words.overrides.get(&e).copied().unwrap_or_else(|| dict::freq(e));
            st.jieba.add_word(dict::word(e), Some(freq), Some(dict::tag(e)));
            st.loaded_sum += freq;
        }
        if st.loaded_sum != before {
            st.jieba.add_word(FILLER, Some(self.words.total - st.loaded_sum), Some("x"));
        }
    }

    /// Run `f` with a jieba instance that segments and tags `text` exactly
    /// as the full dictionary does.
    pub fn with_jieba<R>(&self, text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
        self.prepare([text]);
        let st = self.state.read().unwrap_or_else(|e| e.into_inner());
        f(&st.jieba)
    }

    /// Words of `text` with their tags, as jieba's `tag(text, true)` gives them:
    /// byte range and tag.
    pub fn tag(&self, text: &str) -> Vec<(Span, String)> {
        self.with_jieba(text, |j| {
            j.cut(text, true)
                .into_iter()
                .map(|t| (t.byte_start..t.byte_end, tag_of(&self.words.extra_tags, t.word).as_str().to_string()))
                .collect()
        })
    }

    /// The words of `text` (jieba `cut` with HMM).
    pub fn cut(&self, text: &str) -> Vec<String> {
        self.with_jieba(text, |j| j.cut(text, true).into_iter().map(|t| t.word.to_string()).collect())
    }

    /// Segment the title and every body paragraph of a document.
    pub fn segment(&self, doc: &Document) -> Tokens {
        self.prepare([doc.text.as_str()]);
        let st = self.state.read().unwrap_or_else(|e| e.into_inner());
        let jieba = &st.jieba;
        let mut tokens = Vec::with_capacity(doc.text.len() / 4);
        let mut boundary = vec![false; doc.text.len() + 1];
        let spans = doc.header.iter().chain(doc.text_spans());
        for span in spans {
            cut_into(jieba, &doc.text, span, &mut tokens, &mut boundary);
        }
        if let Some(f) = &doc.footer {
            for l in &f.lines {
                cut_into(jieba, &doc.text, l, &mut tokens, &mut boundary);
            }
        }
        tokens.sort_by_key(|t: &Token| t.span.start);
        Tokens { tokens, boundary, extra_tags: self.words.extra_tags.clone() }
    }
}

fn cut_into(jieba: &Jieba, text: &str, span: &Span, tokens: &mut Vec<Token>, boundary: &mut [bool]) {
    let s = &text[span.clone()];
    for t in jieba.cut(s, true) {
        let a = span.start + t.byte_start;
        let b = span.start + t.byte_end;
        boundary[a] = true;
        boundary[b] = true;
        tokens.push(Token { span: a..b });
    }
}

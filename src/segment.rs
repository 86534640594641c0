//! Document → tokens. One [`Segmenter`] (a `jieba_rs::Jieba` with the
//! government user dictionary) is built once per process and shared
//! read-only; each document is segmented once, paragraph by paragraph.

use jieba_rs::Jieba;

use crate::document::{Document, Span};

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
    pub pos: Pos,
}

/// Tokens of one document, with a boundary table for token-aligned matching.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// `boundary[i]` is true when a token starts or ends at byte `i`.
    boundary: Vec<bool>,
}

impl Tokens {
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

pub struct Segmenter {
    jieba: Jieba,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// The default jieba dictionary plus the embedded user dictionary.
    pub fn new() -> Segmenter {
        let mut jieba = Jieba::new();
        jieba
            .load_dict(&mut USER_DICT.as_bytes())
            .expect("embedded user dictionary is valid (checked by tests)");
        Segmenter { jieba }
    }

    /// Add extra user dictionaries (jieba format: `word [freq] [tag]`).
    pub fn load_dict(&mut self, dict: &str) -> Result<(), String> {
        self.jieba.load_dict(&mut dict.as_bytes()).map_err(|e| e.to_string())
    }

    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Segment the title and every body paragraph of a document.
    pub fn segment(&self, doc: &Document) -> Tokens {
        let mut tokens = Vec::with_capacity(doc.text.len() / 4);
        let mut boundary = vec![false; doc.text.len() + 1];
        let spans = doc.header.iter().chain(doc.text_spans());
        for span in spans {
            self.cut_into(&doc.text, span, &mut tokens, &mut boundary);
        }
        if let Some(f) = &doc.footer {
            for l in &f.lines {
                self.cut_into(&doc.text, l, &mut tokens, &mut boundary);
            }
        }
        tokens.sort_by_key(|t: &Token| t.span.start);
        Tokens { tokens, boundary }
    }

    fn cut_into(&self, text: &str, span: &Span, tokens: &mut Vec<Token>, boundary: &mut [bool]) {
        let s = &text[span.clone()];
        for t in self.jieba.tag(s, true) {
            let a = span.start + t.byte_start;
            let b = span.start + t.byte_end;
            boundary[a] = true;
            boundary[b] = true;
            tokens.push(Token { span: a..b, pos: Pos::new(t.tag) });
        }
    }
}

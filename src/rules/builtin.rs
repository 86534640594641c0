//! Checks that need code. Each is configured and documented by a rule file
//! of kind `builtin` with `check = "<name>"`, carrying the same metadata and
//! examples as any declarative rule.

use super::kinds::Ctx;
use super::matcher::PhraseSet;
use super::Hit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// Unbalanced “” ‘’ （） 《》 【】 within a paragraph or the title.
    UnbalancedPairs,
}

/// Parameters a builtin may read from its rule file.
pub struct Params<'a> {
    pub threshold: Option<f64>,
    pub set: &'a PhraseSet,
    pub max: Option<f64>,
    pub min: Option<f64>,
}

impl Builtin {
    pub const ALL: &'static [Builtin] = &[Builtin::UnbalancedPairs];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::UnbalancedPairs => "unbalanced-pairs",
        }
    }

    pub fn parse(s: &str) -> Option<Builtin> {
        Builtin::ALL.iter().copied().find(|b| b.name() == s)
    }
}

pub fn run(check: Builtin, ctx: &Ctx, _p: Params, out: &mut Vec<Hit>) {
    match check {
        Builtin::UnbalancedPairs => unbalanced_pairs(ctx, out),
    }
}

const PAIRS: [(char, char); 5] = [('“', '”'), ('‘', '’'), ('（', '）'), ('《', '》'), ('【', '】')];

fn unbalanced_pairs(ctx: &Ctx, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    for span in doc.text_spans() {
        let s = doc.slice(span);
        for (open, close) in PAIRS {
            let mut stack: Vec<usize> = Vec::new();
            let mut stray: Option<usize> = None;
            for (i, c) in s.char_indices() {
                if c == open {
                    stack.push(i);
                } else if c == close && stack.pop().is_none() && stray.is_none() {
                    stray = Some(i);
                }
            }
            let at = stray.or_else(|| stack.first().copied());
            if let Some(i) = at {
                let c = s[i..].chars().next().unwrap();
                let start = span.start + i;
                let missing = if c == open { close } else { open };
                out.push(Hit::at(start..start + c.len_utf8()).var("missing", missing));
            }
        }
    }
}

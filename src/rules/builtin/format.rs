//! Built-in format checks (GB/T 15834 / 15835 / 9704 mechanics).

use super::super::kinds::Ctx;
use super::super::Hit;
use super::Params;

const PAIRS: [(char, char); 5] = [('“', '”'), ('‘', '’'), ('（', '）'), ('《', '》'), ('【', '】')];

pub fn unbalanced_pairs(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
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

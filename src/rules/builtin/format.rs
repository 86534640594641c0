//! Built-in format checks (GB/T 15834 / 15835 / 9704 mechanics).

use super::super::kinds::Ctx;
use super::super::Hit;
use super::Params;

const PAIRS: [(char, char); 7] = [
    ('“', '”'),
    ('‘', '’'),
    ('（', '）'),
    ('《', '》'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
];

/// Whether `c` may be a character of [`PAIRS`] (a cheap range test).
#[inline]
fn maybe_pair(c: char) -> bool {
    matches!(c, '\u{2018}'..='\u{201D}' | '\u{300A}'..='\u{3011}' | '\u{FF08}'..='\u{FF09}')
}

/// Sentence-final punctuation: a paragraph that ends with one of these is
/// complete; one that does not was broken mid-sentence (a heading, or text
/// extracted with hard line breaks), and its open pairs may close on the
/// next line.
fn ends_complete(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | ')'));
    t.ends_with(['。', '！', '？', '；', '…', '.', '!', '?'])
}

/// Whether `c` at byte `i` of `s` is an apostrophe rather than a quote:
/// between Latin letters (China’s) or before a two-digit year (’99).
fn apostrophe(s: &str, i: usize, c: char) -> bool {
    if c != '’' {
        return false;
    }
    let prev = s[..i].chars().next_back();
    let next: Vec<char> = s[i + c.len_utf8()..].chars().take(2).collect();
    prev.is_some_and(|p| p.is_ascii_alphabetic()) && next.first().is_some_and(|n| n.is_ascii_alphabetic())
        || next.len() == 2 && next.iter().all(|n| n.is_ascii_digit())
}

/// Unbalanced quotes, brackets and 书名号. Pairs are matched within a
/// paragraph; an opener left open at the end of a paragraph that stops
/// mid-sentence carries over to the next line (`《\n标题\n》`), and a quotation
/// running over several paragraphs may leave each paragraph open when the
/// next one starts with the same opening quote (GB/T 15834 on quotations of several paragraphs). The title
/// is checked on its own.
pub fn unbalanced_pairs(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let mut units: Vec<Vec<&std::ops::Range<usize>>> = Vec::new();
    if let Some(t) = &doc.title {
        units.push(vec![t]);
    }
    units.push(doc.paragraphs.iter().collect());
    for lines in units {
        // Per pair: byte offsets (in doc.text) of openers still open, and
        // whether the pair was reported in this unit. One pass over the text
        // serves every pair.
        let mut stacks: [Vec<usize>; PAIRS.len()] = Default::default();
        let mut reported = [false; PAIRS.len()];
        for (li, span) in lines.iter().enumerate() {
            let s = doc.slice(span);
            // Continuation of a multi-paragraph quotation.
            if li > 0 && ends_complete(doc.slice(lines[li - 1])) {
                for (k, &(open, close)) in PAIRS.iter().enumerate() {
                    let stack = &mut stacks[k];
                    if stack.is_empty() {
                        continue;
                    }
                    if s.starts_with(open) && open != '（' {
                        stack.clear();
                    } else if !reported[k] {
                        push(out, doc, stack[0], open, close);
                        reported[k] = true;
                        stack.clear();
                    } else {
                        stack.clear();
                    }
                }
            }
            for (i, c) in s.char_indices() {
                if !maybe_pair(c) {
                    continue;
                }
                for (k, &(open, close)) in PAIRS.iter().enumerate() {
                    if c == open {
                        stacks[k].push(span.start + i);
                    } else if c == close && !apostrophe(s, i, c) && stacks[k].pop().is_none() && !reported[k] {
                        push(out, doc, span.start + i, open, close);
                        reported[k] = true;
                    }
                }
            }
        }
        for (k, &(open, close)) in PAIRS.iter().enumerate() {
            if let Some(&first) = stacks[k].first() {
                if !reported[k] {
                    push(out, doc, first, open, close);
                }
            }
        }
    }
}

fn push(out: &mut Vec<Hit>, doc: &crate::document::Document, at: usize, open: char, close: char) {
    let c = doc.text[at..].chars().next().unwrap();
    let missing = if c == open { close } else { open };
    out.push(Hit::at(at..at + c.len_utf8()).var("mark", mark_name(c)).var("missing", mark_name(missing)));
}

/// A mark of [`PAIRS`] named for a message (GB/T 15834—2011 names): a
/// quotation mark in brackets, any other mark in quotation marks, so that a
/// message never wraps a quotation mark in quotation marks (`“””`).
fn mark_name(c: char) -> String {
    let side = if PAIRS.iter().any(|&(open, _)| open == c) {
        "前"
    } else {
        "后"
    };
    let (name, quotation) = match c {
        '“' | '”' => ("双引号", true),
        '‘' | '’' => ("单引号", true),
        '「' | '」' => ("直角引号", true),
        '『' | '』' => ("双直角引号", true),
        '（' | '）' => ("括号", false),
        '【' | '】' => ("方头括号", false),
        _ => ("书名号", false),
    };
    if quotation {
        format!("{side}{name}（{c}）")
    } else {
        format!("{side}{name}“{c}”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_character_passes_the_range_test() {
        for (a, b) in PAIRS {
            assert!(maybe_pair(a) && maybe_pair(b), "{a}{b}");
        }
    }
}

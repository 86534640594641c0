//! The POS tag jieba gives a word that is not in its dictionary: a port of
//! jieba-rs 0.11's `guess_tag` (ASCII heuristics, then the compound POS HMM
//! over the word), reading the model from tables `build.rs` makes of
//! `dictionaries/jieba/posseg.txt.gz` instead of parsing 2.5 MB of text at
//! first use. `tests/segmentation.rs` checks that the tags are jieba's.

use std::cell::RefCell;

mod consts {
    include!(concat!(env!("OUT_DIR"), "/posseg_consts.rs"));
}

const MIN_FLOAT: f64 = -3.14e100;
const NUM_POS: usize = 4;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = NUM_POS * NUM_TAGS;
/// Positions that may precede each position (B after E/S, M and E after
/// B/M, S after E/S).
const PREV_POS: [[usize; 2]; NUM_POS] = [[2, 3], [0, 1], [0, 1], [2, 3]];

#[repr(C, align(8))]
struct Aligned<T: ?Sized>(T);

static F64S: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/posseg_f64.bin")));
static U16S: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/posseg_u16.bin")));
static U32S: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/posseg_u32.bin")));
static TAGS: &str = include_str!(concat!(env!("OUT_DIR"), "/posseg_tags.txt"));

fn cast<T>(b: &'static Aligned<[u8]>) -> &'static [T] {
    // SAFETY: the tables are 8-aligned (`Aligned`), little-endian (checked
    // in `dict`), and every bit pattern is a valid u16, u32 or f64.
    let (pre, mid, post) = unsafe { b.0.align_to::<T>() };
    assert!(pre.is_empty() && post.is_empty());
    mid
}

struct Model {
    start: &'static [f64],
    /// `trans[to * 256 + from]`.
    trans: &'static [f64],
    emits: &'static [f64],
    char_index: &'static [u16],
    states: &'static [u16],
    /// Per row: start, then the bounds of its four position groups.
    rows: &'static [u32],
    /// `(char, row)` pairs.
    extra: &'static [u32],
    tags: Vec<&'static str>,
}

static MODEL: std::sync::LazyLock<Model> = std::sync::LazyLock::new(|| {
    let f = cast::<f64>(F64S);
    let u = cast::<u16>(U16S);
    let w = cast::<u32>(U32S);
    let rows = &w[..consts::ROWS * 6];
    let extra = &w[consts::ROWS * 6..consts::ROWS * 6 + consts::EXTRA * 2];
    Model {
        start: &f[..NUM_STATES],
        trans: &f[NUM_STATES..NUM_STATES + NUM_STATES * NUM_STATES],
        emits: &f[NUM_STATES + NUM_STATES * NUM_STATES..],
        char_index: &u[..0x1_0000],
        states: &u[0x1_0000..0x1_0000 + consts::STATES],
        rows,
        extra,
        tags: TAGS.split('\n').collect(),
    }
});

impl Model {
    fn row(&self, ch: char) -> [u32; 6] {
        let r = if (ch as usize) < 0x1_0000 {
            self.char_index[ch as usize] as usize
        } else {
            let n = self.extra.len() / 2;
            (0..n).find(|&i| self.extra[2 * i] == ch as u32).map_or(0, |i| self.extra[2 * i + 1] as usize)
        };
        self.rows[r * 6..r * 6 + 6].try_into().unwrap()
    }

    /// States of a row with positions `from..to`, with their emissions.
    fn states(&self, row: [u32; 6], from: usize, to: usize) -> impl Iterator<Item = (u16, f64)> + '_ {
        let a = (row[0] + row[1 + from]) as usize;
        let b = (row[0] + row[1 + to]) as usize;
        self.states[a..b].iter().copied().zip(self.emits[a..b].iter().copied())
    }
}

fn pos_bounds(states: &[(u16, f64)]) -> [usize; NUM_POS + 1] {
    let mut bounds = [0; NUM_POS + 1];
    for pos in 0..NUM_POS {
        bounds[pos + 1] = states.partition_point(|&(s, _)| s as usize / NUM_TAGS <= pos);
    }
    bounds
}

#[derive(Default)]
struct Scratch {
    prev: Vec<u16>,
    path: Vec<u16>,
    live: Vec<(u16, f64)>,
    next_live: Vec<(u16, f64)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Viterbi over the characters of a word; calls `emit(start, end, tag)`
/// for each span of the best path (character indices).
fn viterbi(m: &Model, chars: &[char], s: &mut Scratch, mut emit: impl FnMut(usize, usize, &'static str)) {
    let n = chars.len();
    if n == 0 {
        return;
    }
    let tag = |st: u16| m.tags[st as usize % NUM_TAGS];
    if n == 1 {
        let mut best: Option<(f64, u16)> = None;
        for (st, em) in m.states(m.row(chars[0]), 3, 4) {
            let p = m.start[st as usize] + em;
            if p > MIN_FLOAT && best.is_none_or(|(bp, _)| p >= bp) {
                best = Some((p, st));
            }
        }
        emit(0, 1, best.map_or("x", |(_, st)| tag(st)));
        return;
    }
    let Scratch { prev, path, live, next_live } = s;
    live.clear();
    for (st, em) in m.states(m.row(chars[0]), 0, 4) {
        let p = m.start[st as usize] + em;
        if p > MIN_FLOAT {
            live.push((st, p));
        }
    }
    if live.is_empty() {
        emit(0, n, "x");
        return;
    }
    let mut bounds = pos_bounds(live);
    if prev.len() < n * NUM_STATES {
        prev.resize(n * NUM_STATES, u16::MAX);
    }
    for t in 1..n {
        next_live.clear();
        for (st, em) in m.states(m.row(chars[t]), 0, 4) {
            let si = st as usize;
            let trans_from = &m.trans[si * NUM_STATES..(si + 1) * NUM_STATES];
            let mut best_prob = MIN_FLOAT;
            let mut best_prev = u16::MAX;
            for &pp in &PREV_POS[si / NUM_TAGS] {
                for &(ps, pv) in &live[bounds[pp]..bounds[pp + 1]] {
                    let tp = trans_from[ps as usize];
                    if tp <= MIN_FLOAT {
                        continue;
                    }
                    let prob = pv + tp + em;
                    if prob > best_prob {
                        best_prob = prob;
                        best_prev = ps;
                    }
                }
            }
            prev[t * NUM_STATES + si] = best_prev;
            if best_prob > MIN_FLOAT {
                next_live.push((st, best_prob));
            }
        }
        std::mem::swap(live, next_live);
        if live.is_empty() {
            emit(0, n, "x");
            return;
        }
        bounds = pos_bounds(live);
    }
    let mut best_prob = MIN_FLOAT;
    let mut best_state = u16::MAX;
    for pos in [2, 3] {
        for &(st, score) in &live[bounds[pos]..bounds[pos + 1]] {
            if score > best_prob {
                best_prob = score;
                best_state = st;
            }
        }
    }
    if best_state == u16::MAX || best_prob <= MIN_FLOAT {
        emit(0, n, "x");
        return;
    }
    path.clear();
    path.resize(n, 0);
    path[n - 1] = best_state;
    for t in (1..n).rev() {
        path[t - 1] = prev[t * NUM_STATES + path[t] as usize];
    }
    let mut word_start = 0;
    let mut last_end = None;
    for (t, &st) in path.iter().enumerate().take(n) {
        match st as usize / NUM_TAGS {
            0 => word_start = t,
            1 => {}
            2 => {
                emit(word_start, t + 1, tag(st));
                last_end = Some(t + 1);
            }
            _ => {
                emit(t, t + 1, tag(st));
                last_end = Some(t + 1);
            }
        }
    }
    match last_end {
        None => emit(0, n, "x"),
        Some(e) if e < n => emit(e, n, "x"),
        Some(_) => {}
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// jieba's tag for a word not in its dictionary.
pub fn guess_tag(word: &str) -> &'static str {
    let (mut eng, mut m) = (0, 0);
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            eng += 1;
            if c.is_ascii_digit() {
                m += 1;
            }
        }
    }
    if eng > 0 {
        return if eng == m { "m" } else { "eng" };
    }
    if !word.chars().any(is_cjk) {
        return "x";
    }
    let chars: Vec<char> = word.chars().collect();
    let mut best: Option<(usize, &'static str)> = None;
    SCRATCH.with(|s| {
        viterbi(&MODEL, &chars, &mut s.borrow_mut(), |a, b, tag| {
            // Longest span by bytes, the last one on ties.
            let len = chars[a..b].iter().map(|c| c.len_utf8()).sum::<usize>();
            if best.is_none_or(|(l, _)| len >= l) {
                best = Some((len, tag));
            }
        })
    });
    best.map_or("x", |(_, t)| t)
}

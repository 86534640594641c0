//! jieba's default dictionary (`dictionaries/jieba/dict.txt.gz`, the
//! `dict.txt` of jieba-rs 0.11, MIT) as static tables built by `build.rs`:
//! words sorted by bytes and grouped by their first two characters, with a
//! direct index from the first character to its groups. Nothing is parsed
//! at run time; [`scan`] finds every entry that occurs in a text, so that a
//! run inserts only those into jieba.

#[cfg(not(target_endian = "little"))]
compile_error!("the dictionary tables are little-endian");

mod consts {
    include!(concat!(env!("OUT_DIR"), "/jieba_consts.rs"));
}
pub use consts::{ENTRIES, TOTAL};

#[repr(C, align(4))]
struct Aligned<T: ?Sized>(T);

static C1: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/jieba_c1.bin")));
static GROUPS: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/jieba_groups.bin")));
static ENTRY_TABLE: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/jieba_entries.bin")));
static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_words.txt"));
static TAGS: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba_tags.txt"));

fn u32s(b: &'static Aligned<[u8]>) -> &'static [u32] {
    // SAFETY: the bytes are 4-aligned (`Aligned`), every bit pattern is a
    // valid u32, and the tables are written little-endian (checked above).
    let (pre, mid, post) = unsafe { b.0.align_to::<u32>() };
    assert!(pre.is_empty() && post.is_empty());
    mid
}

/// Index of the first group of each BMP character (65,537 values).
#[inline]
fn c1() -> &'static [u32] {
    u32s(C1)
}

/// Second character of each group's words (0: the one-character word).
#[inline]
fn group_c2() -> &'static [u32] {
    &u32s(GROUPS)[..consts::GROUPS]
}

/// First entry of each group, and one past the last entry.
#[inline]
fn group_start() -> &'static [u32] {
    &u32s(GROUPS)[consts::GROUPS..]
}

/// Byte offset of each entry's word, and the end of the last one.
#[inline]
fn offsets() -> &'static [u32] {
    &u32s(ENTRY_TABLE)[..ENTRIES + 1]
}

/// `freq << 8 | tag` of each entry.
#[inline]
fn meta() -> &'static [u32] {
    &u32s(ENTRY_TABLE)[ENTRIES + 1..]
}

#[inline]
fn word_bytes(e: u32) -> &'static [u8] {
    let off = offsets();
    &WORDS[off[e as usize] as usize..off[e as usize + 1] as usize]
}

/// The word of entry `e`.
#[inline]
pub fn word(e: u32) -> &'static str {
    // SAFETY: build.rs writes whole words of a `str`, and the offsets are
    // the boundaries between them.
    unsafe { std::str::from_utf8_unchecked(word_bytes(e)) }
}

/// The frequency of entry `e`.
#[inline]
pub fn freq(e: u32) -> usize {
    (meta()[e as usize] >> 8) as usize
}

/// The part-of-speech tag of entry `e`.
pub fn tag(e: u32) -> &'static str {
    static TAG_LIST: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| TAGS.split('\n').collect());
    TAG_LIST[(meta()[e as usize] & 0xff) as usize]
}

/// Groups of the words starting with `c`.
#[inline]
fn groups_of(c: char) -> std::ops::Range<usize> {
    let c = c as usize;
    if c >= 0x1_0000 {
        return 0..0;
    }
    let t = c1();
    t[c] as usize..t[c + 1] as usize
}

/// First index in `lo..hi` for which `pred` is false (`pred` is true on a
/// prefix of the range).
#[inline]
fn partition(mut lo: u32, mut hi: u32, pred: impl Fn(u32) -> bool) -> u32 {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Number of groups: entries are grouped by their first two characters
/// (a one-character word is a group of its own).
pub fn groups() -> usize {
    consts::GROUPS
}

/// The entries of group `k`: a contiguous range.
pub fn group_entries(k: usize) -> std::ops::Range<u32> {
    group_start()[k]..group_start()[k + 1]
}

/// Call `hit` with every group whose entries may occur in `text`: for each
/// character, the group of the one-character word and the group of the
/// character and the next one.
pub fn groups_in(text: &str, mut hit: impl FnMut(usize)) {
    let c2s = group_c2();
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        let g = groups_of(c);
        if g.is_empty() {
            continue;
        }
        let mut g0 = g.start;
        if c2s[g0] == 0 {
            hit(g0);
            g0 += 1;
        }
        let Some(&c2) = it.peek() else { continue };
        if let Ok(k) = c2s[g0..g.end].binary_search(&(c2 as u32)) {
            hit(g0 + k);
        }
    }
}

/// The entry of `word`, if the default dictionary has it.
pub fn lookup(word: &str) -> Option<u32> {
    let mut cs = word.chars();
    let g = groups_of(cs.next()?);
    let c2 = cs.next().map_or(0, |c| c as u32);
    let k = group_c2()[g.clone()].binary_search(&c2).ok()? + g.start;
    let (lo, hi) = (group_start()[k], group_start()[k + 1]);
    let i = partition(lo, hi, |e| word_bytes(e) < word.as_bytes());
    (i < hi && word_bytes(i) == word.as_bytes()).then_some(i)
}

/// Call `hit(entry)` for every dictionary entry that occurs in `text` (an
/// entry may be reported more than once).
pub fn scan(text: &str, mut hit: impl FnMut(u32)) {
    let bytes = text.as_bytes();
    let c2s = group_c2();
    let starts = group_start();
    let mut it = text.char_indices().peekable();
    while let Some((p, c)) = it.next() {
        let g = groups_of(c);
        if g.is_empty() {
            continue;
        }
        let mut g0 = g.start;
        if c2s[g0] == 0 {
            hit(starts[g0]);
            g0 += 1;
        }
        let Some(&(_, c2)) = it.peek() else { continue };
        let Ok(k) = c2s[g0..g.end].binary_search(&(c2 as u32)) else {
            continue;
        };
        let k = g0 + k;
        let (lo, hi) = (starts[k], starts[k + 1]);
        let rest = &bytes[p..];
        if hi - lo <= 8 {
            for e in lo..hi {
                let w = word_bytes(e);
                // Short words: a byte loop is cheaper than a memcmp call.
                if rest.len() >= w.len() && rest.iter().zip(w).all(|(a, b)| a == b) {
                    hit(e);
                }
            }
            continue;
        }
        // A large group (中国…): narrow the sorted range one character at
        // a time to the words that `rest` starts with.
        let (mut lo, mut hi) = (lo, hi);
        let mut k = c.len_utf8() + c2.len_utf8();
        loop {
            if word_bytes(lo).len() == k {
                hit(lo);
                lo += 1;
            }
            if lo >= hi || k >= rest.len() {
                break;
            }
            let n = match rest[k] {
                b if b < 0x80 => 1,
                b if b >= 0xF0 => 4,
                b if b >= 0xE0 => 3,
                _ => 2,
            };
            let pre = &rest[..k + n];
            lo = partition(lo, hi, |e| word_bytes(e) < pre);
            hi = partition(lo, hi, |e| word_bytes(e).starts_with(pre));
            if lo >= hi {
                break;
            }
            k += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_back() {
        let e = lookup("中国").expect("中国 is a word");
        assert_eq!(word(e), "中国");
        assert!(freq(e) > 1000);
        assert_eq!(tag(e), "ns");
        assert!(lookup("不存在的词").is_none());
        let mut sum = 0u64;
        for e in 0..ENTRIES as u32 {
            assert_eq!(lookup(word(e)), Some(e));
            sum += freq(e) as u64;
        }
        assert_eq!(sum, TOTAL);
    }

    #[test]
    fn scan_finds_every_substring_word() {
        let text = "中华人民共和国中央人民政府，中国人民银行发布2026年第3号公告。";
        let mut found: Vec<u32> = Vec::new();
        scan(text, |e| found.push(e));
        found.sort();
        found.dedup();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut want = Vec::new();
        for i in 0..chars.len() {
            for j in i + 1..=chars.len().min(i + 16) {
                let end = chars.get(j).map_or(text.len(), |c| c.0);
                if let Some(e) = lookup(&text[chars[i].0..end]) {
                    want.push(e);
                }
            }
        }
        want.sort();
        want.dedup();
        assert_eq!(found, want);
    }
}

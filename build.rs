//! Embeds every rule file and word list so that a lone binary works, and
//! turns jieba's default dictionary (`dictionaries/jieba/dict.txt.gz`) into
//! tables indexed by first character, so that a run loads only the entries
//! its input can use (see `src/segment/dict.rs`).
use std::fmt::Write;
use std::io::Read;
use std::path::Path;

fn collect(dir: &Path, ext: &str, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p.to_string_lossy().into_owned());
        }
    }
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&root);
    let mut code = String::new();
    for (name, dir, ext) in [
        ("RULE_FILES", "rules", "toml"),
        ("LIST_FILES", "dictionaries/lists", "txt"),
    ] {
        let mut files = Vec::new();
        collect(&root.join(dir), ext, &mut files);
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for f in files {
            let rel = Path::new(&f).strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            writeln!(code, "    ({rel:?}, include_str!({f:?})),").unwrap();
        }
        writeln!(code, "];").unwrap();
        println!("cargo:rerun-if-changed={dir}");
    }
    println!("cargo:rerun-if-changed=dictionaries");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("embedded.rs"), code).unwrap();
    jieba_tables(&root.join("dictionaries/jieba/dict.txt.gz"), Path::new(&out_dir));
    posseg_tables(&root.join("dictionaries/jieba/posseg.txt.gz"), Path::new(&out_dir));
}

fn gunzip(src: &Path) -> String {
    println!("cargo:rerun-if-changed={}", src.display());
    let gz = std::fs::read(src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("gzip of UTF-8 text");
    text
}

/// jieba's compound POS HMM (`posseg.txt` of jieba-rs 0.11), parsed exactly
/// as jieba-rs's `parse_posseg_data` does, written as tables for
/// `src/segment/posseg.rs`:
///
/// - `posseg_f64.bin`: start log-probs (256), the transposed transition
///   matrix (256 × 256), then the emission log-prob of every row state;
/// - `posseg_u16.bin`: the row of each BMP character (65,536), then the
///   state of every row state;
/// - `posseg_u32.bin`: per row `start, bounds[0..5]`, then `(char, row)` of
///   the characters outside the BMP, sorted;
/// - `posseg_tags.txt`: the 64 tags, one a line.
fn posseg_tables(src: &Path, out: &Path) {
    use std::collections::HashMap;
    const MIN_FLOAT: f64 = -3.14e100;
    const NUM_TAGS: usize = 64;
    const NUM_STATES: usize = 256;
    let text = gunzip(src);
    let idx = |pos: usize, tag: usize| pos * NUM_TAGS + tag;
    let mut tags: Vec<String> = Vec::new();
    let mut start_prob = vec![MIN_FLOAT; NUM_STATES];
    let mut trans = vec![MIN_FLOAT; NUM_STATES * NUM_STATES];
    let mut emit_prob: HashMap<char, Vec<(u16, f64)>> = HashMap::new();
    let mut char_state: HashMap<char, Vec<u16>> = HashMap::new();
    let mut section = "";
    let num = |s: &str| -> usize { s.parse().unwrap() };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('@') {
            section = match line {
                "@TAGS" => "tags",
                "@START" => "start",
                "@TRANS" => "trans",
                "@EMIT" => "emit",
                "@CHAR_STATE" => "char_state",
                _ => "",
            };
            continue;
        }
        match section {
            "tags" => {
                tags = line.split(',').map(|s| s.trim().to_string()).collect();
                assert_eq!(tags.len(), NUM_TAGS);
            }
            "start" => {
                let mut p = line.splitn(3, ',');
                let (pos, tag) = (num(p.next().unwrap()), num(p.next().unwrap()));
                start_prob[idx(pos, tag)] = p.next().unwrap().parse().unwrap();
            }
            "trans" => {
                let mut segs = line.split('|');
                let mut f = segs.next().unwrap().splitn(2, ',');
                let from = idx(num(f.next().unwrap()), num(f.next().unwrap()));
                for seg in segs {
                    let seg = seg.trim();
                    if seg.is_empty() {
                        continue;
                    }
                    let mut p = seg.splitn(3, ',');
                    let to = idx(num(p.next().unwrap()), num(p.next().unwrap()));
                    trans[to * NUM_STATES + from] = p.next().unwrap().parse().unwrap();
                }
            }
            "emit" => {
                let mut segs = line.split('|');
                let mut st = segs.next().unwrap().splitn(2, ',');
                let si = idx(num(st.next().unwrap()), num(st.next().unwrap())) as u16;
                for seg in segs {
                    let seg = seg.trim();
                    if seg.is_empty() {
                        continue;
                    }
                    let mut p = seg.rsplitn(2, ',');
                    let prob: f64 = p.next().unwrap().parse().unwrap();
                    let ch = p.next().unwrap().chars().next().unwrap();
                    let e = emit_prob.entry(ch).or_default();
                    match e.iter_mut().find(|(s, _)| *s == si) {
                        Some(x) => x.1 = prob,
                        None => e.push((si, prob)),
                    }
                }
            }
            "char_state" => {
                let mut segs = line.split('|');
                let ch = segs.next().unwrap().chars().next().unwrap();
                let mut states = Vec::new();
                for seg in segs {
                    let seg = seg.trim();
                    if seg.is_empty() {
                        continue;
                    }
                    let mut p = seg.splitn(2, ',');
                    states.push(idx(num(p.next().unwrap()), num(p.next().unwrap())) as u16);
                }
                if states.is_empty() {
                    char_state.remove(&ch);
                } else {
                    char_state.insert(ch, states);
                }
            }
            _ => {}
        }
    }
    // Rows in character order (jieba-rs numbers them in hash order; the
    // numbering is invisible). Row 0 is the empty row.
    let mut rows: Vec<(char, Vec<(u16, f64)>)> = Vec::new();
    let mut chars: Vec<char> = char_state.keys().chain(emit_prob.keys()).copied().collect();
    chars.sort();
    chars.dedup();
    for ch in chars {
        let states = match char_state.get(&ch) {
            Some(states) => {
                let emits = emit_prob.get(&ch).cloned().unwrap_or_default();
                states
                    .iter()
                    .map(|&s| (s, emits.iter().find(|(es, _)| *es == s).map_or(MIN_FLOAT, |&(_, p)| p)))
                    .collect()
            }
            None => emit_prob[&ch].clone(),
        };
        rows.push((ch, states));
    }
    let (mut f64s, mut u16s, mut u32s, mut extra) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for x in start_prob.iter().chain(&trans) {
        f64s.extend_from_slice(&x.to_le_bytes());
    }
    let mut char_index = vec![0u16; 0x1_0000];
    let mut all_states: Vec<(u16, f64)> = Vec::new();
    // The empty row.
    for x in [0u32; 6] {
        u32s.extend_from_slice(&x.to_le_bytes());
    }
    for (i, (ch, mut states)) in rows.into_iter().enumerate() {
        let row = (i + 1) as u16;
        states.sort_unstable_by_key(|&(s, _)| s);
        let mut bounds = [0u32; 5];
        for pos in 0..4 {
            bounds[pos + 1] = states.partition_point(|&(s, _)| (s as usize) / NUM_TAGS <= pos) as u32;
        }
        u32s.extend_from_slice(&(all_states.len() as u32).to_le_bytes());
        for b in bounds {
            u32s.extend_from_slice(&b.to_le_bytes());
        }
        all_states.extend(states);
        if (ch as usize) < 0x1_0000 {
            char_index[ch as usize] = row;
        } else {
            extra.push((ch as u32, row as u32));
        }
    }
    let nrows = u32s.len() / 24;
    extra.sort();
    for (c, r) in &extra {
        u32s.extend_from_slice(&c.to_le_bytes());
        u32s.extend_from_slice(&r.to_le_bytes());
    }
    for x in char_index {
        u16s.extend_from_slice(&x.to_le_bytes());
    }
    for (s, e) in &all_states {
        u16s.extend_from_slice(&s.to_le_bytes());
        f64s.extend_from_slice(&e.to_le_bytes());
    }
    std::fs::write(out.join("posseg_f64.bin"), f64s).unwrap();
    std::fs::write(out.join("posseg_u16.bin"), u16s).unwrap();
    std::fs::write(out.join("posseg_u32.bin"), u32s).unwrap();
    std::fs::write(out.join("posseg_tags.txt"), tags.join("\n")).unwrap();
    std::fs::write(
        out.join("posseg_consts.rs"),
        format!(
            "pub const ROWS: usize = {nrows};\npub const STATES: usize = {};\npub const EXTRA: usize = {};\n",
            all_states.len(),
            extra.len()
        ),
    )
    .unwrap();
}

/// Writes the default dictionary as little-endian `u32` tables:
///
/// - `jieba_c1.bin`: for each BMP character `c` (and one past the last),
///   the index of the first group whose words start with `c`;
/// - `jieba_groups.bin`: per group, the second character of its words
///   (0 for the group of the one-character word), then the index of the
///   group's first entry (one more value closes the last group);
/// - `jieba_entries.bin`: per entry, its byte offset in `jieba_words.txt`
///   (one more value closes the last entry), then `freq << 8 | tag`;
/// - `jieba_words.txt`: the words, sorted by bytes, concatenated;
/// - `jieba_tags.txt`: the tags, one a line, in id order;
/// - `jieba_consts.rs`: the sum of all frequencies and the table sizes.
///
/// A group is the run of words that share their first two characters.
fn jieba_tables(src: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", src.display());
    let gz = std::fs::read(src).expect("dictionaries/jieba/dict.txt.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("dict.txt.gz inflates to UTF-8");
    let mut entries: Vec<(&str, u32, &str)> = Vec::new();
    for line in text.lines() {
        let mut it = line.split_ascii_whitespace();
        let Some(word) = it.next() else { continue };
        let freq: u32 = it.next().map_or(0, |f| f.parse().expect("frequency"));
        assert!(freq < 1 << 24, "frequency {freq} does not fit 24 bits");
        entries.push((word, freq, it.next().unwrap_or("")));
    }
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for w in entries.windows(2) {
        assert!(w[0].0 != w[1].0, "duplicate dictionary word {}", w[0].0);
    }
    let total: u64 = entries.iter().map(|e| e.1 as u64).sum();
    let mut tags: Vec<&str> = entries.iter().map(|e| e.2).collect();
    tags.sort();
    tags.dedup();
    assert!(tags.len() <= 256);
    let push = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    let (mut words, mut ents, mut meta) = (Vec::new(), Vec::new(), Vec::new());
    let (mut group_c2, mut group_start) = (Vec::new(), Vec::new());
    let mut c1_first = vec![u32::MAX; 0x1_0001];
    let mut last: Option<(char, u32)> = None;
    for (i, (word, freq, tag)) in entries.iter().enumerate() {
        let mut cs = word.chars();
        let c1 = cs.next().unwrap();
        assert!((c1 as u32) < 0x1_0000, "first character of {word} is outside the BMP");
        let c2 = cs.next().map_or(0, |c| c as u32);
        if last != Some((c1, c2)) {
            let g = group_c2.len() as u32 / 4;
            if c1_first[c1 as usize] == u32::MAX {
                c1_first[c1 as usize] = g;
            }
            push(&mut group_c2, c2);
            push(&mut group_start, i as u32);
            last = Some((c1, c2));
        }
        push(&mut ents, words.len() as u32);
        words.extend_from_slice(word.as_bytes());
        let t = tags.binary_search(tag).unwrap() as u32;
        push(&mut meta, freq << 8 | t);
    }
    let groups = group_c2.len() as u32 / 4;
    push(&mut group_start, entries.len() as u32);
    push(&mut ents, words.len() as u32);
    // Characters without words point at the next character's first group.
    let mut next = groups;
    for c in (0..c1_first.len()).rev() {
        if c1_first[c] == u32::MAX {
            c1_first[c] = next;
        } else {
            next = c1_first[c];
        }
    }
    let mut c1 = Vec::new();
    for x in c1_first {
        push(&mut c1, x);
    }
    let mut g = group_c2;
    g.extend_from_slice(&group_start);
    ents.extend_from_slice(&meta);
    std::fs::write(out.join("jieba_c1.bin"), c1).unwrap();
    std::fs::write(out.join("jieba_groups.bin"), g).unwrap();
    std::fs::write(out.join("jieba_entries.bin"), ents).unwrap();
    std::fs::write(out.join("jieba_words.txt"), words).unwrap();
    std::fs::write(out.join("jieba_tags.txt"), tags.join("\n")).unwrap();
    std::fs::write(
        out.join("jieba_consts.rs"),
        format!(
            "pub const TOTAL: u64 = {total};\npub const ENTRIES: usize = {};\npub const GROUPS: usize = {groups};\n",
            entries.len()
        ),
    )
    .unwrap();
}

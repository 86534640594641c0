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

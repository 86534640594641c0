//! The segmenter's ceiling: how fast jieba-rs itself segments a text (the
//! full default dictionary, `cut` with HMM line by line, no tags, no rules),
//! beside zwlint's lazily loaded segmenter on the same lines. Whatever the
//! rules cost, a whole check cannot run faster than this.
//!
//! `cargo bench --bench segmentation [-- FILE...]`: files or folders of
//! `.txt`; by default the large text `scripts/bench.sh` builds
//! (`target/bench/large.txt`) and the 1,000 bench drafts.

use std::path::{Path, PathBuf};
use std::time::Instant;

use zwlint::segment::Segmenter;

fn texts(path: &Path) -> Vec<String> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(path).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        files.sort();
        files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect()
    } else {
        std::fs::read_to_string(path).into_iter().collect()
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<PathBuf> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).map(PathBuf::from).collect();
    let paths = if args.is_empty() {
        vec![
            root.join("target/bench/large.txt"),
            root.join("target/bench/drafts1000"),
        ]
    } else {
        args
    };
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    println!("jieba-rs Jieba::new(): {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    for path in paths {
        let texts = texts(&path);
        let bytes: usize = texts.iter().map(String::len).sum();
        if bytes == 0 {
            println!("{}: no text (run scripts/bench.sh first), skipped", path.display());
            continue;
        }
        let lines: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
        let mb = bytes as f64 / 1e6;
        let segmenter = Segmenter::new();
        segmenter.prefer_groups();
        println!("{}: {mb:.2} MB", path.display());
        for round in 1..=4 {
            let t = Instant::now();
            let words: usize = lines.iter().map(|l| jieba.cut(l, true).len()).sum();
            let a = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let ours: usize = lines.iter().map(|l| segmenter.with_jieba(l, |j| j.cut(l, true).len())).sum();
            let b = t.elapsed().as_secs_f64();
            println!(
                "  round {round}: jieba-rs {:.1} MB/s ({words} words) | zwlint's segmenter {:.1} MB/s ({ours} words, with the user dictionary)",
                mb / a,
                mb / b
            );
        }
    }
}

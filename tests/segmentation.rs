//! The lazily loaded dictionary segments exactly as jieba's full default
//! dictionary does: same words, same boundaries, same POS tags, on the real
//! corpus in ../shared/corpus/real (when present; it is never copied into
//! the repository; when absent the tests say so and, with `CI=true`, fail:
//! `common::cannot_run`) and on the example drafts.

mod common;

use std::path::{Path, PathBuf};

use jieba_rs::Jieba;
use zwlint::input::{read, Input};
use zwlint::segment::{Segmenter, USER_DICT};

fn reference(extra: &[&str]) -> Jieba {
    let mut j = Jieba::new();
    j.load_dict(&mut USER_DICT.as_bytes()).unwrap();
    for d in extra {
        j.load_dict(&mut d.as_bytes()).unwrap();
    }
    j
}

fn texts() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    let mut dirs = vec![root.join("examples")];
    dirs.extend(common::shared_path("corpus/real/gwr"));
    dirs.extend(common::shared_path("corpus/real/xwlb"));
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        let mut ps: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        ps.sort();
        paths.extend(ps);
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let s = read(&Input::File(p.clone())).ok()?;
            Some((p, s.text))
        })
        .collect()
}

/// Compare line by line (jieba is run per paragraph); returns lines checked.
fn compare(seg: &Segmenter, full: &Jieba, texts: &[(PathBuf, String)]) -> usize {
    let mut lines = 0;
    for (path, text) in texts {
        seg.with_jieba(text, |lazy| {
            for line in text.lines() {
                let a = lazy.tag(line, true);
                let b = full.tag(line, true);
                let same = a.len() == b.len()
                    && a.iter().zip(&b).all(|(x, y)| {
                        x.word == y.word && x.tag == y.tag && x.byte_start == y.byte_start && x.byte_end == y.byte_end
                    });
                if !same {
                    let show =
                        |v: &[jieba_rs::Tag]| v.iter().map(|t| format!("{}/{}", t.word, t.tag)).collect::<Vec<_>>();
                    panic!(
                        "{}: segmentation differs on {line:?}\nlazy: {:?}\nfull: {:?}",
                        path.display(),
                        show(&a),
                        show(&b)
                    );
                }
                lines += 1;
            }
        });
    }
    lines
}

#[test]
fn lazy_dictionary_segments_like_the_full_one() {
    let texts = texts();
    let full = reference(&[]);
    // One segmenter for every file, as in a batch run: its dictionary grows
    // from file to file (the first texts entry by entry, later ones by
    // two-character group: both ways are compared).
    let seg = Segmenter::new();
    let lines = compare(&seg, &full, &texts);
    assert!(lines > 50, "only {lines} lines compared");
    // A large file's segmenter loads whole groups from its first text on.
    let seg = Segmenter::new();
    seg.prefer_groups();
    compare(&seg, &full, &texts[..texts.len().min(20)]);
}

#[test]
fn extra_dictionaries_override_like_jieba() {
    // A new word, a default word re-weighted (its tag stays), a word given
    // twice, a word without frequency or tag.
    let extra = "东城县粮食局 20 nt\n中国 3 v\n人民 1\n东城县粮食局 500 x\n青石镇\n的 10\n";
    let texts: Vec<(PathBuf, String)> = texts().into_iter().take(200).collect();
    let full = reference(&[extra]);
    let mut seg = Segmenter::new();
    seg.load_dict(extra).unwrap();
    let extra_text = ("extra".into(), "东城县粮食局在青石镇召开会议，中国人民的日子越过越好。".to_string());
    compare(&seg, &full, &[extra_text]);
    compare(&seg, &full, &texts);
}

//! Invariants over every draft we have: examples/, tests/fixtures/ and, when
//! it exists, ../shared/eval/cases/*.txt (when it does not, the tests say so
//! and, with `CI=true`, fail: `common::cannot_run`).
//!
//! - every diagnostic span lies inside the decoded text, on char boundaries;
//! - `text` in the JSON equals the source slice at `byte_start..byte_end`;
//! - line/column (and end_line/end_column) agree with the byte offsets;
//! - the output is identical across two runs (deterministic order), and the
//!   library's order is (start, end, rule, message).

mod common;

use std::path::PathBuf;

use common::{drafts_under, line_col, rel, root, run};
use serde_json::Value;
use zwlint::check::{CheckOptions, Linter};
use zwlint::input::{read, Input};
use zwlint::rules::RuleSet;

fn corpus() -> Vec<PathBuf> {
    let mut files = drafts_under(&root().join("examples"));
    files.extend(drafts_under(&root().join("tests/fixtures")));
    if let Some(rd) = common::shared_path("eval/cases").and_then(|eval| std::fs::read_dir(eval).ok()) {
        let mut cases: Vec<PathBuf> =
            rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        cases.sort();
        files.extend(cases);
    }
    files
}

/// Path as the CLI prints it: relative to the crate root when inside it.
fn shown(p: &std::path::Path) -> String {
    rel(p)
}

fn check_json(files: &[String]) -> String {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--date",
        "2026-11-20",
    ];
    args.extend(files.iter().map(String::as_str));
    let r = run(&args);
    // 0 normally; 2 only if some file is unreadable (asserted below).
    assert!(r.code == 0 || r.code == 2, "exit {}: {}", r.code, r.stderr);
    r.stdout
}

#[test]
fn spans_text_and_positions_agree() {
    let files = corpus();
    assert!(files.len() >= 10, "too few drafts found: {files:?}");
    let names: Vec<String> = files.iter().map(|p| shown(p)).collect();
    let out = check_json(&names);
    let v: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(v["summary"]["failed"], 0, "unreadable drafts: {}", v["errors"]);
    let reports = v["files"].as_array().unwrap();
    assert_eq!(reports.len(), files.len());

    let mut checked = 0;
    let mut failures = Vec::new();
    for f in reports {
        let path = f["path"].as_str().unwrap();
        let src = read(&Input::File(root().join(path))).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(f["encoding"].as_str().unwrap(), src.encoding, "{path}");
        let text = &src.text;
        for d in f["diagnostics"].as_array().unwrap() {
            checked += 1;
            let s = d["byte_start"].as_u64().unwrap() as usize;
            let e = d["byte_end"].as_u64().unwrap() as usize;
            let mut fail = |why: String| failures.push(format!("{path}: {why}: {d}"));
            if !(s <= e && e <= text.len()) {
                fail(format!("span {s}..{e} outside text of {} bytes", text.len()));
                continue;
            }
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                fail(format!("span {s}..{e} not on char boundaries"));
                continue;
            }
            if d["text"].as_str() != Some(&text[s..e]) {
                fail(format!("text != source slice {:?}", &text[s..e]));
            }
            let (l, c) = line_col(text, s);
            let (el, ec) = line_col(text, e);
            let got =
                [&d["line"], &d["column"], &d["end_line"], &d["end_column"]].map(|x| x.as_u64().unwrap() as usize);
            if got != [l, c, el, ec] {
                fail(format!("positions {got:?} != {:?}", [l, c, el, ec]));
            }
            if d["document"] == true && l != el {
                fail("document-level finding spans several lines (it should point at the title line)".into());
            }
            if !d["message"].as_str().is_some_and(|m| !m.is_empty() && !m.contains("{match}")) {
                fail("empty or uninterpolated message".into());
            }
        }
        // Sorted by position.
        let starts: Vec<(u64, u64)> = f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["byte_start"].as_u64().unwrap(), d["byte_end"].as_u64().unwrap()))
            .collect();
        let mut sorted = starts.clone();
        sorted.sort();
        if starts != sorted {
            failures.push(format!("{path}: diagnostics not in position order"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} invariant failure(s) over {checked} diagnostics:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn output_is_deterministic() {
    let names: Vec<String> = corpus().iter().map(|p| shown(p)).collect();
    let a = check_json(&names);
    let b = check_json(&names);
    assert!(a == b, "JSON output differs between two runs");
    // Human and concise output too, on a smaller set.
    let some: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
    for format in ["human", "concise"] {
        let mut args = vec![
            "check",
            "--format",
            format,
            "--color",
            "never",
            "--fail-on",
            "never",
            "--date",
            "2026-11-20",
        ];
        args.extend(some.iter().copied());
        let x = run(&args);
        let y = run(&args);
        assert_eq!(x.code, y.code);
        assert!(x.stdout == y.stdout, "{format} output differs between two runs");
    }
    // Argument order does not change the report order.
    let mut reversed = names.clone();
    reversed.reverse();
    assert!(check_json(&reversed) == a, "report order depends on argument order");
}

#[test]
fn library_agrees_with_itself() {
    // The same checks through the library: two linters, same results; spans
    // on char boundaries; sorted by (start, end, rule, message).
    let a = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let b = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let opts = CheckOptions {
        item_type: None,
        report_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
    };
    for p in corpus() {
        let src = read(&Input::File(p.clone())).unwrap();
        let ra = a.check(src.clone(), &opts);
        let rb = b.check(src, &opts);
        assert_eq!(ra.diagnostics, rb.diagnostics, "{}", p.display());
        assert_eq!(ra.score, rb.score);
        let text = &ra.source.text;
        for d in &ra.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{}: {d:?}", p.display());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{}: {d:?}", p.display());
        }
        let keys: Vec<_> = ra.diagnostics.iter().map(|d| (d.span.start, d.span.end, &d.rule, &d.message)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{}", p.display());
        let penalty: u32 = ra.diagnostics.iter().map(|d| d.severity.penalty()).sum();
        assert_eq!(ra.score, 100u32.saturating_sub(penalty));
    }
}

#[test]
fn files_checked_together_get_the_reports_they_get_alone() {
    // A batch checks files in groups, rule by rule over the group
    // (`check_files`); each file's report must be the one it gets alone.
    let linter = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let opts = CheckOptions {
        item_type: None,
        report_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
    };
    let sources: Vec<_> = corpus().iter().map(|p| read(&Input::File(p.clone())).unwrap()).collect();
    // Examples and fixtures (16 files), and the eval cases when present.
    assert!(sources.len() >= 10, "only {} files", sources.len());
    let alone: Vec<_> = sources.iter().map(|s| linter.check(s.clone(), &opts)).collect();
    let together = zwlint::check::check_files(&linter.segmenter, &linter.rules, sources, &opts);
    assert_eq!(together.len(), alone.len());
    for (t, a) in together.iter().zip(&alone) {
        assert_eq!(t.source.path, a.source.path);
        assert_eq!(t.diagnostics, a.diagnostics, "{}", a.source.path.display());
        assert_eq!(
            (t.score, t.chars, t.item_type, &t.body, &t.anchor),
            (a.score, a.chars, a.item_type, &a.body, &a.anchor)
        );
    }
    assert!(alone.iter().map(|r| r.diagnostics.len()).sum::<usize>() > 50);
}

#[test]
fn generated_edge_cases_stay_in_bounds() {
    // Inputs built to stress offsets: astral characters, combining marks,
    // line ends of every kind, Markdown entities and escapes, long lines.
    let linter = Linter::new(RuleSet::embedded().expect("embedded rules compile"));
    let opts = CheckOptions {
        item_type: None,
        report_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        today: None,
    };
    let footer = "（报送单位：东城县粮食局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）";
    let bodies = [
        "𠀀𠀁东城县完成秋粮收购,共收购12万吨“𝕏（。",
        "东城县\u{301}完成秋粮收购,共收购12万吨。\r\n推行“一窗受理\r集成服务（含12个事项。",
        "会议强调,要切实抓好冬季安全生产工作……近日,全县召开会议——“高度重视”。",
        "11月20日8时10分，一辆货车侧翻。\t\u{3000}\u{3000}全县,收购。",
        ",,,;;;:::!!!???(((",
        "“”“”（）（）《》《》【】【】‘’",
    ];
    let mut cases: Vec<(String, String)> = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        for eol in ["\n", "\r\n", "\r"] {
            cases.push((
                format!("case{i}.txt"),
                format!("东城县完成秋粮收购13万吨{eol}{b}{eol}{}{eol}{footer}{eol}", b.repeat(3)),
            ));
        }
        cases.push((
            format!("case{i}.md"),
            format!("# 东城县完成秋粮收购&#49;3万吨\n\n{b}\n\n*{b}*\\,&amp;[{b}](http://x/a,b)\n\n```\n{b}\n```\n\n> {b}\n\n- {b}\n\n{footer}\n"),
        ));
    }
    cases.push(("long.txt".into(), format!("标题\n{}\n", "东城县完成秋粮收购,共收购12万吨。".repeat(400))));
    cases.push(("only-title.txt".into(), "东城县完成秋粮收购12万吨,".into()));
    cases.push(("footer-only.txt".into(), format!("{footer}\n")));
    for (name, text) in cases {
        let src = zwlint::SourceFile::from_text(name.as_str(), text.clone(), "UTF-8");
        let r = linter.check(src, &opts);
        for d in &r.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{name}: {d:?}");
            assert!(
                text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
                "{name}: span {:?} splits a char: {d:?}",
                d.span
            );
        }
        // The renderers do not panic on any of it (human output is covered
        // through the CLI in tests/cli.rs).
        let outcome = [zwlint::report::Outcome::Checked(Box::new(r))];
        let _ = zwlint::report::concise::render(&outcome);
        let json = zwlint::report::json::render(&outcome);
        let v: Value = serde_json::from_str(&json).unwrap();
        for d in v["files"][0]["diagnostics"].as_array().unwrap() {
            let (s, e) = (d["byte_start"].as_u64().unwrap() as usize, d["byte_end"].as_u64().unwrap() as usize);
            assert_eq!(d["text"].as_str().unwrap(), &text[s..e], "{name}");
            assert_eq!(
                (d["line"].as_u64().unwrap() as usize, d["column"].as_u64().unwrap() as usize),
                line_col(&text, s),
                "{name}: {d}"
            );
        }
    }
}

/// No message quotes a text twice (`““零就业””`), leaves a quotation open
/// (`“跑出“加速度”`) or shows a raw computed figure (`343450000000元`): on
/// every draft we have.
#[test]
fn messages_quote_once_and_show_no_raw_figures() {
    let names: Vec<String> = corpus().iter().map(|p| shown(p)).collect();
    let v: Value = serde_json::from_str(&check_json(&names)).unwrap();
    let raw = regex::Regex::new(r"\d{7,}").unwrap();
    let mut bad = Vec::new();
    let mut n = 0;
    for f in v["files"].as_array().unwrap() {
        // A long figure the draft itself writes may be quoted.
        let source =
            String::from_utf8_lossy(&std::fs::read(root().join(f["path"].as_str().unwrap())).unwrap()).into_owned();
        for d in f["diagnostics"].as_array().unwrap() {
            let m = d["message"].as_str().unwrap();
            n += 1;
            let computed = raw.find_iter(m).any(|x| !source.contains(x.as_str()));
            if m.contains("““") || m.contains("””") || m.matches('“').count() != m.matches('”').count() || computed
            {
                bad.push(format!("{}: {}: {m}", f["path"], d["rule"]));
            }
        }
    }
    assert!(n > 100, "only {n} messages");
    assert!(bad.is_empty(), "{} bad messages:\n{}", bad.len(), bad.join("\n"));
}

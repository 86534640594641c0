//! End-to-end tests of the `zwlint` command: exit statuses, encodings, line
//! ends, standard input, unreadable files, malformed rule folders, Markdown,
//! and the `rules` / `explain` / `segment` subcommands.
//!
//! The assertions name only a few stable rules (format.halfwidth-punctuation,
//! format.unbalanced-pairs, title.number-not-in-body,
//! timeliness.emergency-late) and the test-only rules in
//! tests/fixtures/rules/custom, so that adding rules does not break them.

mod common;

use std::path::Path;

use common::{fixture, line_col, run, run_expect, run_with, Run};
use serde_json::Value;

const FORMATS: [&str; 9] = [
    "human", "concise", "json", "sarif", "github", "gitlab", "rdjson", "junit", "csv",
];

fn draft(name: &str) -> String {
    fixture(&format!("drafts/{name}"))
}

fn custom_rules() -> String {
    fixture("rules/custom")
}

/// The diagnostics of the only file of a JSON run.
fn diags(r: &Run) -> Vec<Value> {
    let v = r.json();
    let files = v["files"].as_array().expect("files array");
    assert_eq!(files.len(), 1, "one file expected:\n{}", r.stdout);
    files[0]["diagnostics"].as_array().expect("diagnostics array").clone()
}

/// Diagnostics of one rule: (line, column, text).
fn of_rule(ds: &[Value], rule: &str) -> Vec<(u64, u64, String)> {
    ds.iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), d["text"].as_str().unwrap().to_string()))
        .collect()
}

/// Every diagnostic's `text` is the slice of `text` at its byte offsets, and
/// line/column agree with those offsets.
#[track_caller]
fn assert_positions(text: &str, ds: &[Value]) {
    for d in ds {
        let (s, e) = (d["byte_start"].as_u64().unwrap() as usize, d["byte_end"].as_u64().unwrap() as usize);
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside text: {d}");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "span {s}..{e} splits a char: {d}");
        assert_eq!(d["text"].as_str().unwrap(), &text[s..e], "text differs from the source slice: {d}");
        let (l, c) = line_col(text, s);
        let (el, ec) = line_col(text, e);
        assert_eq!((d["line"].as_u64().unwrap() as usize, d["column"].as_u64().unwrap() as usize), (l, c), "{d}");
        assert_eq!(
            (d["end_line"].as_u64().unwrap() as usize, d["end_column"].as_u64().unwrap() as usize),
            (el, ec),
            "{d}"
        );
    }
}

// ------------------------------------------------------------- exit status

#[test]
fn exit_0_1_2_for_every_format() {
    let (clean, pairs, missing) = (draft("clean.txt"), draft("pairs.txt"), draft("does-not-exist.txt"));
    for f in FORMATS {
        run_expect(&["check", "--format", f, "--color", "never", &clean], 0);
        let r = run_expect(&["check", "--format", f, "--color", "never", &pairs], 1);
        // Each format is well-formed enough to be read by its consumer.
        match f {
            "json" | "sarif" | "rdjson" | "gitlab" => {
                r.json();
            }
            "junit" => assert!(r.stdout.starts_with("<?xml") && r.stdout.contains("<testsuites"), "{}", r.stdout),
            "github" => {
                // Annotations, then one plain log line per item with its score.
                let (ann, plain): (Vec<&str>, Vec<&str>) = r.stdout.lines().partition(|l| l.starts_with("::"));
                assert!(!ann.is_empty(), "{}", r.stdout);
                assert!(plain.len() == 1 && plain[0].contains("得分"), "{}", r.stdout);
            }
            "concise" => assert!(r.stdout.contains("pairs.txt:2:24: error format.unbalanced-pairs"), "{}", r.stdout),
            _ => assert!(r.stdout.contains("pairs.txt"), "{f}: {}", r.stdout),
        }
        run_expect(&["check", "--format", f, "--color", "never", &missing], 2);
        // An unreadable file wins over findings in another file.
        run_expect(&["check", "--format", f, "--color", "never", &pairs, &missing], 2);
        // A usage error.
        run_expect(&["check", "--format", f, "--date", "2026-13-01", &clean], 2);
    }
    run_expect(&["check", "--format", "yaml", &clean], 2);
    run_expect(&["check", "--type", "新闻", &clean], 2);
    run_expect(&[], 2);
    run_expect(&["frobnicate"], 2);
    run_expect(&["--help"], 0);
    run_expect(&["--version"], 0);
    run_expect(&["check", "--help"], 0);
}

#[test]
fn fail_on_thresholds() {
    // warning-only.txt has a half-width comma (warning) and no error.
    let w = draft("warning-only.txt");
    let r = run_expect(&["check", "--format", "json", &w], 0);
    assert!(!of_rule(&diags(&r), "format.halfwidth-punctuation").is_empty());
    run_expect(&["check", "--fail-on", "error", &w], 0);
    run_expect(&["check", "--fail-on", "warning", &w], 1);
    run_expect(&["check", "--fail-on", "info", &w], 1);
    run_expect(&["check", "--fail-on", "never", &draft("pairs.txt")], 0);
    run_expect(&["check", "--fail-on", "sometimes", &w], 2);
    // --fail-on never does not hide an unreadable file.
    run_expect(&["check", "--fail-on", "never", &draft("does-not-exist.txt")], 2);
}

#[test]
fn fail_on_with_custom_severities() {
    // Only the test-only info word: info fails with --fail-on info alone.
    let info_only = "东城县完成秋粮收购12万吨\n截至2026年11月18日，东城县完成秋粮收购12万吨，比2025年同期增加1.1万吨，收购进度达到全年计划的86%，夹具提示词。\n全县设立收购网点46个，其中流动收购点9个，农户平均排队时间由3小时缩短到40分钟。\n（报送单位：东城县粮食局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）\n";
    let rules = custom_rules();
    let check = |fail_on: &str| {
        run_with(
            &[
                "check",
                "--rules",
                &rules,
                "--fail-on",
                fail_on,
                "--format",
                "json",
                "-",
            ],
            Some(info_only.into()),
        )
    };
    let r = check("info");
    assert_eq!(r.code, 1, "{}", r.stdout);
    let ds = diags(&r);
    let line2 = info_only.lines().nth(1).unwrap();
    let col = line2[..line2.find("夹具提示词").unwrap()].chars().count() as u64 + 1;
    assert_eq!(of_rule(&ds, "format.fixture-info"), vec![(2, col, "夹具提示词".to_string())]);
    assert_eq!(ds.iter().find(|d| d["rule"] == "format.fixture-info").unwrap()["severity"], "info");
    assert_eq!(check("warning").code, 0);
    assert_eq!(check("error").code, 0);

    // All three severities, from a rule folder with its own word list.
    let r = run_expect(
        &[
            "check",
            "--rules",
            &rules,
            "--format",
            "json",
            &draft("custom-words.txt"),
        ],
        1,
    );
    let ds = diags(&r);
    assert_eq!(of_rule(&ds, "format.fixture-info").len(), 1);
    assert_eq!(of_rule(&ds, "format.fixture-warning"), vec![(3, 13, "夹具警告词".to_string())]);
    // `group = 1` highlights only the group.
    assert_eq!(of_rule(&ds, "format.fixture-error"), vec![(4, 20, "错误".to_string())]);
    let sev: Vec<&str> = ["format.fixture-info", "format.fixture-warning", "format.fixture-error"]
        .iter()
        .map(|id| ds.iter().find(|d| d["rule"] == *id).unwrap()["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, ["info", "warning", "error"]);
    // Without --rules the test-only rules do not exist.
    let r = run(&["check", "--format", "json", &draft("custom-words.txt")]);
    assert!(diags(&r).iter().all(|d| !d["rule"].as_str().unwrap().contains("fixture")));
}

// ------------------------------------------------------------- JSON contract

#[test]
fn json_contract() {
    let r = run_expect(
        &[
            "check",
            "--format",
            "json",
            &draft("pairs.txt"),
            &draft("does-not-exist.txt"),
        ],
        2,
    );
    let v = r.json();
    assert_eq!(v["version"], 1);
    for k in ["version", "files", "errors", "duplicates", "summary"] {
        assert!(v.get(k).is_some(), "top-level key {k} missing");
    }
    let file = &v["files"][0];
    for k in [
        "path",
        "encoding",
        "item_type",
        "item_type_source",
        "report_date",
        "chars",
        "score",
        "counts",
        "diagnostics",
    ] {
        assert!(file.get(k).is_some(), "file key {k} missing: {file}");
    }
    assert_eq!(file["path"], "tests/fixtures/drafts/pairs.txt");
    assert_eq!(file["encoding"], "UTF-8");
    assert_eq!(file["report_date"], "2026-11-20");
    assert!(file["chars"].as_u64().unwrap() > 0);
    let ds = file["diagnostics"].as_array().unwrap();
    assert!(!ds.is_empty());
    for d in ds {
        for k in [
            "rule",
            "relation",
            "relation_zh",
            "severity",
            "message",
            "suggestion",
            "line",
            "column",
            "end_line",
            "end_column",
            "byte_start",
            "byte_end",
            "text",
            "document",
        ] {
            assert!(d.get(k).is_some(), "diagnostic key {k} missing: {d}");
        }
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["rule"].as_str().unwrap().starts_with(d["relation"].as_str().unwrap()));
        assert!(d["suggestion"].is_string() || d["suggestion"].is_null());
        assert!(d["document"].is_boolean());
    }
    // Score = 100 − 15/error − 5/warning − 1/info, floor 0.
    let penalty: i64 = ds
        .iter()
        .map(|d| match d["severity"].as_str().unwrap() {
            "error" => 15,
            "warning" => 5,
            _ => 1,
        })
        .sum();
    assert_eq!(file["score"].as_i64().unwrap(), (100 - penalty).max(0));
    // Counts per relation: all eleven keys.
    let counts = file["counts"].as_object().unwrap();
    let keys = [
        "truth",
        "depth",
        "length",
        "detail",
        "breadth",
        "focus",
        "balance",
        "substance",
        "title",
        "timeliness",
        "format",
    ];
    assert_eq!(counts.len(), 11);
    for k in keys {
        assert!(counts.contains_key(k), "counts.{k} missing");
    }
    let total: u64 = counts.values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(total as usize, ds.len());

    let err = &v["errors"][0];
    assert_eq!(err["path"], "tests/fixtures/drafts/does-not-exist.txt");
    assert!(err["message"].as_str().unwrap().contains("不存在"));

    let s = &v["summary"];
    for k in [
        "files",
        "failed",
        "diagnostics",
        "error",
        "warning",
        "info",
        "relations",
        "rules",
    ] {
        assert!(s.get(k).is_some(), "summary key {k} missing: {s}");
    }
    assert_eq!(s["files"], 1);
    assert_eq!(s["failed"], 1);
    assert_eq!(s["diagnostics"].as_u64().unwrap() as usize, ds.len());
    assert_eq!(
        s["error"].as_u64().unwrap() + s["warning"].as_u64().unwrap() + s["info"].as_u64().unwrap(),
        ds.len() as u64
    );
    assert_eq!(s["relations"].as_object().unwrap().len(), 11);

    let text = std::fs::read_to_string(common::root().join("tests/fixtures/drafts/pairs.txt")).unwrap();
    assert_positions(&text, ds);
    assert_eq!(of_rule(ds, "title.number-not-in-body"), vec![(1, 16, "120".to_string())]);
    assert_eq!(of_rule(ds, "format.unbalanced-pairs"), vec![(2, 24, "“".to_string()), (2, 42, "（".to_string())]);
}

#[test]
fn document_level_findings_point_at_the_title() {
    // A body that is far too long is a document-level finding.
    let sentence = "西岭县今年新建改建农村公路一百二十公里，覆盖全县十二个乡镇的主要行政村。";
    let text = format!(
        "西岭县推进农村公路建设\n{}\n（报送单位：西岭县交通运输局　联系人：周涛　电话：0395-6623018　报送日期：2026年11月20日）\n",
        sentence.repeat(60)
    );
    let r = run_with(&["check", "--format", "json", "--type", "动态", "-"], Some(text.clone().into()));
    let ds = diags(&r);
    let docs: Vec<&Value> = ds.iter().filter(|d| d["document"] == true).collect();
    assert!(!docs.is_empty(), "no document-level finding:\n{}", r.stdout);
    for d in docs {
        assert_eq!(d["line"], 1, "{d}");
        assert_eq!(d["column"], 1, "{d}");
        assert_eq!(d["text"], "西岭县推进农村公路建设", "{d}");
    }
    assert_positions(&text, &ds);
}

// ------------------------------------------------------------- options

#[test]
fn type_and_date_options() {
    let clean = draft("clean.txt");
    let v = run(&["check", "--format", "json", &clean]).json();
    assert_eq!(v["files"][0]["item_type"], "动态");
    assert_eq!(v["files"][0]["item_type_source"], "guess");
    assert_eq!(v["files"][0]["report_date"], "2026-11-20", "footer 报送日期");

    let v = run(&[
        "check",
        "--format",
        "json",
        "--type",
        "综合",
        "--date",
        "2026-12-01",
        &clean,
    ])
    .json();
    assert_eq!(v["files"][0]["item_type"], "综合");
    assert_eq!(v["files"][0]["item_type_source"], "option");
    assert_eq!(v["files"][0]["report_date"], "2026-12-01");

    // English keys and usual variants are accepted.
    for (t, name) in [
        ("emergency", "紧急"),
        ("问题", "问题建议"),
        ("经验信息", "经验"),
        ("dynamic", "动态"),
    ] {
        let v = run(&["check", "--format", "json", "--type", t, &clean]).json();
        assert_eq!(v["files"][0]["item_type"], name, "--type {t}");
    }

    // A 类别 header line sets the type.
    let with_header = std::fs::read_to_string(common::root().join(&clean)).unwrap().replacen(
        "东城县完成",
        "类别：经验信息\n东城县完成",
        1,
    );
    let v = run_with(&["check", "--format", "json", "-"], Some(with_header.into())).json();
    assert_eq!(v["files"][0]["item_type"], "经验");
    assert_eq!(v["files"][0]["item_type_source"], "header");

    // The emergency check reads the footer 报送时间; a --date on the same day keeps it.
    let late = draft("emergency-late.txt");
    let r = run_expect(&["check", "--format", "json", &late], 1);
    assert_eq!(of_rule(&diags(&r), "timeliness.emergency-late").len(), 1);
    let r = run_expect(&["check", "--format", "json", "--date", "2026-11-20", &late], 1);
    assert_eq!(of_rule(&diags(&r), "timeliness.emergency-late").len(), 1);
}

#[test]
fn color_option() {
    let pairs = draft("pairs.txt");
    let always = run_expect(&["check", "--color", "always", &pairs], 1).stdout;
    assert!(always.contains('\u{1b}'), "no ANSI escapes with --color always");
    let never = run_expect(&["check", "--color", "never", &pairs], 1).stdout;
    assert!(!never.contains('\u{1b}'), "ANSI escapes with --color never");
    // auto: stdout is a pipe here, so no colour.
    let auto = run_expect(&["check", &pairs], 1).stdout;
    assert!(!auto.contains('\u{1b}'));
    assert_eq!(auto, never);
    // Other formats never colour.
    for f in ["concise", "json"] {
        assert!(!run(&["check", "--color", "always", "--format", f, &pairs]).stdout.contains('\u{1b}'));
    }
}

// ------------------------------------------------------------- encodings

/// A draft with a half-width comma at 2:10 and a stray “ at 3:3.
fn sample(eol: &str) -> String {
    [
        "东城县完成秋粮收购12万吨",
        "东城县完成秋粮收购,截至2026年11月18日共收购12万吨，比2025年同期增加1.1万吨，收购进度达到全年计划的86%。",
        "推行“预约收购服务，全县设立收购网点46个，其中流动收购点9个，农户平均排队时间由3小时缩短到40分钟。",
        "（报送单位：东城县粮食局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）",
        "",
    ]
    .join(eol)
}

fn expect_sample_findings(r: &Run, text: &str) {
    let ds = diags(r);
    assert_eq!(of_rule(&ds, "format.halfwidth-punctuation"), vec![(2, 10, ",".to_string())], "{}", r.stdout);
    assert_eq!(of_rule(&ds, "format.unbalanced-pairs"), vec![(3, 3, "“".to_string())], "{}", r.stdout);
    assert_positions(text, &ds);
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[test]
fn encodings_are_detected() {
    let text = sample("\n");
    let dir = tempfile::tempdir().unwrap();
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    assert!(std::str::from_utf8(&gb).is_err(), "GB18030 bytes must not be valid UTF-8");
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend_from_slice(text.as_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8.txt", text.as_bytes().to_vec(), "UTF-8"),
        ("utf8-bom.txt", bom8, "UTF-8 (BOM)"),
        ("gb18030.txt", gb, "GB18030"),
        ("utf16le.txt", utf16(&text, false, true), "UTF-16LE"),
        ("utf16be.txt", utf16(&text, true, true), "UTF-16BE"),
        // Without a BOM, by the NUL bytes of the ASCII characters.
        ("utf16le-no-bom.txt", utf16(&text, false, false), "UTF-16LE"),
        ("utf16be-no-bom.txt", utf16(&text, true, false), "UTF-16BE"),
    ];
    for (name, bytes, enc) in &cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let r = run_expect(&["check", "--format", "json", p.to_str().unwrap()], 1);
        assert_eq!(r.json()["files"][0]["encoding"], *enc, "{name}");
        // Offsets index the decoded text, so they are the same for every encoding.
        expect_sample_findings(&r, &text);
        // The human report names the encoding too.
        let h = run(&["check", "--color", "never", p.to_str().unwrap()]).stdout;
        assert!(h.contains(&format!("编码 {enc}")), "{name}: {h}");
    }
    // The same through standard input.
    for (name, bytes, enc) in cases {
        let r = run_with(&["check", "--format", "json", "-"], Some(bytes));
        assert_eq!(r.code, 1, "{name} via stdin");
        assert_eq!(r.json()["files"][0]["encoding"], enc, "{name} via stdin");
        expect_sample_findings(&r, &text);
    }
}

#[test]
fn undecodable_input_is_a_per_file_error() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-16 without a BOM cut to an odd length: named, not called binary.
    let mut odd = utf16(&sample("\n"), false, false);
    odd.pop();
    std::fs::write(dir.path().join("a-utf16-no-bom.txt"), odd).unwrap();
    // A UTF-8 BOM followed by invalid UTF-8.
    std::fs::write(dir.path().join("b-bad-bom.txt"), b"\xEF\xBB\xBF\xFF\xFE\xFD").unwrap();
    // Odd length after a UTF-16 BOM.
    std::fs::write(dir.path().join("c-odd-utf16.txt"), b"\xFF\xFEa").unwrap();
    std::fs::write(dir.path().join("d-good.txt"), sample("\n")).unwrap();
    let r = run_expect(&["check", "--format", "json", dir.path().to_str().unwrap()], 2);
    let v = r.json();
    assert_eq!(v["summary"]["failed"], 3, "{}", r.stdout);
    assert_eq!(v["summary"]["files"], 1);
    assert!(v["files"][0]["path"].as_str().unwrap().ends_with("d-good.txt"));
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("UTF-16LE"), "{}", r.stdout);
}

#[test]
fn utf8_cut_in_the_last_character_is_read_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    // The draft ends without its last character's last byte (“）” of the footer).
    let text = sample("\n");
    let text = text.trim_end();
    let cut = &text.as_bytes()[..text.len() - 1];
    let p = dir.path().join("cut.txt");
    std::fs::write(&p, cut).unwrap();
    let p = p.to_str().unwrap();
    let r = run_expect(&["check", "--format", "json", p], 1);
    let v = r.json();
    assert_eq!(v["files"][0]["encoding"], "UTF-8", "{}", r.stdout);
    let kept = &text[..text.len() - "）".len()];
    let ds = diags(&r);
    expect_sample_findings(&r, kept);
    // The dropped character is reported at the last one kept.
    let last = (4, kept.lines().last().unwrap().chars().count() as u64, "日".to_string());
    assert_eq!(of_rule(&ds, "format.incomplete-last-character"), vec![last.clone()], "{}", r.stdout);
    // In every format, as a finding of its own rule.
    let c = run(&["check", "--format", "concise", p]).stdout;
    assert!(c.contains(&format!(":4:{}: warning format.incomplete-last-character", last.1)), "{c}");
    let h = run(&["check", "--color", "never", p]).stdout;
    assert!(h.contains("文件末尾的字符不完整") && h.contains("编码 UTF-8"), "{h}");
    // It can be turned off like any rule.
    let r = run(&[
        "check",
        "--format",
        "json",
        "--ignore",
        "format.incomplete-last-character",
        p,
    ]);
    assert!(of_rule(&diags(&r), "format.incomplete-last-character").is_empty());
}

// ------------------------------------------------------------- line ends

#[test]
fn crlf_and_lone_cr_positions() {
    let dir = tempfile::tempdir().unwrap();
    for (name, eol) in [("lf.txt", "\n"), ("crlf.txt", "\r\n"), ("cr.txt", "\r")] {
        let text = sample(eol);
        let p = dir.path().join(name);
        std::fs::write(&p, &text).unwrap();
        let p = p.to_str().unwrap();
        let r = run_expect(&["check", "--format", "json", p], 1);
        expect_sample_findings(&r, &text);
        // concise prints the same positions.
        let c = run(&["check", "--format", "concise", p]).stdout;
        assert!(c.contains(&format!("{p}:2:10: warning format.halfwidth-punctuation")), "{name}: {c}");
        assert!(c.contains(&format!("{p}:3:3: error format.unbalanced-pairs")), "{name}: {c}");
        // human shows the right line numbers and no carriage returns.
        let h = run(&["check", "--color", "never", p]).stdout;
        assert!(h.contains(&format!("{p}:2:10")) && h.contains(&format!("{p}:3:3")), "{name}: {h}");
        assert!(!h.contains('\r'), "{name}: carriage return in human output");
        // The footer is found whatever the line ends.
        assert_eq!(r.json()["files"][0]["report_date"], "2026-11-20", "{name}");
    }
    // Mixed line ends in one file.
    let text = "东城县完成秋粮收购12万吨\r\n东城县完成秋粮收购,截至2026年11月18日共收购12万吨，比2025年同期增加1.1万吨。\r推行“预约收购服务，全县设立收购网点46个，农户平均排队时间由3小时缩短到40分钟。\n（报送单位：东城县粮食局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）\r\n";
    let r = run_with(&["check", "--format", "json", "-"], Some(text.into()));
    expect_sample_findings(&r, text);
}

// ------------------------------------------------------------- stdin

#[test]
fn stdin_dash() {
    let text = std::fs::read(common::root().join(draft("pairs.txt"))).unwrap();
    let r = run_with(&["check", "--format", "json", "-"], Some(text.clone()));
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["files"][0]["path"], "-");
    let c = run_with(&["check", "--format", "concise", "-"], Some(text.clone()));
    assert!(c.stdout.contains("-:1:16: warning title.number-not-in-body"), "{}", c.stdout);
    let h = run_with(&["check", "--color", "never", "-"], Some(text));
    assert!(h.stdout.contains("--> -:2:24"), "{}", h.stdout);
    // Empty standard input is an error, exit 2.
    let e = run_with(&["check", "--format", "json", "-"], Some(Vec::new()));
    assert_eq!(e.code, 2);
    assert_eq!(e.json()["errors"][0]["path"], "-");
    // stdin together with a file.
    let r = run_with(
        &["check", "--format", "json", &draft("clean.txt"), "-"],
        Some(std::fs::read(common::root().join(draft("pairs.txt"))).unwrap()),
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["summary"]["files"], 2);
}

// ------------------------------------------------------------- folders

#[test]
fn binary_and_empty_files_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(common::root().join(draft("clean.txt")), d.join("a-good.txt")).unwrap();
    std::fs::write(d.join("b-binary.txt"), b"\x00\x01\x02\x03\x89PNG\r\n\x1a\n\x00\x00binary").unwrap();
    std::fs::write(d.join("c-empty.txt"), b"").unwrap();
    std::fs::write(d.join("d-blank.md"), b"  \n\n\t\n").unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::copy(common::root().join(draft("pairs.txt")), d.join("sub/e-pairs.txt")).unwrap();
    // Not a draft: skipped when walking a folder.
    std::fs::write(d.join("image.png"), b"\x89PNG").unwrap();
    // A legacy Word file is walked and reported, not silently skipped.
    std::fs::write(d.join("f-old.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    let dir_s = d.to_str().unwrap();

    let r = run_expect(&["check", "--format", "json", dir_s], 2);
    let v = r.json();
    let checked: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(checked.len(), 2, "{checked:?}");
    assert!(checked[0].ends_with("a-good.txt") && checked[1].ends_with("sub/e-pairs.txt"), "{checked:?}");
    let errors: Vec<(&str, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors.iter().any(|(p, m)| p.ends_with("f-old.doc") && m.contains(".docx")), "{errors:?}");
    assert!(errors.iter().any(|(p, m)| p.ends_with("b-binary.txt") && m.contains("二进制")), "{errors:?}");
    assert!(errors.iter().any(|(p, m)| p.ends_with("c-empty.txt") && m.contains("空")), "{errors:?}");
    assert!(errors.iter().any(|(p, m)| p.ends_with("d-blank.md") && m.contains("空")), "{errors:?}");
    // The good files were still checked.
    assert!(!of_rule(v["files"][1]["diagnostics"].as_array().unwrap(), "format.unbalanced-pairs").is_empty());

    let h = run_expect(&["check", "--color", "never", dir_s], 2).stdout;
    assert!(h.contains("b-binary.txt") && h.contains("c-empty.txt"), "{h}");
    assert!(h.contains("共检查 2 个文件，4 个文件无法检查"), "{h}");
    let c = run_expect(&["check", "--format", "concise", dir_s], 2).stdout;
    assert!(c.lines().any(|l| l.contains("b-binary.txt:1:1: error input ")), "{c}");

    // A corrupt .docx named on the command line is a per-file error too.
    std::fs::write(d.join("broken.docx"), b"PK\x03\x04 not really a zip").unwrap();
    let r = run_expect(&["check", "--format", "json", d.join("broken.docx").to_str().unwrap()], 2);
    assert_eq!(r.json()["summary"]["failed"], 1);

    // A folder with nothing to check.
    let empty = tempfile::tempdir().unwrap();
    let r = run_expect(&["check", empty.path().to_str().unwrap()], 2);
    assert!(r.stderr.contains("没有找到可检查的文件"), "{}", r.stderr);
}

#[test]
fn folder_order_is_sorted() {
    let r = run_expect(&["check", "--format", "json", "tests/fixtures/drafts"], 1);
    let paths: Vec<String> = r.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.iter().any(|p| p.ends_with("markdown.md")), "Markdown files are found: {paths:?}");
}

#[test]
fn one_file_named_several_ways_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("x")).unwrap();
    std::fs::write(d.join("x/one.txt"), sample("\n")).unwrap();
    std::fs::write(d.join("two.txt"), sample("\n")).unwrap();
    let mut names = vec!["x/../x/one.txt", "x/one.txt", "./x/one.txt", "x", "."];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("x/one.txt", d.join("link.txt")).unwrap();
        std::fs::hard_link(d.join("x/one.txt"), d.join("x/hard.txt")).unwrap();
        names.extend(["link.txt", "x/hard.txt"]);
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(&names);
    let out = common::zwlint().current_dir(d).args(&args).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    // Checked once, under the first name given; the copy is another file.
    assert_eq!(paths, ["two.txt", "x/../x/one.txt"], "{v}");
    // Not a near-duplicate of itself (the copy is one of it).
    let dups = v["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 1, "{v}");
    assert_eq!((dups[0]["first"].as_str(), dups[0]["second"].as_str()), (Some("two.txt"), Some("x/../x/one.txt")));
}

// ------------------------------------------------------------- rule folders

#[test]
fn malformed_rule_folders() {
    let cases = [
        ("bad-key", "tests/fixtures/rules/bad-key/typo.toml:7:1:", "sevrity"),
        ("bad-regex", "tests/fixtures/rules/bad-regex/regex.toml:6:9:", "正则表达式无效"),
        ("huge-regex", "tests/fixtures/rules/huge-regex/regex.toml:7:9:", "exceeds size limit"),
        ("bad-relation", "tests/fixtures/rules/bad-relation/relation.toml:3:12:", "beauty"),
    ];
    for (dir, loc, word) in cases {
        let rules = fixture(&format!("rules/{dir}"));
        for args in [
            vec!["check", "--rules", &rules, "tests/fixtures/drafts/clean.txt"],
            vec![
                "check",
                "--format",
                "json",
                "--rules",
                &rules,
                "tests/fixtures/drafts/clean.txt",
            ],
            vec!["rules", "--rules", &rules],
            vec!["explain", "format.unbalanced-pairs", "--rules", &rules],
        ] {
            let r = run_expect(&args, 2);
            assert!(r.stderr.contains(loc), "{args:?}: expected {loc} in stderr:\n{}", r.stderr);
            assert!(r.stderr.contains(word), "{args:?}: expected {word} in stderr:\n{}", r.stderr);
            assert!(r.stdout.is_empty(), "{args:?}: nothing on stdout:\n{}", r.stdout);
        }
    }
}

#[test]
fn more_rule_folder_errors() {
    let header = "relation = \"format\"\nseverity = \"warning\"\nmessage = \"测试\"\ndescription = \"测试\"\nsource = \"tests\"\n";
    let cases: Vec<(&str, String, &str)> = vec![
        // A key of another kind.
        (
            "kind-key",
            format!("id = \"format.t\"\n{header}kind = \"phrase\"\nwords = [\"夹具\"]\nregex = 'x'\n\n[examples]\nbad = [\"夹具\"]\n"),
            ":9:1:",
        ),
        // An unknown kind.
        (
            "kind",
            format!("id = \"format.t\"\n{header}kind = \"magic\"\n\n[examples]\nbad = [\"夹具\"]\n"),
            ":7:8:",
        ),
        // An unknown severity.
        (
            "severity",
            "id = \"format.t\"\nrelation = \"format\"\nseverity = \"fatal\"\nkind = \"phrase\"\nwords = [\"夹具\"]\nmessage = \"测试\"\ndescription = \"测试\"\nsource = \"tests\"\n\n[examples]\nbad = [\"夹具\"]\n".to_string(),
            ":3:12:",
        ),
        // A word list that does not exist.
        (
            "list",
            format!("id = \"format.t\"\n{header}kind = \"phrase\"\nlists = [\"no-such-list\"]\n\n[examples]\nbad = [\"夹具\"]\n"),
            ":8:10:",
        ),
        // The id of an embedded rule.
        (
            "duplicate",
            format!("id = \"format.unbalanced-pairs\"\n{header}kind = \"phrase\"\nwords = [\"夹具\"]\n\n[examples]\nbad = [\"夹具\"]\n"),
            "重复",
        ),
        // Not TOML at all.
        ("syntax", "id = \"format.t\"\nrelation = \n".to_string(), ":2:"),
        // Patterns that match the empty string, so would match everywhere.
        (
            "empty-regex",
            format!("id = \"format.t\"\n{header}kind = \"pattern\"\nregex = ''\n\n[examples]\nbad = [\"夹具\"]\n"),
            ":8:9: 正则表达式能匹配空字符串",
        ),
        (
            "optional-regex",
            format!("id = \"format.t\"\n{header}kind = \"pattern\"\nregex = '(?:夹具)?'\n\n[examples]\nbad = [\"夹具\"]\n"),
            ":8:9: 正则表达式能匹配空字符串",
        ),
        (
            "empty-condition",
            format!(
                "id = \"format.t\"\n{header}kind = \"pattern\"\nregex = '夹具'\nunless_before = '\\d*'\n\n[examples]\nbad = [\"夹具\"]\n"
            ),
            ":9:17: 正则表达式能匹配空字符串",
        ),
        (
            "empty-element",
            format!(
                "id = \"format.t\"\n{header}kind = \"require\"\nelements = [{{ name = \"时间\", regex = '^' }}]\n\n[examples]\nbad = [\"夹具\"]\n"
            ),
            ":8:36: 正则表达式能匹配空字符串",
        ),
    ];
    for (name, toml, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(format!("{name}.toml"));
        std::fs::write(&f, toml).unwrap();
        let r = run_expect(&["rules", "--rules", dir.path().to_str().unwrap()], 2);
        assert!(r.stderr.contains(&format!("{name}.toml")), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{name}: expected {want:?} in {}", r.stderr);
    }
    // A folder without rule files, and a folder that does not exist.
    let empty = tempfile::tempdir().unwrap();
    run_expect(&["rules", "--rules", empty.path().to_str().unwrap()], 2);
    run_expect(
        &[
            "check",
            "--rules",
            "tests/fixtures/no-such-folder",
            "tests/fixtures/drafts/clean.txt",
        ],
        2,
    );
}

// ------------------------------------------------------------- Markdown

#[test]
fn markdown_positions_point_into_the_original_file() {
    let path = draft("markdown.md");
    let text = std::fs::read_to_string(common::root().join(&path)).unwrap();
    let r = run_expect(&["check", "--format", "json", &path], 1);
    let ds = diags(&r);
    assert_positions(&text, &ds);
    // The heading is the title; its number sits inside **…**.
    assert_eq!(of_rule(&ds, "title.number-not-in-body"), vec![(2, 14, "13万".to_string())]);
    // The comma after emphasis and before a link is found at its place in the file.
    assert_eq!(of_rule(&ds, "format.halfwidth-punctuation"), vec![(4, 28, ",".to_string())]);
    // The stray quote before strong emphasis.
    assert_eq!(of_rule(&ds, "format.unbalanced-pairs"), vec![(10, 5, "“".to_string())]);
    // Nothing from the HTML comment (line 1), the code block (lines 6–8) or the link target.
    let url_col = text.lines().nth(3).unwrap().split("](").next().unwrap().chars().count() as u64 + 1;
    for d in &ds {
        let (l, c) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
        assert!(l != 1 && !(6..=8).contains(&l), "finding in skipped Markdown: {d}");
        assert!(
            !(l == 4 && c > url_col && d["document"] == false && d["text"] == ","),
            "finding in a link target: {d}"
        );
    }
    // The title is the heading text without markup.
    let seg = run_expect(&["segment", "--json", &path], 0).json();
    let words: Vec<&str> = seg.as_array().unwrap().iter().map(|t| t["word"].as_str().unwrap()).collect();
    assert!(!words.iter().any(|w| w.contains('*') || w.contains('#') || w.contains("http")), "{words:?}");
    assert!(!words.iter().any(|w| w.contains("代码块") || w.contains("草稿")), "{words:?}");
}

#[test]
fn markdown_with_any_line_ends() {
    // The fixture opens with an HTML comment: with lone CR line ends it once
    // swallowed the whole file (nothing was checked).
    let lf = std::fs::read_to_string(common::root().join(draft("markdown.md"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = |ds: &[Value]| -> Vec<(String, u64, u64, String)> {
        ds.iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                    d["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let p = dir.path().join("lf.md");
    std::fs::write(&p, &lf).unwrap();
    let want = key(&diags(&run_expect(&["check", "--format", "json", p.to_str().unwrap()], 1)));
    assert!(want.iter().any(|k| k.0 == "format.unbalanced-pairs"), "{want:?}");
    for (name, eol) in [("crlf.md", "\r\n"), ("cr.md", "\r")] {
        let text = lf.replace('\n', eol);
        let p = dir.path().join(name);
        std::fs::write(&p, &text).unwrap();
        let r = run_expect(&["check", "--format", "json", p.to_str().unwrap()], 1);
        let ds = diags(&r);
        assert_positions(&text, &ds);
        assert_eq!(key(&ds), want, "{name}");
    }
}

#[test]
fn markdown_entities_map_to_the_whole_entity() {
    let text = "# 东城县完成秋粮收购12万吨\n\n截至2026年11月18日，东城县完成秋粮收购12万吨，推行&ldquo;预约收购服务，农户平均排队时间由3小时缩短到40分钟。\n\n（报送单位：东城县粮食局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）\n";
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("entity.md");
    std::fs::write(&p, text).unwrap();
    let r = run_expect(&["check", "--format", "json", p.to_str().unwrap()], 1);
    let ds = diags(&r);
    assert_positions(text, &ds);
    let col = text
        .lines()
        .nth(2)
        .unwrap()
        .find("&ldquo;")
        .map(|i| text.lines().nth(2).unwrap()[..i].chars().count() as u64 + 1);
    assert_eq!(of_rule(&ds, "format.unbalanced-pairs"), vec![(3, col.unwrap(), "&ldquo;".to_string())]);
}

#[test]
fn markdown_escapes_and_entities_stay_in_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("e.md");
    let text = "# 东城县完成秋粮收购&#x31;3万吨\n\n截至11月18日，东城县完成秋粮收购12万吨\\,比上年增加1.1万吨&amp;收购网点46个。\n\n推行“预约收购&ldquo;服务，农户平均排队时间缩短到40分钟。\n\n- 列表项一,含半角逗号\n- 列表项二（未闭合\n\n> 引用中的“引号\n\n| 表头 | 数值 |\n| --- | --- |\n| 收购量,万吨 | 12 |\n";
    std::fs::write(&p, text).unwrap();
    let r = run(&["check", "--format", "json", "--date", "2026-11-20", p.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert_positions(text, &diags(&r));
}

// ---------------------------------------------------------------- messages

/// A draft (written for this test) with each kind of message defect of
/// issue 17: figures, quoted matches, spans cutting into a quotation, a
/// repeated sentence, an unbalanced quotation mark.
const MESSAGE_DRAFT: &str = "东城县全力打造营商环境
全县共完成固定资产投资3434.5亿元，其中工业投资2000亿元，基础设施投资1500亿元。
全县共接待游客514.55万人次，同比增长12%。
东城县实现“零就业”家庭动态清零，为全省首个。
全县重点项目建设跑出“加速度”，打好政策“组合拳”。
东城县建成便民服务点46个，覆盖全部行政村。
群众办事平均少跑2.3公里。
东城县建成便民服务点46个，覆盖全部行政村。
到11月底，全县共接待游客179.28万人次。
推行“一窗受理集成服务。
（报送单位：东城县发展改革委　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）
";

fn messages_of(path: &str) -> Vec<(String, String)> {
    let r = run(&["check", "--format", "json", "--fail-on", "never", path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    diags(&r)
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["message"].as_str().unwrap().to_string()))
        .collect()
}

fn message<'a>(ms: &'a [(String, String)], rule: &str) -> &'a str {
    &ms.iter().find(|(r, _)| r == rule).unwrap_or_else(|| panic!("no {rule} in {ms:?}")).1
}

#[test]
fn messages_quote_once_and_show_figures_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("messages.txt");
    std::fs::write(&p, MESSAGE_DRAFT).unwrap();
    let ms = messages_of(p.to_str().unwrap());
    // Figures as the draft writes them, computed ones in its scale.
    assert_eq!(message(&ms, "truth.parts-exceed-total"), "分项之和（3500亿元）超过了总数（3434.5亿元）");
    assert_eq!(
        message(&ms, "truth.conflicting-totals"),
        "同一总数前后写法不一：这里是“179.28万人次”，前文是“514.55万人次”"
    );
    // A match that is a quotation already is not quoted again; a match
    // cutting into a quotation shows all of it, quoted inside with ‘’.
    assert_eq!(message(&ms, "truth.absolute-claim"), "“零就业”是绝对化或排名表述，没有注明来源或依据");
    assert!(message(&ms, "substance.rhetoric").starts_with("修辞渲染“跑出‘加速度’”："), "{ms:?}");
    assert!(message(&ms, "substance.attitude-boilerplate").starts_with("态度套话“打好政策‘组合拳’”："), "{ms:?}");
    assert_eq!(message(&ms, "format.unbalanced-pairs"), "前双引号（“）没有配对的后双引号（”）");
    // An exact repeat is reported at the first copy, naming the line of the second.
    assert_eq!(message(&ms, "focus.repeated-sentence"), "这句与第8行的句子重复（相似度 100%）");
    for (rule, m) in &ms {
        assert!(!m.contains("““") && !m.contains("””"), "{rule}: {m}");
        assert_eq!(m.matches('“').count(), m.matches('”').count(), "{rule}: {m}");
    }

    // Restated figures name the line that first gave them.
    let figures = dir.path().join("figures.txt");
    std::fs::write(
        &figures,
        "西岭县信访事项按期办结率98.6%\n截至10月底，西岭县共受理信访事项536件，按期办结529件，按期办结率98.6%。\n主要做法是领导包案，每周调度1次。\n通过领导包案，全县共受理信访事项536件，按期办结529件，按期办结率达到98.6%。\n",
    )
    .unwrap();
    let ms = messages_of(figures.to_str().unwrap());
    assert_eq!(message(&ms, "focus.restated-figures"), "这句把第2行写过的 3 个数字又说了一遍");

    // Lines are the file's lines: in Markdown, blank lines and markup count.
    let md = dir.path().join("messages.md");
    let body: Vec<&str> = MESSAGE_DRAFT.lines().collect();
    std::fs::write(&md, format!("# {}\n\n{}\n\n{}\n\n{}\n", body[0], body[5], body[6], body[7])).unwrap();
    let ms = messages_of(md.to_str().unwrap());
    assert_eq!(message(&ms, "focus.repeated-sentence"), "这句与第7行的句子重复（相似度 100%）");
}

// ------------------------------------------------------------- subcommands

#[test]
fn rules_subcommand() {
    let r = run_expect(&["rules", "--json"], 0);
    let list = r.json();
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    let relations = [
        "truth",
        "depth",
        "length",
        "detail",
        "breadth",
        "focus",
        "balance",
        "substance",
        "title",
        "timeliness",
        "format",
    ];
    let mut ids: Vec<&str> = Vec::new();
    for rule in list {
        for k in ["id", "relation", "relation_zh", "severity", "kind", "summary", "source"] {
            assert!(rule.get(k).is_some(), "{k} missing: {rule}");
        }
        let id = rule["id"].as_str().unwrap();
        let rel = rule["relation"].as_str().unwrap();
        assert!(relations.contains(&rel), "{rule}");
        assert!(id.starts_with(&format!("{rel}.")), "{rule}");
        assert!(!rule["summary"].as_str().unwrap().is_empty(), "{rule}");
        ids.push(id);
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "rule ids are unique");
    for id in [
        "format.halfwidth-punctuation",
        "format.unbalanced-pairs",
        "title.number-not-in-body",
        "timeliness.emergency-late",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }

    let t = run_expect(&["rules"], 0).stdout;
    assert!(t.contains(&format!("共 {n} 条规则")), "{t}");
    assert!(
        t.lines()
            .any(|l| l.starts_with("format.unbalanced-pairs ") && l.contains("编报规范") && l.contains("error")),
        "{t}"
    );

    // Extra folders add their rules.
    let rules = custom_rules();
    let c = run_expect(&["rules", "--json", "--rules", &rules], 0).json();
    assert_eq!(c.as_array().unwrap().len(), n + 3);
    let t = run_expect(&["rules", "--rules", &rules], 0).stdout;
    assert!(t.contains("format.fixture-warning") && t.contains(&format!("共 {} 条规则", n + 3)), "{t}");
}

#[test]
fn explain_subcommand() {
    let r = run_expect(&["explain", "format.unbalanced-pairs"], 0).stdout;
    assert!(r.starts_with("format.unbalanced-pairs"), "{r}");
    assert!(r.contains("编报规范") && r.contains("依据：") && r.contains("反例"), "{r}");
    // A cited tag is shown with its title and address (docs/sources.md).
    let r = run_expect(&["explain", "truth.parts-exceed-total"], 0).stdout;
    assert!(
        r.contains("\n  [S3] 省政务信息工作办法（第十四条） — fymate.net/") && r.contains("docs/sources.md"),
        "{r}"
    );
    let r = run_expect(&["explain", "format.fixture-error", "--rules", &custom_rules()], 0).stdout;
    assert!(r.contains("测试用规则（错误级）") && r.contains("这里有夹具错误词。"), "{r}");
    let e = run_expect(&["explain", "no.such-rule"], 2);
    assert!(e.stderr.contains("no.such-rule") && e.stderr.contains("zwlint rules"), "{}", e.stderr);
    run_expect(&["explain"], 2);
}

#[test]
fn segment_subcommand() {
    let path = draft("wide-chars.txt");
    let text = std::fs::read_to_string(common::root().join(&path)).unwrap();
    let v = run_expect(&["segment", "--json", &path], 0).json();
    let toks = v.as_array().unwrap();
    assert!(toks.len() > 20);
    let mut last = 0;
    for t in toks {
        let (s, e) = (t["byte_start"].as_u64().unwrap() as usize, t["byte_end"].as_u64().unwrap() as usize);
        assert!(s >= last && s < e && e <= text.len(), "{t}");
        last = e;
        assert_eq!(&text[s..e], t["word"].as_str().unwrap(), "{t}");
        let (l, c) = line_col(&text, s);
        assert_eq!((t["line"].as_u64().unwrap() as usize, t["column"].as_u64().unwrap() as usize), (l, c), "{t}");
        assert!(!t["pos"].as_str().unwrap().is_empty(), "{t}");
    }
    let words: Vec<&str> = toks.iter().map(|t| t["word"].as_str().unwrap()).collect();
    assert!(words.contains(&"秋粮") && words.contains(&"收购"), "{words:?}");

    let table = run_expect(&["segment", &path], 0).stdout;
    assert!(table.starts_with("— 第1行\n1:1\t"), "{table}");
    assert!(table.lines().any(|l| l.starts_with("3:") && l.contains("\t说\t")), "{table}");

    // Standard input, GB18030 on stdin.
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let r = run_with(&["segment", "--json", "-"], Some(gb));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), v);
    // Errors.
    run_expect(&["segment", "tests/fixtures/drafts/does-not-exist.txt"], 2);
    let e = run_with(&["segment", "-"], Some(Vec::new()));
    assert_eq!(e.code, 2);
    assert!(e.stderr.contains("空"), "{}", e.stderr);
}

#[test]
fn examples_folder_runs() {
    // README's first command: findings (exit 1) but no unreadable file.
    let r = run(&["check", "--format", "json", "examples"]);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let v = r.json();
    assert_eq!(v["summary"]["failed"], 0);
    let encodings: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["encoding"].as_str().unwrap()).collect();
    assert!(encodings.contains(&"GB18030"), "{encodings:?}");
    assert!(Path::new(common::root()).join("examples").is_dir());
}

#[test]
fn check_help_names_every_searched_extension() {
    let r = run_expect(&["check", "--help"], 0);
    for ext in [".txt", ".md", ".markdown", ".docx"] {
        assert!(r.stdout.contains(ext), "{ext}: {}", r.stdout);
    }
}

#[test]
fn statistics_per_format() {
    let pairs = draft("pairs.txt");
    // The table for people (human and concise), JSON and CSV for machines.
    for f in ["human", "concise"] {
        let r = run_expect(&["check", "--statistics", "--format", f, &pairs], 1);
        assert!(r.stdout.contains("format.unbalanced-pairs") && r.stdout.contains("共 "), "{f}: {}", r.stdout);
    }
    let r = run_expect(&["check", "--statistics", "--format", "json", &pairs], 1);
    let v = r.json();
    let stats = v.as_array().unwrap();
    assert!(
        stats.iter().any(|x| x["rule"] == "format.unbalanced-pairs" && x["count"].as_u64() >= Some(1)),
        "{v}"
    );
    // The same rows in CSV.
    let r = run_expect(&["check", "--statistics", "--format", "csv", &pairs], 1);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("\u{feff}rule,relation,relation_zh,severity,count"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), stats.len(), "{}", r.stdout);
    for (c, x) in rows.iter().zip(stats) {
        assert_eq!(
            (c[0], c[1], c[3]),
            (x["rule"].as_str().unwrap(), x["relation"].as_str().unwrap(), x["severity"].as_str().unwrap())
        );
        assert_eq!(c[4].parse::<u64>().ok(), x["count"].as_u64());
    }
    assert!(rows.iter().any(|c| c[0] == "format.unbalanced-pairs" && c[2] == "编报规范"), "{}", r.stdout);
    // The other formats have no place for it: a usage error, nothing printed.
    for f in ["sarif", "github", "gitlab", "rdjson", "junit"] {
        let r = run_expect(&["check", "--statistics", "--format", f, &pairs], 2);
        assert!(r.stdout.is_empty() && r.stderr.contains("--statistics"), "{f}: {}{}", r.stdout, r.stderr);
    }
}

/// One defect, one warning: two rules on exactly the same words (a slogan
/// title that is also rhetoric) give one warning and one info with a note;
/// different defects of one sentence or of the whole document keep theirs.
#[test]
fn same_words_warn_once() {
    let text = "南湖区医保工作谱写新篇章\n1至10月，南湖区医保基金支出4.86亿元，同比增长6.2%，医保便民服务如火如荼。\n";
    let out = run_with(&["check", "--format", "json", "--date", "2026-11-20", "-"], Some(text.into())).json();
    let diags = out["files"][0]["diagnostics"].as_array().unwrap().clone();
    let at_title: Vec<_> = diags.iter().filter(|d| d["line"] == 1 && d["column"] == 8).collect();
    assert_eq!(at_title.len(), 2, "{at_title:?}");
    let sev: Vec<&str> = at_title.iter().map(|d| d["severity"].as_str().unwrap()).collect();
    assert_eq!(sev.iter().filter(|s| **s == "warning").count(), 1, "{at_title:?}");
    let info = at_title.iter().find(|d| d["severity"] == "info").unwrap();
    assert!(info["message"].as_str().unwrap().contains("同一处已由另一条规则按警告报告"), "{info}");
}

/// A type inferred from a weak cue is shown with its cue; type-dependent rules
/// then report as info with a note, and as configured once the type is given.
#[test]
fn unsure_type_demotes_type_dependent_rules() {
    let text =
        "西岭县推行林长制网格化管护\n西岭县推行林长制，划分林长网格，聘用生态护林员，建立巡护、报告和考核制度。\n";
    let guessed = run_with(&["check", "--format", "json", "--date", "2026-11-20", "-"], Some(text.into())).json();
    let f = &guessed["files"][0];
    assert_eq!(f["item_type"], "经验");
    assert_eq!(f["item_type_source"], "guess");
    assert_eq!(f["item_type_confidence"], "low");
    assert_eq!(f["item_type_cue"], "标题讲做法“推行”");
    let rule = "depth.experience-no-effect";
    let d = f["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == rule).expect("rule fires").clone();
    assert_eq!(d["severity"], "info", "{d}");
    assert!(d["message"].as_str().unwrap().contains("把握不大"), "{d}");

    let given = run_with(
        &[
            "check",
            "--format",
            "json",
            "--date",
            "2026-11-20",
            "--type",
            "经验",
            "-",
        ],
        Some(text.into()),
    )
    .json();
    let f = &given["files"][0];
    assert_eq!(f["item_type_confidence"], "high");
    assert!(f["item_type_cue"].is_null());
    let d = f["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == rule).expect("rule fires").clone();
    assert_eq!(d["severity"], "warning", "{d}");
    assert!(!d["message"].as_str().unwrap().contains("把握不大"), "{d}");

    let human = run_with(&["check", "--date", "2026-11-20", "-"], Some(text.into()));
    assert!(human.stdout.contains("经验（推断，把握不大：标题讲做法“推行”）"), "{}", human.stdout);
}

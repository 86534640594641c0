//! Batch runs end to end: configuration discovery and `extends`, every
//! output format, determinism across thread counts, suppression, ignore
//! files and near-duplicate submissions.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use tempfile::TempDir;

const CLEAN: &str = "东城县完成小麦冬灌1.2万亩\n截至2026年11月18日，东城县完成小麦冬灌1.2万亩，占全县冬小麦播种面积3.5万亩的34%，比2025年同期多0.3万亩。\n东城县农业农村局将全县12个乡镇划为3个灌溉片区，调配机井420眼、移动喷灌机86台，按片区轮灌。\n西岭镇、河口乡有1900亩地块因机井老化出水不足，尚未开灌，预计11月25日完成两乡镇冬灌。\n（报送单位：东城县农业农村局　联系人：王敏　电话：0394-8212345　报送日期：2026年11月20日）\n";

/// A draft with a half-width comma (format.halfwidth-punctuation, warning)
/// and an unbalanced bracket (format.unbalanced-pairs, error).
const FLAWED: &str = "西岭县新建农村公路56公里\n截至2026年11月18日,西岭县新建农村公路56公里，惠及群众3.2万人（涉及12个乡镇。\n（报送单位：西岭县交通运输局　联系人：李华　电话：0394-7654321　报送日期：2026年11月20日）\n";

fn zwlint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("zwlint").unwrap().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let (code, out, err) = zwlint(dir, &a);
    (code, serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}\n{err}")))
}

fn rules_of(v: &Value, file: &str) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} not in output"))["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn config_discovery_and_extends() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "base.toml", "ignore = [\"format.unbalanced-pairs\"]\n[severity]\n\"format\" = \"info\"\n");
    write(d, "city/zwlint.toml", "extends = \"../base.toml\"\nfail-on = \"info\"\n");
    write(d, "city/a.txt", FLAWED);
    write(d, "other/a.txt", FLAWED);
    let (code, v) = json(d, &["city", "other"]);
    let city = rules_of(&v, "city/a.txt");
    assert!(!city.contains(&"format.unbalanced-pairs".to_string()), "{city:?}");
    let sev: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "format.halfwidth-punctuation")
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, ["info"], "base layer's severity override applies");
    assert!(rules_of(&v, "other/a.txt").contains(&"format.unbalanced-pairs".to_string()));
    assert_eq!(code, 1, "fail-on = info from the city layer");
    // --isolated ignores the configuration.
    let (_, v) = json(d, &["--isolated", "city"]);
    assert!(rules_of(&v, "city/a.txt").contains(&"format.unbalanced-pairs".to_string()));
    // --config applies one file everywhere.
    let (_, v) = json(d, &["--config", "base.toml", "other"]);
    assert!(!rules_of(&v, "other/a.txt").contains(&"format.unbalanced-pairs".to_string()));
    // zwlint config shows the layers.
    let (code, out, _) = zwlint(d, &["config", "city/a.txt"]);
    assert_eq!(code, 0);
    assert!(out.contains("base.toml") && out.contains("fail-on = \"info\""), "{out}");
}

#[test]
fn config_errors_name_file_line_col() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "a.txt", CLEAN);
    for (cfg, want) in [
        ("fail-on = \"error\"\nunknown-key = 1\n", "zwlint.toml:2:1"),
        ("fail-on = 3\n", "zwlint.toml:1:11"),
        ("select = [\"nonsense\"]\n", "zwlint.toml:1:11"),
        ("[rule.\"length.body-length\"]\nmessage = \"x\"\n", "zwlint.toml:2:1:"),
        // A wrong type is reported at the value.
        ("[rule.\"length.body-length\"]\nmax = \"many\"\n", "zwlint.toml:2:7:"),
        (
            "fail-on = \"error\"\n\n[rule.\"length.body-length\"]\nmax = 50\nmax_by_type = \"x\"\n",
            "zwlint.toml:5:15:",
        ),
        ("rule = { \"length.body-length\" = { max = [1] } }\n", "zwlint.toml:1:41:"),
        ("extends = \"zwlint.toml\"\n", "zwlint.toml:1:11"),
    ] {
        write(d, "zwlint.toml", cfg);
        // The file the configuration governs is an input error naming it.
        let (code, out, err) = zwlint(d, &["check", "--format", "concise", "a.txt"]);
        assert_eq!(code, 2, "{cfg}: {err}");
        assert!(
            out.starts_with("a.txt:1:1: error input 配置有错误") && out.contains(want),
            "{cfg}: expected {want} in {out}"
        );
        // Named with --config, it is an error of the run.
        let (code, _, err) = zwlint(d, &["check", "--config", "zwlint.toml", "a.txt"]);
        assert_eq!(code, 2, "{cfg}: {err}");
        assert!(err.contains(want), "{cfg}: expected {want} in {err}");
    }
}

#[test]
fn a_broken_config_fails_only_the_files_it_governs() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "a.txt", FLAWED);
    write(d, "sub/b.txt", FLAWED);
    write(d, "sub/deeper/c.txt", FLAWED);
    write(d, "sub/zwlint.toml", "fail-on = \"error\"\nmax-warnings = \"many\"\n");
    write(d, "other/zwlint.toml", "ignore = [\"format\"]\n");
    write(d, "other/d.txt", FLAWED);
    for format in ["json", "sarif", "concise"] {
        let (code, out, err) = zwlint(d, &["check", "--format", format, "--no-cross", "."]);
        assert_eq!(code, 2, "{format}: {out}{err}");
        assert!(err.is_empty(), "{format}: {err}");
        if format == "json" {
            let v: Value = serde_json::from_str(&out).unwrap();
            let errors: Vec<(&str, &str)> = v["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["path"].as_str().unwrap(), e["message"].as_str().unwrap()))
                .collect();
            assert_eq!(errors.len(), 2, "{v}");
            for (i, path) in ["sub/b.txt", "sub/deeper/c.txt"].iter().enumerate() {
                assert_eq!(errors[i].0, *path);
                assert!(errors[i].1.contains("sub/zwlint.toml:2:16:"), "{}", errors[i].1);
            }
            // The others are checked, each under its own configuration.
            assert!(rules_of(&v, "a.txt").contains(&"format.unbalanced-pairs".to_string()));
            assert!(!rules_of(&v, "other/d.txt").iter().any(|r| r.starts_with("format.")), "{v}");
        }
    }
    // Also when the broken configuration governs the folder named.
    let (code, out, _) = zwlint(d, &["check", "--format", "concise", "sub", "a.txt"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("sub/b.txt:1:1: error input 配置有错误") && out.contains("a.txt:2:"), "{out}");
}

#[test]
fn rule_parameters_from_config() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "a.txt", CLEAN);
    let (_, v) = json(d, &["a.txt"]);
    assert!(!rules_of(&v, "a.txt").contains(&"length.body-length".to_string()));
    write(d, "zwlint.toml", "[rule.\"length.body-length\"]\nmax = 50\nmax_by_type = {}\n");
    let (_, v) = json(d, &["a.txt"]);
    assert!(rules_of(&v, "a.txt").contains(&"length.body-length".to_string()), "{v}");
}

#[test]
fn init_writes_a_config_that_loads() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    let (code, _, _) = zwlint(d, &["init"]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(d.join("zwlint.toml")).unwrap();
    assert!(text.contains("[rule.\"length.body-length\"]"));
    let (code, _, _) = zwlint(d, &["init"]);
    assert_eq!(code, 2, "refuses to overwrite");
    write(d, "a.txt", CLEAN);
    let (code, _, err) = zwlint(d, &["check", "a.txt"]);
    assert!(code < 2, "{err}");
}

/// `zwlint init`'s template with every commented-out example line turned
/// into TOML (a `# key = value` or `# [table]` line that parses) loads, and
/// every rule id it names is a rule that exists.
#[test]
fn init_template_uncommented_is_valid_and_names_real_rules() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    let sub = d.join("unit");
    std::fs::create_dir(&sub).unwrap();
    let (code, _, err) = zwlint(&sub, &["init"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(sub.join("zwlint.toml")).unwrap();
    let header = regex::Regex::new(r"^\[[^\[\]]+\]$").unwrap();
    let mut uncommented = String::new();
    let mut examples = 0;
    for line in text.lines() {
        let example = line.strip_prefix("# ").filter(|rest| {
            header.is_match(rest) || (rest.contains(" = ") && toml::from_str::<toml::Table>(rest).is_ok())
        });
        match example {
            Some(rest) => {
                uncommented.push_str(rest);
                examples += 1;
            }
            None => uncommented.push_str(line),
        }
        uncommented.push('\n');
    }
    assert!(examples > 30, "only {examples} example lines in:\n{text}");
    let table: toml::Table = toml::from_str(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
    for key in [
        "extends",
        "select",
        "ignore",
        "per-file-ignores",
        "duplicates",
        "severity",
        "rule",
    ] {
        assert!(table.contains_key(key), "{key} not among the examples:\n{uncommented}");
    }
    // What the examples refer to: a parent config, a rule folder, a dictionary.
    std::fs::write(sub.join("zwlint.toml"), &uncommented).unwrap();
    write(d, "zwlint.toml", "");
    let fixture_rule =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/custom/format/fixture-info.toml");
    write(&sub, "my-rules/format/fixture-info.toml", &std::fs::read_to_string(fixture_rule).unwrap());
    write(&sub, "my-words.dict", "东城县粮食局 20 nt\n");
    write(&sub, "a.txt", CLEAN);
    let (code, out, err) = zwlint(&sub, &["check", "a.txt"]);
    assert!(code < 2, "the uncommented template does not load (exit {code}):\n{err}\n{out}");
    let (code, _, err) = zwlint(&sub, &["config", "a.txt"]);
    assert_eq!(code, 0, "{err}");

    // Every rule id the template names exists.
    let (code, out, _) = zwlint(d, &["rules", "--json"]);
    assert_eq!(code, 0);
    let rules: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = rules.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let id = regex::Regex::new(
        r"\b(truth|depth|length|detail|breadth|focus|balance|substance|title|timeliness|format)\.[a-z0-9-]+",
    )
    .unwrap();
    let named: Vec<&str> = id.find_iter(&text).map(|m| m.as_str()).collect();
    assert!(named.len() > 20, "{named:?}");
    for n in named {
        assert!(ids.contains(&n), "the template names {n}, which is not a rule");
    }
}

#[test]
fn every_format_and_exit_codes() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "a.txt", FLAWED);
    for f in ["human", "concise", "json", "sarif", "github", "rdjson", "junit", "csv"] {
        let (code, out, err) = zwlint(d, &["check", "--format", f, "a.txt"]);
        assert_eq!(code, 1, "{f}: {err}");
        assert!(!out.is_empty(), "{f}");
    }
    // SARIF, structurally.
    let (_, out, _) = zwlint(d, &["check", "--format", "sarif", "a.txt"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules.len() > 10
            && rules.iter().all(|r| r["id"].is_string()
                && r["shortDescription"]["text"].is_string()
                && r["help"]["text"].is_string())
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1);
    }
    // The comma is the 14th character of line 2: SARIF counts code points.
    let comma = results.iter().find(|r| r["ruleId"] == "format.halfwidth-punctuation").unwrap();
    assert_eq!(comma["locations"][0]["physicalLocation"]["region"]["startColumn"], 14);
    // GitHub lines parse back.
    let (_, out, _) = zwlint(d, &["check", "--format", "github", "a.txt"]);
    let line = out.lines().find(|l| l.contains("format.halfwidth-punctuation")).unwrap();
    let (head, msg) = line.split_once("::").unwrap().1.split_once("::").unwrap();
    let (cmd, props) = head.split_once(' ').unwrap();
    assert_eq!(cmd, "warning");
    let props: std::collections::HashMap<&str, &str> = props.split(',').map(|p| p.split_once('=').unwrap()).collect();
    assert_eq!(props["file"], "a.txt");
    assert_eq!(props["line"], "2");
    assert_eq!(props["col"], "14");
    assert_eq!(props["endColumn"], "15");
    assert!(msg.contains("半角"));
    // rdjson columns are UTF-8 bytes: 截至2026年11月18日 is 23 bytes, the comma is byte 24.
    let (_, out, _) = zwlint(d, &["check", "--format", "rdjson", "a.txt"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let diag = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"]["value"] == "format.halfwidth-punctuation")
        .unwrap();
    assert_eq!(diag["location"]["range"]["start"]["column"], 24);
    // JUnit and CSV.
    let (_, out, _) = zwlint(d, &["check", "--format", "junit", "a.txt"]);
    assert!(out.starts_with("<?xml") && out.contains("<failure") && out.trim_end().ends_with("</testsuites>"));
    let (_, out, _) = zwlint(d, &["check", "--format", "csv", "a.txt"]);
    let mut lines = out.lines();
    assert!(lines.next().unwrap().trim_start_matches('\u{feff}').starts_with("path,item_type,chars,score"));
    assert!(lines.next().unwrap().starts_with("a.txt,"));
    // --output writes the file; --fail-on never exits 0; --max-warnings.
    let (code, out, _) = zwlint(
        d,
        &[
            "check",
            "--format",
            "json",
            "--output",
            "r.json",
            "--fail-on",
            "never",
            "a.txt",
        ],
    );
    assert_eq!((code, out.as_str()), (0, ""));
    let _: Value = serde_json::from_str(&std::fs::read_to_string(d.join("r.json")).unwrap()).unwrap();
    write(d, "b.txt", CLEAN);
    let (code, _, _) = zwlint(
        d,
        &[
            "check",
            "--ignore",
            "format.unbalanced-pairs,timeliness",
            "--max-warnings",
            "0",
            "a.txt",
        ],
    );
    assert_eq!(code, 1);
    // --statistics counts per rule.
    let (_, out, _) = zwlint(d, &["check", "--statistics", "a.txt", "b.txt"]);
    assert!(out.contains("format.halfwidth-punctuation"), "{out}");
}

#[test]
fn deterministic_across_threads() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    for i in 0..40 {
        write(d, &format!("d/{i:02}.txt"), if i % 3 == 0 { FLAWED } else { CLEAN });
    }
    let (_, one, _) = zwlint(d, &["check", "--format", "json", "-j", "1", "d"]);
    let (_, two, _) = zwlint(d, &["check", "--format", "json", "-j", "2", "d"]);
    let (_, four, _) = zwlint(d, &["check", "--format", "json", "-j", "4", "d"]);
    assert_eq!(one, two);
    assert_eq!(one, four);
    let (_, h1, _) = zwlint(d, &["check", "--color", "never", "-j", "1", "--sort", "score", "d"]);
    let (_, h2, _) = zwlint(d, &["check", "--color", "never", "-j", "2", "--sort", "score", "d"]);
    assert_eq!(h1, h2);
    assert!(h1.contains("稿件排序"), "ranking table in a multi-file human run");
}

#[test]
fn sorted_by_score_machine_output_stays_valid() {
    // `--sort score` writes files in another order than they were checked:
    // the JSON formats must still join them with commas in that order.
    let t = TempDir::new().unwrap();
    let d = t.path();
    for i in 0..9 {
        write(d, &format!("d/{i}.txt"), if i % 3 == 1 { FLAWED } else { CLEAN });
    }
    let n_flawed = 3;
    for (format, count) in [
        ("json", "/files"),
        ("sarif", "/runs/0/results"),
        ("gitlab", ""),
        ("rdjson", "/diagnostics"),
    ] {
        let (_, path_order, _) = zwlint(d, &["check", "--format", format, "d"]);
        let (_, score_order, err) = zwlint(d, &["check", "--format", format, "--sort", "score", "d"]);
        let a: Value = serde_json::from_str(&path_order).unwrap_or_else(|e| panic!("{format}: {e}"));
        let b: Value =
            serde_json::from_str(&score_order).unwrap_or_else(|e| panic!("{format} --sort score: {e}\n{err}"));
        let len = |v: &Value| v.pointer(count).and_then(Value::as_array).map(Vec::len);
        assert_eq!(len(&a), len(&b), "{format}");
        assert!(len(&b).unwrap() >= n_flawed, "{format}");
    }
    let (_, out) = json(d, &["--sort", "score", "d"]);
    let files = out["files"].as_array().unwrap();
    let scores: Vec<u64> = files.iter().map(|f| f["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    assert!(scores[0] < scores[scores.len() - 1], "{scores:?}");
    assert_eq!(files.len(), 9);
}

#[test]
fn suppression_markdown_and_per_file_ignores() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    let md = "# 西岭县新建农村公路56公里\n\n<!-- zwlint-disable-next-line format.halfwidth-punctuation -->\n截至2026年11月18日,西岭县新建农村公路56公里。\n\n<!-- zwlint-disable format.unbalanced-pairs -->\n惠及群众3.2万人（涉及12个乡镇。\n<!-- zwlint-enable -->\n\n<!-- zwlint-disable truth -->\n\n（报送单位：西岭县交通运输局　联系人：李华　电话：0394-7654321　报送日期：2026年11月20日）\n";
    write(d, "a.md", md);
    let (_, v) = json(d, &["a.md"]);
    let rules = rules_of(&v, "a.md");
    assert!(!rules.contains(&"format.halfwidth-punctuation".to_string()), "{rules:?}");
    assert!(!rules.contains(&"format.unbalanced-pairs".to_string()), "{rules:?}");
    let unused: Vec<&Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "format.unused-suppression")
        .collect();
    assert_eq!(unused.len(), 1, "the truth disable suppressed nothing: {unused:?}");
    assert_eq!(unused[0]["severity"], "info");
    // Plain text: per-file-ignores.
    write(d, "t/a.txt", FLAWED);
    write(d, "t/zwlint.toml", "[per-file-ignores]\n\"a.txt\" = [\"format.unbalanced-pairs\", \"depth\"]\n");
    let (_, v) = json(d, &["t"]);
    let rules = rules_of(&v, "t/a.txt");
    assert!(!rules.contains(&"format.unbalanced-pairs".to_string()), "{rules:?}");
    assert!(rules.contains(&"format.halfwidth-punctuation".to_string()));
    assert!(
        rules.contains(&"format.unused-suppression".to_string()),
        "the unused depth entry is reported: {rules:?}"
    );
}

#[test]
fn ignore_files_and_excludes() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "in/a.txt", CLEAN);
    write(d, "in/skip/b.txt", CLEAN);
    write(d, "in/old/c.txt", CLEAN);
    write(d, "in/.hidden/d.txt", CLEAN);
    write(d, "in/e.txt.bak", CLEAN);
    write(d, "in/.zwlintignore", "skip/\n");
    let (_, v) = json(d, &["--exclude", "old/**", "in"]);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["in/a.txt"]);
    let (_, v) = json(d, &["--hidden", "in"]);
    assert_eq!(v["files"].as_array().unwrap().len(), 3);
    // A file named explicitly is always checked.
    let (_, v) = json(d, &["in/skip/b.txt"]);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
}

#[test]
fn near_duplicates_across_the_batch() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "a.txt", CLEAN);
    write(d, "b.txt", &CLEAN.replace("比2025年同期多", "较2025年同期增加"));
    write(d, "c.txt", FLAWED);
    let (_, v) = json(d, &["a.txt", "b.txt", "c.txt"]);
    let dups = v["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert_eq!(dups[0]["first"], "a.txt");
    assert_eq!(dups[0]["second"], "b.txt");
    assert!(rules_of(&v, "b.txt").contains(&"focus.duplicate-submission".to_string()));
    assert!(!rules_of(&v, "a.txt").contains(&"focus.duplicate-submission".to_string()));
    let (_, v) = json(d, &["--no-cross", "a.txt", "b.txt"]);
    assert!(v["duplicates"].as_array().unwrap().is_empty());
    write(d, "zwlint.toml", "[duplicates]\nthreshold = 0.99\n");
    let (_, v) = json(d, &["a.txt", "b.txt"]);
    assert!(v["duplicates"].as_array().unwrap().is_empty(), "threshold from config");
}

#[test]
fn output_never_replaces_an_input() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "d1.txt", CLEAN);
    write(d, "d2.txt", FLAWED);
    write(d, "sub/d3.md", CLEAN);
    let mut cases: Vec<Vec<&str>> = vec![
        // Named as an input, spelled differently, or found in a folder.
        vec!["check", "d1.txt", "d2.txt", "-o", "d1.txt"],
        vec!["check", "d2.txt", "-o", "./sub/../d2.txt"],
        vec!["check", ".", "-o", "sub/d3.md"],
        vec!["check", "--format", "json", "sub", "-o", "sub/./d3.md"],
    ];
    #[cfg(unix)]
    {
        // The same file under another name.
        std::fs::hard_link(d.join("d1.txt"), d.join("report.json")).unwrap();
        std::os::unix::fs::symlink(d.join("d2.txt"), d.join("report.csv")).unwrap();
        cases.push(vec!["check", "d1.txt", "-o", "report.json"]);
        cases.push(vec!["check", "--format", "csv", "d2.txt", "-o", "report.csv"]);
    }
    for args in &cases {
        let (code, out, err) = zwlint(d, args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains("--output") && err.contains("覆盖稿件"), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(d.join("d1.txt")).unwrap(), CLEAN);
        assert_eq!(std::fs::read_to_string(d.join("d2.txt")).unwrap(), FLAWED);
        assert_eq!(std::fs::read_to_string(d.join("sub/d3.md")).unwrap(), CLEAN);
    }
    // A report beside the drafts that is not one of them is written.
    let (code, _, err) = zwlint(d, &["check", "--format", "json", ".", "-o", "sub/r.json"]);
    assert_eq!(code, 1, "{err}");
    let _: Value = serde_json::from_str(&std::fs::read_to_string(d.join("sub/r.json")).unwrap()).unwrap();
}

#[cfg(unix)]
#[test]
fn output_goes_through_a_fresh_temporary_file_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempDir::new().unwrap();
    let d = t.path();
    write(d, "a.txt", CLEAN);
    // An old report readable by its owner only, and a file whose name the
    // old temporary file took.
    write(d, "r.json", "old");
    std::fs::set_permissions(d.join("r.json"), std::fs::Permissions::from_mode(0o600)).unwrap();
    write(d, "r.zwlint-tmp", "keep");
    let (code, out, err) = zwlint(d, &["check", "--format", "json", "a.txt", "-o", "r.json"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let _: Value = serde_json::from_str(&std::fs::read_to_string(d.join("r.json")).unwrap()).unwrap();
    let mode = |p: &str| std::fs::metadata(d.join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("r.json"), 0o600);
    assert_eq!(std::fs::read_to_string(d.join("r.zwlint-tmp")).unwrap(), "keep");
    // A new report gets the permissions of any new file (the umask's).
    let (code, _, err) = zwlint(d, &["check", "--format", "json", "a.txt", "-o", "new.json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode("new.json"), mode("a.txt"));
    // A failed run leaves the old report and no temporary file.
    let (code, _, _) = zwlint(
        d,
        &[
            "check",
            "--format",
            "json",
            "--config",
            "missing.toml",
            "a.txt",
            "-o",
            "r.json",
        ],
    );
    assert_eq!(code, 2);
    let (code, _, _) = zwlint(
        d,
        &[
            "check",
            "--format",
            "json",
            "--select",
            "no-such-rule",
            "a.txt",
            "-o",
            "r.json",
        ],
    );
    assert_eq!(code, 2);
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.txt", "new.json", "r.json", "r.zwlint-tmp"]);
    assert_eq!(mode("r.json"), 0o600);
}

/// A large JSON report reaches the output a piece at a time, never as one
/// string (a 50 MB text's report is over 100 MB), and reads the same.
#[test]
fn a_large_json_report_is_streamed_in_pieces() {
    use zwlint::run::{self, Preparer, RunOptions};
    let t = TempDir::new().unwrap();
    let d = t.path();
    let line = "截至2026年11月18日,西岭县新建农村公路56公里，惠及群众3.2万人（涉及12个乡镇。\n";
    write(d, "big.txt", &format!("西岭县新建农村公路56公里\n{}", line.repeat(3000)));
    let opts = RunOptions {
        paths: vec![d.join("big.txt")],
        isolated: true,
        threads: 2,
        ..Default::default()
    };
    let mut prep = Preparer::new(opts.overrides.clone());
    let mut rep = zwlint::report::json::Json::default();
    let (mut out, mut largest, mut pieces) = (String::new(), 0, 0);
    let result = run::run(&opts, &mut prep, &mut rep, &mut |s: &str| {
        largest = largest.max(s.len());
        pieces += 1;
        out.push_str(s);
    })
    .unwrap();
    assert!(result.summary.total() > 5000, "{}", result.summary.total());
    assert!(out.len() > 3 << 20, "{}", out.len());
    assert!(largest < 256 << 10, "a piece of {largest} bytes");
    assert!(pieces > 12, "{pieces}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), result.summary.total());
    // The command line writes the same.
    let (_, cli, _) = zwlint(d, &["check", "--format", "json", "--isolated", "big.txt"]);
    let w: Value = serde_json::from_str(&cli).unwrap();
    assert_eq!(v["files"][0]["diagnostics"], w["files"][0]["diagnostics"]);
}

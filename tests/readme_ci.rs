//! The CI recipes in README.md are run exactly as written — every
//! `zwlint check` line of the YAML blocks in the CI section, with `drafts/`
//! pointing at a copy of `examples/` — and each output is parsed back.
//! The pre-commit hook's entry in `.pre-commit-hooks.yaml` is run too, and
//! the sample outputs (`<!-- sample: … -->` blocks) are compared with the
//! binary's real output.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `zwlint check …` lines inside ```yaml blocks of the README's CI section.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let start = readme.find("### 在持续集成（CI）中使用").expect("README has the CI section");
    let section = &readme[start..];
    let end = section[4..].find("\n### ").map_or(section.len(), |i| i + 4);
    let section = &section[..end];
    let mut out = Vec::new();
    let mut in_yaml = false;
    for line in section.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_yaml = t == "```yaml";
            continue;
        }
        if !in_yaml {
            continue;
        }
        let t = t.trim_start_matches("- ").trim_start_matches("run: ");
        if t.starts_with("zwlint check") {
            out.push(t.to_string());
        }
    }
    out
}

fn drafts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("drafts");
    std::fs::create_dir(&d).unwrap();
    for e in std::fs::read_dir(Path::new(ROOT).join("examples")).unwrap().flatten() {
        std::fs::copy(e.path(), d.join(e.file_name())).unwrap();
    }
    dir
}

fn run(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zwlint")).current_dir(cwd).args(args).output().expect("run zwlint")
}

fn option<'a>(args: &[&'a str], name: &str) -> Option<&'a str> {
    args.iter().position(|a| *a == name).and_then(|i| args.get(i + 1).copied())
}

fn check_sarif(text: &str) {
    let v: Value = serde_json::from_str(text).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let rules: Vec<&str> = runs[0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.len() > 30);
    let results = runs[0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()), "{r}");
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1);
        assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .contains("drafts/"));
    }
}

fn check_github(text: &str) {
    let re = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$",
    )
    .unwrap();
    let mut n = 0;
    // Annotations, and a plain log line per item with its type and score.
    for line in text.lines().filter(|l| l.starts_with("::")) {
        let c = re.captures(line).unwrap_or_else(|| panic!("not a GitHub annotation: {line}"));
        assert!(c[2].starts_with("drafts/"));
        let (l, col, el, ec): (u32, u32, u32, u32) =
            (c[3].parse().unwrap(), c[4].parse().unwrap(), c[5].parse().unwrap(), c[6].parse().unwrap());
        assert!(l >= 1 && col >= 1 && (el, ec) >= (l, col), "{line}");
        n += 1;
    }
    assert!(n > 0);
    assert!(text.lines().any(|l| l.starts_with("drafts/") && l.contains("得分")), "{text}");
}

fn check_gitlab(text: &str) {
    let v: Value = serde_json::from_str(text).expect("Code Quality report is JSON");
    let issues = v.as_array().expect("a JSON array");
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        assert!(!i["description"].as_str().unwrap().is_empty());
        assert!(!i["check_name"].as_str().unwrap().is_empty());
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()));
        assert!(i["location"]["path"].as_str().unwrap().starts_with("drafts/"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_string()), "duplicate fingerprint");
    }
}

fn check_junit(text: &str) {
    assert!(text.starts_with("<?xml"));
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut suites, mut cases) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => match e.name().as_ref() {
                "testsuites" => suites += 1,
                "testcase" => cases += 1,
                _ => {}
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(suites, 1);
    assert!(cases > 0);
}

fn check_concise(text: &str) {
    let re = regex::Regex::new(r"^drafts/[^:]+:\d+:\d+: (错误|警告|提示|error|warning|info)").unwrap();
    let findings = text.lines().filter(|l| re.is_match(l)).count();
    assert!(findings > 0, "no concise findings in:\n{text}");
}

#[test]
fn readme_ci_commands_run_and_their_output_parses() {
    let commands = readme_commands();
    let formats: Vec<&str> = commands
        .iter()
        .filter_map(|c| option(&c.split_whitespace().collect::<Vec<_>>(), "--format"))
        .collect();
    for f in ["github", "sarif", "gitlab", "junit", "concise"] {
        assert!(formats.contains(&f), "README CI section lacks a --format {f} command: {commands:?}");
    }
    let dir = drafts();
    for cmd in &commands {
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let out = run(dir.path(), &words[1..]);
        let code = out.status.code();
        let never = option(&words, "--fail-on") == Some("never");
        assert!(
            if never {
                code == Some(0)
            } else {
                matches!(code, Some(0 | 1))
            },
            "`{cmd}` exited with {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = match option(&words, "--output") {
            Some(file) => std::fs::read_to_string(dir.path().join(file)).unwrap(),
            None => String::from_utf8(out.stdout).unwrap(),
        };
        match option(&words, "--format").unwrap() {
            "sarif" => check_sarif(&text),
            "github" => check_github(&text),
            "gitlab" => check_gitlab(&text),
            "junit" => check_junit(&text),
            "concise" => check_concise(&text),
            other => panic!("no parser for --format {other}"),
        }
    }
}

#[test]
fn pre_commit_hook_entry_runs_on_named_files() {
    let hooks = std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("hook entry")
        .split_whitespace()
        .collect::<Vec<_>>();
    assert_eq!(entry[0], "zwlint");
    let dir = drafts();
    let files: Vec<PathBuf> = [
        "drafts/会议稿-套话.txt",
        "drafts/会议稿-套话.docx",
        "drafts/动态-好稿.txt",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let mut args: Vec<&str> = entry[1..].to_vec();
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    check_concise(&text);
    assert!(text.contains("drafts/会议稿-套话.docx:"));
}

/// The sample outputs in README.md: each ```text block right after a
/// `<!-- sample: zwlint … -->` line is the output of that command, run from
/// the crate root. `UPDATE_README=1 cargo test --test readme_ci
/// readme_samples` rewrites the blocks from the current binary instead.
#[test]
fn readme_samples_are_the_real_output() {
    let path = Path::new(ROOT).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let english = readme.find("\n## English").expect("README has an English section");
    let update = std::env::var_os("UPDATE_README").is_some_and(|v| v != "0" && !v.is_empty());
    let lines: Vec<&str> = readme.split_inclusive('\n').collect();
    let (mut out, mut stale, mut sections) = (String::new(), Vec::new(), [0, 0]);
    let mut i = 0;
    while i < lines.len() {
        out.push_str(lines[i]);
        let Some(cmd) = lines[i].trim().strip_prefix("<!-- sample: ").and_then(|r| r.strip_suffix(" -->")) else {
            i += 1;
            continue;
        };
        let offset: usize = lines[..i].iter().map(|l| l.len()).sum();
        sections[usize::from(offset > english)] += 1;
        // The command is shown to the reader too, in the paragraph above.
        let mut from = offset.saturating_sub(600);
        while !readme.is_char_boundary(from) {
            from -= 1;
        }
        let before = &readme[from..offset];
        assert!(before.contains(&format!("`{cmd}`")), "README does not show `{cmd}` above its sample");
        assert_eq!(lines.get(i + 1).map(|l| l.trim_end()), Some("```text"), "no ```text block after {cmd}");
        out.push_str(lines[i + 1]);
        let end = (i + 2..lines.len()).find(|&j| lines[j].trim_end() == "```").expect("closed block");
        let shown: String = lines[i + 2..end].concat();
        let words: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(words[0], "zwlint", "{cmd}");
        let o = Command::new(env!("CARGO_BIN_EXE_zwlint"))
            .current_dir(ROOT)
            .args(&words[1..])
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        assert!(matches!(o.status.code(), Some(0 | 1)), "`{cmd}`: {}", String::from_utf8_lossy(&o.stderr));
        let real = String::from_utf8(o.stdout).unwrap();
        if real != shown {
            stale.push(format!("`{cmd}`\n--- README\n{shown}--- real output\n{real}"));
        }
        out.push_str(&real);
        out.push_str(lines[end]);
        i = end + 1;
    }
    assert!(sections[0] >= 1 && sections[1] >= 1, "samples in the Chinese and English sections: {sections:?}");
    if update {
        if out != readme {
            std::fs::write(&path, out).unwrap();
        }
    } else {
        assert!(
            stale.is_empty(),
            "README samples are out of date; run `UPDATE_README=1 cargo test --test readme_ci readme_samples` \
             and review the diff:\n{}",
            stale.join("\n")
        );
    }
}

//! Hostile input: each case is built here (no large blobs in the
//! repository), checked in a folder beside a good draft, and must give a
//! clear one-line error naming the file (or a clean result), exit status 2
//! for errors, and the rest of the batch still checked. Nothing is written
//! to the inputs.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use tempfile::TempDir;

const GOOD: &str = "东城县完成小麦冬灌1.2万亩\n截至2026年11月18日,东城县完成小麦冬灌1.2万亩。\n（报送单位：东城县农业农村局　联系人：王敏　电话：0394-8212345　报送日期：2026年11月20日）\n";

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("zwlint").unwrap().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Check `name` (with `bytes`) beside a good draft; return exit code and the
/// concise output.
fn batch(name: &str, bytes: &[u8]) -> (i32, String) {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("good.txt"), GOOD).unwrap();
    std::fs::write(t.path().join(name), bytes).unwrap();
    let (code, out, err) = run(t.path(), &["check", "--format", "concise", "--no-cross", "."]);
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert!(out.contains("good.txt:2:"), "{name}: the good draft is still checked: {out}");
    // Inputs are never written.
    assert_eq!(std::fs::read(t.path().join(name)).unwrap(), bytes, "{name} was modified");
    (code, out)
}

fn expect_error(name: &str, bytes: &[u8], needle: &str) {
    let (code, out) = batch(name, bytes);
    assert_eq!(code, 2, "{name}: {out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(name)).collect();
    assert_eq!(lines.len(), 1, "{name}: one error line: {out}");
    assert!(lines[0].contains("error input") && lines[0].contains(needle), "{name}: {}", lines[0]);
}

#[test]
fn binary_nul_and_undecodable() {
    expect_error("bin.txt", &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0], "二进制");
    expect_error("nul.txt", "标题\n正文\u{0}还有".as_bytes(), "二进制");
    expect_error("bom.txt", &[0xEF, 0xBB, 0xBF, b'a', 0xFF, 0xFE, b'b'], "UTF-8");
    expect_error("odd16.txt", &[0xFF, 0xFE, 0x41], "UTF-16");
    // UTF-16 without a BOM cut to an odd length is named as such.
    let mut odd: Vec<u8> = "标题\n正文12\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    odd.pop();
    expect_error("odd16-no-bom.txt", &odd, "UTF-16LE");
}

#[test]
fn empty_and_whitespace_only() {
    expect_error("empty.txt", b"", "空");
    expect_error("blank.txt", " \n\t\r\n　\n".as_bytes(), "空");
}

#[test]
fn mixed_encodings_are_decoded_as_a_whole() {
    // UTF-8 text with a stray GBK line is not UTF-8: decoded as GB18030, and
    // the UTF-8 part becomes mojibake rather than a crash.
    let mut bytes = "东城县完成秋粮收购\n".as_bytes().to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode("11月18日，东城县收购秋粮12万吨。\n");
    bytes.extend_from_slice(&gbk);
    let (code, out) = batch("mixed.txt", &bytes);
    assert!(code < 2, "{out}");
}

#[test]
fn a_megabyte_line_without_punctuation() {
    let line: String = "东城县农村公路建设".chars().cycle().take(340_000).collect();
    let (code, out) = batch("long.txt", format!("标题\n{line}\n").as_bytes());
    assert!(code < 2, "{out}");
}

#[test]
fn a_large_text_is_checked_in_bounded_chunks() {
    // Over 1 MiB (once the threshold for checking in chunks): a format
    // error deep in the file is still found at the right line.
    let para = "东城县完成小麦冬灌1.2万亩，占全县冬小麦播种面积的34%。\n";
    let mut text = String::from("标题\n");
    while text.len() < 3 << 20 {
        text.push_str(para);
    }
    let lines = text.matches('\n').count();
    text.push_str("截至11月18日,完成冬灌。\n");
    let (_, out) = batch("big.txt", text.as_bytes());
    assert!(out.contains(&format!("big.txt:{}:", lines + 1)), "{}", &out[..out.len().min(2000)]);
}

/// Rule ids reported for a file in a JSON report, with their lines, and the
/// file's item type and its source.
fn report_of(dir: &Path, name: &str) -> (Vec<(String, u64)>, String, String) {
    let (code, out, err) = run(dir, &["check", "--format", "json", "--no-cross", name]);
    assert!(code < 2 && !err.contains("panicked"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    let found = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    (
        found,
        f["item_type"].as_str().unwrap().to_string(),
        f["item_type_source"].as_str().unwrap().to_string(),
    )
}

#[test]
fn every_rule_runs_on_a_file_over_a_mebibyte() {
    // A draft with a format error on line 3 (full-width digits, a
    // half-width comma), a sentence said twice, an incident title over 30
    // characters and no footer; then the same draft with enough distinct
    // filler paragraphs after line 3 to pass 1 MiB.
    let title = "西岭县城关镇永安路一处居民楼发生火灾事故消防救援人员及时扑救未造成人员伤亡";
    let head = format!(
        "{title}\n11月20日8时10分，西岭县城关镇永安路一处居民楼发生火灾。\n截至１１时，过火面积约３０平方米,火势已扑灭。\n"
    );
    let tail = "县消防救援大队已到场处置。县消防救援大队已到场处置。\n";
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("small.txt"), format!("{head}{tail}")).unwrap();
    let mut big = head.clone();
    let mut i = 0;
    while big.len() <= 1 << 20 {
        i += 1;
        big.push_str(&format!("第{i}组排查楼道{}处，清理杂物{}件，更换灭火器{}具。\n", i % 97, i % 89 + 3, i % 83 + 5));
    }
    big.push_str(tail);
    assert!(big.len() > 1 << 20);
    std::fs::write(t.path().join("big.txt"), &big).unwrap();
    let (small, small_type, small_source) = report_of(t.path(), "small.txt");
    let (large, large_type, large_source) = report_of(t.path(), "big.txt");
    let last = big.lines().count() as u64;
    // What the small draft reports on its title and line 3, the large one
    // reports there too; the sentence said twice at its end.
    for (rule, line) in &small {
        if *line == 1 || *line == 3 {
            assert!(large.contains(&(rule.clone(), *line)), "{rule} on line {line} in the large file: {large:?}");
        }
    }
    for (rule, line) in [
        ("format.fullwidth-digits", 3),
        ("format.halfwidth-punctuation", 3),
        ("title.too-long", 1),
        ("detail.footer-missing", 1),
        ("length.body-length", 1),
        ("focus.repeated-sentence", last),
    ] {
        assert!(large.contains(&(rule.to_string(), line)), "{rule} on line {line}: {:?}", &large[..20]);
    }
    // The type is inferred from the title, not forced to 综合.
    assert_eq!((large_type.as_str(), large_source.as_str()), (small_type.as_str(), small_source.as_str()));
    assert_eq!(large_type, "紧急");
}

#[test]
fn emoji_and_extension_b_positions() {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("e.txt"), "标题😀\n𠀀𪚥表情😀,后文。\n").unwrap();
    let (_, out, _) = run(t.path(), &["check", "--format", "json", "e.txt"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "format.halfwidth-punctuation");
    if let Some(d) = d {
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(6)));
        assert_eq!(d["text"], ",");
    }
}

#[test]
fn deeply_nested_markdown() {
    let deep = format!("{} 文本\n", ">".repeat(100_000));
    let (code, out) = batch("deep.md", deep.as_bytes());
    assert!(code < 2, "{out}");
    let list: String = (0..3000).map(|i| format!("{}- 项\n", "  ".repeat(i))).collect();
    let (code, out) = batch("list.md", list.as_bytes());
    assert!(code < 2, "{out}");
}

#[cfg(unix)]
#[test]
fn broken_links_loops_and_odd_names() {
    use std::os::unix::ffi::OsStrExt;
    let t = TempDir::new().unwrap();
    let d = t.path();
    std::fs::write(d.join("good.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink(d.join("missing.txt"), d.join("broken.txt")).unwrap();
    std::fs::create_dir(d.join("loop")).unwrap();
    std::os::unix::fs::symlink(d.join("loop"), d.join("loop/self")).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"\xff\xfe-draft.txt");
    std::fs::write(d.join(odd), GOOD).unwrap();
    let (code, out, err) = run(d, &["check", "--format", "concise", "--no-cross", "."]);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.contains("good.txt:2:"), "{out}");
    assert!(out.contains("-draft.txt:2:"), "non-UTF-8 names are checked: {out}");
    assert!(code <= 2);
    // A broken link named explicitly is a per-file error.
    let (code, out, _) = run(d, &["check", "--format", "concise", "broken.txt", "good.txt"]);
    assert_eq!(code, 2);
    assert!(out.lines().any(|l| l.starts_with("broken.txt") && l.contains("不存在")), "{out}");
}

/// Run with a time limit: a run that blocks (on a named pipe) is killed
/// after 20 s and the test fails instead of hanging.
#[cfg(unix)]
fn run_limited(dir: &Path, args: &[&str]) -> (i32, String, String) {
    use std::io::Read;
    let mut child = Command::cargo_bin("zwlint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads so that a full pipe cannot stall the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("zwlint {args:?} still running after 20 s: blocked");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    )
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused() {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("good.txt"), GOOD).unwrap();
    // /dev/zero never ends: refused at once, not read into memory.
    let (code, out, err) = run_limited(t.path(), &["check", "--format", "concise", "/dev/zero", "good.txt"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("/dev/zero:1:1: error input 不是普通文件"), "{out}");
    assert!(out.contains("good.txt:2:"), "{out}");
    // A named pipe without a writer: opening it would wait for one. A folder
    // walk skips it; named explicitly, alone or in a batch, it is a per-file
    // error and the rest of the batch is checked.
    let fifo = t.path().join("pipe.txt");
    mkfifo(&fifo);
    let (code, out, _) = run_limited(t.path(), &["check", "--format", "concise", "--no-cross", "."]);
    assert!(code < 2 && !out.contains("pipe.txt") && out.contains("good.txt:2:"), "{out}");
    let (code, out, err) = run_limited(t.path(), &["check", "--format", "concise", "pipe.txt", "good.txt"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("pipe.txt:1:1: error input 不是普通文件"), "{out}");
    assert!(out.contains("good.txt:2:"), "{out}");
    let (code, out, err) = run_limited(t.path(), &["check", "--format", "json", "pipe.txt"]);
    assert_eq!(code, 2, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("不是普通文件"), "{out}");
    let (code, _, err) = run_limited(t.path(), &["segment", "pipe.txt"]);
    assert!(code == 2 && err.contains("不是普通文件"), "{err}");
    // Ignore files are read by the folder walk: one that is a named pipe
    // makes its folder an error instead of blocking the walk.
    let sub = t.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), GOOD).unwrap();
    mkfifo(&sub.join(".gitignore"));
    let (code, out, err) = run_limited(t.path(), &["check", "--format", "concise", "--no-cross", "."]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.lines().any(|l| l.starts_with("sub:") && l.contains(".gitignore")), "{out}");
    assert!(out.contains("good.txt:2:") && !out.contains("sub/a.txt"), "{out}");
    // Those of the walked folder's parents are read too.
    std::fs::remove_file(sub.join(".gitignore")).unwrap();
    mkfifo(&t.path().join(".zwlintignore"));
    let (code, out, err) = run_limited(&sub, &["check", "--format", "concise", "--no-cross", ".", "a.txt"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains(".zwlintignore") && out.contains("a.txt:2:"), "{out}");
}

/// Undo GitHub's property escaping (the runner's `UnescapeProperty`).
fn github_unescape_prop(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[cfg(unix)]
#[test]
fn file_names_cannot_inject_commands_or_escape_sequences() {
    let t = TempDir::new().unwrap();
    let d = t.path();
    let names = [
        "m\n::error file=README.md,title=FORGED::x\n::stop-commands::zzz\nx.txt",
        "e\x1b[31mRED\x1b[0m.txt",
        "::warning::lead.txt",
        "x##[add-mask]secret.txt",
        "r\u{202e}gpj.txt",
        "100%,a:b.txt",
    ];
    for n in names {
        std::fs::write(d.join(n), GOOD).unwrap();
    }
    // An input error names its file too.
    let empty = "empty\x1b[2J\n::error::x.txt";
    std::fs::write(d.join(empty), "").unwrap();
    let all: Vec<&str> = names.iter().copied().chain([empty]).collect();
    let shown = |n: &str| n.replace('\n', "\\n").replace('\x1b', "\\u{1b}").replace('\u{202e}', "\\u{202e}");
    let raw_controls = |s: &str| s.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}');

    // GitHub: every line is one of zwlint's annotations (whose file property
    // unescapes to the exact name) or a plain log line that the runner
    // cannot take for a command.
    let (code, out, _) = run(d, &["check", "--format", "github", "--no-cross", "."]);
    assert_eq!(code, 2, "{out}");
    let ann = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,:]*),(line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]*|title=zwlint)::",
    )
    .unwrap();
    let mut plain = 0;
    for line in out.lines() {
        if let Some(c) = ann.captures(line) {
            let file = github_unescape_prop(&c[2]);
            assert!(all.contains(&file.as_str()), "{file:?} in {line}");
        } else {
            plain += 1;
            assert!(!line.trim_start().starts_with("::") && !line.contains("##["), "{line}");
            assert!(line.contains("得分") && !raw_controls(line), "{line}");
        }
    }
    assert_eq!(plain, names.len(), "{out}");

    // Formats read by people: no raw control characters; each line of the
    // concise format begins with a (shown) name.
    let (_, out, _) = run(d, &["check", "--format", "concise", "--no-cross", "."]);
    assert!(!raw_controls(&out), "{out}");
    for line in out.lines() {
        assert!(all.iter().any(|n| line.starts_with(&format!("{}:", shown(n)))), "{line}");
    }
    for f in ["human", "junit", "csv"] {
        let (_, out, _) = run(d, &["check", "--format", f, "--color", "never", "--no-cross", "."]);
        assert!(!raw_controls(&out), "{f}: {out}");
        assert!(out.contains("e\\u{1b}[31mRED\\u{1b}[0m.txt"), "{f}: {out}");
        assert!(!out.contains("\n::error file=README.md") && !out.contains("\n::stop-commands"), "{f}: {out}");
    }
    // The per-file summary lines and the ranking of the human format.
    let (_, out, _) = run(d, &["check", "--format", "human", "--color", "never", "--no-cross", "."]);
    assert!(out.contains("m\\n::error file=README.md,title=FORGED::x\\n::stop-commands::zzz\\nx.txt："), "{out}");
    // JSON keeps the exact names (escaped by serde).
    let (_, out, _) = run(d, &["check", "--format", "json", "--no-cross", "."]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    paths.extend(v["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()));
    paths.sort();
    let mut want = all.clone();
    want.sort();
    assert_eq!(paths, want);
}

/// Run `zwlint` in `dir`, killed after `secs` seconds: a step quadratic in
/// a line's length takes many minutes on these inputs (the body of a draft
/// joined into one line, 1 to 2 MB), a linear one seconds even in a debug
/// build.
fn run_within(dir: &Path, secs: u64, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("zwlint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .timeout(std::time::Duration::from_secs(secs))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "zwlint {args:?} did not finish within {secs} s (killed): {err}");
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Title, the body of `examples/会议稿-套话.txt` joined into one line and
/// repeated `times` times, footer.
fn one_line_draft(times: usize) -> (String, String, String) {
    let ex = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/会议稿-套话.txt")).unwrap();
    let lines: Vec<&str> = ex.lines().collect();
    let body = lines[1..lines.len() - 1].concat();
    (lines[0].to_string(), body.repeat(times), lines[lines.len() - 1].to_string())
}

/// `(line, column)` of every finding of a file, from the JSON report.
fn json_positions(out: &str) -> Vec<(u64, u64)> {
    let v: Value = serde_json::from_str(out).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}

/// `(line, column)` of every finding in a human report (`--> path:L:C`).
fn human_positions(out: &str, name: &str) -> Vec<(u64, u64)> {
    let tag = format!("--> {name}:");
    out.lines()
        .filter_map(|l| l.split_once(&tag))
        .map(|(_, lc)| {
            let (l, c) = lc.split_once(':').unwrap();
            (l.parse().unwrap(), c.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().unwrap())
        })
        .collect()
}

#[test]
fn a_draft_on_one_long_line_is_checked_in_linear_time() {
    let (title, body, footer) = one_line_draft(1000);
    let t = TempDir::new().unwrap();
    // A tab near the end sends the findings around it to annotate-snippets.
    let text = format!("{title}\n{}\t{}\n{footer}\n", &body[..body.len() - 300], &body[body.len() - 300..]);
    std::fs::write(t.path().join("long.txt"), &text).unwrap();
    std::fs::write(t.path().join("long.md"), &text).unwrap();
    let (code, json) = run_within(t.path(), 60, &["check", "--format", "json", "long.txt"]);
    assert_eq!(code, 1);
    let want = json_positions(&json);
    assert!(want.len() > 1000 && want.iter().any(|&(l, c)| l == 2 && c > 200_000), "{}", want.len());
    for format in ["concise", "sarif", "github"] {
        let (code, out) = run_within(t.path(), 60, &["check", "--format", format, "long.txt"]);
        assert_eq!(code, 1, "{format}");
        assert!(out.len() > 1000, "{format}");
    }
    for color in ["never", "always"] {
        let args = ["check", "--no-cross", "--color", color, "long.txt", "long.md"];
        let (code, out) = run_within(t.path(), 90, &args);
        assert_eq!(code, 1);
        // Every finding is shown with the column of the whole line, through
        // a window of the line, not the whole megabyte line each time.
        let plain = if color == "always" {
            strip_ansi(&out)
        } else {
            out.clone()
        };
        same_positions(&human_positions(&plain, "long.txt"), &want, color);
        assert!(human_positions(&plain, "long.md").len() > 1000, "{color}");
        assert!(out.len() < 2 * want.len() * 1500, "{color}: {} bytes", out.len());
        assert!(out.lines().all(|l| l.len() < 4000), "{color}: a line of the report is short");
    }
}

/// One sentence of 2 MB (the draft joined with its full stops turned into
/// commas): conditions that look at the whole sentence (exceptions,
/// `unless`, `if_sentence`) are computed once per sentence, not once per
/// match; before, 1 MB took 12 s in a release build and 2 MB four times that.
#[test]
fn one_huge_sentence_is_checked_in_linear_time() {
    let (title, body, footer) = one_line_draft(2400);
    let body = body.replace(['。', '；', '！', '？'], "，");
    assert!(body.len() > 2_000_000);
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("sentence.txt"), format!("{title}\n{body}\n{footer}\n")).unwrap();
    let (code, out) = run_within(t.path(), 60, &["check", "--format", "concise", "--no-cross", "sentence.txt"]);
    assert_eq!(code, 1);
    assert!(out.lines().count() > 1000, "{} lines", out.lines().count());
}

#[track_caller]
fn same_positions(got: &[(u64, u64)], want: &[(u64, u64)], what: &str) {
    let first = got.iter().zip(want).position(|(g, w)| g != w);
    assert!(
        first.is_none() && got.len() == want.len(),
        "{what}: {} positions, {} wanted; first difference at {first:?}: {:?}",
        got.len(),
        want.len(),
        first.map(|i| (got[i], want[i]))
    );
}

#[test]
fn bare_times_in_a_long_paragraph_cost_linear_time() {
    // 80,000 bare times (8时) in one 3 MB paragraph without a full stop:
    // each looked back through the paragraph for its sentence's start.
    let t = TempDir::new().unwrap();
    let para = "村里开展巡查，上午8时到场".repeat(80_000);
    let text = format!("西岭县开展冬季消防安全巡查\n11月18日，西岭县开展冬季消防安全巡查。\n{para}\n");
    std::fs::write(t.path().join("times.txt"), text).unwrap();
    let (code, out) = run_within(t.path(), 60, &["check", "--format", "concise", "times.txt"]);
    assert!(code < 2 && out.contains("times.txt:"), "{}", &out[..out.len().min(2000)]);
}

/// `text` without ANSI escape sequences (`ESC [ … letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut it = text.chars();
    while let Some(c) = it.next() {
        if c == '\u{1b}' {
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A .docx of the given paragraphs, one run each.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("word/document.xml", o).unwrap();
    write!(z, "<w:document {ns}><w:body>{body}</w:body></w:document>").unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn a_docx_with_one_huge_paragraph_is_checked_in_linear_time() {
    let (title, body, footer) = one_line_draft(2300);
    assert!(body.len() > 2_000_000);
    let t = TempDir::new().unwrap();
    let bytes = docx(&[&title, &body, &footer]);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    std::fs::write(t.path().join("long.docx"), &bytes).unwrap();
    let (code, json) = run_within(t.path(), 90, &["check", "--format", "json", "long.docx"]);
    assert_eq!(code, 1);
    let want = json_positions(&json);
    assert!(want.iter().any(|&(l, c)| l == 2 && c > 600_000), "{}", want.len());
    let (code, out) = run_within(t.path(), 90, &["check", "long.docx"]);
    assert_eq!(code, 1);
    same_positions(&human_positions(&out, "long.docx"), &want, "docx");
    // The human format also says where, as paragraph and character.
    let (l, c) = want.last().unwrap();
    assert!(out.contains(&format!("位置: 第{l}段第{c}字")), "{}", &out[out.len() - 3000..]);
}

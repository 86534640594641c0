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
    // Over the 1 MiB chunking threshold: a format error deep in the file is
    // still found at the right line.
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

//! Helpers shared by the integration tests: running the built `zwlint`
//! binary from the crate root, and independent line/column arithmetic.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The crate root; every fixture path in the tests is relative to it.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `zwlint` binary, run from the crate root with a clean colour
/// environment.
pub fn zwlint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zwlint"));
    c.current_dir(root());
    c.env_remove("NO_COLOR");
    c.env_remove("CLICOLOR_FORCE");
    c
}

/// Output of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }
}

/// Run `zwlint` with `args` (and optional standard input).
pub fn run_with(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut c = zwlint();
    c.args(args);
    if let Some(s) = stdin {
        c.write_stdin(s);
    }
    let out = c.output().expect("zwlint runs");
    Run {
        code: out.status.code().expect("exit status"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

/// Run and insist on an exit status, showing the output when it differs.
#[track_caller]
pub fn run_expect(args: &[&str], code: i32) -> Run {
    let r = run(args);
    assert_eq!(
        r.code, code,
        "zwlint {args:?} exited {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
        r.code, r.stdout, r.stderr
    );
    r
}

/// Fixture path relative to the crate root.
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// Byte offsets of line starts: `\n`, `\r\n` and a lone `\r` end a line.
/// Written independently of `zwlint::source::LineIndex` on purpose.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '\n' => starts.push(i + 1),
            '\r' => {
                if let Some(&(_, '\n')) = it.peek() {
                    let (j, _) = it.next().unwrap();
                    starts.push(j + 1);
                } else {
                    starts.push(i + 1);
                }
            }
            _ => {}
        }
    }
    starts
}

/// 1-based line and column (in Unicode scalar values) of a byte offset.
pub fn line_col(text: &str, off: usize) -> (usize, usize) {
    let starts = line_starts(text);
    let line = starts.iter().rposition(|&s| s <= off).unwrap();
    (line + 1, text[starts[line]..off].chars().count() + 1)
}

/// Every `.txt` / `.md` / `.docx` file below `dir`, sorted.
pub fn drafts_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown" | "docx"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The shared data beside the repository: `$ZWLINT_SHARED`, else
/// `../shared` (never copied into the repository).
pub fn shared_dir() -> PathBuf {
    std::env::var_os("ZWLINT_SHARED").map(PathBuf::from).unwrap_or_else(|| root().join("../shared"))
}

/// Whether the tests run in CI (`CI=true`, or `CI=1`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The one policy for a check that cannot run because something outside
/// the repository is missing (the shared data, python3): say so where
/// cargo's output capture does not swallow it (straight to the process's
/// standard error, not through `eprintln!`), and fail in CI, where it must
/// be there. The test is named after the current thread (libtest names
/// each test's thread after the test).
#[track_caller]
pub fn cannot_run(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("?");
    let msg = format!("test {test}: NOT RUN: {why}");
    if in_ci() {
        panic!("{msg} (CI=true: this check must run in CI)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "\n*** {msg} (set CI=true to make this a failure) ***");
}

/// `rel` under the shared data, when it exists; otherwise `None`, after
/// [`cannot_run`] said so (or failed, in CI).
#[track_caller]
pub fn shared_path(rel: &str) -> Option<PathBuf> {
    let p = shared_dir().join(rel);
    if p.exists() {
        Some(p)
    } else {
        cannot_run(&format!("{} not found (the shared data beside the repository)", p.display()));
        None
    }
}

/// The bundled drafts (`examples/`, `tests/fixtures/drafts/`) and the eval
/// cases next to the repository (`../shared/eval/cases/`, when present):
/// every `.txt` / `.md` directly in them, decoded, sorted by path.
/// A missing `../shared/eval/cases` is reported through [`cannot_run`].
pub fn bundled_sources() -> Vec<zwlint::SourceFile> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("examples"), root().join("tests/fixtures/drafts")];
    dirs.extend(shared_path("eval/cases"));
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut ps: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        ps.sort();
        for p in ps.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")) {
            if let Ok(s) = zwlint::input::read(&zwlint::input::Input::File(p)) {
                out.push(s);
            }
        }
    }
    out
}

/// Relative path from the crate root as a `String` (forward slashes).
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

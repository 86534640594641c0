//! Paths → bytes → [`SourceFile`]s: expanding folders, reading standard
//! input, and turning every failure into a per-file [`InputError`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::source::{DecodeError, SourceFile, MAX_FILE_BYTES};

/// Extensions checked when walking a folder.
/// Legacy Word/WPS files are walked too, so that a batch reports them
/// (with advice to save as .docx) instead of silently skipping them.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "docx", "doc", "wps"];

/// Whether a path names a Word document.
pub fn is_docx(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// A file that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// One path to check: a file, or `-` for standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn path(&self) -> PathBuf {
        match self {
            Input::File(p) => p.clone(),
            Input::Stdin => PathBuf::from("-"),
        }
    }

    /// What identifies the file whatever it is called (`a.txt`, `./a.txt`,
    /// `../dir/a.txt`, a link to it): device and inode on Unix, the
    /// canonical path elsewhere; the path as given if the file cannot be
    /// looked at (it is then reported as an error under that name).
    pub fn id(&self) -> InputId {
        let Input::File(p) = self else { return InputId::Stdin };
        #[cfg(unix)]
        if let Ok(m) = std::fs::metadata(p) {
            use std::os::unix::fs::MetadataExt;
            return InputId::Inode(m.dev(), m.ino());
        }
        #[cfg(not(unix))]
        if let Ok(c) = std::fs::canonicalize(p) {
            return InputId::Path(c);
        }
        InputId::Path(p.clone())
    }
}

/// See [`Input::id`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InputId {
    Stdin,
    Inode(u64, u64),
    Path(PathBuf),
}

/// Expand the command-line paths: files as given (always checked), folders
/// walked recursively for `.txt`/`.md` (honouring `.gitignore` and
/// `.zwlintignore`, skipping hidden files), `-` for standard input. Folder
/// contents are sorted by path.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    expand_with(paths, &[], false)
}

/// [`expand`] with `exclude` globs (gitignore syntax, relative to each
/// walked folder) and optionally hidden files. Files named explicitly are
/// always checked.
pub fn expand_with(paths: &[PathBuf], exclude: &[String], hidden: bool) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => errors.push(InputError {
                path: p.clone(),
                message: format!("无法访问：{}", io_message(&e)),
            }),
            Ok(m) if m.is_dir() => {
                // The walk opens the ignore files of the folder and of its
                // parents: one that is a named pipe (or device) would block
                // it, so such a folder is not walked.
                let root = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                if let Some(f) = root.ancestors().find_map(blocking_ignore_file) {
                    errors.push(InputError { path: p.clone(), message: blocking_message(&f) });
                    continue;
                }
                let mut found = Vec::new();
                let mut ov = ignore::overrides::OverrideBuilder::new(p);
                for g in exclude {
                    if let Err(e) = ov.add(&format!("!{g}")) {
                        errors.push(InputError {
                            path: p.clone(),
                            message: format!("exclude 模式 “{g}” 无效：{e}"),
                        });
                    }
                }
                let mut walker = ignore::WalkBuilder::new(p);
                walker
                    .add_custom_ignore_filename(".zwlintignore")
                    .require_git(false)
                    .hidden(!hidden)
                    .sort_by_file_path(|a, b| a.cmp(b));
                if let Ok(ov) = ov.build() {
                    walker.overrides(ov);
                }
                // Subfolders are vetted before the walk reads their ignore
                // files (the filter runs first).
                let blocked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
                walker.filter_entry({
                    let blocked = blocked.clone();
                    move |e| {
                        if !e.file_type().is_some_and(|t| t.is_dir()) {
                            return true;
                        }
                        match blocking_ignore_file(e.path()) {
                            Some(f) => {
                                blocked.lock().unwrap_or_else(|e| e.into_inner()).push((e.path().to_path_buf(), f));
                                false
                            }
                            None => true,
                        }
                    }
                });
                for entry in walker.build() {
                    match entry {
                        Ok(e) => {
                            let path = e.path();
                            if e.file_type().is_some_and(|t| t.is_file())
                                && path
                                    .extension()
                                    .and_then(|x| x.to_str())
                                    .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
                            {
                                found.push(path.to_path_buf());
                            }
                        }
                        Err(e) => errors.push(InputError {
                            path: p.clone(), message: format!("遍历目录出错：{e}")
                        }),
                    }
                }
                found.sort();
                inputs.extend(found.into_iter().map(Input::File));
                let blocked = std::mem::take(&mut *blocked.lock().unwrap_or_else(|e| e.into_inner()));
                errors.extend(
                    blocked.into_iter().map(|(dir, f)| InputError { path: dir, message: blocking_message(&f) }),
                );
            }
            Ok(_) => inputs.push(Input::File(p.clone())),
        }
    }
    (inputs, errors)
}

/// An ignore file (`.gitignore`, `.ignore`, `.zwlintignore`, `.git`,
/// `.git/info/exclude`) in `dir` that the folder walk would open although it
/// is neither a regular file nor a folder: a named pipe blocks the opening
/// until a writer appears, a device may never end.
fn blocking_ignore_file(dir: &Path) -> Option<PathBuf> {
    [".gitignore", ".ignore", ".zwlintignore", ".git", ".git/info/exclude"]
        .iter()
        .map(|name| dir.join(name))
        .find(|f| std::fs::metadata(f).is_ok_and(|m| !m.is_file() && !m.is_dir()))
}

fn blocking_message(f: &Path) -> String {
    format!(
        "忽略文件 {} 不是普通文件（命名管道、设备等），读取它会卡住，此文件夹不检查（ignore file is not a regular file）",
        f.display()
    )
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在（not found）".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限（permission denied）".into(),
        _ => e.to_string(),
    }
}

/// The message for a path that is not a regular file.
pub const NOT_REGULAR: &str =
    "不是普通文件（命名管道、设备、套接字等），不读取；要从管道输入请用 -（标准输入）（not a regular file）";

/// Open `p` for reading if it is a regular file, and only then: anything
/// else (a named pipe, a device, a socket) is an `InvalidInput` error with
/// [`NOT_REGULAR`]. On Unix the file is opened without blocking and its type
/// checked on the open handle, so a path swapped for a named pipe after the
/// first check still cannot block (opening a pipe for reading waits for a
/// writer).
pub fn open_regular(p: &Path) -> std::io::Result<std::fs::File> {
    let not_regular = || std::io::Error::new(std::io::ErrorKind::InvalidInput, NOT_REGULAR);
    if !std::fs::metadata(p)?.is_file() {
        return Err(not_regular());
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    let f = opts.open(p)?;
    if !f.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(f)
}

/// Read a regular file (see [`open_regular`]) as UTF-8 text: configuration
/// files, rule files, word lists, dictionaries.
pub fn read_regular_to_string(p: &Path) -> std::io::Result<String> {
    let mut s = String::new();
    open_regular(p)?.read_to_string(&mut s)?;
    Ok(s)
}

/// Read and decode one input.
pub fn read(input: &Input) -> Result<SourceFile, InputError> {
    let path = input.path();
    let err = |message: String| InputError { path: path.clone(), message };
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(MAX_FILE_BYTES as u64 + 1)
                .read_to_end(&mut buf)
                .map_err(|e| err(format!("无法读取标准输入：{e}")))?;
            buf
        }
        Input::File(p) => read_file(p).map_err(err)?,
    };
    if is_docx(&path) {
        let text = crate::docx::extract(&bytes).map_err(|e| err(e.0))?;
        if text.trim().is_empty() {
            return Err(err(DecodeError::Empty.to_string()));
        }
        return Ok(SourceFile::from_text(path.clone(), text, "DOCX"));
    }
    SourceFile::decode(path.clone(), &bytes).map_err(|e: DecodeError| err(e.to_string()))
}

fn read_file(p: &Path) -> Result<Vec<u8>, String> {
    let ext = p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
    if let Some(e) = ext.as_deref() {
        if matches!(e, "doc" | "wps" | "wpt" | "dot" | "pdf" | "rtf" | "odt" | "xls" | "xlsx" | "ppt" | "pptx") {
            return Err(format!(
                "不支持 .{e} 文件，请在 Word/WPS 中另存为 .docx 后再检查（unsupported format; save as .docx）"
            ));
        }
    }
    let meta = std::fs::metadata(p).map_err(|e| format!("无法访问：{}", io_message(&e)))?;
    // Only regular files are read: a device may never end (/dev/zero), and
    // a named pipe without a writer blocks the whole batch. Text is piped
    // in with `-`.
    if !meta.is_file() {
        return Err(NOT_REGULAR.into());
    }
    let too_large = |n: u64| format!("文件过大：至少 {n} 字节，上限 {MAX_FILE_BYTES} 字节（file too large）");
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(meta.len()));
    }
    // The size may change between metadata and read: never read past the limit.
    let mut buf = Vec::with_capacity(meta.len() as usize);
    let f = open_regular(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidInput => NOT_REGULAR.to_string(),
        _ => format!("无法读取：{}", io_message(&e)),
    })?;
    f.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("无法读取：{}", io_message(&e)))?;
    if buf.len() > MAX_FILE_BYTES {
        return Err(too_large(buf.len() as u64));
    }
    Ok(buf)
}

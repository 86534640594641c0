//! Bytes → decoded [`SourceFile`]: encoding detection, text, line index.
//!
//! Everything inside the engine uses byte offsets into [`SourceFile::text`];
//! line/column (1-based, counted in Unicode scalar values) are computed only
//! at the edge with [`LineIndex`].

use std::fmt;
use std::path::PathBuf;

/// The largest input accepted, in bytes. Larger files are rejected with a
/// clear error rather than read into memory.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given by the user (`-` for standard input).
    pub path: PathBuf,
    /// The decoded text (BOM removed). Line ends are kept as they were.
    pub text: String,
    /// Name of the detected encoding, e.g. `UTF-8`, `UTF-8 (BOM)`, `GB18030`.
    pub encoding: &'static str,
    /// Line starts of `text`.
    pub lines: LineIndex,
}

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
    TooLarge(usize),
    Undecodable(&'static str),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "文件为空（empty file）"),
            DecodeError::Binary => write!(f, "不是文本文件，可能是二进制文件（binary file; save the draft as .txt）"),
            DecodeError::TooLarge(n) => write!(f, "文件过大：{n} 字节，上限 {MAX_FILE_BYTES} 字节（file too large)"),
            DecodeError::Undecodable(enc) => {
                write!(f, "无法按 {enc} 解码，文件中有无效字节（undecodable bytes for {enc})")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

impl SourceFile {
    /// Decode raw bytes. Detects UTF-8 (with or without BOM), UTF-16 LE/BE
    /// with BOM, and falls back to GB18030 (a superset of GBK/GB2312) or
    /// whatever chardetng guesses when the bytes are not UTF-8.
    pub fn decode(path: impl Into<PathBuf>, bytes: &[u8]) -> Result<SourceFile, DecodeError> {
        let path = path.into();
        if bytes.len() > MAX_FILE_BYTES {
            return Err(DecodeError::TooLarge(bytes.len()));
        }
        let (text, encoding) = decode_bytes(bytes)?;
        if text.trim().is_empty() {
            return Err(DecodeError::Empty);
        }
        Ok(SourceFile::from_text(path, text, encoding))
    }

    /// Wrap text that is already decoded.
    pub fn from_text(path: impl Into<PathBuf>, text: String, encoding: &'static str) -> SourceFile {
        let lines = LineIndex::new(&text);
        SourceFile { path: path.into(), text, encoding, lines }
    }

    /// 1-based line and column (in chars) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }
}

fn decode_bytes(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    // BOMs first: they are unambiguous.
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => check_text(s.to_owned(), "UTF-8 (BOM)"),
            Err(_) => Err(DecodeError::Undecodable("UTF-8")),
        };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let body = &bytes[2..];
        if !body.len().is_multiple_of(2) {
            return Err(DecodeError::Undecodable(name));
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(DecodeError::Undecodable(name));
        }
        return check_text(text.into_owned(), name);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_text(s.to_owned(), "UTF-8");
    }
    // Some lines are UTF-8 with Chinese text and others are not: a draft
    // pasted together from two sources.
    let utf8_cjk_line = bytes.split(|&b| b == b'\n').any(|l| {
        l.iter().any(|&b| b >= 0x80)
            && std::str::from_utf8(l).is_ok_and(|s| s.chars().filter(|c| !c.is_ascii()).count() >= 4)
    });
    if utf8_cjk_line {
        if let Some(r) = decode_mixed(bytes) {
            return Ok(r);
        }
    }
    // Not UTF-8: Chinese drafts are almost always GBK/GB18030. Ask chardetng
    // only to rule in another legacy encoding (Big5, Shift_JIS …) when the
    // bytes clearly are one.
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), true);
    let enc = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        encoding_rs::GB18030
    } else if guess == encoding_rs::BIG5 {
        encoding_rs::BIG5
    } else {
        encoding_rs::GB18030
    };
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        // Text pasted together from two sources: decode line by line.
        return decode_mixed(bytes).ok_or(DecodeError::Undecodable(enc.name()));
    }
    let name = if enc == encoding_rs::BIG5 { "Big5" } else { "GB18030" };
    check_text(text.into_owned(), name)
}

/// Each line UTF-8 if it is, else GB18030; `None` if a line is neither.
fn decode_mixed(bytes: &[u8]) -> Option<(String, &'static str)> {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                let (t, _, bad) = encoding_rs::GB18030.decode(line);
                if bad {
                    return None;
                }
                out.push_str(&t);
            }
        }
    }
    check_text(out, "UTF-8+GB18030").ok()
}

fn check_text(text: String, enc: &'static str) -> Result<(String, &'static str), DecodeError> {
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok((text, enc))
}

/// NUL bytes or many control characters in the first 8 KiB mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    controls * 20 > head.len().max(1)
}

/// Byte offsets of line starts. `\n`, `\r\n` and a lone `\r` all end a line.
///
/// Columns count characters from the line start. So that finding a column
/// costs the same on a megabyte-long line as on a short one, the index also
/// keeps the number of characters before every [`COLUMN_BLOCK`]-th byte: a
/// column far into a line is the difference of two such counts, each
/// finished over less than one block.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `blocks[k]`: characters in the first `k * COLUMN_BLOCK` bytes, modulo
    /// 2^32 (1.6 % of the text's size).
    blocks: Vec<u32>,
}

/// Bytes between two character counts kept by [`LineIndex`].
const COLUMN_BLOCK: usize = 256;

/// Characters in `b` (valid UTF-8, or a slice of it cut anywhere): the
/// bytes that are not UTF-8 continuation bytes.
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        let mut blocks = Vec::with_capacity(bytes.len() / COLUMN_BLOCK + 1);
        let mut chars = 0u32;
        blocks.push(0);
        for b in bytes.chunks_exact(COLUMN_BLOCK) {
            chars = chars.wrapping_add(count_chars(b) as u32);
            blocks.push(chars);
        }
        LineIndex { starts, blocks }
    }

    /// Characters in `text[start..offset]` (character boundaries), from the
    /// counts of whole blocks: constant time, whatever the distance.
    fn chars_between(&self, text: &str, start: usize, offset: usize) -> usize {
        let (ks, ko) = (start / COLUMN_BLOCK, offset / COLUMN_BLOCK);
        let b = text.as_bytes();
        // Counts wrap beyond 4 Gi characters; their difference does not.
        self.blocks[ko].wrapping_sub(self.blocks[ks]) as usize + count_chars(&b[ko * COLUMN_BLOCK..offset])
            - count_chars(&b[ks * COLUMN_BLOCK..start])
    }

    /// Number of lines (a trailing line end starts an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Byte range of 0-based line `line` without its line end.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let b = text.as_bytes();
        while end > start && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based (line, column); the column counts Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = if offset - start <= COLUMN_BLOCK || self.blocks.is_empty() {
            text[start..offset].chars().count()
        } else {
            self.chars_between(text, start, offset)
        };
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends() {
        let t = "甲\r\n乙\r丙\n丁";
        let idx = LineIndex::new(t);
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.line_col(t, t.find('丙').unwrap()), (3, 1));
        assert_eq!(idx.line_range(t, 0), 0..3);
    }

    #[test]
    fn columns_on_long_lines_count_characters() {
        // Lines shorter and far longer than a block, with 1- to 4-byte
        // characters and every kind of line end.
        let piece = "政务a信息😀，é\u{301}";
        let mut t = String::new();
        for (n, end) in [(3, "\n"), (700, "\r\n"), (1, "\r"), (5000, "\n"), (64, "")] {
            t.push_str(&piece.repeat(n));
            t.push_str(end);
        }
        let idx = LineIndex::new(&t);
        let (mut line, mut col) = (1, 1);
        for (i, c) in t.char_indices() {
            assert_eq!(idx.line_col(&t, i), (line, col), "offset {i}");
            if c == '\n' || (c == '\r' && !t[i + 1..].starts_with('\n')) {
                (line, col) = (line + 1, 1);
            } else {
                col += 1;
            }
        }
        assert_eq!(idx.line_col(&t, t.len()), (line, col));
    }

    #[test]
    fn gb18030_detected() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("西岭县召开安全生产会议，确定整改任务12项。");
        let sf = SourceFile::decode("a.txt", &bytes).unwrap();
        assert_eq!(sf.encoding, "GB18030");
        assert!(sf.text.starts_with("西岭县"));
    }

    #[test]
    fn mixed_lines() {
        let mut bytes = "东城县完成秋粮收购\n".as_bytes().to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("11月18日，东城县收购秋粮12万吨。\n");
        bytes.extend_from_slice(&gbk);
        let sf = SourceFile::decode("a.txt", &bytes).unwrap();
        assert_eq!(sf.encoding, "UTF-8+GB18030");
        assert_eq!(sf.text, "东城县完成秋粮收购\n11月18日，东城县收购秋粮12万吨。\n");
    }

    #[test]
    fn utf16_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "标题\n正文".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let sf = SourceFile::decode("a.txt", &bytes).unwrap();
        assert_eq!(sf.encoding, "UTF-16LE");
        assert_eq!(sf.text, "标题\n正文");
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(SourceFile::decode("a", b"\x00\x01\x02abc").unwrap_err(), DecodeError::Binary);
        assert_eq!(SourceFile::decode("a", b"  \n").unwrap_err(), DecodeError::Empty);
        assert_eq!(SourceFile::decode("a", b"\xEF\xBB\xBF\xFF\xFE").unwrap_err(), DecodeError::Undecodable("UTF-8"));
    }
}

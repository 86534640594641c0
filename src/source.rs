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
    /// The bytes ended in the middle of a UTF-8 character (a file cut short
    /// in copying or sending), which was dropped; the batch runner reports it
    /// as `format.incomplete-last-character`.
    pub cut_last_char: bool,
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
    /// Decode raw bytes. Detects UTF-8 (with or without BOM; a character cut
    /// at the very end is dropped, see [`SourceFile::cut_last_char`]), UTF-16
    /// LE/BE (with BOM, or without by the NUL bytes of its ASCII
    /// characters), and falls back to GB18030 (a superset of GBK/GB2312) or
    /// whatever chardetng guesses when the bytes are not UTF-8.
    pub fn decode(path: impl Into<PathBuf>, bytes: &[u8]) -> Result<SourceFile, DecodeError> {
        let path = path.into();
        if bytes.len() > MAX_FILE_BYTES {
            return Err(DecodeError::TooLarge(bytes.len()));
        }
        // A UTF-8 file cut inside its last character: the rest is read as
        // UTF-8, not taken for another encoding.
        let (bytes, cut_last_char) = match utf8_cut_at_end(bytes) {
            Some(n) => (&bytes[..n], true),
            None => (bytes, false),
        };
        let (text, encoding) = decode_bytes(bytes)?;
        if text.trim().is_empty() {
            return Err(DecodeError::Empty);
        }
        let mut sf = SourceFile::from_text(path, text, encoding);
        sf.cut_last_char = cut_last_char;
        Ok(sf)
    }

    /// Wrap text that is already decoded.
    pub fn from_text(path: impl Into<PathBuf>, text: String, encoding: &'static str) -> SourceFile {
        let lines = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            encoding,
            cut_last_char: false,
            lines,
        }
    }

    /// 1-based line and column (in chars) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }
}

/// The length of `bytes` without a UTF-8 character cut short at the end,
/// if the bytes are UTF-8 (after an optional BOM) but for that.
fn utf8_cut_at_end(bytes: &[u8]) -> Option<usize> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // A character cut short ends in a byte of 0x80 or more.
    if body.last().is_none_or(|&b| b < 0x80) {
        return None;
    }
    match std::str::from_utf8(body) {
        // Valid up to an incomplete sequence at the very end.
        Err(e) if e.error_len().is_none() => Some(bytes.len() - body.len() + e.valid_up_to()),
        _ => None,
    }
}

/// UTF-16 without a BOM: which byte order, if read that way the bytes are
/// text. NUL bytes (the high bytes of ASCII characters: line ends, digits)
/// must fall on that side of the code units, and the characters must be
/// nearly all Han, CJK and ASCII punctuation or ASCII — not the private-use
/// or rare characters that UTF-8 or binary bytes make, nor the Han
/// characters made of two ASCII bytes that ASCII text with a stray NUL
/// makes. `None` for anything else.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    let texty = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | ' '..='~'
            | '\u{A0}'..='\u{24F}'      // Latin-1 and Latin Extended (×, ·, é)
            | '\u{2000}'..='\u{22FF}'   // punctuation (—“”…), letterlike, arrows, maths
            | '\u{2460}'..='\u{25FF}'   // enclosed numbers (①), box drawing, shapes
            | '\u{3000}'..='\u{30FF}'   // CJK punctuation (、。《》), kana
            | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
            | '\u{4E00}'..='\u{9FFF}'   // CJK
            | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
            | '\u{FF00}'..='\u{FFEF}'   // full-width forms (，：（）)
            | '\u{FFFD}'                // a pair cut at the end of the sample
            | '\u{20000}'..='\u{3FFFF}') // CJK Extensions B and later
    };
    let two_ascii =
        |c: char| c.len_utf16() == 1 && (c as u32 >> 8) >= 0x20 && (c as u32 & 0xFF) >= 0x20 && c as u32 & 0x8080 == 0;
    let score = |enc: &'static encoding_rs::Encoding, parity: usize| {
        if head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count() < 2 {
            return None;
        }
        let (text, _) = enc.decode_without_bom_handling(head);
        let (mut all, mut ok, mut ascii, mut pairs) = (0usize, 0usize, 0usize, 0usize);
        for c in text.chars() {
            all += 1;
            ok += usize::from(texty(c));
            ascii += usize::from(c.is_ascii() && c != '\0');
            pairs += usize::from(two_ascii(c));
        }
        (ascii >= 2 && ok * 100 >= all * 95 && pairs * 2 < all).then_some((ok * 1000 / all.max(1), enc))
    };
    // ASCII characters put their NUL byte second in little-endian order.
    match (score(encoding_rs::UTF_16LE, 1), score(encoding_rs::UTF_16BE, 0)) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b.1 } else { a.1 }),
        (a, b) => a.or(b).map(|x| x.1),
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
        let Some(enc) = utf16_without_bom(bytes) else {
            return Err(DecodeError::Binary);
        };
        let name = if enc == encoding_rs::UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        if !bytes.len().is_multiple_of(2) {
            return Err(DecodeError::Undecodable(name));
        }
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(DecodeError::Undecodable(name));
        }
        return check_text(text.into_owned(), name);
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

    fn utf16(text: &str, be: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn utf16_without_bom() {
        let text = "东城县完成秋粮收购12万吨\n截至11月18日，共收购12万吨。\n";
        for (be, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let sf = SourceFile::decode("a.txt", &utf16(text, be)).unwrap();
            assert_eq!((sf.encoding, sf.text.as_str()), (name, text));
            // Han text whose code units have NUL bytes too (一 is U+4E00).
            let t = "一一一一二三\n一\n";
            assert_eq!(SourceFile::decode("a.txt", &utf16(t, be)).unwrap().text, t);
            // Cut to an odd length: named, not called binary.
            let mut odd = utf16(text, be);
            odd.pop();
            assert_eq!(SourceFile::decode("a", &odd).unwrap_err(), DecodeError::Undecodable(name));
        }
        // NUL bytes in UTF-8 or ASCII text, and binaries, are still binary.
        for bytes in [
            "标题\n正文\u{0}还有".as_bytes(),
            b"plain ascii text\0 with a NUL\0 or two\n",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0",
        ] {
            assert_eq!(SourceFile::decode("a", bytes).unwrap_err(), DecodeError::Binary, "{bytes:?}");
        }
    }

    #[test]
    fn utf8_cut_in_the_last_character() {
        let text = "东城县完成秋粮收购\n共收购12万吨😀。";
        for cut in 1..=2 {
            for bom in [false, true] {
                let mut bytes = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
                bytes.extend_from_slice(&text.as_bytes()[..text.len() - cut]);
                let sf = SourceFile::decode("a.txt", &bytes).unwrap();
                assert_eq!(sf.encoding, if bom { "UTF-8 (BOM)" } else { "UTF-8" });
                assert_eq!(sf.text, text.trim_end_matches('。'));
                assert!(sf.cut_last_char);
            }
        }
        // A four-byte character cut after three bytes.
        let cut = &text.as_bytes()[..text.len() - 3 - 1];
        let sf = SourceFile::decode("a.txt", cut).unwrap();
        assert_eq!(
            (sf.encoding, sf.text.as_str(), sf.cut_last_char),
            ("UTF-8", "东城县完成秋粮收购\n共收购12万吨", true)
        );
        // Complete files are not marked; bad bytes elsewhere are not a cut.
        assert!(!SourceFile::decode("a.txt", text.as_bytes()).unwrap().cut_last_char);
        let mut bad = text.as_bytes().to_vec();
        bad[3] = 0xFF;
        bad.truncate(bad.len() - 1);
        assert!(
            SourceFile::decode("a.txt", &bad).is_err_and(|e| e != DecodeError::Binary)
                || !SourceFile::decode("a.txt", &bad).unwrap().cut_last_char
        );
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(SourceFile::decode("a", b"\x00\x01\x02abc").unwrap_err(), DecodeError::Binary);
        assert_eq!(SourceFile::decode("a", b"  \n").unwrap_err(), DecodeError::Empty);
        assert_eq!(SourceFile::decode("a", b"\xEF\xBB\xBF\xFF\xFE").unwrap_err(), DecodeError::Undecodable("UTF-8"));
    }
}

//! `.docx` → plain text: one line per Word paragraph, in document order
//! (table cells and text boxes included), so that a finding's line and
//! column are its paragraph number and character offset (第N段第M字).
//!
//! What counts as text: runs of `w:t`, tabs (`w:tab` → `\t`), soft line
//! breaks (`w:br`, `w:cr` → U+000B, which does not start a new paragraph),
//! inserted text of tracked changes (deleted text is left out), table cells
//! and text boxes (the VML fallback copy is skipped). Headers, footers,
//! comments and footnotes live in other parts and are ignored.
//!
//! Hostile archives are refused with a clear message: too many entries, an
//! oversized or over-compressed `word/document.xml` (zip bombs), encrypted
//! or legacy Word files, zips that are not Word documents, malformed XML.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Most entries a .docx may have.
pub const MAX_ENTRIES: usize = 10_000;
/// Largest uncompressed `word/document.xml`.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// Largest compression ratio accepted for `word/document.xml` (zip bombs
/// compress far beyond what real XML does).
pub const MAX_RATIO: u64 = 200;

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxError(pub String);

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err(s: impl Into<String>) -> DocxError {
    DocxError(s.into())
}

/// Extract the text of a .docx file.
pub fn extract(bytes: &[u8]) -> Result<String, DocxError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(err(
            "这是加密的 Word 文件或旧版 .doc 文件，请解除密码或另存为 .docx 后再检查（encrypted or legacy Word file）",
        ));
    }
    if !bytes.starts_with(b"PK") {
        return Err(err("不是有效的 .docx 文件（not a zip archive）"));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| err(format!("无法打开 .docx（文件损坏或不完整）：{e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(err(format!("压缩包条目过多（{} 个，上限 {MAX_ENTRIES}），拒绝处理", zip.len())));
    }
    let mut entry = match zip.by_name("word/document.xml") {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(err("压缩包中没有 word/document.xml，不是 Word 文档（zip is not a .docx）"))
        }
        Err(e) => return Err(err(format!("无法读取 word/document.xml：{e}"))),
    };
    if entry.encrypted() {
        return Err(err("word/document.xml 已加密，无法读取"));
    }
    let declared = entry.size();
    let compressed = entry.compressed_size().max(1);
    if declared > MAX_XML_BYTES || declared / compressed > MAX_RATIO {
        return Err(err(format!(
            "word/document.xml 解压后 {declared} 字节（压缩比 {}），超出限制，疑似压缩炸弹（zip bomb）",
            declared / compressed
        )));
    }
    // Never trust the declared size: read at most the limit plus one byte.
    let mut xml = Vec::with_capacity(declared.min(MAX_XML_BYTES) as usize);
    entry
        .by_ref()
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| err(format!("无法解压 word/document.xml（文件损坏）：{e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES || xml.len() as u64 / compressed > MAX_RATIO {
        return Err(err("word/document.xml 解压后超出限制，疑似压缩炸弹（zip bomb）"));
    }
    let xml = String::from_utf8(xml).map_err(|_| err("word/document.xml 不是有效的 UTF-8 XML"))?;
    paragraphs(&xml).map(|ps| {
        let mut text = ps.join("\n");
        text.push('\n');
        text
    })
}

/// Paragraph texts of a `word/document.xml`.
pub fn paragraphs(xml: &str) -> Result<Vec<String>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    // Open paragraphs: a text box nests paragraphs inside a paragraph.
    let mut stack: Vec<String> = Vec::new();
    let mut in_text = false;
    let mut skip_depth = 0usize; // inside w:del, mc:Fallback, w:instrText …
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| {
            err(format!("word/document.xml 格式错误（malformed XML，第 {} 字节）：{e}", reader.buffer_position()))
        })?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth > 512 {
                    return Err(err("word/document.xml 嵌套过深，拒绝处理"));
                }
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 || matches!(name, "del" | "Fallback" | "instrText" | "delText" | "moveFrom") {
                    skip_depth += 1;
                    continue;
                }
                match name {
                    "p" => stack.push(String::new()),
                    "t" => in_text = true,
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "p" => {
                        if let Some(p) = stack.pop() {
                            out.push(p);
                        }
                    }
                    "t" => in_text = false,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    continue;
                }
                let ch = match e.local_name().as_ref() {
                    "tab" => Some('\t'),
                    "br" | "cr" => Some('\u{000B}'),
                    "noBreakHyphen" => Some('-'),
                    "p" => {
                        out.push(String::new());
                        None
                    }
                    _ => None,
                };
                if let (Some(c), Some(p)) = (ch, stack.last_mut()) {
                    p.push(c);
                }
            }
            Event::Text(t) if in_text && skip_depth == 0 => {
                if let Some(p) = stack.last_mut() {
                    p.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::CData(t) if in_text && skip_depth == 0 => {
                if let Some(p) = stack.last_mut() {
                    p.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r.into_inner() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some(p)) = (c, stack.last_mut()) {
                    p.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    #[test]
    fn runs_tracked_changes_tables_and_text_boxes() {
        let xml = format!(
            r#"<w:document {NS}><w:body>
<w:p><w:r><w:t>东城县完成</w:t></w:r><w:r><w:t xml:space="preserve">秋粮</w:t></w:r><w:r><w:t>收购</w:t></w:r></w:p>
<w:p><w:r><w:t>共收购</w:t></w:r><w:del><w:r><w:delText>10</w:delText></w:r></w:del><w:ins><w:r><w:t>12</w:t></w:r></w:ins><w:r><w:tab/><w:t>万吨&amp;</w:t><w:br/><w:t>。</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent><w:t>正文</w:t></w:r></w:p>
</w:body></w:document>"#
        );
        let ps = paragraphs(&xml).unwrap();
        assert_eq!(
            ps,
            [
                "东城县完成秋粮收购",
                "共收购12\t万吨&\u{b}。",
                "甲",
                "乙",
                "文本框",
                "正文"
            ]
        );
    }

    #[test]
    fn refuses_garbage() {
        assert!(extract(b"not a zip").is_err());
        assert!(extract(b"PK\x03\x04truncated").is_err());
        assert!(extract(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err().0.contains("加密"));
        assert!(paragraphs("<w:p><w:t>未闭合").is_err() || paragraphs("<w:p><w:t>未闭合").is_ok());
        assert!(paragraphs("<a></b>").is_err());
    }
}

//! Word documents: text extraction from real Word structure (runs split
//! mid-word, tracked changes, tables, text boxes) and finding positions as
//! paragraph + character; broken and hostile archives.

use std::io::Write;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use tempfile::TempDir;
use zip::write::SimpleFileOptions;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn para(runs: &str) -> String {
    format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{runs}</w:p>")
}

fn run(t: &str) -> String {
    format!("<w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/></w:rPr><w:t xml:space=\"preserve\">{t}</w:t></w:r>")
}

/// A .docx with the given body XML (paragraphs, tables …).
fn docx(body: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("[Content_Types].xml", o).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        z.start_file("word/header1.xml", o).unwrap();
        z.write_all(format!("<w:hdr {NS}>{}</w:hdr>", para(&run("页眉文字近日不应被检查"))).as_bytes())
            .unwrap();
        z.start_file("word/document.xml", o).unwrap();
        z.write_all(format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>").as_bytes()).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn zwlint(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("zwlint").unwrap().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sample() -> Vec<u8> {
    let body = [
        // Title split across runs mid-word.
        para(&format!("{}{}{}", run("西岭县新建农村"), run("公"), run("路56公里"))),
        // A tracked deletion and insertion, and a half-width comma in paragraph 2.
        para(&format!(
            "{}<w:del w:id=\"1\" w:author=\"王敏\"><w:r><w:delText>近日</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"王敏\">{}</w:ins>{}",
            run("截至"),
            run("2026年11月18日"),
            run(",西岭县新建农村公路56公里，惠及群众3.2万人。")
        )),
        // A table: each cell's paragraphs in reading order.
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            para(&run("城关镇12公里")),
            para(&run("河口乡9公里"))
        ),
        para(&run("（报送单位：西岭县交通运输局　联系人：李华　电话：0394-7654321　报送日期：2026年11月20日）")),
    ]
    .concat();
    docx(&body)
}

#[test]
fn extracts_and_points_at_paragraph_and_character() {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("草稿.docx"), sample()).unwrap();
    let (code, out, err) = zwlint(t.path(), &["check", "--format", "json", "草稿.docx"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["encoding"], "DOCX");
    let d = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "format.halfwidth-punctuation")
        .expect("comma found");
    // Paragraph 2, character 14 (截至 + 2026年11月18日 = 13 characters; the deleted 近日 is gone).
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(14)));
    assert_eq!(d["text"], ",");
    // Nothing from the header part, no vague time (近日 was deleted).
    assert!(f["diagnostics"].as_array().unwrap().iter().all(|d| d["rule"] != "timeliness.vague-time"));
    // The human report names the paragraph.
    let (_, out, _) = zwlint(t.path(), &["check", "--color", "never", "草稿.docx"]);
    assert!(out.contains("第2段第14字"), "{out}");
    // The segment view shows the title made whole from three runs.
    let (_, out, _) = zwlint(t.path(), &["segment", "草稿.docx"]);
    assert!(out.contains("公路"), "{out}");
    // The input file is never written.
    assert_eq!(std::fs::read(t.path().join("草稿.docx")).unwrap(), sample());
}

#[test]
fn text_of_tables_and_text_boxes() {
    let text = zwlint::docx::extract(&sample()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "西岭县新建农村公路56公里");
    assert_eq!(lines[1], "截至2026年11月18日,西岭县新建农村公路56公里，惠及群众3.2万人。");
    assert_eq!(&lines[2..4], ["城关镇12公里", "河口乡9公里"]);
}

fn expect_error(name: &str, bytes: &[u8], needle: &str) {
    let t = TempDir::new().unwrap();
    std::fs::write(t.path().join("good.docx"), sample()).unwrap();
    std::fs::write(t.path().join(name), bytes).unwrap();
    let (code, out, err) = zwlint(t.path(), &["check", "--format", "concise", "."]);
    assert_eq!(code, 2, "{name}: {out}{err}");
    let line = out.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name}: no error line in {out}"));
    assert!(line.contains(needle), "{name}: {line}");
    assert!(out.contains("good.docx:2:14"), "{name}: the rest of the batch is checked: {out}");
}

#[test]
fn broken_and_hostile_archives() {
    // Truncated archive.
    let s = sample();
    expect_error("truncated.docx", &s[..s.len() / 2], "损坏");
    // Encrypted (Word wraps encrypted documents in an OLE container).
    expect_error("secret.docx", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], "加密");
    // A zip that is not a Word document.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("readme.txt", SimpleFileOptions::default()).unwrap();
        z.write_all("不是Word".as_bytes()).unwrap();
        z.finish().unwrap();
    }
    expect_error("other.docx", &buf.into_inner(), "不是 Word 文档");
    // Malformed XML.
    expect_error("bad-xml.docx", &docx("<w:p><w:r><w:t>未闭合</w:r></w:p>"), "格式错误");
    // Zip bomb: 100 MB of one character compresses ~1000×.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
        z.start_file("word/document.xml", o).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    expect_error("bomb.docx", &buf.into_inner(), "压缩炸弹");
    // Too many entries.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for i in 0..10_001 {
            z.start_file(
                format!("f{i}"),
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
            )
            .unwrap();
        }
        z.finish().unwrap();
    }
    expect_error("many.docx", &buf.into_inner(), "条目过多");
    // Legacy formats get advice.
    expect_error("old.doc", b"\xD0\xCF\x11\xE0legacy", "另存为 .docx");
}

//! What agencies really send besides xlsx/xls/ods: Word reports (`.docx`, merged cells,
//! two-row headers), `.doc`, `.xlsb`, password-protected legacy workbooks, zip bundles
//! (members, zip-slip names, nested zips), RAR archives. Every fixture is written here.

use crate::common::xlsx::{brief, date, dl, read, report};
use baocao::ingest::report::Ingested;
use baocao::ingest::workbook::{read_workbook, WorkbookError};
use baocao::model::{FileRole, IndexKind};
use baocao::normalize::{Deadline, ReportedState};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use zip::write::SimpleFileOptions;
use zip::{DateTime, ZipWriter};

// ---------------------------------------------------------------------------------------
// Word documents written by hand (WordprocessingML)

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A paragraph; `\t` becomes a tab, `\n` a line break.
pub(crate) fn p(text: &str) -> String {
    let mut runs = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            runs.push_str("<w:r><w:br/></w:r>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                runs.push_str("<w:r><w:tab/></w:r>");
            }
            runs.push_str(&format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(part)));
        }
    }
    format!("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{runs}</w:p>")
}

/// A cell: properties (`<w:gridSpan …/>`, `<w:vMerge …/>`) and paragraphs.
pub(crate) fn tc(props: &str, paragraphs: &[&str]) -> String {
    let body: String =
        if paragraphs.is_empty() { "<w:p/>".to_string() } else { paragraphs.iter().map(|t| p(t)).collect() };
    format!("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>{props}</w:tcPr>{body}</w:tc>")
}

pub(crate) fn c(text: &str) -> String {
    tc("", &[text])
}

pub(crate) fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

pub(crate) fn tbl(rows: &[String]) -> String {
    format!("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid/>{}</w:tbl>", rows.concat())
}

pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let time = DateTime::from_date_and_time(2023, 5, 16, 9, 30, 0).unwrap();
    for (name, bytes) in entries {
        w.start_file(*name, SimpleFileOptions::default().last_modified_time(time)).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub(crate) fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ])
}

const RESTART: &str = "<w:vMerge w:val=\"restart\"/>";
const CONTINUE: &str = "<w:vMerge/>";

pub(crate) fn span(n: u32) -> String {
    format!("<w:gridSpan w:val=\"{n}\"/>")
}

/// A district's Word report laid out as Decree 30 has it: a borderless header table,
/// title paragraphs, body text naming other agencies, the task table with a two-row
/// merged header and section rows, then the signature block.
pub(crate) fn bao_thang_docx() -> Vec<u8> {
    let header = tbl(&[
        tr(&[
            tc("", &["UBND HUYỆN BẢO THẮNG"]),
            tc("", &["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]),
        ]),
        tr(&[c("Số: 45/BC-UBND"), c("Bảo Thắng, ngày 17 tháng 5 năm 2023")]),
    ]);
    let nested = tbl(&[tr(&[c("Bộ phận một cửa"), c("Cổng dịch vụ công")])]);
    let tasks = tbl(&[
        tr(&[
            tc(RESTART, &["STT"]),
            tc(RESTART, &["Nhiệm vụ"]),
            tc(RESTART, &["Thời hạn"]),
            tc(&span(2), &["Kết quả thực hiện"]),
            tc(RESTART, &["Ghi chú"]),
        ]),
        tr(&[
            tc(CONTINUE, &[]),
            tc(CONTINUE, &[]),
            tc(CONTINUE, &[]),
            c("Tình trạng"),
            c("Ngày hoàn thành"),
            tc(CONTINUE, &[]),
        ]),
        tr(&[tc(&span(6), &["I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)"])]),
        tr(&[
            c("1"),
            c("Ban hành kế hoạch cải cách hành chính năm 2023"),
            c("31/3/2023"),
            c("Đã hoàn thành"),
            c("20/3/2023"),
            tc("", &[]),
        ]),
        tr(&[
            c("2"),
            c("Rà soát, đơn giản hóa thủ tục hành chính"),
            c("30/6/2023"),
            c("Đang thực hiện"),
            tc("", &[]),
            c("Đạt 60%"),
        ]),
        tr(&[tc(&span(6), &["II. CHỈ SỐ SIPAS"])]),
        tr(&[
            c("3"),
            c("Khảo sát sự hài lòng của người dân"),
            c("30/4/2023"),
            c("Chưa thực hiện"),
            tc("", &[]),
            tc("", &[]),
        ]),
        tr(&[
            c("4"),
            c("Niêm yết công khai thủ tục hành chính"),
            c("Thường xuyên"),
            c("Đang thực hiện"),
            tc("", &[]),
            format!("<w:tc><w:tcPr/>{}{nested}<w:p/></w:tc>", p("Tại")),
        ]),
    ]);
    let body = [
        header,
        p("BÁO CÁO"),
        p("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023"),
        p("Kính gửi: Sở Nội vụ tỉnh Lào Cai."),
        p("I. KẾT QUẢ THỰC HIỆN"),
        p("Thực hiện Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh, UBND huyện đã phối hợp với Sở Tư pháp và \
           Sở Thông tin và Truyền thông triển khai các nhiệm vụ dưới đây, kết quả cụ thể như sau:"),
        tasks,
        p("Nơi nhận:\t\tCHỦ TỊCH"),
        p("- Sở Nội vụ;\n- Lưu: VT."),
    ]
    .concat();
    docx(&body)
}

/// A Word report typed in an old TCVN3 template: the font comes from the document's
/// default style (`.VnTime`), except one cell typed in VNI with its own run font.
fn legacy_docx() -> Vec<u8> {
    use baocao::normalize::legacy::encode;
    use baocao::normalize::LegacyEncoding::{Tcvn3, Vni};
    let t = |s: &str| encode(s, Tcvn3);
    let vni_cell = format!(
        "<w:tc><w:p><w:r><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr><w:t>{}</w:t></w:r></w:p></w:tc>",
        esc(&encode("Công bố thủ tục hành chính", Vni))
    );
    let body = [
        p(&t("Sở Tư pháp")),
        p(&t("Báo cáo tháng 5 năm 2023")),
        p(&t("Lào Cai, ngày 18 tháng 5 năm 2023")),
        tbl(&[
            tr(&[c("STT"), c(&t("Nhiệm vụ")), c(&t("Thời hạn")), c(&t("Tình trạng"))]),
            tr(&[c("1"), c(&t("Rà soát văn bản quy phạm pháp luật")), c("30/6/2023"), c(&t("Đang thực hiện"))]),
            tr(&[c("2"), vni_cell, c("31/3/2023"), c(&t("Hoàn thành"))]),
        ]),
    ]
    .concat();
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style></w:styles>"#
    );
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])
}

#[test]
fn word_report_in_legacy_fonts_is_decoded() {
    let dir = folder(&[("bao cao.docx", &legacy_docx())]);
    let ingested = read(dir.path());
    let r = report(&ingested, "bao cao.docx");
    assert_eq!(r.refusal, None, "{:#?}", r.problems);
    assert_eq!(r.agency, Some(crate::common::xlsx::agency_index("Sở Tư pháp")));
    assert_eq!(r.period, Some("2023-05".parse().unwrap()));
    assert_eq!(r.report_date, Some(date(2023, 5, 18)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            (
                "Rà soát văn bản quy phạm pháp luật".to_string(),
                None,
                None,
                dl(2023, 6, 30, "30/6/2023"),
                Some(ReportedState::InProgress),
                2
            ),
            (
                "Công bố thủ tục hành chính".to_string(),
                None,
                None,
                dl(2023, 3, 31, "31/3/2023"),
                Some(ReportedState::Done),
                3
            ),
        ]
    );
}

fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn role_of(ingested: &Ingested, file: &str) -> Option<FileRole> {
    ingested.skipped.iter().find(|s| s.file == file).map(|s| s.role)
}

fn message_of(ingested: &Ingested, file: &str) -> String {
    ingested
        .skipped
        .iter()
        .find(|s| s.file == file)
        .unwrap_or_else(|| panic!("{file} not listed: {ingested:#?}"))
        .message
        .clone()
}

#[test]
fn word_report_is_read_like_a_sheet() {
    let dir = folder(&[("BC thang 5.docx", &bao_thang_docx())]);
    let ingested = read(dir.path());
    assert!(ingested.skipped.is_empty(), "{:#?}", ingested.skipped);
    let r = report(&ingested, "BC thang 5.docx");
    assert_eq!(r.refusal, None, "{:#?}", r.problems);
    assert_eq!(r.agency, Some(crate::common::xlsx::agency_index("Huyện Bảo Thắng")));
    assert_eq!(r.period, Some("2023-05".parse().unwrap()));
    assert_eq!(r.report_date, Some(date(2023, 5, 17)));
    assert!(!r.report_date_from_file_time);
    assert_eq!(
        brief(&r.tasks),
        vec![
            (
                "Ban hành kế hoạch cải cách hành chính năm 2023".to_string(),
                Some(IndexKind::ParIndex),
                None,
                dl(2023, 3, 31, "31/3/2023"),
                Some(ReportedState::Done),
                4
            ),
            (
                "Rà soát, đơn giản hóa thủ tục hành chính".to_string(),
                Some(IndexKind::ParIndex),
                None,
                dl(2023, 6, 30, "30/6/2023"),
                Some(ReportedState::InProgress),
                5
            ),
            (
                "Khảo sát sự hài lòng của người dân".to_string(),
                Some(IndexKind::Sipas),
                None,
                dl(2023, 4, 30, "30/4/2023"),
                Some(ReportedState::NotStarted),
                7
            ),
            (
                "Niêm yết công khai thủ tục hành chính".to_string(),
                Some(IndexKind::Sipas),
                None,
                Some(Deadline::Recurring { text: "Thường xuyên".into() }),
                Some(ReportedState::InProgress),
                8
            ),
        ]
    );
    // The Decree 30 header table is `Bảng 1`; the task table the second one.
    assert!(r.tasks.iter().all(|t| t.source.sheet == "Bảng 2" && t.source.file == "BC thang 5.docx"));
    assert_eq!(r.tasks[0].completed_on, Some(date(2023, 3, 20)));
    assert_eq!(r.tasks[1].completed_on, None);
    assert_eq!(r.tasks[1].note.as_deref(), Some("Đạt 60%"));
    // A table nested in a cell is read as that cell's text.
    assert_eq!(r.tasks[3].note.as_deref(), Some("Tại\nBộ phận một cửa | Cổng dịch vụ công"));
}

#[test]
fn word_text_and_tables_come_out_in_order() {
    use baocao::ingest::docx::{read_docx, Block};
    use baocao::ingest::grid::CellValue;
    use baocao::ingest::workbook::ReadLimits;
    let doc = read_docx("a.docx", &bao_thang_docx(), &ReadLimits::default()).unwrap();
    let tables: Vec<&str> = doc.tables().map(|g| g.name.as_str()).collect();
    assert_eq!(tables, ["Bảng 1", "Bảng 2"]);
    let task_table = doc.tables().nth(1).unwrap();
    let t = |s: &str| CellValue::Text(s.into());
    assert_eq!(
        task_table.rows[0],
        vec![t("STT"), t("Nhiệm vụ"), t("Thời hạn"), t("Kết quả thực hiện"), CellValue::Empty, t("Ghi chú")]
    );
    assert_eq!(
        task_table.rows[1],
        vec![CellValue::Empty, CellValue::Empty, CellValue::Empty, t("Tình trạng"), t("Ngày hoàn thành")]
    );
    assert_eq!(
        task_table.merged,
        vec![(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5), (2, 0, 2, 5), (5, 0, 5, 5)]
    );
    let parts = doc.parts();
    let title: Vec<Vec<CellValue>> = parts.title.rows.clone();
    assert_eq!(
        title,
        vec![
            vec![t("UBND HUYỆN BẢO THẮNG"), t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")],
            vec![t("Số: 45/BC-UBND"), t("Bảo Thắng, ngày 17 tháng 5 năm 2023")],
            vec![t("BÁO CÁO")],
            vec![t("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023")],
            vec![t("Kính gửi: Sở Nội vụ tỉnh Lào Cai.")],
        ],
        "the title block stops at the body («I. …»)"
    );
    assert_eq!(parts.footer.rows, vec![vec![t("Nơi nhận:"), t("CHỦ TỊCH")], vec![t("- Sở Nội vụ;\n- Lưu: VT.")]]);
    assert!(matches!(doc.blocks.last(), Some(Block::Paragraph(_))));
}

#[test]
fn old_word_rar_and_wordless_documents_get_a_message() {
    let doc = ole_file(&[("WordDocument", &[0u8; 600][..]), ("1Table", &[0u8; 100][..])]);
    let dir = folder(&[
        ("BC T5 Ngoai vu.doc", &doc),
        ("ho so.rar", b"Rar!\x1a\x07\x01\x00 not really"),
        ("cong van.docx", &docx(&p("SỞ NGOẠI VỤ\nCông văn không có bảng"))),
        ("danh sach.docx", &docx(&tbl(&[tr(&[c("STT"), c("Họ và tên")]), tr(&[c("1"), c("Nguyễn Văn A")])]))),
    ]);
    let before = snapshot(dir.path());
    let ingested = read(dir.path());
    assert!(ingested.reports.is_empty(), "{:#?}", ingested.reports);
    assert_eq!(role_of(&ingested, "BC T5 Ngoai vu.doc"), Some(FileRole::Unreadable));
    assert_eq!(
        message_of(&ingested, "BC T5 Ngoai vu.doc"),
        "tệp «BC T5 Ngoai vu.doc» là văn bản Word 97–2003 (.doc), định dạng cũ chương trình không đọc: hãy đề nghị \
         đơn vị gửi lại dạng .docx (trong Word: Tệp > Lưu thành > Tài liệu Word) hoặc bảng tính .xlsx"
    );
    assert_eq!(role_of(&ingested, "ho so.rar"), Some(FileRole::Unreadable));
    assert_eq!(
        message_of(&ingested, "ho so.rar"),
        "«ho so.rar»: là tệp nén RAR (.rar), chương trình không mở loại này: hãy giải nén rồi chép chính các tệp \
         báo cáo (.xlsx, .xls, .ods, .docx) vào thư mục đầu vào, hoặc đề nghị đơn vị gửi các tệp đó (hoặc tệp nén .zip)"
    );
    assert_eq!(role_of(&ingested, "cong van.docx"), Some(FileRole::Unreadable));
    assert!(message_of(&ingested, "cong van.docx")
        .starts_with("tệp «cong van.docx» là văn bản Word nhưng không có bảng nào"));
    assert_eq!(
        message_of(&ingested, "danh sach.docx"),
        "tệp «danh sach.docx» là văn bản Word có 1 bảng nhưng không bảng nào là bảng nhiệm vụ (cần dòng tiêu đề có \
         cột «Nhiệm vụ» và cột «Thời hạn» hoặc «Tình trạng»): hãy đề nghị đơn vị gửi báo cáo có bảng nhiệm vụ \
         (trong văn bản Word hoặc bảng tính .xlsx)"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// An OLE compound file with the given root streams, written with the `cfb` crate.
fn ole_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        let mut s = cfb.create_stream(format!("/{name}")).unwrap();
        s.write_all(bytes).unwrap();
    }
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

// ---------------------------------------------------------------------------------------
// Legacy encryption and xlsb

fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A BIFF8 workbook stream whose globals carry a FILEPASS record of `method` (0: XOR
/// obfuscation, 1: RC4), followed by what would be ciphertext: a BoundSheet pointing at a
/// sheet whose DIMENSIONS, read as plain, claim the whole grid.
fn protected_xls(method: u16) -> Vec<u8> {
    let mut stream = biff(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let filepass = if method == 0 {
        // wEncryptionType 0, key, verifier (MS-XLS 2.4.117 XORObfuscation)
        vec![0x00, 0x00, 0x34, 0x12, 0x78, 0x56]
    } else {
        let mut d = vec![0x01, 0x00, 0x01, 0x00, 0x01, 0x00];
        d.extend_from_slice(&[0xAB; 48]);
        d
    };
    stream.extend(biff(0x002F, &filepass));
    let mut bs = vec![0u8; 6];
    bs.extend_from_slice(&[6, 0]);
    bs.extend_from_slice(b"Sheet1");
    let sheet_at = (stream.len() + 4 + bs.len() + 4) as u32;
    bs[..4].copy_from_slice(&sheet_at.to_le_bytes());
    stream.extend(biff(0x0085, &bs));
    stream.extend(biff(0x000A, &[]));
    stream.extend(biff(0x0809, &[0x00, 0x06, 0x10, 0x00]));
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend_from_slice(&0x000F_FFFFu32.to_le_bytes());
    dims.extend_from_slice(&0u16.to_le_bytes());
    dims.extend_from_slice(&0x3FFFu16.to_le_bytes());
    dims.extend_from_slice(&[0, 0]);
    stream.extend(biff(0x0200, &dims));
    stream.extend(biff(0x000A, &[]));
    stream.resize(stream.len().max(5000), 0);
    ole_file(&[("Workbook", &stream)])
}

#[test]
fn password_protected_legacy_workbooks_are_named_so() {
    for (method, name) in [(0, "mat-khau-xor.xls"), (1, "mat-khau-rc4.xls")] {
        let dir = folder(&[(name, &protected_xls(method))]);
        let file = baocao::ingest::files::discover(dir.path()).unwrap().remove(0);
        let err = read_workbook(&file).unwrap_err();
        assert!(matches!(err, WorkbookError::Encrypted { .. }), "{name}: {err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "tệp «{name}» được đặt mật khẩu nên không đọc được: hãy đề nghị đơn vị gửi lại bản không đặt mật khẩu"
            )
        );
        let ingested = read(dir.path());
        assert_eq!(role_of(&ingested, name), Some(FileRole::Unreadable));
    }
    // An xlsx saved with a password is an OLE container: the same words, whatever its name.
    let encrypted = ole_file(&[("EncryptionInfo", &[4u8, 0, 4, 0][..]), ("EncryptedPackage", &[0u8; 5000][..])]);
    let dir = folder(&[("BC.xlsx", &encrypted), ("BC.docx", &encrypted)]);
    let ingested = read(dir.path());
    for name in ["BC.xlsx", "BC.docx"] {
        assert!(message_of(&ingested, name).contains("được đặt mật khẩu"), "{name}: {}", message_of(&ingested, name));
    }
}

/// A BIFF12 record: type and size as 7-bit groups (MS-XLSB 2.1.4), then the data.
fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = data.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(data);
    out
}

/// XLWideString: character count, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    for u in units {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// A minimal `.xlsb` written from the MS-XLSB records: workbook.bin (one BrtBundleSh),
/// its relationships, and one worksheet of BrtRowHdr + BrtCellSt (inline strings).
fn xlsb(rows: &[&[&str]]) -> Vec<u8> {
    let mut workbook = rec(0x0083, &[]); // BrtBeginBook
    workbook.extend(rec(0x008F, &[])); // BrtBeginBundleShs
    let mut sheet = 0u32.to_le_bytes().to_vec(); // hsState: visible
    sheet.extend_from_slice(&1u32.to_le_bytes()); // iTabID
    sheet.extend(wide("rId1"));
    sheet.extend(wide("Báo cáo T5"));
    workbook.extend(rec(0x009C, &sheet));
    workbook.extend(rec(0x0090, &[])); // BrtEndBundleShs
    workbook.extend(rec(0x009D, &[0u8; 24])); // BrtCalcProp
    workbook.extend(rec(0x0084, &[])); // BrtEndBook

    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32;
    let mut ws = rec(0x0081, &[]); // BrtBeginSheet
    let mut dim = 0u32.to_le_bytes().to_vec();
    dim.extend_from_slice(&(rows.len() as u32 - 1).to_le_bytes());
    dim.extend_from_slice(&0u32.to_le_bytes());
    dim.extend_from_slice(&(width - 1).to_le_bytes());
    ws.extend(rec(0x0094, &dim)); // BrtWsDim
    ws.extend(rec(0x0091, &[])); // BrtBeginSheetData
    for (r, cells) in rows.iter().enumerate() {
        let mut hdr = (r as u32).to_le_bytes().to_vec();
        hdr.extend_from_slice(&[0u8; 13]);
        ws.extend(rec(0x0000, &hdr)); // BrtRowHdr
        for (col, text) in cells.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let mut cell = (col as u32).to_le_bytes().to_vec();
            cell.extend_from_slice(&0u32.to_le_bytes()); // iStyleRef
            cell.extend(wide(text));
            ws.extend(rec(0x0006, &cell)); // BrtCellSt
        }
    }
    ws.extend(rec(0x0092, &[])); // BrtEndSheetData
    ws.extend(rec(0x0082, &[])); // BrtEndSheet
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/></Types>"#;
    let package_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    // The same records open in LibreOffice (checked by hand when this was written).
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", package_rels.as_bytes()),
        ("xl/workbook.bin", &workbook),
        ("xl/_rels/workbook.bin.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.bin", &ws),
    ])
}

#[test]
fn xlsb_workbooks_are_read() {
    let bytes = xlsb(&[
        &["SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        &["BÁO CÁO tháng 5 năm 2023"],
        &["Lào Cai, ngày 12 tháng 5 năm 2023"],
        &[],
        &["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng"],
        &["1", "Số hóa hồ sơ thủ tục hành chính", "30/4/2023", "Hoàn thành"],
        &["2", "Cập nhật cơ sở dữ liệu", "Quý III/2023", "Đang thực hiện"],
    ]);
    let dir = folder(&[("BC T5 SKHCN.xlsb", &bytes)]);
    let ingested = read(dir.path());
    assert!(ingested.skipped.is_empty(), "{:#?}", ingested.skipped);
    let r = report(&ingested, "BC T5 SKHCN.xlsb");
    assert_eq!(r.agency, Some(crate::common::xlsx::agency_index("Sở Khoa học và Công nghệ")));
    assert_eq!(r.report_date, Some(date(2023, 5, 12)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            (
                "Số hóa hồ sơ thủ tục hành chính".to_string(),
                None,
                None,
                dl(2023, 4, 30, "30/4/2023"),
                Some(ReportedState::Done),
                6
            ),
            (
                "Cập nhật cơ sở dữ liệu".to_string(),
                None,
                None,
                dl(2023, 9, 30, "Quý III/2023"),
                Some(ReportedState::InProgress),
                7
            ),
        ]
    );
    assert!(r.tasks.iter().all(|t| t.source.sheet == "Báo cáo T5"));

    // A macro workbook (`.xlsm`) is an xlsx package: read the same way.
    let xlsm = xlsx(&["SỞ Y TẾ", "BÁO CÁO tháng 5 năm 2023"], &[["Kiểm tra công vụ", "30/6/2023", "Đang thực hiện"]]);
    let dir = folder(&[("BC T5 SYT.xlsm", &xlsm)]);
    let ingested = read(dir.path());
    let r = report(&ingested, "BC T5 SYT.xlsm");
    assert_eq!(r.agency, Some(crate::common::xlsx::agency_index("Sở Y tế")));
    assert_eq!(r.tasks.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Zip bundles, end to end through the binary

pub(crate) fn xlsx(title: &[&str], tasks: &[[&str; 3]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let mut r = 0;
    for line in title {
        ws.write_string(r, 0, *line).unwrap();
        r += 1;
    }
    r += 1;
    for (c, h) in ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng"].iter().enumerate() {
        ws.write_string(r, c as u16, *h).unwrap();
    }
    for (i, t) in tasks.iter().enumerate() {
        r += 1;
        ws.write_string(r, 0, (i + 1).to_string()).unwrap();
        for (c, v) in t.iter().enumerate() {
            ws.write_string(r, c as u16 + 1, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A provincial agency's Word report: title as paragraphs, so its task table is `Bảng 1`.
fn syt_docx() -> Vec<u8> {
    let tasks = tbl(&[
        tr(&[c("TT"), c("Nội dung nhiệm vụ"), c("Thời hạn hoàn thành"), c("Tình hình thực hiện")]),
        tr(&[tc(&span(4), &["III. CHỈ SỐ PAPI"])]),
        tr(&[c("1"), c("Công khai ngân sách y tế xã"), c("31/3/2023"), c("Hoàn thành")]),
        tr(&[c("2"), c("Tiếp nhận phản ánh của người dân"), c("Hằng tháng"), c("Đang thực hiện")]),
        tr(&[c("3"), c("Kiểm tra công vụ"), c("10/5/2023"), c("Đang triển khai")]),
    ]);
    let body = [
        p("SỞ Y TẾ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        p("\tĐộc lập - Tự do - Hạnh phúc"),
        p("Lào Cai, ngày 22 tháng 5 năm 2023"),
        p("BÁO CÁO\nKết quả thực hiện tháng 5 năm 2023"),
        tasks,
        p("GIÁM ĐỐC"),
    ]
    .concat();
    docx(&body)
}

fn make_bundle_inputs(dir: &Path) {
    let stp = xlsx(
        &["SỞ TƯ PHÁP", "Lào Cai, ngày 18 tháng 5 năm 2023", "BÁO CÁO tháng 5 năm 2023"],
        &[["Rà soát văn bản QPPL", "30/4/2023", "Đang thực hiện"], ["Công bố TTHC", "31/3/2023", "Hoàn thành"]],
    );
    let stp_old = xlsx(
        &["SỞ TƯ PHÁP", "Lào Cai, ngày 15 tháng 5 năm 2023", "BÁO CÁO tháng 5 năm 2023"],
        &[["Rà soát văn bản QPPL", "30/4/2023", "Đang thực hiện"]],
    );
    let sct = docx(
        &[
            p("SỞ CÔNG THƯƠNG"),
            p("Ngày báo cáo: 16/5/2023"),
            p("BÁO CÁO tháng 5 năm 2023"),
            tbl(&[
                tr(&[c("STT"), c("Nhiệm vụ"), c("Thời hạn"), c("Tình trạng")]),
                tr(&[c("1"), c("Cải cách thủ tục hành chính"), c("30/6/2023"), c("Đang thực hiện")]),
            ]),
        ]
        .concat(),
    );
    let sdl = xlsx(
        &["SỞ DU LỊCH", "Lào Cai, ngày 19 tháng 5 năm 2023", "BÁO CÁO tháng 5 năm 2023"],
        &[["Quảng bá du lịch", "Thường xuyên", "Đang thực hiện"]],
    );
    let deeper = zip_of(&[("BC T5 SNN.xlsx", &xlsx(&["SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"], &[]))]);
    let nested = zip_of(&[("BC T5 SDL.xlsx", &sdl), ("deeper.zip", &deeper)]);
    let bundle = zip_of(&[
        ("STP/", b""),
        ("STP/BC T5 STP.xlsx", &stp),
        ("BC T5 SCT.docx", &sct),
        ("../../evil.xlsx", &stp),
        ("/tuyet-doi.xlsx", &stp),
        ("long/nested.zip", &nested),
        ("__MACOSX/STP/._BC T5 STP.xlsx", b"\x00\x05\x16\x07 resource fork"),
        ("ghi chu.txt", "Gửi kèm báo cáo".as_bytes()),
    ]);
    std::fs::write(dir.join("ho-so-T5.zip"), bundle).unwrap();
    std::fs::write(dir.join("BC T5 STP (ban cu).xlsx"), stp_old).unwrap();
    std::fs::write(dir.join("BC T5 SYT.docx"), syt_docx()).unwrap();
}

/// Every file under `dir` with its SHA-256.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        out.insert(path, format!("{:x}", Sha256::digest(&bytes)));
    }
    out
}

#[test]
fn zip_bundles_and_word_reports_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    make_bundle_inputs(&inputs);
    let before = snapshot(&inputs);

    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["run", "--month", "2023-05", "--inputs", "inputs", "--output", "ket-qua"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(out.status.success(), "stdout:\n{}\nstderr:\n{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(snapshot(&inputs), before, "the inputs folder is left byte-identical");
    // Nothing was extracted next to the inputs.
    assert_eq!(std::fs::read_dir(&inputs).unwrap().count(), 3);

    let month = tmp.path().join("ket-qua/2023-05");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(month.join("tong-hop.json")).unwrap()).unwrap();
    let files: BTreeMap<String, String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_string(), f["role"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(files.len(), json["files"].as_array().unwrap().len(), "each file listed once");
    let z = "ho-so-T5.zip";
    let expected: BTreeMap<String, String> = [
        ("BC T5 STP (ban cu).xlsx".to_string(), "superseded"),
        ("BC T5 SYT.docx".to_string(), "used"),
        (z.to_string(), "bundle"),
        (format!("{z}//tuyet-doi.xlsx"), "unreadable"),
        (format!("{z}/../../evil.xlsx"), "unreadable"),
        (format!("{z}/BC T5 SCT.docx"), "used"),
        (format!("{z}/STP/BC T5 STP.xlsx"), "used"),
        (format!("{z}/__MACOSX/STP/._BC T5 STP.xlsx"), "ignored"),
        (format!("{z}/ghi chu.txt"), "ignored"),
        (format!("{z}/long/nested.zip"), "bundle"),
        (format!("{z}/long/nested.zip/BC T5 SDL.xlsx"), "used"),
        (format!("{z}/long/nested.zip/deeper.zip"), "unreadable"),
    ]
    .into_iter()
    .map(|(f, r)| (f, r.to_string()))
    .collect();
    assert_eq!(files, expected);
    let message = |name: &str| {
        json["files"].as_array().unwrap().iter().find(|f| f["file"] == name).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        message(&format!("{z}/../../evil.xlsx")),
        format!("«{z}/../../evil.xlsx»: đường dẫn có «..» trỏ ra ngoài tệp nén (dấu hiệu tệp nén độc hại), không đọc")
    );
    assert_eq!(
        message(&format!("{z}//tuyet-doi.xlsx")),
        format!("«{z}//tuyet-doi.xlsx»: đường dẫn tuyệt đối trong tệp nén (dấu hiệu tệp nén độc hại), không đọc")
    );
    assert_eq!(
        message(&format!("{z}/long/nested.zip/deeper.zip")),
        format!(
            "«{z}/long/nested.zip/deeper.zip» là tệp nén nằm trong tệp nén đã lồng một cấp: không mở thêm; hãy giải \
             nén và chép chính các tệp báo cáo vào thư mục đầu vào"
        )
    );
    assert_eq!(
        message(z),
        format!(
            "«{z}»: tệp nén gồm 7 tệp (STP/BC T5 STP.xlsx, BC T5 SCT.docx, ../../evil.xlsx, /tuyet-doi.xlsx, \
             long/nested.zip, __MACOSX/STP/._BC T5 STP.xlsx, ghi chu.txt), mỗi tệp được đọc như một tệp riêng trong \
             thư mục đầu vào (tên «{z}/…»); tệp nén không bị giải nén ra đĩa"
        )
    );

    let agency = |name: &str| json["agencies"].as_array().unwrap().iter().find(|a| a["name"] == name).unwrap().clone();
    let syt = agency("Sở Y tế");
    assert_eq!(syt["file"], "BC T5 SYT.docx");
    assert_eq!(syt["submission"], "late");
    assert_eq!(syt["report_date"], "2023-05-22");
    assert_eq!(
        syt["counts"],
        serde_json::json!({"done": 1, "done_late": 0, "overdue": 1, "in_progress": 0, "not_started": 0, "recurring": 1})
    );
    let stp = agency("Sở Tư pháp");
    assert_eq!(stp["file"], format!("{z}/STP/BC T5 STP.xlsx"));
    assert_eq!(stp["submission"], "on_time");
    assert_eq!(stp["report_date"], "2023-05-18");
    assert_eq!(stp["total"], 2);
    let sct = agency("Sở Công Thương");
    assert_eq!(
        (sct["file"].as_str(), sct["report_date"].as_str()),
        (Some(&*format!("{z}/BC T5 SCT.docx")), Some("2023-05-16"))
    );
    assert_eq!(sct["counts"]["in_progress"], 1);
    let sdl = agency("Sở Du lịch");
    assert_eq!(sdl["file"], format!("{z}/long/nested.zip/BC T5 SDL.xlsx"));
    assert_eq!(sdl["counts"]["recurring"], 1);
    assert_eq!(agency("Sở Nông nghiệp và Phát triển nông thôn")["submission"], "missing");

    // Word tasks carry the table and its own row numbers.
    let syt_tasks: Vec<(String, String, u64, String, String)> = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["agency"] == "Sở Y tế")
        .map(|t| {
            (
                t["task"].as_str().unwrap().to_string(),
                t["source"]["sheet"].as_str().unwrap().to_string(),
                t["source"]["row"].as_u64().unwrap(),
                t["status"].as_str().unwrap().to_string(),
                t["index"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let s = |a: &str, row: u64, status: &str| {
        (a.to_string(), "Bảng 1".to_string(), row, status.to_string(), "PAPI".to_string())
    };
    assert_eq!(
        syt_tasks,
        vec![
            s("Công khai ngân sách y tế xã", 3, "done"),
            s("Tiếp nhận phản ánh của người dân", 4, "recurring"),
            s("Kiểm tra công vụ", 5, "overdue"),
        ]
    );
    assert!(json["tasks"].as_array().unwrap().iter().all(|t| t["source"]["file"] != z));

    // The archive records the zip as one input, hashed as it lies in the folder.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(month.join("v001/manifest.json")).unwrap()).unwrap();
    let inputs_listed: Vec<(String, String)> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap().to_string(), i["sha256"].as_str().unwrap().to_string()))
        .collect();
    let zip_sha = format!("{:x}", Sha256::digest(std::fs::read(inputs.join(z)).unwrap()));
    assert_eq!(inputs_listed.len(), 3);
    assert!(inputs_listed.contains(&(z.to_string(), zip_sha)), "{inputs_listed:?}");
}

#[test]
fn bundle_limits_refuse_members_not_the_month() {
    use baocao::ingest::bundle::{open, BundleLimits, Entry};
    let big = vec![b'x'; 10_000];
    let small = b"tiny".to_vec();
    let bytes = zip_of(&[("a.xlsx", &big), ("b.xlsx", &small), ("c.xlsx", &big)]);
    let limits = BundleLimits { max_entries: 10, max_entry_bytes: 9_000, max_total_bytes: 1 << 20 };
    let entries = open("z.zip", &bytes, &limits).unwrap();
    let summary: Vec<(String, bool)> = entries
        .iter()
        .map(|e| match e {
            Entry::File(m) => (m.name.clone(), true),
            Entry::Refused(r) => (r.name.clone(), false),
        })
        .collect();
    assert_eq!(summary, [("a.xlsx".to_string(), false), ("b.xlsx".to_string(), true), ("c.xlsx".to_string(), false)]);
    let Entry::File(member) = &entries[1] else { unreachable!() };
    assert_eq!(member.modified, Some(date(2023, 5, 16).and_hms_opt(9, 30, 0).unwrap()));
    let tight = BundleLimits { max_entries: 2, ..limits };
    let err = open("z.zip", &bytes, &tight).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tệp nén «z.zip» chứa 3 mục, quá nhiều đối với báo cáo của một tháng (tối đa 2); không đọc, hãy đề nghị \
         đơn vị gửi riêng các tệp báo cáo"
    );
}

#[test]
fn a_zip_member_without_a_date_takes_the_entry_time() {
    let undated =
        xlsx(&["SỞ DU LỊCH", "BÁO CÁO tháng 5 năm 2023"], &[["Quảng bá du lịch", "Thường xuyên", "Đang thực hiện"]]);
    let dir = folder(&[("goi.zip", &zip_of(&[("BC SDL.xlsx", &undated)]))]);
    let ingested = read(dir.path());
    let r = report(&ingested, "goi.zip/BC SDL.xlsx");
    assert_eq!(r.agency, Some(crate::common::xlsx::agency_index("Sở Du lịch")));
    assert_eq!(r.modified, Some(date(2023, 5, 16).and_hms_opt(9, 30, 0).unwrap()));
    assert_eq!(r.report_date, Some(date(2023, 5, 16)));
    assert!(r.report_date_from_file_time);
    assert_eq!(r.tasks[0].source.file, "goi.zip/BC SDL.xlsx");
    assert_eq!(role_of(&ingested, "goi.zip"), Some(FileRole::Bundle));
}

#[test]
fn a_heading_over_a_word_table_gives_the_index_as_a_sheet_name_does() {
    let body = [
        p("SỞ TƯ PHÁP"),
        p("BÁO CÁO tháng 5 năm 2023"),
        p("Lào Cai, ngày 18 tháng 5 năm 2023"),
        p("2. Chỉ số hài lòng (SIPAS)"),
        tbl(&[
            tr(&[c("STT"), c("Nhiệm vụ"), c("Thời hạn"), c("Tình trạng")]),
            tr(&[c("1"), c("Khảo sát hài lòng"), c("30/6/2023"), c("Đang thực hiện")]),
            tr(&[tc(&span(4), &["III. PAPI"])]),
            tr(&[c("2"), c("Công khai ngân sách"), c("30/6/2023"), c("Đang thực hiện")]),
        ]),
        p("Ghi chú: số liệu đến ngày 14/5/2023"),
        tbl(&[
            tr(&[c("STT"), c("Nhiệm vụ"), c("Thời hạn"), c("Tình trạng")]),
            tr(&[c("1"), c("Rà soát văn bản"), c("30/9/2023"), c("Chưa thực hiện")]),
        ]),
    ]
    .concat();
    let dir = folder(&[("stp.docx", &docx(&body))]);
    let ingested = read(dir.path());
    let r = report(&ingested, "stp.docx");
    let got: Vec<(&str, Option<IndexKind>, &str, u32)> =
        r.tasks.iter().map(|t| (t.task.as_str(), t.index, t.source.sheet.as_str(), t.source.row)).collect();
    assert_eq!(
        got,
        [
            ("Khảo sát hài lòng", Some(IndexKind::Sipas), "Bảng 1", 2),
            ("Công khai ngân sách", Some(IndexKind::Papi), "Bảng 1", 4),
            ("Rà soát văn bản", None, "Bảng 2", 2),
        ]
    );
}

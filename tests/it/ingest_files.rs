//! The file layer of ingest: discovery and sniffing of the inputs folder, and reading
//! workbooks (xlsx, xls, ods) into grids, with every class of bad input.

use baocao::ingest::files::{discover, InputFile, InputKind, SkipReason};
use baocao::ingest::grid::{CellValue, SheetGrid};
use baocao::ingest::workbook::{read_workbook, read_workbook_with, ReadLimits, Workbook, WorkbookError};
use baocao::model::{FileRole, Severity};
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XlsxWriter};
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn date(y: i32, m: u32, d: u32) -> CellValue {
    CellValue::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

/// A report-like xlsx: title merged over A1:D1, a header row, a date, a number, a
/// bool, a legacy-font text cell, and a hidden second sheet whose data starts at C5.
fn sample_xlsx() -> Vec<u8> {
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.set_name("Báo cáo").unwrap();
    ws.merge_range(0, 0, 0, 3, "SỞ TƯ PHÁP", &Format::new()).unwrap();
    ws.write_string(2, 0, "STT").unwrap();
    ws.write_string(2, 1, "Nhiệm vụ").unwrap();
    ws.write_string(2, 2, "Thời hạn").unwrap();
    ws.write_number(3, 0, 1).unwrap();
    let vn = Format::new().set_font_name(".VnTime");
    ws.write_string_with_format(3, 1, "Rµ so¸t thñ tôc", &vn).unwrap();
    ws.write_datetime_with_format(
        3,
        2,
        ExcelDateTime::from_ymd(2023, 6, 30).unwrap(),
        &Format::new().set_num_format("dd/mm/yyyy"),
    )
    .unwrap();
    ws.write_number_with_format(3, 3, 0.85, &vn).unwrap();
    ws.write_boolean(4, 3, true).unwrap();
    let hidden = wb.add_worksheet();
    hidden.set_name("Ẩn").unwrap();
    hidden.write_string(4, 2, "bắt đầu ở C5").unwrap();
    hidden.set_hidden(true);
    wb.save_to_buffer().unwrap()
}

/// An xlsx written from raw worksheet XML (for content rust_xlsxwriter will not write).
fn raw_xlsx(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        book.push_str(&format!(r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), types),
        (
            "_rels/.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
        ),
        ("xl/workbook.xml".into(), book),
        ("xl/_rels/workbook.xml.rels".into(), rels),
    ];
    for (i, (_, data)) in sheets.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            ),
        ));
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An ods written by hand: mimetype first and stored, content.xml, manifest.
fn sample_ods() -> Vec<u8> {
    ods_with_tables(
        r#"<table:table table:name="PAPI">
<table:table-row><table:table-cell table:number-columns-spanned="4" office:value-type="string"><text:p>UBND HUYỆN BẢO THẮNG</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="50"><text:p>50</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2023-05-18"><text:p>18/05/2023</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="Hướng dẫn" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>ẩn</text:p></table:table-cell></table:table-row></table:table>"#,
    )
}

fn ods_with_tables(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
}

/// A folder holding the given files.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn input(dir: &Path, name: &str) -> InputFile {
    discover(dir).unwrap().into_iter().find(|f| f.name == name).unwrap()
}

fn read_one(name: &str, bytes: &[u8]) -> Result<Workbook, WorkbookError> {
    let dir = folder(&[(name, bytes)]);
    read_workbook(&input(dir.path(), name))
}

fn sheet<'a>(wb: &'a Workbook, name: &str) -> &'a SheetGrid {
    wb.sheets.iter().find(|s| s.name == name).unwrap()
}

/// Names, sizes, modification times and contents of everything in a folder.
fn snapshot(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            let content = if meta.is_file() { std::fs::read(e.path()).unwrap() } else { Vec::new() };
            (e.file_name().to_string_lossy().into_owned(), (meta.len(), meta.modified().unwrap(), content))
        })
        .collect()
}

#[test]
fn discovery_classifies_every_entry_and_changes_nothing() {
    let good = sample_xlsx();
    let mut truncated = good.clone();
    truncated.truncate(good.len() / 2);
    let dir = folder(&[
        ("BC T5 STP.xlsx", &good),
        ("~$BC T5 STP.xlsx", b"\x0bclerk lock"),
        (".~lock.BC huyen.ods#", b"lock"),
        ("desktop.ini", b"[.ShellClassInfo]"),
        ("Thumbs.db", b"\xd0\xcf"),
        (".DS_Store", b"\0\0\0\x01Bud1"),
        ("ghi-chu.txt", b"nho nhac don vi"),
        ("rong.xlsx", b""),
        ("web.xls", b"\xef\xbb\xbf<html><body><table><tr><td>1</td></tr></table></body></html>"),
        ("so-lieu.xlsx", b"STT,Nhiem vu,Thoi han\n1,Ra soat,30/6/2023\n"),
        ("ban-in.ods", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
        ("hong.xlsx", &truncated),
        ("rac.xlsx", &[0x13, 0x37, 0x00, 0xff, 0x80, 0x02, 0x00, 0x9c]),
        ("that-ra-xlsx.xls", &good),
        ("that-ra-xls.xlsx", &fixture("bao-cao.xls")),
        ("bang.ods", &sample_ods()),
        ("mat-khau.xlsx", &fixture("mat-khau.xlsx")),
    ]);
    std::fs::create_dir(dir.path().join("x.xlsx")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("BC T5 STP.xlsx"), dir.path().join("lien-ket.xlsx")).unwrap();
    let before = snapshot(dir.path());

    let files = discover(dir.path()).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let kinds: BTreeMap<&str, &InputKind> = files.iter().map(|f| (f.name.as_str(), &f.kind)).collect();
    let skip = |reason| InputKind::Skip { reason };
    let mut expected: BTreeMap<&str, InputKind> = BTreeMap::from([
        ("BC T5 STP.xlsx", InputKind::Xlsx),
        ("~$BC T5 STP.xlsx", skip(SkipReason::LockFile)),
        (".~lock.BC huyen.ods#", skip(SkipReason::LockFile)),
        ("desktop.ini", skip(SkipReason::SystemFile)),
        ("Thumbs.db", skip(SkipReason::SystemFile)),
        (".DS_Store", skip(SkipReason::SystemFile)),
        ("ghi-chu.txt", skip(SkipReason::NotAWorkbook)),
        ("rong.xlsx", skip(SkipReason::Empty)),
        ("web.xls", skip(SkipReason::Disguised { actual: "trang web HTML (thường do phần mềm xuất ra)" })),
        ("so-lieu.xlsx", skip(SkipReason::Disguised { actual: "tệp văn bản CSV" })),
        ("ban-in.ods", skip(SkipReason::Disguised { actual: "tệp PDF" })),
        ("hong.xlsx", InputKind::Xlsx),
        ("rac.xlsx", InputKind::Xlsx),
        ("that-ra-xlsx.xls", InputKind::Xlsx),
        ("that-ra-xls.xlsx", InputKind::Xls),
        ("bang.ods", InputKind::Ods),
        ("mat-khau.xlsx", InputKind::Xls),
        ("x.xlsx", skip(SkipReason::Directory)),
    ]);
    #[cfg(unix)]
    expected.insert("lien-ket.xlsx", skip(SkipReason::Symlink));
    assert_eq!(kinds, expected.iter().map(|(k, v)| (*k, v)).collect::<BTreeMap<_, _>>());

    let by_name = |n: &str| files.iter().find(|f| f.name == n).unwrap();
    assert_eq!(by_name("BC T5 STP.xlsx").size, good.len() as u64);
    assert!(by_name("BC T5 STP.xlsx").modified.is_some());
    assert_eq!(by_name("BC T5 STP.xlsx").skip(), None);
    assert_eq!(
        by_name("~$BC T5 STP.xlsx").skip(),
        Some((
            FileRole::Ignored,
            "«~$BC T5 STP.xlsx»: tệp khóa tạm của Excel/LibreOffice (sinh ra khi bảng tính đang mở), bỏ qua".into()
        ))
    );
    assert_eq!(
        by_name("ghi-chu.txt").skip(),
        Some((
            FileRole::Ignored,
            "«ghi-chu.txt»: không phải bảng tính (.xlsx, .xls, .ods), văn bản Word (.docx) hay tệp nén .zip, bỏ qua"
                .into()
        ))
    );
    assert_eq!(
        by_name("desktop.ini").skip(),
        Some((FileRole::Ignored, "«desktop.ini»: tệp hệ thống hoặc tệp ẩn, bỏ qua".into()))
    );
    assert_eq!(
        by_name("x.xlsx").skip(),
        Some((FileRole::Ignored, "«x.xlsx»: là một thư mục, không đọc các tệp bên trong thư mục con".into()))
    );
    #[cfg(unix)]
    assert_eq!(
        by_name("lien-ket.xlsx").skip(),
        Some((
            FileRole::Ignored,
            "«lien-ket.xlsx»: là liên kết tắt (symlink), không đọc: hãy chép chính tệp bảng tính vào thư mục đầu vào"
                .into()
        ))
    );
    assert_eq!(
        by_name("rong.xlsx").skip(),
        Some((
            FileRole::Unreadable,
            "«rong.xlsx»: tệp rỗng (0 byte), có thể gửi hoặc tải về bị lỗi; hãy đề nghị đơn vị gửi lại".into()
        ))
    );
    assert_eq!(
        by_name("web.xls").skip(),
        Some((
            FileRole::Unreadable,
            "«web.xls»: mang tên bảng tính nhưng thực chất là trang web HTML (thường do phần mềm xuất ra); \
             hãy mở bằng Excel rồi lưu lại dạng .xlsx (Tệp > Lưu thành > Sổ làm việc Excel), hoặc đề nghị \
             đơn vị gửi lại tệp Excel"
                .into()
        ))
    );
    let (role, message) = by_name("so-lieu.xlsx").skip().unwrap();
    assert_eq!(role, FileRole::Unreadable);
    assert!(message.starts_with("«so-lieu.xlsx»: mang tên bảng tính nhưng thực chất là tệp văn bản CSV;"), "{message}");
    assert_eq!(
        by_name("ban-in.ods").skip(),
        Some((
            FileRole::Unreadable,
            "«ban-in.ods»: mang tên bảng tính nhưng thực chất là tệp PDF; hãy đề nghị đơn vị gửi lại đúng tệp \
             bảng tính Excel (.xlsx)"
                .into()
        ))
    );

    // Reading every workbook (good and bad) leaves the folder exactly as it was.
    for f in files.iter().filter(|f| f.is_workbook()) {
        let _ = read_workbook(f);
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn discovery_of_a_missing_folder_names_it() {
    let err = discover(Path::new("/khong/co/thu-muc-nay")).unwrap_err();
    assert_eq!(err.to_string(), "không tìm thấy thư mục đầu vào «/khong/co/thu-muc-nay»");
    let dir = folder(&[("a.txt", b"x")]);
    let err = discover(&dir.path().join("a.txt")).unwrap_err();
    assert!(err.to_string().ends_with("a.txt» không phải là thư mục (cần thư mục chứa các bảng tính báo cáo)"));
}

#[test]
fn xlsx_grid_from_a1_with_merges_dates_fonts_and_hidden_sheets() {
    let wb = read_one("BC T5 STP.xlsx", &sample_xlsx()).unwrap();
    assert_eq!(wb.problems, vec![]);
    assert_eq!(
        wb.sheets.iter().map(|s| (s.name.as_str(), s.hidden)).collect::<Vec<_>>(),
        [("Báo cáo", false), ("Ẩn", true)]
    );
    let s = sheet(&wb, "Báo cáo");
    assert_eq!(s.cell(0, 0), &text("SỞ TƯ PHÁP"));
    assert_eq!(s.merged, vec![(0, 0, 0, 3)]);
    assert_eq!(s.cell(2, 1), &text("Nhiệm vụ"));
    assert_eq!(s.cell(3, 0), &CellValue::Number(1.0));
    assert_eq!(s.cell(3, 1), &text("Rµ so¸t thñ tôc"));
    assert_eq!(s.cell(3, 2), &date(2023, 6, 30));
    assert_eq!(s.cell(3, 3), &CellValue::Number(0.85));
    assert_eq!(s.cell(4, 3), &CellValue::Bool(true));
    assert_eq!(s.cell(1, 0), &CellValue::Empty);
    assert_eq!(s.rows.len(), 5);
    // Only text cells in a legacy font are recorded.
    assert_eq!(s.fonts.len(), 1);
    assert_eq!(s.font(3, 1), Some(".VnTime"));
    let hidden = sheet(&wb, "Ẩn");
    assert_eq!(hidden.rows.len(), 5);
    assert_eq!(hidden.cell(4, 2), &text("bắt đầu ở C5"));
    assert_eq!(hidden.rows[4].len(), 3);
}

/// A font is recorded for a text cell exactly when decoding would use it
/// (`normalize::legacy::font_encoding`): the reader and the decoder never disagree on
/// which fonts are legacy. `Vn` alone and a `… Unicode` font are not.
#[test]
fn xlsx_records_only_fonts_that_name_a_legacy_encoding() {
    let fonts = [".VnTime", ".VnTimeH", "VNI-Times", "VnArial", "VnTime Unicode", "Vn", "Times New Roman"];
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    for (row, font) in fonts.iter().enumerate() {
        ws.write_string_with_format(row as u32, 0, "Së T− ph¸p", &Format::new().set_font_name(*font)).unwrap();
    }
    let wb = read_one("fonts.xlsx", &wb.save_to_buffer().unwrap()).unwrap();
    let s = &wb.sheets[0];
    let recorded: Vec<Option<&str>> = (0..fonts.len()).map(|r| s.font(r, 0)).collect();
    assert_eq!(recorded, [Some(".VnTime"), Some(".VnTimeH"), Some("VNI-Times"), Some("VnArial"), None, None, None]);
}

#[test]
fn new_excel_error_values_do_not_lose_the_sheet() {
    let bytes = raw_xlsx(&[
        (
            "Tổng hợp",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Nhiệm vụ</t></is></c><c r="B1" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>Rà soát</t></is></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2" t="e"><f>LAMBDA(x,x)</f><v>#CALC!</v></c></row>
<row r="3"><c r="A3"><v>42</v></c><c r="D3" t="e"><v>#GETTING_DATA</v></c></row>"#,
        ),
        ("Khác", r#"<row r="2"><c r="B2" t="inlineStr"><is><t>nguyên vẹn</t></is></c></row>"#),
    ]);
    // calamine alone loses the whole sheet over these cells.
    let mut plain: calamine::Xlsx<_> = calamine::Reader::new(Cursor::new(bytes.clone())).unwrap();
    assert!(calamine::Reader::worksheet_range(&mut plain, "Tổng hợp").is_err());
    let wb = read_one("BC T5 Y te.xlsx", &bytes).unwrap();
    let s = sheet(&wb, "Tổng hợp");
    assert_eq!(s.cell(0, 0), &text("Nhiệm vụ"));
    assert_eq!(s.cell(0, 1), &CellValue::Error("#SPILL!".into()));
    assert_eq!(s.cell(1, 0), &text("Rà soát"));
    assert_eq!(s.cell(1, 1), &CellValue::Error("#N/A".into()));
    assert_eq!(s.cell(1, 2), &CellValue::Error("#CALC!".into()));
    assert_eq!(s.cell(2, 0), &CellValue::Number(42.0));
    assert_eq!(s.cell(2, 3), &CellValue::Error("#GETTING_DATA".into()));
    assert_eq!(sheet(&wb, "Khác").cell(1, 1), &text("nguyên vẹn"));
    let cells: Vec<(Option<&str>, Option<&str>, Severity)> =
        wb.problems.iter().map(|p| (p.sheet.as_deref(), p.cell.as_deref(), p.severity)).collect();
    assert_eq!(
        cells,
        [
            (Some("Tổng hợp"), Some("B1"), Severity::Warning),
            (Some("Tổng hợp"), Some("C2"), Severity::Warning),
            (Some("Tổng hợp"), Some("D3"), Severity::Warning),
        ]
    );
    assert!(wb.problems.iter().all(|p| p.file == "BC T5 Y te.xlsx"));
    assert_eq!(
        wb.problems[0].message,
        "ô B1 của trang «Tổng hợp» trong tệp «BC T5 Y te.xlsx» có giá trị lỗi #SPILL! (lỗi công thức của Excel mới), \
         được coi là ô lỗi; phần còn lại của trang vẫn được đọc"
    );
}

#[test]
fn sixty_thousand_rows_are_read() {
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "STT").unwrap();
    ws.write_string(0, 1, "Nhiệm vụ").unwrap();
    for r in 1..=60_000u32 {
        ws.write_number(r, 0, r as f64).unwrap();
        ws.write_string(r, 1, "Rà soát, cập nhật thủ tục hành chính").unwrap();
    }
    let wb = read_one("lon.xlsx", &wb.save_to_buffer().unwrap()).unwrap();
    let s = &wb.sheets[0];
    assert_eq!(s.rows.len(), 60_001);
    assert_eq!(s.cell(60_000, 0), &CellValue::Number(60_000.0));
    assert_eq!(s.cell(60_000, 1), &text("Rà soát, cập nhật thủ tục hành chính"));
}

/// A worksheet of `size` bytes of highly compressible, valid XML.
fn bomb_sheet(size: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/workbook.xml", options).unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(b"<worksheet><sheetData>").unwrap();
    let chunk = b"<row><c><v>1</v></c></row>".repeat(4096);
    let mut written = 0;
    while written < size {
        zip.write_all(&chunk).unwrap();
        written += chunk.len();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused_by_its_declared_size() {
    let bytes = bomb_sheet(3 * 1024 * 1024);
    assert!(bytes.len() < 100 * 1024, "compressed to {} bytes", bytes.len());
    let dir = folder(&[("bom.xlsx", &bytes)]);
    let limits = ReadLimits { max_inflated_bytes: 1024 * 1024, ..ReadLimits::default() };
    let err = read_workbook_with(&input(dir.path(), "bom.xlsx"), &limits).unwrap_err();
    assert!(matches!(err, WorkbookError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «bom.xlsx» quá lớn: khi giải nén sẽ chiếm hơn 3 MiB (phần «xl/worksheets/sheet1.xml»), vượt giới hạn 1 MiB; \
         không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)"
    );
}

/// Overwrites the 4-byte little-endian field at `offset` of every header with `signature`
/// whose file name is `name`.
fn patch_declared_size(bytes: &mut [u8], name: &[u8], new_size: u32) {
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let sig = &bytes[i..i + 4];
        let (size_at, name_len_at, name_at) = match sig {
            b"PK\x03\x04" => (22, 26, 30),
            b"PK\x01\x02" => (24, 28, 46),
            _ => {
                i += 1;
                continue;
            }
        };
        if i + name_at > bytes.len() {
            break;
        }
        let len = u16::from_le_bytes([bytes[i + name_len_at], bytes[i + name_len_at + 1]]) as usize;
        if bytes.get(i + name_at..i + name_at + len) == Some(name) {
            bytes[i + size_at..i + size_at + 4].copy_from_slice(&new_size.to_le_bytes());
        }
        i += 4;
    }
}

#[test]
fn a_zip_lying_about_its_size_is_refused_while_inflating() {
    let mut bytes = bomb_sheet(2 * 1024 * 1024);
    patch_declared_size(&mut bytes, b"xl/worksheets/sheet1.xml", 1000);
    let dir = folder(&[("noi-doi.xlsx", &bytes)]);
    let err = read_workbook(&input(dir.path(), "noi-doi.xlsx")).unwrap_err();
    assert!(matches!(err, WorkbookError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «noi-doi.xlsx» quá lớn: phần «xl/worksheets/sheet1.xml» giải nén ra nhiều hơn kích thước khai báo \
         (1000 byte), đã dừng giải nén; không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)"
    );
}

#[test]
fn too_many_cells_or_rows_are_refused_with_a_message() {
    let rows: String = (1..=30).map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#)).collect();
    let bytes = raw_xlsx(&[("Lớn", &rows), ("Nhỏ", r#"<row r="1"><c r="A1"><v>1</v></c></row>"#)]);
    let dir = folder(&[("nhieu-o.xlsx", &bytes)]);
    let limits = ReadLimits { max_cells: 20, ..ReadLimits::default() };
    let wb = read_workbook_with(&input(dir.path(), "nhieu-o.xlsx"), &limits).unwrap();
    assert_eq!(wb.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Nhỏ"]);
    assert_eq!(wb.problems.len(), 1);
    assert_eq!(wb.problems[0].severity, Severity::Error);
    assert_eq!(
        wb.problems[0].message,
        "không đọc được trang «Lớn» của tệp «nhieu-o.xlsx», bỏ qua trang này: có hơn 20 ô dữ liệu, quá lớn đối với một báo cáo"
    );
    let limits = ReadLimits { max_rows: 10, ..ReadLimits::default() };
    let only = raw_xlsx(&[("Lớn", &rows)]);
    let dir = folder(&[("nhieu-dong.xlsx", &only)]);
    let err = read_workbook_with(&input(dir.path(), "nhieu-dong.xlsx"), &limits).unwrap_err();
    assert!(matches!(err, WorkbookError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «nhieu-dong.xlsx» quá lớn: trang «Lớn»: có dữ liệu ở ô A11 nằm ngoài giới hạn 10 dòng × 16384 cột; \
         không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)"
    );
}

#[test]
fn xls_fixture_is_read_with_merges_dates_and_hidden_sheet() {
    let wb = read_one("BC T5 STP.xls", &fixture("bao-cao.xls")).unwrap();
    assert_eq!(
        wb.sheets.iter().map(|s| (s.name.as_str(), s.hidden)).collect::<Vec<_>>(),
        [("Báo cáo", false), ("An", true)]
    );
    let s = sheet(&wb, "Báo cáo");
    assert_eq!(s.cell(0, 0), &text("SỞ TƯ PHÁP"));
    assert_eq!(s.merged, vec![(0, 0, 0, 3)]);
    assert_eq!(s.cell(2, 1), &text("Nhiệm vụ"));
    assert_eq!(s.cell(3, 1), &text("Rà soát thủ tục hành chính"));
    assert_eq!(s.cell(3, 2), &date(2023, 6, 30));
    assert_eq!(s.cell(3, 3), &CellValue::Number(85.0));
    assert_eq!(sheet(&wb, "An").cell(0, 0), &text("ẩn"));
}

#[test]
fn real_format_wins_over_the_extension() {
    let as_xls = read_one("that-ra-xlsx.xls", &sample_xlsx()).unwrap();
    assert_eq!(sheet(&as_xls, "Báo cáo").cell(3, 2), &date(2023, 6, 30));
    let as_xlsx = read_one("that-ra-xls.xlsx", &fixture("bao-cao.xls")).unwrap();
    assert_eq!(sheet(&as_xlsx, "Báo cáo").cell(3, 2), &date(2023, 6, 30));
}

#[test]
fn ods_is_read() {
    let wb = read_one("BC huyen.ods", &sample_ods()).unwrap();
    let s = sheet(&wb, "PAPI");
    assert!(!s.hidden);
    assert!(sheet(&wb, "Hướng dẫn").hidden);
    assert_eq!(sheet(&wb, "Hướng dẫn").cell(0, 0), &text("ẩn"));
    assert_eq!(s.merged, vec![(0, 0, 0, 3)]);
    assert_eq!(s.rows.len(), 2);
    assert_eq!(s.cell(0, 0), &text("UBND HUYỆN BẢO THẮNG"));
    assert_eq!(s.cell(1, 2), &CellValue::Number(50.0));
    assert_eq!(s.cell(1, 3), &date(2023, 5, 18));
    assert_eq!(s.cell(1, 0), &CellValue::Empty);
}

#[test]
fn ods_with_millions_of_repeated_cells_is_refused_before_expanding() {
    let bytes = ods_with_tables(
        r#"<table:table table:name="Bom"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
    );
    assert!(bytes.len() < 2000);
    let err = read_one("bom.ods", &bytes).unwrap_err();
    assert!(matches!(err, WorkbookError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «bom.ods» quá lớn: trang «Bom» khi mở rộng các dòng, cột lặp lại sẽ chiếm 100000000 ô (đến ô CV1000000), \
         vượt giới hạn 5000000 ô, 1048576 dòng × 16384 cột; không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)"
    );
}

/// Found running real-world test files through `baocao run`: an ods whose content.xml is
/// indented (whitespace between the cells of a row, as odfpy's examples are written) was
/// called broken, with calamine's English parser message.
#[test]
fn ods_with_indented_content_is_read() {
    let bytes = ods_with_tables(
        "<table:table table:name=\"Sheet1\">\n <table:table-column/>\n <table:table-row>\n  \
         <table:table-cell office:value-type=\"string\">\n   <text:p>Nhiệm vụ a</text:p>\n  </table:table-cell>\n  \
         <table:table-cell office:value-type=\"float\" office:value=\"4\">\n   <text:p>4</text:p>\n  </table:table-cell>\n \
         </table:table-row>\n <table:table-row>\n  <table:table-cell/>\n  \
         <table:table-cell office:value-type=\"float\" office:value=\"7\"><text:p>7</text:p></table:table-cell>\n \
         </table:table-row>\n</table:table>",
    );
    let wb = read_one("thut-dong.ods", &bytes).unwrap();
    let s = sheet(&wb, "Sheet1");
    assert_eq!(s.cell(0, 0), &text("Nhiệm vụ a"));
    assert_eq!(s.cell(0, 1), &CellValue::Number(4.0));
    assert_eq!(s.cell(1, 1), &CellValue::Number(7.0));
}

/// An ods saved with a password (LibreOffice: manifest entries with `encryption-data`,
/// content.xml is ciphertext) is a password problem, not a broken file.
#[test]
fn ods_with_password_is_named_as_such() {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="9963"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AA=="><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AA=="/></manifest:encryption-data></manifest:file-entry>
</manifest:manifest>"#;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(&[0x8f, 0xc3, 0x28, 0xa1, 0x00, 0xfe, 0x13, 0x37]).unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let err = read_one("mat-khau.ods", &bytes).unwrap_err();
    assert!(matches!(err, WorkbookError::Encrypted { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «mat-khau.ods» được đặt mật khẩu nên không đọc được: hãy đề nghị đơn vị gửi lại bản không đặt mật khẩu"
    );
}

/// xlrd's BIFF4 sample was called «not a spreadsheet, content not recognised»: an Excel
/// 2.x–4.0 file (a bare BIFF stream) is named as an old Excel file.
#[test]
fn old_biff4_xls_is_named_old_excel() {
    // BOF (0x0409, 6 bytes: BIFF4 worksheet) then EOF.
    let bytes = [0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00];
    let err = read_one("cu.xls", &bytes).unwrap_err();
    assert!(matches!(err, WorkbookError::OldExcel { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «cu.xls» là bảng tính Excel đời cũ (Excel 2.x–4.0, trước năm 1993) nên không đọc được; \
         hãy đề nghị đơn vị mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại"
    );
}

#[test]
fn encrypted_workbook_names_the_file_and_the_password() {
    let err = read_one("mat-khau.xlsx", &fixture("mat-khau.xlsx")).unwrap_err();
    assert!(matches!(err, WorkbookError::Encrypted { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "tệp «mat-khau.xlsx» được đặt mật khẩu nên không đọc được: hãy đề nghị đơn vị gửi lại bản không đặt mật khẩu"
    );
}

#[test]
fn broken_files_get_a_vietnamese_error_naming_them() {
    let good = sample_xlsx();
    let err = read_one("hong.xlsx", &good[..good.len() / 2]).unwrap_err();
    assert!(matches!(err, WorkbookError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().starts_with("tệp «hong.xlsx» bị hỏng hoặc không trọn vẹn"), "{err}");

    let err = read_one("rac.xlsx", &[0x13, 0x37, 0x00, 0xff, 0x80, 0x02, 0x00, 0x9c]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tệp «rac.xlsx» không phải bảng tính Excel/OpenDocument (nội dung không nhận ra được); \
         hãy đề nghị đơn vị gửi lại tệp .xlsx"
    );

    let mut docx = ZipWriter::new(Cursor::new(Vec::new()));
    docx.start_file("[Content_Types].xml", SimpleFileOptions::default()).unwrap();
    docx.write_all(b"<Types/>").unwrap();
    docx.start_file("word/document.xml", SimpleFileOptions::default()).unwrap();
    docx.write_all(b"<w:document/>").unwrap();
    let err = read_one("van-ban.xlsx", &docx.finish().unwrap().into_inner()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tệp «van-ban.xlsx» không phải bảng tính Excel/OpenDocument (tài liệu Word .docx); \
         hãy đề nghị đơn vị gửi lại tệp .xlsx"
    );
}

#[test]
fn skipped_and_disguised_entries_refuse_to_be_read() {
    let dir = folder(&[("rong.xlsx", b""), ("web.xls", b"<!DOCTYPE html><html><table></table></html>")]);
    let err = read_workbook(&input(dir.path(), "rong.xlsx")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tệp «rong.xlsx» không được đọc: tệp rỗng (0 byte), có thể gửi hoặc tải về bị lỗi; hãy đề nghị đơn vị gửi lại"
    );
    // A file that changed after discovery is judged by what it holds now.
    let mut web = input(dir.path(), "web.xls");
    web.kind = InputKind::Xls;
    let err = read_workbook(&web).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tệp «web.xls» mang tên bảng tính nhưng thực chất là trang web HTML (thường do phần mềm xuất ra); \
         hãy mở bằng Excel rồi lưu lại dạng .xlsx (Tệp > Lưu thành > Sổ làm việc Excel), hoặc đề nghị đơn vị gửi \
         lại tệp Excel"
    );
    assert!(SkipReason::Disguised { actual: "tệp PDF" }.is_error());
    assert!(SkipReason::TooLarge.is_error());
    assert!(!SkipReason::LockFile.is_error());
    assert!(!SkipReason::Symlink.is_error());
}

#[test]
fn workbooks_read_in_parallel_give_the_same_grids() {
    use rayon::prelude::*;
    let xlsx = sample_xlsx();
    let ods = sample_ods();
    let xls = fixture("bao-cao.xls");
    let dir = folder(&[("a.xlsx", &xlsx), ("b.ods", &ods), ("c.xls", &xls), ("d.xlsx", &xlsx)]);
    let files = discover(dir.path()).unwrap();
    let sequential: Vec<Workbook> = files.iter().map(|f| read_workbook(f).unwrap()).collect();
    let parallel: Vec<Workbook> = files.par_iter().map(|f| read_workbook(f).unwrap()).collect();
    assert_eq!(sequential, parallel);
    assert_eq!(sequential[0], sequential[3]);
}

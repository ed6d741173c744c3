//! The monthly cycle through the built binary: a previous month in the archive →
//! `baocao form` (one pre-filled, validated, identified form per agency) → forms filled in
//! the way agencies do (statuses, dates, a new task, a deleted task, re-sorted rows, blank
//! rows), renamed → `baocao run` reads them exactly and names the dropped task.

use crate::common::docx::docx_paragraph_texts;
use baocao::archive::{ManifestInfo, MonthArchive};
use baocao::config::Config;
use baocao::model::{MonthModel, Period};
use calamine::{Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Output};

const A: &str = "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh";
const B: &str = "Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch";
const C: &str = "Tuyên truyền, phổ biến pháp luật về dân chủ ở cơ sở";
const D: &str = "Niêm yết số điện thoại đường dây nóng tại Bộ phận Một cửa";
const E: &str = "Khảo sát ý kiến người dân về chất lượng dịch vụ công lĩnh vực tư pháp";
const F: &str = "Công khai dự toán ngân sách năm 2023 trên Cổng thông tin điện tử";
const G: &str = "Kiểm tra công tác CCHC tại các phòng thuộc Sở";
const H: &str = "Đẩy mạnh thanh toán trực tuyến phí, lệ phí thủ tục hành chính";
const S: &str = "Triển khai hồ sơ sức khỏe điện tử";
const NEW: &str = "Lắp đặt máy lấy số tự động tại Bộ phận Một cửa";
const NEW2: &str = "Ứng dụng chữ ký số trong gửi, nhận văn bản điện tử";

fn baocao(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().expect("run baocao")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[allow(clippy::too_many_arguments)]
fn task(
    agency: &str,
    index: &str,
    area: Option<&str>,
    text: &str,
    deadline: Option<&str>,
    deadline_text: Option<&str>,
    status: &str,
    row: u32,
) -> Value {
    json!({
        "agency": agency, "index": index, "area": area, "task": text, "deadline": deadline,
        "deadline_text": deadline_text, "status": status,
        "completed_on": if status == "done" { Some("2023-05-10") } else { None },
        "progress_pct": null, "result": null, "issues": null, "proposals": null, "note": null,
        "source": { "file": "bc.xlsx", "sheet": "Sheet1", "row": row }
    })
}

fn agency(name: &str, code: &str, submission: &str, total: u32) -> Value {
    json!({
        "name": name, "code": code, "submission": submission,
        "report_date": if submission == "missing" { None } else { Some("2023-05-18") },
        "report_date_from_file_time": false, "file": if submission == "missing" { None } else { Some("bc.xlsx") },
        "counts": { "done": 0, "done_late": 0, "overdue": 0, "in_progress": 0, "not_started": 0, "recurring": 0 },
        "total": total
    })
}

/// May 2023 as `baocao run` would have archived it: four agencies, their tasks.
fn seed_may(output: &Path) {
    let tasks = vec![
        task(
            "Sở Tư pháp",
            "PAR_INDEX",
            Some("Cải cách thể chế"),
            A,
            Some("2023-06-30"),
            Some("30/06/2023"),
            "in_progress",
            10,
        ),
        task(
            "Sở Tư pháp",
            "PAR_INDEX",
            Some("Cải cách TTHC"),
            B,
            Some("2023-04-30"),
            Some("30/04/2023"),
            "overdue",
            11,
        ),
        task("Sở Tư pháp", "PAPI", None, C, None, Some("Thường xuyên"), "recurring", 12),
        task("Sở Tư pháp", "SIPAS", None, D, Some("2023-05-14"), Some("14/05/2023"), "done", 13),
        task("Sở Tư pháp", "SIPAS", None, E, Some("2023-09-30"), Some("Quý III/2023"), "not_started", 14),
        task(
            "Sở Tài chính",
            "PAR_INDEX",
            Some("Cải cách tài chính công"),
            F,
            Some("2023-09-30"),
            Some("30/09/2023"),
            "in_progress",
            10,
        ),
        task("Sở Tài chính", "PAR_INDEX", None, G, Some("2023-05-10"), Some("10/05/2023"), "done", 11),
        task(
            "Huyện Bảo Thắng",
            "PAPI",
            Some("Thủ tục hành chính công"),
            H,
            Some("2023-12-31"),
            Some("31/12/2023"),
            "in_progress",
            9,
        ),
        task("Sở Y tế", "SIPAS", None, S, Some("2023-12-31"), Some("31/12/2023"), "in_progress", 9),
    ];
    let model = json!({
        "period": "2023-05", "period_start": "2023-04-15", "period_end": "2023-05-14", "agency_due": "2023-05-19",
        "agencies": [
            agency("Sở Tư pháp", "STP", "on_time", 5), agency("Sở Tài chính", "STC", "late", 2),
            agency("Huyện Bảo Thắng", "BT", "on_time", 1), agency("Sở Y tế", "SYT", "on_time", 1),
            agency("Sở Nội vụ", "SNV", "missing", 0),
        ],
        "tasks": tasks, "files": [], "problems": []
    });
    let model: MonthModel = serde_json::from_value(model).unwrap();
    let archive = MonthArchive::open(output, Period::new(2023, 5).unwrap()).unwrap();
    let mut run = archive.begin_run().unwrap();
    run.write("tong-hop.json", &serde_json::to_vec_pretty(&model).unwrap()).unwrap();
    run.commit(&ManifestInfo { config: &Config::default_config(), date: None, inputs_dir: None }).unwrap();
}

fn zip_entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        out.insert(f.name().unwrap().to_string(), buf);
    }
    out
}

fn zip_from(entries: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn xml(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(entries[name].clone()).unwrap()
}

/// Rows of a sheet (`Báo cáo` of the form) as calamine reads them.
fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; c0 as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    rows
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::DateTime(_) => d.as_date().unwrap().format("%d/%m/%Y").to_string(),
        other => other.to_string(),
    }
}

/// A cell an agency types.
enum V<'a> {
    T(&'a str),
    N(f64),
    D(u32, u32, u32),
}

fn col_letter(c: usize) -> char {
    (b'A' + c as u8) as char
}

fn cell_xml(r: u32, c: usize, v: &V<'_>, date_style: &str) -> String {
    let at = format!("{}{r}", col_letter(c));
    match v {
        V::T(t) => format!(r#"<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>"#),
        V::N(n) => format!(r#"<c r="{at}"><v>{n}</v></c>"#),
        V::D(y, m, d) => {
            let serial = (NaiveDate::from_ymd_opt(*y as i32, *m, *d).unwrap()
                - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
            .num_days();
            format!(r#"<c r="{at}" s="{date_style}"><v>{serial}</v></c>"#)
        }
    }
}

/// Fills a form the way an agency does, by rewriting its sheet XML: the report date in
/// the cell right of `Ngày báo cáo:` (row 6) and the table body from row 9 (`rows[i]` is
/// row 9 + i, an empty vector a blank row). Columns: 0 STT … 10 Đề xuất, kiến nghị.
fn fill(form: &[u8], report_date: (u32, u32, u32), rows: &[Vec<(usize, V<'_>)>]) -> Vec<u8> {
    let mut entries = zip_entries(form);
    let sheet = xml(&entries, "xl/worksheets/sheet1.xml");
    let date_style = {
        let at = sheet.find(r#"<c r="B6" s=""#).expect("report date cell");
        let rest = &sheet[at + r#"<c r="B6" s=""#.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    let (open, close) = (sheet.find("<sheetData>").unwrap() + "<sheetData>".len(), sheet.find("</sheetData>").unwrap());
    let mut kept = Vec::new();
    let mut rest = &sheet[open..close];
    while let Some(start) = rest.find("<row ") {
        let end = rest[start..].find("</row>").map(|e| start + e + "</row>".len()).unwrap();
        let row = &rest[start..end];
        let r: u32 = row["<row r=\"".len()..].split('"').next().unwrap().parse().unwrap();
        if r < 6 || r == 7 || r == 8 {
            kept.push((r, row.to_string()));
        }
        rest = &rest[end..];
    }
    let (y, m, d) = report_date;
    kept.push((
        6,
        format!(
            "<row r=\"6\">{}{}</row>",
            cell_xml(6, 0, &V::T("Ngày báo cáo:"), &date_style),
            cell_xml(6, 1, &V::D(y, m, d), &date_style)
        ),
    ));
    for (i, cells) in rows.iter().enumerate() {
        let r = 9 + i as u32;
        let body: String = cells.iter().map(|(c, v)| cell_xml(r, *c, v, &date_style)).collect();
        kept.push((r, format!("<row r=\"{r}\">{body}</row>")));
    }
    kept.sort_by_key(|(r, _)| *r);
    let data: String = kept.into_iter().map(|(_, x)| x).collect();
    let new_sheet = format!("{}{}{}", &sheet[..open], data, &sheet[close..]);
    entries.insert("xl/worksheets/sheet1.xml".into(), new_sheet.into_bytes());
    zip_from(&entries)
}

fn form_bytes(forms: &Path, code: &str) -> Vec<u8> {
    let name = std::fs::read_dir(forms)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(&format!("{code} - ")) && n.ends_with(".xlsx"))
        .unwrap_or_else(|| panic!("no form for {code}"));
    std::fs::read(forms.join(name)).unwrap()
}

#[test]
fn forms_are_prefilled_validated_and_identified() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    seed_may(&out);
    let stdout = ok(baocao(tmp.path(), &["form", "--month", "2023-06", "--output", "output", "--date", "2023-06-01"]));
    assert!(stdout.contains("Đã lập 29 biểu mẫu báo cáo tháng 06/2023"), "{stdout}");
    let forms = out.join("bieu-mau/2023-06");
    let config = Config::default_config();
    let mut xlsx: Vec<String> = std::fs::read_dir(&forms)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    xlsx.sort();
    let mut expected: Vec<String> =
        config.agencies.iter().map(|a| format!("{} - {} - T06-2023.xlsx", a.code, a.name)).collect();
    expected.sort();
    assert_eq!(xlsx, expected);
    assert!(forms.join("cong-van-de-nghi-bao-cao.pdf").is_file());
    assert!(forms.join("v001").join("STP - Sở Tư pháp - T06-2023.xlsx").is_file());

    // Pre-fill: exactly the agency's open tasks of May, in order; deadlines as dates or text.
    let stp = form_bytes(&forms, "STP");
    let rows = sheet_rows(&stp, "Báo cáo");
    let line = |r: usize| rows[r].iter().take(11).map(text).collect::<Vec<_>>();
    assert_eq!(text(&rows[0][0]), "SỞ TƯ PHÁP");
    assert_eq!(text(&rows[1][0]), "BÁO CÁO");
    assert_eq!(
        text(&rows[2][0]),
        "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 6 năm 2023"
    );
    assert_eq!(text(&rows[3][0]), "(Số liệu từ ngày 15/05/2023 đến ngày 14/06/2023)");
    assert_eq!(text(&rows[4][0]), "Hạn gửi báo cáo: trước ngày 20/06/2023");
    assert_eq!((text(&rows[5][0]), text(&rows[5][1])), ("Ngày báo cáo:".to_string(), String::new()));
    assert_eq!(
        line(7),
        [
            "STT",
            "Chỉ số",
            "Lĩnh vực",
            "Nội dung nhiệm vụ",
            "Thời hạn",
            "Tình trạng",
            "Ngày hoàn thành",
            "Tiến độ (%)",
            "Kết quả thực hiện",
            "Khó khăn, vướng mắc",
            "Đề xuất, kiến nghị"
        ]
    );
    let blank6 = ["", "", "", "", "", ""].map(String::from);
    let prefilled = |r: usize| line(r)[..5].to_vec();
    assert_eq!(prefilled(8), ["1", "PAR INDEX", "Cải cách thể chế", A, "30/06/2023"]);
    assert_eq!(prefilled(9), ["2", "PAR INDEX", "Cải cách TTHC", B, "30/04/2023"]);
    assert_eq!(prefilled(10), ["3", "PAPI", "", C, "Thường xuyên"]);
    assert_eq!(prefilled(11), ["4", "SIPAS", "", E, "30/09/2023"]);
    for r in 8..12 {
        assert_eq!(line(r)[5..], blank6, "status and results are left to the agency (row {})", r + 1);
    }
    assert_eq!(rows.len(), 12, "nothing with a value below the pre-filled rows");
    let syt = sheet_rows(&form_bytes(&forms, "SYT"), "Báo cáo");
    assert_eq!(text(&syt[8][3]), S);
    assert_eq!(syt.len(), 9, "one open task");
    assert_eq!(sheet_rows(&form_bytes(&forms, "VP"), "Báo cáo").len(), 8, "no May report: nothing pre-filled");

    // Validations, protection, identity in the XML parts.
    let parts = zip_entries(&stp);
    let sheet = xml(&parts, "xl/worksheets/sheet1.xml");
    for needle in [
        r#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Chỉ số không đúng" error="Hãy chọn PAR INDEX, SIPAS hoặc PAPI trong danh sách." promptTitle="Chỉ số" prompt="Chọn chỉ số của nhiệm vụ: PAR INDEX, SIPAS hoặc PAPI." sqref="B9:B62"><formula1>"PAR INDEX,SIPAS,PAPI"</formula1>"#,
        r#"sqref="F9:F62"><formula1>"Đã hoàn thành,Đang thực hiện,Chưa thực hiện,Thường xuyên"</formula1>"#,
        r#"<dataValidation type="date" errorStyle="warning" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Ngày không đúng""#,
        r#"promptTitle="Thời hạn""#,
        r#"sqref="E9:E62"><formula1>36526</formula1><formula2>73415</formula2>"#,
        r#"promptTitle="Ngày hoàn thành""#,
        r#"sqref="G9:G62"><formula1>36526</formula1><formula2>73415</formula2>"#,
        r#"<dataValidation type="whole" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Tiến độ không đúng""#,
        r#"sqref="H9:H62"><formula1>0</formula1><formula2>100</formula2>"#,
        r#"promptTitle="Ngày báo cáo""#,
        r#"sqref="B6"><formula1>36526</formula1>"#,
    ] {
        assert!(sheet.contains(needle), "missing {needle}");
    }
    // Then 50 empty rows, open for new tasks: cells written blank with the open format.
    assert!(sheet.contains(r#"<row r="62""#) && !sheet.contains(r#"<row r="63""#));
    let row62 = &sheet[sheet.find(r#"<row r="62""#).unwrap()..];
    let row62 = &row62[..row62.find("</row>").unwrap()];
    assert_eq!(row62.matches("<c r=").count(), 11);
    assert!(!row62.contains("<v>"), "{row62}");
    let protection = &sheet[sheet.find("<sheetProtection").expect("sheet protected")..];
    let protection = &protection[..protection.find("/>").unwrap()];
    assert!(!protection.contains("password"), "{protection}");
    for allowed in ["insertRows=\"0\"", "deleteRows=\"0\"", "sort=\"0\""] {
        assert!(protection.contains(allowed), "{protection}");
    }
    let styles = xml(&parts, "xl/styles.xml");
    assert!(styles.contains(r#"<protection locked="0"/>"#), "data cells are open");
    let workbook = xml(&parts, "xl/workbook.xml");
    assert!(workbook.contains(r#"<sheet name="Báo cáo" sheetId="1" r:id="rId1"/>"#), "{workbook}");
    assert!(workbook.contains(r#"<sheet name="Hướng dẫn" sheetId="2" r:id="rId2"/>"#), "{workbook}");
    assert!(workbook.contains(r#"<sheet name="baocao" sheetId="3" state="hidden" r:id="rId3"/>"#), "{workbook}");
    let custom = xml(&parts, "docProps/custom.xml");
    assert!(custom.contains(r#"name="baocao-bieu-mau"><vt:lpwstr>STP 2023-06</vt:lpwstr>"#), "{custom}");
    let id = sheet_rows(&stp, "baocao");
    assert_eq!(
        id.iter().map(|r| r.iter().map(text).collect::<Vec<_>>()).collect::<Vec<_>>(),
        [
            vec!["baocao-bieu-mau".to_string(), String::new()],
            vec!["agency_code".into(), "STP".into()],
            vec!["period".into(), "2023-06".into()],
            vec!["agency".into(), "Sở Tư pháp".into()]
        ]
    );
    let help = sheet_rows(&stp, "Hướng dẫn");
    assert_eq!(text(&help[0][0]), "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO THÁNG 06/2023");

    // The covering letter: every agency but the issuer itself, districts through their UBND.
    let letter = docx_paragraph_texts(&std::fs::read(forms.join("cong-van-de-nghi-bao-cao.docx")).unwrap());
    let all = letter.join("\n");
    assert!(
        all.contains("V/v báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 6 năm 2023"),
        "{all}"
    );
    assert!(all.contains("- Sở Tư pháp;"), "{all}");
    assert!(all.contains("- UBND huyện Bảo Thắng;"), "{all}");
    assert!(!all.contains("- Sở Nội vụ;"), "{all}");
    assert!(all.contains("trước ngày 20 tháng 6 năm 2023"), "{all}");

    // A second run is a new version; the first set stays.
    ok(baocao(tmp.path(), &["form", "--month", "2023-06", "--output", "output"]));
    assert!(forms.join("v002").join("STP - Sở Tư pháp - T06-2023.xlsx").is_file());
    assert!(forms.join("v001").join("STP - Sở Tư pháp - T06-2023.xlsx").is_file());
}

#[test]
fn returned_forms_are_read_exactly_and_dropped_tasks_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    seed_may(&out);
    ok(baocao(tmp.path(), &["form", "--month", "2023-06", "--output", "output"]));
    let forms = out.join("bieu-mau/2023-06");
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    use V::*;
    // Sở Tư pháp: rows re-sorted, blank rows in the middle, a new task (no area: in a
    // form a blank area is no area, not the row above's), task E deleted.
    let stp = fill(
        &form_bytes(&forms, "STP"),
        (2023, 6, 18),
        &[
            vec![
                (0, N(1.0)),
                (1, T("PAPI")),
                (3, T(C)),
                (4, T("Thường xuyên")),
                (5, T("Thường xuyên")),
                (8, T("Đã tuyên truyền 5 đợt")),
            ],
            vec![],
            vec![
                (0, N(2.0)),
                (1, T("PAR INDEX")),
                (2, T("Cải cách thể chế")),
                (3, T(A)),
                (4, D(2023, 6, 30)),
                (5, T("Đã hoàn thành")),
                (6, D(2023, 6, 10)),
                (7, N(100.0)),
            ],
            vec![(0, N(3.0)), (1, T("SIPAS")), (3, T(NEW)), (4, D(2023, 9, 30)), (5, T("Chưa thực hiện"))],
            vec![],
            vec![],
            vec![
                (0, N(4.0)),
                (1, T("PAR INDEX")),
                (2, T("Cải cách TTHC")),
                (3, T(B)),
                (4, D(2023, 4, 30)),
                (5, T("Đang thực hiện")),
                (7, N(60.0)),
                (9, T("Thiếu máy quét")),
            ],
            vec![(0, N(5.0)), (3, T(NEW2)), (4, D(2023, 8, 31)), (5, T("Đang thực hiện"))],
        ],
    );
    let stc = fill(
        &form_bytes(&forms, "STC"),
        (2023, 6, 19),
        &[vec![
            (0, N(1.0)),
            (1, T("PAR INDEX")),
            (2, T("Cải cách tài chính công")),
            (3, T(F)),
            (4, D(2023, 9, 30)),
            (5, T("Đã hoàn thành")),
            (6, D(2023, 6, 12)),
        ]],
    );
    let bt = fill(
        &form_bytes(&forms, "BT"),
        (2023, 6, 15),
        &[vec![
            (0, N(1.0)),
            (1, T("PAPI")),
            (2, T("Thủ tục hành chính công")),
            (3, T(H)),
            (4, D(2023, 12, 31)),
            (5, T("Đang thực hiện")),
            (7, N(40.0)),
        ]],
    );
    // Meaningless names: the form says whose it is.
    std::fs::write(inputs.join("a.xlsx"), stp).unwrap();
    std::fs::write(inputs.join("Book1 (2).xlsx"), stc).unwrap();
    std::fs::write(inputs.join("zalo_8841.xlsx"), bt).unwrap();

    ok(baocao(
        tmp.path(),
        &["run", "--month", "2023-06", "--inputs", "inputs", "--output", "output", "--date", "2023-06-22"],
    ));
    let json: Value = serde_json::from_slice(&std::fs::read(out.join("2023-06/v001/tong-hop.json")).unwrap()).unwrap();
    let submission = |name: &str| {
        let a = json["agencies"].as_array().unwrap().iter().find(|a| a["name"] == name).unwrap();
        (a["submission"].as_str().unwrap().to_string(), a["report_date"].clone(), a["file"].clone())
    };
    assert_eq!(submission("Sở Tư pháp"), ("on_time".into(), json!("2023-06-18"), json!("a.xlsx")));
    assert_eq!(submission("Sở Tài chính"), ("on_time".into(), json!("2023-06-19"), json!("Book1 (2).xlsx")));
    assert_eq!(submission("Huyện Bảo Thắng"), ("on_time".into(), json!("2023-06-15"), json!("zalo_8841.xlsx")));
    assert_eq!(submission("Sở Y tế").0, "missing");
    let tasks: Vec<Value> = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            json!([
                t["agency"],
                t["index"],
                t["area"],
                t["task"],
                t["deadline"],
                t["status"],
                t["completed_on"],
                t["progress_pct"],
                t["result"],
                t["issues"],
                t["source"]["row"]
            ])
        })
        .collect();
    assert_eq!(
        tasks,
        [
            json!(["Sở Tư pháp", "PAPI", null, C, null, "recurring", null, null, "Đã tuyên truyền 5 đợt", null, 9]),
            json!([
                "Sở Tư pháp",
                "PAR_INDEX",
                "Cải cách thể chế",
                A,
                "2023-06-30",
                "done",
                "2023-06-10",
                100.0,
                null,
                null,
                11
            ]),
            json!(["Sở Tư pháp", "SIPAS", null, NEW, "2023-09-30", "not_started", null, null, null, null, 12]),
            json!([
                "Sở Tư pháp",
                "PAR_INDEX",
                "Cải cách TTHC",
                B,
                "2023-04-30",
                "overdue",
                null,
                60.0,
                null,
                "Thiếu máy quét",
                15
            ]),
            // Neither index nor area of the row above.
            json!(["Sở Tư pháp", null, null, NEW2, "2023-08-31", "in_progress", null, null, null, null, 16]),
            json!([
                "Sở Tài chính",
                "PAR_INDEX",
                "Cải cách tài chính công",
                F,
                "2023-09-30",
                "done",
                "2023-06-12",
                null,
                null,
                null,
                9
            ]),
            json!([
                "Huyện Bảo Thắng",
                "PAPI",
                "Thủ tục hành chính công",
                H,
                "2023-12-31",
                "in_progress",
                null,
                40.0,
                null,
                null,
                9
            ]),
        ]
    );
    // Nothing the form itself put there is a problem.
    assert_eq!(json["problems"], json!([]), "{:#}", json["problems"]);
    // Month over month: only E was dropped (D was done in May, F is done now, Sở Y tế did
    // not report, C and B are still listed).
    assert_eq!(json["previous"], "2023-05");
    assert_eq!(
        json["dropped_tasks"],
        json!([{ "agency": "Sở Tư pháp", "task": E, "index": "SIPAS", "deadline": "2023-09-30",
                 "deadline_text": "Quý III/2023", "last_status": "not_started", "last_month": "2023-05" }])
    );
    let report = docx_paragraph_texts(&std::fs::read(out.join("2023-06/bao-cao-tong-hop.docx")).unwrap());
    let at = report.iter().position(|p| p == "5. So sánh với tháng 5 năm 2023").expect("comparison section");
    assert_eq!(
        report[at + 1..at + 5],
        [
            "- Gửi báo cáo đúng thời hạn: 3/29 cơ quan, đơn vị (tháng 5 năm 2023: 3/5);".to_string(),
            "- Tỷ lệ nhiệm vụ đã hoàn thành: 28,6% (tháng 5 năm 2023: 22,2%);".into(),
            "- Nhiệm vụ quá hạn chưa hoàn thành: 1 nhiệm vụ (tháng 5 năm 2023: 1 nhiệm vụ).".into(),
            "Có 1 nhiệm vụ chưa hoàn thành trong báo cáo tháng 5 năm 2023 nhưng không còn trong báo cáo tháng này của cơ quan, đơn vị (đề nghị cơ quan, đơn vị báo cáo rõ):".into(),
        ]
    );
    assert_eq!(
        report[at + 5],
        format!("- Sở Tư pháp: {E} (tình trạng tháng 5 năm 2023: chưa thực hiện; thời hạn: 30 tháng 9 năm 2023).")
    );
    let dropped = sheet_rows(&std::fs::read(out.join("2023-06/tong-hop.xlsx")).unwrap(), "Nhiệm vụ không còn báo cáo");
    assert_eq!(
        dropped.iter().map(|r| r.iter().map(text).collect::<Vec<_>>()).collect::<Vec<_>>(),
        [
            [
                "STT",
                "Cơ quan, đơn vị",
                "Chỉ số",
                "Nhiệm vụ",
                "Thời hạn",
                "Tình trạng tháng trước",
                "Tháng báo cáo trước"
            ]
            .map(String::from)
            .to_vec(),
            ["1", "Sở Tư pháp", "SIPAS", E, "30/09/2023", "Chưa thực hiện", "05/2023"].map(String::from).to_vec(),
        ]
    );

    // The same month in an output folder where May was never run: nothing to compare.
    ok(baocao(tmp.path(), &["run", "--month", "2023-06", "--inputs", "inputs", "--output", "fresh"]));
    let fresh: Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("fresh/2023-06/v001/tong-hop.json")).unwrap()).unwrap();
    assert_eq!((fresh["previous"].clone(), fresh["dropped_tasks"].clone()), (Value::Null, json!([])));
    assert_eq!(fresh["tasks"].as_array().unwrap().len(), 7);
    let report = docx_paragraph_texts(&std::fs::read(tmp.path().join("fresh/2023-06/bao-cao-tong-hop.docx")).unwrap());
    assert!(!report.iter().any(|p| p.starts_with("5. So sánh")));
}

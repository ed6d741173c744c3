//! `tong-hop.xlsx`: sheets, headers, row counts, date cells, reproducible bytes.

use baocao::config::Config;
use baocao::export::{month_xlsx, month_xlsx_dated};
use baocao::model::*;
use calamine::{open_workbook_from_rs, Data, DataType, Range, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::{Cursor, Read};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn counts(list: &[TaskStatus]) -> StatusCounts {
    let mut c = StatusCounts::default();
    list.iter().for_each(|&s| c.add(s));
    c
}

fn task(agency: &str, index: Option<IndexKind>, status: TaskStatus, row: u32) -> TaskRecord {
    TaskRecord {
        agency: agency.into(),
        index,
        area: Some("Cải cách thủ tục hành chính".into()),
        task: format!("Nhiệm vụ dòng {row}"),
        deadline: Some(d(2023, 4, 30)),
        deadline_text: None,
        status,
        completed_on: None,
        progress_pct: None,
        result: None,
        issues: None,
        proposals: None,
        note: None,
        source: SourceRef { file: format!("{agency}.xlsx"), sheet: "Báo cáo".into(), row },
    }
}

fn model() -> MonthModel {
    let mut t1 = task("Sở Tư pháp", Some(IndexKind::ParIndex), TaskStatus::Done, 8);
    t1.completed_on = Some(d(2023, 4, 20));
    t1.progress_pct = Some(100.0);
    t1.result = Some("Đã ban hành kế hoạch".into());
    let mut t2 = task("Sở Tư pháp", Some(IndexKind::Papi), TaskStatus::Recurring, 9);
    t2.deadline = None;
    t2.deadline_text = Some("Thường xuyên".into());
    let mut t3 = task("UBND thị xã Sa Pa", None, TaskStatus::Overdue, 12);
    t3.issues = Some("Thiếu kinh phí".into());
    t3.proposals = Some("Đề nghị bổ sung kinh phí".into());
    t3.progress_pct = Some(33.5);
    let t4 = task("UBND thị xã Sa Pa", Some(IndexKind::ParIndex), TaskStatus::DoneLate, 13);
    let tasks = vec![t1, t2, t3, t4];
    MonthModel {
        period: "2023-05".parse().unwrap(),
        period_start: d(2023, 4, 15),
        period_end: d(2023, 5, 14),
        agency_due: d(2023, 5, 19),
        agencies: vec![
            AgencySummary {
                name: "Sở Tư pháp".into(),
                code: "STP".into(),
                submission: Submission::OnTime,
                report_date: Some(d(2023, 5, 15)),
                report_date_from_file_time: false,
                file: Some("Sở Tư pháp.xlsx".into()),
                counts: counts(&[TaskStatus::Done, TaskStatus::Recurring]),
                total: 2,
            },
            AgencySummary {
                name: "UBND thị xã Sa Pa".into(),
                code: "SAPA".into(),
                submission: Submission::Late,
                report_date: Some(d(2023, 5, 22)),
                report_date_from_file_time: true,
                file: Some("UBND thị xã Sa Pa.xlsx".into()),
                counts: counts(&[TaskStatus::Overdue, TaskStatus::DoneLate]),
                total: 2,
            },
            AgencySummary {
                name: "Sở Y tế".into(),
                code: "SYT".into(),
                submission: Submission::Missing,
                report_date: None,
                report_date_from_file_time: false,
                file: None,
                counts: StatusCounts::default(),
                total: 0,
            },
        ],
        tasks,
        files: vec![
            FileEntry {
                file: "Sở Tư pháp.xlsx".into(),
                role: FileRole::Used,
                agency: Some("Sở Tư pháp".into()),
                message: "".into(),
            },
            FileEntry {
                file: "ghi chu.txt".into(),
                role: FileRole::Ignored,
                agency: None,
                message: "Không phải tệp Excel".into(),
            },
        ],
        problems: vec![Problem {
            file: "UBND thị xã Sa Pa.xlsx".into(),
            sheet: Some("Báo cáo".into()),
            cell: Some("E12".into()),
            severity: Severity::Warning,
            message: "Thời hạn «sớm» không hiểu được".into(),
        }],
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn row_strings(range: &Range<Data>, row: usize) -> Vec<String> {
    range.rows().nth(row).unwrap().iter().map(|c| c.to_string()).collect()
}

#[test]
fn sheets_rows_and_headers() {
    let m = model();
    let bytes = month_xlsx(&m, &Config::default_config()).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), ["Tổng hợp", "Nhiệm vụ", "Theo chỉ số", "Tệp đầu vào", "Vấn đề"]);

    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    assert_eq!(tasks.height(), m.tasks.len() + 1);
    assert_eq!(
        row_strings(&tasks, 0),
        [
            "STT",
            "Cơ quan, đơn vị",
            "Chỉ số",
            "Lĩnh vực",
            "Nhiệm vụ",
            "Thời hạn",
            "Trạng thái",
            "Ngày hoàn thành",
            "Tiến độ (%)",
            "Kết quả",
            "Khó khăn, vướng mắc",
            "Đề xuất, kiến nghị",
            "Ghi chú",
            "Tệp nguồn",
            "Trang tính",
            "Dòng",
        ]
    );
    let first: Vec<&Data> = tasks.rows().nth(1).unwrap().iter().collect();
    assert!(matches!(first[5], Data::DateTime(_)), "{:?}", first[5]);
    assert_eq!(first[5].as_date(), Some(d(2023, 4, 30)));
    assert_eq!(first[7].as_date(), Some(d(2023, 4, 20)));
    assert_eq!(first[2], &Data::String("PAR INDEX".into()));
    assert_eq!(first[6], &Data::String("Hoàn thành đúng hạn".into()));
    assert_eq!(first[8], &Data::Float(100.0));
    assert_eq!(first[15], &Data::Float(8.0));
    // A deadline only in words stays text.
    assert_eq!(row_strings(&tasks, 2)[5], "Thường xuyên");
    let third = row_strings(&tasks, 3);
    assert_eq!(
        (third[2].as_str(), third[10].as_str(), third[11].as_str()),
        ("", "Thiếu kinh phí", "Đề nghị bổ sung kinh phí")
    );

    let summary = book.worksheet_range("Tổng hợp").unwrap();
    assert_eq!(summary.height(), m.agencies.len() + 1);
    let header = row_strings(&summary, 0);
    assert_eq!(
        &header[..7],
        ["STT", "Cơ quan, đơn vị", "Mã", "Loại cơ quan", "Tình hình nộp báo cáo", "Ngày báo cáo", "Tệp báo cáo"]
    );
    assert_eq!(header[7], "Hoàn thành đúng hạn");
    assert_eq!(header[13], "Tổng số nhiệm vụ");
    assert_eq!(header[14], "Tỷ lệ hoàn thành (%)");
    let sapa: Vec<&Data> = summary.rows().nth(2).unwrap().iter().collect();
    assert!(matches!(sapa[5], Data::DateTime(_)));
    assert_eq!(sapa[5].as_date(), Some(d(2023, 5, 22)));
    assert_eq!(sapa[4], &Data::String("Muộn".into()));
    assert_eq!(sapa[8], &Data::Float(1.0)); // done_late
    assert_eq!(sapa[13], &Data::Float(2.0));
    assert_eq!(sapa[14], &Data::Float(50.0));
    assert!(sapa[15].to_string().contains("thời điểm sửa tệp"));
    let missing = row_strings(&summary, 3);
    assert_eq!((missing[4].as_str(), missing[5].as_str(), missing[14].as_str()), ("Chưa nộp", "", ""));

    let indices = book.worksheet_range("Theo chỉ số").unwrap();
    let labels: Vec<String> = (1..indices.height()).map(|r| row_strings(&indices, r)[0].clone()).collect();
    assert_eq!(labels, ["PAR INDEX", "SIPAS", "PAPI", "Chưa xác định chỉ số", "Tổng cộng"]);
    let par = row_strings(&indices, 1);
    assert_eq!((par[1].as_str(), par[2].as_str(), par[7].as_str(), par[8].as_str()), ("1", "1", "2", "100"));
    let total = row_strings(&indices, 5);
    assert_eq!((total[7].as_str(), total[8].as_str()), ("4", "50"));

    let files = book.worksheet_range("Tệp đầu vào").unwrap();
    assert_eq!(files.height(), 3);
    assert_eq!(row_strings(&files, 2)[2], "Bỏ qua");
    let problems = book.worksheet_range("Vấn đề").unwrap();
    assert_eq!(problems.height(), 2);
    assert_eq!(row_strings(&problems, 1)[1..5], ["Cảnh báo", "UBND thị xã Sa Pa.xlsx", "Báo cáo", "E12"]);
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

fn sheet_xml(bytes: &[u8], n: usize) -> String {
    zip_part(bytes, &format!("xl/worksheets/sheet{n}.xml"))
}

#[test]
fn frozen_filtered_and_sized() {
    let bytes = month_xlsx(&model(), &Config::default_config()).unwrap();
    let tasks = sheet_xml(&bytes, 2);
    assert!(tasks.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{tasks}");
    assert!(tasks.contains(r#"<autoFilter ref="A1:P5"/>"#), "{tasks}");
    // The longest task, "Nhiệm vụ dòng 12", is 16 characters: the column is sized to it
    // (+2), not left at Excel's default.
    assert!(tasks.contains(r#"<col min="5" max="5" width="18.7109375""#), "{tasks}");
    // "Cơ quan, đơn vị" wraps on two lines; "UBND thị xã Sa Pa" (17) sets the width.
    assert!(tasks.contains(r#"<col min="2" max="2" width="19.7109375""#), "{tasks}");
    let summary = sheet_xml(&bytes, 1);
    assert!(summary.contains(r#"<autoFilter ref="A1:P4"/>"#), "{summary}");
    // Headers are bold.
    let styles = zip_part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"));
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#));
}

#[test]
fn identical_bytes_and_fixed_timestamps() {
    let m = model();
    let config = Config::default_config();
    let a = month_xlsx(&m, &config).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = month_xlsx(&m, &config).unwrap();
    assert_eq!(a, b, "same model, same bytes");

    let core = zip_part(&a, "docProps/core.xml");
    assert!(core.contains("2023-05-14T00:00:00Z"), "{core}");
    let dated = month_xlsx_dated(&m, &config, Some(d(2023, 5, 24))).unwrap();
    assert!(zip_part(&dated, "docProps/core.xml").contains("2023-05-24T00:00:00Z"));
    assert_eq!(dated, month_xlsx_dated(&m, &config, Some(d(2023, 5, 24))).unwrap());

    let mut zip = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (1980, 1, 1, 0, 0), "{:?}", entry.name());
    }
}

#[test]
fn empty_month_still_has_every_sheet() {
    let mut m = model();
    m.tasks.clear();
    m.files.clear();
    m.problems.clear();
    let bytes = month_xlsx(&m, &Config::default_config()).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.worksheet_range("Nhiệm vụ").unwrap().height(), 1);
    assert_eq!(book.worksheet_range("Vấn đề").unwrap().height(), 1);
    let indices = book.worksheet_range("Theo chỉ số").unwrap();
    assert_eq!(indices.height(), 5);
    assert_eq!(row_strings(&indices, 4)[7], "0");
}

//! Workbooks holding several months: a year workbook with one sheet per month (`T1` …
//! `T12`) sent whole, sheets named `T3-2023` / `04-2023` / `Tháng 5`, and sheets told
//! apart only by their title line. Each month consolidated gets its own sheet's tasks,
//! rows, statuses and report date; the file is `wrong_period` only when no sheet is of
//! that month.

use crate::common::xlsx::{read, report, row, C::*};
use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::report::Ingested;
use baocao::model::{FileRole, MonthModel, Period, Severity, Submission, TaskStatus};
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet};
use std::path::Path;

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A month sheet: title lines from row 1, the header on row 5, tasks from row 6.
fn month_sheet(ws: &mut Worksheet, title: &[&str], tasks: &[(String, String, &str)]) {
    for (i, line) in title.iter().enumerate() {
        row(ws, i as u32 + 1, &[T(line)]);
    }
    row(ws, 5, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    for (i, (task, deadline, status)) in tasks.iter().enumerate() {
        let n = (i + 1).to_string();
        row(ws, 6 + i as u32, &[T(&n), T(task), T(deadline), T(status)]);
    }
}

/// Month `m` of Sở Tư pháp's year workbook: two tasks, a third in even months, reported
/// on the (15 + m)th.
fn stp_tasks(m: u32) -> Vec<(String, String, &'static str)> {
    let mut tasks = vec![
        (format!("Rà soát thủ tục hành chính đợt {m}"), format!("28/{m}/2023"), "Hoàn thành"),
        (format!("Số hóa hồ sơ tháng {m}"), format!("28/{}/2023", m + 1), "Đang thực hiện"),
    ];
    if m.is_multiple_of(2) {
        tasks.push((format!("Tập huấn công chức đợt {m}"), format!("10/{m}/2023"), "Chưa thực hiện"));
    }
    tasks
}

/// Sở Tư pháp's year workbook T1..T12, sent in June: T1..T6 filled, T7..T12 blank forms,
/// and a summary sheet. The title names the year only; each month's sheet has its own
/// place-date line.
fn year_workbook(path: &Path) {
    let mut wb = Workbook::new();
    for m in 1..=12u32 {
        let ws = wb.add_worksheet().set_name(format!("T{m}")).unwrap();
        let place_date = format!("Lào Cai, ngày {} tháng {m} năm 2023", 15 + m);
        let title = ["SỞ TƯ PHÁP", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI THIỆN CHỈ SỐ NĂM 2023", &place_date];
        if m <= 6 {
            month_sheet(ws, &title, &stp_tasks(m));
        } else {
            month_sheet(ws, &title[..2], &[]);
        }
    }
    // The year's summary, naming no month: part of no month's report.
    let ws = wb.add_worksheet().set_name("Tổng hợp").unwrap();
    let tasks = vec![("Tổng hợp nhiệm vụ cả năm".to_string(), "31/12/2023".to_string(), "Đang thực hiện")];
    month_sheet(ws, &["SỞ TƯ PHÁP", "TỔNG HỢP KẾT QUẢ NĂM 2023"], &tasks);
    wb.save(path).unwrap();
}

/// Sở Y tế: sheets `T3-2023` and `04-2023`, no May sheet.
fn syt_workbook(path: &Path) {
    let mut wb = Workbook::new();
    for (name, m) in [("T3-2023", 3u32), ("04-2023", 4)] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        let place_date = format!("Lào Cai, ngày 18 tháng {m} năm 2023");
        let tasks = vec![(format!("Khám sàng lọc đợt {m}"), "30/9/2023".to_string(), "Đang thực hiện")];
        // Only the first sheet's title block names the agency; the file name does not.
        let title: &[&str] = if m == 3 { &["SỞ Y TẾ", &place_date] } else { &[&place_date] };
        month_sheet(ws, title, &tasks);
    }
    wb.save(path).unwrap();
}

/// Huyện Bảo Thắng: `Sheet1`, `Sheet2`, the months named only by the title lines;
/// Sở Du lịch: `Tháng 4`, `Tháng 5`, the year from the title; Ban Dân tộc: titles naming
/// the month without its year; Sở Tài chính: one title copied onto both month sheets.
fn title_and_month_name_workbooks(dir: &Path) {
    let mut wb = Workbook::new();
    for (m, day) in [(4u32, 17u32), (5, 22)] {
        let ws = wb.add_worksheet();
        let period = format!("BÁO CÁO THÁNG {m} NĂM 2023");
        let place_date = format!("Bảo Thắng, ngày {day} tháng {m} năm 2023");
        let tasks =
            vec![(format!("Tuyên truyền cải cách hành chính tháng {m}"), "Thường xuyên".into(), "Đang thực hiện")];
        month_sheet(ws, &["UBND HUYỆN BẢO THẮNG", &period, &place_date], &tasks);
    }
    wb.save(dir.join("BT.xlsx")).unwrap();

    let mut wb = Workbook::new();
    for m in [4u32, 5] {
        let ws = wb.add_worksheet().set_name(format!("Tháng {m}")).unwrap();
        let tasks = vec![(format!("Cập nhật bản đồ du lịch bản {m}"), "30/12/2023".into(), "Đang thực hiện")];
        month_sheet(ws, &["SỞ DU LỊCH", "Kế hoạch cải thiện Chỉ số PAPI năm 2023"], &tasks);
    }
    wb.save(dir.join("SDL 2023.xlsx")).unwrap();

    // Ban Dân tộc: `Sheet1`, `Sheet2`, titles naming the month without its year.
    let mut wb = Workbook::new();
    for (m, day) in [(4u32, 16u32), (5, 15)] {
        let ws = wb.add_worksheet();
        let period = format!("BÁO CÁO THÁNG {m}");
        let place_date = format!("Lào Cai, ngày {day} tháng {m} năm 2023");
        let tasks = vec![(format!("Hỗ trợ đồng bào dân tộc thiểu số đợt {m}"), "31/12/2023".into(), "Đang thực hiện")];
        month_sheet(ws, &["BAN DÂN TỘC", &period, &place_date], &tasks);
    }
    wb.save(dir.join("BDT.xlsx")).unwrap();

    // Sở Tài chính: `T4`, `T5`, the April title copied onto the May sheet unchanged.
    let mut wb = Workbook::new();
    for (m, day) in [(4u32, 17u32), (5, 16)] {
        let ws = wb.add_worksheet().set_name(format!("T{m}")).unwrap();
        let place_date = format!("Lào Cai, ngày {day} tháng {m} năm 2023");
        let tasks = vec![(format!("Công khai ngân sách quý đợt {m}"), "31/12/2023".into(), "Đang thực hiện")];
        month_sheet(ws, &["SỞ TÀI CHÍNH", "BÁO CÁO THÁNG 4 NĂM 2023", &place_date], &tasks);
    }
    wb.save(dir.join("STC.xlsx")).unwrap();
}

fn month(ingested: &Ingested, period: Period) -> MonthModel {
    consolidate(ingested.clone(), &Config::default_config(), period)
}

fn role(model: &MonthModel, file: &str) -> FileRole {
    model.files.iter().find(|f| f.file == file).unwrap_or_else(|| panic!("{file} not listed")).role
}

fn agency<'a>(model: &'a MonthModel, name: &str) -> &'a baocao::model::AgencySummary {
    model.agencies.iter().find(|a| a.name == name).unwrap()
}

/// (task, sheet, row, status, deadline) of an agency's tasks.
fn tasks_of(model: &MonthModel, name: &str) -> Vec<(String, String, u32, TaskStatus, Option<NaiveDate>)> {
    model
        .tasks
        .iter()
        .filter(|t| t.agency == name)
        .map(|t| (t.task.clone(), t.source.sheet.clone(), t.source.row, t.status, t.deadline))
        .collect()
}

#[test]
fn a_year_workbook_is_read_for_each_of_its_months() {
    let dir = tempfile::tempdir().unwrap();
    year_workbook(&dir.path().join("STP 2023.xlsx"));
    let ingested = read(dir.path());

    // Without a month to consolidate, the workbook is the latest month it reports on.
    let main = report(&ingested, "STP 2023.xlsx");
    assert_eq!(main.period, Some(p(2023, 6)));
    assert_eq!(main.report_date, Some(date(2023, 6, 21)));
    let mut months: Vec<Period> = main.alternatives.iter().filter_map(|a| a.period).collect();
    months.sort();
    assert_eq!(months, (1..=5).map(|m| p(2023, m)).collect::<Vec<_>>());

    for m in 1..=6u32 {
        let model = month(&ingested, p(2023, m));
        assert_eq!(role(&model, "STP 2023.xlsx"), FileRole::Used, "month {m}");
        let stp = agency(&model, "Sở Tư pháp");
        assert_eq!(stp.report_date, Some(date(2023, m, 15 + m)), "month {m}");
        assert!(!stp.report_date_from_file_time);
        // Due on the 19th: 16th–19th on time, 20th and 21st late.
        let want = if 15 + m <= 19 { Submission::OnTime } else { Submission::Late };
        assert_eq!(stp.submission, want, "month {m}");
        let sheet = format!("T{m}");
        let mut want = vec![
            (
                format!("Rà soát thủ tục hành chính đợt {m}"),
                sheet.clone(),
                6,
                TaskStatus::Done,
                Some(date(2023, m, 28)),
            ),
            (format!("Số hóa hồ sơ tháng {m}"), sheet.clone(), 7, TaskStatus::InProgress, Some(date(2023, m + 1, 28))),
        ];
        if m.is_multiple_of(2) {
            want.push((
                format!("Tập huấn công chức đợt {m}"),
                sheet.clone(),
                8,
                TaskStatus::Overdue,
                Some(date(2023, m, 10)),
            ));
        }
        assert_eq!(tasks_of(&model, "Sở Tư pháp"), want, "month {m}");
        assert_eq!(stp.total, want.len() as u32);

        // Every other month's sheet is named as not read, as information only.
        let mut skipped: Vec<String> = model
            .problems
            .iter()
            .filter(|pr| pr.file == "STP 2023.xlsx" && pr.message.contains("không đọc cho tháng"))
            .map(|pr| {
                assert_eq!(pr.severity, Severity::Info, "{pr:?}");
                pr.sheet.clone().unwrap()
            })
            .collect();
        skipped.sort_by_key(|s| s[1..].parse::<u32>().unwrap());
        let others: Vec<String> = (1..=12).filter(|&o| o != m).map(|o| format!("T{o}")).collect();
        assert_eq!(skipped, others, "month {m}");
        let summary: Vec<&str> = model
            .problems
            .iter()
            .filter(|pr| pr.sheet.as_deref() == Some("Tổng hợp"))
            .map(|pr| pr.message.as_str())
            .collect();
        assert_eq!(
            summary,
            vec![
                "trang tính không ghi tháng nào, trong khi tệp có trang tính của nhiều tháng: không đọc (không rõ thuộc \
                 tháng nào)"
            ]
        );
        assert!(model.problems.iter().all(|pr| pr.severity == Severity::Info), "month {m}: {:#?}", model.problems);
        assert!(!model.problems.iter().any(|pr| pr.message.contains("không phải tháng") && pr.sheet.is_none()));
    }

    // No sheet of August holds a task: the file is a report of another month.
    let august = month(&ingested, p(2023, 8));
    assert_eq!(role(&august, "STP 2023.xlsx"), FileRole::WrongPeriod);
    assert_eq!(agency(&august, "Sở Tư pháp").submission, Submission::Missing);
}

#[test]
fn a_file_with_only_other_months_is_wrong_period() {
    let dir = tempfile::tempdir().unwrap();
    syt_workbook(&dir.path().join("BC nam 2023.xlsx"));
    let ingested = read(dir.path());

    let may = month(&ingested, p(2023, 5));
    assert_eq!(role(&may, "BC nam 2023.xlsx"), FileRole::WrongPeriod);
    assert_eq!(agency(&may, "Sở Y tế").submission, Submission::Missing);
    let entry = may.files.iter().find(|f| f.file == "BC nam 2023.xlsx").unwrap();
    assert_eq!(entry.message, "báo cáo tháng 04/2023, không phải tháng 05/2023 đang tổng hợp: không tính");

    for (m, sheet) in [(3u32, "T3-2023"), (4, "04-2023")] {
        let model = month(&ingested, p(2023, m));
        assert_eq!(role(&model, "BC nam 2023.xlsx"), FileRole::Used, "month {m}");
        assert_eq!(agency(&model, "Sở Y tế").report_date, Some(date(2023, m, 18)));
        assert_eq!(agency(&model, "Sở Y tế").submission, Submission::OnTime);
        assert_eq!(
            tasks_of(&model, "Sở Y tế"),
            vec![(
                format!("Khám sàng lọc đợt {m}"),
                sheet.to_string(),
                6,
                TaskStatus::InProgress,
                Some(date(2023, 9, 30))
            )]
        );
    }
}

#[test]
fn sheets_told_apart_by_title_or_by_month_name() {
    let dir = tempfile::tempdir().unwrap();
    title_and_month_name_workbooks(dir.path());
    let ingested = read(dir.path());
    for (m, bt_date, bt_submission) in
        [(4u32, date(2023, 4, 17), Submission::OnTime), (5, date(2023, 5, 22), Submission::Late)]
    {
        let model = month(&ingested, p(2023, m));
        assert_eq!(role(&model, "BT.xlsx"), FileRole::Used, "month {m}");
        assert_eq!(role(&model, "SDL 2023.xlsx"), FileRole::Used, "month {m}");
        let bt = agency(&model, "Huyện Bảo Thắng");
        assert_eq!((bt.report_date, bt.submission), (Some(bt_date), bt_submission), "month {m}");
        let sheet = if m == 4 { "Sheet1" } else { "Sheet2" };
        assert_eq!(
            tasks_of(&model, "Huyện Bảo Thắng"),
            vec![(
                format!("Tuyên truyền cải cách hành chính tháng {m}"),
                sheet.to_string(),
                6,
                TaskStatus::Recurring,
                None
            )]
        );
        let stc = agency(&model, "Sở Tài chính");
        assert_eq!(stc.report_date, Some(date(2023, m, if m == 4 { 17 } else { 16 })));
        assert_eq!(
            tasks_of(&model, "Sở Tài chính"),
            vec![(
                format!("Công khai ngân sách quý đợt {m}"),
                format!("T{m}"),
                6,
                TaskStatus::InProgress,
                Some(date(2023, 12, 31))
            )]
        );
        let bdt = agency(&model, "Ban Dân tộc");
        assert_eq!(bdt.report_date, Some(date(2023, m, if m == 4 { 16 } else { 15 })));
        assert_eq!(
            tasks_of(&model, "Ban Dân tộc"),
            vec![(
                format!("Hỗ trợ đồng bào dân tộc thiểu số đợt {m}"),
                sheet.to_string(),
                6,
                TaskStatus::InProgress,
                Some(date(2023, 12, 31))
            )]
        );
        assert_eq!(
            tasks_of(&model, "Sở Du lịch"),
            vec![(
                format!("Cập nhật bản đồ du lịch bản {m}"),
                format!("Tháng {m}"),
                6,
                TaskStatus::InProgress,
                Some(date(2023, 12, 30))
            )]
        );
    }
    assert_eq!(role(&month(&ingested, p(2023, 6)), "BT.xlsx"), FileRole::WrongPeriod);
}

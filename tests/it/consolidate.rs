//! The consolidation rules of `docs/domain.md` ("Due dates",
//! "Task status at the period end") at their edges, on reports built by hand.

use baocao::config::Config;
use baocao::consolidate::{consolidate, task_status};
use baocao::ingest::grid::{CellValue, SheetGrid};
use baocao::ingest::report::{build_report, AgencyReport, Ingested, RawTask, SkippedFile};
use baocao::model::{FileRole, Period, Severity, SourceRef, StatusCounts, Submission, TaskStatus};
use baocao::normalize::{AgencyMatcher, Deadline, ReportedState};
use chrono::{NaiveDate, NaiveDateTime};

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).unwrap()
}

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    date(m, d).and_hms_opt(h, 0, 0).unwrap()
}

fn may() -> Period {
    Period::new(2023, 5).unwrap()
}

fn on(m: u32, d: u32) -> Option<Deadline> {
    Some(Deadline::Date { date: date(m, d), text: format!("{d}/{m}/2023") })
}

fn task(
    file: &str,
    row: u32,
    deadline: Option<Deadline>,
    reported: Option<ReportedState>,
    completed_on: Option<NaiveDate>,
) -> RawTask {
    RawTask {
        index: None,
        area: None,
        task: format!("nhiệm vụ dòng {row}"),
        deadline,
        reported,
        completed_on,
        progress_pct: None,
        result: None,
        issues: None,
        proposals: None,
        note: None,
        source: SourceRef { file: file.into(), sheet: "Sheet1".into(), row },
    }
}

fn report(
    file: &str,
    agency: usize,
    report_date: NaiveDate,
    modified: NaiveDateTime,
    tasks: Vec<RawTask>,
) -> AgencyReport {
    AgencyReport {
        file: file.into(),
        agency: Some(agency),
        refusal: None,
        period: Some(may()),
        report_date: Some(report_date),
        report_date_from_file_time: false,
        modified: Some(modified),
        tasks,
        problems: Vec::new(),
        alternatives: Vec::new(),
    }
}

/// Deadline, reported state, completion date → expected status.
type Case = (Option<Deadline>, Option<ReportedState>, Option<NaiveDate>, TaskStatus);

#[test]
fn status_rules_at_their_edges() {
    use ReportedState::*;
    let end = date(5, 14);
    let cases: Vec<Case> = vec![
        // Not completed, deadline on the period end: overdue, whatever the agency wrote.
        (on(5, 14), Some(InProgress), None, TaskStatus::Overdue),
        (on(5, 14), Some(NotStarted), None, TaskStatus::Overdue),
        (on(5, 14), None, None, TaskStatus::Overdue),
        // One day later: not yet due.
        (on(5, 15), Some(InProgress), None, TaskStatus::InProgress),
        (on(5, 15), Some(NotStarted), None, TaskStatus::NotStarted),
        // Completed one day after the deadline / on the deadline.
        (on(5, 10), Some(Done), Some(date(5, 11)), TaskStatus::DoneLate),
        (on(5, 10), Some(Done), Some(date(5, 10)), TaskStatus::Done),
        (on(5, 10), Some(DoneOnTime), Some(date(5, 11)), TaskStatus::DoneLate),
        (on(5, 10), Some(DoneOnTime), None, TaskStatus::Done),
        (on(5, 10), Some(DoneLate), None, TaskStatus::DoneLate),
        (None, Some(Done), None, TaskStatus::Done),
        (on(4, 1), Some(Done), None, TaskStatus::Done),
        // Recurring: no fixed deadline.
        (Some(Deadline::Recurring { text: "Thường xuyên".into() }), Some(InProgress), None, TaskStatus::Recurring),
        (Some(Deadline::Recurring { text: "Hằng tháng".into() }), None, None, TaskStatus::Recurring),
        (None, Some(Recurring), None, TaskStatus::Recurring),
        (on(5, 1), Some(Recurring), None, TaskStatus::Overdue),
        (Some(Deadline::Recurring { text: "Thường xuyên".into() }), Some(Done), None, TaskStatus::Done),
        // Unparseable deadline: never overdue.
        (Some(Deadline::Unparsed { text: "sớm".into() }), Some(InProgress), None, TaskStatus::InProgress),
        (Some(Deadline::Unparsed { text: "sớm".into() }), Some(NotStarted), None, TaskStatus::NotStarted),
        (None, None, None, TaskStatus::NotStarted),
    ];
    for (i, (deadline, reported, completed, expected)) in cases.into_iter().enumerate() {
        let t = task("a.xlsx", 1, deadline.clone(), reported, completed);
        assert_eq!(task_status(&t, end), expected, "case {i}: {deadline:?} {reported:?} {completed:?}");
    }
    // Without a reported state the percentage speaks.
    let mut t = task("a.xlsx", 1, on(6, 30), None, None);
    t.progress_pct = Some(100.0);
    assert_eq!(task_status(&t, end), TaskStatus::Done);
    t.progress_pct = Some(40.0);
    assert_eq!(task_status(&t, end), TaskStatus::InProgress);
    t.progress_pct = Some(0.0);
    assert_eq!(task_status(&t, end), TaskStatus::NotStarted);
}

#[test]
fn submissions_resubmissions_periods_and_missing_agencies() {
    let config = Config::default_config();
    let idx = |name: &str| config.agencies.iter().position(|a| a.name == name).unwrap();
    let stp = idx("Sở Tư pháp");
    let syt = idx("Sở Y tế");
    let sct = idx("Sở Công Thương");
    let bt = idx("Huyện Bảo Thắng");
    let bx = idx("Huyện Bát Xát");
    let vb = idx("Huyện Văn Bàn");
    let one = |f: &str| vec![task(f, 9, on(6, 30), Some(ReportedState::InProgress), None)];
    let mut reports = vec![
        // Sở Tư pháp: three files; the latest report date, then the latest change wins.
        report("stp-a.xlsx", stp, date(5, 18), at(5, 18, 10), one("stp-a.xlsx")),
        report("stp-b.xlsx", stp, date(5, 18), at(5, 18, 12), one("stp-b.xlsx")),
        report("stp-c.xlsx", stp, date(5, 17), at(5, 21, 8), one("stp-c.xlsx")),
        // Sở Y tế: same date, same time: the name sorting last wins.
        report("syt (1).xlsx", syt, date(5, 19), at(5, 19, 9), one("syt (1).xlsx")),
        report("syt (2).xlsx", syt, date(5, 19), at(5, 19, 9), one("syt (2).xlsx")),
        // On the 19th: on time; on the 20th: late.
        report("bt.xlsx", bt, date(5, 19), at(5, 19, 9), one("bt.xlsx")),
        report("bx.xlsx", bx, date(5, 20), at(5, 20, 9), one("bx.xlsx")),
    ];
    // Sở Công Thương sent April's report: not counted, agency missing.
    let mut april = report("sct-t4.xlsx", sct, date(4, 18), at(4, 18, 9), one("sct-t4.xlsx"));
    april.period = Some(Period::new(2023, 4).unwrap());
    reports.push(april);
    // Văn Bàn's report states no month: assumed to be May, with a warning.
    let mut no_period = report("vb.xlsx", vb, date(5, 16), at(5, 16, 9), one("vb.xlsx"));
    no_period.period = None;
    reports.push(no_period);
    // A workbook refused at reading.
    let mut refused = report("lien nganh.xlsx", stp, date(5, 18), at(5, 18, 9), one("lien nganh.xlsx"));
    refused.agency = None;
    refused.refusal = Some("không xác định được cơ quan: khớp cả Sở Tư pháp và Sở Y tế".into());
    reports.push(refused);
    let skipped = vec![
        SkippedFile { file: "desktop.ini".into(), role: FileRole::Ignored, message: "tệp hệ thống".into() },
        SkippedFile { file: "hong.xls".into(), role: FileRole::Unreadable, message: "tệp bị hỏng".into() },
    ];
    let model = consolidate(Ingested { reports, skipped }, &config, may());

    assert_eq!((model.period_start, model.period_end, model.agency_due), (date(4, 15), date(5, 14), date(5, 19)));
    assert_eq!(model.agencies.len(), 29);
    let names: Vec<&str> = model.agencies.iter().map(|a| a.name.as_str()).collect();
    let config_names: Vec<&str> = config.agencies.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, config_names);
    let summary = |i: usize| {
        let a = &model.agencies[i];
        (a.submission, a.file.clone(), a.total)
    };
    assert_eq!(summary(stp), (Submission::OnTime, Some("stp-b.xlsx".into()), 1));
    assert_eq!(summary(syt), (Submission::OnTime, Some("syt (2).xlsx".into()), 1));
    assert_eq!(summary(bt), (Submission::OnTime, Some("bt.xlsx".into()), 1));
    assert_eq!(summary(bx), (Submission::Late, Some("bx.xlsx".into()), 1));
    assert_eq!(summary(sct), (Submission::Missing, None, 0));
    assert_eq!(summary(vb), (Submission::OnTime, Some("vb.xlsx".into()), 1));
    assert_eq!(model.agencies[stp].counts, StatusCounts { in_progress: 1, ..Default::default() });
    assert_eq!(model.agencies[sct].counts, StatusCounts::default());
    let missing = model.agencies.iter().filter(|a| a.submission == Submission::Missing).count();
    assert_eq!(missing, 29 - 5);

    let roles: Vec<(&str, FileRole, Option<&str>)> =
        model.files.iter().map(|f| (f.file.as_str(), f.role, f.agency.as_deref())).collect();
    assert_eq!(
        roles,
        vec![
            ("bt.xlsx", FileRole::Used, Some("Huyện Bảo Thắng")),
            ("bx.xlsx", FileRole::Used, Some("Huyện Bát Xát")),
            ("desktop.ini", FileRole::Ignored, None),
            ("hong.xls", FileRole::Unreadable, None),
            ("lien nganh.xlsx", FileRole::Unreadable, None),
            ("sct-t4.xlsx", FileRole::WrongPeriod, Some("Sở Công Thương")),
            ("stp-a.xlsx", FileRole::Superseded, Some("Sở Tư pháp")),
            ("stp-b.xlsx", FileRole::Used, Some("Sở Tư pháp")),
            ("stp-c.xlsx", FileRole::Superseded, Some("Sở Tư pháp")),
            ("syt (1).xlsx", FileRole::Superseded, Some("Sở Y tế")),
            ("syt (2).xlsx", FileRole::Used, Some("Sở Y tế")),
            ("vb.xlsx", FileRole::Used, Some("Huyện Văn Bàn")),
        ]
    );
    let superseded = model.files.iter().find(|f| f.file == "stp-a.xlsx").unwrap();
    assert!(superseded.message.contains("«stp-b.xlsx»"), "{}", superseded.message);
    let wrong = model.files.iter().find(|f| f.file == "sct-t4.xlsx").unwrap();
    assert_eq!(wrong.message, "báo cáo tháng 04/2023, không phải tháng 05/2023 đang tổng hợp: không tính");

    // Tasks: used files only, in configuration order of the agencies.
    let sources: Vec<&str> = model.tasks.iter().map(|t| t.source.file.as_str()).collect();
    assert_eq!(sources, vec!["stp-b.xlsx", "syt (2).xlsx", "bx.xlsx", "bt.xlsx", "vb.xlsx"]);
    assert_eq!(model.tasks[0].deadline, Some(date(6, 30)));
    assert_eq!(model.tasks[0].deadline_text.as_deref(), Some("30/6/2023"));
    assert_eq!(model.tasks[0].agency, "Sở Tư pháp");

    // Problems: sorted by file; the assumed month is a warning on vb.xlsx.
    let files: Vec<&str> = model.problems.iter().map(|p| p.file.as_str()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    let vb_problems: Vec<(Severity, &str)> =
        model.problems.iter().filter(|p| p.file == "vb.xlsx").map(|p| (p.severity, p.message.as_str())).collect();
    assert_eq!(
        vb_problems,
        vec![(
            Severity::Warning,
            "không thấy tháng báo cáo ở phần đầu báo cáo, tên trang hay tên tệp: coi là báo cáo tháng 05/2023"
        )]
    );
    let errors: Vec<&str> =
        model.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.file.as_str()).collect();
    assert_eq!(errors, vec!["hong.xls", "lien nganh.xlsx"]);
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.into())
}

/// The whole path from a sheet grid: an unparseable deadline is kept as text, flagged at
/// its cell, and never counted overdue.
#[test]
fn unparseable_deadline_from_a_sheet() {
    let config = Config::default_config();
    let matcher = AgencyMatcher::new(&config.agencies);
    let grid = SheetGrid {
        name: "Sheet1".into(),
        rows: vec![
            vec![text("SỞ Y TẾ")],
            vec![text("Báo cáo tháng 5 năm 2023")],
            vec![text("STT"), text("Nhiệm vụ"), text("Thời hạn"), text("Tình trạng")],
            vec![text("1"), text("Xây dựng phần mềm"), text("khi có kinh phí"), text("Chưa thực hiện")],
            vec![text("2"), text("Rà soát quy chế"), CellValue::Date(date(5, 14)), text("Đang thực hiện")],
            vec![text("3"), text("Sửa quy chế"), CellValue::Number(45_061.0), text("Đang thực hiện")],
            vec![],
            vec![CellValue::Empty, text("Lào Cai, ngày 20 tháng 5 năm 2023")],
        ],
        ..Default::default()
    };
    let report = build_report("syt.xlsx", None, &[grid], &config, &matcher);
    assert_eq!(report.report_date, Some(date(5, 20)));
    let model = consolidate(Ingested { reports: vec![report], skipped: vec![] }, &config, may());
    let statuses: Vec<(TaskStatus, Option<NaiveDate>, Option<&str>)> =
        model.tasks.iter().map(|t| (t.status, t.deadline, t.deadline_text.as_deref())).collect();
    assert_eq!(
        statuses,
        vec![
            (TaskStatus::NotStarted, None, Some("khi có kinh phí")),
            (TaskStatus::Overdue, Some(date(5, 14)), Some("14/05/2023")),
            (TaskStatus::InProgress, Some(date(5, 15)), Some("15/05/2023")),
        ]
    );
    let syt = model.agencies.iter().find(|a| a.name == "Sở Y tế").unwrap();
    assert_eq!(syt.submission, Submission::Late);
    assert_eq!(syt.counts, StatusCounts { overdue: 1, in_progress: 1, not_started: 1, ..Default::default() });
    let cells: Vec<(Option<&str>, Severity)> = model.problems.iter().map(|p| (p.cell.as_deref(), p.severity)).collect();
    assert_eq!(cells, vec![(Some("C4"), Severity::Warning)]);
}

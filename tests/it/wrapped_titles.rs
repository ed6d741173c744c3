//! Title blocks whose agency name is wrapped over two or three lines, as Decree 30 header
//! layout does for long names (plain cells of consecutive rows, merged ranges of different
//! widths, one cell with a line break), under the parent `UBND TỈNH LÀO CAI`: read through
//! `baocao::ingest` and `consolidate` with their submission and report date. A title
//! naming only the parent, and a wrap that fits two agencies, are still refused. A task
//! cell wrapped by hand is one line; its result keeps its line break.

use crate::common::xlsx::{at, date, merge, read, row, C::*};
use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::read_month;
use baocao::model::{FileRole, MonthModel, Period, Submission, TaskStatus};
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet};
use std::path::Path;

const PARENT: &str = "UBND TỈNH LÀO CAI";

/// A May report: the title block written by `title` in rows 1–3 (the right-hand block
/// and the place-date line of day `day` in column F), the report's title on row 5, the
/// header on row 7 and two tasks on rows 8–9. The file name names no agency.
fn workbook(path: &Path, day: u32, title: impl FnOnce(&mut Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    title(ws);
    at(ws, 1, 5, &[T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]);
    at(ws, 2, 5, &[T("Độc lập - Tự do - Hạnh phúc")]);
    at(ws, 3, 5, &[T(&format!("Lào Cai, ngày {day} tháng 5 năm 2023"))]);
    row(ws, 5, &[T("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI THIỆN CHỈ SỐ PAPI THÁNG 5 NĂM 2023")]);
    row(ws, 7, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng"), T("Kết quả thực hiện")]);
    row(
        ws,
        8,
        &[
            T("1"),
            T("Cập nhật hệ thống\nquản lý văn bản và điều hành"),
            T("30/6/2023"),
            T("Đang thực hiện"),
            T("Đã nâng cấp máy chủ;\nđang chuyển dữ liệu"),
        ],
    );
    row(ws, 9, &[T("2"), T("Công khai  thủ tục\r\nhành chính  trên cổng"), T("31/12/2023"), T("Đang thực hiện")]);
    wb.save(path).unwrap();
}

fn may() -> Period {
    Period::new(2023, 5).unwrap()
}

fn file_role(model: &MonthModel, file: &str) -> (FileRole, Option<String>, String) {
    let f = model.files.iter().find(|f| f.file == file).unwrap_or_else(|| panic!("{file} not listed"));
    (f.role, f.agency.clone(), f.message.clone())
}

/// (submission, report date, file) of a configured agency.
fn summary(model: &MonthModel, name: &str) -> (Submission, Option<NaiveDate>, Option<String>) {
    let a = model.agencies.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name} not configured"));
    (a.submission, a.report_date, a.file.clone())
}

/// Each way of wrapping, and the agency it names with the day its report is dated.
fn wrapped_workbooks(dir: &Path) -> Vec<(&'static str, &'static str, u32)> {
    // Plain cells of one column, as the tester's workbook.
    workbook(&dir.join("BC thang 05.xlsx"), 17, |ws| {
        row(ws, 1, &[T(PARENT)]);
        row(ws, 2, &[T("SỞ KẾ HOẠCH")]);
        row(ws, 3, &[T("VÀ ĐẦU TƯ")]);
    });
    // Merged ranges of the same columns; `LÀO CAI` alone is no agency.
    workbook(&dir.join("BC thang 05 (1).xlsx"), 18, |ws| {
        merge(ws, 1, 0, 1, 2, PARENT);
        merge(ws, 2, 0, 2, 2, "UBND THÀNH PHỐ");
        merge(ws, 3, 0, 3, 2, "LÀO CAI");
    });
    // One cell (merged over two rows) with a line break.
    workbook(&dir.join("BC thang 05 (2).xlsx"), 20, |ws| {
        row(ws, 1, &[T(PARENT)]);
        merge(ws, 2, 0, 3, 2, "SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI");
    });
    // Merged ranges of different widths, the second line centred under the first.
    workbook(&dir.join("BC thang 05 (3).xlsx"), 16, |ws| {
        merge(ws, 1, 0, 1, 3, PARENT);
        merge(ws, 2, 0, 2, 3, "SỞ VĂN HÓA");
        merge(ws, 3, 1, 3, 2, "VÀ THỂ THAO");
    });
    // In column B, three lines.
    workbook(&dir.join("BC thang 05 (4).xlsx"), 19, |ws| {
        at(ws, 1, 1, &[T(PARENT)]);
        at(ws, 2, 1, &[T("SỞ NÔNG NGHIỆP")]);
        at(ws, 3, 1, &[T("VÀ PHÁT TRIỂN NÔNG THÔN")]);
    });
    // A district without the parent line.
    workbook(&dir.join("BC thang 05 (5).xlsx"), 15, |ws| {
        row(ws, 1, &[T("UBND HUYỆN")]);
        row(ws, 2, &[T("BẢO THẮNG")]);
    });
    // The province's name ending the wrapped name is not the parent.
    workbook(&dir.join("BC thang 05 (6).xlsx"), 22, |ws| {
        row(ws, 1, &[T(PARENT)]);
        row(ws, 2, &[T("BAN QUẢN LÝ KHU KINH TẾ")]);
        row(ws, 3, &[T("TỈNH LÀO CAI")]);
    });
    vec![
        ("BC thang 05.xlsx", "Sở Kế hoạch và Đầu tư", 17),
        ("BC thang 05 (1).xlsx", "Thành phố Lào Cai", 18),
        ("BC thang 05 (2).xlsx", "Sở Lao động - Thương binh và Xã hội", 20),
        ("BC thang 05 (3).xlsx", "Sở Văn hóa và Thể thao", 16),
        ("BC thang 05 (4).xlsx", "Sở Nông nghiệp và Phát triển nông thôn", 19),
        ("BC thang 05 (5).xlsx", "Huyện Bảo Thắng", 15),
        ("BC thang 05 (6).xlsx", "Ban Quản lý Khu kinh tế tỉnh", 22),
    ]
}

#[test]
fn a_name_wrapped_over_lines_is_the_agency() {
    let dir = tempfile::tempdir().unwrap();
    let cases = wrapped_workbooks(dir.path());
    let ingested = read(dir.path());
    let config = Config::default_config();
    let model = consolidate(ingested.clone(), &config, may());
    for (file, agency, day) in cases {
        let report = ingested.reports.iter().find(|r| r.file == file).unwrap();
        assert_eq!(report.refusal, None, "{file}");
        assert_eq!(report.agency.map(|i| config.agencies[i].name.as_str()), Some(agency), "{file}");
        let (role, named, _) = file_role(&model, file);
        assert_eq!((role, named.as_deref()), (FileRole::Used, Some(agency)), "{file}");
        // Due on the 19th.
        let submission = if day <= 19 { Submission::OnTime } else { Submission::Late };
        assert_eq!(summary(&model, agency), (submission, Some(date(2023, 5, day)), Some(file.to_string())), "{file}");
        let a = model.agencies.iter().find(|a| a.name == agency).unwrap();
        assert!(!a.report_date_from_file_time, "{file}");
        assert_eq!(a.total, 2, "{file}");
    }
    assert_eq!(model.files.len(), 7);
}

#[test]
fn a_title_naming_only_the_parent_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("BC thang 05.xlsx"), 17, |ws| {
        row(ws, 1, &[T(PARENT)]);
    });
    workbook(&dir.path().join("BC thang 05 (1).xlsx"), 17, |ws| {
        merge(ws, 1, 0, 1, 2, "UBND TỈNH");
        merge(ws, 2, 0, 2, 2, "LÀO CAI");
    });
    let model = consolidate(read(dir.path()), &Config::default_config(), may());
    let refused = "không xác định được cơ quan báo cáo: phần đầu báo cáo và tên tệp không có tên cơ quan nào \
                   trong cấu hình";
    for file in ["BC thang 05.xlsx", "BC thang 05 (1).xlsx"] {
        assert_eq!(file_role(&model, file), (FileRole::Unreadable, None, refused.to_string()), "{file}");
    }
    assert_eq!(summary(&model, "Thành phố Lào Cai"), (Submission::Missing, None, None));
    assert!(model.tasks.is_empty());
}

#[test]
fn a_wrap_that_fits_two_agencies_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A joint report: two names, each wrapped.
    workbook(&dir.path().join("BC thang 05.xlsx"), 17, |ws| {
        row(ws, 1, &[T(PARENT)]);
        row(ws, 2, &[T("SỞ TƯ"), T(""), T(""), T("SỞ NỘI")]);
        row(ws, 3, &[T("PHÁP"), T(""), T(""), T("VỤ")]);
    });
    let ingested = read(dir.path());
    let model = consolidate(ingested, &Config::default_config(), may());
    let (role, agency, message) = file_role(&model, "BC thang 05.xlsx");
    assert_eq!((role, agency), (FileRole::Unreadable, None));
    assert_eq!(message, "không xác định được cơ quan: khớp cả Sở Nội vụ và Sở Tư pháp");

    // One wrapped name that is the alias of two agencies.
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("BC thang 05.xlsx"), 17, |ws| {
        row(ws, 1, &[T(PARENT)]);
        row(ws, 2, &[T("SỞ VĂN")]);
        row(ws, 3, &[T("HÓA")]);
    });
    let mut config = Config::default_config();
    for a in config.agencies.iter_mut().filter(|a| a.name == "Sở Văn hóa và Thể thao" || a.name == "Sở Du lịch")
    {
        a.aliases.push("Sở Văn hóa".into());
    }
    let ingested = read_month(dir.path(), &config, &|_, _, _| {}).unwrap();
    let model = consolidate(ingested, &config, may());
    let (role, agency, message) = file_role(&model, "BC thang 05.xlsx");
    assert_eq!((role, agency), (FileRole::Unreadable, None));
    assert_eq!(message, "không xác định được cơ quan: khớp cả Sở Văn hóa và Thể thao và Sở Du lịch");
}

#[test]
fn a_task_is_one_line_its_result_keeps_its_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    // A one-line agency name: only the task cells are at stake here.
    workbook(&dir.path().join("BC thang 05.xlsx"), 17, |ws| {
        row(ws, 1, &[T(PARENT)]);
        row(ws, 2, &[T("SỞ TƯ PHÁP")]);
    });
    let model = consolidate(read(dir.path()), &Config::default_config(), may());
    let tasks: Vec<_> = model
        .tasks
        .iter()
        .filter(|t| t.agency == "Sở Tư pháp")
        .map(|t| (t.task.as_str(), t.result.as_deref(), t.source.sheet.as_str(), t.source.row, t.status, t.deadline))
        .collect();
    assert_eq!(
        tasks,
        vec![
            (
                "Cập nhật hệ thống quản lý văn bản và điều hành",
                Some("Đã nâng cấp máy chủ;\nđang chuyển dữ liệu"),
                "Sheet1",
                8,
                TaskStatus::InProgress,
                Some(date(2023, 6, 30)),
            ),
            (
                "Công khai thủ tục hành chính trên cổng",
                None,
                "Sheet1",
                9,
                TaskStatus::InProgress,
                Some(date(2023, 12, 31)),
            ),
        ]
    );
}

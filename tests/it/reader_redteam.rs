//! The "unseen month": workbooks made the ways Vietnamese clerks make them in Excel or
//! LibreOffice, written independently of `tests/common/month.rs`, each varying in a way
//! domain.md §3 allows. Every value the reader gets is asserted exactly.

use crate::common::xlsx::C::{self, *};
use crate::common::xlsx::{
    agency_index, at, brief, cells_with, date, dl, merge_wrap as merge, read, report, row, Brief,
};
use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::model::{FileRole, IndexKind, Period, Severity, Submission, TaskStatus};
use baocao::normalize::{Deadline, ReportedState};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use std::path::Path;

fn recurring(text: &str) -> Option<Deadline> {
    Some(Deadline::Recurring { text: text.into() })
}

fn may() -> Period {
    Period::new(2023, 5).unwrap()
}

fn area(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn b(
    task: &str,
    index: Option<IndexKind>,
    area: Option<String>,
    deadline: Option<Deadline>,
    reported: Option<ReportedState>,
    row: u32,
) -> Brief {
    (task.to_string(), index, area, deadline, reported, row)
}

use IndexKind::*;
use ReportedState::*;

/// A department's official report: parent authority over the agency on two lines, the
/// period as `tháng 05 năm 2023` followed by the data range `(Từ ngày … đến ngày …)`,
/// header texts with line breaks, units and parentheses, a letter/number numbering row,
/// section rows written `A. …`, `PHẦN II - …`, `Chỉ số … (PAPI)` in column A only or
/// merged across, area rows `Lĩnh vực N: …`, STT `1`, `-`, `+`, `1.1` or empty, a
/// `Tổng cộng` row, a summary line, and a footer with `Nơi nhận:` and `KT. GIÁM ĐỐC`.
#[test]
fn official_department_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Báo cáo T5").unwrap();
    row(ws, 1, &[T("UBND TỈNH LÀO CAI"), T(""), T(""), T(""), T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]);
    row(ws, 2, &[T("SỞ NỘI VỤ"), T(""), T(""), T(""), T("Độc lập - Tự do - Hạnh phúc")]);
    row(ws, 3, &[T("Số: 112/BC-SNV")]);
    merge(ws, 5, 0, 5, 7, "BÁO CÁO");
    merge(ws, 6, 0, 6, 7, "Kết quả thực hiện kế hoạch cải thiện Chỉ số PAR INDEX, SIPAS, PAPI tháng 05 năm 2023");
    merge(ws, 7, 0, 7, 7, "(Từ ngày 15/4/2023 đến ngày 14/5/2023)");
    row(
        ws,
        9,
        &[
            T("Số TT"),
            T("Nội dung công việc"),
            T("Thời hạn\nhoàn thành"),
            T("Tình hình\nthực hiện"),
            T("Tiến độ (%)"),
            T("Kết quả thực hiện\n(nêu cụ thể)"),
            T("Tồn tại, hạn chế"),
            T("Ghi chú"),
        ],
    );
    row(ws, 10, &[T("A"), T("B"), T("1"), T("2"), T("3"), T("4"), T("5"), T("6")]);
    row(ws, 11, &[T("A. CHỈ SỐ PAR INDEX")]);
    row(ws, 12, &[T("I"), T("Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC")]);
    row(
        ws,
        13,
        &[
            T("1"),
            T("Ban hành kế hoạch tuyên truyền CCHC"),
            D(2023, 3, 31),
            T("Đã hoàn thành (100%)"),
            P(1.0),
            T("Kế hoạch số 20/KH-SNV"),
        ],
    );
    row(
        ws,
        14,
        &[T("2"), T("Kiểm tra CCHC tại các cơ quan"), T("Quý II năm 2023"), T("Đang triển khai thực hiện"), P(0.5)],
    );
    row(ws, 15, &[T("II"), T("Lĩnh vực 2: Cải cách tổ chức bộ máy")]);
    row(ws, 16, &[T("-"), T("Rà soát vị trí việc làm"), T("Trước 30/6/2023"), T("Hoàn thành 80%"), T("80")]);
    row(
        ws,
        17,
        &[
            T("+"),
            T("Sắp xếp đơn vị sự nghiệp"),
            T("Tháng 6-2023"),
            T("Chưa triển khai do chưa có hướng dẫn"),
            T(""),
            T(""),
            T("Chưa có văn bản hướng dẫn của Bộ"),
        ],
    );
    merge(ws, 18, 0, 18, 7, "PHẦN II - CHỈ SỐ HÀI LÒNG (SIPAS)");
    row(ws, 19, &[T(""), T("Khảo sát sự hài lòng của người dân"), T("Thường xuyên"), T("Thực hiện thường xuyên")]);
    row(ws, 20, &[T("Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)")]);
    row(ws, 21, &[T("1.1"), T("Công khai thông tin"), T("2023-06-30"), T("Đã xong")]);
    row(ws, 22, &[T("1.2"), T("Đối thoại với người dân"), T("06/2023"), T("Đang thực hiện")]);
    row(ws, 23, &[T(""), T("Tổng cộng"), T(""), T(""), T("57%")]);
    row(ws, 25, &[T(""), T("Tổng số: 7 nhiệm vụ; Hoàn thành: 2; Đang thực hiện: 3; Chưa thực hiện: 1")]);
    row(ws, 27, &[T(""), T(""), T(""), T(""), T("Lào Cai, ngày 19 tháng 05 năm 2023")]);
    row(ws, 28, &[T("Nơi nhận:"), T(""), T(""), T(""), T("KT. GIÁM ĐỐC")]);
    row(ws, 29, &[T("- UBND tỉnh (b/c);"), T(""), T(""), T(""), T("PHÓ GIÁM ĐỐC")]);
    row(ws, 30, &[T("- Lưu: VT, CCHC.")]);
    row(ws, 32, &[T(""), T(""), T(""), T(""), T("Nguyễn Văn Hùng")]);
    wb.save(dir.path().join("112-BC-SNV.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "112-BC-SNV.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Sở Nội vụ")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 19)));
    let a1 = area("Công tác chỉ đạo, điều hành CCHC");
    let a2 = area("Cải cách tổ chức bộ máy");
    assert_eq!(
        brief(&r.tasks),
        vec![
            b(
                "Ban hành kế hoạch tuyên truyền CCHC",
                Some(ParIndex),
                a1.clone(),
                dl(2023, 3, 31, "31/03/2023"),
                Some(Done),
                13
            ),
            b(
                "Kiểm tra CCHC tại các cơ quan",
                Some(ParIndex),
                a1,
                dl(2023, 6, 30, "Quý II năm 2023"),
                Some(InProgress),
                14
            ),
            b(
                "Rà soát vị trí việc làm",
                Some(ParIndex),
                a2.clone(),
                dl(2023, 6, 30, "Trước 30/6/2023"),
                Some(InProgress),
                16
            ),
            b("Sắp xếp đơn vị sự nghiệp", Some(ParIndex), a2, dl(2023, 6, 30, "Tháng 6-2023"), Some(NotStarted), 17),
            b("Khảo sát sự hài lòng của người dân", Some(Sipas), None, recurring("Thường xuyên"), Some(Recurring), 19),
            b("Công khai thông tin", Some(Papi), None, dl(2023, 6, 30, "2023-06-30"), Some(Done), 21),
            b("Đối thoại với người dân", Some(Papi), None, dl(2023, 6, 30, "06/2023"), Some(InProgress), 22),
        ]
    );
    let pct: Vec<Option<f64>> = r.tasks.iter().map(|t| t.progress_pct).collect();
    assert_eq!(pct, vec![Some(100.0), Some(50.0), Some(80.0), None, None, None, None]);
    assert_eq!(r.tasks[0].result.as_deref(), Some("Kế hoạch số 20/KH-SNV"));
    assert_eq!(r.tasks[3].issues.as_deref(), Some("Chưa có văn bản hướng dẫn của Bộ"));
    assert!(cells_with(r, Severity::Warning).is_empty(), "{:#?}", r.problems);
    assert!(cells_with(r, Severity::Error).is_empty(), "{:#?}", r.problems);
}

/// A district report starting at column B, row 3, with empty leading columns: a two-row
/// header where `Thời gian hoàn thành` stands over `Kế hoạch | Thực tế` and `Tình trạng`
/// over x-mark columns marked `X`, `x `, `✓`, `1`; the period as `Kỳ báo cáo: Tháng
/// 5/2023` after the data range; the place-date line in the footer.
#[test]
fn district_grouped_header_from_column_b() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
    at(ws, 3, 1, &[T("UBND HUYỆN SI MA CAI")]);
    at(ws, 4, 1, &[T("BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ SỐ PAR INDEX, SIPAS, PAPI")]);
    at(ws, 5, 1, &[T("(Số liệu từ ngày 15/4/2023 đến ngày 14/5/2023)")]);
    at(ws, 6, 1, &[T("Kỳ báo cáo: Tháng 5/2023")]);
    merge(ws, 8, 1, 9, 1, "TT");
    merge(ws, 8, 2, 9, 2, "Nhiệm vụ/giải pháp");
    merge(ws, 8, 3, 8, 4, "Thời gian hoàn thành");
    merge(ws, 8, 5, 8, 7, "Tình trạng");
    merge(ws, 8, 8, 9, 8, "Ghi chú");
    at(ws, 9, 3, &[T("Kế hoạch"), T("Thực tế"), T("Hoàn thành"), T("Đang thực hiện"), T("Chưa thực hiện")]);
    at(ws, 10, 1, &[T("(1)"), T("(2)"), T("(3)"), T("(4)"), T("(5)"), T("(6)"), T("(7)"), T("(8)")]);
    at(ws, 11, 1, &[T("I"), T("Chỉ số PAR INDEX")]);
    at(ws, 12, 1, &[N(1.0), T("Ban hành quy chế làm việc"), D(2023, 4, 30), D(2023, 4, 25), T("X")]);
    at(ws, 13, 1, &[N(2.0), T("Cập nhật danh mục TTHC"), D(2023, 5, 10), D(2023, 5, 12), T("x ")]);
    at(ws, 14, 1, &[N(3.0), T("Số hóa hồ sơ TTHC"), D(2023, 9, 30), T(""), T(""), T("✓")]);
    at(ws, 15, 1, &[T("II"), T("Chỉ số SIPAS")]);
    at(ws, 16, 1, &[N(1.0), T("Niêm yết số điện thoại đường dây nóng"), D(2023, 7, 31), T(""), T(""), T(""), N(1.0)]);
    at(ws, 18, 6, &[T("Si Ma Cai, ngày 19 tháng 05 năm 2023")]);
    at(ws, 19, 2, &[T("NGƯỜI LẬP BIỂU"), T(""), T(""), T(""), T("TM. ỦY BAN NHÂN DÂN")]);
    at(ws, 20, 6, &[T("KT. CHỦ TỊCH")]);
    wb.save(dir.path().join("SMC_BC thang 5.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "SMC_BC thang 5.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Huyện Si Ma Cai")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 19)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            b("Ban hành quy chế làm việc", Some(ParIndex), None, dl(2023, 4, 30, "30/04/2023"), Some(Done), 12),
            b("Cập nhật danh mục TTHC", Some(ParIndex), None, dl(2023, 5, 10, "10/05/2023"), Some(Done), 13),
            b("Số hóa hồ sơ TTHC", Some(ParIndex), None, dl(2023, 9, 30, "30/09/2023"), Some(InProgress), 14),
            b(
                "Niêm yết số điện thoại đường dây nóng",
                Some(Sipas),
                None,
                dl(2023, 7, 31, "31/07/2023"),
                Some(NotStarted),
                16
            ),
        ]
    );
    let done: Vec<Option<NaiveDate>> = r.tasks.iter().map(|t| t.completed_on).collect();
    assert_eq!(done, vec![Some(date(2023, 4, 25)), Some(date(2023, 5, 12)), None, None]);
    assert!(cells_with(r, Severity::Warning).is_empty(), "{:#?}", r.problems);
}

/// Old tone placement in the agency name, `Kết quả (tình trạng)` and `Thời gian hoàn
/// thành thực tế` columns, a completion date written in the status cell, a task text
/// continued on the next row, a hidden row, deadlines as text dates and numbers stored
/// as text, formulas with cached results.
#[test]
fn old_tone_continuations_and_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("T5-2023").unwrap();
    row(ws, 1, &[T("UỶ BAN NHÂN DÂN HUYỆN BẮC HÀ")]);
    row(ws, 2, &[T("BÁO CÁO Kết quả thực hiện kế hoạch cải thiện chỉ số tháng 05 năm 2023")]);
    row(
        ws,
        4,
        &[
            T("STT"),
            T("Nội dung nhiệm vụ"),
            T("Thời hạn\nhoàn thành"),
            T("Kết quả\n(tình trạng)"),
            T("Thời gian hoàn thành thực tế"),
            T("Tỷ lệ (%)"),
        ],
    );
    row(ws, 5, &[T("1"), T("Tiêu chí 2.1 Công khai, minh bạch")]);
    row(
        ws,
        6,
        &[Fm("=ROW()-5", "1"), T("Công khai dự toán ngân sách"), T("31/3/2023"), T("Hoàn thành ngày 12/5/2023")],
    );
    row(
        ws,
        7,
        &[
            Fm("=A6+1", "2"),
            T("Niêm yết công khai các khoản thu"),
            T("30.4.2023"),
            T("Đã hoàn thành"),
            D(2023, 4, 28),
            T("100"),
        ],
    );
    row(
        ws,
        8,
        &[
            Fm("=A7+1", "3"),
            T("Tổ chức hội nghị đối thoại giữa Chủ tịch UBND huyện"),
            T("Tháng 6/2023"),
            Fm("=\"Đang thực hiện\"", "Đang thực hiện"),
            T(""),
            Fm("=0.5", "0.5"),
        ],
    );
    row(ws, 9, &[T(""), T("với người dân các xã vùng cao")]);
    row(ws, 10, &[T("4"), T("Bản nháp dòng ẩn"), T("Tháng 6/2023"), T("Đang thực hiện")]);
    ws.set_row_hidden(9).unwrap();
    row(ws, 11, &[T("5"), T("Kiểm tra việc niêm yết TTHC"), T("Tháng 5/2023"), T("Chưa thực hiện")]);
    row(ws, 13, &[T(""), T("Bắc Hà, ngày 18 tháng 5 năm 2023")]);
    wb.save(dir.path().join("Bac Ha - bao cao thang 5.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "Bac Ha - bao cao thang 5.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Huyện Bắc Hà")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 18)));
    let a = area("Công khai, minh bạch");
    assert_eq!(
        brief(&r.tasks),
        vec![
            b("Công khai dự toán ngân sách", None, a.clone(), dl(2023, 3, 31, "31/3/2023"), Some(Done), 6),
            b("Niêm yết công khai các khoản thu", None, a.clone(), dl(2023, 4, 30, "30.4.2023"), Some(Done), 7),
            b(
                "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND huyện với người dân các xã vùng cao",
                None,
                a.clone(),
                dl(2023, 6, 30, "Tháng 6/2023"),
                Some(InProgress),
                8
            ),
            b("Bản nháp dòng ẩn", None, a.clone(), dl(2023, 6, 30, "Tháng 6/2023"), Some(InProgress), 10),
            b("Kiểm tra việc niêm yết TTHC", None, a, dl(2023, 5, 31, "Tháng 5/2023"), Some(NotStarted), 11),
        ]
    );
    let done: Vec<Option<NaiveDate>> = r.tasks.iter().map(|t| t.completed_on).collect();
    assert_eq!(done, vec![Some(date(2023, 5, 12)), Some(date(2023, 4, 28)), None, None, None]);
    let pct: Vec<Option<f64>> = r.tasks.iter().map(|t| t.progress_pct).collect();
    assert_eq!(pct, vec![None, Some(100.0), Some(50.0), None, None]);
}

/// The agency and the parent authority in one cell with a line break; `Kính gửi:` in one
/// cell and the recipient (`Sở Nội vụ`) in the next; an introduction citing an earlier
/// document and its date (`Công văn số …, ngày 10/4/2023`) above the table while the
/// place-date line stands in the footer; headers `Nhiệm vụ, giải pháp`, `Thời hạn hoàn
/// thành theo KH`, `Tình hình triển khai`; deadlines written without a year (`30/6`,
/// `Quý II`), read in the year of the report.
#[test]
fn recipient_cell_intro_dates_and_yearless_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(
        ws,
        1,
        &[
            T("UBND TỈNH LÀO CAI\nSỞ Y TẾ"),
            T(""),
            T(""),
            T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        ],
    );
    row(ws, 3, &[T("Số: 85/BC-SYT")]);
    row(ws, 5, &[T("BÁO CÁO")]);
    row(ws, 6, &[T("Kết quả thực hiện Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh, tháng 5/2023")]);
    row(ws, 7, &[T("Kính gửi:"), T("Sở Nội vụ tỉnh Lào Cai")]);
    row(ws, 8, &[T("Thực hiện Công văn số 456/SNV-CCHC, ngày 10/4/2023 của Sở Nội vụ, Sở Y tế báo cáo như sau:")]);
    row(
        ws,
        10,
        &[
            T("TT"),
            T("Nhiệm vụ, giải pháp"),
            T("Thời hạn hoàn thành theo KH"),
            T("Tình hình triển khai"),
            T("Kết quả đạt được"),
            T("Khó khăn, vướng mắc, đề xuất"),
        ],
    );
    row(ws, 11, &[T("1"), T("Rà soát quy trình nội bộ"), T("30/6"), T("Đang thực hiện")]);
    row(ws, 12, &[T("2"), T("Cập nhật phần mềm một cửa"), T("Quý II"), T("Chưa thực hiện")]);
    row(ws, 13, &[T("3"), T("Đào tạo kỹ năng giao tiếp"), D(2023, 4, 20), T("Hoàn thành"), T("45 lượt công chức")]);
    row(ws, 15, &[T(""), T(""), T(""), T("Lào Cai, ngày 17 tháng 5 năm 2023")]);
    row(ws, 16, &[T(""), T(""), T(""), T("GIÁM ĐỐC")]);
    wb.save(dir.path().join("SYT BC PAR-SIPAS-PAPI T5.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "SYT BC PAR-SIPAS-PAPI T5.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Sở Y tế")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 17)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            b("Rà soát quy trình nội bộ", None, None, dl(2023, 6, 30, "30/6"), Some(InProgress), 11),
            b("Cập nhật phần mềm một cửa", None, None, dl(2023, 6, 30, "Quý II"), Some(NotStarted), 12),
            b("Đào tạo kỹ năng giao tiếp", None, None, dl(2023, 4, 20, "20/04/2023"), Some(Done), 13),
        ]
    );
    assert_eq!(r.tasks[2].result.as_deref(), Some("45 lượt công chức"));
    // The year taken from the report is said, at the cells.
    let infos: Vec<(Option<String>, Option<String>)> = cells_with(r, Severity::Info);
    assert_eq!(infos, vec![(Some("Sheet1".into()), Some("C11".into())), (Some("Sheet1".into()), Some("C12".into()))]);
    assert!(cells_with(r, Severity::Warning).is_empty(), "{:#?}", r.problems);
}

/// Last month's sheet kept in the workbook (`Bản cũ`, its own title says April, placed
/// first), an exact copy of this month's sheet (`Sheet1 (2)`), and a `Tổng hợp` sheet
/// of counts per index: only this month's table is read.
#[test]
fn old_copies_and_summary_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let header = [T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")];
    let old = wb.add_worksheet().set_name("Bản cũ").unwrap();
    row(old, 1, &[T("SỞ TƯ PHÁP")]);
    row(old, 2, &[T("BÁO CÁO THÁNG 4 NĂM 2023")]);
    row(old, 4, &header);
    row(old, 5, &[T("1"), T("Nhiệm vụ của tháng trước"), T("30/4/2023"), T("Đang thực hiện")]);
    for name in ["Sheet1", "Sheet1 (2)"] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        row(ws, 1, &[T("SỞ TƯ PHÁP")]);
        row(ws, 2, &[T("BÁO CÁO THÁNG 5 NĂM 2023")]);
        row(ws, 4, &header);
        row(ws, 5, &[T("1"), T("Phổ biến pháp luật về CCHC"), T("30/6/2023"), T("Đang thực hiện")]);
        row(ws, 6, &[T("2"), T("Rà soát văn bản QPPL"), T("15/5/2023"), T("Hoàn thành")]);
        row(ws, 8, &[T(""), T("Lào Cai, ngày 18 tháng 5 năm 2023")]);
    }
    let sum = wb.add_worksheet().set_name("Tổng hợp").unwrap();
    row(
        sum,
        1,
        &[T("STT"), T("Nội dung"), T("Tổng số nhiệm vụ"), T("Hoàn thành"), T("Đang thực hiện"), T("Chưa thực hiện")],
    );
    row(sum, 2, &[N(1.0), T("Chỉ số PAR INDEX"), N(2.0), N(1.0), N(1.0), N(0.0)]);
    row(sum, 3, &[N(2.0), T("Tổng cộng"), N(2.0), N(1.0), N(1.0), N(0.0)]);
    wb.save(dir.path().join("STP thang 5.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "STP thang 5.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Sở Tư pháp")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 18)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            b("Phổ biến pháp luật về CCHC", None, None, dl(2023, 6, 30, "30/6/2023"), Some(InProgress), 5),
            b("Rà soát văn bản QPPL", None, None, dl(2023, 5, 15, "15/5/2023"), Some(Done), 6),
        ]
    );
    let sheets: Vec<(Severity, Option<String>)> =
        r.problems.iter().filter(|p| p.cell.is_none()).map(|p| (p.severity, p.sheet.clone())).collect();
    assert_eq!(
        sheets,
        vec![(Severity::Info, Some("Bản cũ".into())), (Severity::Warning, Some("Sheet1 (2)".into()))],
        "{:#?}",
        r.problems
    );
}

/// One sheet per index with loose names (`1. PAR INDEX`, `Chỉ số SIPAS`, `PAPI 2023`),
/// the title only on the first; `Tình hình thực hiện` over x-mark columns `Đã hoàn thành
/// | Đang triển khai | Chưa triển khai`; a `Mức độ hoàn thành (%)` column; a small count
/// table under the task table that must not become tasks.
#[test]
fn loose_index_sheets_and_count_table_below() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let par = wb.add_worksheet().set_name("1. PAR INDEX").unwrap();
    row(par, 1, &[T("THANH TRA TỈNH")]);
    row(par, 2, &[T("Báo cáo tiến độ thực hiện tháng 05/2023")]);
    row(par, 3, &[T("Ngày báo cáo: 19/5/2023")]);
    merge(par, 5, 0, 6, 0, "STT");
    merge(par, 5, 1, 6, 1, "Nhiệm vụ");
    merge(par, 5, 2, 6, 2, "Thời hạn");
    merge(par, 5, 3, 5, 5, "Tình hình thực hiện");
    merge(par, 5, 6, 6, 6, "Mức độ hoàn thành (%)");
    at(par, 6, 3, &[T("Đã hoàn thành"), T("Đang triển khai"), T("Chưa triển khai")]);
    row(par, 7, &[T("1"), T("Công khai kết luận thanh tra"), T("Tháng 5/2023"), T("x"), T(""), T(""), N(100.0)]);
    row(par, 8, &[T("2"), T("Tiếp công dân định kỳ"), T("Hằng tháng"), T(""), T("x"), T(""), T("")]);
    row(par, 10, &[T("Chỉ số"), T("Tổng số"), T("Hoàn thành"), T("Đang triển khai"), T("Chưa triển khai")]);
    row(par, 11, &[T("PAR INDEX"), N(2.0), N(1.0), N(1.0), N(0.0)]);
    let sipas = wb.add_worksheet().set_name("Chỉ số SIPAS").unwrap();
    row(sipas, 1, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(sipas, 2, &[T("1"), T("Lấy phiếu khảo sát tại bộ phận một cửa"), T("Quý III/2023"), T("Chưa thực hiện")]);
    let papi = wb.add_worksheet().set_name("PAPI 2023").unwrap();
    row(papi, 1, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(papi, 2, &[T("1"), T("Xử lý đơn thư khiếu nại tố cáo"), T("Thường xuyên"), T("Đang thực hiện")]);
    wb.save(dir.path().join("Thanh tra tinh.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "Thanh tra tinh.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Thanh tra tỉnh")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 19)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            b("Công khai kết luận thanh tra", Some(ParIndex), None, dl(2023, 5, 31, "Tháng 5/2023"), Some(Done), 7),
            b("Tiếp công dân định kỳ", Some(ParIndex), None, recurring("Hằng tháng"), Some(InProgress), 8),
            b(
                "Lấy phiếu khảo sát tại bộ phận một cửa",
                Some(Sipas),
                None,
                dl(2023, 9, 30, "Quý III/2023"),
                Some(NotStarted),
                2
            ),
            b("Xử lý đơn thư khiếu nại tố cáo", Some(Papi), None, recurring("Thường xuyên"), Some(InProgress), 2),
        ]
    );
    assert_eq!(r.tasks[0].progress_pct, Some(100.0));
    assert!(cells_with(r, Severity::Warning).is_empty(), "{:#?}", r.problems);
}

// ---------------------------------------------------------------------------------------
// A whole unseen month

/// One task of the month: text, deadline cell, status cell, and the status expected at
/// the period end 14/5/2023.
type KitTask = (&'static str, &'static str, &'static str, TaskStatus);

const KIT: [KitTask; 8] = [
    ("Ban hành kế hoạch CCHC", "30/4/2023", "Hoàn thành", TaskStatus::Done),
    ("Rà soát quy chế làm việc", "30/4/2023", "Đang thực hiện", TaskStatus::Overdue),
    ("Số hóa hồ sơ TTHC", "30/6/2023", "Đang triển khai", TaskStatus::InProgress),
    ("Khảo sát sự hài lòng", "30/6/2023", "Chưa thực hiện", TaskStatus::NotStarted),
    ("Tuyên truyền CCHC", "Thường xuyên", "Đang thực hiện", TaskStatus::Recurring),
    ("Niêm yết công khai TTHC", "14/5/2023", "Đang thực hiện", TaskStatus::Overdue),
    ("Đối thoại với người dân", "Quý II/2023", "Hoàn thành quá hạn", TaskStatus::DoneLate),
    ("Kiểm tra công vụ", "15/5/2023", "Chưa triển khai", TaskStatus::NotStarted),
];

/// How an agency lays out its workbook.
struct Layout {
    header: &'static [&'static str],
    /// Columns of (task, deadline, status) in `header`.
    cols: (u16, u16, u16),
}

const LAYOUTS: [Layout; 4] = [
    Layout { header: &["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng"], cols: (1, 2, 3) },
    Layout {
        header: &["TT", "Nội dung công việc", "Thời hạn\nhoàn thành", "Tình hình thực hiện", "Ghi chú"],
        cols: (1, 2, 3),
    },
    Layout {
        header: &["Số TT", "Nhiệm vụ/giải pháp", "Đơn vị chủ trì", "Kết quả (tình trạng)", "Thời gian hoàn thành"],
        cols: (1, 4, 3),
    },
    Layout { header: &["Tình trạng", "Hạn hoàn thành", "Nội dung nhiệm vụ", "STT"], cols: (2, 1, 0) },
];

const SECTIONS: [(&str, IndexKind); 3] =
    [("I. CHỈ SỐ PAR INDEX", ParIndex), ("II. CHỈ SỐ SIPAS", Sipas), ("III. CHỈ SỐ PAPI", Papi)];

/// An agency's workbook for the month test.
struct Sent {
    file: &'static str,
    /// Title lines above the table (agency, period…), one per row from A1.
    title: &'static [&'static str],
    /// The place-date line (in the footer when `footer_date`).
    date_line: String,
    footer_date: bool,
    /// Indices into [`KIT`].
    tasks: &'static [usize],
    layout: usize,
    /// File modification time (day of May, hour).
    mtime: (u32, u32),
}

fn write_sent(dir: &Path, s: &Sent) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut r = 1;
    for line in s.title {
        row(ws, r, &[T(line)]);
        r += 1;
    }
    if !s.footer_date {
        at(ws, r, 2, &[T(&s.date_line)]);
        r += 1;
    }
    r += 1;
    let layout = &LAYOUTS[s.layout];
    let cells: Vec<C> = layout.header.iter().map(|h| T(h)).collect();
    row(ws, r, &cells);
    r += 1;
    let (tc, dc, sc) = layout.cols;
    for (j, &k) in s.tasks.iter().enumerate() {
        row(ws, r, &[T(SECTIONS[j % 3].0)]);
        r += 1;
        let (text, deadline, status, _) = KIT[k];
        let seq = (j + 1).to_string();
        let seq_col = layout.header.iter().position(|h| h.contains("TT")).unwrap() as u16;
        at(ws, r, seq_col, &[T(&seq)]);
        at(ws, r, tc, &[T(text)]);
        at(ws, r, dc, &[T(deadline)]);
        at(ws, r, sc, &[T(status)]);
        r += 1;
    }
    r += 1;
    if s.footer_date {
        at(ws, r, 2, &[T(&s.date_line)]);
        r += 1;
    }
    at(ws, r, 2, &[T("THỦ TRƯỞNG ĐƠN VỊ")]);
    let path = dir.join(s.file);
    wb.save(&path).unwrap();
    let (day, hour) = s.mtime;
    let secs = date(2023, 5, day).and_hms_opt(hour, 0, 0).unwrap().and_utc().timestamp();
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_modified(t).unwrap();
}

/// 26 of the 30 agencies report for May 2023 in their own ways; two files of one agency
/// with the same report date (the later-modified wins); April's report re-sent during May
/// (wrong period, however late its date); reports dated the 19th (on time) and the 20th
/// (late); a lock file and a system file. Submissions, counts, tasks and file roles
/// must all be exact.
#[test]
fn unseen_month() {
    let dir = tempfile::tempdir().unwrap();
    let place = |p: &str, d: u32| format!("{p}, ngày {d} tháng 5 năm 2023");
    const T1: &str = "Kết quả thực hiện kế hoạch cải thiện các chỉ số tháng 5 năm 2023";
    const T2: &str = "BÁO CÁO THÁNG 05/2023";
    const T3: &str = "Báo cáo tiến độ T5/2023";
    const T4: &str = "Kỳ báo cáo: Tháng 5/2023";
    // (canonical name, expected submission, file)
    let sent: Vec<(&str, Submission, Sent)> = vec![
        (
            "Văn phòng UBND tỉnh",
            Submission::OnTime,
            Sent {
                file: "VP UBND tinh - BC thang 5.xlsx",
                title: &["UBND TỈNH LÀO CAI", "VĂN PHÒNG", T1],
                date_line: place("Lào Cai", 15),
                footer_date: false,
                tasks: &[0, 1, 2],
                layout: 0,
                mtime: (15, 9),
            },
        ),
        (
            "Sở Nội vụ",
            Submission::OnTime,
            Sent {
                file: "BC SNV T5.xlsx",
                title: &["UBND TỈNH LÀO CAI", "SỞ NỘI VỤ", T2],
                date_line: place("Lào Cai", 19),
                footer_date: true,
                tasks: &[1, 2, 3],
                layout: 1,
                mtime: (19, 17),
            },
        ),
        (
            "Sở Tư pháp",
            Submission::Late,
            Sent {
                file: "STP_T5_2023.xlsx",
                title: &["SỞ TƯ PHÁP", T3],
                date_line: place("Lào Cai", 20),
                footer_date: false,
                tasks: &[2, 3, 4],
                layout: 2,
                mtime: (20, 8),
            },
        ),
        (
            "Sở Kế hoạch và Đầu tư",
            Submission::OnTime,
            Sent {
                file: "Bao cao KHDT thang 5.xlsx",
                title: &["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", T4],
                date_line: "Ngày báo cáo: 18/05/2023".into(),
                footer_date: false,
                tasks: &[3, 4, 5],
                layout: 3,
                mtime: (18, 9),
            },
        ),
        (
            "Sở Tài chính",
            Submission::OnTime,
            Sent {
                file: "STC T5.xlsx",
                title: &["SỞ TÀI CHÍNH", T1],
                date_line: place("Lào Cai", 18),
                footer_date: true,
                tasks: &[4, 5],
                layout: 0,
                mtime: (18, 8),
            },
        ),
        (
            "Sở Tài chính",
            Submission::OnTime,
            Sent {
                file: "STC T5 sua.xlsx",
                title: &["SỞ TÀI CHÍNH", T1],
                date_line: place("Lào Cai", 18),
                footer_date: true,
                tasks: &[4, 5, 6],
                layout: 0,
                mtime: (18, 16),
            },
        ),
        (
            "Sở Công Thương",
            Submission::OnTime,
            Sent {
                file: "SCT T5.xlsx",
                title: &["SỞ CÔNG THƯƠNG", T2],
                date_line: place("Lào Cai", 17),
                footer_date: false,
                tasks: &[5, 6, 7],
                layout: 1,
                mtime: (17, 9),
            },
        ),
        (
            "Sở Công Thương",
            Submission::OnTime,
            Sent {
                file: "SCT bao cao T4 bo sung.xlsx",
                title: &["SỞ CÔNG THƯƠNG", "BÁO CÁO THÁNG 04/2023 (bổ sung)"],
                date_line: place("Lào Cai", 21),
                footer_date: false,
                tasks: &[0, 1],
                layout: 1,
                mtime: (21, 9),
            },
        ),
        (
            "Sở Nông nghiệp và Phát triển nông thôn",
            Submission::OnTime,
            Sent {
                file: "So NN&PTNT - T5.xlsx",
                title: &["SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", T3],
                date_line: place("Lào Cai", 19),
                footer_date: true,
                tasks: &[6, 7, 0],
                layout: 2,
                mtime: (19, 10),
            },
        ),
        (
            "Sở Giao thông vận tải - Xây dựng",
            Submission::OnTime,
            Sent {
                file: "GTVT-XD thang 5.xlsx",
                title: &["SỞ GIAO THÔNG VẬN TẢI - XÂY DỰNG", T4],
                date_line: place("Lào Cai", 16),
                footer_date: false,
                tasks: &[7, 0, 1],
                layout: 3,
                mtime: (16, 9),
            },
        ),
        (
            "Sở Tài nguyên và Môi trường",
            Submission::OnTime,
            Sent {
                file: "BC TNMT.xlsx",
                title: &["Đơn vị báo cáo: Sở TN&MT", T1],
                date_line: place("Lào Cai", 17),
                footer_date: true,
                tasks: &[0, 2, 4],
                layout: 0,
                mtime: (17, 9),
            },
        ),
        (
            "Sở Thông tin và Truyền thông",
            Submission::OnTime,
            Sent {
                file: "STTTT.xlsx",
                title: &["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", T2],
                date_line: place("Lào Cai", 18),
                footer_date: false,
                tasks: &[1, 3, 5],
                layout: 1,
                mtime: (18, 9),
            },
        ),
        (
            "Sở Lao động - Thương binh và Xã hội",
            Submission::OnTime,
            Sent {
                file: "LĐTBXH bc thang 5.xlsx",
                title: &["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", T3],
                date_line: place("Lào Cai", 19),
                footer_date: false,
                tasks: &[2, 4, 6],
                layout: 2,
                mtime: (19, 9),
            },
        ),
        (
            "Sở Văn hóa và Thể thao",
            Submission::OnTime,
            Sent {
                file: "VHTT T5.xlsx",
                title: &["SỞ VĂN HOÁ VÀ THỂ THAO", T4],
                date_line: place("Lào Cai", 12),
                footer_date: true,
                tasks: &[3, 5, 7],
                layout: 3,
                mtime: (12, 9),
            },
        ),
        (
            "Sở Khoa học và Công nghệ",
            Submission::OnTime,
            Sent {
                file: "KHCN.xlsx",
                title: &["SỞ KHOA HỌC VÀ CÔNG NGHỆ", T1],
                date_line: place("Lào Cai", 18),
                footer_date: false,
                tasks: &[4, 6, 0],
                layout: 0,
                mtime: (18, 9),
            },
        ),
        (
            "Sở Giáo dục và Đào tạo",
            Submission::Late,
            Sent {
                file: "SGDDT BC T5.xlsx",
                title: &["UBND TỈNH LÀO CAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", T2],
                date_line: place("Lào Cai", 22),
                footer_date: true,
                tasks: &[5, 7, 1],
                layout: 1,
                mtime: (22, 9),
            },
        ),
        (
            "Sở Y tế",
            Submission::OnTime,
            Sent {
                file: "SYT.xlsx",
                title: &["SỞ Y TẾ", T3],
                date_line: place("Lào Cai", 18),
                footer_date: false,
                tasks: &[6, 0, 2],
                layout: 2,
                mtime: (18, 9),
            },
        ),
        (
            "Thanh tra tỉnh",
            Submission::OnTime,
            Sent {
                file: "Thanh tra T5.xlsx",
                title: &["UBND TỈNH LÀO CAI", "THANH TRA TỈNH", T4],
                date_line: place("Lào Cai", 18),
                footer_date: true,
                tasks: &[7, 1, 3],
                layout: 3,
                mtime: (18, 9),
            },
        ),
        (
            "Ban Quản lý Khu kinh tế tỉnh",
            Submission::OnTime,
            Sent {
                file: "BQL KKT.xlsx",
                title: &["BQL KHU KINH TẾ", T1],
                date_line: place("Lào Cai", 18),
                footer_date: false,
                tasks: &[0, 3, 6],
                layout: 0,
                mtime: (18, 9),
            },
        ),
        (
            "Thành phố Lào Cai",
            Submission::OnTime,
            Sent {
                file: "TP Lao Cai T5.xlsx",
                title: &["UBND THÀNH PHỐ LÀO CAI", T2],
                date_line: place("Lào Cai", 18),
                footer_date: true,
                tasks: &[1, 4, 7],
                layout: 1,
                mtime: (18, 9),
            },
        ),
        (
            "Thị xã Sa Pa",
            Submission::OnTime,
            Sent {
                file: "Sa Pa.xlsx",
                title: &["UBND THỊ XÃ SA PA", T3],
                date_line: place("Sa Pa", 17),
                footer_date: false,
                tasks: &[2, 5, 0],
                layout: 2,
                mtime: (17, 9),
            },
        ),
        (
            "Huyện Bát Xát",
            Submission::OnTime,
            Sent {
                file: "Bat Xat.xlsx",
                title: &["UBND HUYỆN BÁT XÁT", T4],
                date_line: place("Bát Xát", 16),
                footer_date: true,
                tasks: &[3, 6, 1],
                layout: 3,
                mtime: (16, 9),
            },
        ),
        (
            "Huyện Mường Khương",
            Submission::OnTime,
            Sent {
                file: "MK_T5.xlsx",
                title: &["ỦY BAN NHÂN DÂN HUYỆN MƯỜNG KHƯƠNG", T1],
                date_line: place("Mường Khương", 18),
                footer_date: false,
                tasks: &[4, 7, 2],
                layout: 0,
                mtime: (18, 9),
            },
        ),
        (
            "Huyện Si Ma Cai",
            Submission::OnTime,
            Sent {
                file: "SMC.xlsx",
                title: &["UBND HUYỆN SI MA CAI", T2],
                date_line: place("Si Ma Cai", 19),
                footer_date: true,
                tasks: &[5, 0, 3],
                layout: 1,
                mtime: (19, 9),
            },
        ),
        (
            "Huyện Bắc Hà",
            Submission::Late,
            Sent {
                file: "Bac Ha.xlsx",
                title: &["UỶ BAN NHÂN DÂN HUYỆN BẮC HÀ", T3],
                date_line: place("Bắc Hà", 25),
                footer_date: false,
                tasks: &[6, 1, 4],
                layout: 2,
                mtime: (25, 9),
            },
        ),
        (
            "Huyện Bảo Thắng",
            Submission::OnTime,
            Sent {
                file: "Bao Thang T5.xlsx",
                title: &["UBND HUYỆN BẢO THẮNG", T4],
                date_line: place("Bảo Thắng", 18),
                footer_date: true,
                tasks: &[7, 2, 5],
                layout: 3,
                mtime: (18, 9),
            },
        ),
        (
            "Huyện Bảo Yên",
            Submission::OnTime,
            Sent {
                file: "Bao Yen T5.xlsx",
                title: &["UBND HUYỆN BẢO YÊN", T1],
                date_line: place("Bảo Yên", 18),
                footer_date: false,
                tasks: &[0, 4, 6],
                layout: 0,
                mtime: (18, 9),
            },
        ),
    ];
    for (_, _, s) in &sent {
        write_sent(dir.path(), s);
    }
    std::fs::write(dir.path().join("~$STC T5.xlsx"), [0u8; 162]).unwrap();
    std::fs::write(dir.path().join("Thumbs.db"), [0u8; 64]).unwrap();

    let config = Config::default_config();
    let model = consolidate(read(dir.path()), &config, may());

    let superseded = ["STC T5.xlsx"];
    let wrong = ["SCT bao cao T4 bo sung.xlsx"];
    let mut want_files: Vec<(String, FileRole)> = sent
        .iter()
        .map(|(_, _, s)| {
            let role = if superseded.contains(&s.file) {
                FileRole::Superseded
            } else if wrong.contains(&s.file) {
                FileRole::WrongPeriod
            } else {
                FileRole::Used
            };
            (s.file.to_string(), role)
        })
        .chain([("Thumbs.db".to_string(), FileRole::Ignored), ("~$STC T5.xlsx".to_string(), FileRole::Ignored)])
        .collect();
    want_files.sort();
    let mut got_files: Vec<(String, FileRole)> = model.files.iter().map(|f| (f.file.clone(), f.role)).collect();
    got_files.sort();
    assert_eq!(got_files, want_files);

    for a in &config.agencies {
        let summary = model.agencies.iter().find(|s| s.name == a.name).unwrap();
        let used =
            sent.iter().find(|(n, _, s)| *n == a.name && !superseded.contains(&s.file) && !wrong.contains(&s.file));
        let Some((_, submission, s)) = used else {
            assert_eq!(summary.submission, Submission::Missing, "{}", a.name);
            assert_eq!(summary.total, 0);
            continue;
        };
        assert_eq!(summary.submission, *submission, "{}", a.name);
        assert_eq!(summary.file.as_deref(), Some(s.file), "{}", a.name);
        let mut counts = baocao::model::StatusCounts::default();
        for &k in s.tasks {
            counts.add(KIT[k].3);
        }
        assert_eq!(summary.counts, counts, "{}", a.name);
        // Every task: text, index from its section row, deadline, status.
        let got: Vec<(String, Option<IndexKind>, Option<String>, TaskStatus)> = model
            .tasks
            .iter()
            .filter(|t| t.agency == a.name)
            .map(|t| (t.task.clone(), t.index, t.deadline_text.clone(), t.status))
            .collect();
        let want: Vec<(String, Option<IndexKind>, Option<String>, TaskStatus)> = s
            .tasks
            .iter()
            .enumerate()
            .map(|(j, &k)| (KIT[k].0.to_string(), Some(SECTIONS[j % 3].1), Some(KIT[k].1.to_string()), KIT[k].3))
            .collect();
        assert_eq!(got, want, "{}", a.name);
    }
    let missing: Vec<&str> =
        model.agencies.iter().filter(|s| s.submission == Submission::Missing).map(|s| s.name.as_str()).collect();
    assert_eq!(missing, vec!["Sở Du lịch", "Sở Ngoại vụ", "Ban Dân tộc", "Huyện Văn Bàn"]);
    assert!(!model.problems.iter().any(|p| p.severity == Severity::Error), "{:#?}", model.problems);
}

/// Area rows numbered `1)`, `a)`, `Nội dung thành phần 3: …`, merged across the table or
/// split over STT and text; task rows numbered `1.1`, `-` and empty.
#[test]
fn area_row_forms() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("UBND HUYỆN BẢO YÊN")]);
    row(ws, 2, &[T("Báo cáo tháng 5 năm 2023")]);
    row(ws, 3, &[T("Bảo Yên, ngày 16 tháng 5 năm 2023")]);
    row(ws, 5, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(ws, 6, &[T("(1)"), T("(2)"), T("(3)"), T("(4)")]);
    row(ws, 7, &[T("Chỉ số PAPI")]);
    merge(ws, 8, 0, 8, 3, "Nội dung thành phần 3: Công khai, minh bạch");
    row(ws, 9, &[T("1.1"), T("Công khai danh sách hộ nghèo"), T("Tháng 6/2023"), T("Đang thực hiện")]);
    row(ws, 10, &[T("1)"), T("Trách nhiệm giải trình với người dân")]);
    row(ws, 11, &[T("-"), T("Tiếp dân định kỳ"), T("Hằng tháng"), T("Thường xuyên")]);
    row(ws, 12, &[T("a)"), T("Thủ tục hành chính công")]);
    row(ws, 13, &[T(""), T("Giảm thời gian chứng thực"), T("30/9/2023"), T("Chưa thực hiện")]);
    wb.save(dir.path().join("BY.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "BY.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Huyện Bảo Yên")));
    assert_eq!(r.report_date, Some(date(2023, 5, 16)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            b(
                "Công khai danh sách hộ nghèo",
                Some(Papi),
                area("Công khai, minh bạch"),
                dl(2023, 6, 30, "Tháng 6/2023"),
                Some(InProgress),
                9
            ),
            b(
                "Tiếp dân định kỳ",
                Some(Papi),
                area("Trách nhiệm giải trình với người dân"),
                recurring("Hằng tháng"),
                Some(Recurring),
                11
            ),
            b(
                "Giảm thời gian chứng thực",
                Some(Papi),
                area("Thủ tục hành chính công"),
                dl(2023, 9, 30, "30/9/2023"),
                Some(NotStarted),
                13
            ),
        ]
    );
    assert!(r.problems.iter().all(|p| p.severity == Severity::Info), "{:#?}", r.problems);
}

/// A second sheet of next month's tasks (`Nhiệm vụ tháng 6/2023`) does not make the May
/// report a June one, and is still read (its tasks are the agency's).
#[test]
fn next_month_sheet_keeps_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("BC T5").unwrap();
    row(ws, 1, &[T("SỞ DU LỊCH")]);
    row(ws, 2, &[T("Báo cáo tháng 5 năm 2023")]);
    row(ws, 3, &[T("Lào Cai, ngày 18 tháng 5 năm 2023")]);
    row(ws, 5, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(ws, 6, &[T("1"), T("Cập nhật bản đồ du lịch"), T("30/4/2023"), T("Hoàn thành")]);
    let next = wb.add_worksheet().set_name("Nhiệm vụ T6").unwrap();
    row(next, 1, &[T("Nhiệm vụ trọng tâm tháng 6/2023")]);
    row(next, 2, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(next, 3, &[T("1"), T("Tổ chức tuần văn hóa du lịch"), T("30/6/2023"), T("Chưa thực hiện")]);
    wb.save(dir.path().join("SDL.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "SDL.xlsx");
    assert_eq!(r.agency, Some(agency_index("Sở Du lịch")));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 18)));
    assert_eq!(
        brief(&r.tasks),
        vec![
            b("Cập nhật bản đồ du lịch", None, None, dl(2023, 4, 30, "30/4/2023"), Some(Done), 6),
            b("Tổ chức tuần văn hóa du lịch", None, None, dl(2023, 6, 30, "30/6/2023"), Some(NotStarted), 3),
        ]
    );
}

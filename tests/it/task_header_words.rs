//! Tasks whose text starts with the task column's own header word (`Nhiệm vụ số 1`,
//! `Nhiệm vụ 2: …`, `Nội dung công việc 3 …`) are tasks; the header repeated on a printed
//! page is still skipped.

use crate::common::xlsx::{brief, date, dl, read, report, row, Brief, C::*};
use baocao::model::Severity;
use baocao::normalize::{Deadline, ReportedState::*};
use rust_xlsxwriter::Workbook;

fn b(task: &str, deadline: Option<Deadline>, reported: Option<baocao::normalize::ReportedState>, r: u32) -> Brief {
    (task.to_string(), None, None, deadline, reported, r)
}

#[test]
fn header_words_at_the_start_of_a_task() {
    let dir = tempfile::tempdir().unwrap();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("SỞ TƯ PHÁP")]);
    row(ws, 2, &[T("Báo cáo tháng 5 năm 2023")]);
    row(ws, 3, &[T("Lào Cai, ngày 18 tháng 5 năm 2023")]);
    row(ws, 5, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(ws, 6, &[T("1"), T("Nhiệm vụ số 1: Rà soát thủ tục hành chính"), T("30/6/2023"), T("Đang thực hiện")]);
    row(ws, 7, &[T("2"), T("Nhiệm vụ 2: Công khai thủ tục hành chính"), T("30/4/2023"), T("Hoàn thành")]);
    // The header repeated at the top of a printed page.
    row(ws, 8, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(ws, 9, &[T("3"), T("Nhiệm vụ số 3"), T("30/9/2023"), T("Chưa thực hiện")]);
    row(ws, 10, &[T("4"), T("Nội dung tuyên truyền cải cách hành chính"), T("31/5/2023"), T("Đang triển khai")]);
    wb.save(dir.path().join("STP.xlsx")).unwrap();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("UBND HUYỆN BẮC HÀ")]);
    row(ws, 2, &[T("Báo cáo tháng 05/2023")]);
    row(ws, 3, &[T("Bắc Hà, ngày 17 tháng 5 năm 2023")]);
    let header = [T("TT"), T("Nội dung công việc"), T("Thời hạn hoàn thành"), T("Kết quả (tình trạng)")];
    row(ws, 4, &header);
    row(ws, 5, &[T("1"), T("Nội dung công việc 1: số hóa hồ sơ"), T("15/5/2023"), T("Đã hoàn thành")]);
    row(ws, 6, &header);
    row(ws, 7, &[T("2"), T("Nội dung công việc 2: tập huấn"), T("Thường xuyên"), T("Đang thực hiện")]);
    // Repeated in other words of the same fields: still the header.
    row(ws, 8, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(ws, 9, &[T("3"), T("Nhiệm vụ cụ thể: kiểm tra công vụ"), T("30/6/2023"), T("Chưa triển khai")]);
    wb.save(dir.path().join("BH.xlsx")).unwrap();

    let ingested = read(dir.path());

    let stp = report(&ingested, "STP.xlsx");
    assert_eq!(
        brief(&stp.tasks),
        vec![
            b("Nhiệm vụ số 1: Rà soát thủ tục hành chính", dl(2023, 6, 30, "30/6/2023"), Some(InProgress), 6),
            b("Nhiệm vụ 2: Công khai thủ tục hành chính", dl(2023, 4, 30, "30/4/2023"), Some(Done), 7),
            b("Nhiệm vụ số 3", dl(2023, 9, 30, "30/9/2023"), Some(NotStarted), 9),
            b("Nội dung tuyên truyền cải cách hành chính", dl(2023, 5, 31, "31/5/2023"), Some(InProgress), 10),
        ]
    );
    assert_eq!(stp.report_date, Some(date(2023, 5, 18)));
    assert!(stp.problems.iter().all(|p| p.severity == Severity::Info), "{:#?}", stp.problems);

    let bh = report(&ingested, "BH.xlsx");
    assert_eq!(
        brief(&bh.tasks),
        vec![
            b("Nội dung công việc 1: số hóa hồ sơ", dl(2023, 5, 15, "15/5/2023"), Some(Done), 5),
            b(
                "Nội dung công việc 2: tập huấn",
                Some(Deadline::Recurring { text: "Thường xuyên".into() }),
                Some(InProgress),
                7
            ),
            b("Nhiệm vụ cụ thể: kiểm tra công vụ", dl(2023, 6, 30, "30/6/2023"), Some(NotStarted), 9),
        ]
    );
    assert!(bh.problems.iter().all(|p| p.severity == Severity::Info), "{:#?}", bh.problems);
    assert!(
        !bh.problems.iter().chain(&stp.problems).any(|p| p.message.contains("không có dòng nhiệm vụ")),
        "{:#?}",
        bh.problems
    );
}

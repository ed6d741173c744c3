//! Reading agency workbooks made the ways agencies make them (domain.md §3). Every fixture
//! is generated here with rust_xlsxwriter into a temporary folder.

use crate::common::xlsx::C::*;
use crate::common::xlsx::{agency_index, brief, cells_with, date, dl, merge, read, report, row};
use baocao::model::{FileRole, IndexKind, Period, Severity, SourceRef};
use baocao::normalize::legacy::{encode, LegacyEncoding};
use baocao::normalize::{Deadline, ReportedState};
use rust_xlsxwriter::{Chart, ChartType, Workbook};

/// Title block, header on row 8 spanning two rows with merged group labels (`Thời gian`
/// over `Thời hạn | Ngày hoàn thành`, `Tình trạng` over x-mark columns), a numbering row,
/// section and area rows, blank rows, a footer.
#[test]
fn title_block_two_row_header_sections_and_footer() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("UBND TỈNH LÀO CAI"), T(""), T(""), T(""), T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]);
    row(ws, 2, &[T("SỞ TƯ PHÁP"), T(""), T(""), T(""), T("Độc lập - Tự do - Hạnh phúc")]);
    row(ws, 3, &[T("Số: 45/BC-STP"), T(""), T(""), T(""), T("Lào Cai, ngày 18 tháng 5 năm 2023")]);
    merge(ws, 5, 0, 5, 9, "BÁO CÁO");
    merge(ws, 6, 0, 6, 9, "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023");
    merge(ws, 8, 0, 9, 0, "STT");
    merge(ws, 8, 1, 9, 1, "Nội dung nhiệm vụ");
    merge(ws, 8, 2, 9, 2, "Đơn vị chủ trì");
    merge(ws, 8, 3, 8, 4, "Thời gian");
    merge(ws, 8, 5, 8, 7, "Tình trạng");
    merge(ws, 8, 8, 9, 8, "Kết quả thực hiện");
    merge(ws, 8, 9, 9, 9, "Ghi chú");
    row(
        ws,
        9,
        &[
            T(""),
            T(""),
            T(""),
            T("Thời hạn"),
            T("Ngày hoàn thành"),
            T("Hoàn thành"),
            T("Đang thực hiện"),
            T("Chưa thực hiện"),
        ],
    );
    row(ws, 10, &[T("(1)"), T("(2)"), T("(3)"), T("(4)"), T("(5)"), T("(6)"), T("(7)"), T("(8)"), T("(9)"), T("(10)")]);
    row(ws, 11, &[T("I"), T("CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)")]);
    row(ws, 12, &[T("1"), T("Công tác chỉ đạo, điều hành CCHC")]);
    row(
        ws,
        13,
        &[
            T("1.1"),
            T("Ban hành Kế hoạch CCHC năm 2023"),
            T("Văn phòng"),
            D(2023, 1, 31),
            D(2023, 1, 20),
            T("x"),
            T(""),
            T(""),
            T("Kế hoạch số 12/KH-STP"),
            T(""),
        ],
    );
    row(ws, 15, &[T("1.2"), T("Tuyên truyền về CCHC"), T(""), T("Thường xuyên"), T(""), T(""), T("x")]);
    row(ws, 16, &[T("II")]);
    merge(ws, 16, 1, 16, 9, "SIPAS");
    row(ws, 17, &[T("1"), T("Niêm yết công khai TTHC"), T(""), T("30/6/2023"), T(""), T(""), T(""), T("x")]);
    merge(ws, 18, 0, 18, 9, "III. Chỉ số PAPI");
    merge(ws, 19, 0, 19, 9, "Trục nội dung 5: Thủ tục hành chính công");
    row(ws, 20, &[T("1"), T("Rà soát TTHC"), T(""), T("Quý II/2023"), T(""), T(""), T("X")]);
    row(ws, 21, &[T("2"), T("Cập nhật cơ sở dữ liệu"), T(""), T("sớm nhất có thể"), T(""), T("x")]);
    row(ws, 23, &[T("Ghi chú: số liệu tính đến ngày 14/5/2023")]);
    row(ws, 24, &[T(""), T("NGƯỜI LẬP BIỂU"), T(""), T(""), T(""), T("GIÁM ĐỐC")]);
    row(ws, 26, &[T(""), T("Nguyễn Văn An"), T(""), T(""), T(""), T("Trần Thị Bình")]);
    wb.save(dir.path().join("BC T5 STP.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "BC T5 STP.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Sở Tư pháp")));
    assert_eq!(r.period, Some(Period::new(2023, 5).unwrap()));
    assert_eq!(r.report_date, Some(date(2023, 5, 18)));
    assert!(!r.report_date_from_file_time);
    let area1 = Some("Công tác chỉ đạo, điều hành CCHC".to_string());
    let area5 = Some("Thủ tục hành chính công".to_string());
    use IndexKind::*;
    use ReportedState::*;
    assert_eq!(
        brief(&r.tasks),
        vec![
            (
                "Ban hành Kế hoạch CCHC năm 2023".into(),
                Some(ParIndex),
                area1.clone(),
                dl(2023, 1, 31, "31/01/2023"),
                Some(Done),
                13
            ),
            (
                "Tuyên truyền về CCHC".into(),
                Some(ParIndex),
                area1,
                Some(Deadline::Recurring { text: "Thường xuyên".into() }),
                Some(InProgress),
                15
            ),
            ("Niêm yết công khai TTHC".into(), Some(Sipas), None, dl(2023, 6, 30, "30/6/2023"), Some(NotStarted), 17),
            ("Rà soát TTHC".into(), Some(Papi), area5.clone(), dl(2023, 6, 30, "Quý II/2023"), Some(InProgress), 20),
            (
                "Cập nhật cơ sở dữ liệu".into(),
                Some(Papi),
                area5,
                Some(Deadline::Unparsed { text: "sớm nhất có thể".into() }),
                Some(Done),
                21
            ),
        ]
    );
    let first = &r.tasks[0];
    assert_eq!(first.completed_on, Some(date(2023, 1, 20)));
    assert_eq!(first.result.as_deref(), Some("Kế hoạch số 12/KH-STP"));
    assert_eq!(first.note, None);
    assert_eq!(first.source, SourceRef { file: "BC T5 STP.xlsx".into(), sheet: "Sheet1".into(), row: 13 });
    // The unparsed deadline is flagged at its cell; nothing else is wrong.
    assert_eq!(cells_with(r, Severity::Warning), vec![(Some("Sheet1".into()), Some("D21".into()))]);
    assert!(cells_with(r, Severity::Error).is_empty());
}

/// `Đơn vị báo cáo:` line, a `Ngày báo cáo` cell, one sheet per index, shuffled and extra
/// columns, percentages in three forms, error cells, NFD text, an instruction sheet, a
/// hidden sheet with and one without a table, a chart sheet.
#[test]
fn sheet_per_index_shuffled_columns_percentages_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let guide = wb.add_worksheet().set_name("Hướng dẫn").unwrap();
    row(guide, 1, &[T("Cách điền biểu mẫu")]);
    row(guide, 2, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(guide, 3, &[T("1"), T("Ví dụ nhiệm vụ"), T("30/6/2023"), T("Hoàn thành")]);

    let header = [
        T("Ghi chú"),
        T("Tỷ lệ (%)"),
        T("Nhiệm vụ"),
        T("Người phụ trách"),
        T("Tình trạng"),
        T("Hạn hoàn thành"),
        T("Khó khăn, vướng mắc"),
        T("Đề xuất, kiến nghị"),
    ];
    let par = wb.add_worksheet().set_name("PAR INDEX").unwrap();
    row(par, 1, &[T("Đơn vị báo cáo: Sở LĐTBXH")]);
    row(par, 2, &[T("BÁO CÁO TIẾN ĐỘ THÁNG 05/2023")]);
    row(par, 3, &[T("Ngày báo cáo:"), D(2023, 5, 19)]);
    row(par, 5, &header);
    let nfd = "So\u{302}\u{301} ho\u{301}a ho\u{302}\u{300} so\u{31b}";
    row(
        par,
        6,
        &[
            T(""),
            N(0.85),
            T(nfd),
            T("Anh Bình"),
            T("Đang thực hiện"),
            D(2023, 4, 30),
            T("Thiếu máy quét"),
            T("Bổ sung kinh phí"),
        ],
    );
    row(par, 7, &[T(""), T("85%"), T("Cải cách thể chế"), T(""), T("Đang triển khai"), T("Tháng 6/2023")]);
    row(par, 8, &[T(""), N(85.0), T("Kiểm tra CCHC"), T(""), E("#N/A"), T("31/12/2023")]);
    row(par, 9, &[T(""), E("#REF!"), T("Đào tạo công chức"), T(""), T("Hoàn thành"), T("#SPILL!")]);

    let sipas = wb.add_worksheet().set_name("SIPAS").unwrap();
    row(sipas, 1, &header);
    row(
        sipas,
        2,
        &[T("Đã báo cáo"), N(1.0), T("Khảo sát mức độ hài lòng"), T(""), T("Hoàn thành quá hạn"), T("15/4/2023")],
    );

    let draft = wb.add_worksheet().set_name("Nháp").unwrap();
    row(draft, 1, &[T("bản nháp, không dùng")]);
    draft.set_hidden(true);
    let papi = wb.add_worksheet().set_name("PAPI").unwrap();
    row(papi, 1, &header);
    row(papi, 2, &[T(""), T(""), T("Công khai ngân sách xã"), T(""), T("Chưa thực hiện"), T("Năm 2023")]);
    papi.set_hidden(true);

    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("='PAR INDEX'!$B$6:$B$8");
    wb.add_chartsheet().insert_chart(0, 0, &chart).unwrap();
    wb.save(dir.path().join("bao cao thang 5.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "bao cao thang 5.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Sở Lao động - Thương binh và Xã hội")));
    assert_eq!(r.period, Some(Period::new(2023, 5).unwrap()));
    assert_eq!(r.report_date, Some(date(2023, 5, 19)));
    use IndexKind::*;
    use ReportedState::*;
    assert_eq!(
        brief(&r.tasks),
        vec![
            ("Số hóa hồ sơ".into(), Some(ParIndex), None, dl(2023, 4, 30, "30/04/2023"), Some(InProgress), 6),
            ("Cải cách thể chế".into(), Some(ParIndex), None, dl(2023, 6, 30, "Tháng 6/2023"), Some(InProgress), 7),
            ("Kiểm tra CCHC".into(), Some(ParIndex), None, dl(2023, 12, 31, "31/12/2023"), None, 8),
            ("Đào tạo công chức".into(), Some(ParIndex), None, None, Some(Done), 9),
            ("Khảo sát mức độ hài lòng".into(), Some(Sipas), None, dl(2023, 4, 15, "15/4/2023"), Some(DoneLate), 2),
            ("Công khai ngân sách xã".into(), Some(Papi), None, dl(2023, 12, 31, "Năm 2023"), Some(NotStarted), 2),
        ]
    );
    let pct: Vec<Option<f64>> = r.tasks.iter().map(|t| t.progress_pct).collect();
    assert_eq!(pct, vec![Some(85.0), Some(85.0), Some(85.0), None, Some(100.0), None]);
    assert_eq!(r.tasks[0].issues.as_deref(), Some("Thiếu máy quét"));
    assert_eq!(r.tasks[0].proposals.as_deref(), Some("Bổ sung kinh phí"));
    assert_eq!(r.tasks[4].note.as_deref(), Some("Đã báo cáo"));
    assert_eq!(r.tasks[4].source.sheet, "SIPAS");
    let warnings: Vec<(Option<String>, Option<String>, String)> = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| (p.sheet.clone(), p.cell.clone(), p.message.clone()))
        .collect();
    let par_sheet = Some("PAR INDEX".to_string());
    assert_eq!(
        warnings,
        vec![
            (par_sheet.clone(), Some("E8".into()), "ô tình trạng chứa lỗi #N/A: coi như để trống".into()),
            (par_sheet.clone(), Some("F9".into()), "ô thời hạn chứa lỗi #SPILL!: coi như để trống".into()),
            (par_sheet, Some("B9".into()), "ô tỷ lệ chứa lỗi #REF!: coi như để trống".into()),
        ]
    );
    // The hidden sheet with a table is read, and said so.
    assert!(r.problems.iter().any(|p| p.severity == Severity::Info && p.sheet.as_deref() == Some("PAPI")));
}

/// District report: header on row 4 with x-mark columns in one row, index and area
/// columns, period `T5/2023`, the place-date line in the footer, legacy-encoded text.
#[test]
fn xmark_columns_footer_date_and_legacy_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Báo cáo").unwrap();
    let title = encode("UBND HUYỆN BẢO THẮNG", LegacyEncoding::Tcvn3);
    row(ws, 1, &[F(&title, ".VnTimeH")]);
    row(ws, 2, &[T("Báo cáo kết quả thực hiện nhiệm vụ T5/2023")]);
    row(
        ws,
        4,
        &[
            T("TT"),
            T("Chỉ số"),
            T("Lĩnh vực"),
            T("Nhiệm vụ/giải pháp"),
            T("Thời hạn hoàn thành"),
            T("Hoàn thành"),
            T("Đang thực hiện"),
            T("Chưa thực hiện"),
            T("Sản phẩm"),
        ],
    );
    row(ws, 5, &[T("1"), T("2"), T("3"), T("4"), T("5"), T("6"), T("7"), T("8"), T("9")]);
    let vni_task = encode("Tổ chức đối thoại với người dân", LegacyEncoding::Vni);
    row(
        ws,
        6,
        &[T("1"), T("PAPI"), T("Trách nhiệm giải trình"), F(&vni_task, "VNI-Times"), T("Tháng 6/2023"), T(""), T("x")],
    );
    row(
        ws,
        7,
        &[
            T("2"),
            T(""),
            T(""),
            T("Công khai kế hoạch sử dụng đất"),
            T("Trước 15/7/2023"),
            T("x"),
            T(""),
            T(""),
            T("Đã công khai"),
        ],
    );
    row(
        ws,
        8,
        &[
            T("3"),
            T("SIPAS"),
            T("Kết quả dịch vụ"),
            T("Trả kết quả đúng hẹn"),
            T("6 tháng đầu năm 2023"),
            T(""),
            T(""),
            T("x"),
        ],
    );
    row(ws, 10, &[T(""), T(""), T(""), T(""), T(""), T("Bảo Thắng, ngày 22 tháng 5 năm 2023")]);
    row(ws, 11, &[T(""), T("NGƯỜI LẬP BIỂU"), T(""), T(""), T(""), T("TM. UBND HUYỆN")]);
    wb.save(dir.path().join("BT-T5.xlsx")).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "BT-T5.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Huyện Bảo Thắng")));
    assert_eq!(r.period, Some(Period::new(2023, 5).unwrap()));
    assert_eq!(r.report_date, Some(date(2023, 5, 22)));
    use IndexKind::*;
    use ReportedState::*;
    let area = |s: &str| Some(s.to_string());
    assert_eq!(
        brief(&r.tasks),
        vec![
            (
                "Tổ chức đối thoại với người dân".into(),
                Some(Papi),
                area("Trách nhiệm giải trình"),
                dl(2023, 6, 30, "Tháng 6/2023"),
                Some(InProgress),
                6
            ),
            (
                "Công khai kế hoạch sử dụng đất".into(),
                Some(Papi),
                area("Trách nhiệm giải trình"),
                dl(2023, 7, 15, "Trước 15/7/2023"),
                Some(Done),
                7
            ),
            (
                "Trả kết quả đúng hẹn".into(),
                Some(Sipas),
                area("Kết quả dịch vụ"),
                dl(2023, 6, 30, "6 tháng đầu năm 2023"),
                Some(NotStarted),
                8
            ),
        ]
    );
    assert_eq!(r.tasks[1].result.as_deref(), Some("Đã công khai"));
    assert!(cells_with(r, Severity::Warning).is_empty(), "{:#?}", r.problems);
}

/// No agency in the title: the file name decides (flagged); no date anywhere: the file's
/// modification time, flagged.
#[test]
fn file_name_fallback_and_file_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("BÁO CÁO THÁNG 5/2023")]);
    row(ws, 2, &[T("STT"), T("Nội dung công việc"), T("Thời hạn"), T("Tiến độ")]);
    row(ws, 3, &[T("1"), T("Cập nhật quy trình nội bộ"), T("30-06-2023"), T("Đang thực hiện")]);
    let path = dir.path().join("BC thang 5 - So Y te.xlsx");
    wb.save(&path).unwrap();
    let when = chrono::NaiveDate::from_ymd_opt(2023, 5, 21).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let local = when.and_local_timezone(chrono::Local).unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(local.into()).unwrap();

    let ingested = read(dir.path());
    let r = report(&ingested, "BC thang 5 - So Y te.xlsx");
    assert_eq!(r.refusal, None, "{r:#?}");
    assert_eq!(r.agency, Some(agency_index("Sở Y tế")));
    assert_eq!(r.report_date, Some(date(2023, 5, 21)));
    assert!(r.report_date_from_file_time);
    assert_eq!(r.modified, Some(when));
    let infos = r.problems.iter().filter(|p| p.severity == Severity::Info).count();
    assert_eq!(infos, 2, "{:#?}", r.problems);
    assert_eq!(brief(&r.tasks).len(), 1);
    assert_eq!(r.tasks[0].deadline, dl(2023, 6, 30, "30-06-2023"));
}

/// Two agencies in the title block: refuse. No task table: refuse. Not workbooks: skipped.
#[test]
fn ambiguous_agency_no_table_and_stray_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("SỞ Y TẾ"), T(""), T("SỞ TƯ PHÁP")]);
    row(ws, 2, &[T("Báo cáo tháng 5 năm 2023")]);
    row(ws, 3, &[T("STT"), T("Nhiệm vụ"), T("Thời hạn"), T("Tình trạng")]);
    row(ws, 4, &[T("1"), T("Phối hợp liên ngành"), T("30/6/2023"), T("Đang thực hiện")]);
    wb.save(dir.path().join("lien nganh.xlsx")).unwrap();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    row(ws, 1, &[T("SỞ TÀI CHÍNH")]);
    row(ws, 2, &[T("Danh sách cán bộ")]);
    row(ws, 3, &[T("Họ tên"), T("Chức vụ")]);
    wb.save(dir.path().join("STC.xlsx")).unwrap();

    std::fs::write(dir.path().join("ghi chu.txt"), "xin chào").unwrap();
    std::fs::write(dir.path().join("~$STC.xlsx"), [0u8; 162]).unwrap();

    let ingested = read(dir.path());
    let amb = report(&ingested, "lien nganh.xlsx");
    assert_eq!(amb.agency, None);
    assert_eq!(amb.refusal.as_deref(), Some("không xác định được cơ quan: khớp cả Sở Tư pháp và Sở Y tế"));
    let none = report(&ingested, "STC.xlsx");
    assert!(none.refusal.as_deref().unwrap().starts_with("không tìm thấy bảng nhiệm vụ"), "{none:#?}");
    let skipped: Vec<(&str, FileRole)> = ingested.skipped.iter().map(|s| (s.file.as_str(), s.role)).collect();
    assert_eq!(skipped, vec![("ghi chu.txt", FileRole::Ignored), ("~$STC.xlsx", FileRole::Ignored)]);
}

/// A legitimate 60,000-row table is read whole.
#[test]
fn sixty_thousand_rows() {
    use baocao::ingest::grid::{CellValue, SheetGrid};
    use baocao::ingest::table::{read_sheet, SheetOutcome};
    let text = |s: &str| CellValue::Text(s.to_string());
    let mut rows = vec![
        vec![text("SỞ Y TẾ")],
        vec![text("STT"), text("Nhiệm vụ"), text("Thời hạn"), text("Tình trạng"), text("Ghi chú")],
    ];
    for i in 0..60_000 {
        rows.push(vec![
            CellValue::Number(f64::from(i + 1)),
            text(&format!("Kiểm tra hồ sơ số {i}")),
            CellValue::Date(date(2023, 6, 30)),
            text("Đang thực hiện"),
            CellValue::Empty,
        ]);
    }
    let grid = SheetGrid { name: "Sheet1".into(), rows, ..Default::default() };
    let started = std::time::Instant::now();
    let SheetOutcome::Table(table) = read_sheet(&grid, "lon.xlsx") else { panic!("no table") };
    assert_eq!(table.tasks.len(), 60_000);
    assert_eq!(table.tasks[59_999].task, "Kiểm tra hồ sơ số 59999");
    assert_eq!(table.tasks[59_999].source.row, 60_002);
    assert!(table.problems.is_empty());
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// Without a status column, a short `Kết quả thực hiện` cell gives the status; a long one
/// is a result only.
#[test]
fn status_from_short_result_cell() {
    use baocao::ingest::grid::{CellValue, SheetGrid};
    use baocao::ingest::table::{read_sheet, SheetOutcome};
    let text = |s: &str| CellValue::Text(s.to_string());
    let grid = SheetGrid {
        name: "Sheet1".into(),
        rows: vec![
            vec![text("TT"), text("Nhiệm vụ"), text("Thời hạn"), text("Kết quả thực hiện")],
            vec![text("1"), text("Ban hành quy chế"), text("31/3/2023"), text("Đã hoàn thành")],
            vec![
                text("2"),
                text("Rà soát TTHC"),
                text("30/6/2023"),
                text("Đã hoàn thành rà soát 12 thủ tục, còn 5 thủ tục đang chờ ý kiến các phòng"),
            ],
        ],
        ..Default::default()
    };
    let SheetOutcome::Table(table) = read_sheet(&grid, "kq.xlsx") else { panic!("no table") };
    let states: Vec<Option<ReportedState>> = table.tasks.iter().map(|t| t.reported).collect();
    assert_eq!(states, vec![Some(ReportedState::Done), None]);
    assert_eq!(table.tasks[0].result.as_deref(), Some("Đã hoàn thành"));
    let cells: Vec<Option<String>> = table.problems.iter().map(|p| p.cell.clone()).collect();
    assert_eq!(cells, vec![Some("B3".to_string())]);
}

//! Red team, round two: the messiness of `reader_redteam.rs`, in the formats that give the
//! reader no fonts — Excel 97-2003 (.xls, committed fixtures made by
//! `tests/fixtures/redteam2/make.py` with xlwt) and OpenDocument (.ods, written here with
//! the ODF writer of `tests/fixtures/samples/wb.rs`) — and with legacy TCVN3/VNI text
//! inside varied layouts. calamine exposes no fonts for xls or ods, so the reader must
//! recognize legacy text from the text itself (cell by cell, ties decided by the sheet).
//! Every value is asserted exactly, through to the consolidated month.

use crate::common::month::wb;

use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::grid::{CellValue, SheetGrid};
use baocao::ingest::report::{build_report, read_month, Ingested};
use baocao::model::{FileRole, IndexKind, MonthModel, Period, Severity, StatusCounts, Submission, TaskStatus};
use baocao::normalize::legacy::{encode, LegacyEncoding};
use baocao::normalize::{AgencyMatcher, Deadline};
use chrono::NaiveDate;
use std::path::Path;
use wb::{Book, Sheet, Style, V};

use IndexKind::*;
use LegacyEncoding::{Tcvn3, Vni};
use TaskStatus::*;

const XLS: [&str; 4] = ["stp-tcvn3.xls", "bao-thang-vni.xls", "sct-1904.xls", "svhtt-tron.xls"];
const ODS_VNI: &str = "BC T5 - So Du lich.ods";
const ODS_TCVN3: &str = "Van Ban - BC thang 5.ods";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn may() -> Period {
    Period::new(2023, 5).unwrap()
}

/// VNI text as an old `VNI-Times` template holds it.
fn vni(s: &str) -> String {
    encode(s, Vni)
}

/// TCVN3 text typed in `.VnTime`.
fn tcvn3(s: &str) -> String {
    encode(s, Tcvn3)
}

/// TCVN3 text typed in the capitals font `.VnTimeH` without caps lock: the lowercase code
/// points, shown as capitals by the font only.
fn tcvn3_caps_font(s: &str) -> String {
    encode(&s.to_lowercase(), Tcvn3)
}

fn text(sheet: &mut Sheet, r: u32, c: u16, s: &str) {
    sheet.text(r, c, s, Style::default());
}

fn merged(sheet: &mut Sheet, from: (u32, u16), to: (u32, u16), s: &str) {
    sheet.merged(from, to, s, Style::bold());
}

/// Sở Du lịch in VNI: `Đơn vị báo cáo:` and `Ngày báo cáo:` lines, a two-row merged
/// header with x-mark columns under `Tình hình thực hiện`, index section rows, English
/// terms and dates inside the VNI text, a `Ghi chú:` footer; an instruction sheet with a
/// sample table before it and a hidden list sheet after it.
fn ods_vni() -> Vec<u8> {
    let mut guide = Sheet::new("Hướng dẫn");
    text(&mut guide, 0, 0, &vni("Hướng dẫn: đánh dấu x vào cột tình hình thực hiện"));
    for (c, h) in ["Nội dung nhiệm vụ", "Thời hạn hoàn thành", "Hoàn thành"].iter().enumerate() {
        text(&mut guide, 2, c as u16, &vni(h));
    }
    text(&mut guide, 3, 0, &vni("Ví dụ: Ban hành kế hoạch"));
    text(&mut guide, 3, 1, "31/12/2023");
    text(&mut guide, 3, 2, "x");

    let mut s = Sheet::new("Bao cao");
    text(&mut s, 0, 0, &vni("UBND TỈNH LÀO CAI"));
    text(&mut s, 0, 4, &vni("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    text(&mut s, 1, 0, &vni("SỞ DU LỊCH"));
    text(&mut s, 1, 4, &vni("Độc lập - Tự do - Hạnh phúc"));
    merged(&mut s, (3, 0), (3, 7), &vni("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI THIỆN CHỈ SỐ PAR INDEX, SIPAS, PAPI"));
    merged(&mut s, (4, 0), (4, 7), &vni("Kỳ báo cáo: tháng 5 năm 2023"));
    text(&mut s, 5, 0, &vni("Đơn vị báo cáo: Sở Du lịch"));
    text(&mut s, 6, 0, &vni("Ngày báo cáo: 17/05/2023"));
    merged(&mut s, (8, 0), (9, 0), "STT");
    merged(&mut s, (8, 1), (9, 1), &vni("Nội dung nhiệm vụ"));
    merged(&mut s, (8, 2), (9, 2), &vni("Thời hạn hoàn thành"));
    merged(&mut s, (8, 3), (8, 5), &vni("Tình hình thực hiện"));
    text(&mut s, 9, 3, &vni("Hoàn thành"));
    text(&mut s, 9, 4, &vni("Đang thực hiện"));
    text(&mut s, 9, 5, &vni("Chưa thực hiện"));
    merged(&mut s, (8, 6), (9, 6), &vni("Khó khăn, vướng mắc"));
    merged(&mut s, (8, 7), (9, 7), &vni("Đề xuất, kiến nghị"));
    text(&mut s, 10, 0, "I");
    merged(&mut s, (10, 1), (10, 7), &vni("CHỈ SỐ PAR INDEX"));
    text(&mut s, 11, 0, "1");
    text(&mut s, 11, 1, &vni("Xây dựng chuyên mục CCHC trên Cổng thông tin điện tử (e-Government) của Sở"));
    s.put(11, 2, V::Date(date(2023, 4, 30)), Style::default());
    text(&mut s, 11, 3, "x");
    text(&mut s, 12, 0, "2");
    text(&mut s, 12, 1, &vni("Số hóa hồ sơ TTHC lĩnh vực du lịch, hoàn thành trước 30/6/2023"));
    text(&mut s, 12, 2, &vni("Trước 30/6/2023"));
    text(&mut s, 12, 4, "x");
    text(&mut s, 12, 6, &vni("Thiếu máy quét"));
    text(&mut s, 12, 7, &vni("Đề nghị Sở TT&TT hỗ trợ thiết bị"));
    text(&mut s, 13, 0, "II");
    merged(&mut s, (13, 1), (13, 7), &vni("CHỈ SỐ SIPAS"));
    text(&mut s, 14, 0, "3");
    text(&mut s, 14, 1, &vni("Khảo sát SIPAS đối với TTHC lĩnh vực lữ hành"));
    text(&mut s, 14, 2, &vni("Quý III/2023"));
    text(&mut s, 14, 5, "x");
    text(&mut s, 15, 0, "III");
    merged(&mut s, (15, 1), (15, 7), &vni("CHỈ SỐ PAPI"));
    text(&mut s, 16, 0, "4");
    text(&mut s, 16, 1, &vni("Công khai quy hoạch phát triển du lịch"));
    text(&mut s, 16, 2, &vni("Hằng tháng"));
    text(&mut s, 16, 4, "x");
    text(&mut s, 18, 0, &vni("Ghi chú: Báo cáo gửi qua hệ thống iOffice"));
    text(&mut s, 19, 5, &vni("THỦ TRƯỞNG ĐƠN VỊ"));

    let mut lists = Sheet::new("DanhMuc");
    lists.hidden = true;
    for (r, st) in ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện"].iter().enumerate() {
        text(&mut lists, r as u32, 0, &vni(st));
    }
    wb::to_ods(&Book { sheets: vec![guide, s, lists] }, date(2023, 5, 17))
}

/// One sheet of UBND huyện Văn Bàn's TCVN3 workbook: title and headings typed in the
/// capitals font (lowercase code points), body in `.VnTime`.
fn van_ban_sheet(name: &str, index: &str, rows: &[(&str, &str, &str, &str, &str)]) -> Sheet {
    let mut s = Sheet::new(name);
    text(&mut s, 0, 0, &tcvn3_caps_font("UBND HUYỆN VĂN BÀN"));
    text(
        &mut s,
        1,
        0,
        &tcvn3(&format!("Báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số {index} tháng 5 năm 2023")),
    );
    for (c, h) in
        ["STT", "NỘI DUNG CÔNG VIỆC", "THỜI GIAN HOÀN THÀNH", "TIẾN ĐỘ", "KẾT QUẢ/SẢN PHẨM"].iter().enumerate()
    {
        text(&mut s, 3, c as u16, &tcvn3_caps_font(h));
    }
    for (i, (seq, task, deadline, status, result)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        text(&mut s, r, 0, seq);
        // Headings (no deadline, no status) are in the capitals font.
        let heading = deadline.is_empty() && status.is_empty();
        text(&mut s, r, 1, &if heading { tcvn3_caps_font(task) } else { tcvn3(task) });
        for (c, v) in [(2, deadline), (3, status), (4, result)] {
            if !v.is_empty() {
                text(&mut s, r, c, &tcvn3(v));
            }
        }
    }
    let foot = 5 + rows.len() as u32;
    text(&mut s, foot, 3, &tcvn3("Văn Bàn, ngày 20 tháng 5 năm 2023"));
    text(&mut s, foot + 1, 3, &tcvn3_caps_font("TM. ỦY BAN NHÂN DÂN"));
    s
}

fn ods_tcvn3() -> Vec<u8> {
    let par = van_ban_sheet(
        "PAR INDEX",
        "PAR INDEX",
        &[
            ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "", "", ""),
            ("1.1", "Ban hành kế hoạch tuyên truyền CCHC năm 2023", "Tháng 2/2023", "Đã hoàn thành", ""),
            (
                "1.2",
                "Kiểm tra công tác CCHC tại 22 xã, thị trấn",
                "Quý II/2023",
                "Đang thực hiện",
                "Đã kiểm tra 10/22 xã",
            ),
            ("2", "CẢI CÁCH THỂ CHẾ", "", "", ""),
            (
                "2.1",
                "Rà soát văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành",
                "15/4/2023",
                "Chưa thực hiện",
                "",
            ),
        ],
    );
    let sipas = van_ban_sheet(
        "SIPAS",
        "SIPAS",
        &[
            ("1", "Khảo sát mức độ hài lòng tại Bộ phận Một cửa huyện", "Thường xuyên", "Đang thực hiện", ""),
            ("2", "Tập huấn kỹ năng giao tiếp cho công chức Bộ phận Một cửa", "31/5/2023", "Chưa triển khai", ""),
        ],
    );
    wb::to_ods(&Book { sheets: vec![par, sipas] }, date(2023, 5, 20))
}

/// The month folder: the four committed xls fixtures and the two ods written here.
fn month_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redteam2");
    for f in XLS {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join(ODS_VNI), ods_vni()).unwrap();
    std::fs::write(dir.path().join(ODS_TCVN3), ods_tcvn3()).unwrap();
    dir
}

fn read(dir: &Path) -> Ingested {
    read_month(dir, &Config::default_config(), &|_, _, _| {}).unwrap()
}

/// (task, index, area, deadline, deadline text, status, completed on, progress, sheet, row)
type Row<'a> = (
    &'a str,
    Option<IndexKind>,
    Option<&'a str>,
    Option<NaiveDate>,
    Option<&'a str>,
    TaskStatus,
    Option<NaiveDate>,
    Option<f64>,
    &'a str,
    u32,
);

struct Expect {
    file: &'static str,
    agency: &'static str,
    submission: Submission,
    report_date: NaiveDate,
    /// done, done_late, overdue, in_progress, not_started, recurring
    counts: [u32; 6],
    tasks: Vec<Row<'static>>,
}

fn counts([done, done_late, overdue, in_progress, not_started, recurring]: [u32; 6]) -> StatusCounts {
    StatusCounts { done, done_late, overdue, in_progress, not_started, recurring }
}

fn expected() -> Vec<Expect> {
    let d = |y, m, dd| Some(date(y, m, dd));
    let s = "Bao cao T5";
    vec![
        Expect {
            file: "stp-tcvn3.xls",
            agency: "Sở Tư pháp",
            submission: Submission::OnTime,
            report_date: date(2023, 5, 18),
            counts: [2, 0, 1, 1, 0, 1],
            tasks: vec![
                (
                    "Ban hành Kế hoạch cải cách hành chính năm 2023",
                    Some(ParIndex),
                    Some("Công tác chỉ đạo, điều hành CCHC"),
                    d(2023, 1, 31),
                    Some("31/01/2023"),
                    Done,
                    None,
                    None,
                    s,
                    12,
                ),
                (
                    "Tổ chức đo lường PAR INDEX cấp sở, hoàn thành trước 30/6/2023",
                    Some(ParIndex),
                    Some("Công tác chỉ đạo, điều hành CCHC"),
                    d(2023, 6, 30),
                    Some("30/6/2023"),
                    InProgress,
                    None,
                    None,
                    s,
                    13,
                ),
                (
                    "Rà soát, đơn giản hoá thủ tục hành chính",
                    Some(ParIndex),
                    Some("Cải cách thủ tục hành chính"),
                    d(2023, 5, 10),
                    Some("Trước 10/5/2023"),
                    Overdue,
                    None,
                    None,
                    s,
                    15,
                ),
                (
                    "Khảo sát sự hài lòng của người dân (SIPAS) tại Bộ phận Một cửa",
                    Some(Sipas),
                    None,
                    d(2023, 6, 30),
                    Some("Quý II/2023"),
                    Done,
                    None,
                    None,
                    s,
                    17,
                ),
                (
                    "Niêm yết công khai thủ tục hành chính, hỗ trợ e-Government",
                    Some(Sipas),
                    None,
                    None,
                    Some("Thường xuyên"),
                    Recurring,
                    None,
                    None,
                    s,
                    18,
                ),
            ],
        },
        Expect {
            file: "bao-thang-vni.xls",
            agency: "Huyện Bảo Thắng",
            submission: Submission::OnTime,
            report_date: date(2023, 5, 19),
            counts: [1, 1, 1, 1, 1, 1],
            tasks: vec![
                (
                    "Nâng cao chất lượng giải quyết TTHC trên Cổng dịch vụ công (e-Government)",
                    Some(ParIndex),
                    Some("Cải cách TTHC"),
                    d(2023, 6, 30),
                    Some("30/6/2023"),
                    Done,
                    None,
                    Some(100.0),
                    "Sheet1",
                    9,
                ),
                (
                    "Khảo sát ý kiến người dân theo bộ câu hỏi SIPAS năm 2023",
                    Some(Sipas),
                    Some("Kết quả dịch vụ"),
                    d(2023, 6, 30),
                    Some("Quý II/2023"),
                    InProgress,
                    None,
                    Some(60.0),
                    "Sheet1",
                    10,
                ),
                (
                    "Tuyên truyền Chỉ số PAPI đến 100% thôn, bản",
                    Some(Papi),
                    Some("Công khai, minh bạch"),
                    d(2023, 6, 30),
                    Some("Tháng 6/2023"),
                    NotStarted,
                    None,
                    None,
                    "Sheet1",
                    11,
                ),
                (
                    "Cập nhật hồ sơ công chức trên phần mềm quản lý",
                    Some(ParIndex),
                    Some("Cải cách chế độ công vụ"),
                    d(2023, 5, 10),
                    Some("Trước 10/5/2023"),
                    DoneLate,
                    d(2023, 5, 12),
                    Some(100.0),
                    "Sheet1",
                    12,
                ),
                (
                    "Duy trì hoạt động Bộ phận Một cửa",
                    Some(Papi),
                    Some("Thủ tục hành chính công"),
                    None,
                    Some("Thường xuyên"),
                    Recurring,
                    None,
                    None,
                    "Sheet1",
                    13,
                ),
                (
                    "Đánh giá chất lượng phục vụ người dân",
                    Some(Sipas),
                    Some("Kết quả dịch vụ"),
                    d(2023, 5, 10),
                    Some("10/05/2023"),
                    Overdue,
                    None,
                    Some(30.0),
                    "Sheet1",
                    14,
                ),
            ],
        },
        Expect {
            file: "sct-1904.xls",
            agency: "Sở Công Thương",
            submission: Submission::Late,
            report_date: date(2023, 5, 22),
            counts: [1, 1, 1, 0, 1, 0],
            tasks: vec![
                (
                    "Kiện toàn bộ phận tham mưu cải cách hành chính",
                    Some(ParIndex),
                    None,
                    d(2023, 3, 31),
                    Some("31/03/2023"),
                    Done,
                    d(2023, 3, 30),
                    None,
                    "BC thang 5",
                    11,
                ),
                (
                    "Số hóa kết quả giải quyết thủ tục hành chính",
                    Some(ParIndex),
                    None,
                    d(2023, 5, 14),
                    Some("14/05/2023"),
                    DoneLate,
                    d(2023, 5, 15),
                    None,
                    "BC thang 5",
                    12,
                ),
                (
                    "Lắp đặt hệ thống đánh giá mức độ hài lòng tại quầy",
                    Some(Sipas),
                    None,
                    d(2023, 5, 14),
                    Some("14/05/2023"),
                    Overdue,
                    None,
                    None,
                    "BC thang 5",
                    14,
                ),
                (
                    "Công khai quy hoạch ngành công thương",
                    Some(Papi),
                    None,
                    d(2023, 9, 30),
                    Some("30/09/2023"),
                    NotStarted,
                    None,
                    None,
                    "BC thang 5",
                    16,
                ),
            ],
        },
        Expect {
            file: "svhtt-tron.xls",
            agency: "Sở Văn hóa và Thể thao",
            submission: Submission::OnTime,
            report_date: date(2023, 5, 16),
            counts: [1, 0, 1, 1, 0, 0],
            tasks: vec![
                (
                    "Tổ chức các hoạt động văn hóa tại nhà văn hóa thôn, bản",
                    Some(Papi),
                    None,
                    d(2023, 12, 31),
                    Some("Năm 2023"),
                    InProgress,
                    None,
                    None,
                    "T5",
                    8,
                ),
                (
                    "Công khai danh mục thủ tục hành chính lĩnh vực văn hóa",
                    Some(Papi),
                    None,
                    d(2023, 6, 30),
                    Some("6 tháng đầu năm 2023"),
                    Done,
                    None,
                    None,
                    "T5",
                    9,
                ),
                (
                    "Thực hiện khảo sát SIPAS tại Trung tâm Phục vụ hành chính công",
                    Some(Sipas),
                    None,
                    d(2023, 4, 30),
                    Some("30.4.2023"),
                    Overdue,
                    None,
                    None,
                    "T5",
                    11,
                ),
            ],
        },
        Expect {
            file: ODS_VNI,
            agency: "Sở Du lịch",
            submission: Submission::OnTime,
            report_date: date(2023, 5, 17),
            counts: [1, 0, 0, 1, 1, 1],
            tasks: vec![
                (
                    "Xây dựng chuyên mục CCHC trên Cổng thông tin điện tử (e-Government) của Sở",
                    Some(ParIndex),
                    None,
                    d(2023, 4, 30),
                    Some("30/04/2023"),
                    Done,
                    None,
                    None,
                    "Bao cao",
                    12,
                ),
                (
                    "Số hóa hồ sơ TTHC lĩnh vực du lịch, hoàn thành trước 30/6/2023",
                    Some(ParIndex),
                    None,
                    d(2023, 6, 30),
                    Some("Trước 30/6/2023"),
                    InProgress,
                    None,
                    None,
                    "Bao cao",
                    13,
                ),
                (
                    "Khảo sát SIPAS đối với TTHC lĩnh vực lữ hành",
                    Some(Sipas),
                    None,
                    d(2023, 9, 30),
                    Some("Quý III/2023"),
                    NotStarted,
                    None,
                    None,
                    "Bao cao",
                    15,
                ),
                (
                    "Công khai quy hoạch phát triển du lịch",
                    Some(Papi),
                    None,
                    None,
                    Some("Hằng tháng"),
                    Recurring,
                    None,
                    None,
                    "Bao cao",
                    17,
                ),
            ],
        },
        Expect {
            file: ODS_TCVN3,
            agency: "Huyện Văn Bàn",
            submission: Submission::Late,
            report_date: date(2023, 5, 20),
            counts: [1, 0, 1, 1, 1, 1],
            tasks: vec![
                (
                    "Ban hành kế hoạch tuyên truyền CCHC năm 2023",
                    Some(ParIndex),
                    Some("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
                    d(2023, 2, 28),
                    Some("Tháng 2/2023"),
                    Done,
                    None,
                    None,
                    "PAR INDEX",
                    6,
                ),
                (
                    "Kiểm tra công tác CCHC tại 22 xã, thị trấn",
                    Some(ParIndex),
                    Some("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
                    d(2023, 6, 30),
                    Some("Quý II/2023"),
                    InProgress,
                    None,
                    None,
                    "PAR INDEX",
                    7,
                ),
                (
                    "Rà soát văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành",
                    Some(ParIndex),
                    Some("CẢI CÁCH THỂ CHẾ"),
                    d(2023, 4, 15),
                    Some("15/4/2023"),
                    Overdue,
                    None,
                    None,
                    "PAR INDEX",
                    9,
                ),
                (
                    "Khảo sát mức độ hài lòng tại Bộ phận Một cửa huyện",
                    Some(Sipas),
                    None,
                    None,
                    Some("Thường xuyên"),
                    Recurring,
                    None,
                    None,
                    "SIPAS",
                    5,
                ),
                (
                    "Tập huấn kỹ năng giao tiếp cho công chức Bộ phận Một cửa",
                    Some(Sipas),
                    None,
                    d(2023, 5, 31),
                    Some("31/5/2023"),
                    NotStarted,
                    None,
                    None,
                    "SIPAS",
                    6,
                ),
            ],
        },
    ]
}

#[test]
fn legacy_text_in_xls_and_ods_month() {
    let dir = month_dir();
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    let config = Config::default_config();
    let ingested = read(dir.path());
    assert!(ingested.skipped.is_empty(), "{:#?}", ingested.skipped);
    let model: MonthModel = consolidate(ingested, &config, may());
    let expected = expected();
    for e in &expected {
        let a = model.agencies.iter().find(|a| a.name == e.agency).unwrap();
        assert_eq!(a.file.as_deref(), Some(e.file), "{}", e.agency);
        assert_eq!(a.submission, e.submission, "{}", e.agency);
        assert_eq!(a.report_date, Some(e.report_date), "{}", e.agency);
        assert!(!a.report_date_from_file_time, "{}", e.agency);
        assert_eq!(a.counts, counts(e.counts), "{}", e.agency);
        assert_eq!(a.total, e.tasks.len() as u32, "{}", e.agency);
        let got: Vec<Row<'_>> = model
            .tasks
            .iter()
            .filter(|t| t.agency == e.agency)
            .map(|t| {
                assert_eq!(t.source.file, e.file);
                (
                    t.task.as_str(),
                    t.index,
                    t.area.as_deref(),
                    t.deadline,
                    t.deadline_text.as_deref(),
                    t.status,
                    t.completed_on,
                    t.progress_pct,
                    t.source.sheet.as_str(),
                    t.source.row,
                )
            })
            .collect();
        assert_eq!(got, e.tasks, "{}", e.agency);
    }
    // Issues and proposals of the VNI ods come out as Unicode too.
    let scanning = model.tasks.iter().find(|t| t.task.starts_with("Số hóa hồ sơ TTHC")).unwrap();
    assert_eq!(scanning.issues.as_deref(), Some("Thiếu máy quét"));
    assert_eq!(scanning.proposals.as_deref(), Some("Đề nghị Sở TT&TT hỗ trợ thiết bị"));
    let checks = model.tasks.iter().find(|t| t.task.starts_with("Kiểm tra công tác CCHC")).unwrap();
    assert_eq!(checks.result.as_deref(), Some("Đã kiểm tra 10/22 xã"));
    let sipas = model.tasks.iter().find(|t| t.task.starts_with("Khảo sát ý kiến người dân")).unwrap();
    assert_eq!(sipas.issues.as_deref(), Some("Kinh phí còn hạn chế"));

    // Every file used, by the agency it names.
    let mut files: Vec<(String, FileRole, Option<String>)> =
        model.files.iter().map(|f| (f.file.clone(), f.role, f.agency.clone())).collect();
    files.sort();
    let mut want: Vec<(String, FileRole, Option<String>)> =
        expected.iter().map(|e| (e.file.to_string(), FileRole::Used, Some(e.agency.to_string()))).collect();
    want.sort();
    assert_eq!(files, want);
    assert_eq!(model.agencies.iter().filter(|a| a.submission == Submission::Missing).count(), 29 - 6);

    // No errors or warnings; every note names one of the files.
    let serious: Vec<_> = model.problems.iter().filter(|p| p.severity != Severity::Info).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    for p in &model.problems {
        assert!(expected.iter().any(|e| e.file == p.file), "{p:?}");
    }
    // The hidden list sheets hold no task table: nothing said about them.
    assert!(
        !model.problems.iter().any(|p| matches!(p.sheet.as_deref(), Some("DM" | "DanhMuc"))),
        "{:#?}",
        model.problems
    );

    // The clerk's files are untouched.
    for (name, bytes) in before {
        assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), bytes, "{name}");
    }
}

fn deadline_text(d: &Deadline) -> &str {
    match d {
        Deadline::Date { text, .. } | Deadline::Recurring { text } | Deadline::Unparsed { text } => text,
    }
}

fn grid(name: &str, rows: &[&[&str]]) -> SheetGrid {
    SheetGrid {
        name: name.to_string(),
        rows: rows
            .iter()
            .map(|r| {
                r.iter().map(|s| if s.is_empty() { CellValue::Empty } else { CellValue::Text(s.to_string()) }).collect()
            })
            .collect(),
        ..SheetGrid::default()
    }
}

/// A VNI title block over a Unicode table whose cells hold only Latin-1 accents
/// (`Hoàn thành`, `Tài chính`, `Café`): the sheet's VNI decides only the cells VNI makes
/// Vietnamese of; the Unicode ones, and a foreign name, stay as typed. The second sheet's
/// header `Chæ soá` is ambiguous alone (VNI `Chỉ số`, TCVN3 `Chổ soỏ`) and has no other
/// legacy text on its sheet: the workbook's encoding decides it.
#[test]
fn vni_title_over_unicode_table_and_workbook_hint() {
    let config = Config::default_config();
    let matcher = AgencyMatcher::new(&config.agencies);
    let title = vni("ỦY BAN NHÂN DÂN THỊ XÃ SA PA");
    let period = vni("Báo cáo tháng 5 năm 2023");
    let place = vni("Sa Pa, ngày 18 tháng 5 năm 2023");
    let first = grid(
        "T5",
        &[
            &[&title],
            &[&period],
            &[],
            &["Nhiệm vụ", "Thời hạn", "Tình trạng"],
            &["Tài chính công khai tại Café văn hóa José Martí", "30/6/2023", "Hoàn thành"],
            &["Hoàn thiện hồ sơ", "Năm 2023", "Đang thực hiện"],
            &[],
            &["", &place],
        ],
    );
    let ambiguous = vni("Chỉ số");
    let second = grid(
        "Theo chi so",
        &[&["Nhiệm vụ", &ambiguous, "Thời hạn", "Tình trạng"], &["Khảo sát người dân", "SIPAS", "Quý II/2023", "x"]],
    );
    let r = build_report("BC Sa Pa.xls", None, &[first, second], &config, &matcher);
    assert_eq!(r.refusal, None);
    assert_eq!(r.agency.map(|i| config.agencies[i].name.as_str()), Some("Thị xã Sa Pa"));
    assert_eq!(r.period, Some(may()));
    assert_eq!(r.report_date, Some(date(2023, 5, 18)));
    let got: Vec<(&str, Option<IndexKind>, Option<&str>)> =
        r.tasks.iter().map(|t| (t.task.as_str(), t.index, t.deadline.as_ref().map(deadline_text))).collect();
    assert_eq!(
        got,
        vec![
            ("Tài chính công khai tại Café văn hóa José Martí", None, Some("30/6/2023")),
            ("Hoàn thiện hồ sơ", None, Some("Năm 2023")),
            ("Khảo sát người dân", Some(Sipas), Some("Quý II/2023")),
        ]
    );
}

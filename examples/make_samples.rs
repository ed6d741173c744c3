//! Writes the sample month (period 2023-05) into `inputs/`: agency report workbooks made
//! the way Lào Cai's departments and districts make them (`docs/domain.md`, "Workbook shapes").
//!
//! Run from the repository root: `cargo run --example make_samples`. It overwrites only
//! the file names listed below and leaves everything else in `inputs/` alone. The output
//! is byte-for-byte the same on every run (fixed document and zip times). The `.xls`
//! sample comes from `tests/fixtures/samples/make_xls.py` (Python + xlwt), committed.
//!
//! Period 2023-05: data window 15/4–14/5/2023 (period end 14/5); due before the 20th.
//!
//! | file | agency | layout | report date | done / late / overdue / in progress / not started / recurring |
//! |---|---|---|---|---|
//! | `BC T5 STP.xlsx` | Sở Tư pháp | classic single sheet, section and area rows, footer | 18/5 on time | 2/1/2/3/2/2 = 12 |
//! | `Bao cao CCHC thang 5 - Bao Thang.xlsx` | Huyện Bảo Thắng | `Hướng dẫn` + one sheet per index, 2-row merged header, x-marks, Excel dates | 19/5 on time (last day) | 2/2/2/2/2/2 = 12 |
//! | `SLĐTBXH_BC_PAPI_SIPAS_PAR_T5.2023.xlsx` | Sở Lao động - Thương binh và Xã hội | `Đơn vị báo cáo:` line, `Ngày báo cáo:` cell, shuffled and extra columns, index column, % as 0.6/85/"40%", text deadlines of every form | 17/5 on time | 2/1/1/4/2/1 = 11 |
//! | `BC thang 5.2023 - So Y te.xls` | Sở Y tế | BIFF8 (xlwt), classic with `Nội dung công việc` / `Thời gian hoàn thành` / `Tiến độ` | 15/5 on time | 2/1/1/2/1/2 = 9 |
//! | `STC - Bao cao T5-2023.ods` | Sở Tài chính | OpenDocument, `Tháng 05/2023`, `Ngày báo cáo:`, PAPI `Trục nội dung` rows | 16/5 on time | 2/0/2/1/2/1 = 8 |
//! | `BX_BaoCao_CCHC_T5.xlsx` | Huyện Bát Xát | NFD text, header under a long preamble, place-date in the footer | 22/5 **late** | 1/1/1/2/1/1 = 7 |
//! | `BC T5 STNMT.xlsx` | Sở Tài nguyên và Môi trường | first version, one status wrong, one task missing | 16/5 | superseded |
//! | `BC T5 STNMT (ban sua).xlsx` | Sở Tài nguyên và Môi trường | corrected resubmission | 18/5 on time | 1/1/1/2/1/2 = 8 |
//! | `MK_bao cao thang 5.xlsx` | Huyện Mường Khương | legacy TCVN3 text in `.VnTime`, capitals in `.VnTimeH` | 17/5 on time | 1/1/1/1/1/2 = 7 |
//!
//! The other 21 configured agencies sent nothing (missing).

#[path = "../tests/fixtures/samples/wb.rs"]
mod wb;

use baocao::model::{IndexKind, TaskStatus};
use baocao::normalize::legacy::{encode, LegacyEncoding};
use chrono::NaiveDate;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;
use wb::{Book, Sheet, Style, V};

use IndexKind::{Papi, ParIndex as Par, Sipas};
use TaskStatus::{Done, DoneLate, InProgress, NotStarted, Overdue, Recurring};

const PERIOD_END: (i32, u32, u32) = (2023, 5, 14);

fn date(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

/// A deadline cell of a sample.
#[derive(Clone)]
enum Dl {
    /// A real date cell.
    Date(NaiveDate),
    /// Text with the date it means (`None`: recurring or not understood).
    Text(&'static str, Option<NaiveDate>),
}

/// A progress cell.
#[derive(Clone, Copy)]
enum Pct {
    None,
    Fraction(f64),
    Number(f64),
    Text(&'static str),
}

#[derive(Clone)]
struct Task {
    index: IndexKind,
    area: &'static str,
    text: &'static str,
    deadline: Dl,
    state: &'static str,
    completed_on: Option<NaiveDate>,
    pct: Pct,
    result: &'static str,
    issues: &'static str,
    proposals: &'static str,
    expect: TaskStatus,
}

#[allow(clippy::too_many_arguments)]
fn task(
    index: IndexKind,
    area: &'static str,
    text: &'static str,
    deadline: Dl,
    state: &'static str,
    result: &'static str,
    issues: &'static str,
    expect: TaskStatus,
) -> Task {
    Task {
        index,
        area,
        text,
        deadline,
        state,
        completed_on: None,
        pct: Pct::None,
        result,
        issues,
        proposals: "",
        expect,
    }
}

impl Task {
    fn done_on(mut self, d: NaiveDate) -> Task {
        self.completed_on = Some(d);
        self
    }
    fn pct(mut self, p: Pct) -> Task {
        self.pct = p;
        self
    }
    fn propose(mut self, p: &'static str) -> Task {
        self.proposals = p;
        self
    }
}

/// `docs/domain.md`, "Task status at the period end", to catch a mislabelled sample before it is written.
fn rule(t: &Task) -> TaskStatus {
    let end = date(PERIOD_END.2, PERIOD_END.1, PERIOD_END.0);
    let (deadline, recurring) = match &t.deadline {
        Dl::Date(d) => (Some(*d), false),
        Dl::Text(s, d) => (*d, ["Thường xuyên", "Hằng tháng", "Hàng năm"].contains(s)),
    };
    let s = t.state;
    if s == "Hoàn thành quá hạn" {
        return DoneLate;
    }
    if ["Hoàn thành", "Đã hoàn thành", "HT", "Hoàn thành đúng hạn"].contains(&s) {
        return match (t.completed_on, deadline) {
            (Some(c), Some(d)) if c > d => DoneLate,
            _ => Done,
        };
    }
    if deadline.is_some_and(|d| d <= end) {
        return Overdue;
    }
    if recurring || s == "Thường xuyên" {
        return Recurring;
    }
    if ["Đang thực hiện", "Đang triển khai"].contains(&s) {
        InProgress
    } else {
        NotStarted
    }
}

fn check(tasks: &[Task], file: &str) {
    for t in tasks {
        assert_eq!(rule(t), t.expect, "{file}: «{}» is labelled wrongly", t.text);
    }
}

const KIEM_NHIEM: &str = "Đội ngũ công chức làm công tác CCHC còn kiêm nhiệm, thường xuyên thay đổi";
const HA_TANG: &str = "Hạ tầng công nghệ thông tin tại cấp xã còn hạn chế, đường truyền không ổn định";
const KINH_PHI: &str = "Kinh phí bố trí cho công tác CCHC còn hạn hẹp";
const NGUOI_DAN: &str = "Một bộ phận người dân chưa quen sử dụng dịch vụ công trực tuyến";
const PHAN_MEM: &str = "Phần mềm một cửa điện tử còn lỗi, chưa kết nối đồng bộ với Cổng Dịch vụ công quốc gia";
const DX_TAP_HUAN: &str = "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC cho công chức cấp xã";
const DX_KINH_PHI: &str = "Đề nghị UBND tỉnh bố trí kinh phí cho công tác CCHC";
const DX_DUONG_TRUYEN: &str = "Đề nghị Sở Thông tin và Truyền thông nâng cấp đường truyền cho cấp xã";

fn section(i: IndexKind) -> &'static str {
    match i {
        Par => "I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)",
        Sipas => "II. SIPAS",
        Papi => "III. Chỉ số PAPI",
    }
}

fn put_deadline(sh: &mut Sheet, r: u32, c: u16, d: &Dl, enc: &dyn Fn(&str) -> (String, Option<&'static str>)) {
    match d {
        Dl::Date(x) => sh.put(r, c, V::Date(*x), Style::table()),
        Dl::Text(s, _) => {
            let (t, f) = enc(s);
            sh.text(r, c, &t, Style::table().with_font(f));
        }
    }
}

/// Result, difficulties and proposals in three consecutive columns from `first`.
fn free_texts(sh: &mut Sheet, r: u32, first: u16, t: &Task, enc: &dyn Fn(&str) -> (String, Option<&'static str>)) {
    for (c, s) in (first..).zip([t.result, t.issues, t.proposals]) {
        if !s.is_empty() {
            let (text, font) = enc(s);
            sh.text(r, c, &text, Style::table().with_font(font));
        }
    }
}

fn plain(s: &str) -> (String, Option<&'static str>) {
    (s.to_string(), None)
}

fn national_motto(sh: &mut Sheet, col: u16, enc: &dyn Fn(&str) -> (String, Option<&'static str>)) {
    for (r, s) in [(0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (1, "Độc lập - Tự do - Hạnh phúc")] {
        let (t, f) = enc(s);
        sh.text(r, col, &t, Style::bold().with_font(f));
    }
}

fn signature(sh: &mut Sheet, r: u32, left: u16, right: u16, enc: &dyn Fn(&str) -> (String, Option<&'static str>)) {
    for (rr, c, s, st) in [
        (r, left, "NGƯỜI LẬP BIỂU", Style::bold()),
        (r, right, "THỦ TRƯỞNG ĐƠN VỊ", Style::bold()),
        (r + 1, right, "(Ký tên, đóng dấu)", Style::italic()),
        (r + 4, left, "Nguyễn Thị Thu Hà", Style::bold()),
        (r + 4, right, "Phạm Văn Tuấn", Style::bold()),
    ] {
        let (t, f) = enc(s);
        sh.text(rr, c, &t, st.with_font(f));
    }
}

/// (a) Sở Tư pháp: the classic single sheet.
fn stp() -> (Book, Vec<Task>) {
    const A1: &str = "Công tác chỉ đạo, điều hành CCHC";
    const A2: &str = "Cải cách thể chế";
    const A3: &str = "Cải cách TTHC";
    let t = vec![
        task(
            Par,
            A1,
            "Ban hành Kế hoạch cải cách hành chính năm 2023 của Sở Tư pháp",
            Dl::Text("31/01/2023", Some(date(31, 1, 2023))),
            "Hoàn thành",
            "Đã ban hành Kế hoạch số 12/KH-STP ngày 20/01/2023",
            "",
            Done,
        ),
        task(
            Par,
            A1,
            "Tổ chức kiểm tra công tác CCHC tại các phòng, đơn vị thuộc Sở",
            Dl::Text("Quý II/2023", Some(date(30, 6, 2023))),
            "Đang thực hiện",
            "Đã kiểm tra 02/05 đơn vị",
            KIEM_NHIEM,
            InProgress,
        ),
        task(
            Par,
            A2,
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh kỳ 2019 - 2023",
            Dl::Text("30/4/2023", Some(date(30, 4, 2023))),
            "Đang thực hiện",
            "Đang tổng hợp kết quả rà soát của các sở, ngành",
            "Một số đơn vị gửi kết quả rà soát chậm",
            Overdue,
        )
        .propose("Đề nghị UBND tỉnh đôn đốc các sở, ngành gửi kết quả rà soát"),
        task(
            Par,
            A2,
            "Thẩm định dự thảo văn bản quy phạm pháp luật đúng thời hạn quy định",
            Dl::Text("Thường xuyên", None),
            "Thường xuyên",
            "Đã thẩm định 14 dự thảo, 100% đúng hạn",
            "",
            Recurring,
        ),
        task(
            Par,
            A3,
            "Cập nhật, công khai thủ tục hành chính lĩnh vực tư pháp trên Cổng Dịch vụ công của tỉnh",
            Dl::Text("15/3/2023", Some(date(15, 3, 2023))),
            "Hoàn thành quá hạn",
            "Đã công khai 148 thủ tục hành chính",
            PHAN_MEM,
            DoneLate,
        ),
        task(
            Par,
            A3,
            "Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch",
            Dl::Text("Tháng 6/2023", Some(date(30, 6, 2023))),
            "Đang triển khai",
            "Đã số hóa 12.500/20.000 sổ hộ tịch",
            HA_TANG,
            InProgress,
        )
        .propose(DX_DUONG_TRUYEN),
        task(
            Sipas,
            "",
            "Niêm yết số điện thoại đường dây nóng tại Bộ phận Một cửa của Sở",
            Dl::Date(date(14, 5, 2023)),
            "Chưa thực hiện",
            "",
            "",
            Overdue,
        ),
        task(
            Sipas,
            "",
            "Khảo sát ý kiến người dân, tổ chức về chất lượng dịch vụ công lĩnh vực tư pháp",
            Dl::Text("6 tháng đầu năm 2023", Some(date(30, 6, 2023))),
            "Chưa triển khai",
            "",
            KINH_PHI,
            NotStarted,
        )
        .propose(DX_KINH_PHI),
        task(
            Papi,
            "",
            "Tuyên truyền, phổ biến pháp luật về thực hiện dân chủ ở cơ sở",
            Dl::Text("Hằng tháng", None),
            "Đang thực hiện",
            "Đã tổ chức 03 hội nghị tuyên truyền tại các xã",
            "",
            Recurring,
        ),
        task(
            Papi,
            "",
            "Hướng dẫn công khai thông tin theo Luật Tiếp cận thông tin",
            Dl::Text("Năm 2023", Some(date(31, 12, 2023))),
            "Đang thực hiện",
            "Đang dự thảo văn bản hướng dẫn",
            "",
            InProgress,
        ),
        task(
            Papi,
            "",
            "Kiểm soát tài sản, thu nhập của người có chức vụ, quyền hạn tại Sở",
            Dl::Text("Theo kế hoạch của Thanh tra tỉnh", None),
            "Chưa thực hiện",
            "",
            "",
            NotStarted,
        ),
        task(
            Papi,
            "",
            "Tổ chức hòa giải ở cơ sở, giảm khiếu nại vượt cấp",
            Dl::Text("Quý I/2023", Some(date(31, 3, 2023))),
            "Hoàn thành",
            "Hòa giải thành 85/102 vụ việc",
            "",
            Done,
        ),
    ];
    let mut sh = Sheet::new("Sheet1");
    sh.text(0, 0, "UBND TỈNH LÀO CAI", Style::bold());
    sh.text(1, 0, "SỞ TƯ PHÁP", Style::bold());
    national_motto(&mut sh, 4, &plain);
    sh.text(3, 4, "Lào Cai, ngày 18 tháng 5 năm 2023", Style::italic());
    sh.merged((4, 0), (4, 7), "BÁO CÁO", Style::bold());
    sh.merged(
        (5, 0),
        (5, 7),
        "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAR INDEX, SIPAS, PAPI tháng 5 năm 2023",
        Style::bold(),
    );
    let headers = [
        "STT",
        "Nhiệm vụ",
        "Thời hạn",
        "Tình trạng",
        "Kết quả thực hiện",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
        "Ghi chú",
    ];
    for (c, h) in headers.iter().enumerate() {
        sh.text(7, c as u16, h, Style::header());
    }
    let mut r = 8;
    let mut last: Option<(IndexKind, &str)> = None;
    let mut n = 0;
    let mut area_no = 0;
    for t in &t {
        if last.map(|l| l.0) != Some(t.index) {
            sh.text(r, 1, section(t.index), Style { bold: true, ..Style::table() });
            r += 1;
            n = 0;
            area_no = 0;
        }
        if !t.area.is_empty() && last.map(|l| l.1) != Some(t.area) {
            area_no += 1;
            sh.text(r, 1, &format!("{area_no}. {}", t.area), Style { italic: true, ..Style::table() });
            r += 1;
        }
        last = Some((t.index, t.area));
        n += 1;
        sh.put(r, 0, V::Num(n as f64), Style::table());
        sh.text(r, 1, t.text, Style::table());
        put_deadline(&mut sh, r, 2, &t.deadline, &plain);
        sh.text(r, 3, t.state, Style::table());
        free_texts(&mut sh, r, 4, t, &plain);
        r += 1;
    }
    sh.text(r + 1, 0, "Ghi chú: Số liệu tính đến ngày 14/5/2023.", Style::default());
    signature(&mut sh, r + 3, 1, 5, &plain);
    sh.width(1, 48.0);
    for c in 4..7 {
        sh.width(c, 28.0);
    }
    (Book { sheets: vec![sh] }, t)
}

/// (b) Huyện Bảo Thắng: one sheet per index, x-marks under a merged `Tình trạng`.
fn bao_thang() -> (Book, Vec<Task>) {
    let t = vec![
        task(
            Par,
            "",
            "Ban hành Kế hoạch CCHC năm 2023 của UBND huyện",
            Dl::Date(date(31, 1, 2023)),
            "HT",
            "Kế hoạch số 18/KH-UBND",
            "",
            Done,
        )
        .done_on(date(20, 1, 2023)),
        task(
            Par,
            "",
            "Kiện toàn Bộ phận Tiếp nhận và trả kết quả cấp xã",
            Dl::Date(date(31, 3, 2023)),
            "HT",
            "Đã kiện toàn tại 15/15 xã, thị trấn",
            KIEM_NHIEM,
            DoneLate,
        )
        .done_on(date(10, 4, 2023)),
        task(
            Par,
            "",
            "Nâng tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 50%",
            Dl::Date(date(30, 6, 2023)),
            "Đang thực hiện",
            "Tỷ lệ hiện đạt 38,5%",
            NGUOI_DAN,
            InProgress,
        )
        .propose(DX_TAP_HUAN),
        task(
            Par,
            "",
            "Đánh giá, xếp loại công chức cấp xã hằng quý trên phần mềm",
            Dl::Date(date(10, 5, 2023)),
            "Đang thực hiện",
            "",
            PHAN_MEM,
            Overdue,
        ),
        task(
            Par,
            "",
            "Đầu tư trang thiết bị cho Bộ phận Một cửa các xã",
            Dl::Date(date(30, 9, 2023)),
            "Chưa thực hiện",
            "",
            KINH_PHI,
            NotStarted,
        )
        .propose(DX_KINH_PHI),
        task(
            Sipas,
            "",
            "Bố trí ghế ngồi, nước uống, wifi miễn phí tại Bộ phận Một cửa huyện",
            Dl::Date(date(28, 2, 2023)),
            "HT",
            "Đã bố trí",
            "",
            Done,
        )
        .done_on(date(28, 2, 2023)),
        task(
            Sipas,
            "",
            "Tập huấn kỹ năng giao tiếp cho công chức Bộ phận Một cửa",
            Dl::Date(date(15, 5, 2023)),
            "Chưa thực hiện",
            "",
            "",
            NotStarted,
        ),
        task(
            Sipas,
            "",
            "Gửi thư xin lỗi đối với hồ sơ trả kết quả quá hạn",
            Dl::Text("Thường xuyên", None),
            "Đang thực hiện",
            "Đã gửi 07 thư xin lỗi",
            "",
            Recurring,
        ),
        task(
            Papi,
            "",
            "Công khai danh sách hộ nghèo, cận nghèo tại nhà văn hóa thôn",
            Dl::Date(date(30, 4, 2023)),
            "HT",
            "Đã công khai tại 100% thôn",
            "",
            DoneLate,
        )
        .done_on(date(1, 5, 2023)),
        task(
            Papi,
            "",
            "Tổ chức đối thoại giữa Chủ tịch UBND huyện với nhân dân",
            Dl::Date(date(30, 6, 2023)),
            "Đang thực hiện",
            "Đã xây dựng kế hoạch đối thoại",
            "",
            InProgress,
        ),
        task(
            Papi,
            "",
            "Thu gom, xử lý rác thải tại trung tâm các xã Phong Niên, Xuân Quang",
            Dl::Date(date(31, 3, 2023)),
            "Chưa thực hiện",
            "",
            KINH_PHI,
            Overdue,
        ),
        task(
            Papi,
            "",
            "Hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID và dịch vụ công trực tuyến",
            Dl::Text("Thường xuyên", None),
            "Đang thực hiện",
            "Đã hướng dẫn 2.300 lượt người dân",
            NGUOI_DAN,
            Recurring,
        ),
    ];
    let mut guide = Sheet::new("Hướng dẫn");
    for (i, l) in [
        "HƯỚNG DẪN GHI BIỂU MẪU BÁO CÁO",
        "1. Mỗi chỉ số ghi vào một sheet riêng (PAR INDEX, SIPAS, PAPI).",
        "2. Cột Tình trạng: đánh dấu x vào một trong ba ô Hoàn thành, Đang thực hiện, Chưa thực hiện.",
        "3. Thời hạn, ngày hoàn thành ghi theo định dạng ngày/tháng/năm.",
        "4. Báo cáo gửi về Sở Nội vụ trước ngày 20 hằng tháng.",
    ]
    .iter()
    .enumerate()
    {
        guide.text(i as u32, 0, l, if i == 0 { Style::bold() } else { Style::default() });
    }
    let mut sheets = vec![guide];
    for (k, idx) in [Par, Sipas, Papi].into_iter().enumerate() {
        let mut sh = Sheet::new(idx.label());
        let hr = if k == 0 {
            sh.text(0, 0, "ỦY BAN NHÂN DÂN", Style::bold());
            sh.text(1, 0, "HUYỆN BẢO THẮNG", Style::bold());
            national_motto(&mut sh, 5, &plain);
            sh.text(2, 5, "Bảo Thắng, ngày 19 tháng 5 năm 2023", Style::italic());
            sh.merged(
                (4, 0),
                (4, 9),
                "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI THIỆN CÁC CHỈ SỐ THÁNG 5 NĂM 2023",
                Style::bold(),
            );
            6
        } else {
            sh.merged((0, 0), (0, 9), &format!("Biểu {:02}: Chỉ số {}", k + 1, idx.label()), Style::bold());
            2
        };
        for (c, h) in [(0u16, "STT"), (1, "Nhiệm vụ"), (2, "Thời hạn")] {
            sh.merged((hr, c), (hr + 1, c), h, Style::header());
        }
        sh.merged((hr, 3), (hr, 5), "Tình trạng", Style::header());
        for (c, h) in [(3u16, "Hoàn thành"), (4, "Đang thực hiện"), (5, "Chưa thực hiện")] {
            sh.text(hr + 1, c, h, Style::header());
        }
        for (c, h) in
            [(6u16, "Ngày hoàn thành"), (7, "Kết quả thực hiện"), (8, "Khó khăn, vướng mắc"), (9, "Đề xuất, kiến nghị")]
        {
            sh.merged((hr, c), (hr + 1, c), h, Style::header());
        }
        let mut r = hr + 2;
        for (n, t) in t.iter().filter(|t| t.index == idx).enumerate() {
            sh.put(r, 0, V::Num((n + 1) as f64), Style::table());
            sh.text(r, 1, t.text, Style::table());
            put_deadline(&mut sh, r, 2, &t.deadline, &plain);
            let col = match t.state {
                "HT" => 3,
                "Đang thực hiện" => 4,
                _ => 5,
            };
            sh.text(r, col, "x", Style { center: true, ..Style::table() });
            if let Some(c) = t.completed_on {
                sh.put(r, 6, V::Date(c), Style::table());
            }
            free_texts(&mut sh, r, 7, t, &plain);
            r += 1;
        }
        if k == 2 {
            signature(&mut sh, r + 2, 1, 7, &plain);
        }
        sh.width(1, 45.0);
        sheets.push(sh);
    }
    (Book { sheets }, t)
}

/// (c) Sở LĐTBXH: shuffled and extra columns, index column, text deadlines, percentages.
fn sldtbxh() -> (Book, Vec<Task>) {
    let t = vec![
        task(
            Par,
            "",
            "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực lao động, người có công",
            Dl::Text("Quý II/2023", Some(date(30, 6, 2023))),
            "Đang thực hiện",
            "Đã rà soát 35/62 thủ tục",
            "",
            InProgress,
        )
        .pct(Pct::Fraction(0.6)),
        task(
            Par,
            "",
            "Xây dựng đề án vị trí việc làm các đơn vị sự nghiệp trực thuộc Sở",
            Dl::Text("Tháng 6/2023", Some(date(30, 6, 2023))),
            "Đang triển khai",
            "Đang lấy ý kiến các đơn vị",
            KIEM_NHIEM,
            InProgress,
        )
        .pct(Pct::Number(85.0)),
        task(
            Par,
            "",
            "Thực hiện cơ chế tự chủ tài chính tại các cơ sở giáo dục nghề nghiệp",
            Dl::Text("Năm 2023", Some(date(31, 12, 2023))),
            "Chưa thực hiện",
            "",
            KINH_PHI,
            NotStarted,
        )
        .pct(Pct::Number(0.0))
        .propose(DX_KINH_PHI),
        task(
            Par,
            "",
            "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm 2022",
            Dl::Text("Quý 1 năm 2023", Some(date(31, 3, 2023))),
            "Hoàn thành",
            "Báo cáo số 45/BC-SLĐTBXH",
            "",
            Done,
        )
        .done_on(date(25, 3, 2023))
        .pct(Pct::Text("100%")),
        task(
            Sipas,
            "",
            "Chi trả trợ cấp ưu đãi người có công qua tài khoản cá nhân, bảo đảm đúng hạn",
            Dl::Text("Thường xuyên", None),
            "Thường xuyên",
            "Đã chi trả qua tài khoản cho 1.240 đối tượng",
            NGUOI_DAN,
            Recurring,
        ),
        task(
            Sipas,
            "",
            "Niêm yết công khai quy trình giải quyết chế độ chính sách tại Bộ phận Một cửa",
            Dl::Text("30.6.2023", Some(date(30, 6, 2023))),
            "Hoàn thành",
            "Đã niêm yết",
            "",
            Done,
        )
        .done_on(date(12, 5, 2023))
        .pct(Pct::Text("100%")),
        task(
            Sipas,
            "",
            "Khảo sát sự hài lòng của người lao động về dịch vụ việc làm",
            Dl::Text("6 tháng đầu năm 2023", Some(date(30, 6, 2023))),
            "Đang thực hiện",
            "Đã thu 420 phiếu khảo sát",
            "",
            InProgress,
        )
        .pct(Pct::Text("40%")),
        task(
            Papi,
            "",
            "Rà soát, công khai danh sách hộ nghèo, hộ cận nghèo năm 2023",
            Dl::Text("tháng 4 năm 2023", Some(date(30, 4, 2023))),
            "Đang thực hiện",
            "Còn 02 huyện chưa gửi kết quả",
            "Một số địa phương chậm gửi kết quả rà soát",
            Overdue,
        )
        .pct(Pct::Fraction(0.9)),
        task(
            Papi,
            "",
            "Hướng dẫn các huyện giải quyết đúng hạn hồ sơ trợ cấp xã hội",
            Dl::Text("Trước 15/7/2023", Some(date(15, 7, 2023))),
            "Đang thực hiện",
            "",
            "",
            InProgress,
        )
        .pct(Pct::Number(50.0)),
        task(
            Papi,
            "",
            "Kiểm tra việc thực hiện chính sách giảm nghèo tại cơ sở",
            Dl::Text("Theo chỉ đạo của tỉnh", None),
            "Chưa triển khai",
            "",
            "",
            NotStarted,
        ),
        task(
            Papi,
            "",
            "Tổng hợp, trả lời kiến nghị của cử tri về chính sách lao động",
            Dl::Text("30-04-2023", Some(date(30, 4, 2023))),
            "Hoàn thành",
            "Đã trả lời 12/12 kiến nghị",
            "",
            DoneLate,
        )
        .done_on(date(5, 5, 2023))
        .pct(Pct::Text("100%")),
    ];
    let mut sh = Sheet::new("Biểu mẫu");
    sh.text(0, 0, "Đơn vị báo cáo: Sở Lao động - Thương binh và Xã hội", Style { bold: true, ..Style::default() });
    sh.text(1, 0, "Kỳ báo cáo: Tháng 05/2023", Style::default());
    sh.text(2, 0, "Ngày báo cáo: 17/05/2023", Style::default());
    sh.text(
        3,
        0,
        "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI THIỆN CHỈ SỐ PAR INDEX, SIPAS, PAPI",
        Style { bold: true, ..Style::default() },
    );
    let headers = [
        "TT",
        "Nội dung nhiệm vụ",
        "Chỉ số",
        "Đơn vị chủ trì",
        "Thời hạn hoàn thành",
        "Tiến độ (%)",
        "Tình hình thực hiện",
        "Ngày hoàn thành",
        "Kết quả/sản phẩm",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
        "Cán bộ theo dõi",
    ];
    for (c, h) in headers.iter().enumerate() {
        sh.text(5, c as u16, h, Style::header());
    }
    let owners = ["Văn phòng Sở", "Phòng Người có công", "Phòng Bảo trợ xã hội", "Phòng Lao động - Việc làm"];
    for (i, t) in t.iter().enumerate() {
        let r = 6 + i as u32;
        sh.put(r, 0, V::Num((i + 1) as f64), Style::table());
        sh.text(r, 1, t.text, Style::table());
        sh.text(r, 2, t.index.label(), Style::table());
        sh.text(r, 3, owners[i % owners.len()], Style::table());
        put_deadline(&mut sh, r, 4, &t.deadline, &plain);
        match t.pct {
            Pct::None => {}
            Pct::Fraction(f) => sh.put(r, 5, V::Num(f), Style { num_format: Some("0%".into()), ..Style::table() }),
            Pct::Number(n) => sh.put(r, 5, V::Num(n), Style::table()),
            Pct::Text(s) => sh.text(r, 5, s, Style::table()),
        }
        sh.text(r, 6, t.state, Style::table());
        if let Some(c) = t.completed_on {
            sh.text(r, 7, &c.format("%d/%m/%Y").to_string(), Style::table());
        }
        free_texts(&mut sh, r, 8, t, &plain);
        sh.text(r, 11, ["Lò Văn Hùng", "Vàng Thị Mai"][i % 2], Style::table());
    }
    let end = 6 + t.len() as u32;
    sh.text(end + 1, 0, "Ghi chú: Cột Tiến độ (%) ghi tỷ lệ khối lượng công việc đã thực hiện.", Style::default());
    signature(&mut sh, end + 3, 1, 8, &plain);
    (Book { sheets: vec![sh] }, t)
}

/// (e) Sở Tài chính, saved from LibreOffice as .ods.
fn stc() -> (Book, Vec<Task>) {
    let t = vec![
        task(
            Par,
            "Cải cách tài chính công",
            "Thực hiện cơ chế tự chủ tài chính đối với đơn vị sự nghiệp công lập",
            Dl::Date(date(30, 6, 2023)),
            "Đang thực hiện",
            "Đã giao tự chủ cho 08/12 đơn vị",
            "",
            InProgress,
        ),
        task(
            Par,
            "Cải cách tài chính công",
            "Công khai dự toán, quyết toán ngân sách nhà nước theo quy định",
            Dl::Text("30/4/2023", Some(date(30, 4, 2023))),
            "Đã hoàn thành",
            "Đã công khai trên Cổng thông tin điện tử của Sở",
            "",
            Done,
        ),
        task(
            Par,
            "Xây dựng và phát triển Chính quyền điện tử, chính quyền số",
            "Triển khai thanh toán trực tuyến nghĩa vụ tài chính trên Cổng Dịch vụ công",
            Dl::Text("Quý I/2023", Some(date(31, 3, 2023))),
            "Đang triển khai",
            "Đang phối hợp với ngân hàng kết nối",
            PHAN_MEM,
            Overdue,
        ),
        task(
            Sipas,
            "",
            "Rút ngắn thời gian thẩm định quyết toán dự án hoàn thành",
            Dl::Text("Thường xuyên", None),
            "Đang thực hiện",
            "Thời gian thẩm định bình quân giảm 5 ngày",
            "",
            Recurring,
        ),
        task(
            Sipas,
            "",
            "Cử công chức có năng lực làm việc tại Trung tâm Phục vụ hành chính công",
            Dl::Text("Trước 31/5/2023", Some(date(31, 5, 2023))),
            "Chưa thực hiện",
            "",
            KIEM_NHIEM,
            NotStarted,
        )
        .propose(DX_TAP_HUAN),
        task(
            Papi,
            "Công khai, minh bạch",
            "Công khai ngân sách xã và các khoản đóng góp của nhân dân",
            Dl::Date(date(14, 5, 2023)),
            "Đang thực hiện",
            "Đã hướng dẫn các huyện",
            "",
            Overdue,
        ),
        task(
            Papi,
            "Kiểm soát tham nhũng trong khu vực công",
            "Hướng dẫn cấp xã quản lý, sử dụng kinh phí xây dựng nông thôn mới",
            Dl::Text("28/02/2023", Some(date(28, 2, 2023))),
            "HT",
            "Công văn số 321/STC-NS",
            "",
            Done,
        ),
        task(
            Papi,
            "Kiểm soát tham nhũng trong khu vực công",
            "Kiểm tra việc sử dụng ngân sách tại các đơn vị dự toán",
            Dl::Text("Năm 2023", Some(date(31, 12, 2023))),
            "Chưa triển khai",
            "",
            "",
            NotStarted,
        ),
    ];
    let mut sh = Sheet::new("Báo cáo");
    sh.text(0, 0, "UBND TỈNH LÀO CAI", Style::bold());
    sh.text(1, 0, "SỞ TÀI CHÍNH", Style::bold());
    national_motto(&mut sh, 4, &plain);
    sh.text(3, 0, "Ngày báo cáo: 16/05/2023", Style::default());
    sh.merged((4, 0), (4, 7), "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI THIỆN CHỈ SỐ Tháng 05/2023", Style::bold());
    let headers = [
        "TT",
        "Nhiệm vụ/giải pháp",
        "Hạn hoàn thành",
        "Kết quả (tình trạng)",
        "Sản phẩm",
        "Tồn tại, hạn chế",
        "Đề xuất, kiến nghị",
        "Ghi chú",
    ];
    for (c, h) in headers.iter().enumerate() {
        sh.text(6, c as u16, h, Style::header());
    }
    let mut r = 7;
    let mut last: Option<(IndexKind, &str)> = None;
    let mut n = 0;
    let mut dim = 0;
    for t in &t {
        if last.map(|l| l.0) != Some(t.index) {
            sh.text(r, 1, section(t.index), Style { bold: true, ..Style::table() });
            r += 1;
            n = 0;
        }
        if !t.area.is_empty() && last.map(|l| l.1) != Some(t.area) {
            dim += 1;
            let label = if t.index == Papi {
                format!("Trục nội dung {}: {}", if t.area.starts_with("Công khai") { 2 } else { 4 }, t.area)
            } else {
                format!("{dim}. {}", t.area)
            };
            sh.text(r, 1, &label, Style { italic: true, ..Style::table() });
            r += 1;
        }
        last = Some((t.index, t.area));
        n += 1;
        sh.put(r, 0, V::Num(n as f64), Style::table());
        sh.text(r, 1, t.text, Style::table());
        put_deadline(&mut sh, r, 2, &t.deadline, &plain);
        sh.text(r, 3, t.state, Style::table());
        free_texts(&mut sh, r, 4, t, &plain);
        r += 1;
    }
    signature(&mut sh, r + 2, 1, 5, &plain);
    (Book { sheets: vec![sh] }, t)
}

/// (f) Huyện Bát Xát, late: NFD text, long preamble, place-date in the footer.
fn bat_xat() -> (Book, Vec<Task>) {
    let t = vec![
        task(
            Par,
            "",
            "Sửa đổi Quy chế làm việc của UBND huyện",
            Dl::Text("Tháng 3/2023", Some(date(31, 3, 2023))),
            "Hoàn thành",
            "Quyết định số 215/QĐ-UBND",
            "",
            Done,
        ),
        task(
            Par,
            "",
            "Rà soát, sắp xếp các thôn, tổ dân phố theo quy định",
            Dl::Text("Quý II/2023", Some(date(30, 6, 2023))),
            "Đang thực hiện",
            "Đã xây dựng phương án sáp nhập 12 thôn",
            "",
            InProgress,
        ),
        task(
            Par,
            "",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính cấp huyện, cấp xã",
            Dl::Text("30/4/2023", Some(date(30, 4, 2023))),
            "Đang thực hiện",
            "Đạt 42%",
            HA_TANG,
            Overdue,
        )
        .propose(DX_DUONG_TRUYEN),
        task(
            Sipas,
            "",
            "Cải tạo, nâng cấp Bộ phận Một cửa cấp huyện",
            Dl::Text("Năm 2023", Some(date(31, 12, 2023))),
            "Chưa thực hiện",
            "",
            KINH_PHI,
            NotStarted,
        )
        .propose(DX_KINH_PHI),
        task(
            Papi,
            "",
            "Tổ chức lấy ý kiến nhân dân về dự án đầu tư công tại các xã",
            Dl::Text("Thường xuyên", None),
            "Thường xuyên",
            "",
            "",
            Recurring,
        ),
        task(
            Papi,
            "",
            "Công khai kế hoạch sử dụng đất năm 2023 tại trụ sở UBND xã",
            Dl::Text("31/3/2023", Some(date(31, 3, 2023))),
            "Hoàn thành quá hạn",
            "Đã công khai tại 21/21 xã",
            "",
            DoneLate,
        ),
        task(
            Papi,
            "",
            "Xử lý dứt điểm các điểm tập kết rác thải tự phát ven Quốc lộ 4D",
            Dl::Text("15/5/2023", Some(date(15, 5, 2023))),
            "Đang triển khai",
            "Đã xử lý 05/09 điểm",
            "",
            InProgress,
        ),
    ];
    let nfd = |s: &str| -> (String, Option<&'static str>) { (s.nfd().collect(), None) };
    let mut sh = Sheet::new("Sheet1");
    let (a, _) = nfd("UBND HUYỆN BÁT XÁT");
    sh.text(0, 0, &a, Style::bold());
    national_motto(&mut sh, 4, &nfd);
    sh.merged((3, 0), (3, 6), &nfd("BÁO CÁO").0, Style::bold());
    sh.merged(
        (4, 0),
        (4, 6),
        &nfd("Tình hình thực hiện nhiệm vụ cải thiện các chỉ số PAR INDEX, SIPAS, PAPI tháng 5/2023").0,
        Style::bold(),
    );
    let preamble = [
        "Căn cứ Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh về cải thiện Chỉ số PAR INDEX;",
        "Căn cứ Kế hoạch số 165/KH-UBND ngày 22/3/2023 của UBND tỉnh về cải thiện Chỉ số SIPAS;",
        "Căn cứ Kế hoạch số 166/KH-UBND ngày 22/3/2023 của UBND tỉnh về cải thiện Chỉ số PAPI;",
        "UBND huyện Bát Xát báo cáo kết quả thực hiện như sau:",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Trong tháng, UBND huyện đã chỉ đạo các cơ quan, đơn vị triển khai các nhiệm vụ được giao.",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "Hạ tầng công nghệ thông tin tại một số xã vùng cao còn hạn chế.",
        "III. BIỂU CHI TIẾT",
    ];
    for (i, l) in preamble.iter().enumerate() {
        sh.text(6 + i as u32, 0, &nfd(l).0, Style::default());
    }
    let hr = 16;
    let headers = [
        "TT",
        "Nội dung công việc",
        "Hạn hoàn thành",
        "Tiến độ",
        "Sản phẩm",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
    ];
    for (c, h) in headers.iter().enumerate() {
        sh.text(hr, c as u16, &nfd(h).0, Style::header());
    }
    let mut r = hr + 1;
    let mut last = None;
    let mut n = 0;
    for t in &t {
        if last != Some(t.index) {
            sh.text(r, 1, &nfd(section(t.index)).0, Style { bold: true, ..Style::table() });
            r += 1;
            n = 0;
            last = Some(t.index);
        }
        n += 1;
        sh.put(r, 0, V::Num(n as f64), Style::table());
        sh.text(r, 1, &nfd(t.text).0, Style::table());
        put_deadline(&mut sh, r, 2, &t.deadline, &nfd);
        sh.text(r, 3, &nfd(t.state).0, Style::table());
        free_texts(&mut sh, r, 4, t, &nfd);
        r += 1;
    }
    sh.text(r + 1, 4, &nfd("Bát Xát, ngày 22 tháng 5 năm 2023").0, Style::italic());
    signature(&mut sh, r + 2, 1, 4, &nfd);
    (Book { sheets: vec![sh] }, t)
}

/// (g) Sở Tài nguyên và Môi trường, corrected resubmission; `first` gives the erroneous
/// version of 16/5 (task 6 marked done by mistake, task 8 forgotten).
fn stnmt(first: bool) -> (Book, Vec<Task>) {
    let mut t = vec![
        task(
            Par,
            "",
            "Rút ngắn thời gian giải quyết thủ tục đăng ký đất đai xuống còn 07 ngày",
            Dl::Text("Quý II/2023", Some(date(30, 6, 2023))),
            "Đang thực hiện",
            "Thời gian giải quyết bình quân 09 ngày",
            "",
            InProgress,
        ),
        task(
            Par,
            "",
            "Số hóa cơ sở dữ liệu đất đai các huyện Bảo Yên, Văn Bàn",
            Dl::Text("30/4/2023", Some(date(30, 4, 2023))),
            "Hoàn thành",
            "Đã số hóa 100% hồ sơ địa chính",
            HA_TANG,
            Done,
        )
        .done_on(date(28, 4, 2023)),
        task(
            Par,
            "",
            "Công bố thủ tục hành chính sửa đổi lĩnh vực môi trường",
            Dl::Text("15/3/2023", Some(date(15, 3, 2023))),
            "Hoàn thành",
            "Quyết định số 560/QĐ-UBND",
            "",
            DoneLate,
        )
        .done_on(date(20, 3, 2023)),
        task(
            Sipas,
            "",
            "Giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất đúng hạn",
            Dl::Text("Thường xuyên", None),
            "Thường xuyên",
            "Tỷ lệ đúng hạn đạt 96%",
            KIEM_NHIEM,
            Recurring,
        ),
        task(
            Sipas,
            "",
            "Gửi thư xin lỗi tổ chức, công dân khi giải quyết hồ sơ quá hạn",
            Dl::Text("Hằng tháng", None),
            "Đang thực hiện",
            "Đã gửi 12 thư xin lỗi",
            "",
            Recurring,
        ),
        task(
            Papi,
            "",
            "Niêm yết công khai bảng giá đất, quy hoạch sử dụng đất cấp huyện",
            Dl::Text("31/3/2023", Some(date(31, 3, 2023))),
            "Đang thực hiện",
            "Còn 02 huyện chưa niêm yết",
            "",
            Overdue,
        ),
        task(
            Papi,
            "",
            "Kiểm tra, xử lý các cơ sở sản xuất gây ô nhiễm môi trường",
            Dl::Text("Năm 2023", Some(date(31, 12, 2023))),
            "Đang thực hiện",
            "Đã kiểm tra 06 cơ sở",
            "",
            InProgress,
        ),
        task(
            Papi,
            "",
            "Xây dựng phương án thu gom, xử lý chất thải rắn sinh hoạt",
            Dl::Text("Tháng 8/2023", Some(date(31, 8, 2023))),
            "Chưa thực hiện",
            "",
            KINH_PHI,
            NotStarted,
        )
        .propose(DX_KINH_PHI),
    ];
    if first {
        t[5].state = "Hoàn thành";
        t[5].expect = Done;
        t.pop();
    }
    let mut sh = Sheet::new("Sheet1");
    sh.text(0, 0, "UBND TỈNH LÀO CAI", Style::bold());
    sh.text(1, 0, "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", Style::bold());
    national_motto(&mut sh, 4, &plain);
    let day = if first { 16 } else { 18 };
    sh.text(3, 4, &format!("Lào Cai, ngày {day} tháng 5 năm 2023"), Style::italic());
    sh.merged((4, 0), (4, 7), "BÁO CÁO", Style::bold());
    sh.merged((5, 0), (5, 7), "Kết quả cải thiện Chỉ số PAR INDEX, SIPAS, PAPI T5/2023", Style::bold());
    let headers = [
        "Số TT",
        "Nhiệm vụ",
        "Thời hạn",
        "Tình trạng",
        "Ngày hoàn thành",
        "Kết quả thực hiện",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
    ];
    for (c, h) in headers.iter().enumerate() {
        sh.text(7, c as u16, h, Style::header());
    }
    let mut r = 8;
    let mut last = None;
    let mut n = 0;
    for t in &t {
        if last != Some(t.index) {
            sh.text(r, 1, section(t.index), Style { bold: true, ..Style::table() });
            r += 1;
            n = 0;
            last = Some(t.index);
        }
        n += 1;
        sh.put(r, 0, V::Num(n as f64), Style::table());
        sh.text(r, 1, t.text, Style::table());
        put_deadline(&mut sh, r, 2, &t.deadline, &plain);
        sh.text(r, 3, t.state, Style::table());
        if let Some(c) = t.completed_on {
            sh.put(r, 4, V::Date(c), Style::table());
        }
        free_texts(&mut sh, r, 5, t, &plain);
        r += 1;
    }
    signature(&mut sh, r + 2, 1, 5, &plain);
    (Book { sheets: vec![sh] }, t)
}

/// (h) Huyện Mường Khương: an old template in TCVN3 (`.VnTime`, capitals in `.VnTimeH`).
fn muong_khuong() -> (Book, Vec<Task>) {
    let t = vec![
        task(
            Par,
            "",
            "Kiện toàn Ban Chỉ đạo cải cách hành chính huyện",
            Dl::Date(date(28, 2, 2023)),
            "Hoàn thành",
            "Quyết định số 120/QĐ-UBND",
            "",
            Done,
        ),
        task(
            Par,
            "",
            "Triển khai phần mềm quản lý văn bản và điều hành đến cấp xã",
            Dl::Text("Quý II/2023", Some(date(30, 6, 2023))),
            "Đang thực hiện",
            "Đã triển khai tại 10/16 xã",
            HA_TANG,
            InProgress,
        ),
        task(
            Par,
            "",
            "Đánh giá chất lượng hoạt động của Bộ phận Một cửa cấp xã",
            Dl::Text("30/4/2023", Some(date(30, 4, 2023))),
            "Chưa thực hiện",
            "",
            KIEM_NHIEM,
            Overdue,
        ),
        task(
            Sipas,
            "",
            "Hỗ trợ người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa",
            Dl::Text("Thường xuyên", None),
            "Thường xuyên",
            "",
            NGUOI_DAN,
            Recurring,
        ),
        task(
            Papi,
            "",
            "Công khai các khoản thu, chi tại trụ sở UBND các xã",
            Dl::Text("Hằng tháng", None),
            "Đang thực hiện",
            "",
            "",
            Recurring,
        ),
        task(
            Papi,
            "",
            "Tổ chức hội nghị đối thoại với nhân dân xã biên giới",
            Dl::Text("Tháng 6/2023", Some(date(30, 6, 2023))),
            "Chưa triển khai",
            "",
            "",
            NotStarted,
        ),
        task(
            Papi,
            "",
            "Xây dựng mô hình xử lý rác thải tại thôn bản",
            Dl::Text("31/3/2023", Some(date(31, 3, 2023))),
            "Hoàn thành quá hạn",
            "Mô hình tại thôn Sín Chải",
            KINH_PHI,
            DoneLate,
        ),
    ];
    let enc = |s: &str| -> (String, Option<&'static str>) {
        let mixed_ok = s.chars().all(|c| !c.is_uppercase() || c.is_ascii() || "ĂÂĐÊÔƠƯ".contains(c));
        if mixed_ok {
            (encode(s, LegacyEncoding::Tcvn3), Some(".VnTime"))
        } else {
            (encode(&s.to_lowercase(), LegacyEncoding::Tcvn3), Some(".VnTimeH"))
        }
    };
    let put = |sh: &mut Sheet, r: u32, c: u16, s: &str, st: Style| {
        if !s.is_empty() {
            let (t, f) = enc(s);
            sh.text(r, c, &t, st.with_font(f));
        }
    };
    let mut sh = Sheet::new("BC thang");
    put(&mut sh, 0, 0, "UBND HUYỆN MƯỜNG KHƯƠNG", Style::bold());
    national_motto(&mut sh, 4, &enc);
    put(&mut sh, 2, 4, "Mường Khương, ngày 17 tháng 5 năm 2023", Style::italic());
    let (title, font) = enc("BÁO CÁO KẾT QUẢ CẢI THIỆN CHỈ SỐ PAR INDEX, SIPAS, PAPI THÁNG 5 NĂM 2023");
    sh.merged((3, 0), (3, 6), &title, Style::bold().with_font(font));
    let headers = ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng", "Kết quả thực hiện", "Khó khăn, vướng mắc", "Ghi chú"];
    for (c, h) in headers.iter().enumerate() {
        put(&mut sh, 5, c as u16, h, Style::header());
    }
    let mut r = 6;
    let mut last = None;
    let mut n = 0;
    for t in &t {
        if last != Some(t.index) {
            put(&mut sh, r, 1, section(t.index), Style { bold: true, ..Style::table() });
            r += 1;
            n = 0;
            last = Some(t.index);
        }
        n += 1;
        sh.put(r, 0, V::Num(n as f64), Style::table());
        put(&mut sh, r, 1, t.text, Style::table());
        put_deadline(&mut sh, r, 2, &t.deadline, &enc);
        put(&mut sh, r, 3, t.state, Style::table());
        put(&mut sh, r, 4, t.result, Style::table());
        put(&mut sh, r, 5, t.issues, Style::table());
        r += 1;
    }
    signature(&mut sh, r + 2, 1, 4, &enc);
    (Book { sheets: vec![sh] }, t)
}

/// Builds one sample workbook and the tasks it holds.
type Sample = fn() -> (Book, Vec<Task>);

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("cannot write inputs/{name}: {e}"));
    println!("  {name} ({} bytes)", bytes.len());
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    std::fs::create_dir_all(&dir).expect("inputs/ can be created");
    println!("Ghi các tệp mẫu tháng 5/2023 vào {}:", dir.display());
    let xlsx: [(&str, Sample, NaiveDate); 6] = [
        ("BC T5 STP.xlsx", stp, date(18, 5, 2023)),
        ("Bao cao CCHC thang 5 - Bao Thang.xlsx", bao_thang, date(19, 5, 2023)),
        ("SLĐTBXH_BC_PAPI_SIPAS_PAR_T5.2023.xlsx", sldtbxh, date(17, 5, 2023)),
        ("BX_BaoCao_CCHC_T5.xlsx", bat_xat, date(22, 5, 2023)),
        ("BC T5 STNMT (ban sua).xlsx", || stnmt(false), date(18, 5, 2023)),
        ("MK_bao cao thang 5.xlsx", muong_khuong, date(17, 5, 2023)),
    ];
    for (name, make, created) in xlsx {
        let (book, tasks) = make();
        check(&tasks, name);
        write(&dir, name, &wb::to_xlsx(&book, created));
    }
    let (book, tasks) = stnmt(true);
    check(&tasks, "BC T5 STNMT.xlsx");
    write(&dir, "BC T5 STNMT.xlsx", &wb::to_xlsx(&book, date(16, 5, 2023)));
    let (book, tasks) = stc();
    check(&tasks, "STC - Bao cao T5-2023.ods");
    write(&dir, "STC - Bao cao T5-2023.ods", &wb::to_ods(&book, date(16, 5, 2023)));
    println!("Tệp .xls (Sở Y tế) do tests/fixtures/samples/make_xls.py tạo.");
}

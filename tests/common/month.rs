//! A whole messy month of agency workbooks, with its ground truth.
//!
//! [`generate_month`] writes one workbook per agency (a few agencies send nothing) in one
//! of seven layouts that mirror domain.md §3 — classic single sheet, one sheet per index
//! with x-marks and two-row merged headers, shuffled and extra columns, a deep header
//! under a long preamble in NFD text, legacy TCVN3/VNI text, a bare table identified only
//! by its file name and dated only by its modification time, and a table full of
//! formulas and error cells — plus a late report, a resubmission, a workbook of the
//! previous month and broken or stray files.
//!
//! The [`Truth`] is the generator's own knowledge of what it wrote, with statuses decided
//! by domain.md §2 ([`expected_status`]); it never calls the reader.
#![allow(dead_code)]

#[path = "../fixtures/samples/wb.rs"]
pub mod wb;

use baocao::config::{AgencyConfig, AgencyKind, Config};
use baocao::model::{FileRole, IndexKind, Period, StatusCounts, Submission, TaskStatus};
use baocao::normalize::legacy::{encode, LegacyEncoding};
use chrono::{Datelike, Duration, NaiveDate};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;
use wb::{Book, Sheet, Style, V};

/// What the reader must find for one configured agency.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyTruth {
    pub name: String,
    pub submission: Submission,
    pub report_date: Option<NaiveDate>,
    pub report_date_from_file_time: bool,
    /// The file used for the agency (after resubmissions).
    pub file: Option<String>,
    pub counts: StatusCounts,
    pub layout: Option<&'static str>,
}

/// One task row of a used workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskTruth {
    pub agency: String,
    pub file: String,
    pub sheet: String,
    /// 1-based spreadsheet row.
    pub row: u32,
    pub index: Option<IndexKind>,
    pub deadline: Option<NaiveDate>,
    /// NFC, trimmed: the task text as the agency wrote it.
    pub task: String,
    pub status: TaskStatus,
    /// `None` when the workbook has no percentage column or the cell holds an error.
    pub progress_pct: Option<f64>,
    pub layout: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileTruth {
    pub file: String,
    pub role: FileRole,
    /// The agency of a used or superseded workbook.
    pub agency: Option<String>,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    pub period: Period,
    /// Every configured agency, in configuration order.
    pub agencies: Vec<AgencyTruth>,
    pub tasks: Vec<TaskTruth>,
    pub files: Vec<FileTruth>,
}

/// Months the seeds cycle through: mid-year, a quarter end, a year boundary.
const PERIODS: [(i32, u32); 5] = [(2023, 5), (2023, 6), (2023, 10), (2024, 1), (2023, 12)];

/// Writes a month into `dir` (which should be empty) for the first configured agencies,
/// `agencies` of them (at most 29); the others of the configuration are missing.
pub fn generate_month(dir: &Path, seed: u64, agencies: usize) -> Truth {
    let (y, m) = PERIODS[(seed % PERIODS.len() as u64) as usize];
    generate_month_for(dir, Period::new(y, m).expect("valid period"), seed, agencies)
}

/// Small deterministic PRNG (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1).max(1) as u64)) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// How a task's state is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Done,
    DoneOnTime,
    DoneLate,
    InProgress,
    NotStarted,
    Recurring,
}

/// A deadline cell as written, with the date it means (domain.md §2).
#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineCell {
    /// A real date cell.
    Date(NaiveDate),
    /// A bare Excel serial number without a date format.
    Serial(NaiveDate),
    /// Text meaning a fixed date.
    Text(String, NaiveDate),
    /// `Thường xuyên`, `Hằng tháng`, `Hàng năm`.
    Recurring(String),
    /// Not understood: never overdue.
    Unparsed(String),
    Empty,
}

impl DeadlineCell {
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DeadlineCell::Date(d) | DeadlineCell::Serial(d) | DeadlineCell::Text(_, d) => Some(*d),
            _ => None,
        }
    }
}

/// domain.md §2, applied to what the generator wrote (not to what a reader parsed).
pub fn expected_status(
    state: State,
    deadline: &DeadlineCell,
    completed_on: Option<NaiveDate>,
    period_end: NaiveDate,
) -> TaskStatus {
    let date = deadline.date();
    match state {
        State::DoneLate => TaskStatus::DoneLate,
        State::Done | State::DoneOnTime => match (completed_on, date) {
            (Some(c), Some(d)) if c > d => TaskStatus::DoneLate,
            _ => TaskStatus::Done,
        },
        State::InProgress | State::NotStarted | State::Recurring => match (date, deadline) {
            (Some(d), _) if d <= period_end => TaskStatus::Overdue,
            (_, DeadlineCell::Recurring(_)) => TaskStatus::Recurring,
            _ if state == State::Recurring => TaskStatus::Recurring,
            _ if state == State::InProgress => TaskStatus::InProgress,
            _ => TaskStatus::NotStarted,
        },
    }
}

/// A task as generated.
#[derive(Debug, Clone)]
pub struct GenTask {
    pub index: IndexKind,
    pub area: &'static str,
    /// The text as the agency writes it (tone placement already chosen).
    pub text: String,
    pub state: State,
    pub deadline: DeadlineCell,
    pub completed_on: Option<NaiveDate>,
    pub progress: Option<f64>,
    pub result: String,
    pub issues: String,
    pub proposals: String,
    pub status: TaskStatus,
}

/// (index, area, task) pools in the wording of agencies' plans (domain.md §6).
pub const PAR_TASKS: &[(&str, &str)] = &[
    (
        "Công tác chỉ đạo, điều hành CCHC",
        "Ban hành Kế hoạch cải cách hành chính năm 2023 của đơn vị và tổ chức triển khai thực hiện",
    ),
    ("Công tác chỉ đạo, điều hành CCHC", "Tổ chức kiểm tra công tác cải cách hành chính tại các đơn vị trực thuộc"),
    ("Công tác chỉ đạo, điều hành CCHC", "Tuyên truyền cải cách hành chính trên Trang thông tin điện tử của đơn vị"),
    ("Cải cách thể chế", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực quản lý"),
    ("Cải cách thể chế", "Tham mưu ban hành văn bản quy định chi tiết thuộc thẩm quyền của tỉnh đúng thời hạn"),
    ("Cải cách TTHC", "Rà soát, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý năm 2023"),
    ("Cải cách TTHC", "Cập nhật, công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công của tỉnh"),
    ("Cải cách TTHC", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo Nghị định 45/2020/NĐ-CP"),
    ("Cải cách tổ chức bộ máy hành chính", "Rà soát, sắp xếp tổ chức bộ máy các phòng chuyên môn theo quy định"),
    ("Cải cách chế độ công vụ", "Xây dựng, cập nhật đề án vị trí việc làm của cơ quan, đơn vị"),
    ("Cải cách chế độ công vụ", "Đánh giá, xếp loại công chức, viên chức hằng quý bằng phần mềm"),
    ("Cải cách tài chính công", "Thực hiện cơ chế tự chủ tài chính đối với các đơn vị sự nghiệp công lập trực thuộc"),
    (
        "Xây dựng và phát triển Chính quyền điện tử, chính quyền số",
        "Tăng tỷ lệ văn bản điện tử có ký số trao đổi giữa các cơ quan hành chính",
    ),
    (
        "Xây dựng và phát triển Chính quyền điện tử, chính quyền số",
        "Cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
    ),
    ("Tác động của CCHC", "Khảo sát mức độ hài lòng của cán bộ, công chức về công tác cải cách hành chính"),
];

pub const SIPAS_TASKS: &[(&str, &str)] = &[
    ("Tiếp cận dịch vụ", "Bố trí đầy đủ trang thiết bị, ghế ngồi, nước uống tại Bộ phận Một cửa"),
    ("Tiếp cận dịch vụ", "Niêm yết công khai số điện thoại đường dây nóng tiếp nhận phản ánh của người dân"),
    ("Thủ tục hành chính", "Công khai đầy đủ, chính xác quy trình giải quyết thủ tục hành chính tại nơi tiếp nhận"),
    (
        "Công chức trực tiếp giải quyết công việc",
        "Tập huấn kỹ năng giao tiếp, ứng xử cho công chức làm việc tại Bộ phận Một cửa",
    ),
    ("Công chức trực tiếp giải quyết công việc", "Chấn chỉnh tình trạng hẹn lại, yêu cầu bổ sung hồ sơ quá một lần"),
    ("Kết quả dịch vụ", "Giải quyết hồ sơ đúng và trước hạn, gửi thư xin lỗi khi trả kết quả quá hạn"),
    (
        "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
        "Tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của người dân trên hệ thống 1022",
    ),
    (
        "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
        "Tổ chức đo lường sự hài lòng của người dân qua máy đánh giá tại Bộ phận Một cửa",
    ),
];

pub const PAPI_TASKS: &[(&str, &str)] = &[
    (
        "Tham gia của người dân ở cấp cơ sở",
        "Hướng dẫn tổ chức bầu trưởng thôn, tổ trưởng tổ dân phố bảo đảm dân chủ, công khai",
    ),
    ("Công khai, minh bạch", "Công khai danh sách hộ nghèo, hộ cận nghèo tại nhà văn hóa thôn, tổ dân phố"),
    ("Công khai, minh bạch", "Niêm yết công khai quy hoạch, kế hoạch sử dụng đất và khung giá đất"),
    (
        "Trách nhiệm giải trình với người dân",
        "Tổ chức đối thoại giữa người đứng đầu với nhân dân về những vấn đề bức xúc",
    ),
    ("Kiểm soát tham nhũng trong khu vực công", "Công khai kết quả kê khai tài sản, thu nhập theo quy định"),
    (
        "Kiểm soát tham nhũng trong khu vực công",
        "Chấn chỉnh việc nhũng nhiễu, gây phiền hà trong giải quyết thủ tục hành chính",
    ),
    ("Thủ tục hành chính công", "Rút ngắn thời gian cấp giấy chứng nhận quyền sử dụng đất cho người dân"),
    ("Cung ứng dịch vụ công", "Nâng cao chất lượng khám chữa bệnh tại trạm y tế xã"),
    ("Cung ứng dịch vụ công", "Bảo đảm an ninh trật tự, an toàn giao thông trên địa bàn khu dân cư"),
    ("Quản trị môi trường", "Thu gom, xử lý rác thải sinh hoạt tại các khu dân cư tập trung"),
    ("Quản trị môi trường", "Kiểm tra, xử lý các cơ sở sản xuất gây ô nhiễm môi trường"),
    ("Quản trị điện tử", "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán trực tuyến"),
    ("Quản trị điện tử", "Phát triển Trang thông tin điện tử cấp xã, cập nhật thông tin thường xuyên"),
];

const RESULTS_DONE: &[&str] = &[
    "Đã ban hành Kế hoạch số 25/KH-UBND ngày 10/02/2023",
    "Đã hoàn thành, báo cáo kết quả về Sở Nội vụ",
    "Đã tổ chức 02 hội nghị với 150 lượt người tham dự",
    "Đã cập nhật 100% thủ tục hành chính lên Cổng Dịch vụ công",
    "Đã công khai tại trụ sở và trên Trang thông tin điện tử",
];
const RESULTS_PROGRESS: &[&str] = &[
    "Đang rà soát, dự kiến hoàn thành đúng thời hạn",
    "Đã hoàn thành 70% khối lượng công việc",
    "Đang dự thảo, xin ý kiến các phòng chuyên môn",
    "Đã số hóa 1.250/2.000 hồ sơ",
    "",
];
const ISSUES: &[&str] = &[
    "Đội ngũ công chức làm công tác CCHC còn kiêm nhiệm, thường xuyên thay đổi",
    "Hạ tầng công nghệ thông tin tại cấp xã còn hạn chế, đường truyền không ổn định",
    "Kinh phí bố trí cho công tác CCHC còn hạn hẹp",
    "Một bộ phận người dân chưa quen sử dụng dịch vụ công trực tuyến",
    "Phần mềm một cửa điện tử còn lỗi, chưa kết nối đồng bộ với Cổng Dịch vụ công quốc gia",
    "",
    "",
];
const PROPOSALS: &[&str] = &[
    "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC cho công chức cấp xã",
    "Đề nghị UBND tỉnh bố trí kinh phí cho công tác CCHC",
    "Đề nghị Sở Thông tin và Truyền thông nâng cấp đường truyền cho cấp xã",
    "",
    "",
];
const UNPARSED: &[&str] =
    &["Theo chỉ đạo của tỉnh", "Theo lộ trình của Bộ", "Khi có văn bản hướng dẫn", "Theo kế hoạch"];
const RECURRING: &[&str] = &["Thường xuyên", "Hằng tháng", "Hàng năm"];

/// Rewrites `hòa`, `khỏe`, `thủy` to the old tone placement `hoà`, `khoẻ`, `thuỷ`
/// (only at the end of a syllable: `hoàn` is the same in both styles).
pub fn old_tone_placement(s: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("òa", "oà"),
        ("óa", "oá"),
        ("ỏa", "oả"),
        ("õa", "oã"),
        ("ọa", "oạ"),
        ("òe", "oè"),
        ("óe", "oé"),
        ("ỏe", "oẻ"),
        ("õe", "oẽ"),
        ("ọe", "oẹ"),
        ("ùy", "uỳ"),
        ("úy", "uý"),
        ("ủy", "uỷ"),
        ("ũy", "uỹ"),
        ("ụy", "uỵ"),
    ];
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic()) {
            let pair: String = chars[i..i + 2].iter().collect();
            let lower = pair.to_lowercase();
            if let Some((_, old)) = PAIRS.iter().find(|(new, _)| *new == pair || *new == lower) {
                // Keep the case the text was written in (`HÓA` → `HOÁ`, `Ủy` → `Uỷ`).
                let first_upper = chars[i].is_uppercase();
                let second_upper = chars[i + 1].is_uppercase();
                for (k, c) in old.chars().enumerate() {
                    let up = if k == 0 { first_upper } else { second_upper };
                    if up {
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                }
                i += 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// TCVN3 has code points for the lowercase letters and only the capitals Ă Â Đ Ê Ô Ơ Ư:
/// other accented capitals need the `.VnTimeH` font.
fn tcvn3_mixed_case_ok(s: &str) -> bool {
    s.chars().all(|c| !c.is_uppercase() || c.is_ascii() || "ĂÂĐÊÔƠƯ".contains(c))
}

/// How a workbook writes its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    Plain,
    Nfd,
    Legacy(LegacyEncoding),
}

/// Writes text cells through the agency's quirks.
struct Writer {
    mode: TextMode,
}

impl Writer {
    /// The stored string and font for a Unicode text.
    fn enc(&self, s: &str) -> (String, Option<&'static str>) {
        match self.mode {
            TextMode::Plain => (s.to_string(), None),
            TextMode::Nfd => (s.nfd().collect(), None),
            TextMode::Legacy(LegacyEncoding::Vni) => (encode(s, LegacyEncoding::Vni), Some("VNI-Times")),
            TextMode::Legacy(LegacyEncoding::Tcvn3) => {
                if tcvn3_mixed_case_ok(s) {
                    (encode(s, LegacyEncoding::Tcvn3), Some(".VnTime"))
                } else {
                    // An all-capitals line: lowercase code points in the capitals font.
                    (encode(&s.to_lowercase(), LegacyEncoding::Tcvn3), Some(".VnTimeH"))
                }
            }
        }
    }
    fn text(&self, sh: &mut Sheet, r: u32, c: u16, s: &str, st: Style) {
        if s.is_empty() {
            return;
        }
        let (t, font) = self.enc(s);
        sh.text(r, c, &t, st.with_font(font));
    }
    fn merged(&self, sh: &mut Sheet, a: (u32, u16), b: (u32, u16), s: &str, st: Style) {
        let (t, font) = self.enc(s);
        sh.merged(a, b, &t, st.with_font(font));
    }
}

/// Per-agency names as they appear in workbooks.
struct Names {
    /// Lines of the title block, e.g. [`UBND TỈNH LÀO CAI`, `SỞ TƯ PHÁP`].
    title_block: Vec<String>,
    /// For an `Đơn vị báo cáo:` line.
    line: String,
    /// Place in the place-date line.
    place: String,
    /// Short tag for file names.
    tag: String,
    /// Diacritic-free full name for file names that must identify the agency alone.
    ascii_name: String,
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

fn ascii_fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

fn names(a: &AgencyConfig, tone_old: bool, rng: &mut Rng) -> Names {
    let mut n = names_plain(a, rng);
    if tone_old {
        n.title_block = n.title_block.iter().map(|l| old_tone_placement(l)).collect();
        n.line = old_tone_placement(&n.line);
    }
    n
}

fn names_plain(a: &AgencyConfig, rng: &mut Rng) -> Names {
    let long_aliases: Vec<&String> =
        a.aliases.iter().filter(|x| x.contains(' ') && !x.to_lowercase().starts_with("ubnd")).collect();
    let place_name =
        a.name.split_whitespace().skip(if a.name.starts_with("Huyện") { 1 } else { 2 }).collect::<Vec<_>>();
    let (title_block, place) = match a.kind {
        AgencyKind::Province => {
            let second = if !long_aliases.is_empty() && rng.chance(35) {
                let alias: &String = rng.pick(&long_aliases);
                upper(alias)
            } else if a.code == "VP" {
                "VĂN PHÒNG UBND TỈNH".to_string()
            } else {
                upper(&a.name)
            };
            (vec!["UBND TỈNH LÀO CAI".to_string(), second], "Lào Cai".to_string())
        }
        AgencyKind::District => {
            let lower_kind = a.name.to_lowercase();
            let block = match rng.below(3) {
                0 => vec![format!("UBND {}", upper(&a.name))],
                1 => vec!["ỦY BAN NHÂN DÂN".to_string(), upper(&a.name)],
                _ => {
                    let abbreviated = lower_kind.replace("thành phố", "TP").replace("thị xã", "TX");
                    vec![format!("UBND {}", upper(&abbreviated))]
                }
            };
            (block, place_name.join(" "))
        }
    };
    let line = match a.kind {
        AgencyKind::Province if !long_aliases.is_empty() && rng.chance(50) => rng.pick(&long_aliases).to_string(),
        AgencyKind::Province => a.name.clone(),
        AgencyKind::District => match rng.below(3) {
            0 => format!("UBND {}", a.name.to_lowercase()),
            1 => a.name.clone(),
            _ => a.aliases.iter().find(|x| !x.contains("UBND")).cloned().unwrap_or_else(|| a.name.clone()),
        },
    };
    let short: Vec<&String> = a.aliases.iter().filter(|x| !x.contains(' ')).collect();
    let tag = short.first().map(|s| s.to_string()).unwrap_or_else(|| a.code.clone());
    Names { title_block, line, place, tag, ascii_name: ascii_fold(&a.name) }
}

/// The period as the title writes it (domain.md §3).
fn period_text(p: Period, rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("tháng {} năm {}", p.month(), p.year()),
        1 => format!("Tháng {:02}/{}", p.month(), p.year()),
        2 => format!("T{}/{}", p.month(), p.year()),
        _ => format!("tháng {}/{}", p.month(), p.year()),
    }
}

fn place_date(place: &str, d: NaiveDate, rng: &mut Rng) -> String {
    if rng.chance(50) {
        format!("{place}, ngày {} tháng {} năm {}", d.day(), d.month(), d.year())
    } else {
        format!("{place}, ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year())
    }
}

const ROMAN_Q: [&str; 4] = ["I", "II", "III", "IV"];

fn last_of_month(y: i32, m: u32) -> NaiveDate {
    Period::new(y, m).expect("valid month").last_day()
}

/// A deadline text or cell meaning `d`, in one of the forms of domain.md §2 that fit it.
fn deadline_form(d: NaiveDate, allow_date_cell: bool, rng: &mut Rng) -> DeadlineCell {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let mut forms: Vec<DeadlineCell> = vec![
        DeadlineCell::Text(format!("{day}/{m}/{y}"), d),
        DeadlineCell::Text(format!("{day:02}/{m:02}/{y}"), d),
        DeadlineCell::Text(format!("{day:02}-{m:02}-{y}"), d),
        DeadlineCell::Text(format!("{day}.{m}.{y}"), d),
        DeadlineCell::Text(format!("Trước {day}/{m}/{y}"), d),
        DeadlineCell::Serial(d),
    ];
    if allow_date_cell {
        forms.push(DeadlineCell::Date(d));
        forms.push(DeadlineCell::Date(d));
    }
    let mut special = Vec::new();
    if d == last_of_month(y, m) {
        special.push(DeadlineCell::Text(format!("Tháng {m}/{y}"), d));
        special.push(DeadlineCell::Text(format!("tháng {m} năm {y}"), d));
        if m.is_multiple_of(3) {
            special.push(DeadlineCell::Text(format!("Quý {}/{y}", ROMAN_Q[(m / 3 - 1) as usize]), d));
            special.push(DeadlineCell::Text(format!("Quý {} năm {y}", m / 3), d));
        }
        if m == 6 {
            special.push(DeadlineCell::Text(format!("6 tháng đầu năm {y}"), d));
        }
        if m == 12 {
            special.push(DeadlineCell::Text(format!("Năm {y}"), d));
        }
    }
    if !special.is_empty() && rng.chance(75) {
        return rng.pick(&special);
    }
    rng.pick(&forms)
}

/// A date in `[lo, hi]`, often a month or quarter end so the textual forms show up.
fn deadline_in(lo: NaiveDate, hi: NaiveDate, rng: &mut Rng) -> NaiveDate {
    if rng.chance(45) {
        let mut ends = Vec::new();
        let mut p = Period::new(lo.year(), lo.month()).expect("valid");
        while p.first_day() <= hi {
            let e = p.last_day();
            if e >= lo && e <= hi {
                ends.push(e);
            }
            p = p.next();
        }
        if !ends.is_empty() {
            return rng.pick(&ends);
        }
    }
    lo + Duration::days(rng.range(0, (hi - lo).num_days()))
}

/// What a layout can express.
#[derive(Debug, Clone, Copy)]
struct Caps {
    /// Has a completion-date column.
    completed_col: bool,
    /// Status by x-marks (no `Thường xuyên` / `Hoàn thành quá hạn` wording possible).
    xmarks: bool,
    date_cells: bool,
    progress_col: bool,
}

fn gen_task(idx: IndexKind, area: &'static str, text: String, caps: Caps, end: NaiveDate, rng: &mut Rng) -> GenTask {
    let target = rng.pick(&TaskStatus::ALL);
    let day = |n: i64| end + Duration::days(n);
    let dl_date = |lo: i64, hi: i64, rng: &mut Rng| {
        let d = deadline_in(day(lo), day(hi), rng);
        deadline_form(d, caps.date_cells, rng)
    };
    let open_deadline = |rng: &mut Rng| match rng.below(10) {
        0 | 1 => DeadlineCell::Unparsed(rng.pick(UNPARSED).to_string()),
        2 => DeadlineCell::Empty,
        3 => {
            let d = day(1);
            deadline_form(d, caps.date_cells, rng)
        }
        _ => dl_date(1, 230, rng),
    };
    let (state, deadline, completed_on) = match target {
        TaskStatus::Done => {
            let deadline = match rng.below(10) {
                0 => DeadlineCell::Unparsed(rng.pick(UNPARSED).to_string()),
                1 => DeadlineCell::Empty,
                _ => dl_date(-45, 150, rng),
            };
            let latest = deadline.date().map_or(end, |d| d.min(end));
            let c = if rng.chance(25) { latest } else { latest - Duration::days(rng.range(1, 20)) };
            let state = match rng.below(4) {
                0 if deadline.date().is_some() && !caps.xmarks => State::DoneOnTime,
                _ => State::Done,
            };
            (state, deadline, Some(c))
        }
        TaskStatus::DoneLate => {
            let deadline = dl_date(-60, -1, rng);
            let d = deadline.date().expect("dated");
            let c =
                if rng.chance(30) { d + Duration::days(1) } else { (d + Duration::days(rng.range(2, 25))).min(end) };
            let state =
                if !caps.completed_col || (!caps.xmarks && rng.chance(30)) { State::DoneLate } else { State::Done };
            (state, deadline, Some(c))
        }
        TaskStatus::Overdue => {
            let deadline = if rng.chance(25) { deadline_form(end, caps.date_cells, rng) } else { dl_date(-70, 0, rng) };
            (rng.pick(&[State::InProgress, State::NotStarted]), deadline, None)
        }
        TaskStatus::InProgress => (State::InProgress, open_deadline(rng), None),
        TaskStatus::NotStarted => (State::NotStarted, open_deadline(rng), None),
        TaskStatus::Recurring => {
            if !caps.xmarks && rng.chance(25) {
                (State::Recurring, DeadlineCell::Empty, None)
            } else {
                let state = if !caps.xmarks && rng.chance(40) { State::Recurring } else { State::InProgress };
                (state, DeadlineCell::Recurring(rng.pick(RECURRING).to_string()), None)
            }
        }
    };
    let completed = matches!(state, State::Done | State::DoneOnTime | State::DoneLate);
    let progress = caps.progress_col.then(|| match state {
        _ if completed => 100.0,
        State::NotStarted => 0.0,
        _ => [20.0, 35.0, 50.0, 60.0, 75.0, 85.0, 90.0][rng.below(7)],
    });
    let status = expected_status(state, &deadline, if caps.completed_col { completed_on } else { None }, end);
    assert_eq!(status, target, "generator consistency: {state:?} {deadline:?} {completed_on:?}");
    GenTask {
        index: idx,
        area,
        text,
        state,
        deadline,
        completed_on: if completed && caps.completed_col { completed_on } else { None },
        progress,
        result: if completed { rng.pick(RESULTS_DONE) } else { rng.pick(RESULTS_PROGRESS) }.to_string(),
        issues: rng.pick(ISSUES).to_string(),
        proposals: rng.pick(PROPOSALS).to_string(),
        status,
    }
}

/// The layouts of domain.md §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Classic,
    PerIndexXMarks,
    Shuffled,
    DeepNfd,
    Legacy,
    Bare,
    Formulas,
}

impl Layout {
    pub const ALL: [Layout; 7] = [
        Layout::Classic,
        Layout::PerIndexXMarks,
        Layout::Shuffled,
        Layout::DeepNfd,
        Layout::Legacy,
        Layout::Bare,
        Layout::Formulas,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Layout::Classic => "classic",
            Layout::PerIndexXMarks => "per-index-xmarks",
            Layout::Shuffled => "shuffled",
            Layout::DeepNfd => "deep-nfd",
            Layout::Legacy => "legacy",
            Layout::Bare => "bare",
            Layout::Formulas => "formulas",
        }
    }
    fn caps(self) -> Caps {
        match self {
            Layout::Classic => Caps { completed_col: false, xmarks: false, date_cells: true, progress_col: false },
            Layout::PerIndexXMarks => Caps { completed_col: true, xmarks: true, date_cells: true, progress_col: false },
            Layout::Shuffled => Caps { completed_col: true, xmarks: false, date_cells: false, progress_col: true },
            Layout::DeepNfd => Caps { completed_col: false, xmarks: false, date_cells: false, progress_col: false },
            Layout::Legacy => Caps { completed_col: false, xmarks: false, date_cells: true, progress_col: false },
            Layout::Bare => Caps { completed_col: false, xmarks: false, date_cells: false, progress_col: true },
            Layout::Formulas => Caps { completed_col: true, xmarks: false, date_cells: true, progress_col: true },
        }
    }
}

/// Everything one workbook needs.
struct Job<'a> {
    agency: &'a AgencyConfig,
    names: Names,
    period: Period,
    /// The date stated in the workbook (None: only the file time tells).
    report_date: Option<NaiveDate>,
    tasks: Vec<GenTask>,
    w: Writer,
    /// Written with the 1904 date system (xlsx only).
    date1904: bool,
}

/// Where each task landed: (task index, sheet, 0-based row), plus per-row progress truth
/// overrides (error cells).
struct Placed {
    book: Book,
    rows: Vec<(usize, String, u32)>,
    progress_none: Vec<usize>,
}

/// The agency's wording of a state, in the case the clerk happened to type it.
fn state_text(s: State, rng: &mut Rng) -> String {
    let word = state_word(s, rng);
    match rng.below(10) {
        0 => word.to_uppercase(),
        1 => word.to_lowercase(),
        _ => word.to_string(),
    }
}

fn state_word(s: State, rng: &mut Rng) -> &'static str {
    match s {
        State::Done => rng.pick(&["Hoàn thành", "Đã hoàn thành", "HT"]),
        State::DoneOnTime => "Hoàn thành đúng hạn",
        State::DoneLate => rng.pick(&["Hoàn thành quá hạn", "Hoàn thành quá hạn"]),
        State::InProgress => rng.pick(&["Đang thực hiện", "Đang triển khai"]),
        State::NotStarted => rng.pick(&["Chưa thực hiện", "Chưa triển khai"]),
        State::Recurring => "Thường xuyên",
    }
}

fn index_section(i: IndexKind, rng: &mut Rng) -> &'static str {
    match i {
        IndexKind::ParIndex => {
            rng.pick(&["I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)", "I. Chỉ số cải cách hành chính (PAR INDEX)"])
        }
        IndexKind::Sipas => {
            rng.pick(&["II. SIPAS", "II. CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH (SIPAS)", "II. Chỉ số SIPAS"])
        }
        IndexKind::Papi => {
            rng.pick(&["III. Chỉ số PAPI", "III. CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG CẤP TỈNH (PAPI)"])
        }
    }
}

fn papi_area_label(area: &str, n: usize) -> String {
    format!("Trục nội dung {n}: {area}")
}

fn write_deadline(sh: &mut Sheet, w: &Writer, r: u32, c: u16, d: &DeadlineCell) {
    match d {
        DeadlineCell::Date(x) => sh.put(r, c, V::Date(*x), Style::table()),
        DeadlineCell::Serial(x) => {
            let serial = (*x - NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch")).num_days() as f64;
            sh.put(r, c, V::Num(serial), Style::table())
        }
        DeadlineCell::Text(t, _) | DeadlineCell::Recurring(t) | DeadlineCell::Unparsed(t) => {
            w.text(sh, r, c, t, Style::table())
        }
        DeadlineCell::Empty => {}
    }
}

fn footer(sh: &mut Sheet, w: &Writer, row: u32, left: u16, right: u16, place_date: Option<&str>) {
    if let Some(pd) = place_date {
        w.text(sh, row, right, pd, Style::italic());
    }
    w.text(sh, row + 1, left, "NGƯỜI LẬP BIỂU", Style::bold());
    w.text(sh, row + 1, right, "THỦ TRƯỞNG ĐƠN VỊ", Style::bold());
    w.text(sh, row + 2, right, "(Ký tên, đóng dấu)", Style::italic());
    w.text(sh, row + 5, left, "Nguyễn Thị Hương", Style::bold());
    w.text(sh, row + 5, right, "Trần Văn Minh", Style::bold());
}

fn title_block(sh: &mut Sheet, w: &Writer, names: &Names, right_col: u16) {
    for (i, line) in names.title_block.iter().enumerate() {
        w.text(sh, i as u32, 0, line, Style::bold());
    }
    w.text(sh, 0, right_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style::bold());
    w.text(sh, 1, right_col, "Độc lập - Tự do - Hạnh phúc", Style::bold());
}

/// Task rows grouped by index then area, with section and area rows; returns next row.
fn grouped_rows(
    job: &Job,
    sh: &mut Sheet,
    mut r: u32,
    rng: &mut Rng,
    mut row: impl FnMut(&mut Sheet, u32, usize, &GenTask, &mut Rng),
    rows: &mut Vec<(usize, String, u32)>,
    area_rows: bool,
) -> u32 {
    for idx in IndexKind::ALL {
        let in_idx: Vec<usize> = (0..job.tasks.len()).filter(|&i| job.tasks[i].index == idx).collect();
        if in_idx.is_empty() {
            continue;
        }
        job.w.text(sh, r, 1, index_section(idx, rng), Style { bold: true, ..Style::table() });
        r += 1;
        let mut last_area = "";
        let mut area_no = 0;
        for (n, &i) in in_idx.iter().enumerate() {
            let t = &job.tasks[i];
            if area_rows && t.area != last_area {
                area_no += 1;
                let label = if idx == IndexKind::Papi && rng.chance(60) {
                    papi_area_label(t.area, area_no)
                } else {
                    format!("{area_no}. {}", t.area)
                };
                job.w.text(sh, r, 1, &label, Style { italic: true, ..Style::table() });
                last_area = t.area;
                r += 1;
            }
            sh.put(r, 0, V::Num((n + 1) as f64), Style::table());
            row(sh, r, i, t, rng);
            rows.push((i, sh.name.clone(), r));
            r += 1;
        }
    }
    r
}

fn task_text_cell(w: &Writer, sh: &mut Sheet, r: u32, c: u16, t: &GenTask, rng: &mut Rng) {
    // Clerks leave stray spaces; the reader trims them.
    let text = if rng.chance(15) { format!(" {}  ", t.text) } else { t.text.clone() };
    w.text(sh, r, c, &text, Style::table());
}

fn layout_classic(job: &Job, rng: &mut Rng) -> Placed {
    let mut sh = Sheet::new(rng.pick(&["Sheet1", "BC thang", "Báo cáo"]));
    let w = &job.w;
    title_block(&mut sh, w, &job.names, 4);
    if let Some(d) = job.report_date {
        w.text(&mut sh, 3, 4, &place_date(&job.names.place, d, rng), Style::italic());
    }
    w.merged(&mut sh, (4, 0), (4, 7), "BÁO CÁO", Style::bold());
    let subtitle =
        format!("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAR INDEX, SIPAS, PAPI {}", period_text(job.period, rng));
    w.merged(&mut sh, (5, 0), (5, 7), &subtitle, Style::bold());
    let hr = 7 + rng.below(3) as u32;
    if hr > 7 {
        w.text(&mut sh, 6, 0, "(Thực hiện Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh)", Style::italic());
    }
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
        w.text(&mut sh, hr, c as u16, h, Style::header());
    }
    for c in 0..8u16 {
        sh.text(hr + 1, c, &format!("({})", c + 1), Style::header());
    }
    let mut rows = Vec::new();
    let r = grouped_rows(
        job,
        &mut sh,
        hr + 2,
        rng,
        |sh, r, _, t, rng| {
            task_text_cell(w, sh, r, 1, t, rng);
            write_deadline(sh, w, r, 2, &t.deadline);
            w.text(sh, r, 3, &state_text(t.state, rng), Style::table());
            w.text(sh, r, 4, &t.result, Style::table());
            w.text(sh, r, 5, &t.issues, Style::table());
            w.text(sh, r, 6, &t.proposals, Style::table());
        },
        &mut rows,
        true,
    );
    footer(&mut sh, w, r + 1, 1, 5, None);
    sh.width(1, 50.0);
    Placed { book: Book { sheets: vec![sh] }, rows, progress_none: vec![] }
}

fn instructions_sheet(w: &Writer) -> Sheet {
    let mut sh = Sheet::new("Hướng dẫn");
    let lines = [
        "HƯỚNG DẪN GHI BIỂU MẪU BÁO CÁO",
        "1. Mỗi chỉ số ghi vào một sheet riêng (PAR INDEX, SIPAS, PAPI).",
        "2. Cột Tình trạng: đánh dấu x vào một trong ba ô Hoàn thành, Đang thực hiện, Chưa thực hiện.",
        "3. Cột Thời hạn ghi ngày theo định dạng ngày/tháng/năm.",
        "4. Báo cáo gửi về Sở Nội vụ trước ngày 20 hằng tháng.",
    ];
    for (i, l) in lines.iter().enumerate() {
        w.text(&mut sh, i as u32, 0, l, if i == 0 { Style::bold() } else { Style::default() });
    }
    sh
}

fn layout_per_index(job: &Job, rng: &mut Rng) -> Placed {
    let w = &job.w;
    let mut book = Book { sheets: vec![instructions_sheet(w)] };
    let mut rows = Vec::new();
    let date_in_footer = rng.chance(50);
    for (k, idx) in IndexKind::ALL.into_iter().enumerate() {
        let mut sh = Sheet::new(idx.label());
        let top = if k == 0 {
            title_block(&mut sh, w, &job.names, 5);
            if let (Some(d), false) = (job.report_date, date_in_footer) {
                w.text(&mut sh, 2, 5, &place_date(&job.names.place, d, rng), Style::italic());
            }
            let t = format!("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI THIỆN CÁC CHỈ SỐ {}", period_text(job.period, rng));
            w.merged(&mut sh, (4, 0), (4, 9), &t, Style::bold());
            6
        } else {
            w.merged(&mut sh, (0, 0), (0, 9), &format!("Biểu {:02}: Chỉ số {}", k + 1, idx.label()), Style::bold());
            2
        };
        let hr = top;
        for (c, h) in [(0u16, "STT"), (1, "Nhiệm vụ"), (2, "Thời hạn")] {
            w.merged(&mut sh, (hr, c), (hr + 1, c), h, Style::header());
        }
        w.merged(&mut sh, (hr, 3), (hr, 5), "Tình trạng", Style::header());
        for (c, h) in [(3u16, "Hoàn thành"), (4, "Đang thực hiện"), (5, "Chưa thực hiện")] {
            w.text(&mut sh, hr + 1, c, h, Style::header());
        }
        for (c, h) in
            [(6u16, "Ngày hoàn thành"), (7, "Kết quả thực hiện"), (8, "Khó khăn, vướng mắc"), (9, "Đề xuất, kiến nghị")]
        {
            w.merged(&mut sh, (hr, c), (hr + 1, c), h, Style::header());
        }
        let mut r = hr + 2;
        let mut n = 0;
        for (i, t) in job.tasks.iter().enumerate().filter(|(_, t)| t.index == idx) {
            n += 1;
            sh.put(r, 0, V::Num(n as f64), Style::table());
            task_text_cell(w, &mut sh, r, 1, t, rng);
            write_deadline(&mut sh, w, r, 2, &t.deadline);
            let col = match t.state {
                State::Done | State::DoneOnTime | State::DoneLate => 3,
                State::InProgress | State::Recurring => 4,
                State::NotStarted => 5,
            };
            sh.text(r, col, rng.pick(&["x", "X", "x"]), Style { center: true, ..Style::table() });
            if let Some(c) = t.completed_on {
                if rng.chance(50) {
                    sh.put(r, 6, V::Date(c), Style::table());
                } else {
                    w.text(&mut sh, r, 6, &c.format("%d/%m/%Y").to_string(), Style::table());
                }
            }
            w.text(&mut sh, r, 7, &t.result, Style::table());
            w.text(&mut sh, r, 8, &t.issues, Style::table());
            w.text(&mut sh, r, 9, &t.proposals, Style::table());
            rows.push((i, sh.name.clone(), r));
            r += 1;
        }
        if k == 2 {
            let pd = job.report_date.filter(|_| date_in_footer).map(|d| place_date(&job.names.place, d, rng));
            footer(&mut sh, w, r + 1, 1, 7, pd.as_deref());
        }
        book.sheets.push(sh);
    }
    Placed { book, rows, progress_none: vec![] }
}

fn pct_cell(sh: &mut Sheet, r: u32, c: u16, p: f64, rng: &mut Rng) {
    match rng.below(4) {
        0 if p > 0.0 && p < 100.0 => {
            sh.put(r, c, V::Num(p / 100.0), Style { num_format: Some("0%".into()), ..Style::table() })
        }
        1 if p > 0.0 && p < 100.0 => sh.put(r, c, V::Num(p / 100.0), Style::table()),
        2 => sh.text(r, c, &format!("{p}%"), Style::table()),
        _ => sh.put(r, c, V::Num(p), Style::table()),
    }
}

fn layout_shuffled(job: &Job, rng: &mut Rng) -> Placed {
    let w = &job.w;
    let mut sh = Sheet::new(rng.pick(&["Biểu mẫu", "Sheet1", "TH"]));
    w.text(&mut sh, 0, 0, &format!("Đơn vị báo cáo: {}", job.names.line), Style { bold: true, ..Style::default() });
    w.text(&mut sh, 1, 0, &format!("Kỳ báo cáo: {}", period_text(job.period, rng)), Style::default());
    if let Some(d) = job.report_date {
        let s = if rng.chance(50) {
            d.format("%d/%m/%Y").to_string()
        } else {
            format!("{}/{}/{}", d.day(), d.month(), d.year())
        };
        w.text(&mut sh, 2, 0, &format!("Ngày báo cáo: {s}"), Style::default());
    }
    w.text(
        &mut sh,
        3,
        0,
        "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI THIỆN CHỈ SỐ PAR INDEX, SIPAS, PAPI",
        Style::bold(),
    );
    let second_deadline_wording = rng.chance(50);
    let mut cols: Vec<(&str, u8)> = vec![
        ("Chỉ số", 0),
        ("Nội dung nhiệm vụ", 1),
        ("Đơn vị chủ trì", 9),
        ("Tiến độ (%)", 2),
        (if second_deadline_wording { "Thời gian hoàn thành" } else { "Thời hạn hoàn thành" }, 3),
        ("Tình hình thực hiện", 4),
        (if second_deadline_wording { "Thời gian hoàn thành thực tế" } else { "Ngày hoàn thành" }, 5),
        ("Kết quả/sản phẩm", 6),
        ("Tồn tại, hạn chế", 7),
        ("Đề xuất, kiến nghị", 8),
        ("Cán bộ theo dõi", 10),
    ];
    rng.shuffle(&mut cols);
    cols.insert(0, ("TT", 11));
    let hr = 5 + rng.below(4) as u32;
    // Some templates were typed without diacritics.
    let ascii_headers = rng.chance(30);
    for (c, (h, _)) in cols.iter().enumerate() {
        let h = if ascii_headers { ascii_fold(h) } else { h.to_string() };
        let h = if rng.chance(20) { h.to_uppercase() } else { h };
        w.text(&mut sh, hr, c as u16, &h, Style::header());
    }
    let col_of = |k: u8| cols.iter().position(|(_, kk)| *kk == k).expect("column present") as u16;
    let mut rows = Vec::new();
    let mut order: Vec<usize> = (0..job.tasks.len()).collect();
    rng.shuffle(&mut order);
    let mut r = hr + 1;
    for (n, &i) in order.iter().enumerate() {
        let t = &job.tasks[i];
        sh.put(r, col_of(11), V::Num((n + 1) as f64), Style::table());
        let idx_label = match t.index {
            IndexKind::ParIndex => rng.pick(&["PAR INDEX", "Chỉ số PAR INDEX", "PAR Index"]),
            IndexKind::Sipas => rng.pick(&["SIPAS", "Chỉ số SIPAS"]),
            IndexKind::Papi => rng.pick(&["PAPI", "Chỉ số PAPI"]),
        };
        w.text(&mut sh, r, col_of(0), idx_label, Style::table());
        task_text_cell(w, &mut sh, r, col_of(1), t, rng);
        w.text(
            &mut sh,
            r,
            col_of(9),
            rng.pick(&["Văn phòng Sở", "Phòng Tổ chức cán bộ", "Thanh tra Sở"]),
            Style::table(),
        );
        if let Some(p) = t.progress {
            pct_cell(&mut sh, r, col_of(2), p, rng);
        }
        write_deadline(&mut sh, w, r, col_of(3), &t.deadline);
        w.text(&mut sh, r, col_of(4), &state_text(t.state, rng), Style::table());
        if let Some(c) = t.completed_on {
            w.text(&mut sh, r, col_of(5), &c.format("%d/%m/%Y").to_string(), Style::table());
        }
        w.text(&mut sh, r, col_of(6), &t.result, Style::table());
        w.text(&mut sh, r, col_of(7), &t.issues, Style::table());
        w.text(&mut sh, r, col_of(8), &t.proposals, Style::table());
        w.text(&mut sh, r, col_of(10), rng.pick(&["Lò Văn Hùng", "Vàng Thị Mai", ""]), Style::table());
        rows.push((i, sh.name.clone(), r));
        r += 1;
    }
    w.text(
        &mut sh,
        r + 1,
        0,
        "Ghi chú: Cột Tiến độ (%) ghi tỷ lệ khối lượng công việc đã thực hiện.",
        Style::default(),
    );
    footer(&mut sh, w, r + 2, 1, 6, None);
    Placed { book: Book { sheets: vec![sh] }, rows, progress_none: vec![] }
}

fn layout_deep(job: &Job, rng: &mut Rng) -> Placed {
    let w = &job.w;
    let mut sh = Sheet::new("Sheet1");
    title_block(&mut sh, w, &job.names, 4);
    w.merged(&mut sh, (4, 0), (4, 6), "BÁO CÁO", Style::bold());
    let sub = format!(
        "Tình hình thực hiện nhiệm vụ cải thiện các chỉ số PAR INDEX, SIPAS, PAPI {}",
        period_text(job.period, rng)
    );
    w.merged(&mut sh, (5, 0), (5, 6), &sub, Style::bold());
    let preamble = [
        "Căn cứ Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh về cải thiện Chỉ số PAR INDEX;",
        "Căn cứ Kế hoạch số 165/KH-UBND ngày 22/3/2023 của UBND tỉnh về cải thiện Chỉ số SIPAS;",
        "Căn cứ Kế hoạch số 166/KH-UBND ngày 22/3/2023 của UBND tỉnh về cải thiện Chỉ số PAPI;",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Trong kỳ, đơn vị đã quán triệt, triển khai các nhiệm vụ được giao; kết quả cụ thể như biểu dưới đây.",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "Đội ngũ công chức làm công tác CCHC còn kiêm nhiệm.",
        "III. BIỂU CHI TIẾT",
    ];
    let extra = rng.below(8) as u32;
    let mut r = 7;
    for (i, l) in preamble.iter().enumerate() {
        w.text(&mut sh, r, 0, l, Style::default());
        r += 1;
        if (i as u32) < extra {
            w.text(
                &mut sh,
                r,
                0,
                "- Tiếp tục chỉ đạo các phòng, ban thực hiện nghiêm kỷ luật, kỷ cương hành chính.",
                Style::default(),
            );
            r += 1;
        }
    }
    let hr = r + 1;
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
        w.text(&mut sh, hr, c as u16, h, Style::header());
    }
    let mut rows = Vec::new();
    let r = grouped_rows(
        job,
        &mut sh,
        hr + 1,
        rng,
        |sh, r, _, t, rng| {
            task_text_cell(w, sh, r, 1, t, rng);
            write_deadline(sh, w, r, 2, &t.deadline);
            w.text(sh, r, 3, &state_text(t.state, rng), Style::table());
            w.text(sh, r, 4, &t.result, Style::table());
            w.text(sh, r, 5, &t.issues, Style::table());
            w.text(sh, r, 6, &t.proposals, Style::table());
        },
        &mut rows,
        true,
    );
    let pd = job.report_date.map(|d| place_date(&job.names.place, d, rng));
    footer(&mut sh, w, r + 1, 1, 4, pd.as_deref());
    let mut hidden = Sheet::new("DanhMuc");
    hidden.hidden = true;
    for (i, s) in ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Thường xuyên"].iter().enumerate()
    {
        w.text(&mut hidden, i as u32, 0, s, Style::default());
    }
    Placed { book: Book { sheets: vec![sh, hidden] }, rows, progress_none: vec![] }
}

fn layout_legacy(job: &Job, rng: &mut Rng) -> Placed {
    // Same skeleton as the classic form, header higher up, every text cell legacy-encoded.
    let w = &job.w;
    let mut sh = Sheet::new("BC thang");
    title_block(&mut sh, w, &job.names, 4);
    if let Some(d) = job.report_date {
        w.text(&mut sh, 2, 4, &place_date(&job.names.place, d, rng), Style::italic());
    }
    let t = format!(
        "BÁO CÁO KẾT QUẢ CẢI THIỆN CHỈ SỐ PAR INDEX, SIPAS, PAPI {}",
        period_text(job.period, rng).to_uppercase()
    );
    w.merged(&mut sh, (3, 0), (3, 6), &t, Style::bold());
    let hr = 5 + rng.below(2) as u32;
    let headers = ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng", "Kết quả thực hiện", "Khó khăn, vướng mắc", "Ghi chú"];
    for (c, h) in headers.iter().enumerate() {
        w.text(&mut sh, hr, c as u16, h, Style::header());
    }
    let mut rows = Vec::new();
    let area_rows = rng.chance(50);
    let r = grouped_rows(
        job,
        &mut sh,
        hr + 1,
        rng,
        |sh, r, _, t, rng| {
            task_text_cell(w, sh, r, 1, t, rng);
            write_deadline(sh, w, r, 2, &t.deadline);
            w.text(sh, r, 3, &state_text(t.state, rng), Style::table());
            w.text(sh, r, 4, &t.result, Style::table());
            w.text(sh, r, 5, &t.issues, Style::table());
        },
        &mut rows,
        area_rows,
    );
    footer(&mut sh, w, r + 1, 1, 4, None);
    Placed { book: Book { sheets: vec![sh] }, rows, progress_none: vec![] }
}

fn layout_bare(job: &Job, rng: &mut Rng) -> Placed {
    let w = &job.w;
    let mut sh = Sheet::new("Sheet1");
    let title = format!("BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ CẢI THIỆN CÁC CHỈ SỐ {}", period_text(job.period, rng));
    w.text(&mut sh, 0, 0, &title, Style { bold: true, ..Style::default() });
    let hr = 1 + rng.below(2) as u32;
    let headers = ["STT", "Nhiệm vụ/giải pháp", "Thời hạn", "Tiến độ", "% hoàn thành", "Kết quả", "Ghi chú"];
    for (c, h) in headers.iter().enumerate() {
        w.text(&mut sh, hr, c as u16, h, Style::header());
    }
    let mut rows = Vec::new();
    let mut r = hr + 1;
    for (i, t) in job.tasks.iter().enumerate() {
        sh.put(r, 0, V::Num((i + 1) as f64), Style::table());
        task_text_cell(w, &mut sh, r, 1, t, rng);
        write_deadline(&mut sh, w, r, 2, &t.deadline);
        w.text(&mut sh, r, 3, &state_text(t.state, rng), Style::table());
        if let Some(p) = t.progress {
            pct_cell(&mut sh, r, 4, p, rng);
        }
        w.text(&mut sh, r, 5, &t.result, Style::table());
        rows.push((i, sh.name.clone(), r));
        r += 1;
        if rng.chance(15) {
            r += 1; // a blank row left in the middle of the table
        }
    }
    Placed { book: Book { sheets: vec![sh] }, rows, progress_none: vec![] }
}

fn layout_formulas(job: &Job, rng: &mut Rng) -> Placed {
    let w = &job.w;
    let mut sh = Sheet::new(rng.pick(&["Bao cao", "Sheet1"]));
    title_block(&mut sh, w, &job.names, 5);
    if let Some(d) = job.report_date {
        w.text(&mut sh, 3, 5, &place_date(&job.names.place, d, rng), Style::italic());
    }
    let t = format!("BÁO CÁO CẢI THIỆN CHỈ SỐ PAR INDEX, SIPAS, PAPI {}", period_text(job.period, rng));
    w.merged(&mut sh, (5, 0), (5, 9), &t, Style::bold());
    let hr = 8 + rng.below(4) as u32;
    let headers = [
        "Số TT",
        "Bộ chỉ số",
        "Nhiệm vụ",
        "Thời hạn hoàn thành",
        "Kết quả (tình trạng)",
        "Ngày hoàn thành",
        "Tỷ lệ (%)",
        "Kết quả thực hiện",
        "Mã nhiệm vụ",
        "Ghi chú",
    ];
    for (c, h) in headers.iter().enumerate() {
        w.text(&mut sh, hr, c as u16, h, Style::header());
    }
    let mut rows = Vec::new();
    let mut progress_none = Vec::new();
    let mut r = hr + 1;
    for (i, t) in job.tasks.iter().enumerate() {
        let excel_row = r + 1;
        sh.put(
            r,
            0,
            V::Formula { formula: format!("=ROW()-{}", hr + 1), result: format!("{}", excel_row - hr - 1) },
            Style::table(),
        );
        let idx_label = match t.index {
            IndexKind::ParIndex => "PAR INDEX",
            IndexKind::Sipas => "SIPAS",
            IndexKind::Papi => "PAPI",
        };
        w.text(&mut sh, r, 1, idx_label, Style::table());
        task_text_cell(w, &mut sh, r, 2, t, rng);
        write_deadline(&mut sh, w, r, 3, &t.deadline);
        w.text(&mut sh, r, 4, &state_text(t.state, rng), Style::table());
        if let Some(c) = t.completed_on {
            sh.put(r, 5, V::Date(c), Style::table());
        }
        match (t.progress, rng.below(6)) {
            (Some(_), 0) => {
                sh.put(r, 6, V::Formula { formula: "=G1/0".into(), result: "#DIV/0!".into() }, Style::table());
                progress_none.push(i);
            }
            (Some(p), _) => pct_cell(&mut sh, r, 6, p, rng),
            (None, _) => {}
        }
        w.text(&mut sh, r, 7, &t.result, Style::table());
        let code_err = rng.pick(&["#REF!", "#N/A", "#SPILL!", "#CALC!", ""]);
        if code_err.is_empty() {
            sh.text(r, 8, &format!("NV{:03}", i + 1), Style::table());
        } else {
            sh.put(
                r,
                8,
                V::Formula { formula: "=VLOOKUP(C1,DanhMuc!A:B,2,0)".into(), result: code_err.into() },
                Style::table(),
            );
        }
        if rng.chance(30) {
            sh.put(r, 9, V::Formula { formula: "=INDEX(A:A,0)".into(), result: "#N/A".into() }, Style::table());
        }
        rows.push((i, sh.name.clone(), r));
        r += 1;
    }
    footer(&mut sh, w, r + 1, 2, 7, None);
    // A summary sheet with status words as headers but no task column: not a task table.
    let mut sum = Sheet::new("Tổng hợp");
    for (c, h) in ["Chỉ số", "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện"].iter().enumerate()
    {
        w.text(&mut sum, 0, c as u16, h, Style::header());
    }
    for (k, idx) in IndexKind::ALL.iter().enumerate() {
        w.text(&mut sum, k as u32 + 1, 0, idx.label(), Style::table());
        let n = job.tasks.iter().filter(|t| t.index == *idx).count();
        sum.put(k as u32 + 1, 1, V::Num(n as f64), Style::table());
    }
    Placed { book: Book { sheets: vec![sh, sum] }, rows, progress_none }
}

/// One agency's generated submission, before writing.
struct Made {
    bytes: Vec<u8>,
    rows: Vec<(usize, String, u32)>,
    progress_none: Vec<usize>,
}

fn make_book(layout: Layout, job: &Job, ods: bool, rng: &mut Rng) -> Made {
    let placed = match layout {
        Layout::Classic => layout_classic(job, rng),
        Layout::PerIndexXMarks => layout_per_index(job, rng),
        Layout::Shuffled => layout_shuffled(job, rng),
        Layout::DeepNfd => layout_deep(job, rng),
        Layout::Legacy => layout_legacy(job, rng),
        Layout::Bare => layout_bare(job, rng),
        Layout::Formulas => layout_formulas(job, rng),
    };
    let created = job.report_date.unwrap_or_else(|| job.period.day(15));
    let bytes =
        if ods { wb::to_ods(&placed.book, created) } else { wb::to_xlsx_with(&placed.book, created, job.date1904) };
    Made { bytes, rows: placed.rows, progress_none: placed.progress_none }
}

fn gen_tasks(layout: Layout, end: NaiveDate, tone_old: bool, rng: &mut Rng) -> Vec<GenTask> {
    let caps = layout.caps();
    let n = rng.range(6, 14) as usize;
    let mut pool: Vec<(IndexKind, &'static str, &'static str)> = Vec::new();
    for (idx, list) in
        [(IndexKind::ParIndex, PAR_TASKS), (IndexKind::Sipas, SIPAS_TASKS), (IndexKind::Papi, PAPI_TASKS)]
    {
        pool.extend(list.iter().map(|(a, t)| (idx, *a, *t)));
    }
    if layout == Layout::Legacy {
        pool.retain(|(_, _, t)| tcvn3_mixed_case_ok(t));
    }
    rng.shuffle(&mut pool);
    let mut chosen: Vec<_> = pool.into_iter().take(n).collect();
    // Grouped layouts list tasks by index and area; keep the plan's order inside a group.
    chosen.sort_by_key(|(idx, area, _)| (*idx, *area));
    chosen
        .into_iter()
        .map(|(idx, area, text)| {
            let text = if tone_old { old_tone_placement(text) } else { text.to_string() };
            gen_task(idx, area, text, caps, end, rng)
        })
        .collect()
}

fn file_name(layout: Layout, a: &AgencyConfig, names: &Names, p: Period, ods: bool, rng: &mut Rng) -> String {
    let ext = if ods { "ods" } else { "xlsx" };
    let (m, y) = (p.month(), p.year());
    if layout == Layout::Bare {
        // The only clue to the agency: the file name must carry its full name.
        return match rng.below(3) {
            0 => format!("Báo cáo T{m}-{y} - {}.{ext}", a.name),
            1 => format!("BC thang {m} - {}.{ext}", names.ascii_name),
            _ => format!("{} - bao cao CCHC thang {m}.{y}.{ext}", names.ascii_name),
        };
    }
    match rng.below(4) {
        0 => format!("BC T{m} {}.{ext}", names.tag),
        1 => format!("Bao cao CCHC thang {m} - {}.{ext}", ascii_fold(&names.place_or_tag(a))),
        2 => format!("{}_BC_PAPI_SIPAS_PAR_T{m}.{y}.{ext}", names.tag),
        _ => format!("Báo cáo tháng {m}.{y} ({}).{ext}", names.tag),
    }
}

impl Names {
    fn place_or_tag(&self, a: &AgencyConfig) -> String {
        match a.kind {
            AgencyKind::District => self.place.clone(),
            AgencyKind::Province => self.tag.clone(),
        }
    }
}

fn set_mtime(path: &Path, date: NaiveDate) {
    set_mtime_at(path, date, 12);
}

/// Noon keeps the local date the same in every time zone within ±11 h.
fn set_mtime_at(path: &Path, date: NaiveDate, hour: u32) {
    let secs = date.and_hms_opt(hour, 0, 0).expect("valid time").and_utc().timestamp();
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
    let f = std::fs::OpenOptions::new().write(true).open(path).expect("open for mtime");
    f.set_modified(t).expect("set mtime");
}

/// Special parts a month must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    Normal,
    Missing,
    Late,
    Resubmitted,
    WrongPeriodOnly,
    Truncated,
    /// Reports normally, and last month's file is still in the folder.
    AlsoWrongPeriod,
    /// Sends a corrected file with the same stated date: the later-modified file wins.
    ResubmittedSameDay,
}

/// As [`generate_month`] for a given period.
pub fn generate_month_for(dir: &Path, period: Period, seed: u64, agencies: usize) -> Truth {
    let config = Config::default_config();
    let mut rng = Rng::new(seed);
    let end = period.day(config.cutoff_day);
    let due_last = period.day(config.agency_due_day - 1);
    let n = agencies.min(config.agencies.len());
    let mut order: Vec<usize> = (0..config.agencies.len()).collect();
    rng.shuffle(&mut order);
    let chosen: Vec<usize> = order[..n].to_vec();

    let mut specials = vec![Special::Normal; n];
    let plan = [
        Special::Late,
        Special::Resubmitted,
        Special::Missing,
        Special::WrongPeriodOnly,
        Special::Truncated,
        Special::Missing,
        Special::AlsoWrongPeriod,
        Special::ResubmittedSameDay,
    ];
    for (k, s) in plan.iter().enumerate() {
        if n >= 8 + k {
            specials[k] = *s;
        }
    }
    let mut layouts: Vec<Layout> = (0..n).map(|i| Layout::ALL[i % Layout::ALL.len()]).collect();
    rng.shuffle(&mut layouts);
    // A resubmission needs a stated report date.
    for k in 0..n {
        if matches!(specials[k], Special::Resubmitted | Special::ResubmittedSameDay) && layouts[k] == Layout::Bare {
            let other = (0..n).find(|&j| layouts[j] != Layout::Bare && specials[j] == Special::Normal);
            if let Some(j) = other {
                layouts.swap(k, j);
            }
        }
    }

    let mut agency_truth: Vec<AgencyTruth> = config
        .agencies
        .iter()
        .map(|a| AgencyTruth {
            name: a.name.clone(),
            submission: Submission::Missing,
            report_date: None,
            report_date_from_file_time: false,
            file: None,
            counts: StatusCounts::default(),
            layout: None,
        })
        .collect();
    let mut tasks = Vec::new();
    let mut files: Vec<FileTruth> = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    let mut edge_days = vec![due_last.day(), config.agency_due_day];

    for (k, &ai) in chosen.iter().enumerate() {
        let a = &config.agencies[ai];
        let layout = layouts[k];
        let special = specials[k];
        if special == Special::Missing {
            continue;
        }
        let tone_old = rng.chance(40);
        let names = names(a, tone_old, &mut rng);
        let mode = match layout {
            Layout::DeepNfd => TextMode::Nfd,
            Layout::Legacy => {
                TextMode::Legacy(if rng.chance(50) { LegacyEncoding::Tcvn3 } else { LegacyEncoding::Vni })
            }
            _ => TextMode::Plain,
        };
        let ods = matches!(layout, Layout::Classic | Layout::PerIndexXMarks | Layout::Shuffled | Layout::Bare)
            && rng.chance(25);
        let stated = layout != Layout::Bare;
        let mut job = Job {
            agency: a,
            names,
            period,
            report_date: None,
            tasks: gen_tasks(layout, end, tone_old, &mut rng),
            w: Writer { mode },
            date1904: false,
        };
        if !ods && matches!(layout, Layout::PerIndexXMarks | Layout::Formulas) && rng.chance(35) {
            // A 1904-system workbook: its dates are date cells (a bare serial would need
            // the reader to guess the system of an unformatted number).
            job.date1904 = true;
            for t in &mut job.tasks {
                if let DeadlineCell::Serial(d) = t.deadline {
                    t.deadline = DeadlineCell::Date(d);
                }
            }
        }

        if special == Special::WrongPeriodOnly {
            // Last month's report left in the folder: its own title and date.
            let prev = period.previous();
            job.period = prev;
            job.report_date = Some(prev.day(18));
            let made = make_book(Layout::Classic, &job, false, &mut rng);
            let name = unique(format!("BC thang {} - {}.xlsx", prev.month(), job.names.tag), &mut used_names);
            std::fs::write(dir.join(&name), &made.bytes).expect("write");
            set_mtime(&dir.join(&name), prev.day(18));
            files.push(FileTruth {
                file: name,
                role: FileRole::WrongPeriod,
                agency: None,
                what: "previous month".into(),
            });
            continue;
        }
        if special == Special::Truncated {
            job.report_date = Some(period.day(17));
            let made = make_book(layout, &job, false, &mut rng);
            let cut = made.bytes.len() * 3 / 5;
            let name = unique(format!("BC T{} {}.xlsx", period.month(), job.names.tag), &mut used_names);
            std::fs::write(dir.join(&name), &made.bytes[..cut]).expect("write");
            set_mtime(&dir.join(&name), period.day(17));
            files.push(FileTruth {
                file: name,
                role: FileRole::Unreadable,
                agency: None,
                what: "truncated xlsx".into(),
            });
            continue;
        }
        let report_day = match special {
            Special::Late => rng.range(config.agency_due_day as i64 + 1, 25) as u32,
            _ => edge_days.pop().unwrap_or_else(|| rng.range(11, due_last.day() as i64) as u32),
        };
        let report_date = period.day(report_day);
        job.report_date = stated.then_some(report_date);
        if special == Special::AlsoWrongPeriod {
            // Last month's file of the same agency, left in the folder.
            let prev = period.previous();
            job.period = prev;
            job.report_date = Some(prev.day(17));
            let made = make_book(Layout::Classic, &job, false, &mut rng);
            let name = unique(format!("BC T{} {} (thang truoc).xlsx", prev.month(), job.names.tag), &mut used_names);
            std::fs::write(dir.join(&name), &made.bytes).expect("write");
            set_mtime(&dir.join(&name), prev.day(17));
            files.push(FileTruth {
                file: name,
                role: FileRole::WrongPeriod,
                agency: None,
                what: "previous month beside this month's".into(),
            });
            job.period = period;
            job.report_date = stated.then_some(report_date);
        }
        if matches!(special, Special::Resubmitted | Special::ResubmittedSameDay) {
            // The first version, with one task's state wrong: two days earlier, or the
            // same stated day but saved earlier.
            let same_day = special == Special::ResubmittedSameDay;
            let first_date = if same_day { report_date } else { report_date - Duration::days(2) };
            let good = job.tasks.clone();
            job.report_date = Some(first_date);
            if let Some(t) = job.tasks.first_mut() {
                t.state = if t.state == State::NotStarted { State::InProgress } else { State::NotStarted };
            }
            let made = make_book(layout, &job, ods, &mut rng);
            let ext = if ods { "ods" } else { "xlsx" };
            let name = unique(format!("BC T{} {} (lần 1).{ext}", period.month(), job.names.tag), &mut used_names);
            std::fs::write(dir.join(&name), &made.bytes).expect("write");
            set_mtime_at(&dir.join(&name), first_date, if same_day { 8 } else { 12 });
            files.push(FileTruth {
                file: name,
                role: FileRole::Superseded,
                agency: Some(a.name.clone()),
                what: format!("{} first version", layout.name()),
            });
            job.tasks = good;
            job.report_date = Some(report_date);
        }

        let made = make_book(layout, &job, ods, &mut rng);
        let name = unique(file_name(layout, a, &job.names, period, ods, &mut rng), &mut used_names);
        let path = dir.join(&name);
        std::fs::write(&path, &made.bytes).expect("write workbook");
        set_mtime(&path, report_date);
        files.push(FileTruth {
            file: name.clone(),
            role: FileRole::Used,
            agency: Some(a.name.clone()),
            what: format!("{}{}{:?}", layout.name(), if ods { " ods " } else { " " }, mode),
        });
        let at = &mut agency_truth[ai];
        at.submission = if report_date <= due_last { Submission::OnTime } else { Submission::Late };
        at.report_date = Some(report_date);
        at.report_date_from_file_time = !stated;
        at.file = Some(name.clone());
        at.layout = Some(layout.name());
        for (ti, sheet, row) in made.rows {
            let t = &job.tasks[ti];
            at.counts.add(t.status);
            tasks.push(TaskTruth {
                agency: a.name.clone(),
                file: name.clone(),
                sheet,
                row: row + 1,
                index: if layout == Layout::Bare { None } else { Some(t.index) },
                deadline: t.deadline.date(),
                task: t.text.trim().nfc().collect(),
                status: t.status,
                progress_pct: if made.progress_none.contains(&ti) { None } else { t.progress },
                layout: layout.name(),
            });
        }
    }

    stray_files(dir, period, &mut files);
    Truth { period, agencies: agency_truth, tasks, files }
}

fn unique(name: String, used: &mut std::collections::HashSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        candidate = format!("{stem} ({n}).{ext}");
        n += 1;
    }
    candidate
}

/// Files that are not reports: a web page saved as .xls, an Office lock file, Windows'
/// folder settings, a note, an empty download.
fn stray_files(dir: &Path, period: Period, files: &mut Vec<FileTruth>) {
    let html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hệ thống quản lý văn bản</title></head>\
                <body><h1>Phiên đăng nhập đã hết hạn</h1><p>Vui lòng đăng nhập lại.</p></body></html>";
    let lock = {
        let owner: Vec<u8> = "chuyenvien".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut b = vec![10u8];
        b.extend_from_slice(b"chuyenvien");
        b.resize(54, 0x20);
        b.extend_from_slice(&owner);
        b.resize(165, 0x20);
        b
    };
    let m = period.month();
    let strays: Vec<(String, Vec<u8>, FileRole, &str)> = vec![
        (format!("VanBanDen_T{m}.xls"), html.as_bytes().to_vec(), FileRole::Unreadable, "HTML named .xls"),
        (format!("~$BC T{m} tong hop.xlsx"), lock, FileRole::Ignored, "Office lock file"),
        (
            "desktop.ini".into(),
            b"[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\imageres.dll,-3\r\n".to_vec(),
            FileRole::Ignored,
            "desktop.ini",
        ),
        (
            "ghi chu.txt".into(),
            "Các đơn vị chưa nộp: gọi điện nhắc.\n".as_bytes().to_vec(),
            FileRole::Ignored,
            "text note",
        ),
        ("Book1.xlsx".into(), Vec::new(), FileRole::Unreadable, "empty file"),
    ];
    for (name, bytes, role, what) in strays {
        let path = dir.join(&name);
        std::fs::write(&path, bytes).expect("write stray");
        set_mtime(&path, period.day(16));
        files.push(FileTruth { file: name, role, agency: None, what: what.into() });
    }
}

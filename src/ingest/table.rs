//! Finding the task table in a sheet (domain.md §3): the header row(s) anywhere in the
//! first rows, columns recognized by their header wording, section and area rows, footer
//! and blank rows, and the values of each task row parsed with `normalize`.

use crate::ingest::grid::{cell_name, CellValue, SheetGrid};
use crate::model::{IndexKind, Problem, Severity, SourceRef};
use crate::normalize::{self, Deadline, ReportedState};
use chrono::NaiveDate;

/// How far down the header row is looked for.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// A logical column of the task table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Seq,
    Index,
    Area,
    Task,
    Deadline,
    Status,
    CompletedOn,
    Progress,
    Result,
    Issues,
    Proposals,
    Note,
    /// A column whose marked cells (`x`) mean this state.
    XMark(ReportedState),
}

/// One task row as read from a sheet, before the period-end rules apply.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTask {
    pub index: Option<IndexKind>,
    pub area: Option<String>,
    pub task: String,
    pub deadline: Option<Deadline>,
    pub reported: Option<ReportedState>,
    pub completed_on: Option<NaiveDate>,
    pub progress_pct: Option<f64>,
    pub result: Option<String>,
    pub issues: Option<String>,
    pub proposals: Option<String>,
    pub note: Option<String>,
    pub source: SourceRef,
}

/// The header found in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based first header row.
    pub row: usize,
    /// 1 or 2.
    pub height: usize,
    /// Recognized columns, in column order.
    pub columns: Vec<(usize, Field)>,
}

impl Header {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().find(|(_, f)| *f == field).map(|(c, _)| *c)
    }
    fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
    fn has_xmarks(&self) -> bool {
        self.columns.iter().any(|(_, f)| matches!(f, Field::XMark(_)))
    }
    /// A task table needs the task text and something telling its state or deadline.
    fn qualifies(&self) -> bool {
        self.has(Field::Task) && (self.has(Field::Deadline) || self.has(Field::Status) || self.has_xmarks())
    }
}

/// A task table read from one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetTable {
    pub header: Header,
    /// 0-based row where the table ended (the footer row, or the sheet's row count).
    pub end_row: usize,
    pub tasks: Vec<RawTask>,
    pub problems: Vec<Problem>,
}

/// What a sheet turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetOutcome {
    Table(SheetTable),
    /// Not a task sheet (instructions, chart, empty, or no recognizable header); the
    /// reason is Vietnamese.
    NoTable {
        reason: String,
    },
}

/// Instruction sheets are ignored whatever they hold (they often show a sample table).
pub fn is_instruction_sheet(name: &str) -> bool {
    let k = normalize::text::key(name);
    ["huong dan", "hdsd", "instruction", "readme", "cach dien", "cach ghi"].iter().any(|p| k.starts_with(p))
}

/// The index a sheet name stands for (`PAR INDEX`, `SIPAS`, `PAPI`).
pub fn sheet_index(name: &str) -> Option<IndexKind> {
    index_in_key(&normalize::text::key(name))
}

/// Reads the task table of one sheet. Never panics on odd content.
pub fn read_sheet(grid: &SheetGrid, file: &str) -> SheetOutcome {
    if is_instruction_sheet(&grid.name) {
        return SheetOutcome::NoTable { reason: "trang hướng dẫn".into() };
    }
    if grid.rows.iter().all(|r| r.iter().all(CellValue::is_empty)) {
        return SheetOutcome::NoTable { reason: "trang trống".into() };
    }
    match find_header(grid) {
        Some(header) => SheetOutcome::Table(read_body(grid, file, header)),
        None => SheetOutcome::NoTable {
            reason: "không thấy dòng tiêu đề bảng nhiệm vụ (cần cột «Nhiệm vụ» và cột «Thời hạn» hoặc «Tình trạng»)"
                .into(),
        },
    }
}

/// Cell text as Unicode, cleaned to one line; numbers and dates as written. `None` when
/// empty or an error value.
pub fn cell_text(grid: &SheetGrid, row: usize, col: usize) -> Option<String> {
    let s = match grid.cell(row, col) {
        v @ CellValue::Text(_) if error_value(v).is_some() => String::new(),
        CellValue::Text(t) => normalize::text::clean(&normalize::legacy::to_unicode(t, grid.font(row, col))),
        CellValue::Number(v) => format_number(*v),
        CellValue::Date(d) => d.format("%d/%m/%Y").to_string(),
        CellValue::Bool(b) => if *b { "x" } else { "" }.to_string(),
        CellValue::Empty | CellValue::Error(_) => String::new(),
    };
    (!s.is_empty()).then_some(s)
}

/// Like [`cell_text`], for a heading: TCVN3 text without any capital, in a font the file
/// does not give, was typed in the capitals font (see `legacy::to_unicode_heading`).
fn heading_text(grid: &SheetGrid, row: usize, col: usize) -> Option<String> {
    match grid.cell(row, col) {
        v @ CellValue::Text(_) if error_value(v).is_some() => None,
        CellValue::Text(t) => {
            let s = normalize::text::clean(&normalize::legacy::to_unicode_heading(t, grid.font(row, col)));
            (!s.is_empty()).then_some(s)
        }
        _ => cell_text(grid, row, col),
    }
}

/// Like [`cell_text`] but keeps line breaks, for long free text.
fn cell_text_multiline(grid: &SheetGrid, row: usize, col: usize) -> Option<String> {
    match grid.cell(row, col) {
        v @ CellValue::Text(_) if error_value(v).is_some() => None,
        CellValue::Text(t) => {
            let s = normalize::text::clean_multiline(&normalize::legacy::to_unicode(t, grid.font(row, col)));
            (!s.is_empty()).then_some(s)
        }
        _ => cell_text(grid, row, col),
    }
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

// ---------------------------------------------------------------------------------------
// Header recognition

const SEQ: &[&str] = &["stt", "tt", "so tt", "so thu tu", "thu tu"];
const INDEX: &[&str] = &["chi so", "bo chi so", "chi so thanh phan", "ten chi so"];
const AREA: &[&str] = &[
    "linh vuc",
    "tieu chi",
    "truc noi dung",
    "noi dung thanh phan",
    "tieu chi thanh phan",
    "linh vuc tieu chi",
    "nhom nhiem vu",
];
const TASK: &[&str] = &[
    "nhiem vu",
    "noi dung nhiem vu",
    "noi dung cong viec",
    "nhiem vu giai phap",
    "nhiem vu va giai phap",
    "noi dung nhiem vu giai phap",
    "ten nhiem vu",
    "nhiem vu cu the",
    "nhiem vu cong viec",
    "cac nhiem vu",
    "noi dung",
    "noi dung thuc hien",
    "cong viec",
    "ten cong viec",
];
const DEADLINE: &[&str] = &[
    "thoi han",
    "thoi gian hoan thanh",
    "thoi han hoan thanh",
    "han hoan thanh",
    "thoi han thuc hien",
    "thoi gian thuc hien",
    "thoi gian",
    "han",
    "thoi han hoan thanh theo ke hoach",
    "thoi gian hoan thanh theo ke hoach",
    "ke hoach hoan thanh",
];
const STATUS: &[&str] = &[
    "tinh trang",
    "tien do",
    "ket qua tinh trang",
    "tinh hinh thuc hien",
    "trang thai",
    "tinh trang thuc hien",
    "tien do thuc hien",
    "tinh trang hoan thanh",
    "muc do hoan thanh",
    "ket qua thuc hien tinh trang",
    "tinh hinh trien khai",
    "tinh hinh trien khai thuc hien",
    "tien do trien khai",
    "trang thai thuc hien",
];
const COMPLETED: &[&str] =
    &["ngay hoan thanh", "thoi gian hoan thanh thuc te", "ngay hoan thanh thuc te", "thoi diem hoan thanh"];
const PROGRESS: &[&str] = &["ty le", "ti le", "ty le hoan thanh", "ti le hoan thanh", "phan tram hoan thanh"];
const RESULT: &[&str] = &[
    "ket qua thuc hien",
    "san pham",
    "ket qua san pham",
    "ket qua",
    "ket qua dat duoc",
    "san pham dau ra",
    "ket qua thuc hien san pham",
    "ket qua cu the",
];
const ISSUES: &[&str] = &[
    "kho khan vuong mac",
    "ton tai han che",
    "kho khan",
    "vuong mac",
    "ton tai",
    "han che",
    "kho khan han che",
    "kho khan vuong mac ton tai",
];
const PROPOSALS: &[&str] = &["de xuat kien nghi", "de xuat", "kien nghi", "kien nghi de xuat", "giai phap de xuat"];
const NOTE: &[&str] = &["ghi chu"];

/// Field tables in the order they are tried: the more specific wordings first, so
/// `Thời gian hoàn thành thực tế` is a completion date and `Kết quả (tình trạng)` a status.
const FIELDS: &[(Field, &[&str])] = &[
    (Field::Seq, SEQ),
    (Field::CompletedOn, COMPLETED),
    (Field::Status, STATUS),
    (Field::Task, TASK),
    (Field::Deadline, DEADLINE),
    (Field::Index, INDEX),
    (Field::Area, AREA),
    (Field::Progress, PROGRESS),
    (Field::Result, RESULT),
    (Field::Issues, ISSUES),
    (Field::Proposals, PROPOSALS),
    (Field::Note, NOTE),
];

/// Longer header texts starting with one of these still name the field
/// (`Thời hạn hoàn thành (theo Kế hoạch)`, `Nhiệm vụ được giao`).
const PREFIXES: &[(Field, &str)] = &[
    (Field::CompletedOn, "ngay hoan thanh"),
    (Field::Status, "tinh trang"),
    (Field::Status, "tinh hinh thuc hien"),
    (Field::Status, "tinh hinh trien khai"),
    (Field::Task, "nhiem vu"),
    (Field::Task, "noi dung nhiem vu"),
    (Field::Task, "noi dung cong viec"),
    (Field::Deadline, "thoi han"),
    (Field::Result, "ket qua thuc hien"),
    (Field::Result, "san pham"),
    (Field::Issues, "kho khan"),
    (Field::Issues, "ton tai"),
    (Field::Proposals, "de xuat"),
    (Field::Proposals, "kien nghi"),
    (Field::Note, "ghi chu"),
];

/// The field a header text names, if any.
pub fn header_field(text: &str) -> Option<Field> {
    let k = normalize::text::key(text);
    if k.is_empty() || k.len() > 80 {
        return None;
    }
    // `%` is folded away by the key, so percentage columns (`Tỷ lệ (%)`, `Tiến độ (%)`,
    // `% hoàn thành`) are recognized on the raw text.
    if text.contains('%') {
        return Some(Field::Progress);
    }
    for (field, variants) in FIELDS {
        if variants.contains(&k.as_str()) {
            return Some(*field);
        }
    }
    if let Some(state) = normalize::status::x_mark_column(text) {
        return Some(Field::XMark(state));
    }
    PREFIXES.iter().find(|(_, p)| k.strip_prefix(p).is_some_and(|rest| rest.starts_with(' '))).map(|(f, _)| *f)
}

/// Text of a header cell, read through merged ranges (a merged cell's value sits in its
/// top-left cell). Returns the text and the merge anchor.
fn header_cell(grid: &SheetGrid, row: usize, col: usize) -> (Option<String>, (usize, usize), usize) {
    for &(r0, c0, r1, c1) in &grid.merged {
        let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
        if (r0..=r1).contains(&row) && (c0..=c1).contains(&col) {
            return (cell_text(grid, r0, c0), (r0, c0), c1 - c0 + 1);
        }
    }
    (cell_text(grid, row, col), (row, col), 1)
}

fn row_width(grid: &SheetGrid, row: usize) -> usize {
    grid.rows.get(row).map_or(0, |r| r.iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1))
}

fn push_column(columns: &mut Vec<(usize, Field)>, col: usize, field: Field) {
    if !columns.iter().any(|(_, f)| *f == field) {
        columns.push((col, field));
    }
}

fn single_row_header(grid: &SheetGrid, row: usize) -> Header {
    let mut columns = Vec::new();
    for col in 0..row_width(grid, row) {
        let (text, anchor, _) = header_cell(grid, row, col);
        // A horizontally merged header names one column: its first.
        if anchor.1 != col {
            continue;
        }
        if let Some(field) = text.as_deref().and_then(header_field) {
            push_column(&mut columns, col, field);
        }
    }
    Header { row, height: 1, columns }
}

/// A two-row header: a top row with group labels merged over several columns (or blank
/// above sub-labels), and the sub-labels below. `None` when the rows do not look so.
fn two_row_header(grid: &SheetGrid, row: usize) -> Option<Header> {
    let width = row_width(grid, row).max(row_width(grid, row + 1));
    let mut columns = Vec::new();
    let mut grouped = false;
    let mut top_matches = false;
    for col in 0..width {
        let (top, top_anchor, top_span) = header_cell(grid, row, col);
        let (bottom, bottom_anchor, _) = header_cell(grid, row + 1, col);
        let top_field = top.as_deref().and_then(header_field);
        top_matches |= top_field.is_some() || top.as_deref().is_some_and(is_group_label);
        let field = if bottom.is_none() || bottom_anchor == top_anchor {
            // One label over both rows (vertically merged, or nothing below).
            if top_anchor.1 != col {
                continue;
            }
            top_field
        } else {
            let bottom_field = bottom
                .as_deref()
                .and_then(header_field)
                .or_else(|| top_field.and_then(|f| bottom.as_deref().and_then(|t| qualified_field(f, t))));
            if top_span > 1 || top.is_none() {
                grouped |= bottom_field.is_some();
            }
            bottom_field
                .or_else(|| {
                    let both = format!("{} {}", top.as_deref().unwrap_or(""), bottom.as_deref().unwrap_or(""));
                    header_field(&both)
                })
                .or(if top_span == 1 { top_field } else { None })
        };
        if let Some(field) = field {
            push_column(&mut columns, col, field);
        }
    }
    (grouped && top_matches).then_some(Header { row, height: 2, columns })
}

/// A sub-label that only qualifies the field named above it: `Thời gian hoàn thành` over
/// `Kế hoạch | Thực tế` is the deadline and the completion date.
fn qualified_field(top: Field, sub: &str) -> Option<Field> {
    let k = normalize::text::key(sub);
    let planned = ["ke hoach", "theo ke hoach", "du kien", "quy dinh", "theo quy dinh", "duoc giao", "giao"];
    let actual = ["thuc te", "thuc hien", "hoan thanh thuc te"];
    if planned.contains(&k.as_str()) {
        Some(top)
    } else if actual.contains(&k.as_str()) && matches!(top, Field::Deadline | Field::CompletedOn) {
        Some(Field::CompletedOn)
    } else {
        None
    }
}

/// Labels that stand over sub-columns in two-row headers.
fn is_group_label(text: &str) -> bool {
    let k = normalize::text::key(text);
    ["tinh trang", "thoi gian", "ket qua", "tien do", "ket qua thuc hien", "danh gia", "tinh hinh thuc hien"]
        .contains(&k.as_str())
}

/// Header cells of a table of counts (`Tổng số nhiệm vụ`, `Số lượng`), not of tasks.
fn is_count_label(text: &str) -> bool {
    let k = normalize::text::key(text);
    k.split(' ').count() <= 4
        && ["tong so", "so nhiem vu", "so luong", "tong cong"]
            .iter()
            .any(|p| k == *p || k.starts_with(&format!("{p} ")))
}

/// A header of counts per index or status (a `Tổng hợp` table): it has a count column
/// and no deadline column.
fn is_count_header(grid: &SheetGrid, header: &Header) -> bool {
    !header.has(Field::Deadline)
        && (0..row_width(grid, header.row))
            .any(|c| (0..header.height).any(|h| cell_text(grid, header.row + h, c).is_some_and(|t| is_count_label(&t))))
}

/// Finds the header in the first [`HEADER_SEARCH_ROWS`] rows. Tables of counts are
/// passed over: a task table may stand below one.
pub fn find_header(grid: &SheetGrid) -> Option<Header> {
    let last = grid.rows.len().min(HEADER_SEARCH_ROWS);
    for row in 0..last {
        if let Some(h) = header_at(grid, row).filter(|h| !is_count_header(grid, h)) {
            return Some(h);
        }
    }
    None
}

fn header_at(grid: &SheetGrid, row: usize) -> Option<Header> {
    let single = single_row_header(grid, row);
    let double = (row + 1 < grid.rows.len()).then(|| two_row_header(grid, row)).flatten();
    match double {
        Some(d) if d.qualifies() && (!single.qualifies() || d.columns.len() > single.columns.len()) => Some(d),
        _ if single.qualifies() => Some(single),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Body

/// The index named in a (keyed) text, when exactly one is named.
pub fn index_in_key(k: &str) -> Option<IndexKind> {
    match indices_in_key(k).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

fn indices_in_key(k: &str) -> Vec<IndexKind> {
    let padded = format!(" {k} ");
    let has = |w: &str| padded.contains(&format!(" {w} "));
    [
        (IndexKind::ParIndex, has("par index") || has("parindex") || has("par") || has("chi so cai cach hanh chinh")),
        (IndexKind::Sipas, has("sipas") || has("chi so hai long") || has("muc do hai long")),
        (IndexKind::Papi, has("papi") || has("hieu qua quan tri va hanh chinh cong")),
    ]
    .into_iter()
    .filter_map(|(kind, hit)| hit.then_some(kind))
    .collect()
}

const FOOTER_PREFIXES: &[&str] = &[
    "nguoi lap bieu",
    "nguoi lap",
    "nguoi tong hop",
    "nguoi bao cao",
    "thu truong",
    "noi nhan",
    "ky ghi ro ho ten",
    "ky ten",
    "ky dong dau",
    "ky ho ten",
    "xac nhan cua",
    "ngay bao cao",
    "tm ubnd",
    "tm uy ban",
];

/// Signers' titles: only a short cell counts (a task may start with `Giám đốc Sở…`).
const SIGNER_TITLES: &[&str] = &[
    "giam doc",
    "pho giam doc",
    "kt giam doc",
    "chu tich",
    "pho chu tich",
    "kt chu tich",
    "chanh van phong",
    "truong phong",
    "truong ban",
    "chanh thanh tra",
];

fn is_footer_text(text: &str) -> bool {
    let k = normalize::text::key(text);
    if FOOTER_PREFIXES.iter().any(|p| k.starts_with(p)) {
        return true;
    }
    if k.starts_with("ghi chu") && text.contains(':') {
        return true;
    }
    if k.len() <= 30 && SIGNER_TITLES.iter().any(|t| k.starts_with(t)) {
        return true;
    }
    is_place_date(text)
}

/// `Bảo Thắng, ngày 18 tháng 5 năm 2023`.
/// Also a bare `ngày 18 tháng 5 năm 2023` (the place in another cell).
pub fn is_place_date(text: &str) -> bool {
    let k = normalize::text::key(text);
    // The place is a short name: `Thực hiện Công văn số 45/SNV, ngày 10/4/2023 …` is not.
    let after_place = text.find(',').is_some_and(|pos| {
        let place = &text[..pos];
        pos <= 60
            && place.split_whitespace().count() <= 6
            && !place.chars().any(|c| c.is_ascii_digit())
            && text.get(pos + 1..).is_some_and(|rest| normalize::text::key(rest).starts_with("ngay "))
    });
    let bare = k.strip_prefix("ngay ").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        && k.contains(" thang ");
    (after_place || bare) && normalize::date::parse_report_date(text).is_some()
}

/// `(1) (2) (3)` or `1 2 3 4` under the header.
fn is_numbering_row(grid: &SheetGrid, row: usize) -> bool {
    let Some(cells) = grid.rows.get(row) else { return false };
    let mut count = 0;
    for (col, cell) in cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let Some(t) = cell_text(grid, row, col) else { return false };
        let inner = t.trim_start_matches('(').trim_end_matches(')');
        let ok = (inner.len() <= 3 && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()))
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
            || inner.chars().all(|c| c.is_ascii_digit() || "=+-*x/ ".contains(c)) && inner.len() <= 12;
        if !ok {
            return false;
        }
        count += 1;
    }
    count >= 2
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| "IVXL".contains(c))
}

/// A numbering like `I`, `II.`, `A`, `1`, `1.2.`, `a)`, `-`.
fn is_numbering(s: &str) -> bool {
    if ["-", "+", "*", "•"].contains(&s.trim()) {
        return true;
    }
    let t = s.trim().trim_end_matches(['.', ')', ':', '/']);
    if t.is_empty() {
        return false;
    }
    is_roman(t)
        || (t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic()))
        || t.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Splits a leading numbering off a heading: `1. Công tác…` → `Công tác…`.
fn strip_numbering(text: &str) -> &str {
    let t = text.trim();
    if let Some((first, rest)) = t.split_once(|c: char| c.is_whitespace() || c == '.' || c == ')' || c == ':') {
        let sep_len = t.len() - first.len() - rest.len();
        let token = &t[..first.len() + sep_len];
        if !first.is_empty() && is_numbering(token) && !rest.trim().is_empty() {
            return strip_numbering(rest.trim_start_matches(['.', ')', ':', '-', ' ']));
        }
    }
    t
}

/// Labels in front of a numbered area heading.
const AREA_LABELS: &[&str] = &[
    "truc noi dung",
    "noi dung thanh phan",
    "tieu chi thanh phan",
    "chi so thanh phan",
    "linh vuc",
    "tieu chi",
    "noi dung",
    "yeu to",
    "nhom",
];

/// `Trục nội dung 5: Thủ tục hành chính công` → `Thủ tục hành chính công`; also
/// `Tiêu chí 2.1 Công khai`, `Lĩnh vực II - Cải cách thể chế`, `Nội dung thành phần 3: …`.
/// A label without a number (`Lĩnh vực cải cách thể chế`) is kept whole.
fn strip_area_label(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    for label in AREA_LABELS {
        let n = label.split(' ').count();
        let (Some(head), Some(number)) = (words.get(..n), words.get(n)) else { continue };
        if normalize::text::key(&head.join(" ")) != *label {
            continue;
        }
        // The number may carry its separator (`5:`, `2.1.`) or stand before it (`5 :`).
        let token = number.trim_end_matches([':', '.', ')', '-', ',']);
        let numbered = !token.is_empty()
            && (token.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) || is_roman(token));
        if !numbered {
            continue;
        }
        let rest = words.get(n + 1..).unwrap_or_default().join(" ");
        let name = rest.trim_start_matches([':', '.', ')', '-', '–', ' ']).trim();
        if !name.is_empty() {
            return name.to_string();
        }
    }
    text.to_string()
}

/// Excel's error values, also when a format hands them over as text.
const ERROR_TEXTS: &[&str] = &[
    "#N/A",
    "#REF!",
    "#SPILL!",
    "#CALC!",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#GETTING_DATA",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#N/A!",
];

/// The error code of an error cell (`#N/A`), if it is one.
pub fn error_value(v: &CellValue) -> Option<String> {
    match v {
        CellValue::Error(e) => Some(e.clone()),
        CellValue::Text(t) => {
            let t = t.trim();
            ERROR_TEXTS.iter().any(|e| e.eq_ignore_ascii_case(t)).then(|| t.to_uppercase())
        }
        _ => None,
    }
}

struct Row<'a> {
    grid: &'a SheetGrid,
    header: &'a Header,
    row: usize,
}

impl Row<'_> {
    fn value(&self, field: Field) -> Option<&CellValue> {
        self.header.column(field).map(|c| self.grid.cell(self.row, c))
    }
    fn text(&self, field: Field) -> Option<String> {
        self.header.column(field).and_then(|c| cell_text(self.grid, self.row, c))
    }
    fn multiline(&self, field: Field) -> Option<String> {
        self.header.column(field).and_then(|c| cell_text_multiline(self.grid, self.row, c))
    }
    fn present(&self, field: Field) -> bool {
        self.value(field).is_some_and(|v| !v.is_empty())
    }
    fn cell(&self, field: Field) -> String {
        cell_name(self.row, self.header.column(field).unwrap_or(0))
    }
}

struct Body<'a> {
    grid: &'a SheetGrid,
    file: &'a str,
    problems: Vec<Problem>,
}

impl Body<'_> {
    fn problem(&mut self, cell: String, severity: Severity, message: String) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            sheet: Some(self.grid.name.clone()),
            cell: Some(cell),
            severity,
            message,
        });
    }

    /// Error values (`#N/A`…) in a field: treated as empty, with a warning.
    fn check_error(&mut self, row: &Row, field: Field, label: &str) -> bool {
        if let Some(e) = row.value(field).and_then(error_value) {
            self.problem(row.cell(field), Severity::Warning, format!("ô {label} chứa lỗi {e}: coi như để trống"));
            return true;
        }
        false
    }
}

fn read_body(grid: &SheetGrid, file: &str, header: Header) -> SheetTable {
    let mut body = Body { grid, file, problems: Vec::new() };
    let mut tasks = Vec::new();
    let mut index = sheet_index(&grid.name);
    let mut area: Option<String> = None;
    let start = header.row + header.height;
    let mut first_content = true;
    // The previous non-blank row was a task (or its continuation).
    let mut after_task = false;
    let mut end_row = grid.rows.len();
    for r in start..grid.rows.len() {
        let cells = &grid.rows[r];
        if cells.iter().all(CellValue::is_empty) {
            after_task = false;
            continue;
        }
        if std::mem::replace(&mut first_content, false) && is_numbering_row(grid, r) {
            continue;
        }
        let row = Row { grid, header: &header, row: r };
        let status = read_status(&mut body, &row);
        let dated = matches!(row.value(Field::Deadline), Some(CellValue::Date(_)));
        // Footer words are looked for only where they could end the table (no status, no
        // date): reading every task row's text again costs the most on big sheets.
        let footer = status.is_none()
            && !dated
            && (0..cells.len()).any(|c| cell_text(grid, r, c).is_some_and(|t| is_footer_text(&t)));
        if footer || is_new_table(grid, r) {
            end_row = r;
            break;
        }
        let stateful =
            [Field::Deadline, Field::Status, Field::CompletedOn, Field::Progress].iter().any(|&f| row.present(f))
                || header.columns.iter().any(|&(c, f)| matches!(f, Field::XMark(_)) && !grid.cell(r, c).is_empty());
        let detailed = [Field::Result, Field::Issues, Field::Proposals].iter().any(|&f| row.present(f));
        if let Some(v) = row.text(Field::Index) {
            if let Some(ix) = index_in_key(&normalize::text::key(&v)) {
                index = Some(ix);
            }
        }
        if let Some(v) = row.text(Field::Area) {
            area = Some(strip_area_label(strip_numbering(&v)));
        }
        let task_text = row.multiline(Field::Task);
        let continuing = std::mem::replace(&mut after_task, false);
        if !stateful && !detailed {
            if let (true, Some(prev), Some(more)) = (continuing, tasks.last_mut(), continuation(grid, &header, r)) {
                let prev: &mut RawTask = prev;
                prev.task = format!("{} {more}", prev.task);
                after_task = true;
                continue;
            }
            section_row(grid, &header, r, &mut index, &mut area);
            continue;
        }
        let Some(task_text) = task_text else {
            if status.is_none() && lone_heading(grid, r) {
                section_row(grid, &header, r, &mut index, &mut area);
                continue;
            }
            body.problem(
                row.cell(Field::Task),
                Severity::Warning,
                "dòng có thời hạn/tình trạng nhưng không có nội dung nhiệm vụ: bỏ qua".into(),
            );
            continue;
        };
        let tk = normalize::text::key(&task_text);
        // Totals rows, and the header repeated on every printed page.
        if header_field(&task_text) == Some(Field::Task)
            || tk.starts_with("tong cong")
            || tk.starts_with("tong so")
            || tk == "cong"
            || tk == "tong"
        {
            continue;
        }
        tasks.push(task_row(&mut body, &row, task_text, status, index, area.clone()));
        after_task = true;
    }
    SheetTable { header, end_row, tasks, problems: body.problems }
}

/// A heading typed into whatever column comes first (`I. CHỈ SỐ PAR INDEX` landing in a
/// status or deadline column): the row's only cell, text with words, not a mark, a
/// percentage or a date.
fn lone_heading(grid: &SheetGrid, r: usize) -> bool {
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let mut filled = (0..width).filter(|&c| !grid.cell(r, c).is_empty());
    let (Some(c), None) = (filled.next(), filled.next()) else { return false };
    let Some(t) = (matches!(grid.cell(r, c), CellValue::Text(_))).then(|| cell_text(grid, r, c)).flatten() else {
        return false;
    };
    t.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
        && !normalize::status::is_mark(&t)
        && normalize::status::percent_from_text(&t).is_none()
        && !matches!(normalize::date::parse_deadline_text(&t), Some(Deadline::Date { .. } | Deadline::Recurring { .. }))
}

/// The header of another table below the task table (counts per index or status): a
/// count label (`Tổng số`) among three or more header labels, no date, and no task
/// header (a task header is the task table's own header repeated on a printed page).
fn is_new_table(grid: &SheetGrid, r: usize) -> bool {
    // A date anywhere means a data row; checked first, before any text is normalized.
    if grid.rows.get(r).is_some_and(|cells| cells.iter().any(|v| matches!(v, CellValue::Date(_)))) {
        return false;
    }
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let mut labels = 0;
    let mut counts = false;
    for c in 0..width {
        match grid.cell(r, c) {
            CellValue::Date(_) => return false,
            CellValue::Text(_) => {
                let Some(t) = cell_text(grid, r, c) else { continue };
                match header_field(&t) {
                    Some(Field::Task) => return false,
                    Some(_) => labels += 1,
                    None if is_count_label(&t) => {
                        labels += 1;
                        counts = true;
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    counts && labels >= 3
}

/// The rest of a task's text wrapped onto the next row by hand: only the task cell is
/// filled, and it starts with a lowercase letter (a heading starts with a capital or a
/// number). *Decision*: appended to the task above with a space.
fn continuation(grid: &SheetGrid, header: &Header, r: usize) -> Option<String> {
    let task_col = header.column(Field::Task)?;
    let width = grid.rows.get(r).map_or(0, Vec::len);
    if (0..width).any(|c| c != task_col && !grid.cell(r, c).is_empty()) {
        return None;
    }
    let text = cell_text(grid, r, task_col)?;
    text.chars().next().is_some_and(char::is_lowercase).then_some(text)
}

/// A row with text but no task data: sets the index (`II. SIPAS`) or the area
/// (`1. Công tác chỉ đạo, điều hành CCHC`) of the rows below.
fn section_row(grid: &SheetGrid, header: &Header, r: usize, index: &mut Option<IndexKind>, area: &mut Option<String>) {
    let seq = header.column(Field::Seq);
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let heading = (0..width)
        .filter_map(|c| heading_text(grid, r, c).map(|t| (c, t)))
        .find(|(c, t)| !(Some(*c) == seq && is_numbering(t)));
    let Some((_, heading)) = heading else { return };
    let heading = strip_numbering(&heading).to_string();
    let k = normalize::text::key(&heading);
    let indices = indices_in_key(&k);
    if let [ix] = indices.as_slice() {
        *index = Some(*ix);
        *area = None;
    } else if indices.is_empty() && !k.is_empty() && !k.starts_with("tong cong") && !k.starts_with("tong so") {
        // Totals rows without figures and headings naming several indices set nothing.
        *area = Some(strip_area_label(&heading));
    }
}

fn read_status(body: &mut Body, row: &Row) -> Option<ReportedState> {
    let mut state = None;
    if !body.check_error(row, Field::Status, "tình trạng") {
        match row.value(Field::Status) {
            Some(CellValue::Number(v)) => state = normalize::status::percent_from_number(*v).map(state_from_percent),
            Some(v) if !v.is_empty() => {
                if let Some(t) = row.text(Field::Status) {
                    state = normalize::status::parse_status(&t)
                        .or_else(|| normalize::status::percent_from_text(&t).map(state_from_percent));
                }
            }
            _ => {}
        }
    }
    if state.is_some() {
        return state;
    }
    // No status column: a short `Kết quả` cell often holds the status (`Đã hoàn thành`).
    if !row.header.has(Field::Status) && !row.header.has_xmarks() {
        return row
            .text(Field::Result)
            .filter(|t| normalize::text::key(t).len() <= 30)
            .and_then(|t| normalize::status::parse_status(&t));
    }
    let marked: Vec<ReportedState> = row
        .header
        .columns
        .iter()
        .filter_map(|&(c, f)| match f {
            Field::XMark(s) if is_marked(row.grid.cell(row.row, c), row.grid, row.row, c) => Some(s),
            _ => None,
        })
        .collect();
    marked.first().copied()
}

fn is_marked(v: &CellValue, grid: &SheetGrid, r: usize, c: usize) -> bool {
    match v {
        CellValue::Bool(b) => *b,
        CellValue::Number(n) => *n == 1.0,
        CellValue::Text(_) => cell_text(grid, r, c).is_some_and(|t| normalize::status::is_mark(&t)),
        _ => false,
    }
}

fn state_from_percent(p: f64) -> ReportedState {
    if p >= 100.0 {
        ReportedState::Done
    } else if p > 0.0 {
        ReportedState::InProgress
    } else {
        ReportedState::NotStarted
    }
}

fn task_row(
    body: &mut Body,
    row: &Row,
    task: String,
    reported: Option<ReportedState>,
    index: Option<IndexKind>,
    area: Option<String>,
) -> RawTask {
    let deadline = read_deadline(body, row);
    // `Hoàn thành ngày 12/5/2023` in the status cell, when no column says when.
    let completed_on = read_completed(body, row).or_else(|| {
        let done = matches!(reported, Some(ReportedState::Done | ReportedState::DoneOnTime | ReportedState::DoneLate));
        row.text(Field::Status).filter(|_| done).and_then(|t| normalize::date::date_in_text(&t))
    });
    let progress_pct = read_progress(body, row);
    let status_text = row.text(Field::Status);
    let marked: Vec<usize> = row
        .header
        .columns
        .iter()
        .filter(|&&(c, f)| matches!(f, Field::XMark(_)) && is_marked(row.grid.cell(row.row, c), row.grid, row.row, c))
        .map(|&(c, _)| c)
        .collect();
    if reported.is_none() {
        if let Some(t) = &status_text {
            body.problem(
                row.cell(Field::Status),
                Severity::Warning,
                format!("không hiểu tình trạng «{t}»: coi như chưa có tình trạng"),
            );
        } else if progress_pct.is_none() && !matches!(deadline, Some(Deadline::Recurring { .. })) {
            let col = row.header.column(Field::Status).or(row.header.column(Field::Task)).unwrap_or(0);
            body.problem(cell_name(row.row, col), Severity::Warning, "nhiệm vụ không ghi tình trạng thực hiện".into());
        }
    } else if status_text.is_none() && marked.len() > 1 {
        body.problem(
            cell_name(row.row, marked[0]),
            Severity::Warning,
            "đánh dấu nhiều cột tình trạng: lấy cột đầu tiên".into(),
        );
    }
    for (field, label) in [
        (Field::Result, "kết quả"),
        (Field::Issues, "khó khăn"),
        (Field::Proposals, "đề xuất"),
        (Field::Note, "ghi chú"),
    ] {
        body.check_error(row, field, label);
    }
    RawTask {
        index,
        area,
        task,
        deadline,
        reported,
        completed_on,
        progress_pct,
        result: row.multiline(Field::Result),
        issues: row.multiline(Field::Issues),
        proposals: row.multiline(Field::Proposals),
        note: row.multiline(Field::Note),
        source: SourceRef { file: body.file.to_string(), sheet: body.grid.name.clone(), row: row.row as u32 + 1 },
    }
}

/// Number cells in date columns: an Excel serial in a plausible range (1950–2100).
/// Date-formatted cells arrive as dates in either date system; a plain number is read in
/// the 1900 system, since the grid does not say whether the workbook uses 1904 (a 1904
/// serial would come out four years and a day early).
fn serial_date(v: f64) -> Option<NaiveDate> {
    (18_264.0..=73_051.0).contains(&v).then(|| normalize::date::excel_serial_to_date(v, false)).flatten()
}

fn read_deadline(body: &mut Body, row: &Row) -> Option<Deadline> {
    if body.check_error(row, Field::Deadline, "thời hạn") {
        return None;
    }
    let parsed = match row.value(Field::Deadline)? {
        CellValue::Date(d) => Some(Deadline::Date { date: *d, text: d.format("%d/%m/%Y").to_string() }),
        CellValue::Number(v) => match serial_date(*v) {
            Some(d) => Some(Deadline::Date { date: d, text: d.format("%d/%m/%Y").to_string() }),
            None => normalize::date::parse_deadline_text(&format_number(*v))
                .or_else(|| Some(Deadline::Unparsed { text: format_number(*v) })),
        },
        v if v.is_empty() => None,
        _ => row.text(Field::Deadline).and_then(|t| normalize::date::parse_deadline_text(&t)),
    };
    if let Some(Deadline::Unparsed { text }) = &parsed {
        body.problem(
            row.cell(Field::Deadline),
            Severity::Warning,
            format!("không hiểu thời hạn «{text}»: giữ nguyên văn bản, không tính quá hạn"),
        );
    }
    parsed
}

fn read_completed(body: &mut Body, row: &Row) -> Option<NaiveDate> {
    if body.check_error(row, Field::CompletedOn, "ngày hoàn thành") {
        return None;
    }
    let date = match row.value(Field::CompletedOn)? {
        CellValue::Date(d) => Some(*d),
        CellValue::Number(v) => serial_date(*v),
        v if v.is_empty() => return None,
        _ => row.text(Field::CompletedOn).and_then(|t| normalize::date::parse_date_text(&t)),
    };
    if date.is_none() {
        let text = row.text(Field::CompletedOn).unwrap_or_default();
        body.problem(
            row.cell(Field::CompletedOn),
            Severity::Warning,
            format!("không hiểu ngày hoàn thành «{text}»: bỏ qua"),
        );
    }
    date
}

fn read_progress(body: &mut Body, row: &Row) -> Option<f64> {
    if body.check_error(row, Field::Progress, "tỷ lệ") {
        return None;
    }
    let pct = match row.value(Field::Progress)? {
        CellValue::Number(v) => normalize::status::percent_from_number(*v),
        v if v.is_empty() => return None,
        _ => row.text(Field::Progress).and_then(|t| normalize::status::percent_from_text(&t)),
    };
    if pct.is_none() {
        let text = row.text(Field::Progress).unwrap_or_default();
        body.problem(
            row.cell(Field::Progress),
            Severity::Warning,
            format!("không hiểu tỷ lệ hoàn thành «{text}»: bỏ qua"),
        );
    }
    pct
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering() {
        for s in ["I", "II.", "IV", "A", "a)", "1", "1.", "1.2", "1.2.3", "-", "+"] {
            assert!(is_numbering(s), "{s}");
        }
        for s in ["Công tác", "12345", "1.a", "Xã"] {
            assert!(!is_numbering(s), "{s}");
        }
        assert_eq!(strip_numbering("1. Công tác chỉ đạo"), "Công tác chỉ đạo");
        assert_eq!(strip_numbering("II. SIPAS"), "SIPAS");
        assert_eq!(strip_numbering("1.2) Cải cách"), "Cải cách");
        assert_eq!(strip_numbering("Cải cách thể chế"), "Cải cách thể chế");
        assert_eq!(strip_numbering("I"), "I");
    }

    #[test]
    fn number_format() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.5), "0.5");
    }
}

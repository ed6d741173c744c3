//! Header recognition: the row (or two rows) naming the task table's columns, found in
//! the first rows of a sheet, and the field each header wording stands for.

use super::cells::cell_text;
use super::Field;
use crate::ingest::grid::SheetGrid;
use crate::normalize;

/// How far down the header row is looked for.
pub const HEADER_SEARCH_ROWS: usize = 30;

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
    pub(super) fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
    pub(super) fn has_xmarks(&self) -> bool {
        self.columns.iter().any(|(_, f)| matches!(f, Field::XMark(_)))
    }
    /// A task table needs the task text and something telling its state or deadline.
    fn qualifies(&self) -> bool {
        self.has(Field::Task) && (self.has(Field::Deadline) || self.has(Field::Status) || self.has_xmarks())
    }
}

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
pub(super) fn header_cell(grid: &SheetGrid, row: usize, col: usize) -> (Option<String>, (usize, usize), usize) {
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
pub(super) fn is_count_label(text: &str) -> bool {
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

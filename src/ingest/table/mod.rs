//! Finding the task table in a sheet (docs/domain.md, workbook shapes): the header row(s)
//! anywhere in the first rows ([`header`]), columns recognized by their header wording,
//! section and area rows, footer and blank rows ([`body`]), and the values of each task
//! row parsed with `normalize` ([`fields`]). Cell text is read in [`cells`].

mod body;
mod cells;
mod fields;
mod header;
mod row;

pub use body::{index_in_key, is_place_date};
pub use cells::{cell_text, error_value};
pub use header::{find_header, header_field, Header, HEADER_SEARCH_ROWS};

use crate::ingest::grid::{CellValue, SheetGrid};
use crate::model::{IndexKind, Problem, SourceRef};
use crate::normalize::{self, Deadline, ReportedState};
use chrono::NaiveDate;

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
    /// One line (a cell's line breaks folded); the free texts below keep theirs.
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
        Some(header) => SheetOutcome::Table(body::read_body(grid, file, header)),
        None => SheetOutcome::NoTable {
            reason: "không thấy dòng tiêu đề bảng nhiệm vụ (cần cột «Nhiệm vụ» và cột «Thời hạn» hoặc «Tình trạng»)"
                .into(),
        },
    }
}

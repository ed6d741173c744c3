//! One workbook file → its sheets as plain grids. The real format is taken from the bytes
//! (an xlsx named `.xls` is read as xlsx); calamine does the parsing, `xlsx` guards it.

use super::files::{sniff, InputFile, InputKind, Sniffed};
use super::grid::{cell_name, CellValue, SheetGrid};
use super::xlsx::{self, ZipProblem, ERROR_MARKER};
use crate::model::{Problem, Severity};
use crate::normalize::legacy;
use calamine::{
    Data, DataRef, Dimensions, Ods, OdsError, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsb, XlsbError, Xlsx,
    XlsxError,
};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::io::{Cursor, Read};

mod xls_guard;

use super::ole::{self, OleKind};

const MIB: u64 = 1024 * 1024;

/// Bounds on what one workbook may cost. Tests lower them; callers use the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Size of the file on disk.
    pub max_file_bytes: u64,
    /// Sum of all zip entries once inflated (xlsx, ods).
    pub max_inflated_bytes: u64,
    /// Rows and columns of a sheet, counted from A1 (Excel's own maxima by default).
    pub max_rows: u32,
    pub max_cols: u32,
    /// Non-empty cells of one sheet.
    pub max_cells: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: super::files::MAX_FILE_BYTES,
            max_inflated_bytes: 512 * MIB,
            max_rows: 1_048_576,
            max_cols: 16_384,
            max_cells: 5_000_000,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workbook {
    pub sheets: Vec<SheetGrid>,
    /// Warnings about single cells or sheets (error cells rewritten, sheets skipped).
    pub problems: Vec<Problem>,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("không đọc được tệp «{file}»: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("tệp «{file}» được đặt mật khẩu nên không đọc được: hãy đề nghị đơn vị gửi lại bản không đặt mật khẩu")]
    Encrypted { file: String },
    #[error("tệp «{file}» bị hỏng hoặc không trọn vẹn (có thể gửi hoặc tải về chưa hết): {detail}; hãy đề nghị đơn vị gửi lại")]
    Corrupt { file: String, detail: String },
    #[error("tệp «{file}» không phải bảng tính Excel/OpenDocument ({what}); hãy đề nghị đơn vị gửi lại tệp .xlsx")]
    NotASpreadsheet { file: String, what: String },
    #[error(
        "tệp «{file}» là bảng tính Excel đời cũ (Excel 2.x–4.0, trước năm 1993) nên không đọc được; \
         hãy đề nghị đơn vị mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại"
    )]
    OldExcel { file: String },
    #[error("tệp «{file}» mang tên bảng tính nhưng thực chất là {actual}; {}", super::files::disguised_advice(actual))]
    Disguised { file: String, actual: &'static str },
    #[error("tệp «{file}» quá lớn: {detail}; không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)")]
    TooLarge { file: String, detail: String },
    #[error("tệp «{file}» không được đọc: {message}")]
    Skipped { file: String, message: String },
}

pub fn read_workbook(file: &InputFile) -> Result<Workbook, WorkbookError> {
    read_workbook_with(file, &ReadLimits::default())
}

pub fn read_workbook_with(file: &InputFile, limits: &ReadLimits) -> Result<Workbook, WorkbookError> {
    let bytes = read_input(file, limits)?;
    read_workbook_bytes(&file.name, bytes, limits)
}

/// The bytes of a folder entry that is to be read: once, read-only, and never more than the
/// limit allows.
pub fn read_input(file: &InputFile, limits: &ReadLimits) -> Result<Vec<u8>, WorkbookError> {
    let name = file.name.clone();
    if let InputKind::Skip { reason } = &file.kind {
        return Err(WorkbookError::Skipped { file: name, message: reason.message() });
    }
    let io = |source| WorkbookError::Io { file: file.name.clone(), source };
    let mut bytes = Vec::new();
    std::fs::File::open(&file.path)
        .and_then(|f| f.take(limits.max_file_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(WorkbookError::TooLarge {
            file: name,
            detail: format!("trên {} MiB", limits.max_file_bytes / MIB),
        });
    }
    if bytes.is_empty() {
        return Err(WorkbookError::Corrupt { file: name, detail: "tệp rỗng (0 byte)".into() });
    }
    Ok(bytes)
}

/// A workbook held in memory (a file's bytes, or a member of a zip bundle); `file` is the
/// name messages give it.
/// A bare BIFF2, BIFF3 or BIFF4 worksheet stream (Excel 2.x–4.0, not an OLE file): its first
/// record is a BOF (0x0009, 0x0209, 0x0409) of 4 to 16 bytes. calamine does not read these.
fn old_biff(bytes: &[u8]) -> bool {
    matches!(bytes, [0x09, 0x00 | 0x02 | 0x04, len, 0x00, ..] if (4..=16).contains(len))
}

pub fn read_workbook_bytes(file: &str, bytes: Vec<u8>, limits: &ReadLimits) -> Result<Workbook, WorkbookError> {
    let name = file.to_string();
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(WorkbookError::TooLarge {
            file: name,
            detail: format!("trên {} MiB", limits.max_file_bytes / MIB),
        });
    }
    if bytes.is_empty() {
        return Err(WorkbookError::Corrupt { file: name, detail: "tệp rỗng (0 byte)".into() });
    }
    if old_biff(&bytes) {
        return Err(WorkbookError::OldExcel { file: name });
    }
    let reader = SheetReader { file, limits };
    match sniff(&bytes) {
        Sniffed::Zip | Sniffed::Ods => reader.zip_workbook(bytes),
        Sniffed::Cfb => reader.cfb_workbook(bytes),
        Sniffed::Other(actual) => Err(WorkbookError::Disguised { file: name, actual }),
        Sniffed::Unknown => {
            Err(WorkbookError::NotASpreadsheet { file: name, what: "nội dung không nhận ra được".into() })
        }
    }
}

struct SheetReader<'a> {
    file: &'a str,
    limits: &'a ReadLimits,
}

/// Outcome of reading an xlsx once: done, or a cell calamine refuses (retry after fixing).
enum XlsxAttempt {
    Done(Result<Workbook, WorkbookError>),
    NeedsFix,
}

impl SheetReader<'_> {
    fn corrupt(&self, detail: impl std::fmt::Display) -> WorkbookError {
        WorkbookError::Corrupt { file: self.file.to_string(), detail: detail.to_string() }
    }

    fn not_spreadsheet(&self, what: &str) -> WorkbookError {
        WorkbookError::NotASpreadsheet { file: self.file.to_string(), what: what.to_string() }
    }

    fn zip_error(&self, problem: ZipProblem) -> WorkbookError {
        match problem {
            ZipProblem::Corrupt(detail) => self.corrupt(format!("tệp nén bị lỗi ({detail})")),
            ZipProblem::TooLarge { entry, bytes, limit, declared } => WorkbookError::TooLarge {
                file: self.file.to_string(),
                detail: if declared {
                    format!(
                        "khi giải nén sẽ chiếm hơn {} MiB (phần «{entry}»), vượt giới hạn {} MiB",
                        bytes / MIB,
                        limit / MIB
                    )
                } else {
                    format!("phần «{entry}» giải nén ra nhiều hơn kích thước khai báo ({limit} byte), đã dừng giải nén")
                },
            },
        }
    }

    fn zip_workbook(&self, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        let entries = xlsx::check_zip(&bytes, self.limits.max_inflated_bytes).map_err(|p| self.zip_error(p))?;
        let has = |n: &str| entries.iter().any(|e| e == n);
        if has("mimetype") || has("content.xml") {
            let mime = xlsx::read_entry(&bytes, "mimetype").unwrap_or_default();
            if mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") || !has("mimetype") {
                return self.ods_workbook(bytes);
            }
            return Err(self.not_spreadsheet("tài liệu OpenDocument không phải bảng tính"));
        }
        if entries.iter().any(|e| e.ends_with("workbook.xml")) {
            xlsx::check_shared_strings(&bytes, &entries).map_err(|p| self.zip_error(p))?;
            return match self.xlsx_attempt(&bytes) {
                XlsxAttempt::Done(result) => result,
                XlsxAttempt::NeedsFix => match xlsx::fix_cells(&bytes).map_err(|p| self.zip_error(p))? {
                    Some(fixed) => match self.xlsx_attempt(&fixed) {
                        XlsxAttempt::Done(result) => result,
                        XlsxAttempt::NeedsFix => Err(self.corrupt("có ô dữ liệu không đọc được")),
                    },
                    None => Err(self.corrupt("có ô dữ liệu không đọc được")),
                },
            };
        }
        if entries.iter().any(|e| e.ends_with("workbook.bin")) {
            return self.xlsb_workbook(bytes);
        }
        if has("word/document.xml") {
            return Err(self.not_spreadsheet("tài liệu Word .docx"));
        }
        if has("ppt/presentation.xml") {
            return Err(self.not_spreadsheet("bài trình chiếu PowerPoint .pptx"));
        }
        Err(self.not_spreadsheet("tệp nén zip không chứa bảng tính"))
    }

    fn xlsx_attempt(&self, bytes: &[u8]) -> XlsxAttempt {
        let mut wb = match Xlsx::new(Cursor::new(bytes)) {
            Ok(wb) => wb,
            Err(XlsxError::Password) => {
                return XlsxAttempt::Done(Err(WorkbookError::Encrypted { file: self.file.to_string() }))
            }
            Err(e) => return XlsxAttempt::Done(Err(self.corrupt(e))),
        };
        let mut out = Workbook::default();
        let mut failed = Vec::new();
        for sheet in wb.sheets_metadata().to_vec() {
            if sheet.typ != SheetType::WorkSheet {
                continue;
            }
            // calamine subtracts the corners of a merge unchecked: a reversed `H9:A1`
            // overflows (a panic where overflow is checked); only the merges are lost.
            let merges = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                wb.merge_cells_by_sheet_name(&sheet.name).map_err(|e| e.to_string())
            }))
            .unwrap_or_else(|_| Err("vùng ô gộp ghi ngược (ô cuối đứng trước ô đầu)".to_string()));
            let merged = match merges {
                Ok(dims) => ranges(&dims),
                Err(e) => {
                    out.problems.push(self.problem(
                        Some(&sheet.name),
                        None,
                        Severity::Warning,
                        format!("không đọc được các ô gộp: {e}"),
                    ));
                    Vec::new()
                }
            };
            let mut grid = Grid::new(self, &sheet.name);
            let read = (|| -> Result<(), SheetFailure> {
                let mut cells = wb.worksheet_cells_reader(&sheet.name).map_err(SheetFailure::Xlsx)?;
                let legacy_fonts: Vec<Option<String>> = cells
                    .styles()
                    .iter()
                    .map(|s| s.font.as_ref().and_then(|f| f.name.clone()).filter(|n| legacy::is_legacy_font(n)))
                    .collect();
                while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(SheetFailure::Xlsx)? {
                    let (row, col) = cell.get_position();
                    let value = from_data_ref(cell.get_value());
                    let is_text = matches!(value, CellValue::Text(_));
                    grid.put(row, col, value).map_err(SheetFailure::Limit)?;
                    if is_text {
                        if let Some(Some(font)) = legacy_fonts.get(style) {
                            grid.fonts.insert((row, col), font.clone());
                        }
                    }
                }
                Ok(())
            })();
            match read {
                Ok(()) => out.sheets.push(grid.finish(hidden(sheet.visible), &merged, &mut out.problems)),
                Err(SheetFailure::Xlsx(e)) if is_fixable(&e) => return XlsxAttempt::NeedsFix,
                Err(failure) => failed.push(self.sheet_failed(&sheet.name, failure, &mut out.problems)),
            }
        }
        XlsxAttempt::Done(self.finish_workbook(out, failed))
    }

    /// Excel binary workbooks (`.xlsb`). calamine indexes some records without checking
    /// their length (a short record panics): such a panic is this file's damage only.
    fn xlsb_workbook(&self, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.xlsb_sheets(bytes)))
            .unwrap_or_else(|_| Err(self.corrupt("cấu trúc bảng tính nhị phân .xlsb không hợp lệ")))
    }

    fn xlsb_sheets(&self, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        let mut wb = match Xlsb::new(Cursor::new(bytes)) {
            Ok(wb) => wb,
            Err(XlsbError::Password) => return Err(WorkbookError::Encrypted { file: self.file.to_string() }),
            Err(e) => return Err(self.corrupt(e)),
        };
        let mut out = Workbook::default();
        let mut failed = Vec::new();
        for sheet in wb.sheets_metadata().to_vec() {
            if sheet.typ != SheetType::WorkSheet {
                continue;
            }
            let mut grid = Grid::new(self, &sheet.name);
            // Cell by cell: the declared dimensions are never used to reserve anything.
            let read = (|| -> Result<(), SheetFailure> {
                let mut cells =
                    wb.worksheet_cells_reader(&sheet.name).map_err(|e| SheetFailure::Other(e.to_string()))?;
                while let Some(cell) = cells.next_cell().map_err(|e| SheetFailure::Other(e.to_string()))? {
                    let (row, col) = cell.get_position();
                    grid.put(row, col, from_data_ref(cell.get_value())).map_err(SheetFailure::Limit)?;
                }
                Ok(())
            })();
            match read {
                Ok(()) => out.sheets.push(grid.finish(hidden(sheet.visible), &[], &mut out.problems)),
                Err(failure) => failed.push(self.sheet_failed(&sheet.name, failure, &mut out.problems)),
            }
        }
        self.finish_workbook(out, failed)
    }

    fn ods_workbook(&self, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        if super::ods::encrypted(&bytes) {
            return Err(WorkbookError::Encrypted { file: self.file.to_string() });
        }
        // calamine expands every table when opening: oversized ones must be refused first.
        let scans = super::ods::scan(&bytes).map_err(|d| self.corrupt(d))?;
        let limits = self.limits;
        for (name, scan) in &scans {
            let (last_row, last_col) = scan.last;
            if scan.area > limits.max_cells
                || last_row >= u64::from(limits.max_rows)
                || last_col >= u64::from(limits.max_cols)
            {
                return Err(WorkbookError::TooLarge {
                    file: self.file.to_string(),
                    detail: format!(
                        "trang «{name}» khi mở rộng các dòng, cột lặp lại sẽ chiếm {} ô (đến ô {}), vượt giới hạn {} ô, \
                         {} dòng × {} cột",
                        scan.area,
                        big_cell_name(last_row, last_col),
                        limits.max_cells,
                        limits.max_rows,
                        limits.max_cols
                    ),
                });
            }
        }
        let flat: Vec<u8>;
        let mut wb = match Ods::new(Cursor::new(bytes.as_slice())) {
            Ok(wb) => wb,
            Err(OdsError::Password) => return Err(WorkbookError::Encrypted { file: self.file.to_string() }),
            // An indented content.xml: read again without the whitespace between cells.
            Err(e @ OdsError::Mismatch { .. }) => {
                flat = match super::ods::without_indentation(&bytes) {
                    Some(flat) => flat,
                    None => return Err(self.corrupt(e)),
                };
                match Ods::new(Cursor::new(flat.as_slice())) {
                    Ok(wb) => wb,
                    Err(_) => return Err(self.corrupt(e)),
                }
            }
            Err(e) => return Err(self.corrupt(e)),
        };
        let mut out = Workbook::default();
        let mut failed = Vec::new();
        for sheet in wb.sheets_metadata().to_vec() {
            match wb.worksheet_range(&sheet.name) {
                Ok(range) => {
                    let merged = scans.get(&sheet.name).map(|t| t.merged.clone()).unwrap_or_default();
                    match self.range_grid(&sheet.name, &range, hidden(sheet.visible), &merged, &mut out.problems) {
                        Ok(grid) => out.sheets.push(grid),
                        Err(f) => failed.push(self.sheet_failed(&sheet.name, f, &mut out.problems)),
                    }
                }
                Err(e) => {
                    failed.push(self.sheet_failed(&sheet.name, SheetFailure::Other(e.to_string()), &mut out.problems))
                }
            }
        }
        self.finish_workbook(out, failed)
    }

    fn cfb_workbook(&self, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        match ole::kind(&bytes) {
            Ok(OleKind::EncryptedPackage) => return Err(WorkbookError::Encrypted { file: self.file.to_string() }),
            Ok(OleKind::WordDocument) => return Err(self.not_spreadsheet("tài liệu Word .doc")),
            Ok(OleKind::PowerPoint) => return Err(self.not_spreadsheet("bài trình chiếu PowerPoint .ppt")),
            Ok(OleKind::Other(names)) => {
                let names = if names.is_empty() { "không có dữ liệu".to_string() } else { names.join(", ") };
                return Err(self.not_spreadsheet(&format!("tệp Office 97 không chứa bảng tính: {names}")));
            }
            Ok(OleKind::Workbook) => {}
            Err(e) => return Err(self.corrupt(format!("cấu trúc tệp Office 97 (OLE) bị hỏng: {e}"))),
        }
        // calamine expands every sheet when opening: oversized, malformed or encrypted
        // ones are refused first.
        match xls_guard::check(&bytes, self.limits) {
            Ok(()) => {}
            Err(xls_guard::XlsRefusal::TooLarge(detail)) => {
                return Err(WorkbookError::TooLarge { file: self.file.to_string(), detail })
            }
            Err(xls_guard::XlsRefusal::Corrupt(detail)) => return Err(self.corrupt(detail)),
            Err(xls_guard::XlsRefusal::Encrypted) => {
                return Err(WorkbookError::Encrypted { file: self.file.to_string() })
            }
        }
        let mut wb = match Xls::new(Cursor::new(bytes)) {
            Ok(wb) => wb,
            Err(XlsError::Password) => return Err(WorkbookError::Encrypted { file: self.file.to_string() }),
            Err(e) => return Err(self.corrupt(e)),
        };
        let mut out = Workbook::default();
        let mut failed = Vec::new();
        for sheet in wb.sheets_metadata().to_vec() {
            if sheet.typ != SheetType::WorkSheet {
                continue;
            }
            let merged = ranges(&wb.merge_cells_by_sheet_name(&sheet.name).unwrap_or_default());
            match wb.worksheet_range(&sheet.name) {
                Ok(range) => {
                    match self.range_grid(&sheet.name, &range, hidden(sheet.visible), &merged, &mut out.problems) {
                        Ok(grid) => out.sheets.push(grid),
                        Err(f) => failed.push(self.sheet_failed(&sheet.name, f, &mut out.problems)),
                    }
                }
                Err(e) => {
                    failed.push(self.sheet_failed(&sheet.name, SheetFailure::Other(e.to_string()), &mut out.problems))
                }
            }
        }
        self.finish_workbook(out, failed)
    }

    fn range_grid(
        &self,
        name: &str,
        range: &calamine::Range<Data>,
        hidden: bool,
        merged: &[(u32, u32, u32, u32)],
        problems: &mut Vec<Problem>,
    ) -> Result<SheetGrid, SheetFailure> {
        let mut grid = Grid::new(self, name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let (row, col) = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
            grid.put(row, col, from_data(value)).map_err(SheetFailure::Limit)?;
        }
        Ok(grid.finish(hidden, merged, problems))
    }

    /// A sheet that could not be read becomes an error problem; the rest of the workbook stays.
    fn sheet_failed(&self, sheet: &str, failure: SheetFailure, problems: &mut Vec<Problem>) -> Failed {
        let (detail, limit) = match failure {
            SheetFailure::Xlsx(e) => (e.to_string(), false),
            SheetFailure::Other(e) => (e, false),
            SheetFailure::Limit(e) => (e, true),
        };
        problems.push(self.problem(
            Some(sheet),
            None,
            Severity::Error,
            format!("không đọc được trang «{sheet}» của tệp «{}», bỏ qua trang này: {detail}", self.file),
        ));
        Failed { detail: format!("trang «{sheet}»: {detail}"), limit }
    }

    /// The workbook, unless no sheet at all could be read.
    fn finish_workbook(&self, out: Workbook, failed: Vec<Failed>) -> Result<Workbook, WorkbookError> {
        match failed.into_iter().next() {
            Some(first) if out.sheets.is_empty() && first.limit => {
                Err(WorkbookError::TooLarge { file: self.file.to_string(), detail: first.detail })
            }
            Some(first) if out.sheets.is_empty() => Err(self.corrupt(first.detail)),
            _ => Ok(out),
        }
    }

    fn problem(&self, sheet: Option<&str>, cell: Option<String>, severity: Severity, message: String) -> Problem {
        Problem { file: self.file.to_string(), sheet: sheet.map(str::to_string), cell, severity, message }
    }
}

/// A sheet that was skipped: the detail for a workbook-level error, and whether a limit
/// (rather than damage) stopped it.
struct Failed {
    detail: String,
    limit: bool,
}

enum SheetFailure {
    Xlsx(XlsxError),
    Other(String),
    /// The sheet exceeds the row/column/cell limits (message ready).
    Limit(String),
}

/// Errors that come from single cells calamine refuses; `xlsx::fix_cells` rewrites them.
fn is_fixable(e: &XlsxError) -> bool {
    matches!(e, XlsxError::CellError(_) | XlsxError::ParseFloat(_) | XlsxError::CellTAttribute(_))
}

/// Merged ranges with their corners in order, whatever order the file gave them in.
fn ranges(dims: &[Dimensions]) -> Vec<(u32, u32, u32, u32)> {
    dims.iter()
        .map(|d| {
            let (r0, r1) = (d.start.0.min(d.end.0), d.start.0.max(d.end.0));
            let (c0, c1) = (d.start.1.min(d.end.1), d.start.1.max(d.end.1));
            (r0, c0, r1, c1)
        })
        .collect()
}

/// `cell_name` for positions that may lie beyond what `usize` arithmetic there expects.
fn big_cell_name(row: u64, col: u64) -> String {
    match (usize::try_from(row), usize::try_from(col)) {
        (Ok(r), Ok(c)) if c < 1 << 20 => cell_name(r, c),
        _ => format!("dòng {}, cột {}", row.saturating_add(1), col.saturating_add(1)),
    }
}

fn hidden(v: SheetVisible) -> bool {
    !matches!(v, SheetVisible::Visible)
}

/// A sheet being filled cell by cell, within the limits; rows are as long as their last
/// non-empty cell.
struct Grid<'a> {
    reader: &'a SheetReader<'a>,
    name: String,
    rows: Vec<Vec<CellValue>>,
    fonts: HashMap<(u32, u32), String>,
    cells: u64,
    /// Cells the rows hold, empty ones between included: bounded like `cells`, since a
    /// few far-apart cells per row would otherwise cost gigabytes.
    dense: u64,
    /// Cells whose error value calamine could not hold (row, col, code).
    rewritten: Vec<(u32, u32, String)>,
}

impl<'a> Grid<'a> {
    fn new(reader: &'a SheetReader<'a>, name: &str) -> Self {
        Grid {
            reader,
            name: name.to_string(),
            rows: Vec::new(),
            fonts: HashMap::new(),
            cells: 0,
            dense: 0,
            rewritten: Vec::new(),
        }
    }

    fn put(&mut self, row: u32, col: u32, value: CellValue) -> Result<(), String> {
        if value == CellValue::Empty {
            return Ok(());
        }
        let limits = self.reader.limits;
        if row >= limits.max_rows || col >= limits.max_cols {
            return Err(format!(
                "có dữ liệu ở ô {} nằm ngoài giới hạn {} dòng × {} cột",
                cell_name(row as usize, col as usize),
                limits.max_rows,
                limits.max_cols
            ));
        }
        self.cells += 1;
        if self.cells > limits.max_cells {
            return Err(format!("có hơn {} ô dữ liệu, quá lớn đối với một báo cáo", limits.max_cells));
        }
        let value = match value {
            CellValue::Text(s) if s.starts_with(ERROR_MARKER) => {
                let code = s[ERROR_MARKER.len()..].to_string();
                self.rewritten.push((row, col, code.clone()));
                CellValue::Error(code)
            }
            v => v,
        };
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            self.dense += (c + 1 - cells.len()) as u64;
            if self.dense > limits.max_cells {
                return Err(format!(
                    "dữ liệu trải trên hơn {} ô (kể cả ô trống xen giữa, đến ô {}), quá lớn đối với một báo cáo",
                    limits.max_cells,
                    cell_name(r, c)
                ));
            }
            cells.resize(c + 1, CellValue::Empty);
        }
        cells[c] = value;
        Ok(())
    }

    fn finish(self, hidden: bool, merged: &[(u32, u32, u32, u32)], problems: &mut Vec<Problem>) -> SheetGrid {
        for (row, col, code) in &self.rewritten {
            let cell = cell_name(*row as usize, *col as usize);
            problems.push(self.reader.problem(
                Some(&self.name),
                Some(cell.clone()),
                Severity::Warning,
                format!(
                    "ô {cell} của trang «{}» trong tệp «{}» có giá trị lỗi {code} (lỗi công thức của Excel mới), \
                     được coi là ô lỗi; phần còn lại của trang vẫn được đọc",
                    self.name, self.reader.file
                ),
            ));
        }
        SheetGrid {
            name: self.name,
            hidden,
            rows: self.rows,
            fonts: self.fonts,
            merged: merged.to_vec(),
            ..SheetGrid::default()
        }
    }
}

fn from_data_ref(d: &DataRef<'_>) -> CellValue {
    match d {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => excel_date(dt),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Error(error_code(e)),
        DataRef::Empty => CellValue::Empty,
    }
}

fn from_data(d: &Data) -> CellValue {
    match d {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(error_code(e)),
        Data::Empty => CellValue::Empty,
    }
}

fn error_code(e: &calamine::CellErrorType) -> String {
    match e {
        // calamine displays it as `#DATA!`; Excel writes `#GETTING_DATA`.
        calamine::CellErrorType::GettingData => "#GETTING_DATA".to_string(),
        other => other.to_string(),
    }
}

/// A date-formatted serial (1900 or 1904 system, carried by calamine). Durations stay
/// numbers (days).
fn excel_date(dt: &calamine::ExcelDateTime) -> CellValue {
    if dt.is_duration() {
        return CellValue::Number(dt.as_f64());
    }
    match dt.as_datetime() {
        Some(d) => CellValue::Date(d.date()),
        None => CellValue::Number(dt.as_f64()),
    }
}

/// ODS and xlsx `t="d"` dates in ISO 8601.
fn iso_date(s: &str) -> CellValue {
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return CellValue::Date(d);
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t.trim_end_matches('Z'), fmt) {
            return CellValue::Date(dt.date());
        }
    }
    CellValue::Text(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date("2023-05-18"), CellValue::Date(NaiveDate::from_ymd_opt(2023, 5, 18).unwrap()));
        assert_eq!(iso_date("2023-05-18T10:30:00"), CellValue::Date(NaiveDate::from_ymd_opt(2023, 5, 18).unwrap()));
        assert_eq!(iso_date("PT12H"), CellValue::Text("PT12H".into()));
    }
}

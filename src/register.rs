//! The outgoing document register (sổ đăng ký văn bản đi, Decree 30/2020 Appendix IV),
//! kept in SQLite at `<output>/so-dang-ky-van-ban-di.sqlite`.
//!
//! Numbers run from 1 on 1 January, per calendar year and per register, and are never
//! reused: a cancelled entry keeps its row (and its number) with the reason. A number is
//! allocated inside an IMMEDIATE transaction (the database's write lock is taken before the
//! highest number is read) and the table has `UNIQUE(year, register, number)`, so two
//! processes issuing at once get different numbers.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// File name of the register under the output folder.
pub const REGISTER_FILE: &str = "so-dang-ky-van-ban-di.sqlite";

/// Schema version stored in `PRAGMA user_version`.
const SCHEMA_VERSION: i32 = 1;

const SCHEMA: &str = "
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    register      TEXT    NOT NULL,
    number        INTEGER NOT NULL CHECK (number >= 1),
    type_abbrev   TEXT    NOT NULL,
    symbol        TEXT    NOT NULL,
    symbol_text   TEXT    NOT NULL,
    date          TEXT    NOT NULL,
    type_name     TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    signer        TEXT    NOT NULL,
    recipients    TEXT    NOT NULL,
    copies        INTEGER NOT NULL,
    unit_keeping  TEXT    NOT NULL,
    date_sent     TEXT,
    receipt       TEXT,
    note          TEXT    NOT NULL DEFAULT '',
    cancelled_at  TEXT,
    cancel_reason TEXT,
    issued_at     TEXT    NOT NULL,
    UNIQUE (year, register, number)
);
";

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("sổ đăng ký văn bản đi «{path}»: {source}")]
    Db { path: PathBuf, source: rusqlite::Error },
    #[error("không tạo được thư mục cho sổ đăng ký «{path}»: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("sổ đăng ký «{path}» được tạo bởi phiên bản baocao mới hơn (lược đồ {found}, phiên bản này hiểu {SCHEMA_VERSION}); hãy cập nhật baocao")]
    NewerSchema { path: PathBuf, found: i32 },
    #[error("thông tin văn bản không hợp lệ: {0}")]
    Invalid(String),
    #[error("không có văn bản mã {0} trong sổ đăng ký")]
    NotFound(i64),
    #[error("văn bản {symbol_text} đã bị hủy số trước đó")]
    AlreadyCancelled { symbol_text: String },
    #[error("không xuất được sổ đăng ký ra Excel: {0}")]
    Xlsx(#[from] XlsxError),
}

/// A document to register; the number is allocated by [`Register::issue`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    /// Calendar year of the numbering; must be the year of `date`.
    pub year: i32,
    /// Which register numbers it, e.g. `SNV`. Each register numbers independently.
    pub register: String,
    /// Type abbreviation (Decree 30 Appendix III), e.g. `BC`, `CV`, `KH`.
    pub type_abbrev: String,
    /// The symbol after the slash, e.g. `BC-SNV` or, for a công văn, `SNV-CCHC`.
    pub symbol: String,
    pub date: NaiveDate,
    /// `Báo cáo`, `Công văn`…
    pub type_name: String,
    /// Trích yếu nội dung.
    pub subject: String,
    pub signer: String,
    pub recipients: String,
    /// Number of copies issued.
    pub copies: u32,
    /// Unit (and person) keeping the file copy, e.g. `VT, CCHC`.
    pub unit_keeping: String,
    pub note: String,
}

/// The number given to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedNumber {
    /// Row id in the register, for [`Register::cancel`].
    pub id: i64,
    pub number: u32,
    /// `05` (leading zero below 10).
    pub number_text: String,
    /// `05/BC-SNV`
    pub symbol_text: String,
}

/// One row of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub year: i32,
    pub register: String,
    pub number: u32,
    pub type_abbrev: String,
    pub symbol: String,
    pub symbol_text: String,
    pub date: NaiveDate,
    pub type_name: String,
    pub subject: String,
    pub signer: String,
    pub recipients: String,
    pub copies: u32,
    pub unit_keeping: String,
    /// Ngày chuyển.
    pub date_sent: Option<NaiveDate>,
    /// Ký nhận.
    pub receipt: Option<String>,
    pub note: String,
    /// When and why the number was cancelled; the number stays taken.
    pub cancelled_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub issued_at: String,
}

impl Entry {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }

    /// The "Ghi chú" column: the note, plus the cancellation.
    pub fn note_text(&self) -> String {
        match (&self.cancel_reason, self.note.is_empty()) {
            (Some(reason), true) => format!("Đã hủy số: {reason}"),
            (Some(reason), false) => format!("{}; Đã hủy số: {reason}", self.note),
            (None, _) => self.note.clone(),
        }
    }
}

pub struct Register {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register").field("path", &self.path).finish()
    }
}

impl Register {
    /// Opens the register, creating the file and its schema on first use.
    pub fn open(path: &Path) -> Result<Register, RegisterError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| RegisterError::Io { path: parent.into(), source })?;
        }
        let conn = Connection::open(path).map_err(|source| RegisterError::Db { path: path.into(), source })?;
        let mut register = Register { conn, path: path.to_path_buf() };
        register.init()?;
        Ok(register)
    }

    /// `<output_dir>/so-dang-ky-van-ban-di.sqlite`
    pub fn open_in(output_dir: &Path) -> Result<Register, RegisterError> {
        Register::open(&output_dir.join(REGISTER_FILE))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db<T>(&self, r: rusqlite::Result<T>) -> Result<T, RegisterError> {
        r.map_err(|source| RegisterError::Db { path: self.path.clone(), source })
    }

    fn init(&mut self) -> Result<(), RegisterError> {
        // Another process may hold the write lock for a moment while it issues a number.
        let r = self.conn.busy_timeout(Duration::from_secs(30));
        self.db(r)?;
        let r = self.conn.transaction_with_behavior(TransactionBehavior::Immediate);
        let tx = r.map_err(|source| RegisterError::Db { path: self.path.clone(), source })?;
        let version: i32 = tx
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|source| RegisterError::Db { path: self.path.clone(), source })?;
        match version {
            0 => {
                let r = tx.execute_batch(SCHEMA).and_then(|()| tx.pragma_update(None, "user_version", SCHEMA_VERSION));
                r.map_err(|source| RegisterError::Db { path: self.path.clone(), source })?;
            }
            SCHEMA_VERSION => {}
            found => return Err(RegisterError::NewerSchema { path: self.path.clone(), found }),
        }
        tx.commit().map_err(|source| RegisterError::Db { path: self.path.clone(), source })
    }

    /// Gives `entry` the next number of its register and year.
    pub fn issue(&mut self, entry: NewEntry) -> Result<IssuedNumber, RegisterError> {
        validate(&entry)?;
        let path = self.path.clone();
        let db = |source| RegisterError::Db { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
        let last: u32 = tx
            .query_row(
                "SELECT COALESCE(MAX(number), 0) FROM entries WHERE year = ?1 AND register = ?2",
                params![entry.year, entry.register],
                |row| row.get(0),
            )
            .map_err(db)?;
        let number = last + 1;
        let number_text = crate::document::filters::so_hieu(number);
        let symbol_text = format!("{number_text}/{}", entry.symbol);
        tx.execute(
            "INSERT INTO entries (year, register, number, type_abbrev, symbol, symbol_text, date, type_name,
                subject, signer, recipients, copies, unit_keeping, note, issued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                entry.year,
                entry.register,
                number,
                entry.type_abbrev,
                entry.symbol,
                symbol_text,
                entry.date.to_string(),
                entry.type_name,
                entry.subject,
                entry.signer,
                entry.recipients,
                entry.copies,
                entry.unit_keeping,
                entry.note,
                now(),
            ],
        )
        .map_err(db)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(db)?;
        Ok(IssuedNumber { id, number, number_text, symbol_text })
    }

    /// Marks an entry cancelled; its row and number stay.
    pub fn cancel(&mut self, id: i64, reason: &str) -> Result<(), RegisterError> {
        if reason.trim().is_empty() {
            return Err(RegisterError::Invalid("cần ghi lý do hủy số".into()));
        }
        let entry = self.get(id)?.ok_or(RegisterError::NotFound(id))?;
        if entry.is_cancelled() {
            return Err(RegisterError::AlreadyCancelled { symbol_text: entry.symbol_text });
        }
        let r = self.conn.execute(
            "UPDATE entries SET cancelled_at = ?1, cancel_reason = ?2 WHERE id = ?3 AND cancelled_at IS NULL",
            params![now(), reason.trim(), id],
        );
        self.db(r).map(|_| ())
    }

    /// Records delivery: "Ngày chuyển" and "Ký nhận".
    pub fn record_delivery(&mut self, id: i64, date_sent: NaiveDate, receipt: &str) -> Result<(), RegisterError> {
        let r = self.conn.execute(
            "UPDATE entries SET date_sent = ?1, receipt = ?2 WHERE id = ?3",
            params![date_sent.to_string(), receipt, id],
        );
        match self.db(r)? {
            0 => Err(RegisterError::NotFound(id)),
            _ => Ok(()),
        }
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>, RegisterError> {
        let sql = format!("SELECT {COLUMNS} FROM entries WHERE id = ?1");
        let r = self.conn.query_row(&sql, params![id], row_to_entry).optional();
        self.db(r)
    }

    /// Every entry (of `year`, when given), by year, register and number.
    pub fn list(&self, year: Option<i32>) -> Result<Vec<Entry>, RegisterError> {
        let sql =
            format!("SELECT {COLUMNS} FROM entries WHERE (?1 IS NULL OR year = ?1) ORDER BY year, register, number");
        let r = (|| {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params![year], row_to_entry)?;
            rows.collect::<rusqlite::Result<Vec<Entry>>>()
        })();
        self.db(r)
    }

    /// The register as an XLSX workbook with the columns of Decree 30 Appendix IV.
    pub fn export_xlsx(&self, year: Option<i32>) -> Result<Vec<u8>, RegisterError> {
        let entries = self.list(year)?;
        Ok(register_xlsx(&entries, year)?)
    }

    /// [`Register::export_xlsx`] written to `path`.
    pub fn export_xlsx_to(&self, year: Option<i32>, path: &Path) -> Result<(), RegisterError> {
        let bytes = self.export_xlsx(year)?;
        std::fs::write(path, bytes).map_err(|source| RegisterError::Io { path: path.into(), source })
    }
}

const COLUMNS: &str = "id, year, register, number, type_abbrev, symbol, symbol_text, date, type_name, subject, \
    signer, recipients, copies, unit_keeping, date_sent, receipt, note, cancelled_at, cancel_reason, issued_at";

fn row_to_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let date = |i: usize, text: String| {
        text.parse::<NaiveDate>()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
    };
    let date_sent: Option<String> = row.get(14)?;
    Ok(Entry {
        id: row.get(0)?,
        year: row.get(1)?,
        register: row.get(2)?,
        number: row.get(3)?,
        type_abbrev: row.get(4)?,
        symbol: row.get(5)?,
        symbol_text: row.get(6)?,
        date: date(7, row.get(7)?)?,
        type_name: row.get(8)?,
        subject: row.get(9)?,
        signer: row.get(10)?,
        recipients: row.get(11)?,
        copies: row.get(12)?,
        unit_keeping: row.get(13)?,
        date_sent: date_sent.map(|t| date(14, t)).transpose()?,
        receipt: row.get(15)?,
        note: row.get(16)?,
        cancelled_at: row.get(17)?,
        cancel_reason: row.get(18)?,
        issued_at: row.get(19)?,
    })
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn validate(e: &NewEntry) -> Result<(), RegisterError> {
    let invalid = |m: String| Err(RegisterError::Invalid(m));
    for (field, value) in
        [("sổ (register)", &e.register), ("loại văn bản viết tắt", &e.type_abbrev), ("ký hiệu", &e.symbol)]
    {
        if value.trim().is_empty() {
            return invalid(format!("thiếu {field}"));
        }
        if value.chars().any(char::is_whitespace) || value.contains('/') {
            return invalid(format!("{field} «{value}» không được có khoảng trắng hay dấu /"));
        }
    }
    if e.subject.trim().is_empty() {
        return invalid("thiếu trích yếu nội dung".into());
    }
    if e.year != e.date.year() {
        return invalid(format!(
            "năm đánh số {} khác năm của ngày văn bản {} (số văn bản chạy theo năm dương lịch)",
            e.year,
            e.date.format("%d/%m/%Y")
        ));
    }
    Ok(())
}

/// Appendix IV columns, with widths in characters.
const HEADERS: [(&str, f64); 10] = [
    ("Số, ký hiệu văn bản", 16.0),
    ("Ngày tháng văn bản", 13.0),
    ("Tên loại và trích yếu nội dung", 50.0),
    ("Người ký", 20.0),
    ("Nơi nhận văn bản", 30.0),
    ("Đơn vị, người nhận bản lưu", 20.0),
    ("Số lượng bản", 9.0),
    ("Ngày chuyển", 13.0),
    ("Ký nhận", 14.0),
    ("Ghi chú", 30.0),
];

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    crate::export::excel_date_value(d).ok_or_else(|| XlsxError::DateTimeRangeError(d.to_string()))
}

fn register_xlsx(entries: &[Entry], year: Option<i32>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the same register gives the same bytes.
    let created_year = year.or_else(|| entries.iter().map(|e| e.year).max()).unwrap_or(2000);
    let created = ExcelDateTime::from_ymd(u16::try_from(created_year).unwrap_or(2000), 1, 1)?;
    let title = match year {
        Some(y) => format!("Sổ đăng ký văn bản đi năm {y}"),
        None => "Sổ đăng ký văn bản đi".to_string(),
    };
    workbook.set_properties(&DocProperties::new().set_title(&title).set_creation_datetime(&created));
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let date = text.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center);
    let center = text.clone().set_align(FormatAlign::Center);

    let sheet = workbook.add_worksheet();
    sheet.set_name("Sổ đăng ký văn bản đi")?;
    for (col, (name, width)) in HEADERS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *name, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    for (i, e) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &e.symbol_text, &center)?;
        sheet.write_date_with_format(row, 1, excel_date(e.date)?, &date)?;
        sheet.write_string_with_format(row, 2, format!("{} {}", e.type_name, e.subject).trim(), &text)?;
        sheet.write_string_with_format(row, 3, &e.signer, &text)?;
        sheet.write_string_with_format(row, 4, &e.recipients, &text)?;
        sheet.write_string_with_format(row, 5, &e.unit_keeping, &text)?;
        sheet.write_number_with_format(row, 6, e.copies, &center)?;
        match e.date_sent {
            Some(d) => sheet.write_date_with_format(row, 7, excel_date(d)?, &date)?,
            None => sheet.write_blank(row, 7, &date)?,
        };
        sheet.write_string_with_format(row, 8, e.receipt.as_deref().unwrap_or(""), &text)?;
        sheet.write_string_with_format(row, 9, e.note_text(), &text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, entries.len() as u32, HEADERS.len() as u16 - 1)?;
    workbook.save_to_buffer()
}

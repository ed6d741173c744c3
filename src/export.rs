//! The month's workbook `tong-hop.xlsx`: every task and the summary tables, for clerks who
//! filter and sort in Excel.
//!
//! Sheets: `Tổng hợp` (one row per agency), `Nhiệm vụ` (one row per task), `Theo chỉ số`
//! (index × status), `Tệp đầu vào` (files and what became of them), `Vấn đề` (problems).
//! Every sheet has one bold header row, frozen, with an autofilter; dates are date cells
//! (dd/mm/yyyy); widths follow the content. The bytes depend only on the model, the
//! configuration and the date: the document's creation time is fixed and the zip entries
//! carry no timestamps.

use crate::config::{AgencyKind, Config};
use crate::model::{IndexCounts, IndexKind, MonthModel, StatusCounts, TaskStatus};
use crate::month_link::MonthLink;
use crate::reports::rate;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

pub const SHEET_SUMMARY: &str = "Tổng hợp";
pub const SHEET_TASKS: &str = "Nhiệm vụ";
pub const SHEET_INDICES: &str = "Theo chỉ số";
pub const SHEET_FILES: &str = "Tệp đầu vào";
pub const SHEET_PROBLEMS: &str = "Vấn đề";
pub const SHEET_DROPPED: &str = "Nhiệm vụ không còn báo cáo";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("không tạo được tệp Excel tổng hợp: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("không ghi được ngày {0} vào tệp Excel (ngoài khoảng Excel hỗ trợ)")]
    Date(NaiveDate),
}

/// The workbook, its creation time fixed to the model's `period_end`.
pub fn month_xlsx(model: &MonthModel, config: &Config) -> Result<Vec<u8>, ExportError> {
    month_xlsx_dated(model, config, None)
}

/// The workbook, its creation time fixed to `date` (the run's `--date`) or, without one,
/// to the model's `period_end`.
pub fn month_xlsx_dated(model: &MonthModel, config: &Config, date: Option<NaiveDate>) -> Result<Vec<u8>, ExportError> {
    month_xlsx_linked(model, config, date, &MonthLink::none())
}

/// The workbook with, when the previous month was run, a sheet of the tasks agencies
/// dropped since (see [`crate::month_link`]).
pub fn month_xlsx_linked(
    model: &MonthModel,
    config: &Config,
    date: Option<NaiveDate>,
    link: &MonthLink,
) -> Result<Vec<u8>, ExportError> {
    let created = excel_date(date.unwrap_or(model.period_end))?;
    let title = format!(
        "Tổng hợp kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng {} năm {}",
        model.period.month(),
        model.period.year()
    );
    let mut workbook = data_workbook(
        &DocProperties::new()
            .set_title(&title)
            .set_author(&config.issuer.name)
            .set_company(&config.issuer.parent)
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    let mut tables = vec![summary(model, config), tasks(model), indices(model), files(model), problems(model)];
    if link.previous.is_some() {
        tables.push(dropped(link));
    }
    for table in tables {
        add_table(&mut workbook, &table, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// How a column is written and sized.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// Short text, one line.
    Text,
    /// Long text, wrapped within a capped width.
    Wrap,
    Date,
    Int,
    /// A percentage with one decimal, e.g. 66.7.
    Rate,
    /// A number shown as Excel's General format.
    Number,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Date(NaiveDate),
    Number(f64),
    Empty,
}

impl Value {
    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }
    pub(crate) fn opt(s: Option<&str>) -> Value {
        s.map_or(Value::Empty, Value::text)
    }
    pub(crate) fn int(n: u32) -> Value {
        Value::Number(f64::from(n))
    }
    /// A deadline cell: a date when it was read as one, else the agency's own words.
    pub(crate) fn deadline(date: Option<NaiveDate>, text: Option<&str>) -> Value {
        match (date, text) {
            (Some(d), _) => Value::Date(d),
            (None, Some(text)) => Value::text(text),
            (None, None) => Value::Empty,
        }
    }
}

pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: Vec<(String, Kind)>,
    pub(crate) rows: Vec<Vec<Value>>,
}

pub(crate) struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    date: Format,
    int: Format,
    rate: Format,
    number: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let base = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xD9E1F2)),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            date: base.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center),
            int: base.clone().set_num_format("0"),
            rate: base.clone().set_num_format("0.0"),
            number: base,
        }
    }

    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
            Kind::Wrap => &self.wrap,
            Kind::Date => &self.date,
            Kind::Int => &self.int,
            Kind::Rate => &self.rate,
            Kind::Number => &self.number,
        }
    }
}

/// Width of text on screen, in characters: combining marks (decomposed Vietnamese
/// diacritics) take no room.
fn display_width(s: &str) -> usize {
    s.lines().map(|line| line.chars().filter(|c| !('\u{0300}'..='\u{036F}').contains(c)).count()).max().unwrap_or(0)
}

/// Column width in Excel character units: the widest value, the header's longest word (the
/// header wraps), capped so that long texts wrap instead of stretching the sheet.
fn column_width(title: &str, kind: Kind, values: impl Iterator<Item = usize>) -> f64 {
    let header_word = title.split_whitespace().map(display_width).max().unwrap_or(0);
    let header = display_width(title).min(16).max(header_word);
    let content = values.max().unwrap_or(0);
    let cap = match kind {
        Kind::Wrap => 50,
        Kind::Text => 45,
        _ => 20,
    };
    // Bold header text is a little wider than body text.
    let wanted = (header as f64 * 1.1).max(content as f64) + 2.0;
    wanted.clamp(5.0, cap as f64).round()
}

fn value_width(value: &Value, kind: Kind) -> usize {
    match value {
        Value::Text(s) => display_width(s),
        Value::Date(_) => 10,
        Value::Number(n) if kind == Kind::Rate => format!("{n:.1}").len(),
        Value::Number(n) => n.to_string().len(),
        Value::Empty => 0,
    }
}

/// A date as an Excel date cell value; `None` outside Excel's range (years 1900–9999).
/// The one conversion for every workbook baocao writes (this one and the register's).
pub(crate) fn excel_date_value(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

pub(crate) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, ExportError> {
    excel_date_value(d).ok_or(ExportError::Date(d))
}

/// Zip level of the data workbooks, chosen by measure on a 60,000-task month: the
/// default 6 took 1.25 s for 4.1 MB, 3 takes 0.69 s for 4.9 MB, 1 takes 0.58 s for
/// 7.6 MB. See docs/architecture.md (Speed).
const ZIP_LEVEL: u8 = 3;

/// A workbook for data sheets ([`add_table`]) with these properties.
pub(crate) fn data_workbook(properties: &DocProperties) -> Workbook {
    let mut workbook = Workbook::new();
    workbook.set_properties(properties);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    workbook
}

/// Adds `table` as a sheet written row by row: rust_xlsxwriter's low-memory sheets keep
/// finished rows in a temporary file instead of a cell map, which took a 60,000-task
/// month from 415 to 260 MiB (and was no slower). Without a usable temporary folder the
/// sheet is kept in memory instead: the run must not fail for want of one.
pub(crate) fn add_table(workbook: &mut Workbook, table: &Table, formats: &Formats) -> Result<(), ExportError> {
    // A failed low-memory sheet leaves the workbook unchanged (its temporary file is
    // made first).
    match workbook.add_worksheet_with_low_memory() {
        Ok(sheet) => write_table(sheet, table, formats),
        Err(_) => write_table(workbook.add_worksheet(), table, formats),
    }
}

fn write_table(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> Result<(), ExportError> {
    sheet.set_name(table.name)?;
    for (col, (title, kind)) in table.columns.iter().enumerate() {
        let col16 = col as u16;
        sheet.write_string_with_format(0, col16, title, &formats.header)?;
        let widths = table.rows.iter().filter_map(|r| r.get(col)).map(|v| value_width(v, *kind));
        sheet.set_column_width(col16, column_width(title, *kind, widths))?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, value) in row.iter().enumerate() {
            let Some((_, kind)) = table.columns.get(col) else { continue };
            let (c, format) = (col as u16, formats.for_kind(*kind));
            match value {
                Value::Text(s) => sheet.write_string_with_format(r, c, s, format)?,
                Value::Date(d) => sheet.write_date_with_format(r, c, excel_date(*d)?, &formats.date)?,
                Value::Number(n) => sheet.write_number_with_format(r, c, *n, format)?,
                Value::Empty => sheet.write_blank(r, c, format)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_col = table.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    Ok(())
}

pub(crate) fn columns(list: &[(&str, Kind)]) -> Vec<(String, Kind)> {
    list.iter().map(|(t, k)| (t.to_string(), *k)).collect()
}

/// Status columns, then total and completion rate.
fn count_columns() -> Vec<(String, Kind)> {
    let mut cols: Vec<(String, Kind)> = TaskStatus::ALL.iter().map(|s| (s.label().to_string(), Kind::Int)).collect();
    cols.push(("Tổng số nhiệm vụ".into(), Kind::Int));
    cols.push(("Tỷ lệ hoàn thành (%)".into(), Kind::Rate));
    cols
}

fn count_values(counts: &StatusCounts, total: u32) -> Vec<Value> {
    let mut values: Vec<Value> = TaskStatus::ALL.iter().map(|&s| Value::int(counts.get(s))).collect();
    values.push(Value::int(total));
    // No tasks: no rate, rather than a misleading 0.
    values.push(if total == 0 { Value::Empty } else { Value::Number(rate(counts.completed(), total)) });
    values
}

fn summary(model: &MonthModel, config: &Config) -> Table {
    let mut cols = columns(&[
        ("STT", Kind::Int),
        ("Cơ quan, đơn vị", Kind::Text),
        ("Mã", Kind::Text),
        ("Loại cơ quan", Kind::Text),
        ("Tình hình nộp báo cáo", Kind::Text),
        ("Ngày báo cáo", Kind::Date),
        ("Tệp báo cáo", Kind::Text),
    ]);
    cols.extend(count_columns());
    cols.push(("Ghi chú".into(), Kind::Wrap));
    let rows = model
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = config.agencies.iter().find(|c| c.code == a.code).map(|c| match c.kind {
                AgencyKind::Province => "Sở, ban, ngành",
                AgencyKind::District => "UBND cấp huyện",
            });
            let mut row = vec![
                Value::int(i as u32 + 1),
                Value::text(&a.name),
                Value::text(&a.code),
                Value::opt(kind),
                Value::text(a.submission.label()),
                a.report_date.map_or(Value::Empty, Value::Date),
                Value::opt(a.file.as_deref()),
            ];
            row.extend(count_values(&a.counts, a.total));
            row.push(if a.report_date_from_file_time {
                Value::text("Tệp không ghi ngày báo cáo; ngày lấy theo thời điểm sửa tệp")
            } else {
                Value::Empty
            });
            row
        })
        .collect();
    Table { name: SHEET_SUMMARY, columns: cols, rows }
}

fn tasks(model: &MonthModel) -> Table {
    let cols = columns(&[
        ("STT", Kind::Int),
        ("Cơ quan, đơn vị", Kind::Text),
        ("Chỉ số", Kind::Text),
        ("Lĩnh vực", Kind::Wrap),
        ("Nhiệm vụ", Kind::Wrap),
        ("Thời hạn", Kind::Date),
        ("Trạng thái", Kind::Text),
        ("Ngày hoàn thành", Kind::Date),
        ("Tiến độ (%)", Kind::Number),
        ("Kết quả", Kind::Wrap),
        ("Khó khăn, vướng mắc", Kind::Wrap),
        ("Đề xuất, kiến nghị", Kind::Wrap),
        ("Ghi chú", Kind::Wrap),
        ("Tệp nguồn", Kind::Text),
        ("Trang tính", Kind::Text),
        ("Dòng", Kind::Int),
    ]);
    let rows = model
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let deadline = Value::deadline(t.deadline, t.deadline_text.as_deref());
            vec![
                Value::int(i as u32 + 1),
                Value::text(&t.agency),
                Value::opt(t.index.map(IndexKind::label)),
                Value::opt(t.area.as_deref()),
                Value::text(&t.task),
                deadline,
                Value::text(t.status.label()),
                t.completed_on.map_or(Value::Empty, Value::Date),
                t.progress_pct.map_or(Value::Empty, Value::Number),
                Value::opt(t.result.as_deref()),
                Value::opt(t.issues.as_deref()),
                Value::opt(t.proposals.as_deref()),
                Value::opt(t.note.as_deref()),
                Value::text(&t.source.file),
                Value::text(&t.source.sheet),
                Value::int(t.source.row),
            ]
        })
        .collect();
    Table { name: SHEET_TASKS, columns: cols, rows }
}

fn indices(model: &MonthModel) -> Table {
    let mut cols = columns(&[("Chỉ số", Kind::Text)]);
    cols.extend(count_columns());
    let counts = IndexCounts::of(&model.tasks);
    let mut rows = Vec::new();
    for (label, c) in counts.groups() {
        let mut row = vec![Value::text(label)];
        row.extend(count_values(&c, c.total()));
        rows.push(row);
    }
    let mut total = vec![Value::text("Tổng cộng")];
    total.extend(count_values(&counts.all, counts.all.total()));
    rows.push(total);
    Table { name: SHEET_INDICES, columns: cols, rows }
}

fn files(model: &MonthModel) -> Table {
    let cols = columns(&[
        ("STT", Kind::Int),
        ("Tệp", Kind::Text),
        ("Vai trò", Kind::Text),
        ("Cơ quan, đơn vị", Kind::Text),
        ("Ghi chú", Kind::Wrap),
    ]);
    let rows = model
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                Value::int(i as u32 + 1),
                Value::text(&f.file),
                Value::text(f.role.label()),
                Value::opt(f.agency.as_deref()),
                Value::text(&f.message),
            ]
        })
        .collect();
    Table { name: SHEET_FILES, columns: cols, rows }
}

fn problems(model: &MonthModel) -> Table {
    let cols = columns(&[
        ("STT", Kind::Int),
        ("Mức độ", Kind::Text),
        ("Tệp", Kind::Text),
        ("Trang tính", Kind::Text),
        ("Ô", Kind::Text),
        ("Nội dung", Kind::Wrap),
    ]);
    let rows = model
        .problems
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                Value::int(i as u32 + 1),
                Value::text(p.severity.label()),
                Value::text(&p.file),
                Value::opt(p.sheet.as_deref()),
                Value::opt(p.cell.as_deref()),
                Value::text(&p.message),
            ]
        })
        .collect();
    Table { name: SHEET_PROBLEMS, columns: cols, rows }
}

fn dropped(link: &MonthLink) -> Table {
    let cols = columns(&[
        ("STT", Kind::Int),
        ("Cơ quan, đơn vị", Kind::Text),
        ("Chỉ số", Kind::Text),
        ("Nhiệm vụ", Kind::Wrap),
        ("Thời hạn", Kind::Date),
        ("Tình trạng tháng trước", Kind::Text),
        ("Tháng báo cáo trước", Kind::Text),
    ]);
    let rows = link
        .dropped_tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                Value::int(i as u32 + 1),
                Value::text(&t.agency),
                Value::opt(t.index.map(IndexKind::label)),
                Value::text(&t.task),
                // A deadline the agency wrote in words stays as their text.
                t.deadline.map_or_else(|| Value::opt(t.deadline_text.as_deref()), Value::Date),
                Value::text(t.last_status.label()),
                Value::text(format!("{:02}/{}", t.last_month.month(), t.last_month.year())),
            ]
        })
        .collect();
    Table { name: SHEET_DROPPED, columns: cols, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_stay_in_memory_without_a_temporary_folder() {
        use calamine::Reader;
        let gone = tempfile::tempdir().expect("temporary folder");
        let mut workbook = data_workbook(&DocProperties::new());
        workbook.set_tempdir(gone.path()).expect("usable at first");
        drop(gone);
        let table = Table {
            name: "Nhiệm vụ",
            columns: columns(&[("Nội dung", Kind::Wrap), ("Số", Kind::Int)]),
            rows: vec![vec![Value::text("Rà soát thủ tục"), Value::int(3)]],
        };
        add_table(&mut workbook, &table, &Formats::new()).expect("falls back to an in-memory sheet");
        let bytes = workbook.save_to_buffer().expect("saved");
        let mut book =
            calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(bytes)).expect("xlsx");
        let range = book.worksheet_range("Nhiệm vụ").expect("the sheet");
        assert_eq!(range.get_value((1, 0)), Some(&calamine::Data::String("Rà soát thủ tục".into())));
        assert_eq!(range.get_value((1, 1)), Some(&calamine::Data::Float(3.0)));
    }

    #[test]
    fn widths_follow_content_with_caps() {
        assert_eq!(display_width("Sở Tư pháp"), 10);
        // Decomposed "ở" (o + U+031B + U+0309) is one character on screen.
        assert_eq!(display_width("So\u{31b}\u{309}"), 2);
        assert_eq!(display_width("dòng một\ndòng thứ hai"), 12);
        assert_eq!(column_width("STT", Kind::Int, [1, 2].into_iter()), 5.0);
        assert_eq!(column_width("Cơ quan, đơn vị", Kind::Text, [22].into_iter()), 24.0);
        assert_eq!(column_width("Nhiệm vụ", Kind::Wrap, [300].into_iter()), 50.0);
        assert_eq!(column_width("Tệp", Kind::Text, [80].into_iter()), 45.0);
    }
}

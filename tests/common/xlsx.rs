//! Agency workbooks written cell by cell with rust_xlsxwriter, and the month folder read
//! back through the ingest reader (tests/ingest_tables.rs, tests/reader_redteam.rs).

use baocao::config::Config;
use baocao::ingest::read_month;
use baocao::ingest::report::{AgencyReport, Ingested, RawTask};
use baocao::model::{IndexKind, Severity};
use baocao::normalize::{Deadline, ReportedState};
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Worksheet};
use std::path::Path;

/// A cell to write.
pub enum C<'a> {
    /// Text; empty text writes nothing.
    T(&'a str),
    N(f64),
    /// A date cell formatted `dd/mm/yyyy`.
    D(u16, u8, u8),
    /// A number formatted as a percentage (`0%`).
    P(f64),
    /// A formula whose cached result is this error value.
    E(&'a str),
    /// Text in a given font (legacy encodings).
    F(&'a str, &'a str),
    /// A formula with its cached result.
    Fm(&'a str, &'a str),
}
use C::*;

pub fn put(ws: &mut Worksheet, row: u32, col: u16, cell: &C) {
    match cell {
        T("") => return,
        T(s) => ws.write_string(row, col, *s),
        N(n) => ws.write_number(row, col, *n),
        D(y, m, d) => ws.write_datetime_with_format(
            row,
            col,
            ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
            &Format::new().set_num_format("dd/mm/yyyy"),
        ),
        P(n) => ws.write_number_with_format(row, col, *n, &Format::new().set_num_format("0%")),
        E(code) => ws.write_formula(row, col, Formula::new("=1/0").set_result(*code)),
        F(s, font) => ws.write_string_with_format(row, col, *s, &Format::new().set_font_name(*font)),
        Fm(f, r) => ws.write_formula(row, col, Formula::new(*f).set_result(*r)),
    }
    .unwrap();
}

/// Writes `cells` on the 1-based row `row`, from the 0-based column `col`.
pub fn at(ws: &mut Worksheet, row: u32, col: u16, cells: &[C]) {
    for (i, cell) in cells.iter().enumerate() {
        put(ws, row - 1, col + i as u16, cell);
    }
}

/// Writes `cells` from column A of the 1-based row `r`.
pub fn row(ws: &mut Worksheet, r: u32, cells: &[C]) {
    at(ws, r, 0, cells);
}

/// Merges 1-based rows over 0-based columns, with text in the top-left cell.
pub fn merge(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str) {
    merge_with(ws, r0, c0, r1, c1, text, &Format::new());
}

/// As `merge`, the text wrapped (as header cells with line breaks are).
pub fn merge_wrap(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str) {
    merge_with(ws, r0, c0, r1, c1, text, &Format::new().set_text_wrap());
}

fn merge_with(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str, format: &Format) {
    ws.merge_range(r0 - 1, c0, r1 - 1, c1, text, format).unwrap();
}

/// Reads the month folder with the default configuration.
pub fn read(dir: &Path) -> Ingested {
    read_month(dir, &Config::default_config(), &|_, _, _| {}).unwrap()
}

pub fn report<'a>(ingested: &'a Ingested, file: &str) -> &'a AgencyReport {
    ingested.reports.iter().find(|r| r.file == file).unwrap_or_else(|| panic!("no report {file}: {ingested:#?}"))
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn dl(y: i32, m: u32, d: u32, text: &str) -> Option<Deadline> {
    Some(Deadline::Date { date: date(y, m, d), text: text.into() })
}

pub fn agency_index(name: &str) -> usize {
    Config::default_config().agencies.iter().position(|a| a.name == name).unwrap()
}

/// (task text, index, area, deadline, reported, row)
pub type Brief = (String, Option<IndexKind>, Option<String>, Option<Deadline>, Option<ReportedState>, u32);

pub fn brief(tasks: &[RawTask]) -> Vec<Brief> {
    tasks
        .iter()
        .map(|t| (t.task.clone(), t.index, t.area.clone(), t.deadline.clone(), t.reported, t.source.row))
        .collect()
}

/// (sheet, cell) of the problems of a severity.
pub fn cells_with(report: &AgencyReport, severity: Severity) -> Vec<(Option<String>, Option<String>)> {
    report.problems.iter().filter(|p| p.severity == severity).map(|p| (p.sheet.clone(), p.cell.clone())).collect()
}

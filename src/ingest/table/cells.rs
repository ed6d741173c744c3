//! Cell text as the table reader sees it: Unicode (legacy encodings converted), cleaned,
//! numbers and dates as written, error values treated as empty.

use crate::ingest::grid::{CellValue, SheetGrid};
use crate::normalize;

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
pub(super) fn heading_text(grid: &SheetGrid, row: usize, col: usize) -> Option<String> {
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
pub(super) fn cell_text_multiline(grid: &SheetGrid, row: usize, col: usize) -> Option<String> {
    match grid.cell(row, col) {
        v @ CellValue::Text(_) if error_value(v).is_some() => None,
        CellValue::Text(t) => {
            let s = normalize::text::clean_multiline(&normalize::legacy::to_unicode(t, grid.font(row, col)));
            (!s.is_empty()).then_some(s)
        }
        _ => cell_text(grid, row, col),
    }
}

pub(super) fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_format() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.5), "0.5");
    }
}

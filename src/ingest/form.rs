//! Forms sent by baocao (`baocao form`) and returned filled in: recognised by the identity
//! the form stores in its hidden sheet (agency code and month), whatever the file is named
//! and whether it was re-saved as `.xls` or `.ods` (the hidden sheet survives both). A
//! workbook without it is read from its title block like any other report.

use super::grid::{CellValue, SheetGrid};
use super::table::{self, Field, RawTask};
use crate::config::Config;
use crate::model::Period;

/// Name of the hidden sheet holding a form's identity.
pub const IDENTITY_SHEET: &str = "baocao";
/// `A1` of the identity sheet, then one `key | value` row per entry below it.
pub const IDENTITY_MARK: &str = "baocao-bieu-mau";
pub const KEY_AGENCY_CODE: &str = "agency_code";
pub const KEY_PERIOD: &str = "period";
/// The custom document property (xlsx) holding `<agency code> <YYYY-MM>`.
pub const IDENTITY_PROPERTY: &str = "baocao-bieu-mau";

/// What a returned form says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormIdentity {
    /// Index into `config.agencies`.
    pub agency: usize,
    pub period: Period,
}

/// The identity stored in the workbook's sheets, when it is one of our forms and names a
/// configured agency.
pub fn identity(sheets: &[SheetGrid], config: &Config) -> Option<FormIdentity> {
    let sheet = sheets.iter().find(|g| g.name == IDENTITY_SHEET && text(g, 0, 0) == Some(IDENTITY_MARK))?;
    let value =
        |key: &str| (1..sheet.rows.len()).find(|&r| text(sheet, r, 0) == Some(key)).and_then(|r| text(sheet, r, 1));
    let code = value(KEY_AGENCY_CODE)?;
    let period = value(KEY_PERIOD)?.parse::<Period>().ok()?;
    let agency = config.agencies.iter().position(|a| a.code == code)?;
    Some(FormIdentity { agency, period })
}

fn text(grid: &SheetGrid, row: usize, col: usize) -> Option<&str> {
    match grid.cell(row, col) {
        CellValue::Text(s) => Some(s.trim()),
        _ => None,
    }
}

/// In a form every row states its own index and area: a blank `Chỉ số` or `Lĩnh vực` cell
/// is none, not the value of the row above (which the reader assumes of agencies' grouped
/// tables), so a pre-filled task comes back as it was sent.
pub fn own_index_and_area(tasks: &mut [RawTask], sheets: &[SheetGrid]) {
    for grid in sheets {
        let Some(header) = table::find_header(grid) else { continue };
        let (index_col, area_col) = (header.column(Field::Index), header.column(Field::Area));
        for t in tasks.iter_mut().filter(|t| t.source.sheet == grid.name) {
            let row = (t.source.row as usize).saturating_sub(1);
            if let Some(c) = index_col {
                t.index = table::cell_text(grid, row, c)
                    .and_then(|v| table::index_in_key(&crate::normalize::text::key(&v)))
                    .or_else(|| table::sheet_index(&grid.name));
            }
            if let Some(c) = area_col {
                t.area = table::cell_text(grid, row, c);
            }
        }
    }
}

//! A sheet as a plain grid of values: the boundary between the file formats (xlsx, xls,
//! ods via calamine, plus our own xlsx fix-ups) and table detection.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    /// Text as stored (not yet normalized or legacy-decoded).
    Text(String),
    Number(f64),
    /// A cell formatted as a date (Excel serial already converted).
    Date(NaiveDate),
    Bool(bool),
    /// An error value such as `#N/A`, `#REF!`, `#SPILL!`.
    Error(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One worksheet. `rows[r][c]` is the cell at 0-based row `r` and column `c` counted
/// from A1 (not from the first used cell), so positions map straight to cell names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetGrid {
    pub name: String,
    pub hidden: bool,
    pub rows: Vec<Vec<CellValue>>,
    /// Font name of a cell when the format exposes it (xlsx), keyed by (row, col);
    /// used to decode legacy-encoded text (`.VnTime`, `VNI-Times`).
    pub fonts: std::collections::HashMap<(u32, u32), String>,
    /// Merged ranges as (first_row, first_col, last_row, last_col), 0-based inclusive.
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Text standing outside the grid that belongs to it: a Word report's paragraphs above
    /// its task table (the title block) and below it (the footer). `None` for worksheets.
    pub above: Option<Box<SheetGrid>>,
    pub below: Option<Box<SheetGrid>>,
}

impl SheetGrid {
    pub fn cell(&self, row: usize, col: usize) -> &CellValue {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&CellValue::Empty)
    }
    pub fn font(&self, row: usize, col: usize) -> Option<&str> {
        self.fonts.get(&(row as u32, col as u32)).map(String::as_str)
    }
}

/// `A1`-style name of a 0-based cell position.
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII letters"), row + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cell_names() {
        assert_eq!(super::cell_name(0, 0), "A1");
        assert_eq!(super::cell_name(11, 3), "D12");
        assert_eq!(super::cell_name(0, 25), "Z1");
        assert_eq!(super::cell_name(0, 26), "AA1");
        assert_eq!(super::cell_name(4, 701), "ZZ5");
    }
}

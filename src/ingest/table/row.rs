//! One row of a task table as the field readers see it, and the table body's problems.

use super::cells::{cell_text, cell_text_multiline, error_value};
use super::header::Header;
use super::Field;
use crate::ingest::grid::{cell_name, CellValue, SheetGrid};
use crate::model::{Problem, Severity};

pub(super) struct Row<'a> {
    pub(super) grid: &'a SheetGrid,
    pub(super) header: &'a Header,
    pub(super) row: usize,
}

impl Row<'_> {
    pub(super) fn value(&self, field: Field) -> Option<&CellValue> {
        self.header.column(field).map(|c| self.grid.cell(self.row, c))
    }
    pub(super) fn text(&self, field: Field) -> Option<String> {
        self.header.column(field).and_then(|c| cell_text(self.grid, self.row, c))
    }
    pub(super) fn multiline(&self, field: Field) -> Option<String> {
        self.header.column(field).and_then(|c| cell_text_multiline(self.grid, self.row, c))
    }
    pub(super) fn present(&self, field: Field) -> bool {
        self.value(field).is_some_and(|v| !v.is_empty())
    }
    pub(super) fn cell(&self, field: Field) -> String {
        cell_name(self.row, self.header.column(field).unwrap_or(0))
    }
}

pub(super) struct Body<'a> {
    pub(super) grid: &'a SheetGrid,
    pub(super) file: &'a str,
    pub(super) problems: Vec<Problem>,
}

impl Body<'_> {
    pub(super) fn problem(&mut self, cell: String, severity: Severity, message: String) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            sheet: Some(self.grid.name.clone()),
            cell: Some(cell),
            severity,
            message,
        });
    }

    /// Error values (`#N/A`…) in a field: treated as empty, with a warning.
    pub(super) fn check_error(&mut self, row: &Row, field: Field, label: &str) -> bool {
        if let Some(e) = row.value(field).and_then(error_value) {
            self.problem(row.cell(field), Severity::Warning, format!("ô {label} chứa lỗi {e}: coi như để trống"));
            return true;
        }
        false
    }
}

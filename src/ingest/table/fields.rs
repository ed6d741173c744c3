//! Field parsing: the values of one task row (status, deadline, completion date,
//! percentage, free text) read from its cells with `normalize`, problems named by cell.

use super::cells::{cell_text, format_number};
use super::row::{Body, Row};
use super::{Field, RawTask};
use crate::ingest::grid::{cell_name, CellValue, SheetGrid};
use crate::model::{IndexKind, Severity, SourceRef};
use crate::normalize::{self, Deadline, ReportedState};
use chrono::NaiveDate;

pub(super) fn read_status(body: &mut Body, row: &Row) -> Option<ReportedState> {
    let mut state = None;
    if !body.check_error(row, Field::Status, "tình trạng") {
        match row.value(Field::Status) {
            Some(CellValue::Number(v)) => state = normalize::status::percent_from_number(*v).map(state_from_percent),
            Some(v) if !v.is_empty() => {
                if let Some(t) = row.text(Field::Status) {
                    state = normalize::status::parse_status(&t)
                        .or_else(|| normalize::status::percent_from_text(&t).map(state_from_percent));
                }
            }
            _ => {}
        }
    }
    if state.is_some() {
        return state;
    }
    // No status column: a short `Kết quả` cell often holds the status (`Đã hoàn thành`).
    if !row.header.has(Field::Status) && !row.header.has_xmarks() {
        return row
            .text(Field::Result)
            .filter(|t| normalize::text::key(t).len() <= 30)
            .and_then(|t| normalize::status::parse_status(&t));
    }
    let marked: Vec<ReportedState> = row
        .header
        .columns
        .iter()
        .filter_map(|&(c, f)| match f {
            Field::XMark(s) if is_marked(row.grid.cell(row.row, c), row.grid, row.row, c) => Some(s),
            _ => None,
        })
        .collect();
    marked.first().copied()
}

fn is_marked(v: &CellValue, grid: &SheetGrid, r: usize, c: usize) -> bool {
    match v {
        CellValue::Bool(b) => *b,
        CellValue::Number(n) => *n == 1.0,
        CellValue::Text(_) => cell_text(grid, r, c).is_some_and(|t| normalize::status::is_mark(&t)),
        _ => false,
    }
}

fn state_from_percent(p: f64) -> ReportedState {
    if p >= 100.0 {
        ReportedState::Done
    } else if p > 0.0 {
        ReportedState::InProgress
    } else {
        ReportedState::NotStarted
    }
}

pub(super) fn task_row(
    body: &mut Body,
    row: &Row,
    task: String,
    reported: Option<ReportedState>,
    index: Option<IndexKind>,
    area: Option<String>,
) -> RawTask {
    let deadline = read_deadline(body, row);
    // `Hoàn thành ngày 12/5/2023` in the status cell, when no column says when.
    let completed_on = read_completed(body, row).or_else(|| {
        let done = matches!(reported, Some(ReportedState::Done | ReportedState::DoneOnTime | ReportedState::DoneLate));
        row.text(Field::Status).filter(|_| done).and_then(|t| normalize::date::date_in_text(&t))
    });
    let progress_pct = read_progress(body, row);
    let status_text = row.text(Field::Status);
    let marked: Vec<usize> = row
        .header
        .columns
        .iter()
        .filter(|&&(c, f)| matches!(f, Field::XMark(_)) && is_marked(row.grid.cell(row.row, c), row.grid, row.row, c))
        .map(|&(c, _)| c)
        .collect();
    if reported.is_none() {
        if let Some(t) = &status_text {
            body.problem(
                row.cell(Field::Status),
                Severity::Warning,
                format!("không hiểu tình trạng «{t}»: coi như chưa có tình trạng"),
            );
        } else if progress_pct.is_none() && !matches!(deadline, Some(Deadline::Recurring { .. })) {
            let col = row.header.column(Field::Status).or(row.header.column(Field::Task)).unwrap_or(0);
            body.problem(cell_name(row.row, col), Severity::Warning, "nhiệm vụ không ghi tình trạng thực hiện".into());
        }
    } else if status_text.is_none() && marked.len() > 1 {
        body.problem(
            cell_name(row.row, marked[0]),
            Severity::Warning,
            "đánh dấu nhiều cột tình trạng: lấy cột đầu tiên".into(),
        );
    }
    for (field, label) in [
        (Field::Result, "kết quả"),
        (Field::Issues, "khó khăn"),
        (Field::Proposals, "đề xuất"),
        (Field::Note, "ghi chú"),
    ] {
        body.check_error(row, field, label);
    }
    RawTask {
        index,
        area,
        task,
        deadline,
        reported,
        completed_on,
        progress_pct,
        result: row.multiline(Field::Result),
        issues: row.multiline(Field::Issues),
        proposals: row.multiline(Field::Proposals),
        note: row.multiline(Field::Note),
        source: SourceRef { file: body.file.to_string(), sheet: body.grid.name.clone(), row: row.row as u32 + 1 },
    }
}

/// Number cells in date columns: an Excel serial in a plausible range (1950–2100).
/// Date-formatted cells arrive as dates in either date system; a plain number is read in
/// the 1900 system, since the grid does not say whether the workbook uses 1904 (a 1904
/// serial would come out four years and a day early).
fn serial_date(v: f64) -> Option<NaiveDate> {
    (18_264.0..=73_051.0).contains(&v).then(|| normalize::date::excel_serial_to_date(v, false)).flatten()
}

fn read_deadline(body: &mut Body, row: &Row) -> Option<Deadline> {
    if body.check_error(row, Field::Deadline, "thời hạn") {
        return None;
    }
    let parsed = match row.value(Field::Deadline)? {
        CellValue::Date(d) => Some(Deadline::Date { date: *d, text: d.format("%d/%m/%Y").to_string() }),
        CellValue::Number(v) => match serial_date(*v) {
            Some(d) => Some(Deadline::Date { date: d, text: d.format("%d/%m/%Y").to_string() }),
            None => normalize::date::parse_deadline_text(&format_number(*v))
                .or_else(|| Some(Deadline::Unparsed { text: format_number(*v) })),
        },
        v if v.is_empty() => None,
        _ => row.text(Field::Deadline).and_then(|t| normalize::date::parse_deadline_text(&t)),
    };
    if let Some(Deadline::Unparsed { text }) = &parsed {
        body.problem(
            row.cell(Field::Deadline),
            Severity::Warning,
            format!("không hiểu thời hạn «{text}»: giữ nguyên văn bản, không tính quá hạn"),
        );
    }
    parsed
}

fn read_completed(body: &mut Body, row: &Row) -> Option<NaiveDate> {
    if body.check_error(row, Field::CompletedOn, "ngày hoàn thành") {
        return None;
    }
    let date = match row.value(Field::CompletedOn)? {
        CellValue::Date(d) => Some(*d),
        CellValue::Number(v) => serial_date(*v),
        v if v.is_empty() => return None,
        _ => row.text(Field::CompletedOn).and_then(|t| normalize::date::parse_date_text(&t)),
    };
    if date.is_none() {
        let text = row.text(Field::CompletedOn).unwrap_or_default();
        body.problem(
            row.cell(Field::CompletedOn),
            Severity::Warning,
            format!("không hiểu ngày hoàn thành «{text}»: bỏ qua"),
        );
    }
    date
}

fn read_progress(body: &mut Body, row: &Row) -> Option<f64> {
    if body.check_error(row, Field::Progress, "tỷ lệ") {
        return None;
    }
    let pct = match row.value(Field::Progress)? {
        CellValue::Number(v) => normalize::status::percent_from_number(*v),
        v if v.is_empty() => return None,
        _ => row.text(Field::Progress).and_then(|t| normalize::status::percent_from_text(&t)),
    };
    if pct.is_none() {
        let text = row.text(Field::Progress).unwrap_or_default();
        body.problem(
            row.cell(Field::Progress),
            Severity::Warning,
            format!("không hiểu tỷ lệ hoàn thành «{text}»: bỏ qua"),
        );
    }
    pct
}

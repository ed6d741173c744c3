//! A whole workbook → one agency's report: the task tables of its sheets plus what the
//! title block and footer say (agency, period, report date). And a whole month: every file
//! of the inputs folder read in parallel, each file's failure kept to that file.

use super::grid::{CellValue, SheetGrid};
use super::month_sheets::{self, MonthGroup, NamedMonth, SheetMonth};
use super::table::{self, cell_text, SheetOutcome};
use super::title_names::{title_names, Area, TitleLine};
use crate::config::{AgencyConfig, Config};
use crate::model::{FileRole, Period, Problem, Severity};
use crate::normalize::{self, legacy, AgencyMatch, AgencyMatcher, Deadline, LegacyEncoding};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use std::path::Path;

pub use super::table::RawTask;

/// One workbook, read. `agency` indexes `config.agencies`.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyReport {
    pub file: String,
    pub agency: Option<usize>,
    /// Why the workbook cannot be counted (no task table, agency unknown or ambiguous),
    /// in Vietnamese; `None` when it can.
    pub refusal: Option<String>,
    pub period: Option<Period>,
    pub report_date: Option<NaiveDate>,
    /// The workbook states no report date: `report_date` is the file's modification day.
    pub report_date_from_file_time: bool,
    pub modified: Option<NaiveDateTime>,
    pub tasks: Vec<RawTask>,
    pub problems: Vec<Problem>,
    /// The same workbook read as the report of each other month it holds sheets of (a year
    /// workbook with one sheet per month); `consolidate` picks the month it consolidates
    /// with [`AgencyReport::for_period`].
    pub alternatives: Vec<AgencyReport>,
}

/// A folder entry that is not a readable report.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFile {
    pub file: String,
    /// `Unreadable` or `Ignored`.
    pub role: FileRole,
    /// Vietnamese.
    pub message: String,
}

/// Everything read from the inputs folder, in file-name order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ingested {
    pub reports: Vec<AgencyReport>,
    pub skipped: Vec<SkippedFile>,
}

/// A text line of the title block or footer, with where it stands.
#[derive(Debug, Clone)]
struct Line {
    sheet: String,
    row: usize,
    col: usize,
    text: String,
}

/// Builds the report of one workbook from its sheets (any format, already gridded).
///
/// A workbook holding sheets of several months is read once per month (see
/// [`super::month_sheets`]): the returned report is the latest month's reading, the other
/// months' readings are in `alternatives`.
pub fn build_report(
    file: &str,
    modified: Option<NaiveDateTime>,
    sheets: &[SheetGrid],
    config: &Config,
    matcher: &AgencyMatcher,
) -> AgencyReport {
    let inferred = infer_legacy_fonts(sheets);
    let sheets: &[SheetGrid] = inferred.as_deref().unwrap_or(sheets);
    let outcomes: Vec<SheetOutcome> = sheets.par_iter().map(|g| table::read_sheet(g, file)).collect();
    let mut reasons = Vec::new();
    let mut found = Vec::new();
    for (grid, outcome) in sheets.iter().zip(outcomes) {
        match outcome {
            SheetOutcome::Table(t) => found.push((grid, t)),
            SheetOutcome::NoTable { reason } => reasons.push(format!("«{}»: {reason}", grid.name)),
        }
    }
    if found.is_empty() {
        let detail =
            if reasons.is_empty() { "tệp không có trang tính nào".to_string() } else { reasons.join("; ") };
        let mut report = empty_report(file, modified);
        report.refusal = Some(format!("không tìm thấy bảng nhiệm vụ ({detail})"));
        return report;
    }
    let year = year_hint(file, modified, &found);
    let mut months: Vec<Option<SheetMonth>> =
        found.iter().map(|(g, t)| sheet_month(g, t.header.row, year, false)).collect();
    // A title copied from sheet to sheet without its month updated (`T5` and `T6` both
    // titled `THÁNG 5`): the sheets' names say which month each is.
    let named: Vec<Option<Period>> = found.iter().map(|(g, _)| name_month(g, year)).collect();
    let copied_title = (0..found.len()).any(|i| {
        (0..i).any(|j| {
            named[i].is_some() && named[j].is_some() && named[i] != named[j] && months[i].is_some() && {
                months[i].map(|m| m.period) == months[j].map(|m| m.period)
            }
        })
    });
    if copied_title {
        months = found.iter().map(|(g, t)| sheet_month(g, t.header.row, year, true)).collect();
    }
    let index_sheets: Vec<bool> = found.iter().map(|(g, _)| table::sheet_index(&g.name).is_some()).collect();
    let groups = month_sheets::group_by_month(&months, &index_sheets);
    let mut readings: Vec<AgencyReport> =
        groups.iter().map(|g| read_month_group(file, modified, sheets, &found, &groups, g, config, matcher)).collect();
    // A month's sheet left blank (a year workbook's months to come) is no report of it.
    if readings.iter().any(|r| !r.tasks.is_empty()) {
        readings.retain(|r| !r.tasks.is_empty());
    }
    // The latest month, but not one starting after the date its report states: a sheet of
    // next month's tasks (`Tháng 6/2023`, undated) does not make a May report a June one.
    let stated_date = {
        let title: Vec<Line> = found.iter().flat_map(|(g, t)| lines(g, 0, t.header.row)).collect();
        let footer: Vec<Line> = found.iter().flat_map(|(g, t)| lines(g, t.end_row, g.rows.len())).collect();
        find_report_date(sheets, &title, &footer)
    };
    let main = readings
        .iter()
        .rposition(|r| {
            let date = if r.report_date_from_file_time { stated_date } else { r.report_date.or(stated_date) };
            match (r.period, date) {
                (Some(p), Some(d)) => p.first_day() <= d,
                _ => true,
            }
        })
        .unwrap_or(readings.len() - 1);
    let mut report = readings.remove(main);
    report.alternatives = readings;
    report
}

fn empty_report(file: &str, modified: Option<NaiveDateTime>) -> AgencyReport {
    AgencyReport {
        file: file.to_string(),
        agency: None,
        refusal: None,
        period: None,
        report_date: None,
        report_date_from_file_time: false,
        modified,
        tasks: Vec::new(),
        problems: Vec::new(),
        alternatives: Vec::new(),
    }
}

/// The year of sheets named by month alone (`T5`, `Tháng 5`): the latest year of a month
/// stated in the workbook, else a year in a title line (`NĂM 2023`, the place-date line),
/// else in the file name, else the file's modification year.
fn year_hint(file: &str, modified: Option<NaiveDateTime>, found: &[(&SheetGrid, table::SheetTable)]) -> Option<i32> {
    let stated = found
        .iter()
        .filter_map(|(g, t)| {
            period_in_lines(&lines(g, 0, t.header.row)).or_else(|| match month_sheets::sheet_name_month(&g.name) {
                Some(NamedMonth::Full(p)) => Some(p),
                _ => None,
            })
        })
        .map(|p| p.year())
        .max();
    let year_in = |text: &str| {
        normalize::text::key(text)
            .split(' ')
            .filter(|t| t.len() == 4)
            .filter_map(|t| t.parse::<i32>().ok())
            .find(|y| (2000..=2100).contains(y))
    };
    stated
        .or_else(|| found.iter().flat_map(|(g, t)| lines(g, 0, t.header.row)).find_map(|l| year_in(&l.text)))
        .or_else(|| year_in(file))
        .or_else(|| modified.map(|m| m.year()))
}

/// The month a task sheet is about: its title line's month and year, else its name's
/// (`T5-2023`), else a title line's month without year (`BÁO CÁO THÁNG 5`), else its
/// name's (`T5`); a month without year is in the workbook's year. With `name_first`, the
/// name's month comes before the title's.
fn sheet_month(grid: &SheetGrid, header_row: usize, year: Option<i32>, name_first: bool) -> Option<SheetMonth> {
    let name_plan = month_sheets::names_a_plan(&grid.name);
    if name_first {
        if let Some(period) = name_month(grid, year) {
            return Some(SheetMonth { period, plan: name_plan });
        }
    }
    let title = lines(grid, 0, header_row);
    let titles = || title.iter().filter(|l| is_period_line(&l.text));
    if let Some((period, line)) = titles().find_map(|l| normalize::date::parse_period(&l.text).map(|p| (p, l))) {
        return Some(SheetMonth { period, plan: month_sheets::names_a_plan(&line.text) || name_plan });
    }
    let named = sheet_name_month(grid);
    if let Some(NamedMonth::Full(period)) = named {
        return Some(SheetMonth { period, plan: name_plan });
    }
    if let Some((m, line)) = titles().find_map(|l| month_sheets::title_line_month(&l.text).map(|m| (m, l))) {
        // A month stated with its year needs no year from elsewhere.
        let period = m.in_year(year.unwrap_or(0))?;
        return Some(SheetMonth { period, plan: month_sheets::names_a_plan(&line.text) || name_plan });
    }
    Some(SheetMonth { period: named?.in_year(year.unwrap_or(0))?, plan: name_plan })
}

fn sheet_name_month(grid: &SheetGrid) -> Option<NamedMonth> {
    normalize::date::parse_period(&grid.name)
        .map(NamedMonth::Full)
        .or_else(|| month_sheets::sheet_name_month(&grid.name))
}

/// The month a sheet's name names, in the workbook's year when it gives none.
fn name_month(grid: &SheetGrid, year: Option<i32>) -> Option<Period> {
    sheet_name_month(grid)?.in_year(year.unwrap_or(0))
}

/// One month's reading of a workbook: its sheets' tasks, and the title block, footer,
/// agency, period and report date of those sheets only (a year workbook's June sheet has
/// its own place-date line).
#[allow(clippy::too_many_arguments)]
fn read_month_group(
    file: &str,
    modified: Option<NaiveDateTime>,
    sheets: &[SheetGrid],
    found: &[(&SheetGrid, table::SheetTable)],
    groups: &[MonthGroup],
    group: &MonthGroup,
    config: &Config,
    matcher: &AgencyMatcher,
) -> AgencyReport {
    let mut report = empty_report(file, modified);
    if let Some(this) = group.period {
        for (i, (grid, _)) in found.iter().enumerate() {
            if group.sheets.contains(&i) {
                continue;
            }
            let Some(home) = groups.iter().find(|g| g.sheets.contains(&i)).and_then(|g| g.period) else {
                report.problems.push(problem(
                    file,
                    Some(&grid.name),
                    None,
                    Severity::Info,
                    "trang tính không ghi tháng nào, trong khi tệp có trang tính của nhiều tháng: không đọc \
                     (không rõ thuộc tháng nào)"
                        .into(),
                ));
                continue;
            };
            report.problems.push(problem(
                file,
                Some(&grid.name),
                None,
                Severity::Info,
                format!(
                    "trang tính thuộc báo cáo tháng {:02}/{}, không phải tháng {:02}/{}: không đọc cho tháng {:02}/{}",
                    home.month(),
                    home.year(),
                    this.month(),
                    this.year(),
                    this.month(),
                    this.year()
                ),
            ));
        }
    }
    let mut title = Vec::new();
    let mut footer = Vec::new();
    let mut kept_tasks: Vec<(&str, Vec<String>)> = Vec::new();
    for &i in &group.sheets {
        let Some((grid, t)) = found.get(i) else { continue };
        let signature: Vec<String> = t.tasks.iter().map(|task| normalize::text::key(&task.task)).collect();
        if let Some((twin, _)) = kept_tasks.iter().find(|(_, sig)| !signature.is_empty() && *sig == signature) {
            report.problems.push(problem(
                file,
                Some(&grid.name),
                None,
                Severity::Warning,
                format!("trang tính trùng nội dung với trang «{twin}» (bản sao): không đọc lại để khỏi tính hai lần"),
            ));
            continue;
        }
        kept_tasks.push((grid.name.as_str(), signature));
        if grid.hidden {
            report.problems.push(problem(
                file,
                Some(&grid.name),
                None,
                Severity::Info,
                "trang tính đang ẩn nhưng có bảng nhiệm vụ: vẫn được đọc".into(),
            ));
        }
        title.extend(lines(grid, 0, t.header.row));
        footer.extend(lines(grid, t.end_row, grid.rows.len()));
        report.tasks.extend(t.tasks.iter().cloned());
        report.problems.extend(t.problems.iter().cloned());
    }
    if report.tasks.is_empty() {
        report.problems.push(problem(
            file,
            None,
            None,
            Severity::Warning,
            "bảng nhiệm vụ không có dòng nhiệm vụ nào".into(),
        ));
    }
    // A month's sheet whose title block names no agency (`BÁO CÁO THÁNG 5` alone) is the
    // agency's that the workbook's other title blocks name.
    let workbook_title: Vec<Line> = found.iter().flat_map(|(g, t)| lines(g, 0, t.header.row)).collect();
    // A returned form says exactly whose and which month it is.
    let form = super::form::identity(sheets, config);
    let (agency, refusal, agency_problems) = match &form {
        Some(f) => (Some(f.agency), None, Vec::new()),
        None => identify_agency(file, sheets, &[&title, &workbook_title], &config.agencies, &config.province, matcher),
    };
    if form.is_some() {
        super::form::own_index_and_area(&mut report.tasks, sheets);
    }
    report.agency = agency;
    report.refusal = refusal;
    report.problems.extend(agency_problems);
    // A missing period is reported by `consolidate`, which knows the month assumed instead.
    report.period = form.map(|f| f.period).or(group.period).or_else(|| find_period(file, &title, sheets));
    if let Some(p) = report.period {
        resolve_yearless_deadlines(&mut report, p.year());
    }
    match find_report_date(sheets, &title, &footer) {
        Some(d) => report.report_date = Some(d),
        None => {
            report.report_date = modified.map(|m| m.date());
            report.report_date_from_file_time = report.report_date.is_some();
            let message = match report.report_date {
                Some(d) => format!(
                    "báo cáo không ghi ngày (dòng «…, ngày … tháng … năm …» hoặc «Ngày báo cáo»): \
                     lấy ngày sửa tệp {}",
                    d.format("%d/%m/%Y")
                ),
                None => "báo cáo không ghi ngày và không đọc được ngày sửa tệp".to_string(),
            };
            report.problems.push(problem(file, None, None, Severity::Info, message));
        }
    }
    report
}

/// Legacy text where the format gives no fonts (xls, ods, fonts lost on copy): a text cell
/// whose own signature cannot tell its encoding (a short `Chæ soá` reads as VNI and as
/// TCVN3) takes the encoding of its sheet's legacy text, else of the workbook's, recorded
/// as an inferred font. `None` when no cell needs one.
fn infer_legacy_fonts(sheets: &[SheetGrid]) -> Option<Vec<SheetGrid>> {
    let unfonted = |g: &SheetGrid| -> Vec<(usize, usize)> {
        let mut cells = Vec::new();
        for (r, row) in g.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if matches!(v, CellValue::Text(_)) && g.font(r, c).is_none() {
                    cells.push((r, c));
                }
            }
        }
        cells
    };
    let cells: Vec<Vec<(usize, usize)>> = sheets.iter().map(unfonted).collect();
    let per_sheet: Vec<Option<LegacyEncoding>> = sheets
        .iter()
        .zip(&cells)
        .map(|(g, cells)| legacy::detect_many(cells.iter().map(|&rc| raw_text(g, rc))))
        .collect();
    let book =
        legacy::detect_many(sheets.iter().zip(&cells).flat_map(|(g, cells)| cells.iter().map(|&rc| raw_text(g, rc))));
    let mut out: Option<Vec<SheetGrid>> = None;
    for (i, (grid, cells)) in sheets.iter().zip(&cells).enumerate() {
        let Some(enc) = per_sheet[i].or(book) else { continue };
        for &(r, c) in cells {
            let t = raw_text(grid, (r, c));
            if legacy::detect(t).is_none() && legacy::detect_in(t, Some(enc)) == Some(enc) {
                let grids = out.get_or_insert_with(|| sheets.to_vec());
                grids[i].fonts.insert((r as u32, c as u32), legacy::inferred_font(enc).to_string());
            }
        }
    }
    out
}

fn raw_text(g: &SheetGrid, (r, c): (usize, usize)) -> &str {
    match g.cell(r, c) {
        CellValue::Text(t) => t.as_str(),
        _ => "",
    }
}

/// Deadlines written without a year (`30/6`, `Quý II`) are read in the report's year; the
/// warning about the deadline at that row becomes a note saying so.
fn resolve_yearless_deadlines(report: &mut AgencyReport, year: i32) {
    for task in &mut report.tasks {
        let Some(Deadline::Unparsed { text }) = &task.deadline else { continue };
        let Some(date) = normalize::date::deadline_in_year(text, year) else { continue };
        let text = text.clone();
        let row = task.source.row.to_string();
        let flagged = report.problems.iter_mut().find(|p| {
            p.sheet.as_deref() == Some(task.source.sheet.as_str())
                && p.cell.as_deref().is_some_and(|c| c.trim_start_matches(|ch: char| ch.is_ascii_alphabetic()) == row)
                && p.message.starts_with("không hiểu thời hạn")
        });
        if let Some(p) = flagged {
            p.severity = Severity::Info;
            p.message =
                format!("thời hạn «{text}» không ghi năm: hiểu là {} (năm của kỳ báo cáo)", date.format("%d/%m/%Y"));
        }
        task.deadline = Some(Deadline::Date { date, text });
    }
}

fn problem(file: &str, sheet: Option<&str>, cell: Option<String>, severity: Severity, message: String) -> Problem {
    Problem { file: file.to_string(), sheet: sheet.map(str::to_string), cell, severity, message }
}

/// Text lines of rows `from..to`: every text cell, split at its line breaks. Rows from the
/// first take in the text standing above the grid (`SheetGrid::above`, a Word report's
/// title block), rows to the last the text below it.
fn lines(grid: &SheetGrid, from: usize, to: usize) -> Vec<Line> {
    let mut out = match (&grid.above, from) {
        (Some(above), 0) => grid_lines(above, 0, above.rows.len()),
        _ => Vec::new(),
    };
    out.extend(grid_lines(grid, from, to));
    if let Some(below) = grid.below.as_deref().filter(|_| to >= grid.rows.len()) {
        out.extend(grid_lines(below, 0, below.rows.len()));
    }
    out
}

fn grid_lines(grid: &SheetGrid, from: usize, to: usize) -> Vec<Line> {
    let mut out = Vec::new();
    for row in from..to.min(grid.rows.len()) {
        let width = grid.rows.get(row).map_or(0, Vec::len);
        for col in 0..width {
            let CellValue::Text(raw) = grid.cell(row, col) else {
                if let Some(text) = cell_text(grid, row, col) {
                    out.push(Line { sheet: grid.name.clone(), row, col, text });
                }
                continue;
            };
            let unicode = normalize::legacy::to_unicode(raw, grid.font(row, col));
            for part in unicode.split(['\n', '\r']) {
                let text = normalize::text::clean(part);
                if !text.is_empty() {
                    out.push(Line { sheet: grid.name.clone(), row, col, text });
                }
            }
        }
    }
    out
}

fn names(agencies: &[AgencyConfig], idx: &[usize]) -> String {
    let names: Vec<&str> = idx.iter().filter_map(|&i| agencies.get(i).map(|a| a.name.as_str())).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// Lines that name someone other than the reporting agency, and are no part of its name.
fn is_other_party(text: &str) -> bool {
    let k = normalize::text::key(text);
    k.starts_with("kinh gui")
        || k.starts_with("noi nhan")
        || k.starts_with("cong hoa xa hoi")
        || k.starts_with("doc lap tu do")
}

/// The parent authority (`UBND TỈNH LÀO CAI`), which is not the reporter; `TỈNH LÀO CAI`
/// may still end a wrapped name (`BAN QUẢN LÝ KHU KINH TẾ` / `TỈNH LÀO CAI`).
fn is_parent_authority(text: &str, province: &str) -> bool {
    let k = normalize::text::key(text);
    let pk = normalize::text::key(province);
    [format!("ubnd tinh {pk}"), format!("uy ban nhan dan tinh {pk}"), format!("tinh {pk}")].contains(&k)
}

/// Indices of the lines that name the recipients of a `Kính gửi:` written in its own cell:
/// the cells to its right on that row (and the rest of its own cell), and the `- …;` lines
/// below it.
fn recipient_lines(title: &[Line]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, l) in title.iter().enumerate() {
        if !normalize::text::key(&l.text).starts_with("kinh gui") {
            continue;
        }
        let mut listing_row = l.row;
        for (j, other) in title.iter().enumerate().skip(i + 1) {
            if other.sheet != l.sheet {
                break;
            }
            // The rest of that row, also the later lines of the same cell.
            let same_row = other.row == l.row && other.col >= l.col;
            let listed = other.row > l.row
                && other.row <= listing_row + 1
                && other.text.starts_with(['-', '+', '–', '•'])
                && other.col <= l.col + 1;
            if same_row || listed {
                out.push(j);
                listing_row = listing_row.max(other.row);
            }
        }
    }
    out
}

/// Who sent the workbook: in each title block in turn (the month's sheets', then the
/// whole workbook's) a `Đơn vị báo cáo:` line, then a title line that is a name, then a
/// name inside a title line; then the file name. Refuses when two agencies fit.
fn identify_agency(
    file: &str,
    sheets: &[SheetGrid],
    titles: &[&[Line]],
    agencies: &[AgencyConfig],
    province: &str,
    matcher: &AgencyMatcher,
) -> (Option<usize>, Option<String>, Vec<Problem>) {
    // Each title block in turn (a month's own, then the workbook's), before the file name.
    for title in titles {
        match agency_in_title(sheets, title, agencies, province, matcher) {
            Decision::Next => continue,
            Decision::Found(i) => return (Some(i), None, Vec::new()),
            Decision::Refuse(msg) => {
                let p = problem(file, None, None, Severity::Error, msg.clone());
                return (None, Some(msg), vec![p]);
            }
        }
    }
    agency_in_file_name(file, agencies, matcher)
}

/// A `Đơn vị báo cáo:` line, then title lines that are a name (one line, or a name wrapped
/// over stacked lines: see [`title_names`]), then a name inside a title line.
fn agency_in_title(
    sheets: &[SheetGrid],
    title: &[Line],
    agencies: &[AgencyConfig],
    province: &str,
    matcher: &AgencyMatcher,
) -> Decision {
    let recipients = recipient_lines(title);
    let placed: Vec<TitleLine> = title
        .iter()
        .enumerate()
        .map(|(i, l)| TitleLine {
            block: &l.sheet,
            area: line_area(sheets, l),
            text: &l.text,
            usable: !is_other_party(&l.text) && !recipients.contains(&i),
        })
        .collect();
    let named = title_names(&placed, |t| is_parent_authority(t, province), matcher);
    let candidates: Vec<&Line> = title
        .iter()
        .enumerate()
        .filter(|&(i, l)| placed[i].usable && !named.parent[i] && !is_parent_authority(&l.text, province))
        .map(|(_, l)| l)
        .collect();
    let labelled: Vec<&Line> = candidates
        .iter()
        .copied()
        .filter(|l| {
            let k = normalize::text::key(&l.text);
            (k.starts_with("don vi") || k.starts_with("co quan")) && l.text.contains(':')
        })
        .collect();
    let after_colon = |l: &Line| l.text.split_once(':').map_or(l.text.clone(), |(_, v)| v.trim().to_string());
    let stages: [Vec<AgencyMatch>; 3] = [
        labelled
            .iter()
            .map(|l| match matcher.match_name(&l.text) {
                AgencyMatch::None => matcher.find_in(&after_colon(l)),
                m => m,
            })
            .collect(),
        named.names,
        candidates.iter().map(|l| matcher.find_in(&l.text)).collect(),
    ];
    for matches in &stages {
        match decide(matches, agencies) {
            Decision::Next => continue,
            found_or_refused => return found_or_refused,
        }
    }
    Decision::Next
}

/// The cells a title line stands in: the merged range its cell starts, else the cell.
fn line_area(sheets: &[SheetGrid], line: &Line) -> Area {
    let merged = sheets
        .iter()
        .find(|g| g.name == line.sheet)
        .and_then(|g| g.merged.iter().find(|&&(r0, c0, _, _)| r0 as usize == line.row && c0 as usize == line.col));
    match merged {
        Some(&(r0, c0, r1, c1)) => {
            Area { top: r0 as usize, bottom: r1 as usize, left: c0 as usize, right: c1 as usize }
        }
        None => Area::cell(line.row, line.col),
    }
}

fn agency_in_file_name(
    file: &str,
    agencies: &[AgencyConfig],
    matcher: &AgencyMatcher,
) -> (Option<usize>, Option<String>, Vec<Problem>) {
    // The whole name: the matcher reads short codes as tokens of file names only.
    match decide(&[matcher.find_in(file)], agencies) {
        Decision::Found(i) => {
            let name = agencies.get(i).map_or("", |a| a.name.as_str());
            let p = problem(
                file,
                None,
                None,
                Severity::Info,
                format!("phần đầu báo cáo không ghi tên cơ quan: xác định là «{name}» theo tên tệp"),
            );
            (Some(i), None, vec![p])
        }
        Decision::Refuse(msg) => (None, Some(msg.clone()), vec![problem(file, None, None, Severity::Error, msg)]),
        Decision::Next => {
            let msg = "không xác định được cơ quan báo cáo: phần đầu báo cáo và tên tệp không có tên cơ quan nào \
                       trong cấu hình"
                .to_string();
            (None, Some(msg.clone()), vec![problem(file, None, None, Severity::Error, msg)])
        }
    }
}

enum Decision {
    Found(usize),
    Refuse(String),
    Next,
}

fn decide(matches: &[AgencyMatch], agencies: &[AgencyConfig]) -> Decision {
    let mut unique: Vec<usize> = Vec::new();
    let mut ambiguous: Vec<usize> = Vec::new();
    for m in matches {
        match m {
            AgencyMatch::Unique(i) if !unique.contains(i) => unique.push(*i),
            AgencyMatch::Ambiguous(v) => {
                ambiguous.extend(v.iter().filter(|i| !ambiguous.contains(i)).collect::<Vec<_>>())
            }
            _ => {}
        }
    }
    unique.sort_unstable();
    ambiguous.sort_unstable();
    match unique.as_slice() {
        [one] => Decision::Found(*one),
        [] if ambiguous.is_empty() => Decision::Next,
        [] => Decision::Refuse(format!("không xác định được cơ quan: khớp cả {}", names(agencies, &ambiguous))),
        many => Decision::Refuse(format!("không xác định được cơ quan: khớp cả {}", names(agencies, many))),
    }
}

/// The month the report is about: the first title line stating one (not the place-date
/// line, which states when it was written), then sheet names, then the file name.
fn find_period(file: &str, title: &[Line], sheets: &[SheetGrid]) -> Option<Period> {
    period_in_lines(title).or_else(|| sheets.iter().find_map(|g| normalize::date::parse_period(&g.name))).or_else(
        || {
            let stem = Path::new(file).file_stem().map_or(file.to_string(), |s| s.to_string_lossy().into_owned());
            normalize::date::parse_period(&stem)
        },
    )
}

/// The first title line stating a month, skipping place-date and `Ngày báo cáo` lines.
fn period_in_lines(title: &[Line]) -> Option<Period> {
    title.iter().filter(|l| is_period_line(&l.text)).find_map(|l| normalize::date::parse_period(&l.text))
}

/// A title line that may state the report's month: not a place-date or `Ngày báo cáo` line.
fn is_period_line(text: &str) -> bool {
    !table::is_place_date(text) && !normalize::text::key(text).starts_with("ngay bao cao")
}

/// A `Ngày báo cáo` cell (its own text or the cell to its right), else a place-date line
/// above the table, else one in the footer.
fn find_report_date(sheets: &[SheetGrid], title: &[Line], footer: &[Line]) -> Option<NaiveDate> {
    for line in title.iter().chain(footer) {
        if !normalize::text::key(&line.text).starts_with("ngay bao cao") {
            continue;
        }
        if let Some(d) = normalize::date::parse_report_date(&line.text) {
            return Some(d);
        }
        let grid = sheets
            .iter()
            .flat_map(|g| [Some(g), g.above.as_deref(), g.below.as_deref()])
            .flatten()
            .find(|g| g.name == line.sheet)?;
        let width = grid.rows.get(line.row).map_or(0, Vec::len);
        if let Some(d) = (line.col + 1..width).find_map(|c| match grid.cell(line.row, c) {
            CellValue::Date(d) => Some(*d),
            CellValue::Number(v) if (18_264.0..=73_051.0).contains(v) => {
                normalize::date::excel_serial_to_date(*v, false)
            }
            CellValue::Text(_) => cell_text(grid, line.row, c).and_then(|t| normalize::date::parse_date_text(&t)),
            _ => None,
        }) {
            return Some(d);
        }
    }
    title
        .iter()
        .chain(footer)
        .filter(|l| table::is_place_date(&l.text))
        .find_map(|l| normalize::date::parse_report_date(&l.text))
}
/// The reading a consolidation of `period` should use: the month's own reading when the
/// workbook holds one, else the workbook's main reading (which `consolidate` then calls a
/// wrong-period report, or accepts when it names no month).
impl AgencyReport {
    pub fn for_period(mut self, period: Period) -> AgencyReport {
        let alternatives = std::mem::take(&mut self.alternatives);
        if self.period == Some(period) {
            return self;
        }
        alternatives.into_iter().find(|a| a.period == Some(period)).unwrap_or(self)
    }

    /// Problems of the whole file (from reading the workbook) go in front of every reading.
    pub fn prepend_file_problems(&mut self, problems: Vec<Problem>) {
        for alt in &mut self.alternatives {
            alt.problems.splice(0..0, problems.iter().cloned());
        }
        self.problems.splice(0..0, problems);
    }
}

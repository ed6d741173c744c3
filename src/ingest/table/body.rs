//! Body walking: the rows below the header, told apart as task rows, continuation rows,
//! section and area headings, numbering, totals, footer and the start of another table.

use super::cells::{cell_text, heading_text};
use super::fields::{read_status, task_row};
use super::header::{header_cell, header_field, is_count_label, Header};
use super::row::{Body, Row};
use super::{sheet_index, Field, RawTask, SheetTable};
use crate::ingest::grid::{CellValue, SheetGrid};
use crate::model::{IndexKind, Severity};
use crate::normalize::{self, Deadline};

/// The index named in a (keyed) text, when exactly one is named.
pub fn index_in_key(k: &str) -> Option<IndexKind> {
    match indices_in_key(k).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

fn indices_in_key(k: &str) -> Vec<IndexKind> {
    let words: Vec<&str> = k.split(' ').collect();
    let has = |w: &str| normalize::text::has_phrase(&words, w);
    [
        (IndexKind::ParIndex, has("par index") || has("parindex") || has("par") || has("chi so cai cach hanh chinh")),
        (IndexKind::Sipas, has("sipas") || has("chi so hai long") || has("muc do hai long")),
        (IndexKind::Papi, has("papi") || has("hieu qua quan tri va hanh chinh cong")),
    ]
    .into_iter()
    .filter_map(|(kind, hit)| hit.then_some(kind))
    .collect()
}

const FOOTER_PREFIXES: &[&str] = &[
    "nguoi lap bieu",
    "nguoi lap",
    "nguoi tong hop",
    "nguoi bao cao",
    "thu truong",
    "noi nhan",
    "ky ghi ro ho ten",
    "ky ten",
    "ky dong dau",
    "ky ho ten",
    "xac nhan cua",
    "ngay bao cao",
    "tm ubnd",
    "tm uy ban",
];

/// Signers' titles: only a short cell counts (a task may start with `Giám đốc Sở…`).
const SIGNER_TITLES: &[&str] = &[
    "giam doc",
    "pho giam doc",
    "kt giam doc",
    "chu tich",
    "pho chu tich",
    "kt chu tich",
    "chanh van phong",
    "truong phong",
    "truong ban",
    "chanh thanh tra",
];

fn is_footer_text(text: &str) -> bool {
    let k = normalize::text::key(text);
    if FOOTER_PREFIXES.iter().any(|p| k.starts_with(p)) {
        return true;
    }
    if k.starts_with("ghi chu") && text.contains(':') {
        return true;
    }
    if k.len() <= 30 && SIGNER_TITLES.iter().any(|t| k.starts_with(t)) {
        return true;
    }
    is_place_date(text)
}

/// `Bảo Thắng, ngày 18 tháng 5 năm 2023`.
/// Also a bare `ngày 18 tháng 5 năm 2023` (the place in another cell).
pub fn is_place_date(text: &str) -> bool {
    let k = normalize::text::key(text);
    // The place is a short name: `Thực hiện Công văn số 45/SNV, ngày 10/4/2023 …` is not.
    let after_place = text.find(',').is_some_and(|pos| {
        let place = &text[..pos];
        pos <= 60
            && place.split_whitespace().count() <= 6
            && !place.chars().any(|c| c.is_ascii_digit())
            && text.get(pos + 1..).is_some_and(|rest| normalize::text::key(rest).starts_with("ngay "))
    });
    let bare = k.strip_prefix("ngay ").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        && k.contains(" thang ");
    (after_place || bare) && normalize::date::parse_report_date(text).is_some()
}

/// `(1) (2) (3)` or `1 2 3 4` under the header.
fn is_numbering_row(grid: &SheetGrid, row: usize) -> bool {
    let Some(cells) = grid.rows.get(row) else { return false };
    let mut count = 0;
    for (col, cell) in cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let Some(t) = cell_text(grid, row, col) else { return false };
        let inner = t.trim_start_matches('(').trim_end_matches(')');
        let ok = (inner.len() <= 3 && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()))
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
            || inner.chars().all(|c| c.is_ascii_digit() || "=+-*x/ ".contains(c)) && inner.len() <= 12;
        if !ok {
            return false;
        }
        count += 1;
    }
    count >= 2
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| "IVXL".contains(c))
}

/// A numbering like `I`, `II.`, `A`, `1`, `1.2.`, `a)`, `-`.
fn is_numbering(s: &str) -> bool {
    if ["-", "+", "*", "•"].contains(&s.trim()) {
        return true;
    }
    let t = s.trim().trim_end_matches(['.', ')', ':', '/']);
    if t.is_empty() {
        return false;
    }
    is_roman(t)
        || (t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic()))
        || t.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Splits a leading numbering off a heading: `1. Công tác…` → `Công tác…`.
fn strip_numbering(text: &str) -> &str {
    let t = text.trim();
    if let Some((first, rest)) = t.split_once(|c: char| c.is_whitespace() || c == '.' || c == ')' || c == ':') {
        let sep_len = t.len() - first.len() - rest.len();
        let token = &t[..first.len() + sep_len];
        if !first.is_empty() && is_numbering(token) && !rest.trim().is_empty() {
            return strip_numbering(rest.trim_start_matches(['.', ')', ':', '-', ' ']));
        }
    }
    t
}

/// Labels in front of a numbered area heading.
const AREA_LABELS: &[&str] = &[
    "truc noi dung",
    "noi dung thanh phan",
    "tieu chi thanh phan",
    "chi so thanh phan",
    "linh vuc",
    "tieu chi",
    "noi dung",
    "yeu to",
    "nhom",
];

/// `Trục nội dung 5: Thủ tục hành chính công` → `Thủ tục hành chính công`; also
/// `Tiêu chí 2.1 Công khai`, `Lĩnh vực II - Cải cách thể chế`, `Nội dung thành phần 3: …`.
/// A label without a number (`Lĩnh vực cải cách thể chế`) is kept whole.
fn strip_area_label(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    for label in AREA_LABELS {
        let n = label.split(' ').count();
        let (Some(head), Some(number)) = (words.get(..n), words.get(n)) else { continue };
        if normalize::text::key(&head.join(" ")) != *label {
            continue;
        }
        // The number may carry its separator (`5:`, `2.1.`) or stand before it (`5 :`).
        let token = number.trim_end_matches([':', '.', ')', '-', ',']);
        let numbered = !token.is_empty()
            && (token.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) || is_roman(token));
        if !numbered {
            continue;
        }
        let rest = words.get(n + 1..).unwrap_or_default().join(" ");
        let name = rest.trim_start_matches([':', '.', ')', '-', '–', ' ']).trim();
        if !name.is_empty() {
            return name.to_string();
        }
    }
    text.to_string()
}

pub(super) fn read_body(grid: &SheetGrid, file: &str, header: Header) -> SheetTable {
    let mut body = Body { grid, file, problems: Vec::new() };
    let mut tasks = Vec::new();
    let mut index = sheet_index(&grid.name);
    let mut area: Option<String> = None;
    let start = header.row + header.height;
    let mut first_content = true;
    // The previous non-blank row was a task (or its continuation).
    let mut after_task = false;
    let mut end_row = grid.rows.len();
    for r in start..grid.rows.len() {
        let cells = &grid.rows[r];
        if cells.iter().all(CellValue::is_empty) {
            after_task = false;
            continue;
        }
        if std::mem::replace(&mut first_content, false) && is_numbering_row(grid, r) {
            continue;
        }
        let row = Row { grid, header: &header, row: r };
        let status = read_status(&mut body, &row);
        let dated = matches!(row.value(Field::Deadline), Some(CellValue::Date(_)));
        // Footer words are looked for only where they could end the table (no status, no
        // date): reading every task row's text again costs the most on big sheets.
        let footer = status.is_none()
            && !dated
            && (0..cells.len()).any(|c| cell_text(grid, r, c).is_some_and(|t| is_footer_text(&t)));
        if footer || is_new_table(grid, r) {
            end_row = r;
            break;
        }
        let stateful =
            [Field::Deadline, Field::Status, Field::CompletedOn, Field::Progress].iter().any(|&f| row.present(f))
                || header.columns.iter().any(|&(c, f)| matches!(f, Field::XMark(_)) && !grid.cell(r, c).is_empty());
        let detailed = [Field::Result, Field::Issues, Field::Proposals].iter().any(|&f| row.present(f));
        if let Some(v) = row.text(Field::Index) {
            if let Some(ix) = index_in_key(&normalize::text::key(&v)) {
                index = Some(ix);
            }
        }
        if let Some(v) = row.text(Field::Area) {
            area = Some(strip_area_label(strip_numbering(&v)));
        }
        // One line: a task cell wrapped by hand (Alt+Enter in a narrow column) is layout.
        let task_text = row.text(Field::Task);
        let continuing = std::mem::replace(&mut after_task, false);
        if !stateful && !detailed {
            if let (true, Some(prev), Some(more)) = (continuing, tasks.last_mut(), continuation(grid, &header, r)) {
                let prev: &mut RawTask = prev;
                prev.task = format!("{} {more}", prev.task);
                after_task = true;
                continue;
            }
            section_row(grid, &header, r, &mut index, &mut area);
            continue;
        }
        let Some(task_text) = task_text else {
            if status.is_none() && lone_heading(grid, r) {
                section_row(grid, &header, r, &mut index, &mut area);
                continue;
            }
            body.problem(
                row.cell(Field::Task),
                Severity::Warning,
                "dòng có thời hạn/tình trạng nhưng không có nội dung nhiệm vụ: bỏ qua".into(),
            );
            continue;
        };
        let tk = normalize::text::key(&task_text);
        // Totals rows, and the header repeated on every printed page.
        if is_repeated_header(grid, &header, r)
            || tk.starts_with("tong cong")
            || tk.starts_with("tong so")
            || tk == "cong"
            || tk == "tong"
        {
            continue;
        }
        tasks.push(task_row(&mut body, &row, task_text, status, index, area.clone()));
        after_task = true;
    }
    SheetTable { header, end_row, tasks, problems: body.problems }
}

/// The header repeated on a printed page: the task cell and every other filled cell repeat
/// the header's label of their column (its very text, or a wording of the same field). A
/// task whose text starts with the task column's own word (`Nhiệm vụ số 1`, `Nhiệm vụ 2:
/// …`) has data in the other columns, so it is not one.
fn is_repeated_header(grid: &SheetGrid, header: &Header, r: usize) -> bool {
    let Some(task_col) = header.column(Field::Task) else { return false };
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let mut task_repeated = false;
    for c in (0..width).filter(|&c| !grid.cell(r, c).is_empty()) {
        let Some(text) = cell_text(grid, r, c) else { return false };
        let k = normalize::text::key(&text);
        let literal = (0..header.height)
            .any(|h| header_cell(grid, header.row + h, c).0.is_some_and(|l| normalize::text::key(&l) == k));
        let same_field = header.columns.iter().any(|&(col, f)| col == c && header_field(&text) == Some(f));
        if !(literal || same_field) {
            return false;
        }
        task_repeated |= c == task_col;
    }
    task_repeated
}

/// A heading typed into whatever column comes first (`I. CHỈ SỐ PAR INDEX` landing in a
/// status or deadline column): the row's only cell, text with words, not a mark, a
/// percentage or a date.
fn lone_heading(grid: &SheetGrid, r: usize) -> bool {
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let mut filled = (0..width).filter(|&c| !grid.cell(r, c).is_empty());
    let (Some(c), None) = (filled.next(), filled.next()) else { return false };
    let Some(t) = (matches!(grid.cell(r, c), CellValue::Text(_))).then(|| cell_text(grid, r, c)).flatten() else {
        return false;
    };
    t.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
        && !normalize::status::is_mark(&t)
        && normalize::status::percent_from_text(&t).is_none()
        && !matches!(normalize::date::parse_deadline_text(&t), Some(Deadline::Date { .. } | Deadline::Recurring { .. }))
}

/// The header of another table below the task table (counts per index or status): a
/// count label (`Tổng số`) among three or more header labels, no date, and no task
/// header (a task header is the task table's own header repeated on a printed page).
fn is_new_table(grid: &SheetGrid, r: usize) -> bool {
    // A date anywhere means a data row; checked first, before any text is normalized.
    if grid.rows.get(r).is_some_and(|cells| cells.iter().any(|v| matches!(v, CellValue::Date(_)))) {
        return false;
    }
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let mut labels = 0;
    let mut counts = false;
    for c in 0..width {
        match grid.cell(r, c) {
            CellValue::Date(_) => return false,
            CellValue::Text(_) => {
                let Some(t) = cell_text(grid, r, c) else { continue };
                match header_field(&t) {
                    Some(Field::Task) => return false,
                    Some(_) => labels += 1,
                    None if is_count_label(&t) => {
                        labels += 1;
                        counts = true;
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    counts && labels >= 3
}

/// The rest of a task's text wrapped onto the next row by hand: only the task cell is
/// filled, and it starts with a lowercase letter (a heading starts with a capital or a
/// number). *Decision*: appended to the task above with a space.
fn continuation(grid: &SheetGrid, header: &Header, r: usize) -> Option<String> {
    let task_col = header.column(Field::Task)?;
    let width = grid.rows.get(r).map_or(0, Vec::len);
    if (0..width).any(|c| c != task_col && !grid.cell(r, c).is_empty()) {
        return None;
    }
    let text = cell_text(grid, r, task_col)?;
    text.chars().next().is_some_and(char::is_lowercase).then_some(text)
}

/// A row with text but no task data: sets the index (`II. SIPAS`) or the area
/// (`1. Công tác chỉ đạo, điều hành CCHC`) of the rows below.
fn section_row(grid: &SheetGrid, header: &Header, r: usize, index: &mut Option<IndexKind>, area: &mut Option<String>) {
    let seq = header.column(Field::Seq);
    let width = grid.rows.get(r).map_or(0, Vec::len);
    let heading = (0..width)
        .filter_map(|c| heading_text(grid, r, c).map(|t| (c, t)))
        .find(|(c, t)| !(Some(*c) == seq && is_numbering(t)));
    let Some((_, heading)) = heading else { return };
    let heading = strip_numbering(&heading).to_string();
    let k = normalize::text::key(&heading);
    let indices = indices_in_key(&k);
    if let [ix] = indices.as_slice() {
        *index = Some(*ix);
        *area = None;
    } else if indices.is_empty() && !k.is_empty() && !k.starts_with("tong cong") && !k.starts_with("tong so") {
        // Totals rows without figures and headings naming several indices set nothing.
        *area = Some(strip_area_label(&heading));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering() {
        for s in ["I", "II.", "IV", "A", "a)", "1", "1.", "1.2", "1.2.3", "-", "+"] {
            assert!(is_numbering(s), "{s}");
        }
        for s in ["Công tác", "12345", "1.a", "Xã"] {
            assert!(!is_numbering(s), "{s}");
        }
        assert_eq!(strip_numbering("1. Công tác chỉ đạo"), "Công tác chỉ đạo");
        assert_eq!(strip_numbering("II. SIPAS"), "SIPAS");
        assert_eq!(strip_numbering("1.2) Cải cách"), "Cải cách");
        assert_eq!(strip_numbering("Cải cách thể chế"), "Cải cách thể chế");
        assert_eq!(strip_numbering("I"), "I");
    }
}

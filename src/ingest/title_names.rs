//! Agency names in a title block, also when wrapped over several lines.
//!
//! Decree 30 header layout breaks a long authority name over two or three centred lines
//! (`SỞ KẾ HOẠCH` / `VÀ ĐẦU TƯ`, `UBND HUYỆN` / `BẢO THẮNG`, `BAN QUẢN LÝ KHU KINH TẾ` /
//! `TỈNH LÀO CAI`), under the parent authority (`UBND TỈNH LÀO CAI`). Lines stacked one
//! under the other (the lines of one cell, or cells of consecutive rows whose columns or
//! merged ranges overlap) are joined and matched as one name. It works on lines of text
//! with where they stand, so a workbook's title rows and a Word report's title paragraphs
//! are read alike.
//!
//! *Decisions*: a name found over several lines supersedes the names found in its parts
//! (`SỞ VĂN HÓA` / `VÀ THỂ THAO` is Sở Văn hóa và Thể thao even when `Sở Văn hóa` is an
//! alias of someone); lines that together name the parent authority (`UBND TỈNH` /
//! `LÀO CAI`) are never read as an agency; names found apart from each other are all
//! returned, so two agencies still make the caller refuse to guess.

use crate::normalize::{AgencyMatch, AgencyMatcher};

/// The cells a line's text stands in: a merged range, or its cell alone (0-based,
/// inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub top: usize,
    pub bottom: usize,
    pub left: usize,
    pub right: usize,
}

impl Area {
    pub fn cell(row: usize, col: usize) -> Area {
        Area { top: row, bottom: row, left: col, right: col }
    }
}

/// One line of a title block. The lines of one cell (split at its line breaks) come one
/// after the other, in order, as `report::lines` gives them.
#[derive(Debug, Clone, Copy)]
pub struct TitleLine<'a> {
    /// The sheet (or the Word title block) the line is in: lines of different blocks are
    /// never joined.
    pub block: &'a str,
    pub area: Area,
    pub text: &'a str,
    /// `false` for a line that can be no part of the reporter's name (`Kính gửi`, the
    /// national motto): it breaks a wrapped name.
    pub usable: bool,
}

/// What the title block names.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleNames {
    /// The agencies named by a line or by lines wrapped together, one entry per name found
    /// (none found: empty).
    pub names: Vec<AgencyMatch>,
    /// Per line: it is the parent authority, alone or wrapped with its neighbours.
    pub parent: Vec<bool>,
}

/// At most this many lines make one name (`SỞ LAO ĐỘNG -` / `THƯƠNG BINH` / `VÀ XÃ HỘI`
/// is three).
const MAX_LINES: usize = 4;
/// A line longer than this is a sentence, not part of a wrapped name.
const MAX_LINE_CHARS: usize = 80;
/// Bound on the joined texts tried, whatever the title block holds.
const MAX_SPANS: usize = 20_000;

/// The names exact in the title lines (see [`AgencyMatcher::match_name`]), each line alone
/// or joined with the lines stacked below it; `is_parent` tells the parent authority's
/// lines (`UBND TỈNH LÀO CAI`).
pub fn title_names(lines: &[TitleLine], is_parent: impl Fn(&str) -> bool, matcher: &AgencyMatcher) -> TitleNames {
    let spans = spans(lines);
    let joined = |span: &[usize]| span.iter().map(|&i| lines[i].text).collect::<Vec<_>>().join(" ");
    let mut parent = vec![false; lines.len()];
    let mut parent_spans: Vec<&[usize]> = Vec::new();
    let mut found: Vec<(&[usize], AgencyMatch)> = Vec::new();
    for span in &spans {
        let text = joined(span);
        if is_parent(&text) {
            for &i in span {
                parent[i] = true;
            }
            parent_spans.push(span);
            continue;
        }
        match matcher.match_name(&text) {
            AgencyMatch::None => {}
            m => found.push((span, m)),
        }
    }
    let within = |a: &[usize], b: &[usize]| a.len() < b.len() && a.iter().all(|i| b.contains(i));
    let names = found
        .iter()
        .filter(|(span, _)| !parent_spans.iter().any(|p| span.iter().all(|i| p.contains(i))))
        .filter(|(span, _)| !found.iter().any(|(other, _)| within(span, other)))
        .map(|(_, m)| m.clone())
        .collect();
    TitleNames { names, parent }
}

/// Every run of 1 to [`MAX_LINES`] usable lines, each standing right below the one before.
fn spans(lines: &[TitleLine]) -> Vec<Vec<usize>> {
    let below: Vec<Vec<usize>> = (0..lines.len()).map(|i| next_lines(lines, i)).collect();
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut stack: Vec<Vec<usize>> = (0..lines.len()).filter(|&i| lines[i].usable).map(|i| vec![i]).collect();
    stack.reverse();
    while let Some(span) = stack.pop() {
        if out.len() >= MAX_SPANS {
            break;
        }
        let last = span[span.len() - 1];
        if span.len() < MAX_LINES && lines[last].text.chars().count() <= MAX_LINE_CHARS {
            for &j in below[last].iter().rev() {
                if lines[j].usable && lines[j].text.chars().count() <= MAX_LINE_CHARS {
                    let mut longer = span.clone();
                    longer.push(j);
                    stack.push(longer);
                }
            }
        }
        out.push(span);
    }
    out
}

/// The lines that continue line `i`: the next line of its cell, else (from its cell's last
/// line) the first line of each cell right below whose columns overlap its own.
fn next_lines(lines: &[TitleLine], i: usize) -> Vec<usize> {
    let same_cell = |a: &TitleLine, b: &TitleLine| a.block == b.block && a.area == b.area;
    let l = &lines[i];
    if lines.get(i + 1).is_some_and(|n| same_cell(l, n)) {
        return vec![i + 1];
    }
    (0..lines.len())
        .filter(|&j| {
            let n = &lines[j];
            let first_of_cell = j == 0 || !same_cell(&lines[j - 1], n);
            first_of_cell
                && n.block == l.block
                && n.area.top == l.area.bottom + 1
                && n.area.left <= l.area.right
                && l.area.left <= n.area.right
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn line(row: usize, left: usize, right: usize, text: &str) -> TitleLine<'_> {
        TitleLine { block: "Sheet1", area: Area { top: row, bottom: row, left, right }, text, usable: true }
    }

    #[test]
    fn runs_follow_cells_and_overlapping_columns() {
        let lines = [
            line(0, 0, 2, "A"),
            line(1, 1, 1, "B"),
            line(1, 1, 1, "C"),
            line(1, 4, 6, "X"),
            line(2, 0, 0, "D"),
            line(2, 1, 1, "E"),
            line(2, 5, 5, "Y"),
        ];
        let texts: Vec<String> =
            spans(&lines).iter().map(|s| s.iter().map(|&i| lines[i].text).collect::<String>()).collect();
        for want in ["A", "AB", "ABC", "ABCE", "BC", "BCE", "CE", "XY", "D", "E", "Y"] {
            assert!(texts.contains(&want.to_string()), "{want} in {texts:?}");
        }
        // Not the first line of its cell, not a column apart, not two rows down.
        for not in ["AC", "AD", "BCD", "AX", "XE", "AE", "DY"] {
            assert!(!texts.contains(&not.to_string()), "{not} in {texts:?}");
        }
    }

    #[test]
    fn the_parent_wrapped_is_never_an_agency() {
        // With `Lào Cai` an alias of the city, the parent's second line alone would name it.
        let mut config = Config::default_config();
        let city = config.agencies.iter_mut().find(|a| a.name == "Thành phố Lào Cai").unwrap();
        city.aliases.push("Lào Cai".into());
        let m = AgencyMatcher::new(&config.agencies);
        assert_eq!(
            m.match_name("LÀO CAI"),
            AgencyMatch::Unique(config.agencies.iter().position(|a| a.name == "Thành phố Lào Cai").unwrap())
        );
        let lines = [line(0, 0, 0, "UBND TỈNH"), line(1, 0, 0, "LÀO CAI")];
        let names = title_names(&lines, |t| crate::normalize::text::key(t) == "ubnd tinh lao cai", &m);
        assert_eq!(names, TitleNames { names: vec![], parent: vec![true, true] });
    }
}

//! Workbooks holding more than one month (docs/domain.md, "Other shapes agencies really
//! send"): a year workbook with one sheet per month (`T1` … `T12`, `Tháng 5`, `T5-2023`,
//! `05-2023`), an old month kept beside the new one, next month's plan on its own sheet.
//!
//! Each sheet with a task table gets the month it is about (its title line, else its
//! name); the sheets are then grouped into one report per month, and the workbook is read
//! once per month it holds. `consolidate` takes the reading of the month it consolidates
//! ([`AgencyReport::for_period`]), so a year workbook is never a "wrong period" report as
//! long as one of its sheets is of that month.

use crate::model::Period;
use crate::normalize;

/// The month a sheet name names, with its year when the name gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedMonth {
    Full(Period),
    /// `T5`, `Tháng 5`: the year comes from the rest of the workbook.
    MonthOnly(u32),
}

impl NamedMonth {
    pub fn in_year(self, year: i32) -> Option<Period> {
        match self {
            NamedMonth::Full(p) => Some(p),
            NamedMonth::MonthOnly(m) => Period::new(year, m),
        }
    }
}

/// Words before a month that make it a deadline or a range, not the sheet's month
/// (`Trước T6`, `Đến tháng 6`).
const LEAD_WORDS: &[&str] = &["truoc", "han", "den", "tu", "sau", "het", "cuoi", "nhat"];

/// The month a sheet name names: `T5`, `T05`, `Tháng 5`, `Thang5`, `T5-2023`, `T5.2023`,
/// `T5 2023`, `Tháng 05/2023`, `Tháng 5 năm 2023`, `05-2023`, `5/2023`, `2023-05`, also
/// inside a longer name (`BC T5`, `Báo cáo tháng 5`). `None` for anything else (`Sheet1`,
/// `PAR INDEX`, `Biểu 2`) and for a name of two months (`Tổng hợp T1-T6`).
pub fn sheet_name_month(name: &str) -> Option<NamedMonth> {
    let k = normalize::text::key(name);
    let toks: Vec<&str> = k.split(' ').filter(|t| !t.is_empty()).collect();
    month_words(&toks).or_else(|| {
        // Bare numbers: `05-2023`, `5/2023`, `2023-05`, `2023.5`.
        toks.windows(2).find_map(|w| {
            let (m, y) = match (month(w[0]), year(w[1]), year(w[0]), month(w[1])) {
                (Some(m), Some(y), _, _) | (_, _, Some(y), Some(m)) => (m, y),
                _ => return None,
            };
            Period::new(y, m).map(NamedMonth::Full)
        })
    })
}

/// The month a report title line names in words when it gives no year (`BÁO CÁO THÁNG 5`,
/// `Kết quả thực hiện tháng 5`): only lines that open as a report or plan title do, so a
/// deadline or a date inside a sentence is never taken for the month.
pub fn title_line_month(line: &str) -> Option<NamedMonth> {
    let k = normalize::text::key(line);
    let opens = ["bao cao", "ket qua", "tinh hinh", "thang ", "ky bao cao", "nhiem vu", "ke hoach", "phuong huong"];
    if !opens.iter().any(|o| k.starts_with(o)) {
        return None;
    }
    let toks: Vec<&str> = k.split(' ').filter(|t| !t.is_empty()).collect();
    month_words(&toks)
}

fn number(t: &str) -> Option<u32> {
    (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

fn month(t: &str) -> Option<u32> {
    number(t).filter(|m| (1..=12).contains(m) && t.len() <= 2)
}

fn year(t: &str) -> Option<i32> {
    number(t).filter(|y| (2000..=2100).contains(y)).map(|y| y as i32)
}

/// `tháng 5`, `tháng5`, `t5`, `t05`, with the year after it when there is one (`T5 2023`,
/// `T5-2023`, `Tháng 5 năm 2023`). `None` when the tokens name two different months.
fn month_words(toks: &[&str]) -> Option<NamedMonth> {
    let with_year = |m: u32, next: usize| -> NamedMonth {
        let y = toks
            .get(next)
            .and_then(|t| year(t))
            .or_else(|| (toks.get(next) == Some(&"nam")).then(|| toks.get(next + 1).and_then(|t| year(t))).flatten());
        match y.and_then(|y| Period::new(y, m)) {
            Some(p) => NamedMonth::Full(p),
            None => NamedMonth::MonthOnly(m),
        }
    };
    let mut found: Vec<NamedMonth> = Vec::new();
    for (i, &t) in toks.iter().enumerate() {
        // `Trước T6` is a deadline, `18 tháng 5` a date.
        if i > 0 && (LEAD_WORDS.contains(&toks[i - 1]) || number(toks[i - 1]).is_some()) {
            continue;
        }
        let glued = t.strip_prefix("thang").filter(|r| !r.is_empty()).or_else(|| t.strip_prefix('t'));
        if let Some(m) = glued.and_then(month) {
            found.push(with_year(m, i + 1));
        } else if t == "thang" {
            if let Some(m) = toks.get(i + 1).and_then(|n| month(n)) {
                found.push(with_year(m, i + 2));
            }
        }
    }
    let month_of = |n: &NamedMonth| match n {
        NamedMonth::Full(p) => p.month(),
        NamedMonth::MonthOnly(m) => *m,
    };
    let first = *found.first()?;
    found.iter().all(|n| month_of(n) == month_of(&first)).then_some(first)
}

/// A title line or sheet name that names next month's plan rather than a month's report:
/// `Nhiệm vụ trọng tâm tháng 6/2023`, `Kế hoạch tháng 6`, `Phương hướng tháng 6`. A report
/// on tasks (`Báo cáo kết quả thực hiện nhiệm vụ … tháng 6`) is not one.
pub fn names_a_plan(text: &str) -> bool {
    let padded = format!(" {} ", normalize::text::key(text));
    let has = |w: &str| padded.contains(&format!(" {w} "));
    let plan = ["nhiem vu", "ke hoach", "phuong huong", "du kien", "trong tam"].iter().any(|w| has(w));
    let report = ["bao cao", "ket qua", "tinh hinh", "danh gia"].iter().any(|w| has(w));
    plan && !report
}

/// The month a task sheet is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetMonth {
    pub period: Period,
    /// The sheet holds the tasks planned for that month (it belongs to the report of the
    /// month before), not a report on it.
    pub plan: bool,
}

/// One month's reading of a workbook: indices of the sheets (into the caller's list of
/// task sheets) that make its report, and the month (`None` when no sheet names one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGroup {
    pub period: Option<Period>,
    pub sheets: Vec<usize>,
}

/// Groups task sheets by month. A report sheet of month P makes P's group; a plan sheet of
/// P joins the group of the month before when there is one (a May report with June's
/// tasks), else makes its own. A sheet naming no month belongs to the workbook's only
/// month (sheets per index under one title); when the workbook holds several months, only
/// a sheet named by an index (`index_sheet`) belongs to each, any other (a year's summary,
/// `Tổng hợp`) to none. Groups come in month order; one group with `period: None` when no
/// sheet names a month.
pub fn group_by_month(months: &[Option<SheetMonth>], index_sheet: &[bool]) -> Vec<MonthGroup> {
    let reported: Vec<Period> = months.iter().flatten().filter(|m| !m.plan).map(|m| m.period).collect();
    let home = |m: &SheetMonth| -> Period {
        if m.plan && reported.contains(&m.period.previous()) {
            m.period.previous()
        } else {
            m.period
        }
    };
    let mut periods: Vec<Period> = months.iter().flatten().map(home).collect();
    periods.sort();
    periods.dedup();
    if periods.is_empty() {
        return vec![MonthGroup { period: None, sheets: (0..months.len()).collect() }];
    }
    let single = periods.len() == 1;
    periods
        .into_iter()
        .map(|p| MonthGroup {
            period: Some(p),
            sheets: months
                .iter()
                .enumerate()
                .filter(|(i, m)| match m {
                    Some(m) => home(m) == p,
                    None => single || index_sheet.get(*i).copied().unwrap_or(false),
                })
                .map(|(i, _)| i)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }

    #[test]
    fn month_sheet_names() {
        use NamedMonth::*;
        for (name, want) in [
            ("T1", Some(MonthOnly(1))),
            ("T12", Some(MonthOnly(12))),
            ("t05", Some(MonthOnly(5))),
            ("Tháng 5", Some(MonthOnly(5))),
            ("THANG5", Some(MonthOnly(5))),
            ("BC T6", Some(MonthOnly(6))),
            ("T5-2023", Some(Full(p(2023, 5)))),
            ("T5.2023", Some(Full(p(2023, 5)))),
            ("T5 2023", Some(Full(p(2023, 5)))),
            ("05-2023", Some(Full(p(2023, 5)))),
            ("5/2023", Some(Full(p(2023, 5)))),
            ("2023-05", Some(Full(p(2023, 5)))),
            ("Tháng 05/2023", Some(Full(p(2023, 5)))),
            ("Tháng 5 năm 2023", Some(Full(p(2023, 5)))),
            ("Sheet1", None),
            ("T13", None),
            ("PAR INDEX", None),
            ("Biểu 2", None),
            ("Trước T6", None),
            ("Tổng hợp", None),
            ("2023", None),
            ("Tổng hợp T1-T6", None),
            ("T5 (sửa)", Some(MonthOnly(5))),
            ("T5_2023", Some(Full(p(2023, 5)))),
        ] {
            assert_eq!(sheet_name_month(name), want, "{name}");
        }
        for (line, want) in [
            ("BÁO CÁO THÁNG 5", Some(MonthOnly(5))),
            ("Kết quả thực hiện tháng 6 năm 2023", Some(Full(p(2023, 6)))),
            ("Báo cáo tháng 5 và phương hướng tháng 6", None),
            ("Báo cáo 6 tháng đầu năm", None),
            ("Thực hiện Kế hoạch số 164/KH-UBND ngày 22 tháng 3 năm 2023", None),
            ("Báo cáo thực hiện Kế hoạch số 164/KH-UBND ngày 22/3/2023", None),
        ] {
            assert_eq!(title_line_month(line), want, "{line}");
        }
    }

    #[test]
    fn plans_and_reports() {
        assert!(names_a_plan("Nhiệm vụ trọng tâm tháng 6/2023"));
        assert!(names_a_plan("Nhiệm vụ T6"));
        assert!(names_a_plan("KẾ HOẠCH THÁNG 6 NĂM 2023"));
        assert!(!names_a_plan("Báo cáo kết quả thực hiện nhiệm vụ tháng 6 năm 2023"));
        assert!(!names_a_plan("T6"));
    }

    #[test]
    fn groups() {
        let r = |y, m| Some(SheetMonth { period: p(y, m), plan: false });
        let plan = |y, m| Some(SheetMonth { period: p(y, m), plan: true });
        let group = |m: Option<Period>, sheets: &[usize]| MonthGroup { period: m, sheets: sheets.to_vec() };
        // Year workbook with a summary sheet and an index sheet naming no month.
        let g = group_by_month(&[r(2023, 1), r(2023, 2), r(2023, 3), None, None], &[false, false, false, false, true]);
        assert_eq!(
            g,
            vec![group(Some(p(2023, 1)), &[0, 4]), group(Some(p(2023, 2)), &[1, 4]), group(Some(p(2023, 3)), &[2, 4])]
        );
        // May report, June's plan, a sheet naming no month.
        let g = group_by_month(&[r(2023, 5), plan(2023, 6), None], &[false; 3]);
        assert_eq!(g, vec![group(Some(p(2023, 5)), &[0, 1, 2])]);
        // A plan alone is its own month.
        assert_eq!(group_by_month(&[plan(2023, 6)], &[false]), vec![group(Some(p(2023, 6)), &[0])]);
        // No month anywhere.
        assert_eq!(group_by_month(&[None, None], &[false; 2]), vec![group(None, &[0, 1])]);
    }
}

//! Bounds on what the consolidated report lists, so it stays readable whatever the inputs
//! hold (one agency may paste 60,000 rows): the body's lists and the overdue annex show at
//! most so many items per agency and overall, then say how many they leave out. The XLSX
//! and the JSON always hold everything; only the documents are cut.
//!
//! The numbers live in the configuration (`limits:`, printed by `baocao config`); the
//! words that tell what was left out live in the template, so PDF and DOCX say the same.

use crate::model::{Problem, Severity, SourceRef};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// At most `per_agency` items of one agency and `total` items in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub per_agency: usize,
    pub total: usize,
}

/// The `limits:` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Body, II.4: overdue tasks by agency.
    pub overdue: Bound,
    /// Body, IV: tasks due in the next data period, by agency.
    pub due_next: Bound,
    /// Body, II.3: notable results.
    pub notable_results: Bound,
    /// Body, III.1: difficulties (each counted for the agency that raised it first).
    pub difficulties: Bound,
    /// Body, III.2: proposals (likewise).
    pub proposals: Bound,
    /// Annex III: the table of overdue tasks.
    pub overdue_annex: Bound,
    /// A used workbook with more tasks than this is reported as a warning: agencies have
    /// a few dozen tasks, so thousands are most likely pasted data to check with them.
    pub workbook_tasks_warning: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            overdue: Bound { per_agency: 10, total: 60 },
            due_next: Bound { per_agency: 10, total: 60 },
            notable_results: Bound { per_agency: 10, total: 10 },
            difficulties: Bound { per_agency: 5, total: 30 },
            proposals: Bound { per_agency: 5, total: 30 },
            overdue_annex: Bound { per_agency: 20, total: 200 },
            workbook_tasks_warning: 500,
        }
    }
}

impl Limits {
    /// Every bound must let at least one item through; `Err` names the key (Vietnamese).
    pub fn validate(&self) -> Result<(), String> {
        let bounds = [
            ("overdue", self.overdue),
            ("due_next", self.due_next),
            ("notable_results", self.notable_results),
            ("difficulties", self.difficulties),
            ("proposals", self.proposals),
            ("overdue_annex", self.overdue_annex),
        ];
        for (name, b) in bounds {
            if b.per_agency == 0 || b.total == 0 {
                return Err(format!("khóa «limits.{name}»: per_agency và total phải từ 1 trở lên"));
            }
        }
        if self.workbook_tasks_warning == 0 {
            return Err("khóa «limits.workbook_tasks_warning»: phải từ 1 trở lên".into());
        }
        Ok(())
    }
}

/// Counts what a bounded list has shown, per agency and overall.
#[derive(Debug)]
pub struct Budget {
    bound: Bound,
    shown: usize,
    per_agency: HashMap<String, usize>,
}

impl Budget {
    pub fn new(bound: Bound) -> Budget {
        Budget { bound, shown: 0, per_agency: HashMap::new() }
    }

    /// Whether one more item of `agency` is shown; it is counted when it is.
    pub fn admit(&mut self, agency: &str) -> bool {
        if self.shown >= self.bound.total {
            return false;
        }
        let n = match self.per_agency.get_mut(agency) {
            Some(n) => n,
            None => self.per_agency.entry(agency.to_string()).or_default(),
        };
        if *n >= self.bound.per_agency {
            return false;
        }
        *n += 1;
        self.shown += 1;
        true
    }
}

/// What a list grouped by agency leaves out beyond its last shown agency: tasks of
/// agencies that do not appear at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Hidden {
    pub items: usize,
    pub agencies: usize,
}

/// Keeps the items `budget` admits, in order; returns them and how many were left out.
/// `agency` names each item's agency.
pub fn keep_admitted<T>(
    items: impl IntoIterator<Item = T>,
    bound: Bound,
    agency: impl Fn(&T) -> &str,
) -> (Vec<T>, usize) {
    let mut budget = Budget::new(bound);
    let mut kept = Vec::new();
    let mut left_out = 0;
    for item in items {
        if budget.admit(agency(&item)) {
            kept.push(item);
        } else {
            left_out += 1;
        }
    }
    (kept, left_out)
}

/// The warning for a used workbook holding more tasks than `limits` expects; `sources`
/// are its tasks' origins. Names the sheet when the tasks stand on one sheet.
pub fn workbook_size_problem<'s>(
    file: &str,
    agency: &str,
    sources: impl IntoIterator<Item = &'s SourceRef>,
    limits: &Limits,
) -> Option<Problem> {
    let mut count = 0usize;
    let mut sheet: Option<&str> = None;
    let mut one_sheet = true;
    for s in sources {
        count += 1;
        match sheet {
            None => sheet = Some(&s.sheet),
            Some(name) if name != s.sheet => one_sheet = false,
            Some(_) => {}
        }
    }
    (count > limits.workbook_tasks_warning).then(|| Problem {
        file: file.to_string(),
        sheet: sheet.filter(|_| one_sheet).map(str::to_string),
        cell: None,
        severity: Severity::Warning,
        message: format!(
            "tệp có {count} nhiệm vụ, nhiều bất thường (quá {} nhiệm vụ một tệp): có thể đã dán nhầm dữ liệu, \
             đề nghị kiểm tra lại với {agency}; mọi nhiệm vụ vẫn được tổng hợp",
            limits.workbook_tasks_warning
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_per_agency_then_overall() {
        let items = ["A", "A", "A", "B", "B", "C", "C", "C", "D"];
        let (kept, left_out) = keep_admitted(items, Bound { per_agency: 2, total: 5 }, |a| *a);
        assert_eq!(kept, ["A", "A", "B", "B", "C"]);
        assert_eq!(left_out, 4);
        let (kept, left_out) = keep_admitted(items, Bound { per_agency: 9, total: 9 }, |a| *a);
        assert_eq!((kept.len(), left_out), (9, 0));
    }

    #[test]
    fn workbook_warning_above_the_limit_only() {
        let limits = Limits { workbook_tasks_warning: 3, ..Limits::default() };
        let src = |sheet: &str, row| SourceRef { file: "a.xlsx".into(), sheet: sheet.into(), row };
        let three = [src("S", 1), src("S", 2), src("S", 3)];
        assert_eq!(workbook_size_problem("a.xlsx", "Sở Y tế", &three, &limits), None);
        let four = [src("S", 1), src("S", 2), src("S", 3), src("S", 4)];
        let p = workbook_size_problem("a.xlsx", "Sở Y tế", &four, &limits).expect("warning");
        assert_eq!(p.sheet.as_deref(), Some("S"));
        assert_eq!(p.severity, Severity::Warning);
        assert_eq!(
            p.message,
            "tệp có 4 nhiệm vụ, nhiều bất thường (quá 3 nhiệm vụ một tệp): có thể đã dán nhầm dữ liệu, \
             đề nghị kiểm tra lại với Sở Y tế; mọi nhiệm vụ vẫn được tổng hợp"
        );
        let mixed = [src("S", 1), src("S", 2), src("T", 3), src("T", 4)];
        assert_eq!(workbook_size_problem("a.xlsx", "Sở Y tế", &mixed, &limits).unwrap().sheet, None);
    }

    #[test]
    fn zero_bounds_are_refused() {
        assert!(Limits::default().validate().is_ok());
        let bad = Limits { overdue_annex: Bound { per_agency: 0, total: 5 }, ..Limits::default() };
        assert!(bad.validate().unwrap_err().contains("limits.overdue_annex"));
    }

    /// Three agencies with three overdue tasks each, bounds smaller than that: the body
    /// list shows the first agencies partly and hides the last; the annex is cut likewise.
    #[test]
    fn month_context_cuts_grouped_lists_and_the_annex() {
        use crate::config::Config;
        use crate::model::{AgencySummary, MonthModel, Period, Submission, TaskRecord, TaskStatus};
        use crate::reports::{month_context, DocOptions};
        let mut config = Config::default_config();
        config.limits.overdue = Bound { per_agency: 2, total: 3 };
        config.limits.overdue_annex = Bound { per_agency: 1, total: 2 };
        let period: Period = "2023-05".parse().unwrap();
        let (start, end) = period.data_window(14);
        let names = ["Sở Tư pháp", "Sở Tài chính", "Sở Y tế"];
        let mut tasks = Vec::new();
        for name in names {
            for k in 1..=3 {
                tasks.push(TaskRecord {
                    agency: name.into(),
                    index: None,
                    area: None,
                    task: format!("{name} {k}"),
                    deadline: chrono::NaiveDate::from_ymd_opt(2023, 4, k),
                    deadline_text: None,
                    status: TaskStatus::Overdue,
                    completed_on: None,
                    progress_pct: None,
                    result: None,
                    issues: None,
                    proposals: None,
                    note: None,
                    source: SourceRef { file: "f.xlsx".into(), sheet: "S".into(), row: k },
                });
            }
        }
        let agencies = config
            .agencies
            .iter()
            .map(|a| {
                let mut s = AgencySummary::missing(&a.name, &a.code);
                if names.contains(&a.name.as_str()) {
                    s.submission = Submission::OnTime;
                    s.counts.overdue = 3;
                    s.total = 3;
                }
                s
            })
            .collect();
        let model = MonthModel {
            period,
            period_start: start,
            period_end: end,
            agency_due: period.day(19),
            agencies,
            tasks,
            files: vec![],
            problems: vec![],
        };
        let c = month_context(&model, &config, &DocOptions::default());
        let groups: Vec<(&str, usize, Vec<&str>, usize)> = c
            .overdue_by_agency
            .iter()
            .map(|g| (g.agency.as_str(), g.total, g.tasks.iter().map(|t| t.task.as_str()).collect(), g.more))
            .collect();
        assert_eq!(
            groups,
            vec![
                ("Sở Tư pháp", 3, vec!["Sở Tư pháp 1", "Sở Tư pháp 2"], 1),
                ("Sở Tài chính", 3, vec!["Sở Tài chính 1"], 2),
            ]
        );
        assert_eq!(c.overdue_hidden, Hidden { items: 3, agencies: 1 });
        let annex: Vec<Vec<String>> = c
            .overdue_table
            .rows
            .iter()
            .map(|r| r.iter().map(|cell| cell.lines[0].iter().map(|run| run.text.as_str()).collect()).collect())
            .collect();
        assert_eq!(
            annex,
            vec![
                vec!["1", "Sở Tư pháp", "", "Sở Tư pháp 1", "01/04/2023"],
                vec!["2", "Sở Tài chính", "", "Sở Tài chính 1", "01/04/2023"],
            ]
        );
        assert_eq!(c.overdue_table_more, 7);
    }
}

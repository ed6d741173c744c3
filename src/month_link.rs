//! Month over month: what the previous month's consolidated data says about this one.
//!
//! Runs after consolidation (which stays pure: one month's inputs in, one model out) and
//! reads earlier months only through their archived `tong-hop.json` (the current version
//! of `<output>/<YYYY-MM>/`). Tasks are matched across months by
//! [`crate::normalize::text::task_key`].

use crate::model::{IndexKind, MonthModel, Period, Submission, TaskRecord, TaskStatus};
use crate::normalize::text::task_key;
use crate::reports::rate;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Statuses of a task still to be worked on next month.
pub fn is_open(status: TaskStatus) -> bool {
    matches!(status, TaskStatus::InProgress | TaskStatus::NotStarted | TaskStatus::Overdue | TaskStatus::Recurring)
}

/// A task open in the previous month that the agency's report of this month no longer lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedTask {
    pub agency: String,
    pub task: String,
    pub index: Option<IndexKind>,
    pub deadline: Option<NaiveDate>,
    /// The deadline as written when it could not be read as a date.
    pub deadline_text: Option<String>,
    pub last_status: TaskStatus,
    pub last_month: Period,
}

/// The figures of one month the report compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthFigures {
    pub period: Period,
    pub on_time: usize,
    pub expected: usize,
    pub total: u32,
    pub completed: u32,
    /// Completed / total tasks, percent.
    pub completion_rate: f64,
    pub overdue: u32,
}

impl MonthFigures {
    pub fn of(model: &MonthModel) -> MonthFigures {
        let total = model.tasks.len() as u32;
        let completed = model.tasks.iter().filter(|t| t.status.is_completed()).count() as u32;
        MonthFigures {
            period: model.period,
            on_time: model.agencies.iter().filter(|a| a.submission == Submission::OnTime).count(),
            expected: model.agencies.len(),
            total,
            completed,
            completion_rate: rate(completed, total),
            overdue: model.tasks.iter().filter(|t| t.status == TaskStatus::Overdue).count() as u32,
        }
    }
}

/// This month against the previous one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub this: MonthFigures,
    pub last: MonthFigures,
}

/// What linking this month to the previous one gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthLink {
    /// The previous month when it was run, else `None`.
    pub previous: Option<Period>,
    pub dropped_tasks: Vec<DroppedTask>,
    pub comparison: Option<Comparison>,
}

impl MonthLink {
    /// No previous month.
    pub fn none() -> MonthLink {
        MonthLink { previous: None, dropped_tasks: Vec::new(), comparison: None }
    }
}

/// `tong-hop.json` as written: the month model plus its link to the previous month.
#[derive(Debug, Serialize)]
pub struct LinkedMonth<'a> {
    #[serde(flatten)]
    pub model: &'a MonthModel,
    pub previous: Option<Period>,
    pub dropped_tasks: &'a [DroppedTask],
}

/// Links `model` to `previous` (the month before, when it was run).
pub fn link(model: &MonthModel, previous: Option<&MonthModel>) -> MonthLink {
    let Some(prev) = previous else { return MonthLink::none() };
    let mut dropped = Vec::new();
    for agency in model.agencies.iter().filter(|a| a.submission != Submission::Missing) {
        let listed: HashSet<String> =
            model.tasks.iter().filter(|t| t.agency == agency.name).map(|t| task_key(&t.task)).collect();
        for t in prev.tasks.iter().filter(|t| t.agency == agency.name && is_open(t.status)) {
            if !listed.contains(&task_key(&t.task)) {
                dropped.push(dropped_task(t, prev.period));
            }
        }
    }
    MonthLink {
        previous: Some(prev.period),
        dropped_tasks: dropped,
        comparison: Some(Comparison { this: MonthFigures::of(model), last: MonthFigures::of(prev) }),
    }
}

fn dropped_task(t: &TaskRecord, month: Period) -> DroppedTask {
    DroppedTask {
        agency: t.agency.clone(),
        task: t.task.clone(),
        index: t.index,
        deadline: t.deadline,
        deadline_text: t.deadline_text.clone(),
        last_status: t.status,
        last_month: month,
    }
}

/// The month's documents' data: the month context plus `month_over_month` (null when the
/// previous month was never run), so the report template can compare and name dropped tasks.
#[derive(Debug, Serialize)]
pub struct LinkedContext<'a> {
    #[serde(flatten)]
    pub context: &'a crate::reports::MonthContext,
    pub month_over_month: Option<&'a MonthLink>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn month(period: &str, reported: bool, tasks: &[(&str, &str)]) -> MonthModel {
        let tasks: Vec<_> = tasks
            .iter()
            .map(|(text, status)| {
                json!({ "agency": "Sở Tư pháp", "index": null, "area": null, "task": text, "deadline": null,
                        "deadline_text": null, "status": status, "completed_on": null, "progress_pct": null,
                        "result": null, "issues": null, "proposals": null, "note": null,
                        "source": { "file": "a.xlsx", "sheet": "S", "row": 9 } })
            })
            .collect();
        serde_json::from_value(json!({
            "period": period, "period_start": "2023-04-15", "period_end": "2023-05-14", "agency_due": "2023-05-19",
            "agencies": [{ "name": "Sở Tư pháp", "code": "STP", "submission": if reported { "on_time" } else { "missing" },
                           "report_date": null, "file": null,
                           "counts": { "done": 0, "done_late": 0, "overdue": 0, "in_progress": 0, "not_started": 0, "recurring": 0 },
                           "total": 0 }],
            "tasks": tasks, "files": [], "problems": []
        }))
        .unwrap()
    }

    #[test]
    fn dropped_is_open_last_month_and_unlisted_now_by_task_key() {
        let may = month(
            "2023-05",
            true,
            &[
                ("Rà soát văn bản.", "in_progress"),
                ("Số hóa hồ sơ", "overdue"),
                ("Niêm yết", "done"),
                ("Khảo sát", "recurring"),
            ],
        );
        // Spacing, case and a trailing period do not make a task new; a finished task is
        // not dropped when it disappears.
        let june = month("2023-06", true, &[("rà soát  văn bản", "done"), ("Khảo sát", "recurring")]);
        let link = link(&june, Some(&may));
        assert_eq!(link.previous, Some(Period::new(2023, 5).unwrap()));
        let dropped: Vec<(&str, TaskStatus)> =
            link.dropped_tasks.iter().map(|d| (d.task.as_str(), d.last_status)).collect();
        assert_eq!(dropped, [("Số hóa hồ sơ", TaskStatus::Overdue)]);
        // An agency that did not report this month dropped nothing.
        assert_eq!(super::link(&month("2023-06", false, &[]), Some(&may)).dropped_tasks, []);
        assert_eq!(super::link(&june, None), MonthLink::none());
    }
}

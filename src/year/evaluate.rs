//! The year's evaluation, pure: from the months run to one task list, the scores, the
//! classes (with the cap on "xuất sắc") and the ranks. See `docs/domain.md`, "Evaluation and ranking".

use crate::criteria::Criteria;
use crate::model::{IndexKind, MonthModel, Period, SourceRef, StatusCounts, Submission, TaskStatus};
use crate::normalize::text::task_key;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The four classes of Decree 90/2020, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    Excellent,
    Good,
    Pass,
    Fail,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::Excellent, Class::Good, Class::Pass, Class::Fail];

    pub fn label(self) -> &'static str {
        match self {
            Class::Excellent => "Hoàn thành xuất sắc nhiệm vụ",
            Class::Good => "Hoàn thành tốt nhiệm vụ",
            Class::Pass => "Hoàn thành nhiệm vụ",
            Class::Fail => "Không hoàn thành nhiệm vụ",
        }
    }
}

/// How an agency's report of one month came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthReport {
    OnTime,
    Late,
    Missing,
}

impl MonthReport {
    pub fn label(self) -> &'static str {
        match self {
            MonthReport::OnTime => "Đúng hạn",
            MonthReport::Late => "Muộn",
            MonthReport::Missing => "Không nộp",
        }
    }
}

impl From<Submission> for MonthReport {
    fn from(s: Submission) -> MonthReport {
        match s {
            Submission::OnTime => MonthReport::OnTime,
            Submission::Late => MonthReport::Late,
            Submission::Missing => MonthReport::Missing,
        }
    }
}

/// One task of the year: an (agency, task text) pair, as the latest month listing it says,
/// its status re-evaluated at the range's end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTask {
    pub agency: String,
    pub index: Option<IndexKind>,
    pub task: String,
    pub deadline: Option<NaiveDate>,
    pub deadline_text: Option<String>,
    pub status: TaskStatus,
    pub completed_on: Option<NaiveDate>,
    pub last_month: Period,
    pub source: SourceRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgencyResult {
    pub name: String,
    pub code: String,
    pub rank: u32,
    /// 0–100, settled to 9 decimals so that equal fractions compare equal.
    pub score: f64,
    /// `R`, 0–1.
    pub reporting: f64,
    /// `C`, 0–1.
    pub completion: f64,
    pub class: Class,
    /// Demoted from "xuất sắc" to "tốt" by the cap.
    pub capped: bool,
    pub months: BTreeMap<Period, MonthReport>,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    pub tasks: StatusCounts,
}

impl AgencyResult {
    pub fn reported_any(&self) -> bool {
        self.on_time + self.late > 0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub months_run: Vec<Period>,
    /// By rank, best first; equal ranks in the agencies' given order.
    pub agencies: Vec<AgencyResult>,
    /// By agency (given order), then first appearance.
    pub tasks: Vec<YearTask>,
    /// How many may keep "xuất sắc"; `None` without a cap.
    pub excellent_allowed: Option<usize>,
}

/// Evaluates `months` (oldest first) for `agencies` (name, code; in order), tasks judged
/// at `end`. Agencies named in a month but absent from `agencies` are added after them.
pub fn evaluate(
    months: &[MonthModel],
    agencies: &[(String, String)],
    end: NaiveDate,
    criteria: &Criteria,
) -> Evaluation {
    let mut roster: Vec<(String, String)> = agencies.to_vec();
    for m in months {
        for a in &m.agencies {
            if !roster.iter().any(|(n, _)| n == &a.name) {
                roster.push((a.name.clone(), a.code.clone()));
            }
        }
    }
    let tasks = year_tasks(months, &roster, end);

    let mut results: Vec<AgencyResult> = roster
        .iter()
        .map(|(name, code)| {
            let months_map: BTreeMap<Period, MonthReport> = months
                .iter()
                .map(|m| {
                    let r = m
                        .agencies
                        .iter()
                        .find(|a| &a.name == name)
                        .map_or(MonthReport::Missing, |a| a.submission.into());
                    (m.period, r)
                })
                .collect();
            let count = |r: MonthReport| months_map.values().filter(|&&x| x == r).count() as u32;
            let (on_time, late, missing) =
                (count(MonthReport::OnTime), count(MonthReport::Late), count(MonthReport::Missing));
            let mut counts = StatusCounts::default();
            for t in tasks.iter().filter(|t| &t.agency == name) {
                counts.add(t.status);
            }
            let reporting = if months.is_empty() {
                0.0
            } else {
                (f64::from(on_time) + criteria.late_report_credit * f64::from(late)) / months.len() as f64
            };
            let judged = counts.done + counts.done_late + counts.overdue;
            let completion = if judged == 0 {
                1.0
            } else {
                (f64::from(counts.done) + criteria.done_late_credit * f64::from(counts.done_late)) / f64::from(judged)
            };
            let reported = on_time + late > 0;
            let score = if reported {
                settle(criteria.weights.reporting * reporting + criteria.weights.completion * completion)
            } else {
                0.0
            };
            let class = if reported { class_of(score, criteria) } else { Class::Fail };
            AgencyResult {
                name: name.clone(),
                code: code.clone(),
                rank: 0,
                score,
                reporting,
                completion,
                class,
                capped: false,
                months: months_map,
                on_time,
                late,
                missing,
                tasks: counts,
            }
        })
        .collect();

    let excellent_allowed = criteria.excellent_cap_percent.map(|p| apply_cap(&mut results, p));
    rank(&mut results);
    Evaluation { months_run: months.iter().map(|m| m.period).collect(), agencies: results, tasks, excellent_allowed }
}

/// Floating sums like 30 × 1 + 70 × 6/7 land a hair off 90; settling them makes the
/// thresholds and ties exact for every fraction these criteria produce.
fn settle(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

pub fn class_of(score: f64, c: &Criteria) -> Class {
    if score >= c.classes.excellent {
        Class::Excellent
    } else if score >= c.classes.good {
        Class::Good
    } else if score >= c.classes.pass {
        Class::Pass
    } else {
        Class::Fail
    }
}

/// Demotes the lowest "xuất sắc" beyond ⌊percent × those rated "tốt" or better⌋, with
/// everyone tied with the first demoted; returns how many may keep it.
fn apply_cap(results: &mut [AgencyResult], percent: f64) -> usize {
    let eligible = results.iter().filter(|r| matches!(r.class, Class::Excellent | Class::Good)).count();
    let allowed = settle(percent * eligible as f64 / 100.0).floor() as usize;
    let mut excellent: Vec<f64> = results.iter().filter(|r| r.class == Class::Excellent).map(|r| r.score).collect();
    if excellent.len() <= allowed {
        return allowed;
    }
    excellent.sort_by(|a, b| b.total_cmp(a));
    let first_demoted = excellent[allowed];
    for r in results.iter_mut().filter(|r| r.class == Class::Excellent && r.score <= first_demoted) {
        r.class = Class::Good;
        r.capped = true;
    }
    allowed
}

/// Competition ranking (1, 2, 2, 4), stable for equal scores.
fn rank(results: &mut [AgencyResult]) {
    results.sort_by(|a, b| b.score.total_cmp(&a.score));
    let scores: Vec<f64> = results.iter().map(|r| r.score).collect();
    for r in results.iter_mut() {
        r.rank = 1 + scores.iter().filter(|&&s| s > r.score).count() as u32;
    }
}

/// One record per (agency, task key), the latest month's, status re-judged at `end`.
fn year_tasks(months: &[MonthModel], roster: &[(String, String)], end: NaiveDate) -> Vec<YearTask> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut latest: HashMap<(String, String), YearTask> = HashMap::new();
    for m in months {
        for t in &m.tasks {
            let key = (t.agency.clone(), task_key(&t.task));
            if !latest.contains_key(&key) {
                order.push(key.clone());
            }
            latest.insert(
                key,
                YearTask {
                    agency: t.agency.clone(),
                    index: t.index,
                    task: t.task.clone(),
                    deadline: t.deadline,
                    deadline_text: t.deadline_text.clone(),
                    status: status_at(t.status, t.deadline, end),
                    completed_on: t.completed_on,
                    last_month: m.period,
                    source: t.source.clone(),
                },
            );
        }
    }
    let position = |agency: &str| roster.iter().position(|(n, _)| n == agency).unwrap_or(usize::MAX);
    let mut tasks: Vec<YearTask> = order.into_iter().filter_map(|k| latest.remove(&k)).collect();
    tasks.sort_by_key(|t| position(&t.agency));
    tasks
}

/// The month's rule at a later date: unfinished work past its deadline is overdue.
pub fn status_at(status: TaskStatus, deadline: Option<NaiveDate>, end: NaiveDate) -> TaskStatus {
    match status {
        TaskStatus::InProgress | TaskStatus::NotStarted if deadline.is_some_and(|d| d <= end) => TaskStatus::Overdue,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, score: f64, class: Class) -> AgencyResult {
        AgencyResult {
            name: name.into(),
            code: name.into(),
            rank: 0,
            score,
            reporting: 1.0,
            completion: 1.0,
            class,
            capped: false,
            months: BTreeMap::new(),
            on_time: 1,
            late: 0,
            missing: 0,
            tasks: StatusCounts::default(),
        }
    }

    #[test]
    fn cap_demotes_ties_with_the_first_demoted() {
        // 10 rated "tốt" or better: 2 may stay "xuất sắc"; the 2nd and 3rd tie.
        let mut rs = vec![result("A", 100.0, Class::Excellent), result("B", 95.0, Class::Excellent)];
        rs.push(result("C", 95.0, Class::Excellent));
        rs.push(result("D", 92.0, Class::Excellent));
        for i in 0..6 {
            rs.push(result(&format!("G{i}"), 80.0, Class::Good));
        }
        assert_eq!(apply_cap(&mut rs, 20.0), 2);
        let classes: Vec<(Class, bool)> = rs.iter().take(4).map(|r| (r.class, r.capped)).collect();
        assert_eq!(classes, [(Class::Excellent, false), (Class::Good, true), (Class::Good, true), (Class::Good, true)]);
    }

    #[test]
    fn ranks_share_on_ties() {
        let mut rs =
            vec![result("A", 80.0, Class::Good), result("B", 90.0, Class::Good), result("C", 80.0, Class::Good)];
        rs.push(result("D", 10.0, Class::Fail));
        rank(&mut rs);
        let got: Vec<(&str, u32)> = rs.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(got, [("B", 1), ("A", 2), ("C", 2), ("D", 4)]);
    }

    #[test]
    fn thresholds_are_inclusive_after_settling() {
        let c = Criteria::default();
        let s = settle(30.0 * 1.0 + 70.0 * (6.0 / 7.0));
        assert_eq!(s, 90.0);
        assert_eq!(class_of(s, &c), Class::Excellent);
        assert_eq!(class_of(74.999, &c), Class::Pass);
    }
}

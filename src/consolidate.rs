//! Raw agency reports → the month model (`docs/domain.md`, "Due dates"
//! and "Task status at the period end"): which file counts for each agency,
//! whether it came on time, and every task's status at the period end.

use crate::bounds::workbook_size_problem;
use crate::config::Config;
use crate::ingest::report::{AgencyReport, Ingested, RawTask};
use crate::model::{
    AgencySummary, FileEntry, FileRole, MonthModel, Period, Problem, Severity, StatusCounts, Submission, TaskRecord,
    TaskStatus,
};
use crate::normalize::{Deadline, ReportedState};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// The last day a report counts as on time: agencies report *before* `agency_due_day`.
pub fn agency_due(period: Period, agency_due_day: u32) -> NaiveDate {
    if agency_due_day <= 1 {
        period.previous().last_day()
    } else {
        period.day(agency_due_day - 1)
    }
}

/// A task's status at `period_end` from what the agency reported and the dates.
pub fn task_status(task: &RawTask, period_end: NaiveDate) -> TaskStatus {
    let deadline = match &task.deadline {
        Some(Deadline::Date { date, .. }) => Some(*date),
        _ => None,
    };
    let recurring_deadline = matches!(task.deadline, Some(Deadline::Recurring { .. }));
    let reported = task.reported.or(match task.progress_pct {
        Some(p) if p >= 100.0 => Some(ReportedState::Done),
        Some(p) if p > 0.0 => Some(ReportedState::InProgress),
        _ => None,
    });
    match reported {
        Some(ReportedState::DoneLate) => return TaskStatus::DoneLate,
        Some(ReportedState::Done | ReportedState::DoneOnTime) => {
            // The dates decide when both are known; otherwise the agency's word.
            return match (task.completed_on, deadline) {
                (Some(done), Some(due)) if done > due => TaskStatus::DoneLate,
                _ => TaskStatus::Done,
            };
        }
        _ => {}
    }
    if deadline.is_some_and(|due| due <= period_end) {
        return TaskStatus::Overdue;
    }
    if recurring_deadline || reported == Some(ReportedState::Recurring) {
        return TaskStatus::Recurring;
    }
    match reported {
        Some(ReportedState::InProgress) => TaskStatus::InProgress,
        _ => TaskStatus::NotStarted,
    }
}

/// Consolidates one month. Every configured agency and every file appears in the result.
pub fn consolidate(ingested: Ingested, config: &Config, period: Period) -> MonthModel {
    let (period_start, period_end) = period.data_window(config.cutoff_day);
    let due = agency_due(period, config.agency_due_day);
    let agency_name = |i: Option<usize>| i.and_then(|i| config.agencies.get(i)).map(|a| a.name.clone());
    let mut files = Vec::new();
    let mut problems = Vec::new();

    for skipped in ingested.skipped {
        if skipped.role == FileRole::Unreadable {
            problems.push(file_problem(&skipped.file, Severity::Error, skipped.message.clone()));
        }
        files.push(FileEntry { file: skipped.file, role: skipped.role, agency: None, message: skipped.message });
    }

    // Reports that may count, per configured agency.
    let mut by_agency: Vec<Vec<AgencyReport>> = vec![Vec::new(); config.agencies.len()];
    for report in ingested.reports {
        // A workbook of several months counts with its sheets of this one.
        let mut report = report.for_period(period);
        let agency = report.agency.filter(|&i| i < config.agencies.len());
        if report.refusal.is_some() || agency.is_none() {
            let message = report.refusal.clone().unwrap_or_else(|| "không xác định được cơ quan báo cáo".to_string());
            if !report.problems.iter().any(|p| p.message == message) {
                problems.push(file_problem(&report.file, Severity::Error, message.clone()));
            }
            problems.append(&mut report.problems);
            files.push(FileEntry {
                file: report.file,
                role: FileRole::Unreadable,
                agency: agency_name(agency),
                message,
            });
            continue;
        }
        let Some(agency) = agency else { continue };
        match report.period {
            Some(p) if p != period => {
                let message = format!(
                    "báo cáo tháng {}, không phải tháng {} đang tổng hợp: không tính",
                    month_label(p),
                    month_label(period)
                );
                problems.push(file_problem(&report.file, Severity::Info, message.clone()));
                files.push(FileEntry {
                    file: report.file,
                    role: FileRole::WrongPeriod,
                    agency: agency_name(Some(agency)),
                    message,
                });
                continue;
            }
            Some(_) => {}
            None => report.problems.push(file_problem(
                &report.file,
                Severity::Warning,
                format!(
                    "không thấy tháng báo cáo ở phần đầu báo cáo, tên trang hay tên tệp: coi là báo cáo tháng {}",
                    month_label(period)
                ),
            )),
        }
        if let Some(list) = by_agency.get_mut(agency) {
            list.push(report);
        }
    }

    let mut agencies = Vec::new();
    let mut tasks = Vec::new();
    for (cfg, mut reports) in config.agencies.iter().zip(by_agency) {
        reports.sort_by(newer_first);
        let mut reports = reports.into_iter();
        let Some(mut winner) = reports.next() else {
            agencies.push(AgencySummary::missing(&cfg.name, &cfg.code));
            continue;
        };
        for loser in reports {
            let message = format!(
                "đã có bản nộp lại mới hơn của {}: «{}»{}; tệp này không được tính",
                cfg.name,
                winner.file,
                winner.report_date.map(|d| format!(" (ngày báo cáo {})", d.format("%d/%m/%Y"))).unwrap_or_default()
            );
            problems.push(file_problem(&loser.file, Severity::Info, message.clone()));
            files.push(FileEntry {
                file: loser.file,
                role: FileRole::Superseded,
                agency: Some(cfg.name.clone()),
                message,
            });
        }
        let submission = match winner.report_date {
            Some(d) if d > due => Submission::Late,
            Some(_) => Submission::OnTime,
            None => {
                winner.problems.push(file_problem(
                    &winner.file,
                    Severity::Warning,
                    "không xác định được ngày nộp báo cáo: coi là đúng hạn".into(),
                ));
                Submission::OnTime
            }
        };
        let mut counts = StatusCounts::default();
        let first_task = tasks.len();
        for raw in std::mem::take(&mut winner.tasks) {
            let status = task_status(&raw, period_end);
            if raw.reported == Some(ReportedState::DoneOnTime) && status == TaskStatus::DoneLate {
                winner.problems.push(Problem {
                    file: raw.source.file.clone(),
                    sheet: Some(raw.source.sheet.clone()),
                    cell: None,
                    severity: Severity::Warning,
                    message: format!(
                        "dòng {}: ghi «hoàn thành đúng hạn» nhưng ngày hoàn thành sau thời hạn: tính là hoàn thành quá hạn",
                        raw.source.row
                    ),
                });
            }
            counts.add(status);
            tasks.push(task_record(cfg.name.clone(), raw, status));
        }
        let sources = tasks[first_task..].iter().map(|t| &t.source);
        winner.problems.extend(workbook_size_problem(&winner.file, &cfg.name, sources, &config.limits));
        let n = counts.total();
        let date_text = winner
            .report_date
            .map(|d| {
                let from = if winner.report_date_from_file_time { " (theo ngày sửa tệp)" } else { "" };
                format!("ngày báo cáo {}{from}", d.format("%d/%m/%Y"))
            })
            .unwrap_or_else(|| "không rõ ngày báo cáo".into());
        let message = format!("{n} nhiệm vụ; {date_text}; {}", submission.label().to_lowercase());
        files.push(FileEntry {
            file: winner.file.clone(),
            role: FileRole::Used,
            agency: Some(cfg.name.clone()),
            message,
        });
        problems.append(&mut winner.problems);
        agencies.push(AgencySummary {
            name: cfg.name.clone(),
            code: cfg.code.clone(),
            submission,
            report_date: winner.report_date,
            report_date_from_file_time: winner.report_date_from_file_time,
            file: Some(winner.file),
            counts,
            total: n,
        });
    }

    files.sort_by(|a, b| a.file.cmp(&b.file));
    problems.sort_by(|a, b| problem_order(a).cmp(&problem_order(b)));
    MonthModel { period, period_start, period_end, agency_due: due, agencies, tasks, files, problems }
}

/// Resubmissions: the latest report date wins, then the latest modification, then the
/// name sorting last (`… (2).xlsx` after `….xlsx`).
fn newer_first(a: &AgencyReport, b: &AgencyReport) -> Ordering {
    (b.report_date, b.modified, &b.file).cmp(&(a.report_date, a.modified, &a.file))
}

fn month_label(p: Period) -> String {
    format!("{:02}/{}", p.month(), p.year())
}

fn file_problem(file: &str, severity: Severity, message: String) -> Problem {
    Problem { file: file.to_string(), sheet: None, cell: None, severity, message }
}

/// File, sheet, then the cell's row and column (`D12` → (12, 4)); file-level first.
fn problem_order(p: &Problem) -> (&str, Option<&str>, (u32, u32)) {
    (p.file.as_str(), p.sheet.as_deref(), p.cell.as_deref().map_or((0, 0), cell_position))
}

fn cell_position(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row = cell[letters.len()..].parse().unwrap_or(0);
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc.saturating_mul(26).saturating_add(u32::from(b.to_ascii_uppercase() - b'A') + 1));
    (row, col)
}

fn task_record(agency: String, raw: RawTask, status: TaskStatus) -> TaskRecord {
    let (deadline, deadline_text) = match raw.deadline {
        Some(Deadline::Date { date, text }) => (Some(date), Some(text)),
        Some(Deadline::Recurring { text } | Deadline::Unparsed { text }) => (None, Some(text)),
        None => (None, None),
    };
    TaskRecord {
        agency,
        index: raw.index,
        area: raw.area,
        task: raw.task,
        deadline,
        deadline_text,
        status,
        completed_on: raw.completed_on,
        progress_pct: raw.progress_pct,
        result: raw.result,
        issues: raw.issues,
        proposals: raw.proposals,
        note: raw.note,
        source: raw.source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_day_and_cells() {
        let p: Period = "2023-05".parse().unwrap();
        assert_eq!(agency_due(p, 20), NaiveDate::from_ymd_opt(2023, 5, 19).unwrap());
        assert_eq!(agency_due(p, 1), NaiveDate::from_ymd_opt(2023, 4, 30).unwrap());
        assert_eq!(cell_position("D12"), (12, 4));
        assert_eq!(cell_position("AA3"), (3, 27));
        assert_eq!(cell_position("?"), (0, 0));
    }
}

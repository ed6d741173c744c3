//! Watching the inputs folder: wait until files settle, then re-run the month, and tell
//! the clerk what changed since the previous run.

use crate::model::{FileRole, MonthModel, Submission};
use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode, DebounceEventResult};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("không theo dõi được thư mục {path}: {message}")]
    Watch { path: PathBuf, message: String },
}

/// Blocks, calling `on_settled` with the changed paths each time the folder has been quiet
/// for `settle`. Returns when `on_settled` returns `false` or the watcher stops.
pub fn watch_folder(
    dir: &Path,
    settle: Duration,
    mut on_settled: impl FnMut(Vec<PathBuf>) -> bool,
) -> Result<(), WatchError> {
    let err =
        |e: notify_debouncer_mini::notify::Error| WatchError::Watch { path: dir.to_path_buf(), message: e.to_string() };
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(settle, tx).map_err(err)?;
    debouncer.watcher().watch(dir, RecursiveMode::NonRecursive).map_err(err)?;
    for result in rx {
        let paths = match result {
            Ok(events) => events.into_iter().map(|e| e.path).collect::<Vec<_>>(),
            Err(e) => return Err(err(e)),
        };
        if paths.is_empty() {
            continue;
        }
        if !on_settled(paths) {
            break;
        }
    }
    Ok(())
}

/// What changed between two consolidations of the same month, in Vietnamese lines.
pub fn describe_changes(before: Option<&MonthModel>, after: &MonthModel) -> Vec<String> {
    let mut out = Vec::new();
    let Some(before) = before else {
        out.push(format!(
            "Đã tổng hợp tháng {}: {} cơ quan đã nộp, {} nhiệm vụ.",
            after.period,
            after.agencies.iter().filter(|a| a.submission != Submission::Missing).count(),
            after.tasks.len()
        ));
        return out;
    };
    for a in &after.agencies {
        let old = before.agencies.iter().find(|b| b.name == a.name);
        match old {
            Some(b) if b.submission == Submission::Missing && a.submission != Submission::Missing => out.push(format!(
                "Cơ quan mới nộp: {} ({}, tệp «{}»).",
                a.name,
                a.submission.label().to_lowercase(),
                a.file.as_deref().unwrap_or("")
            )),
            Some(b) if b.file != a.file && a.submission != Submission::Missing => out.push(format!(
                "{} nộp lại: dùng tệp «{}» thay cho «{}».",
                a.name,
                a.file.as_deref().unwrap_or(""),
                b.file.as_deref().unwrap_or("")
            )),
            Some(b) if b.submission != Submission::Missing && a.submission == Submission::Missing => out.push(format!(
                "{}: không còn báo cáo (tệp «{}» đã bị gỡ khỏi thư mục).",
                a.name,
                b.file.as_deref().unwrap_or("")
            )),
            Some(b) if b.counts != a.counts => {
                out.push(format!("{}: số liệu thay đổi ({} → {} nhiệm vụ).", a.name, b.total, a.total))
            }
            _ => {}
        }
    }
    for f in &after.files {
        let known = before.files.iter().any(|b| b.file == f.file);
        if !known && matches!(f.role, FileRole::Unreadable | FileRole::WrongPeriod | FileRole::Ignored) {
            out.push(format!("Tệp mới «{}»: {} — {}", f.file, f.role.label(), f.message));
        }
    }
    let new_problems = after.problems.iter().filter(|p| !before.problems.contains(p)).count();
    if new_problems > 0 {
        out.push(format!("Có {new_problems} vấn đề mới trong dữ liệu (xem danh sách bên dưới)."));
    }
    if out.is_empty() {
        out.push("Không có thay đổi về số liệu.".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencySummary, FileEntry, Period, StatusCounts};

    fn agency(name: &str, submission: Submission, file: Option<&str>, total: u32) -> AgencySummary {
        let mut counts = StatusCounts::default();
        for _ in 0..total {
            counts.add(crate::model::TaskStatus::Done);
        }
        AgencySummary {
            name: name.into(),
            code: "X".into(),
            submission,
            report_date: None,
            report_date_from_file_time: false,
            file: file.map(str::to_string),
            counts,
            total,
        }
    }

    fn month(agencies: Vec<AgencySummary>, files: Vec<FileEntry>) -> MonthModel {
        let period: Period = "2023-05".parse().unwrap();
        let (start, end) = period.data_window(14);
        MonthModel {
            period,
            period_start: start,
            period_end: end,
            agency_due: period.day(19),
            agencies,
            tasks: vec![],
            files,
            problems: vec![],
        }
    }

    #[test]
    fn changes_are_described() {
        let before = month(
            vec![
                agency("Sở Tư pháp", Submission::Missing, None, 0),
                agency("Sở Y tế", Submission::OnTime, Some("a.xlsx"), 2),
                agency("Sở Du lịch", Submission::OnTime, Some("dl.xlsx"), 1),
            ],
            vec![],
        );
        let after = month(
            vec![
                agency("Sở Tư pháp", Submission::Late, Some("stp.xlsx"), 3),
                agency("Sở Y tế", Submission::OnTime, Some("b.xlsx"), 2),
                agency("Sở Du lịch", Submission::OnTime, Some("dl.xlsx"), 4),
            ],
            vec![FileEntry {
                file: "hong.xlsx".into(),
                role: FileRole::Unreadable,
                agency: None,
                message: "tệp hỏng".into(),
            }],
        );
        let lines = describe_changes(Some(&before), &after);
        assert_eq!(
            lines,
            vec![
                "Cơ quan mới nộp: Sở Tư pháp (muộn, tệp «stp.xlsx»).",
                "Sở Y tế nộp lại: dùng tệp «b.xlsx» thay cho «a.xlsx».",
                "Sở Du lịch: số liệu thay đổi (1 → 4 nhiệm vụ).",
                "Tệp mới «hong.xlsx»: Không đọc được — tệp hỏng",
            ]
        );
        assert_eq!(describe_changes(Some(&after), &after), vec!["Không có thay đổi về số liệu."]);
        assert!(describe_changes(None, &after)[0].contains("3 cơ quan đã nộp"));
    }
}

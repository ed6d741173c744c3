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

//! Domain types shared by every stage: periods, indices, statuses, problems and the
//! consolidated month model that is written as `tong-hop.json`.
//!
//! Stages parse strings at their edge into these types and trust them afterwards.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A reporting month, e.g. `2023-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    month: u32,
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(Period { year, month })
    }
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period { year: self.year - 1, month: 12 }
        } else {
            Period { year: self.year, month: self.month - 1 }
        }
    }
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { year: self.year, month: self.month + 1 }
        }
    }
    /// The given day of this month, clamped to the month's last day.
    pub fn day(self, day: u32) -> NaiveDate {
        let last = self.last_day().day();
        NaiveDate::from_ymd_opt(self.year, self.month, day.clamp(1, last)).expect("valid clamped day")
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }
    pub fn last_day(self) -> NaiveDate {
        let next = self.next();
        NaiveDate::from_ymd_opt(next.year, next.month, 1).expect("valid month").pred_opt().expect("not the first date")
    }
    /// Data window of a monthly report (Decree 09/2019): from the day after the previous
    /// month's cut-off to this month's cut-off day.
    pub fn data_window(self, cutoff_day: u32) -> (NaiveDate, NaiveDate) {
        let end = self.day(cutoff_day);
        let start = self.previous().day(cutoff_day).succ_opt().expect("not the last date");
        (start, end)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tháng không hợp lệ: «{0}» (cần dạng NNNN-TT, ví dụ 2023-05)")]
pub struct PeriodParseError(pub String);

impl FromStr for Period {
    type Err = PeriodParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PeriodParseError(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        Period::new(year, month).ok_or_else(err)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The three indices the plans improve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IndexKind {
    #[serde(rename = "PAR_INDEX")]
    ParIndex,
    #[serde(rename = "SIPAS")]
    Sipas,
    #[serde(rename = "PAPI")]
    Papi,
}

impl IndexKind {
    pub const ALL: [IndexKind; 3] = [IndexKind::ParIndex, IndexKind::Sipas, IndexKind::Papi];
    /// The label used in documents.
    pub fn label(self) -> &'static str {
        match self {
            IndexKind::ParIndex => "PAR INDEX",
            IndexKind::Sipas => "SIPAS",
            IndexKind::Papi => "PAPI",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            IndexKind::ParIndex => "PAR_INDEX",
            IndexKind::Sipas => "SIPAS",
            IndexKind::Papi => "PAPI",
        }
    }
}

/// A task's status at the period end (`docs/domain.md`, "Task status at the period end").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Done,
    DoneLate,
    Overdue,
    InProgress,
    NotStarted,
    Recurring,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 6] = [
        TaskStatus::Done,
        TaskStatus::DoneLate,
        TaskStatus::Overdue,
        TaskStatus::InProgress,
        TaskStatus::NotStarted,
        TaskStatus::Recurring,
    ];
    /// Vietnamese label for documents and the terminal.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Done => "Hoàn thành đúng hạn",
            TaskStatus::DoneLate => "Hoàn thành quá hạn",
            TaskStatus::Overdue => "Quá hạn chưa hoàn thành",
            TaskStatus::InProgress => "Đang thực hiện",
            TaskStatus::NotStarted => "Chưa thực hiện",
            TaskStatus::Recurring => "Thường xuyên",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Done => "done",
            TaskStatus::DoneLate => "done_late",
            TaskStatus::Overdue => "overdue",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::NotStarted => "not_started",
            TaskStatus::Recurring => "recurring",
        }
    }
    pub fn is_completed(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::DoneLate)
    }
}

/// Whether and when an agency's report arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Submission {
    OnTime,
    Late,
    Missing,
}

impl Submission {
    pub fn label(self) -> &'static str {
        match self {
            Submission::OnTime => "Đúng hạn",
            Submission::Late => "Muộn",
            Submission::Missing => "Chưa nộp",
        }
    }
}

/// What became of a file found in the inputs folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    Used,
    Superseded,
    WrongPeriod,
    Unreadable,
    Ignored,
    /// A zip bundle whose files are listed and read one by one (`<zip name>/<path>`).
    Bundle,
}

impl FileRole {
    pub fn label(self) -> &'static str {
        match self {
            FileRole::Used => "Đã dùng",
            FileRole::Superseded => "Bị thay thế (bản nộp lại mới hơn)",
            FileRole::WrongPeriod => "Không đúng kỳ báo cáo",
            FileRole::Unreadable => "Không đọc được",
            FileRole::Ignored => "Bỏ qua",
            FileRole::Bundle => "Tệp nén (đọc từng tệp bên trong)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// Vietnamese label for the terminal and the workbook.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "Thông tin",
            Severity::Warning => "Cảnh báo",
            Severity::Error => "Lỗi",
        }
    }
}

/// A problem found in the inputs, for the clerk: always names the file, and the sheet and
/// cell when there is one. `message` is Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub severity: Severity,
    pub message: String,
}

/// Where a task came from: file name in the inputs folder, sheet, 1-based row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

/// Per-status task counts; serialized with every status present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub done: u32,
    pub done_late: u32,
    pub overdue: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub recurring: u32,
}

impl StatusCounts {
    pub fn add(&mut self, status: TaskStatus) {
        *self.get_mut(status) += 1;
    }
    pub fn get(&self, status: TaskStatus) -> u32 {
        match status {
            TaskStatus::Done => self.done,
            TaskStatus::DoneLate => self.done_late,
            TaskStatus::Overdue => self.overdue,
            TaskStatus::InProgress => self.in_progress,
            TaskStatus::NotStarted => self.not_started,
            TaskStatus::Recurring => self.recurring,
        }
    }
    fn get_mut(&mut self, status: TaskStatus) -> &mut u32 {
        match status {
            TaskStatus::Done => &mut self.done,
            TaskStatus::DoneLate => &mut self.done_late,
            TaskStatus::Overdue => &mut self.overdue,
            TaskStatus::InProgress => &mut self.in_progress,
            TaskStatus::NotStarted => &mut self.not_started,
            TaskStatus::Recurring => &mut self.recurring,
        }
    }
    pub fn total(&self) -> u32 {
        TaskStatus::ALL.iter().map(|&s| self.get(s)).sum()
    }
    pub fn completed(&self) -> u32 {
        self.done + self.done_late
    }
}

/// One agency's line in the month model. `name` is the configured canonical name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencySummary {
    pub name: String,
    /// Short code from the configuration (e.g. `STP`).
    pub code: String,
    pub submission: Submission,
    pub report_date: Option<NaiveDate>,
    /// True when the report date was taken from the file's modification time because the
    /// workbook states none.
    #[serde(default)]
    pub report_date_from_file_time: bool,
    pub file: Option<String>,
    pub counts: StatusCounts,
    pub total: u32,
}

impl AgencySummary {
    /// An agency that sent nothing this month.
    pub fn missing(name: &str, code: &str) -> AgencySummary {
        AgencySummary {
            name: name.to_string(),
            code: code.to_string(),
            submission: Submission::Missing,
            report_date: None,
            report_date_from_file_time: false,
            file: None,
            counts: StatusCounts::default(),
            total: 0,
        }
    }
}

/// One task row, consolidated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    pub agency: String,
    pub index: Option<IndexKind>,
    pub area: Option<String>,
    pub task: String,
    pub deadline: Option<NaiveDate>,
    pub deadline_text: Option<String>,
    pub status: TaskStatus,
    pub completed_on: Option<NaiveDate>,
    pub progress_pct: Option<f64>,
    pub result: Option<String>,
    pub issues: Option<String>,
    pub proposals: Option<String>,
    pub note: Option<String>,
    pub source: SourceRef,
}

/// One file of the inputs folder and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub file: String,
    pub role: FileRole,
    pub agency: Option<String>,
    pub message: String,
}

/// The consolidated month: the content of `tong-hop.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthModel {
    pub period: Period,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Agency reports dated on or before this day are on time.
    pub agency_due: NaiveDate,
    pub agencies: Vec<AgencySummary>,
    pub tasks: Vec<TaskRecord>,
    pub files: Vec<FileEntry>,
    pub problems: Vec<Problem>,
}

/// Task counts by index and status: the one computation the documents and the XLSX
/// share. Tasks with no index form their own group ([`IndexCounts::UNCLASSIFIED`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IndexCounts {
    /// In the order of [`IndexKind::ALL`].
    pub per_index: [StatusCounts; 3],
    pub unclassified: StatusCounts,
    pub all: StatusCounts,
}

impl IndexCounts {
    /// The label of the group of tasks no section row or sheet assigned to an index.
    pub const UNCLASSIFIED: &'static str = "Chưa xác định chỉ số";

    pub fn of<'a>(tasks: impl IntoIterator<Item = &'a TaskRecord>) -> IndexCounts {
        let mut c = IndexCounts::default();
        for t in tasks {
            c.all.add(t.status);
            match t.index {
                Some(i) => c.per_index[IndexKind::ALL.iter().position(|&k| k == i).unwrap_or(0)].add(t.status),
                None => c.unclassified.add(t.status),
            }
        }
        c
    }

    pub fn get(&self, index: IndexKind) -> StatusCounts {
        self.per_index[IndexKind::ALL.iter().position(|&k| k == index).unwrap_or(0)]
    }

    /// (label, counts) rows: the three indices, the unclassified group when it has tasks.
    pub fn groups(&self) -> Vec<(&'static str, StatusCounts)> {
        let mut out: Vec<(&'static str, StatusCounts)> =
            IndexKind::ALL.iter().zip(self.per_index).map(|(k, c)| (k.label(), c)).collect();
        if self.unclassified.total() > 0 {
            out.push((Self::UNCLASSIFIED, self.unclassified));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_parses_and_windows() {
        let p: Period = "2023-05".parse().unwrap();
        assert_eq!(p.to_string(), "2023-05");
        let (s, e) = p.data_window(14);
        assert_eq!(s, NaiveDate::from_ymd_opt(2023, 4, 15).unwrap());
        assert_eq!(e, NaiveDate::from_ymd_opt(2023, 5, 14).unwrap());
        let jan: Period = "2024-1".parse().unwrap();
        assert_eq!(jan.data_window(14).0, NaiveDate::from_ymd_opt(2023, 12, 15).unwrap());
        assert_eq!("2023-02".parse::<Period>().unwrap().day(31), NaiveDate::from_ymd_opt(2023, 2, 28).unwrap());
        for bad in ["2023", "2023-13", "23-05", "2023-5-1", "abcd-ef", ""] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_total() {
        let mut c = StatusCounts::default();
        c.add(TaskStatus::Done);
        c.add(TaskStatus::Overdue);
        c.add(TaskStatus::Done);
        assert_eq!((c.done, c.overdue, c.total(), c.completed()), (2, 1, 3, 2));
        let json = serde_json::to_value(c).unwrap();
        assert_eq!(json["done_late"], 0);
    }
}

//! What an agency says about a task's state, and percentages.

/// The state as reported, before the period-end rules of `consolidate` apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportedState {
    /// `Hoàn thành`, `Đã hoàn thành`, `HT`.
    Done,
    /// `Hoàn thành đúng hạn`.
    DoneOnTime,
    /// `Hoàn thành quá hạn`, `Hoàn thành chậm`.
    DoneLate,
    /// `Đang thực hiện`, `Đang triển khai`.
    InProgress,
    /// `Chưa thực hiện`, `Chưa triển khai`.
    NotStarted,
    /// `Thường xuyên`.
    Recurring,
}

/// A status cell's text; `None` when it is not a status.
pub fn parse_status(s: &str) -> Option<ReportedState> {
    todo!("{s}")
}

/// The state an x-mark column stands for, from its header (`Hoàn thành`,
/// `Đang thực hiện`, `Chưa thực hiện`…).
pub fn x_mark_column(header: &str) -> Option<ReportedState> {
    todo!("{header}")
}

/// Whether a cell under an x-mark column is marked (`x`, `X`, `✓`, `1`…).
pub fn is_mark(s: &str) -> bool {
    todo!("{s}")
}

/// A percentage from a number cell: `0.85` → 85, `85` → 85 (values in 0..=1 are
/// fractions, except an explicit 1 from a header that says `%`… see tests).
pub fn percent_from_number(v: f64) -> Option<f64> {
    todo!("{v}")
}

/// A percentage from text: `85%`, `85 %`, `85,5%`, `0,85`, `85`.
pub fn percent_from_text(s: &str) -> Option<f64> {
    todo!("{s}")
}

//! Dates and deadlines as agencies write them (domain.md §2).

use crate::model::Period;
use chrono::NaiveDate;

/// A parsed deadline. `text` is the agency's own wording (cleaned), kept for documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// A fixed date (a month, quarter, half-year or year resolves to its last day).
    Date { date: NaiveDate, text: String },
    /// `Thường xuyên`, `Hằng tháng`, `Hàng năm`… no fixed deadline.
    Recurring { text: String },
    /// Not understood: kept as text, flagged, never counted overdue.
    Unparsed { text: String },
}

/// Excel serial date (1900 system with its Lotus leap-year bug, or 1904 system).
pub fn excel_serial_to_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    todo!("{serial}{date1904}")
}

/// A date written as text: `30/6/2023`, `30-06-2023`, `30.6.2023`, `2023-06-30`,
/// `ngày 30 tháng 6 năm 2023`. Day-first always.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    todo!("{s}")
}

/// A deadline written as text: every form of domain.md §2 (dates, `Tháng 6/2023`,
/// `Quý II/2023`, `6 tháng đầu năm 2023`, `Năm 2023`, `Trước 15/7/2023`, recurring
/// words). Empty text gives `None`.
pub fn parse_deadline_text(s: &str) -> Option<Deadline> {
    todo!("{s}")
}

/// A place-date line anywhere in a cell: `Bảo Thắng, ngày 18 tháng 5 năm 2023`, or a
/// `Ngày báo cáo: 18/05/2023` cell.
pub fn parse_report_date(s: &str) -> Option<NaiveDate> {
    todo!("{s}")
}

/// The reporting period in a title: `... tháng 5 năm 2023`, `Tháng 05/2023`, `T5/2023`,
/// `tháng 5/2023`.
pub fn parse_period(s: &str) -> Option<Period> {
    todo!("{s}")
}

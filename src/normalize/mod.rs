//! Normalizing what agencies write: Unicode and legacy encodings, matching keys, dates,
//! deadlines, statuses, percentages and agency names. Pure functions, no I/O.

pub mod agency;
pub mod date;
pub mod legacy;
pub mod status;
pub mod text;

pub use agency::{AgencyMatch, AgencyMatcher};
pub use date::Deadline;
pub use legacy::LegacyEncoding;
pub use status::ReportedState;

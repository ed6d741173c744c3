//! baocao: agency workbooks in, Decree 30 documents out.
//!
//! Stages, in the order data flows through them:
//! `ingest` (files → raw reports) → `normalize` (used by ingest: text, dates, statuses,
//! agency names) → `consolidate` (raw reports → [`model::MonthModel`]) → `reports`
//! (month model → [`document::Document`]s via `templates/`) → `render` (PDF by typst,
//! DOCX by docx-rs) and `export` (XLSX) → `archive` (versioned output folder, manifest)
//! with `register` (outgoing document numbers). `produce` turns a job's templates into numbered documents; `pipeline` runs the
//! month's whole job as one library call; `watch` re-runs it when the inputs folder changes; `month_link` compares a month with the
//! previous one (after consolidation); `form` writes the agencies' report forms for a month; `cli` drives them.

pub mod addressing;
pub mod archive;
pub mod bounds;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod criteria;
pub mod digest;
pub mod document;
pub mod export;
pub mod form;
pub mod history;
pub mod ingest;
pub mod model;
pub mod month_link;
pub mod normalize;
pub mod pipeline;
pub mod produce;
pub mod register;
pub mod render;
pub mod reports;
pub mod serde_vi;
pub mod watch;
pub mod year;

//! baocao: agency workbooks in, Decree 30 documents out.
//!
//! Stages, in the order data flows through them:
//! `ingest` (files → raw reports) → `normalize` (used by ingest: text, dates, statuses,
//! agency names) → `consolidate` (raw reports → [`model::MonthModel`]) → `reports`
//! (month model → [`document::Document`]s via `templates/`) → `render` (PDF by typst,
//! DOCX by docx-rs) and `export` (XLSX) → `archive` (versioned output folder, manifest)
//! with `register` (outgoing document numbers). `pipeline` runs the month's whole job as
//! one library call; `watch` re-runs it when the inputs folder changes; `cli` drives them.

pub mod archive;
pub mod bounds;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod document;
pub mod export;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod register;
pub mod render;
pub mod reports;
pub mod watch;

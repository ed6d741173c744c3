//! The integration tests, one binary so typst links once (as mdBook and ripgrep do).

#[path = "../common/mod.rs"]
mod common;

mod archive;
mod bounds;
mod cli_run;
mod consolidate;
mod docx_render;
mod docx_schema;
mod e2e_month;
mod export;
mod ingest_files;
mod ingest_tables;
mod month_accuracy;
mod pdf_render;
mod reader_redteam;
mod reader_redteam2;
mod register;
mod robustness;
mod seed;
mod template;
mod watch;

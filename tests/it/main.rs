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
mod empty_month;
mod export;
mod form_check;
mod form_cycle;
mod form_resave;
mod formats;
mod ingest_files;
mod ingest_tables;
mod month_accuracy;
mod month_sheets;
mod pdf_render;
mod produce;
mod reader_redteam;
mod reader_redteam2;
mod register;
mod robustness;
mod second_author;
mod seed;
mod task_header_words;
mod template;
mod watch;
mod wrapped_titles;
mod year;
mod year_check;
mod year_independent;

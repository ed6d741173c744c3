//! Reading the inputs folder: which files are workbooks or Word reports (zip bundles are
//! opened in memory), what each sheet or table holds, and the raw task tables with their
//! title blocks. Parsing of values is left to `normalize`.

pub mod bundle;
pub mod docx;
pub mod files;
pub mod form;
pub mod grid;
pub mod intake;
pub mod month_sheets;
pub mod ods;
pub mod ole;
pub mod report;
pub mod table;
pub mod title_names;
pub mod workbook;
pub mod xlsx;

pub use intake::read_month;

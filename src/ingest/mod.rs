//! Reading the inputs folder: which files are workbooks, what each sheet holds, and the
//! raw task tables with their title blocks. Parsing of values is left to `normalize`.

pub mod files;
pub mod form;
pub mod grid;
pub mod ods;
pub mod report;
pub mod table;
pub mod workbook;
pub mod xlsx;

//! Helpers shared by the integration tests: reading back what baocao wrote.
#![allow(dead_code)]

pub mod big;
pub mod docs;
pub mod docx;
pub mod month;
pub mod pdf;
pub mod xlsx;

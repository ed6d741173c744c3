//! Renderers: one document model, two outputs (PDF by typst, DOCX by docx-rs), one layout.

pub mod layout;

pub use layout::Layout;
pub mod chart;
pub mod fonts;
pub mod pdf;
pub mod docx;

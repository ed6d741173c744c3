//! Renderers: one document model, two outputs (PDF by typst, DOCX by docx-rs), one layout.

pub mod layout;

pub use layout::Layout;

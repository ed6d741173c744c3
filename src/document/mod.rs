//! The document model and the templates that produce it.

pub mod model;

pub use model::*;

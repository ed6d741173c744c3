//! The document model and the templates that produce it.

pub mod filters;
pub mod markdown;
pub mod model;
pub mod template;

pub use model::*;

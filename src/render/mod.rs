//! Renderers: one document model, two outputs (PDF by typst, DOCX by docx-rs), one layout.
//!
//! `pdf` owns typst (world, fonts, chart drawing); `docx` owns docx-rs; `chart` is the
//! chart service between them: the DOCX writer asks it for pictures, the PDF renderer
//! provides them. Neither renderer imports the other.

pub mod chart;
pub mod docx;
pub mod layout;
pub mod pdf;

pub use layout::Layout;

use crate::document::Document;
use pdf::fonts;
use std::path::Path;

/// Resolution of chart pictures in the DOCX (as wide as the portrait text).
const CHART_DPI: f32 = 200.0;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Fonts(#[from] fonts::FontError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
}

/// Both renderers, built once per run: fonts are loaded once and the typst world is
/// reused for every document.
pub struct Renderers {
    pub pdf: pdf::PdfRenderer,
    pub docx: docx::DocxRenderer,
}

impl Renderers {
    pub fn new(font_dir: Option<&Path>) -> Result<Renderers, OutputError> {
        let fonts = fonts::FontSet::load(font_dir)?;
        Ok(Renderers { pdf: pdf::PdfRenderer::new(&fonts), docx: docx::DocxRenderer::new(Layout::decree30()) })
    }

    /// The PDF and the DOCX of one document; the DOCX gets typst's chart as a picture, so
    /// both show the same chart.
    pub fn render_both(&self, doc: &Document) -> Result<(Vec<u8>, Vec<u8>), OutputError> {
        Ok((self.pdf.render(doc)?, self.render_docx(doc)?))
    }

    /// The PDF alone.
    pub fn render_pdf(&self, doc: &Document) -> Result<Vec<u8>, OutputError> {
        Ok(self.pdf.render(doc)?)
    }

    /// The DOCX alone, its charts drawn by the PDF side's typst (callers may run it
    /// beside [`pdf::PdfRenderer::render`] on another thread).
    pub fn render_docx(&self, doc: &Document) -> Result<Vec<u8>, OutputError> {
        let charts = self.pdf.charts(self.pdf.layout().text_width_mm(), CHART_DPI);
        Ok(self.docx.render(doc, &charts)?)
    }
}

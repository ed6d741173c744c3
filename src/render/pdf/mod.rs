//! PDF through typst used as a library.
//!
//! The Decree 30 layout is written once in typst (`templates/decree30.typ`, embedded). A
//! document reaches typst only as data: `{ "layout", "font", "doc" }` serialized to JSON
//! and served as the virtual file `/data.json`, so no field can become markup. One
//! [`PdfRenderer`] is built per run and reused for every document: the template is parsed
//! once and typst's memoization carries over between renders.

mod chart;
mod diag;
pub mod fonts;
pub(crate) mod world;

pub use chart::ChartPainter;

use std::sync::Arc;

use serde::Serialize;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::document::model::{Chart, Document};
use crate::render::chart::ChartError;
use crate::render::layout::Layout;
use fonts::FontSet;
use world::{RenderWorld, Shared};

/// The Decree 30 template compiled into the binary.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/decree30.typ");
/// Name diagnostics give the default template.
pub const DEFAULT_TEMPLATE_NAME: &str = "decree30.typ";

/// Creation date written when a document has none, so drafts stay reproducible.
const FALLBACK_DATE: (i32, u8, u8) = (2000, 1, 1);

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("Lỗi dàn trang PDF theo mẫu {template}: {details}")]
    Typst { template: String, details: String },
    #[error("Lỗi khi ghi tệp PDF: {details}")]
    Export { details: String },
    #[error("Không chuyển được văn bản thành dữ liệu cho typst: {0}")]
    Data(#[from] serde_json::Error),
    #[error("Mẫu typst {name} không dùng được: {reason}")]
    Template { name: String, reason: String },
}

/// Makes PDFs of [`Document`]s; build once, render many (it is `Send + Sync`).
pub struct PdfRenderer {
    shared: Arc<Shared>,
    template_name: String,
    layout: Layout,
    family: String,
    pdf_a: bool,
}

#[derive(Serialize)]
struct DocData<'a> {
    layout: &'a Layout,
    font: &'a str,
    doc: &'a Document,
}

impl PdfRenderer {
    /// The embedded Decree 30 template, [`Layout::decree30`], PDF/A-2b.
    pub fn new(fonts: &FontSet) -> PdfRenderer {
        // The embedded template's name is a constant valid path: this cannot fail.
        PdfRenderer::with_template(fonts, DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE.to_string())
            .expect("the embedded template name is a valid virtual path")
    }

    /// Another typst template (e.g. a user's copy of `decree30.typ`); `name` is what
    /// error messages call it. It reads the same `/data.json`.
    pub fn with_template(fonts: &FontSet, name: &str, source: String) -> Result<PdfRenderer, PdfError> {
        let file = format!("/{}", name.trim_start_matches('/'));
        let shared = Shared::new(fonts, &file, source)
            .map_err(|reason| PdfError::Template { name: name.to_string(), reason })?;
        let layout = Layout::decree30();
        Ok(PdfRenderer {
            shared: Arc::new(shared),
            template_name: name.to_string(),
            family: fonts.choose_family(&layout.fonts),
            layout,
            pdf_a: true,
        })
    }

    /// Uses other layout numbers; the font family is chosen again from `layout.fonts`
    /// among the loaded fonts.
    pub fn with_layout(mut self, layout: Layout) -> PdfRenderer {
        self.family = self.shared.fonts().choose_family(&layout.fonts);
        self.layout = layout;
        self
    }

    /// PDF/A-2b (the default, for archiving) or plain PDF 1.7.
    pub fn with_pdf_a(mut self, pdf_a: bool) -> PdfRenderer {
        self.pdf_a = pdf_a;
        self
    }

    /// The font family documents are set in (`Times New Roman` when `--font-dir` gave
    /// one, else `Liberation Serif`).
    pub fn family(&self) -> &str {
        &self.family
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The PDF bytes of one document. Same document, same bytes.
    pub fn render(&self, doc: &Document) -> Result<Vec<u8>, PdfError> {
        let data = serde_json::to_vec(&DocData { layout: &self.layout, font: &self.family, doc })?;
        let ident = crate::digest::sha256_bytes(&data);
        let date = date_of(doc);
        let paged = self.compile(data, date)?;
        let standards = if self.pdf_a { vec![PdfStandard::A_2b] } else { Vec::new() };
        let options = PdfOptions {
            ident: Smart::Custom(ident),
            creator: Smart::Custom(Some("baocao".to_string())),
            timestamp: date.map(Timestamp::new_utc),
            standards: PdfStandards::new(&standards)
                .map_err(|e| PdfError::Export { details: e.message().to_string() })?,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&paged, &options).map_err(|errors| PdfError::Export {
            details: errors.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; "),
        })
    }

    /// Charts as PNG pictures `width_mm` wide at `dpi`, drawn by the same typst code as
    /// in the PDF: the chart service of the DOCX renderer.
    pub fn charts(&self, width_mm: f32, dpi: f32) -> ChartPainter<'_> {
        ChartPainter::new(self, width_mm, dpi)
    }

    /// A PNG of the chart alone, `width_mm` wide at `dpi` (see [`PdfRenderer::charts`]).
    pub fn render_chart_png(&self, chart: &Chart, width_mm: f32, dpi: f32) -> Result<Vec<u8>, ChartError> {
        use crate::render::chart::ChartImages;
        self.charts(width_mm, dpi).png(chart)
    }

    /// Lays out one data file with the shared template.
    fn compile(&self, data: Vec<u8>, today: Option<Datetime>) -> Result<PagedDocument, PdfError> {
        let world = RenderWorld::new(&self.shared, data, today);
        let result = typst::compile::<PagedDocument>(&world).output;
        // Keep memory flat over a long run; recent layouts stay cached.
        typst::comemo::evict(10);
        result.map_err(|errors| PdfError::Typst {
            template: self.template_name.clone(),
            details: diag::describe(&world, &errors),
        })
    }
}

/// The document's date, else [`FALLBACK_DATE`]; `None` only for a date typst cannot hold.
fn date_of(doc: &Document) -> Option<Datetime> {
    use chrono::Datelike;
    let (y, m, d) = FALLBACK_DATE;
    doc.meta
        .date
        .and_then(|date| {
            let month = u8::try_from(date.month()).ok()?;
            let day = u8::try_from(date.day()).ok()?;
            Datetime::from_ymd(date.year(), month, day)
        })
        .or_else(|| Datetime::from_ymd(y, m, d))
}

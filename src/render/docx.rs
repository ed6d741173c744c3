//! DOCX output through docx-rs, laid out by [`Layout`] (Decree 30/2020/NĐ-CP).
//!
//! docx-rs builds the parts; [`package`] then rewrites the archive so that the same
//! document gives the same bytes (fixed timestamps, renumbered ids) and adds what docx-rs
//! cannot write (repeated table header rows, document properties); `schema` puts the
//! XML in the order and shape the ECMA-376 schema requires, which Word enforces.

mod blocks;
mod front;
mod package;
mod schema;
mod units;

use docx_rs::{
    Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, PageSize, Paragraph, RunFonts,
    SectionProperty,
};
use thiserror::Error;

use crate::document::model::Document;
use crate::render::chart::{ChartError, ChartImages};
use crate::render::Layout;

use blocks::{BlockWriter, Child};

/// Why a DOCX could not be made. Messages are Vietnamese (they reach the clerk).
#[derive(Debug, Error)]
pub enum DocxError {
    #[error("Không tạo được ảnh biểu đồ \"{title}\": {source}")]
    Chart { title: String, source: ChartError },
    #[error("Bảng {index} không hợp lệ: {message}")]
    Table { index: usize, message: String },
    #[error("Lỗi ghi tệp DOCX: {0}")]
    Package(String),
}

/// Writes a [`Document`] as DOCX bytes. Stateless apart from the layout; `render` may be
/// called from several threads.
#[derive(Debug, Clone, Default)]
pub struct DocxRenderer {
    pub layout: Layout,
}

/// Page geometry of one section, in twips.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub width: i32,
    pub height: i32,
    pub landscape: bool,
}

impl Page {
    fn new(layout: &Layout, landscape: bool) -> Page {
        let (w, h) = (units::mm_to_twips(layout.page_width_mm), units::mm_to_twips(layout.page_height_mm));
        if landscape {
            Page { width: h, height: w, landscape }
        } else {
            Page { width: w, height: h, landscape }
        }
    }

    /// Width between the left and right margins.
    pub(crate) fn text_width(&self, layout: &Layout) -> i32 {
        self.width - units::mm_to_twips(layout.margin_left_mm) - units::mm_to_twips(layout.margin_right_mm)
    }
}

impl DocxRenderer {
    pub fn new(layout: Layout) -> DocxRenderer {
        DocxRenderer { layout }
    }

    /// Renders `doc`. `charts` draws each chart as a PNG (the PDF side's typst chart,
    /// `PdfRenderer::charts`); it receives the chart with an empty title, since the DOCX
    /// sets the title as text above the picture. The picture is scaled to the text width,
    /// keeping its aspect ratio.
    pub fn render(&self, doc: &Document, charts: &dyn ChartImages) -> Result<Vec<u8>, DocxError> {
        let l = &self.layout;
        let mut writer = BlockWriter::new(l, charts);

        // Main part: portrait; then one section per annex.
        let portrait = Page::new(l, false);
        let mut main = Vec::new();
        main.push(Child::Table(Box::new(front::header_table(l, &doc.header, portrait.text_width(l)))));
        if let Some(title) = &doc.title {
            main.extend(front::title(l, title, portrait.text_width(l)));
        }
        if let Some(r) = &doc.recipients {
            main.extend(front::recipients(l, r, portrait.text_width(l)));
        }
        main.extend(writer.blocks(&doc.body, portrait)?);
        let signature = front::signature_table(l, &doc.signature, &doc.distribution, portrait.text_width(l));
        main.push(Child::Table(Box::new(signature)));

        let mut sections = vec![(portrait, main)];
        for annex in &doc.annexes {
            let page = Page::new(l, annex.landscape);
            let mut children = front::annex_title(l, annex);
            children.extend(writer.blocks(&annex.body, page)?);
            sections.push((page, children));
        }

        let docx = self.assemble(sections);
        let mut raw = std::io::Cursor::new(Vec::new());
        docx.pack(&mut raw).map_err(|e| DocxError::Package(e.to_string()))?;
        package::finalize(&raw.into_inner(), &doc.meta)
    }

    /// Puts the sections into a docx-rs document. Each section but the last ends with an
    /// empty paragraph carrying its sectPr; the last one is the body's own sectPr.
    /// The two headers (page number; empty on page 1) are registered on the body and
    /// referenced from the first section's sectPr too: later sections keep the numbers
    /// (docx-rs' own `Section` drops one of two headers, so it is not used).
    fn assemble(&self, sections: Vec<(Page, Vec<Child>)>) -> Docx {
        let l = &self.layout;
        let font = l.fonts.first().cloned().unwrap_or_default();
        let mut docx = Docx::new()
            .default_fonts(RunFonts::new().ascii(&font).hi_ansi(&font).cs(&font).east_asia(&font))
            .default_size(units::half_points(l.body_size))
            .default_line_spacing(LineSpacing::new().before(0).after(0).line(240).line_rule(LineSpacingType::Auto))
            .header(page_number_header(l))
            .first_header(empty_header());
        let default_ref = docx.document.section_property.header_reference.clone();
        let first_ref = docx.document.section_property.first_header_reference.clone();

        let count = sections.len();
        for (i, (page, children)) in sections.into_iter().enumerate() {
            let mut sp = SectionProperty::new()
                .page_size(PageSize::new().width(page.width as u32).height(page.height as u32))
                .page_margin(self.margin());
            if page.landscape {
                sp = sp.page_orient(PageOrientationType::Landscape);
            }
            for c in children {
                docx = match c {
                    Child::Paragraph(p) => docx.add_paragraph(*p),
                    Child::Table(t) => docx.add_table(*t),
                };
            }
            if i + 1 < count {
                if i == 0 {
                    sp.header_reference = default_ref.clone();
                    sp.first_header_reference = first_ref.clone();
                    sp.title_pg = true;
                }
                let end = Paragraph::new().size(units::half_points(l.rule_thickness)).section_property(sp);
                docx = docx.add_paragraph(end);
            } else {
                let body = &mut docx.document.section_property;
                body.page_size = sp.page_size;
                body.page_margin = sp.page_margin;
                // Only the document's first page goes without a number.
                body.title_pg = i == 0;
            }
        }
        docx
    }

    fn margin(&self) -> PageMargin {
        let l = &self.layout;
        let top = units::mm_to_twips(l.margin_top_mm);
        // The page number sits in the top margin: its header starts halfway down it.
        PageMargin::new()
            .top(top)
            .bottom(units::mm_to_twips(l.margin_bottom_mm))
            .left(units::mm_to_twips(l.margin_left_mm))
            .right(units::mm_to_twips(l.margin_right_mm))
            .header(top / 2)
            .footer(units::mm_to_twips(l.margin_bottom_mm) / 2)
            .gutter(0)
    }
}

/// The default header: the page number, centred (shown from page 2: titlePg).
fn page_number_header(l: &Layout) -> Header {
    let run = docx_rs::Run::new()
        .size(units::half_points(l.page_number_size))
        .add_field_char(docx_rs::FieldCharType::Begin, false)
        .add_instr_text(docx_rs::InstrText::PAGE(docx_rs::InstrPAGE::new()))
        .add_field_char(docx_rs::FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(docx_rs::FieldCharType::End, false);
    Header::new().add_paragraph(
        Paragraph::new()
            .align(docx_rs::AlignmentType::Center)
            .size(units::half_points(l.page_number_size))
            .add_run(run),
    )
}

/// The first page's header: empty, so page 1 carries no number.
fn empty_header() -> Header {
    Header::new().add_paragraph(Paragraph::new())
}

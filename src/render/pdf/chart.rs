//! Charts drawn by typst as PNG pictures: the PDF renderer's side of the chart service
//! ([`crate::render::chart`]).
//!
//! The picture is drawn by the very same typst code as in the PDF (`bar-chart` in
//! `templates/decree30.typ`, which lays a chart out alone when its data holds `chart`
//! instead of `doc`), then rasterized by typst-render.

use serde::Serialize;
use typst::utils::Scalar;
use typst_render::RenderOptions;

use super::PdfRenderer;
use crate::document::model::Chart;
use crate::render::chart::{ChartError, ChartImages};
use crate::render::layout::Layout;

/// Accepted picture widths (mm) and resolutions (dpi): anything outside is a caller bug
/// that would otherwise make an empty or enormous picture.
const WIDTH_MM: std::ops::RangeInclusive<f32> = 20.0..=400.0;
const DPI: std::ops::RangeInclusive<f32> = 36.0..=1200.0;

#[derive(Serialize)]
struct ChartData<'a> {
    layout: &'a Layout,
    font: &'a str,
    chart: &'a Chart,
    width_mm: f32,
}

/// Chart pictures `width_mm` wide at `dpi`, drawn by a [`PdfRenderer`]'s template, fonts
/// and layout (made by [`PdfRenderer::charts`]).
pub struct ChartPainter<'a> {
    renderer: &'a PdfRenderer,
    width_mm: f32,
    dpi: f32,
}

impl<'a> ChartPainter<'a> {
    pub(super) fn new(renderer: &'a PdfRenderer, width_mm: f32, dpi: f32) -> ChartPainter<'a> {
        ChartPainter { renderer, width_mm, dpi }
    }
}

impl ChartImages for ChartPainter<'_> {
    fn png(&self, chart: &Chart) -> Result<Vec<u8>, ChartError> {
        render_png(self.renderer, chart, self.width_mm, self.dpi)
    }
}

fn render_png(renderer: &PdfRenderer, chart: &Chart, width_mm: f32, dpi: f32) -> Result<Vec<u8>, ChartError> {
    if !WIDTH_MM.contains(&width_mm) {
        return Err(ChartError::Width { width_mm, min: *WIDTH_MM.start(), max: *WIDTH_MM.end() });
    }
    if !DPI.contains(&dpi) {
        return Err(ChartError::Resolution { dpi, min: *DPI.start(), max: *DPI.end() });
    }
    let layout = renderer.layout();
    let data = serde_json::to_vec(&ChartData { layout, font: renderer.family(), chart, width_mm })
        .map_err(|e| ChartError::Drawing(Box::new(e)))?;
    let paged = renderer.compile(data, None).map_err(|e| ChartError::Drawing(Box::new(e)))?;
    let page = paged.pages().first().ok_or(ChartError::NoPage)?;
    let options = RenderOptions { pixel_per_pt: Scalar::new(f64::from(dpi) / 72.0), render_bleed: false };
    typst_render::render(page, &options).encode_png().map_err(|e| ChartError::Drawing(Box::new(e)))
}

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
    let pixmap = typst_render::render(page, &options);
    encode_png(pixmap.width(), pixmap.height(), pixmap.data()).map_err(|e| ChartError::Drawing(Box::new(e)))
}

/// An RGB PNG of premultiplied RGBA pixels laid on white (the chart page is filled white,
/// so every pixel is opaque and nothing is lost by dropping alpha).
///
/// The level was chosen by measure on a month's chart (1299 × 1162 px): the encoder's
/// default spends ~20 ms for 162 KB; `Fast` with adaptive filtering takes ~5 ms for
/// 248 KB, and slower levels cost 4–40× the time for a few KB. See docs/architecture.md
/// (Speed).
fn encode_png(width: u32, height: u32, premultiplied: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = premultiplied
        .chunks_exact(4)
        .flat_map(|p| {
            // Over white: colour + (1 − alpha) × white, which for premultiplied pixels is
            // c + 255 − a, exact for opaque ones.
            let over = 255 - p[3];
            [p[0].saturating_add(over), p[1].saturating_add(over), p[2].saturating_add(over)]
        })
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 4);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    encoder.write_header()?.write_image_data(&rgb)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::encode_png;

    #[test]
    fn pictures_are_rgb_over_white() {
        // Premultiplied: opaque red, fully transparent, half-transparent red.
        let pixels = [255, 0, 0, 255, 0, 0, 0, 0, 128, 0, 0, 128];
        let png = encode_png(3, 1, &pixels).expect("encodes");
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("one frame");
        assert_eq!((info.width, info.height, info.color_type), (3, 1, png::ColorType::Rgb));
        assert_eq!(&buf[..9], &[255, 0, 0, 255, 255, 255, 255, 127, 127]);
    }
}

//! Charts as PNG pictures for the DOCX renderer.
//!
//! Word has no typst, so the DOCX embeds a picture of the chart. It is drawn by the very
//! same typst code as in the PDF (`bar-chart` in `templates/decree30.typ`, which lays a
//! chart out alone when its data holds `chart` instead of `doc`), then rasterized by
//! typst-render: both documents show the same chart.

use serde::Serialize;
use typst::utils::Scalar;
use typst_render::RenderOptions;

use crate::document::model::Chart;
use crate::render::layout::Layout;
use crate::render::pdf::{PdfRenderer, RenderError};

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

/// The JSON the template reads for a chart alone.
pub(crate) fn payload(layout: &Layout, font: &str, chart: &Chart, width_mm: f32) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&ChartData { layout, font, chart, width_mm })
}

/// Width in pixels of a chart picture `width_mm` wide at `dpi` (the DOCX renderer sizes
/// the picture with it).
pub fn pixel_width(width_mm: f32, dpi: f32) -> u32 {
    (f64::from(width_mm) / 25.4 * f64::from(dpi)).round().max(1.0) as u32
}

pub(crate) fn render_png(
    renderer: &PdfRenderer,
    chart: &Chart,
    width_mm: f32,
    dpi: f32,
) -> Result<Vec<u8>, RenderError> {
    if !WIDTH_MM.contains(&width_mm) {
        return Err(RenderError::Chart {
            reason: format!("chiều rộng {width_mm} mm nằm ngoài khoảng {}–{} mm", WIDTH_MM.start(), WIDTH_MM.end()),
        });
    }
    if !DPI.contains(&dpi) {
        return Err(RenderError::Chart {
            reason: format!("độ phân giải {dpi} dpi nằm ngoài khoảng {}–{} dpi", DPI.start(), DPI.end()),
        });
    }
    let data = renderer.chart_data(chart, width_mm)?;
    let paged = renderer.compile(data, None)?;
    let page = paged
        .pages()
        .first()
        .ok_or_else(|| RenderError::Chart { reason: "mẫu typst không tạo ra trang nào".to_string() })?;
    let options = RenderOptions { pixel_per_pt: Scalar::new(f64::from(dpi) / 72.0), render_bleed: false };
    typst_render::render(page, &options).encode_png().map_err(|e| RenderError::Chart { reason: e.to_string() })
}

//! The chart service: pictures of charts for renderers that cannot draw them.
//!
//! The PDF draws its charts itself (typst). Word has no chart language baocao could use
//! the same way, so the DOCX writer embeds a PNG it asks a [`ChartImages`] for. The PDF
//! renderer provides one ([`crate::render::pdf::ChartPainter`]) that draws with the very
//! same typst code, so both documents show the same chart. This module knows no
//! renderer: the PDF side implements it, the DOCX side consumes it.

use crate::document::model::Chart;

/// Hands out a chart as a PNG picture.
pub trait ChartImages {
    /// A PNG of `chart` (the caller sets the title as text; it passes the chart with the
    /// title it wants drawn, usually none).
    fn png(&self, chart: &Chart) -> Result<Vec<u8>, ChartError>;
}

/// Any function from a chart to PNG bytes is a chart service (tests, other drawers).
impl<F> ChartImages for F
where
    F: Fn(&Chart) -> Result<Vec<u8>, ChartError>,
{
    fn png(&self, chart: &Chart) -> Result<Vec<u8>, ChartError> {
        self(chart)
    }
}

/// Why a chart picture could not be made. Messages are Vietnamese (they reach the clerk).
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("Không vẽ được biểu đồ thành ảnh PNG: chiều rộng {width_mm} mm nằm ngoài khoảng {min}–{max} mm")]
    Width { width_mm: f32, min: f32, max: f32 },
    #[error("Không vẽ được biểu đồ thành ảnh PNG: độ phân giải {dpi} dpi nằm ngoài khoảng {min}–{max} dpi")]
    Resolution { dpi: f32, min: f32, max: f32 },
    /// The drawing engine failed (for the PDF side: typst's layout or PNG encoding).
    #[error("Không vẽ được biểu đồ thành ảnh PNG: {0}")]
    Drawing(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("Không vẽ được biểu đồ thành ảnh PNG: mẫu không tạo ra trang nào")]
    NoPage,
    /// What the service returned is not a PNG the renderer can size.
    #[error("ảnh không phải PNG hợp lệ")]
    NotPng,
}

/// Width in pixels of a chart picture `width_mm` wide at `dpi` (the DOCX renderer sizes
/// the picture with it).
pub fn pixel_width(width_mm: f32, dpi: f32) -> u32 {
    (f64::from(width_mm) / 25.4 * f64::from(dpi)).round().max(1.0) as u32
}

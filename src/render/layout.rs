//! The Decree 30/2020/NĐ-CP layout, written once. Both renderers read this struct: the
//! DOCX writer directly, typst as data (it is serialized into the JSON typst reads).

use serde::Serialize;

/// Sizes in points unless the name says mm; lengths of rules as fractions of the text
/// they underline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    /// Font family names, in order of preference. The first one found is used.
    pub fonts: Vec<String>,
    /// Parent and issuing authority, national title (12–13 pt).
    pub header_size: f32,
    /// `Số: …`, motto, place-date, type name, subject, body (13–14 pt).
    pub number_size: f32,
    pub subject_cv_size: f32,
    pub motto_size: f32,
    pub place_date_size: f32,
    pub title_size: f32,
    pub body_size: f32,
    /// `Nơi nhận:` label (12 pt bold italic) and its list (11 pt).
    pub distribution_label_size: f32,
    pub distribution_size: f32,
    pub signature_size: f32,
    pub table_size: f32,
    pub page_number_size: f32,
    /// First-line indent of body paragraphs.
    pub first_line_indent_mm: f32,
    /// Space after each body paragraph (≥ 6 pt).
    pub paragraph_spacing: f32,
    /// Line spacing as a multiple of single (1.0–1.5).
    pub line_spacing: f32,
    /// Width of the header's left column as a fraction of the text width.
    pub header_left_fraction: f32,
    /// Rule under the issuing authority, as a fraction of that text's width (1/3–1/2).
    pub authority_rule_fraction: f32,
    /// Rule under the motto, as a fraction of the motto's width (as long as the text).
    pub motto_rule_fraction: f32,
    /// Rule under a document subject, in mm (short).
    pub subject_rule_mm: f32,
    /// Line thickness of rules, in points.
    pub rule_thickness: f32,
    /// Vertical room left for signature and seal, in mm.
    pub signature_space_mm: f32,
    /// Space above the công văn `V/v` subject, in points.
    pub subject_cv_space_above: f32,
}

impl Layout {
    pub fn decree30() -> Layout {
        Layout {
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_top_mm: 20.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 30.0,
            margin_right_mm: 15.0,
            fonts: vec!["Times New Roman".into(), "Liberation Serif".into()],
            header_size: 13.0,
            number_size: 13.0,
            subject_cv_size: 12.0,
            motto_size: 14.0,
            place_date_size: 14.0,
            title_size: 14.0,
            body_size: 14.0,
            distribution_label_size: 12.0,
            distribution_size: 11.0,
            signature_size: 14.0,
            table_size: 12.0,
            page_number_size: 13.0,
            first_line_indent_mm: 12.7,
            paragraph_spacing: 6.0,
            line_spacing: 1.15,
            header_left_fraction: 0.40,
            authority_rule_fraction: 0.40,
            motto_rule_fraction: 1.0,
            subject_rule_mm: 30.0,
            rule_thickness: 0.5,
            signature_space_mm: 28.0,
            subject_cv_space_above: 6.0,
        }
    }

    /// Text width in mm for the portrait page.
    pub fn text_width_mm(&self) -> f32 {
        self.page_width_mm - self.margin_left_mm - self.margin_right_mm
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout::decree30()
    }
}

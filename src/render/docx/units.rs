//! Unit conversions (mm, pt → twips, half-points, EMU) and a text width estimate.

/// Millimetres to twips (1/1440 inch).
pub(crate) fn mm_to_twips(mm: f32) -> i32 {
    (f64::from(mm) / 25.4 * 1440.0).round() as i32
}

/// Points to twips.
pub(crate) fn pt_to_twips(pt: f32) -> i32 {
    (f64::from(pt) * 20.0).round() as i32
}

/// Points to the half-points of `w:sz`.
pub(crate) fn half_points(pt: f32) -> usize {
    (f64::from(pt) * 2.0).round().max(1.0) as usize
}

/// Twips to EMU (914400 per inch).
pub(crate) fn twips_to_emu(twips: i32) -> u32 {
    (i64::from(twips.max(0)) * 635).min(i64::from(u32::MAX)) as u32
}

/// Line spacing multiple to the `w:line` value of auto spacing (240 = single).
pub(crate) fn line_240(multiple: f32) -> i32 {
    (f64::from(multiple) * 240.0).round() as i32
}

/// Rough width of `text` in Times New Roman at `size` points, in twips.
///
/// The rules under the issuing authority and the motto are measured against their text;
/// DOCX has no text measurement, so the width is estimated from Times' average advance
/// widths per character class (em fractions). Good to a few percent for these lines.
pub(crate) fn text_width_twips(text: &str, size: f32, bold: bool) -> i32 {
    let em: f64 = text
        .chars()
        .map(|c| {
            if c == ' ' {
                0.25
            } else if matches!(c, 'I' | 'J' | 'Ì' | 'Í' | 'Ĩ' | 'Ỉ' | 'Ị') {
                0.39
            } else if c.is_uppercase() {
                if bold {
                    0.74
                } else {
                    0.70
                }
            } else if c.is_lowercase() {
                if bold {
                    0.50
                } else {
                    0.46
                }
            } else if c.is_ascii_digit() {
                0.5
            } else {
                0.33
            }
        })
        .sum();
    (em * f64::from(size) * 20.0).round() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_in_twips() {
        assert_eq!(mm_to_twips(210.0), 11906);
        assert_eq!(mm_to_twips(297.0), 16838);
        assert_eq!(mm_to_twips(20.0), 1134);
        assert_eq!(mm_to_twips(30.0), 1701);
        assert_eq!(mm_to_twips(15.0), 850);
    }

    #[test]
    fn sizes() {
        assert_eq!(half_points(13.0), 26);
        assert_eq!(half_points(14.0), 28);
        assert_eq!(pt_to_twips(6.0), 120);
        assert_eq!(line_240(1.15), 276);
        assert_eq!(twips_to_emu(1440), 914_400);
    }

    #[test]
    fn width_estimate_is_plausible() {
        // "Độc lập - Tự do - Hạnh phúc", bold 14 pt, measures about 62 mm in Times.
        let mm = f64::from(text_width_twips("Độc lập - Tự do - Hạnh phúc", 14.0, true)) / 1440.0 * 25.4;
        assert!((55.0..70.0).contains(&mm), "{mm}");
    }
}

//! Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI) read as if they were Latin-1 /
//! Windows-1252 text, converted to Unicode.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN3 (ABC): fonts `.VnTime`, `.VnArial`…; `.VnTimeH` etc. are the capitals fonts.
    Tcvn3,
    /// VNI: fonts `VNI-Times`, `VNI-Helve`…
    Vni,
}

/// The encoding a font name implies, and whether it is a capitals-only font
/// (`.VnTimeH`: lowercase code points show as capitals).
pub fn font_encoding(font_name: &str) -> Option<(LegacyEncoding, bool)> {
    todo!("{font_name}")
}

/// Guesses from the text alone whether it is legacy-encoded. Must not fire on real
/// Unicode Vietnamese or on plain ASCII.
pub fn detect(s: &str) -> Option<LegacyEncoding> {
    todo!("{s}")
}

/// Converts legacy-encoded text to NFC Unicode.
pub fn decode(s: &str, enc: LegacyEncoding, capitals_font: bool) -> String {
    todo!("{s}{enc:?}{capitals_font}")
}

/// Converts Unicode Vietnamese to the legacy encoding (for tests and samples).
pub fn encode(s: &str, enc: LegacyEncoding) -> String {
    todo!("{s}{enc:?}")
}

/// The cell text as Unicode: by its font when the font names a legacy encoding, else by
/// the text's own signature, else unchanged.
pub fn to_unicode(s: &str, font: Option<&str>) -> String {
    todo!("{s}{font:?}")
}

//! Fonts for the PDF renderer, loaded once per run.
//!
//! Liberation Serif (metric-compatible with Times New Roman, SIL OFL) is compiled into the
//! binary so a PDF never depends on the machine it is made on. `--font-dir` adds the fonts
//! of one folder, so a real Times New Roman is used where the licence allows it. The
//! system's fonts are never scanned.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// The family compiled into the binary; always present.
pub const EMBEDDED_FAMILY: &str = "Liberation Serif";

const EMBEDDED: [(&str, &[u8]); 4] = [
    ("LiberationSerif-Regular.ttf", include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf")),
    ("LiberationSerif-Bold.ttf", include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf")),
    ("LiberationSerif-Italic.ttf", include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf")),
    ("LiberationSerif-BoldItalic.ttf", include_bytes!("../../../assets/fonts/LiberationSerif-BoldItalic.ttf")),
];

const FONT_EXTENSIONS: [&str; 3] = ["ttf", "otf", "ttc"];

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("Không đọc được thư mục phông chữ {dir}: {source}")]
    DirUnreadable { dir: PathBuf, source: std::io::Error },
    #[error("Không đọc được tệp phông chữ {path}: {source}")]
    FileUnreadable { path: PathBuf, source: std::io::Error },
    #[error("Thư mục phông chữ {dir} không có tệp .ttf, .otf hoặc .ttc nào dùng được")]
    NoFonts { dir: PathBuf },
    #[error("Phông chữ nhúng sẵn {name} bị hỏng")]
    EmbeddedInvalid { name: &'static str },
}

/// All fonts typst may use, with their metadata book.
#[derive(Debug, Clone)]
pub struct FontSet {
    fonts: Vec<Font>,
    book: FontBook,
    skipped: Vec<PathBuf>,
}

impl FontSet {
    /// The embedded Liberation Serif plus, when `font_dir` is given, every `.ttf`, `.otf`
    /// and `.ttc` directly in that folder (files that are not valid fonts are skipped and
    /// listed by [`FontSet::skipped`]).
    pub fn load(font_dir: Option<&Path>) -> Result<FontSet, FontError> {
        let mut fonts = Vec::new();
        for (name, data) in EMBEDDED {
            let font = Font::new(Bytes::new(data), 0).ok_or(FontError::EmbeddedInvalid { name })?;
            fonts.push(font);
        }
        let mut skipped = Vec::new();
        if let Some(dir) = font_dir {
            let found = load_dir(dir, &mut fonts, &mut skipped)?;
            if found == 0 {
                return Err(FontError::NoFonts { dir: dir.to_path_buf() });
            }
        }
        let book = FontBook::from_fonts(&fonts);
        Ok(FontSet { fonts, book, skipped })
    }

    /// Only the embedded Liberation Serif.
    pub fn embedded() -> Result<FontSet, FontError> {
        FontSet::load(None)
    }

    /// The first family of `preferred` (e.g. `Layout::fonts`) that is loaded, else the
    /// embedded one. This is the family the documents are set in.
    pub fn choose_family<S: AsRef<str>>(&self, preferred: &[S]) -> String {
        preferred.iter().map(|f| f.as_ref()).find(|f| self.has_family(f)).unwrap_or(EMBEDDED_FAMILY).to_string()
    }

    /// Whether a family (case-insensitive, as typst matches) is loaded.
    pub fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }

    /// Loaded family names, sorted, without repeats.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self.fonts.iter().map(|f| f.info().family.clone()).collect();
        names.sort();
        names.dedup();
        names
    }

    /// Number of font faces loaded (embedded ones included).
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }

    /// Files of the font folder that were not valid fonts.
    pub fn skipped(&self) -> &[PathBuf] {
        &self.skipped
    }

    pub(crate) fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    pub(crate) fn book(&self) -> &FontBook {
        &self.book
    }
}

/// Loads the fonts of one folder in file-name order (so the font book, hence the output,
/// does not depend on directory iteration order). Returns how many faces were added.
fn load_dir(dir: &Path, fonts: &mut Vec<Font>, skipped: &mut Vec<PathBuf>) -> Result<usize, FontError> {
    let unreadable = |source| FontError::DirUnreadable { dir: dir.to_path_buf(), source };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let is_font = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FONT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if is_font && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let before = fonts.len();
    for path in paths {
        let data = std::fs::read(&path).map_err(|source| FontError::FileUnreadable { path: path.clone(), source })?;
        let faces: Vec<Font> = Font::iter(Bytes::new(data)).collect();
        if faces.is_empty() {
            skipped.push(path);
        } else {
            fonts.extend(faces);
        }
    }
    Ok(fonts.len() - before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_has_four_liberation_faces() {
        let set = FontSet::embedded().expect("embedded fonts");
        assert_eq!(set.len(), 4);
        assert_eq!(set.families(), vec!["Liberation Serif".to_string()]);
        assert_eq!(set.choose_family(&["Times New Roman", "Liberation Serif"]), "Liberation Serif");
    }

    #[test]
    fn font_dir_adds_fonts_and_skips_junk() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("junk.ttf"), b"not a font").expect("write");
        std::fs::write(dir.path().join("readme.txt"), b"x").expect("write");
        let err = FontSet::load(Some(dir.path())).expect_err("no usable font");
        assert!(matches!(err, FontError::NoFonts { .. }), "{err}");

        std::fs::write(dir.path().join("serif.ttf"), EMBEDDED[0].1).expect("write");
        let set = FontSet::load(Some(dir.path())).expect("fonts");
        assert_eq!(set.len(), 5);
        assert_eq!(set.skipped(), &[dir.path().join("junk.ttf")]);
    }

    #[test]
    fn missing_dir_is_an_error() {
        let err = FontSet::load(Some(Path::new("/nonexistent/fonts"))).expect_err("missing dir");
        assert!(err.to_string().contains("/nonexistent/fonts"), "{err}");
    }
}

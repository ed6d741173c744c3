//! The typst `World` of the PDF renderer: one template, one data file, embedded fonts.
//!
//! Nothing is read from disk or network while compiling: the template source and the
//! fonts are loaded once ([`Shared`]); each render only swaps the JSON data file
//! ([`RenderWorld`]), so typst's memoization reuses the parsed template, the font
//! metadata and every layout that the data change does not touch.

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontSet;

/// Virtual path of the data file the template reads with `json(...)`.
pub const DATA_PATH: &str = "/data.json";

/// What every render shares: the standard library, fonts and the parsed template.
pub struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    set: FontSet,
    main: Source,
    data_id: FileId,
}

impl Shared {
    /// `template_name` is the virtual file name diagnostics show (e.g. `decree30.typ`).
    pub fn new(fonts: &FontSet, template_name: &str, template: String) -> Result<Shared, String> {
        let main_id = project_file(template_name)?;
        Ok(Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book().clone()),
            set: fonts.clone(),
            main: Source::new(main_id, template),
            data_id: project_file(DATA_PATH)?,
        })
    }
}

impl Shared {
    pub fn fonts(&self) -> &FontSet {
        &self.set
    }
}

fn project_file(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("đường dẫn ảo {path} không hợp lệ: {e}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The world of one render: the shared parts plus this document's data.
pub struct RenderWorld<'a> {
    shared: &'a Shared,
    data: Bytes,
    today: Option<Datetime>,
}

impl<'a> RenderWorld<'a> {
    pub fn new(shared: &'a Shared, data: Vec<u8>, today: Option<Datetime>) -> Self {
        RenderWorld { shared, data: Bytes::new(data), today }
    }

    fn missing(&self, id: FileId) -> FileError {
        match id.root() {
            VirtualRoot::Package(spec) => FileError::Package(PackageError::Other(Some(
                format!("không dùng được gói {spec}: trình tạo PDF không tải gói typst (không dùng mạng)").into(),
            ))),
            VirtualRoot::Project => FileError::NotFound(std::path::PathBuf::from(id.vpath().get_with_slash())),
        }
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main.id() {
            Ok(self.shared.main.clone())
        } else if id == self.shared.data_id {
            Err(FileError::NotSource)
        } else {
            Err(self.missing(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data_id {
            Ok(self.data.clone())
        } else if id == self.shared.main.id() {
            Ok(Bytes::from_string(self.shared.main.text().to_string()))
        } else {
            Err(self.missing(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.set.fonts().get(index).cloned()
    }

    /// The document's own date (never the clock), so output stays reproducible.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

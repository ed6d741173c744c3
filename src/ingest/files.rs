//! The inputs folder: which entries are workbooks worth reading, and what everything else
//! is (lock files, stray documents, files only named like workbooks). Sniffing looks at
//! the first bytes, so a file's real format wins over its extension.

use crate::model::FileRole;
use chrono::NaiveDateTime;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are not read at all (a month's report is a few hundred KiB).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// How many leading bytes discovery reads to tell formats apart.
const HEAD_BYTES: u64 = 8 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// The file name as it appears in the folder.
    pub name: String,
    pub path: PathBuf,
    /// Modification time, local time.
    pub modified: Option<NaiveDateTime>,
    pub size: u64,
    pub kind: InputKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Xlsx,
    Xls,
    Ods,
    /// A Word report (`.docx`).
    Docx,
    /// An old binary Word document (`.doc`): listed with a message asking for `.docx`.
    Doc,
    /// A zip bundle of reports, opened in memory.
    Zip,
    Skip {
        reason: SkipReason,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Office/LibreOffice lock file of an open workbook (`~$…`, `.~lock.…#`).
    LockFile,
    /// `desktop.ini`, `Thumbs.db`, `.DS_Store`, other dot files.
    SystemFile,
    /// Not named as a workbook (`.txt`, `.pdf`, `.docx`…).
    NotAWorkbook,
    Directory,
    Symlink,
    /// Named `.xls`/`.xlsx`/`.ods` but really something else; `actual` says what.
    Disguised {
        actual: &'static str,
    },
    /// A workbook name on a 0-byte file.
    Empty,
    TooLarge,
    /// A RAR or 7-Zip archive, which is not opened; `format` names it.
    OtherArchive {
        format: &'static str,
    },
}

impl SkipReason {
    /// Vietnamese explanation for the clerk (the file name is shown beside it).
    pub fn message(&self) -> String {
        match self {
            SkipReason::LockFile => {
                "tệp khóa tạm của Excel/LibreOffice (sinh ra khi bảng tính đang mở), bỏ qua".to_string()
            }
            SkipReason::SystemFile => "tệp hệ thống hoặc tệp ẩn, bỏ qua".to_string(),
            SkipReason::NotAWorkbook => {
                "không phải bảng tính (.xlsx, .xls, .ods), văn bản Word (.docx) hay tệp nén .zip, bỏ qua".to_string()
            }
            SkipReason::Directory => "là một thư mục, không đọc các tệp bên trong thư mục con".to_string(),
            SkipReason::Symlink => {
                "là liên kết tắt (symlink), không đọc: hãy chép chính tệp bảng tính vào thư mục đầu vào".to_string()
            }
            SkipReason::Disguised { actual } => {
                format!("mang tên bảng tính nhưng thực chất là {actual}; {}", disguised_advice(actual))
            }
            SkipReason::Empty => {
                "tệp rỗng (0 byte), có thể gửi hoặc tải về bị lỗi; hãy đề nghị đơn vị gửi lại".to_string()
            }
            SkipReason::TooLarge => format!(
                "tệp quá lớn (trên {} MiB) so với một báo cáo tháng, không đọc; hãy kiểm tra lại tệp",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            SkipReason::OtherArchive { format } => format!(
                "là tệp nén {format}, chương trình không mở loại này: hãy giải nén rồi chép chính các tệp báo cáo \
                 (.xlsx, .xls, .ods, .docx) vào thư mục đầu vào, hoặc đề nghị đơn vị gửi các tệp đó (hoặc tệp nén .zip)"
            ),
        }
    }

    /// True when the clerk has to do something about the file (it looks like a report but
    /// cannot be read); false for files that are simply not reports.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            SkipReason::Disguised { .. } | SkipReason::Empty | SkipReason::TooLarge | SkipReason::OtherArchive { .. }
        )
    }

    /// The role the file gets in `tong-hop.json`.
    pub fn role(&self) -> FileRole {
        if self.is_error() {
            FileRole::Unreadable
        } else {
            FileRole::Ignored
        }
    }
}

impl InputFile {
    pub fn is_workbook(&self) -> bool {
        !matches!(self.kind, InputKind::Skip { .. })
    }

    /// For a skipped entry: its role and a message that names the file.
    pub fn skip(&self) -> Option<(FileRole, String)> {
        match &self.kind {
            InputKind::Skip { reason } => Some((reason.role(), format!("«{}»: {}", self.name, reason.message()))),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("không tìm thấy thư mục đầu vào «{}»", .0.display())]
    MissingDir(PathBuf),
    #[error("«{}» không phải là thư mục (cần thư mục chứa các bảng tính báo cáo)", .0.display())]
    NotADir(PathBuf),
    #[error("không đọc được thư mục đầu vào «{}»: {source}", .path.display())]
    ReadDir { path: PathBuf, source: std::io::Error },
}

/// Every entry of `dir` (not recursive), sorted by name. Nothing is followed (symlinks),
/// opened for writing or changed.
pub fn discover(dir: &Path) -> Result<Vec<InputFile>, IngestError> {
    let meta = fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => IngestError::MissingDir(dir.to_path_buf()),
        _ => IngestError::ReadDir { path: dir.to_path_buf(), source: e },
    })?;
    if !meta.is_dir() {
        return Err(IngestError::NotADir(dir.to_path_buf()));
    }
    let entries = fs::read_dir(dir).map_err(|e| IngestError::ReadDir { path: dir.to_path_buf(), source: e })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::ReadDir { path: dir.to_path_buf(), source: e })?;
        files.push(describe(&entry.path(), entry.file_name().to_string_lossy().into_owned()));
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn describe(path: &Path, name: String) -> InputFile {
    // symlink_metadata: a link is described as a link, never followed.
    let meta = fs::symlink_metadata(path).ok();
    let modified =
        meta.as_ref().and_then(|m| m.modified().ok()).map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local());
    let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
    let kind = classify(path, &name, meta.as_ref());
    InputFile { name, path: path.to_path_buf(), modified, size, kind }
}

fn skip(reason: SkipReason) -> InputKind {
    InputKind::Skip { reason }
}

fn classify(path: &Path, name: &str, meta: Option<&fs::Metadata>) -> InputKind {
    if let Some(reason) = name_reason(name) {
        return skip(reason);
    }
    let Some(meta) = meta else {
        // Vanished between listing and stat: let reading report it.
        return expected_kind(name).unwrap_or(skip(SkipReason::NotAWorkbook));
    };
    let ft = meta.file_type();
    if ft.is_symlink() {
        return skip(SkipReason::Symlink);
    }
    if ft.is_dir() {
        return skip(SkipReason::Directory);
    }
    if !ft.is_file() {
        return skip(SkipReason::SystemFile);
    }
    if let Some(format) = other_archive(name) {
        return skip(SkipReason::OtherArchive { format });
    }
    let Some(expected) = expected_kind(name) else {
        return skip(SkipReason::NotAWorkbook);
    };
    if meta.len() == 0 {
        return skip(SkipReason::Empty);
    }
    if meta.len() > MAX_FILE_BYTES {
        return skip(SkipReason::TooLarge);
    }
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head));
    if read.is_err() {
        // Unreadable (permissions…): reading the workbook reports the error with the file name.
        return expected;
    }
    kind_of(expected, sniff(&head))
}

/// The kind of an entry named as `expected` whose leading bytes sniff as `sniffed` (the
/// bytes win; within a container format the name tells which document to expect).
pub fn kind_of(expected: InputKind, sniffed: Sniffed) -> InputKind {
    match sniffed {
        Sniffed::Zip => match expected {
            InputKind::Docx | InputKind::Doc => InputKind::Docx,
            InputKind::Zip => InputKind::Zip,
            _ => InputKind::Xlsx,
        },
        Sniffed::Ods => InputKind::Ods,
        Sniffed::Cfb => match expected {
            InputKind::Docx | InputKind::Doc => InputKind::Doc,
            _ => InputKind::Xls,
        },
        Sniffed::Other(actual) => skip(SkipReason::Disguised { actual }),
        Sniffed::Unknown => expected,
    }
}

/// Names that are never reports, whatever they contain.
pub fn name_reason(name: &str) -> Option<SkipReason> {
    let lower = name.to_lowercase();
    if name.starts_with("~$") || name.starts_with(".~lock.") {
        return Some(SkipReason::LockFile);
    }
    if matches!(lower.as_str(), "desktop.ini" | "thumbs.db" | "ehthumbs.db" | ".ds_store") || name.starts_with('.') {
        return Some(SkipReason::SystemFile);
    }
    None
}

/// The kind a file name promises, if any.
pub fn expected_kind(name: &str) -> Option<InputKind> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xltx" | "xltm" | "xlsb" => Some(InputKind::Xlsx),
        "xls" | "xlt" => Some(InputKind::Xls),
        "ods" | "ots" => Some(InputKind::Ods),
        "docx" | "docm" | "dotx" | "dotm" => Some(InputKind::Docx),
        "doc" | "dot" => Some(InputKind::Doc),
        "zip" => Some(InputKind::Zip),
        _ => None,
    }
}

/// Archive formats that are not opened (only zip is), by name.
pub fn other_archive(name: &str) -> Option<&'static str> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "rar" => Some("RAR (.rar)"),
        "7z" => Some("7-Zip (.7z)"),
        _ => None,
    }
}

/// What the clerk can do about a file that is not the workbook its name says. Excel opens
/// HTML, CSV, text and XML 2003 and can save them properly; not PDF or word processing files.
pub fn disguised_advice(actual: &str) -> &'static str {
    if [RAR, SEVEN_ZIP].contains(&actual) {
        "hãy giải nén rồi chép chính các tệp báo cáo vào thư mục đầu vào"
    } else if [PDF, RTF, ODT, OTHER_ODF, EMPTY_ZIP].contains(&actual) {
        "hãy đề nghị đơn vị gửi lại đúng tệp bảng tính Excel (.xlsx)"
    } else {
        "hãy mở bằng Excel rồi lưu lại dạng .xlsx (Tệp > Lưu thành > Sổ làm việc Excel), \
         hoặc đề nghị đơn vị gửi lại tệp Excel"
    }
}

const PDF: &str = "tệp PDF";
const RTF: &str = "văn bản RTF";
const ODT: &str = "văn bản OpenDocument (.odt)";
const OTHER_ODF: &str = "tệp OpenDocument không phải bảng tính";
const EMPTY_ZIP: &str = "tệp nén zip rỗng";
const RAR: &str = "tệp nén RAR";
const SEVEN_ZIP: &str = "tệp nén 7-Zip";

/// What the leading bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip archive that is not an OpenDocument file (xlsx, or to be checked).
    Zip,
    /// A zip whose first entry is the OpenDocument spreadsheet `mimetype`.
    Ods,
    /// OLE compound file: xls, or an encrypted xlsx, or another Office 97 document.
    Cfb,
    /// Not a workbook at all; a Vietnamese description of what it is.
    Other(&'static str),
    Unknown,
}

const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

pub fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first: name at 30, content at 38.
        if head.get(30..38) == Some(b"mimetype") {
            let content = head.get(38..).unwrap_or_default();
            if content.starts_with(ODS_MIME) {
                return Sniffed::Ods;
            }
            if content.starts_with(b"application/vnd.oasis.opendocument.text") {
                return Sniffed::Other(ODT);
            }
            return Sniffed::Other(OTHER_ODF);
        }
        return Sniffed::Zip;
    }
    if head.starts_with(b"PK\x05\x06") {
        return Sniffed::Other(EMPTY_ZIP);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Cfb;
    }
    if head.starts_with(b"Rar!\x1a\x07") {
        return Sniffed::Other(RAR);
    }
    if head.starts_with(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        return Sniffed::Other(SEVEN_ZIP);
    }
    if head.starts_with(b"%PDF") {
        return Sniffed::Other(PDF);
    }
    if head.starts_with(b"{\\rtf") {
        return Sniffed::Other(RTF);
    }
    text_kind(head).map_or(Sniffed::Unknown, Sniffed::Other)
}

/// HTML, XML Spreadsheet 2003, CSV or plain text, judged from text content.
fn text_kind(head: &[u8]) -> Option<&'static str> {
    let (body, utf16) = strip_bom(head);
    let text: String = if utf16 {
        // UTF-16LE: keep the ASCII bytes, which is all the markers need.
        body.iter().step_by(2).map(|&b| b as char).collect()
    } else {
        if body.contains(&0) {
            return None;
        }
        // A cut in the middle of a multibyte character at the end is fine.
        let valid = match std::str::from_utf8(body) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return legacy_text(body),
        };
        String::from_utf8_lossy(&body[..valid]).into_owned()
    };
    let lower = text.trim_start().to_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") && !lower.contains("<html") {
        return Some("bảng tính dạng XML 2003 (XML Spreadsheet)");
    }
    if lower.starts_with('<')
        && ["<html", "<!doctype html", "<table", "<head", "<body", "<meta"].iter().any(|m| lower.contains(m))
    {
        return Some("trang web HTML (thường do phần mềm xuất ra)");
    }
    if lower.starts_with("mime-version:") {
        return Some("trang web lưu thành một tệp (MHTML)");
    }
    if lower.starts_with("<?xml") {
        return Some("tệp XML");
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return None;
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(5).collect();
    let delimited = !lines.is_empty() && [',', ';', '\t'].iter().any(|&d| lines.iter().all(|l| l.contains(d)));
    Some(if delimited { "tệp văn bản CSV" } else { "tệp văn bản thuần (text)" })
}

/// 8-bit text (e.g. TCVN3 CSV): printable bytes only, no binary control codes.
fn legacy_text(body: &[u8]) -> Option<&'static str> {
    let printable = body.iter().all(|&b| b >= 0x20 || matches!(b, b'\n' | b'\r' | b'\t'));
    printable.then_some(if body.iter().any(|&b| matches!(b, b',' | b';' | b'\t')) {
        "tệp văn bản CSV"
    } else {
        "tệp văn bản thuần (text)"
    })
}

fn strip_bom(head: &[u8]) -> (&[u8], bool) {
    if let Some(rest) = head.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (rest, false)
    } else if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        (rest, true)
    } else {
        (head, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), Sniffed::Cfb);
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Other("tệp PDF"));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <html><body><table>"),
            Sniffed::Other("trang web HTML (thường do phần mềm xuất ra)")
        );
        assert_eq!(sniff(b"STT;Nhiem vu\n1;Abc\n"), Sniffed::Other("tệp văn bản CSV"));
        assert_eq!(sniff(b"ghi chu thoi"), Sniffed::Other("tệp văn bản thuần (text)"));
        assert_eq!(sniff(&[0x01, 0x02, 0xFF, 0x00, 0x9C]), Sniffed::Unknown);
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetype");
        ods.extend_from_slice(ODS_MIME);
        assert_eq!(sniff(&ods), Sniffed::Ods);
    }

    #[test]
    fn names() {
        assert_eq!(name_reason("~$BC T5.xlsx"), Some(SkipReason::LockFile));
        assert_eq!(name_reason(".~lock.BC T5.ods#"), Some(SkipReason::LockFile));
        assert_eq!(name_reason("Desktop.ini"), Some(SkipReason::SystemFile));
        assert_eq!(name_reason(".gitkeep"), Some(SkipReason::SystemFile));
        assert_eq!(name_reason("BC T5.xlsx"), None);
        assert_eq!(expected_kind("BC.XLSM"), Some(InputKind::Xlsx));
        assert_eq!(expected_kind("ghi-chu.txt"), None);
    }
}

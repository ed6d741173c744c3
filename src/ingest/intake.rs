//! One entry of the inputs folder → the reports it holds, whatever its format. A workbook
//! (xlsx, xlsm, xlsb, xls, ods) or a Word report (docx) is one report; a zip bundle is
//! opened in memory and each member read as if it stood in the folder, named
//! `<zip name>/<path inside>`, with the zip entry's time standing in for the file time; a
//! `.doc` or a RAR/7z archive gets a message saying what to send instead. The real format
//! is taken from the bytes, the name only telling which document a container should hold.

use super::bundle::{self, BundleLimits, Entry};
use super::docx;
use super::files::{self, discover, IngestError, InputFile, InputKind, SkipReason, Sniffed};
use super::ole::{self, OleKind};
use super::report::{build_report, AgencyReport, Ingested, SkippedFile};
use super::table;
use super::workbook::{read_input, read_workbook_bytes, ReadLimits};
use crate::config::Config;
use crate::model::FileRole;
use crate::normalize::{self, AgencyMatcher};
use chrono::NaiveDateTime;
use rayon::prelude::*;
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A report read, or an entry that is not one.
pub type Outcome = Result<AgencyReport, SkippedFile>;

/// Zips inside zips: the bundle in the folder is depth 0, a zip it holds depth 1 (opened);
/// a zip inside that one is refused.
const MAX_BUNDLE_DEPTH: usize = 1;

/// Member names quoted in a bundle's own message.
const LISTED_MEMBERS: usize = 20;

/// Where some bytes came from.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    /// The name the clerk sees: the file name, or `<zip name>/<path inside>`.
    name: &'a str,
    modified: Option<NaiveDateTime>,
    /// How many zips enclose it.
    depth: usize,
}

/// What some bytes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Workbook,
    Word,
    /// Word 97–2003.
    Doc,
    Bundle,
}

/// Reads one folder entry: every report it holds, and every file (itself included) that
/// is not a report, each with its role and a Vietnamese message naming it.
pub fn read_entry(file: &InputFile, config: &Config, matcher: &AgencyMatcher) -> Vec<Outcome> {
    // Each report is guarded where it is read; this catches what is left (a bundle's listing).
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_entry_unguarded(file, config, matcher)))
        .unwrap_or_else(|payload| vec![Err(panicked(&file.name, payload.as_ref()))])
}

fn read_entry_unguarded(file: &InputFile, config: &Config, matcher: &AgencyMatcher) -> Vec<Outcome> {
    if let Some((role, message)) = file.skip() {
        return vec![Err(SkippedFile { file: file.name.clone(), role, message })];
    }
    let limits = ReadLimits::default();
    let bytes = match read_input(file, &limits) {
        Ok(bytes) => bytes,
        Err(e) => return vec![Err(unreadable(&file.name, e.to_string()))],
    };
    let source = Source { name: &file.name, modified: file.modified, depth: 0 };
    read_content(source, bytes, config, matcher, &limits)
}

fn read_content(
    source: Source<'_>,
    bytes: Vec<u8>,
    config: &Config,
    matcher: &AgencyMatcher,
    limits: &ReadLimits,
) -> Vec<Outcome> {
    let name = source.name;
    match content(name, &bytes) {
        Content::Bundle => read_bundle(source, &bytes, config, matcher, limits),
        Content::Doc => vec![Err(unreadable(
            name,
            format!(
                "tệp «{name}» là văn bản Word 97–2003 (.doc), định dạng cũ chương trình không đọc: hãy đề nghị đơn vị \
                 gửi lại dạng .docx (trong Word: Tệp > Lưu thành > Tài liệu Word) hoặc bảng tính .xlsx"
            ),
        ))],
        Content::Word => vec![guarded(name, || read_word(source, &bytes, config, matcher, limits))],
        Content::Workbook => vec![guarded(name, || read_workbook(source, bytes, config, matcher, limits))],
    }
}

/// The format, from the bytes; the name decides only between a Word and a workbook package
/// that holds neither main part.
fn content(name: &str, bytes: &[u8]) -> Content {
    match files::sniff(bytes) {
        Sniffed::Zip => {
            let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
                // The workbook reader says what is wrong with it.
                return Content::Workbook;
            };
            let entries: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
            let has = |n: &str| entries.iter().any(|e| e.eq_ignore_ascii_case(n));
            if docx::is_word_package(&entries) {
                Content::Word
            } else if entries.iter().any(|e| {
                let e = e.to_ascii_lowercase();
                e.ends_with("workbook.xml") || e.ends_with("workbook.bin")
            }) || has("mimetype")
                || has("content.xml")
            {
                Content::Workbook
            } else if has("[Content_Types].xml") {
                // An Office package missing its main part: reported by the reader its name asks for.
                match files::expected_kind(name) {
                    Some(InputKind::Docx) => Content::Word,
                    _ => Content::Workbook,
                }
            } else {
                Content::Bundle
            }
        }
        Sniffed::Cfb => match ole::kind(bytes) {
            Ok(OleKind::WordDocument) => Content::Doc,
            _ => Content::Workbook,
        },
        _ => Content::Workbook,
    }
}

fn read_workbook(
    source: Source<'_>,
    bytes: Vec<u8>,
    config: &Config,
    matcher: &AgencyMatcher,
    limits: &ReadLimits,
) -> Outcome {
    let workbook =
        read_workbook_bytes(source.name, bytes, limits).map_err(|e| unreadable(source.name, e.to_string()))?;
    let mut report = build_report(source.name, source.modified, &workbook.sheets, config, matcher);
    // The workbook's own problems belong to every month it holds.
    report.prepend_file_problems(workbook.problems);
    Ok(report)
}

fn read_word(
    source: Source<'_>,
    bytes: &[u8],
    config: &Config,
    matcher: &AgencyMatcher,
    limits: &ReadLimits,
) -> Outcome {
    let name = source.name;
    let document = docx::read_docx(name, bytes, limits).map_err(|e| unreadable(name, e.to_string()))?;
    if document.tables().next().is_none() {
        return Err(unreadable(
            name,
            format!(
                "tệp «{name}» là văn bản Word nhưng không có bảng nào, nên không có bảng nhiệm vụ để đọc: hãy đề nghị \
                 đơn vị gửi báo cáo có bảng nhiệm vụ (trong văn bản Word hoặc bảng tính .xlsx)"
            ),
        ));
    }
    let parts = document.parts();
    if !parts.tables.iter().any(|g| table::find_header(g).is_some()) {
        // Said once for the document rather than once per table.
        return Err(unreadable(
            name,
            format!(
                "tệp «{name}» là văn bản Word có {} bảng nhưng không bảng nào là bảng nhiệm vụ (cần dòng tiêu đề có \
                 cột «Nhiệm vụ» và cột «Thời hạn» hoặc «Tình trạng»): hãy đề nghị đơn vị gửi báo cáo có bảng nhiệm vụ \
                 (trong văn bản Word hoặc bảng tính .xlsx)",
                parts.tables.len()
            ),
        ));
    }
    let mut report = build_report(name, source.modified, &parts.tables, config, matcher);
    // A heading naming one index stands for the table as a sheet name does: it gives the
    // index to the rows no section row inside the table has given one.
    for task in report.tasks.iter_mut().filter(|t| t.index.is_none()) {
        let caption = parts.captions.get(&task.source.sheet).map(|c| normalize::text::key(c));
        task.index = caption.and_then(|k| table::index_in_key(&k));
    }
    Ok(report)
}

fn read_bundle(
    source: Source<'_>,
    bytes: &[u8],
    config: &Config,
    matcher: &AgencyMatcher,
    limits: &ReadLimits,
) -> Vec<Outcome> {
    let name = source.name;
    if source.depth > MAX_BUNDLE_DEPTH {
        return vec![Err(unreadable(
            name,
            format!(
                "«{name}» là tệp nén nằm trong tệp nén đã lồng một cấp: không mở thêm; hãy giải nén và chép chính \
                 các tệp báo cáo vào thư mục đầu vào"
            ),
        ))];
    }
    let mut out = Vec::new();
    let mut held = Vec::new();
    let listed = bundle::visit(name, bytes, &BundleLimits::default(), |entry| match entry {
        Entry::Refused(r) => {
            let member = format!("{name}/{}", r.name);
            held.push(r.name);
            out.push(Err(unreadable(&member, format!("«{member}»: {}", r.reason))));
        }
        Entry::File(m) => {
            let member = format!("{name}/{}", m.name);
            held.push(m.name.clone());
            match member_kind(&m.name, &m.bytes) {
                InputKind::Skip { reason } => out.push(Err(SkippedFile {
                    file: member.clone(),
                    role: reason.role(),
                    message: format!("«{member}»: {}", reason.message()),
                })),
                _ => {
                    let inner = Source { name: &member, modified: m.modified, depth: source.depth + 1 };
                    out.extend(read_content(inner, m.bytes, config, matcher, limits));
                }
            }
        }
    });
    if let Err(e) = listed {
        // What was read before the damage stays listed; the zip itself says what happened.
        out.insert(0, Err(unreadable(name, e.to_string())));
        return out;
    }
    let message = if held.is_empty() {
        format!("«{name}»: tệp nén không chứa tệp nào")
    } else {
        // The names themselves are listed one by one beside it; a few suffice here.
        let shown = held.iter().take(LISTED_MEMBERS).cloned().collect::<Vec<_>>().join(", ");
        let more = if held.len() > LISTED_MEMBERS { ", …" } else { "" };
        format!(
            "«{name}»: tệp nén gồm {} tệp ({shown}{more}), mỗi tệp được đọc như một tệp riêng trong thư mục đầu vào \
             (tên «{name}/…»); tệp nén không bị giải nén ra đĩa",
            held.len(),
        )
    };
    let role = if held.is_empty() { FileRole::Unreadable } else { FileRole::Bundle };
    out.insert(0, Err(SkippedFile { file: name.to_string(), role, message }));
    out
}

/// What the folder would make of a member by its name and leading bytes.
fn member_kind(path: &str, bytes: &[u8]) -> InputKind {
    let base = bundle::base_name(path);
    if let Some(reason) = files::name_reason(base) {
        return InputKind::Skip { reason };
    }
    if let Some(format) = files::other_archive(base) {
        return InputKind::Skip { reason: SkipReason::OtherArchive { format } };
    }
    let Some(expected) = files::expected_kind(base) else {
        return InputKind::Skip { reason: SkipReason::NotAWorkbook };
    };
    if bytes.is_empty() {
        return InputKind::Skip { reason: SkipReason::Empty };
    }
    files::kind_of(expected, files::sniff(bytes))
}

fn unreadable(file: &str, message: String) -> SkippedFile {
    SkippedFile { file: file.to_string(), role: FileRole::Unreadable, message }
}

/// `read` with a panic anywhere inside turned into an unreadable file, so one strange file
/// never costs the month (nor the other members of its bundle).
fn guarded(name: &str, read: impl FnOnce() -> Outcome) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|payload| Err(panicked(name, payload.as_ref())))
}

fn panicked(name: &str, payload: &(dyn std::any::Any + Send)) -> SkippedFile {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    unreadable(
        name,
        format!(
            "lỗi không lường trước khi đọc tệp «{name}» ({detail}); các tệp khác vẫn được tổng hợp, hãy mở tệp \
             kiểm tra hoặc báo cho người quản trị"
        ),
    )
}

/// Reads every entry of `inputs`. `progress(done, total, file)` is called once with
/// `done == 0` before reading and after each file. Fails only when the folder itself
/// cannot be listed.
pub fn read_month(
    inputs: &Path,
    config: &Config,
    progress: &(dyn Fn(usize, usize, &str) + Sync),
) -> Result<Ingested, IngestError> {
    let files = discover(inputs)?;
    let matcher = AgencyMatcher::new(&config.agencies);
    let total = files.len();
    progress(0, total, "");
    let done = AtomicUsize::new(0);
    // An entry may hold several reports (a zip bundle): `intake` reads each as a file.
    let outcomes: Vec<Vec<Result<AgencyReport, SkippedFile>>> = files
        .par_iter()
        .map(|file| {
            let outcomes = read_entry(file, config, &matcher);
            progress(done.fetch_add(1, Ordering::SeqCst) + 1, total, &file.name);
            outcomes
        })
        .collect();
    let mut ingested = Ingested::default();
    for outcome in outcomes.into_iter().flatten() {
        match outcome {
            Ok(report) => ingested.reports.push(report),
            Err(skipped) => ingested.skipped.push(skipped),
        }
    }
    Ok(ingested)
}

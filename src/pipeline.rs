//! The month's whole job, as a library call: consolidated month model → documents (PDF and
//! DOCX from the templates), XLSX, JSON → a new archived version of `<output>/<YYYY-MM>/`.
//!
//! Everything is produced in memory first and only then written through the archive, so a
//! failure anywhere leaves the previous results as they were.

use crate::archive::{ArchiveError, ManifestInfo, MonthArchive, RunSummary, RunWriter};
use crate::config::Config;
use crate::export::{month_xlsx_linked, ExportError};
use crate::ingest::files::{discover, InputKind, SkipReason};
use crate::model::MonthModel;
use crate::month_link::{self, LinkedContext, LinkedMonth, MonthLink};
use crate::produce::{self, Drafts, Finished, ProduceError};
use crate::register::{IssuedNumber, Register, RegisterError};
use crate::render::Renderers;
use crate::reports::{month_context, DocOptions};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The month's data files (the documents are named by their templates).
pub use crate::history::MONTH_JSON;
pub const MONTH_XLSX: &str = "tong-hop.xlsx";
/// The job whose templates (`document: job: month`) the month produces.
pub const MONTH_JOB: &str = "month";

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Produce(#[from] ProduceError),
    #[error("không tạo được bảng tính tổng hợp: {0}")]
    Export(#[from] ExportError),
    #[error("không chuyển được dữ liệu tổng hợp sang JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("sổ đăng ký văn bản đi: {0}")]
    Register(#[from] RegisterError),
    #[error("cần ghi ngày ban hành (--date NNNN-TT-NN) khi lấy số văn bản (--issue)")]
    IssueWithoutDate,
}

/// What the run was asked to do beyond reading.
#[derive(Debug, Clone)]
pub struct MonthJob<'a> {
    pub config: &'a Config,
    pub inputs: &'a Path,
    pub output: &'a Path,
    /// Folder of the clerk's templates; embedded templates are used for what it lacks.
    pub templates: &'a Path,
    /// The documents' date; `None` leaves day and month blank for signing.
    pub date: Option<NaiveDate>,
    /// Take document numbers from the outgoing register.
    pub issue: bool,
}

/// One produced document's files (names inside the version folder).
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenDoc {
    pub title: String,
    pub pdf: String,
    pub docx: String,
    pub number: Option<String>,
    /// Who it is addressed to (`Kính gửi`).
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct MonthOutcome {
    pub archive: RunSummary,
    pub documents: Vec<WrittenDoc>,
    /// Documents of the month not produced this time (label, why), e.g. no reminder
    /// when every agency reported on time.
    pub skipped: Vec<(String, Option<String>)>,
    pub register_path: Option<PathBuf>,
}

struct Produced {
    name: String,
    bytes: Vec<u8>,
}

/// Produces and archives the month. `progress` receives short Vietnamese step names.
pub fn produce_month(
    model: &MonthModel,
    job: &MonthJob<'_>,
    renderers: &Renderers,
    progress: &dyn Fn(&str),
) -> Result<MonthOutcome, PipelineError> {
    // A number belongs to a signed, dated document.
    let issue_date = match (job.issue, job.date) {
        (true, None) => return Err(PipelineError::IssueWithoutDate),
        (true, Some(d)) => Some(d),
        (false, _) => None,
    };
    let config = job.config;
    // An earlier month's data that cannot be read must not stop this month: it is then
    // compared with nothing, as when it was never run.
    let previous = crate::history::load_month(job.output, model.period.previous()).ok().flatten().map(|m| m.model);
    let link = month_link::link(model, previous.as_ref());
    let month = month_context(model, config, &DocOptions { date: job.date });
    let context = LinkedContext { context: &month, month_over_month: link.previous.map(|_| &link) };
    let drafts = produce::draft(MONTH_JOB, job.templates, &context)?;

    // The folder's lock before any number: a run refused the lock takes none.
    let archive = MonthArchive::open(job.output, model.period)?;
    let writer = archive.begin_run()?;
    let mut register = None;
    let mut issued: Vec<IssuedNumber> = Vec::new();
    if let Some(date) = issue_date {
        let mut reg = Register::open_in(job.output)?;
        issued = produce::take_numbers(&drafts.docs, &mut reg, &config.issuer.code, date)?;
        register = Some(reg);
    }

    let result = build_and_archive(model, &link, job, renderers, progress, &context, drafts, &issued, writer);
    if let (Err(_), Some(reg)) = (&result, register.as_mut()) {
        // The documents were never written: say so in the register.
        produce::cancel_numbers(reg, &issued);
    }
    let mut outcome = result?;
    outcome.register_path = register.map(|r| r.path().to_path_buf());
    Ok(outcome)
}

#[allow(clippy::too_many_arguments)]
fn build_and_archive(
    model: &MonthModel,
    link: &MonthLink,
    job: &MonthJob<'_>,
    renderers: &Renderers,
    progress: &dyn Fn(&str),
    context: &LinkedContext<'_>,
    drafts: Drafts,
    issued: &[IssuedNumber],
    mut writer: RunWriter,
) -> Result<MonthOutcome, PipelineError> {
    let skipped = drafts.skipped;
    let finished = produce::finish(drafts.docs, context, issued, renderers, progress)?;

    let mut files: Vec<Produced> = Vec::new();
    progress("đang lập bảng tính tổng hợp");
    files.push(Produced { name: MONTH_XLSX.into(), bytes: month_xlsx_linked(model, job.config, job.date, link)? });
    let linked = LinkedMonth { model, previous: link.previous, dropped_tasks: &link.dropped_tasks };
    let mut json = serde_json::to_vec_pretty(&linked)?;
    json.push(b'\n');
    files.push(Produced { name: MONTH_JSON.into(), bytes: json });

    progress("đang lưu trữ");
    for input in discover(job.inputs).map_err(|e| ArchiveError::Io {
        path: job.inputs.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })? {
        // Folders and links are never followed; everything else the clerk gave is hashed.
        if matches!(input.kind, InputKind::Skip { reason: SkipReason::Directory | SkipReason::Symlink }) {
            continue;
        }
        writer.add_input(&input.name, &input.path)?;
    }
    for f in &finished {
        writer.write(&f.pdf_name(), &f.pdf)?;
        writer.write(&f.docx_name(), &f.docx)?;
    }
    for f in &files {
        writer.write(&f.name, &f.bytes)?;
    }
    let summary = writer.commit(&ManifestInfo { config: job.config, date: job.date, inputs_dir: Some(job.inputs) })?;

    Ok(MonthOutcome {
        archive: summary,
        documents: finished.iter().map(WrittenDoc::from).collect(),
        skipped: skipped.into_iter().map(|s| (s.label, s.reason)).collect(),
        register_path: None,
    })
}

impl From<&Finished> for WrittenDoc {
    fn from(f: &Finished) -> WrittenDoc {
        WrittenDoc {
            title: f.identity.label.clone(),
            pdf: f.pdf_name(),
            docx: f.docx_name(),
            number: f.number.clone(),
            recipients: f.identity.recipients.clone(),
        }
    }
}

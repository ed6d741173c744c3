//! The month's whole job, as a library call: consolidated month model → documents (PDF and
//! DOCX from the templates), XLSX, JSON → a new archived version of `<output>/<YYYY-MM>/`.
//!
//! Everything is produced in memory first and only then written through the archive, so a
//! failure anywhere leaves the previous results as they were.

use crate::archive::{ArchiveError, ManifestInfo, MonthArchive, RunSummary};
use crate::config::Config;
use crate::export::{month_xlsx_linked, ExportError};
use crate::ingest::files::{discover, InputKind, SkipReason};
use crate::model::MonthModel;
use crate::month_link::{self, LinkedContext, LinkedMonth};
use crate::produce::{self, Numbering, ProduceError};
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

pub use crate::produce::WrittenDoc;

#[derive(Debug, Clone)]
pub struct MonthOutcome {
    pub archive: RunSummary,
    pub documents: Vec<WrittenDoc>,
    /// Documents of the month not produced this time (label, why), e.g. no reminder
    /// when every agency reported on time.
    pub skipped: Vec<(String, Option<String>)>,
    pub register_path: Option<PathBuf>,
}

/// Produces and archives the month. `progress` receives short Vietnamese step names.
pub fn produce_month(
    model: &MonthModel,
    job: &MonthJob<'_>,
    renderers: &Renderers,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<MonthOutcome, PipelineError> {
    let numbering = Numbering::asked(job.issue, job.date, job.output, &job.config.issuer.code)?;
    let config = job.config;
    // An earlier month's data that cannot be read must not stop this month: it is then
    // compared with nothing, as when it was never run.
    let previous = crate::history::load_month(job.output, model.period.previous()).ok().flatten().map(|m| m.model);
    let link = month_link::link(model, previous.as_ref());
    let month = month_context(model, config, &DocOptions { date: job.date });
    let context = LinkedContext { context: &month, month_over_month: link.previous.map(|_| &link) };
    let drafts = produce::draft(MONTH_JOB, job.templates, &context)?;

    let folder = MonthArchive::open(job.output, model.period)?;
    let info = ManifestInfo { config, date: job.date, inputs_dir: Some(job.inputs) };
    let published = produce::publish(
        &folder,
        drafts,
        &context,
        numbering,
        renderers,
        progress,
        &info,
        || -> Result<(Vec<u8>, Vec<u8>), PipelineError> {
            let (xlsx, json) = rayon::join(
                || month_xlsx_linked(model, config, job.date, &link),
                || {
                    let linked = LinkedMonth { model, previous: link.previous, dropped_tasks: &link.dropped_tasks };
                    serde_json::to_vec_pretty(&linked)
                },
            );
            let mut json = json?;
            json.push(b'\n');
            Ok((xlsx?, json))
        },
        |writer, finished, (xlsx, json)| -> Result<(), PipelineError> {
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
            produce::write_documents(writer, finished)?;
            writer.write(MONTH_XLSX, &xlsx)?;
            writer.write(MONTH_JSON, &json)?;
            Ok(())
        },
    )?;
    Ok(MonthOutcome {
        archive: published.archive,
        documents: published.documents,
        skipped: published.skipped,
        register_path: published.register_path,
    })
}

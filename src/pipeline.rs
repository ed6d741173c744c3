//! The month's whole job, as a library call: consolidated month model → documents (PDF and
//! DOCX from the templates), XLSX, JSON → a new archived version of `<output>/<YYYY-MM>/`.
//!
//! Everything is produced in memory first and only then written through the archive, so a
//! failure anywhere leaves the previous results as they were.

use crate::archive::{ArchiveError, ManifestInfo, MonthArchive, RunSummary};
use crate::config::Config;
use crate::document::filters::thang_nam;
use crate::document::template::TemplateError;
use crate::export::ExportError;
use crate::ingest::files::{discover, InputKind, SkipReason};
use crate::model::MonthModel;
use crate::register::{IssuedNumber, NewEntry, Register, RegisterError};
use crate::render::{OutputError, Renderers};
use crate::reports::{month_context, DocOptions, MonthContext};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

pub const MONTH_JSON: &str = "tong-hop.json";
pub const MONTH_XLSX: &str = "tong-hop.xlsx";
pub const REPORT_STEM: &str = "bao-cao-tong-hop";
pub const REMINDER_STEM: &str = "cong-van-don-doc";

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("không dựng được văn bản «{doc}»: {source}")]
    Template { doc: &'static str, source: TemplateError },
    #[error("không tạo được tệp của văn bản «{doc}»: {source}")]
    Render { doc: &'static str, source: OutputError },
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
}

#[derive(Debug, Clone)]
pub struct MonthOutcome {
    pub archive: RunSummary,
    pub documents: Vec<WrittenDoc>,
    /// Why no reminder was written, when none was.
    pub no_reminder_reason: Option<String>,
    pub register_path: Option<PathBuf>,
}

mod parallel;

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
    let config = job.config;
    let mut context = month_context(model, config, &DocOptions { date: job.date, ..DocOptions::default() });
    let needs_reminder = !context.to_remind.is_empty();

    // Numbers are taken only when asked, and only with a date: a number belongs to a
    // signed, dated document.
    let mut register = None;
    let mut issued: Vec<IssuedNumber> = Vec::new();
    if job.issue {
        let date = job.date.ok_or(PipelineError::IssueWithoutDate)?;
        let mut reg = Register::open_in(job.output)?;
        // Worded as the templates word it (`thang_nam`), so register and document agree.
        let subject_month = thang_nam(model.period.year(), model.period.month());
        let signer = if config.issuer.signer.name.is_empty() {
            config.issuer.signer.position.clone()
        } else {
            config.issuer.signer.name.clone()
        };
        issued.push(reg.issue(NewEntry {
            year: date.year(),
            register: config.issuer.code.clone(),
            type_abbrev: "BC".into(),
            symbol: format!("BC-{}", config.issuer.code),
            date,
            type_name: "Báo cáo".into(),
            subject: format!("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX {subject_month}"),
            signer: signer.clone(),
            recipients: config.recipient.clone(),
            copies: 2,
            unit_keeping: config.issuer.drafting_unit.clone(),
            note: String::new(),
        })?);
        if needs_reminder {
            issued.push(reg.issue(NewEntry {
                year: date.year(),
                register: config.issuer.code.clone(),
                type_abbrev: "CV".into(),
                symbol: format!("{}-{}", config.issuer.code, config.issuer.drafting_unit),
                date,
                type_name: "Công văn".into(),
                subject: format!("V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX {subject_month}"),
                signer,
                recipients: context.to_remind.join("; "),
                copies: 2,
                unit_keeping: config.issuer.drafting_unit.clone(),
                note: String::new(),
            })?);
        }
        register = Some(reg);
        context.report_number = issued.first().map(|n| n.number);
        context.reminder_number = issued.get(1).map(|n| n.number);
    }

    let result = build_and_archive(model, job, renderers, progress, &context, &issued);
    if let (Err(_), Some(reg)) = (&result, register.as_mut()) {
        // The documents were never written: say so in the register; the numbers stay
        // taken (a number is never reused).
        for n in &issued {
            let _ = reg.cancel(n.id, "Không lập được văn bản (lỗi khi chạy baocao), số này bỏ trống");
        }
    }
    let mut outcome = result?;
    outcome.register_path = register.map(|r| r.path().to_path_buf());
    Ok(outcome)
}

fn build_and_archive(
    model: &MonthModel,
    job: &MonthJob<'_>,
    renderers: &Renderers,
    progress: &dyn Fn(&str),
    context: &MonthContext,
    issued: &[IssuedNumber],
) -> Result<MonthOutcome, PipelineError> {
    let needs_reminder = !context.to_remind.is_empty();

    let mut wanted = vec![(REPORT_STEM, "Báo cáo tổng hợp", issued.first())];
    if needs_reminder {
        wanted.push((REMINDER_STEM, "Công văn đôn đốc", issued.get(1)));
    }
    progress("đang lập văn bản và bảng tính tổng hợp");
    let (documents, files) = parallel::produce_files(model, job, renderers, context, &wanted)?;

    progress("đang lưu trữ");
    let archive = MonthArchive::open(job.output, model.period)?;
    let mut writer = archive.begin_run()?;
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
    for f in &files {
        writer.write(&f.name, &f.bytes)?;
    }
    let summary = writer.commit(&ManifestInfo { config: job.config, date: job.date, inputs_dir: Some(job.inputs) })?;

    Ok(MonthOutcome {
        archive: summary,
        documents,
        no_reminder_reason: (!needs_reminder)
            .then(|| "mọi cơ quan, đơn vị đã gửi báo cáo đúng hạn: không cần công văn đôn đốc".to_string()),
        register_path: None,
    })
}

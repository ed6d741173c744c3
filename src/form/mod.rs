//! `baocao form`: the month's report forms, one `.xlsx` per configured agency pre-filled
//! with its open tasks from the latest earlier month run, and the covering letter (the
//! templates of `document: job: form`), archived as a new version of
//! `<output>/bieu-mau/<YYYY-MM>/`.

pub mod workbook;

use crate::archive::{ArchiveError, ManifestInfo, MonthArchive, RunSummary};
use crate::config::{AgencyConfig, Config};
use crate::history::{self, LoadError};
use crate::model::{MonthModel, Period, TaskRecord};
use crate::month_link::is_open;
use crate::pipeline::WrittenDoc;
use crate::produce::Numbering;
use crate::produce::{self, ProduceError};
use crate::render::Renderers;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use workbook::{form_xlsx, FormData};

/// The job whose templates (`document: job: form`) go with the forms.
pub const FORM_JOB: &str = "form";
/// The folder of form sets inside the output folder.
pub const FORMS_DIR: &str = "bieu-mau";

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error(transparent)]
    Produce(#[from] ProduceError),
    #[error("không tạo được biểu mẫu Excel của {agency}: {source}")]
    Xlsx { agency: String, source: rust_xlsxwriter::XlsxError },
    #[error("không đọc được số liệu tháng trước để ghi sẵn nhiệm vụ: {0}")]
    Previous(#[from] LoadError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("cấu hình không có cơ quan, đơn vị nào để gửi biểu mẫu")]
    NoAgencies,
}

#[derive(Debug, Clone)]
pub struct FormJob<'a> {
    pub config: &'a Config,
    pub output: &'a Path,
    pub templates: &'a Path,
    pub period: Period,
    pub date: Option<NaiveDate>,
    pub issue: bool,
}

/// One agency's form as written.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenForm {
    pub agency: String,
    pub file: String,
    /// Open tasks pre-filled.
    pub prefilled: usize,
}

#[derive(Debug, Clone)]
pub struct FormOutcome {
    pub archive: RunSummary,
    pub forms: Vec<WrittenForm>,
    pub documents: Vec<WrittenDoc>,
    /// The month the open tasks were taken from, when one was run before.
    pub source: Option<Period>,
    pub register_path: Option<PathBuf>,
}

/// The covering letter's data.
#[derive(Debug, Clone, Serialize)]
pub struct FormContext {
    pub period: String,
    pub month: u32,
    pub year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Reports dated on or before this day are on time.
    pub agency_due: NaiveDate,
    /// The day reports are due *before* (e.g. 20).
    pub agency_due_day: u32,
    pub province: String,
    pub issuer: crate::config::Issuer,
    pub date: Option<NaiveDate>,
    /// `Kính gửi`: every configured agency but the issuer itself.
    pub recipients: Vec<String>,
    /// The forms' file names, in configuration order.
    pub forms: Vec<String>,
    /// `YYYY-MM` the pre-filled tasks come from, when a month was run before.
    pub source_period: Option<String>,
}

/// `<code> - <agency> - T<MM>-<YYYY>.xlsx`, without characters file systems refuse.
pub fn form_file_name(agency: &AgencyConfig, period: Period) -> String {
    let safe = |s: &str| {
        s.chars()
            .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '-' } else { c })
            .collect::<String>()
    };
    format!("{} - {} - T{:02}-{}.xlsx", safe(&agency.code), safe(&agency.name), period.month(), period.year())
}

/// The open tasks of `agency` in `source` (in their order there).
pub fn open_tasks<'a>(source: Option<&'a MonthModel>, agency: &AgencyConfig) -> Vec<&'a TaskRecord> {
    source
        .map(|m| m.tasks.iter().filter(|t| t.agency == agency.name && is_open(t.status)).collect())
        .unwrap_or_default()
}

/// Writes the month's forms and covering letter as a new archived version.
pub fn produce_forms(
    job: &FormJob<'_>,
    renderers: &Renderers,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<FormOutcome, FormError> {
    let numbering = Numbering::asked(job.issue, job.date, job.output, &job.config.issuer.code)?;
    let config = job.config;
    if config.agencies.is_empty() {
        return Err(FormError::NoAgencies);
    }
    let source = history::latest_before(job.output, job.period)?.map(|m| m.model);
    let (period_start, period_end) = job.period.data_window(config.cutoff_day);

    progress("đang lập biểu mẫu");
    let mut forms = Vec::new();
    let mut files = Vec::new();
    for agency in &config.agencies {
        let open = open_tasks(source.as_ref(), agency);
        let data = FormData {
            config,
            agency,
            period: job.period,
            open_tasks: open,
            created: job.date.unwrap_or(period_start),
        };
        let bytes = form_xlsx(&data).map_err(|source| FormError::Xlsx { agency: agency.name.clone(), source })?;
        let file = form_file_name(agency, job.period);
        forms.push(WrittenForm { agency: agency.name.clone(), file: file.clone(), prefilled: data.open_tasks.len() });
        files.push((file, bytes));
    }

    let context = FormContext {
        period: job.period.to_string(),
        month: job.period.month(),
        year: job.period.year(),
        period_start,
        period_end,
        agency_due: crate::consolidate::agency_due(job.period, config.agency_due_day),
        agency_due_day: config.agency_due_day,
        province: config.province.clone(),
        issuer: config.issuer.clone(),
        date: job.date,
        recipients: config
            .agencies
            .iter()
            .filter(|a| !crate::addressing::is_issuer(config, &a.code))
            .map(|a| a.addressee.clone())
            .collect(),
        forms: forms.iter().map(|f| f.file.clone()).collect(),
        source_period: source.as_ref().map(|m| m.period.to_string()),
    };
    let drafts = produce::draft(FORM_JOB, job.templates, &context)?;

    let label = job.period.to_string();
    let folder = MonthArchive::open_folder(&job.output.join(FORMS_DIR).join(&label), &label)?;
    let info = ManifestInfo { config, date: job.date, inputs_dir: None };
    let published = produce::publish(
        &folder,
        drafts,
        &context,
        numbering,
        renderers,
        progress,
        &info,
        || Ok(()),
        |writer, finished, ()| -> Result<(), FormError> {
            produce::write_documents(writer, finished)?;
            for (name, bytes) in &files {
                writer.write(name, bytes)?;
            }
            Ok(())
        },
    )?;
    Ok(FormOutcome {
        archive: published.archive,
        forms,
        documents: published.documents,
        source: source.map(|m| m.period),
        register_path: published.register_path,
    })
}

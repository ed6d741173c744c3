//! The year: every month run so far read back from the archive, one task list, every
//! agency scored, classed and ranked; the report on the range (quarter, half-year, nine
//! months, year), the Tờ trình proposing the classes, `xep-loai.xlsx` and `xep-loai.json`,
//! archived in `<output>/YYYY/` (or a subfolder per range) like a month.
//!
//! Stages: [`load`] (months from the archive) → [`evaluate`] (pure scoring) → [`context`]
//! (template data) and [`export`] (workbook), [`json`] (data file) → documents through
//! [`crate::produce`] with the templates of `document: job: year`.

pub mod context;
pub mod evaluate;
pub mod export;
pub mod json;

use crate::archive::{ArchiveError, ManifestInfo, MonthArchive, RunSummary};
use crate::config::Config;
use crate::model::Period;
use crate::pipeline::WrittenDoc;
use crate::produce::Numbering;
use crate::produce::{self, ProduceError};
use crate::render::Renderers;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub use evaluate::{evaluate, Class, Evaluation, MonthReport};

/// The job whose templates (`document: job: year`) the year produces.
pub const YEAR_JOB: &str = "year";
pub const YEAR_JSON: &str = "xep-loai.json";
pub const YEAR_XLSX: &str = "xep-loai.xlsx";

#[derive(Debug, thiserror::Error)]
pub enum YearError {
    #[error("tháng cuối kỳ {through} không thuộc năm {year}")]
    ThroughOutsideYear { year: i32, through: Period },
    #[error(
        "chưa có tháng nào của kỳ {first} đến {last} được tổng hợp trong thư mục {output}: \
         hãy chạy `baocao run --month NNNN-TT` cho từng tháng trước (cùng --output), rồi chạy lại `baocao year`"
    )]
    NoMonths { first: Period, last: Period, output: PathBuf },
    #[error(transparent)]
    Load(#[from] crate::history::LoadError),
    #[error(transparent)]
    Produce(#[from] ProduceError),
    #[error("không tạo được bảng tính xếp loại: {0}")]
    Export(#[from] crate::export::ExportError),
    #[error("không chuyển được dữ liệu xếp loại sang JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

/// The months a year report covers: January to `through`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    year: i32,
    through: Period,
}

/// What kind of report the range makes (Decree 09/2019 practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeKind {
    Quarter,
    HalfYear,
    NineMonths,
    Year,
    /// Any other month: "từ đầu năm đến tháng MM".
    ToMonth,
}

impl YearRange {
    /// January to `through` of `year`; `through` defaults to December.
    pub fn new(year: i32, through: Option<Period>) -> Result<YearRange, YearError> {
        let december = Period::new(year, 12).ok_or(YearError::ThroughOutsideYear {
            year,
            through: through.unwrap_or(Period::new(2000, 1).expect("valid")),
        })?;
        let through = through.unwrap_or(december);
        if through.year() != year {
            return Err(YearError::ThroughOutsideYear { year, through });
        }
        Ok(YearRange { year, through })
    }

    pub fn year(&self) -> i32 {
        self.year
    }
    pub fn through(&self) -> Period {
        self.through
    }
    pub fn first(&self) -> Period {
        Period::new(self.year, 1).expect("a range's year is valid")
    }

    pub fn kind(&self) -> RangeKind {
        match self.through.month() {
            3 => RangeKind::Quarter,
            6 => RangeKind::HalfYear,
            9 => RangeKind::NineMonths,
            12 => RangeKind::Year,
            _ => RangeKind::ToMonth,
        }
    }

    /// `nam`, `quy-1`, `6-thang`, `9-thang`, `den-thang-05`: the folder and the document names.
    pub fn slug(&self) -> String {
        match self.kind() {
            RangeKind::Quarter => "quy-1".into(),
            RangeKind::HalfYear => "6-thang".into(),
            RangeKind::NineMonths => "9-thang".into(),
            RangeKind::Year => "nam".into(),
            RangeKind::ToMonth => format!("den-thang-{:02}", self.through.month()),
        }
    }

    /// `<output>/YYYY/` for the year, `<output>/YYYY/<slug>/` for a part of it.
    pub fn folder(&self, output: &Path) -> PathBuf {
        let year = output.join(self.year.to_string());
        match self.kind() {
            RangeKind::Year => year,
            _ => year.join(self.slug()),
        }
    }

    /// What the folder holds, as recorded in its manifests: `2023`, `2023/quy-1`.
    pub fn label(&self) -> String {
        match self.kind() {
            RangeKind::Year => self.year.to_string(),
            _ => format!("{}/{}", self.year, self.slug()),
        }
    }

    /// First day of the data: the day after January's window opens (15 December before).
    pub fn period_start(&self, cutoff_day: u32) -> NaiveDate {
        self.first().data_window(cutoff_day).0
    }

    /// The range's end: the `through` month's cut-off day.
    pub fn period_end(&self, cutoff_day: u32) -> NaiveDate {
        self.through.data_window(cutoff_day).1
    }
}

/// What the year run was asked to do.
#[derive(Debug, Clone)]
pub struct YearJob<'a> {
    pub config: &'a Config,
    pub output: &'a Path,
    pub templates: &'a Path,
    pub date: Option<NaiveDate>,
    pub issue: bool,
}

#[derive(Debug, Clone)]
pub struct YearOutcome {
    pub range: YearRange,
    pub evaluation: Evaluation,
    pub months_absent: Vec<Period>,
    pub archive: RunSummary,
    pub documents: Vec<WrittenDoc>,
    pub skipped: Vec<(String, Option<String>)>,
    pub register_path: Option<PathBuf>,
}

/// Reads the months, evaluates, produces and archives the range.
pub fn produce_year(
    range: YearRange,
    job: &YearJob<'_>,
    renderers: &Renderers,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<YearOutcome, YearError> {
    let numbering = Numbering::asked(job.issue, job.date, job.output, &job.config.issuer.code)?;
    let config = job.config;
    progress("đang đọc dữ liệu các tháng");
    let loaded = crate::history::load_months(job.output, range.first(), range.through())?;
    if loaded.run.is_empty() {
        return Err(YearError::NoMonths {
            first: range.first(),
            last: range.through(),
            output: job.output.to_path_buf(),
        });
    }
    let months: Vec<_> = loaded.run.iter().map(|m| m.model.clone()).collect();
    let roster: Vec<(String, String)> = config.agencies.iter().map(|a| (a.name.clone(), a.code.clone())).collect();
    let end = range.period_end(config.cutoff_day);
    let evaluation = evaluate(&months, &roster, end, &config.evaluation);

    let data = context::year_context(&range, &months, &loaded.absent, &evaluation, config, job.date);
    let drafts = produce::draft(YEAR_JOB, job.templates, &data)?;

    let folder = MonthArchive::open_folder(&range.folder(job.output), &range.label())?;
    let info = ManifestInfo { config, date: job.date, inputs_dir: Some(job.output) };
    let published = produce::publish(
        &folder,
        drafts,
        &data,
        numbering,
        renderers,
        progress,
        &info,
        || -> Result<(Vec<u8>, Vec<u8>), YearError> {
            let xlsx = export::year_xlsx(&range, &months, &evaluation, config, job.date)?;
            let json = json::year_json(&range, &loaded.absent, &evaluation, config)?;
            Ok((xlsx, json))
        },
        |writer, finished, (xlsx, json)| -> Result<(), YearError> {
            // The months read are this version's inputs, hashed like a month's workbooks.
            for m in &loaded.run {
                writer.add_input(&m.file, &job.output.join(&m.file))?;
            }
            produce::write_documents(writer, finished)?;
            writer.write(YEAR_XLSX, &xlsx)?;
            writer.write(YEAR_JSON, &json)?;
            Ok(())
        },
    )?;
    Ok(YearOutcome {
        range,
        evaluation,
        months_absent: loaded.absent,
        archive: published.archive,
        documents: published.documents,
        skipped: published.skipped,
        register_path: published.register_path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_name_their_folders() {
        let p = |m| Period::new(2023, m);
        let cases =
            [(p(3), "quy-1", "2023/quy-1"), (p(6), "6-thang", "2023/6-thang"), (p(9), "9-thang", "2023/9-thang")];
        for (through, slug, label) in cases {
            let r = YearRange::new(2023, through).unwrap();
            assert_eq!((r.slug().as_str(), r.label().as_str()), (slug, label));
            assert_eq!(r.folder(Path::new("out")), Path::new("out/2023").join(slug));
        }
        let r = YearRange::new(2023, None).unwrap();
        assert_eq!((r.slug().as_str(), r.label().as_str()), ("nam", "2023"));
        assert_eq!(r.folder(Path::new("out")), Path::new("out/2023"));
        assert_eq!(r.period_end(14), NaiveDate::from_ymd_opt(2023, 12, 14).unwrap());
        assert_eq!(r.period_start(14), NaiveDate::from_ymd_opt(2022, 12, 15).unwrap());
        assert_eq!(YearRange::new(2023, p(5)).unwrap().slug(), "den-thang-05");
        assert!(YearRange::new(2023, Period::new(2024, 1)).is_err());
    }
}

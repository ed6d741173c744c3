//! The months already run, read back from the archive: the *current* version of
//! `<output>/YYYY-MM/tong-hop.json`. The one reader the year (a range of months), the
//! month-over-month comparison and the forms (the previous month) share. Read only:
//! nothing in a month folder is created, changed or locked.

use crate::archive::{MonthManifest, MANIFEST_FILE};
use crate::model::{MonthModel, Period};
use std::path::{Path, PathBuf};

/// The consolidated month's data file in a month folder (and in each of its versions).
pub const MONTH_JSON: &str = "tong-hop.json";

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("không đọc được {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("tệp {path} hỏng, không đọc được ({message}); hãy chạy lại `baocao run --month {period}`")]
    Corrupt { path: PathBuf, period: Period, message: String },
    #[error("tệp {path} ghi dữ liệu tháng {found}, không phải tháng {period}")]
    WrongMonth { path: PathBuf, period: Period, found: Period },
}

/// The months found for a range, oldest first, and those never run.
#[derive(Debug, Clone)]
pub struct LoadedMonths {
    pub run: Vec<LoadedMonth>,
    pub absent: Vec<Period>,
}

/// One month's data and the file it was read from, relative to the output folder.
#[derive(Debug, Clone)]
pub struct LoadedMonth {
    pub model: MonthModel,
    pub file: String,
}

/// The months `first..=last` of `output`.
pub fn load_months(output: &Path, first: Period, last: Period) -> Result<LoadedMonths, LoadError> {
    let mut run = Vec::new();
    let mut absent = Vec::new();
    let mut p = first;
    loop {
        match load_month(output, p)? {
            Some(m) => run.push(m),
            None => absent.push(p),
        }
        if p >= last {
            break;
        }
        p = p.next();
    }
    Ok(LoadedMonths { run, absent })
}

/// The current version's `tong-hop.json` of one month, `None` when the month was never run.
pub fn load_month(output: &Path, period: Period) -> Result<Option<LoadedMonth>, LoadError> {
    let dir = output.join(period.to_string());
    let manifest_path = dir.join(MANIFEST_FILE);
    let corrupt = |path: &Path, message: String| LoadError::Corrupt { path: path.to_path_buf(), period, message };
    // The index names the current version; its own file is exact even if the root copy
    // was touched by hand.
    let file = match read_optional(&manifest_path)? {
        Some(bytes) => {
            let index: MonthManifest =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(&manifest_path, e.to_string()))?;
            format!("{period}/{}/{MONTH_JSON}", index.current)
        }
        None => format!("{period}/{MONTH_JSON}"),
    };
    let json_path = output.join(&file);
    let Some(bytes) = read_optional(&json_path)? else {
        return Ok(None);
    };
    let model: MonthModel = serde_json::from_slice(&bytes).map_err(|e| corrupt(&json_path, e.to_string()))?;
    if model.period != period {
        return Err(LoadError::WrongMonth { path: json_path, period, found: model.period });
    }
    Ok(Some(LoadedMonth { model, file }))
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, LoadError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LoadError::Io { path: path.to_path_buf(), source }),
    }
}

/// The latest month before `period` that was run in `output`, `None` when there is none.
pub fn latest_before(output: &Path, period: Period) -> Result<Option<LoadedMonth>, LoadError> {
    let entries = match std::fs::read_dir(output) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(LoadError::Io { path: output.to_path_buf(), source }),
    };
    let mut months: Vec<Period> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<Period>().ok()))
        .filter(|p| *p < period)
        .collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    for p in months {
        if let Some(m) = load_month(output, p)? {
            return Ok(Some(m));
        }
    }
    Ok(None)
}

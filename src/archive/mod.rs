//! The month's output folder, versioned: nothing is ever overwritten.
//!
//! # Layout
//!
//! ```text
//! <output>/<YYYY-MM>/
//!   manifest.json              index: every version, which one is current, all hashes
//!   <document>.pdf, .docx      copies of the CURRENT version's files, for convenience
//!                              (replaced atomically by each run; never the only copy)
//!   tong-hop.xlsx, tong-hop.json, …
//!   v001/                      run 1, never modified after it was committed
//!     manifest.json            this run's record: inputs, outputs, config, --date, time
//!     <document>.pdf …         (files are marked read-only)
//!   v002/                      run 2 …
//!   .lock                      held while a run writes (two runs never interleave)
//! ```
//!
//! A run writes into `.vNNN.tmp-<pid>/` (every file: temp file, fsync, rename), then
//! writes its `manifest.json`, renames the folder to `vNNN/` and atomically replaces the
//! month's `manifest.json` (the commit point), and finally refreshes the root copies (each
//! atomically) and removes root copies of files the new version no longer has (e.g. the
//! reminder letter once every agency reported). A crash before the commit point leaves
//! the previous versions, root copies and index untouched; the leftover temporary folder
//! is removed by the next run. A version folder committed but missing from the index (a
//! crash between rename and index update) is taken back into the index by the next run.
//! Version numbers are those of committed versions plus one, so they are never reused.

mod fsutil;
mod manifest;
mod verify;

pub use manifest::{
    version_name, version_number, FileHash, MonthManifest, VersionManifest, VersionRecord, MANIFEST_FILE,
    MANIFEST_SCHEMA,
};
pub use verify::{verify, Finding, FindingKind, VerifyReport};

use crate::config::Config;
use crate::digest::{sha256_bytes, sha256_file};
use crate::model::Period;
use chrono::NaiveDate;
pub use fsutil::write_atomic;
use fsutil::{is_temp_name, sync_dir};
use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Lock file held by a run for the whole time it writes into a month folder.
const LOCK_FILE: &str = ".lock";

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("lỗi đọc/ghi «{path}»: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("một lần chạy khác đang ghi vào «{0}»; hãy đợi lần chạy đó kết thúc rồi chạy lại")]
    Busy(PathBuf),
    #[error("tên tệp kết quả «{0}» không hợp lệ (chỉ dùng tên tệp đơn, không có thư mục, không bắt đầu bằng dấu chấm, không trùng manifest.json hay tên phiên bản)")]
    InvalidName(String),
    #[error("tệp «{0}» đã được ghi trong lần chạy này; không ghi đè")]
    Duplicate(String),
    #[error("«{0}» không phải thư mục kết quả của một tháng (không có manifest.json)")]
    NotAnArchive(PathBuf),
    #[error("manifest «{path}» hỏng hoặc không đọc được: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error("thư mục phiên bản «{0}» đã tồn tại; không ghi đè")]
    VersionExists(PathBuf),
    #[error("đã lưu phiên bản {version} nhưng không chép được «{name}» ra thư mục tháng: {source}")]
    RootCopy { version: String, name: String, source: io::Error },
}

fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> ArchiveError {
    let path = path.into();
    move |source| ArchiveError::Io { path, source }
}

/// What the caller tells the archive about a run when committing it.
#[derive(Debug, Clone, Copy)]
pub struct ManifestInfo<'a> {
    /// The configuration the run used; stored in full.
    pub config: &'a Config,
    /// The `--date` of the run, if any.
    pub date: Option<NaiveDate>,
    /// The inputs folder the run read, so that `verify` can re-hash the inputs.
    pub inputs_dir: Option<&'a Path>,
}

/// What a committed run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    /// `v002`
    pub version: String,
    pub number: u32,
    pub month_dir: PathBuf,
    pub version_dir: PathBuf,
    /// The month's `manifest.json`.
    pub manifest_path: PathBuf,
    pub inputs: Vec<FileHash>,
    pub outputs: Vec<FileHash>,
    /// The copies at the month root the clerk opens, in output order.
    pub root_copies: Vec<PathBuf>,
    /// Root copies of an earlier version's files that this version does not have.
    pub removed_root_copies: Vec<String>,
    /// The previous current version, when its outputs are byte-identical to this run's.
    pub unchanged_from: Option<String>,
    /// Temporary folders and files of interrupted runs that were removed.
    pub cleaned_temp: Vec<PathBuf>,
    /// Committed versions missing from the index that were taken back into it.
    pub adopted: Vec<String>,
}

/// One versioned output folder: a month `<output>/<YYYY-MM>/`, and in the same way a
/// range of the year (`<output>/2023/`, `<output>/2023/quy-1/`) or a form set
/// (`<output>/bieu-mau/2023-06/`).
#[derive(Debug, Clone)]
pub struct MonthArchive {
    dir: PathBuf,
    period: String,
}

impl MonthArchive {
    /// Opens (creating when needed) `<output_dir>/<YYYY-MM>/`.
    pub fn open(output_dir: &Path, period: Period) -> Result<Self, ArchiveError> {
        Self::open_folder(&output_dir.join(period.to_string()), &period.to_string())
    }

    /// Opens (creating when needed) any versioned folder; `label` says what it holds
    /// (recorded as the manifests' `period`).
    pub fn open_folder(dir: &Path, label: &str) -> Result<Self, ArchiveError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        Ok(MonthArchive { dir: dir.to_path_buf(), period: label.to_string() })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the folder holds, e.g. `2023-05`.
    pub fn label(&self) -> &str {
        &self.period
    }

    /// The month index, or `None` before the first committed run.
    pub fn manifest(&self) -> Result<Option<MonthManifest>, ArchiveError> {
        read_month_manifest(&self.dir)
    }

    /// Starts a run: takes the month's lock, removes temporary leftovers of interrupted
    /// runs and creates the next version's temporary folder.
    pub fn begin_run(&self) -> Result<RunWriter, ArchiveError> {
        let lock = lock_month(&self.dir)?;
        let cleaned_temp = clean_temp(&self.dir)?;
        let number = next_number(&self.dir)?;
        let temp_dir = self.dir.join(fsutil::temp_name(&version_name(number)));
        fs::create_dir(&temp_dir).map_err(io_err(&temp_dir))?;
        Ok(RunWriter {
            month_dir: self.dir.clone(),
            period: self.period.clone(),
            number,
            temp_dir,
            inputs: Vec::new(),
            outputs: Vec::new(),
            cleaned_temp,
            committed: false,
            _lock: lock,
        })
    }
}

/// A run in progress. Dropping it without [`RunWriter::commit`] removes its temporary
/// folder and leaves the month exactly as it was.
#[derive(Debug)]
pub struct RunWriter {
    month_dir: PathBuf,
    period: String,
    number: u32,
    temp_dir: PathBuf,
    inputs: Vec<FileHash>,
    outputs: Vec<FileHash>,
    cleaned_temp: Vec<PathBuf>,
    committed: bool,
    _lock: Option<File>,
}

impl RunWriter {
    /// The version this run will become, e.g. `v003`.
    pub fn version(&self) -> String {
        version_name(self.number)
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    /// Outputs written so far.
    pub fn outputs(&self) -> &[FileHash] {
        &self.outputs
    }

    /// Writes one output file atomically into the run's folder; a name is written once.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<FileHash, ArchiveError> {
        check_output_name(name)?;
        if self.outputs.iter().any(|o| o.name == name) {
            return Err(ArchiveError::Duplicate(name.to_string()));
        }
        let target = self.temp_dir.join(name);
        write_atomic(&self.temp_dir, name, bytes, false).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                ArchiveError::Duplicate(name.to_string())
            } else {
                ArchiveError::Io { path: target, source: e }
            }
        })?;
        let hash = FileHash { name: name.to_string(), size: bytes.len() as u64, sha256: sha256_bytes(bytes) };
        self.outputs.push(hash.clone());
        Ok(hash)
    }

    /// Records the size and SHA-256 of an input file (opened read-only) under `name`, its
    /// name relative to the inputs folder.
    pub fn add_input(&mut self, name: &str, path: &Path) -> Result<FileHash, ArchiveError> {
        if self.inputs.iter().any(|i| i.name == name) {
            return Err(ArchiveError::Duplicate(name.to_string()));
        }
        let (size, sha256) = sha256_file(path).map_err(io_err(path))?;
        let hash = FileHash { name: name.to_string(), size, sha256 };
        self.inputs.push(hash.clone());
        Ok(hash)
    }

    /// Seals the run: writes its manifest, renames its folder to `vNNN/`, makes it the
    /// current version in the month index, then refreshes the root copies.
    pub fn commit(mut self, info: &ManifestInfo<'_>) -> Result<RunSummary, ArchiveError> {
        let version = self.version();
        let final_dir = self.month_dir.join(&version);
        if fs::symlink_metadata(&final_dir).is_ok() {
            return Err(ArchiveError::VersionExists(final_dir));
        }
        let mut inputs = std::mem::take(&mut self.inputs);
        let mut outputs = std::mem::take(&mut self.outputs);
        inputs.sort_by(|a, b| a.name.cmp(&b.name));
        outputs.sort_by(|a, b| a.name.cmp(&b.name));
        let manifest = VersionManifest {
            schema: MANIFEST_SCHEMA,
            period: self.period.clone(),
            version: version.clone(),
            tool: env!("CARGO_PKG_NAME").to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            run_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            date: info.date,
            inputs_dir: info.inputs_dir.map(|p| p.display().to_string()),
            inputs: inputs.clone(),
            outputs: outputs.clone(),
            config: serde_json::to_value(info.config).expect("configuration serializes"),
        };
        let manifest_bytes = manifest::to_json(&manifest);
        write_atomic(&self.temp_dir, MANIFEST_FILE, &manifest_bytes, false)
            .map_err(io_err(self.temp_dir.join(MANIFEST_FILE)))?;
        sync_dir(&self.temp_dir).map_err(io_err(&self.temp_dir))?;

        // Read the previous index before anything changes: it names the files whose root
        // copies may have to go.
        let previous = read_month_manifest(&self.month_dir).ok().flatten();

        fs::rename(&self.temp_dir, &final_dir).map_err(io_err(&final_dir))?;
        self.committed = true;
        sync_dir(&self.month_dir).map_err(io_err(&self.month_dir))?;
        for entry in &outputs {
            fsutil::set_read_only(&final_dir.join(&entry.name));
        }
        fsutil::set_read_only(&final_dir.join(MANIFEST_FILE));

        let record = VersionRecord { manifest, manifest_sha256: sha256_bytes(&manifest_bytes) };
        let (index, adopted) = rebuild_index(&self.month_dir, &self.period, previous.as_ref(), record)?;
        let manifest_path = write_atomic(&self.month_dir, MANIFEST_FILE, &manifest::to_json(&index), true)
            .map_err(io_err(self.month_dir.join(MANIFEST_FILE)))?;

        let root_copies = refresh_root_copies(&self.month_dir, &final_dir, &version, &outputs)?;
        let removed_root_copies = remove_stale_root_copies(&self.month_dir, &index, &outputs, &version)?;
        let unchanged_from = previous
            .as_ref()
            .and_then(|p| p.current_record())
            .filter(|r| r.manifest.outputs == outputs)
            .map(|r| r.manifest.version.clone());

        Ok(RunSummary {
            version,
            number: self.number,
            month_dir: self.month_dir.clone(),
            version_dir: final_dir,
            manifest_path,
            inputs,
            outputs,
            root_copies,
            removed_root_copies,
            unchanged_from,
            cleaned_temp: std::mem::take(&mut self.cleaned_temp),
            adopted,
        })
    }
}

impl Drop for RunWriter {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp_dir);
        }
    }
}

/// Output names are plain file names that cannot collide with the archive's own entries.
fn check_output_name(name: &str) -> Result<(), ArchiveError> {
    let bad = name.is_empty()
        || name.starts_with('.')
        || name.starts_with('~')
        || name.contains(['/', '\\', ':', '\0'])
        || name == MANIFEST_FILE
        || version_number(name).is_some();
    if bad {
        Err(ArchiveError::InvalidName(name.to_string()))
    } else {
        Ok(())
    }
}

/// Takes the month's advisory lock; it is released when the file is closed, also when the
/// process dies. File systems without locks run unlocked.
fn lock_month(dir: &Path) -> Result<Option<File>, ArchiveError> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io_err(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(fs::TryLockError::WouldBlock) => Err(ArchiveError::Busy(dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(ArchiveError::Io { path, source: e }),
    }
}

/// Removes temporary folders and files left by interrupted runs. Only names of the form
/// `.<name>.tmp-<pid>` are touched; the lock guarantees no live run owns them.
fn clean_temp(dir: &Path) -> Result<Vec<PathBuf>, ArchiveError> {
    let mut cleaned = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_temp_name(name) {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(io_err(&path))?;
        if file_type.is_dir() {
            fs::remove_dir_all(&path).map_err(io_err(&path))?;
        } else {
            fs::remove_file(&path).map_err(io_err(&path))?;
        }
        cleaned.push(path);
    }
    cleaned.sort();
    Ok(cleaned)
}

/// Committed version folders on disk, by number.
fn version_dirs(dir: &Path) -> Result<Vec<(u32, String)>, ArchiveError> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(n) = version_number(&name) {
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                found.push((n, name));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// One more than the highest committed version, on disk or in the index.
fn next_number(dir: &Path) -> Result<u32, ArchiveError> {
    let on_disk = version_dirs(dir)?.last().map(|(n, _)| *n).unwrap_or(0);
    let indexed = read_month_manifest(dir)
        .ok()
        .flatten()
        .and_then(|m| m.versions.iter().filter_map(|v| version_number(&v.manifest.version)).max())
        .unwrap_or(0);
    Ok(on_disk.max(indexed) + 1)
}

pub(crate) fn read_month_manifest(dir: &Path) -> Result<Option<MonthManifest>, ArchiveError> {
    let path = dir.join(MANIFEST_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ArchiveError::Io { path, source: e }),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| ArchiveError::Manifest { path, message: e.to_string() })
}

pub(crate) fn read_version_manifest(version_dir: &Path) -> Result<(VersionManifest, Vec<u8>), ArchiveError> {
    let path = version_dir.join(MANIFEST_FILE);
    let bytes = fs::read(&path).map_err(io_err(&path))?;
    let manifest =
        serde_json::from_slice(&bytes).map_err(|e| ArchiveError::Manifest { path, message: e.to_string() })?;
    Ok((manifest, bytes))
}

/// The new index: the previous one (or nothing, if it was lost or damaged), plus committed
/// version folders it does not list, plus the new version, which becomes current.
fn rebuild_index(
    dir: &Path,
    period: &str,
    previous: Option<&MonthManifest>,
    record: VersionRecord,
) -> Result<(MonthManifest, Vec<String>), ArchiveError> {
    let mut versions: Vec<VersionRecord> = previous.map(|p| p.versions.clone()).unwrap_or_default();
    versions.retain(|v| v.manifest.version != record.manifest.version);
    let known: BTreeSet<String> = versions.iter().map(|v| v.manifest.version.clone()).collect();
    let mut adopted = Vec::new();
    for (_, name) in version_dirs(dir)? {
        if name == record.manifest.version || known.contains(&name) {
            continue;
        }
        // A folder whose manifest cannot be read is left for `verify` to report.
        if let Ok((manifest, bytes)) = read_version_manifest(&dir.join(&name)) {
            if manifest.version == name {
                versions.push(VersionRecord { manifest, manifest_sha256: sha256_bytes(&bytes) });
                adopted.push(name);
            }
        }
    }
    let current = record.manifest.version.clone();
    versions.push(record);
    versions.sort_by_key(|v| version_number(&v.manifest.version).unwrap_or(0));
    Ok((MonthManifest { schema: MANIFEST_SCHEMA, period: period.to_string(), current, versions }, adopted))
}

fn refresh_root_copies(
    month_dir: &Path,
    version_dir: &Path,
    version: &str,
    outputs: &[FileHash],
) -> Result<Vec<PathBuf>, ArchiveError> {
    outputs
        .iter()
        .map(|o| {
            fsutil::copy_atomic(&version_dir.join(&o.name), month_dir, &o.name)
                .map_err(|source| ArchiveError::RootCopy { version: version.to_string(), name: o.name.clone(), source })
        })
        .collect()
}

/// Removes root copies of files some earlier version produced and the current one does
/// not. Only names recorded as outputs in the index are candidates.
fn remove_stale_root_copies(
    month_dir: &Path,
    index: &MonthManifest,
    outputs: &[FileHash],
    version: &str,
) -> Result<Vec<String>, ArchiveError> {
    let current: BTreeSet<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    let earlier: BTreeSet<&str> =
        index.versions.iter().flat_map(|v| v.manifest.outputs.iter().map(|o| o.name.as_str())).collect();
    let mut removed = Vec::new();
    for name in earlier.difference(&current) {
        let path = month_dir.join(name);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {
                fs::remove_file(&path).map_err(|source| ArchiveError::RootCopy {
                    version: version.to_string(),
                    name: name.to_string(),
                    source,
                })?;
                removed.push(name.to_string());
            }
            _ => {}
        }
    }
    if !removed.is_empty() {
        sync_dir(month_dir).map_err(io_err(month_dir))?;
    }
    Ok(removed)
}

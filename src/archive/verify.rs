//! `baocao verify <output>/<YYYY-MM>`: re-hash every archived file and compare with the
//! manifests.

use super::fsutil::is_temp_name;
use super::manifest::{version_number, FileHash, VersionRecord, MANIFEST_FILE};
use super::{read_month_manifest, ArchiveError, LOCK_FILE};
use crate::digest::sha256_file;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A file whose content no longer matches its recorded hash.
    Changed,
    /// A recorded file that is gone.
    Missing,
    /// A file or folder no manifest records.
    Unexpected,
    /// A version's `manifest.json` differs from what the month index recorded.
    ManifestMismatch,
    /// A version folder the month index does not list.
    UnlistedVersion,
    /// Information: an input changed in the inputs folder since the run.
    InputChanged,
    /// Information: an input is no longer in the inputs folder.
    InputMissing,
    /// Information: leftovers of an interrupted run, or an office program's lock file.
    Leftover,
}

impl FindingKind {
    /// Inputs change legitimately (resubmissions); leftovers are harmless.
    pub fn is_information(self) -> bool {
        matches!(self, FindingKind::InputChanged | FindingKind::InputMissing | FindingKind::Leftover)
    }
}

/// One observation; `path` is relative to the month folder (inputs: to the inputs folder),
/// `message` is Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub month_dir: PathBuf,
    pub current: String,
    pub versions: usize,
    /// Archived files re-hashed (outputs, version manifests, root copies).
    pub files_checked: usize,
    /// Differences: the archive is not as recorded.
    pub differences: Vec<Finding>,
    /// Information only (inputs, leftovers).
    pub notes: Vec<Finding>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.differences.is_empty()
    }

    fn push(&mut self, kind: FindingKind, path: impl Into<String>, message: String) {
        let finding = Finding { kind, path: path.into(), message };
        if kind.is_information() {
            self.notes.push(finding);
        } else {
            self.differences.push(finding);
        }
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Kiểm tra {}: {} phiên bản, {} tệp đã tính lại mã băm, phiên bản hiện hành {}.",
            self.month_dir.display(),
            self.versions,
            self.files_checked,
            self.current
        )?;
        if self.is_ok() {
            writeln!(f, "Không có sai khác: mọi tệp khớp với manifest.")?;
        } else {
            writeln!(f, "Có {} sai khác:", self.differences.len())?;
            for d in &self.differences {
                writeln!(f, "  - {}", d.message)?;
            }
        }
        if !self.notes.is_empty() {
            writeln!(f, "Thông tin thêm:")?;
            for n in &self.notes {
                writeln!(f, "  - {}", n.message)?;
            }
        }
        Ok(())
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Re-hashes every version's outputs and manifest, the root copies of the current
/// version, and the inputs still present in each run's inputs folder.
pub fn verify(month_dir: &Path) -> Result<VerifyReport, ArchiveError> {
    let index = read_month_manifest(month_dir)?.ok_or_else(|| ArchiveError::NotAnArchive(month_dir.to_path_buf()))?;
    let mut report = VerifyReport {
        month_dir: month_dir.to_path_buf(),
        current: index.current.clone(),
        versions: index.versions.len(),
        files_checked: 0,
        differences: Vec::new(),
        notes: Vec::new(),
    };
    let mut input_cache: BTreeMap<PathBuf, Option<(u64, String)>> = BTreeMap::new();
    for record in &index.versions {
        check_version(month_dir, record, &mut report)?;
        check_inputs(record, &mut input_cache, &mut report);
    }
    let listed: BTreeSet<&str> = index.versions.iter().map(|v| v.manifest.version.as_str()).collect();
    let current_outputs: &[FileHash] = match index.current_record() {
        Some(r) => &r.manifest.outputs,
        None => {
            report.push(
                FindingKind::ManifestMismatch,
                MANIFEST_FILE,
                format!("manifest.json ghi phiên bản hiện hành {} nhưng không liệt kê phiên bản này", index.current),
            );
            &[]
        }
    };
    for output in current_outputs {
        let path = month_dir.join(&output.name);
        let what = format!("bản sao {} ở thư mục tháng (phiên bản hiện hành {})", output.name, index.current);
        check_file(&path, &output.name, output, &what, &mut report)?;
    }
    check_root_entries(month_dir, &listed, current_outputs, &mut report)?;
    Ok(report)
}

fn check_file(
    path: &Path,
    rel: &str,
    expected: &FileHash,
    what: &str,
    report: &mut VerifyReport,
) -> Result<(), ArchiveError> {
    match sha256_file(path) {
        Ok((size, sha)) => {
            report.files_checked += 1;
            if sha != expected.sha256 || size != expected.size {
                report.push(
                    FindingKind::Changed,
                    rel,
                    format!(
                        "{what}: nội dung đã thay đổi (manifest ghi {} byte, SHA-256 {}…; hiện tại {} byte, SHA-256 {}…)",
                        expected.size,
                        short(&expected.sha256),
                        size,
                        short(&sha)
                    ),
                );
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            report.push(
                FindingKind::Missing,
                rel,
                format!("{what}: thiếu tệp (manifest có ghi nhưng không còn trên đĩa)"),
            );
            Ok(())
        }
        Err(e) => Err(ArchiveError::Io { path: path.to_path_buf(), source: e }),
    }
}

fn check_version(month_dir: &Path, record: &VersionRecord, report: &mut VerifyReport) -> Result<(), ArchiveError> {
    let version = &record.manifest.version;
    let dir = month_dir.join(version);
    if !dir.is_dir() {
        report.push(FindingKind::Missing, version.as_str(), format!("thiếu thư mục phiên bản {version}"));
        return Ok(());
    }
    let manifest_rel = format!("{version}/{MANIFEST_FILE}");
    match sha256_file(&dir.join(MANIFEST_FILE)) {
        Ok((_, sha)) => {
            report.files_checked += 1;
            if sha != record.manifest_sha256 {
                report.push(
                    FindingKind::ManifestMismatch,
                    manifest_rel,
                    format!("{version}/manifest.json không khớp với bản ghi trong manifest.json của tháng (đã bị sửa)"),
                );
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            report.push(FindingKind::Missing, manifest_rel, format!("{version}: thiếu manifest.json của phiên bản"));
        }
        Err(e) => return Err(ArchiveError::Io { path: dir.join(MANIFEST_FILE), source: e }),
    }
    for output in &record.manifest.outputs {
        let rel = format!("{version}/{}", output.name);
        let what = format!("{rel} (phiên bản {version})");
        check_file(&dir.join(&output.name), &rel, output, &what, report)?;
    }
    let known: BTreeSet<&str> =
        record.manifest.outputs.iter().map(|o| o.name.as_str()).chain([MANIFEST_FILE]).collect();
    for name in sorted_entries(&dir)? {
        if !known.contains(name.as_str()) {
            report.push(
                FindingKind::Unexpected,
                format!("{version}/{name}"),
                format!("{version}/{name}: tệp lạ trong thư mục phiên bản, manifest không ghi"),
            );
        }
    }
    Ok(())
}

fn check_inputs(
    record: &VersionRecord,
    cache: &mut BTreeMap<PathBuf, Option<(u64, String)>>,
    report: &mut VerifyReport,
) {
    let version = &record.manifest.version;
    let Some(dir) = record.manifest.inputs_dir.as_deref().map(PathBuf::from) else { return };
    if !dir.is_dir() {
        if !record.manifest.inputs.is_empty() {
            report.push(
                FindingKind::InputMissing,
                dir.display().to_string(),
                format!("{version}: thư mục đầu vào {} không còn, không kiểm tra được tệp đầu vào", dir.display()),
            );
        }
        return;
    }
    for input in &record.manifest.inputs {
        let path = dir.join(&input.name);
        let now = cache.entry(path.clone()).or_insert_with(|| sha256_file(&path).ok()).clone();
        match now {
            None => report.push(
                FindingKind::InputMissing,
                input.name.clone(),
                format!("{version}: tệp đầu vào {} không còn trong {}", input.name, dir.display()),
            ),
            Some((size, sha)) if sha != input.sha256 || size != input.size => report.push(
                FindingKind::InputChanged,
                input.name.clone(),
                format!("{version}: tệp đầu vào {} đã thay đổi kể từ lần chạy (có thể là bản nộp lại)", input.name),
            ),
            Some(_) => {}
        }
    }
}

fn check_root_entries(
    month_dir: &Path,
    listed: &BTreeSet<&str>,
    current_outputs: &[FileHash],
    report: &mut VerifyReport,
) -> Result<(), ArchiveError> {
    let outputs: BTreeSet<&str> = current_outputs.iter().map(|o| o.name.as_str()).collect();
    for name in sorted_entries(month_dir)? {
        if name == MANIFEST_FILE || name == LOCK_FILE || outputs.contains(name.as_str()) {
            continue;
        }
        if listed.contains(name.as_str()) {
            continue;
        }
        // A folder with its own index is an archive of its own (a range of the year inside
        // `<output>/YYYY/`, e.g. `quy-1/`), verified by itself.
        if version_number(&name).is_none() && month_dir.join(&name).join(MANIFEST_FILE).is_file() {
            continue;
        }
        if version_number(&name).is_some() && month_dir.join(&name).is_dir() {
            report.push(
                FindingKind::UnlistedVersion,
                name.clone(),
                format!("thư mục phiên bản {name} không có trong manifest.json của tháng"),
            );
        } else if is_temp_name(&name) {
            report.push(
                FindingKind::Leftover,
                name.clone(),
                format!("{name}: phần còn lại của một lần chạy bị gián đoạn; lần chạy sau sẽ tự dọn"),
            );
        } else if name.starts_with("~$") || name.starts_with(".~lock.") {
            report.push(
                FindingKind::Leftover,
                name.clone(),
                format!("{name}: tệp khóa của Word/Excel/LibreOffice (tệp đang được mở)"),
            );
        } else {
            report.push(
                FindingKind::Unexpected,
                name.clone(),
                format!("{name}: tệp lạ trong thư mục tháng, manifest không ghi"),
            );
        }
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<String>, ArchiveError> {
    let io = |source| ArchiveError::Io { path: dir.to_path_buf(), source };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(io)? {
        names.push(entry.map_err(io)?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

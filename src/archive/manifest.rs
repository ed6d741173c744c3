//! The two manifests of a month folder: `vNNN/manifest.json` (one run, immutable) and the
//! month's `manifest.json` (the index: every version and which one is current).
//!
//! Keys are English and serialized in declaration order, pretty-printed, so the files diff
//! well. The configuration is kept as plain JSON so that an old manifest stays readable
//! after the `Config` type grows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// File name of both manifests.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Version of the manifest format.
pub const MANIFEST_SCHEMA: u32 = 1;

/// One hashed file: an input (name relative to the inputs folder) or an output (name in
/// the version folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    pub name: String,
    pub size: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

/// Everything recorded about one run; written as `vNNN/manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionManifest {
    pub schema: u32,
    /// What the folder holds: `2023-05` for a month, `2023`, `2023/quy-1` for a range of
    /// the year, `bieu-mau/2023-06` for a form set.
    pub period: String,
    /// `v001`, `v002`…
    pub version: String,
    pub tool: String,
    pub tool_version: String,
    /// When the run was committed (local time, RFC 3339). The only value that differs
    /// between two otherwise identical runs; it never appears inside a document.
    pub run_at: String,
    /// The `--date` of the run, or null when the documents were left undated.
    pub date: Option<NaiveDate>,
    /// The inputs folder as given to the run; `verify` re-hashes inputs found there.
    pub inputs_dir: Option<String>,
    pub inputs: Vec<FileHash>,
    pub outputs: Vec<FileHash>,
    /// The full configuration used, serialized.
    pub config: serde_json::Value,
}

/// One entry of the month index: the version's manifest plus the hash of its
/// `manifest.json` file, so that an edit of either is detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionRecord {
    #[serde(flatten)]
    pub manifest: VersionManifest,
    pub manifest_sha256: String,
}

/// The month's `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthManifest {
    pub schema: u32,
    /// As [`VersionManifest::period`].
    pub period: String,
    /// The version whose files are copied at the month root.
    pub current: String,
    /// Every version, oldest first.
    pub versions: Vec<VersionRecord>,
}

impl MonthManifest {
    pub fn current_record(&self) -> Option<&VersionRecord> {
        self.versions.iter().find(|v| v.manifest.version == self.current)
    }
}

/// `v007` for 7.
pub fn version_name(number: u32) -> String {
    format!("v{number:03}")
}

/// 7 for `v007`; `None` for anything that is not a version folder name.
pub fn version_number(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('v')?;
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// Pretty JSON with a final newline.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("manifests serialize");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_names() {
        assert_eq!(version_name(3), "v003");
        assert_eq!(version_name(1234), "v1234");
        assert_eq!(version_number("v003"), Some(3));
        assert_eq!(version_number("v1234"), Some(1234));
        for bad in ["v03", "v000", "003", "v00a", "V003", ".v003.tmp-1"] {
            assert_eq!(version_number(bad), None, "{bad}");
        }
    }
}

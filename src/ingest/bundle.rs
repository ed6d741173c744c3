//! Zip bundles (`.zip` of an agency's files, as e-mail and messaging apps send them): the
//! archive is opened in memory, never extracted to disk; each member comes out as bytes
//! with its name and modification time, or as a refusal saying why it is not read.
//!
//! Limits: entry count, per-entry and total inflated size (checked on the declared sizes
//! and again while inflating), and member names that would climb out of the archive
//! (`..`, absolute paths, drive letters) are refused.

use super::files::MAX_FILE_BYTES;
use chrono::{NaiveDate, NaiveDateTime};
use std::io::{Cursor, Read};
use zip::ZipArchive;

const MIB: u64 = 1024 * 1024;

/// Bounds on one bundle. Tests lower them; callers use the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleLimits {
    /// Entries in the archive (folders included).
    pub max_entries: usize,
    /// One member once inflated (a member is a workbook: the folder's file limit).
    pub max_entry_bytes: u64,
    /// All members together once inflated.
    pub max_total_bytes: u64,
}

impl Default for BundleLimits {
    fn default() -> Self {
        BundleLimits { max_entries: 1_000, max_entry_bytes: MAX_FILE_BYTES, max_total_bytes: 512 * MIB }
    }
}

/// One file inside the bundle, read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Path inside the archive, as stored (`/`-separated).
    pub name: String,
    /// The entry's modification time (local time, as zip stores it).
    pub modified: Option<NaiveDateTime>,
    pub bytes: Vec<u8>,
}

/// A member that is not read, and why (Vietnamese, without the file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    File(Member),
    Refused(Refused),
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("tệp nén «{file}» bị hỏng hoặc không trọn vẹn ({detail}); hãy đề nghị đơn vị gửi lại")]
    Corrupt { file: String, detail: String },
    #[error(
        "tệp nén «{file}» chứa {count} mục, quá nhiều đối với báo cáo của một tháng (tối đa {max}); không đọc, \
         hãy đề nghị đơn vị gửi riêng các tệp báo cáo"
    )]
    TooManyEntries { file: String, count: usize, max: usize },
}

/// The members of a zip held in `bytes`, in archive order; folders are left out.
pub fn open(file: &str, bytes: &[u8], limits: &BundleLimits) -> Result<Vec<Entry>, BundleError> {
    let mut out = Vec::new();
    visit(file, bytes, limits, |e| out.push(e))?;
    Ok(out)
}

/// [`open`], handing each member to `each` as soon as it is inflated, so only one member
/// is held in memory at a time.
pub fn visit(file: &str, bytes: &[u8], limits: &BundleLimits, mut each: impl FnMut(Entry)) -> Result<(), BundleError> {
    let corrupt = |e: &dyn std::fmt::Display| BundleError::Corrupt { file: file.to_string(), detail: e.to_string() };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    if archive.len() > limits.max_entries {
        return Err(BundleError::TooManyEntries {
            file: file.to_string(),
            count: archive.len(),
            max: limits.max_entries,
        });
    }
    let mut remaining = limits.max_total_bytes;
    for i in 0..archive.len() {
        let (name, is_dir, encrypted, declared, modified) = match archive.by_index_raw(i) {
            Ok(f) => match f.name() {
                Ok(name) => (
                    name.into_owned(),
                    f.is_dir(),
                    f.encrypted(),
                    f.size(),
                    f.last_modified().and_then(|t| {
                        NaiveDate::from_ymd_opt(i32::from(t.year()), u32::from(t.month()), u32::from(t.day()))?
                            .and_hms_opt(u32::from(t.hour()), u32::from(t.minute()), u32::from(t.second()))
                    }),
                ),
                Err(e) => {
                    each(refused(format!("mục thứ {}", i + 1), format!("tên không đọc được ({e})")));
                    continue;
                }
            },
            Err(e) => {
                each(refused(format!("mục thứ {}", i + 1), format!("không đọc được ({e})")));
                continue;
            }
        };
        if is_dir {
            continue;
        }
        if let Some(reason) = unsafe_name(&name) {
            each(refused(name, reason));
            continue;
        }
        if encrypted {
            each(refused(
                name,
                "được đặt mật khẩu trong tệp nén nên không đọc được; hãy đề nghị đơn vị gửi lại tệp không đặt mật khẩu"
                    .into(),
            ));
            continue;
        }
        let cap = limits.max_entry_bytes.min(remaining);
        if declared > cap {
            each(refused(name, too_large(declared, limits, remaining)));
            continue;
        }
        let mut content = Vec::new();
        let read = archive
            .by_index(i)
            .and_then(|f| f.take(cap.saturating_add(1)).read_to_end(&mut content).map_err(zip::result::ZipError::from));
        match read {
            Err(e) if e.to_string().contains("larger than its declared") => {
                each(refused(name, "giải nén ra nhiều hơn kích thước khai báo, đã dừng giải nén".into()));
            }
            Err(e) => each(refused(name, format!("bị hỏng, không giải nén được ({e})"))),
            Ok(_) if content.len() as u64 > cap => {
                each(refused(name, too_large(content.len() as u64, limits, remaining)));
            }
            Ok(_) => {
                remaining -= content.len() as u64;
                each(Entry::File(Member { name, modified, bytes: content }));
            }
        }
    }
    Ok(())
}

fn refused(name: String, reason: String) -> Entry {
    Entry::Refused(Refused { name, reason })
}

fn too_large(bytes: u64, limits: &BundleLimits, remaining: u64) -> String {
    if bytes > limits.max_entry_bytes {
        format!(
            "giải nén ra hơn {} MiB, quá lớn đối với một báo cáo (tối đa {} MiB); không đọc",
            bytes / MIB,
            limits.max_entry_bytes / MIB
        )
    } else {
        format!(
            "các tệp trong tệp nén cộng lại vượt giới hạn {} MiB khi giải nén (còn {} MiB cho tệp này); không đọc",
            limits.max_total_bytes / MIB,
            remaining / MIB
        )
    }
}

/// Why a member name is refused: it climbs out of the archive (`..`), is absolute, or
/// names a drive. Such names are a known attack on programs that extract archives; a
/// report never needs them.
fn unsafe_name(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.split(['/', '\\']).collect();
    if name.starts_with(['/', '\\']) || name.as_bytes().get(1) == Some(&b':') {
        return Some("đường dẫn tuyệt đối trong tệp nén (dấu hiệu tệp nén độc hại), không đọc".into());
    }
    if parts.contains(&"..") {
        return Some("đường dẫn có «..» trỏ ra ngoài tệp nén (dấu hiệu tệp nén độc hại), không đọc".into());
    }
    if name.contains('\0') {
        return Some("tên có ký tự rỗng (dấu hiệu tệp nén độc hại), không đọc".into());
    }
    None
}

/// The last component of a member path (the name a clerk sees).
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        assert!(unsafe_name("../x.xlsx").is_some());
        assert!(unsafe_name("a/../../x.xlsx").is_some());
        assert!(unsafe_name("/etc/x.xlsx").is_some());
        assert!(unsafe_name("C:\\x.xlsx").is_some());
        assert!(unsafe_name("..\\x.xlsx").is_some());
        assert_eq!(unsafe_name("BC/T5 ..x.xlsx"), None);
        assert_eq!(unsafe_name("BC T5.xlsx"), None);
        assert_eq!(base_name("a/b/BC.xlsx"), "BC.xlsx");
    }
}

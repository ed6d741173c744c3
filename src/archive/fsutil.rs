//! File-system primitives of the archive: hashing, atomic writes, directory fsync and the
//! recognition of our own temporary names.

use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Lowercase hex SHA-256 of a byte slice.
pub(crate) fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Size and lowercase hex SHA-256 of a file, streamed (inputs can be large) and opened
/// read-only.
pub(crate) fn sha256_file(path: &Path) -> io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The temporary name used while `name` is being written in `dir`: `.<name>.tmp-<pid>`.
pub(crate) fn temp_name(name: &str) -> String {
    format!(".{name}.tmp-{}", std::process::id())
}

/// True for names made by [`temp_name`] (ours, from any process): `.<something>.tmp-<digits>`.
pub(crate) fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else { return false };
    match rest.rsplit_once(".tmp-") {
        Some((stem, pid)) => !stem.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Writes `bytes` to `dir/name` atomically: a temporary file in the same directory, fsync,
/// then rename. With `replace == false` an existing `dir/name` is an `AlreadyExists` error.
pub(crate) fn write_atomic(dir: &Path, name: &str, bytes: &[u8], replace: bool) -> io::Result<PathBuf> {
    let target = dir.join(name);
    if !replace && fs::symlink_metadata(&target).is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "tệp đã tồn tại"));
    }
    let temp = dir.join(temp_name(name));
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create(true).truncate(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &target)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map(|()| target)
}

/// Copies `src` over `dir/name` atomically (temp file + fsync + rename).
pub(crate) fn copy_atomic(src: &Path, dir: &Path, name: &str) -> io::Result<PathBuf> {
    let bytes = fs::read(src)?;
    write_atomic(dir, name, &bytes, true)
}

/// Makes a rename or a new entry in `dir` durable. Directories cannot be opened for fsync
/// on every platform; there the rename is as durable as the OS makes it.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Marks a file read-only so that an archived version is not saved over by accident
/// (e.g. from Word). Best effort: the hashes are the real protection.
pub(crate) fn set_read_only(path: &Path) {
    if let Ok(meta) = fs::metadata(path) {
        let mut perms = meta.permissions();
        perms.set_readonly(true);
        let _ = fs::set_permissions(path, perms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        assert!(is_temp_name(&temp_name("manifest.json")));
        assert!(is_temp_name(".v003.tmp-12"));
        for other in ["v003", ".v003", ".tmp-12", "..tmp-12", ".x.tmp-", ".x.tmp-1a", "x.tmp-12", ".lock"] {
            assert!(!is_temp_name(other), "{other}");
        }
    }

    #[test]
    fn known_digest() {
        assert_eq!(sha256_bytes(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

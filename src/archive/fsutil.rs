//! File-system primitives of the archive: atomic writes, directory fsync and the
//! recognition of our own temporary names.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The temporary name used while `name` is being written in `dir`: `.<name>.tmp-<pid>`
/// (a folder; a file gets a random suffix after it, see [`write_atomic`]).
pub(crate) fn temp_name(name: &str) -> String {
    format!(".{name}.tmp-{}", std::process::id())
}

/// True for names made by [`temp_name`] or [`write_atomic`] (ours, from any process):
/// `.<something>.tmp-<digits>`, optionally followed by `-<letters and digits>`.
pub(crate) fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else { return false };
    let Some((stem, tail)) = rest.rsplit_once(".tmp-") else { return false };
    let (pid, random) = match tail.split_once('-') {
        Some((pid, random)) => (pid, Some(random)),
        None => (tail, None),
    };
    !stem.is_empty()
        && !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.is_none_or(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Writes `bytes` to `dir/name` atomically: a temporary file in the same directory, fsync,
/// then rename, so a reader never sees half a file and a crash leaves the old one. With
/// `replace == false` an existing `dir/name` is an `AlreadyExists` error, also when another
/// process creates it meanwhile (the final step refuses to replace). The one atomic write
/// of the program: the archive and `baocao render` both use it.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8], replace: bool) -> io::Result<PathBuf> {
    let target = dir.join(name);
    if !replace && fs::symlink_metadata(&target).is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "tệp đã tồn tại"));
    }
    let prefix = format!("{}-", temp_name(name));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix("").rand_bytes(6);
    // Like a plain `File::create` (the umask decides), not tempfile's owner-only default:
    // outputs are read by colleagues on a shared folder.
    #[cfg(unix)]
    let perms = {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(perms);
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    let persisted = if replace { temp.persist(&target) } else { temp.persist_noclobber(&target) };
    persisted.map_err(|e| e.error)?;
    sync_dir(dir)?;
    Ok(target)
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
    fn atomic_writes_replace_or_refuse_and_leave_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(write_atomic(d, "a.pdf", b"one", false).unwrap(), d.join("a.pdf"));
        let err = write_atomic(d, "a.pdf", b"two", false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(d.join("a.pdf")).unwrap(), b"one");
        write_atomic(d, "a.pdf", b"three", true).unwrap();
        assert_eq!(fs::read(d.join("a.pdf")).unwrap(), b"three");
        let names: Vec<String> =
            fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["a.pdf"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Permissions as a plain `File::create` gives them (the umask decides), not
            // tempfile's owner-only default.
            File::create(d.join("plain")).unwrap();
            let mode = |n: &str| fs::metadata(d.join(n)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode("a.pdf"), mode("plain"));
        }
    }

    #[test]
    fn temp_names() {
        assert!(is_temp_name(&temp_name("manifest.json")));
        assert!(is_temp_name(".v003.tmp-12"));
        assert!(is_temp_name(".manifest.json.tmp-12-aB3xYz"));
        for other in [
            "v003",
            ".v003",
            ".tmp-12",
            "..tmp-12",
            ".x.tmp-",
            ".x.tmp-1a",
            "x.tmp-12",
            ".lock",
            ".x.tmp-12-",
            ".x.tmp--ab",
            ".x.tmp-12-a.b",
        ] {
            assert!(!is_temp_name(other), "{other}");
        }
    }
}

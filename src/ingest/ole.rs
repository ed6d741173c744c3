//! OLE compound files (CFB: `.xls`, `.doc`, and the container Office wraps an encrypted
//! `.xlsx`/`.docx` in), read through the `cfb` crate: the one place that opens them.

use std::io::{Cursor, Read};

/// What an OLE container holds, judged from its streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OleKind {
    /// `EncryptedPackage`/`EncryptionInfo`: an OOXML file saved with a password.
    EncryptedPackage,
    /// `WordDocument`: a Word 97–2003 `.doc`.
    WordDocument,
    /// `PowerPoint Document`: a `.ppt`.
    PowerPoint,
    /// `Workbook` (BIFF8) or `Book` (BIFF5): an `.xls`.
    Workbook,
    /// Readable, but none of the above; the stream names found.
    Other(Vec<String>),
}

/// Opens the container and tells what it holds. `Err` (detail in English from `cfb`) when
/// its structure cannot be read.
pub fn kind(bytes: &[u8]) -> Result<OleKind, String> {
    let cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names: Vec<String> = cfb.read_root_storage().map(|e| e.name().to_string()).collect();
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    Ok(if has("EncryptedPackage") || has("EncryptionInfo") {
        OleKind::EncryptedPackage
    } else if has("WordDocument") {
        OleKind::WordDocument
    } else if has("PowerPoint Document") {
        OleKind::PowerPoint
    } else if has("Workbook") || has("Book") {
        OleKind::Workbook
    } else {
        OleKind::Other(names)
    })
}

/// Why a stream could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamError {
    /// The container's structure is damaged (detail from `cfb`).
    Damaged(String),
    /// No stream of any of the names asked for.
    Missing,
    /// The stream declares more than `max` bytes.
    TooLarge(u64),
}

/// The first of `names` that exists at the root, read whole, at most `max` bytes.
pub fn read_stream(bytes: &[u8], names: &[&str], max: u64) -> Result<Vec<u8>, StreamError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| StreamError::Damaged(e.to_string()))?;
    let Some(path) = names.iter().map(|n| format!("/{n}")).find(|p| cfb.is_stream(p)) else {
        return Err(StreamError::Missing);
    };
    let stream = cfb.open_stream(&path).map_err(|e| StreamError::Damaged(e.to_string()))?;
    let len = stream.len();
    if len > max {
        return Err(StreamError::TooLarge(len));
    }
    let mut out = Vec::new();
    stream.take(max).read_to_end(&mut out).map_err(|e| StreamError::Damaged(e.to_string()))?;
    if (out.len() as u64) < len {
        return Err(StreamError::Damaged(format!("stream {path} ends after {} of {len} bytes", out.len())));
    }
    Ok(out)
}

//! Unicode cleanup and the matching key.

/// NFC, trimmed, internal runs of whitespace (including newlines and NBSP) folded to one
/// space. For cell text that is compared or shown on one line.
pub fn clean(s: &str) -> String {
    todo!("{s}")
}

/// NFC and trimmed, keeping line breaks (normalized to `\n`). For long free text
/// (results, difficulties) where the agency's line breaks carry meaning.
pub fn clean_multiline(s: &str) -> String {
    todo!("{s}")
}

/// Matching key: case-, accent- and tone-placement-insensitive (`hòa` = `hoà` = `HOÀ`,
/// `Đ` → `d`), punctuation folded to single spaces, trimmed. `&` is kept as a word.
pub fn key(s: &str) -> String {
    todo!("{s}")
}

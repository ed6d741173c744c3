//! Unicode cleanup and the matching key.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that are invisible in a cell and only get in the way of comparison
/// (zero-width space/joiners, BOM, soft hyphen).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Line breaks as spreadsheets store them: `\n`, `\r\n`, `\r`, Unicode line/paragraph
/// separators and the vertical tab Excel writes for Alt+Enter in some exports.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

/// Folds whitespace runs (any Unicode White_Space, NBSP included) to one space and trims.
fn fold_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// NFC, trimmed, internal runs of whitespace (including newlines and NBSP) folded to one
/// space. For cell text that is compared or shown on one line.
pub fn clean(s: &str) -> String {
    fold_spaces(&nfc(s))
}

/// `s` in NFC; most cells already are, and the quick check spares composing them again.
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// NFC and trimmed, keeping line breaks (normalized to `\n`). For long free text
/// (results, difficulties) where the agency's line breaks carry meaning.
///
/// Each line is cleaned like [`clean`]; leading and trailing blank lines are dropped and
/// runs of blank lines kept as a single blank line (a paragraph break).
pub fn clean_multiline(s: &str) -> String {
    // `\r\n` is one break, not two.
    let unified = nfc(s).replace("\r\n", "\n");
    let mut lines: Vec<String> = Vec::new();
    for line in unified.split(is_line_break) {
        let line = fold_spaces(line);
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Where `phrase` (words joined by single spaces, as in a [`key`]) starts among a key's
/// `words` (`key.split(' ')`): whole words only.
///
/// Word by word rather than by substring search: a cell may hold a long text, and
/// building a searcher per phrase and cell was a third of a 60,000-row read.
pub fn phrase_starts<'a>(words: &'a [&str], phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    (0..words.len()).filter(move |&i| {
        let mut rest = words[i..].iter();
        phrase.split(' ').all(|p| rest.next() == Some(&p))
    })
}

/// Whether `phrase` occurs as whole words among a key's `words` (see [`phrase_starts`]).
pub fn has_phrase(words: &[&str], phrase: &str) -> bool {
    phrase_starts(words, phrase).next().is_some()
}

/// Matching key: case-, accent- and tone-placement-insensitive (`hòa` = `hoà` = `HOÀ`,
/// `Đ` → `d`), punctuation folded to single spaces, trimmed. `&` is kept as a word.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let push_word_char = |out: &mut String, c: char, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        *pending = false;
        out.push(c);
    };
    // Each character decomposed on its own (ASCII needs none): the same letters as a
    // whole-string NFD, since NFD only reorders the combining marks dropped here.
    let mut letters = Vec::with_capacity(4);
    for ch in s.chars() {
        letters.clear();
        if ch.is_ascii() {
            letters.push(ch);
        } else {
            decompose_canonical(ch, |d| letters.push(d));
        }
        for &c in &letters {
            if is_combining_mark(c) || is_invisible(c) {
                continue;
            }
            match c {
                // Đ/đ have no decomposition; U+00D0/U+00F0 (eth) are the usual mistyped Đ.
                'đ' | 'Đ' | 'Ð' | 'ð' => push_word_char(&mut out, 'd', &mut pending_space),
                '&' => {
                    // `&` stands alone as a word: `TB&XH` → `tb & xh`.
                    pending_space = true;
                    push_word_char(&mut out, '&', &mut pending_space);
                    pending_space = true;
                }
                c if c.is_ascii_alphanumeric() => {
                    push_word_char(&mut out, c.to_ascii_lowercase(), &mut pending_space);
                }
                c if c.is_alphanumeric() => {
                    for l in c.to_lowercase() {
                        push_word_char(&mut out, l, &mut pending_space);
                    }
                }
                _ => pending_space = true,
            }
        }
    }
    out
}

/// A task's identity across months (the year's task list, month-over-month comparison,
/// pre-filled forms): NFC, lower case, runs of white space as one space, trailing `.`,
/// `;`, `:` and spaces removed. Accents are kept: two tasks differing only in tone marks
/// are different texts to the agency that wrote them. See `docs/domain.md`, "Task identity".
pub fn task_key(s: &str) -> String {
    let lower: String = clean(s).to_lowercase().nfc().collect();
    lower.trim_end_matches(|c: char| matches!(c, '.' | ';' | ':') || c.is_whitespace()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words() {
        let k = key("Đã hoàn thành, hoàn thành đúng hạn");
        let words: Vec<&str> = k.split(' ').collect();
        assert_eq!(phrase_starts(&words, "hoan thanh").collect::<Vec<_>>(), vec![1, 3]);
        assert!(has_phrase(&words, "hoan thanh dung han"));
        assert!(has_phrase(&words, "da"));
        assert!(!has_phrase(&words, "hoa"), "a phrase is whole words, not a prefix of one");
        assert!(!has_phrase(&words, "oan thanh"), "nor the end of one");
        assert!(!has_phrase(&words, "han dung"));
        assert!(!has_phrase(&words, "dung han hoan"), "a phrase running past the end");
        assert!(!has_phrase(&words, "thanh dung han x"));
    }

    /// `key` as first written (whole-string NFD), the reference the per-character
    /// decomposition must match.
    fn key_by_nfd(s: &str) -> String {
        let mut out = String::new();
        let mut pending = false;
        for c in s.nfd().filter(|&c| !is_combining_mark(c) && !is_invisible(c)) {
            let word: Vec<char> = match c {
                'đ' | 'Đ' | 'Ð' | 'ð' => vec!['d'],
                '&' => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push('&');
                    pending = true;
                    continue;
                }
                c if c.is_alphanumeric() => c.to_lowercase().collect(),
                _ => {
                    pending = true;
                    continue;
                }
            };
            for l in word {
                if pending && !out.is_empty() {
                    out.push(' ');
                }
                pending = false;
                out.push(l);
            }
        }
        out
    }

    #[test]
    fn key_matches_whole_string_nfd() {
        let nfd: String = "Hoà thuỷ Ủy ban Đồng Nai".nfd().collect();
        let samples = [
            "Sở Lao động - Thương binh và Xã hội",
            "SỞ LAO ĐỘNG TB&XH",
            "hòa hoà HOÀ thủy thuỷ",
            nfd.as_str(),
            "Ða Ðð — İstanbul ﬁ Å Ω K",
            "Tổng số: 12 (%)\u{200B}x\u{00AD}y",
            "&&a&b&",
            "  ",
            "",
        ];
        for s in samples {
            assert_eq!(key(s), key_by_nfd(s), "{s:?}");
        }
    }

    #[test]
    fn clean_folds_whitespace_and_composes() {
        assert_eq!(clean("  Sở\u{00A0}Tư   pháp\n\t "), "Sở Tư pháp");
        assert_eq!(clean("a\r\nb\u{2028}c"), "a b c");
        assert_eq!(clean(""), "");
        assert_eq!(clean(" \u{00A0}\n"), "");
        // NFD in, NFC out.
        let nfd = "Ba\u{0309}o Tha\u{0306}\u{0301}ng";
        assert_eq!(clean(nfd), "Bảo Thắng");
        assert_eq!(clean(nfd).chars().count(), 9);
        assert_eq!(clean("Sở\u{200B}Tư"), "SởTư");
    }

    #[test]
    fn clean_multiline_keeps_breaks() {
        assert_eq!(clean_multiline("  Dòng 1  \r\n\r\n\r\n  Dòng   2\rDòng 3\n\n"), "Dòng 1\n\nDòng 2\nDòng 3");
        assert_eq!(clean_multiline("\n\n a \n"), "a");
        assert_eq!(clean_multiline("x\u{000B}y"), "x\ny");
        assert_eq!(clean_multiline(""), "");
        assert_eq!(clean_multiline("Ke\u{0302}\u{0301}t qua\u{0309}"), "Kết quả");
    }

    #[test]
    fn key_folds_case_accents_and_tone_placement() {
        assert_eq!(key("hòa"), "hoa");
        assert_eq!(key("hòa"), key("hoà"));
        assert_eq!(key("HOÀ"), key("hoà"));
        assert_eq!(key("Thủy"), key("Thuỷ"));
        assert_eq!(key("Ủy ban"), key("Uỷ ban"));
        assert_eq!(key("Ủy ban"), "uy ban");
        assert_eq!(key("ĐỒNG đội"), "dong doi");
        assert_eq!(key("Ðinh"), "dinh");
        assert_eq!(key("Sở Tư pháp"), "so tu phap");
        assert_eq!(key("Nguyễn Thị Ngọc Ưng"), "nguyen thi ngoc ung");
    }

    #[test]
    fn key_nfd_equals_nfc() {
        let nfc = "Sở Lao động - Thương binh và Xã hội";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(key(&nfd), key(nfc));
        assert_eq!(key(nfc), "so lao dong thuong binh va xa hoi");
    }

    #[test]
    fn key_punctuation_and_ampersand() {
        assert_eq!(key("Sở LĐ-TB&XH"), "so ld tb & xh");
        assert_eq!(key("KH&ĐT"), "kh & dt");
        assert_eq!(key("  TP. Lào Cai,  (tỉnh) "), "tp lao cai tinh");
        assert_eq!(key("BC_T5_2023_So_Tu_Phap.xlsx"), "bc t5 2023 so tu phap xlsx");
        assert_eq!(key("&"), "&");
        assert_eq!(key("a && b"), "a & & b");
        assert_eq!(key("...---"), "");
        assert_eq!(key("85%"), "85");
    }

    #[test]
    fn task_key_folds_case_space_and_trailing_punctuation() {
        assert_eq!(task_key("  Rà soát   TTHC.\n"), "rà soát tthc");
        assert_eq!(task_key("Rà soát TTHC;: . "), "rà soát tthc");
        assert_eq!(task_key("RÀ SOÁT tthc"), task_key("Rà soát TTHC"));
        // NFD and NFC are one task.
        let nfd: String = "Rà soát".nfd().collect();
        assert_eq!(task_key(&nfd), "rà soát");
        // Inner punctuation and accents stay.
        assert_eq!(task_key("Quý II/2023: báo cáo."), "quý ii/2023: báo cáo");
        assert_ne!(task_key("họp"), task_key("hợp"));
        assert_eq!(task_key(" .;: "), "");
    }
}

//! Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI) read as if they were Latin-1 /
//! Windows-1252 text, converted to Unicode.
//!
//! Spreadsheet readers hand us the bytes of an old template as Windows-1252 (or
//! Latin-1) characters: TCVN3 `Sở Tư pháp` arrives as `Së T­ ph¸p`, VNI as
//! `Sôû Tö phaùp`. Each character is mapped back to its byte and the byte through the
//! code table. Neither table uses bytes 0x80–0x9F, so both readings decode alike; C1
//! controls (the Latin-1 reading of those bytes) become the Windows-1252 punctuation
//! the fonts show there (`“`, `–`…). TCVN3's `ư` is byte 0xAD, a soft hyphen, which some
//! exports turn into U+2212 `−`; both are accepted.
//!
//! TCVN3 (TCVN 5712:1993, VN3) has one byte per lowercase letter and only seven
//! capitals (Ă Â Ê Ô Ơ Ư Đ); other capitals are typed with a capitals font
//! (`.VnTimeH`) whose lowercase code points show as capitals, so such text is decoded
//! and then uppercased. In a normal font users type the lowercase code points inside
//! capital words (`HUYÖN`): a word (or a whole text) with no ASCII lowercase letter and
//! at least two capitals is uppercased.
//!
//! VNI for Windows writes a vowel as the ASCII base letter followed by a mark byte
//! (`a` + `ù` = `á`, `A` + `Ù` = `Á`), with single bytes for `đ`, `ơ`, `ư`, the toned
//! `i`s and `ỵ`.
//!
//! Fonts are known only for xlsx: calamine 0.38 reads no fonts from xls (its XF records
//! keep the number format only) and ours none from ods. There the text's own signature
//! decides ([`detect`]), and a cell too short to decide alone takes its sheet's (or
//! workbook's) encoding ([`detect_many`], [`detect_in`]). What cannot be known without
//! the font: text typed in the capitals font `.VnTimeH` as lowercase code points
//! (`së t− ph¸p`, shown as `SỞ TƯ PHÁP`) decodes to lowercase. Agency names, indices,
//! headers, statuses and dates are matched case-insensitively, so they come out right;
//! headings (section rows) are uppercased by [`to_unicode_heading`]; a task or free text
//! cell typed that way stays lowercase, and a heading typed so in the task column right
//! under a task reads as that task's continuation. Text a format hands over already
//! converted through a Vietnamese code page (cp1258 in BIFF5 files) is not legacy text
//! any more and is left as it is.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN3 (ABC): fonts `.VnTime`, `.VnArial`…; `.VnTimeH` etc. are the capitals fonts.
    Tcvn3,
    /// VNI: fonts `VNI-Times`, `VNI-Helve`…
    Vni,
}

/// TCVN3 (VN3) bytes and the letters they stand for.
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// Windows-1252 characters of bytes 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are unused).
const CP1252_HIGH: &[(u8, char)] = &[
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

/// The byte a character read as Windows-1252 or Latin-1 stands for (`−` is TCVN3's `ư`).
fn legacy_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code <= 0xFF {
        return u8::try_from(code).ok();
    }
    if c == '\u{2212}' {
        return Some(0xAD);
    }
    CP1252_HIGH.iter().find(|(_, x)| *x == c).map(|(b, _)| *b)
}

/// A C1 control (Latin-1 reading of 0x80–0x9F) shown as the Windows-1252 character.
fn c1_to_cp1252(c: char) -> char {
    let code = c as u32;
    if (0x80..=0x9F).contains(&code) {
        if let Some((_, x)) = CP1252_HIGH.iter().find(|(b, _)| u32::from(*b) == code) {
            return *x;
        }
    }
    c
}

fn tcvn3_char(c: char) -> Option<char> {
    let b = legacy_byte(c)?;
    TCVN3.iter().find(|(x, _)| *x == b).map(|(_, ch)| *ch)
}

/// The encoding a font name implies, and whether it is a capitals-only font
/// (`.VnTimeH`: lowercase code points show as capitals).
///
/// TCVN3 fonts are named `.Vn…` (also without the dot: `VnTime`); the capitals fonts
/// end in an uppercase `H` (`.VnTimeH`, `.VnArial NarrowH`). VNI fonts are `VNI-…`.
pub fn font_encoding(font_name: &str) -> Option<(LegacyEncoding, bool)> {
    let name = font_name.trim();
    let lower = name.to_lowercase();
    if lower.contains("unicode") {
        return None;
    }
    if ["vni-", "vni ", "vni_"].iter().any(|p| lower.starts_with(p)) {
        return Some((LegacyEncoding::Vni, false));
    }
    let bare = lower.strip_prefix('.').unwrap_or(&lower);
    if bare.starts_with("vn") && bare.len() > 2 && !bare.starts_with("vni") {
        return Some((LegacyEncoding::Tcvn3, name.ends_with('H')));
    }
    None
}

/// Whether a font name means a legacy encoding: the one test, used by the readers to
/// decide which cell fonts to keep, so that what they keep is what [`font_encoding`]
/// decodes. (A looser prefix test once kept `Vn` and `VnTime Unicode`, fonts the decoder
/// then ignored: their cells were left out of the sheet-encoding inference and heading
/// uppercasing that cells without a known legacy font get.)
pub fn is_legacy_font(font_name: &str) -> bool {
    font_encoding(font_name).is_some()
}

/// Characters that only occur in Unicode Vietnamese (not in any legacy reading).
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(c, 'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư')
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || is_combining_mark(c)
}

/// Guesses from the text alone whether it is legacy-encoded. Must not fire on real
/// Unicode Vietnamese or on plain ASCII.
///
/// Word by word: a word counts for an encoding when decoding changes it from something
/// that is not a Vietnamese syllable (`ph¸p`) into one (`pháp`), and against it when
/// the decoded word is no syllable (`José` read as TCVN3). An encoding is chosen when
/// its words for outnumber twice those against, and it beats the other encoding.
/// Text with Unicode-only Vietnamese letters (`ơ`, `ư`, `ắ`… or combining marks) is
/// never legacy.
pub fn detect(s: &str) -> Option<LegacyEncoding> {
    if !is_candidate(s) {
        return None;
    }
    decide([score(s, LegacyEncoding::Tcvn3), score(s, LegacyEncoding::Vni)])
}

/// Text that may be legacy-encoded: no Unicode-only Vietnamese letter, and some
/// character of the upper half of the 8-bit table.
fn is_candidate(s: &str) -> bool {
    !s.chars().any(is_unicode_vietnamese) && s.chars().any(|c| legacy_byte(c).is_some_and(|b| b >= 0xA0))
}

/// Words of `s` that decoding in `enc` turns into Vietnamese syllables (for), and words
/// it turns into something that is no syllable (against).
fn score(s: &str, enc: LegacyEncoding) -> (usize, usize) {
    let (mut for_, mut against) = (0usize, 0usize);
    for word in legacy_words(s, enc) {
        let decoded = decode_raw(&word, enc).into_iter().map(|(c, _)| c).collect::<String>();
        if decoded == word {
            continue;
        }
        let was = is_syllable(&word);
        let now = is_syllable(&decoded);
        if now && !was {
            for_ += 1;
        } else if !now {
            against += 1;
        }
    }
    (for_, against)
}

/// TCVN3 and VNI scores → the encoding whose words for outnumber twice those against and
/// beat the other's.
fn decide([tcvn3, vni]: [(usize, usize); 2]) -> Option<LegacyEncoding> {
    let strength = |(for_, against): (usize, usize)| if for_ > 2 * against { for_ } else { 0 };
    match strength(tcvn3).cmp(&strength(vni)) {
        std::cmp::Ordering::Greater => Some(LegacyEncoding::Tcvn3),
        std::cmp::Ordering::Less => Some(LegacyEncoding::Vni),
        std::cmp::Ordering::Equal => None,
    }
}

/// The encoding of a whole sheet: [`detect`] over all its texts at once (those that may
/// be legacy). Decides short cells that are ambiguous alone (`Chæ soá` reads as VNI
/// `Chỉ số` and as TCVN3 `Chổ soỏ`) by the company they keep.
pub fn detect_many<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<LegacyEncoding> {
    let mut sums = [(0usize, 0usize); 2];
    for s in texts.into_iter().filter(|s| is_candidate(s)) {
        for (sum, enc) in sums.iter_mut().zip([LegacyEncoding::Tcvn3, LegacyEncoding::Vni]) {
            let (f, a) = score(s, enc);
            sum.0 += f;
            sum.1 += a;
        }
    }
    decide(sums)
}

/// The encoding of one text given the encoding of its sheet: its own signature when that
/// decides, else the sheet's, when decoding so makes at least as many syllables as it
/// breaks (never `José` in a TCVN3 sheet).
pub fn detect_in(s: &str, sheet: Option<LegacyEncoding>) -> Option<LegacyEncoding> {
    if !is_candidate(s) {
        return None;
    }
    detect(s).or_else(|| {
        let enc = sheet?;
        let (for_, against) = score(s, enc);
        (for_ > 0 && for_ >= against).then_some(enc)
    })
}

/// The font name recorded for a cell whose encoding was inferred from its sheet (the
/// format gave no font): read by [`font_encoding`] like the real font.
pub fn inferred_font(enc: LegacyEncoding) -> &'static str {
    match enc {
        LegacyEncoding::Tcvn3 => ".VnTime (suy ra)",
        LegacyEncoding::Vni => "VNI-Times (suy ra)",
    }
}

/// Whether a font name is one made by [`inferred_font`] rather than read from the file.
pub fn is_inferred_font(name: &str) -> bool {
    name.ends_with(" (suy ra)")
}

/// Runs of characters that can belong to a word in the encoding (TCVN3 letters include
/// symbols such as `¸` for `á`).
fn legacy_words(s: &str, enc: LegacyEncoding) -> Vec<String> {
    let is_word_char = |c: char| c.is_alphabetic() || (enc == LegacyEncoding::Tcvn3 && tcvn3_char(c).is_some());
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if is_word_char(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

const INITIALS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x", "",
];

const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia",
    "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu",
    "ươ", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
];

const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether a word is shaped like one Vietnamese syllable: initial, vowel nucleus and
/// final that may go together, at most one tone mark. Used only to judge decodings, so
/// it errs on the side of accepting real syllables.
fn is_syllable(word: &str) -> bool {
    let lower = word.to_lowercase();
    let mut tones = 0;
    let base: String = lower
        .nfd()
        .filter(|c| {
            let tone = matches!(c, '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}');
            tones += usize::from(tone);
            !tone
        })
        .nfc()
        .collect();
    if tones > 1 || base.is_empty() {
        return false;
    }
    let is_vowel = |c: char| "aăâeêioôơuưy".contains(c);
    INITIALS.iter().filter(|i| base.starts_with(*i)).any(|initial| {
        let rest = &base[initial.len()..];
        let vowel_end = rest.char_indices().find(|(_, c)| !is_vowel(*c)).map_or(rest.len(), |(at, _)| at);
        let (nucleus, coda) = rest.split_at(vowel_end);
        NUCLEI.contains(&nucleus) && FINALS.contains(&coda) && fits(initial, nucleus, coda)
    })
}

/// Which nuclei take which finals.
fn fits(initial: &str, nucleus: &str, coda: &str) -> bool {
    // Nuclei ending in a glide (`ai`, `ươi`, `ia`…) take no final.
    let open_only = matches!(
        nucleus,
        "ai" | "ao"
            | "au"
            | "ay"
            | "âu"
            | "ây"
            | "eo"
            | "êu"
            | "ia"
            | "iu"
            | "oi"
            | "ôi"
            | "ơi"
            | "ui"
            | "ưa"
            | "ưi"
            | "ưu"
            | "ua"
            | "iêu"
            | "yêu"
            | "oai"
            | "oay"
            | "oeo"
            | "uây"
            | "uôi"
            | "ươi"
            | "ươu"
            | "uya"
            | "uyu"
    );
    // Short and centring vowels need a final (`ăn`, `tiên`, `uống`).
    let closed_only = matches!(nucleus, "ă" | "â" | "oă" | "uâ" | "iê" | "yê" | "uô" | "ươ" | "uyê");
    match coda {
        "" => !closed_only,
        _ if open_only => false,
        // `y` alone takes a final only after `qu` (`quýt`, `quỳnh`).
        _ if nucleus == "y" => initial == "qu" && matches!(coda, "n" | "nh" | "t" | "ch"),
        "nh" | "ch" => matches!(nucleus, "a" | "ê" | "i" | "uy" | "oa" | "uê"),
        "ng" | "c" => nucleus != "i",
        _ => true,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Kept as it was (ASCII, punctuation…).
    Kept,
    /// Decoded from a legacy byte or byte pair.
    Decoded,
}

fn decode_raw(s: &str, enc: LegacyEncoding) -> Vec<(char, Origin)> {
    match enc {
        LegacyEncoding::Tcvn3 => s
            .chars()
            .map(|c| match tcvn3_char(c) {
                Some(d) => (d, Origin::Decoded),
                None => (c1_to_cp1252(c), Origin::Kept),
            })
            .collect(),
        LegacyEncoding::Vni => decode_vni(s),
    }
}

/// VNI mark bytes (lowercase form) → (vowel modifier, tone), as combining marks.
const VNI_MARKS: &[(char, Option<char>, Option<char>)] = &[
    ('ù', None, Some('\u{0301}')),
    ('ø', None, Some('\u{0300}')),
    ('û', None, Some('\u{0309}')),
    ('õ', None, Some('\u{0303}')),
    ('ï', None, Some('\u{0323}')),
    ('â', Some('\u{0302}'), None),
    ('á', Some('\u{0302}'), Some('\u{0301}')),
    ('à', Some('\u{0302}'), Some('\u{0300}')),
    ('å', Some('\u{0302}'), Some('\u{0309}')),
    ('ã', Some('\u{0302}'), Some('\u{0303}')),
    ('ä', Some('\u{0302}'), Some('\u{0323}')),
    ('ê', Some('\u{0306}'), None),
    ('é', Some('\u{0306}'), Some('\u{0301}')),
    ('è', Some('\u{0306}'), Some('\u{0300}')),
    ('ú', Some('\u{0306}'), Some('\u{0309}')),
    ('ü', Some('\u{0306}'), Some('\u{0303}')),
    ('ë', Some('\u{0306}'), Some('\u{0323}')),
];

/// VNI single bytes (lowercase form) and their letters.
const VNI_SINGLES: &[(char, char)] =
    &[('ñ', 'đ'), ('ô', 'ơ'), ('ö', 'ư'), ('í', 'í'), ('ì', 'ì'), ('æ', 'ỉ'), ('ó', 'ĩ'), ('ò', 'ị'), ('î', 'ỵ')];

fn latin1_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn vni_single(c: char) -> Option<char> {
    let lower = latin1_lower(c);
    let (_, letter) = VNI_SINGLES.iter().find(|(b, _)| *b == lower)?;
    Some(if c.is_uppercase() { letter.to_uppercase().next().unwrap_or(*letter) } else { *letter })
}

/// `base` + `mark` as one letter, when VNI allows the pair.
fn vni_combine(base: char, mark: char) -> Option<char> {
    let (_, modifier, tone) = VNI_MARKS.iter().find(|(m, _, _)| *m == latin1_lower(mark))?;
    let lower_base = latin1_lower(base);
    // `ô`/`ö` are the bytes of `ơ`/`ư`, which take tones only.
    let letter = match lower_base {
        'ô' | 'ö' => vni_single(lower_base)?,
        c => c,
    };
    let allowed = matches!(
        (letter, modifier),
        ('a' | 'e' | 'o', Some('\u{0302}')) | ('a', Some('\u{0306}')) | ('a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư', None)
    );
    if !allowed {
        return None;
    }
    let composed: String = std::iter::once(letter).chain(*modifier).chain(*tone).collect::<String>().nfc().collect();
    let mut chars = composed.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(if base.is_uppercase() { c.to_uppercase().next().unwrap_or(c) } else { c })
}

fn decode_vni(s: &str) -> Vec<(char, Origin)> {
    let chars: Vec<char> = s.chars().map(c1_to_cp1252).collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let is_base = matches!(latin1_lower(c), 'a' | 'e' | 'o' | 'u' | 'y' | 'ô' | 'ö');
        if is_base {
            if let Some(combined) = chars.get(i + 1).and_then(|m| vni_combine(c, *m)) {
                out.push((combined, Origin::Decoded));
                i += 2;
                continue;
            }
        }
        match vni_single(c) {
            Some(d) => out.push((d, Origin::Decoded)),
            None => out.push((c, Origin::Kept)),
        }
        i += 1;
    }
    out
}

/// TCVN3 typed in a normal font: capitals without a code point are typed as lowercase
/// ones (`HUYÖN`). Uppercases whole-capital words, or the whole text when it has no
/// ASCII lowercase letter.
fn fix_tcvn3_capitals(decoded: Vec<(char, Origin)>) -> String {
    let ascii_lower = |(c, o): &(char, Origin)| *o == Origin::Kept && c.is_ascii_lowercase();
    let capitals = |part: &[(char, Origin)]| part.iter().filter(|(c, _)| c.is_uppercase()).count();
    let upper = |part: &[(char, Origin)]| -> String { part.iter().flat_map(|(c, _)| c.to_uppercase()).collect() };
    let plain = |part: &[(char, Origin)]| -> String { part.iter().map(|(c, _)| *c).collect() };
    if !decoded.iter().any(ascii_lower) && capitals(&decoded) >= 2 {
        return upper(&decoded);
    }
    let mut out = String::with_capacity(decoded.len());
    let mut start = 0;
    while start < decoded.len() {
        let is_letter = decoded[start].0.is_alphabetic();
        let end = decoded[start..]
            .iter()
            .position(|(c, _)| c.is_alphabetic() != is_letter)
            .map_or(decoded.len(), |n| start + n);
        let part = &decoded[start..end];
        if is_letter && !part.iter().any(ascii_lower) && capitals(part) >= 2 {
            out.push_str(&upper(part));
        } else {
            out.push_str(&plain(part));
        }
        start = end;
    }
    out
}

/// Converts legacy-encoded text to NFC Unicode.
pub fn decode(s: &str, enc: LegacyEncoding, capitals_font: bool) -> String {
    let decoded = decode_raw(s, enc);
    let text: String = if capitals_font {
        decoded.iter().flat_map(|(c, _)| c.to_uppercase()).collect()
    } else if enc == LegacyEncoding::Tcvn3 {
        fix_tcvn3_capitals(decoded)
    } else {
        decoded.iter().map(|(c, _)| *c).collect()
    };
    text.nfc().collect()
}

/// Converts Unicode Vietnamese to the legacy encoding (for tests and samples).
///
/// TCVN3 capitals with a tone (`Á`, `Ệ`…) have no code point: they are written as the
/// lowercase code point, as a user of a capitals font (`.VnTimeH`) types them, so they
/// come back with `decode(…, Tcvn3, true)` (or inside a capital word, see [`decode`]).
/// Characters neither encoding has are kept.
pub fn encode(s: &str, enc: LegacyEncoding) -> String {
    let nfc: String = s.nfc().collect();
    match enc {
        LegacyEncoding::Tcvn3 => nfc.chars().map(encode_tcvn3).collect(),
        LegacyEncoding::Vni => nfc.chars().map(encode_vni).collect(),
    }
}

fn nfd_chars(c: char) -> Vec<char> {
    let mut out = Vec::with_capacity(3);
    unicode_normalization::char::decompose_canonical(c, |d| out.push(d));
    out
}

fn byte_char(b: u8) -> char {
    char::from(b)
}

fn encode_tcvn3(c: char) -> char {
    if let Some((b, _)) = TCVN3.iter().find(|(_, x)| *x == c) {
        return byte_char(*b);
    }
    if c.is_uppercase() {
        let lower = latin1_lower(c);
        if lower != c {
            if let Some((b, _)) = TCVN3.iter().find(|(_, x)| *x == lower) {
                return byte_char(*b);
            }
        }
    }
    c
}

fn encode_vni(c: char) -> String {
    match c {
        'đ' => return "ñ".into(),
        'Đ' => return "Ñ".into(),
        _ => {}
    }
    let upper = c.is_uppercase();
    let lower = latin1_lower(c);
    let mut parts = nfd_chars(lower).into_iter();
    let Some(base) = parts.next() else { return c.to_string() };
    let marks: Vec<char> = parts.collect();
    if marks.is_empty() || !matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        return c.to_string();
    }
    let modifier = marks.iter().copied().find(|m| matches!(m, '\u{0302}' | '\u{0306}' | '\u{031B}'));
    let tone =
        marks.iter().copied().find(|m| matches!(m, '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'));
    let case = |s: String| if upper { s.to_uppercase() } else { s };
    // Letters with a single byte of their own.
    let single = match (base, modifier, tone) {
        ('i', None, Some(t)) => VNI_SINGLES.iter().find(|(_, l)| nfd_chars(*l) == ['i', t]).map(|(b, _)| *b),
        ('y', None, Some('\u{0323}')) => Some('î'),
        _ => None,
    };
    if let Some(b) = single {
        return case(b.to_string());
    }
    let (lead, modifier) = match (base, modifier) {
        ('o', Some('\u{031B}')) => ('ô', None),
        ('u', Some('\u{031B}')) => ('ö', None),
        (b, m) => (b, m),
    };
    let mark = match tone {
        None if modifier.is_none() => None,
        _ => VNI_MARKS.iter().find(|(_, m, t)| *m == modifier && *t == tone).map(|(b, _, _)| *b),
    };
    match mark {
        Some(m) => case(format!("{lead}{m}")),
        None if modifier.is_none() && tone.is_none() => case(lead.to_string()),
        None => c.to_string(),
    }
}

/// The cell text as Unicode: by its font when the font names a legacy encoding, else by
/// the text's own signature, else unchanged (NFC).
///
/// Text holding Unicode-only Vietnamese letters is taken as Unicode even under a legacy
/// font (someone typed Unicode into an old template).
pub fn to_unicode(s: &str, font: Option<&str>) -> String {
    let already_unicode = s.chars().any(is_unicode_vietnamese);
    if !already_unicode {
        if let Some((enc, capitals)) = font.and_then(font_encoding) {
            return decode(s, enc, capitals);
        }
        if let Some(enc) = detect(s) {
            return decode(s, enc, false);
        }
    }
    // Most cells are NFC already: the quick check spares composing them again.
    super::text::nfc(s).into_owned()
}

/// The text of a heading (section row) as Unicode. As [`to_unicode`]; in addition, TCVN3
/// text with no capital letter at all whose font the file does not give was typed in the
/// capitals font `.VnTimeH` (whose lowercase code points show as capitals: headings are
/// not written all in lowercase), so it is uppercased. With the font known, it is obeyed.
pub fn to_unicode_heading(s: &str, font: Option<&str>) -> String {
    let text = to_unicode(s, font);
    if font.is_some_and(|f| !is_inferred_font(f)) {
        return text;
    }
    let enc = font.and_then(font_encoding).map(|(e, _)| e).or_else(|| detect(s));
    let lowercase_only = text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_uppercase);
    if enc == Some(LegacyEncoding::Tcvn3) && lowercase_only {
        text.to_uppercase()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LegacyEncoding::{Tcvn3, Vni};

    /// Every lowercase Vietnamese letter outside ASCII: 60 toned vowels and ă â ê ô ơ ư
    /// đ, plus the 5 toned forms of the plain vowels counted among the 60.
    fn vietnamese_lowercase() -> Vec<char> {
        let bases = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
        let tones = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
        let mut out = Vec::new();
        for b in bases {
            let mut b_chars = b.chars();
            let base = b_chars.next().unwrap();
            if base as u32 > 0x7F {
                out.push(base);
            }
            for t in tones {
                let s: String = format!("{b}{t}").nfc().collect();
                assert_eq!(s.chars().count(), 1, "{b}+{t:?}");
                out.push(s.chars().next().unwrap());
            }
        }
        out.push('đ');
        out
    }

    #[test]
    fn the_alphabet_is_complete() {
        let lower = vietnamese_lowercase();
        assert_eq!(lower.len(), 67);
        let upper: Vec<char> = lower.iter().map(|c| c.to_uppercase().next().unwrap()).collect();
        let all: std::collections::BTreeSet<char> = lower.iter().chain(&upper).copied().collect();
        assert_eq!(all.len(), 134);
        // The TCVN3 table holds each lowercase letter once, plus seven capitals.
        assert_eq!(TCVN3.len(), 74);
        for c in &lower {
            assert_eq!(TCVN3.iter().filter(|(_, x)| x == c).count(), 1, "{c}");
        }
    }

    #[test]
    fn decodes_the_domain_examples() {
        assert_eq!(decode("Së T− ph¸p", Tcvn3, false), "Sở Tư pháp");
        assert_eq!(decode("Së T\u{AD} ph¸p", Tcvn3, false), "Sở Tư pháp");
        assert_eq!(decode("Sôû Tö phaùp", Vni, false), "Sở Tư pháp");
        assert_eq!(decode("Baùo caùo", Vni, false), "Báo cáo");
        assert_eq!(decode("B¸o c¸o kÕt qu¶ th¸ng 5 n¨m 2023", Tcvn3, false), "Báo cáo kết quả tháng 5 năm 2023");
        assert_eq!(decode("UBND HUYÖN B¶O TH¾NG", Tcvn3, false), "UBND HUYỆN BẢO THẮNG");
        assert_eq!(decode("B¸o c¸o cña UBND HUYÖN B¶O TH¾NG", Tcvn3, false), "Báo cáo của UBND HUYỆN BẢO THẮNG");
        assert_eq!(decode("Së T¦ PH¸P", Tcvn3, false), "SỞ TƯ PHÁP");
        assert_eq!(decode("§¶ng bé", Tcvn3, false), "Đảng bộ");
        assert_eq!(decode("ubnd huyÖn b¶o th¾ng", Tcvn3, true), "UBND HUYỆN BẢO THẮNG");
        assert_eq!(decode("UBND HUYEÄN BAÛO THAÉNG", Vni, false), "UBND HUYỆN BẢO THẮNG");
        assert_eq!(decode("Ñaûng boä", Vni, false), "Đảng bộ");
        assert_eq!(decode("ngöôøi daân", Vni, false), "người dân");
        assert_eq!(decode("Nguyeãn Thò Myõ", Vni, false), "Nguyễn Thị Mỹ");
        assert_eq!(decode("Thuûy, tyû leä, kyø, ñaïi hoäi", Vni, false), "Thủy, tỷ lệ, kỳ, đại hội");
        assert_eq!(decode("Nguyªn t¾c", Tcvn3, false), "Nguyên tắc");
    }

    #[test]
    fn windows_1252_and_latin1_readings() {
        // Byte 0x93/0x94 as Windows-1252 quotes and as Latin-1 C1 controls.
        assert_eq!(decode("“B¸o c¸o”", Tcvn3, false), "“Báo cáo”");
        assert_eq!(decode("\u{93}B¸o c¸o\u{94}", Tcvn3, false), "“Báo cáo”");
        assert_eq!(decode("\u{96} Baùo caùo", Vni, false), "– Báo cáo");
        assert_eq!(decode("100% – 5", Tcvn3, false), "100% – 5");
    }

    #[test]
    fn round_trip_every_letter_tcvn3() {
        let lower = vietnamese_lowercase();
        for c in &lower {
            let s = c.to_string();
            let enc = encode(&s, Tcvn3);
            assert_eq!(enc.chars().count(), 1, "{c}");
            assert!(enc.chars().all(|x| (x as u32) < 0x100), "{c}");
            assert_eq!(decode(&enc, Tcvn3, false), s, "{c}");
            let up = c.to_uppercase().to_string();
            let enc_up = encode(&up, Tcvn3);
            assert_eq!(decode(&enc_up, Tcvn3, true), up, "{up}");
        }
        // The seven capitals with code points need no capitals font.
        for c in ['Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ'] {
            assert_eq!(decode(&encode(&c.to_string(), Tcvn3), Tcvn3, false), c.to_string());
        }
        assert_eq!(encode("Ă", Tcvn3), "¡");
        assert_eq!(encode("Á", Tcvn3), "¸");
    }

    #[test]
    fn round_trip_every_letter_vni() {
        for c in vietnamese_lowercase() {
            for s in [c.to_string(), c.to_uppercase().to_string()] {
                let enc = encode(&s, Vni);
                assert!(enc.chars().all(|x| (x as u32) < 0x100), "{s}");
                // VNI's `í`/`ì` are the Latin-1 bytes themselves.
                assert_eq!(enc == s, matches!(c, 'í' | 'ì'), "{s}");
                assert_eq!(decode(&enc, Vni, false), s, "{s}");
            }
        }
        assert_eq!(encode("Á", Vni), "AÙ");
        assert_eq!(encode("ỵ", Vni), "î");
        assert_eq!(encode("Ỵ", Vni), "Î");
        assert_eq!(encode("ĩ", Vni), "ó");
        assert_eq!(encode("Ợ", Vni), "ÔÏ");
    }

    #[test]
    fn round_trip_sentences() {
        let texts = [
            "Sở Tư pháp",
            "Báo cáo kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS tháng 5 năm 2023",
            "Sở Lao động - Thương binh và Xã hội",
            "Huyện Bảo Thắng, Mường Khương, Si Ma Cai, Bắc Hà",
            "Nguyễn Thị Ngọc Ưng; khuỷu tay; người; quyết định; giường; Đảng ủy",
            "Tỷ lệ hồ sơ đúng hạn đạt 98,5%",
        ];
        for t in texts {
            assert_eq!(decode(&encode(t, Tcvn3), Tcvn3, false), t, "{t}");
            assert_eq!(decode(&encode(t, Vni), Vni, false), t, "{t}");
            assert_eq!(to_unicode(&encode(t, Tcvn3), Some(".VnTime")), t, "{t}");
            assert_eq!(to_unicode(&encode(t, Vni), Some("VNI-Times")), t, "{t}");
        }
        assert_eq!(encode("Sở Tư pháp", Tcvn3), "Së T\u{AD} ph¸p");
        assert_eq!(encode("Sở Tư pháp", Vni), "Sôû Tö phaùp");
        // Capital words come back from a normal font too (no capitals font needed).
        assert_eq!(decode(&encode("UBND HUYỆN BẢO THẮNG", Tcvn3), Tcvn3, false), "UBND HUYỆN BẢO THẮNG");
    }

    #[test]
    fn fonts() {
        assert_eq!(font_encoding(".VnTime"), Some((Tcvn3, false)));
        assert_eq!(font_encoding(".VnArial"), Some((Tcvn3, false)));
        assert_eq!(font_encoding(".VnTimeH"), Some((Tcvn3, true)));
        assert_eq!(font_encoding(".VnArialH"), Some((Tcvn3, true)));
        assert_eq!(font_encoding(".VnArial NarrowH"), Some((Tcvn3, true)));
        assert_eq!(font_encoding("VnTime"), Some((Tcvn3, false)));
        assert_eq!(font_encoding(" .vntime "), Some((Tcvn3, false)));
        assert_eq!(font_encoding("VNI-Times"), Some((Vni, false)));
        assert_eq!(font_encoding("VNI-Helve"), Some((Vni, false)));
        assert_eq!(font_encoding("VNI-Top"), Some((Vni, false)));
        assert_eq!(font_encoding("vni-times"), Some((Vni, false)));
        for f in ["Times New Roman", "Arial", "Calibri", "", "Vn", "Verdana", "VnTime Unicode"] {
            assert_eq!(font_encoding(f), None, "{f}");
            assert!(!is_legacy_font(f), "{f}");
        }
        for f in [".VnTime", ".VnTimeH", "VnArial", "VNI-Times", "vni-times"] {
            assert!(is_legacy_font(f), "{f}");
        }
    }

    #[test]
    fn detects_legacy_text() {
        assert_eq!(detect("Së T− ph¸p"), Some(Tcvn3));
        assert_eq!(detect("Së T\u{AD} ph¸p"), Some(Tcvn3));
        assert_eq!(detect("UBND HUYÖN B¶O TH¾NG"), Some(Tcvn3));
        assert_eq!(detect("B¸o c¸o kÕt qu¶ thùc hiÖn"), Some(Tcvn3));
        assert_eq!(detect("Tæng hîp"), Some(Tcvn3));
        assert_eq!(detect("Sôû Tö phaùp"), Some(Vni));
        assert_eq!(detect("Baùo caùo"), Some(Vni));
        assert_eq!(detect("UBND HUYEÄN BAÛO THAÉNG"), Some(Vni));
        assert_eq!(detect(&encode("Kết quả thực hiện nhiệm vụ cải cách hành chính", Vni)), Some(Vni));
        assert_eq!(detect(&encode("Kết quả thực hiện nhiệm vụ cải cách hành chính", Tcvn3)), Some(Tcvn3));
    }

    #[test]
    fn does_not_detect_unicode_english_or_ascii() {
        for s in [
            "",
            "Sở Tư pháp",
            "Báo cáo",
            "Tài chính",
            "Hòa Bình",
            "Ngoài giờ",
            "Hoà",
            "Lào Cai",
            "Thủy lợi",
            "Report of the Department of Justice",
            "UBND",
            "PAR INDEX 2023",
            "José",
            "José María Núñez",
            "Café Müller, Straße, Zoë, naïve, Français",
            "Chloé Noël",
            "Sè",
        ] {
            assert_eq!(detect(s), None, "{s}");
            let nfd: String = s.nfd().collect();
            assert_eq!(detect(&nfd), None, "{s} (NFD)");
        }
    }

    #[test]
    fn to_unicode_paths() {
        // By font, including the capitals font.
        assert_eq!(to_unicode("Së T− ph¸p", Some(".VnTime")), "Sở Tư pháp");
        assert_eq!(to_unicode("së t− ph¸p", Some(".VnTimeH")), "SỞ TƯ PHÁP");
        assert_eq!(to_unicode("Sôû Tö phaùp", Some("VNI-Times")), "Sở Tư pháp");
        // By signature.
        assert_eq!(to_unicode("Së T− ph¸p", None), "Sở Tư pháp");
        assert_eq!(to_unicode("Sôû Tö phaùp", Some("Arial")), "Sở Tư pháp");
        // Unicode stays (NFC), even under a legacy font.
        assert_eq!(to_unicode("Sở Tư pháp", Some(".VnTime")), "Sở Tư pháp");
        let nfd: String = "Sở Tư pháp".nfd().collect();
        assert_eq!(to_unicode(&nfd, None), "Sở Tư pháp");
        assert_eq!(to_unicode("José", None), "José");
        assert_eq!(to_unicode("PAR INDEX", Some(".VnTime")), "PAR INDEX");
    }

    #[test]
    fn sheet_decides_ties() {
        // Alone, `Chæ soá` is as good VNI (`Chỉ số`) as TCVN3 (`Chổ soỏ`).
        assert_eq!(detect("Chæ soá"), None);
        let vni_sheet = [encode("Tình trạng", Vni), encode("Thời hạn", Vni), "Chæ soá".to_string()];
        assert_eq!(detect_many(vni_sheet.iter().map(String::as_str)), Some(Vni));
        assert_eq!(detect_in("Chæ soá", Some(Vni)), Some(Vni));
        // Its own signature wins over the sheet's; Unicode and foreign words never decode.
        assert_eq!(detect_in("Së T− ph¸p", Some(Vni)), Some(Tcvn3));
        for s in ["Hoàn thành", "Tài chính", "José Martí", "Café", "Sở Tư pháp", "PAR INDEX"] {
            assert_eq!(detect_in(s, Some(Tcvn3)), None, "{s}");
            assert_eq!(detect_in(s, Some(Vni)), None, "{s}");
        }
        assert_eq!(detect_many(["Hoàn thành", "Tài chính", "Sở Tư pháp"]), None);
        assert_eq!(detect_many(Vec::<&str>::new()), None);
        // An inferred font reads like the real one.
        assert_eq!(to_unicode("Chæ soá", Some(inferred_font(Vni))), "Chỉ số");
        assert_eq!(to_unicode("Së T− ph¸p", Some(inferred_font(Tcvn3))), "Sở Tư pháp");
        assert!(is_inferred_font(inferred_font(Tcvn3)) && !is_inferred_font(".VnTime"));
    }

    #[test]
    fn headings_in_the_capitals_font() {
        let typed = encode("công tác chỉ đạo, điều hành cchc", Tcvn3);
        // Font unknown or inferred: a heading with no capital was typed in `.VnTimeH`.
        assert_eq!(to_unicode_heading(&typed, None), "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC");
        assert_eq!(to_unicode_heading(&typed, Some(inferred_font(Tcvn3))), "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC");
        // The file's font is obeyed.
        assert_eq!(to_unicode_heading(&typed, Some(".VnTime")), "công tác chỉ đạo, điều hành cchc");
        assert_eq!(to_unicode_heading(&typed, Some(".VnTimeH")), "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC");
        // Mixed case, VNI (which has every capital) and Unicode stay as they are.
        let mixed = encode("Công tác chỉ đạo", Tcvn3);
        assert_eq!(to_unicode_heading(&mixed, None), "Công tác chỉ đạo");
        assert_eq!(to_unicode_heading(&encode("công tác chỉ đạo", Vni), None), "công tác chỉ đạo");
        assert_eq!(to_unicode_heading("công tác chỉ đạo", None), "công tác chỉ đạo");
    }

    #[test]
    fn syllables() {
        for w in [
            "pháp",
            "người",
            "nghiêng",
            "quyết",
            "gì",
            "gìn",
            "giường",
            "khuỷu",
            "HUYỆN",
            "xoong",
            "tư",
            "a",
            "ở",
            "quỳnh",
            "quýt",
            "huých",
            "oanh",
            "khuếch",
            "kênh",
            "yên",
            "khuya",
            "rượu",
            "chiều",
            "thuận",
            "xoăn",
            "ngoèo",
            "Thắng",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "José", "Müller", "ỗa", "Sụỷ", "phap1", "", "strong", "ph¸p", "tỉng", "hỵp", "ăn1", "ă", "tiê", "aing",
            "nạve",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}

//! Matching the names agencies write to the configured agencies.
//!
//! Names are compared on an *agency key*: the text key (accents, case, tone placement
//! and punctuation folded), with the usual abbreviations expanded (`UBND`, `TP`, `TX`,
//! `BQL`, `KKT`, `KH&ĐT`, `LĐTBXH`…), `&` read as `và` and every `và` dropped (so
//! `Sở Kế hoạch - Đầu tư` = `Sở Kế hoạch và Đầu tư`), and a leading `UBND` before a
//! district (`UBND huyện Bảo Thắng` = `Huyện Bảo Thắng`).
//!
//! *Decisions*:
//! - Bare place names (`Bảo Thắng`) match only when the configuration lists them as
//!   aliases: the default leaves `Lào Cai` out so the province (`UBND TỈNH LÀO CAI`,
//!   `Lào Cai, ngày …`) is never read as `Thành phố Lào Cai`. A hit right after `tỉnh`
//!   is ignored for the same reason, and so is one right after `Kính gửi` (the
//!   recipient, not the reporter).
//! - Short codes (one word of at most 3 letters: `BT`, `MK`, `STP`) are matched by
//!   [`AgencyMatcher::find_in`] only in file names, as whole tokens (`STP_thang5.xlsx`);
//!   in prose they are too easily ordinary words. [`AgencyMatcher::match_name`] accepts
//!   a short alias only when it is the whole text, and never a bare `code`.

use crate::normalize::text;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyMatch {
    /// Index into the configured agency list.
    Unique(usize),
    /// Several agencies fit equally: refuse to guess. Indices into the list.
    Ambiguous(Vec<usize>),
    None,
}

impl AgencyMatch {
    fn from_set(set: BTreeSet<usize>) -> AgencyMatch {
        match set.len() {
            0 => AgencyMatch::None,
            1 => set.into_iter().next().map_or(AgencyMatch::None, AgencyMatch::Unique),
            _ => AgencyMatch::Ambiguous(set.into_iter().collect()),
        }
    }
}

/// One way of naming an agency, as agency-key tokens.
#[derive(Debug, Clone)]
struct NameKey {
    agency: usize,
    tokens: Vec<String>,
    /// From the `code` field (not an alias).
    from_code: bool,
    /// Written as one word of at most 3 letters (`BT`, `STP`, `VP`), judged before
    /// abbreviations are expanded.
    short: bool,
}

impl NameKey {
    fn is_short(&self) -> bool {
        self.short
    }
}

/// Accent-, case- and alias-aware matcher over the configured agencies, expanding the
/// common abbreviations (UBND, TP, TX, BQL, KKT, KH&ĐT, TN&MT, LĐTBXH…).
pub struct AgencyMatcher {
    keys: Vec<NameKey>,
}

/// Abbreviations, in text-key tokens (`&` already read as `va`), and what they stand for
/// (without `và`, which agency keys drop). Longer patterns are tried first.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("vpubnd", "van phong uy ban nhan dan"),
    ("vp", "van phong"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
    ("h", "huyen"),
    ("bql", "ban quan ly"),
    ("kkt", "khu kinh te"),
    ("bqlkkt", "ban quan ly khu kinh te"),
    ("kh va dt", "ke hoach dau tu"),
    ("khdt", "ke hoach dau tu"),
    ("tn va mt", "tai nguyen moi truong"),
    ("tnmt", "tai nguyen moi truong"),
    ("gd va dt", "giao duc dao tao"),
    ("gddt", "giao duc dao tao"),
    ("nn va ptnt", "nong nghiep phat trien nong thon"),
    ("nnptnt", "nong nghiep phat trien nong thon"),
    ("ptnt", "phat trien nong thon"),
    ("ld tb va xh", "lao dong thuong binh xa hoi"),
    ("ld tbxh", "lao dong thuong binh xa hoi"),
    ("ldtbxh", "lao dong thuong binh xa hoi"),
    ("tb va xh", "thuong binh xa hoi"),
    ("tbxh", "thuong binh xa hoi"),
    ("ld", "lao dong"),
    ("vh va tt", "van hoa the thao"),
    ("vhtt", "van hoa the thao"),
    ("kh va cn", "khoa hoc cong nghe"),
    ("khcn", "khoa hoc cong nghe"),
    ("tt va tt", "thong tin truyen thong"),
    ("tttt", "thong tin truyen thong"),
    ("gtvt xd", "giao thong van tai xay dung"),
    ("gtvtxd", "giao thong van tai xay dung"),
    ("gtvt", "giao thong van tai"),
    ("xd", "xay dung"),
    ("cchc", "cai cach hanh chinh"),
    ("tthc", "thu tuc hanh chinh"),
];

/// Labels in front of an agency name in a title block (`Đơn vị báo cáo: …`).
const LABELS: &[&str] = &[
    "don vi bao cao",
    "don vi thuc hien",
    "don vi",
    "ten don vi",
    "co quan bao cao",
    "co quan thuc hien",
    "co quan",
    "ten co quan",
    "bao cao cua",
];

/// District unit words that may follow a leading `UBND`.
const DISTRICT_UNITS: &[&[&str]] = &[&["huyen"], &["thi", "xa"], &["thanh", "pho"]];

/// The agency key of a text, as tokens.
fn agency_tokens(s: &str) -> Vec<String> {
    let k = text::key(s);
    // `&` and `và` are the same word (`KH&ĐT`, `NN và PTNT`).
    let words: Vec<&str> = k.split(' ').filter(|w| !w.is_empty()).map(|w| if w == "&" { "va" } else { w }).collect();
    let patterns: Vec<(Vec<&str>, &str)> = {
        let mut p: Vec<(Vec<&str>, &str)> =
            ABBREVIATIONS.iter().map(|(pat, rep)| (pat.split(' ').collect::<Vec<_>>(), *rep)).collect();
        p.sort_by_key(|(pat, _)| std::cmp::Reverse(pat.len()));
        p
    };
    let mut out: Vec<String> = Vec::with_capacity(words.len() + 4);
    let mut i = 0;
    while i < words.len() {
        let hit = patterns.iter().find(|(pat, _)| words.get(i..i + pat.len()).is_some_and(|w| w == pat.as_slice()));
        match hit {
            Some((pat, rep)) => {
                out.extend(rep.split(' ').map(str::to_string));
                i += pat.len();
            }
            None => {
                out.push(words[i].to_string());
                i += 1;
            }
        }
    }
    out.retain(|w| w != "va");
    strip_ubnd(&mut out);
    out
}

/// `UBND huyện X` is `Huyện X`.
fn strip_ubnd(tokens: &mut Vec<String>) {
    if tokens.len() > 4 && tokens[..4] == ["uy", "ban", "nhan", "dan"] {
        let rest = &tokens[4..];
        if DISTRICT_UNITS.iter().any(|u| rest.len() > u.len() && rest[..u.len()] == **u) {
            tokens.drain(..4);
        }
    }
}

/// Drops a leading label (`Đơn vị báo cáo:`, `Cơ quan:`).
fn strip_label(tokens: &[String]) -> &[String] {
    for label in LABELS {
        let l: Vec<&str> = label.split(' ').collect();
        if tokens.len() > l.len() && tokens[..l.len()].iter().zip(&l).all(|(a, b)| a == b) {
            return &tokens[l.len()..];
        }
    }
    tokens
}

/// Extensions of the files agencies send (and a few more that turn up in `inputs/`).
const FILE_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "docx", "doc", "pdf", "zip"];

/// Whether the text looks like a file name or path: a known extension, or no spaces
/// and an underscore.
fn is_file_name(s: &str) -> bool {
    let t = s.trim();
    has_extension(t) || (!t.is_empty() && !t.chars().any(char::is_whitespace) && t.contains('_'))
}

fn has_extension(s: &str) -> bool {
    s.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && FILE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The file name's stem with camel case split (`SoTuPhap` → `So Tu Phap`).
fn file_name_words(s: &str) -> String {
    let t = s.trim();
    let name = t.rsplit(['/', '\\']).next().unwrap_or(t);
    let stem = if has_extension(name) { name.rsplit_once('.').map_or(name, |(stem, _)| stem) } else { name };
    let mut out = String::with_capacity(stem.len() + 8);
    let mut prev: Option<char> = None;
    for c in stem.chars() {
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// What the matcher needs of an agency: its names. Implemented by the configuration's
/// agencies; the matcher knows nothing else of the configuration.
pub trait AgencyNames {
    /// The canonical name.
    fn name(&self) -> &str;
    /// Other names it goes by.
    fn aliases(&self) -> &[String];
    /// Its short code (`SNV`).
    fn code(&self) -> &str;
}

impl AgencyMatcher {
    /// A matcher for `agencies`; a match gives the index into this slice.
    pub fn new<A: AgencyNames>(agencies: &[A]) -> AgencyMatcher {
        let mut keys = Vec::new();
        for (agency, a) in agencies.iter().enumerate() {
            let names = std::iter::once(a.name()).chain(a.aliases().iter().map(String::as_str)).map(|n| (n, false));
            for (n, from_code) in names.chain(std::iter::once((a.code(), true))) {
                let tokens = agency_tokens(n);
                if tokens.is_empty() {
                    continue;
                }
                let raw = text::key(n);
                let short = !raw.contains(' ') && raw.chars().count() <= 3;
                let dup = keys.iter().any(|k: &NameKey| k.agency == agency && k.tokens == tokens);
                if !dup {
                    keys.push(NameKey { agency, tokens, from_code, short });
                }
            }
        }
        AgencyMatcher { keys }
    }

    /// Matches a text that *is* an agency name (`Sở LĐTBXH`, `UBND huyện Bảo Thắng`,
    /// `TX Sa Pa`), possibly with a prefix such as `Đơn vị báo cáo:`. A trailing province
    /// designation is allowed (`Sở Tư pháp tỉnh Lào Cai`).
    pub fn match_name(&self, text: &str) -> AgencyMatch {
        let all = agency_tokens(text);
        let mut tokens = strip_label(&all).to_vec();
        strip_ubnd(&mut tokens);
        let tokens = tokens.as_slice();
        let exact = |t: &[String]| -> BTreeSet<usize> {
            self.keys.iter().filter(|k| !(k.from_code && k.is_short()) && k.tokens == t).map(|k| k.agency).collect()
        };
        let found = exact(tokens);
        if !found.is_empty() {
            return AgencyMatch::from_set(found);
        }
        // `… tỉnh Lào Cai`: try up to and without `tỉnh` (the last one, 1–3 words left).
        if let Some(pos) = tokens.iter().rposition(|t| t == "tinh") {
            let tail = tokens.len() - pos - 1;
            if (1..=3).contains(&tail) && pos > 0 {
                for cut in [pos + 1, pos] {
                    let found = exact(&tokens[..cut]);
                    if !found.is_empty() {
                        return AgencyMatch::from_set(found);
                    }
                }
            }
        }
        AgencyMatch::None
    }

    /// Finds an agency named somewhere inside a longer text (a title line, a file
    /// name). Stricter: the whole distinctive part of a name must appear.
    ///
    /// The longest name found (as whole words) wins; when it names several agencies the
    /// answer is [`AgencyMatch::Ambiguous`]. Short codes count only in file names.
    pub fn find_in(&self, text: &str) -> AgencyMatch {
        let file = is_file_name(text);
        let tokens = if file { agency_tokens(&file_name_words(text)) } else { agency_tokens(text) };
        let mut best_len = 0;
        let mut best: BTreeSet<usize> = BTreeSet::new();
        for k in &self.keys {
            if k.is_short() && !file {
                continue;
            }
            if !occurs(&tokens, &k.tokens) {
                continue;
            }
            // Longest in words: `Sở Tư pháp` and `Sở Nội vụ` weigh the same.
            let len = k.tokens.len();
            if len > best_len {
                best_len = len;
                best.clear();
            }
            if len == best_len {
                best.insert(k.agency);
            }
        }
        AgencyMatch::from_set(best)
    }
}

/// Whether `needle` occurs in `hay` as whole tokens, not right after `tỉnh` (a
/// province) or `Kính gửi` (a recipient).
fn occurs(hay: &[String], needle: &[String]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    (0..=hay.len() - needle.len()).any(|i| {
        hay[i..i + needle.len()] == *needle && {
            let prev = |back: usize| i.checked_sub(back).and_then(|j| hay.get(j)).map(String::as_str);
            let after_province = prev(1) == Some("tinh");
            let after_recipient = prev(1) == Some("gui") && prev(2) == Some("kinh");
            !after_province && !after_recipient
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AgencyConfig, AgencyKind, Config};

    fn default_agencies() -> Vec<AgencyConfig> {
        Config::default_config().agencies
    }

    fn index_of(agencies: &[AgencyConfig], name: &str) -> usize {
        agencies.iter().position(|a| a.name == name).unwrap()
    }

    fn agency(name: &str, code: &str, kind: AgencyKind, aliases: &[&str]) -> AgencyConfig {
        AgencyConfig {
            name: name.into(),
            code: code.into(),
            kind,
            addressee: crate::config::default_addressee(name, kind),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn agency_keys_expand_abbreviations() {
        let k = |s: &str| agency_tokens(s).join(" ");
        assert_eq!(k("Sở LĐ-TB&XH"), "so lao dong thuong binh xa hoi");
        assert_eq!(k("SỞ LAO ĐỘNG TB&XH"), "so lao dong thuong binh xa hoi");
        assert_eq!(k("Sở Lao động - Thương binh và Xã hội"), "so lao dong thuong binh xa hoi");
        assert_eq!(k("UBND huyện Bảo Thắng"), "huyen bao thang");
        assert_eq!(k("UBND TỈNH LÀO CAI"), "uy ban nhan dan tinh lao cai");
        assert_eq!(k("TX. Sa Pa"), "thi xa sa pa");
        assert_eq!(k("Sở KH&ĐT"), "so ke hoach dau tu");
        assert_eq!(k("Sở GTVT-XD"), "so giao thong van tai xay dung");
        assert_eq!(k("BQL KKT"), "ban quan ly khu kinh te");
        assert_eq!(k("H. Bắc Hà"), "huyen bac ha");
    }

    #[test]
    fn every_canonical_name_alias_and_code_of_the_default() {
        let agencies = default_agencies();
        let m = AgencyMatcher::new(&agencies);
        for (i, a) in agencies.iter().enumerate() {
            assert_eq!(m.match_name(&a.name), AgencyMatch::Unique(i), "{}", a.name);
            assert_eq!(m.match_name(&a.name.to_uppercase()), AgencyMatch::Unique(i), "{}", a.name);
            assert_eq!(
                m.find_in(&format!("BÁO CÁO CỦA {}", a.name.to_uppercase())),
                AgencyMatch::Unique(i),
                "{}",
                a.name
            );
            for alias in &a.aliases {
                assert_eq!(m.match_name(alias), AgencyMatch::Unique(i), "{alias}");
            }
            assert_eq!(m.find_in(&format!("BC_{}_T5_2023.xlsx", a.code)), AgencyMatch::Unique(i), "{}", a.code);
        }
    }

    #[test]
    fn domain_forms() {
        let agencies = default_agencies();
        let m = AgencyMatcher::new(&agencies);
        let ldtbxh = index_of(&agencies, "Sở Lao động - Thương binh và Xã hội");
        for s in ["Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH", "SỞ LAO ĐỘNG TB&XH", "Sở LĐ-TB&XH"]
        {
            assert_eq!(m.match_name(s), AgencyMatch::Unique(ldtbxh), "{s}");
        }
        let bt = index_of(&agencies, "Huyện Bảo Thắng");
        for s in [
            "UBND huyện Bảo Thắng",
            "Huyện Bảo Thắng",
            "Bảo Thắng",
            "UBND HUYỆN BẢO THẮNG",
            "bao thang",
            "H. Bảo Thắng",
        ] {
            assert_eq!(m.match_name(s), AgencyMatch::Unique(bt), "{s}");
        }
        let sp = index_of(&agencies, "Thị xã Sa Pa");
        for s in ["UBND thị xã Sa Pa", "TX Sa Pa", "TX. Sa Pa", "THỊ XÃ SA PA", "Ủy ban nhân dân thị xã Sa Pa"]
        {
            assert_eq!(m.match_name(s), AgencyMatch::Unique(sp), "{s}");
        }
        let tp = index_of(&agencies, "Thành phố Lào Cai");
        assert_eq!(m.match_name("UBND TP. Lào Cai"), AgencyMatch::Unique(tp));
        assert_eq!(m.match_name("Uỷ ban nhân dân thành phố Lào Cai"), AgencyMatch::Unique(tp));
        let stp = index_of(&agencies, "Sở Tư pháp");
        assert_eq!(m.match_name("Đơn vị báo cáo: Sở Tư pháp"), AgencyMatch::Unique(stp));
        assert_eq!(m.match_name("Đơn vị báo cáo: UBND huyện Bảo Thắng"), AgencyMatch::Unique(bt));
        assert_eq!(m.match_name("ĐƠN VỊ: UBND HUYỆN BẢO THẮNG"), AgencyMatch::Unique(bt));
        assert_eq!(m.find_in("Đơn vị báo cáo: UBND huyện Bảo Thắng"), AgencyMatch::Unique(bt));
        assert_eq!(m.match_name("Cơ quan: SỞ TƯ PHÁP"), AgencyMatch::Unique(stp));
        assert_eq!(m.match_name("Sở Tư pháp tỉnh Lào Cai"), AgencyMatch::Unique(stp));
        let bql = index_of(&agencies, "Ban Quản lý Khu kinh tế tỉnh");
        assert_eq!(m.match_name("BQL Khu kinh tế tỉnh Lào Cai"), AgencyMatch::Unique(bql));
        let khdt = index_of(&agencies, "Sở Kế hoạch và Đầu tư");
        assert_eq!(m.match_name("Sở Kế hoạch - Đầu tư"), AgencyMatch::Unique(khdt));
        assert_eq!(m.match_name("SỞ KH&ĐT"), AgencyMatch::Unique(khdt));
        let nnptnt = index_of(&agencies, "Sở Nông nghiệp và Phát triển nông thôn");
        assert_eq!(m.match_name("Sở NN và PTNT"), AgencyMatch::Unique(nnptnt));
        assert_eq!(m.match_name("SỞ NN&PTNT"), AgencyMatch::Unique(nnptnt));
        let gtvt = index_of(&agencies, "Sở Giao thông vận tải - Xây dựng");
        assert_eq!(m.match_name("Sở GTVT - XD"), AgencyMatch::Unique(gtvt));
        let vhtt = index_of(&agencies, "Sở Văn hóa và Thể thao");
        assert_eq!(m.match_name("Sở Văn hoá và Thể thao"), AgencyMatch::Unique(vhtt));
        assert_eq!(m.match_name("Sở Du lịch"), AgencyMatch::Unique(index_of(&agencies, "Sở Du lịch")));
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Sở Tư pháp").collect();
        assert_eq!(m.match_name(&nfd), AgencyMatch::Unique(stp));
    }

    #[test]
    fn no_match() {
        let m = AgencyMatcher::new(&default_agencies());
        for s in [
            "UBND TỈNH LÀO CAI",
            "Lào Cai",
            "Sở Xây dựng",
            "",
            "Sở",
            "Ủy ban nhân dân",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ] {
            assert_eq!(m.match_name(s), AgencyMatch::None, "{s}");
            assert_eq!(m.find_in(s), AgencyMatch::None, "{s}");
        }
        // A short code is not a name in prose.
        assert_eq!(m.match_name("BT"), AgencyMatch::None);
        assert_eq!(m.find_in("Báo cáo BT tháng 5"), AgencyMatch::None);
        assert_eq!(m.match_name("VP"), AgencyMatch::None);
        assert_eq!(m.find_in("Văn phòng HĐND tỉnh"), AgencyMatch::None);
        assert_eq!(m.find_in("Lào Cai, ngày 18 tháng 5 năm 2023"), AgencyMatch::None);
    }

    #[test]
    fn find_in_titles_and_file_names() {
        let agencies = default_agencies();
        let m = AgencyMatcher::new(&agencies);
        let stp = index_of(&agencies, "Sở Tư pháp");
        assert_eq!(
            m.find_in("BÁO CÁO CỦA SỞ TƯ PHÁP VỀ KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI THIỆN CHỈ SỐ PAPI"),
            AgencyMatch::Unique(stp)
        );
        assert_eq!(m.find_in("BC_T5_2023_So_Tu_Phap.xlsx"), AgencyMatch::Unique(stp));
        assert_eq!(m.find_in("STP_thang5.xlsx"), AgencyMatch::Unique(stp));
        assert_eq!(m.find_in("inputs/2023-05/SoTuPhap.xlsx"), AgencyMatch::Unique(stp));
        assert_eq!(m.find_in("Sở Tư pháp tỉnh Lào Cai"), AgencyMatch::Unique(stp));
        let bt = index_of(&agencies, "Huyện Bảo Thắng");
        assert_eq!(m.find_in("UBND HUYỆN BẢO THẮNG"), AgencyMatch::Unique(bt));
        assert_eq!(m.find_in("Bảo Thắng, ngày 18 tháng 5 năm 2023"), AgencyMatch::Unique(bt));
        assert_eq!(m.find_in("BC_BT_T5.xlsx"), AgencyMatch::Unique(bt));
        assert_eq!(m.find_in("bao cao thang 5 - Bao Thang.xls"), AgencyMatch::Unique(bt));
        let mk = index_of(&agencies, "Huyện Mường Khương");
        assert_eq!(m.find_in("MK-T5-2023.xlsx"), AgencyMatch::Unique(mk));
        let ldtbxh = index_of(&agencies, "Sở Lao động - Thương binh và Xã hội");
        assert_eq!(m.find_in("BÁO CÁO SỞ LAO ĐỘNG TB&XH THÁNG 5"), AgencyMatch::Unique(ldtbxh));
        // The recipient is not the reporter.
        assert_eq!(m.find_in("Kính gửi: Sở Nội vụ"), AgencyMatch::None);
        let snv = index_of(&agencies, "Sở Nội vụ");
        assert_eq!(m.find_in("Báo cáo gửi Sở Nội vụ"), AgencyMatch::Unique(snv));
        // Two agencies of the same length: refuse to guess.
        assert_eq!(m.find_in("Sở Tư pháp và Sở Nội vụ"), AgencyMatch::Ambiguous(vec![snv, stp]));
        // The longest name wins.
        let vp = index_of(&agencies, "Văn phòng UBND tỉnh");
        assert_eq!(m.find_in("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH LÀO CAI"), AgencyMatch::Unique(vp));
    }

    #[test]
    fn ambiguity_and_province() {
        let agencies = vec![
            agency("Sở Văn hóa và Thể thao", "SVHTT", AgencyKind::Province, &["Sở Văn hóa"]),
            agency("Sở Du lịch", "SDL", AgencyKind::Province, &["Sở Văn hóa"]),
            agency("Thành phố Lào Cai", "TPLC", AgencyKind::District, &["Lào Cai"]),
        ];
        let m = AgencyMatcher::new(&agencies);
        assert_eq!(m.match_name("Sở Văn hóa"), AgencyMatch::Ambiguous(vec![0, 1]));
        assert_eq!(m.find_in("Báo cáo của Sở Văn hoá tháng 5"), AgencyMatch::Ambiguous(vec![0, 1]));
        assert_eq!(m.match_name("Sở Văn hóa và Thể thao"), AgencyMatch::Unique(0));
        assert_eq!(m.find_in("BÁO CÁO CỦA SỞ VĂN HÓA VÀ THỂ THAO"), AgencyMatch::Unique(0));
        assert_eq!(m.match_name("Sở Du lịch"), AgencyMatch::Unique(1));
        // The province is not the city of the same name.
        assert_eq!(m.match_name("UBND TỈNH LÀO CAI"), AgencyMatch::None);
        assert_eq!(m.find_in("UBND TỈNH LÀO CAI"), AgencyMatch::None);
        assert_eq!(m.match_name("Lào Cai"), AgencyMatch::Unique(2));
        assert_eq!(m.match_name("UBND TP LÀO CAI"), AgencyMatch::Unique(2));
        assert_eq!(m.find_in("UBND THÀNH PHỐ LÀO CAI"), AgencyMatch::Unique(2));
    }

    #[test]
    fn empty_configuration() {
        let m = AgencyMatcher::new::<AgencyConfig>(&[]);
        assert_eq!(m.match_name("Sở Tư pháp"), AgencyMatch::None);
        assert_eq!(m.find_in("Sở Tư pháp"), AgencyMatch::None);
    }
}
